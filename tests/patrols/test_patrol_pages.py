"""The patrol's pages through their forms: CSRF, photos checked before anything is saved, flags shown."""
from __future__ import annotations

import io
import re

import pytest

from tests import images
from tests.conftest import PASSWORD
from tests.patrols.conftest import event_types, photo


def form(**fields: str) -> dict[str, str]:
    base = {"action": "seized", "violation": "1", "lat": "21.9751", "lon": "106.7049", "accuracy": "8",
            "person-0-name": "Hoàng Văn A", "person-0-id_type": "cccd", "person-0-id_number": "020095001234",
            "person-0-nationality": "VNM", "vehicles": "12B1-234.56",
            "goods-0-description": "Sữa bột trẻ em", "goods-0-kind": "infant_formula", "goods-0-quantity": "24",
            "goods-0-unit": "hộp", "goods-0-value_vnd": "14.400.000"}
    return {**base, **fields}


def start_patrol(auth) -> str:
    response = auth.post("/patrols/start", {"team": "Nguyễn Văn Hùng\nLò Văn Tú", "note": "Mốc 1119–1120"})
    assert response.status_code == 302
    return response.headers["Location"].rsplit("/", 1)[-1]


def log(auth, patrol_id: str, files: list[tuple[bytes, str]], **fields: str):
    data = {**form(**fields), "photos": [(io.BytesIO(d), n) for d, n in files]}
    return auth.post(f"/patrols/{patrol_id}/interceptions/new", data, content_type="multipart/form-data")


def test_a_patrol_logs_tags_hands_over_and_records_through_the_pages(client, auth, db):
    auth.login("patrol1")
    assert 'id="nav-patrols"' in client.get("/patrols/").get_data(as_text=True)
    patrol_id = start_patrol(auth)
    page = client.get(f"/patrols/{patrol_id}").get_data(as_text=True)
    assert 'id="tracker"' in page and "patrol.js" in page and "Nguyễn Văn Hùng" in page

    label = photo("EV-label")
    response = log(auth, patrol_id, [(label, "hang.png")])
    assert response.status_code == 302
    interception_id = response.headers["Location"].rsplit("/", 1)[-1]
    page = client.get(f"/patrols/interceptions/{interception_id}").get_data(as_text=True)
    assert "020095001234" in page and "14.400.000 ₫" in page and "Mốc 1119–1120" in page
    tag = re.search(r"EV-[0-9A-F]{10}", page)[0]
    sha = re.search(rf"/patrols/interceptions/{interception_id}/photos/([0-9a-f]{{64}})", page)[1]
    assert client.get(f"/patrols/interceptions/{interception_id}/photos/{sha}").data == label

    labels = client.get(f"/patrols/interceptions/{interception_id}/tags").get_data(as_text=True)
    assert labels.count('<svg class="qr"') == 1 and tag in labels

    # The interception page leads to the hand-over; the receiver (the post's leader) counts 21 of 24 on the
    # patrol's tablet, with their own password.
    assert f'href="/custody/cases/{interception_id}"' in page
    response = auth.post(f"/custody/cases/{interception_id}/handover", {
        "to_stage": "station", "receiver": "super1", "place": "Đồn BP Hữu Nghị", f"handed-{tag}": "24"})
    assert response.status_code == 303
    offer_id = db.execute("SELECT event FROM handovers WHERE tag = ?", [tag]).fetchone()[0]
    response = auth.post(f"/custody/handovers/{offer_id}", {
        "received": "21", "seal": "BP-0042", "password": PASSWORD, "photo": (io.BytesIO(label), "seal.png")},
        content_type="multipart/form-data")
    assert response.status_code == 303
    page = client.get(f"/patrols/interceptions/{interception_id}").get_data(as_text=True)
    assert 'id="custody-flag"' in page
    assert "nhận 21 hộp, trong khi số được bàn giao là 24" in page
    evidence = client.get(f"/patrols/evidence/{tag}", follow_redirects=True).get_data(as_text=True)
    assert "nhận 21 hộp, trong khi số được bàn giao là 24" in evidence and "Đồn BP Hữu Nghị" in evidence

    record_page = client.get(f"/patrols/interceptions/{interception_id}/record").get_data(as_text=True)
    assert 'value="001/BB-VPHC"' in record_page and 'value="Hoàng Văn A"' in record_page
    values = dict(re.findall(r'<input name="(\w+)" maxlength="4000" value="([^"]*)"', record_page))
    values.update({"act": "Vận chuyển 24 hộp sữa bột qua đường mòn", "number": "017/BB-VPHC"})
    assert auth.post(f"/patrols/interceptions/{interception_id}/record", values).status_code == 302
    pdf = client.get(f"/patrols/interceptions/{interception_id}/record.pdf")
    assert pdf.status_code == 200 and pdf.data.startswith(b"%PDF")
    assert 'filename="bien-ban-017-BB-VPHC.pdf"' in pdf.headers["Content-Disposition"]

    day_map = client.get("/patrols/map").get_data(as_text=True)
    assert day_map.count('class="map-flagged"') == 1 and day_map.count('class="map-marker"') == 2


def test_an_unreadable_photo_or_a_wrong_id_saves_nothing_and_says_why(client, auth, db):
    auth.login("patrol1")
    auth.post("/lang/en", {"next": "/"})
    patrol_id = start_patrol(auth)
    before = event_types(db)
    response = log(auth, patrol_id, [(photo(), "good.png"), (b"\xff\xd8\xff\xe0 not a jpeg", "broken.jpg")])
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert "broken.jpg is not a photo that can be read (JPEG, PNG, WebP, TIFF or BMP)." in page
    assert 'value="Sữa bột trẻ em"' in page  # what was typed is still there to correct
    response = log(auth, patrol_id, [(photo(), "good.png")], **{"person-0-id_number": "0200950012"})
    assert response.status_code == 422
    assert "Person 1, ID number: expected exactly 12 digits" in response.get_data(as_text=True)
    response = log(auth, patrol_id, [], **{"goods-0-quantity": "-24"})
    assert "Goods line 1, quantity: must be a positive number" in response.get_data(as_text=True)
    assert event_types(db) == before
    assert list(db.execute("SELECT COUNT(*) FROM interceptions"))[0][0] == 0


@pytest.mark.parametrize(("user", "status"), [("super1", 403), ("officer1", 403)])
def test_only_patrols_write_and_only_the_gates_supervisors_look(client, auth, user, status):
    auth.login("patrol1")
    patrol_id = start_patrol(auth)
    response = log(auth, patrol_id, [(images.png(images.barcode("8934588012228")), "nhan.png")])
    interception_id = response.headers["Location"].rsplit("/", 1)[-1]
    auth.logout()
    auth.login(user)
    assert client.get(f"/patrols/interceptions/{interception_id}").status_code == (200 if user == "super1" else 403)
    assert auth.post(f"/patrols/{patrol_id}/end").status_code == status


def field_error(page: str, name: str) -> str | None:
    """The error shown beside the input `name`, in its label (or after it)."""
    match = re.search(rf'name="{re.escape(name)}"[^>]*>(?:[^<]*</textarea>|\s*</select>)?\s*'
                      r'<span class="field-error" role="alert">([^<]+)</span>', page)
    return match[1] if match else None


@pytest.mark.parametrize(("fields", "name", "message"), [
    ({"person-1-name": "Lý Thị B", "person-1-id_number": "0203010045", "person-1-nationality": "VNM"},
     "person-1-id_number", "Person 2, ID number: expected exactly 12 digits"),
    ({"goods-0-quantity": "1,250"}, "goods-0-quantity", None),
    ({"goods-0-unit": ""}, "goods-0-unit", "Goods line 1, unit: 1 to 20 characters"),
    ({"person-0-nationality": "VN"}, "person-0-nationality",
     "Person 1, nationality: three-letter code such as VNM or CHN"),
    ({"vehicles": "X" * 30}, "vehicles", "vehicles: too long"),
])
def test_a_refused_interception_comes_back_422_with_the_error_beside_its_field(auth, db, fields, name, message):
    auth.login("patrol1")
    auth.post("/lang/en", {"next": "/"})
    patrol_id = start_patrol(auth)
    response = log(auth, patrol_id, [], **fields)
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    beside = field_error(page, name)
    assert beside is not None and (message is None or beside == message)
    assert 'class="flash error"' not in page  # said once, where it is to be corrected
    for key, value in {**form(), **fields}.items():
        if key in ("action", "violation", "lat", "lon", "accuracy") or key.endswith("id_type") or key.endswith("kind"):
            continue
        assert (f'value="{value}"' if key != "vehicles" else f">{value}</textarea>") in page, key


def test_a_refused_record_keeps_what_was_typed_beside_the_error(auth, db):
    auth.login("patrol1")
    auth.post("/lang/en", {"next": "/"})
    patrol_id = start_patrol(auth)
    interception_id = log(auth, patrol_id, []).headers["Location"].rsplit("/", 1)[-1]
    response = auth.post(f"/patrols/interceptions/{interception_id}/record",
                         {"number": "", "statement": "Tôi chở thuê."})
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert field_error(page, "number") == "Record number: required"
    assert "Tôi chở thuê.</textarea>" in page


def test_the_patrol_page_asks_once_for_its_own_and_every_interception_s_sent_mark(auth, monkeypatch):
    from checkpoint import sync

    auth.login("patrol1")
    patrol_id = start_patrol(auth)
    interceptions = {log(auth, patrol_id, []).headers["Location"].rsplit("/", 1)[-1] for _ in range(3)}
    asked: list[list[str]] = []
    real = sync.sent

    def counted(db, subjects):
        asked.append(list(subjects))
        return real(db, subjects)
    monkeypatch.setattr(sync, "sent", counted)
    page = auth.client.get(f"/patrols/{patrol_id}").get_data(as_text=True)
    assert len(asked) == 1 and set(asked[0]) == {patrol_id, *interceptions}
    assert page.count('class="sync waiting"') == 4

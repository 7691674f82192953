"""Custody that cannot lose goods: a hand-over waits for the receiver, who confirms on their own account with a seal,
a photo and what they counted; differences reach the leaders' list; the warehouse counts every tag; disposal only
on a decision on the goods' fate."""
from __future__ import annotations

import html
import io
import re
from datetime import date
from typing import Any

import cv2
import numpy as np

from checkpoint import patrols, seizures, users
from checkpoint.patrols import custody
from tests.conftest import PASSWORD
from tests.test_seizure_gate import MILK_LINE, gate_seizure


def photo() -> tuple[io.BytesIO, str]:
    image = np.full((300, 400, 3), 200, np.uint8)
    cv2.putText(image, "SEAL 0042", (10, 150), cv2.FONT_HERSHEY_SIMPLEX, 1, (0, 0, 0), 2)
    return io.BytesIO(cv2.imencode(".jpg", image)[1].tobytes()), "received.jpg"


def tagged_case(db: Any) -> tuple[str, str]:
    case_id = gate_seizure(db)
    seizures.tag(db, case_id, seizures.parse_lines([MILK_LINE], 50), author="officer1")
    users.create(db, "officer3", "officer", PASSWORD, "HUU_NGHI")
    return case_id, seizures.goods_of(db, case_id)[0]["tag"]


def text_of(page: str) -> str:
    return html.unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", page)))


def offer(auth: Any, case_id: str, tag: str, to_stage: str, receiver: str, handed: str = "120") -> Any:
    return auth.post(f"/custody/cases/{case_id}/handover", {"to_stage": to_stage, "receiver": receiver,
                                                            "place": "Trạm Hữu Nghị", f"handed-{tag}": handed})


def confirm(auth: Any, db: Any, tag: str, **fields: Any) -> Any:
    offer_id = db.execute("SELECT event FROM handovers WHERE tag = ? AND confirmed_utc IS NULL", [tag]).fetchone()[0]
    return auth.post(f"/custody/handovers/{offer_id}", {"received": "120", "seal": "HQ-0042", "photo": photo(),
                                                        **fields}, content_type="multipart/form-data")


def test_goods_stay_with_the_giver_until_the_receiver_confirms_on_their_own_account(app, db, auth):
    case_id, tag = tagged_case(db)
    auth.login("officer1")
    auth.post("/lang/en", {"next": "/"})
    assert offer(auth, case_id, tag, "station", "officer3").status_code == 303
    assert custody.chain_by_tag(db, tag).stage == "patrol" and custody.chain_by_tag(db, tag).pending
    # The giver cannot confirm for the receiver without the receiver's password: the form comes back, input kept.
    refused = confirm(auth, db, tag, received="118", password="wrong password")
    assert refused.status_code == 422
    assert "not the receiver's password" in text_of(refused.get_data(as_text=True))
    assert 'value="118"' in refused.get_data(as_text=True)
    assert custody.chain_by_tag(db, tag).stage == "patrol"
    # The receiver types their own password on the giver's tablet, and counts 118.
    assert confirm(auth, db, tag, received="118", password=PASSWORD).status_code == 303
    chain = custody.chain_by_tag(db, tag)
    assert (chain.stage, chain.held, chain.pending) == ("station", 118, None)
    assert [(d.kind, d.expected, d.found) for d in chain.discrepancies] == [("received_differs", 120, 118)]
    event = db.execute("SELECT author, payload FROM events WHERE type = 'custody.handover_confirmed'").fetchone()
    assert event[0] == "officer3" and '"seal":"HQ-0042"' in event[1]


def test_a_difference_is_on_the_leaders_list(app, db, auth):
    case_id, tag = tagged_case(db)
    auth.login("officer1")
    auth.post("/lang/en", {"next": "/"})
    offer(auth, case_id, tag, "station", "officer3")
    confirm(auth, db, tag, received="100", password=PASSWORD)
    auth.logout()
    auth.login("super1")
    auth.post("/lang/en", {"next": "/"})
    page = text_of(auth.client.get("/custody/discrepancies").get_data(as_text=True))
    assert f"{tag}" in page and "100 hộp received of 120 handed over to Unit's office" in page
    assert "Perishable goods held" in page and "20/03/2026" in page


def test_the_giver_cannot_name_themselves_the_receiver_and_a_second_offer_waits(app, db, auth):
    case_id, tag = tagged_case(db)
    auth.login("officer1")
    auth.post("/lang/en", {"next": "/"})
    same = offer(auth, case_id, tag, "station", "officer1")
    assert same.status_code == 422 and "the receiver is another person than the giver" in same.get_data(as_text=True)
    offer(auth, case_id, tag, "station", "officer3")
    again = offer(auth, case_id, tag, "warehouse", "super1")
    assert again.status_code == 409 or again.status_code == 422


def test_the_stock_take_counts_every_tag_and_flags_a_difference(app, db, auth):
    case_id, tag = tagged_case(db)
    auth.login("officer3")
    auth.post("/lang/en", {"next": "/"})
    offer(auth, case_id, tag, "warehouse", "officer1")
    auth.logout()
    auth.login("officer1")
    auth.post("/lang/en", {"next": "/"})
    assert confirm(auth, db, tag).status_code == 303
    missing = auth.post("/custody/warehouse", {})
    assert missing.status_code == 422 and "count every tag in the warehouse" in missing.get_data(as_text=True)
    assert auth.post("/custody/warehouse", {f"counted-{tag}": "110"}).status_code == 303
    chain = custody.chain_by_tag(db, tag)
    assert [(d.kind, d.expected, d.found) for d in chain.discrepancies] == [("count_differs", 120, 110)]


def test_disposal_waits_for_a_decision_on_the_goods_fate(app, db, auth):
    case_id, tag = tagged_case(db)
    auth.login("officer1")
    auth.post("/lang/en", {"next": "/"})
    refused = offer(auth, case_id, tag, "disposal", "officer3")
    assert refused.status_code == 409
    assert "only on a decision on their fate" in refused.get_data(as_text=True)
    assert not custody.chain_by_tag(db, tag).pending


def test_the_case_page_leads_to_the_record_and_the_goods(app, db, auth):
    case_id, tag = tagged_case(db)
    auth.login("officer1")
    auth.post("/lang/en", {"next": "/"})
    page = auth.client.get(f"/cases/{case_id}").get_data(as_text=True)
    assert f"/custody/cases/{case_id}/record" in page and f"/custody/cases/{case_id}" in page
    record = auth.client.get(f"/custody/cases/{case_id}/record").get_data(as_text=True)
    assert "001/BB-VPHC" in record and "Hải quan cửa khẩu quốc tế Hữu Nghị" in record
    tags = auth.client.get(f"/custody/cases/{case_id}/tags").get_data(as_text=True)
    assert tag in tags and "<svg" in tags


def test_a_patrols_record_is_issued_by_the_post_in_the_officers_name(app, db, auth):
    users.update(db, "patrol1", role="patrol", gate="HUU_NGHI", full_name="Hoàng Văn Nam", rank="Trung úy")
    patrol = patrols.start(db, "HUU_NGHI", ["Hoàng Văn Nam"], author="patrol1", tz="Asia/Ho_Chi_Minh")
    new = patrols.parse_interception({"action": "seized", "violation": 1, "persons": [
        {"name": "WANG LEI", "id_type": "passport", "id_number": "E12345678", "nationality": "CHN"}],
        "goods": [{"description": "Thuốc lá điếu Jet", "kind": "cigarettes", "quantity": "50", "unit": "cây"}]},
        date(2026, 3, 2))
    interception = patrols.log_interception(db, patrol, new, author="patrol1", tz="Asia/Ho_Chi_Minh")
    auth.login("patrol1")
    page = auth.client.get(f"/patrols/interceptions/{interception}/record").get_data(as_text=True)
    assert 'value="Đồn Biên phòng cửa khẩu quốc tế Hữu Nghị"' in page
    assert 'value="Trung úy Hoàng Văn Nam"' in page


def test_a_gate_tag_opened_at_the_patrols_address_shows_its_chain(app, db, auth):
    _case_id, tag = tagged_case(db)
    auth.login("super1")
    answer = auth.client.get(f"/patrols/evidence/{tag}")
    assert answer.status_code == 302 and answer.headers["Location"].endswith(f"/custody/evidence/{tag}")
    assert tag in auth.client.get(f"/custody/evidence/{tag}").get_data(as_text=True)


def test_an_offer_to_the_wrong_receiver_is_taken_back_with_a_reason_by_its_giver_only(app, db, auth):
    case_id, tag = tagged_case(db)
    auth.login("officer1")
    auth.post("/lang/en", {"next": "/"})
    offer(auth, case_id, tag, "station", "officer3")
    offer_id = db.execute("SELECT event FROM handovers WHERE tag = ?", [tag]).fetchone()[0]
    auth.logout()
    auth.login("patrol1")
    auth.post("/lang/en", {"next": "/"})
    other = auth.post(f"/custody/handovers/{offer_id}/withdraw", {"reason": "wrong receiver"})
    assert other.status_code == 422 and "only the giver or a leader" in text_of(other.get_data(as_text=True))
    auth.logout()
    auth.login("officer1")
    auth.post("/lang/en", {"next": "/"})
    unsaid = auth.post(f"/custody/handovers/{offer_id}/withdraw", {"reason": ""})
    assert unsaid.status_code == 422
    assert auth.post(f"/custody/handovers/{offer_id}/withdraw", {"reason": "người nhận nhầm"}).status_code == 303
    assert custody.chain_by_tag(db, tag).pending is None
    assert offer(auth, case_id, tag, "station", "super1").status_code == 303


def test_the_receiver_is_told_on_every_page_what_waits_for_their_confirmation(app, db, auth):
    case_id, tag = tagged_case(db)
    auth.login("officer1")
    offer(auth, case_id, tag, "station", "officer3")
    assert 'id="nav-handovers"' not in auth.client.get("/").get_data(as_text=True)  # the giver waits on nobody
    auth.logout()
    auth.login("officer3")
    auth.post("/lang/en", {"next": "/"})
    page = auth.client.get("/cases").get_data(as_text=True)
    assert "To receive (1)" in text_of(page) and 'href="/custody/handovers"' in page
    assert confirm(auth, db, tag).status_code == 303
    assert 'id="nav-handovers"' not in auth.client.get("/").get_data(as_text=True)

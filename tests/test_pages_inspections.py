"""Finding any inspection (open ones of every day, search), refused forms answered beside their field with the
input kept, and the values on the inspection screen written the way officers read and type them."""
from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date, timedelta
from pathlib import Path

import pytest
from flask import Flask, session
from hypothesis import given
from hypothesis import strategies as st

from checkpoint import inspections, pipeline, sync
from checkpoint.clock import local_today
from checkpoint.inspections import search_key
from checkpoint.web.formatting import as_typed, hs_dotted, shown
from ocr.normalise import parse_hs_code
from tests.ledger.conftest import HubServer
from tests.test_inspection_flow import event_count, start_inspection
from tests.test_pages_plain_words import new_inspection, read_papers

NO_PHOTO = "Xe rỗng, không có hàng để chụp"


def rows(page: str, table: int = 0) -> list[str]:
    """The vehicles of a list's rows, in order (the `table`-th list of the page)."""
    tables = re.findall(r'<table class="list inspections">(.*?)</table>', page, re.S)
    return re.findall(r'class="row-link"[^>]*>([^<]*)</a>', tables[table]) if len(tables) > table else []


def test_open_inspections_of_every_day_are_listed_and_a_decided_one_only_on_its_day(app, client, auth, db):
    auth.login()
    earlier = new_inspection(db, app, ("20C-456.78",), days_ago=3)
    decided_earlier = new_inspection(db, app, ("20C-111.11",), days_ago=2)
    inspections.record_verdict(db, decided_earlier, "cleared", "", author="officer1", no_photo_reason=NO_PHOTO)
    today = start_inspection(auth, plates="12C-123.45")
    decided = start_inspection(auth, plates="12C-999.01")
    assert auth.post(f"/inspections/{decided}/verdict", {"verdict": "cleared", "no_photo_reason": NO_PHOTO}
                     ).status_code == 302

    page = client.get("/").get_data(as_text=True)
    assert rows(page, 0) == ["12C-123.45", "20C-456.78"]  # open, newest first, whatever their day
    assert rows(page, 1) == ["12C-999.01"]  # decided today
    assert "20C-111.11" not in page
    assert page.count('class="sync waiting"') == 3 and "chờ gửi" in page
    assert "Cho qua: không phát hiện vi phạm" in page
    assert {today, earlier} <= {i["uuid"] for i in inspections.still_open(db, ["HUU_NGHI"])}
    assert inspections.still_open(db, ["CHI_MA"]) == []


def test_a_row_says_sent_once_headquarters_acknowledged_it(app, client, auth, db, tmp_path: Path):
    auth.login()
    start_inspection(auth, plates="12C-123.45")
    hub = HubServer(str(tmp_path / "hub.db"), tmp_path / "hub_key")
    try:
        sync.run(db, hub.url, app.config["EVIDENCE_DIR"], hub_public_key=hub.public_key)
    finally:
        hub.stop()
    start_inspection(auth, plates="29A-1234")  # started after the sync: not yet at headquarters
    page = client.get("/").get_data(as_text=True)
    assert re.search(r'29A-1234</a>.*?class="sync waiting"', page, re.S)
    assert re.search(r'12C-123.45</a>.*?class="sync sent">đã gửi', page, re.S)


@pytest.fixture
def papers(app: Flask, db) -> dict[str, str]:
    """Three inspections of one gate: two with papers naming HOÀNG LONG (one three days ago), one without."""
    ids = {"today": new_inspection(db, app, ("12C-123.45",)), "earlier": new_inspection(db, app, ("29A-888.88",),
                                                                                          days_ago=3),
           "bare": new_inspection(db, app, ("20C-456.78",))}
    read_papers(app, ids["today"])
    read_papers(app, ids["earlier"])
    return ids


@pytest.mark.parametrize(("query", "found"), [
    ("q=12c12345", ["12C-123.45"]),  # a plate typed without its separators
    ("q=csqu3054383", ["20C-456.78", "12C-123.45", "29A-888.88"]),  # every one has that container
    ("q=hoang+long", ["12C-123.45", "29A-888.88"]),  # a party on the papers, without diacritics
    ("q=HOÀNG+LONG", ["12C-123.45", "29A-888.88"]),
    ("q=凭祥市鸿运", ["12C-123.45", "29A-888.88"]),  # the seller's name printed in Chinese
    ("q=0100233488", ["12C-123.45", "29A-888.88"]),  # the buyer's tax code
    ("q=hoang+long&day=DAY3", ["29A-888.88"]),
    ("day=DAY3", ["29A-888.88"]),
    ("q=nobody", []),
])
def test_search_by_plate_container_party_and_day(app, client, auth, papers, query, found):
    auth.login()
    three_days_ago = local_today(app.config["TIMEZONE"]) - timedelta(days=3)
    page = client.get("/?" + query.replace("DAY3", f"{three_days_ago:%d/%m/%Y}")).get_data(as_text=True)
    assert rows(page) == found
    assert f"Tìm thấy {len(found)} lượt kiểm tra" in page


def test_another_gates_inspections_are_never_found(app, client, auth, papers):
    auth.login("officer2")  # Chi Ma
    assert rows(client.get("/?q=hoang+long").get_data(as_text=True)) == []


def test_a_day_that_is_no_date_is_answered_beside_its_field(client, auth):
    auth.login()
    response = client.get("/?q=12C&day=31/02/2025")
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert re.search(r'has-error">Ngày \(dd/mm/yyyy\)<input name="day" value="31/02/2025"[^>]*autofocus', page)
    assert 'class="field-error"' in page and 'value="12C"' in page


def test_a_refused_verdict_comes_back_beside_its_field_with_everything_typed(app, client, auth, db):
    auth.login()
    inspection_id = start_inspection(auth)
    before = event_count(db)
    response = auth.post(f"/inspections/{inspection_id}/verdict", {
        "verdict": "seized", "note": "Hàng không có hóa đơn", "goods_value_vnd": "125.000.000",
        "confiscated": "1"})
    page = response.get_data(as_text=True)
    assert response.status_code == 422 and event_count(db) == before
    # Beside the violation type, which is focused (and so scrolled into view); the band says something is wrong.
    assert re.search(r'<fieldset class="subtypes has-error" id="subtype">\s*<legend>Loại vi phạm</legend>\s*'
                     r'<span class="field-error"', page)
    assert "hãy chọn loại vi phạm khi tạm giữ hoặc chuyển xử lý" in page
    assert "Chưa ghi được: xem chỗ được đánh dấu bên dưới." in page
    assert re.search(r'value="seized" form="verdict-form" required checked', page)
    assert ">Hàng không có hóa đơn</textarea>" in page
    assert 'name="goods_value_vnd" inputmode="numeric" value="125.000.000"' in page
    assert 'name="confiscated" value="1" checked' in page
    assert '<details class="case" open>' in page

    response = auth.post(f"/inspections/{inspection_id}/verdict", {"note": "không chọn"})
    assert response.status_code == 422 and "Hãy chọn kết luận." in response.get_data(as_text=True)
    response = auth.post(f"/inspections/{inspection_id}/verdict", {
        "verdict": "seized", "note": "", "subtype": "smuggling", "focus_group": "cigarettes", "goods_value_vnd": "-5"})
    assert response.status_code == 422
    assert re.search(r'has-error">Trị giá hàng hóa \(VND\)<input name="goods_value_vnd" inputmode="numeric" '
                     r'value="-5" autofocus><span class="field-error"', response.get_data(as_text=True))
    assert auth.post(f"/inspections/{inspection_id}/verdict", {
        "verdict": "seized", "note": "", "subtype": "smuggling", "focus_group": "cigarettes",
        "no_photo_reason": NO_PHOTO}).status_code == 302


def test_a_refused_field_correction_keeps_what_was_typed_beside_the_field(app, client, auth, db):
    auth.login()
    inspection_id = start_inspection(auth)
    read_papers(app, inspection_id)
    sha = db.execute("SELECT sha256 FROM photos WHERE filename = 'hoa-don.png'").fetchone()[0]
    response = auth.post(f"/inspections/{inspection_id}/photos/{sha}/fields/invoice_date", {"value": "31/02/2025"})
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert re.search(r'<input name="value" value="31/02/2025" aria-label="Ngày hóa đơn" autofocus>', page)
    # The invoice date was read surely: its fold is opened to show the error.
    assert re.search(r'<details class="sure" open>', page)


def test_a_refused_new_inspection_keeps_its_fields(client, auth):
    auth.login()
    response = auth.post("/inspections/new", {"direction": "sideways", "plates": "12C-123.45",
                                              "declared_goods": "Sữa bột"})
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "12C-123.45</textarea>" in page and "Sữa bột</textarea>" in page
    assert re.search(r'</label>\s*<span class="field-error" role="alert">phải là nhập khẩu hoặc xuất khẩu', page)


@pytest.mark.parametrize(("value", "field", "lang", "words"), [
    ("04022120", "hs_code", "vi", "0402.21.20"), (["040221", "1901"], "hs_codes", "en", "0402.21, 1901"),
    (12500.0, "total_amount", "vi", "12.500 USD"), (12500.5, "total_amount", "en", "12,500.5 USD"),
    (11250.5, "gross_weight_kg", "vi", "11.250,5 kg"), (1200.0, "quantity", "vi", "1.200"),
    ("2025-03-05", "invoice_date", "en", "05/03/2025"), (False, "third_party_invoicing", "vi", "✗"),
    (None, "seller_name", "vi", "—"), ({"hs_code": "04022120", "unit": "BOX"}, "item", "en", "HS code: 0402.21.20 · Unit: BOX"),
])
def test_a_value_as_the_officer_reads_it(app: Flask, value, field, lang, words):
    with page_in(app, lang):
        assert shown(value, field, "USD") == words


@contextmanager
def page_in(app: Flask, lang: str) -> Iterator[None]:
    """A request of a page in `lang`, as the language button leaves it in the session."""
    with app.test_request_context():
        session["lang"] = lang
        yield


HS = st.integers(min_value=2, max_value=5).flatmap(lambda n: st.text("0123456789", min_size=2 * n, max_size=2 * n))


@given(HS)
def test_a_dotted_hs_code_reads_back_as_its_digits(code):
    assert parse_hs_code(hs_dotted(code)) == code
    assert hs_dotted(code).replace(".", "") == code


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_a_value_offered_for_correction_is_read_back_as_it_was(app: Flask, lang):
    @given(st.one_of(st.floats(min_value=0, max_value=1e9, allow_nan=False).map(lambda f: round(f, 3)),
                     st.integers(min_value=0, max_value=10**9).map(float)))
    def numbers(number: float) -> None:
        assert pipeline.typed_value("total_amount", as_typed(number, "total_amount"), 1.0) == number

    @given(st.dates(min_value=date(1990, 1, 1), max_value=date(2100, 12, 31)))
    def dates(day: date) -> None:
        assert pipeline.typed_value("issue_date", as_typed(day.isoformat(), "issue_date"), "") == day.isoformat()

    with page_in(app, lang):
        numbers()
        dates()


LETTERS = st.text(st.sampled_from("aăâbcdđeêghiklmnoôơpqrstuưvxyAĂÂĐÊÔƠƯ áàảãạấầẩẫậéèẻẽẹíìỉĩịóòỏõọúùủũụýỳỷỹỵ0123456789-.·"),
                  max_size=40)


@given(LETTERS, LETTERS, LETTERS)
def test_a_search_key_ignores_case_marks_and_separators(before, middle, after):
    assert search_key(middle) in search_key(before + middle + after)
    assert search_key(middle.upper()) == search_key(middle.lower()) == search_key(search_key(middle))
    assert search_key(middle).isascii()

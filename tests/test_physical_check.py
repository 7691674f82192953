"""A physical check of the goods is a step of the inspection with its own result, never its verdict (#18): the
truck checked stays open until the officer lets it pass, holds or seizes it."""
from __future__ import annotations

import html
import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from checkpoint import inspections
from checkpoint.errors import InspectionClosed, InvalidInput
from tests.test_approvals import checked, verdict_of
from tests.test_inspection_flow import start_inspection


def text_of(page: str) -> str:
    return html.unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", page)))


def test_a_check_that_finds_a_difference_is_logged_and_leaves_the_inspection_open(db):
    inspection = checked(db, "yellow")
    inspections.record_physical_check(db, inspection, "differs", "  48 thùng, khai 40 thùng ", author="officer1")
    assert verdict_of(db, inspection) is None
    [found] = inspections.get(db, inspection)["physical_checks"]
    assert (found["result"], found["note"], found["author"]) == ("differs", "48 thùng, khai 40 thùng", "officer1")
    inspections.record_physical_check(db, inspection, "as_declared", "", author="officer1")
    assert [c["result"] for c in inspections.get(db, inspection)["physical_checks"]] == ["differs", "as_declared"]


@given(result=st.text(max_size=20), note=st.text(max_size=30))
def test_a_result_is_one_of_two_and_a_difference_says_what(result, note):
    wrong = result not in inspections.PHYSICAL_RESULTS or (result == "differs" and len(note.strip()) < 5)
    if wrong:
        with pytest.raises(InvalidInput):
            inspections.record_physical_check(None, "x", result, note, author="officer1")  # type: ignore[arg-type]


def test_a_closed_inspection_takes_no_check(db):
    inspection = checked(db, "yellow")
    inspections.record_verdict(db, inspection, "held", "", author="officer1", no_photo_reason="Xe rỗng, không chụp")
    before = db.execute("SELECT COUNT(*) FROM events").fetchone()[0]
    with pytest.raises(InspectionClosed):
        inspections.record_physical_check(db, inspection, "as_declared", "", author="officer1")
    assert db.execute("SELECT COUNT(*) FROM events").fetchone()[0] == before


def test_the_page_records_a_check_and_keeps_a_refused_one_beside_its_field(auth):
    auth.login("officer1")
    auth.post("/lang/en", {"next": "/"})
    inspection = start_inspection(auth)
    refused = auth.post(f"/inspections/{inspection}/physical-check", {"physical_result": "differs",
                                                                      "physical_note": "48"})
    assert refused.status_code == 422
    page = refused.get_data(as_text=True)
    assert re.search(r'name="physical_note"[^>]*>48</textarea><span class="field-error"[^>]*>'
                     r"write what differs from the declaration</span>", page)
    assert 'value="differs" checked' in page
    done = auth.post(f"/inspections/{inspection}/physical-check", {"physical_result": "differs",
                                                                   "physical_note": "48 thùng, khai 40 thùng"})
    assert done.status_code == 302
    page = text_of(auth.client.get(f"/inspections/{inspection}").get_data(as_text=True))
    assert "Goods differ from the declaration : 48 thùng, khai 40 thùng" in page
    assert "Record verdict" in page  # still open: the verdict is the officer's next step

"""Watchlist hits adjudicated: the officer's word is logged as the log's own typed event; a false match is
remembered for the same party on the same list version, whatever the spelling, and for nothing else; on the page
the word is given beside the hit, refused input comes back with the error beside its field, and a false match
said on one inspection is shown on the next inspection of the same party — which still shows and counts the hit."""
from __future__ import annotations

import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from checkpoint import adjudication, inspections, ledger, pipeline
from checkpoint.checks.risk import Risk
from checkpoint.errors import InvalidInput, NotFound
from checkpoint.ledger.events import ScreeningAdjudicated, as_payload
from checkpoint.models import Finding

TZ = "Asia/Ho_Chi_Minh"
EVIDENCE = {"list": "hq-2026-11", "entry": {"id": "E-17", "name": "CÔNG TY TNHH HOÀNG LONG", "version": "v1"},
            "value": "CÔNG TY TNHH THƯƠNG MẠI HOÀNG LONG", "score": 0.91, "matched_on": "name"}
DEMO_PLATE = "12C-123.45"
"""On the demo watchlist every test app loads."""


def an_inspection(db, *evidences: dict) -> str:
    """An inspection whose checks raised a watchlist hit for each evidence."""
    inspection = inspections.start(db, inspections.NewInspection(gate="HUU_NGHI", direction="import",
                                                                 plates=("12C-1",)), author="officer1", tz=TZ)
    inspections.record_checks(db, inspection, [Finding("WATCHLIST_MATCH", "high", {"vi": "x", "en": "x"}, e)
                                               for e in evidences or (EVIDENCE,)], Risk("red", 9, ()), "v1",
                              author="officer1")
    return inspection


def say(db, inspection: str, outcome: str, reason: str = "", **evidence) -> ledger.Event:
    word = adjudication.parse({"outcome": outcome, "reason": reason}, EVIDENCE | evidence)
    return adjudication.record(db, inspection, word, author="officer1")


def test_the_word_is_the_logs_own_typed_event(db):
    inspection = an_inspection(db)
    word = adjudication.parse({"outcome": "false_match", "reason": "  Khác mã số thuế 0101234567 "}, EVIDENCE)
    assert word == ScreeningAdjudicated(list="hq-2026-11", entry_id="E-17", watchlist_version="v1",
                                        value=EVIDENCE["value"], outcome="false_match",
                                        reason="Khác mã số thuế 0101234567")
    event = adjudication.record(db, inspection, word, author="officer1")
    assert (event.type, event.subject, event.payload) == ("screening.adjudicated", inspection, as_payload(word))
    assert ledger.events(db)[-1].typed() == word


def test_a_false_match_is_remembered_for_the_same_party_however_spelled(db):
    first, second = an_inspection(db), an_inspection(db)
    say(db, first, "false_match", "Khác mã số thuế: 0101234567, không phải công ty trong danh sách")
    found = adjudication.remembered(db, "v1", "E-17", "Cong ty TNHH Thuong mai Hoang Long", besides=second)
    assert found is not None and found["inspection"] == first and found["author"] == "officer1"
    assert "0101234567" in found["reason"]


def test_not_remembered_on_another_version_another_entry_another_party_or_the_same_inspection(db):
    first, second = an_inspection(db), an_inspection(db)
    say(db, first, "false_match", "Khác địa chỉ và mã số thuế")
    assert adjudication.remembered(db, "v2", "E-17", EVIDENCE["value"], besides=second) is None
    assert adjudication.remembered(db, "v1", "E-18", EVIDENCE["value"], besides=second) is None
    assert adjudication.remembered(db, "v1", "E-17", "CÔNG TY TNHH HOÀNG PHÁT", besides=second) is None
    assert adjudication.remembered(db, "v1", "E-17", EVIDENCE["value"], besides=first) is None


def test_a_new_word_replaces_the_standing_one_and_the_old_stays_in_the_log(db):
    first, second = an_inspection(db), an_inspection(db)
    say(db, first, "false_match", "Khác mã số thuế")
    say(db, first, "true_match")
    key = adjudication.hit_id("E-17", EVIDENCE["value"])
    assert adjudication.on_inspection(db, first)[key]["outcome"] == "true_match"
    assert adjudication.remembered(db, "v1", "E-17", EVIDENCE["value"], besides=second) is None, \
        "a false match taken back is no longer remembered"
    said = [e.payload["outcome"] for e in ledger.events(db) if e.type == "screening.adjudicated"]
    assert said == ["false_match", "true_match"]
    say(db, first, "unsure")
    assert adjudication.on_inspection(db, first)[key]["outcome"] == "unsure"


def test_a_word_on_a_hit_the_inspection_does_not_have_is_refused_and_nothing_is_logged(db):
    inspection = an_inspection(db)
    before = len(ledger.events(db))
    with pytest.raises(NotFound):
        say(db, inspection, "true_match", entry={"id": "E-99", "version": "v1"})
    assert len(ledger.events(db)) == before


@given(outcome=st.text(max_size=12), reason=st.text(max_size=30))
def test_parse_takes_one_of_three_words_and_a_false_match_only_with_its_reason(outcome, reason):
    try:
        word = adjudication.parse({"outcome": outcome, "reason": reason}, EVIDENCE)
    except InvalidInput as refused:
        assert outcome not in adjudication.OUTCOMES or \
            (outcome == "false_match" and len(reason.strip()) < adjudication.MIN_REASON)
        assert refused.params["field"] in ("outcome", "reason")
    else:
        assert word.outcome == outcome and word.reason == reason.strip()[:500]
        assert outcome != "false_match" or len(word.reason) >= adjudication.MIN_REASON


@given(st.text(max_size=40))
def test_the_party_key_and_the_hit_id_ignore_case_marks_and_spacing(name):
    assert adjudication.party_key(name) == adjudication.party_key("  " + name.upper() + " ")
    assert adjudication.hit_id("E-1", name) == adjudication.hit_id("E-1", "  " + name.upper() + " ")
    assert adjudication.hit_id("E-1", name) != adjudication.hit_id("E-2", name)


# -- on the inspection page ----------------------------------------------------------------------------------


def a_truck_on_the_demo_list(app, db) -> str:
    """An inspection whose plate the demo watchlist lists: a real screening hit."""
    inspection = inspections.start(db, inspections.NewInspection(gate="HUU_NGHI", direction="import",
                                                                 plates=(DEMO_PLATE,)), author="officer1", tz=TZ)
    pipeline.recheck(db, inspection, config=app.config, author="officer1")
    return inspection


def hit_of(db, inspection: str) -> str:
    [key] = adjudication.hits(inspections.get(db, inspection)["findings"])
    return key


def test_a_refused_word_comes_back_422_with_the_input_kept_and_the_error_beside_its_field(app, db, auth):
    inspection = a_truck_on_the_demo_list(app, db)
    key = hit_of(db, inspection)
    auth.login("officer1")
    page = auth.client.get(f"/inspections/{inspection}").get_data(as_text=True)
    assert f'action="/inspections/{inspection}/hits/{key}"' in page
    answer = auth.post(f"/inspections/{inspection}/hits/{key}", {"outcome": "false_match", "reason": "no"})
    assert answer.status_code == 422
    page = answer.get_data(as_text=True)
    form = page.split(f'id="hit-{key}"')[1].split("</form>")[0]
    assert re.search(r'value="false_match" required\s+checked', form)
    assert re.search(r"<textarea[^>]*>no</textarea>", form)
    assert "nêu lý do đây không phải đối tượng trong danh sách" in form.split("<textarea")[1]
    assert not any(e.type == "screening.adjudicated" for e in ledger.events(db))


def test_a_false_match_is_shown_on_the_next_inspection_of_the_same_party_which_still_counts_the_hit(app, db, auth):
    first = a_truck_on_the_demo_list(app, db)
    auth.login("officer1")
    answer = auth.post(f"/inspections/{first}/hits/{hit_of(db, first)}",
                       {"outcome": "false_match", "reason": "Xe của công ty khác, đăng ký 2026"})
    assert answer.status_code == 302
    page = auth.client.get(answer.location).get_data(as_text=True)
    assert "Đánh giá của cán bộ: <b>không phải đối tượng</b>" in page and "Xe của công ty khác, đăng ký 2026" in page
    assert "Thay đổi đánh giá về kết quả trùng khớp này" in page, "the standing word can be changed"

    second = a_truck_on_the_demo_list(app, db)
    page = auth.client.get(f"/inspections/{second}").get_data(as_text=True)
    assert "Đã xác định không trùng khớp ngày" in page and "bởi officer1: Xe của công ty khác, đăng ký 2026" in page
    assert 'data-rule="WATCHLIST_MATCH"' in page, "the hit is still shown"
    assert inspections.get(db, second)["risk_channel"] == inspections.get(db, first)["risk_channel"], \
        "and still counts"


def test_a_patrol_may_not_give_the_word(app, db, auth):
    inspection = a_truck_on_the_demo_list(app, db)
    auth.login("patrol1")
    answer = auth.post(f"/inspections/{inspection}/hits/{hit_of(db, inspection)}", {"outcome": "true_match"})
    assert answer.status_code == 403

"""Watchlist hits adjudicated: the officer's word is logged; a false match is remembered for the same party on the
same list version, whatever the spelling, and for nothing else."""
from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from checkpoint import adjudication, inspections
from checkpoint.errors import InvalidInput

TZ = "Asia/Ho_Chi_Minh"
EVIDENCE = {"list": "hq-2026-11", "entry": {"id": "E-17", "name": "CÔNG TY TNHH HOÀNG LONG"},
            "value": "CÔNG TY TNHH THƯƠNG MẠI HOÀNG LONG", "score": 0.91, "matched_on": "name"}


def an_inspection(db) -> str:
    return inspections.start(db, inspections.NewInspection(gate="HUU_NGHI", direction="import", plates=("12C-1",)),
                             author="officer1", tz=TZ)


def say(db, inspection: str, outcome: str, reason: str = "", version: str = "v1", **evidence) -> None:
    word = adjudication.parse({"outcome": outcome, "reason": reason}, EVIDENCE | evidence, version)
    adjudication.record(db, inspection, word, author="officer1")


def test_a_false_match_is_remembered_for_the_same_party_however_spelled(db):
    first, second = an_inspection(db), an_inspection(db)
    say(db, first, "false_match", "Khác mã số thuế: 0101234567, không phải công ty trong danh sách")
    found = adjudication.remembered(db, "v1", "E-17", "Cong ty TNHH Thuong mai Hoang Long", besides=second)
    assert found is not None and found["inspection"] == first and found["author"] == "officer1"
    assert "0101234567" in found["reason"]
    assert db.execute("SELECT type FROM events ORDER BY seq DESC LIMIT 1").fetchone()[0] == "screening.adjudicated"


def test_not_remembered_on_another_version_another_entry_another_party_or_the_same_inspection(db):
    first, second = an_inspection(db), an_inspection(db)
    say(db, first, "false_match", "Khác địa chỉ và mã số thuế")
    assert adjudication.remembered(db, "v2", "E-17", EVIDENCE["value"], besides=second) is None
    assert adjudication.remembered(db, "v1", "E-18", EVIDENCE["value"], besides=second) is None
    assert adjudication.remembered(db, "v1", "E-17", "CÔNG TY TNHH HOÀNG PHÁT", besides=second) is None
    assert adjudication.remembered(db, "v1", "E-17", EVIDENCE["value"], besides=first) is None


def test_a_true_match_or_unsure_is_not_remembered_as_false(db):
    first, second = an_inspection(db), an_inspection(db)
    say(db, first, "true_match")
    say(db, first, "unsure")
    assert adjudication.remembered(db, "v1", "E-17", EVIDENCE["value"], besides=second) is None
    standing = adjudication.on_inspection(db, first)
    assert standing[("E-17", adjudication.party_key(EVIDENCE["value"]))]["outcome"] == "unsure"


def test_a_false_match_needs_its_reason_and_an_outcome_is_one_of_three(db):
    with pytest.raises(InvalidInput):
        adjudication.parse({"outcome": "false_match", "reason": " "}, EVIDENCE, "v1")
    with pytest.raises(InvalidInput):
        adjudication.parse({"outcome": "probably"}, EVIDENCE, "v1")


@given(st.text(max_size=40))
def test_the_party_key_ignores_case_marks_and_spacing(name):
    assert adjudication.party_key(name) == adjudication.party_key("  " + name.upper() + " ")

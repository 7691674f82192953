"""The case taxonomy: every sub-type defined with its legal basis, and the guided choice's proposals."""
from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from checkpoint import cases
from checkpoint.errors import InvalidInput

answers = st.fixed_dictionaries({key: st.sampled_from(cases.ANSWERS) for key in cases.QUESTIONS})
severities = st.sampled_from(["high", "medium", "low", "info"])
findings = st.lists(st.fixed_dictionaries({
    "rule": st.sampled_from(["PROHIBITED_GOODS", "CO_VALIDITY", "DOCUMENT_MISMATCH", "FOCUS_GOODS", "WATCHLIST_MATCH"]),
    "severity": severities,
    "evidence": st.fixed_dictionaries({"field": st.sampled_from(["hs_code", "quantity", "seller", "total_amount"])}),
}), max_size=5)


def test_every_subtype_is_defined_in_both_languages_with_its_legal_basis() -> None:
    for code, row in cases.subtypes().items():
        assert int(row["category"]) in cases.CATEGORIES, code
        for lang in ("vi", "en"):
            assert len(cases.subtype_definition(code, lang)) > 30, (code, lang)
            assert cases.subtype_name(code, lang).strip(), (code, lang)
        assert "Nghị định" in row["legal_basis"] or "Luật" in row["legal_basis"], code


def test_domain_mapping_of_the_disputed_subtypes() -> None:
    # DOMAIN.md §5.2: goods without lawful proof of origin are handled as smuggled goods (category 1);
    # substandard goods are a sub-type of their own, reported with category 3.
    assert cases.subtypes()["no_origin_label"]["category"] == "1"
    assert cases.subtypes()["substandard_goods"]["category"] == "3"


def test_a_prohibited_good_is_proposed_before_how_it_crossed() -> None:
    given_answers = dict.fromkeys(cases.QUESTIONS, "unknown") | {"prohibited_list": "yes", "crossed_outside_gate": "yes"}
    assert cases.propose(given_answers, []).subtype == "prohibited_goods"


def test_a_trail_crossing_is_proposed_as_smuggling() -> None:
    given_answers = dict.fromkeys(cases.QUESTIONS, "no") | {"crossed_outside_gate": "yes"}
    assert cases.propose(given_answers, []) == cases.Proposal("smuggling", "crossed_outside_gate")


def test_with_no_answer_the_findings_propose_and_a_low_note_does_not() -> None:
    unknown = dict.fromkeys(cases.QUESTIONS, "unknown")
    hs = {"rule": "DOCUMENT_MISMATCH", "severity": "high", "evidence": {"field": "hs_code"}}
    assert cases.propose(unknown, [hs]) == cases.Proposal("misclassification", "DOCUMENT_MISMATCH")
    assert cases.propose(unknown, [hs | {"severity": "low"}]) == cases.Proposal(None, None)


def test_a_fraud_no_finding_supports_is_doubted_but_one_a_finding_supports_is_not() -> None:
    unknown = dict.fromkeys(cases.QUESTIONS, "unknown")
    value = {"rule": "DOCUMENT_MISMATCH", "severity": "medium", "evidence": {"field": "total_amount"}}
    assert [d.message for d in cases.doubts("undervaluation", unknown, [])] == [
        "No finding of the checks supports this fraud: say in the record what shows it."]
    assert cases.doubts("undervaluation", unknown, [value]) == []


def test_a_choice_against_the_answers_names_the_one_they_point_at() -> None:
    said = dict.fromkeys(cases.QUESTIONS, "unknown") | {"counterfeit_mark": "yes", "prohibited_list": "no"}
    found = cases.doubts("prohibited_goods", said, [])
    assert cases.Doubt("The answers point at another violation:", "counterfeit_goods") in found
    assert any(d.message.startswith("The answers do not point") for d in found)


def test_answers_refuse_anything_but_yes_no_unknown() -> None:
    assert cases.answers_of({}) == dict.fromkeys(cases.QUESTIONS, "unknown")
    with pytest.raises(InvalidInput):
        cases.answers_of({"prohibited_list": "maybe"})


@given(answers, findings)
def test_a_proposal_is_a_known_subtype_and_never_doubted_by_its_own_answers(given_answers: dict[str, str],
                                                                            given_findings: list[dict]) -> None:
    proposal = cases.propose(given_answers, given_findings)
    if proposal.subtype is None:
        assert proposal.because is None
        return
    assert proposal.subtype in cases.subtypes()
    messages = [d.message for d in cases.doubts(proposal.subtype, given_answers, given_findings)]
    assert not any(m.startswith("The answers") for m in messages)
    if cases.subtypes()[proposal.subtype]["category"] == "2":
        assert not messages


def test_a_finding_the_answers_rule_out_is_not_proposed_but_named() -> None:
    said = dict.fromkeys(cases.QUESTIONS, "unknown") | {"prohibited_list": "no"}
    listed = {"rule": "PROHIBITED_GOODS", "severity": "high", "evidence": {}}
    assert cases.propose(said, [listed]) == cases.Proposal(None, None)
    found = cases.doubts("smuggling", said, [listed])
    assert cases.Doubt("A finding of the checks points at a violation the answers rule out:", "prohibited_goods") in found


@given(st.dictionaries(st.sampled_from([*cases.QUESTIONS, "other"]), st.text(max_size=12), max_size=8))
def test_any_answers_are_read_in_full_or_refused_naming_their_question(form) -> None:
    try:
        read = cases.answers_of(form)
    except InvalidInput as refusal:
        assert refusal.params["field"] in cases.QUESTIONS.values()
        assert any(str(v).strip() not in ("", *cases.ANSWERS) for k, v in form.items() if k in cases.QUESTIONS)
    else:
        assert set(read) == set(cases.QUESTIONS) and set(read.values()) <= set(cases.ANSWERS)


def unclassified_seizure(db) -> str:
    from datetime import date

    from checkpoint import patrols
    from tests.patrols.conftest import CARRIER, MILK

    patrol = patrols.start(db, "CHI_MA", [], author="patrol1", tz="Asia/Ho_Chi_Minh")
    new = patrols.parse_interception({"action": "seized", "persons": [CARRIER], "goods": [MILK]}, date.today())
    return patrols.log_interception(db, patrol, new, author="patrol1", tz="Asia/Ho_Chi_Minh")


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(subtype=st.one_of(st.sampled_from(sorted(cases.subtypes())), st.text(max_size=20)), data=st.data())
def test_a_classification_is_logged_with_its_catalog_category_or_refused_with_nothing_logged(db, subtype,
                                                                                              data) -> None:
    case_id = unclassified_seizure(db)
    before = db.execute("SELECT COUNT(*) FROM events").fetchone()[0]
    try:
        cases.classify(db, case_id, subtype, data.draw(answers), "", author="leader")
    except InvalidInput:
        assert subtype not in cases.subtypes()
        assert db.execute("SELECT COUNT(*) FROM events").fetchone()[0] == before
        assert db.execute("SELECT category FROM report_cases WHERE id = ?", [case_id]).fetchone()[0] is None
    else:
        row = db.execute("SELECT category, subtype FROM report_cases WHERE id = ?", [case_id]).fetchone()
        assert tuple(row) == (int(cases.subtypes()[subtype]["category"]), subtype)

"""Four eyes in the core (#19): inspections.record_verdict and correct_verdict themselves refuse to let pass a truck
proposed red or with a high finding without a leader's approval, and to close one with no photo without a reason,
so that every way in (the page, the API, the command line, a script) obeys."""
from __future__ import annotations

import json

import pytest

from checkpoint import approvals, inspections, ledger
from checkpoint.checks.risk import Risk
from checkpoint.errors import InvalidInput
from checkpoint.models import Finding
from tests.test_approvals import REASON, checked, photographed, verdict_of

NO_PHOTO = "Xe rỗng, không có hàng để chụp"


def verdict_payload(db, inspection: str) -> dict:
    row = db.execute("SELECT payload FROM events WHERE subject = ? AND type = 'inspection.verdict'"
                     " ORDER BY seq DESC LIMIT 1", [inspection]).fetchone()
    return json.loads(row[0])


@pytest.mark.parametrize(("channel", "high"), [("red", False), ("yellow", True), ("green", True)])
def test_letting_pass_what_needs_a_leader_is_refused_by_the_core_itself(db, channel, high):
    inspection = checked(db, channel, high)
    before = db.execute("SELECT COUNT(*) FROM events").fetchone()[0]
    with pytest.raises(inspections.NeedsApproval):
        inspections.record_verdict(db, inspection, "cleared", "", author="officer1")
    assert verdict_of(db, inspection) is None
    assert db.execute("SELECT COUNT(*) FROM events").fetchone()[0] == before
    inspections.record_verdict(db, inspection, "held", "", author="officer1")  # a physical check needs nobody
    assert verdict_of(db, inspection) == "held"


def test_a_yellow_truck_without_a_high_finding_passes_on_the_officers_word(db):
    inspection = checked(db, "yellow")
    inspections.record_verdict(db, inspection, "cleared", "", author="officer1")
    assert verdict_of(db, inspection) == "cleared"


def test_an_approval_counts_only_for_what_the_leader_weighed(db):
    """A new check after the approval (a photo, a correction) asks a leader again."""
    inspection = checked(db, "red")
    approvals.request(db, inspection, "", REASON, author="officer1")
    approvals.decide(db, inspection, False, "Cần kiểm tra thực tế toàn bộ lô hàng", leader="super1")
    assert not inspections.approved(db, inspection)
    ledger.record(db, "approval.decided", {"approved": True, "comment": ""}, author="super1", subject=inspection)
    assert inspections.approved(db, inspection)
    inspections.record_checks(db, inspection, [], Risk("red", 0, ()), "demo", author="officer1")
    assert not inspections.approved(db, inspection)
    with pytest.raises(inspections.NeedsApproval):
        inspections.record_verdict(db, inspection, "cleared", "", author="officer1")


def test_closing_with_no_photo_needs_a_reason_which_the_verdict_keeps(db):
    inspection = checked(db, "green", photo=False)
    for reason in ("", "   ", "ok"):
        with pytest.raises(InvalidInput) as refused:
            inspections.record_verdict(db, inspection, "cleared", "", author="officer1", no_photo_reason=reason)
        assert refused.value.params["field"] == inspections.NO_PHOTO
    inspections.record_verdict(db, inspection, "cleared", "", author="officer1", no_photo_reason=f"  {NO_PHOTO} ")
    assert verdict_payload(db, inspection) == {"verdict": "cleared", "note": "", "no_photo_reason": NO_PHOTO}


def test_a_photo_taken_makes_the_reason_needless(db):
    inspection = checked(db, "green")
    inspections.record_verdict(db, inspection, "held", "", author="officer1")
    assert "no_photo_reason" not in verdict_payload(db, inspection)


def test_asking_to_let_pass_a_truck_with_no_photo_carries_the_reason_to_the_verdict(db):
    inspection = checked(db, "red", photo=False)
    with pytest.raises(InvalidInput):
        approvals.request(db, inspection, "", REASON, author="officer1")
    approvals.request(db, inspection, "", REASON, author="officer1", no_photo_reason=NO_PHOTO)
    approvals.decide(db, inspection, True, "", leader="super1")
    assert verdict_payload(db, inspection) == {"verdict": "cleared", "note": "", "no_photo_reason": NO_PHOTO}


def test_a_correction_lets_a_red_truck_pass_only_from_a_leader_who_did_not_inspect_it(db):
    inspection = checked(db, "red")
    inspections.record_verdict(db, inspection, "held", "", author="officer1")
    with pytest.raises(inspections.NeedsApproval):  # an officer's correction is nobody's approval
        inspections.correct_verdict(db, inspection, "cleared", "", "Kiểm tra lại: hàng đúng", author="officer1")
    inspections.correct_verdict(db, inspection, "cleared", "", "Kiểm tra lại: hàng đúng", author="super1")
    assert verdict_of(db, inspection) == "cleared"

    own = inspections.start(db, inspections.NewInspection(gate="HUU_NGHI", direction="import", plates=("12C-1",)),
                            author="super1", tz="Asia/Ho_Chi_Minh")
    photographed(db, own)
    inspections.record_checks(db, own, [Finding("WATCHLIST_MATCH", "high", {"vi": "trùng", "en": "match"}, {})],
                              Risk("red", 40, ()), "demo", author="super1")
    inspections.record_verdict(db, own, "held", "", author="super1")
    with pytest.raises(inspections.NeedsApproval):  # the leader who inspected it needs another's eyes
        inspections.correct_verdict(db, own, "cleared", "", "Kiểm tra lại: hàng đúng", author="super1")
    inspections.correct_verdict(db, own, "cleared", "", "Kiểm tra lại: hàng đúng", author="boss")
    assert verdict_of(db, own) == "cleared"


def test_a_correction_keeps_the_reason_a_photoless_inspection_was_closed_with(db):
    inspection = checked(db, "green", photo=False)
    inspections.record_verdict(db, inspection, "held", "", author="officer1", no_photo_reason=NO_PHOTO)
    correction = inspections.correct_verdict(db, inspection, "cleared", "đã xong", "Bấm nhầm nút", author="super1")
    assert correction.payload["changes"] == {"verdict": "cleared", "note": "đã xong", "no_photo_reason": NO_PHOTO}


def test_the_vnaccs_channel_is_its_own_event_beside_the_proposed_level(db):
    inspection = checked(db, "red")
    with pytest.raises(InvalidInput):
        inspections.set_vnaccs_channel(db, inspection, "blue", author="officer1")
    inspections.set_vnaccs_channel(db, inspection, "yellow", author="officer1")
    record = inspections.get(db, inspection)
    assert (record["vnaccs_channel"], record["risk_channel"]) == ("yellow", "red")
    inspections.record_verdict(db, inspection, "held", "", author="officer1")
    inspections.set_vnaccs_channel(db, inspection, "", author="officer1")  # a fact, entered or taken back any time
    assert inspections.get(db, inspection)["vnaccs_channel"] is None
    logged = [(e.type, e.payload) for e in ledger.events(db, inspection) if e.type == "inspection.vnaccs_channel"]
    assert logged == [("inspection.vnaccs_channel", {"channel": "yellow"}),
                      ("inspection.vnaccs_channel", {"channel": ""})]

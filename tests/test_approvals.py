"""Four eyes on risk: letting pass a red truck waits for another account's approval, all of it in the log."""
from __future__ import annotations

import pytest

from checkpoint import approvals, inspections, ledger
from checkpoint.checks.risk import Risk
from checkpoint.errors import InvalidInput, NotFound
from checkpoint.models import Finding

TZ = "Asia/Ho_Chi_Minh"
REASON = "Hàng đã kiểm thực tế, đúng khai báo, niêm phong còn nguyên"


def photographed(db, inspection: str, sha256: str = "ab" * 32) -> None:
    """A photo of the goods in the log (no file: these tests weigh decisions, not evidence)."""
    ledger.record(db, "inspection.photo_added", {"sha256": sha256, "filename": "hang.jpg", "media_type": "image/jpeg",
                                                 "bytes": 1, "width": 1, "height": 1, "codes": [], "document": None},
                  author="officer1", subject=inspection)


def checked(db, channel: str, high: bool = False, photo: bool = True) -> str:
    inspection = inspections.start(db, inspections.NewInspection(gate="HUU_NGHI", direction="import",
                                                                 plates=("12C-123.45",)), author="officer1", tz=TZ)
    if photo:
        photographed(db, inspection)
    findings = [Finding("WATCHLIST_MATCH", "high", {"vi": "trùng", "en": "match"}, {})] if high else []
    inspections.record_checks(db, inspection, findings, Risk(channel, 0, ()), "demo", author="officer1")
    return inspection


def verdict_of(db, inspection: str) -> str | None:
    return db.execute("SELECT verdict FROM inspections WHERE uuid = ?", [inspection]).fetchone()[0]


def test_what_needs_approval(db):
    assert inspections.needs_approval(db, checked(db, "red"), "cleared")
    assert inspections.needs_approval(db, checked(db, "yellow", high=True), "cleared")
    assert not inspections.needs_approval(db, checked(db, "yellow"), "cleared")
    assert not inspections.needs_approval(db, checked(db, "red"), "seized")


def test_letting_a_red_truck_pass_waits_then_a_leader_approves_and_it_closes(db):
    inspection = checked(db, "red")
    approvals.request(db, inspection, "", REASON, author="officer1")
    assert verdict_of(db, inspection) is None
    assert [row["inspection"] for row in approvals.queue(db, ["HUU_NGHI"])] == [inspection]
    assert approvals.queue(db, ["CHI_MA"]) == []
    assert (approvals.queue_length(db, ["HUU_NGHI"]), approvals.queue_length(db, ["CHI_MA"]),
            approvals.queue_length(db, None)) == (1, 0, 1)
    approvals.decide(db, inspection, True, "", leader="super1")
    assert verdict_of(db, inspection) == "cleared"
    assert approvals.queue(db, None) == [] and approvals.queue_length(db, None) == 0
    logged = [tuple(r) for r in db.execute("SELECT type, author FROM events WHERE subject = ? ORDER BY seq",
                                           [inspection])][-3:]
    assert logged == [("approval.requested", "officer1"), ("approval.decided", "super1"),
                      ("inspection.verdict", "officer1")]


def test_nobody_approves_their_own_request_and_a_refusal_keeps_it_open(db):
    inspection = checked(db, "red")
    approvals.request(db, inspection, "", REASON, author="super1")
    with pytest.raises(approvals.OwnRequest):
        approvals.decide(db, inspection, True, "", leader="super1")
    with pytest.raises(InvalidInput):  # a refusal says why
        approvals.decide(db, inspection, False, "no", leader="boss")
    approvals.decide(db, inspection, False, "Cần kiểm tra thực tế toàn bộ lô hàng", leader="boss")
    assert verdict_of(db, inspection) is None and approvals.waiting(db, inspection) is None
    with pytest.raises(NotFound):
        approvals.decide(db, inspection, True, "", leader="boss")


def test_a_request_needs_a_reason_and_is_asked_once(db):
    inspection = checked(db, "red")
    with pytest.raises(InvalidInput):
        approvals.request(db, inspection, "", "ok", author="officer1")
    approvals.request(db, inspection, "", REASON, author="officer1")
    with pytest.raises(approvals.AlreadyWaiting):
        approvals.request(db, inspection, "", REASON, author="officer1")


def test_the_officer_asks_on_the_page_and_a_leader_approves_on_their_own_account(app, db, auth):
    inspection = checked(db, "red")
    auth.login("officer1")
    refused = auth.post(f"/inspections/{inspection}/verdict", {"verdict": "cleared", "note": "Đã kiểm tra đủ hồ sơ",
                                                                "pass_reason": "ok"})
    assert refused.status_code == 422 and 'name="pass_reason"' in refused.get_data(as_text=True)
    asked = auth.post(f"/inspections/{inspection}/verdict", {"verdict": "cleared", "note": "Đã kiểm tra đủ hồ sơ",
                                                              "pass_reason": REASON})
    assert asked.status_code == 302 and verdict_of(db, inspection) is None
    auth.logout()
    auth.login("super1")
    page = auth.client.get("/leaders/approvals").get_data(as_text=True)
    assert REASON in page and "12C-123.45" in page
    assert auth.post(f"/leaders/approvals/{inspection}", {"decision": "approve"}).status_code == 303
    assert verdict_of(db, inspection) == "cleared"


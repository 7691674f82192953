"""Four eyes on risk (#19): letting pass a truck the checks proposed red, or one with a high finding, is asked with
a written reason and waits in the leaders' queue until a leader approves it on their own account — never the
account that asked. A refusal sends it back to the officer; the inspection stays open. Every step is in the log.
"""
from __future__ import annotations

import json
from typing import Any

import sqlite_utils

from . import inspections, ledger
from .errors import N_, CheckpointError, Forbidden, InspectionClosed, InvalidInput, NotFound
from .ledger import Event
from .store.db import atomic

LET_PASS = inspections.LET_PASS
MIN_REASON = inspections.MIN_REASON


class AlreadyWaiting(CheckpointError):
    message = N_("Letting this truck pass already waits for a leader's approval.")
    status = 409


class OwnRequest(Forbidden):
    message = N_("A leader other than the one who asked must approve letting this truck pass.")


def request(db: sqlite_utils.Database, inspection: str, note: str, reason: str, *, author: str,
            no_photo_reason: str = "") -> Event:
    """The officer asks to let the truck pass; it waits for a leader. Raises InvalidInput without a reason, or
    without one for the missing photo (the verdict the approval records needs it, as inspections.record_verdict)."""
    reason = reason.strip()
    if len(reason) < MIN_REASON:
        raise InvalidInput(field=N_("reason for letting it pass"),
                           problem=N_("write why the truck may pass despite the risk"))
    payload = {"verdict": LET_PASS, "note": note.strip()[:4000], "reason": reason[:2000]}
    if no_photo_reason.strip():
        payload["no_photo_reason"] = no_photo_reason.strip()[:2000]

    def open_and_not_waiting(d: sqlite_utils.Database) -> None:
        row = d.execute("SELECT verdict FROM inspections WHERE uuid = ?", [inspection]).fetchone()
        if row is None:
            raise NotFound()
        if row[0] is not None:
            raise InspectionClosed()
        if waiting(d, inspection) is not None:
            raise AlreadyWaiting()
        inspections.photo_or_reason(d, inspection, payload)
    open_and_not_waiting(db)
    return ledger.record(db, "approval.requested", payload, author=author, subject=inspection,
                         precondition=open_and_not_waiting)


def waiting(db: sqlite_utils.Database, inspection: str) -> dict[str, Any] | None:
    row = db.execute("SELECT * FROM approvals WHERE inspection = ? AND decided_utc IS NULL", [inspection]).fetchone()
    return dict(row) if row else None


def queue(db: sqlite_utils.Database, gates: list[str] | None) -> list[dict[str, Any]]:
    """What waits for a leader at these gates (None: every gate), oldest first."""
    where = "" if gates is None else f" AND i.gate IN ({','.join('?' * len(gates))})"
    rows = [dict(r) for r in db.execute(
        "SELECT a.*, i.gate, i.plates, i.risk_channel FROM approvals a JOIN inspections i ON i.uuid = a.inspection"
        f" WHERE a.decided_utc IS NULL{where} ORDER BY a.requested_utc", gates or [])]
    for row in rows:
        row["plates"] = json.loads(row["plates"])
    return rows


def queue_length(db: sqlite_utils.Database, gates: list[str] | None) -> int:
    """How many wait at these gates, for the header on every leader's page: a count over the waiting index."""
    where = "" if gates is None else f" AND i.gate IN ({','.join('?' * len(gates))})"
    return int(db.execute("SELECT COUNT(*) FROM approvals a JOIN inspections i ON i.uuid = a.inspection"
                          f" WHERE a.decided_utc IS NULL{where}", gates or []).fetchone()[0])


def decide(db: sqlite_utils.Database, inspection: str, approve: bool, comment: str, *, leader: str) -> Event:
    """A leader's decision on their own account. Approval records the verdict the officer asked for (its author
    the officer who asked, the approval beside it in the log); a refusal leaves the inspection open."""
    asked = waiting(db, inspection)
    if asked is None:
        raise NotFound()
    if asked["requested_by"] == leader:
        raise OwnRequest()
    if not approve and len(comment.strip()) < MIN_REASON:
        raise InvalidInput(field=N_("leader's comment"), problem=N_("write why the truck may not pass"))
    with atomic(db):  # the approval and the verdict it lets through stand or fall together
        decided = ledger.record(db, "approval.decided", {"approved": approve, "comment": comment.strip()[:2000]},
                                author=leader, subject=inspection)
        if approve:
            asked_for = db.execute("SELECT json_extract(payload, '$.no_photo_reason') FROM events WHERE uuid = ?",
                                   [asked["event"]]).fetchone()
            inspections.record_verdict(db, inspection, LET_PASS, asked["note"], author=asked["requested_by"],
                                       no_photo_reason=asked_for[0] or "")
    return decided


@ledger.projection("approval.requested")
def _requested(db: sqlite_utils.Database, event: Event) -> None:
    db.table("approvals").insert({"event": event.uuid, "inspection": event.subject, "verdict": event.payload["verdict"],
                                  "note": event.payload["note"], "reason": event.payload["reason"],
                                  "requested_by": event.author, "requested_utc": event.created_utc})


@ledger.projection("approval.decided")
def _decided(db: sqlite_utils.Database, event: Event) -> None:
    db.execute("UPDATE approvals SET decided_utc = ?, decided_by = ?, approved = ?, comment = ?"
               " WHERE inspection = ? AND decided_utc IS NULL",
               [event.created_utc, event.author, event.payload["approved"], event.payload["comment"], event.subject])

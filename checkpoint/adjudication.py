"""Watchlist hits adjudicated (#19): for each hit the officer records a true match, a false match (with the reason)
or unsure, in the log. A false match on the same list version and the same party is remembered and shown beside
the hit the next time it comes up — never used to hide it: the hit is still raised, with what was said before.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import sqlite_utils

from . import ledger
from .errors import N_, InvalidInput
from .ledger import Event
from .watchlist.screening import fold

OUTCOMES = {"true_match": N_("true match"), "false_match": N_("false match"), "unsure": N_("unsure")}


@dataclass(frozen=True)
class Adjudication:
    list: str
    entry_id: str
    watchlist_version: str
    value: str
    """The text that matched, as read."""
    outcome: str
    reason: str


def party_key(value: str) -> str:
    """The same party however it was spelled on the day: folded as screening folds it (case, diacritics,
    punctuation)."""
    return fold(value)


def parse(form: dict[str, Any], evidence: dict[str, Any], watchlist_version: str) -> Adjudication:
    """The officer's word on one WATCHLIST_MATCH finding (its evidence as the checks gave it)."""
    outcome = str(form.get("outcome") or "")
    if outcome not in OUTCOMES:
        raise InvalidInput(field=N_("watchlist hit"), problem=N_("say whether it is the listed party"))
    reason = str(form.get("reason") or "").strip()[:500]
    if outcome == "false_match" and len(reason) < 5:
        raise InvalidInput(field=N_("reason"), problem=N_("say why it is not the listed party"))
    entry = evidence.get("entry") or {}
    return Adjudication(list=str(evidence.get("list") or ""), entry_id=str(entry.get("id") or ""),
                        watchlist_version=watchlist_version, value=str(evidence.get("value") or ""),
                        outcome=outcome, reason=reason)


def record(db: sqlite_utils.Database, inspection: str, adjudication: Adjudication, *, author: str) -> Event:
    return ledger.record(db, "screening.adjudicated", {
        "list": adjudication.list, "entry_id": adjudication.entry_id,
        "watchlist_version": adjudication.watchlist_version, "value": adjudication.value,
        "outcome": adjudication.outcome, "reason": adjudication.reason}, author=author, subject=inspection)


def on_inspection(db: sqlite_utils.Database, inspection: str) -> dict[tuple[str, str], dict[str, Any]]:
    """The standing word on each hit of this inspection, by (entry id, party key)."""
    rows = db.execute("SELECT * FROM hit_decisions WHERE inspection = ? ORDER BY recorded_utc", [inspection])
    return {(row["entry_id"], row["party_key"]): dict(row) for row in rows}


def remembered(db: sqlite_utils.Database, watchlist_version: str, entry_id: str, value: str,
               *, besides: str | None = None) -> dict[str, Any] | None:
    """The latest false match said of this entry and this party on this list version, on another inspection."""
    row = db.execute(
        "SELECT * FROM hit_decisions WHERE watchlist_version = ? AND entry_id = ? AND party_key = ?"
        " AND outcome = 'false_match' AND inspection IS NOT ? ORDER BY recorded_utc DESC LIMIT 1",
        [watchlist_version, entry_id, party_key(value), besides]).fetchone()
    return dict(row) if row else None


@ledger.projection("screening.adjudicated")
def _adjudicated(db: sqlite_utils.Database, event: Event) -> None:
    p = event.payload
    db.table("hit_decisions").insert({
        "event": event.uuid, "inspection": event.subject, "list": p["list"], "entry_id": p["entry_id"],
        "watchlist_version": p["watchlist_version"], "value": p["value"], "party_key": party_key(p["value"]),
        "outcome": p["outcome"], "reason": p["reason"], "author": event.author, "recorded_utc": event.created_utc})

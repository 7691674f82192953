"""Watchlist hits adjudicated (#19): for each hit the officer records a true match, a false match (with the reason)
or unsure, in the log. A false match on the same list version and the same party is remembered and shown beside
the hit the next time it comes up — never used to hide it: the hit is still raised, with what was said before.
A new word on a hit replaces the standing one; the old stays in the log.
"""
from __future__ import annotations

import hashlib
import json
from typing import Any

import sqlite_utils

from . import ledger
from .errors import N_, InvalidInput, NotFound
from .ledger import Event
from .ledger.events import ScreeningAdjudicated, as_payload
from .watchlist.screening import fold

RULE = "WATCHLIST_MATCH"
OUTCOMES = {"true_match": N_("true match"), "false_match": N_("false match"), "unsure": N_("unsure")}
MIN_REASON = 5
"""Characters: why a listed name is not this party must be a sentence a leader can check, not 'no'."""


def party_key(value: str) -> str:
    """The same party however it was spelled on the day: folded as screening folds it (case, diacritics,
    punctuation)."""
    return fold(value)


def hit_id(entry_id: str, value: str) -> str:
    """A short, stable name for one hit on one inspection (its entry and party), for forms and page anchors."""
    return hashlib.sha256(f"{entry_id}\x1f{party_key(value)}".encode()).hexdigest()[:12]


def hits(findings: list[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    """The inspection's watchlist hits by hit id: their evidence as the checks gave it."""
    return {hit_id(str((f["evidence"].get("entry") or {}).get("id") or ""), str(f["evidence"].get("value") or "")):
            f["evidence"] for f in findings if f["rule"] == RULE}


def parse(form: dict[str, Any], evidence: dict[str, Any]) -> ScreeningAdjudicated:
    """The officer's word on one WATCHLIST_MATCH finding (its evidence as the checks gave it); the list version is
    the one the entry was screened from."""
    outcome = str(form.get("outcome") or "")
    if outcome not in OUTCOMES:
        raise InvalidInput(field=N_("outcome"), problem=N_("say whether it is the listed party"))
    reason = str(form.get("reason") or "").strip()[:500]
    if outcome == "false_match" and len(reason) < MIN_REASON:
        raise InvalidInput(field=N_("reason"), problem=N_("say why it is not the listed party"))
    entry = evidence.get("entry") or {}
    return ScreeningAdjudicated(list=str(evidence.get("list") or ""), entry_id=str(entry.get("id") or ""),
                                watchlist_version=str(entry.get("version") or ""),
                                value=str(evidence.get("value") or ""), outcome=outcome, reason=reason)


def record(db: sqlite_utils.Database, inspection: str, word: ScreeningAdjudicated, *, author: str) -> Event:
    def still_a_hit(d: sqlite_utils.Database) -> None:
        # The hit may have gone with a re-check (a corrected reading) since the page was shown.
        found = [e for f, e in _findings(d, inspection)
                 if f == RULE and (e.get("entry") or {}).get("id") == word.entry_id
                 and party_key(str(e.get("value") or "")) == party_key(word.value)]
        if not found:
            raise NotFound()
    still_a_hit(db)
    return ledger.record(db, "screening.adjudicated", as_payload(word), author=author, subject=inspection,
                         precondition=still_a_hit)


def _findings(db: sqlite_utils.Database, inspection: str) -> list[tuple[str, dict[str, Any]]]:
    return [(r[0], json.loads(r[1])) for r in db.execute("SELECT rule, evidence FROM findings WHERE inspection = ?",
                                                          [inspection])]


def on_inspection(db: sqlite_utils.Database, inspection: str) -> dict[str, dict[str, Any]]:
    """The standing word on each hit of this inspection (the latest said: rows are projected in the log's order),
    by hit id."""
    rows = db.execute("SELECT * FROM hit_decisions WHERE inspection = ? ORDER BY rowid", [inspection])
    return {hit_id(row["entry_id"], row["value"]): dict(row) for row in rows}


def remembered(db: sqlite_utils.Database, watchlist_version: str, entry_id: str, value: str,
               *, besides: str | None = None) -> dict[str, Any] | None:
    """The latest false match said of this entry and this party on this list version, on another inspection —
    unless that inspection's own standing word has since changed from it."""
    for row in db.execute(
            "SELECT * FROM hit_decisions d WHERE watchlist_version = ? AND entry_id = ? AND party_key = ?"
            " AND inspection IS NOT ? AND NOT EXISTS (SELECT 1 FROM hit_decisions later"
            "  WHERE later.inspection = d.inspection AND later.entry_id = d.entry_id"
            "  AND later.party_key = d.party_key AND later.rowid > d.rowid)"
            " ORDER BY rowid DESC", [watchlist_version, entry_id, party_key(value), besides]):
        if row["outcome"] == "false_match":
            return dict(row)
    return None


def beside_hits(db: sqlite_utils.Database, inspection: str, findings: list[dict[str, Any]]) \
        -> dict[str, dict[str, Any]]:
    """For the inspection page, by hit id: the standing word on this inspection (`standing`) and a false match
    remembered from another inspection of the same party (`remembered`)."""
    standing = on_inspection(db, inspection)
    shown = {}
    for key, evidence in hits(findings).items():
        entry = evidence.get("entry") or {}
        shown[key] = {"standing": standing.get(key), "remembered": remembered(
            db, str(entry.get("version") or ""), str(entry.get("id") or ""), str(evidence.get("value") or ""),
            besides=inspection)}
    return shown


@ledger.projection("screening.adjudicated")
def _adjudicated(db: sqlite_utils.Database, event: Event) -> None:
    p = event.payload
    db.table("hit_decisions").insert({
        "event": event.uuid, "inspection": event.subject, "list": p["list"], "entry_id": p["entry_id"],
        "watchlist_version": p["watchlist_version"], "value": p["value"], "party_key": party_key(p["value"]),
        "outcome": p["outcome"], "reason": p["reason"], "author": event.author, "recorded_utc": event.created_utc})

"""Everyone and everything a patrol meets on a trail, screened offline against the watchlists in force as papers
are at the gate (checks/watchlist.py): each person's name and ID number, each plate, each company named, each
phone number. The hits are logged with the list version and shown severest first, each with its reasons.

A name is screened in every spelling the officer typed ('王小明 / WANG XIAOMING': Hanzi and pinyin alike, each
folded as screening folds names, so diacritics typed or not meet the same listing).
"""
from __future__ import annotations

import json
import re
from dataclasses import dataclass
from typing import Any

import sqlite_utils

from .. import ledger
from ..errors import N_
from ..i18n import both
from ..ledger import Event
from ..watchlist.screening import DEFAULT_THRESHOLD, Hit, Index, compact

ON = {"person": N_("Person"), "vehicle": N_("Vehicle"), "company": N_("Company"), "phone": N_("Phone")}
"""What an interception met, by the word a page shows for it."""
SEVERITIES = ("high", "medium", "low")
MAX_HITS = 60
"""Hits kept in the log for one interception, severest first: a common name can match many listings, and the
event must stay small enough to send."""
_SPELLINGS = re.compile(r"\s*[/;|]\s*")
REORDERED = "word order differs"
"""The screening's reason (watchlist/screening.py) for names matched with their words in another order."""


@dataclass(frozen=True)
class Screened:
    on: str
    """person, vehicle, company or phone: what the interception met (ON)."""
    row: int
    """Which of them, from 1."""
    kind: str
    """The screening kind (watchlist.screening.KINDS)."""
    value: str
    id_number: str = ""
    """A person's own ID number, which a listing of the same name under another number is weighed against."""


@dataclass(frozen=True)
class TrailHit:
    on: str
    row: int
    value: str
    hit: Hit
    severity: str
    extra: tuple[dict[str, str], ...] = ()
    """Reasons of the patrol's own, {"vi": …, "en": …} each, after the screening's."""

    def as_record(self) -> dict[str, Any]:
        return {"on": self.on, "row": self.row, "value": self.value, "matched_on": self.hit.matched_on,
                "severity": self.severity, "score": round(self.hit.score, 3), "list": self.hit.entry.list,
                "entry": self.hit.entry.as_dict(),
                "reasons": [r.both() for r in self.hit.reasons] + list(self.extra)}


def spellings(name: str) -> list[str]:
    """The spellings of one name typed together: '王小明 / WANG XIAOMING' is two, screened each (parenthesised
    spellings are the index's own aliases)."""
    return [part for part in _SPELLINGS.split(name.strip()) if part]


def screened_values(persons: list[dict[str, Any]], vehicles: list[str], companies: list[str]) -> list[Screened]:
    """What an interception's record holds that a watchlist can list, in the order the page shows them."""
    found: list[Screened] = []
    for row, person in enumerate(persons, start=1):
        found += [Screened("person", row, "name", name, person.get("id_number") or "")
                  for name in spellings(person.get("name") or "")]
        if person.get("id_number"):
            found.append(Screened("person", row, "id_number", person["id_number"]))
        if person.get("phone"):
            found.append(Screened("phone", row, "phone", person["phone"]))
    found += [Screened("vehicle", row, "plate", plate) for row, plate in enumerate(vehicles, start=1)]
    for row, company in enumerate(companies, start=1):
        found += [Screened("company", row, "name", name) for name in spellings(company)]
    return found


def severity(item: Screened, hit: Hit) -> tuple[str, tuple[dict[str, str], ...]]:
    """An identifier that matches is the listed party itself (high); a name may be a namesake, to check (medium).
    A person's name is a confirmation by hand (low) when it is listed under another ID number than the one on their
    papers, or when it is spelled otherwise or in another order: a person's name is a few syllables of a small
    stock, so one syllable off or two given syllables swapped is most often another person (王静磊, 王磊静)."""
    if hit.matched_on != "name":
        return "high", ()
    if item.on != "person":
        return "medium", ()
    listed = compact(hit.entry.id_number or "")
    if item.id_number and listed and listed != compact(item.id_number):
        return "low", (both(N_("listed under another ID number (%(listed)s)"), {"listed": hit.entry.id_number}),)
    if hit.score < 1.0 or any(r.msgid == REORDERED for r in hit.reasons):
        return "low", ()
    return "medium", ()


def screen(index: Index, values: list[Screened], threshold: float = DEFAULT_THRESHOLD) -> list[TrailHit]:
    """The hits, one per listing and what was met (the severest, then the best scored), severest first."""
    best: dict[tuple[str, int, str], TrailHit] = {}
    for item in values:
        for hit in index.screen(item.value, item.kind, threshold):
            level, extra = severity(item, hit)
            found = TrailHit(item.on, item.row, item.value, hit, level, extra)
            key = (item.on, item.row, hit.entry.id)
            if key not in best or _rank(found) < _rank(best[key]):
                best[key] = found
    return sorted(best.values(), key=_rank)


def _rank(hit: TrailHit) -> tuple[int, float]:
    return SEVERITIES.index(hit.severity), -hit.hit.score


def record(db: sqlite_utils.Database, interception_id: str, index: Index, values: list[Screened], *,
           author: str, threshold: float = DEFAULT_THRESHOLD) -> Event:
    """Logs what the screening found (nothing found is logged too: screened against this version)."""
    hits = screen(index, values, threshold)
    return ledger.record(db, "interception.screened", {
        "watchlist_version": index.version, "screened": len(values),
        "hits": [h.as_record() for h in hits[:MAX_HITS]]}, author=author, subject=interception_id)


def of(db: sqlite_utils.Database, interception_id: str) -> dict[str, Any] | None:
    """The latest screening of an interception: version, how many values, hits severest first; None if never."""
    row = db.execute("SELECT watchlist_version, screened, hits, screened_utc FROM interception_screenings"
                     " WHERE interception = ?", [interception_id]).fetchone()
    if row is None:
        return None
    return {"watchlist_version": row[0], "screened": row[1], "hits": json.loads(row[2]), "screened_utc": row[3]}


@ledger.projection("interception.screened")
def _screened(db: sqlite_utils.Database, event: Event) -> None:
    hits = event.payload["hits"]
    top = min((SEVERITIES.index(h["severity"]) for h in hits if h["severity"] in SEVERITIES), default=None)
    db.execute("INSERT OR REPLACE INTO interception_screenings (interception, watchlist_version, screened, hits,"
               " hit_count, top_severity, screened_utc) VALUES (?, ?, ?, ?, ?, ?, ?)",
               [event.subject, event.payload["watchlist_version"], event.payload["screened"],
                json.dumps(hits, ensure_ascii=False), len(hits), None if top is None else SEVERITIES[top],
                event.created_utc])

"""Earlier encounters on this tablet: the interceptions and gate inspections where a person (the same ID number, or
the same folded name and birth year) or a plate appeared before.

`encounter_keys` indexes each interception and inspection by those keys, so that finding a person's earlier
encounters is one index lookup, never a scan. The projections' tables queue what they add or change
(`encounter_pending`, by triggers: migration m1903); `catch_up` brings the index up to date before it is read,
in Python, which folds names as screening does (diacritics, case, Hanzi to pinyin).
"""
from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

import sqlite_utils

from ..clock import utc_now
from ..store.db import atomic
from ..watchlist.screening import compact, fold, normalise_plate

BATCH = 500
"""Queued subjects indexed per transaction: a tablet's first catch-up after the migration takes them all, a few
hundred at a time, without holding the database for long."""
PLATE_FIELDS = ("plate", "plates", "vehicle_plate", "vehicle_plates", "truck_plate", "trailer_plate")
"""A paper's fields that hold plates (checks/watchlist.py reads the same)."""
LIMIT = 20
"""Earlier encounters shown per person or plate, newest first."""


@dataclass(frozen=True)
class Encounter:
    source: str
    """interception or inspection."""
    subject: str
    at_utc: str
    local_date: str
    gate: str
    place: str
    """The interception's place code (patrols/places.py), '' at a gate."""
    outcome: str
    """An interception's action, an inspection's verdict ('' while it is open)."""
    channel: str
    """An inspection's risk channel, '' for an interception."""
    matched: str
    """id, name or plate: what it was found by."""


def id_key(id_number: str) -> str:
    return f"id:{compact(id_number)}" if compact(id_number) else ""


def name_key(name: str, birth_year: str | int | None) -> str:
    """The folded name, its words run together (pinyin 'Wang Xiaoming' and '王小明' alike), with the birth year:
    a name alone is too common to say it is the same person."""
    folded = fold(name).replace(" ", "")
    return f"name:{folded}:{birth_year}" if folded and str(birth_year or "").isdigit() else ""


def plate_key(plate: str) -> str:
    return f"plate:{normalise_plate(plate)}" if normalise_plate(plate) else ""


def person_keys(name: str, id_number: str, birth_year: str | int | None) -> list[str]:
    return [k for k in (id_key(id_number), name_key(name, birth_year)) if k]


def mrz_year(yymmdd: str) -> int | None:
    """The century an MRZ leaves out: a birth year is never ahead of today."""
    if len(yymmdd) < 2 or not yymmdd[:2].isdigit():
        return None
    year = 2000 + int(yymmdd[:2])
    return year if year <= utc_now().year else year - 100


def code_person_keys(payload: dict[str, Any]) -> list[str]:
    """A CCCD's or an MRZ's holder, as a gate inspection's photos read them."""
    if payload.get("kind") == "cccd":
        return person_keys(str(payload.get("name") or ""), str(payload.get("id_number") or ""),
                           str(payload.get("birth_date") or "")[:4])
    if payload.get("kind") == "mrz":
        holder = " ".join(filter(None, (str(payload.get("surname") or ""), str(payload.get("given_names") or ""))))
        return person_keys(holder, str(payload.get("document_number") or ""),
                           mrz_year(str(payload.get("birth_date") or "")))
    return []


def _paper_plates(document: Any) -> Iterator[str]:
    fields = document.get("fields") if isinstance(document, dict) else None
    for name in PLATE_FIELDS:
        found = fields.get(name) if isinstance(fields, dict) else None
        value = found.get("value") if isinstance(found, dict) else None
        yield from (str(v) for v in (value if isinstance(value, list) else [value]) if v)


def _inspection_keys(db: sqlite_utils.Database, subject: str) -> tuple[set[str], str] | None:
    row = db.execute("SELECT plates, started_utc FROM inspections WHERE uuid = ?", [subject]).fetchone()
    if row is None:
        return None
    keys = {plate_key(p) for p in json.loads(row[0])}
    for codes, document in db.execute("SELECT codes, document FROM photos WHERE inspection = ?", [subject]):
        for code in json.loads(codes):
            if isinstance(code, dict) and isinstance(code.get("payload"), dict):
                keys.update(code_person_keys(code["payload"]))
        keys.update(plate_key(p) for p in _paper_plates(json.loads(document) if document else None))
    return keys - {""}, row[1]


def interception_keys(persons: Iterable[dict[str, Any]], vehicles: Iterable[str]) -> set[str]:
    keys = {plate_key(v) for v in vehicles}
    for person in persons:
        keys.update(person_keys(person.get("name") or "", person.get("id_number") or "", person.get("birth_year")))
    return keys - {""}


def _interception_keys(db: sqlite_utils.Database, subject: str) -> tuple[set[str], str] | None:
    row = db.execute("SELECT persons, vehicles, at_utc FROM interceptions WHERE uuid = ?", [subject]).fetchone()
    if row is None:
        return None
    return interception_keys(json.loads(row[0]), json.loads(row[1])), row[2]


def catch_up(db: sqlite_utils.Database, limit: int | None = None) -> int:
    """Indexes what the projections queued, at most `limit` subjects; returns how many. Cheap when nothing waits
    (one lookup)."""
    done = 0
    while limit is None or done < limit:
        with atomic(db):
            size = BATCH if limit is None else min(BATCH, limit - done)
            pending = db.execute("SELECT source, subject FROM encounter_pending LIMIT ?", [size]).fetchall()
            for source, subject in pending:
                db.execute("DELETE FROM encounter_keys WHERE source = ? AND subject = ?", [source, subject])
                found = (_interception_keys if source == "interception" else _inspection_keys)(db, subject)
                if found is not None:
                    keys, at_utc = found
                    db.conn.executemany("INSERT OR IGNORE INTO encounter_keys (key, source, subject, at_utc)"
                                   " VALUES (?, ?, ?, ?)", [(k, source, subject, at_utc) for k in sorted(keys)])
                db.execute("DELETE FROM encounter_pending WHERE source = ? AND subject = ?", [source, subject])
        done += len(pending)
        if len(pending) < size:
            break
    return done


def waiting(db: sqlite_utils.Database) -> int:
    """Subjects queued and not yet indexed (after an upgrade, the records kept before it)."""
    return int(db.execute("SELECT COUNT(*) FROM encounter_pending").fetchone()[0])


def earlier(db: sqlite_utils.Database, keys: dict[str, str], before_utc: str, *, exclude: str,
            limit: int = LIMIT) -> list[Encounter]:
    """The interceptions and inspections before `before_utc` that hold any of `keys` ({key: id|name|plate}),
    newest first, each once (found by the first kind of key in `keys`' order); `exclude` is the asking record."""
    if not keys:
        return []
    rows = db.execute(
        f"SELECT key, source, subject, at_utc FROM encounter_keys WHERE key IN ({', '.join('?' * len(keys))})"
        " AND at_utc < ? AND subject != ? ORDER BY at_utc DESC", [*keys, before_utc, exclude]).fetchall()
    order = list(keys)
    matched: dict[tuple[str, str], tuple[str, str]] = {}
    for key, source, subject, at_utc in rows:
        seen = matched.get((source, subject))
        if seen is None or order.index(key) < order.index(seen[0]):
            matched[(source, subject)] = (key, at_utc)
    newest = sorted(matched.items(), key=lambda m: m[1][1], reverse=True)[:limit]
    return [e for (source, subject), (key, _) in newest if (e := _encounter(db, source, subject, keys[key]))]


def _encounter(db: sqlite_utils.Database, source: str, subject: str, matched: str) -> Encounter | None:
    if source == "interception":
        row = db.execute("SELECT at_utc, local_date, gate, place, action FROM interceptions WHERE uuid = ?",
                         [subject]).fetchone()
        return Encounter(source, subject, row[0], row[1], row[2], row[3] or "", row[4], "", matched) if row else None
    row = db.execute("SELECT started_utc, local_date, gate, verdict, risk_channel FROM inspections WHERE uuid = ?",
                     [subject]).fetchone()
    return Encounter(source, subject, row[0], row[1], row[2], "", row[3] or "", row[4] or "", matched) if row else None


def of_interception(db: sqlite_utils.Database, record: dict[str, Any]) -> dict[str, list[Encounter]]:
    """{'person-N' / 'vehicle-N': earlier encounters} for each person and plate of an interception record, from
    the index as it stands (see catch_up)."""
    found: dict[str, list[Encounter]] = {}
    for row, person in enumerate(record["persons"], start=1):
        keys = {k: k.split(":", 1)[0] for k in person_keys(person["name"], person["id_number"],
                                                           person.get("birth_year"))}
        found[f"person-{row}"] = earlier(db, keys, record["at_utc"], exclude=record["uuid"])
    for row, plate in enumerate(record["vehicles"], start=1):
        key = plate_key(plate)
        found[f"vehicle-{row}"] = earlier(db, {key: "plate"} if key else {}, record["at_utc"], exclude=record["uuid"])
    return found

"""Headquarters' projections of what tablets upload, made by the tablet's own projection code.

Each device's events are replayed through the functions the tablet registered with `@ledger.projection` into a
scratch SQLite database with the tablet's schema (its migrations, applied once to a template copied per replay).
What they leave there is copied into the hub's store: the tablet's `report_cases` view becomes `hub_cases` (what
the 389 figures count, with the device and a search text), and every projected row of a subject becomes one
`hub_rows` row (what the console shows of a case). Tablet and hub therefore count alike by construction.

Every projected row belongs to one subject (an inspection, a patrol, an interception) and is made only from that
subject's events, so a batch replays just the subjects it touches, from all their events held here: a late
upload, a correction or a void rebuilds its subject whole. `rebuild` replays every subject of every device.
"""
from __future__ import annotations

import json
import re
import threading
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any

import sqlite_utils

from .. import adjudication as _adjudication  # noqa: F401 - registers the watchlist hits' adjudication
from .. import approvals as _approvals  # noqa: F401 - registers letting a red truck pass, asked and decided
from .. import decisions as _decisions  # noqa: F401 - registers the steps that follow a case's record
from .. import inspections as _inspections  # noqa: F401 - registers the inspection projections
from .. import ledger, units
from .. import patrols as _patrols  # noqa: F401 - registers the patrol, custody and record projections
from .. import seizures as _seizures  # noqa: F401 - registers gate seizures' tagged goods
from ..clock import utc_iso
from ..ledger.chain import PROJECTIONS
from ..store import migrations
from ..store.db import connect
from .store import Store

SUBJECT_TABLES = {
    # tablet table: the column naming its subject
    "inspections": "uuid", "photos": "inspection", "findings": "inspection", "cases": "inspection",
    "patrols": "uuid", "interceptions": "uuid", "intercepted_goods": "interception",
    "interception_photos": "interception", "custody_events": "goods", "violation_records": "interception",
    "case_steps": "case_id", "hit_decisions": "inspection", "approvals": "inspection",
    "seized_goods": "inspection", "gate_records": "inspection", "handovers": "case_id", "stock_counts": "goods",
    "interception_screenings": "interception", "case_classes": "case_id",
}
"""The tablet's projected tables the hub keeps, and how each row finds its subject (custody_events and stock_counts
through their goods' interception or inspection)."""
BY_GOODS = ("custody_events", "stock_counts")
CASE_COLUMNS = ("id", "source", "gate", "local_date", "officer", "recorded_utc", "category", "subtype",
                "focus_group", "goods", "goods_value_vnd", "fine_vnd", "budget_vnd", "confiscated", "criminal",
                "defendants")
"""The columns of the tablet's `report_cases` view, which hub_cases repeats."""
TAG = re.compile(r"\bEV-[0-9A-F]{10}\b", re.IGNORECASE)
"""An evidence tag (patrols.events): goods seized by a patrol and named by another tablet's case."""
SELECT_SUBJECT_EVENTS = ("SELECT seq, uuid, device_id, type, subject, payload, author, created_utc, mono_ns,"
                         " prev_hash, hash FROM events WHERE device_id = ?")


@dataclass(frozen=True)
class Projected:
    """What one replay left: the report's rows, every projected row by subject, and the events that failed."""
    cases: list[dict[str, Any]]
    rows: list[tuple[str, str, str]]
    """(subject, table, the row as JSON)."""
    failed: list[tuple[int, str]]
    """(seq, error) of the events whose projection raised: the tablet stored them, the hub could not project."""


_template_lock = threading.Lock()
_template: list[sqlite_utils.Database] = []


def scratch() -> sqlite_utils.Database:
    """An empty in-memory database with the tablet's schema, copied from a template migrated once per process."""
    with _template_lock:
        if not _template:
            template = connect(":memory:")
            migrations.apply(template)
            _template.append(template)
        db = connect(":memory:")
        _template[0].conn.backup(db.conn)
    # One subject's rows may point at another's (an interception at its patrol): the replay checks nothing.
    db.execute("PRAGMA foreign_keys=OFF")
    return db


def replay(rows: Iterable[Sequence[Any]]) -> Projected:
    """Replays events (rows in ledger.COLUMNS order, one device's, in seq order) through the tablet's projections."""
    db = scratch()
    failed = []
    insert = f"INSERT INTO events ({', '.join(ledger.COLUMNS)}) VALUES ({', '.join('?' * len(ledger.COLUMNS))})"
    for row in rows:
        db.execute(insert, list(row))
        project = PROJECTIONS.get(row[3])
        if project is None:
            continue
        db.execute("SAVEPOINT event")
        try:
            project(db, ledger.Event(row[0], row[1], row[2], row[3], row[4], json.loads(row[5]), *row[6:11]))
        except Exception as exc:  # noqa: BLE001 - one event the hub cannot project must not stop the others
            db.execute("ROLLBACK TO event")
            failed.append((int(row[0]), f"{type(exc).__name__}: {exc}"[:500]))
        db.execute("RELEASE event")
    return Projected(_cases(db), list(_subject_rows(db)), failed)


def _subject_rows(db: sqlite_utils.Database) -> Iterator[tuple[str, str, str]]:
    goods_subject = {r[0]: r[1] for r in db.execute("SELECT id, interception FROM intercepted_goods"
                                                    " UNION ALL SELECT id, inspection FROM seized_goods")}
    for table, column in SUBJECT_TABLES.items():
        for row in db.execute(f"SELECT * FROM {table} ORDER BY rowid"):
            record = dict(row)
            subject = goods_subject.get(record[column], "") if table in BY_GOODS else record[column]
            yield subject, table, json.dumps(record, ensure_ascii=False)


def _cases(db: sqlite_utils.Database) -> list[dict[str, Any]]:
    """The tablet's report rows (its unclassified seizures among them), each with its seizure key and the text the
    console searches."""
    found = []
    for row in db.execute(f"SELECT {', '.join(CASE_COLUMNS)} FROM report_cases"):
        case = dict(zip(CASE_COLUMNS, row))
        texts = _texts(db, case["id"], case["source"])
        case["search"] = " ".join(t for t in texts if t).casefold()[:20_000]
        case["tag"] = _tag(db, case, texts)
        found.append(case)
    return found


def _texts(db: sqlite_utils.Database, subject: str, source: str) -> list[str]:
    """Plates, parties, tax and ID numbers, goods: what an officer at headquarters searches a case by."""
    if source == "inspection":
        texts = [str(v or "") for v in db.execute(
            "SELECT i.plates, i.container, i.declared_goods, c.goods, i.verdict_note FROM inspections i"
            " LEFT JOIN cases c ON c.inspection = i.uuid WHERE i.uuid = ?", [subject]).fetchone() or ()]
        for (document,) in db.execute("SELECT document FROM photos WHERE inspection = ? AND document IS NOT NULL",
                                      [subject]):
            read = json.loads(document)
            fields = read.get("fields") if isinstance(read, dict) else None
            texts += [str(f.get("value")) for name, f in (fields.items() if isinstance(fields, dict) else ())
                      if isinstance(f, dict) and name.endswith(("_name", "_tax_code", "vehicle_plates"))]
        return texts
    texts = [str(v or "") for v in db.execute("SELECT persons, vehicles, place, note FROM interceptions"
                                             " WHERE uuid = ?", [subject]).fetchone() or ()]
    texts += [f"{r[0]} {r[1] or ''}" for r in db.execute("SELECT description, tag FROM intercepted_goods"
                                                         " WHERE interception = ?", [subject])]
    return texts


def _tag(db: sqlite_utils.Database, case: dict[str, Any], texts: list[str]) -> str | None:
    """The evidence tag that makes this case one seizure with another tablet's: an interception's own first tag,
    or the first tag an inspection's case names in its goods or its note."""
    if case["source"] == "interception":
        row = db.execute("SELECT MIN(tag) FROM intercepted_goods WHERE interception = ?", [case["id"]]).fetchone()
        return row[0] if row else None
    found = TAG.search(" ".join(texts))
    return found[0].upper() if found else None


SOURCE_FORCES = {"inspection": "customs", "interception": "border_guard"}
"""The force a case belongs to when headquarters has not given its tablet a unit: inspections at a gate are the
customs office's, trail interceptions the border guard's."""


def unit_and_force(assigned: str | None, gate: str, source: str) -> tuple[str, str]:
    """The unit (units.csv code, "" if none) and force a case counts for: its tablet's unit if headquarters gave
    one (device_units), else the unit of the source's force at the case's gate."""
    if assigned and assigned in units.all_units():
        return assigned, units.get(assigned).force
    force = SOURCE_FORCES.get(source, "customs")
    at = units.at_gate(gate, force)
    return (at.code if at else ""), force


def apply(store: Store, device_id: str, new_rows: Sequence[Sequence[Any]]) -> list[tuple[int, str]]:
    """Within the receiver's transaction: the subjects these new events touch, replayed whole from the events held.
    Returns the events that could not be projected."""
    subjects = sorted({row[4] for row in new_rows if row[4] and row[3] in PROJECTIONS})
    if not subjects:
        return []
    events: list[Any] = []
    for start in range(0, len(subjects), 500):
        chunk = subjects[start:start + 500]
        events += store.execute(f"{SELECT_SUBJECT_EVENTS} AND subject IN ({', '.join('?' * len(chunk))})",
                                [device_id, *chunk]).fetchall()
    events.sort(key=lambda r: r[0])
    try:
        projected = replay(events)
    except Exception as exc:  # noqa: BLE001 - the events are stored whatever happens here; `rebuild` retries
        return [(int(new_rows[0][0]), f"{type(exc).__name__}: {exc}"[:500])]
    _replace(store, device_id, subjects, projected)
    return projected.failed


def rebuild(store: Store, device_id: str) -> tuple[int, list[tuple[int, str]]]:
    """One device's projections made anew from all its events held here, in one transaction. Returns the number of
    events replayed and those that failed."""
    with store.transaction():
        store.lock_device(device_id)
        events = store.execute(f"{SELECT_SUBJECT_EVENTS} ORDER BY seq", [device_id]).fetchall()
        projected = replay(events)
        store.execute("DELETE FROM hub_cases WHERE device_id = ?", [device_id])
        store.execute("DELETE FROM hub_rows WHERE device_id = ?", [device_id])
        _insert(store, device_id, projected)
        _recount_seizures(store, {c["tag"] for c in projected.cases if c["tag"]})
    return len(events), projected.failed


def assign_unit(store: Store, device_id: str, unit: str) -> None:
    """Headquarters gives a tablet its unit: its cases count for that unit and force from now on, the old ones too."""
    found = units.get(unit)
    with store.transaction():
        store.execute("INSERT INTO device_units (device_id, unit, assigned_utc) VALUES (?, ?, ?)"
                      " ON CONFLICT (device_id) DO UPDATE SET unit = excluded.unit,"
                      " assigned_utc = excluded.assigned_utc", [device_id, found.code, utc_iso()])
        store.execute("UPDATE hub_cases SET unit = ?, force = ? WHERE device_id = ?", [found.code, found.force,
                                                                                       device_id])


def rebuild_all(store: Store) -> dict[str, tuple[int, list[tuple[int, str]]]]:
    devices = [r[0] for r in store.execute("SELECT device_id FROM devices ORDER BY device_id").fetchall()]
    return {device: rebuild(store, device) for device in devices}


def _replace(store: Store, device_id: str, subjects: list[str], projected: Projected) -> None:
    old_tags: set[str] = set()
    for start in range(0, len(subjects), 500):
        chunk = subjects[start:start + 500]
        marks = ", ".join("?" * len(chunk))
        old_tags |= {r[0] for r in store.execute(f"SELECT tag FROM hub_cases WHERE device_id = ? AND id IN ({marks})"
                                                 " AND tag IS NOT NULL", [device_id, *chunk]).fetchall()}
        store.execute(f"DELETE FROM hub_cases WHERE device_id = ? AND id IN ({marks})", [device_id, *chunk])
        store.execute(f"DELETE FROM hub_rows WHERE device_id = ? AND subject IN ({marks})", [device_id, *chunk])
    _insert(store, device_id, projected)
    _recount_seizures(store, old_tags | {c["tag"] for c in projected.cases if c["tag"]})


def _insert(store: Store, device_id: str, projected: Projected) -> None:
    assigned = store.execute("SELECT unit FROM device_units WHERE device_id = ?", [device_id]).fetchone()
    columns = ("device_id", *CASE_COLUMNS, "unit", "force", "tag", "counted", "search")
    if projected.cases:
        store.executemany(f"INSERT INTO hub_cases ({', '.join(columns)}) VALUES ({', '.join('?' * len(columns))})",
                          [[device_id, *(_typed(c[k]) for k in CASE_COLUMNS),
                            *unit_and_force(assigned[0] if assigned else None, c["gate"], c["source"]),
                            c["tag"], 1, c["search"]] for c in projected.cases])
    if projected.rows:
        store.executemany("INSERT INTO hub_rows (device_id, subject, tbl, row) VALUES (?, ?, ?, ?)",
                          [[device_id, *row] for row in projected.rows])


def _typed(value: Any) -> Any:
    return int(value) if isinstance(value, bool) else value


def _recount_seizures(store: Store, tags: set[str]) -> None:
    """One seizure named by several tablets (a patrol's interception, a station's case) counts once: the row
    recorded first stands for it, the others stay listed but uncounted."""
    for tag in sorted(tags):
        if store.postgres:
            # Two tablets' batches naming one seizure at once: the second recounts after the first commits.
            store.execute("SELECT pg_advisory_xact_lock(hashtext(?))", [tag])
        store.execute("UPDATE hub_cases SET counted = 0 WHERE tag = ?", [tag])
        store.execute("UPDATE hub_cases SET counted = 1 WHERE tag = ? AND (device_id, id) = (SELECT device_id, id"
                      " FROM hub_cases WHERE tag = ? ORDER BY recorded_utc, device_id, id LIMIT 1)", [tag, tag])


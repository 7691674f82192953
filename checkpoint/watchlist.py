"""Watchlists: versioned lists imported from CSV or JSON lines (CONTRACTS.md), one version per import,
and the screening index of the versions in force."""
from __future__ import annotations

import csv
import io
import json
import threading
import uuid
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path

import sqlite_utils

from . import screening
from .db import atomic

COLUMNS = ("kind", "name", "tax_code", "plate", "gtin", "id_number", "co_reference", "note")
OPTIONAL_COLUMNS = ("batch",)
"""Beyond CONTRACTS.md's header (extension by an added column): a product listing's batch (GS1 AI 10)."""
IDENTIFIERS = ("tax_code", "plate", "gtin", "id_number", "co_reference", "batch")
KINDS = ("company", "person", "vehicle", "product", "document")


@dataclass(frozen=True)
class ImportReport:
    version: str
    imported: int
    rejected: tuple[tuple[int, str], ...]
    """(line number, reason) for each row left out."""


def _rows(text: str, fmt: str) -> list[tuple[int, dict[str, str] | None]]:
    if fmt == "jsonl":
        rows = []
        for number, line in enumerate(text.splitlines(), start=1):
            if line.strip():
                try:
                    value = json.loads(line)
                except json.JSONDecodeError:
                    value = None
                rows.append((number, value if isinstance(value, dict) else None))
        return rows
    reader = csv.DictReader(io.StringIO(text))
    return [(reader.line_num, row) for row in reader]


def _problem(row: dict[str, str] | None) -> str | None:
    if row is None:
        return "not a JSON object"
    kind = str(row.get("kind") or "").strip()
    if kind not in KINDS:
        return f"unknown kind {kind[:40]!r}"
    if not any(str(row.get(c) or "").strip() for c in COLUMNS[1:7]):
        return "no name or identifier"
    for column in IDENTIFIERS:
        value = str(row.get(column) or "").strip()
        problem = value and screening.identifier_problem(column, value)
        if problem:
            return f"invalid {column} {value[:40]!r}: {problem}"
    return None


def import_text(db: sqlite_utils.Database, text: str, list_name: str, *, source: str,
                fmt: str = "csv", demo: bool = False) -> ImportReport:
    """Imports every valid row as a new version of `list_name`; invalid rows are reported, not imported."""
    text = text.lstrip("\ufeff")
    version = f"{list_name}@{datetime.now(timezone.utc).strftime('%Y%m%dT%H%M%S%fZ')}"
    accepted, rejected = [], []
    for number, row in _rows(text, fmt):
        problem = _problem(row)
        if problem:
            rejected.append((number, problem))
            continue
        entry = {c: (str(row.get(c) or "").strip() or None) for c in (*COLUMNS, *OPTIONAL_COLUMNS)}
        accepted.append({"id": str(uuid.uuid4()), "version": version, "list": list_name, **entry})
    with atomic(db):
        db["watchlist_versions"].insert({
            "version": version, "list": list_name, "imported_utc": datetime.now(timezone.utc).isoformat(),
            "source": source, "entries": len(accepted), "demo": int(demo)})
        db["watchlist_entries"].insert_all(accepted)
    return ImportReport(version, len(accepted), tuple(rejected))


def import_file(db: sqlite_utils.Database, path: str | Path, list_name: str, *, demo: bool = False) -> ImportReport:
    path = Path(path)
    fmt = "jsonl" if path.suffix.lower() in (".jsonl", ".ndjson", ".json") else "csv"
    return import_text(db, path.read_text(encoding="utf-8"), list_name, source=path.name, fmt=fmt, demo=demo)


def current_version(db: sqlite_utils.Database) -> str:
    """The versions in force (the newest of each list), joined: what an inspection was screened against."""
    rows = db.execute("SELECT list, MAX(version) FROM watchlist_versions GROUP BY list ORDER BY list").fetchall()
    return ",".join(row[1] for row in rows)


def entries(db: sqlite_utils.Database) -> list[screening.Entry]:
    """The entries of the versions in force (the newest of each list)."""
    rows = db.execute(
        "SELECT e.* FROM watchlist_entries e JOIN (SELECT list, MAX(version) AS version FROM watchlist_versions"
        " GROUP BY list) v ON e.version = v.version ORDER BY e.list, e.rowid").fetchall()
    return [screening.Entry(**{k: row[k] for k in ("id", "list", "version", "kind", *COLUMNS[1:], "batch")})
            for row in rows]


_INDEXES: dict[tuple[str, str], screening.Index] = {}
_INDEXES_LOCK = threading.Lock()
"""The server answers requests on several threads; one builds an index while the others wait for it."""


def index(db: sqlite_utils.Database) -> screening.Index:
    """The screening index of the versions in force, built once per database and version set."""
    version = current_version(db)
    database = db.execute("PRAGMA database_list").fetchone()[2]
    key = (database, version)
    with _INDEXES_LOCK:
        if key not in _INDEXES:
            for stale in [k for k in _INDEXES if k[0] == database or len(_INDEXES) > 8]:
                del _INDEXES[stale]
            _INDEXES[key] = screening.Index(entries(db), version)
        return _INDEXES[key]

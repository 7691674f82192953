"""Watchlists: versioned lists imported from CSV or JSON lines (CONTRACTS.md), one version per import,
and the screening index of the versions in force."""
from __future__ import annotations

import csv
import io
import json
import threading
import uuid
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import sqlite_utils

from ..clock import utc_iso, utc_now
from ..errors import N_, InvalidInput
from ..store.db import atomic
from . import screening

COLUMNS = ("kind", "name", "tax_code", "plate", "gtin", "id_number", "co_reference", "note")
OPTIONAL_COLUMNS = ("batch", "phone")
"""Beyond CONTRACTS.md's header (extension by added columns, which older lists simply lack): a product
listing's batch (GS1 AI 10), and a person's or company's phone number (screening.normalise_phone)."""
IDENTIFIERS = ("tax_code", "plate", "gtin", "id_number", "co_reference", "batch", "phone")
KINDS = ("company", "person", "vehicle", "product", "document")

class WatchlistRefused(InvalidInput):
    # CONTRACTS.md: bad rows are reported and the rest imported; but a version with no entry at all would
    # silently switch screening off, so that one is refused.
    message = N_("%(source)s: none of its %(rows)d rows is valid. Nothing was imported: the list in force is"
                 " unchanged.")
    translate_params = False


class WatchlistHeaderInvalid(InvalidInput):
    message = N_("%(source)s: the first line must be the header kind,name,tax_code,plate,gtin,id_number,"
                 "co_reference,note (found %(found)s). Nothing was imported.")
    translate_params = False


class WatchlistUnreadable(InvalidInput):
    message = N_("%(source)s: line %(line)d is not readable CSV (a field over 128 KB, often from an unclosed"
                 " quote). Nothing was imported.")
    translate_params = False


class WatchlistShrinks(InvalidInput):
    message = N_("%(source)s would replace the %(before)d entries of list %(list)s in force with %(after)d"
                 " (%(rejected)d rows refused). Nothing was imported: if this is right, import it again with"
                 " --confirm.")
    status = 409
    exit_code = 1
    translate_params = False


MAX_DROP_SHARE = 0.2
"""Share of the list in force an import may drop without being confirmed (WATCHLIST_MAX_DROP_SHARE)."""


@dataclass(frozen=True)
class Rejection:
    """A row left out of an import, and why: `message` is an English msgid that `params` fill."""
    line: int
    message: str
    params: dict[str, Any]


@dataclass(frozen=True)
class ImportReport:
    version: str
    imported: int
    rejected: tuple[Rejection, ...]


def _rows(text: str, fmt: str, source: str) -> list[tuple[int, dict[str, str] | None]]:
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
    header = text.split("\n", 1)[0]
    # Excel writes ';' between fields where the decimal mark is ',' (a Vietnamese locale, for one).
    delimiter = max((",", ";", "\t"), key=header.count)
    reader = csv.DictReader(io.StringIO(text), delimiter=delimiter)
    try:
        fields = [name.strip().lower() for name in reader.fieldnames or ()]
        named = [name for name in fields if name]  # Excel may add empty columns after the last one
        if "kind" not in named or not set(named) <= {*COLUMNS, *OPTIONAL_COLUMNS} or len(set(named)) != len(named):
            raise WatchlistHeaderInvalid(source=source, found=repr(header.strip()[:200]))
        reader.fieldnames = fields
        return [(reader.line_num, row) for row in reader]
    except csv.Error:
        raise WatchlistUnreadable(source=source, line=reader.line_num + 1) from None  # the line being read


def _problem(row: dict[str, str] | None) -> tuple[str, dict[str, Any]] | None:
    if row is None:
        return N_("not a JSON object"), {}
    kind = str(row.get("kind") or "").strip()
    if kind not in KINDS:
        return N_("unknown kind '%(kind)s'"), {"kind": kind[:40]}
    if not any(str(row.get(c) or "").strip() for c in (*COLUMNS[1:7], "phone")):
        return N_("no name or identifier"), {}
    for column in IDENTIFIERS:
        value = str(row.get(column) or "").strip()
        problem = value and screening.identifier_problem(column, value)
        if problem:
            return N_("invalid %(column)s '%(value)s': %(problem)s"), {"column": column, "value": value[:40],
                                                                     "problem": problem}
    return None


def import_text(db: sqlite_utils.Database, text: str, list_name: str, *, source: str,
                fmt: str = "csv", demo: bool = False, confirmed: bool = False,
                max_drop_share: float = MAX_DROP_SHARE) -> ImportReport:
    """Imports every valid row as a new version of `list_name`; invalid rows are reported, not imported.
    Raises (importing nothing) when the file is unreadable or too few of its rows are valid, or, unless
    `confirmed`, when it would drop more than `max_drop_share` of the list in force: one stray quote can
    fold hundreds of lines into one field, and the new version replaces the old one whole."""
    text = text.lstrip("\ufeff")
    version = f"{list_name}@{utc_now().strftime('%Y%m%dT%H%M%S%fZ')}"
    accepted, rejected = [], []
    rows = _rows(text, fmt, source)
    for number, row in rows:
        problem = _problem(row)
        if problem or row is None:  # _problem refuses a missing row
            rejected.append(Rejection(number, *(problem or (N_("not a JSON object"), {}))))
            continue
        entry = {c: (str(row.get(c) or "").strip() or None) for c in (*COLUMNS, *OPTIONAL_COLUMNS)}
        accepted.append({"id": str(uuid.uuid4()), "version": version, "list": list_name, **entry})
    if not accepted:
        raise WatchlistRefused(source=source, rows=len(rows))
    with atomic(db):
        in_force = db.execute("SELECT entries FROM watchlist_versions WHERE list = ? ORDER BY version DESC LIMIT 1",
                              [list_name]).fetchone()
        if in_force and not confirmed and in_force[0] - len(accepted) > max_drop_share * in_force[0]:
            raise WatchlistShrinks(source=source, list=list_name, before=in_force[0], after=len(accepted),
                                   rejected=len(rejected))
        db.table("watchlist_versions").insert({
            "version": version, "list": list_name, "imported_utc": utc_iso(),
            "source": source, "entries": len(accepted), "demo": int(demo)})
        db.table("watchlist_entries").insert_all(accepted)
    return ImportReport(version, len(accepted), tuple(rejected))


def import_file(db: sqlite_utils.Database, path: str | Path, list_name: str, *, demo: bool = False,
                confirmed: bool = False, max_drop_share: float = MAX_DROP_SHARE) -> ImportReport:
    path = Path(path)
    fmt = "jsonl" if path.suffix.lower() in (".jsonl", ".ndjson", ".json") else "csv"
    return import_text(db, path.read_text(encoding="utf-8"), list_name, source=path.name, fmt=fmt, demo=demo,
                       confirmed=confirmed, max_drop_share=max_drop_share)


def current_version(db: sqlite_utils.Database) -> str:
    """The versions in force (the newest of each list), joined: what an inspection was screened against."""
    rows = db.execute("SELECT list, MAX(version) FROM watchlist_versions GROUP BY list ORDER BY list").fetchall()
    return ",".join(row[1] for row in rows)


def entries(db: sqlite_utils.Database) -> list[screening.Entry]:
    """The entries of the versions in force (the newest of each list)."""
    rows = db.execute(
        "SELECT e.* FROM watchlist_entries e JOIN (SELECT list, MAX(version) AS version FROM watchlist_versions"
        " GROUP BY list) v ON e.version = v.version ORDER BY e.list, e.rowid").fetchall()
    return [screening.Entry(**{k: row[k] for k in ("id", "list", "version", "kind", *COLUMNS[1:], *OPTIONAL_COLUMNS)})
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

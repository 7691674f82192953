"""Headquarters' database: PostgreSQL through psycopg in production, a SQLite file for a trial. The SQL is
written once with `?` marks; `Store` adapts it to the backend. Also the cross-gate tables built from the events."""
from __future__ import annotations

import json
import sqlite3
import threading
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import Any

from ..clock import utc_iso

# Hub schema versions, applied once each and recorded; {blob} and {serial} differ by backend, and a
# script given as a dict has one text per backend.
HUB_MIGRATIONS: list[tuple[str, str | dict[str, str]]] = [("h001_events", """
CREATE TABLE devices (
    device_id TEXT PRIMARY KEY, public_key TEXT NOT NULL, registered_utc TEXT NOT NULL,
    last_seen_utc TEXT, clock_skew_seconds DOUBLE PRECISION, contiguous_seq BIGINT NOT NULL DEFAULT 0,
    head_seq BIGINT, head_hash TEXT, head_signed_utc TEXT, head_signature TEXT
);
CREATE TABLE events (
    device_id TEXT NOT NULL, seq BIGINT NOT NULL, uuid TEXT NOT NULL UNIQUE, type TEXT NOT NULL,
    subject TEXT, payload TEXT NOT NULL, author TEXT, created_utc TEXT NOT NULL, mono_ns BIGINT NOT NULL,
    prev_hash TEXT NOT NULL, hash TEXT NOT NULL, received_utc TEXT NOT NULL,
    PRIMARY KEY (device_id, seq)
);
CREATE TABLE evidence (
    sha256 TEXT PRIMARY KEY, data {blob} NOT NULL, bytes BIGINT NOT NULL, received_utc TEXT NOT NULL
);
CREATE TABLE alerts (
    id {serial} PRIMARY KEY, device_id TEXT NOT NULL, kind TEXT NOT NULL, seq BIGINT, detail TEXT NOT NULL,
    created_utc TEXT NOT NULL
);
CREATE TABLE inspections (subject TEXT PRIMARY KEY, device_id TEXT NOT NULL, gate TEXT NOT NULL);
CREATE TABLE co_uses (
    device_id TEXT NOT NULL, seq BIGINT NOT NULL, reference TEXT NOT NULL, subject TEXT,
    PRIMARY KEY (device_id, seq)
);
CREATE INDEX co_uses_reference ON co_uses (reference);
CREATE TABLE watchlists (
    version TEXT PRIMARY KEY, list TEXT NOT NULL, fmt TEXT NOT NULL, text TEXT NOT NULL,
    published_utc TEXT NOT NULL, signature TEXT NOT NULL
)
"""), ("h002_append_only", {
    # Headquarters' copy is append-only too: a changed row would need the DBA to drop the guard first.
    "sqlite": "CREATE TRIGGER events_no_update BEFORE UPDATE ON events"
              " BEGIN SELECT RAISE(ABORT, 'events are append-only'); END;\n"
              "CREATE TRIGGER events_no_delete BEFORE DELETE ON events"
              " BEGIN SELECT RAISE(ABORT, 'events are append-only'); END",
    "postgres": "CREATE FUNCTION events_append_only() RETURNS trigger LANGUAGE plpgsql AS"
                " $$ BEGIN RAISE EXCEPTION 'events are append-only'; END $$;\n"
                "CREATE TRIGGER events_append_only BEFORE UPDATE OR DELETE ON events"
                " FOR EACH ROW EXECUTE FUNCTION events_append_only()",
}), ("h003_events_subject", "CREATE INDEX events_subject ON events (device_id, subject)"),  # C/O corrections
    # Event ids are unique per device: a tablet reusing another's id must not block it.
    ("h004_event_ids_per_device", {
        "sqlite": "DROP TRIGGER events_no_update;\n"
                  "DROP TRIGGER events_no_delete;\n"
                  "CREATE TABLE events_per_device ("
                  " device_id TEXT NOT NULL, seq BIGINT NOT NULL, uuid TEXT NOT NULL, type TEXT NOT NULL,"
                  " subject TEXT, payload TEXT NOT NULL, author TEXT, created_utc TEXT NOT NULL,"
                  " mono_ns BIGINT NOT NULL,"
                  " prev_hash TEXT NOT NULL, hash TEXT NOT NULL, received_utc TEXT NOT NULL,"
                  " PRIMARY KEY (device_id, seq), UNIQUE (device_id, uuid));\n"
                  "INSERT INTO events_per_device SELECT * FROM events;\n"
                  "DROP TABLE events;\n"
                  "ALTER TABLE events_per_device RENAME TO events;\n"
                  "CREATE INDEX events_subject ON events (device_id, subject);\n"
                  "CREATE TRIGGER events_no_update BEFORE UPDATE ON events"
                  " BEGIN SELECT RAISE(ABORT, 'events are append-only'); END;\n"
                  "CREATE TRIGGER events_no_delete BEFORE DELETE ON events"
                  " BEGIN SELECT RAISE(ABORT, 'events are append-only'); END",
        "postgres": "ALTER TABLE events DROP CONSTRAINT events_uuid_key;\n"
                    "CREATE UNIQUE INDEX events_device_uuid ON events (device_id, uuid)",
    }),
    # Events a tablet could not send whole (too large for this hub): their place in the chain, their size
    # and digest, never their content; the tablet keeps the event.
    ("h005_quarantine", "CREATE TABLE quarantined (device_id TEXT NOT NULL, seq BIGINT NOT NULL,"
                        " bytes BIGINT NOT NULL, sha256 TEXT NOT NULL, reason TEXT NOT NULL,"
                        " received_utc TEXT NOT NULL,"
                        " PRIMARY KEY (device_id, seq))"),
    # The tablet's projections replayed here (projections.py): the report's rows with their unit and force, the
    # seizure that counts once and the text the console searches; every projected row of a subject for the case's
    # record; the unit headquarters gave each tablet (else its cases go to the unit of their force at their gate).
    ("h006_projections", """
CREATE TABLE hub_cases (
    device_id TEXT NOT NULL, id TEXT NOT NULL, source TEXT NOT NULL, gate TEXT NOT NULL, unit TEXT NOT NULL,
    force TEXT NOT NULL, local_date TEXT NOT NULL, officer TEXT, recorded_utc TEXT NOT NULL, category INTEGER,
    subtype TEXT,
    focus_group TEXT, goods TEXT, goods_value_vnd BIGINT NOT NULL, fine_vnd BIGINT NOT NULL,
    budget_vnd BIGINT NOT NULL, confiscated INTEGER NOT NULL, criminal INTEGER NOT NULL, defendants INTEGER NOT NULL,
    tag TEXT, counted INTEGER NOT NULL, search TEXT NOT NULL,
    PRIMARY KEY (device_id, id)
);
CREATE INDEX hub_cases_period ON hub_cases (local_date, unit);
CREATE INDEX hub_cases_tag ON hub_cases (tag) WHERE tag IS NOT NULL;
CREATE TABLE hub_rows (device_id TEXT NOT NULL, subject TEXT NOT NULL, tbl TEXT NOT NULL, row TEXT NOT NULL);
CREATE INDEX hub_rows_subject ON hub_rows (device_id, subject);
CREATE TABLE device_units (device_id TEXT PRIMARY KEY, unit TEXT NOT NULL, assigned_utc TEXT NOT NULL)
"""),
    # The console's own accounts (console.py), scoped to units; disabled, never deleted; sessions named by the
    # cookie and ended here.
    ("h007_console_accounts", """
CREATE TABLE hub_users (
    id {serial} PRIMARY KEY, username TEXT NOT NULL UNIQUE, password_hash TEXT NOT NULL, role TEXT NOT NULL,
    units TEXT NOT NULL, created_utc TEXT NOT NULL, disabled_utc TEXT
);
CREATE TABLE hub_sessions (
    id TEXT PRIMARY KEY, user_id BIGINT NOT NULL REFERENCES hub_users(id), created_utc TEXT NOT NULL,
    ended_utc TEXT
);
CREATE TABLE hub_login_failures (username TEXT NOT NULL, at TEXT NOT NULL);
CREATE INDEX hub_login_failures_key ON hub_login_failures (username, at)
"""),
    # Each export of a 389 report with the fingerprint of its figures: the page says when they changed since
    # (a tablet synced late, a case was corrected).
    ("h008_report_exports", "CREATE TABLE hub_report_exports (unit TEXT NOT NULL, kind TEXT NOT NULL,"
                            " start_date TEXT NOT NULL, end_date TEXT NOT NULL, fingerprint TEXT NOT NULL,"
                            " fmt TEXT NOT NULL, username TEXT NOT NULL, exported_utc TEXT NOT NULL);\n"
                            "CREATE INDEX hub_report_exports_period"
                            " ON hub_report_exports (unit, start_date, end_date)"),
]


class Store:
    """One connection to the hub database, PostgreSQL or SQLite, with transactions that work the same."""

    def __init__(self, url: str) -> None:
        self.postgres = url.startswith(("postgresql://", "postgres://"))
        if self.postgres:
            import psycopg

            self.conn: Any = psycopg.connect(url, autocommit=True)
            self.integrity_errors: tuple[type[Exception], ...] = (psycopg.IntegrityError,)
        else:
            path = url.removeprefix("sqlite:///").removeprefix("sqlite://")
            self.conn = sqlite3.connect(path, timeout=30, isolation_level=None, check_same_thread=False)
            self.conn.execute("PRAGMA journal_mode=WAL")
            self.conn.execute("PRAGMA synchronous=FULL")
            self.conn.execute("PRAGMA busy_timeout=30000")
            self.integrity_errors = (sqlite3.IntegrityError,)

    def _sql(self, sql: str) -> str:
        return sql.replace("?", "%s") if self.postgres else sql

    def execute(self, sql: str, params: Sequence[Any] = ()) -> Any:
        return self.conn.execute(self._sql(sql), params)

    def executemany(self, sql: str, rows: Sequence[Sequence[Any]]) -> None:
        if self.postgres:
            with self.conn.cursor() as cursor:
                cursor.executemany(self._sql(sql), rows)
        else:
            self.conn.executemany(sql, rows)

    @contextmanager
    def transaction(self) -> Iterator[Store]:
        if self.postgres:
            with self.conn.transaction():
                yield self
            return
        self.conn.execute("BEGIN IMMEDIATE")
        try:
            yield self
        except BaseException:
            self.conn.execute("ROLLBACK")
            raise
        self.conn.execute("COMMIT")

    def lock_device(self, device_id: str) -> None:
        # PostgreSQL serialises one device's batches on its row; SQLite's BEGIN IMMEDIATE already did.
        if self.postgres:
            self.execute("SELECT 1 FROM devices WHERE device_id = ? FOR UPDATE", [device_id])

    def migrate(self) -> None:
        self.execute("CREATE TABLE IF NOT EXISTS hub_migrations (name TEXT PRIMARY KEY, applied_utc TEXT NOT NULL)")
        done = {row[0] for row in self.execute("SELECT name FROM hub_migrations").fetchall()}
        types = {"blob": "BYTEA", "serial": "BIGSERIAL"} if self.postgres else {"blob": "BLOB",
                                                                                 "serial": "INTEGER"}
        for name, script in HUB_MIGRATIONS:
            if name in done:
                continue
            if isinstance(script, dict):
                script = script["postgres" if self.postgres else "sqlite"]
            else:
                script = script.format(**types)
            with self.transaction():
                for statement in script.split(";\n"):
                    self.execute(statement)
                self.execute("INSERT INTO hub_migrations (name, applied_utc) VALUES (?, ?)", [name, utc_iso()])

    def close(self) -> None:
        self.conn.close()


def project(store: Store, device_id: str, rows: list[list[Any]]) -> None:
    """The cross-gate tables: which gate an inspection belongs to, and which C/O each photo showed, as the
    officer corrected it when the OCR misread the reference (the latest reading wins)."""
    inspections = []
    co_uses: dict[int, tuple[str | None, str]] = {}  # photo seq: (its C/O reference or None, its inspection)
    for row in rows:
        if row[3] not in ("inspection.started", "inspection.photo_added", "inspection.field_corrected"):
            continue
        try:
            payload = json.loads(row[5])
        except ValueError:
            continue
        if row[3] == "inspection.started" and isinstance(payload.get("gate"), str):
            inspections.append([row[4], device_id, payload["gate"]])
        elif row[3] == "inspection.photo_added":
            document = _co_document(payload)
            if document is not None:
                field = (document.get("fields") or {}).get("reference_number")
                co_uses[row[0]] = (_reference(field.get("value") if isinstance(field, dict) else None), row[4])
        elif payload.get("field") == "reference_number":
            for seq in _co_photos(store, device_id, row[4], payload.get("sha256")):
                co_uses[seq] = (_reference(payload.get("value")), row[4])
    if inspections:
        store.executemany("INSERT INTO inspections (subject, device_id, gate) VALUES (?, ?, ?)"
                          " ON CONFLICT (subject) DO NOTHING", inspections)
    cleared = [[device_id, seq] for seq, (reference, _) in co_uses.items() if reference is None]
    if cleared:
        store.executemany("DELETE FROM co_uses WHERE device_id = ? AND seq = ?", cleared)
    uses = [[device_id, seq, reference, subject] for seq, (reference, subject) in co_uses.items() if reference]
    if uses:
        store.executemany("INSERT INTO co_uses (device_id, seq, reference, subject) VALUES (?, ?, ?, ?)"
                          " ON CONFLICT (device_id, seq) DO UPDATE SET reference = excluded.reference", uses)


def _co_photos(store: Store, device_id: str, subject: str | None, sha256: Any) -> list[int]:
    """The seqs of an inspection's C/O photo events showing the photo `sha256` (stored before the correction)."""
    rows = store.execute("SELECT seq, payload FROM events WHERE device_id = ? AND subject = ?"
                         " AND type = 'inspection.photo_added' ORDER BY seq", [device_id, subject]).fetchall()
    payloads = [(seq, json.loads(text)) for seq, text in rows]
    return [seq for seq, payload in payloads if payload.get("sha256") == sha256 and _co_document(payload)]


def _co_document(payload: dict[str, Any]) -> dict[str, Any] | None:
    document = payload.get("document")
    return document if isinstance(document, dict) and document.get("doc_type") == "co" else None


def _reference(value: Any) -> str | None:
    return value.strip().upper() if isinstance(value, str) and value.strip() else None


class Stores:
    """One Store per server thread, all closed together when the server stops."""

    def __init__(self, url: str) -> None:
        self.url = url
        self.local = threading.local()
        self.opened: list[Store] = []
        self.lock = threading.Lock()

    def get(self) -> Store:
        store = getattr(self.local, "store", None)
        if store is None:
            store = self.local.store = Store(self.url)
            with self.lock:
                self.opened.append(store)
        return store

    def close(self) -> None:
        with self.lock:
            for store in self.opened:
                store.close()
            self.opened.clear()

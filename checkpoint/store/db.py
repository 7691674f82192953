"""SQLite through sqlite-utils: one connection per request on `g`, WAL, foreign keys, durable writes."""
from __future__ import annotations

import sqlite3
from pathlib import Path

import sqlite_utils


def connect(path: str | Path, *, read_only: bool = False) -> sqlite_utils.Database:
    """read_only: SQLite itself refuses every write, and a missing file is an error rather than a new database."""
    if read_only:
        conn = sqlite3.connect(Path(path).resolve().as_uri() + "?mode=ro", uri=True, timeout=30,
                               isolation_level=None, check_same_thread=False)
    else:
        conn = sqlite3.connect(str(path), timeout=30, isolation_level=None, check_same_thread=False)
    conn.row_factory = sqlite3.Row
    db = sqlite_utils.Database(conn)
    if not read_only:
        db.execute("PRAGMA journal_mode=WAL")
    # FULL: an event acknowledged to the officer survives a power cut.
    db.execute("PRAGMA synchronous=FULL")
    db.execute("PRAGMA foreign_keys=ON")
    db.execute("PRAGMA busy_timeout=30000")
    return db


class atomic:
    """One write transaction (BEGIN IMMEDIATE … COMMIT), rolled back whole on any error. Inside another it is
    a savepoint of the outer one, so that several writes (an upload's photos and their checks) commit as one."""

    def __init__(self, db: sqlite_utils.Database) -> None:
        self.db = db
        self.nested = False

    def __enter__(self) -> sqlite_utils.Database:
        self.nested = self.db.conn.in_transaction
        self.db.execute("SAVEPOINT atomic" if self.nested else "BEGIN IMMEDIATE")
        return self.db

    def __exit__(self, exc_type: type[BaseException] | None, *_: object) -> None:
        if not self.nested:
            self.db.execute("ROLLBACK" if exc_type else "COMMIT")
            return
        if exc_type:
            self.db.execute("ROLLBACK TO atomic")
        self.db.execute("RELEASE atomic")


def gate_filter(gates: list[str] | None, column: str = "gate") -> tuple[str, list[str]]:
    """An ' AND column IN (…)' clause and its parameters; gates=None (every gate) adds nothing."""
    if gates is None:
        return "", []
    return f" AND {column} IN ({','.join('?' * len(gates))})", list(gates)

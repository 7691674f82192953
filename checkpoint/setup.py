"""First start and every start: migrations, reference data, the first admin, the demo watchlist."""
from __future__ import annotations

import csv
from dataclasses import dataclass

import sqlite_utils

from . import users, watchlist
from .settings import DATA_DIR
from .store import migrations

DEMO_LIST = "demo"


@dataclass(frozen=True)
class InitReport:
    migrations: tuple[str, ...]
    admin_password: str | None
    """The one-time password of the admin account created now, or None if accounts existed."""
    demo_version: str | None


def initialise(db: sqlite_utils.Database, *, load_demo: bool) -> InitReport:
    """Idempotent: a second call changes nothing."""
    applied = migrations.apply(db)
    with open(DATA_DIR / "gates.csv", encoding="utf-8") as f:
        gates = [{k: row[k] for k in ("code", "name", "name_en", "province", "kind", "lat", "lon", "unit")}
                 for row in csv.DictReader(f)]
    db.table("gates").upsert_all(gates, pk="code")
    password = users.ensure_admin(db)
    demo_version = None
    if load_demo and db.execute("SELECT 1 FROM watchlist_versions LIMIT 1").fetchone() is None:
        demo_version = watchlist.import_file(db, DATA_DIR / "demo_watchlist.csv", DEMO_LIST, demo=True).version
    return InitReport(tuple(applied), password, demo_version)


def gates(db: sqlite_utils.Database) -> list[dict[str, str]]:
    return [dict(r) for r in db.execute("SELECT code, name, name_en, unit FROM gates ORDER BY rowid")]

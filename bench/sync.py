"""Sync throughput: one device's events to a hub on loopback, SQLite and PostgreSQL hubs, beside a peer.

    .venv/bin/python bench/sync.py [--events 100000] [--batch-size 1000] [--pg URL]

The hub runs as `checkpoint hub serve` in its own process; the device runs `sync.run` (read, sign
the head, POST, check the signed receipt, keep it) for every batch. The peer is the bare cost of
storing the same rows in the same database: executemany of the rows, one commit per batch, no
HTTP, no checks. --pg defaults to $CHECKPOINT_TEST_PG_URL (source scripts/postgres); without it
only the SQLite hub runs. Events carry no photos here.
"""
from __future__ import annotations

import argparse
import importlib.util
import os
import shutil
import socket
import sqlite3
import subprocess
import sys
import tempfile
import time
import urllib.request
import uuid
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from checkpoint import ledger, sync  # noqa: E402
from checkpoint.ledger import signing  # noqa: E402
from checkpoint.store.db import connect  # noqa: E402

_spec = importlib.util.spec_from_file_location("bench_ledger", Path(__file__).with_name("ledger.py"))
assert _spec and _spec.loader
bench_ledger = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(bench_ledger)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def start_hub(database_url: str, key: Path) -> tuple[subprocess.Popen[bytes], str]:
    port = free_port()
    process = subprocess.Popen([sys.executable, "-m", "checkpoint", "hub", "serve", "--database", database_url,
                                "--port", str(port), "--key", str(key), "--trial"], cwd=ROOT,
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url + "/api/v1/hub/key", timeout=2):
                return process, url
        except OSError:
            time.sleep(0.2)
    process.kill()
    raise SystemExit("the hub did not start")


def peer_store(database_url: str, rows: list[list[Any]], batch_size: int) -> float:
    """Seconds to insert the rows into a plain table of the same database, one commit per batch."""
    create = ("CREATE TABLE peer_events (device_id TEXT, seq BIGINT, uuid TEXT, type TEXT, subject TEXT, payload TEXT,"
              " author TEXT, created_utc TEXT, mono_ns BIGINT, prev_hash TEXT, hash TEXT,"
              " PRIMARY KEY (device_id, seq))")
    insert = "INSERT INTO peer_events VALUES ({})"
    if database_url.startswith("postgresql://"):
        import psycopg

        with psycopg.connect(database_url) as conn:
            conn.execute(create)
            conn.commit()
            started = time.perf_counter()
            for start in range(0, len(rows), batch_size):
                with conn.cursor() as cursor:
                    cursor.executemany(insert.format(", ".join(["%s"] * 11)),
                                       [[r[2], r[0], r[1], *r[3:]] for r in rows[start:start + batch_size]])
                conn.commit()
            return time.perf_counter() - started
    lite = sqlite3.connect(database_url, isolation_level=None)
    lite.execute("PRAGMA journal_mode=WAL")
    lite.execute("PRAGMA synchronous=FULL")
    lite.execute(create)
    started = time.perf_counter()
    for start in range(0, len(rows), batch_size):
        lite.execute("BEGIN")
        lite.executemany(insert.format(", ".join("?" * 11)),
                         [[r[2], r[0], r[1], *r[3:]] for r in rows[start:start + batch_size]])
        lite.execute("COMMIT")
    lite.close()
    return time.perf_counter() - started


def run_one(name: str, database_url: str, template: Path, folder: Path, events: int, batch_size: int) -> None:
    device_path = folder / f"device-{name}.db"
    shutil.copy(template, device_path)
    shutil.copy(str(template) + ".key", str(device_path) + ".key")
    process, url = start_hub(database_url, folder / f"hub-{name}.key")
    try:
        db = connect(device_path)
        started = time.perf_counter()
        hub_key = signing.public_text(signing.load_or_create(folder / f"hub-{name}.key"))
        report = sync.run(db, url, str(folder / "evidence"), hub_public_key=hub_key, batch_size=batch_size,
                          attempts=1)
        took = time.perf_counter() - started
        rows = [list(r) for r in db.execute(ledger.SELECT_EVENTS + " ORDER BY seq")]
        db.conn.close()
    finally:
        process.terminate()
        process.wait(30)
    assert report.acknowledged == events, report
    peer = peer_store(database_url, rows, batch_size)
    print(f"sync {events:,} events to a {name} hub: checkpoint sync {events / took:,.0f} events/s, {took:.1f} s total"
          f"   peer: bare executemany into {name} {events / peer:,.0f} events/s, {peer:.1f} s   (target >= 2,000/s)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=100_000)
    parser.add_argument("--batch-size", type=int, default=1000)
    parser.add_argument("--pg", default=os.environ.get("CHECKPOINT_TEST_PG_URL", ""))
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="bench-sync-") as tmp:
        folder = Path(tmp)
        template = folder / "template.db"
        bench_ledger.fill(template, args.events)
        connect(template).execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchall()
        run_one("SQLite", str(folder / "hub.db"), template, folder, args.events, args.batch_size)
        if not args.pg:
            print("PostgreSQL hub skipped: no --pg URL and no CHECKPOINT_TEST_PG_URL")
            return
        import psycopg

        name = f"bench_{uuid.uuid4().hex[:10]}"
        with psycopg.connect(args.pg, autocommit=True) as admin:
            admin.execute(f"CREATE DATABASE {name}")
        try:
            run_one("PostgreSQL", args.pg.rsplit("/", 1)[0] + "/" + name, template, folder, args.events,
                    args.batch_size)
        finally:
            with psycopg.connect(args.pg, autocommit=True) as admin:
                admin.execute(f"DROP DATABASE {name} WITH (FORCE)")


if __name__ == "__main__":
    main()

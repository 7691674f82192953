"""Durable appends per second and `verify` time for a large log, each beside a plain peer in the same run.

    .venv/bin/python bench/ledger.py [--appends 2000] [--events 1000000]

Appends: `ledger.record` (event, projection-free type, signed head, one fsync'd WAL commit each) against
a plain sqlite3 INSERT loop with the same pragmas (WAL, synchronous=FULL), one commit per row.
Verify: `ledger.verify` over a log of --events events against plain hashlib.sha256 over the same rows.
The large log is written in one transaction with the rows `record` would write (chained, hashed, head
signed), because a million fsync'd appends would take most of an hour; only `verify` is timed on it.
"""
from __future__ import annotations

import argparse
import hashlib
import sqlite3
import sys
import tempfile
import time
import uuid
from datetime import UTC, datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from checkpoint import ledger, setup  # noqa: E402
from checkpoint.ledger import signing
from checkpoint.store.db import atomic, connect  # noqa: E402

PAYLOAD = {"text": "patrol passed marker 1195 at 21.98 N 106.71 E, two porters seen heading north"}


def bench_appends(folder: Path, count: int) -> tuple[float, float]:
    db = connect(folder / "appends.db")
    setup.initialise(db, load_demo=False)
    ledger.record(db, "patrol.note", PAYLOAD, author="patrol1")  # key made outside the timing
    started = time.perf_counter()
    for _ in range(count):
        ledger.record(db, "patrol.note", PAYLOAD, author="patrol1", subject="patrol-1")
    ours = count / (time.perf_counter() - started)
    db.conn.close()

    plain = sqlite3.connect(folder / "plain.db", isolation_level=None)
    plain.execute("PRAGMA journal_mode=WAL")
    plain.execute("PRAGMA synchronous=FULL")
    plain.execute("CREATE TABLE events (seq INTEGER PRIMARY KEY, uuid TEXT, payload TEXT, author TEXT)")
    text = ledger.canonical(PAYLOAD)
    started = time.perf_counter()
    for seq in range(1, count + 1):
        plain.execute("BEGIN IMMEDIATE")
        plain.execute("INSERT INTO events VALUES (?, ?, ?, ?)", [seq, str(uuid.uuid4()), text, "patrol1"])
        plain.execute("COMMIT")
    peer = count / (time.perf_counter() - started)
    plain.close()
    return ours, peer


def fill(path: Path, count: int) -> None:
    """A device log of `count` events exactly as `record` writes them, in one transaction."""
    db = connect(path)
    setup.initialise(db, load_demo=False)
    device = ledger.device_id(db)
    key = signing.load_or_create(ledger.key_path(db))
    text = ledger.canonical(PAYLOAD)
    prev, seq = ledger.GENESIS, 0
    with atomic(db):
        while seq < count:
            rows = []
            for seq in range(seq + 1, min(seq + 10_000, count) + 1):  # noqa: B020  (seq carries on after the batch)
                row = [seq, str(uuid.uuid4()), device, "patrol.note", "patrol-1", text, "patrol1",
                       datetime.now(UTC).isoformat(timespec="microseconds"), time.monotonic_ns(), prev]
                prev = ledger.chain_hash(row)
                rows.append([*row, prev])
            db.conn.executemany(f"INSERT INTO events ({', '.join(ledger.COLUMNS)}) VALUES"
                                f" ({', '.join('?' * 11)})", rows)
        signed_utc = datetime.now(UTC).isoformat()
        db.execute("INSERT INTO device_keys (public_key, created_utc) VALUES (?, ?)",
                   [signing.public_text(key), signed_utc])
        db.execute("INSERT INTO chain_head (id, seq, hash, signed_utc, public_key, signature)"
                   " VALUES (1, ?, ?, ?, ?, ?)",
                   [count, prev, signed_utc, signing.public_text(key),
                    signing.sign(key, signing.message(signing.HEAD, device, count, prev, signed_utc))])
    db.conn.close()


def bench_verify(folder: Path, count: int) -> tuple[float, float, bool]:
    path = folder / "large.db"
    fill(path, count)
    db = connect(path)
    started = time.perf_counter()
    result = ledger.verify(db)
    ours = time.perf_counter() - started

    cursor = db.conn.cursor()
    cursor.row_factory = None
    started = time.perf_counter()
    for row in cursor.execute(ledger.SELECT_EVENTS + " ORDER BY seq"):
        hashlib.sha256("\x1f".join(map(str, row[:10])).encode()).hexdigest()
    peer = time.perf_counter() - started
    db.conn.close()
    return ours, peer, result.ok and result.events == count


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--appends", type=int, default=2000)
    parser.add_argument("--events", type=int, default=1_000_000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="bench-ledger-") as tmp:
        folder = Path(tmp)
        ours, peer = bench_appends(folder, args.appends)
        print(f"durable appends/s ({args.appends:,}): checkpoint ledger.record {ours:,.0f}   "
              f"plain sqlite3 INSERT, WAL + synchronous=FULL {peer:,.0f}   (target >= 500)")
        took, peer_took, ok = bench_verify(folder, args.events)
        print(f"verify {args.events:,} events (s): checkpoint ledger.verify {took:.2f} (intact: {ok})   "
              f"plain hashlib.sha256 over the same rows {peer_took:.2f}   (target <= 10)")


if __name__ == "__main__":
    main()

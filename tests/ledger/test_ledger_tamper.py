"""Tampering on copies of a device database, as an insider with the file (and the device key) would:
100 mutations of each kind, every one detected, with the first broken event named."""
from __future__ import annotations

import json
import random
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from checkpoint import ledger, sync
from checkpoint.ledger import signing
from tests.ledger.conftest import Device, HubServer, raw_connection

RUNS = 100
LAST = 50
CHECKPOINTS = (10, 20, 30, 40)
"""Receipts from the hub at 10, 20, 30; a head shown to a supervisor at 40; events 41–50 only signed locally."""
EDITABLE = ("uuid", "device_id", "type", "subject", "payload", "author", "created_utc", "mono_ns", "prev_hash",
            "hash")


@pytest.fixture(scope="module")
def base(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[bytes, bytes]]:
    """The bytes of a device database with its receipts and shown head, and of its key file."""
    root = tmp_path_factory.mktemp("tamper")
    device = Device(root / "tablet")
    server = HubServer(str(root / "hub.db"), root / "hub_key")
    try:
        device.fill(30)
        sync.run(device.db, server.url, device.evidence_dir, hub_public_key=server.public_key, batch_size=10)
        device.fill(10)
        ledger.show_head(device.db)
        device.fill(10)
    finally:
        server.stop()
    assert [r[0] for r in device.db.execute("SELECT seq FROM checkpoints ORDER BY id")] == list(CHECKPOINTS)
    assert ledger.verify(device.db).ok and ledger.verify(device.db).last_seq == LAST
    device.db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    key = ledger.key_path(device.db).read_bytes()
    device.close()
    yield (root / "tablet" / "checkpoint.db").read_bytes(), key


def rows(db: Any) -> dict[int, list[Any]]:
    return {r[0]: list(r) for r in db.execute(ledger.SELECT_EVENTS + " ORDER BY seq")}


def put(db: Any, row: list[Any]) -> None:
    db.execute(f"INSERT INTO events ({', '.join(ledger.COLUMNS)}) VALUES ({', '.join('?' * 11)})", row)


def changed(value: Any, rng: random.Random) -> Any:
    if isinstance(value, int):
        return value + rng.randint(1, 1000)
    if value is None:
        return "someone"
    if value.startswith("{"):
        return json.dumps({**json.loads(value), "note": "changed"})
    position = rng.randrange(len(value))
    return value[:position] + ("0" if value[position] != "0" else "1") + value[position + 1:]


def edit(db: Any, rng: random.Random) -> int:
    seq, column = rng.randint(1, LAST), rng.choice(EDITABLE)
    value = db.execute(f"SELECT {column} FROM events WHERE seq = ?", [seq]).fetchone()[0]
    db.execute(f"UPDATE events SET {column} = ? WHERE seq = ?", [changed(value, rng), seq])
    return seq


def delete(db: Any, rng: random.Random) -> int:
    seq = rng.randint(1, LAST)
    db.execute("DELETE FROM events WHERE seq = ?", [seq])
    return seq


def reorder(db: Any, rng: random.Random) -> int:
    first, second = sorted(rng.sample(range(1, LAST + 1), 2))
    stored = rows(db)
    for seq in (first, second):
        db.execute("DELETE FROM events WHERE seq = ?", [seq])
    put(db, [first, *stored[second][1:]])
    put(db, [second, *stored[first][1:]])
    return first


def insert(db: Any, rng: random.Random) -> int:
    """A forged event slipped in before event `seq`, correctly hashed and linked to its predecessor."""
    seq = rng.randint(1, LAST + 1)
    stored = rows(db)
    db.execute("UPDATE events SET seq = -seq - 1 WHERE seq >= ?", [seq])
    db.execute("UPDATE events SET seq = -seq WHERE seq < 0")
    forged = [seq, f"forged-{seq}", stored[1][2], "patrol.note", None, '{"text":"nothing found"}', "officer1",
              stored[1][7], 1, stored[seq - 1][10] if seq > 1 else ledger.GENESIS]
    put(db, [*forged, ledger.chain_hash(forged)])
    # The forgery is caught where a checkpoint or the signed head names `seq`, else at the event it displaced.
    return seq if seq in CHECKPOINTS or seq >= LAST else seq + 1


def truncate(db: Any, rng: random.Random) -> int:
    """The tail removed; half the time the insider also re-signs the head with the device key."""
    if rng.random() < 0.5:
        count = rng.randint(1, 20)
        db.execute("DELETE FROM events WHERE seq > ?", [LAST - count])
        return LAST - count + 1
    last = rng.randint(0, CHECKPOINTS[-1] - 1)
    db.execute("DELETE FROM events WHERE seq > ?", [last])
    if last:
        resign(db, last, rows(db)[last][10])
    else:
        db.execute("DELETE FROM chain_head")
    return last + 1


def fork(db: Any, rng: random.Random) -> int:
    """A different, internally consistent history from event `seq` on, re-signed with the device key."""
    seq = rng.randint(1, CHECKPOINTS[-1])
    stored = rows(db)
    prev = stored[seq - 1][10] if seq > 1 else ledger.GENESIS
    for number in range(seq, LAST + 1):
        row = stored[number][:10]
        if number == seq:
            row[5] = json.dumps({"text": "a different story"})
        row[9] = prev
        prev = ledger.chain_hash(row)
        db.execute("UPDATE events SET payload = ?, prev_hash = ?, hash = ? WHERE seq = ?",
                   [row[5], row[9], prev, number])
    resign(db, LAST, prev)
    return min(c for c in CHECKPOINTS if c >= seq)


def resign(db: Any, seq: int, hash_: str) -> None:
    key = signing.load_or_create(ledger.key_path(db))
    device, signed_utc = ledger.device_id(db), "2026-01-01T00:00:00.000000+00:00"
    db.execute("UPDATE chain_head SET seq = ?, hash = ?, signed_utc = ?, signature = ?",
               [seq, hash_, signed_utc,
                signing.sign(key, signing.message(signing.HEAD, device, seq, hash_, signed_utc))])


MUTATIONS: dict[str, Callable[[Any, random.Random], int]] = {
    "edit": edit, "delete": delete, "reorder": reorder, "insert": insert, "truncate": truncate, "fork": fork}


@pytest.mark.parametrize("kind", list(MUTATIONS))
def test_every_mutation_is_detected_at_the_first_broken_event(base, tmp_path: Path, kind: str):
    data, key = base
    rng = random.Random(f"tamper-{kind}")
    misses: list[str] = []
    for run in range(RUNS):
        path = tmp_path / f"copy-{run}.db"
        path.write_bytes(data)
        Path(str(path) + ".key").write_bytes(key)
        db = raw_connection(path)
        try:
            db.execute("PRAGMA synchronous=OFF")  # a throwaway copy: no need to wait for the disk
            db.execute("BEGIN")
            expected_first = MUTATIONS[kind](db, rng)
            db.execute("COMMIT")
            result = ledger.verify(db)
        finally:
            db.conn.close()
        if result.ok or result.first_broken != expected_first:
            misses.append(f"run {run}: expected #{expected_first}, got {result.first_broken} {result.problems[:3]}")
        for suffix in ("", ".key", "-wal", "-shm"):
            Path(str(path) + suffix).unlink(missing_ok=True)
    assert misses == []


def test_the_untouched_copy_verifies(base, tmp_path: Path):
    data, key = base
    path = tmp_path / "copy.db"
    path.write_bytes(data)
    Path(str(path) + ".key").write_bytes(key)
    db = raw_connection(path)
    try:
        assert ledger.verify(db).ok
    finally:
        db.conn.close()

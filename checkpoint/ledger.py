"""The append-only, hash-chained inspection log: the only writer of `events`.

Every change of record is an event; the tables that pages read (inspections, photos) are
projections updated in the same transaction, so the two never disagree.
"""
from __future__ import annotations

import hashlib
import json
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timezone
from typing import Any

import sqlite_utils

from .db import atomic

GENESIS = "0" * 64


@dataclass(frozen=True)
class Event:
    seq: int
    uuid: str
    device_id: str
    type: str
    subject: str | None
    payload: dict[str, Any]
    author: str | None
    created_utc: str
    mono_ns: int
    prev_hash: str
    hash: str


def canonical(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":"))


def event_hash(fields: dict[str, Any]) -> str:
    """SHA-256 over every field but the hash itself, in a canonical JSON form."""
    body = {k: fields[k] for k in ("seq", "uuid", "device_id", "type", "subject", "payload",
                                   "author", "created_utc", "mono_ns", "prev_hash")}
    return hashlib.sha256(canonical(body).encode()).hexdigest()


Projection = Callable[[sqlite_utils.Database, Event], None]
PROJECTIONS: dict[str, Projection] = {}


def projection(event_type: str) -> Callable[[Projection], Projection]:
    def register(fn: Projection) -> Projection:
        PROJECTIONS[event_type] = fn
        return fn
    return register


def device_id(db: sqlite_utils.Database) -> str:
    return db.execute("SELECT id FROM device").fetchone()[0]


def record(db: sqlite_utils.Database, type: str, payload: dict[str, Any], *,
           author: str | None, subject: str | None = None) -> Event:
    """Appends one event and applies its projection, atomically and durably."""
    with atomic(db):
        head = db.execute("SELECT seq, hash FROM events ORDER BY seq DESC LIMIT 1").fetchone()
        fields: dict[str, Any] = {
            "seq": head[0] + 1 if head else 1,
            "uuid": str(uuid.uuid4()),
            "device_id": device_id(db),
            "type": type,
            "subject": subject,
            "payload": payload,
            "author": author,
            "created_utc": datetime.now(timezone.utc).isoformat(timespec="microseconds"),
            "mono_ns": time.monotonic_ns(),
            "prev_hash": head[1] if head else GENESIS,
        }
        fields["hash"] = event_hash(fields)
        db.execute(
            "INSERT INTO events (seq, uuid, device_id, type, subject, payload, author, created_utc,"
            " mono_ns, prev_hash, hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [fields["seq"], fields["uuid"], fields["device_id"], type, subject,
             canonical(payload), author, fields["created_utc"], fields["mono_ns"],
             fields["prev_hash"], fields["hash"]],
        )
        event = Event(**fields)
        apply_projection = PROJECTIONS.get(type)
        if apply_projection is not None:
            apply_projection(db, event)
    return event


def events(db: sqlite_utils.Database, subject: str | None = None) -> list[Event]:
    sql = "SELECT * FROM events" + (" WHERE subject = ?" if subject else "") + " ORDER BY seq"
    return [_from_row(row) for row in db.execute(sql, [subject] if subject else [])]


def _from_row(row: Any) -> Event:
    data = dict(zip(("seq", "uuid", "device_id", "type", "subject", "payload", "author",
                     "created_utc", "mono_ns", "prev_hash", "hash"), row))
    data["payload"] = json.loads(data["payload"])
    return Event(**data)


def broken_links(db: sqlite_utils.Database) -> list[tuple[int, str]]:
    """(seq, problem) for every event whose hash or link to its predecessor does not hold."""
    problems: list[tuple[int, str]] = []
    prev_hash, expected_seq = GENESIS, 1
    for event in events(db):
        fields = event.__dict__
        if event.seq != expected_seq:
            problems.append((expected_seq, "missing"))
        if event.prev_hash != prev_hash:
            problems.append((event.seq, "chain broken"))
        if event_hash(fields) != event.hash:
            problems.append((event.seq, "content altered"))
        prev_hash, expected_seq = event.hash, event.seq + 1
    return problems

"""The append-only, hash-chained inspection log of this device: the only writer of `events`.

Every change of record is an event; the tables that pages read (inspections, photos) are
projections updated in the same transaction, so the two never disagree. `seq` numbers this
device's own events 1, 2, 3…; the hub keeps many devices' logs side by side by (device, seq).

Each event carries the hash of the one before it, and after each event the device signs the new
head with its Ed25519 key. Heads that left the device — hub receipts, heads shown to a supervisor —
are kept in `checkpoints`: they bound what anyone holding the tablet (and its key) can rewrite.
Nothing is changed in place: a correction or a void is a new event pointing at the old one.
"""
from __future__ import annotations

import hashlib
import json
import time
import uuid
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

import sqlite_utils

from ..clock import utc_iso
from ..errors import N_, CheckpointError, InvalidInput, NotFound
from ..store.db import atomic
from . import events as event_types
from . import signing

GENESIS = "0" * 64
COLUMNS = ("seq", "uuid", "device_id", "type", "subject", "payload", "author", "created_utc", "mono_ns",
           "prev_hash", "hash")
SELECT_EVENTS = f"SELECT {', '.join(COLUMNS)} FROM events"


class AlreadyVoided(CheckpointError):
    message = N_("This record was already voided; it cannot be voided or corrected again.")
    status = 409


class EventTooLarge(CheckpointError):
    message = N_("This record is too large to keep: %(found)s, the limit is %(limit)s. Split it into smaller"
                 " records.")
    status = 413


MAX_EVENT_BYTES = [1024 * 1024]
"""The largest payload an event may carry: one event too large for headquarters would hold back every
later one. A one-item list, so that create_app sets it from MAX_EVENT_KB for every writer at once."""


class BadCheckpoint(CheckpointError):
    message = N_("This is not a checkpoint code: %(value)s")
    status = 422


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

    def typed(self) -> event_types.LogEvent:
        """The payload as its type's dataclass (events.py)."""
        return event_types.parse(self.type, self.payload)


@dataclass(frozen=True)
class Checkpoint:
    """A signed statement 'event `seq` of `device_id` has hash `hash`'."""
    kind: str
    """'receipt' (signed by the hub on sync) or 'shown' (signed by the device for a supervisor)."""
    device_id: str
    seq: int
    hash: str
    signed_utc: str
    public_key: str
    signature: str

    def signed_message(self) -> bytes:
        purpose = signing.RECEIPT if self.kind == "receipt" else signing.HEAD
        return signing.message(purpose, self.device_id, self.seq, self.hash, self.signed_utc)

    def is_signed(self) -> bool:
        return signing.is_valid(self.public_key, self.signature, self.signed_message())

    def payload(self) -> str:
        """The text a QR code carries; `parse_checkpoint` reads it back."""
        return " ".join(["CKP1", self.device_id, str(self.seq), self.hash, self.signed_utc, self.public_key,
                         self.signature])


@dataclass(frozen=True)
class Problem:
    seq: int
    kind: str
    """One of PROBLEMS' keys: a stable code, like a finding's rule."""

    def message(self) -> str:
        return PROBLEMS[self.kind]


PROBLEMS = {
    "missing": N_("event missing"),
    "altered": N_("content altered"),
    "chain_broken": N_("link to the previous event broken (inserted, removed or reordered)"),
    "foreign_device": N_("event of another device"),
    "unsigned": N_("events after the last signed head"),
    "truncated": N_("events removed from the end (a signed checkpoint is further)"),
    "forked": N_("history differs from a signed checkpoint"),
    "bad_signature": N_("signature of a head or checkpoint does not verify"),
}
# A wrecked database could yield a problem per row; the first ones say what matters.
MAX_PROBLEMS = 1000


@dataclass(frozen=True)
class Verification:
    events: int
    last_seq: int
    problems: tuple[Problem, ...]

    @property
    def ok(self) -> bool:
        return not self.problems

    @property
    def first_broken(self) -> int | None:
        return min((p.seq for p in self.problems), default=None)


def canonical(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":"))


def chain_hash(row: tuple[Any, ...] | list[Any]) -> str:
    """SHA-256 of the first ten stored columns, the payload as its stored text, without parsing anything.

    One format string keeps `verify` near the speed of bare hashing. It is unambiguous: the free-text
    columns (type, subject, author) are written as ascii() literals, so None, 'None' and any control
    character differ, and the other columns cannot hold the separator (ids, times and hex by
    construction; the payload is JSON, which escapes control characters). A stored value of the wrong
    type (text where a number belongs) raises TypeError: `verify` counts that as altered.
    """
    return hashlib.sha256((_HASHED % tuple(row[:10])).encode()).hexdigest()


_HASHED = "\x1f".join(["%d", "%s", "%s", "%a", "%a", "%s", "%a", "%s", "%d", "%s"])


Projection = Callable[[sqlite_utils.Database, Event], None]
PROJECTIONS: dict[str, Projection] = {}


def projection(event_type: str) -> Callable[[Projection], Projection]:
    def register(fn: Projection) -> Projection:
        PROJECTIONS[event_type] = fn
        return fn
    return register


def device_id(db: sqlite_utils.Database) -> str:
    return db.execute("SELECT id FROM device").fetchone()[0]


def key_path(db: sqlite_utils.Database) -> Path:
    """The device's private key sits beside its database (by default both in the instance folder)."""
    main = next(row for row in db.execute("PRAGMA database_list").fetchall() if row[1] == "main")
    return Path(main[2] + ".key")


def record(db: sqlite_utils.Database, type: str, payload: dict[str, Any], *, author: str | None,
           subject: str | None = None,
           precondition: Callable[[sqlite_utils.Database], object] | None = None) -> Event:
    """Appends one event, applies its projection and signs the new head, atomically and durably.

    `precondition` runs inside the write transaction, so what it checks cannot change before the append.
    A payload that does not fit its type (events.py) is refused with EventInvalid before anything is written.
    """
    event_types.parse(type, payload)
    text = canonical(payload)
    if len(text.encode()) > MAX_EVENT_BYTES[0]:
        raise EventTooLarge(found=f"{len(text.encode()) / 1024:.0f} kB", limit=f"{MAX_EVENT_BYTES[0] / 1024:.0f} kB")
    key = signing.load_or_create(key_path(db))
    public_key = signing.public_text(key)
    with atomic(db):
        if precondition is not None:
            precondition(db)
        device = device_id(db)
        head = db.execute("SELECT seq, hash FROM events WHERE device_id = ? ORDER BY seq DESC LIMIT 1",
                          [device]).fetchone()
        row = [head[0] + 1 if head else 1, str(uuid.uuid4()), device, type, subject, text, author,
               utc_iso(), time.monotonic_ns(), head[1] if head else GENESIS]
        row.append(chain_hash(row))
        db.execute(f"INSERT INTO events ({', '.join(COLUMNS)}) VALUES ({', '.join('?' * len(COLUMNS))})", row)
        event = _from_row(tuple(row), payload)
        apply_projection = PROJECTIONS.get(type)
        if apply_projection is not None:
            apply_projection(db, event)
        db.execute("INSERT OR IGNORE INTO device_keys (public_key, created_utc) VALUES (?, ?)",
                   [public_key, event.created_utc])
        signed_utc = utc_iso()
        db.execute("INSERT OR REPLACE INTO chain_head (id, seq, hash, signed_utc, public_key, signature)"
                   " VALUES (1, ?, ?, ?, ?, ?)",
                   [event.seq, event.hash, signed_utc, public_key,
                    signing.sign(key, signing.message(signing.HEAD, device, event.seq, event.hash, signed_utc))])
    return event


def void(db: sqlite_utils.Database, target: str, reason: str, *, author: str) -> Event:
    """Marks the event with uuid `target` void; it stays in the log, with this event pointing at it."""
    original = _amendable(db, target, reason)
    return record(db, "event.voided", {"target": target, "target_seq": original.seq,
                                       "target_type": original.type, "reason": reason.strip()},
                  author=author, subject=original.subject, precondition=lambda d: _amendable(d, target, reason))


def correct(db: sqlite_utils.Database, target: str, changes: dict[str, Any], reason: str, *,
            author: str) -> Event:
    """Records corrected values for the event with uuid `target`; the original stays as it was logged."""
    original = _amendable(db, target, reason)
    if not changes:
        raise InvalidInput(field=N_("correction"), problem=N_("nothing to correct"))
    return record(db, "event.corrected", {"target": target, "target_seq": original.seq,
                                          "target_type": original.type, "reason": reason.strip(),
                                          "changes": changes},
                  author=author, subject=original.subject, precondition=lambda d: _amendable(d, target, reason))


def _amendable(db: sqlite_utils.Database, target: str, reason: str) -> Event:
    if not reason.strip():
        raise InvalidInput(field=N_("reason"), problem=N_("a reason is required"))
    if len(reason) > 2000:
        raise InvalidInput(field=N_("reason"), problem=N_("too long"))
    row = db.execute(f"{SELECT_EVENTS} WHERE uuid = ?", [target]).fetchone()
    if row is None:
        raise NotFound()
    if db.execute("SELECT 1 FROM events WHERE type = 'event.voided' AND subject IS ?"
                  " AND json_extract(payload, '$.target') = ?", [row["subject"], target]).fetchone():
        raise AlreadyVoided()
    return _from_row(tuple(row))


def events(db: sqlite_utils.Database, subject: str | None = None) -> list[Event]:
    sql = SELECT_EVENTS + (" WHERE subject = ?" if subject else "") + " ORDER BY seq"
    return [_from_row(tuple(row)) for row in db.execute(sql, [subject] if subject else [])]


def _from_row(row: tuple[Any, ...], payload: dict[str, Any] | None = None) -> Event:
    return Event(row[0], row[1], row[2], row[3], row[4], json.loads(row[5]) if payload is None else payload,
                 row[6], row[7], row[8], row[9], row[10])


def head_text(db: sqlite_utils.Database) -> str:
    """The log's signed head as printed on pages, records and reports ("" before the first event): a rewrite
    of history shows against any paper printed before it."""
    row = db.execute("SELECT seq, hash, signed_utc FROM chain_head WHERE id = 1").fetchone()
    if row is None:
        return ""
    signed = datetime.fromisoformat(row[2])
    return f"#{row[0]} · {row[1][:16]} · {signed:%d/%m/%Y %H:%M:%S} UTC"


def show_head(db: sqlite_utils.Database) -> Checkpoint:
    """Signs the current head for a supervisor to carry away (as QR text) and keeps a copy."""
    key = signing.load_or_create(key_path(db))
    device = device_id(db)
    with atomic(db):
        head = db.execute("SELECT seq, hash FROM events WHERE device_id = ? ORDER BY seq DESC LIMIT 1",
                          [device]).fetchone()
        seq, hash_ = (head[0], head[1]) if head else (0, GENESIS)
        signed_utc = utc_iso()
        checkpoint = Checkpoint("shown", device, seq, hash_, signed_utc, signing.public_text(key),
                                signing.sign(key, signing.message(signing.HEAD, device, seq, hash_, signed_utc)))
        db.execute("INSERT OR IGNORE INTO device_keys (public_key, created_utc) VALUES (?, ?)",
                   [checkpoint.public_key, signed_utc])
        _keep(db, checkpoint, hub=None)
    return checkpoint


def keep_receipt(db: sqlite_utils.Database, receipt: Checkpoint, hub: str) -> None:
    """Keeps a hub receipt already checked by the caller: from now on the hub holds events 1…seq."""
    with atomic(db):
        _keep(db, receipt, hub)


def _keep(db: sqlite_utils.Database, checkpoint: Checkpoint, hub: str | None) -> None:
    db.execute("INSERT INTO checkpoints (kind, seq, hash, signed_utc, public_key, signature, hub, recorded_utc)"
               " VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
               [checkpoint.kind, checkpoint.seq, checkpoint.hash, checkpoint.signed_utc, checkpoint.public_key,
                checkpoint.signature, hub, utc_iso()])


def acknowledged_seq(db: sqlite_utils.Database) -> int:
    """The newest event the hub trusted now (hub_link's key) has acknowledged with a receipt; nothing after it
    counts as sent, and nothing another hub acknowledged does."""
    return db.execute("SELECT COALESCE(MAX(seq), 0) FROM checkpoints WHERE kind = 'receipt'"
                      " AND public_key = (SELECT public_key FROM hub_link WHERE id = 1)").fetchone()[0]


def parse_checkpoint(text: str) -> Checkpoint:
    parts = text.strip().split(" ")
    if len(parts) != 7 or parts[0] != "CKP1" or not parts[2].isdigit():
        raise BadCheckpoint(value=text.strip()[:60])
    return Checkpoint("shown", parts[1], int(parts[2]), *parts[3:])


def verify(db: sqlite_utils.Database, extra: Iterable[Checkpoint] = ()) -> Verification:
    """Walks the whole chain, then holds it against the signed head and every checkpoint kept or given.

    Detects edited, removed, inserted, reordered and truncated events and a history that forks
    from a checkpoint; fast enough for a million events in seconds (no payload is parsed).
    """
    device = device_id(db)
    device_keys = {row[0] for row in db.execute("SELECT public_key FROM device_keys")}
    hub_keys = {row[0] for row in db.execute("SELECT public_key FROM hub_keys UNION"
                                             " SELECT public_key FROM hub_link WHERE public_key IS NOT NULL")}
    head = db.execute("SELECT seq, hash, signed_utc, public_key, signature FROM chain_head").fetchone()
    signed_head = Checkpoint("shown", device, *head) if head is not None else None
    checkpoints = [Checkpoint(*row) for row in db.execute(
        "SELECT kind, ?, seq, hash, signed_utc, public_key, signature FROM checkpoints ORDER BY id", [device])]
    checkpoints += list(extra)
    walk = _walk(db, device, {c.seq for c in checkpoints} | ({signed_head.seq} if signed_head else set()))
    problems = walk.problems + _head_problems(signed_head, walk, device_keys)
    for checkpoint in checkpoints:
        problems += _held_against(checkpoint, device, hub_keys if checkpoint.kind == "receipt" else device_keys, walk)
    return Verification(walk.count, walk.last_seq, tuple(sorted(set(problems), key=lambda p: (p.seq, p.kind))))


@dataclass(frozen=True)
class _Walk:
    """The chain as read, event by event."""
    count: int
    last_seq: int
    hashes: dict[int, str]
    """The stored hash of each seq a head or checkpoint names."""
    problems: list[Problem]


def _walk(db: sqlite_utils.Database, device: str, wanted: set[int]) -> _Walk:
    """Each event in seq order: numbered one after the other, of this device, linked to the one before, intact."""
    hashes: dict[int, str] = {}
    problems: list[Problem] = []
    expected, prev, count = 1, GENESIS, 0
    sha256 = hashlib.sha256
    cursor = db.conn.cursor()
    cursor.row_factory = None
    for row in cursor.execute(SELECT_EVENTS + " ORDER BY seq"):
        seq = row[0]
        count += 1
        if seq != expected:
            problems.append(Problem(expected, "missing"))
        if row[2] != device:
            problems.append(Problem(seq, "foreign_device"))
        if row[9] != prev:
            problems.append(Problem(seq, "chain_broken"))
        try:
            # chain_hash() inlined: a million calls saved is a second saved.
            intact = sha256((_HASHED % row[:10]).encode()).hexdigest() == row[10]
        except (TypeError, ValueError):
            intact = False
        if not intact:
            problems.append(Problem(seq, "altered"))
        if seq in wanted:
            hashes[seq] = row[10]
        if len(problems) > MAX_PROBLEMS:
            break
        prev, expected = row[10], seq + 1
    return _Walk(count, expected - 1, hashes, problems)


def _head_problems(signed_head: Checkpoint | None, walk: _Walk, device_keys: set[str]) -> list[Problem]:
    """The signed head is a checkpoint of this device's own, and must be the last event: any after it is unsigned."""
    if signed_head is None:
        return [Problem(1, "unsigned")] if walk.count else []
    problems = _held_against(signed_head, signed_head.device_id, device_keys, walk)
    if signed_head.seq < walk.last_seq:
        problems.append(Problem(signed_head.seq + 1, "unsigned"))
    return problems


def _held_against(checkpoint: Checkpoint, device: str, keys: set[str], walk: _Walk) -> list[Problem]:
    """A checkpoint of this device, signed with one of `keys`, whose event the chain holds with the same hash."""
    problems = []
    if checkpoint.device_id != device or checkpoint.public_key not in keys or not checkpoint.is_signed():
        problems.append(Problem(min(checkpoint.seq, walk.last_seq + 1), "bad_signature"))
    if checkpoint.seq > walk.last_seq:
        problems.append(Problem(walk.last_seq + 1, "truncated"))
    elif checkpoint.seq > 0 and walk.hashes.get(checkpoint.seq) != checkpoint.hash:
        problems.append(Problem(checkpoint.seq, "forked"))
    return problems

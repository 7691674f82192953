"""The headquarters receiver: stores every device's events exactly once, checks their chains and
signatures, keeps the photos, and serves cross-gate views and signed watchlists."""
from __future__ import annotations

import hashlib
import json
import threading
import time
from collections import deque
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from .. import ledger
from ..clock import utc_iso, utc_now
from ..errors import N_, CheckpointError
from ..ledger import signing
from ..sync.protocol import MAX_BATCH, watchlist_message
from . import projections
from .store import Store, project

SKEW_LIMIT_SECONDS = 300
EVENT_COLUMNS = "device_id, seq, uuid, type, subject, payload, author, created_utc, mono_ns, prev_hash, hash"


class HubError(CheckpointError):
    message = N_("Headquarters could not accept this upload.")


class BadBatch(HubError):
    message = N_("The upload is not a valid batch: %(problem)s")
    status = 422


class UnknownKey(HubError):
    message = N_("This device's signature does not verify with the key registered at headquarters.")
    status = 403


class EventConflict(HubError):
    message = N_("Event %(seq)d conflicts with the record at headquarters (%(kind)s).")
    status = 409


class EvidenceMismatch(HubError):
    message = N_("The photo does not match its SHA-256.")
    status = 422


class HubTokenRequired(HubError):
    message = N_("A headquarters token is required for this view.")
    status = 401


class EnrolmentRequired(HubError):
    message = N_("This tablet is not registered at headquarters: its first sync needs the enrolment code"
                 " headquarters gives (setting HUB_ENROL_CODE).")
    status = 403


class HubNotGuarded(HubError):
    message = N_("Headquarters does not start open: set CHECKPOINT_HUB_TOKEN and CHECKPOINT_HUB_ENROL_CODE, or"
                 " start a trial with --trial.")
    exit_code = 2


class DeviceSignatureRequired(HubError):
    message = N_("Only a registered device's signed request, or the headquarters token, may sync.")
    status = 401


@dataclass(frozen=True)
class Accepted:
    receipt: ledger.Checkpoint
    stored: int
    duplicates: int
    skew_seconds: float | None


class AlertLimiter:
    """Alerts that anyone may cause (a request whose signature does not verify) are kept at most `per_minute`
    a minute for the whole hub; the ones left out are counted into the next one kept."""

    def __init__(self, per_minute: int = 30) -> None:
        self.per_minute = per_minute
        self.kept: deque[float] = deque()
        self.dropped = 0
        self.lock = threading.Lock()

    def admit(self) -> int | None:
        """The number of alerts dropped since the last one kept, or None if this one must be dropped too."""
        with self.lock:
            now = time.monotonic()
            while self.kept and now - self.kept[0] > 60:
                self.kept.popleft()
            if len(self.kept) >= self.per_minute:
                self.dropped += 1
                return None
            self.kept.append(now)
            dropped, self.dropped = self.dropped, 0
            return dropped


UNATTRIBUTED = ""
"""The device_id of an alert raised by a request nobody proved to have sent: whatever device it names is in
its detail, as a claim."""
CLOCK_TOLERANCE_SECONDS = 5
"""How far a device's clock may step back between two of its events before the hub flags it (NTP steps less)."""


class Hub:
    """The receiver's logic over one Store; the HTTP layer below is a thin shell over it."""

    def __init__(self, store: Store, key: Ed25519PrivateKey, *, may_enrol: bool = True,
                 limiter: AlertLimiter | None = None) -> None:
        self.store = store
        self.key = key
        self.may_enrol = may_enrol
        self.limiter = limiter or AlertLimiter()

    def alert(self, device_id: str, kind: str, seq: int | None, detail: dict[str, Any]) -> None:
        with self.store.transaction():
            self._add_alert(device_id, kind, seq, detail, utc_iso())

    def _add_alert(self, device_id: str, kind: str, seq: int | None, detail: dict[str, Any], now: str) -> None:
        """An alert within the transaction under way."""
        self.store.execute("INSERT INTO alerts (device_id, kind, seq, detail, created_utc) VALUES (?, ?, ?, ?, ?)",
                           [device_id, kind, seq, json.dumps(detail, ensure_ascii=False), now])

    def unauthenticated_alert(self, kind: str, detail: dict[str, Any]) -> None:
        """An alert about a request that proved nothing: rate-limited, and attributed to no device."""
        dropped = self.limiter.admit()
        if dropped is not None:
            self.alert(UNATTRIBUTED, kind, None, {**detail, "dropped_before": dropped})

    def authenticate(self, device_id: str, public_key: str, signature: str, message: bytes,
                     seq: int | None = None) -> None:
        """Checks a device's signature with its registered key. A device unknown here is registered with the
        key it signed with, if it may enrol (it brought the enrolment code, or the hub has none: trust on first
        use); a known one signing with another key is alerted and refused."""
        def registered() -> str | None:
            row = self.store.execute("SELECT public_key FROM devices WHERE device_id = ?", [device_id]).fetchone()
            return row[0] if row else None

        key = registered()
        if key is None and not self.may_enrol:
            raise EnrolmentRequired()
        if key is None and signing.is_valid(public_key, signature, message):
            with self.store.transaction():
                self.store.execute("INSERT INTO devices (device_id, public_key, registered_utc) VALUES (?, ?, ?)"
                                   " ON CONFLICT (device_id) DO NOTHING", [device_id, public_key, utc_iso()])
            key = registered()  # another first contact may have won the race
        if not signing.is_valid(key, signature, message):
            if key is not None:
                # Anyone may send a bad signature naming any device: the device is a claim, not the culprit.
                self.unauthenticated_alert("bad_signature", {"claimed_device": device_id[:100],
                                                             "public_key": public_key[:100], "seq": seq})
            raise UnknownKey()

    def receive(self, upload: Any) -> Accepted:
        """Stores a batch of one device's events exactly once, or nothing and says why."""
        batch = _parse_batch(upload)
        head = batch.head
        self.authenticate(batch.device_id, batch.public_key, head["signature"], _head_message(batch.device_id, head),
                          head["seq"])
        for row in batch.rows:
            # A quarantined event comes without its content: its hash is the device's word, signed by its head.
            if row[0] not in batch.quarantined and ledger.chain_hash(row) != row[10]:
                self.alert(batch.device_id, "altered", row[0], {"uuid": row[1]})
                raise EventConflict(seq=row[0], kind="altered")
        try:
            with self.store.transaction():
                return self._store(batch)
        except _Conflict as conflict:
            self.alert(batch.device_id, conflict.kind, conflict.seq, conflict.detail)
            raise EventConflict(seq=conflict.seq, kind=conflict.kind) from None

    def _store(self, batch: Batch) -> Accepted:
        """Within receive's transaction: the rows not held yet, stored with the alerts they raise, and a receipt."""
        device_id = batch.device_id
        self.store.lock_device(device_id)
        known, clock = self._held(device_id, batch.rows)
        new_rows = _new_rows(batch.rows, known, clock)
        now = utc_iso()
        self._alert_clock_backwards(device_id, new_rows, clock, now)
        self._keep_quarantined(device_id, new_rows, batch.quarantined, now)
        if new_rows and new_rows[0][0] > 1 and (new_rows[0][0] - 1) not in known:
            self._add_alert(device_id, "gap", new_rows[0][0], {"missing_before": new_rows[0][0]}, now)
        self._insert_events(device_id, new_rows, now)
        project(self.store, device_id, new_rows)
        for seq, error in projections.apply(self.store, device_id, new_rows):
            self._add_alert(device_id, "unprojected", seq, {"error": error}, now)
        skew = _skew_seconds(batch.sent_utc)
        if skew is not None and abs(skew) > SKEW_LIMIT_SECONDS:
            self._add_alert(device_id, "clock_skew", batch.rows[-1][0], {"seconds": round(skew, 1)}, now)
        contiguous = self._contiguous(device_id)
        self._note_contact(batch, now, skew, contiguous)
        return Accepted(self._receipt(device_id, contiguous), len(new_rows), len(batch.rows) - len(new_rows), skew)

    def _held(self, device_id: str, rows: list[list[Any]]) -> tuple[dict[int, tuple[str, str]], dict[int, str]]:
        """What the hub holds from just before the batch to its end: seq → (uuid, hash), and seq → created_utc."""
        held = self.store.execute("SELECT seq, uuid, hash, created_utc FROM events WHERE device_id = ?"
                                  " AND seq BETWEEN ? AND ?", [device_id, rows[0][0] - 1, rows[-1][0]]).fetchall()
        return {r[0]: (r[1], r[2]) for r in held}, {r[0]: r[3] for r in held}

    def _alert_clock_backwards(self, device_id: str, new_rows: list[list[Any]], clock: dict[int, str],
                               now: str) -> None:
        for row in new_rows:
            if row[0] - 1 in clock and _seconds_between(clock[row[0] - 1], row[7]) < -CLOCK_TOLERANCE_SECONDS:
                self._add_alert(device_id, "clock_backwards", row[0],
                                {"created_utc": row[7], "previous_utc": clock[row[0] - 1]}, now)

    def _keep_quarantined(self, device_id: str, new_rows: list[list[Any]], quarantined: dict[int, dict[str, Any]],
                          now: str) -> None:
        """The device's word on each event it kept back, kept and alerted."""
        for row in new_rows:
            if row[0] in quarantined:
                q = quarantined[row[0]]
                self.store.execute("INSERT INTO quarantined (device_id, seq, bytes, sha256, reason, received_utc)"
                                   " VALUES (?, ?, ?, ?, ?, ?)",
                                   [device_id, row[0], q["bytes"], q["sha256"], q["reason"], now])
                self._add_alert(device_id, "quarantined", row[0], q, now)

    def _insert_events(self, device_id: str, new_rows: list[list[Any]], now: str) -> None:
        try:
            self.store.executemany(f"INSERT INTO events ({EVENT_COLUMNS}, received_utc) VALUES"
                                   f" ({', '.join('?' * 12)})", [[device_id, *r[:2], *r[3:], now] for r in new_rows])
        except self.store.integrity_errors:
            raise _Conflict("uuid_conflict", new_rows[0][0], {"detail": "a uuid is already used elsewhere"}) from None

    def _note_contact(self, batch: Batch, now: str, skew: float | None, contiguous: int) -> None:
        head = batch.head
        self.store.execute("UPDATE devices SET last_seen_utc = ?, clock_skew_seconds = ?, contiguous_seq = ?"
                           " WHERE device_id = ?", [now, skew, contiguous, batch.device_id])
        # A resent older batch does not move the furthest head the device has shown back.
        self.store.execute("UPDATE devices SET head_seq = ?, head_hash = ?, head_signed_utc = ?, head_signature = ?"
                           " WHERE device_id = ? AND (head_seq IS NULL OR head_seq <= ?)",
                           [head["seq"], head["hash"], head["signed_utc"], head["signature"], batch.device_id,
                            head["seq"]])

    def _contiguous(self, device_id: str) -> int:
        """The highest seq with every event 1…seq present: what a receipt may vouch for."""
        contiguous = self.store.execute("SELECT contiguous_seq FROM devices WHERE device_id = ?",
                                        [device_id]).fetchone()[0]
        for (seq,) in self.store.execute("SELECT seq FROM events WHERE device_id = ? AND seq > ? ORDER BY seq",
                                         [device_id, contiguous]).fetchall():
            if seq != contiguous + 1:
                break
            contiguous = seq
        return contiguous

    def _receipt(self, device_id: str, contiguous: int) -> ledger.Checkpoint:
        """A receipt for events 1…contiguous, with the hash the hub holds for the last of them."""
        row = self.store.execute("SELECT hash FROM events WHERE device_id = ? AND seq = ?",
                                 [device_id, contiguous]).fetchone()
        return self.sign_receipt(device_id, contiguous, row[0] if row else ledger.GENESIS)

    def hello(self, device_id: str, head: Any) -> ledger.Checkpoint:
        """A registered device shows its signed head at the start of every contact. A head behind what the hub
        holds or was shown before, or one that differs from the hub's copy, is flagged: the device's history was
        cut or rewritten. The answer is a receipt for what the hub holds, so that a tablet whose last answer was
        lost learns what went through."""
        head = _parse_head(head)
        store = self.store
        with store.transaction():
            store.lock_device(device_id)
            device = store.execute("SELECT public_key, head_seq, contiguous_seq FROM devices WHERE device_id = ?",
                                   [device_id]).fetchone()
            if device is None:
                raise DeviceSignatureRequired()
            public_key, shown_seq, contiguous = device
            if not signing.is_valid(public_key, head["signature"], _head_message(device_id, head)):
                raise UnknownKey()
            now = utc_iso()
            self._alert_head_cut_or_rewritten(device_id, head, shown_seq, now)
            if head["seq"] >= (shown_seq or 0):
                store.execute("UPDATE devices SET last_seen_utc = ?, head_seq = ?, head_hash = ?, head_signed_utc = ?,"
                              " head_signature = ? WHERE device_id = ?",
                              [now, head["seq"], head["hash"], head["signed_utc"], head["signature"], device_id])
            return self._receipt(device_id, contiguous)

    def _alert_head_cut_or_rewritten(self, device_id: str, head: dict[str, Any], shown_seq: int | None,
                                     now: str) -> None:
        held = self.store.execute("SELECT MAX(seq) FROM events WHERE device_id = ?", [device_id]).fetchone()[0] or 0
        furthest = max(held, shown_seq or 0)
        if head["seq"] < furthest:
            self._add_alert(device_id, "head_backwards", head["seq"], {"shown_seq": head["seq"], "hub_seq": furthest},
                            now)
        same = self.store.execute("SELECT hash FROM events WHERE device_id = ? AND seq = ?",
                                  [device_id, head["seq"]]).fetchone()
        if same is not None and same[0] != head["hash"]:
            self._add_alert(device_id, "fork", head["seq"], {"shown_hash": head["hash"], "hub_hash": same[0]}, now)

    def sign_receipt(self, device_id: str, seq: int, hash_: str) -> ledger.Checkpoint:
        signed_utc = utc_iso()
        return ledger.Checkpoint("receipt", device_id, seq, hash_, signed_utc, signing.public_text(self.key),
                                 signing.sign(self.key, signing.message(signing.RECEIPT, device_id, seq, hash_,
                                                                        signed_utc)))

    def store_evidence(self, sha256: str, data: bytes) -> None:
        if hashlib.sha256(data).hexdigest() != sha256:
            raise EvidenceMismatch()
        with self.store.transaction():
            self.store.execute("INSERT INTO evidence (sha256, data, bytes, received_utc) VALUES (?, ?, ?, ?)"
                               " ON CONFLICT (sha256) DO NOTHING", [sha256, data, len(data), utc_iso()])

    def missing_evidence(self, hashes: list[str]) -> list[str]:
        present = set()
        for start in range(0, len(hashes), 500):
            chunk = hashes[start:start + 500]
            present |= {row[0] for row in self.store.execute(
                f"SELECT sha256 FROM evidence WHERE sha256 IN ({', '.join('?' * len(chunk))})", chunk).fetchall()}
        return [h for h in hashes if h not in present]

    def evidence(self, sha256: str) -> bytes | None:
        row = self.store.execute("SELECT data FROM evidence WHERE sha256 = ?", [sha256]).fetchone()
        return bytes(row[0]) if row else None

    def publish_watchlist(self, list_name: str, text: str, fmt: str = "csv") -> str:
        version = f"{list_name}@hq-{utc_now().strftime('%Y%m%dT%H%M%S%fZ')}"
        signature = signing.sign(self.key, watchlist_message(version, list_name, fmt, text))
        with self.store.transaction():
            self.store.execute("INSERT INTO watchlists (version, list, fmt, text, published_utc, signature)"
                               " VALUES (?, ?, ?, ?, ?, ?)", [version, list_name, fmt, text, utc_iso(), signature])
        return version

    def watchlists(self, after: str) -> list[dict[str, str]]:
        rows = self.store.execute("SELECT version, list, fmt, text, signature FROM watchlists"
                                  " WHERE published_utc > COALESCE((SELECT published_utc FROM watchlists"
                                  " WHERE version = ?), '') ORDER BY published_utc", [after]).fetchall()
        return [dict(zip(("version", "list", "fmt", "text", "signature"), row)) for row in rows]

    # Cross-gate views.

    def events(self, device_id: str | None, after: int, limit: int) -> list[dict[str, Any]]:
        sql = f"SELECT {EVENT_COLUMNS}, received_utc FROM events"
        params: list[Any] = []
        if device_id:
            sql += " WHERE device_id = ? AND seq > ?"
            params += [device_id, after]
        rows = self.store.execute(sql + " ORDER BY device_id, seq LIMIT ?", [*params, limit]).fetchall()
        names = [*EVENT_COLUMNS.split(", "), "received_utc"]
        return [{**dict(zip(names, row)), "payload": json.loads(row[5])} for row in rows]

    def co_reuse(self) -> list[dict[str, Any]]:
        """C/O references used by more than one inspection, across gates and devices."""
        rows = self.store.execute(
            "SELECT c.reference, c.device_id, c.seq, c.subject, i.gate FROM co_uses c"
            " LEFT JOIN inspections i ON i.subject = c.subject"
            " WHERE c.reference IN (SELECT reference FROM co_uses GROUP BY reference"
            " HAVING COUNT(DISTINCT subject) > 1) ORDER BY c.reference, c.device_id, c.seq").fetchall()
        found: dict[str, dict[str, Any]] = {}
        for reference, device_id, seq, subject, gate in rows:
            entry = found.setdefault(reference, {"reference": reference, "gates": [], "uses": []})
            entry["uses"].append({"device_id": device_id, "seq": seq, "inspection": subject, "gate": gate})
            if gate and gate not in entry["gates"]:
                entry["gates"].append(gate)
        return list(found.values())

    def alerts(self, device_id: str | None = None) -> list[dict[str, Any]]:
        sql = "SELECT id, device_id, kind, seq, detail, created_utc FROM alerts"
        rows = self.store.execute(sql + (" WHERE device_id = ?" if device_id else "") + " ORDER BY id",
                                  [device_id] if device_id else []).fetchall()
        return [{**dict(zip(("id", "device_id", "kind", "seq", "detail", "created_utc"), row)),
                 "detail": json.loads(row[4])} for row in rows]

    def devices(self) -> list[str]:
        return [row[0] for row in self.store.execute("SELECT device_id FROM devices ORDER BY device_id").fetchall()]

    def chain_status(self, device_id: str) -> dict[str, Any] | None:
        """Walks the device's chain as stored here: gaps, the first broken link, head signature, clock skew."""
        device = self.store.execute(
            "SELECT public_key, contiguous_seq, head_seq, head_hash, head_signed_utc, head_signature,"
            " clock_skew_seconds, last_seen_utc FROM devices WHERE device_id = ?", [device_id]).fetchone()
        if device is None:
            return None
        public_key, contiguous, head_seq, head_hash, head_signed, head_signature, skew, last_seen = device
        gaps: list[list[int]] = []
        quarantined = [row[0] for row in self.store.execute(
            "SELECT seq FROM quarantined WHERE device_id = ? ORDER BY seq", [device_id]).fetchall()]
        first_broken = None
        expected, prev, count = 1, ledger.GENESIS, 0
        cursor = self.store.execute("SELECT seq, uuid, device_id, type, subject, payload, author, created_utc,"
                                    " mono_ns, prev_hash, hash FROM events WHERE device_id = ? ORDER BY seq",
                                    [device_id])
        for row in cursor:
            count += 1
            if row[0] != expected:
                gaps.append([expected, row[0] - 1])
            elif first_broken is None and row[9] != prev:
                first_broken = row[0]
            if first_broken is None and row[0] not in quarantined and ledger.chain_hash(row) != row[10]:
                first_broken = row[0]
            prev, expected = row[10], row[0] + 1
        head_ok = head_seq is not None and signing.is_valid(
            public_key, head_signature, signing.message(signing.HEAD, device_id, head_seq, head_hash, head_signed))
        return {"device_id": device_id, "events": count, "last_seq": expected - 1, "contiguous_seq": contiguous,
                "gaps": gaps, "chain_ok": first_broken is None and not gaps, "first_broken": first_broken,
                "quarantined": quarantined,
                "head": {"seq": head_seq, "hash": head_hash, "signed_utc": head_signed, "signature_ok": head_ok},
                "clock_skew_seconds": skew, "clock_skew_flagged": skew is not None and abs(skew) > SKEW_LIMIT_SECONDS,
                "last_seen_utc": last_seen, "alerts": self.alerts(device_id)}


class _Conflict(Exception):
    def __init__(self, kind: str, seq: int, detail: dict[str, Any]) -> None:
        super().__init__(kind)
        self.kind, self.seq, self.detail = kind, seq, detail


def _new_rows(rows: list[list[Any]], known: dict[int, tuple[str, str]], clock: dict[int, str]) -> list[list[Any]]:
    """The rows the hub does not hold yet, taken into `known` and `clock` as they pass; a row held with another uuid
    or hash, or one that does not link to the one held before it, is a conflict."""
    new_rows = []
    for row in rows:
        seq = row[0]
        if seq in known:
            if known[seq] != (row[1], row[10]):
                kind = "uuid_conflict" if known[seq][0] == row[1] else "fork"
                raise _Conflict(kind, seq, {"uuid": row[1], "hub_uuid": known[seq][0],
                                            "hash": row[10], "hub_hash": known[seq][1]})
            continue
        previous = known.get(seq - 1)
        if previous is not None and previous[1] != row[9]:
            raise _Conflict("fork", seq, {"uuid": row[1], "prev_hash": row[9], "hub_prev_hash": previous[1]})
        new_rows.append(row)
        known[seq] = (row[1], row[10])
        clock[seq] = row[7]
    return new_rows


@dataclass(frozen=True)
class Batch:
    """An upload of the right shape: one device's consecutive events, its signed head at the last of them."""
    device_id: str
    public_key: str
    rows: list[list[Any]]
    head: dict[str, Any]
    sent_utc: str
    quarantined: dict[int, dict[str, Any]]
    """seq: {seq, bytes, sha256, reason} of each event of the batch the device kept back."""


def _parse_batch(upload: Any) -> Batch:
    """Checks the shape of an upload before anything is looked up; raises BadBatch with what is wrong."""
    if not isinstance(upload, dict):
        raise BadBatch(problem="not a JSON object")
    device_id, public_key, sent_utc = upload.get("device_id"), upload.get("public_key"), upload.get("sent_utc")
    if not all(isinstance(v, str) and v for v in (device_id, public_key, sent_utc)):
        raise BadBatch(problem="device_id, public_key and sent_utc are required")
    rows = upload.get("events")
    if not isinstance(rows, list) or not rows or len(rows) > MAX_BATCH:
        raise BadBatch(problem=f"events must be a list of 1 to {MAX_BATCH}")
    head = _parse_head(upload.get("head"))
    _check_rows(rows, str(device_id))
    if (head["seq"], head["hash"]) != (rows[-1][0], rows[-1][10]):
        raise BadBatch(problem="the signed head is not the last event of the batch")
    quarantined = _parse_quarantined(upload.get("quarantined") or [], rows[0][0], rows[-1][0])
    return Batch(str(device_id), str(public_key), rows, head, str(sent_utc), quarantined)


def _parse_head(head: Any) -> dict[str, Any]:
    if not (isinstance(head, dict) and _is_int(head.get("seq"))
            and all(isinstance(head.get(k), str) for k in ("hash", "signed_utc", "signature"))):
        raise BadBatch(problem="head must have seq, hash, signed_utc and signature")
    return head


def _check_rows(rows: list[Any], device_id: str) -> None:
    """Each row an event of this device, each linked to the one before it."""
    for index, row in enumerate(rows):
        if not _is_event_row(row):
            raise BadBatch(problem=f"event {index} is not [seq, uuid, device_id, type, subject, payload, author,"
                                   f" created_utc, mono_ns, prev_hash, hash]")
        if row[2] != device_id:
            raise BadBatch(problem=f"event {row[0]} belongs to another device")
        if index and (row[0] != rows[index - 1][0] + 1 or row[9] != rows[index - 1][10]):
            raise BadBatch(problem=f"event {row[0]} does not follow event {rows[index - 1][0]}")


def _is_event_row(row: Any) -> bool:
    """[seq, uuid, device_id, type, subject, payload, author, created_utc, mono_ns, prev_hash, hash], typed."""
    return (isinstance(row, list) and len(row) == 11 and _is_int(row[0]) and row[0] >= 1 and _is_int(row[8])
            and all(isinstance(row[i], str) for i in (1, 2, 3, 5, 7, 9, 10))
            and all(row[i] is None or isinstance(row[i], str) for i in (4, 6)))


def _parse_quarantined(items: Any, first: int, last: int) -> dict[int, dict[str, Any]]:
    if not (isinstance(items, list) and all(_is_quarantined_entry(item, first, last) for item in items)):
        raise BadBatch(problem="quarantined must list {seq, bytes, sha256, reason} of events in the batch")
    return {item["seq"]: {k: item[k] for k in ("seq", "bytes", "sha256", "reason")} for item in items}


def _is_quarantined_entry(item: Any, first: int, last: int) -> bool:
    return (isinstance(item, dict) and _is_int(item.get("seq")) and _is_int(item.get("bytes"))
            and isinstance(item.get("sha256"), str) and len(item["sha256"]) == 64
            and isinstance(item.get("reason"), str) and len(item["reason"]) <= 500
            and first <= item["seq"] <= last)


def _head_message(device_id: str, head: dict[str, Any]) -> bytes:
    return signing.message(signing.HEAD, device_id, head["seq"], head["hash"], head["signed_utc"])


def _seconds_between(earlier_utc: str, later_utc: str) -> float:
    """later − earlier in seconds; 0 when either is not an ISO time with its zone (nothing to compare)."""
    try:
        earlier, later = datetime.fromisoformat(earlier_utc), datetime.fromisoformat(later_utc)
        return (later - earlier).total_seconds()
    except (ValueError, TypeError):
        return 0.0


def _is_int(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _skew_seconds(sent_utc: str) -> float | None:
    try:
        sent = datetime.fromisoformat(sent_utc)
    except ValueError:
        return None
    if sent.tzinfo is None:
        return None
    return (utc_now() - sent).total_seconds()

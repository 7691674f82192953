"""The device's side of sync: uploads what headquarters has not acknowledged (photos first, then
events in batches) and pulls the watchlists headquarters signed.

Only a receipt signed by the hub's pinned key, for a hash this device holds, moves the
"acknowledged" mark: a captive portal's 200 page, a cut connection or a lost answer move nothing,
and the next attempt resends from the mark (the hub stores each event once, so a resend is harmless).
Sync is per device, not per officer: signing out or switching accounts leaves the outbox as it is.
"""
from __future__ import annotations

import hashlib
import http.client
import json
import logging
import threading
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any
from urllib.parse import quote, urlsplit

import sqlite_utils
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from .. import capture, ledger, patterns, watchlist
from ..clock import utc_iso, utc_now
from ..errors import N_, CheckpointError, InvalidInput
from ..ledger import signing
from ..store.db import atomic, connect
from . import protocol

log = logging.getLogger(__name__)


WEEK_TIMEZONE = "Asia/Ho_Chi_Minh"
"""The tablets' time zone (the setting TIMEZONE's default), for callers that do not give theirs."""


class SyncFailed(CheckpointError):
    """Sync stopped short. Each cause has a msgid of its own, which its params fill."""
    status = 502
    exit_code = 1

    def __init__(self, message: str, **params: Any) -> None:
        self.message = message
        super().__init__(**params)


class HubKeyChanged(CheckpointError):
    message = N_("The hub's key differs from the one this tablet knows; ask headquarters before syncing again.")
    status = 409
    exit_code = 1


class HubKeyMissing(CheckpointError):
    message = N_("This tablet does not know its hub's key: set it up with `checkpoint init --hub URL --hub-key KEY`"
                 " (or the setting HUB_PUBLIC_KEY) with the key headquarters gives.")
    status = 409
    exit_code = 1


class BadHubKey(CheckpointError):
    message = N_("This is not a hub key: expected the 44-character base64 key headquarters gives.")
    status = 422


class HubRefused(SyncFailed):
    """The hub understood and refused; `hub_status` is its HTTP status."""

    def __init__(self, hub_status: int, error: str) -> None:
        self.hub_status = hub_status
        super().__init__(N_("The hub refused the upload: %(error)s"), error=error)


class _Retry(SyncFailed):
    """Anything short of an explicit answer from the hub: worth another attempt after a pause."""


def _incomplete(request: str) -> _Retry:
    return _Retry(N_("The hub did not acknowledge the upload: its answer to %(request)s is incomplete."),
                  request=request)


@dataclass(frozen=True)
class SyncReport:
    acknowledged: int
    """Events the hub acknowledged in this run."""
    acknowledged_seq: int
    photos: int
    """Photos uploaded in this run (those the hub already had are not sent again)."""
    missing_photos: tuple[str, ...]
    """Hashes of photos the log names but this tablet no longer holds intact: not sent."""
    watchlists: tuple[str, ...]
    """Local versions of the watchlists imported from the hub."""
    attempts: int


class HubClient:
    """JSON over one keep-alive HTTP connection, reopened after any failure. Given a device's id and key,
    it signs each request: the hub lets only registered devices (or its own token) sync."""

    def __init__(self, url: str, timeout: float, device: tuple[str, Ed25519PrivateKey] | None = None,
                 enrol_code: str = "") -> None:
        parts = urlsplit(url)
        if parts.scheme not in ("http", "https") or not parts.hostname:
            raise InvalidInput(field=N_("hub address"), problem=N_("expected an http:// or https:// URL"))
        self.device = device
        self.enrol_code = enrol_code
        self.https = parts.scheme == "https"
        self.host, self.port = parts.hostname, parts.port
        self.base = parts.path.rstrip("/")
        self.timeout = timeout
        self.conn: http.client.HTTPConnection | None = None

    def request(self, method: str, path: str, body: bytes | None = None,
                content_type: str = "application/json") -> dict[str, Any]:
        if self.conn is None:
            factory = http.client.HTTPSConnection if self.https else http.client.HTTPConnection
            self.conn = factory(self.host, self.port, timeout=self.timeout)
        headers = {"Content-Type": content_type, "Accept": "application/json"}
        if self.enrol_code:
            headers[protocol.ENROL_HEADER] = self.enrol_code
        if self.device is not None:
            device_id, key = self.device
            signed_utc = utc_iso()
            signature = signing.sign(key, protocol.request_message(device_id, method, path, body or b"", signed_utc))
            headers.update(zip(protocol.DEVICE_HEADERS, (device_id, signing.public_text(key), signed_utc, signature)))
        try:
            self.conn.request(method, self.base + path, body=body, headers=headers)
            response = self.conn.getresponse()
            data = response.read()
        except (OSError, http.client.HTTPException) as exc:
            self.close()
            raise _Retry(N_("The hub did not acknowledge the upload: it could not be reached (%(detail)s)."),
                         detail=f"{type(exc).__name__}: {exc}") from None
        return _answer(response.status, response.getheader("Content-Type", ""), data)

    def json(self, method: str, path: str, value: Any = None) -> dict[str, Any]:
        body = None if value is None else json.dumps(value, ensure_ascii=False, separators=(",", ":")).encode()
        return self.request(method, path, body)

    def close(self) -> None:
        if self.conn is not None:
            self.conn.close()
            self.conn = None


def _answer(status: int, content_type: str, data: bytes) -> dict[str, Any]:
    """The hub's JSON answer, or why it is not one (a portal's HTML, a proxy's error page, a cut body)."""
    value = None
    if content_type.startswith("application/json"):
        try:
            value = json.loads(data)
        except ValueError:
            pass
    if isinstance(value, dict) and status == 200 and value.get("ok") is True:
        return value
    if isinstance(value, dict) and 400 <= status < 500 and value.get("ok") is False \
            and isinstance(value.get("error"), str):
        # The hub understood and refused (a conflict, a bad key): resending would not help.
        raise HubRefused(status, value["error"])
    raise _Retry(N_("The hub did not acknowledge the upload: the answer (HTTP %(status)d) is not the hub's."),
                 status=status)


def run(db: sqlite_utils.Database, hub_url: str, evidence_dir: str, *, hub_public_key: str = "",
        enrol_code: str = "", batch_size: int = 500, attempts: int = 5, backoff: float = 1.0, timeout: float = 30.0,
        now: Callable[[], datetime] = utc_now, timezone: str = WEEK_TIMEZONE) -> SyncReport:
    """Uploads everything not yet acknowledged and imports new signed watchlists, retrying with back-off. The first
    sync after a week ends takes the leaders' list of that week along (patterns.log_weekly; `timezone` is the
    tablet's)."""
    patterns.log_weekly(db, timezone, now=now())
    start_seq = ledger.acknowledged_seq(db)
    device = (ledger.device_id(db), signing.load_or_create(ledger.key_path(db)))
    photos, missing, imported = 0, set(), []
    attempt = 0
    while True:
        attempt += 1
        _note(db, hub_url, attempt_utc=now().isoformat())
        client = HubClient(hub_url, timeout, device, enrol_code)
        try:
            key = _hub_key(db, client, hub_url, hub_public_key)
            _hello(db, client, key, hub_url, now)
            sent, gone = _push(db, client, key, hub_url, evidence_dir, batch_size, now)
            photos += sent
            missing |= gone
            imported += _pull_watchlists(db, client, key)
        except _Retry as exc:
            _note(db, hub_url, error=str(exc))
            if attempt >= attempts:
                raise SyncFailed(exc.message, **exc.params) from None
            time.sleep(min(backoff * 2 ** (attempt - 1), 60.0))
            continue
        except Exception as exc:
            _note(db, hub_url, error=str(exc) if isinstance(exc, CheckpointError) else f"{type(exc).__name__}: {exc}")
            raise
        finally:
            client.close()
        _note(db, hub_url, success_utc=now().isoformat())
        acked = ledger.acknowledged_seq(db)
        return SyncReport(acked - start_seq, acked, photos, tuple(sorted(missing)), tuple(imported), attempt)


def _note(db: sqlite_utils.Database, url: str, *, attempt_utc: str | None = None, success_utc: str | None = None,
          error: str | None = None) -> None:
    with atomic(db):
        db.execute("INSERT OR IGNORE INTO hub_link (id) VALUES (1)")
        db.execute("UPDATE hub_link SET url = ?, last_attempt_utc = COALESCE(?, last_attempt_utc),"
                   " last_success_utc = COALESCE(?, last_success_utc),"
                   " last_error = CASE WHEN ? IS NOT NULL THEN NULL ELSE COALESCE(?, last_error) END WHERE id = 1",
                   [url, attempt_utc, success_utc, success_utc, error])


def pin_hub(db: sqlite_utils.Database, url: str, public_key: str) -> None:
    """Trusts `public_key` as the hub's from now on (set-up: `checkpoint init --hub URL --hub-key KEY`). Receipts
    of a key trusted before still verify, but only this key's receipts count as acknowledged: events a wrong
    hub acknowledged are sent again to this one."""
    HubClient(url, 1.0)  # the address is checked before anything is kept
    if len(public_key) != 44 or not signing.is_valid_public_key(public_key):
        raise BadHubKey()
    with atomic(db):
        db.execute("INSERT OR IGNORE INTO hub_link (id) VALUES (1)")
        db.execute("UPDATE hub_link SET url = ?, public_key = ? WHERE id = 1", [url, public_key])
        db.execute("INSERT OR IGNORE INTO hub_keys (public_key, url, pinned_utc) VALUES (?, ?, ?)",
                   [public_key, url, utc_iso()])


def _hub_key(db: sqlite_utils.Database, client: HubClient, hub_url: str, configured: str) -> str:
    """The hub key to trust: the configured one (HUB_PUBLIC_KEY, pinned now, replacing any other), else the one
    pinned at set-up. Never the key of whichever hub answers first: a tablet without either refuses to sync."""
    row = db.execute("SELECT public_key FROM hub_link WHERE id = 1").fetchone()
    pinned = row[0] if row else None
    if not (pinned or configured):
        raise HubKeyMissing()
    if configured and configured != pinned:
        pin_hub(db, hub_url, configured)
    trusted = configured or pinned
    announced = client.json("GET", "/api/v1/hub/key").get("public_key")
    if not isinstance(announced, str) or not announced:
        raise _incomplete("GET /api/v1/hub/key")
    if announced != trusted:
        raise HubKeyChanged()
    return trusted


def _hello(db: sqlite_utils.Database, client: HubClient, hub_key: str, hub_url: str,
           now: Callable[[], datetime]) -> None:
    """Shows the hub this tablet's signed head (the hub flags a head that went backwards or changed) and keeps
    the receipt it answers with: after a lost answer, that is how the tablet learns what went through."""
    device = ledger.device_id(db)
    key = signing.load_or_create(ledger.key_path(db))
    last = db.execute("SELECT seq, hash FROM events ORDER BY seq DESC LIMIT 1").fetchone()
    seq, hash_ = (last[0], last[1]) if last else (0, ledger.GENESIS)
    signed_utc = now().isoformat(timespec="microseconds")
    answer = client.json("POST", "/api/v1/sync/hello", {"head": {
        "seq": seq, "hash": hash_, "signed_utc": signed_utc,
        "signature": signing.sign(key, signing.message(signing.HEAD, device, seq, hash_, signed_utc))}})
    acked = ledger.acknowledged_seq(db)
    receipt = _receipt(db, answer.get("receipt"), device, hub_key, None, seq, "POST /api/v1/sync/hello")
    if receipt.seq > acked:
        ledger.keep_receipt(db, receipt, hub_url)


def _push(db: sqlite_utils.Database, client: HubClient, hub_key: str, hub_url: str, evidence_dir: str,
          batch_size: int, now: Callable[[], datetime]) -> tuple[int, set[str]]:
    device = ledger.device_id(db)
    device_key = signing.load_or_create(ledger.key_path(db))
    photos, missing = 0, set[str]()
    cursor = db.conn.cursor()
    cursor.row_factory = None
    limit = batch_size
    quarantined_now = 0
    while True:
        acked = ledger.acknowledged_seq(db)
        rows = [list(row) for row in cursor.execute(
            ledger.SELECT_EVENTS + " WHERE seq > ? ORDER BY seq LIMIT ?", [acked, limit])]
        if not rows:
            return photos, missing
        sent, gone = _upload_photos(client, evidence_dir, rows)
        photos += sent
        missing |= gone
        quarantined = _quarantined(db, rows)
        try:
            answer = client.json("POST", "/api/v1/sync/events",
                                 signed_batch(device, device_key, rows, now().isoformat(timespec="microseconds"),
                                              quarantined))
        except HubRefused as refused:
            if refused.hub_status not in (413, 422):
                raise
            # The hub cannot take this batch: halve it until the one event it cannot take is found, then send
            # that event's place in the chain without its content, so that every later event still flows.
            if len(rows) > 1:
                limit = max(1, len(rows) // 2)
                continue
            # A hub that refuses event after event (or the record of a quarantine itself) is not refusing
            # their content: stop there rather than set the whole log aside.
            if quarantined_now >= MAX_QUARANTINED_PER_RUN or rows[0][3] == "sync.quarantined":
                raise
            _quarantine(db, rows[0], refused.params["error"], now)
            quarantined_now += 1
            continue
        receipt = _receipt(db, answer.get("receipt"), device, hub_key, acked, rows[-1][0], "POST /api/v1/sync/events")
        ledger.keep_receipt(db, receipt, hub_url)
        limit = batch_size


MAX_QUARANTINED_PER_RUN = 5


def _quarantined(db: sqlite_utils.Database, rows: list[list[Any]]) -> list[dict[str, Any]]:
    """The batch's events already quarantined: their content is replaced in `rows` by their size and digest."""
    found = {r[0]: r for r in db.execute("SELECT seq, bytes, sha256, reason FROM sync_quarantine"
                                         " WHERE seq BETWEEN ? AND ?", [rows[0][0], rows[-1][0]])}
    stubs = []
    for row in rows:
        if row[0] in found:
            seq, size, sha256, reason = found[row[0]]
            row[5] = ledger.canonical({"quarantined": {"bytes": size, "sha256": sha256}})
            stubs.append({"seq": seq, "bytes": size, "sha256": sha256, "reason": reason[:500]})
    return stubs


def _quarantine(db: sqlite_utils.Database, row: list[Any], reason: str, now: Callable[[], datetime]) -> None:
    """Sets aside an event the hub refused on its own; it stays in this tablet's log, and the log records the
    quarantine (an alert that reaches headquarters with the next upload)."""
    payload = row[5].encode()
    size, sha256 = len(payload), hashlib.sha256(payload).hexdigest()
    with atomic(db):
        db.execute("INSERT OR IGNORE INTO sync_quarantine (seq, bytes, sha256, reason, quarantined_utc)"
                   " VALUES (?, ?, ?, ?, ?)", [row[0], size, sha256, reason, now().isoformat()])
    log.warning("event %d (%d bytes) quarantined: the hub refused it (%s)", row[0], size, reason)
    ledger.record(db, "sync.quarantined", {"seq": row[0], "uuid": row[1], "type": row[3], "bytes": size,
                                           "sha256": sha256, "reason": reason[:500]}, author=None)


def signed_batch(device: str, key: Ed25519PrivateKey, rows: list[list[Any]], signed_utc: str,
                 quarantined: list[dict[str, Any]] | None = None) -> dict[str, Any]:
    """An upload of event rows, its last one signed as the device's head; `quarantined` lists the events sent
    without their content."""
    last_seq, last_hash = rows[-1][0], rows[-1][10]
    return {"device_id": device, "public_key": signing.public_text(key), "sent_utc": signed_utc, "events": rows,
            "quarantined": quarantined or [],
            "head": {"seq": last_seq, "hash": last_hash, "signed_utc": signed_utc,
                     "signature": signing.sign(key, signing.message(signing.HEAD, device, last_seq, last_hash,
                                                                    signed_utc))}}


def _receipt(db: sqlite_utils.Database, value: Any, device: str, hub_key: str, acked: int | None,
             last_seq: int, request: str) -> ledger.Checkpoint:
    """The hub's receipt, checked: signed by the pinned key, for this device, for a hash we hold. It may
    vouch for more than this batch (the hub kept an earlier upload whose answer was lost); `acked` None
    (a hello) accepts a receipt for less than this tablet already counts as sent."""
    fields = ("device_id", "seq", "hash", "signed_utc", "public_key", "signature")
    if not isinstance(value, dict) or not all(isinstance(value.get(f), int if f == "seq" else str) for f in fields):
        raise _incomplete(request)
    receipt = ledger.Checkpoint("receipt", *(value[f] for f in fields))
    if receipt.public_key != hub_key or not receipt.is_signed() or receipt.device_id != device:
        raise _Retry(N_("The hub did not acknowledge the upload: the receipt is not signed by the hub's key for"
                        " this tablet."))
    local = db.execute("SELECT hash FROM events WHERE seq = ?", [receipt.seq]).fetchone()
    if receipt.seq == 0 and receipt.hash == ledger.GENESIS:
        return receipt
    if local is None or local[0] != receipt.hash:
        raise SyncFailed(N_("The hub acknowledged event #%(seq)d with a hash this tablet does not hold."),
                         seq=receipt.seq)
    if acked is not None and receipt.seq <= acked:
        raise SyncFailed(N_("The hub is missing events before #%(seq)d."), seq=acked + 1)
    return receipt


def _upload_photos(client: HubClient, evidence_dir: str, rows: list[list[Any]]) -> tuple[int, set[str]]:
    """Sends the batch's photos the hub lacks, each checked against its hash, before the events that name them."""
    hashes = []
    for row in rows:
        # Any event that names a photo by its hash (inspections, patrol interceptions…) carries it along.
        if '"sha256":' in row[5]:
            sha256 = json.loads(row[5]).get("sha256")
            if isinstance(sha256, str) and len(sha256) == 64 and sha256 not in hashes:
                hashes.append(sha256)
    if not hashes:
        return 0, set()
    lacking = client.json("POST", "/api/v1/sync/evidence/missing", {"sha256": hashes}).get("missing")
    if not isinstance(lacking, list):
        raise _incomplete("POST /api/v1/sync/evidence/missing")
    sent, gone = 0, set()
    for sha256 in lacking:
        if sha256 not in hashes:
            continue
        try:
            data = capture.evidence_path(evidence_dir, sha256).read_bytes()
        except OSError:
            gone.add(sha256)
            continue
        if hashlib.sha256(data).hexdigest() != sha256:
            gone.add(sha256)
            continue
        answer = client.request("PUT", f"/api/v1/sync/evidence/{sha256}", data, "application/octet-stream")
        if answer.get("sha256") != sha256 or answer.get("bytes") != len(data):
            raise _incomplete(f"PUT /api/v1/sync/evidence/{sha256}")
        sent += 1
    return sent, gone


def _pull_watchlists(db: sqlite_utils.Database, client: HubClient, hub_key: str) -> list[str]:
    """Imports each watchlist headquarters published since the last one, only if its signature holds.
    One that the import refuses is left out (its list in force stays) and reported once the others are in:
    stopping there would hold back every list published after it."""
    last = db.execute("SELECT version FROM hub_watchlists ORDER BY rowid DESC LIMIT 1").fetchone()
    path = "/api/v1/sync/watchlists?after=" + quote(last[0] if last else "")
    published = client.json("GET", path).get("watchlists")
    if not isinstance(published, list):
        raise _incomplete(f"GET {path}")
    imported, refused = [], []
    for item in published:
        if not isinstance(item, dict) or not all(isinstance(item.get(k), str)
                                                 for k in ("version", "list", "fmt", "text", "signature")):
            raise _incomplete(f"GET {path}")
        if item["fmt"] not in ("csv", "jsonl") or not signing.is_valid(
                hub_key, item["signature"], protocol.watchlist_message(item["version"], item["list"], item["fmt"],
                                                                  item["text"])):
            raise SyncFailed(N_("Watchlist %(version)s is not signed by headquarters."), version=item["version"][:80])
        if db.execute("SELECT 1 FROM hub_watchlists WHERE version = ?", [item["version"]]).fetchone():
            continue
        try:
            # Signed by headquarters, which decides what its lists hold: no confirmation asked of the tablet.
            report = watchlist.import_text(db, item["text"], item["list"], source=f"hub:{item['version']}",
                                           fmt=item["fmt"], confirmed=True)
        except InvalidInput as exc:
            refused.append(exc)
            continue
        with atomic(db):
            db.execute("INSERT INTO hub_watchlists (version, local_version, imported_utc) VALUES (?, ?, ?)",
                       [item["version"], report.version, utc_iso()])
        imported.append(report.version)
    if refused:
        raise refused[0]
    return imported


class BackgroundSync(threading.Thread):
    """Syncs every SYNC_INTERVAL_SECONDS while the app runs; waits longer after each failure."""

    def __init__(self, database: str, evidence_dir: str, hub_url: str, interval: float, *,
                 hub_public_key: str = "", enrol_code: str = "", batch_size: int = 500,
                 timezone: str = WEEK_TIMEZONE) -> None:
        super().__init__(name="checkpoint-sync", daemon=True)
        self.timezone = timezone
        self.database, self.evidence_dir, self.hub_url = database, evidence_dir, hub_url
        self.interval, self.hub_public_key, self.batch_size = interval, hub_public_key, batch_size
        self.enrol_code = enrol_code
        self.stopped = threading.Event()

    def run(self) -> None:
        delay = self.interval
        while not self.stopped.wait(delay):
            try:
                self.sync_once()
                delay = self.interval
            except Exception:
                # run() recorded why in hub_link. Offline is the normal state, and nothing else (a locked
                # database, a list headquarters got wrong) may end uploads until a restart: wait longer, retry.
                log.warning("sync with %s failed", self.hub_url, exc_info=True)
                delay = min(delay * 2, self.interval * 16)

    def sync_once(self) -> None:
        db = connect(self.database)
        try:
            run(db, self.hub_url, self.evidence_dir, hub_public_key=self.hub_public_key, enrol_code=self.enrol_code,
                batch_size=self.batch_size, attempts=1, timezone=self.timezone)
        finally:
            db.conn.close()

    def stop(self, timeout: float = 30.0) -> None:
        self.stopped.set()
        self.join(timeout)


def pinned_url(db: sqlite_utils.Database) -> str:
    """The hub address given at set-up (`checkpoint init --hub URL --hub-key KEY`), or ''."""
    row = db.execute("SELECT url FROM hub_link WHERE id = 1 AND public_key IS NOT NULL").fetchone()
    return row[0] or "" if row else ""


def start_background(config: Mapping[str, Any]) -> BackgroundSync | None:
    """Starts the background sync of a running app (its config) when HUB_URL is set, or a hub was pinned at set-up; None
    otherwise."""
    db = connect(config["DATABASE"])
    try:
        url = config.get("HUB_URL") or pinned_url(db)
    finally:
        db.conn.close()
    if not url:
        return None
    worker = BackgroundSync(config["DATABASE"], config["EVIDENCE_DIR"], url,
                            float(config["SYNC_INTERVAL_SECONDS"]),
                            hub_public_key=config["HUB_PUBLIC_KEY"], enrol_code=config["HUB_ENROL_CODE"],
                            batch_size=config["SYNC_BATCH_SIZE"], timezone=config["TIMEZONE"])
    worker.start()
    return worker

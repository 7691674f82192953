"""The hub as a WSGI app: a thin HTTP shell over the receiver."""
from __future__ import annotations

import hmac
from pathlib import Path
from typing import Any

from flask import Flask, current_app, request

from ..errors import CheckpointError
from ..ledger import signing
from ..sync.protocol import DEVICE_HEADERS, ENROL_HEADER, request_message
from .console import init_console
from .receiver import AlertLimiter, BadBatch, DeviceSignatureRequired, Hub, HubNotGuarded, HubTokenRequired
from .store import Store, Stores

PACKAGE = Path(__file__).resolve().parent.parent
# The pages and styles the tablet app uses too: inside the package when installed, templates/ in a checkout.
TEMPLATES = next(p for p in (PACKAGE / "templates", PACKAGE.parent / "templates") if p.is_dir())


def create_hub(database_url: str, key_path: str | Path, token: str | None = None,
               enrol_code: str | None = None, *, trial: bool = False, max_request_bytes: int = 64 * 1_000_000,
               alerts_per_minute: int = 30, password_hash_cost: str = "strong") -> Flask:
    """The hub as a WSGI app. `token` is required (Bearer) on the cross-gate views; syncing takes a registered
    device's signed request (or the token); `enrol_code` is what a tablet must bring to be registered, so that
    reaching the hub is not enough to read the watchlists. Without both it refuses to start (HubNotGuarded)
    unless `trial` says so explicitly; a trial leaves unset what is unset."""
    if not trial and not (token and enrol_code):
        raise HubNotGuarded()
    app = Flask("checkpoint.hub", template_folder=str(TEMPLATES), static_folder=str(PACKAGE / "static"))
    app.config["MAX_CONTENT_LENGTH"] = max_request_bytes
    limiter = AlertLimiter(alerts_per_minute)
    key = signing.load_or_create(key_path)
    stores = Stores(database_url)
    setup = Store(database_url)
    try:
        setup.migrate()
    finally:
        setup.close()
    app.extensions["hub"] = stores

    def hub() -> Hub:
        brought = request.headers.get(ENROL_HEADER, "")
        return Hub(stores.get(), key, may_enrol=not enrol_code or hmac.compare_digest(brought, enrol_code),
                   limiter=limiter)

    # The console's pages (console.py), beside the sync API; its cookie's key lives beside the hub's key.
    init_console(app, stores.get, lambda: Hub(stores.get(), key, limiter=limiter),
                 Path(key_path).with_name(Path(key_path).name + ".console"), password_hash_cost)

    def has_token() -> bool:
        return bool(token) and hmac.compare_digest(request.headers.get("Authorization", ""), f"Bearer {token}")

    def require_token() -> None:
        if token and not has_token():
            raise HubTokenRequired()

    def require_device() -> None:
        """Sync moves the log and the watchlists (names, ID numbers): registered devices, or headquarters."""
        if has_token():
            return
        device_id, public_key, signed_utc, signature = (request.headers.get(h, "") for h in DEVICE_HEADERS)
        if not (device_id and public_key and signed_utc and signature):
            raise DeviceSignatureRequired()
        query = request.query_string.decode("latin-1")
        target = request.path + ("?" + query if query else "")
        hub().authenticate(device_id, public_key, signature,
                           request_message(device_id, request.method, target, request.get_data(), signed_utc))

    @app.errorhandler(CheckpointError)
    def ours(exc: CheckpointError) -> Any:
        return {"ok": False, "status": exc.status, "error": str(exc), "errors": []}, exc.status

    @app.errorhandler(404)
    @app.errorhandler(405)
    @app.errorhandler(413)
    def http(exc: Any) -> Any:
        return {"ok": False, "status": exc.code, "error": exc.name, "errors": []}, exc.code

    @app.get("/api/v1/hub/key")
    def public_key() -> Any:
        return {"ok": True, "public_key": signing.public_text(key)}

    @app.post("/api/v1/sync/events")
    def receive() -> Any:
        require_device()
        accepted = hub().receive(request.get_json(silent=True))
        r = accepted.receipt
        return {"ok": True, "stored": accepted.stored, "duplicates": accepted.duplicates,
                "clock_skew_seconds": accepted.skew_seconds,
                "receipt": {"device_id": r.device_id, "seq": r.seq, "hash": r.hash, "signed_utc": r.signed_utc,
                            "public_key": r.public_key, "signature": r.signature}}

    @app.post("/api/v1/sync/hello")
    def hello() -> Any:
        require_device()
        body = request.get_json(silent=True)
        head = body.get("head") if isinstance(body, dict) else None
        r = hub().hello(request.headers.get(DEVICE_HEADERS[0], ""), head)
        return {"ok": True, "receipt": {"device_id": r.device_id, "seq": r.seq, "hash": r.hash,
                                        "signed_utc": r.signed_utc, "public_key": r.public_key,
                                        "signature": r.signature}}

    @app.post("/api/v1/sync/evidence/missing")
    def missing() -> Any:
        require_device()
        body = request.get_json(silent=True)
        hashes = body.get("sha256") if isinstance(body, dict) else None
        if not isinstance(hashes, list) or not all(isinstance(h, str) and len(h) == 64 for h in hashes):
            raise BadBatch(problem="sha256 must be a list of hex digests")
        return {"ok": True, "missing": hub().missing_evidence(hashes)}

    @app.put("/api/v1/sync/evidence/<sha256>")
    def put_evidence(sha256: str) -> Any:
        require_device()
        data = request.get_data()
        hub().store_evidence(sha256, data)
        return {"ok": True, "sha256": sha256, "bytes": len(data)}

    @app.get("/api/v1/sync/watchlists")
    def watchlists() -> Any:
        require_device()
        return {"ok": True, "public_key": signing.public_text(key),
                "watchlists": hub().watchlists(request.args.get("after", ""))}

    @app.post("/api/v1/hub/watchlists")
    def publish() -> Any:
        # Devices import whatever the hub signs: publishing always needs the token, never open.
        if not token:
            raise HubTokenRequired()
        require_token()
        body = request.get_json(silent=True)
        if not isinstance(body, dict) or not all(isinstance(body.get(k), str) and body[k] for k in ("list", "text")) \
                or body.get("fmt", "csv") not in ("csv", "jsonl"):
            raise BadBatch(problem="list and text are required; fmt is csv or jsonl")
        return {"ok": True, "version": hub().publish_watchlist(body["list"], body["text"], body.get("fmt", "csv"))}

    @app.get("/api/v1/hub/events")
    def all_events() -> Any:
        require_token()
        limit = min(request.args.get("limit", 1000, type=int) or 1000, 10_000)
        return {"ok": True, "events": hub().events(request.args.get("device"),
                                                   request.args.get("after", 0, type=int) or 0, limit)}

    @app.get("/api/v1/hub/devices")
    def devices() -> Any:
        require_token()
        return {"ok": True, "devices": hub().devices()}

    @app.get("/api/v1/hub/devices/<device_id>")
    def device_status(device_id: str) -> Any:
        require_token()
        status = hub().chain_status(device_id)
        if status is None:
            return {"ok": False, "status": 404, "error": "unknown device", "errors": []}, 404
        return {"ok": True, **status}

    @app.get("/api/v1/hub/co-reuse")
    def co_reuse() -> Any:
        require_token()
        return {"ok": True, "references": hub().co_reuse()}

    @app.get("/api/v1/hub/alerts")
    def alerts() -> Any:
        require_token()
        return {"ok": True, "alerts": hub().alerts(request.args.get("device"))}

    @app.get("/api/v1/hub/evidence/<sha256>")
    def get_evidence(sha256: str) -> Any:
        require_token()
        data = hub().evidence(sha256)
        if data is None:
            return {"ok": False, "status": 404, "error": "not found", "errors": []}, 404
        return current_app.response_class(data, mimetype="application/octet-stream")

    return app

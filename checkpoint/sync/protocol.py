"""What a tablet and headquarters agree on: the request a device signs, the signed watchlist, the batch size."""
from __future__ import annotations

import hashlib

from ..ledger import signing

MAX_BATCH = 5000


REQUEST = "checkpoint-request/v1"
DEVICE_HEADERS = ("X-Checkpoint-Device", "X-Checkpoint-Key", "X-Checkpoint-Signed", "X-Checkpoint-Signature")
ENROL_HEADER = "X-Checkpoint-Enrol"
"""Carries the enrolment code headquarters gives out, without which a hub that has one registers no new tablet."""
"""A device's signed request (protocol.request_message): its id, its public key, when and the signature."""


def watchlist_message(version: str, list_name: str, fmt: str, text: str) -> bytes:
    return signing.message(signing.WATCHLIST, version, list_name, fmt, hashlib.sha256(text.encode()).hexdigest())


def request_message(device_id: str, method: str, target: str, body: bytes, signed_utc: str) -> bytes:
    """What a device signs to sync: this request (method, path and query, body) and no other. The time is
    not checked against the hub's clock, since tablets' clocks drift (skew is flagged, never refused); a
    replayed request only repeats an upload, which is stored once, or a download its sender already had."""
    return signing.message(REQUEST, device_id, method, target, hashlib.sha256(body).hexdigest(), signed_utc)

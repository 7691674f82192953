"""Sync: the tablet's side (client) of the protocol it shares with headquarters (protocol)."""
from .client import (
    MAX_QUARANTINED_PER_RUN,
    BadHubKey,
    HubClient,
    HubKeyChanged,
    HubKeyMissing,
    HubRefused,
    SyncFailed,
    pin_hub,
    pinned_url,
    run,
    signed_batch,
    start_background,
)

__all__ = [
    "BadHubKey",
    "HubClient",
    "HubKeyChanged",
    "HubKeyMissing",
    "HubRefused",
    "MAX_QUARANTINED_PER_RUN",
    "SyncFailed",
    "pin_hub",
    "pinned_url",
    "run",
    "signed_batch",
    "start_background",
]

"""Sync: the tablet's side (client) of the protocol it shares with headquarters (protocol), and what is still
waiting to reach it (status)."""
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
from .status import Waiting, sent, waiting

__all__ = [
    "BadHubKey",
    "HubClient",
    "HubKeyChanged",
    "HubKeyMissing",
    "HubRefused",
    "MAX_QUARANTINED_PER_RUN",
    "SyncFailed",
    "Waiting",
    "pin_hub",
    "pinned_url",
    "run",
    "sent",
    "signed_batch",
    "start_background",
    "waiting",
]

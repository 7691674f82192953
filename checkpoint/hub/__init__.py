"""Headquarters: what tablets upload, received once and checked (receiver), kept in PostgreSQL or a SQLite
trial file (store), served over HTTP (app). It shares only the sync protocol and the log's chain with the
tablet."""
from .app import create_hub
from .receiver import Hub, HubNotGuarded
from .store import Store

__all__ = ["Hub", "HubNotGuarded", "Store", "create_hub"]

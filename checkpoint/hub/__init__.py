"""Headquarters: what tablets upload, received once and checked (receiver), kept in PostgreSQL or a SQLite
trial file (store), served over HTTP (app); the tablet's own projections replayed over it (projections), counted
for the 389 report (figures) and read in a console with its own accounts (console, accounts)."""
from . import accounts, projections
from .app import create_hub
from .receiver import Hub, HubNotGuarded
from .store import Store

__all__ = ["Hub", "HubNotGuarded", "Store", "accounts", "create_hub", "projections"]

"""The tablet's 389 report: which unit it reports for by default, and the report over its own database, for the
report page and `checkpoint report`."""
from __future__ import annotations

from datetime import date

import sqlite_utils

from .. import units
from . import periods, report389
from .periods import Period

ROLE_FORCES = {"patrol": "border_guard"}
"""A patrol account's default unit is the border-guard post at its gate; every other role's the customs office."""


def tablet_gate(db: sqlite_utils.Database) -> str | None:
    """The gate of this tablet's accounts, when they all share one (admins have none)."""
    gates = [row[0] for row in db.execute("SELECT DISTINCT gate FROM users WHERE gate IS NOT NULL")]
    return gates[0] if len(gates) == 1 else None


def default_unit(gate: str | None, role: str = "") -> str | None:
    """The unit of a gate for the force of a role; None (every unit) where there is no gate."""
    if not gate:
        return None
    found = units.at_gate(gate, ROLE_FORCES.get(role, "customs"))
    return found.code if found else None


def choose_period(kind: str, day: date, cutoff: int, campaign_code: str = "") -> Period:
    return periods.period(kind, periods.check_day(day), cutoff, campaign_code if kind == "campaign" else "")


def build(db: sqlite_utils.Database, unit: str | None, period: Period, campaign_code: str = "") -> report389.Report389:
    """The report over this tablet's records; every case here is this tablet's, so nothing is waiting to sync."""
    chosen = periods.campaign(campaign_code) if campaign_code else None
    return report389.build(report389.tablet_count(db), unit, period, campaign=chosen,
                           waiting=report389.tablet_waiting(db))

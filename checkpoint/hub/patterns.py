"""Headquarters' page of the leaders' weekly lists (#19): each tablet logs the patterns of the ISO week just ended
(patterns.log_weekly) and the list travels with its next sync; here the latest list of each tablet is shown per
unit, each gate's line with its officers and those that stand out against their peers marked.

A gate's lines count for the unit headquarters gave the tablet, else for the customs unit at that gate (as its
cases do, projections.unit_and_force); an account sees the units it answers for.
"""
from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any, cast

from flask import current_app, g, render_template

from ..clock import local_today
from ..ledger.events import PatternFigures, PatternsWeekly, parse
from ..patterns import WEEKLY_SUBJECT, week_before
from .console import EVERYONE, TIMEZONE, _gate_names, bp, page
from .projections import unit_and_force
from .store import Store

WEEKS_BACK = 8
"""A tablet whose last list is older than this many weeks is not shown: it has stopped syncing (the tablets'
page says since when)."""


@dataclass(frozen=True)
class WeeklyList:
    """One tablet's latest list, the lines of one unit."""
    device_id: str
    week: str
    start: date
    end: date
    received_utc: str
    rows: list[PatternFigures]

    @property
    def outliers(self) -> int:
        return sum(bool(row.outliers) for row in self.rows if row.officer is not None)


def recent_weeks(today: date, count: int = WEEKS_BACK) -> list[str]:
    """The subjects of the lists of the last `count` weeks ended, newest first."""
    return [WEEKLY_SUBJECT + week_before(today - timedelta(weeks=back))[0] for back in range(count)]


def latest_lists(store: Store, devices: list[str], today: date) -> dict[str, list[WeeklyList]]:
    """Per unit, the newest list of each tablet among `devices`, with that unit's gates only."""
    if not devices:
        return {}
    weeks = recent_weeks(today)
    newest: dict[str, tuple[str, str, str]] = {}
    for device_id, subject, payload, received in store.execute(
            f"SELECT device_id, subject, payload, received_utc FROM events WHERE type = 'patterns.weekly'"
            f" AND device_id IN ({', '.join('?' * len(devices))}) AND subject IN ({', '.join('?' * len(weeks))})",
            [*devices, *weeks]).fetchall():
        if device_id not in newest or subject > newest[device_id][0]:
            newest[device_id] = (subject, payload, received)
    assigned = dict(store.execute("SELECT device_id, unit FROM device_units").fetchall())
    by_unit: dict[str, list[WeeklyList]] = {}
    for device_id, (_, payload, received) in sorted(newest.items()):
        weekly = cast(PatternsWeekly, parse("patterns.weekly", json.loads(payload)))
        rows_of: dict[str, list[PatternFigures]] = {}
        for row in weekly.rows:
            unit = unit_and_force(assigned.get(device_id), row.gate, "inspection")[0]
            rows_of.setdefault(unit, []).append(row)
        for unit, rows in rows_of.items():
            by_unit.setdefault(unit, []).append(WeeklyList(device_id, weekly.week, date.fromisoformat(weekly.start),
                                                           date.fromisoformat(weekly.end), received, rows))
    return by_unit


@bp.get("/patterns")
@page(*EVERYONE)
def patterns_page() -> Any:
    store: Store = current_app.extensions["console"]["store"]()
    scope = g.user.scope()
    devices = [r[0] for r in store.execute("SELECT device_id FROM devices ORDER BY device_id").fetchall()]
    lists = {unit: found for unit, found in latest_lists(store, devices, local_today(TIMEZONE)).items()
             if scope is None or unit in scope}
    # Units where an officer stands out first: what a reader at headquarters must not miss.
    ordered = sorted(lists.items(), key=lambda item: (not any(w.outliers for w in item[1]), item[0]))
    return render_template("hub/patterns.html", lists=dict(ordered), weeks_back=WEEKS_BACK,
                           gate_names=_gate_names())

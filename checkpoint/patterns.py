"""Patterns for leaders (#19): per officer and per gate, how decisions were taken — the share of red-channel trucks
let pass, what random and targeted selections found, findings per inspection, minutes per inspection, read values
corrected, inspections closed with no photo — with each officer held against the gate's own figures, so that one who
lets pass three times as many reds as the gate stands out. Counts come from the log's projections and the log itself
(who recorded each verdict), never from what an officer says of themself.

Once a week the tablet logs the list of the ISO week just ended (its own clock's week), so that it travels to
headquarters with the next sync: at the first sync or the first view of the leaders' page after the week ends.
"""
from __future__ import annotations

import json
import math
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import sqlite_utils

from . import ledger
from .clock import utc_now
from .ledger import Event
from .ledger.events import PatternFigures, PatternsWeekly, as_payload
from .store.db import gate_filter

LET_PASS = "cleared"
FOUND = ("held", "seized", "referred")
MIN_RED = 5
"""Reds an officer must have decided before their share let pass is held against the gate's: two of three is
chance, not a pattern."""
OUTLIER_RATIO = 1.5
"""An officer stands out only at this many times their peers' share or more …"""
SIGNIFICANCE = 0.01
"""… and only when the peers' share would give so many by chance less often than this (a one-sided binomial
test): a month's handful of reds varies a lot, and a leader shown chance as a pattern stops looking."""


@dataclass
class Figures:
    """One officer's, or the whole gate's, decisions in the period."""
    closed: int = 0
    red: int = 0
    red_let_pass: int = 0
    random: int = 0
    random_found: int = 0
    targeted: int = 0
    targeted_found: int = 0
    findings: int = 0
    minutes: list[float] = field(default_factory=list)
    corrections: int = 0
    no_photo: int = 0

    @property
    def red_pass_share(self) -> float | None:
        return self.red_let_pass / self.red if self.red else None

    @property
    def random_hit_rate(self) -> float | None:
        return self.random_found / self.random if self.random else None

    @property
    def targeted_hit_rate(self) -> float | None:
        return self.targeted_found / self.targeted if self.targeted else None

    @property
    def findings_per_inspection(self) -> float | None:
        return self.findings / self.closed if self.closed else None

    @property
    def median_minutes(self) -> float | None:
        if not self.minutes:
            return None
        ordered = sorted(self.minutes)
        middle = len(ordered) // 2
        return ordered[middle] if len(ordered) % 2 else (ordered[middle - 1] + ordered[middle]) / 2

    @property
    def no_photo_share(self) -> float | None:
        return self.no_photo / self.closed if self.closed else None


@dataclass(frozen=True)
class Row:
    gate: str
    officer: str | None
    """None for the gate's own line."""
    figures: Figures
    outliers: tuple[str, ...]
    """Which figures stand out against the gate's: 'red_let_pass', 'no_photo'."""


def patterns(db: sqlite_utils.Database, gates: list[str] | None, start: date, end: date) -> list[Row]:
    """Per gate, the gate's line then one per officer who recorded verdicts, officers that stand out first."""
    per_gate: dict[str, Figures] = {}
    per_officer: dict[tuple[str, str], Figures] = {}
    for row in _closed(db, gates, start, end):
        for figures in (per_gate.setdefault(row["gate"], Figures()),
                        per_officer.setdefault((row["gate"], row["officer"]), Figures())):
            _count(figures, row)
    rows = []
    for gate in sorted(per_gate):
        whole = per_gate[gate]
        officers = [Row(gate, officer, figures, _outliers(figures, whole))
                    for (g, officer), figures in per_officer.items() if g == gate]
        officers.sort(key=lambda r: (not r.outliers, r.officer or ""))
        rows += [Row(gate, None, whole, ()), *officers]
    return rows


def _closed(db: sqlite_utils.Database, gates: list[str] | None, start: date, end: date) -> list[dict[str, Any]]:
    """Each inspection closed in the period, with who recorded its standing verdict (the log's author)."""
    where, params = gate_filter(gates, column="i.gate")
    return [dict(r) for r in db.execute(
        "SELECT i.uuid, i.gate, i.risk_channel, i.verdict, i.started_utc, i.closed_utc,"
        " (SELECT author FROM events e WHERE e.subject = i.uuid AND e.type = 'inspection.verdict'"
        "  ORDER BY e.seq DESC LIMIT 1) AS officer,"
        " (SELECT payload FROM events e WHERE e.subject = i.uuid AND e.type = 'inspection.checked'"
        "  ORDER BY e.seq DESC LIMIT 1) AS checked,"
        " (SELECT COUNT(*) FROM findings f WHERE f.inspection = i.uuid AND f.severity IN ('high', 'medium'))"
        "  AS findings,"
        " (SELECT COUNT(*) FROM photos p WHERE p.inspection = i.uuid) AS photos,"
        " (SELECT COUNT(*) FROM events e WHERE e.subject = i.uuid AND e.type = 'inspection.field_corrected')"
        "  AS corrections"
        f" FROM inspections i WHERE i.verdict IS NOT NULL AND i.local_date BETWEEN ? AND ?{where}",
        [start.isoformat(), end.isoformat(), *params])]


def _count(figures: Figures, row: dict[str, Any]) -> None:
    figures.closed += 1
    found = row["verdict"] in FOUND
    if row["risk_channel"] == "red":
        figures.red += 1
        figures.red_let_pass += row["verdict"] == LET_PASS
    drawn = bool(row["checked"] and json.loads(row["checked"])["risk"].get("random"))
    if drawn:
        figures.random += 1
        figures.random_found += found
    elif row["risk_channel"] in ("yellow", "red"):
        figures.targeted += 1
        figures.targeted_found += found
    figures.findings += row["findings"]
    figures.corrections += row["corrections"]
    figures.no_photo += row["photos"] == 0
    if row["closed_utc"]:
        spent = datetime.fromisoformat(row["closed_utc"]) - datetime.fromisoformat(row["started_utc"])
        figures.minutes.append(spent.total_seconds() / 60)


def _outliers(officer: Figures, gate: Figures) -> tuple[str, ...]:
    """Held against the officer's peers (the gate without them), so that one officer's habit does not set the
    gate's norm it is measured by."""
    found = []
    for name, count, out_of in (("red_let_pass", "red_let_pass", "red"), ("no_photo", "no_photo", "closed")):
        mine, of_mine = getattr(officer, count), getattr(officer, out_of)
        theirs, of_theirs = getattr(gate, count) - mine, getattr(gate, out_of) - of_mine
        if of_mine < MIN_RED or mine < 2:
            continue
        usual = theirs / of_theirs if of_theirs else 0.0
        if mine / of_mine >= OUTLIER_RATIO * usual and _chance_of_at_least(mine, of_mine, usual) < SIGNIFICANCE:
            found.append(name)
    return tuple(found)


def _chance_of_at_least(k: int, n: int, p: float) -> float:
    """P(X >= k) for X ~ Binomial(n, p)."""
    return sum(math.comb(n, i) * p ** i * (1 - p) ** (n - i) for i in range(k, n + 1))


WEEKLY_SUBJECT = "patterns.weekly:"
"""The weekly list's subject is this and its ISO week: one per week and tablet."""


class AlreadyLogged(Exception):
    """The week's list is in the log already (another request logged it first)."""


def week_before(today: date) -> tuple[str, date, date]:
    """The ISO week just ended, as '2026-W48', and its Monday and Sunday."""
    monday = today - timedelta(days=today.isoweekday() - 1 + 7)
    year, week, _ = monday.isocalendar()
    return f"{year}-W{week:02d}", monday, monday + timedelta(days=6)


def weekly_list(db: sqlite_utils.Database, timezone: str, today: date) -> PatternsWeekly:
    """The patterns of every gate on this tablet over the ISO week before `today`."""
    week, start, end = week_before(today)
    return PatternsWeekly(week=week, start=start.isoformat(), end=end.isoformat(), timezone=timezone,
                          rows=[_figures(row) for row in patterns(db, None, start, end)])


def _figures(row: Row) -> PatternFigures:
    f = row.figures
    minutes = f.median_minutes
    return PatternFigures(gate=row.gate, officer=row.officer, closed=f.closed, red=f.red, red_let_pass=f.red_let_pass,
                          random=f.random, random_found=f.random_found, targeted=f.targeted,
                          targeted_found=f.targeted_found, findings=f.findings,
                          median_minutes=None if minutes is None else round(minutes, 1), corrections=f.corrections,
                          no_photo=f.no_photo, outliers=list(row.outliers))


def weekly_logged(db: sqlite_utils.Database, week: str) -> dict[str, Any] | None:
    row = db.execute("SELECT uuid, subject, created_utc FROM events WHERE subject = ? AND type = 'patterns.weekly'",
                     [WEEKLY_SUBJECT + week]).fetchone()
    return dict(row) if row else None


def log_weekly(db: sqlite_utils.Database, timezone: str, *, now: datetime | None = None) -> Event | None:
    """Logs the list of the week just ended unless it is logged already; a week with no inspection closed has no
    list. Returns the event logged, or None."""
    today = (now or utc_now()).astimezone(ZoneInfo(timezone)).date()
    week = week_before(today)[0]
    if weekly_logged(db, week):
        return None
    weekly = weekly_list(db, timezone, today)
    if not weekly.rows:
        return None

    def not_yet(d: sqlite_utils.Database) -> None:
        if weekly_logged(d, week):
            raise AlreadyLogged()
    try:
        # The tablet's own record: no officer wrote it.
        return ledger.record(db, "patterns.weekly", as_payload(weekly), author=None, subject=WEEKLY_SUBJECT + week,
                             precondition=not_yet)
    except AlreadyLogged:
        return None

"""The 389 report for a unit and a period, built on a count function, not on a database.

The contract (the tablet counts over SQLite with `tablet_count`; headquarters over PostgreSQL):

    count(start: date, end: date, units: list[str] | None) -> Iterable[CountRow]

- `start`, `end`: local dates (Asia/Ho_Chi_Minh), both included; a case counts on its own local date (the
  event's time, never the upload's), so a tablet that syncs late lands in the right period.
- `units`: units.csv codes whose cases to count, already expanded to every unit under the one reported on
  (units.within); None counts every unit, and cases whose unit is not known (unit "").
- Each row is `CountRow(unit, force, category, criminal, figures)`: `force` a units.FORCES code; `category`
  1, 2 or 3 (cases.CATEGORIES), or None for a case not yet classified (a seizure or referral, at a gate or on a
  trail, with no violation sub-type): such a case is counted, never left out; `criminal` True for a case an
  investigating body prosecuted (khởi tố, a decision logged on the case: decisions.py), False otherwise;
  `figures` the sums over those cases (queries.Figures: cases, fines_vnd, goods_value_vnd, budget_vnd,
  criminal_cases, defendants, awaiting), every one but the goods' value from the decisions logged on the cases,
  never from what was typed when the case was recorded.
- Several rows may share a key (e.g. one per gate): they are added up. A seizure two tablets recorded (a hand-over)
  must be counted once by the count function.

`build(count, unit, period)` calls it once for each column: the period, the previous period, the same period a year
earlier, the year to date and the campaign to date (periods.py). The caller gives the completeness banner's
tablets (`unsynced`: those not synced since the period closed); the report adds the cases still unclassified.

The cases still waiting for a decision are listed by a second function, same arguments and same filtering:

    waiting(start: date, end: date, units: list[str] | None) -> Iterable[Waiting]
"""
from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import NamedTuple

import sqlite_utils

from .. import units as unit_data
from ..cases import CATEGORIES
from ..store.db import gate_filter
from .periods import Campaign, Period
from .queries import FIGURE_SUMS, FIGURES, Figures


class CountRow(NamedTuple):
    unit: str
    force: str
    category: int | None
    criminal: bool
    figures: Figures


Count = Callable[[date, date, list[str] | None], Iterable[CountRow]]


@dataclass(frozen=True)
class Waiting:
    """A case of the period with neither a sanction decision nor a referral yet (figures only, no names)."""
    case_id: str
    unit: str
    force: str
    local_date: date
    gate: str
    category: int | None
    subtype: str | None
    goods: str
    goods_value_vnd: int


Waitings = Callable[[date, date, list[str] | None], Iterable[Waiting]]
Key = tuple[str, int | None, bool]
"""(force, category, criminal)."""

COLUMNS = ("period", "previous", "year_earlier", "year_to_date", "campaign_to_date")
UNCLASSIFIED = None
CATEGORY_ROWS: tuple[int | None, ...] = (*CATEGORIES, UNCLASSIFIED)


@dataclass(frozen=True)
class Unsynced:
    """A tablet whose work may be missing: not synced since the period closed."""
    device: str
    label: str
    """What the reader knows it by: its gate and unit, or its name at headquarters."""
    last_sync_utc: datetime | None


def add(a: Figures, b: Figures) -> Figures:
    return Figures(*(getattr(a, f) + getattr(b, f) for f in FIGURES))


def change(now: int, before: int) -> float | None:
    """Percent change; None where there is nothing to compare with."""
    return None if before == 0 else round(100 * (now - before) / before, 1)


@dataclass(frozen=True)
class Line:
    """One row of the report: a force's category, administrative or criminal (None: both, for the unclassified
    and the totals)."""
    force: str | None
    """None on the grand total."""
    category: int | None
    criminal: bool | None
    total: bool
    columns: dict[str, Figures | None]
    """Per column (COLUMNS); None where the column does not apply (no campaign running)."""

    def change(self, against: str, figure: str = "cases") -> float | None:
        now, before = self.columns["period"], self.columns[against]
        if now is None or before is None:
            return None
        return change(getattr(now, figure), getattr(before, figure))


@dataclass(frozen=True)
class Report389:
    unit: unit_data.Unit | None
    """None: every unit (the province's report)."""
    period: Period
    periods: dict[str, Period | None]
    """Each column's period (COLUMNS); campaign_to_date is None outside any campaign."""
    figures: dict[str, dict[Key, Figures] | None]
    forces: tuple[str, ...]
    unsynced: tuple[Unsynced, ...] = ()
    waiting: tuple[Waiting, ...] = ()
    """The period's cases still waiting for a decision, oldest first."""

    def cell(self, column: str, key: Key) -> Figures | None:
        found = self.figures[column]
        return None if found is None else found.get(key, Figures())

    def _sum(self, column: str, keys: Iterable[Key]) -> Figures | None:
        found = self.figures[column]
        if found is None:
            return None
        total = Figures()
        for key in keys:
            total = add(total, found.get(key, Figures()))
        return total

    def keys(self, force: str | None = None, category: int | None | str = "any",
             criminal: bool | None = None) -> list[Key]:
        """Every key of the report that matches (None force or criminal: any; category "any": any)."""
        return [(f, c, k) for f in self.forces for c in CATEGORY_ROWS for k in (False, True)
                if (force is None or f == force) and (category == "any" or c == category)
                and (criminal is None or k == criminal)]

    def lines(self) -> list[Line]:
        """Per force: each category administrative then criminal, the unclassified, the force's total; then the
        grand total where more than one force reports."""
        found = []
        for force in self.forces:
            for category in CATEGORIES:
                for criminal in (False, True):
                    found.append(self._line(force, category, criminal, False))
            found.append(self._line(force, UNCLASSIFIED, None, False))
            found.append(self._line(force, "any", None, True))
        if len(self.forces) > 1:
            found.append(self._line(None, "any", None, True))
        return found

    def _line(self, force: str | None, category: int | None | str, criminal: bool | None, total: bool) -> Line:
        keys = self.keys(force, category, criminal)
        return Line(force, None if isinstance(category, str) else category, criminal, total,
                    {column: self._sum(column, keys) for column in COLUMNS})

    def total(self, column: str = "period") -> Figures | None:
        return self._sum(column, self.keys())

    def unclassified(self) -> int:
        """Cases of the period not yet given a category: the banner names them."""
        found = self._sum("period", self.keys(category=UNCLASSIFIED))
        return found.cases if found else 0

    def complete(self) -> bool:
        return not self.unsynced and not self.unclassified()

    def fingerprint(self) -> str:
        """A digest of every figure: a report exported earlier with another fingerprint had other figures (a
        tablet synced late, a case was corrected)."""
        data = {column: None if cells is None else sorted(
                    json.dumps([list(key), [getattr(f, name) for name in FIGURES]]) for key, f in cells.items()
                    if f.cases)
                for column, cells in self.figures.items()}
        return hashlib.sha256(json.dumps(data, sort_keys=True).encode()).hexdigest()[:16]


def build(count: Count, unit: str | None, period: Period, *, unsynced: Sequence[Unsynced] = (),
          campaign: Campaign | None = None, waiting: Waitings | None = None) -> Report389:
    """The report of a unit (and every unit under it; None: all units) for a period, with its comparison columns;
    the campaign-to-date column counts from `campaign`, else from the campaign running when the period ends; the
    cases waiting for a decision are listed from `waiting`."""
    reported = unit_data.get(unit) if unit else None
    codes = unit_data.within(reported.code) if reported else None
    forces = (reported.force,) if reported else tuple(unit_data.FORCES)
    periods: dict[str, Period | None] = {
        "period": period, "previous": period.previous(), "year_earlier": period.year_earlier(),
        "year_to_date": period.year_to_date(), "campaign_to_date": period.campaign_to_date(campaign)}
    figures = {column: None if p is None else _counted(count, p, codes, forces) for column, p in periods.items()}
    wanted = None if codes is None else set(codes)
    listed = () if waiting is None else tuple(sorted(
        (w for w in waiting(period.start, period.end, codes)
         if w.force in forces and (wanted is None or w.unit in wanted)), key=lambda w: (w.local_date, w.case_id)))
    return Report389(reported, period, periods, figures, forces, tuple(unsynced), listed)


def _counted(count: Count, period: Period, codes: list[str] | None,
             forces: tuple[str, ...]) -> dict[Key, Figures]:
    found: dict[Key, Figures] = {}
    wanted = None if codes is None else set(codes)
    for row in count(period.start, period.end, codes):
        if row.force not in forces or (wanted is not None and row.unit not in wanted):
            continue
        key = (row.force, row.category, bool(row.criminal))
        found[key] = add(found.get(key, Figures()), row.figures)
    return found


SOURCE_FORCES = {"inspection": "customs", "interception": "border_guard"}
"""The force whose case a tablet's record is: inspections at the gate are customs' work, trail interceptions the
border-guard patrols' (the hub's projections assign the same where a tablet has no unit of its own)."""


def _gates_of(units: list[str] | None) -> list[str] | None:
    return None if units is None else sorted({g for code in units for g in unit_data.get(code).gates})


def tablet_count(db: sqlite_utils.Database, forces: dict[str, str] | None = None) -> Count:
    """The tablet's count over its SQLite projections (report_cases: every case, classified or not, with what was
    decided on it): a case belongs to its force's unit at the case's gate (units.at_gate), the force by the kind of
    record (SOURCE_FORCES, or `forces`)."""
    by_source = forces or SOURCE_FORCES

    def count(start: date, end: date, units: list[str] | None) -> Iterable[CountRow]:
        gates = _gates_of(units)
        if gates == []:
            return []
        where, params = gate_filter(gates)
        rows = db.execute(
            f"SELECT gate, source, category, criminal, {FIGURE_SUMS} FROM report_cases"
            f" WHERE local_date BETWEEN ? AND ?{where} GROUP BY gate, source, category, criminal",
            [start.isoformat(), end.isoformat(), *params]).fetchall()
        found = []
        for gate, source, category, criminal, *sums in rows:
            force = by_source[source]
            at = unit_data.at_gate(gate, force)
            found.append(CountRow(at.code if at else "", force, category, bool(criminal),
                                  Figures(*(int(v or 0) for v in sums))))
        return found
    return count


def tablet_waiting(db: sqlite_utils.Database, forces: dict[str, str] | None = None) -> Waitings:
    """The tablet's cases waiting for a decision, assigned to units as tablet_count assigns them."""
    by_source = forces or SOURCE_FORCES

    def waiting(start: date, end: date, units: list[str] | None) -> Iterable[Waiting]:
        gates = _gates_of(units)
        if gates == []:
            return []
        where, params = gate_filter(gates)
        found = []
        for row in db.execute(
                "SELECT id, source, local_date, gate, category, subtype, goods, goods_value_vnd FROM report_cases"
                f" WHERE decided_on IS NULL AND local_date BETWEEN ? AND ?{where} ORDER BY local_date, id",
                [start.isoformat(), end.isoformat(), *params]):
            force = by_source[row["source"]]
            at = unit_data.at_gate(row["gate"], force)
            found.append(Waiting(row["id"], at.code if at else "", force, date.fromisoformat(row["local_date"]),
                                 row["gate"], row["category"], row["subtype"], row["goods"] or "",
                                 int(row["goods_value_vnd"] or 0)))
        return found
    return waiting

"""The 389 count over headquarters' projections: reports.report389's count contract, one SQL GROUP BY in the hub's
database. A case counts on its own local date (the event's, never the upload's); a seizure several tablets
recorded counts once (projections: `counted`). Fines, budget revenue, prosecutions and defendants are what the
tablet's report_cases took from the decisions logged on each case, replayed here.

A case waits for a decision while no step follows its record: its steps are kept with it (hub_rows, table
case_steps), and every step needs the sanction decision or a referral before it (decisions.py), so any step means
one was made."""
from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from ..reports.queries import Figures
from ..reports.report389 import Count, CountRow, Waiting, Waitings
from .store import Store

UNDECIDED = ("NOT EXISTS (SELECT 1 FROM hub_rows r WHERE r.device_id = c.device_id AND r.subject = c.id"
             " AND r.tbl = 'case_steps')")
COUNT_SQL = ("SELECT unit, force, category, criminal, COUNT(*), SUM(fine_vnd), SUM(goods_value_vnd), SUM(budget_vnd),"
             f" SUM(criminal), SUM(defendants), SUM(CASE WHEN {UNDECIDED} THEN 1 ELSE 0 END)"
             " FROM hub_cases c WHERE counted = 1 AND local_date BETWEEN ? AND ?{units}"
             " GROUP BY unit, force, category, criminal")
WAITING_SQL = ("SELECT id, unit, force, local_date, gate, category, subtype, goods, goods_value_vnd FROM hub_cases c"
               f" WHERE counted = 1 AND local_date BETWEEN ? AND ?{{units}} AND {UNDECIDED}"
               " ORDER BY local_date, id")


def _scope(units: list[str] | None) -> str:
    return "" if units is None else f" AND unit IN ({', '.join('?' * len(units))})"


def counter(store: Store) -> Count:
    """The count function report389.build calls, over this store."""
    def count(start: date, end: date, units: list[str] | None) -> Iterable[CountRow]:
        if units is not None and not units:
            return []
        rows = store.execute(COUNT_SQL.format(units=_scope(units)),
                             [start.isoformat(), end.isoformat(), *(units or [])])
        return [CountRow(unit, force, category, bool(criminal), Figures(*(int(v or 0) for v in sums)))
                for unit, force, category, criminal, *sums in rows.fetchall()]
    return count


def waiting(store: Store) -> Waitings:
    """The cases waiting for a decision, report389.build's `waiting`, over this store."""
    def listed(start: date, end: date, units: list[str] | None) -> Iterable[Waiting]:
        if units is not None and not units:
            return []
        rows = store.execute(WAITING_SQL.format(units=_scope(units)),
                             [start.isoformat(), end.isoformat(), *(units or [])])
        return [Waiting(case_id, unit, force, date.fromisoformat(day), gate, category, subtype, goods or "",
                        int(value or 0))
                for case_id, unit, force, day, gate, category, subtype, goods, value in rows.fetchall()]
    return listed

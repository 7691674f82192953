"""The 389 count over headquarters' projections: reports.report389's count contract, one SQL GROUP BY in the hub's
database. A case counts on its own local date (the event's, never the upload's); a seizure several tablets
recorded counts once (projections: `counted`)."""
from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from ..reports.queries import Figures
from ..reports.report389 import Count, CountRow
from .store import Store

COUNT_SQL = ("SELECT unit, force, category, criminal, COUNT(*), SUM(fine_vnd), SUM(goods_value_vnd), SUM(budget_vnd),"
             " SUM(criminal), SUM(defendants) FROM hub_cases WHERE counted = 1 AND local_date BETWEEN ? AND ?{units}"
             " GROUP BY unit, force, category, criminal")


def counter(store: Store) -> Count:
    """The count function report389.build calls, over this store."""
    def count(start: date, end: date, units: list[str] | None) -> Iterable[CountRow]:
        if units is not None and not units:
            return []
        where = "" if units is None else f" AND unit IN ({', '.join('?' * len(units))})"
        rows = store.execute(COUNT_SQL.format(units=where), [start.isoformat(), end.isoformat(), *(units or [])])
        return [CountRow(unit, force, category, bool(criminal), Figures(*(int(v or 0) for v in sums)))
                for unit, force, category, criminal, *sums in rows.fetchall()]
    return count

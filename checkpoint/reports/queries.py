"""Supervisors' figures, read from the log's projections: the daily log, the 389 summary, the dashboard.

Every count comes from the case taxonomy (cases.py), never from free text; fines, budget revenue, prosecutions and
defendants come from what was decided on each case (decisions.py, through report_cases), never from what was typed
at the gate before any decision existed.
"""
from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

import sqlite_utils

from .. import ledger
from ..cases import CATEGORIES
from ..clock import local_time
from ..store.db import gate_filter

ROWS: tuple[int | None, ...] = (*CATEGORIES, None)
"""The summary's lines: each category, then the cases not yet classified (counted, never left out)."""
FIGURES = ("cases", "fines_vnd", "goods_value_vnd", "budget_vnd", "criminal_cases", "defendants", "awaiting")
FIGURE_SUMS = ("COUNT(*), SUM(fine_vnd), SUM(goods_value_vnd), SUM(budget_vnd), SUM(criminal), SUM(defendants),"
               " SUM(decided_on IS NULL)")
"""FIGURES summed over report_cases rows, in their order."""


@dataclass(frozen=True)
class Figures:
    cases: int = 0
    fines_vnd: int = 0
    """Of the sanction decisions in force."""
    goods_value_vnd: int = 0
    """As estimated when the case was recorded."""
    budget_vnd: int = 0
    """Paid, and proceeds of the goods' fate."""
    criminal_cases: int = 0
    """Prosecuted by an investigating body."""
    defendants: int = 0
    awaiting: int = 0
    """Cases with neither a sanction decision nor a referral yet."""


@dataclass(frozen=True)
class Summary:
    """Section C: per category for the period, the year to date, and the same period a year earlier."""
    period: dict[int | None, Figures]
    year_to_date: dict[int | None, Figures]
    last_year: dict[int | None, Figures]

    def change(self, category: int | None, figure: str) -> float | None:
        """Percent change against the same period a year earlier; None where there is nothing to compare."""
        before = getattr(self.last_year[category], figure)
        now = getattr(self.period[category], figure)
        return None if before == 0 else round(100 * (now - before) / before, 1)


@dataclass(frozen=True)
class Report:
    start: date
    end: date
    gates: list[str] | None
    """The gates covered; None means every gate."""
    throughput: dict[str, int]
    cases: list[dict[str, Any]]
    summary: Summary
    daily_log: list[dict[str, Any]]
    cases_per_day: list[tuple[str, dict[int | None, int]]] = field(default_factory=list)
    findings_per_rule: list[tuple[str, int]] = field(default_factory=list)
    per_officer: list[dict[str, Any]] = field(default_factory=list)
    log_head: str = ""
    """The tablet's signed log head when the report was made, printed on it (ledger.head_text)."""


def figures(db: sqlite_utils.Database, gates: list[str] | None, start: date,
            end: date) -> dict[int | None, Figures]:
    where, params = gate_filter(gates)
    rows = db.execute(
        f"SELECT category, {FIGURE_SUMS} FROM report_cases WHERE local_date BETWEEN ? AND ?{where} GROUP BY category",
        [start.isoformat(), end.isoformat(), *params]).fetchall()
    found = {row[0]: Figures(*(int(v or 0) for v in row[1:])) for row in rows}
    return {category: found.get(category, Figures()) for category in ROWS}


def _year_earlier(day: date) -> date:
    try:
        return day.replace(year=day.year - 1)
    except ValueError:  # 29 February
        return day.replace(year=day.year - 1, day=28)


def summary(db: sqlite_utils.Database, gates: list[str] | None, start: date, end: date) -> Summary:
    return Summary(figures(db, gates, start, end),
                   figures(db, gates, date(end.year, 1, 1), end),
                   figures(db, gates, _year_earlier(start), _year_earlier(end)))


def throughput(db: sqlite_utils.Database, gates: list[str] | None, start: date, end: date) -> dict[str, int]:
    """Section A: inspections by channel and direction, physical inspections, plates by nationality."""
    where, params = gate_filter(gates)
    row = db.execute(
        "SELECT COUNT(*), SUM(risk_channel = 'green'), SUM(risk_channel = 'yellow'), SUM(risk_channel = 'red'),"
        " SUM(direction = 'import'), SUM(direction = 'export'), SUM(verdict = 'held'),"
        " SUM(verdict IS NULL), SUM(unicode(substr(plates, 3, 1)) >= 11904)"  # a Hanzi first: a Chinese plate
        f" FROM inspections WHERE local_date BETWEEN ? AND ?{where}",
        [start.isoformat(), end.isoformat(), *params]).fetchone()
    keys = ("inspections", "green", "yellow", "red", "import", "export", "physical", "open", "chinese_vehicles")
    return dict(zip(keys, (int(v or 0) for v in row)))


def case_rows(db: sqlite_utils.Database, gates: list[str] | None, start: date, end: date,
              tz: str) -> list[dict[str, Any]]:
    """Section B: one row per case (inspections and patrol interceptions), oldest first."""
    where, params = gate_filter(gates, "c.gate")
    rows = db.execute(
        "SELECT c.*, COALESCE(i.plates, t.vehicles) AS plates, i.container FROM report_cases c"
        " LEFT JOIN inspections i ON i.uuid = c.id LEFT JOIN interceptions t ON t.uuid = c.id"
        f" WHERE c.local_date BETWEEN ? AND ?{where} ORDER BY c.recorded_utc",
        [start.isoformat(), end.isoformat(), *params]).fetchall()
    result = []
    for row in rows:
        record = dict(row)
        record["plates"] = " ".join(json.loads(record["plates"] or "[]"))
        record["recorded"] = local_datetime(record["recorded_utc"], tz)
        result.append(record)
    return result


def daily_log(db: sqlite_utils.Database, gates: list[str] | None, start: date, end: date,
              tz: str) -> list[dict[str, Any]]:
    """One row per inspection and per patrol interception, oldest first, with what was read, found and decided.
    An interception's action stands as its verdict; its vehicles as plates, its goods as the declared goods."""
    inspection_where, inspection_params = gate_filter(gates, "i.gate")
    interception_where, interception_params = gate_filter(gates, "t.gate")
    period = [start.isoformat(), end.isoformat()]
    rows = db.execute(
        "SELECT 'inspection' AS kind, i.uuid, i.gate, i.lane, i.direction, i.plates, i.container, i.declared_goods,"
        " i.officer, i.started_utc, i.closed_utc, i.risk_channel, i.verdict, i.verdict_note,"
        " (SELECT COUNT(*) FROM photos p WHERE p.inspection = i.uuid) AS photo_count,"
        " (SELECT group_concat(json_extract(c.value, '$.text'), ' ') FROM photos p, json_each(p.codes) c"
        "   WHERE p.inspection = i.uuid) AS codes,"
        " (SELECT group_concat(json_extract(p.document, '$.doc_type'), ' ') FROM photos p"
        "   WHERE p.inspection = i.uuid AND p.document IS NOT NULL) AS documents,"
        " (SELECT group_concat(f.rule, ' ') FROM findings f WHERE f.inspection = i.uuid) AS findings,"
        " k.subtype, k.category, i.vnaccs_channel,"
        " (SELECT json_extract(e.payload, '$.result') FROM events e WHERE e.subject = i.uuid"
        "   AND e.type = 'inspection.physically_checked' ORDER BY e.seq DESC LIMIT 1) AS physical_check"
        " FROM inspections i LEFT JOIN cases k ON k.inspection = i.uuid"
        f" WHERE i.local_date BETWEEN ? AND ?{inspection_where}"
        " UNION ALL"
        " SELECT 'interception', t.uuid, t.gate, NULL, NULL, t.vehicles, NULL,"
        " (SELECT group_concat(g.description, '; ') FROM intercepted_goods g WHERE g.interception = t.uuid),"
        " t.officer, t.at_utc, NULL, NULL, t.action, t.note,"
        " (SELECT COUNT(*) FROM interception_photos p WHERE p.interception = t.uuid), NULL, NULL, NULL,"
        " NULL, t.violation, NULL, NULL"
        f" FROM interceptions t WHERE t.local_date BETWEEN ? AND ?{interception_where}"
        " ORDER BY started_utc",
        [*period, *inspection_params, *period, *interception_params]).fetchall()
    result = []
    for row in rows:
        record = dict(row)
        record["plates"] = " ".join(json.loads(record["plates"]))
        record["started"] = local_datetime(record["started_utc"], tz)
        record["closed"] = local_datetime(record["closed_utc"], tz)
        result.append(record)
    return result


def cases_per_day(db: sqlite_utils.Database, gates: list[str] | None, start: date,
                  end: date) -> list[tuple[str, dict[int | None, int]]]:
    where, params = gate_filter(gates)
    counts: dict[str, dict[int | None, int]] = {}
    for day, category, n in db.execute(
            f"SELECT local_date, category, COUNT(*) FROM report_cases WHERE local_date BETWEEN ? AND ?{where}"
            " GROUP BY local_date, category", [start.isoformat(), end.isoformat(), *params]):
        counts.setdefault(day, dict.fromkeys(ROWS, 0))[category] = n
    return sorted(counts.items())


def build(db: sqlite_utils.Database, gates: list[str] | None, start: date, end: date, tz: str) -> Report:
    return Report(start, end, gates, throughput(db, gates, start, end), case_rows(db, gates, start, end, tz),
                  summary(db, gates, start, end), daily_log(db, gates, start, end, tz),
                  cases_per_day(db, gates, start, end), findings_per_rule(db, gates, start, end),
                  work_per(db, gates, start, end, "officer"), ledger.head_text(db))


def work_per(db: sqlite_utils.Database, gates: list[str] | None, start: date, end: date,
             group: str) -> list[dict[str, Any]]:
    """Inspections per gate or per officer, with the figures that reveal an officer who clears everything:
    findings overridden (cleared despite a red channel) and minutes per inspection."""
    assert group in ("gate", "officer")
    where, params = gate_filter(gates)
    rows = db.execute(
        f"SELECT {group}, COUNT(*), SUM(verdict IS NOT NULL), SUM(verdict = 'cleared' AND risk_channel = 'red'),"
        " SUM(verdict IN ('seized', 'referred')),"
        " AVG(CASE WHEN closed_utc IS NOT NULL THEN (julianday(closed_utc) - julianday(started_utc)) * 1440 END)"
        f" FROM inspections WHERE local_date BETWEEN ? AND ?{where} GROUP BY {group} ORDER BY {group}",
        [start.isoformat(), end.isoformat(), *params]).fetchall()
    return [{"key": r[0], "inspections": r[1], "closed": int(r[2] or 0), "overridden": int(r[3] or 0),
             "cases": int(r[4] or 0), "minutes": round(r[5], 1) if r[5] is not None else None} for r in rows]


def dashboard(db: sqlite_utils.Database, gates: list[str] | None, today: date) -> dict[str, list[dict[str, Any]]]:
    """Today's and this week's work per gate and per officer."""
    week_start = today - timedelta(days=today.weekday())
    return {f"{label}_{group}": work_per(db, gates, start, today, group)
            for label, start in (("today", today), ("week", week_start)) for group in ("gate", "officer")}


def findings_per_rule(db: sqlite_utils.Database, gates: list[str] | None, start: date,
                      end: date) -> list[tuple[str, int]]:
    where, params = gate_filter(gates, "i.gate")
    return [tuple(r) for r in db.execute(
        "SELECT f.rule, COUNT(*) FROM findings f JOIN inspections i ON i.uuid = f.inspection"
        f" WHERE i.local_date BETWEEN ? AND ?{where} GROUP BY f.rule ORDER BY COUNT(*) DESC",
        [start.isoformat(), end.isoformat(), *params])]


def unit_of(db: sqlite_utils.Database, gates: list[str] | None) -> str:
    """The reporting unit printed on the report's header: the gate's customs unit, or the region's."""
    if gates and len(gates) == 1:
        row = db.execute("SELECT unit FROM gates WHERE code = ?", gates).fetchone()
        if row and row[0]:
            return row[0]
    return "Chi cục Hải quan khu vực VI"


def local_datetime(utc: str | None, tz: str) -> datetime | None:
    """The local wall-clock time (naive, as spreadsheets hold it) of a stored UTC time."""
    if not utc:
        return None
    return local_time(utc, tz).replace(tzinfo=None)

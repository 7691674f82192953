"""Supervisors' pages: the dashboard, and the daily log and 389 report as CSV, XLSX or PDF."""
from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from flask import Blueprint, Response, current_app, g, render_template, request

from .. import cases, reports, setup, values
from ..clock import local_today
from ..errors import N_, Forbidden, InvalidInput
from ..reports import formats as report_formats
from . import get_db
from .auth import login_required
from .inspections import visible_gates

bp = Blueprint("reports", __name__, url_prefix="/reports")
MEDIA_TYPES = {"csv": "text/csv; charset=utf-8", "pdf": "application/pdf",
               "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"}
MAX_DAYS = 3 * 366


@bp.route("/")
@login_required("supervisor")
def index() -> Any:
    today = local_today(current_app.config["TIMEZONE"])
    gates = visible_gates()
    week = reports.build(get_db(), gates, today - timedelta(days=today.weekday()), today,
                         current_app.config["TIMEZONE"])
    dashboard = reports.dashboard(get_db(), gates, today)
    # Stacked per officer: what was cleared despite a red channel sits in red on top of the rest.
    officer_bars = [{"rest": row["inspections"] - row["overridden"], "overridden": row["overridden"]}
                    for row in dashboard["week_officer"]]
    # The tablet's side of a sync alert: events headquarters could not take, kept here and not sent whole.
    set_aside = [dict(row) for row in get_db().execute(
        "SELECT seq, bytes, reason, quarantined_utc FROM sync_quarantine ORDER BY seq")]
    return render_template("reports/index.html", day=today.isoformat(), gates=setup.gates(get_db()),
                           set_aside=set_aside,
                           categories=cases.CATEGORIES, dashboard=dashboard, week=week, officer_bars=officer_bars,
                           findings_per_rule=reports.findings_per_rule(get_db(), gates, today - timedelta(days=6),
                                                                       today))


def period_arguments() -> tuple[list[str] | None, date, date]:
    start = values.parse_date(request.args.get("from"), N_("date")) or local_today(current_app.config["TIMEZONE"])
    end = values.parse_date(request.args.get("to"), N_("date")) or start
    if end < start or (end - start).days > MAX_DAYS:
        raise InvalidInput(field=N_("date"), problem=N_("the period must run forwards and span at most three years"))
    gates = visible_gates()
    wanted = request.args.get("gate")
    if wanted:
        if not g.user.may_see_gate(wanted):
            raise Forbidden()
        gates = [wanted]
    return gates, start, end


@bp.route("/export.<fmt>")
@login_required("supervisor")
def export(fmt: str) -> Any:
    if fmt not in MEDIA_TYPES:
        raise InvalidInput(field=N_("format"), problem=N_("must be csv, xlsx or pdf"))
    gates, start, end = period_arguments()
    report = reports.build(get_db(), gates, start, end, current_app.config["TIMEZONE"])
    body = report_formats.render(report, fmt, reports.unit_of(get_db(), gates), g.user.username)
    name = f"checkpoint-{start.isoformat()}" + (f"-{end.isoformat()}" if end != start else "")
    return Response(body, mimetype=MEDIA_TYPES[fmt],
                    headers={"Content-Disposition": f'attachment; filename="{name}.{fmt}"'})

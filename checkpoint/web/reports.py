"""Supervisors' pages: the dashboard, the daily log as CSV, XLSX or PDF, and the 389 report of a unit for a period
(with its restricted annex)."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from flask import Blueprint, Response, current_app, g, render_template, request
from flask_babel import get_locale

from .. import cases, reports, setup, units, values
from ..clock import local_today
from ..errors import N_, Forbidden, InvalidInput
from ..reports import annex389, export389, periods, report389, tablet389
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


EVERY_UNIT = "all"


@dataclass(frozen=True)
class Choice:
    """What the 389 page was asked for."""
    kind: str
    day: date
    unit: str | None
    """None: every unit (admin only)."""
    campaign: str
    period: periods.Period


def units_allowed() -> list[units.Unit]:
    """An admin may report on any unit; anyone else on the units that work only at their own gate (the tablet
    holds no other unit's whole work)."""
    if g.user.role == "admin":
        return units.reporting()
    return [u for u in units.reporting() if units.gates_of(u.code) == [g.user.gate]]


def choice() -> Choice:
    kind = request.args.get("kind") or "reporting_month"
    if kind not in periods.KINDS:
        raise InvalidInput(field=N_("period"), problem=N_("unknown kind of period"))
    day = values.parse_date(request.args.get("day"), N_("date")) or local_today(current_app.config["TIMEZONE"])
    wanted = request.args.get("unit") or tablet389.default_unit(g.user.gate, g.user.role)
    unit = None if wanted in (None, EVERY_UNIT) else wanted
    if unit is None and g.user.role != "admin":
        raise Forbidden()
    if unit is not None and unit not in {u.code for u in units_allowed()}:
        units.get(unit)  # an unknown code says so; a known one not this account's is forbidden
        raise Forbidden()
    campaign = request.args.get("campaign") or current_app.config["REPORT_CAMPAIGN"]
    period = tablet389.choose_period(kind, day, current_app.config["REPORT_CUTOFF_DAY"], campaign)
    return Choice(kind, day, unit, campaign, period)


def heading() -> export389.Heading:
    return export389.Heading(day=local_today(current_app.config["TIMEZONE"]),
                             number=(request.args.get("number") or "").strip()[:60],
                             signer_position=(request.args.get("position") or "").strip()[:120],
                             signer_name=(request.args.get("signer") or "").strip()[:120])


@bp.route("/389")
@login_required("supervisor")
def report_389() -> Any:
    chosen = choice()
    report = tablet389.build(get_db(), chosen.unit, chosen.period, chosen.campaign)
    return render_template("reports/report389.html", report=report, chosen=chosen, lines=report.lines(),
                           kinds=periods.KINDS, kind_names=periods.KIND_NAMES, units=units_allowed(),
                           every_unit=EVERY_UNIT, campaigns=periods.campaigns(), lang=str(get_locale()),
                           forces=units.FORCES, categories=cases.CATEGORIES,
                           today=local_today(current_app.config["TIMEZONE"]),
                           subtype_names={code: cases.subtype_name(code, str(get_locale()))
                                          for code in cases.subtypes()})


@bp.route("/389/export.<fmt>")
@login_required("supervisor")
def export_389(fmt: str) -> Any:
    if fmt not in MEDIA_TYPES:
        raise InvalidInput(field=N_("format"), problem=N_("must be csv, xlsx or pdf"))
    chosen = choice()
    report = tablet389.build(get_db(), chosen.unit, chosen.period, chosen.campaign)
    return _download(export389.render(report, fmt, heading()), fmt, report, "bao-cao-389")


@bp.route("/389/annex.pdf")
@login_required("supervisor")
def annex_389() -> Any:
    chosen = choice()
    report = tablet389.build(get_db(), chosen.unit, chosen.period, chosen.campaign)
    body = annex389.to_pdf(report, heading(), annex389.rows(get_db(), report))
    return _download(body, "pdf", report, "phu-luc-han-che-389")


def _download(body: bytes, fmt: str, report: report389.Report389, stem: str) -> Response:
    unit = report.unit.code if report.unit else EVERY_UNIT
    name = f"{stem}-{unit}-{report.period.start.isoformat()}-{report.period.end.isoformat()}.{fmt}"
    return Response(body, mimetype=MEDIA_TYPES[fmt], headers={"Content-Disposition": f'attachment; filename="{name}"'})

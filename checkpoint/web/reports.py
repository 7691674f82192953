"""Supervisors' downloads: the day's log as CSV, for the gates the account may see."""
from __future__ import annotations

import re
from typing import Any

from flask import Blueprint, Response, current_app, g, render_template, request

from .. import reports, setup
from ..db import get_db
from ..errors import Forbidden, InvalidInput, N_
from .auth import login_required
from .inspections import local_today, visible_gates

bp = Blueprint("reports", __name__, url_prefix="/reports")
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


@bp.route("/")
@login_required("supervisor")
def index() -> Any:
    return render_template("reports/index.html", day=local_today(), gates=setup.gates(get_db()))


@bp.route("/daily.csv")
@login_required("supervisor")
def daily_csv() -> Any:
    day = request.args.get("date") or local_today()
    if not _DATE.match(day):
        raise InvalidInput(field=N_("date"), problem=N_("expected YYYY-MM-DD"))
    gates = visible_gates()
    wanted = request.args.get("gate")
    if wanted:
        if not g.user.may_see_gate(wanted):
            raise Forbidden()
        gates = [wanted]
    rows = reports.daily_log_rows(get_db(), gates, day, current_app.config["TIMEZONE"])
    return Response(reports.daily_log_csv(rows), mimetype="text/csv; charset=utf-8",
                    headers={"Content-Disposition": f'attachment; filename="checkpoint-{day}.csv"'})

"""The leaders' page of patterns (#19): how each officer's decisions compare with their peers' at the gate."""
from __future__ import annotations

from datetime import timedelta
from typing import Any

from flask import Blueprint, current_app, g, render_template, request

from .. import i18n, patterns, values
from ..clock import local_today
from ..errors import CheckpointError
from . import get_db
from .auth import login_required
from .auth import select_lang as lang

bp = Blueprint("leaders", __name__)


@bp.route("/leaders/patterns")
@login_required("supervisor")
def index() -> Any:
    today = local_today(current_app.config["TIMEZONE"])
    error = None
    try:
        start = values.parse_date(request.args.get("from"), "from") or today - timedelta(days=29)
        end = values.parse_date(request.args.get("to"), "to") or today
    except CheckpointError as exc:
        error, start, end = i18n.error_message(exc, lang()), today - timedelta(days=29), today
    rows = patterns.patterns(get_db(), None if g.user.role == "admin" else [g.user.gate], start, end)
    return render_template("leaders/patterns.html", rows=rows, start=start, end=end, error=error,
                           ratio=patterns.OUTLIER_RATIO), 422 if error else 200

"""The leaders' page of patterns (#19): how each officer's decisions compare with their peers' at the gate."""
from __future__ import annotations

from datetime import timedelta
from typing import Any

from flask import Blueprint, current_app, flash, g, redirect, render_template, request, url_for
from flask_babel import gettext as _

from .. import approvals, i18n, patterns, sync, values
from ..clock import local_today
from ..errors import CheckpointError, Forbidden
from . import get_db
from .auth import login_required
from .auth import select_lang as lang

bp = Blueprint("leaders", __name__)


@bp.app_context_processor
def approvals_waiting() -> dict[str, Any]:
    def count() -> int:
        """What waits for this leader's approval, for the header (leaders and admins only ask)."""
        return approvals.queue_length(get_db(), None if g.user.role == "admin" else [g.user.gate])
    return {"approvals_waiting": count}


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
    # The first leader to look after a week ends logs its list for headquarters, if no sync did it first.
    patterns.log_weekly(get_db(), current_app.config["TIMEZONE"])
    week, week_start, week_end = patterns.week_before(today)
    weekly = patterns.weekly_logged(get_db(), week)
    return render_template("leaders/patterns.html", rows=rows, start=start, end=end, error=error,
                           ratio=patterns.OUTLIER_RATIO, weekly=weekly, week_start=week_start, week_end=week_end,
                           sent=weekly is not None and all(sync.sent(get_db(), [weekly["subject"]]).values())
                           ), 422 if error else 200


@bp.route("/leaders/approvals")
@login_required("supervisor")
def queue(status: int = 200, errors: dict[str, str] | None = None, form: dict[str, str] | None = None) -> Any:
    """Trucks an officer asks to let pass despite a red channel or a high finding, waiting for a leader."""
    waiting = approvals.queue(get_db(), None if g.user.role == "admin" else [g.user.gate])
    return render_template("leaders/approvals.html", waiting=waiting, errors=errors or {}, form=form or {}), status


@bp.route("/leaders/approvals/<inspection_id>", methods=("POST",))
@login_required("supervisor")
def decide(inspection_id: str) -> Any:
    row = get_db().execute("SELECT gate FROM inspections WHERE uuid = ?", [inspection_id]).fetchone()
    if row is None or not g.user.may_see_gate(row[0]):
        raise Forbidden()
    approve = request.form.get("decision") == "approve"
    try:
        approvals.decide(get_db(), inspection_id, approve, request.form.get("comment", ""), leader=g.user.username)
    except CheckpointError as exc:
        return queue(status=exc.status, errors={inspection_id: i18n.error_message(exc, lang())},
                     form={inspection_id: request.form.get("comment", "")})
    flash(_("Approved: the truck may pass.") if approve else _("Refused: the inspection stays open."), "info")
    return redirect(url_for("leaders.queue"), 303)

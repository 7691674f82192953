"""The case file on the tablet: every case of the gate with what it still waits for, one case's steps after its
record (decision or referral, prosecution, payment, the goods' fate) with the photos of their signed papers, and
the leaders' overdue list."""
from __future__ import annotations

from typing import Any

from flask import Blueprint, abort, current_app, g, redirect, render_template, request, send_file, url_for
from werkzeug.datastructures import FileStorage

from .. import capture, cases, decisions, i18n
from ..clock import local_today
from ..errors import CheckpointError, Forbidden, NotFound
from . import get_db
from .auth import login_required
from .auth import select_lang as lang
from .uploads import check as check_uploads

bp = Blueprint("cases", __name__)
DECIDING = ("supervisor",)
"""Leaders record what the deciding bodies decided; officers and patrols follow their gate's cases."""
VIEWING = ("officer", "patrol", "supervisor")


def _visible(case_id: str) -> dict[str, Any]:
    row = get_db().execute("SELECT * FROM report_cases WHERE id = ?", [case_id]).fetchone()
    if row is None:
        raise NotFound()
    case = dict(row)
    if not g.user.may_see_gate(case["gate"]):
        raise Forbidden()
    return case


def _gates() -> list[str] | None:
    return None if g.user.role == "admin" else [g.user.gate]


@bp.route("/cases")
@login_required(*VIEWING)
def index() -> Any:
    gates = _gates()
    where = "" if gates is None else f" WHERE c.gate IN ({','.join('?' * len(gates))})"
    rows = [dict(r) for r in get_db().execute(
        "SELECT c.*, o.decided_on, o.fine_vnd AS decided_fine, o.paid_vnd, o.fate, o.criminal AS prosecuted"
        f" FROM report_cases c LEFT JOIN case_outcomes o ON o.case_id = c.id{where}"
        " ORDER BY c.local_date DESC, c.recorded_utc DESC LIMIT 500", gates or [])]
    today = local_today(current_app.config["TIMEZONE"])
    late = {row["case"]: row for row in decisions.overdue(get_db(), gates, today)}
    only_late = request.args.get("overdue") == "1"
    shown = [r for r in rows if r["id"] in late] if only_late else rows
    return render_template("cases/index.html", cases=shown, late=late, only_late=only_late,
                           waiting_for=decisions.WAITING_FOR,
                           subtype_names={code: cases.subtype_name(code, lang()) for code in cases.subtypes()})


@bp.route("/cases/<case_id>")
@login_required(*VIEWING)
def show(case_id: str) -> Any:
    return _page(case_id)


def _page(case_id: str, status: int = 200, form: dict[str, Any] | None = None, kind: str | None = None,
          error: CheckpointError | None = None) -> Any:
    case = _visible(case_id)
    today = local_today(current_app.config["TIMEZONE"])
    late = next((row for row in decisions.overdue(get_db(), [case["gate"]], today) if row["case"] == case_id), None)
    return render_template(
        "cases/show.html", case=case, steps=decisions.steps(get_db(), case_id), late=late,
        subtype=case["subtype"] and cases.subtype_name(case["subtype"], lang()),
        definition=case["subtype"] and cases.subtype_definition(case["subtype"], lang()),
        bodies=decisions.RECEIVING_BODIES, fates=decisions.FATES, limits=decisions.time_limits(),
        limit_of_step=decisions.LIMIT_OF_STEP, waiting_for=decisions.WAITING_FOR,
        form=form or {}, open_kind=kind, error=error,
        error_text=error and i18n.error_message(error, lang())), status


@bp.route("/cases/<case_id>/steps/<kind>", methods=("POST",))
@login_required(*DECIDING)
def add_step(case_id: str, kind: str) -> Any:
    _visible(case_id)
    if kind not in decisions.STEPS:
        abort(404)
    form = request.form.to_dict()
    try:
        photo = _paper_photo(request.files.get("photo"))
        step = decisions.parse(kind, form, photo.sha256 if photo else None)
        if photo is not None:
            capture.store(current_app.config["EVIDENCE_DIR"], photo)
        decisions.record(get_db(), case_id, step, author=g.user.username,
                         today=local_today(current_app.config["TIMEZONE"]))
    except CheckpointError as exc:
        # The case page again, the step's form open with what was typed and the error beside it.
        return _page(case_id, status=exc.status, form=form, kind=kind, error=exc)
    return redirect(url_for("cases.show", case_id=case_id), 303)


@bp.route("/cases/<case_id>/papers/<sha256>")
@login_required(*VIEWING)
def paper(case_id: str, sha256: str) -> Any:
    _visible(case_id)
    if not any(step["photo"] == sha256 for step in decisions.steps(get_db(), case_id)):
        abort(404)
    return send_file(capture.evidence_path(current_app.config["EVIDENCE_DIR"], sha256), max_age=0)


def _paper_photo(upload: FileStorage | None) -> capture.Photo | None:
    """The photo of the signed paper, checked like every photo before anything is saved; it may come later."""
    if upload is None or not upload.filename:
        return None
    headers, refused = check_uploads([upload])
    if refused:
        raise refused[0][1]
    return capture.without_pixels(capture.decode(headers[0]))

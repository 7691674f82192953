"""The case file on the tablet: every case of the gate with what it still waits for, one case's steps after its
record (decision or referral, prosecution, payment, the goods' fate) with the photos of their signed papers, the
leaders' overdue list, and a case recorded with no violation type classified later by a leader."""
from __future__ import annotations

import json
from typing import Any

from flask import Blueprint, abort, current_app, g, redirect, render_template, request, send_file, url_for
from werkzeug.datastructures import FileStorage

from .. import capture, cases, decisions, i18n, sync
from ..clock import local_today
from ..errors import CheckpointError, Forbidden, NotFound
from . import get_db
from .auth import login_required
from .auth import select_lang as lang
from .inspections import visible_gates
from .uploads import check as check_uploads

bp = Blueprint("cases", __name__)
DECIDING = ("supervisor",)
"""Leaders record what the deciding bodies decided; officers and patrols follow their gate's cases."""
VIEWING = ("officer", "patrol", "supervisor")


def visible_case(case_id: str) -> dict[str, Any]:
    """A case's report row, if this account may see its gate (the case file, its goods and its record)."""
    row = get_db().execute("SELECT * FROM report_cases WHERE id = ?", [case_id]).fetchone()
    if row is None:
        raise NotFound()
    case = dict(row)
    if not g.user.may_see_gate(case["gate"]):
        raise Forbidden()
    return case


@bp.route("/cases")
@login_required(*VIEWING)
def index() -> Any:
    gates = visible_gates()
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
                           waiting_for=decisions.WAITING_FOR, sent=sync.sent(get_db(), [r["id"] for r in shown]),
                           categories=cases.CATEGORIES,
                           subtype_names={code: cases.subtype_name(code, lang()) for code in cases.subtypes()})


@bp.route("/cases/<case_id>")
@login_required(*VIEWING)
def show(case_id: str) -> Any:
    return _page(case_id)


def _page(case_id: str, status: int = 200, form: dict[str, Any] | None = None, kind: str | None = None,
          error: CheckpointError | None = None) -> Any:
    case = visible_case(case_id)
    today = local_today(current_app.config["TIMEZONE"])
    late = next((row for row in decisions.overdue(get_db(), [case["gate"]], today) if row["case"] == case_id), None)
    classifiable = case["subtype"] is None or case["classified_by"] is not None
    return render_template(
        "cases/show.html", case=case, steps=decisions.steps(get_db(), case_id), late=late,
        sent=sync.sent(get_db(), [case_id])[case_id], classifiable=classifiable,
        classified=cases.classifications(get_db(), case_id), questions=cases.QUESTIONS,
        guide=_guidance(case, (form or {}) if kind == "classify" else {}), subtypes=cases.subtypes(),
        categories=cases.CATEGORIES,
        subtype=case["subtype"] and cases.subtype_name(case["subtype"], lang()),
        definition=case["subtype"] and cases.subtype_definition(case["subtype"], lang()),
        bodies=decisions.RECEIVING_BODIES, fates=decisions.FATES, limits=decisions.time_limits(),
        limit_of_step=decisions.LIMIT_OF_STEP, waiting_for=decisions.WAITING_FOR,
        form=form or {}, open_kind=kind, error=error,
        error_text=error and i18n.error_message(error, lang())), status


@bp.route("/cases/<case_id>/steps/<kind>", methods=("POST",))
@login_required(*DECIDING)
def add_step(case_id: str, kind: str) -> Any:
    visible_case(case_id)
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


def _findings(case: dict[str, Any]) -> list[dict[str, Any]]:
    if case["source"] != "inspection":
        return []
    return [{"rule": r["rule"], "severity": r["severity"], "evidence": json.loads(r["evidence"])}
            for r in get_db().execute("SELECT rule, severity, evidence FROM findings WHERE inspection = ?",
                                      [case["id"]])]


def _guidance(case: dict[str, Any], form: dict[str, Any]) -> dict[str, Any]:
    """The guided choice for a leader classifying the case: the answers, the sub-type they and the inspection's
    findings propose, and the doubts the chosen one raises. Warnings only."""
    try:
        answers = cases.answers_of(form)
    except CheckpointError:
        answers = dict.fromkeys(cases.QUESTIONS, "unknown")
    findings = _findings(case)
    proposal = cases.propose(answers, findings)
    chosen = str(form.get("subtype") or proposal.subtype or "")
    because = proposal.because or ""
    return {"answers": answers, "proposal": proposal.subtype, "chosen": chosen, "note": form.get("note", ""),
            "because": i18n.translate(cases.QUESTIONS[because], lang()) if because in cases.QUESTIONS else because,
            "doubts": [{"message": i18n.translate(d.message, lang()), "other": d.other}
                       for d in (cases.doubts(chosen, answers, findings) if chosen in cases.subtypes() else [])]}


@bp.route("/cases/<case_id>/classify", methods=("POST",))
@login_required(*DECIDING)
def classify(case_id: str) -> Any:
    """A leader classifies a case recorded with no violation type; "propose" only shows what the answers point at."""
    visible_case(case_id)
    form = request.form.to_dict()
    if "propose" in form:
        form.pop("subtype", None)
        return _page(case_id, form=form, kind="classify")
    try:
        answers = cases.answers_of(form)
        cases.classify(get_db(), case_id, str(form.get("subtype") or ""), answers, str(form.get("note") or ""),
                       author=g.user.username)
    except CheckpointError as exc:
        return _page(case_id, status=exc.status, form=form, kind="classify", error=exc)
    return redirect(url_for("cases.show", case_id=case_id), 303)


@bp.route("/cases/<case_id>/papers/<sha256>")
@login_required(*VIEWING)
def paper(case_id: str, sha256: str) -> Any:
    visible_case(case_id)
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

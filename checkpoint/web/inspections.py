"""The officer's flow: today's list → start an inspection → add photos → record the verdict."""
from __future__ import annotations

import io
from collections.abc import Callable
from typing import Any, TypeVar

import sqlite_utils
from flask import (
    Blueprint,
    Flask,
    abort,
    current_app,
    flash,
    g,
    make_response,
    redirect,
    render_template,
    request,
    send_file,
    url_for,
)
from flask_babel import gettext as _
from werkzeug.datastructures import FileStorage

from .. import approvals, capture, cases, i18n, inspections, pipeline, setup, sync, values
from ..clock import local_today
from ..errors import N_, OUR_ERRORS, CheckpointError, Forbidden, InvalidInput
from ..inspections import DuplicatePhoto
from ..store.db import connect
from . import get_db, jobs_of
from .auth import login_required
from .auth import select_lang as get_locale_name
from .errors import with_retry_after
from .uploads import check as check_uploads

T = TypeVar("T")

bp = Blueprint("inspections", __name__)
INSPECTING_ROLES = ("officer", "supervisor")


def visible_gates() -> list[str] | None:
    """The gates whose records this account may see; None means all (admin)."""
    return None if g.user.role == "admin" else [g.user.gate]


def load_visible(inspection_id: str) -> dict[str, Any]:
    record = inspections.get(get_db(), inspection_id)
    if not g.user.may_see_gate(record["gate"]):
        raise Forbidden()
    return record


@bp.route("/")
@login_required()
def today() -> Any:
    """The officer's list: every open inspection whatever its day, today's decided ones, or a search (by plate,
    container or party, and day) over all of them."""
    day = local_today(current_app.config["TIMEZONE"])
    text, typed_day = request.args.get("q", "").strip()[:100], request.args.get("day", "").strip()
    errors: dict[str, str] = {}
    try:
        on = values.parse_date(typed_day, N_("date")) if typed_day else None
    except InvalidInput as exc:
        on, errors = None, field_errors(exc)
    searched = bool(text or on) and not errors
    found = inspections.search(get_db(), visible_gates(), text, on) if searched else []
    still_open = [] if searched else inspections.still_open(get_db(), visible_gates())
    decided = [] if searched else [i for i in inspections.for_day(get_db(), visible_gates(), day.isoformat())
                                   if i["verdict"]]
    shown = [*found, *still_open, *decided]
    return render_template("inspections/today.html", day=day.isoformat(), q=text, typed_day=typed_day,
                           errors=errors, searched=searched, found=found, still_open=still_open, decided=decided,
                           limit=inspections.SEARCH_LIMIT,
                           sent=sync.sent(get_db(), [i["uuid"] for i in shown])), 422 if errors else 200


@bp.route("/inspections/new", methods=("GET", "POST"))
@login_required(*INSPECTING_ROLES)
def new() -> Any:
    gates = setup.gates(get_db())
    if request.method == "POST":
        form = request.form
        gate = form.get("gate", "") if g.user.role == "admin" else g.user.gate
        try:
            inspection_id = inspections.start(get_db(), inspections.NewInspection(
                gate=gate or "", direction=form.get("direction", ""),
                plates=tuple(form.get("plates", "").replace(",", "\n").splitlines()),
                lane=form.get("lane", "")[:20], container=form.get("container", ""),
                declared_goods=form.get("declared_goods", ""),
                declared_origin=form.get("declared_origin", "")[:2]),
                author=g.user.username, tz=current_app.config["TIMEZONE"])
        except InvalidInput as exc:
            return render_template("inspections/new.html", gates=gates, form=form, errors=field_errors(exc)), 422
        except CheckpointError as exc:
            flash(i18n.error_message(exc, get_locale_name()), "error")
            return render_template("inspections/new.html", gates=gates, form=form, errors={}), exc.status
        return redirect(url_for("inspections.show", inspection_id=inspection_id))
    return render_template("inspections/new.html", gates=gates, form={}, errors={})


@bp.route("/inspections/<inspection_id>")
@login_required()
def show(inspection_id: str) -> Any:
    return render_show(inspection_id, 200)


def render_show(inspection_id: str, status: int, form: Any = None, errors: dict[str, str] | None = None) -> Any:
    """The inspection page; after a refused form, with what the officer typed (`form`) and each error beside
    its field (`errors`, by the input's name)."""
    inspection = load_visible(inspection_id)
    form = form or {}
    return render_template("inspections/show.html", inspection=inspection,
                           verdicts=inspections.VERDICTS, photo_kinds=pipeline.PHOTO_KINDS,
                           subtypes=cases.subtypes(), focus_groups=cases.focus_groups(),
                           categories=cases.CATEGORIES, form=form, errors=errors or {},
                           questions=cases.QUESTIONS, guide=guidance(form, inspection["findings"]),
                           vnaccs_channels=inspections.VNACCS_CHANNELS, physical_results=inspections.PHYSICAL_RESULTS,
                           sent=sync.sent(get_db(), [inspection_id])[inspection_id],
                           approval=approvals.waiting(get_db(), inspection_id)), status


def guidance(form: Any, findings: list[dict[str, Any]]) -> dict[str, Any]:
    """The guided choice of the violation (cases.py): the questions' answers, the sub-type they and the findings
    propose, and the doubts the chosen one raises, in the page's language. Warnings only: nothing here refuses."""
    try:
        answers = cases.answers_of(form)
    except InvalidInput:
        answers = dict.fromkeys(cases.QUESTIONS, "unknown")
    proposal = cases.propose(answers, findings)
    chosen = str(form.get("subtype") or "")
    lang = get_locale_name()
    because = proposal.because or ""
    return {
        "answers": answers, "proposal": proposal.subtype, "chosen": chosen,
        "because": i18n.translate(cases.QUESTIONS[because], lang) if because in cases.QUESTIONS else because,
        "doubts": [{"message": i18n.translate(d.message, lang), "other": d.other}
                   for d in (cases.doubts(chosen, answers, findings) if chosen in cases.subtypes() else [])]}


ERROR_INPUTS = {"violation": "subtype", "goods group": "focus_group", "vehicle": "plates",
                "reason for letting it pass": "pass_reason", "reason for closing with no photo": "no_photo_reason",
                "VNACCS channel": "vnaccs_channel", "physical check": "physical_result",
                "what was found": "physical_note"}
"""The form input a field named in an error stands for, where the two differ."""


def field_errors(exc: CheckpointError, prefix: str = "") -> dict[str, str]:
    """An error about one field, by the name of the input it belongs beside, in the page's language."""
    params = getattr(exc, "params", {})
    field = str(params.get("field", ""))
    problem = params.get("problem")
    message = i18n.translate(problem, get_locale_name()) if isinstance(problem, str) else \
        i18n.error_message(exc, get_locale_name())
    return {prefix + ERROR_INPUTS.get(field, field): message}


def wants_json() -> bool:
    """The page's script uploads photos itself and asks for JSON; a plain form post gets a page."""
    return request.accept_mimetypes.best == "application/json"


def show_error(inspection_id: str, exc: Exception, errors: list[dict[str, Any]] | None = None) -> Any:
    """The inspection page again (or JSON for the page's script), with what went wrong; nothing was saved."""
    message, status = i18n.error_message(exc, get_locale_name()), getattr(exc, "status", 500)
    if wants_json():
        return with_retry_after(make_response(({"ok": False, "status": status, "error": message,
                                                "errors": errors or []}, status)), exc)
    flash(" ".join([message, *(e["error"] for e in (errors or [])[1:])]), "error")
    return with_retry_after(make_response(render_show(inspection_id, status)), exc)


@bp.route("/inspections/<inspection_id>/photos", methods=("POST",))
@login_required(*INSPECTING_ROLES)
def add_photos(inspection_id: str) -> Any:
    record = load_visible(inspection_id)
    files = [f for f in request.files.getlist("photos") if f.filename]
    kind = request.form.get("kind", "auto")
    if kind not in pipeline.PHOTO_KINDS:
        kind = "auto"
    if not files:
        return show_error(inspection_id, InvalidInput(field=N_("photos"), problem=N_("choose at least one photo")))
    try:
        headers = checked_uploads(files, {p["sha256"] for p in record["photos"]})
    except RefusedUploads as refused:
        return show_error(inspection_id, refused.first, refused.errors)
    except CheckpointError as exc:
        return show_error(inspection_id, exc)
    app, author = current_app._get_current_object(), g.user.username  # type: ignore[attr-defined]

    if wants_json():
        return queue_upload(app, inspection_id, headers, kind, author)
    try:
        jobs_of(app).call(author, lambda: read_and_log(app, inspection_id, headers, kind, author, wait=0.0))
    except OUR_ERRORS as exc:
        return show_error(inspection_id, exc)
    flash(_("%(count)d photo(s) added.", count=len(headers)), "info")
    return redirect(url_for("inspections.show", inspection_id=inspection_id))


def queue_upload(app: Flask, inspection_id: str, headers: list[capture.Header], kind: str, author: str) -> Any:
    """The page's script polls the job, so reading never holds the request or other pages; the job may wait
    for memory that other uploads hold."""
    try:
        queued = jobs_of(app).submit(author, lambda: read_and_log(app, inspection_id, headers, kind, author,
                                                                   wait=60.0))
    except CheckpointError as exc:
        return show_error(inspection_id, exc)
    return {"ok": True, "job": queued.id,
            "status": url_for("inspections.job", inspection_id=inspection_id, job_id=queued.id)}, 202


class RefusedUploads(Exception):
    """Some photos of an upload refused: the first one's error, and each one's for the page's script."""

    def __init__(self, first: Exception, errors: list[dict[str, Any]]) -> None:
        super().__init__(str(first))
        self.first, self.errors = first, errors


def checked_uploads(files: list[FileStorage], present: set[str]) -> list[capture.Header]:
    """Every file checked at once from its header (type, size, pixels) before any is decoded, and against the
    photos the inspection has. If any is refused nothing runs, and the page's script learns which (`errors`, by
    position: a camera may name every photo image.jpg) to drop only those."""
    headers, refused = check_uploads(files)
    if not refused:  # then headers[at] is files[at]
        refused = [(at, DuplicatePhoto(name=files[at].filename)) for at, header in enumerate(headers)
                   if capture.sha256_of(header) in present]
    if refused:
        raise RefusedUploads(refused[0][1], [
            {"position": at, "image": files[at].filename, "error": i18n.error_message(exc, get_locale_name())}
            for at, exc in refused])
    return headers


def read_and_log(app: Flask, inspection_id: str, headers: list[capture.Header], kind: str, author: str, *,
                 wait: float) -> pipeline.Checked:
    """Reads every photo (pipeline.read), then logs them with the checks in one transaction (pipeline.log). A
    photo that cannot be read (missing language data, say) stops the whole upload before anything is logged."""
    results = pipeline.read(headers, kind, wait=wait)
    return on_own_connection(app, lambda db: pipeline.log(db, inspection_id, results, config=app.config,
                                                          author=author))


def on_own_connection(app: Flask, work: Callable[[sqlite_utils.Database], T]) -> T:
    """The work with a connection of its own: the job worker is not the request's thread."""
    db = connect(app.config["DATABASE"])
    try:
        return work(db)
    finally:
        db.conn.close()


@bp.route("/inspections/<inspection_id>/jobs/<job_id>")
@login_required(*INSPECTING_ROLES)
def job(inspection_id: str, job_id: str) -> Any:
    """How the reading of an upload is going: running, done, or failed with the reason."""
    load_visible(inspection_id)
    found = jobs_of(current_app).get(job_id)
    if found is None or found.owner != g.user.username:
        abort(404)
    if found.state == "done":
        flash(_("Photos read and saved."), "info")
    return {"ok": found.state != "failed", "state": found.state,
            "error": found.error.get(get_locale_name()) if found.error else None}


@bp.route("/inspections/<inspection_id>/verdict", methods=("POST",))
@login_required(*INSPECTING_ROLES)
def verdict(inspection_id: str) -> Any:
    """The verdict as the core takes it (inspections.record_verdict); letting pass what needs a leader asks one."""
    load_visible(inspection_id)
    db, form = get_db(), request.form
    chosen, note = form.get("verdict", ""), form.get("note", "")
    try:
        if inspections.needs_approval(db, inspection_id, chosen) and not inspections.approved(db, inspection_id):
            approvals.request(db, inspection_id, note, form.get("pass_reason", ""), author=g.user.username,
                              no_photo_reason=form.get("no_photo_reason", ""))
            flash(_("Letting this truck pass now waits for a leader's approval."), "info")
            return redirect(url_for("inspections.show", inspection_id=inspection_id))
        inspections.record_verdict(db, inspection_id, chosen, note, author=g.user.username,
                                   case=case_of(form) if chosen in CASE_VERDICTS else None,
                                   no_photo_reason=form.get("no_photo_reason", ""))
    except InvalidInput as exc:
        return render_show(inspection_id, 422, form, field_errors(exc))
    except inspections.NeedsApproval as exc:
        return render_show(inspection_id, 422, form, {"pass_reason": i18n.error_message(exc, get_locale_name())})
    except CheckpointError as exc:
        return show_error(inspection_id, exc)
    flash(_("Verdict recorded."), "info")
    return redirect(url_for("inspections.today"))


CASE_VERDICTS = ("seized", "referred")
"""The verdicts that find a violation: only they carry the violation's fields (a truck let pass has no case)."""


def case_of(form: Any) -> cases.Case | None:
    """The violation on a verdict form: a goods group is chosen, never assumed (#18)."""
    if str(form.get("subtype") or "").strip() and not str(form.get("focus_group") or "").strip():
        raise InvalidInput(field=N_("goods group"), problem=N_("choose the group of the goods"))
    return cases.parse(form)


@bp.route("/inspections/<inspection_id>/guide", methods=("POST",))
@login_required(*INSPECTING_ROLES)
def guide(inspection_id: str) -> Any:
    """The guided choice asked again with the officer's answers: the page (without script, the form kept, the
    proposed sub-type chosen if none was), or JSON for the page's script. Records nothing."""
    inspection = load_visible(inspection_id)
    form = request.form.to_dict()
    found = guidance(form, inspection["findings"])
    if not form.get("subtype") and found["proposal"]:
        form["subtype"] = found["proposal"]
        found = guidance(form, inspection["findings"])
    if wants_json():
        return {"ok": True, "proposal": found["proposal"], "subtype": form.get("subtype", ""),
                "html": render_template("inspections/_guide.html", guide=found, subtypes=cases.subtypes())}
    return render_show(inspection_id, 200, {**form, "guided": "1"})


@bp.route("/inspections/<inspection_id>/vnaccs", methods=("POST",))
@login_required(*INSPECTING_ROLES)
def vnaccs(inspection_id: str) -> Any:
    """The channel the declaration got in VNACCS, entered by the officer beside the proposed risk level."""
    return step(inspection_id, lambda: inspections.set_vnaccs_channel(
        get_db(), inspection_id, request.form.get("vnaccs_channel", ""), author=g.user.username),
        _("VNACCS channel recorded."))


@bp.route("/inspections/<inspection_id>/physical-check", methods=("POST",))
@login_required(*INSPECTING_ROLES)
def physical_check(inspection_id: str) -> Any:
    """The result of checking the goods themselves, a step before the verdict."""
    return step(inspection_id, lambda: inspections.record_physical_check(
        get_db(), inspection_id, request.form.get("physical_result", ""), request.form.get("physical_note", ""),
        author=g.user.username), _("Physical check recorded."))


def step(inspection_id: str, record: Callable[[], Any], done: str) -> Any:
    """A form of the inspection page that logs one step without closing it: back to the page with `done`, or the
    page again with the error beside its field and what was typed."""
    load_visible(inspection_id)
    try:
        record()
    except InvalidInput as exc:
        return render_show(inspection_id, 422, request.form, field_errors(exc))
    except CheckpointError as exc:
        return show_error(inspection_id, exc)
    flash(done, "info")
    return redirect(url_for("inspections.show", inspection_id=inspection_id))


@bp.route("/inspections/<inspection_id>/correction", methods=("POST",))
@login_required("supervisor")
def correct(inspection_id: str) -> Any:
    """A supervisor corrects a recorded verdict; the first one stays in the log beside the reason."""
    load_visible(inspection_id)
    form = request.form
    try:
        inspections.correct_verdict(get_db(), inspection_id, form.get("verdict", ""), form.get("note", ""),
                                    form.get("reason", ""), author=g.user.username,
                                    case=case_of(form) if form.get("verdict") in CASE_VERDICTS else None,
                                    no_photo_reason=form.get("no_photo_reason", ""))
    except InvalidInput as exc:
        return render_show(inspection_id, 422, form, field_errors(exc, "correction-"))
    except inspections.NeedsApproval as exc:
        return render_show(inspection_id, 422, form,
                           {"correction-reason": i18n.error_message(exc, get_locale_name())})
    except CheckpointError as exc:
        return show_error(inspection_id, exc)
    flash(_("Correction recorded."), "info")
    return redirect(url_for("inspections.show", inspection_id=inspection_id))


@bp.route("/inspections/<inspection_id>/photos/<sha256>/fields/<field>", methods=("POST",))
@login_required(*INSPECTING_ROLES)
def correct_field(inspection_id: str, sha256: str, field: str) -> Any:
    load_visible(inspection_id)
    app = current_app._get_current_object()  # type: ignore[attr-defined]
    author, text = g.user.username, request.form.get("value", "")
    try:
        # The re-check screens names: the reader's work, done by its worker when free (else: try again, nothing
        # recorded), so the server's threads stay free.
        jobs_of(app).call(author, lambda: on_own_connection(app, lambda db: pipeline.correct(
            db, inspection_id, sha256, field, text, config=app.config, author=author)))
    except InvalidInput as exc:
        return render_show(inspection_id, 422, {f"{sha256}:{field}": text},
                           {f"{sha256}:{field}": next(iter(field_errors(exc).values()))})
    except CheckpointError as exc:
        return show_error(inspection_id, exc)
    flash(_("Correction recorded."), "info")
    # No #fragment: the page's outbox follows a redirect with location.assign, which only scrolls when the
    # address differs by its fragment alone, and the page would go on showing the value before the correction.
    return redirect(url_for("inspections.show", inspection_id=inspection_id))


@bp.route("/inspections/<inspection_id>/photos/<sha256>/crop/<field>")
@login_required()
def crop(inspection_id: str, sha256: str, field: str) -> Any:
    """The part of the photo a field was read from, to show beside its value; for field 'text', the line of the
    paper's text whose box is given (?box=x,y,w,h), one of the lines the reader found — never any other part."""
    record = load_visible(inspection_id)
    photo = next((p for p in record["photos"] if p["sha256"] == sha256 and p["document"]), None)
    if photo and field == "text":
        wanted = request.args.get("box", "")
        box = next((line["box"] for line in photo["document"].get("lines") or ()
                    if ",".join(map(str, line["box"])) == wanted), None)
    else:
        box = photo["document"]["fields"].get(field, {}).get("box") if photo else None
    if not box:
        abort(404)
    return send_file(io.BytesIO(capture.crop(capture.evidence_path(current_app.config["EVIDENCE_DIR"], sha256), box)),
                     mimetype="image/png", max_age=0)


@bp.route("/inspections/<inspection_id>/photos/<sha256>")
@login_required()
def photo(inspection_id: str, sha256: str) -> Any:
    record = load_visible(inspection_id)
    match = next((p for p in record["photos"] if p["sha256"] == sha256), None)
    if match is None:
        abort(404)
    return send_file(capture.evidence_path(current_app.config["EVIDENCE_DIR"], sha256),
                     mimetype=match["media_type"], max_age=0)

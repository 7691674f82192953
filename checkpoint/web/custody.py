"""Seized goods from the case: a gate seizure's goods lines, tags and record of violation; hand-overs that wait
for the receiver to confirm on their own account; the warehouse's stock-take; the leaders' list of differences."""
from __future__ import annotations

import unicodedata
import uuid
from datetime import date
from typing import Any
from urllib.parse import quote

from flask import (
    Blueprint,
    Response,
    abort,
    current_app,
    flash,
    g,
    redirect,
    render_template,
    request,
    send_file,
    url_for,
)
from flask_babel import gettext as _
from werkzeug.datastructures import FileStorage, MultiDict

from .. import capture, i18n, inspections, ledger, seizures, users
from ..clock import local_time, local_today
from ..errors import N_, CheckpointError, InvalidInput
from ..patrols import custody
from ..patrols import record as violation_record
from ..patrols.events import GOODS_KINDS
from . import get_db
from .auth import login_required, select_lang
from .cases import visible_case
from .inspections import visible_gates
from .patrols import patrol_word
from .uploads import check as check_uploads

bp = Blueprint("custody", __name__, url_prefix="/custody")
VIEWING = ("officer", "patrol", "supervisor")
LEADERS = ("supervisor",)


@bp.app_context_processor
def handovers_to_confirm() -> dict[str, Any]:
    def count() -> int:
        """Goods handed to this account that wait for its confirmation, for the header."""
        return custody.waiting_for(get_db(), g.user.username)
    return {"handovers_to_confirm": count}
GOODS_ROWS = 3
GOODS_KEYS = ("description", "kind", "quantity", "unit", "value_vnd", "use_by")
INPUTS = {"Record number": "number", "received by": "receiver", "place": "place", "handed to": "to_stage",
          "seal number": "seal", "photo": "photo", "quantity received": "received", "password": "password",
          "note": "note", "goods": "goods", "reason": "reason", "quantity counted": "goods",
          "quantity handed over": "goods"}


@bp.app_template_filter()
def custody_stage(stage: str, goods: dict[str, Any]) -> str:
    """A custody stage in the page's language; the first holder of goods seized at a gate is no patrol."""
    if stage == "patrol" and goods.get("source") == "inspection":
        return _("Seizing officers at the gate")
    return patrol_word(stage, "stage")


@bp.app_template_global()
def seizure_summary(case: dict[str, Any]) -> dict[str, Any]:
    """What the case page says of its record and goods: the record's number, the tags, the hand-overs waiting."""
    db = get_db()
    if case["source"] == "inspection":
        latest = violation_record.latest_gate(db, case["id"])
        tags = db.execute("SELECT COUNT(*) FROM seized_goods WHERE inspection = ?", [case["id"]]).fetchone()[0]
    else:
        latest = violation_record.latest(db, case["id"])
        tags = db.execute("SELECT COUNT(*) FROM intercepted_goods WHERE interception = ? AND tag IS NOT NULL",
                          [case["id"]]).fetchone()[0]
    waiting = db.execute("SELECT COUNT(*) FROM handovers WHERE case_id = ? AND confirmed_utc IS NULL",
                         [case["id"]]).fetchone()[0]
    return {"record": latest["number"] if latest else None, "tags": tags, "waiting": waiting}


def people(db: Any, usernames: list[str]) -> dict[str, str]:
    """Accounts as a person reads them: rank, full name and the account (officer3 alone tells a giver little)."""
    named = {name: violation_record.maker_of(db, name) for name in usernames}
    return {name: f"{shown} ({name})" if shown != name else name for name, shown in named.items()}


def tz() -> str:
    return str(current_app.config["TIMEZONE"])


def errors_of(exc: CheckpointError) -> dict[str, str]:
    """{input name: message} for an error about one field; flashed at the top when it names none."""
    message = i18n.error_message(exc, select_lang())
    params = exc.params
    if "row" in params:
        return {f"goods-{params['row'] - 1}-description": message}
    name = INPUTS.get(str(params.get("field", "")))
    if name is None:
        flash(message, "error")
        return {}
    return {name: message}


def goods_of(case: dict[str, Any]) -> list[dict[str, Any]]:
    """The case's tagged goods, each with its chain and, if perishable, its deadline."""
    if case["source"] == "inspection":
        rows = seizures.goods_of(get_db(), case["id"])
    else:
        rows = [dict(r) for r in get_db().execute(
            "SELECT * FROM intercepted_goods WHERE interception = ? AND tag IS NOT NULL ORDER BY line", [case["id"]])]
    found = []
    for row in rows:
        chain = custody.chain(get_db(), row["id"])
        found.append({"chain": chain, "goods": chain.goods, "deadline": deadline_of(chain)})
    return found


def deadline_of(chain: custody.Chain) -> date | None:
    """Perishable goods still held: the day they must be decided on by (data/perishable.csv, or their use-by)."""
    if chain.stage == "disposal":
        return None
    use_by = chain.goods.get("use_by")
    return seizures.deadline(chain.goods["kind"], local_time(chain.goods["seized_utc"], tz()).date(),
                             date.fromisoformat(use_by) if use_by else None)


# -- the case's goods ------------------------------------------------------------------------------

@bp.route("/cases/<case_id>")
@login_required(*VIEWING)
def case(case_id: str) -> Any:
    return render_case(visible_case(case_id))


def render_case(case: dict[str, Any], status: int = 200, form: MultiDict[str, str] | None = None,
                errors: dict[str, str] | None = None) -> Any:
    items = goods_of(case)
    open_items = [i for i in items if i["chain"].stage != "disposal" and not i["chain"].pending]
    receivers = [r["username"] for r in get_db().execute(
        "SELECT username FROM users WHERE disabled_utc IS NULL AND username != ? AND (gate = ? OR gate IS NULL)"
        " ORDER BY username", [g.user.username, case["gate"]])]
    fate = get_db().execute("SELECT number FROM case_steps WHERE case_id = ? AND kind = 'goods_fate'"
                            " ORDER BY day DESC LIMIT 1", [case["id"]]).fetchone()
    return render_template("custody/case.html", case=case, items=items, open_items=open_items,
                           stages=custody.STAGES[1:], receivers=people(get_db(), receivers),
                           fate=fate[0] if fate else None, form=form or MultiDict(), errors=errors or {},
                           today=local_today(tz())), status


@bp.route("/cases/<case_id>/goods", methods=("GET", "POST"))
@login_required(*VIEWING)
def goods(case_id: str) -> Any:
    case = visible_case(case_id)
    if case["source"] != "inspection":
        abort(404)
    form: MultiDict[str, str] = request.form if request.method == "POST" else MultiDict()
    if request.method == "POST":
        rows = [{k: form.get(f"goods-{i}-{k}", "") for k in GOODS_KEYS} for i in range(GOODS_ROWS)]
        try:
            lines = seizures.parse_lines(rows, current_app.config["MAX_FORM_LINES"])
            seizures.tag(get_db(), case_id, lines, author=g.user.username)
        except CheckpointError as exc:
            return render_goods(case, form, errors_of(exc)), exc.status
        flash(_("Goods tagged: print the labels and fix one to each bag or box."), "info")
        return redirect(url_for("custody.tags", case_id=case_id))
    return render_goods(case, form)


def render_goods(case: dict[str, Any], form: MultiDict[str, str], errors: dict[str, str] | None = None) -> str:
    return render_template("custody/goods.html", case=case, form=form, errors=errors or {}, rows=GOODS_ROWS,
                           kinds=GOODS_KINDS, tagged=seizures.goods_of(get_db(), case["id"]))


@bp.route("/cases/<case_id>/tags")
@login_required(*VIEWING)
def tags(case_id: str) -> Any:
    case = visible_case(case_id)
    labels = [(item["goods"], custody.tag_svg(item["goods"]["tag"])) for item in goods_of(case)]
    return render_template("patrols/tags.html", labels=labels, origin=case,
                           back=url_for("custody.case", case_id=case_id))


@bp.route("/evidence/<tag>")
@login_required(*VIEWING)
def evidence(tag: str) -> Any:
    chain = custody.chain_by_tag(get_db(), tag)
    case = visible_case(chain.goods["case_id"])
    return render_template("custody/evidence.html", chain=chain, case=case, qr=custody.tag_svg(chain.goods["tag"]),
                           deadline=deadline_of(chain))


# -- hand-overs ------------------------------------------------------------------------------------

@bp.route("/cases/<case_id>/handover", methods=("POST",))
@login_required(*VIEWING)
def offer(case_id: str) -> Any:
    case = visible_case(case_id)
    form = request.form
    try:
        lines = [(item["goods"]["tag"], custody.parse_quantity(form.get(f"handed-{item['goods']['tag']}"),
                                                              N_("quantity handed over")))
                 for item in goods_of(case) if form.get(f"handed-{item['goods']['tag']}", "").strip()]
        events = custody.offer(get_db(), case_id, form.get("to_stage", ""), lines, receiver=form.get("receiver", ""),
                               place=form.get("place", ""), note=form.get("note", ""), author=g.user.username)
    except CheckpointError as exc:
        return render_case(case, exc.status, form, errors_of(exc))
    flash(_("Hand-over of %(count)d item(s) waits for %(receiver)s to confirm on their own account.",
            count=len(events), receiver=form.get("receiver", "")), "info")
    return redirect(url_for("custody.case", case_id=case_id), 303)


@bp.route("/handovers")
@login_required(*VIEWING)
def waiting() -> Any:
    mine = custody.waiting(get_db(), g.user.username)
    at_gate = custody.waiting(get_db(), None, visible_gates()) if g.user.role in LEADERS + ("admin",) else []
    return render_template("custody/waiting.html", mine=mine, at_gate=at_gate)


@bp.route("/handovers/<offer_id>", methods=("GET", "POST"))
@login_required(*VIEWING)
def confirm(offer_id: str) -> Any:
    offered = custody.handover(get_db(), offer_id)
    visible_case(offered["case_id"])
    form: MultiDict[str, str] = request.form if request.method == "POST" else MultiDict()
    if request.method == "POST":
        try:
            receiver = signed_receiver(offered["receiver"], form)
            photo = goods_photo(request.files.get("photo"))
            if photo is not None:  # stored before the log names it (content-addressed: a refused form leaves a copy)
                capture.store(current_app.config["EVIDENCE_DIR"], photo)
            custody.confirm(get_db(), offer_id, received=form.get("received"), seal=form.get("seal", ""),
                            photo=photo.sha256 if photo else None, note=form.get("note", ""), author=receiver)
        except CheckpointError as exc:
            return render_template("custody/confirm.html", offered=offered, form=form,
                                   errors=errors_of(exc)), exc.status
        flash(_("Hand-over of %(tag)s confirmed by %(receiver)s.", tag=offered["tag"], receiver=offered["receiver"]),
              "info")
        return redirect(url_for("custody.case", case_id=offered["case_id"]), 303)
    return render_template("custody/confirm.html", offered=offered, form=form, errors={})


@bp.route("/handovers/<offer_id>/withdraw", methods=("POST",))
@login_required(*VIEWING)
def withdraw(offer_id: str) -> Any:
    offered = custody.handover(get_db(), offer_id)
    visible_case(offered["case_id"])
    try:
        custody.withdraw(get_db(), offer_id, reason=request.form.get("reason", ""), author=g.user.username,
                         leader=g.user.role in LEADERS)
    except CheckpointError as exc:
        return render_template("custody/confirm.html", offered=offered, form=request.form,
                               errors=errors_of(exc)), exc.status
    flash(_("Hand-over of %(tag)s taken back: the goods stay where they were.", tag=offered["tag"]), "info")
    return redirect(url_for("custody.case", case_id=offered["case_id"]), 303)


def signed_receiver(receiver: str, form: MultiDict[str, str]) -> str:
    """The receiver confirms on their own account: signed in as themselves, or their password typed on the giver's
    tablet (checked as a sign-in is, failures counted)."""
    if g.user.username == receiver:
        return receiver
    if not form.get("password"):
        raise InvalidInput(field=N_("password"), problem=N_("the receiver types their own password"))
    try:
        user = users.authenticate(get_db(), receiver, form.get("password", ""), request.remote_addr or "-",
                                  max_failures=current_app.config["LOGIN_MAX_FAILURES"],
                                  lock_minutes=current_app.config["LOGIN_LOCK_MINUTES"],
                                  max_device_failures=current_app.config["LOGIN_MAX_FAILURES_PER_DEVICE"])
    except CheckpointError:
        raise InvalidInput(field=N_("password"), problem=N_("not the receiver's password")) from None
    return user.username


def goods_photo(upload: FileStorage | None) -> capture.Photo | None:
    if upload is None or not upload.filename:
        return None
    headers, refused = check_uploads([upload])
    if refused:
        raise refused[0][1]
    return capture.without_pixels(capture.decode(headers[0]))


@bp.route("/photos/<sha256>")
@login_required(*VIEWING)
def photo(sha256: str) -> Any:
    row = get_db().execute("SELECT case_id FROM handovers WHERE photo = ?", [sha256]).fetchone()
    if row is None:
        abort(404)
    visible_case(row[0])
    return send_file(capture.evidence_path(current_app.config["EVIDENCE_DIR"], sha256), max_age=0)


# -- the warehouse and the leaders ------------------------------------------------------------------

@bp.route("/warehouse", methods=("GET", "POST"))
@login_required(*VIEWING)
def warehouse() -> Any:
    stock = custody.in_stage(get_db(), "warehouse", visible_gates())
    form: MultiDict[str, str] = request.form if request.method == "POST" else MultiDict()
    errors: dict[str, str] = {}
    if request.method == "POST":
        try:
            missing = [c.goods["tag"] for c in stock if not form.get(f"counted-{c.goods['tag']}", "").strip()]
            if missing:
                # A stock-take counts every tag: one left out would hide exactly what went missing.
                raise InvalidInput(field=N_("goods"), problem=N_("count every tag in the warehouse"))
            custody.count(get_db(), [(c.goods["tag"], form.get(f"counted-{c.goods['tag']}")) for c in stock],
                          stocktake=str(uuid.uuid4()), author=g.user.username)
        except CheckpointError as exc:
            errors = errors_of(exc)
            return render_template("custody/warehouse.html", stock=stock, form=form, errors=errors), exc.status
        differ = [c for c in custody.in_stage(get_db(), "warehouse", visible_gates()) if c.flagged]
        flash(_("Stock-take recorded: %(count)d tag(s) counted, %(differ)d with a difference.", count=len(stock),
                differ=len(differ)), "error" if differ else "info")
        return redirect(url_for("custody.warehouse"), 303)
    return render_template("custody/warehouse.html", stock=stock, form=form, errors=errors)


@bp.route("/discrepancies")
@login_required(*LEADERS)
def discrepancies() -> Any:
    today, gates = local_today(tz()), visible_gates()
    held = [c for stage in ("patrol", "station", "warehouse") for c in custody.in_stage(get_db(), stage, gates)]
    perishable = sorted(((c, d) for c in held if (d := deadline_of(c)) is not None), key=lambda x: x[1])
    return render_template("custody/discrepancies.html", flagged=custody.flagged(get_db(), gates),
                           perishable=perishable, today=today, waiting=custody.waiting(get_db(), None, gates))


# -- a gate seizure's record of violation -----------------------------------------------------------

@bp.route("/cases/<case_id>/record", methods=("GET", "POST"))
@login_required(*VIEWING)
def record(case_id: str) -> Any:
    case = visible_case(case_id)
    if case["source"] != "inspection":
        return redirect(url_for("patrols.record", interception_id=case_id))
    agency = violation_record.issuing_agency(case["gate"], g.user.role)
    if agency is None:
        abort(404)
    latest = violation_record.latest_gate(get_db(), case_id)
    if request.method == "POST":
        try:
            # A correction is issued by the agency that issued the record it supersedes.
            violation_record.make_gate(get_db(), case_id, latest["agency"] if latest else agency.code,
                                       request.form.to_dict(),
                                       author=g.user.username, tz=tz())
        except CheckpointError as exc:
            errors = errors_of(exc) if exc.params.get("field") not in {f.label for f in violation_record.FIELDS} \
                else {next(f.name for f in violation_record.FIELDS if f.label == exc.params["field"]):
                      i18n.error_message(exc, select_lang())}
            return render_record(case, request.form.to_dict(), latest, errors), exc.status
        flash(_("Record of violation saved."), "info")
        return redirect(url_for("custody.record", case_id=case_id), 303)
    if latest:
        values = latest["fields"]
    else:
        inspection = inspections.get(get_db(), case_id)
        gate = get_db().execute("SELECT name FROM gates WHERE code = ?", [case["gate"]]).fetchone()
        values = violation_record.prefill_gate(
            inspection, seizures.goods_of(get_db(), case_id),
            maker=violation_record.maker_of(get_db(), g.user.username), agency=agency, tz=tz(),
            number=violation_record.next_gate_number(get_db(), agency.code, tz()),
            gate_name=gate["name"] if gate else "")
    return render_record(case, values, latest)


def render_record(case: dict[str, Any], values: dict[str, str], latest: dict[str, Any] | None,
                  errors: dict[str, str] | None = None) -> str:
    inspection = inspections.get(get_db(), case["id"])
    seized = [(x["tag"], x["description"], x["quantity"], x["unit"]) for x in seizures.goods_of(get_db(), case["id"])]
    return render_template("patrols/record.html", values=values, errors=errors or {}, fields=violation_record.FIELDS,
                           parts=violation_record.PARTS, latest=latest, seized=seized, plates=inspection["plates"],
                           pdf_url=url_for("custody.record_pdf", case_id=case["id"]),
                           back=url_for("cases.show", case_id=case["id"]), may_save=True)


@bp.route("/cases/<case_id>/record.pdf")
@login_required(*VIEWING)
def record_pdf(case_id: str) -> Any:
    visible_case(case_id)
    latest = violation_record.latest_gate(get_db(), case_id)
    if latest is None:
        abort(404)
    inspection = inspections.get(get_db(), case_id)
    body = violation_record.print_record(
        latest, violation_record.gate_rows(seizures.goods_of(get_db(), case_id), inspection["plates"]),
        ledger.head_text(get_db()))
    number = "".join(c if c.isalnum() else "-" for c in latest["number"])
    plain = unicodedata.normalize("NFKD", number.replace("Đ", "D").replace("đ", "d")).encode("ascii", "ignore")
    return Response(body, mimetype="application/pdf",
                    headers={"Content-Disposition": f'inline; filename="bien-ban-{plain.decode()}.pdf";'
                                                    f" filename*=UTF-8''bien-ban-{quote(number)}.pdf"})

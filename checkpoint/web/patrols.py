"""The patrol's flow: start a patrol → track the route → log interceptions → tag, hand over, record.

Pages under /patrols and the same under /api/v1/patrols as JSON, from one blueprint.
"""
from __future__ import annotations

import unicodedata
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

from .. import capture, i18n, ledger, patrols, setup, sync, values
from ..checks.watchlist import KIND_NAMES
from ..clock import local_today
from ..errors import N_, CheckpointError, Forbidden, ImageTooLarge, ImageUnreadable, InvalidInput
from ..patrols import custody, encounters, screening
from ..patrols import map as patrol_map
from ..patrols import record as violation_record
from ..patrols.events import parse_quantity
from ..patrols.places import places
from . import get_db
from .auth import login_required, select_lang
from .formatting import words
from .inspections import visible_gates
from .uploads import check as check_uploads

bp = Blueprint("patrols", __name__)
PATROLLING = ("patrol",)
VIEWING = ("patrol", "supervisor")
PERSON_ROWS, GOODS_ROWS = 3, 3
PERSON_KEYS = ("name", "id_type", "id_number", "nationality", "phone", "birth_date", "address", "issue_date")
GOODS_KEYS = ("description", "kind", "quantity", "unit", "value_vnd")


# What an English page shows for the codes whose msgids are 'action: seized' and the like (patrols.events.LABELS):
# Vietnamese comes from the catalog, English has no catalog to turn the key into words.
ENGLISH_WORDS = {
    "action: seized": "Seized", "action: abandoned": "Ownerless goods seized", "action: warned": "Warned",
    "action: referred": "Referred to the police", "id: cccd": "CCCD", "id: passport": "Passport",
    "id: none": "No papers", "stage: patrol": "Patrol", "stage: station": "Unit's office",
    "stage: warehouse": "Evidence store", "stage: disposal": "Disposal",
}


@bp.app_template_filter()
def patrol_word(code: str, kind: str) -> str:
    """An action, ID type or custody stage in the page's language; a code unknown here (a newer tablet's) as is."""
    key = f"{kind}: {code}"
    translated = _(key)
    return ENGLISH_WORDS.get(key, str(code)) if translated == key else translated


def tz() -> str:
    return current_app.config["TIMEZONE"]


def today() -> date:
    return local_today(tz())


def load_patrol(patrol_id: str) -> dict[str, Any]:
    record = patrols.get(get_db(), patrol_id)
    if not g.user.may_see_gate(record["gate"]):
        raise Forbidden()
    return record


def load_interception(interception_id: str) -> dict[str, Any]:
    record = patrols.interception(get_db(), interception_id)
    if not g.user.may_see_gate(record["gate"]):
        raise Forbidden()
    record["chains"] = [custody.chain(get_db(), goods["id"]) for goods in record["goods"] if goods["tag"]]
    record["flagged"] = any(c.flagged for c in record["chains"])
    return record


def interception_json(record: dict[str, Any]) -> dict[str, Any]:
    body = {k: v for k, v in record.items() if k != "chains"}
    body["custody"] = [c.as_dict() for c in record["chains"]]
    latest = violation_record.latest(get_db(), record["uuid"])
    body["violation_record"] = latest
    return body


# The msgid a check names a field by → the input its error is shown beside (a person's details read from the
# CCCD's QR have no input of their own: beside the name).
INPUTS = {
    "action taken": "action", "violation category": "violation", "vehicles": "vehicles", "trail or landmark": "place",
    "note": "note", "GPS position": "position", "latitude": "position", "longitude": "position",
    "GPS accuracy": "position", "goods": "goods", "persons": "persons", "photos": "photos", "handed to": "to_stage",
    "handed over by": "handed_by", "received by": "received_by", "place": "place", "companies": "companies",
}
ROW_INPUTS = {
    "name": "name", "ID type": "id_type", "ID number": "id_number", "nationality": "nationality",
    "date of birth": "name", "address": "name", "date of issue": "name", "phone": "phone", "description": "description",
    "kind of goods": "kind", "unit": "unit", "quantity": "quantity", "estimated value (VND)": "value_vnd",
}


def field_errors(exc: CheckpointError, inputs: dict[str, str] | None = None) -> dict[str, str]:
    """{input name: message} for an error about one field of a form; {} when it names none (it is flashed)."""
    params, message = exc.params, i18n.error_message(exc, select_lang())
    field = str(params.get("field", ""))
    if "row" in params and "what" in params:
        prefix, first = ("person", "name") if params["what"] == "Person" else ("goods", "description")
        return {f"{prefix}-{params['row'] - 1}-{ROW_INPUTS.get(field, first)}": message}
    if isinstance(exc, (ImageUnreadable, ImageTooLarge)):
        return {"photos": message}
    name = (inputs or INPUTS).get(field)
    return {name: message} if name else {}


def refuse(exc: CheckpointError, inputs: dict[str, str] | None = None) -> dict[str, str]:
    """What went wrong, beside its field where it names one, else at the top of the page."""
    errors = field_errors(exc, inputs)
    if not errors:
        flash(i18n.error_message(exc, select_lang()), "error")
    return errors


def form_rows(form: MultiDict[str, str], prefix: str, keys: tuple[str, ...], count: int) -> list[dict[str, str]]:
    return [{k: form.get(f"{prefix}-{i}-{k}", "") for k in keys} for i in range(count)]


def interception_input(form: MultiDict[str, str]) -> dict[str, Any]:
    """The page's form in the shape the API takes as JSON."""
    return {**{k: form.get(k, "") for k in ("action", "violation", "lat", "lon", "accuracy", "place",
                                              "place_note", "note")},
            "vehicles": form.get("vehicles", "").replace(",", "\n").splitlines(),
            "companies": form.get("companies", "").splitlines(),
            "persons": form_rows(form, "person", PERSON_KEYS, PERSON_ROWS),
            "goods": form_rows(form, "goods", GOODS_KEYS, GOODS_ROWS)}


def read_photos(files: list[FileStorage]) -> list[capture.Photo]:
    """Every photo checked before anything is saved: one unreadable file leaves everything as it was. Their
    number and headers are checked before any is decoded, and each is decoded alone and its pixels let go:
    evidence keeps the original bytes."""
    headers, refused = check_uploads(files)
    if refused:
        raise refused[0][1]
    return [capture.without_pixels(capture.decode(header)) for header in headers]


def save_photos(interception_id: str, photos: list[capture.Photo]) -> None:
    for photo in photos:
        capture.store(current_app.config["EVIDENCE_DIR"], photo)
        patrols.add_photo(get_db(), interception_id, photo, author=g.user.username)


def uploads() -> list[FileStorage]:
    return [f for f in request.files.getlist("photos") if f.filename]


def json_body() -> dict[str, Any]:
    body = request.get_json(silent=True)
    if not isinstance(body, dict):
        raise InvalidInput(field=N_("request"), problem=N_("expected a JSON object"))
    return body


def patrol_gate(requested: str | None) -> str:
    if g.user.role == "admin":
        if not requested:
            raise InvalidInput(field="gate", problem=N_("unknown gate code"))
        return requested
    return g.user.gate


def day_param() -> str:
    return (values.parse_date(request.args.get("date"), N_("date")) or today()).isoformat()


def map_of(tracks: list[list[tuple[float, float]]], interceptions: list[dict[str, Any]],
           gates: set[str]) -> patrol_map.Plot:
    """The plot with each interception numbered, and the gates and listed places around them.

    Spots are drawn in order: landmarks first, so an interception at a marker stays readable on top.
    """
    spots = []
    for gate in sorted(gates):
        row = get_db().execute("SELECT name, lat, lon FROM gates WHERE code = ?", [gate]).fetchone()
        if row is not None and row["lat"] is not None:
            spots.append(patrol_map.Spot(row["lat"], row["lon"], "gate", row["name"]))
        spots += [patrol_map.Spot(p.lat, p.lon, p.kind, p.name.split(" (")[0]) for p in patrols.places_near(gate)]
    spots += [patrol_map.Spot(t[0][0], t[0][1], "start", "") for t in tracks if t]
    spots += [patrol_map.Spot(i["lat"], i["lon"], "flagged" if i.get("flagged") else "interception", str(n),
                              url_for("patrols.interception", interception_id=i["uuid"]))
              for n, i in enumerate(interceptions, start=1) if i["lat"] is not None]
    return patrol_map.plot(tracks, spots)


# -- pages --------------------------------------------------------------------------------------

@bp.route("/patrols/")
@login_required(*VIEWING)
def index() -> Any:
    day = today().isoformat()
    found = patrols.for_day(get_db(), visible_gates(), day)
    return render_template("patrols/index.html", day=day, patrols=found, gates=setup.gates(get_db()),
                           sent=sync.sent(get_db(), [p["uuid"] for p in found]))


@bp.route("/patrols/start", methods=("POST",))
@login_required(*PATROLLING)
def start() -> Any:
    try:
        patrol_id = patrols.start(get_db(), patrol_gate(request.form.get("gate")),
                                  request.form.get("team", "").replace(",", "\n").splitlines(),
                                  author=g.user.username, tz=tz(), note=request.form.get("note", ""),
                                  device=patrols.parse_device(request.form.get("device")))
    except CheckpointError as exc:
        flash(i18n.error_message(exc, select_lang()), "error")
        return redirect(url_for("patrols.index"))
    return redirect(url_for("patrols.show", patrol_id=patrol_id))


@bp.route("/patrols/<patrol_id>")
@login_required(*VIEWING)
def show(patrol_id: str) -> Any:
    patrol = load_patrol(patrol_id)
    patrol["interceptions"] = [load_interception(i["uuid"]) for i in patrol["interceptions"]]
    return render_template("patrols/show.html", patrol=patrol, max_accuracy=current_app.config["TRACK_MAX_ACCURACY_M"],
                           plot=map_of([drawn(patrol["route"])], patrol["interceptions"], {patrol["gate"]}),
                           sent=sync.sent(get_db(), [patrol_id, *(i["uuid"] for i in patrol["interceptions"])]))


def drawn(route: list[dict[str, Any]]) -> list[tuple[float, float]]:
    """The route as the map draws it: positions flagged as out of reach are listed, never joined up."""
    return [(p["lat"], p["lon"]) for p in route if p["flag"] is None]


@bp.route("/patrols/<patrol_id>/device", methods=("POST",))
@login_required(*PATROLLING)
def take_over(patrol_id: str) -> Any:
    """This tablet draws the route from now on (the one that started the patrol is flat, lost or left behind)."""
    load_patrol(patrol_id)
    try:
        device = patrols.parse_device(request.form.get("device"))
        if device is None:
            raise InvalidInput(field=N_("device"), problem=N_("not a device id"))
        patrols.set_device(get_db(), patrol_id, device, author=g.user.username)
    except CheckpointError as exc:
        flash(i18n.error_message(exc, select_lang()), "error")
        return redirect(url_for("patrols.show", patrol_id=patrol_id))
    flash(_("This tablet now draws the patrol's route."), "info")
    return redirect(url_for("patrols.show", patrol_id=patrol_id))


@bp.route("/patrols/<patrol_id>/end", methods=("POST",))
@login_required(*PATROLLING)
def end(patrol_id: str) -> Any:
    load_patrol(patrol_id)
    patrols.end(get_db(), patrol_id, author=g.user.username)
    flash(_("Patrol ended."), "info")
    return redirect(url_for("patrols.show", patrol_id=patrol_id))


@bp.route("/patrols/<patrol_id>/interceptions/new", methods=("GET", "POST"))
@login_required(*PATROLLING)
def new_interception(patrol_id: str) -> Any:
    patrol = load_patrol(patrol_id)
    form: MultiDict[str, str] = request.form if request.method == "POST" else MultiDict()
    if request.method == "POST":
        try:
            new = patrols.parse_interception(interception_input(form), today(),
                                                 current_app.config["MAX_FORM_LINES"])
            photos = read_photos(uploads())
            interception_id = patrols.log_interception(get_db(), patrol_id, new, author=g.user.username, tz=tz())
        except CheckpointError as exc:
            return render_interception_form(patrol, form, refuse(exc)), exc.status
        save_photos(interception_id, photos)
        flash(_("Interception logged."), "info")
        return redirect(url_for("patrols.interception", interception_id=interception_id))
    return render_interception_form(patrol, form)


def render_interception_form(patrol: dict[str, Any], form: MultiDict[str, str],
                             errors: dict[str, str] | None = None) -> str:
    return render_template("patrols/interception_new.html", patrol=patrol, form=form, errors=errors or {},
                           places=patrols.places_near(patrol["gate"]), actions=patrols.ACTIONS,
                           violations=patrols.VIOLATIONS, kinds=patrols.GOODS_KINDS, id_types=patrols.ID_TYPES,
                           person_rows=PERSON_ROWS, goods_rows=GOODS_ROWS)


@bp.route("/patrols/interceptions/<interception_id>")
@login_required(*VIEWING)
def interception(interception_id: str) -> Any:
    return render_interception(interception_id, 200)


def render_interception(interception_id: str, status: int, form: MultiDict[str, str] | None = None,
                        errors: dict[str, str] | None = None) -> Any:
    record = load_interception(interception_id)
    encounters.catch_up(get_db(), CATCH_UP_PER_PAGE)
    return render_template("patrols/interception.html", interception=record, patrol=load_patrol(record["patrol"]),
                           earlier=earlier_encounters(record), indexing=encounters.waiting(get_db()),
                           sent=sync.sent(get_db(), [interception_id])[interception_id],
                           held=any(c.stage != "disposal" for c in record["chains"]),
                           violations=patrols.VIOLATIONS, errors=errors or {},
                           form=form or MultiDict(), record=violation_record.latest(get_db(), interception_id)), status


CATCH_UP_PER_PAGE = 2000
"""Records indexed for earlier encounters while one page waits: a tablet upgraded with years of records fills
the index over a few pages (about 1.5 s each on a loaded tablet) instead of stalling the first one."""


def earlier_encounters(record: dict[str, Any]) -> list[dict[str, Any]]:
    """Each person's and plate's earlier encounters on this tablet, at the gates this account may see:
    [{on: person|vehicle, row, label, found}] in the page's order."""
    found = encounters.of_interception(get_db(), record)
    labels = [("person", n, p["name"]) for n, p in enumerate(record["persons"], start=1)]
    labels += [("vehicle", n, plate) for n, plate in enumerate(record["vehicles"], start=1)]
    return [{"on": on, "row": row, "label": label,
             "found": [e for e in found[f"{on}-{row}"] if g.user.may_see_gate(e.gate)]} for on, row, label in labels]


MATCHED_ON = {"name": N_("the name"), "id_number": N_("the ID number"), "plate": N_("the plate number"),
              "phone": N_("the phone number"), "tax_code": N_("the tax code")}
FOUND_BY = {"id": N_("same ID number"), "name": N_("same name and birth year"), "plate": N_("same plate")}


@bp.app_template_filter()
def hit_on(code: str) -> str:
    """What a hit or an encounter is about (screening.ON) in the page's language."""
    return words(screening.ON, code)


@bp.app_template_filter()
def matched_on(code: str) -> str:
    return words(MATCHED_ON, code)


@bp.app_template_filter()
def listing_kind(code: str) -> str:
    return words(KIND_NAMES, code)


@bp.app_template_filter()
def found_by(code: str) -> str:
    return words(FOUND_BY, code)


@bp.app_template_filter()
def trail_place(code: str) -> str:
    """A trail or landmark's name in the page's language; a code unknown here as it is."""
    place = next((p for p in places() if p.code == code), None)
    if place is None:
        return code
    return place.name if select_lang() == "vi" else place.name_en


def interception_error(interception_id: str, exc: CheckpointError, form: MultiDict[str, str] | None = None) -> Any:
    """The interception page again, with what went wrong beside its field and the input kept; nothing was saved."""
    return render_interception(interception_id, exc.status, form, refuse(exc))


@bp.route("/patrols/interceptions/<interception_id>/photos", methods=("POST",))
@login_required(*PATROLLING)
def add_photos(interception_id: str) -> Any:
    load_interception(interception_id)
    try:
        if not uploads():
            raise InvalidInput(field=N_("photos"), problem=N_("choose at least one photo"))
        photos = read_photos(uploads())
    except CheckpointError as exc:
        return interception_error(interception_id, exc)
    save_photos(interception_id, photos)
    flash(_("%(count)d photo(s) added.", count=len(photos)), "info")
    return redirect(url_for("patrols.interception", interception_id=interception_id))


@bp.route("/patrols/interceptions/<interception_id>/photos/<sha256>")
@login_required(*VIEWING)
def photo(interception_id: str, sha256: str) -> Any:
    record = load_interception(interception_id)
    match = next((p for p in record["photos"] if p["sha256"] == sha256), None)
    if match is None:
        abort(404)
    return send_file(capture.evidence_path(current_app.config["EVIDENCE_DIR"], sha256),
                     mimetype=match["media_type"], max_age=0)


@bp.route("/patrols/interceptions/<interception_id>/tags")
@login_required(*VIEWING)
def tags(interception_id: str) -> Any:
    record = load_interception(interception_id)
    labels = [(goods, custody.tag_svg(goods["tag"])) for goods in record["goods"] if goods["tag"]]
    return render_template("patrols/tags.html", interception=record, labels=labels)


@bp.route("/patrols/evidence/<tag>")
@login_required(*VIEWING)
def evidence(tag: str) -> Any:
    chain = custody.chain_by_tag(get_db(), tag)
    if chain.goods["source"] != "interception":
        return redirect(url_for("custody.evidence", tag=tag))  # a gate seizure's tag
    record = load_interception(chain.goods["interception"])
    return render_template("patrols/evidence.html", chain=chain, interception=record,
                           qr=custody.tag_svg(chain.goods["tag"]))


@bp.route("/patrols/interceptions/<interception_id>/record", methods=("GET", "POST"))
@login_required(*VIEWING)
def record(interception_id: str) -> Any:
    interception_row = load_interception(interception_id)
    if request.method == "POST":
        if g.user.role not in PATROLLING + ("admin",):
            raise Forbidden()
        try:
            violation_record.make(get_db(), interception_id, request.form.to_dict(), author=g.user.username,
                                  tz=tz())
        except CheckpointError as exc:
            errors = refuse(exc, {f.label: f.name for f in violation_record.FIELDS})
            return render_record_form(interception_row, request.form.to_dict(), errors=errors), exc.status
        flash(_("Record of violation saved."), "info")
        return redirect(url_for("patrols.record", interception_id=interception_id))
    latest = violation_record.latest(get_db(), interception_id)
    return render_record_form(interception_row, latest["fields"] if latest else prefilled(interception_row), latest)


def prefilled(interception_row: dict[str, Any]) -> dict[str, str]:
    patrol = load_patrol(interception_row["patrol"])
    # The issuing agency (a border-guard post), never the gate; the officer by rank and full name.
    agency = violation_record.issuing_agency(interception_row["gate"], g.user.role)
    # A corrected record keeps the number of the one it supersedes.
    latest = violation_record.latest(get_db(), interception_row["uuid"])
    number = latest["number"] if latest else violation_record.next_number(get_db(), interception_row["uuid"], tz())
    maker = violation_record.maker_of(get_db(), g.user.username)
    return violation_record.prefill(interception_row, patrol, maker=maker, unit=agency.name_vi if agency else "",
                                    tz=tz(), number=number)


def render_record_form(interception_row: dict[str, Any], values: dict[str, str],
                       latest: dict[str, Any] | None = None, errors: dict[str, str] | None = None) -> str:
    return render_template("patrols/record.html", interception=interception_row, values=values, errors=errors or {},
                           fields=violation_record.FIELDS, parts=violation_record.PARTS, latest=latest)


@bp.route("/patrols/interceptions/<interception_id>/record.pdf")
@login_required(*VIEWING)
def record_pdf(interception_id: str) -> Any:
    interception_row = load_interception(interception_id)
    latest = violation_record.latest(get_db(), interception_id)
    if latest is None:
        abort(404)
    # HTTP headers are Latin-1: the plain name is ASCII (Đ as D, other letters without their marks), and
    # the number as typed travels in filename* (RFC 6266).
    number = "".join(c if c.isalnum() else "-" for c in latest["number"])
    plain = unicodedata.normalize("NFKD", number.replace("Đ", "D").replace("đ", "d")).encode("ascii", "ignore")
    body = violation_record.pdf(latest, interception_row, ledger.head_text(get_db()))
    return Response(body, mimetype="application/pdf",
                    headers={"Content-Disposition": f'inline; filename="bien-ban-{plain.decode()}.pdf";'
                                                    f" filename*=UTF-8''bien-ban-{quote(number)}.pdf"})


@bp.route("/patrols/map")
@login_required(*VIEWING)
def day_map() -> Any:
    day = day_param()
    day_interceptions = [load_interception(i["uuid"])
                         for i in patrols.interceptions_of_day(get_db(), visible_gates(), day)]
    day_patrols = [patrols.get(get_db(), p["uuid"]) for p in patrols.for_day(get_db(), visible_gates(), day)]
    tracks = [drawn(patrol["route"]) for patrol in day_patrols]
    gates = {i["gate"] for i in day_interceptions} | {p["gate"] for p in day_patrols} or \
        ({g.user.gate} if g.user.gate else set())
    return render_template("patrols/map.html", day=day, interceptions=day_interceptions,
                           plot=map_of(tracks, day_interceptions, gates))


# -- JSON API -----------------------------------------------------------------------------------

@bp.route("/api/v1/patrols", methods=("POST",))
@login_required(*PATROLLING)
def api_start() -> Any:
    """Starts a patrol at the account's gate: {team: [names], note}; the account is the leader."""
    body = json_body()
    team = body.get("team") or []
    if not isinstance(team, list):
        raise InvalidInput(field=N_("team"), problem=N_("expected a list of names"))
    patrol_id = patrols.start(get_db(), patrol_gate(str(body.get("gate") or "")), [str(m) for m in team],
                              author=g.user.username, tz=tz(), note=str(body.get("note") or ""),
                              device=patrols.parse_device(body.get("device")))
    return patrols.get(get_db(), patrol_id), 201


@bp.route("/api/v1/patrols")
@login_required(*VIEWING)
def api_day() -> Any:
    """The patrols of one day (?date=YYYY-MM-DD, default today) at the gates this account may see."""
    day = day_param()
    return {"date": day, "patrols": patrols.for_day(get_db(), visible_gates(), day)}


@bp.route("/api/v1/patrols/<patrol_id>")
@login_required(*VIEWING)
def api_patrol(patrol_id: str) -> Any:
    """One patrol with its route and its interceptions, custody chains and records."""
    patrol = load_patrol(patrol_id)
    patrol["interceptions"] = [interception_json(load_interception(i["uuid"])) for i in patrol["interceptions"]]
    return patrol


@bp.route("/api/v1/patrols/<patrol_id>/track", methods=("POST",))
@login_required(*PATROLLING)
def api_track(patrol_id: str) -> Any:
    """Adds GPS positions {points: [{lat, lon, accuracy, at}], device} to the route, from the patrol's tracking
    device only; positions already known are skipped, those less accurate than TRACK_MAX_ACCURACY_M dropped,
    those out of reach at TRACK_MAX_SPEED_KMH kept flagged and left off the route."""
    load_patrol(patrol_id)
    body = json_body()
    result = patrols.add_points(get_db(), patrol_id, patrols.parse_points(body.get("points")),
                                author=g.user.username, limits=track_limits(),
                                device=patrols.parse_device(body.get("device")))
    return {"ok": True, "stored": result.stored, "dropped": result.dropped, "flagged": result.flagged}


def track_limits() -> patrols.TrackLimits:
    return patrols.TrackLimits(max_accuracy_m=float(current_app.config["TRACK_MAX_ACCURACY_M"]),
                               max_speed_kmh=float(current_app.config["TRACK_MAX_SPEED_KMH"]))


@bp.route("/api/v1/patrols/<patrol_id>/end", methods=("POST",))
@login_required(*PATROLLING)
def api_end(patrol_id: str) -> Any:
    """Ends the patrol: no more positions or interceptions."""
    load_patrol(patrol_id)
    patrols.end(get_db(), patrol_id, author=g.user.username)
    return load_patrol(patrol_id)


@bp.route("/api/v1/patrols/<patrol_id>/interceptions", methods=("POST",))
@login_required(*PATROLLING)
def api_log(patrol_id: str) -> Any:
    """Logs an interception: action, violation, GPS, place, persons, vehicles, goods; seized goods get tags."""
    load_patrol(patrol_id)
    new = patrols.parse_interception(json_body(), today(), current_app.config["MAX_FORM_LINES"])
    interception_id = patrols.log_interception(get_db(), patrol_id, new, author=g.user.username, tz=tz())
    return interception_json(load_interception(interception_id)), 201


@bp.route("/api/v1/patrols/interceptions")
@login_required(*VIEWING)
def api_interceptions() -> Any:
    """The interceptions of one day (?date=YYYY-MM-DD, default today) at the gates this account may see."""
    day = day_param()
    return {"date": day, "interceptions": [interception_json(load_interception(i["uuid"])) for i in
                                           patrols.interceptions_of_day(get_db(), visible_gates(), day)]}


@bp.route("/api/v1/patrols/interceptions/<interception_id>")
@login_required(*VIEWING)
def api_interception(interception_id: str) -> Any:
    """One interception with its persons, goods, photos, custody chains (flagged gaps) and record."""
    return interception_json(load_interception(interception_id))


@bp.route("/api/v1/patrols/interceptions/<interception_id>/photos", methods=("POST",))
@login_required(*PATROLLING)
def api_photos(interception_id: str) -> Any:
    """Adds photos (multipart field `photos`) as evidence; one unreadable file saves none."""
    load_interception(interception_id)
    if not uploads():
        raise InvalidInput(field=N_("photos"), problem=N_("choose at least one photo"))
    save_photos(interception_id, read_photos(uploads()))
    return interception_json(load_interception(interception_id)), 201


@bp.route("/api/v1/patrols/interceptions/<interception_id>/handovers", methods=("POST",))
@login_required(*PATROLLING)
def api_handover(interception_id: str) -> Any:
    """Offers tagged goods to the next stage {to_stage, receiver, place, note, items: [{tag, quantity_handed}]}:
    the receiver, an account, confirms on their own account what they counted (/custody/handovers)."""
    load_interception(interception_id)
    body = json_body()
    items = body.get("items")
    if not isinstance(items, list) or not all(isinstance(i, dict) for i in items):
        raise InvalidInput(field=N_("goods"), problem=N_("choose at least one tagged item"))
    tags = {goods["tag"] for goods in load_interception(interception_id)["goods"] if goods["tag"]}
    lines = []
    for item in items:
        tag = str(item.get("tag") or "").strip().upper()
        if tag not in tags:
            raise InvalidInput(field=N_("evidence tag"), problem=N_("not one of this interception's tags"))
        lines.append((tag, parse_quantity(item.get("quantity_handed"), N_("quantity handed over"))))
    custody.offer(get_db(), interception_id, str(body.get("to_stage") or ""), lines,
                  receiver=str(body.get("receiver") or ""), place=str(body.get("place") or ""),
                  note=str(body.get("note") or ""), author=g.user.username)
    return interception_json(load_interception(interception_id)), 201


@bp.route("/api/v1/patrols/evidence/<tag>")
@login_required(*VIEWING)
def api_evidence(tag: str) -> Any:
    """The custody chain of one evidence tag, with every quantity that does not add up."""
    chain = custody.chain_by_tag(get_db(), tag)
    load_interception(chain.goods["interception"])
    return chain.as_dict()


@bp.route("/api/v1/patrols/interceptions/<interception_id>/record", methods=("POST",))
@login_required(*PATROLLING)
def api_record(interception_id: str) -> Any:
    """The record pre-filled from the interception, with whatever `fields` the client sends on top."""
    record_row = load_interception(interception_id)
    fields = json_body().get("fields") or {}
    if not isinstance(fields, dict):
        raise InvalidInput(field=N_("fields"), problem=N_("expected a JSON object"))
    violation_record.make(get_db(), interception_id, {**prefilled(record_row), **fields}, author=g.user.username,
                          tz=tz())
    return violation_record.latest(get_db(), interception_id), 201


@bp.route("/api/v1/patrols/interceptions/<interception_id>/record.pdf")
@login_required(*VIEWING)
def api_record_pdf(interception_id: str) -> Any:
    """The latest record of administrative violation of the interception, as PDF."""
    return record_pdf(interception_id=interception_id)

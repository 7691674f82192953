"""Headquarters' console: the pages `checkpoint hub serve` shows to the people who read the province's figures.

Its own accounts (accounts.py); every page names the roles that may open it and reads only the units of the
account; forms carry a CSRF token; the tablet's security headers. Vietnamese first, the same catalogs.
"""
from __future__ import annotations

import csv
import functools
import json
import secrets
import time
from collections.abc import Callable
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

from flask import (
    Blueprint,
    Flask,
    Response,
    abort,
    current_app,
    flash,
    g,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask_babel import Babel
from flask_babel import gettext as _
from flask_wtf.csrf import CSRFProtect

from .. import cases, headers, i18n, units, values
from ..clock import local_time, local_today, utc_iso
from ..errors import N_, CheckpointError, Forbidden, InvalidInput, NotFound
from ..ledger import signing
from ..reports import export389, periods, report389
from ..settings import DATA_DIR
from . import accounts, figures
from .receiver import Hub
from .store import Store

bp = Blueprint("console", __name__, url_prefix="/console")
csrf = CSRFProtect()
babel = Babel()
TIMEZONE = "Asia/Ho_Chi_Minh"
EVERYONE = accounts.ROLES
PROVINCE = ("secretariat", "auditor", "admin")
PAGE_SIZE = 200
IDLE_MINUTES = 30
"""A session unused this long is ended."""
WATCHLIST_MAX_BYTES = 5_000_000


def init_console(app: Flask, store: Callable[[], Store], hub: Callable[[], Hub], secret_path: Path,
                 password_hash_cost: str) -> None:
    """Plugs the console into the hub's app: sessions, CSRF, the catalogs, the security headers."""
    if not secret_path.exists():
        secret_path.write_text(secrets.token_hex(32))
        secret_path.chmod(0o600)
    # The sync API is signed by devices, not sessions: only the console's own forms carry a CSRF token.
    app.config.update(SECRET_KEY=secret_path.read_text().strip(), SESSION_COOKIE_HTTPONLY=True,
                      SESSION_COOKIE_SAMESITE="Lax", SESSION_COOKIE_NAME="hub_session", WTF_CSRF_CHECK_DEFAULT=False)
    app.extensions["console"] = {"store": store, "hub": hub, "hashing": accounts.Hashing(password_hash_cost)}
    csrf.init_app(app)
    babel.init_app(app, locale_selector=_locale, default_translation_directories=str(i18n.TRANSLATIONS_DIR),
                   default_timezone=TIMEZONE)
    app.jinja_env.globals.update(get_locale=_locale, unit_name=_unit_name, force_name=_force_name,
                                 category_name=_category_name, role_name=_role_name, vnd=_vnd,
                                 event_name=_event_name)
    app.jinja_env.filters["local_time"] = _local_time
    app.register_blueprint(bp)

    @app.get("/")
    def root() -> Any:
        return redirect(url_for("console.figures_page"))

    app.after_request(headers.secure)


def _store() -> Store:
    return current_app.extensions["console"]["store"]()


def _hub() -> Hub:
    return current_app.extensions["console"]["hub"]()


def _locale() -> str:
    chosen = session.get("lang")
    return chosen if chosen in i18n.LANGUAGES else "vi"


def _unit_name(code: str) -> str:
    found = units.all_units().get(code)
    return found.name(_locale()) if found else (code or _("(no unit)"))


def _force_name(force: str | None) -> str:
    return units.force_name(force, _locale()) if force in units.FORCES else _("All forces")


def _category_name(category: int | None) -> str:
    return cases.category_name(category, _locale()) if category in cases.CATEGORIES else _("Not yet classified")


def _role_name(role: str) -> str:
    return i18n.translate(accounts.ROLE_NAMES.get(role, role), _locale())


def _vnd(value: int | None) -> str:
    return "" if value is None else f"{value:,}".replace(",", ".")


def _local_time(utc_text: str | None) -> str:
    """An ISO UTC time as the reader's clock in Lạng Sơn shows it: dd/mm/yyyy HH:MM."""
    if not utc_text:
        return ""
    try:
        return local_time(utc_text, TIMEZONE).strftime("%d/%m/%Y %H:%M")
    except ValueError:
        return utc_text


EVENT_NAMES = {
    "inspection.started": N_("inspection started"), "inspection.photo_added": N_("photo added"),
    "inspection.checked": N_("checks run"), "inspection.field_corrected": N_("reading corrected by the officer"),
    "inspection.verdict": N_("verdict recorded"), "event.corrected": N_("record corrected"),
    "event.voided": N_("record voided"), "interception.logged": N_("interception logged"),
    "interception.photo_added": N_("photo added"), "custody.handed_over": N_("goods handed over"),
    "violation_record.made": N_("record of violation made"),
}
"""What the case's log calls each kind of event; others show their code."""


def _event_name(event_type: str) -> str:
    return i18n.translate(EVENT_NAMES[event_type], _locale()) if event_type in EVENT_NAMES else event_type


@bp.before_request
def protect_forms() -> None:
    if request.method == "POST":
        csrf.protect()


@bp.before_app_request
def load_user() -> None:
    g.user = None
    session_id = session.get("sid")
    if not session_id or "console" not in current_app.extensions:
        return
    if time.time() - session.get("seen", 0) > IDLE_MINUTES * 60:
        # A console left open on a desk ends like the tablet's: the session is closed at the hub, not only here.
        accounts.end_session(_store(), session_id)
        session.pop("sid", None)
        return
    g.user = accounts.session_user(_store(), session_id)
    if g.user is None:
        session.pop("sid", None)
        return
    session["seen"] = time.time()


def page(*roles: str) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """A console page: signed in, and one of `roles`."""
    def decorator(view: Callable[..., Any]) -> Callable[..., Any]:
        @functools.wraps(view)
        def wrapped(**kwargs: Any) -> Any:
            if g.user is None:
                return redirect(url_for("console.login", next=request.path))
            if g.user.role not in roles:
                raise Forbidden()
            return view(**kwargs)
        wrapped.roles = roles  # type: ignore[attr-defined]
        return wrapped
    return decorator


@bp.errorhandler(CheckpointError)
def checkpoint_error(exc: CheckpointError) -> Any:
    return render_template("hub/error.html", message=i18n.error_message(exc, _locale())), exc.status


@bp.route("/login", methods=("GET", "POST"))
def login() -> Any:
    if request.method == "POST":
        username = request.form.get("username", "").strip()[:64]
        try:
            user = accounts.authenticate(_store(), current_app.extensions["console"]["hashing"], username,
                                         request.form.get("password", ""))
        except CheckpointError as exc:
            flash(i18n.error_message(exc, _locale()), "error")
            return render_template("hub/login.html", username=username), exc.status
        lang = session.get("lang")
        session.clear()
        session.update(sid=accounts.start_session(_store(), user), seen=time.time(), **({"lang": lang} if lang else {}))
        target = request.args.get("next", "")
        return redirect(target if target.startswith("/console/") and "//" not in target
                        else url_for("console.figures_page"))
    return render_template("hub/login.html", username="")


@bp.post("/logout")
def logout() -> Any:
    if session.get("sid"):
        accounts.end_session(_store(), session["sid"])
    session.pop("sid", None)
    return redirect(url_for("console.login"))


@bp.post("/language/<lang>")
def language(lang: str) -> Any:
    if lang in i18n.LANGUAGES:
        session["lang"] = lang
    target = request.form.get("next", "")
    return redirect(target if target.startswith("/console/") and "//" not in target else url_for("console.login"))


# -- the figures and the 389 report ------------------------------------------------------------------------------

def _period() -> periods.Period:
    kind = request.args.get("kind", "month")
    day = values.parse_date(request.args.get("day"), N_("day")) or local_today(TIMEZONE)
    if kind not in periods.KINDS:
        raise InvalidInput(field=N_("period"), problem=N_("unknown kind of period"))
    return periods.period(kind, day, current_app.config.get("REPORT_CUTOFF_DAY", 1), request.args.get("campaign", ""))


def _reported_unit() -> str | None:
    """The unit asked for, if the account may read it; else the account's own one unit, or all for the province."""
    asked = request.args.get("unit", "")
    if asked:
        if asked not in units.all_units() or not g.user.may_see(asked):
            raise Forbidden()
        return asked
    if g.user.everywhere:
        return None
    return g.user.units[0]


@bp.get("/")
@page(*EVERYONE)
def figures_page() -> Any:
    period = _period()
    scope = g.user.scope()
    rows = figures.counter(_store())(period.start, period.end, scope)
    by_unit: dict[tuple[str, str], dict[Any, Any]] = {}
    for row in rows:
        cell = by_unit.setdefault((row.force, row.unit), {})
        cell[row.category] = report389.add(cell.get(row.category, report389.Figures()), row.figures)
    ordered = sorted(by_unit.items(), key=lambda item: (list(units.FORCES).index(item[0][0]), item[0][1]))
    totals: dict[Any, Any] = {}
    for _key, cells in ordered:
        for category, value in cells.items():
            totals[category] = report389.add(totals.get(category, report389.Figures()), value)
    return render_template("hub/figures.html", period=period, rows=ordered, totals=totals,
                           categories=[*cases.CATEGORIES, None], kinds=periods.KINDS, kind_names=periods.KIND_NAMES)


@bp.get("/report")
@page(*EVERYONE)
def report_page() -> Any:
    period = _period()
    report = _report(period)
    units_offered = [u for u in units.reporting() if g.user.may_see(u.code)]
    # On screen, a force with no case in any column is named once, not drawn as eight rows of zeros; the exports
    # keep every row.
    shown = [f for f in report.forces if _has_cases(report, f)]
    last = _store().execute("SELECT fingerprint, username, exported_utc FROM hub_report_exports WHERE unit = ?"
                            " AND start_date = ? AND end_date = ? ORDER BY exported_utc DESC LIMIT 1",
                            [report.unit.code if report.unit else "", period.start.isoformat(),
                             period.end.isoformat()]).fetchone()
    changed = last if last is not None and last[0] != report.fingerprint() else None
    return render_template("hub/report.html", report=report, period=period, units_offered=units_offered,
                           kinds=periods.KINDS, kind_names=periods.KIND_NAMES, columns=report389.COLUMNS,
                           shown=shown, empty=[f for f in report.forces if f not in shown], changed=changed,
                           today=local_today(TIMEZONE))


def _report(period: periods.Period) -> report389.Report389:
    return report389.build(figures.counter(_store()), _reported_unit(), period, unsynced=_unsynced(period),
                           waiting=figures.waiting(_store()))


def _has_cases(report: report389.Report389, force: str) -> bool:
    return any(line.force == force and any(cells and cells.cases for cells in line.columns.values())
               for line in report.lines())


EXPORTS = {"csv": "text/csv", "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
           "pdf": "application/pdf"}


@bp.get("/report.<fmt>")
@page(*EVERYONE)
def report_export(fmt: str) -> Any:
    """The report as the report's own exports write it (reports.export389), for the unit and period shown."""
    if fmt not in EXPORTS:
        abort(404)
    period = _period()
    report = _report(period)
    data = export389.render(report, fmt, export389.Heading(day=local_today(TIMEZONE)))
    with _store().transaction() as store:
        store.execute("INSERT INTO hub_report_exports (unit, kind, start_date, end_date, fingerprint, fmt, username,"
                      " exported_utc) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                      [report.unit.code if report.unit else "", period.kind, period.start.isoformat(),
                       period.end.isoformat(), report.fingerprint(), fmt, g.user.username, utc_iso()])
    name = f"bao-cao-389-{period.start:%Y%m%d}-{period.end:%Y%m%d}.{fmt}"
    return Response(data, mimetype=EXPORTS[fmt], headers={"Content-Disposition": f'attachment; filename="{name}"'})


def _unsynced(period: periods.Period) -> list[report389.Unsynced]:
    """Tablets whose work in the period may be missing: not heard from since the period closed, or, while it runs,
    not yet today."""
    today = local_today(TIMEZONE)
    found = []
    for device_id, last_seen in _store().execute("SELECT device_id, last_seen_utc FROM devices"
                                                 " ORDER BY device_id").fetchall():
        unit = _device_unit(device_id)
        if unit and not g.user.may_see(unit):
            continue
        seen = _datetime(last_seen)
        seen_day = local_time(last_seen, TIMEZONE).date() if last_seen else None
        if seen_day is not None and (seen_day > period.end or (period.end >= today and seen_day >= today)):
            continue
        found.append(report389.Unsynced(device_id, _device_label(device_id, unit), seen))
    return found


def _device_unit(device_id: str) -> str:
    """The unit headquarters gave the tablet, else the one most of its cases count for ("" if none yet)."""
    row = _store().execute("SELECT unit FROM device_units WHERE device_id = ?", [device_id]).fetchone() or \
        _store().execute("SELECT unit FROM hub_cases WHERE device_id = ? GROUP BY unit ORDER BY COUNT(*) DESC"
                         " LIMIT 1", [device_id]).fetchone()
    return row[0] if row else ""


def _device_label(device_id: str, unit: str) -> str:
    short = device_id[:8]
    return f"{_unit_name(unit)} ({short})" if unit else short


def _datetime(text: str | None) -> datetime | None:
    if not text:
        return None
    moment = datetime.fromisoformat(text)
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


# -- cases -------------------------------------------------------------------------------------------------------

def search_filter(scope: list[str] | None, text: str, start: date | None, end: date | None,
                  unit: str) -> tuple[str, list[Any]]:
    """The WHERE clause of a case search: the account's units, words found in the case's text (plate, party, tax
    code, goods: each word must be found), the local dates, one unit."""
    where, params = ["1 = 1"], []
    if scope is not None:
        if not scope:
            return "1 = 0", []
        where.append(f"unit IN ({', '.join('?' * len(scope))})")
        params += scope
    for word in text.casefold().split()[:8]:
        escaped = word.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
        where.append("search LIKE ? ESCAPE '\\'")
        params.append(f"%{escaped}%")
    if start:
        where.append("local_date >= ?")
        params.append(start.isoformat())
    if end:
        where.append("local_date <= ?")
        params.append(end.isoformat())
    if unit:
        where.append("unit = ?")
        params.append(unit)
    return " AND ".join(where), params


@bp.get("/cases")
@page(*EVERYONE)
def cases_page() -> Any:
    args = request.args
    start = values.parse_date(args["from"], N_("from")) if args.get("from") else None
    end = values.parse_date(args["to"], N_("to")) if args.get("to") else None
    unit = args.get("unit", "")
    if unit and not g.user.may_see(unit):
        raise Forbidden()
    where, params = search_filter(g.user.scope(), args.get("q", "")[:200], start, end, unit)
    rows = _store().execute(
        "SELECT device_id, id, source, unit, force, local_date, category, subtype, goods, goods_value_vnd, fine_vnd,"
        f" criminal, counted, tag FROM hub_cases WHERE {where} ORDER BY local_date DESC, recorded_utc DESC LIMIT ?",
        [*params, PAGE_SIZE + 1]).fetchall()
    names = ("device_id", "id", "source", "unit", "force", "local_date", "category", "subtype", "goods",
             "goods_value_vnd", "fine_vnd", "criminal", "counted", "tag")
    found = [dict(zip(names, r)) for r in rows]
    return render_template("hub/cases.html", cases=found[:PAGE_SIZE], more=len(found) > PAGE_SIZE,
                           units_offered=[u for u in units.reporting() if g.user.may_see(u.code)], args=args)


def _case(device_id: str, case_id: str) -> dict[str, Any]:
    row = _store().execute("SELECT * FROM hub_cases WHERE device_id = ? AND id = ?", [device_id, case_id])
    names = [d[0] for d in row.description]
    found = row.fetchone()
    if found is None:
        raise NotFound()
    case = dict(zip(names, found))
    if not g.user.may_see(case["unit"]):
        raise Forbidden()
    return case


@bp.get("/cases/<device_id>/<case_id>")
@page(*EVERYONE)
def case_page(device_id: str, case_id: str) -> Any:
    case = _case(device_id, case_id)
    tables: dict[str, list[dict[str, Any]]] = {}
    for tbl, text in _store().execute("SELECT tbl, row FROM hub_rows WHERE device_id = ? AND subject = ?",
                                      [device_id, case_id]).fetchall():
        tables.setdefault(tbl, []).append(_decoded(json.loads(text)))
    log = [dict(zip(("seq", "type", "created_utc", "author"), r)) for r in _store().execute(
        "SELECT seq, type, created_utc, author FROM events WHERE device_id = ? AND subject = ? ORDER BY seq",
        [device_id, case_id]).fetchall()]
    return render_template("hub/case.html", case=case, tables=tables, log=log,
                           subtype=cases.subtypes().get(case["subtype"] or ""))


def _decoded(row: dict[str, Any]) -> dict[str, Any]:
    """The projected row with its JSON columns (plates, persons, documents…) read back."""
    for key in ("plates", "persons", "vehicles", "document", "codes", "fields", "message", "evidence",
                "risk_reasons", "team"):
        if isinstance(row.get(key), str):
            try:
                row[key] = json.loads(row[key])
            except ValueError:
                pass
    return row


@bp.get("/cases/<device_id>/<case_id>/photos/<sha256>")
@page(*EVERYONE)
def photo(device_id: str, case_id: str, sha256: str) -> Any:
    """A photo of the case exactly as the tablet uploaded it."""
    _case(device_id, case_id)
    media_type = None
    for (text,) in _store().execute("SELECT row FROM hub_rows WHERE device_id = ? AND subject = ?"
                                    " AND tbl IN ('photos', 'interception_photos')", [device_id, case_id]).fetchall():
        row = json.loads(text)
        if row.get("sha256") == sha256:
            media_type = row.get("media_type")
    data = _hub().evidence(sha256) if media_type else None
    if data is None:
        abort(404)
    return Response(data, mimetype=media_type if media_type in ("image/jpeg", "image/png", "image/webp")
                    else "application/octet-stream")


# -- devices, C/O reuse, watchlists ------------------------------------------------------------------------------

def _device_units() -> dict[str, str]:
    return dict(_store().execute("SELECT device_id, unit FROM device_units").fetchall())


def _visible_devices() -> list[str]:
    """Every device for the province; for an account of some units, the tablets given to them or whose cases
    count for them."""
    scope = g.user.scope()
    devices = _hub().devices()
    if scope is None:
        return devices
    assigned = _device_units()
    counted = {r[0] for r in _store().execute(
        f"SELECT DISTINCT device_id FROM hub_cases WHERE unit IN ({', '.join('?' * len(scope))})", scope).fetchall()}
    return [d for d in devices if assigned.get(d) in scope or (d not in assigned and d in counted)]


@bp.get("/devices")
@page(*PROVINCE)
def devices_page() -> Any:
    """Every tablet at a glance from what the hub keeps of it (its head, what it holds, its alerts): each batch's
    chain was checked when it arrived; walking a whole chain again is the tablet's own page."""
    store = _store()
    visible = set(_visible_devices())
    held = dict(store.execute("SELECT device_id, COUNT(*) FROM events GROUP BY device_id").fetchall())
    alerts: dict[str, list[dict[str, Any]]] = {}
    for device_id, kind, created in store.execute("SELECT device_id, kind, created_utc FROM alerts"
                                                  " ORDER BY id").fetchall():
        alerts.setdefault(device_id, []).append({"kind": kind, "created_utc": created})
    found = []
    for row in store.execute("SELECT device_id, public_key, last_seen_utc, contiguous_seq, head_seq, head_hash,"
                             " head_signed_utc, head_signature FROM devices ORDER BY device_id").fetchall():
        device_id, public_key, last_seen, contiguous, head_seq, head_hash, head_signed, head_signature = row
        if device_id not in visible:
            continue
        signed = head_seq is not None and signing.is_valid(public_key, head_signature, signing.message(
            signing.HEAD, device_id, head_seq, head_hash, head_signed))
        found.append({"device_id": device_id, "unit": _device_unit(device_id), "last_seen_utc": last_seen,
                      "events": held.get(device_id, 0), "contiguous_seq": contiguous,
                      "waiting": max((head_seq or 0) - contiguous, 0), "head_signed": signed,
                      "gaps": held.get(device_id, 0) != contiguous, "alerts": alerts.get(device_id, []),
                      "recent_alerts": alerts.get(device_id, [])[-3:]})
    return render_template("hub/devices.html", devices=found)


@bp.get("/devices/<device_id>")
@page(*PROVINCE)
def device_page(device_id: str) -> Any:
    """One tablet's chain walked whole as stored here: gaps, the first broken link, its head, its alerts."""
    if device_id not in _visible_devices():
        raise NotFound()
    status = _hub().chain_status(device_id)
    if status is None:
        raise NotFound()
    return render_template("hub/device.html", device=status, unit=_device_unit(device_id))


@bp.get("/co-reuse")
@page(*PROVINCE)
def co_reuse_page() -> Any:
    scope = g.user.scope()
    gates = None if scope is None else {gate for code in scope for gate in units.get(code).gates}
    references = [r for r in _hub().co_reuse() if gates is None or set(r["gates"]) & gates]
    cases_of = {(r[0], r[1]): r[2] for r in _store().execute("SELECT device_id, id, local_date FROM hub_cases"
                                                             " WHERE source = 'inspection'").fetchall()} \
        if references else {}
    for reference in references:
        for use in reference["uses"]:
            use["case_date"] = cases_of.get((use["device_id"], use["inspection"]))
    return render_template("hub/co_reuse.html", references=references, gate_names=_gate_names())


def _gate_names() -> dict[str, str]:
    with open(DATA_DIR / "gates.csv", encoding="utf-8") as f:
        return {row["code"]: row["name"] if _locale() == "vi" else row["name_en"] for row in csv.DictReader(f)}


def _rows_of(text: str, fmt: str) -> set[str]:
    """A watchlist's entries as comparable lines: CSV rows re-joined without the header, or JSON lines as given."""
    lines = [line.strip() for line in text.lstrip("\ufeff").splitlines() if line.strip()]
    if fmt == "csv":
        lines = lines[1:]
    return set(lines)


def watchlist_diff(current: str | None, new: str, fmt: str) -> tuple[list[str], list[str], int]:
    """(entries added, entries removed, entries kept) of the new text against the version in force."""
    before, after = _rows_of(current or "", fmt), _rows_of(new, fmt)
    return sorted(after - before), sorted(before - after), len(after & before)


@bp.route("/watchlists", methods=("GET", "POST"))
@page("admin")
def watchlists_page() -> Any:
    store = _store()
    published = [dict(zip(("version", "list", "fmt", "published_utc"), r)) for r in store.execute(
        "SELECT version, list, fmt, published_utc FROM watchlists ORDER BY published_utc DESC LIMIT 50").fetchall()]
    preview = None
    if request.method == "POST":
        name = request.form.get("list", "").strip()[:64]
        fmt = request.form.get("fmt", "csv")
        upload = request.files.get("file")
        text = upload.read(WATCHLIST_MAX_BYTES + 1).decode("utf-8", "replace") if upload else \
            request.form.get("text", "")
        if not name or fmt not in ("csv", "jsonl") or not text.strip() or len(text) > WATCHLIST_MAX_BYTES:
            flash(_("Name the list and choose a CSV or JSON-lines file of at most 5 MB."), "error")
            return render_template("hub/watchlists.html", published=published, preview=None), 422
        current = store.execute("SELECT text FROM watchlists WHERE list = ? ORDER BY published_utc DESC LIMIT 1",
                                [name]).fetchone()
        added, removed, kept = watchlist_diff(current[0] if current else None, text, fmt)
        if request.form.get("action") == "publish":
            version = _hub().publish_watchlist(name, text, fmt)
            flash(_("Published and signed as %(version)s.", version=version), "info")
            return redirect(url_for("console.watchlists_page"))
        preview = {"list": name, "fmt": fmt, "text": text, "added": added, "removed": removed, "kept": kept,
                   "first": current is None}
    return render_template("hub/watchlists.html", published=published, preview=preview)


from . import patterns as _patterns  # noqa: E402, F401 - the leaders' weekly lists, a console page (hub/patterns.py)

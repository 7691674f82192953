"""Running the gate without a shell: accounts, watchlists, sync and the log's verification, for leaders and admins;
and on every page, what has not reached headquarters and whether the demo watchlist is in force."""
from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from flask import Blueprint, Flask, current_app, flash, g, redirect, render_template, request, session, url_for
from flask_babel import gettext as _

from .. import clock, i18n, ledger, sync, users, watchlist
from ..errors import N_, Forbidden, InvalidInput, NotFound
from ..store.db import connect
from . import get_db
from .auth import login_required, select_lang

bp = Blueprint("admin", __name__)
ACCOUNT_FIELDS = ("username", "role", "gate", "full_name", "rank")
ROLE_NAMES = {"officer": N_("Officer"), "patrol": N_("Patrol officer"), "supervisor": N_("Team leader"),
              "admin": N_("Administrator")}
"""How the pages name each role (a leader is 'lãnh đạo đội', never a 'supervisor' in Vietnamese)."""
MAX_WATCHLIST_BYTES = 20_000_000


# -- on every page ------------------------------------------------------------------------------

@bp.app_context_processor
def honest_state() -> dict[str, Any]:
    """The header's badge (what waits for headquarters) and the DEMO banner, read only when a page shows them."""
    def badge() -> sync.status.Badge:
        return sync.status.badge(get_db())

    def demo_state() -> str | None:
        """'alone' when only demo lists are screened, 'beside' when real lists are too, None without a demo."""
        demo = {bool(v["demo"]) for v in lists_in_force()}
        return None if True not in demo else "beside" if False in demo else "alone"
    return {"sync_badge": badge, "demo_state": demo_state}


@bp.app_template_filter("role_name")
def role_name(role: str) -> str:
    return _(ROLE_NAMES[role]) if role in ROLE_NAMES else role


@bp.app_template_filter("say")
def say(message: i18n.Message) -> str:
    """A message kept as msgid and params (a recorded sync error), in the page's language."""
    return i18n.translate(message.msgid, select_lang(), message.params)


@bp.app_template_filter("sent_at")
def sent_at(utc: str) -> str:
    """hh:mm today, else dd/mm/yyyy hh:mm: an 'all sent 09:12' of last week must not read as this morning's."""
    tz = current_app.config["TIMEZONE"]
    local = clock.local_time(utc, tz)
    return local.strftime("%H:%M") if local.date() == clock.local_today(tz) else local.strftime("%d/%m/%Y %H:%M")


def lists_in_force() -> list[dict[str, Any]]:
    """The newest version of each list (the one screening uses), with where it came from."""
    rows = get_db().execute(
        "SELECT v.list, v.version, v.imported_utc, v.source, v.entries, v.demo FROM watchlist_versions v"
        " JOIN (SELECT list, MAX(version) AS version FROM watchlist_versions GROUP BY list) n"
        " ON v.version = n.version ORDER BY v.list").fetchall()
    return [dict(zip(("list", "version", "imported_utc", "source", "entries", "demo"), row)) for row in rows]


# -- accounts -----------------------------------------------------------------------------------

@bp.route("/accounts")
@login_required("supervisor")
def accounts() -> Any:
    """The accounts of the leader's gate (every gate for an admin), with those whose sign-in is paused."""
    rows = users.accounts(get_db(), None if g.user.role == "admin" else g.user.gate)
    open_names = [a.username for a in rows if a.disabled_utc is None]
    paused = users.locked(get_db(), open_names, max_failures=current_app.config["LOGIN_MAX_FAILURES"],
                          lock_minutes=current_app.config["LOGIN_LOCK_MINUTES"]) if open_names else set()
    return render_template("admin/accounts.html", accounts=rows, paused=paused)


def _managed(username: str) -> users.Account:
    """An account the signed-in leader may manage; 404 for one that does not exist, 403 for another's."""
    account = users.account(get_db(), username)
    if not users.may_manage(g.user, account.role, account.gate):
        raise Forbidden()
    return account


def _form_errors(exc: InvalidInput) -> dict[str, str]:
    """An InvalidInput as the message beside its field (the form's own names, 'password' for the password)."""
    lang = select_lang()
    name = str(exc.params.get("field", ""))
    return {name if name in (*ACCOUNT_FIELDS, "password") else "username":
            i18n.translate(str(exc.params.get("problem", "")), lang)}


def _choices() -> dict[str, Any]:
    """The roles and gates a leader may give: their own gate's officers and patrols; an admin, anything."""
    if g.user.role == "admin":
        return {"roles": users.ROLES, "gates": [row[0] for row in get_db().execute(
            "SELECT code FROM gates ORDER BY code")]}
    return {"roles": ("officer", "patrol"), "gates": [g.user.gate]}


def _posted_account() -> dict[str, Any]:
    form = request.form
    gate = form.get("gate", "").strip() or None
    return {"username": form.get("username", "").strip()[:64], "role": form.get("role", ""),
            "gate": None if form.get("role") == "admin" else gate,
            "full_name": form.get("full_name", "")[:200], "rank": form.get("rank", "")[:200]}


_shown_once: dict[tuple[str, str], str] = {}
_shown_once_lock = threading.Lock()
"""One-time passwords waiting to be shown to the leader who made them (by their session), once, after the
redirect: kept in memory only, never in the cookie, the log or the database."""


def _show_once(username: str, password: str) -> None:
    with _shown_once_lock:
        _shown_once[(session["sid"], username)] = password


def _take_shown(username: str) -> str | None:
    with _shown_once_lock:
        return _shown_once.pop((session.get("sid", ""), username), None)


@bp.route("/accounts/new", methods=("GET", "POST"))
@login_required("supervisor")
def account_new() -> Any:
    values: dict[str, Any] = {"username": "", "role": "officer", "gate": g.user.gate, "full_name": "", "rank": ""}
    if request.method == "POST":
        values = _posted_account()
        if not users.may_manage(g.user, values["role"], values["gate"]):
            raise Forbidden()
        password = users.one_time_password()
        try:
            users.create(get_db(), values["username"], values["role"], password, values["gate"], one_time=True,
                         full_name=values["full_name"], rank=values["rank"])
        except InvalidInput as exc:
            return render_template("admin/account_new.html", values=values, errors=_form_errors(exc),
                                   **_choices()), 422
        made = users.account(get_db(), values["username"])
        ledger.record(get_db(), "auth.account_added", {"username": made.username, "role": made.role,
                                                        "gate": made.gate, "full_name": made.full_name,
                                                        "rank": made.rank}, author=g.user.username)
        _show_once(made.username, password)
        flash(_("Account %(name)s added.", name=made.username), "info")
        return redirect(url_for("admin.account", username=made.username))
    return render_template("admin/account_new.html", values=values, errors={}, **_choices())


@bp.route("/accounts/<username>", methods=("GET", "POST"))
@login_required("supervisor")
def account(username: str) -> Any:
    """One account: its name, rank, role and gate to change; its password to reset; the account to disable."""
    found = _managed(username)
    if request.method == "POST":
        values = {**_posted_account(), "username": username}
        if not users.may_manage(g.user, values["role"], values["gate"]) or (
                username == g.user.username and values["role"] != g.user.role):
            raise Forbidden()
        try:
            changes = users.update(get_db(), username, role=values["role"], gate=values["gate"],
                                   full_name=values["full_name"], rank=values["rank"])
        except InvalidInput as exc:
            return render_template("admin/account.html", account=found, values=values, errors=_form_errors(exc),
                                   one_time=None, **_choices()), 422
        if changes:
            ledger.record(get_db(), "auth.account_changed", {"username": username, "changes": changes},
                          author=g.user.username)
            flash(_("Account %(name)s saved.", name=username), "info")
        return redirect(url_for("admin.accounts"))
    values = {f: getattr(found, f) for f in ACCOUNT_FIELDS}
    return render_template("admin/account.html", account=found, values=values, errors={},
                           one_time=_take_shown(username), **_choices())


@bp.route("/accounts/<username>/reset", methods=("POST",))
@login_required("supervisor")
def reset(username: str) -> Any:
    """A new one-time password, shown once to the leader; the officer chooses their own at the next sign-in."""
    _managed(username)
    if username == g.user.username:
        raise Forbidden()  # one's own password is changed, not reset
    password = users.reset_password(get_db(), username)
    ledger.record(get_db(), "auth.password_reset", {"username": username}, author=g.user.username)
    _show_once(username, password)
    return redirect(url_for("admin.account", username=username))


@bp.route("/accounts/<username>/disable", methods=("POST",))
@login_required("supervisor")
def disable(username: str) -> Any:
    found = _managed(username)
    if username == g.user.username:
        raise Forbidden()  # the last admin must not lock everyone out by mistake
    if request.form.get("confirm") != "1":
        values = {f: getattr(found, f) for f in ACCOUNT_FIELDS}
        return render_template("admin/account.html", account=found, values=values, one_time=None, **_choices(),
                               errors={"confirm": _("Tick the box to confirm: a disabled account cannot sign in.")}
                               ), 422
    users.disable(get_db(), username)
    ledger.record(get_db(), "auth.account_disabled", {"username": username}, author=g.user.username)
    flash(_("Account %(name)s disabled: it can no longer sign in.", name=username), "info")
    return redirect(url_for("admin.accounts"))


@bp.route("/accounts/<username>/unlock", methods=("POST",))
@login_required("supervisor")
def unlock(username: str) -> Any:
    """A leader lifts the pause on an officer's sign-in, for an account of the leader's own gate."""
    row = get_db().execute("SELECT gate FROM users WHERE username = ? AND disabled_utc IS NULL", [username]).fetchone()
    if row is None:
        raise NotFound()
    if g.user.role != "admin" and row[0] != g.user.gate:
        raise Forbidden()
    users.unlock(get_db(), username)
    ledger.record(get_db(), "auth.unlocked", {"username": username}, author=g.user.username)
    flash(_("Sign-in of %(name)s is open again.", name=username), "info")
    return redirect(url_for("admin.accounts"))


# -- watchlists ---------------------------------------------------------------------------------

@bp.route("/watchlists", methods=("GET", "POST"))
@login_required("supervisor")
def watchlists() -> Any:
    """The versions in force; a file imported as a new version of a list (what `checkpoint watchlist import` takes)."""
    if request.method == "POST":
        return _import_watchlist()
    return render_template("admin/watchlists.html", lists=lists_in_force(), values={"list": ""}, errors={},
                           report=None, shrinks=None)


def _import_watchlist() -> Any:
    upload = request.files.get("file")
    list_name = request.form.get("list", "").strip()[:64]
    values = {"list": list_name}

    def refused(errors: dict[str, str], shrinks: str | None = None) -> Any:
        return render_template("admin/watchlists.html", lists=lists_in_force(), values=values, errors=errors,
                               report=None, shrinks=shrinks), 422 if shrinks is None else 409
    if not list_name:
        return refused({"list": _("Give the list a name, e.g. hq-2025-11.")})
    if upload is None or not upload.filename:
        return refused({"file": _("Choose the list's file (CSV or JSON lines).")})
    data = upload.read(MAX_WATCHLIST_BYTES + 1)
    if len(data) > MAX_WATCHLIST_BYTES:
        return refused({"file": _("The file is larger than %(mb)d MB.", mb=MAX_WATCHLIST_BYTES // 1_000_000)})
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        return refused({"file": _("The file is not UTF-8 text: save it from the spreadsheet as CSV UTF-8.")})
    fmt = "jsonl" if upload.filename.lower().endswith((".jsonl", ".ndjson", ".json")) else "csv"
    try:
        report = watchlist.import_text(get_db(), text, list_name, source=upload.filename[:200], fmt=fmt,
                                       confirmed=request.form.get("confirm") == "1",
                                       max_drop_share=current_app.config["WATCHLIST_MAX_DROP_SHARE"])
    except InvalidInput as exc:
        message = i18n.error_message(exc, select_lang())
        return refused({"file": message}, shrinks=message if exc.status == 409 else None)
    ledger.record(get_db(), "watchlist.imported", {"version": report.version, "list": list_name,
                                                    "source": upload.filename[:200], "entries": report.imported,
                                                    "rejected": len(report.rejected)}, author=g.user.username)
    flash(_("Imported %(count)d entries into list %(list)s.", count=report.imported, list=list_name), "info")
    for rejection in report.rejected[:20]:
        flash(_("line %(line)d: %(reason)s", line=rejection.line,
                reason=i18n.translate(rejection.message, select_lang(), rejection.params)), "error")
    if len(report.rejected) > 20:
        flash(_("… and %(count)d more lines refused.", count=len(report.rejected) - 20), "error")
    return redirect(url_for("admin.watchlists"))


# -- sync and verification, off the request thread ----------------------------------------------

@dataclass
class Task:
    """One run of a slow job (sync, verification) started from a page; the page shows it until the next run."""
    started_utc: str
    finished_utc: str | None = None
    result: Any = None
    error: BaseException | None = None
    done: threading.Event = field(default_factory=threading.Event)


class Tasks:
    """At most one run of each kind at a time per app: a second press while one runs shows the running one."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.runs: dict[str, Task] = {}

    def start(self, kind: str, work: Callable[[], Any]) -> Task:
        with self.lock:
            running = self.runs.get(kind)
            if running is not None and not running.done.is_set():
                return running
            task = self.runs[kind] = Task(clock.utc_iso())
        threading.Thread(target=self._run, args=(task, work), name=f"checkpoint-{kind}", daemon=True).start()
        return task

    @staticmethod
    def _run(task: Task, work: Callable[[], Any]) -> None:
        try:
            task.result = work()
        except Exception as exc:  # noqa: BLE001 - shown on the page, in the reader's language where it is ours
            task.error = exc
        task.finished_utc = clock.utc_iso()
        task.done.set()

    def last(self, kind: str) -> Task | None:
        return self.runs.get(kind)


def tasks_of(app: Flask) -> Tasks:
    return app.extensions.setdefault("checkpoint_admin_tasks", Tasks())


def _hub_url() -> str:
    return current_app.config["HUB_URL"] or sync.pinned_url(get_db())


@bp.route("/sync")
@login_required("supervisor")
def sync_page() -> Any:
    state = sync.waiting(get_db())
    task = tasks_of(current_app).last("sync")
    return render_template("admin/sync.html", state=state, hub_url=_hub_url(), task=task,
                           problem=sync.status.problem(state.last_error),
                           error_text=_error_text(task))


def _error_text(task: Task | None) -> str | None:
    if task is None or task.error is None:
        return None
    return i18n.error_message(task.error, select_lang())


@bp.route("/sync/now", methods=("POST",))
@login_required("supervisor")
def sync_now() -> Any:
    """Starts a sync with headquarters now (a hub may take long to answer, or not at all: never on this request)."""
    url = _hub_url()
    if not url:
        flash(_("This tablet has no headquarters hub set up: nothing can be sent."), "error")
        return redirect(url_for("admin.sync_page"))
    config = current_app.config

    def work() -> sync.client.SyncReport:
        db = connect(config["DATABASE"])
        try:
            return sync.run(db, url, config["EVIDENCE_DIR"], hub_public_key=config["HUB_PUBLIC_KEY"],
                            enrol_code=config["HUB_ENROL_CODE"], batch_size=config["SYNC_BATCH_SIZE"], attempts=1)
        finally:
            db.conn.close()
    tasks_of(current_app).start("sync", work)
    return redirect(url_for("admin.sync_page"))


@dataclass(frozen=True)
class Verified:
    """A verification and the signed statements it held the log against, for the page."""
    verification: ledger.chain.Verification
    head_seq: int | None
    head_utc: str | None
    receipt_seq: int
    receipt_utc: str | None


def verify_log(database: str) -> Verified:
    db = connect(database, read_only=True)
    try:
        result = ledger.verify(db)
        head = db.execute("SELECT seq, signed_utc FROM chain_head WHERE id = 1").fetchone()
        state = sync.waiting(db)
    finally:
        db.conn.close()
    return Verified(result, head[0] if head else None, head[1] if head else None, state.acknowledged_seq,
                    state.receipt_utc)


@bp.route("/verify", methods=("GET", "POST"))
@login_required("supervisor")
def verify() -> Any:
    """Checks the whole log (a million events take seconds: off the request) against its signed head and receipts."""
    if request.method == "POST":
        database = current_app.config["DATABASE"]
        tasks_of(current_app).start("verify", lambda: verify_log(database))
        return redirect(url_for("admin.verify"))
    task = tasks_of(current_app).last("verify")
    return render_template("admin/verify.html", task=task, error_text=_error_text(task),
                           problem_text=lambda kind: _(ledger.chain.PROBLEMS[kind]))


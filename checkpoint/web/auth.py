"""Signing in and out, the idle logout, the language switch, and the role guard for every view."""
from __future__ import annotations

import functools
import time
from collections.abc import Callable
from typing import Any
from urllib.parse import urlsplit

from flask import Blueprint, current_app, flash, g, redirect, render_template, request, session, url_for
from flask_babel import gettext as _

from .. import i18n, ledger, users
from ..errors import CheckpointError, Forbidden, NotSignedIn
from . import get_db

bp = Blueprint("auth", __name__)
OUTBOX_HEADER = "X-Checkpoint-Outbox"
"""Sent by the page's outbox (static/outbox.js) with every form it sends."""


@bp.before_app_request
def load_user() -> None:
    g.user = None
    session_id = session.get("sid")
    if session_id is None:
        return
    idle_limit = current_app.config["IDLE_LOGOUT_MINUTES"] * 60
    if time.time() - session.get("seen", 0) > idle_limit:
        user = users.session_user(get_db(), session_id)
        users.end_session(get_db(), session_id)
        _clear_session()
        # The page's outbox asks for the password in place and names the account; a page says it on sign-in.
        session["idle_user"] = user.username if user else ""
        if not wants_json():
            flash(idle_message(), "info")
        return
    # The cookie only names a session: one ended (signed out, password changed, account disabled) is gone
    # for every copy of the cookie.
    g.user = users.session_user(get_db(), session_id)
    if g.user is None:
        _clear_session()
        return
    session["seen"] = time.time()


def idle_message() -> str:
    return _("You were signed out after a period without activity.")


def wants_json() -> bool:
    """The page's scripts (the outbox, the photo upload) read answers as JSON, never a page to follow."""
    return request.headers.get(OUTBOX_HEADER) == "1" or request.accept_mimetypes.best == "application/json"


def signed_out() -> Any:
    """401 for a script, naming the account signed out for inactivity so that its password can be asked again."""
    idle_user = session.get("idle_user") or None
    return {"ok": False, "status": 401, "error": idle_message() if idle_user else _("Please sign in."),
            "errors": [], "signed_out": "idle" if idle_user else "none", "username": idle_user}, 401


def _clear_session() -> None:
    lang = session.get("lang")
    session.clear()
    if lang:
        session["lang"] = lang


def _start_session(user: users.User) -> None:
    _clear_session()
    session.permanent = True
    session.update(sid=users.start_session(get_db(), user, request.remote_addr or "-"), seen=time.time())


def local_target(target: str | None, default: str) -> str:
    """`target` if it is a path on this site, else `default`. Browsers drop tabs and newlines from an address
    and read a backslash as a slash, so `/%09/evil.example/` would be `//evil.example/` to them: any control
    character, backslash, scheme or host refuses the target."""
    if not target or not target.startswith("/") or any(ord(c) < 32 or c in "\\\x7f" for c in target):
        return default
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or target.startswith("//"):
        return default
    return target


def login_required(*roles: str) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """Signed-in users only; with roles, only those roles (admin may do everything)."""
    def decorator(view: Callable[..., Any]) -> Callable[..., Any]:
        @functools.wraps(view)
        def wrapped(**kwargs: Any) -> Any:
            if g.user is None:
                if request.path.startswith("/api/"):
                    raise NotSignedIn()
                if wants_json():
                    return signed_out()
                return redirect(url_for("auth.login", next=request.full_path))
            if g.user.must_change_password and request.endpoint != "auth.password":
                return redirect(url_for("auth.password"))
            if roles and g.user.role not in roles and g.user.role != "admin":
                raise Forbidden()
            return view(**kwargs)
        wrapped.required_roles = roles  # type: ignore[attr-defined]
        return wrapped
    return decorator


@bp.route("/login", methods=("GET", "POST"))
def login() -> Any:
    if request.method == "POST":
        username = request.form.get("username", "").strip()[:64]
        try:
            user = users.authenticate(get_db(), username, request.form.get("password", ""),
                                      request.remote_addr or "-",
                                      max_failures=current_app.config["LOGIN_MAX_FAILURES"],
                                      lock_minutes=current_app.config["LOGIN_LOCK_MINUTES"],
                                      max_device_failures=current_app.config["LOGIN_MAX_FAILURES_PER_DEVICE"])
        except CheckpointError as exc:
            flash(i18n.error_message(exc, select_lang()), "error")
            return render_template("auth/login.html", username=username), exc.status
        _start_session(user)
        ledger.record(get_db(), "auth.signed_in", {"username": user.username, "address": request.remote_addr},
                      author=user.username)
        return redirect(local_target(request.args.get("next"), url_for("inspections.today")))
    return render_template("auth/login.html", username=session.get("idle_user", ""))


@bp.route("/logout", methods=("POST",))
def logout() -> Any:
    if g.user is not None:
        users.end_session(get_db(), session["sid"])
        ledger.record(get_db(), "auth.signed_out", {"username": g.user.username}, author=g.user.username)
    _clear_session()
    return redirect(url_for("auth.login"))


@bp.route("/password", methods=("GET", "POST"))
@login_required()
def password() -> Any:
    if request.method == "POST":
        new, repeat = request.form.get("new_password", ""), request.form.get("repeat_password", "")
        try:
            users.authenticate(get_db(), g.user.username, request.form.get("password", ""),
                               request.remote_addr or "-",
                               max_failures=current_app.config["LOGIN_MAX_FAILURES"],
                               lock_minutes=current_app.config["LOGIN_LOCK_MINUTES"],
                               max_device_failures=current_app.config["LOGIN_MAX_FAILURES_PER_DEVICE"])
            if new != repeat:
                flash(_("The two new passwords differ."), "error")
                return render_template("auth/password.html"), 422
            # Every session of the account ends, copies of this cookie included; this tablet gets a new one.
            g.user = users.change_password(get_db(), g.user, new)
            _start_session(g.user)
        except CheckpointError as exc:
            flash(i18n.error_message(exc, select_lang()), "error")
            return render_template("auth/password.html"), exc.status
        flash(_("Password changed."), "info")
        return redirect(url_for("inspections.today"))
    return render_template("auth/password.html")


@bp.route("/lang/<lang>", methods=("POST",))
def set_language(lang: str) -> Any:
    if lang in i18n.LANGUAGES:
        session["lang"] = lang
    return redirect(local_target(request.form.get("next"), url_for("auth.login")))


def select_lang() -> str:
    from . import select_locale
    return select_locale()

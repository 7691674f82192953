"""Signing in and out, the idle logout, the language switch, and the role guard for every view."""
from __future__ import annotations

import functools
import time
from collections.abc import Callable
from typing import Any

from flask import Blueprint, current_app, flash, g, redirect, render_template, request, session, url_for
from flask_babel import gettext as _

from .. import i18n, ledger, users
from ..db import get_db
from ..errors import CheckpointError, Forbidden, NotSignedIn

bp = Blueprint("auth", __name__)


@bp.before_app_request
def load_user() -> None:
    g.user = None
    user_id = session.get("user_id")
    if user_id is None:
        return
    idle_limit = current_app.config["IDLE_LOGOUT_MINUTES"] * 60
    if time.time() - session.get("seen", 0) > idle_limit:
        session.clear()
        flash(_("You were signed out after a period without activity."), "info")
        return
    session["seen"] = time.time()
    g.user = users.get(get_db(), user_id)


def login_required(*roles: str) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """Signed-in users only; with roles, only those roles (admin may do everything)."""
    def decorator(view: Callable[..., Any]) -> Callable[..., Any]:
        @functools.wraps(view)
        def wrapped(**kwargs: Any) -> Any:
            if g.user is None:
                if request.path.startswith("/api/"):
                    raise NotSignedIn()
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
                                      lock_minutes=current_app.config["LOGIN_LOCK_MINUTES"])
        except CheckpointError as exc:
            flash(i18n.error_message(exc, select_lang()), "error")
            return render_template("auth/login.html", username=username), exc.status
        lang = session.get("lang")
        session.clear()
        session.permanent = True
        session.update(user_id=user.id, seen=time.time())
        if lang:
            session["lang"] = lang
        ledger.record(get_db(), "auth.signed_in", {"username": user.username, "address": request.remote_addr},
                      author=user.username)
        target = request.args.get("next", "")
        # Only a path on this site, never an address elsewhere.
        if not target.startswith("/") or target.startswith("//"):
            target = url_for("inspections.today")
        return redirect(target)
    return render_template("auth/login.html", username="")


@bp.route("/logout", methods=("POST",))
def logout() -> Any:
    if g.user is not None:
        ledger.record(get_db(), "auth.signed_out", {"username": g.user.username}, author=g.user.username)
    lang = session.get("lang")
    session.clear()
    if lang:
        session["lang"] = lang
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
                               lock_minutes=current_app.config["LOGIN_LOCK_MINUTES"])
            if new != repeat:
                flash(_("The two new passwords differ."), "error")
                return render_template("auth/password.html"), 422
            users.change_password(get_db(), g.user, new)
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
    target = request.form.get("next", "")
    return redirect(target if target.startswith("/") and not target.startswith("//") else url_for("auth.login"))


def select_lang() -> str:
    from . import select_locale
    return select_locale()

"""Running the gate without a shell: accounts (and, with #16, watchlists, sync and the log's verification)."""
from __future__ import annotations

from typing import Any

from flask import Blueprint, current_app, flash, g, redirect, render_template, url_for
from flask_babel import gettext as _

from .. import ledger, users
from ..errors import Forbidden, NotFound
from . import get_db
from .auth import login_required

bp = Blueprint("admin", __name__)


@bp.route("/accounts")
@login_required("supervisor")
def accounts() -> Any:
    """The accounts of the leader's gate (every gate for an admin), with those whose sign-in is paused."""
    rows = get_db().execute("SELECT username, role, gate FROM users WHERE disabled_utc IS NULL"
                            + ("" if g.user.role == "admin" else " AND gate = ?") + " ORDER BY username",
                            [] if g.user.role == "admin" else [g.user.gate]).fetchall()
    paused = users.locked(get_db(), [r[0] for r in rows], max_failures=current_app.config["LOGIN_MAX_FAILURES"],
                          lock_minutes=current_app.config["LOGIN_LOCK_MINUTES"]) if rows else set()
    return render_template("admin/accounts.html", accounts=rows, paused=paused)


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

"""A form sent again is recorded once: the page's outbox (static/outbox.js) resends what the server did not
confirm, each form with a `client_id` made on the tablet when it was first kept.

A POST whose client_id this account already saw answered with a redirect gets that redirect again and
records nothing; one still being handled (a resend racing the first send) is asked to try again shortly.
The outbox's own requests (header `X-Checkpoint-Outbox`) get a redirect as JSON, `{"ok": true, "redirect":
URL}`, so that the page goes there itself and the flashed message is still waiting for it.
"""
from __future__ import annotations

import re
from datetime import timedelta
from typing import Any
from urllib.parse import urlsplit

from flask import Blueprint, Flask, Response, flash, g, jsonify, make_response, redirect, request, url_for
from flask_babel import gettext as _

from ..clock import utc_iso, utc_now
from . import get_db, select_locale
from .auth import OUTBOX_HEADER
from .errors import render_error

bp = Blueprint("once", __name__)
CLIENT_ID = re.compile(r"^[0-9a-fA-F-]{8,64}$")
# A claim left by a request that died half-way (the server stopped) must not block the form for good.
STALE_CLAIM = timedelta(minutes=2)
RETRY_SECONDS = 2


def from_outbox() -> bool:
    return request.headers.get(OUTBOX_HEADER) == "1"


def _client_id() -> str | None:
    if request.method != "POST" or getattr(g, "user", None) is None:
        return None
    client_id = request.form.get("client_id", "")
    return client_id if CLIENT_ID.match(client_id) else None


def _answer(target: str) -> Any:
    if from_outbox():
        return jsonify(ok=True, redirect=target)
    return redirect(target)


@bp.before_app_request
def replay_confirmed() -> Any:
    """A form already confirmed gets its redirect again; otherwise this request claims the client id."""
    client_id = _client_id()
    if client_id is None:
        return None
    db = get_db()
    db.execute("DELETE FROM sent_once WHERE user_id = ? AND client_id = ? AND target IS NULL AND claimed_utc < ?",
               [g.user.id, client_id, utc_iso(utc_now() - STALE_CLAIM)])
    claimed = db.execute("INSERT OR IGNORE INTO sent_once (user_id, client_id, claimed_utc) VALUES (?, ?, ?)",
                         [g.user.id, client_id, utc_iso()]).rowcount
    if claimed:
        g.once_claim = client_id
        return None
    row = db.execute("SELECT target FROM sent_once WHERE user_id = ? AND client_id = ?",
                     [g.user.id, client_id]).fetchone()
    if row["target"] is None:
        response = make_response(render_error(503, _("This form is being saved; it will be sent again.")))
        response.headers["Retry-After"] = str(RETRY_SECONDS)
        return response
    flash(_("Already saved: sent again, recorded once."), "info")
    return _answer(row["target"])


@bp.after_app_request
def remember_redirect(response: Response) -> Response:
    """The claimed client id keeps the redirect that confirmed it; any other answer frees it for a resend.
    Every redirect answered to the outbox (a form, the sign-in of its dialog) goes to it as JSON."""
    client_id = g.pop("once_claim", None)
    redirected = response.status_code in (301, 302, 303) and bool(response.location)
    if redirected and request.endpoint != "auth.login" and _asks_to_sign_in(response.location):
        # Sent elsewhere first (a new password to choose): nothing was recorded, the form must wait.
        redirected = False
        if from_outbox():
            response = make_response(jsonify(ok=False, status=409, error=_("Please sign in."),
                                             redirect=response.location), 409)
    if client_id is not None:
        if redirected:
            get_db().execute("UPDATE sent_once SET target = ? WHERE user_id = ? AND client_id = ?",
                             [response.location, g.user.id, client_id])
        else:
            get_db().execute("DELETE FROM sent_once WHERE user_id = ? AND client_id = ? AND target IS NULL",
                             [g.user.id, client_id])
    if redirected and from_outbox():
        return _answer(response.location)
    return response


def outbox_texts() -> dict[str, str]:
    """What static/outbox.js shows, in the page's language; `{name}` marks are filled in by the script."""
    return {
        "kept": _("Kept on this tablet: waiting to be sent. It goes by itself when the server answers."),
        "sending": _("Sending…"),
        "waiting_one": _("1 form not saved yet: waiting for the server"),
        "waiting": _("%(count)s forms not saved yet: waiting for the server", count="{count}"),
        "refused_one": _("1 form refused: open it to correct"),
        "refused_count": _("%(count)s forms refused: open them to correct", count="{count}"),
        "send_now": _("Send now"),
        "open": _("Open"),
        "discard": _("Discard"),
        "discard_confirm": _("Discard this form? What was typed in it is lost."),
        "sent": _("Sent and saved."),
        "refused": _("Refused by the server"),
        "other_user": _("Kept for %(user)s: sent when they sign in", user="{user}"),
        "kept_at": _("kept at %(time)s", time="{time}"),
        "reauth_title": _("Signed out"),
        "reauth_idle": _("You were signed out after a period without activity. Nothing typed is lost: enter the"
                         " password of %(user)s and it is sent.", user="{user}"),
        "reauth_other": _("Your session has ended. Nothing typed is lost: sign in again and it is sent."),
        "username": _("User name"),
        "password": _("Password"),
        "reauth_submit": _("Sign in and send"),
        "reauth_elsewhere": _("Sign in as someone else"),
        "reauth_offline": _("The server does not answer; try again in a moment."),
    }


@bp.route("/outbox.json")
def outbox() -> Any:
    """The outbox's texts and the account signed in (null when none), for the page's script to keep."""
    user = getattr(g, "user", None)
    return {"username": user.username if user else None, "lang": str(select_locale()), "texts": outbox_texts()}


def _asks_to_sign_in(target: str) -> bool:
    path = urlsplit(target).path
    return path in (url_for("auth.login"), url_for("auth.password"))


def init_app(app: Flask) -> None:
    """After the auth blueprint: the hooks need the signed-in account (web/auth.load_user)."""
    app.register_blueprint(bp)

"""The one place where errors become HTTP responses: a page for people, JSON under /api/."""
from __future__ import annotations

from typing import Any

from flask import Flask, Response, make_response, render_template, request
from flask_babel import gettext as _
from werkzeug.exceptions import HTTPException, RequestEntityTooLarge

from .. import i18n
from ..errors import OUR_ERRORS
from .auth import select_lang


def render_error(status: int, message: str, errors: list[dict[str, Any]] | None = None) -> Any:
    if request.path.startswith("/api/"):
        return {"ok": False, "status": status, "error": message, "errors": errors or []}, status
    return render_template("errors/error.html", status=status, message=message), status


def with_retry_after(response: Response, exc: Exception) -> Response:
    """A busy server's answer says when to try again (errors with a `retry_after`, in seconds)."""
    retry_after = getattr(exc, "retry_after", None)
    if retry_after is not None:
        response.headers["Retry-After"] = str(retry_after)
    return response


def init_app(app: Flask) -> None:
    def ours(exc: Exception) -> Any:
        message = i18n.error_message(exc, select_lang())
        params = getattr(exc, "params", {})
        # An error about one field (and row) names it for the script that sent the request.
        errors = [{"field": params["field"], "row": params.get("row"), "message": message}] if "field" in params else []
        return with_retry_after(make_response(render_error(getattr(exc, "status", 500), message, errors)), exc)

    for error in OUR_ERRORS:
        app.register_error_handler(error, ours)

    @app.errorhandler(RequestEntityTooLarge)
    def too_large(_exc: RequestEntityTooLarge) -> Any:
        return render_error(413, _("The upload is too large (limit %(limit)d MB).",
                                   limit=app.config["MAX_CONTENT_LENGTH"] // 1_000_000))

    @app.errorhandler(HTTPException)
    def http(exc: HTTPException) -> Any:
        messages = {
            400: _("The request could not be understood (the form may have expired: reload the page)."),
            403: _("Your account may not do this."),
            404: _("Not found."),
            405: _("This action is not allowed here."),
        }
        return render_error(exc.code or 500, messages.get(exc.code or 500, _("Something went wrong.")))

"""The one place where errors become HTTP responses: a page for people, JSON under /api/."""
from __future__ import annotations

from typing import Any

from flask import Flask, render_template, request
from flask_babel import gettext as _
from werkzeug.exceptions import HTTPException, RequestEntityTooLarge

import ocr
import scanners

from .. import i18n
from ..errors import CheckpointError
from .auth import select_lang

OUR_ERRORS = (CheckpointError, scanners.ScannerError, ocr.OcrError)


def render_error(status: int, message: str) -> Any:
    if request.path.startswith("/api/"):
        return {"ok": False, "status": status, "error": message, "errors": []}, status
    return render_template("errors/error.html", status=status, message=message), status


def init_app(app: Flask) -> None:
    @app.errorhandler(CheckpointError)
    @app.errorhandler(scanners.ScannerError)
    @app.errorhandler(ocr.OcrError)
    def ours(exc: Exception) -> Any:
        return render_error(getattr(exc, "status", 500), i18n.error_message(exc, select_lang()))

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

"""The error root of checkpoint. Each error's docstring-free `message` is an English msgid that the
catalogs translate; HTTP (web/errors.py) and the CLI (cli.py) render them, each in one place."""
from __future__ import annotations

from typing import Any

import ocr
import scanners


def N_(msgid: str) -> str:
    """Marks a msgid for extraction; translation happens where the message is shown."""
    return msgid


class CheckpointError(Exception):
    message = N_("Something went wrong.")
    status = 400
    exit_code = 2

    def __init__(self, **params: Any) -> None:
        self.params = params
        super().__init__(self.message % params if params else self.message)


class NotFound(CheckpointError):
    message = N_("Not found.")
    status = 404


class NotSignedIn(CheckpointError):
    message = N_("Please sign in.")
    status = 401


class Forbidden(CheckpointError):
    message = N_("Your account may not do this.")
    status = 403


class InvalidInput(CheckpointError):
    message = N_("%(field)s: %(problem)s")
    status = 422
    translate_params = True


class ImageUnreadable(CheckpointError):
    message = N_("%(name)s is not a photo that can be read (JPEG, PNG, WebP, TIFF or BMP).")
    status = 422


class ImageTooLarge(CheckpointError):
    message = N_("%(name)s is too large: %(found)s, the limit is %(limit)s.")
    status = 413


class LoginFailed(CheckpointError):
    message = N_("Wrong user name or password.")
    status = 401


class LoginThrottled(CheckpointError):
    message = N_("Too many failed sign-ins. Try again in %(minutes)d minutes.")
    status = 429


class InspectionClosed(CheckpointError):
    message = N_("This inspection already has a verdict; record a correction instead.")
    status = 409


# The roots of every error an officer may see: ours and those of the two plain libraries.
OUR_ERRORS: tuple[type[Exception], ...] = (CheckpointError, scanners.ScannerError, ocr.OcrError)

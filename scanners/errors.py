"""The error root of scanners/: messages are English msgids translated by the app's catalogs."""
from __future__ import annotations

from typing import Any


def N_(msgid: str) -> str:
    return msgid


class ScannerError(Exception):
    message = N_("The barcode reader failed.")
    status = 500
    exit_code = 2

    def __init__(self, **params: Any) -> None:
        self.params = params
        super().__init__(self.message % params if params else self.message)


class MissingDependencyError(ScannerError):
    message = N_("The barcode library %(library)s is missing: %(fix)s")


class UnreadableImageError(ScannerError):
    message = N_("The picture is not an image the barcode reader can use (%(shape)s).")
    status = 422

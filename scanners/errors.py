"""The error root of scanners/: messages are English msgids translated by the app's catalogs."""
from __future__ import annotations

from typing import Any, Protocol, TypeVar


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


class InvalidCodeError(ScannerError):
    message = N_("The %(kind)s %(value)s fails its check: %(reason)s")
    status = 422

    def __init__(self, kind: str, value: str, errors: tuple[str, ...]) -> None:
        self.errors = errors
        """Every failed check, each a precise English message."""
        super().__init__(kind=kind, value=value, reason="; ".join(errors))


class Checked(Protocol):
    """What every parse result has (frozen dataclasses, so the members are read-only)."""
    @property
    def raw(self) -> str: ...
    @property
    def valid(self) -> bool: ...
    @property
    def errors(self) -> tuple[str, ...]: ...
    @property
    def kind(self) -> str: ...


CheckedT = TypeVar("CheckedT", bound=Checked)


def require_valid(result: CheckedT) -> CheckedT:
    """The parse result itself when valid; InvalidCodeError naming every failed check otherwise."""
    if not result.valid:
        raise InvalidCodeError(result.kind, result.raw, result.errors)
    return result

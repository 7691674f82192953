"""What a symbol's text means: the one entry point that never raises on unknown input."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Protocol

from . import gtin

LINEAR_GTIN_FORMATS = {"EAN13", "EAN8", "UPCA"}


class Payload(Protocol):
    kind: str
    valid: bool

    def as_dict(self) -> dict[str, Any]: ...


@dataclass(frozen=True)
class Text:
    raw: str
    """The content, byte-exact, never interpreted."""
    valid: bool = True
    errors: tuple[str, ...] = field(default=())
    kind: str = "text"

    def as_dict(self) -> dict[str, Any]:
        return {"kind": self.kind, "text": self.raw}


def interpret(fmt: str, text: str) -> Payload:
    if fmt in LINEAR_GTIN_FORMATS:
        return gtin.parse(text)
    return Text(text)

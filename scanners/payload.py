"""What a symbol's text means: the one entry point that never raises on unknown input.

Only a payload that has the exact shape of a known format is interpreted; anything else (SQL, markup,
paths, control characters, very long strings) comes back untouched as text.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any, Protocol
from urllib.parse import urlsplit

from . import cccd, container, digital_link, einvoice, fapiao, gs1, gtin, mrz
from .errors import Checked

RETAIL_FORMATS = {"EAN13", "EAN8", "UPCA"}
GS1_ONLY_FORMATS = {"DataBar", "DataBarExpanded"}
CCCD_QR = re.compile(r"^[0-9]{12}\|")
FAPIAO_QR = re.compile(r"^01,[0-9]{2},[0-9]*,[0-9]+,")
# A container number as printed on labels and seals: CSQU3054383 or CSQU 305438 3.
CONTAINER = re.compile(r"^[A-Z]{3}[UJZ] ?[0-9]{6} ?[0-9]$")
# A provider's e-invoice QR: a seller MST (10 or 13 digits) beside a form-and-symbol token.
MST_TOKEN = re.compile(r"(?<![0-9])[0-9]{10}(-?[0-9]{3})?(?![0-9])")
# No format interpreted here comes near 4 kB, and none contains NUL: such text is shown, never parsed.
MAX_INTERPRETED = 4096


class Payload(Checked, Protocol):
    """A parse result (raw, kind, valid, errors) that can also say itself as JSON."""

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


@dataclass(frozen=True)
class Url:
    raw: str
    """The address, byte-exact; never fetched."""
    host: str
    """Its host name, so the officer sees where it points before opening anything."""
    valid: bool = True
    errors: tuple[str, ...] = field(default=())
    kind: str = "url"

    def as_dict(self) -> dict[str, Any]:
        return {"kind": self.kind, "url": self.raw, "host": self.host}


def interpret(fmt: str, text: str, symbology_identifier: str = "") -> Payload:
    """The meaning of one symbol's text; symbology_identifier is the decoder's AIM code (]d2, ]C1 …)."""
    if not isinstance(text, str):
        return Text(repr(text))
    if len(text) > MAX_INTERPRETED or "\x00" in text:
        return Text(text)
    if fmt in RETAIL_FORMATS:
        return gtin.parse(text)
    if fmt == "UPCE":
        return gtin.parse(text, upce=True)
    if fmt == "ITF" and len(text) == 14:
        # ITF-14 is how cartons carry their GTIN-14.
        return gtin.parse(text)
    if fmt in GS1_ONLY_FORMATS or gs1.is_gs1(text, symbology_identifier):
        return gs1.parse(text)
    if digital_link.looks_like(text):
        return digital_link.parse(text)
    if text[:8].lower().startswith(("http://", "https://")) and not any(c.isspace() for c in text):
        return _url(text)
    if mrz.looks_like(text):
        return mrz.parse(text)
    if CCCD_QR.match(text):
        return cccd.parse(text)
    if FAPIAO_QR.match(text):
        return fapiao.parse(text)
    if CONTAINER.match(text):
        return container.parse(text)
    if (symbol := einvoice.find(text)) is not None and MST_TOKEN.search(text):
        return symbol
    return Text(text)


def _url(text: str) -> Payload:
    try:
        host = urlsplit(text).hostname or ""
    except ValueError:
        return Text(text)
    return Url(text, host)

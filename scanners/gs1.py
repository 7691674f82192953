"""GS1 element strings from GS1 DataMatrix, GS1-128, GS1 QR and DataBar (DOMAIN.md §3.4).

python-stdnum's gs1_128 (its AI table is generated from ref.gs1.org/ai) does the parsing and checks:
AI lengths, GTIN check digits, dates with day 00 meaning the month's last day. This module strips the
AIM symbology identifier, reports the result in our shape and turns its exceptions into messages.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from stdnum import gs1_128
from stdnum.exceptions import ValidationError

from . import gtin
from .errors import require_valid

GS = "\x1d"
# AIM symbology identifiers that announce GS1 data: DataMatrix, GS1-128, QR, DataBar, Aztec.
AIM_GS1 = ("]d2", "]C1", "]Q3", "]e0", "]z1")
# The most any GS1 carrier holds: a version 40 QR Code of digits only.
MAX_LENGTH = 7089
NAMES = {"01": "gtin", "10": "batch", "11": "production_date", "15": "best_before", "17": "expiry",
         "21": "serial", "240": "additional_id"}


@dataclass(frozen=True)
class Gs1:
    raw: str
    """The symbol's content, byte-exact (with the AIM identifier when the scanner sent one)."""
    valid: bool
    """Whether every AI and value is known and well formed, check digits and dates included."""
    errors: tuple[str, ...] = field(default=())
    """Why it is not valid."""
    elements: tuple[tuple[str, str], ...] = ()
    """(AI, value) pairs in symbol order; dates as YYMMDD with day 00 resolved; empty when parsing failed."""
    expiry: str = ""
    """AI 17 as an ISO date (day 00 → the month's last day)."""
    kind: str = "gs1"

    def as_dict(self) -> dict[str, Any]:
        values = dict(self.elements)
        named = {name: values[ai] for ai, name in NAMES.items() if ai in values}
        if self.expiry:
            named["expiry"] = self.expiry
        return {"kind": self.kind, "valid": self.valid, "errors": list(self.errors), "elements": values, **named}


def is_gs1(text: str, symbology_identifier: str = "") -> bool:
    """Whether the decoder (or a keyboard-wedge scanner's prefix) says this is a GS1 element string."""
    return symbology_identifier in AIM_GS1 or (isinstance(text, str) and text.startswith(AIM_GS1))


def _printed(value: object) -> str:
    if isinstance(value, (date, datetime)):
        # Day 00 ("end of month") comes back from stdnum as the month's last day, printed so.
        return value.strftime("%y%m%d%H%M" if isinstance(value, datetime) else "%y%m%d")
    return str(value)


def parse(text: str) -> Gs1:
    """An element string with or without AIM identifier, FNC1 separators as ASCII 29; never raises."""
    if not isinstance(text, str):
        return Gs1(repr(text), False, (f"Failed to parse {text!r} as GS1: not text.",))
    data = text[3:] if text.startswith(AIM_GS1) else text
    if len(data) > MAX_LENGTH:
        return Gs1(text, False, (f"Failed to parse {text[:40]!r}… as GS1: longer than any GS1 symbol holds "
                                 f"({len(data)} > {MAX_LENGTH} characters).",))
    elements, expiry, reason = read(data.lstrip(GS))
    if reason:
        return Gs1(text, False, (f"Failed to parse {text!r} as GS1: {reason}",))
    return Gs1(text, True, (), elements, expiry)


def read(data: str) -> tuple[tuple[tuple[str, str], ...], str, str]:
    """(AI, value) pairs, AI 17 as an ISO date, and why the element string is wrong ('' when it is not)."""
    if not data.isascii():
        # GS1 data is a subset of ASCII; python-stdnum would take '２６' or '⁴' for digits.
        return (), "", "it holds characters outside the GS1 character set."
    try:
        info = gs1_128.info(data, separator=GS)
    except ValidationError as error:
        return (), "", _reason(data, error)
    except ValueError:
        return (), "", "a date is not a valid YYMMDD."
    except ArithmeticError:
        # stdnum's decimal conversion of a measure AI (31nn …) with no digits after it.
        return (), "", "a measure has no digits."
    except AttributeError:
        # python-stdnum 2.2 cannot read the format of AIs 4330–4333, 8030 and 8043 (its own regex fails).
        return (), "", "it holds an application identifier python-stdnum cannot read (4330–4333, 8030, 8043)."
    if not info:
        return (), "", "no application identifiers found."
    expiry = info.get("17")
    return (tuple((ai, _printed(value)) for ai, value in info.items()),
            expiry.isoformat() if isinstance(expiry, date) else "", "")


def _reason(data: str, error: ValidationError) -> str:
    if data.startswith("01") and data[2:16].isascii() and data[2:16].isdigit() and len(data) >= 16:
        number = gtin.parse(data[2:16])
        if not number.valid:
            return f"GTIN (AI 01) check digit should be {gtin.calc_check_digit(data[2:15])}."
    return f"{str(error).rstrip('.')}."


def validate(text: str) -> Gs1:
    """The parsed element string; raises InvalidCodeError naming every failed check when it is not valid."""
    return require_valid(parse(text))


def is_valid(text: str) -> bool:
    """Whether the element string passes every check; never raises."""
    return parse(text).valid

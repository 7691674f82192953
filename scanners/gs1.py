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
from stdnum.exceptions import InvalidChecksum, InvalidComponent, InvalidLength, ValidationError

from . import gtin
from .errors import Problem, Reason, problem, require_valid

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
    problems: tuple[Problem, ...] = field(default=())
    """Why it is not valid."""
    elements: tuple[tuple[str, str], ...] = ()
    """(AI, value) pairs in symbol order; dates as YYMMDD with day 00 resolved; empty when parsing failed."""
    expiry: str = ""
    """AI 17 as an ISO date (day 00 → the month's last day)."""
    kind: str = "gs1"

    @property
    def errors(self) -> tuple[str, ...]:
        return tuple(p.message for p in self.problems)

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
        return Gs1(repr(text), False, (problem(text, "GS1", Reason.NOT_TEXT),))
    data = text[3:] if text.startswith(AIM_GS1) else text
    if len(data) > MAX_LENGTH:
        return Gs1(text, False, (problem(text, "GS1", Reason.GS1_TOO_LONG, shown=f"{text[:40]!r}…",
                                         length=len(data), limit=MAX_LENGTH),))
    elements, expiry, failure = read(data.lstrip(GS))
    if failure:
        return Gs1(text, False, (problem(text, "GS1", failure[0], **failure[1]),))
    return Gs1(text, True, (), elements, expiry)


Failure = tuple[Reason, dict[str, str]]


def read(data: str) -> tuple[tuple[tuple[str, str], ...], str, Failure | None]:
    """(AI, value) pairs, AI 17 as an ISO date, and why the element string is wrong (None when it is not)."""
    if not data.isascii():
        # GS1 data is a subset of ASCII; python-stdnum would take '２６' or '⁴' for digits.
        return (), "", (Reason.GS1_CHARSET, {})
    try:
        info = gs1_128.info(data, separator=GS)
    except ValidationError as error:
        return (), "", _reason(data, error)
    except ValueError:
        return (), "", (Reason.GS1_DATE, {})
    except ArithmeticError:
        # stdnum's decimal conversion of a measure AI (31nn …) with no digits after it.
        return (), "", (Reason.GS1_MEASURE, {})
    except AttributeError:
        # python-stdnum 2.2 cannot read the format of AIs 4330–4333, 8030 and 8043 (its own regex fails).
        return (), "", (Reason.GS1_UNREADABLE_AI, {})
    if not info:
        return (), "", (Reason.GS1_EMPTY, {})
    expiry = info.get("17")
    return (tuple((ai, _printed(value)) for ai, value in info.items()),
            expiry.isoformat() if isinstance(expiry, date) else "", None)


def _reason(data: str, error: ValidationError) -> Failure:
    if data.startswith("01") and data[2:16].isascii() and data[2:16].isdigit() and len(data) >= 16:
        number = gtin.parse(data[2:16])
        if not number.valid:
            return Reason.GS1_GTIN_CHECK_DIGIT, {"expected": gtin.calc_check_digit(data[2:15])}
    # stdnum's four kinds of failure, each with its fixed message (InvalidLength is an InvalidFormat).
    for kind, reason in ((InvalidLength, Reason.GS1_LENGTH), (InvalidChecksum, Reason.GS1_CHECKSUM),
                         (InvalidComponent, Reason.GS1_COMPONENT)):
        if isinstance(error, kind):
            return reason, {}
    return Reason.GS1_FORMAT, {}


def validate(text: str) -> Gs1:
    """The parsed element string; raises InvalidCodeError naming every failed check when it is not valid."""
    return require_valid(parse(text))


def is_valid(text: str) -> bool:
    """Whether the element string passes every check; never raises."""
    return parse(text).valid

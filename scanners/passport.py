"""Passport numbers as typed from the data page: the ICAO 9303 document number (DOMAIN.md §3.8).

The MRZ gives the document number nine positions of A–Z and 0–9 (filler '<' pads a shorter one);
Vietnamese (C1234567), Chinese (E12345678, EA1234567) and most other numbers have 6 to 9 characters.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from .errors import Problem, Reason, problem, require_valid

NUMBER = re.compile(r"^[A-Z0-9]{6,9}$")
SEPARATORS = re.compile(r"[\s.\-]")


@dataclass(frozen=True)
class Passport:
    raw: str
    """The number as typed."""
    number: str
    """Upper-case, without spaces, dots or hyphens: the form the MRZ and watchlists hold."""
    valid: bool
    """Whether it can be an ICAO document number."""
    problems: tuple[Problem, ...] = field(default=())
    """Why it is not valid."""
    kind: str = "passport"

    @property
    def errors(self) -> tuple[str, ...]:
        return tuple(p.message for p in self.problems)

    def as_dict(self) -> dict[str, Any]:
        return {"kind": self.kind, "number": self.number, "valid": self.valid, "errors": list(self.errors)}


def compact(text: str) -> str:
    return SEPARATORS.sub("", text).upper()


def parse(text: str) -> Passport:
    """Any text typed as a passport number; never raises."""
    if not isinstance(text, str):
        return Passport(repr(text), "", False, (problem(text, "passport number", Reason.NOT_TEXT),))
    number = compact(text)
    if not number.isascii() or not NUMBER.match(number):
        return Passport(text, number, False, (problem(text, "passport number", Reason.PASSPORT_FORMAT),))
    return Passport(text, number, True)


def validate(text: str) -> Passport:
    """The parsed passport number; raises InvalidCodeError when it is not valid."""
    return require_valid(parse(text))


def is_valid(text: str) -> bool:
    """Whether the text can be a passport number; never raises."""
    return parse(text).valid

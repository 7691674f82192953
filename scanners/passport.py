"""Passport numbers as typed from the data page: the ICAO 9303 document number (DOMAIN.md §3.8).

The MRZ gives the document number nine positions of A–Z and 0–9 (filler '<' pads a shorter one);
Vietnamese (C1234567), Chinese (E12345678, EA1234567) and most other numbers have 6 to 9 characters.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from .errors import CheckedNumber, Reason, problem, require_valid

NUMBER = re.compile(r"^[A-Z0-9]{6,9}$")
SEPARATORS = re.compile(r"[\s.\-]")


@dataclass(frozen=True)
class Passport(CheckedNumber):
    """A passport number: `number` is upper-case, without spaces, dots or hyphens (the form the MRZ and the
    watchlists hold); valid when it can be an ICAO document number."""
    kind: str = "passport"


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

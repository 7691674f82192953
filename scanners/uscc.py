"""Chinese unified social credit code (USCC, GB 32100-2015): a Chinese company's 18-character tax code.

Digits 1–8 are digits (registering authority, kind, region); 9–17 the organisation code in an alphabet of
digits and the capital letters but I, O, S, V and Z; the 18th a mod-31 check character.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from stdnum.cn import uscc as stdnum_uscc

from .errors import CheckedNumber, Reason, problem, require_valid

BODY = re.compile(r"^[0-9]{8}[0-9A-HJ-NPQRTUWXY]{9}$")


@dataclass(frozen=True)
class Uscc(CheckedNumber):
    """A USCC: `number` holds its upper-case letters and digits only; valid when length, alphabet and check
    character are right."""
    kind: str = "uscc"


def compact(text: str) -> str:
    return "".join(c for c in text.upper() if c.isalnum())


def calc_check_digit(body: str) -> str:
    """The check character for the first 17 characters (already matching BODY)."""
    return stdnum_uscc.calc_check_digit(body)


def parse(text: str) -> Uscc:
    """Any text typed or read as a USCC; never raises."""
    if not isinstance(text, str):
        return Uscc(repr(text), "", False, (problem(text, "USCC", Reason.NOT_TEXT),))
    number = compact(text)
    if len(number) != 18:
        return Uscc(text, number, False, (problem(text, "USCC", Reason.USCC_LENGTH),))
    if not number.isascii() or not BODY.match(number[:17]):
        return Uscc(text, number, False, (problem(text, "USCC", Reason.USCC_FORMAT),))
    expected = calc_check_digit(number[:17])
    if number[17] != expected:
        return Uscc(text, number, False, (problem(text, "USCC", Reason.CHECK_DIGIT, expected=expected),))
    return Uscc(text, number, True)


def validate(text: str) -> Uscc:
    """The parsed USCC; raises InvalidCodeError when it is not valid."""
    return require_valid(parse(text))


def is_valid(text: str) -> bool:
    """Whether the USCC passes every check; never raises."""
    return parse(text).valid

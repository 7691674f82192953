"""Vietnamese tax code, MST (mã số thuế): 10 digits, or 13 with a branch suffix (DOMAIN.md §3.1)."""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from stdnum.vn import mst as stdnum_mst

from . import cccd
from .errors import Problem, Reason, problem, require_valid

SEPARATORS = re.compile(r"[\s.\-]")


@dataclass(frozen=True)
class Mst:
    raw: str
    """The tax code as written, e.g. '0314409058-002'."""
    mst: str
    """Digits only: 10, or 13 for a branch (12 for an individual's CCCD number used as tax code)."""
    valid: bool
    """Whether length, sequence, branch and check digit are right."""
    problems: tuple[Problem, ...] = field(default=())
    """Why it is not valid, one per failed check."""
    province: str = ""
    """Digits 1–2: province code at registration (unchanged when the company moves)."""
    branch: str = ""
    """The 3-digit branch suffix of a 13-digit code; empty for a parent company."""
    personal_id: bool = False
    """True for a 12-digit citizen ID used as an individual's tax code (from 1 July 2025)."""
    kind: str = "mst"

    @property
    def errors(self) -> tuple[str, ...]:
        return tuple(p.message for p in self.problems)

    def as_dict(self) -> dict[str, Any]:
        return {"kind": self.kind, "mst": self.mst, "valid": self.valid, "errors": list(self.errors),
                "province": self.province, "branch": self.branch, "personal_id": self.personal_id}


def compact(text: str) -> str:
    """The digits without spaces, dots or hyphens."""
    return SEPARATORS.sub("", text)


def calc_check_digit(body: str) -> str:
    """The check digit for digits 1–9; 'X' where none exists (the weighted sum is a multiple of 11)."""
    digit = stdnum_mst.calc_check_digit(body)
    return digit if len(digit) == 1 else "X"


def parse(text: str) -> Mst:
    """Any text typed or read as a tax code; never raises."""
    if not isinstance(text, str):
        return Mst(repr(text), "", False, (problem(text, "MST", Reason.NOT_TEXT),))
    number = compact(text)
    if not number.isascii() or not number.isdigit() or len(number) not in (10, 12, 13):
        return Mst(text, number, False, (problem(text, "MST", Reason.MST_LENGTH),))
    if len(number) == 12:
        person = cccd.parse_id(number)
        return Mst(text, number, person.valid, person.problems, personal_id=True)
    problems = []
    if number[2:9] == "0000000":
        problems.append(problem(text, "MST", Reason.MST_SEQUENCE))
    expected = calc_check_digit(number[:9])
    if expected == "X":
        problems.append(problem(text, "MST", Reason.MST_NO_CHECK_DIGIT, body=number[:9]))
    elif number[9] != expected:
        problems.append(problem(text, "MST", Reason.CHECK_DIGIT, expected=expected))
    if len(number) == 13 and number[10:] == "000":
        problems.append(problem(text, "MST", Reason.MST_BRANCH))
    return Mst(text, number, not problems, tuple(problems), number[:2], number[10:])


def validate(text: str) -> Mst:
    """The parsed tax code; raises InvalidCodeError naming every failed check when it is not valid."""
    return require_valid(parse(text))


def is_valid(text: str) -> bool:
    """Whether the tax code passes every check; never raises."""
    return parse(text).valid

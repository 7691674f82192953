"""ISO 6346 container numbers: owner, category, serial and check digit (DOMAIN.md §3.5)."""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from stdnum import iso6346

from .errors import Problem, Reason, problem, require_valid

FORMAT = re.compile(r"^[A-Z]{3}[UJZ][0-9]{7}$")
SEPARATORS = re.compile(r"[\s\-./]")


@dataclass(frozen=True)
class Container:
    raw: str
    """The number as written, e.g. 'CSQU 305438 3'."""
    number: str
    """Compact, upper-case: 'CSQU3054383'."""
    valid: bool
    """Whether format and check digit are right."""
    problems: tuple[Problem, ...] = field(default=())
    """Why it is not valid, one per failed check."""
    owner: str = ""
    """Three-letter owner code registered with the BIC."""
    category: str = ""
    """Equipment category: U freight container, J detachable equipment, Z trailer or chassis."""
    serial: str = ""
    """Six-digit serial number."""
    kind: str = "container"

    @property
    def errors(self) -> tuple[str, ...]:
        return tuple(p.message for p in self.problems)

    def as_dict(self) -> dict[str, Any]:
        return {"kind": self.kind, "number": self.number, "valid": self.valid, "errors": list(self.errors),
                "owner": self.owner, "category": self.category, "serial": self.serial}


def calc_check_digit(body: str) -> str:
    """The check digit for owner, category and serial (letters skip multiples of 11; weights 2^i)."""
    return iso6346.calc_check_digit(body)


def parse(text: str) -> Container:
    """Any text typed or read as a container number; never raises."""
    if not isinstance(text, str):
        return Container(repr(text), "", False, (problem(text, "container number", Reason.NOT_TEXT),))
    number = SEPARATORS.sub("", text).upper()
    if not FORMAT.match(number):
        return Container(text, number, False, (problem(text, "container number", Reason.CONTAINER_FORMAT),))
    parts = {"owner": number[:3], "category": number[3], "serial": number[4:10]}
    expected = calc_check_digit(number[:10])
    if number[10] != expected:
        return Container(text, number, False, (problem(text, "container number", Reason.CHECK_DIGIT,
                                                       expected=expected),), **parts)
    return Container(text, number, True, (), **parts)


def validate(text: str) -> Container:
    """The parsed container number; raises InvalidCodeError naming every failed check when it is not valid."""
    return require_valid(parse(text))


def is_valid(text: str) -> bool:
    """Whether the container number passes every check; never raises."""
    return parse(text).valid

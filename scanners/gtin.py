"""GTIN-8/12/13/14: check digit and the GS1 prefix's member organisation (DOMAIN.md §3.2–3.3).

The prefix names the GS1 organisation that licensed the company prefix, not where the goods were made.
"""
from __future__ import annotations

import csv
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from typing import Any

from stdnum import ean

from .errors import Problem, Reason, problem, require_valid


@dataclass(frozen=True)
class Prefix:
    start: str
    """First prefix of the range, three digits."""
    end: str
    """Last prefix of the range, three digits."""
    organisation: str
    """The GS1 member organisation (or use, such as ISBN or coupons) the range belongs to."""
    country: str
    """ISO 3166 alpha-2 code of the organisation's country; empty for ranges that are not a country's."""


@dataclass(frozen=True)
class Gtin:
    raw: str
    """The digits as the symbol carries them."""
    gtin: str
    """GTIN-14, left-padded with zeros: the canonical stored form (empty when the digits are unusable)."""
    valid: bool
    """Whether the length and the check digit are right."""
    problems: tuple[Problem, ...] = field(default=())
    """Why it is not valid, one per failed check."""
    gs1_prefix: str = ""
    """The three-digit GS1 prefix."""
    prefix_organisation: str = ""
    """The GS1 member organisation that licensed the prefix."""
    prefix_country: str = ""
    """That organisation's ISO alpha-2 country, where it is a country's."""
    kind: str = "gtin"

    @property
    def errors(self) -> tuple[str, ...]:
        return tuple(p.message for p in self.problems)

    def as_dict(self) -> dict[str, Any]:
        return {"kind": self.kind, "gtin": self.gtin, "valid": self.valid, "errors": list(self.errors),
                "gs1_prefix": self.gs1_prefix, "prefix_organisation": self.prefix_organisation,
                "prefix_country": self.prefix_country}


@lru_cache(maxsize=1)
def prefixes() -> tuple[Prefix, ...]:
    """The prefix table of data/gs1_prefixes.csv."""
    with resources.files(__package__).joinpath("data/gs1_prefixes.csv").open(encoding="utf-8") as f:
        return tuple(Prefix(r["start"], r["end"], r["organisation"], r["country"]) for r in csv.DictReader(f))


def lookup(prefix: str) -> Prefix | None:
    """The range a three-digit prefix falls in, or None for an unassigned prefix."""
    return next((p for p in prefixes() if p.start <= prefix <= p.end), None)


def calc_check_digit(body: str) -> str:
    """The mod-10 check digit (weights 3, 1 from the right) for the digits before it."""
    return ean.calc_check_digit(body)


def expand_upce(digits: str) -> str:
    """The UPC-A (GTIN-12) a UPC-E symbol stands for: number system, six digits, check digit."""
    ns, d, check = digits[0], digits[1:7], digits[7]
    last = d[5]
    if last in "012":
        body = d[0:2] + last + "0000" + d[2:5]
    elif last == "3":
        body = d[0:3] + "00000" + d[3:5]
    elif last == "4":
        body = d[0:4] + "00000" + d[4]
    else:
        body = d[0:5] + "0000" + last
    return ns + body + check


def parse(raw: str, upce: bool = False) -> Gtin:
    """Any GTIN; with upce=True eight digits are read as a UPC-E symbol (number system 0 or 1)."""
    digits = raw.strip() if isinstance(raw, str) else ""
    if not digits.isascii() or not digits.isdigit() or len(digits) not in (8, 12, 13, 14):
        return Gtin(raw, "", False, (problem(raw, "GTIN", Reason.GTIN_LENGTH),))
    if upce:
        if len(digits) != 8 or digits[0] not in "01":
            return Gtin(raw, "", False, (problem(raw, "UPC-E", Reason.UPCE_FORMAT),))
        digits = expand_upce(digits)
    gtin = digits.zfill(14)
    found = lookup(digits[:3] if len(digits) == 8 else gtin[1:4])
    where = {"gs1_prefix": digits[:3] if len(digits) == 8 else gtin[1:4],
             "prefix_organisation": found.organisation if found else "",
             "prefix_country": found.country if found else ""}
    expected = calc_check_digit(digits[:-1])
    if digits[-1] != expected:
        return Gtin(raw, gtin, False, (problem(raw, "GTIN", Reason.CHECK_DIGIT, expected=expected),), **where)
    return Gtin(raw, gtin, True, (), **where)


def validate(raw: str, upce: bool = False) -> Gtin:
    """The parsed GTIN; raises InvalidCodeError naming every failed check when it is not valid."""
    return require_valid(parse(raw, upce))


def is_valid(raw: str, upce: bool = False) -> bool:
    """Whether the GTIN passes every check; never raises."""
    return parse(raw, upce).valid

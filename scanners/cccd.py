"""Vietnamese citizen ID (CCCD) numbers and the QR on the chip card (DOMAIN.md §3.9).

The number has no public check digit; its structure (province, sex and century, birth year) is what
can be cross-checked against the QR's date of birth and sex.
"""
from __future__ import annotations

import csv
import re
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from importlib import resources
from typing import Any

from .errors import Problem, Reason, problem, require_valid

QR = "CCCD QR"
ID = re.compile(r"^[0-9]{12}$")
OLD_ID = re.compile(r"^([0-9]{9})?$")
SEXES = ("Nam", "Nữ")
# Province codes of birth registration run from Hà Nội 001 to Cà Mau 096 (with gaps: data/cccd_provinces.csv).
FIRST_PROVINCE, LAST_PROVINCE = "001", "096"


@dataclass(frozen=True)
class CccdNumber:
    raw: str
    """The 12 digits."""
    valid: bool
    """Whether it has the structure of a CCCD number (there is no check digit)."""
    problems: tuple[Problem, ...] = field(default=())
    """Why it is not valid."""
    province: str = ""
    """Digits 1–3: province or city of birth registration (Lạng Sơn 020)."""
    province_name: str = ""
    """That province's name, where data/cccd_provinces.csv knows it."""
    sex: str = ""
    """'Nam' or 'Nữ', from the parity of digit 4."""
    birth_year: int = 0
    """Century from digit 4, year from digits 5–6."""

    @property
    def errors(self) -> tuple[str, ...]:
        return tuple(p.message for p in self.problems)


@dataclass(frozen=True)
class Cccd:
    raw: str
    """The QR content, byte-exact: fields separated by '|'."""
    valid: bool
    """Whether the fields are complete and agree with the ID number."""
    problems: tuple[Problem, ...] = field(default=())
    """Why it is not valid, one per failed cross-check."""
    id_number: str = ""
    """Field 1: the 12-digit CCCD number."""
    old_id: str = ""
    """Field 2: the 9-digit CMND number, often empty."""
    name: str = ""
    """Field 3: full name as printed."""
    birth_date: str = ""
    """Field 4 as an ISO date (ddmmyyyy on the card); empty when it is not a date."""
    sex: str = ""
    """Field 5: 'Nam' or 'Nữ'."""
    address: str = ""
    """Field 6: permanent address."""
    issue_date: str = ""
    """Field 7 as an ISO date; empty when it is not a date."""
    province: str = ""
    """The ID number's province code."""
    province_name: str = ""
    """That province's name, where known."""
    kind: str = "cccd"

    @property
    def errors(self) -> tuple[str, ...]:
        return tuple(p.message for p in self.problems)

    def as_dict(self) -> dict[str, Any]:
        return {"kind": self.kind, "valid": self.valid, "errors": list(self.errors), "id_number": self.id_number,
                "old_id": self.old_id, "name": self.name, "birth_date": self.birth_date, "sex": self.sex,
                "address": self.address, "issue_date": self.issue_date, "province": self.province,
                "province_name": self.province_name}


@lru_cache(maxsize=1)
def provinces() -> dict[str, str]:
    with resources.files(__package__).joinpath("data/cccd_provinces.csv").open(encoding="utf-8") as f:
        return {r["code"]: r["name"] for r in csv.DictReader(f)}


def parse_id(number: str) -> CccdNumber:
    """A 12-digit citizen ID number; never raises."""
    if not isinstance(number, str) or not number.isascii() or not ID.match(number):
        return CccdNumber(str(number), False, (problem(number, "CCCD", Reason.CCCD_LENGTH),))
    if not FIRST_PROVINCE <= number[:3] <= LAST_PROVINCE:
        return CccdNumber(number, False, (problem(number, "CCCD", Reason.CCCD_PROVINCE, code=number[:3]),))
    century = 1900 + 100 * (int(number[3]) // 2)
    return CccdNumber(number, True, (), number[:3], provinces().get(number[:3], ""), SEXES[int(number[3]) % 2],
                      century + int(number[4:6]))


def _date(text: str) -> date | None:
    if len(text) != 8 or not text.isascii() or not text.isdigit():
        return None
    try:
        return date(int(text[4:]), int(text[2:4]), int(text[:2]))
    except ValueError:
        return None


def parse(text: str) -> Cccd:
    """The chip card's QR text: ID|old ID|name|DOB ddmmyyyy|sex|address|issue date[|more]; never raises."""
    if not isinstance(text, str):
        return Cccd(repr(text), False, (problem(text, QR, Reason.NOT_TEXT),))
    fields = text.split("|")
    if len(fields) < 7:
        return Cccd(text, False, (problem(text, QR, Reason.CCCD_QR_FIELDS, count=len(fields)),))
    id_number, old_id, name, dob, sex, address, issued = (f.strip() for f in fields[:7])
    person = parse_id(id_number)
    problems = list(person.problems)
    if not OLD_ID.match(old_id):
        problems.append(problem(text, QR, Reason.CCCD_QR_OLD_ID, value=repr(old_id)))
    birth, issue = _date(dob), _date(issued)
    if birth is None:
        problems.append(problem(text, QR, Reason.CCCD_QR_BIRTH_DATE, value=repr(dob)))
    elif person.valid and birth.year != person.birth_year:
        problems.append(problem(text, QR, Reason.CCCD_QR_BIRTH_YEAR, found=birth.year, expected=person.birth_year))
    if sex not in SEXES:
        problems.append(problem(text, QR, Reason.CCCD_QR_SEX, value=repr(sex)))
    elif person.valid and sex != person.sex:
        problems.append(problem(text, QR, Reason.CCCD_QR_SEX_MISMATCH, found=sex, expected=person.sex))
    if issue is None:
        problems.append(problem(text, QR, Reason.CCCD_QR_ISSUE_DATE, value=repr(issued)))
    return Cccd(text, not problems, tuple(problems), id_number, old_id, name, birth.isoformat() if birth else "", sex,
                address, issue.isoformat() if issue else "", person.province, person.province_name)


def validate(text: str) -> Cccd:
    """The parsed chip-card QR; raises InvalidCodeError naming every failed check when it is not valid."""
    return require_valid(parse(text))


def is_valid(text: str) -> bool:
    """Whether the chip-card QR passes every check; never raises."""
    return parse(text).valid

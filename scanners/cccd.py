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

from .errors import require_valid

ID = re.compile(r"^[0-9]{12}$")
OLD_ID = re.compile(r"^([0-9]{9})?$")
SEXES = ("Nam", "Nữ")


@dataclass(frozen=True)
class CccdNumber:
    raw: str
    """The 12 digits."""
    valid: bool
    """Whether it has the structure of a CCCD number (there is no check digit)."""
    errors: tuple[str, ...] = field(default=())
    """Why it is not valid."""
    province: str = ""
    """Digits 1–3: province or city of birth registration (Lạng Sơn 020)."""
    province_name: str = ""
    """That province's name, where data/cccd_provinces.csv knows it."""
    sex: str = ""
    """'Nam' or 'Nữ', from the parity of digit 4."""
    birth_year: int = 0
    """Century from digit 4, year from digits 5–6."""


@dataclass(frozen=True)
class Cccd:
    raw: str
    """The QR content, byte-exact: fields separated by '|'."""
    valid: bool
    """Whether the fields are complete and agree with the ID number."""
    errors: tuple[str, ...] = field(default=())
    """Why it is not valid, one message per failed cross-check."""
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
        return CccdNumber(str(number), False, (f"Failed to parse {number!r} as CCCD: expected exactly 12 digits.",))
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
        return Cccd(repr(text), False, (f"Failed to parse {text!r} as CCCD QR: not text.",))
    fields = text.split("|")
    if len(fields) < 7:
        return Cccd(text, False, (
            f"Failed to parse {text!r} as CCCD QR: expected at least 7 '|'-separated fields, got {len(fields)}.",))
    id_number, old_id, name, dob, sex, address, issued = (f.strip() for f in fields[:7])
    person = parse_id(id_number)
    errors = list(person.errors)
    if not OLD_ID.match(old_id):
        errors.append(f"Failed to parse {text!r} as CCCD QR: old ID {old_id!r} should be 9 digits or empty.")
    birth, issue = _date(dob), _date(issued)
    if birth is None:
        errors.append(f"Failed to parse {text!r} as CCCD QR: date of birth {dob!r} is not ddmmyyyy.")
    elif person.valid and birth.year != person.birth_year:
        errors.append(f"Failed to parse {text!r} as CCCD QR: birth year {birth.year} disagrees with the ID "
                      f"number, which says {person.birth_year}.")
    if sex not in SEXES:
        errors.append(f"Failed to parse {text!r} as CCCD QR: sex {sex!r} should be Nam or Nữ.")
    elif person.valid and sex != person.sex:
        errors.append(f"Failed to parse {text!r} as CCCD QR: sex {sex} disagrees with the ID number, which says "
                      f"{person.sex}.")
    if issue is None:
        errors.append(f"Failed to parse {text!r} as CCCD QR: issue date {issued!r} is not ddmmyyyy.")
    return Cccd(text, not errors, tuple(errors), id_number, old_id, name, birth.isoformat() if birth else "", sex,
                address, issue.isoformat() if issue else "", person.province, person.province_name)


def validate(text: str) -> Cccd:
    """The parsed chip-card QR; raises InvalidCodeError naming every failed check when it is not valid."""
    return require_valid(parse(text))


def is_valid(text: str) -> bool:
    """Whether the chip-card QR passes every check; never raises."""
    return parse(text).valid

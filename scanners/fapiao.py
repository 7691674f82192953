"""Chinese VAT invoice (fapiao) QR payloads, including the fully digitalised 数电 form (DOMAIN.md §3.10).

The QR only says which invoice to look up; whether it exists is checked online at the State Taxation
Administration, not here.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from .errors import Problem, Reason, problem, require_valid

TYPES = {"01": "增值税专用发票", "04": "增值税普通发票", "10": "增值税电子普通发票", "11": "增值税普通发票(卷票)",
         "14": "增值税电子专用发票", "31": "数电票(增值税专用发票)", "32": "数电票(普通发票)"}
FULLY_DIGITAL = {"31", "32"}
AMOUNT = re.compile(r"^[0-9]+(\.[0-9]{1,2})?$")


@dataclass(frozen=True)
class Fapiao:
    raw: str
    """The QR content, byte-exact: comma-separated fields."""
    valid: bool
    """Whether every field has its expected shape."""
    problems: tuple[Problem, ...] = field(default=())
    """Why it is not valid, one message per failed field."""
    version: str = ""
    """Field 1, '01'."""
    type_code: str = ""
    """Field 2: invoice type (04 ordinary, 10 electronic ordinary, 31/32 fully digitalised …)."""
    type_name: str = ""
    """The type's Chinese name, where known."""
    invoice_code: str = ""
    """Field 3, 发票代码: 10 or 12 digits; empty on 数电 invoices."""
    invoice_number: str = ""
    """Field 4, 发票号码: 8 digits, 20 on 数电 invoices."""
    amount: str = ""
    """Field 5 as printed (pre-tax or total, depending on the type)."""
    issue_date: str = ""
    """Field 6 as an ISO date (YYYYMMDD in the QR)."""
    check_code: str = ""
    """Field 7, 校验码: 20 digits, or empty."""
    kind: str = "fapiao"

    @property
    def errors(self) -> tuple[str, ...]:
        return tuple(p.message for p in self.problems)

    def as_dict(self) -> dict[str, Any]:
        return {"kind": self.kind, "valid": self.valid, "errors": list(self.errors), "version": self.version,
                "type_code": self.type_code, "type_name": self.type_name, "invoice_code": self.invoice_code,
                "invoice_number": self.invoice_number, "amount": self.amount, "issue_date": self.issue_date,
                "check_code": self.check_code}


WHAT = "fapiao QR"


def _digits(text: str, *lengths: int) -> bool:
    return text.isascii() and text.isdigit() and len(text) in lengths


def parse(text: str) -> Fapiao:
    """version,type,code,number,amount,YYYYMMDD,check code[,crc][,]; never raises."""
    if not isinstance(text, str):
        return Fapiao(repr(text), False, (problem(text, WHAT, Reason.NOT_TEXT),))
    fields = [f.strip() for f in text.strip().split(",")]
    if len(fields) < 7:
        return Fapiao(text, False, (problem(text, WHAT, Reason.FAPIAO_FIELDS, count=len(fields)),))
    version, type_code, code, number, amount, issued, check = fields[:7]
    problems = []

    def fail(reason: Reason, value: str) -> None:
        problems.append(problem(text, WHAT, reason, value=repr(value)))

    if version != "01":
        fail(Reason.FAPIAO_VERSION, version)
    if not _digits(type_code, 2):
        fail(Reason.FAPIAO_TYPE, type_code)
    if type_code in FULLY_DIGITAL:
        if code:
            fail(Reason.FAPIAO_DIGITAL_CODE, code)
        if not _digits(number, 20):
            fail(Reason.FAPIAO_DIGITAL_NUMBER, number)
    else:
        if not _digits(code, 10, 12):
            fail(Reason.FAPIAO_CODE, code)
        if not _digits(number, 8):
            fail(Reason.FAPIAO_NUMBER, number)
    if not AMOUNT.match(amount):
        fail(Reason.FAPIAO_AMOUNT, amount)
    day = None
    if _digits(issued, 8):
        try:
            day = date(int(issued[:4]), int(issued[4:6]), int(issued[6:]))
        except ValueError:
            day = None
    if day is None:
        fail(Reason.FAPIAO_DATE, issued)
    if check and not _digits(check, 20):
        fail(Reason.FAPIAO_CHECK_CODE, check)
    return Fapiao(text, not problems, tuple(problems), version, type_code, TYPES.get(type_code, ""), code, number,
                  amount, day.isoformat() if day else "", check)


def validate(text: str) -> Fapiao:
    """The parsed fapiao QR; raises InvalidCodeError naming every failed check when it is not valid."""
    return require_valid(parse(text))


def is_valid(text: str) -> bool:
    """Whether the fapiao QR passes every check; never raises."""
    return parse(text).valid

"""Chinese VAT invoice (fapiao) QR payloads, including the fully digitalised 数电 form (DOMAIN.md §3.10).

The QR only says which invoice to look up; whether it exists is checked online at the State Taxation
Administration, not here.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from .errors import require_valid

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
    errors: tuple[str, ...] = field(default=())
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

    def as_dict(self) -> dict[str, Any]:
        return {"kind": self.kind, "valid": self.valid, "errors": list(self.errors), "version": self.version,
                "type_code": self.type_code, "type_name": self.type_name, "invoice_code": self.invoice_code,
                "invoice_number": self.invoice_number, "amount": self.amount, "issue_date": self.issue_date,
                "check_code": self.check_code}


def _digits(text: str, *lengths: int) -> bool:
    return text.isascii() and text.isdigit() and len(text) in lengths


def parse(text: str) -> Fapiao:
    """version,type,code,number,amount,YYYYMMDD,check code[,crc][,]; never raises."""
    if not isinstance(text, str):
        return Fapiao(repr(text), False, (f"Failed to parse {text!r} as fapiao QR: not text.",))
    fields = [f.strip() for f in text.strip().split(",")]
    if len(fields) < 7:
        return Fapiao(text, False, (
            f"Failed to parse {text!r} as fapiao QR: expected at least 7 comma-separated fields, got {len(fields)}.",))
    version, type_code, code, number, amount, issued, check = fields[:7]
    errors = []
    fail = f"Failed to parse {text!r} as fapiao QR"
    if version != "01":
        errors.append(f"{fail}: version should be 01, not {version!r}.")
    if not _digits(type_code, 2):
        errors.append(f"{fail}: invoice type {type_code!r} should be 2 digits.")
    if type_code in FULLY_DIGITAL:
        if code:
            errors.append(f"{fail}: a fully digitalised invoice has an empty invoice code, not {code!r}.")
        if not _digits(number, 20):
            errors.append(f"{fail}: a fully digitalised invoice number has 20 digits, not {number!r}.")
    else:
        if not _digits(code, 10, 12):
            errors.append(f"{fail}: invoice code {code!r} should be 10 or 12 digits.")
        if not _digits(number, 8):
            errors.append(f"{fail}: invoice number {number!r} should be 8 digits.")
    if not AMOUNT.match(amount):
        errors.append(f"{fail}: amount {amount!r} is not a decimal number.")
    day = None
    if _digits(issued, 8):
        try:
            day = date(int(issued[:4]), int(issued[4:6]), int(issued[6:]))
        except ValueError:
            day = None
    if day is None:
        errors.append(f"{fail}: date {issued!r} must be YYYYMMDD.")
    if check and not _digits(check, 20):
        errors.append(f"{fail}: check code {check!r} should be 20 digits or empty.")
    return Fapiao(text, not errors, tuple(errors), version, type_code, TYPES.get(type_code, ""), code, number,
                  amount, day.isoformat() if day else "", check)


def validate(text: str) -> Fapiao:
    """The parsed fapiao QR; raises InvalidCodeError naming every failed check when it is not valid."""
    return require_valid(parse(text))


def is_valid(text: str) -> bool:
    """Whether the fapiao QR passes every check; never raises."""
    return parse(text).valid

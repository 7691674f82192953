"""Vietnamese e-invoice form number and symbol, e.g. '1C23TAA' (Decree 123/2020, Circular 78/2021; §3.11).

Providers print QR codes in their own formats; a symbol found in one is an untrusted hint to re-key.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from .errors import Problem, Reason, problem, require_valid

FORMS = {"1": "VAT invoice", "2": "sales invoice", "3": "sale of public assets",
         "4": "sale of national reserve goods", "5": "other (stamps, tickets, cards, receipts)",
         "6": "documents managed as invoices", "7": "electronic commercial invoice",
         "8": "VAT invoice with fee or tax receipt", "9": "sales invoice with receipt"}
# Circular 78/2021's letters; Circular 32/2025 may add some (DOMAIN.md says UNVERIFIED), so keep them here.
TYPE_LETTERS = "TDLMNBGH"
SYMBOL = re.compile(
    rf"^(?P<form>[0-9])?(?P<code>[CK])(?P<yy>[0-9]{{2}})(?P<type>[{TYPE_LETTERS}])(?P<seller>[A-Z]{{2}})$")
SYMBOL_IN_TEXT = re.compile(rf"(?<![A-Z0-9])[1-9][CK][0-9]{{2}}[{TYPE_LETTERS}][A-Z]{{2}}(?![A-Z0-9])")


@dataclass(frozen=True)
class InvoiceSymbol:
    raw: str
    """The form number and symbol as printed, e.g. '1C23TAA'."""
    valid: bool
    """Whether the pattern is right and, when the issue year is known, YY matches it."""
    problems: tuple[Problem, ...] = field(default=())
    """Why it is not valid."""
    form: str = ""
    """Form number (ký hiệu mẫu số): 1 VAT invoice, 2 sales invoice …"""
    form_name: str = ""
    """What the form number means."""
    has_tax_code: bool = False
    """C: the invoice carries the tax authority's code (MCCQT); K: it does not."""
    year: int = 0
    """The year the invoice was issued, from YY."""
    type_letter: str = ""
    """T registered by enterprises, D public assets, L tax authority, M cash register, N/B delivery notes …"""
    seller_series: str = ""
    """The two letters the seller chose."""
    kind: str = "vn_einvoice"

    @property
    def errors(self) -> tuple[str, ...]:
        return tuple(p.message for p in self.problems)

    def as_dict(self) -> dict[str, Any]:
        return {"kind": self.kind, "symbol": self.raw, "valid": self.valid, "errors": list(self.errors),
                "form": self.form, "form_name": self.form_name, "has_tax_code": self.has_tax_code,
                "year": self.year, "type_letter": self.type_letter, "seller_series": self.seller_series}


WHAT = "e-invoice symbol"


def parse(text: str, issue_year: int | None = None) -> InvoiceSymbol:
    """'1C23TAA' (or the 6-character symbol alone); with issue_year, YY must equal it. Never raises."""
    if not isinstance(text, str):
        return InvoiceSymbol(repr(text), False, (problem(text, WHAT, Reason.NOT_TEXT),))
    m = SYMBOL.match(text.strip().upper())
    if not m:
        return InvoiceSymbol(text, False, (problem(text, WHAT, Reason.EINVOICE_FORMAT,
                                                   letters="|".join(TYPE_LETTERS)),))
    year = 2000 + int(m["yy"])
    problems = []
    if issue_year is not None and year != issue_year:
        problems.append(problem(text, WHAT, Reason.EINVOICE_YEAR, yy=m["yy"], year=issue_year))
    form = m["form"] or ""
    return InvoiceSymbol(text, not problems, tuple(problems), form, FORMS.get(form, ""), m["code"] == "C", year,
                         m["type"], m["seller"])


def find(text: str) -> InvoiceSymbol | None:
    """The first form-and-symbol token in a provider's QR text, if it holds one."""
    m = SYMBOL_IN_TEXT.search(text.upper()) if isinstance(text, str) else None
    return parse(m.group(0)) if m else None


def validate(text: str, issue_year: int | None = None) -> InvoiceSymbol:
    """The parsed e-invoice symbol; raises InvalidCodeError naming every failed check when it is not valid."""
    return require_valid(parse(text, issue_year))


def is_valid(text: str, issue_year: int | None = None) -> bool:
    """Whether the e-invoice symbol passes every check; never raises."""
    return parse(text, issue_year).valid

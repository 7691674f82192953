"""Check digits of what the officer typed and what the codes carry (CHECK_DIGIT_INVALID).

Messages are built from msgids and our own values only: the libraries' reasons are English sentences,
which would reach a Vietnamese officer untranslated.
"""
from __future__ import annotations

from typing import Any

from stdnum import iso6346

from scanners import gtin, mst

from .. import i18n
from ..errors import N_
from ..models import Finding, Shipment
from ..screening import identifier_problem, normalise_tax_code
from . import Context, finding, papers, payloads, rule, value

TAX_CODE_FIELDS = (("invoice", "buyer_tax_code"), ("declaration", "importer_tax_code"))
# What each identifier is called in a message, by the evidence's kind (scanners' payload kinds and ours).
KIND_NAMES = {"container": N_("container number"), "tax_code": N_("tax code"), "gtin": N_("GTIN"),
              "gs1": N_("GS1 code"), "gs1_digital_link": N_("GS1 Digital Link"),
              "mrz": N_("machine-readable zone"), "cccd": N_("citizen ID (CCCD) code"), "fapiao": N_("fapiao code"),
              "vn_einvoice": N_("e-invoice code")}


def invalid(kind: str, value: str, expected: str = "") -> Finding:
    """expected: the right check digit, where the check digit is what fails and one exists."""
    name = i18n.both(KIND_NAMES.get(kind, N_("identifier")))
    if expected:
        return finding("CHECK_DIGIT_INVALID", "medium", N_("The %(kind)s %(value)s fails its check: the check "
                                                           "digit should be %(expected)s"),
                       {"kind": name, "value": value, "expected": expected}, kind=kind, value=value)
    return finding("CHECK_DIGIT_INVALID", "medium", N_("The %(kind)s %(value)s fails its check"),
                   {"kind": name, "value": value}, kind=kind, value=value)


@rule
def container_number(shipment: Shipment, _context: Context) -> list[Finding]:
    if not shipment.container or iso6346.is_valid(shipment.container):
        return []
    return [invalid("container", shipment.container)]


@rule
def decoded_payloads(shipment: Shipment, _context: Context) -> list[Finding]:
    return [invalid(payload["kind"], code.text, gtin_check_digit(payload)) for code, payload in payloads(shipment)
            if not code.payload.valid]


def gtin_check_digit(payload: dict[str, Any]) -> str:
    """The right check digit of a GTIN payload whose digits are usable (GTIN-14, UPC-E expanded), else ''."""
    digits = payload.get("gtin") if payload["kind"] == "gtin" else None
    if not isinstance(digits, str) or len(digits) != 14 or not digits.isascii() or not digits.isdigit():
        return ""
    return gtin.calc_check_digit(digits[:-1])


def tax_code_check_digit(text: str) -> str:
    """The right check digit of a 10- or 13-digit tax code whose check digit is wrong, else ''."""
    digits = normalise_tax_code(text)
    if len(digits) not in (10, 13):
        return ""
    expected = mst.calc_check_digit(digits[:9])
    return expected if expected not in ("X", digits[9]) else ""


@rule
def paper_tax_codes(shipment: Shipment, _context: Context) -> list[Finding]:
    """Tax codes (MST) read from the papers: a wrong check digit is a misreading or a made-up party."""
    return [invalid("tax_code", str(tax_code), tax_code_check_digit(str(tax_code)))
            for doc_type, name in TAX_CODE_FIELDS for paper in papers(shipment, doc_type)
            if (tax_code := value(paper, name)) and identifier_problem("tax_code", str(tax_code))]

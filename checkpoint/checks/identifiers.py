"""Check digits of what the officer typed and what the codes carry (CHECK_DIGIT_INVALID).

Messages are built from msgids and our own values only: the libraries' reasons are English sentences,
which would reach a Vietnamese officer untranslated.
"""
from __future__ import annotations

from typing import Any

from scanners import Coded, Reason, container, gtin, mst, uscc

from .. import i18n
from ..errors import N_
from ..models import Finding, Shipment
from ..watchlist.screening import identifier_problem, normalise_tax_code
from . import Context, finding, judged, papers, payloads, reading, rule

TAX_CODE_FIELDS = (("invoice", "buyer_tax_code"), ("declaration", "importer_tax_code"))
# What each identifier is called in a message, by the evidence's kind (scanners' payload kinds and ours).
KIND_NAMES = {"container": N_("container number"), "tax_code": N_("tax code"),
              "uscc": N_("Chinese unified social credit code"), "gtin": N_("GTIN"),
              "gs1": N_("GS1 code"), "gs1_digital_link": N_("GS1 Digital Link"),
              "mrz": N_("machine-readable zone"), "cccd": N_("citizen ID (CCCD) code"), "fapiao": N_("fapiao code"),
              "vn_einvoice": N_("e-invoice code")}


def invalid(kind: str, value: str, expected: str = "") -> Finding:
    """expected: the right check digit, where the check digit is what fails and one exists."""
    return finding("CHECK_DIGIT_INVALID", "medium", *message_of(kind, value, expected), kind=kind, value=value)


@rule
def container_number(shipment: Shipment, _context: Context) -> list[Finding]:
    if not shipment.container or container.is_valid(shipment.container):
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


def _check_digit(result: Coded) -> str:
    """The right check digit when that is what scanners found wrong, else ''."""
    wrong = [p for p in result.problems if p.reason is Reason.CHECK_DIGIT]
    return wrong[0].values["expected"] if wrong else ""


def tax_code_check_digit(text: str) -> str:
    """The right check digit of a tax code whose check digit is wrong (read with O as 0, I as 1), else ''."""
    return _check_digit(mst.parse(normalise_tax_code(text)))


def tax_code_problem(text: str) -> tuple[str, str] | None:
    """(kind, right check digit or '') when a tax code fails its check. A Chinese party's tax code is its
    18-character unified social credit code (USCC, GB 32100-2015), checked as such, not as an MST."""
    if len(uscc.compact(text)) == 18:
        parsed = uscc.parse(text)
        return None if parsed.valid else ("uscc", _check_digit(parsed))
    if identifier_problem("tax_code", text):
        return "tax_code", tax_code_check_digit(text)
    return None


@rule
def paper_tax_codes(shipment: Shipment, _context: Context) -> list[Finding]:
    """Tax codes read from the papers: a wrong check digit is a misreading or a made-up party; a low note
    when the code was read unsurely."""
    findings = []
    for doc_type, name in TAX_CODE_FIELDS:
        for paper in papers(shipment, doc_type):
            found = reading(paper, name)
            problem = found and tax_code_problem(str(found.value))
            if found and problem:
                findings.append(judged("CHECK_DIGIT_INVALID", "medium", *message_of(problem[0], str(found.value),
                                                                                    problem[1]), (found,),
                                       kind=problem[0], value=str(found.value)))
    return findings


def message_of(kind: str, value: str, expected: str) -> tuple[str, dict[str, Any]]:
    name = i18n.both(KIND_NAMES.get(kind, N_("identifier")))
    if expected:
        return (N_("The %(kind)s %(value)s fails its check: the check digit should be %(expected)s"),
                {"kind": name, "value": value, "expected": expected})
    return N_("The %(kind)s %(value)s fails its check"), {"kind": name, "value": value}

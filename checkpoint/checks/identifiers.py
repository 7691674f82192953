"""Check digits of what the officer typed and what the codes carry (CHECK_DIGIT_INVALID)."""
from __future__ import annotations

from stdnum import iso6346
from stdnum.exceptions import ValidationError

from .. import i18n
from ..errors import N_
from ..models import Finding, Shipment
from ..screening import identifier_problem
from . import Context, papers, rule, value

TAX_CODE_FIELDS = (("invoice", "buyer_tax_code"), ("declaration", "importer_tax_code"))


def invalid(kind: str, value: str, reason: str) -> Finding:
    return Finding("CHECK_DIGIT_INVALID", "medium",
                   i18n.both(N_("The %(kind)s %(value)s fails its check: %(reason)s"),
                             {"kind": kind, "value": value, "reason": reason}),
                   {"kind": kind, "value": value})


@rule
def container_number(shipment: Shipment, _context: Context) -> list[Finding]:
    if not shipment.container:
        return []
    try:
        iso6346.validate(shipment.container)
    except ValidationError:
        return [invalid("container", shipment.container, "ISO 6346")]
    return []


@rule
def decoded_payloads(shipment: Shipment, _context: Context) -> list[Finding]:
    return [invalid(code.payload.kind, code.text, "; ".join(getattr(code.payload, "errors", ())))
            for code in shipment.codes if not code.payload.valid]


@rule
def paper_tax_codes(shipment: Shipment, _context: Context) -> list[Finding]:
    """Tax codes (MST) read from the papers: a wrong check digit is a misreading or a made-up party."""
    findings = []
    for doc_type, name in TAX_CODE_FIELDS:
        for paper in papers(shipment, doc_type):
            tax_code = value(paper, name)
            problem = tax_code and identifier_problem("tax_code", str(tax_code))
            if problem:
                findings.append(invalid("tax_code", str(tax_code), problem))
    return findings

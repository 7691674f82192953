"""Cross-document consistency: invoice ↔ C/O ↔ packing list ↔ declaration (DOMAIN.md §1.4.1–1.4.5).

Each rule compares one field across the papers that carry it and reports each disagreeing pair once,
with both values as evidence; a paper that lacks the field is not a disagreement.
"""
from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from typing import Any

import ocr

from .. import i18n
from ..errors import N_
from ..models import Finding, Shipment
from ..screening import compact, fold, name_key, name_similarity, normalise_tax_code
from . import Context, entries, finding, first, papers, rule, value
from .origin import ticked

PAPER_NAMES = {"invoice": N_("commercial invoice"), "co": N_("C/O"), "packing_list": N_("packing list"),
               "declaration": N_("customs declaration")}
TO_ORDER = ("to order", "to the order of")


def mismatch(field: str, severity: str, msgid: str, paper: str, other: str, evidence: dict[str, Any],
             params: dict[str, Any] | None = None) -> Finding:
    """DOCUMENT_MISMATCH with the two papers' names translated inside the message."""
    return finding("DOCUMENT_MISMATCH", severity, msgid, {"paper": i18n.both(PAPER_NAMES[paper]),
                                                         "other": i18n.both(PAPER_NAMES[other]), **(params or {})},
                   field=field, **evidence)


def readings(shipment: Shipment, fields: dict[str, str]) -> Iterator[tuple[str, Any]]:
    """(doc_type, value) for each paper whose type is a key of `fields` and that carries that field."""
    for doc_type, name in fields.items():
        for paper in papers(shipment, doc_type):
            found = value(paper, name)
            if found is not None:
                yield doc_type, found


def against_invoice(shipment: Shipment, fields: dict[str, str]) -> tuple[Any, list[tuple[str, Any]]]:
    """The commercial invoice's value (the reference) and the other papers' values."""
    found = list(readings(shipment, fields))
    reference = next((v for t, v in found if t == "invoice"), None)
    return reference, [(t, v) for t, v in found if t != "invoice"]


def differs(a: float, b: float, tolerance: float) -> bool:
    return abs(a - b) > tolerance * max(abs(a), abs(b))


@rule
def invoice_number(shipment: Shipment, _context: Context) -> list[Finding]:
    """Box 10 and the packing list must quote the commercial invoice's number (exact after whitespace/case)."""
    reference, others = against_invoice(shipment, {"invoice": "invoice_number", "co": "invoice_number",
                                                   "packing_list": "invoice_number"})
    return [mismatch("invoice_number", "high" if paper == "co" else "medium",
                     N_("Invoice number on the %(paper)s differs from the %(other)s"), paper, "invoice",
                     {paper: found, "invoice": reference})
            for paper, found in others if reference is not None and compact(str(found)) != compact(str(reference))]


@rule
def invoice_date(shipment: Shipment, _context: Context) -> list[Finding]:
    reference, others = against_invoice(shipment, {"invoice": "invoice_date", "co": "invoice_date"})
    return [mismatch("invoice_date", "medium", N_("Invoice date on the %(paper)s differs from the %(other)s"),
                     paper, "invoice", {paper: found, "invoice": reference})
            for paper, found in others if reference is not None and str(found) != str(reference)]


def hs6(paper: ocr.Document) -> set[str]:
    """The 6-digit HS codes a paper names, from its list and its items (8-digit national codes cut to 6)."""
    codes = entries(paper, "hs_codes") + [i.get("hs_code") for i in entries(paper, "items") if isinstance(i, dict)]
    # NFKC turns typed full-width digits into ASCII; other characters isdigit() accepts ('٣') are dropped.
    return {digits[:6] for c in codes
            if c and len(digits := re.sub(r"[^0-9]", "", unicodedata.normalize("NFKC", str(c)))) >= 6}


@rule
def hs_codes(shipment: Shipment, _context: Context) -> list[Finding]:
    """Every declared HS-6 must appear on the C/O and the invoice (§1.4.3). Another chapter is the classic
    origin-laundering or misclassification signal (high); the same chapter may be HS-version drift (medium)."""
    declared = set().union(*(hs6(d) for d in papers(shipment, "declaration")))
    findings = []
    for doc_type in ("co", "invoice"):
        certified = set().union(*(hs6(d) for d in papers(shipment, doc_type)))
        if not declared or not certified:
            continue
        missing = sorted(declared - certified)
        if not missing:
            continue
        chapters = {c[:2] for c in certified}
        severity = "high" if any(code[:2] not in chapters for code in missing) else "medium"
        findings.append(mismatch("hs_code", severity, N_("HS codes on the %(paper)s differ from the %(other)s: "
                                                         "%(codes)s"), "declaration", doc_type,
                                 {"declaration": sorted(declared), doc_type: sorted(certified), "missing": missing},
                                 {"codes": ", ".join(missing)}))
    return findings


def item_total(paper: ocr.Document, key: str) -> tuple[float, str] | None:
    """Sum of the items' `key` and their common unit; None if any item lacks it or units differ."""
    items = [i for i in entries(paper, "items") if isinstance(i, dict)]
    amounts = [i.get(key) for i in items]
    units = {str(i.get("unit") or "").strip().lower() for i in items}
    if not items or any(not isinstance(a, int | float) for a in amounts) or len(units) > 1:
        return None
    return float(sum(amounts)), units.pop()


@rule
def quantities(shipment: Shipment, context: Context) -> list[Finding]:
    """Item quantities and gross weights within the tolerance (§1.4.4). More goods than the C/O covers is
    high severity: the certificate may be serving a second shipment."""
    findings = []
    totals = {t: q for t in ("invoice", "packing_list", "co") for p in papers(shipment, t)
              if (q := item_total(p, "quantity"))}
    base = totals.get("invoice")
    for doc_type in ("packing_list", "co"):
        other = totals.get(doc_type)
        if base and other and base[1] == other[1] and differs(base[0], other[0], context.tolerance):
            over = doc_type == "co" and base[0] > other[0]
            findings.append(mismatch("quantity", "high" if over else "medium",
                                     N_("Quantity on the %(paper)s (%(found)s) differs from the %(other)s "
                                        "(%(expected)s) by more than %(tolerance)s%%"), doc_type, "invoice",
                                     {doc_type: other[0], "invoice": base[0], "unit": base[1]},
                                     {"found": f"{other[0]:g}", "expected": f"{base[0]:g}",
                                      "tolerance": f"{context.tolerance * 100:g}"}))
    weights = {t: float(w) for t in ("packing_list", "co", "declaration")
               if isinstance(w := first(shipment, t, "gross_weight_kg"), int | float)}
    packed = weights.get("packing_list")
    for doc_type in ("co", "declaration"):
        other = weights.get(doc_type)
        if packed is not None and other is not None and differs(packed, other, context.tolerance):
            over = doc_type == "co" and packed > other
            findings.append(mismatch("quantity", "high" if over else "medium",
                                     N_("Gross weight on the %(paper)s (%(found)s kg) differs from the %(other)s "
                                        "(%(expected)s kg) by more than %(tolerance)s%%"), doc_type, "packing_list",
                                     {"measure": "gross_weight_kg", doc_type: other, "packing_list": packed},
                                     {"found": f"{other:g}", "expected": f"{packed:g}",
                                      "tolerance": f"{context.tolerance * 100:g}"}))
    return findings


@rule
def total_amount(shipment: Shipment, context: Context) -> list[Finding]:
    """The declared value and the invoice total agree (same currency), and the invoice adds up."""
    findings = []
    for invoice in papers(shipment, "invoice"):
        total = value(invoice, "total_amount")
        if not isinstance(total, int | float):
            continue
        lines = item_total(invoice, "amount")
        if lines and differs(float(total), lines[0], context.tolerance):
            findings.append(mismatch("total_amount", "medium",
                                     N_("The %(paper)s total (%(found)s) is not the sum of its lines (%(expected)s)"),
                                     "invoice", "invoice", {"invoice": total, "lines": lines[0]},
                                     {"found": f"{total:g}", "expected": f"{lines[0]:g}"}))
        for declaration in papers(shipment, "declaration"):
            declared = value(declaration, "total_value")
            currencies = {str(c).upper() for c in (value(invoice, "currency"), value(declaration, "currency")) if c}
            if isinstance(declared, int | float) and len(currencies) <= 1 and differs(
                    float(total), float(declared), context.tolerance):
                findings.append(mismatch("total_amount", "medium",
                                         N_("Total value on the %(paper)s (%(found)s) differs from the %(other)s "
                                            "(%(expected)s)"), "declaration", "invoice",
                                         {"declaration": declared, "invoice": total, "currency": sorted(currencies)},
                                         {"found": f"{declared:g}", "expected": f"{total:g}"}))
    return findings


def same_party(a: str, b: str, threshold: float) -> bool:
    """Names compared as screening compares them: legal forms and generic words aside, pinyin for Hanzi."""
    key_a, key_b = name_key(a), name_key(b)
    if not key_a.words or not key_b.words:
        return fold(a) == fold(b)
    return name_similarity(key_a, key_b)[0] >= threshold


def party_pairs(shipment: Shipment, fields: dict[str, str]) -> Iterator[tuple[str, str, str, str]]:
    found = {t: str(v) for t, name in fields.items() if (v := first(shipment, t, name))}
    types = list(found)
    for i, a in enumerate(types):
        for b in types[i + 1:]:
            yield a, found[a], b, found[b]


@rule
def seller(shipment: Shipment, context: Context) -> list[Finding]:
    """Exporter (Box 1) = invoice seller unless third-party invoicing is ticked; = declared exporter."""
    third_party = any(ticked(value(co, "third_party_invoicing")) for co in papers(shipment, "co"))
    return [mismatch("seller", "medium", N_("Seller or exporter on the %(paper)s differs from the %(other)s"),
                     a, b, {a: name_a, b: name_b})
            for a, name_a, b, name_b in party_pairs(shipment, {"co": "exporter_name", "invoice": "seller_name",
                                                                "declaration": "exporter_name"})
            if not (third_party and "invoice" in (a, b)) and not same_party(name_a, name_b,
                                                                            context.screening_threshold)]


@rule
def buyer(shipment: Shipment, context: Context) -> list[Finding]:
    """Consignee (Box 2) = importer on the declaration = invoice buyer, by name and by tax code (MST).
    'TO ORDER' is tolerated on Chinese-issued forms."""
    findings = [mismatch("buyer", "medium", N_("Buyer or consignee on the %(paper)s differs from the %(other)s"),
                         a, b, {a: name_a, b: name_b})
                for a, name_a, b, name_b in party_pairs(shipment, {"co": "consignee_name", "invoice": "buyer_name",
                                                                    "declaration": "importer_name"})
                if not any(fold(n).startswith(TO_ORDER) for n in (name_a, name_b))
                and not same_party(name_a, name_b, context.screening_threshold)]
    invoiced = first(shipment, "invoice", "buyer_tax_code")
    declared = first(shipment, "declaration", "importer_tax_code")
    if invoiced and declared and normalise_tax_code(str(invoiced)) != normalise_tax_code(str(declared)):
        findings.append(mismatch("buyer", "high", N_("Buyer's tax code on the %(paper)s differs from the %(other)s"),
                                 "invoice", "declaration",
                                 {"measure": "tax_code", "invoice": invoiced, "declaration": declared}))
    return findings

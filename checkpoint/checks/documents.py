"""Cross-document consistency: invoice ↔ C/O ↔ packing list ↔ declaration (DOMAIN.md §1.4.1–1.4.5).

Each rule compares one field across the papers that carry it and reports each disagreeing pair once,
with both readings as evidence; a paper that lacks the field is not a disagreement. Values are compared
after the normalisation screening does (case, punctuation, diacritics, legal forms, word order, pinyin for
Hanzi); two values that differ only by OCR look-alike glyphs (0/O, 1/I, 5/S) or by a day and month read the
other way round are a misreading to confirm by hand, never an alarm.
"""
from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from typing import Any

import ocr

from .. import i18n
from ..errors import N_
from ..models import Finding, Shipment
from ..watchlist.screening import compact, fold, name_key, name_similarity, normalise_tax_code, skeleton
from . import Context, Reading, entries, first_reading, judged, papers, reading, rule
from .origin import ticked

PAPER_NAMES = {"invoice": N_("commercial invoice"), "co": N_("C/O"), "packing_list": N_("packing list"),
               "declaration": N_("customs declaration")}
TO_ORDER = ("to order", "to the order of")
KG_PER_UNIT = {"kg": 1.0, "kgs": 1.0, "kilogram": 1.0, "kilograms": 1.0, "千克": 1.0, "公斤": 1.0,
               "t": 1000.0, "ton": 1000.0, "tons": 1000.0, "tonne": 1000.0, "tonnes": 1000.0, "mt": 1000.0,
               "tấn": 1000.0, "吨": 1000.0}
FOB_TERMS = frozenset({"FOB", "FCA"})
"""Incoterms under which the invoice total is the FOB value the certificate states."""


def paper_names(*doc_types: str) -> dict[str, str]:
    """One paper's name, or two papers' ('the C/O and the packing list'), in each language."""
    names = [i18n.both(PAPER_NAMES[t]) for t in doc_types]
    if len(names) == 1:
        return names[0]
    return {lang: i18n.translate(N_("%(first)s and the %(second)s"), lang,
                                 {"first": names[0][lang], "second": names[1][lang]}) for lang in i18n.LANGUAGES}


def mismatch(field: str, severity: str, msgid: str, paper: str, other: str | tuple[str, str],
             found: tuple[Reading | None, ...], evidence: dict[str, Any], params: dict[str, Any] | None = None,
             misread: bool = False) -> Finding:
    """DOCUMENT_MISMATCH with the papers' names translated inside the message (`other`: one paper, or two that
    agree with each other); low ("confirm by hand") when a reading it stands on is unsure or the difference is
    one a misreading makes (`misread`)."""
    others = (other,) if isinstance(other, str) else other
    return judged("DOCUMENT_MISMATCH", "low" if misread else severity, msgid,
                  {"paper": paper_names(paper), "other": paper_names(*others), **(params or {})},
                  found, field=field, **evidence)


def odd_one_out(found: list[Reading], same: Callable[[Reading, Reading], bool]) \
        -> tuple[Reading, tuple[Reading, Reading]] | None:
    """Of three papers' readings, the one that differs from the two others when those two agree: one fact to
    name ('the invoice differs from the C/O and the packing list'), not two disagreements."""
    if len(found) != 3:
        return None
    for n, odd in enumerate(found):
        a, b = (r for m, r in enumerate(found) if m != n)
        if same(a, b) and not same(odd, a) and not same(odd, b):
            return odd, (a, b)
    return None


def against_invoice(shipment: Shipment, fields: dict[str, str]) -> tuple[Reading | None, list[Reading]]:
    """The commercial invoice's reading (the reference) and the other papers' readings."""
    found = [r for doc_type, name in fields.items() for paper in papers(shipment, doc_type)
             if (r := reading(paper, name)) is not None]
    reference = next((r for r in found if r.paper == "invoice"), None)
    return reference, [r for r in found if r.paper != "invoice"]


def differs(a: float, b: float, tolerance: float) -> bool:
    return abs(a - b) > tolerance * max(abs(a), abs(b))


def look_alike(text: str) -> str:
    """A code with OCR look-alike glyphs merged, digits as letters (0/O, 1/I/L, 5/S, 8/B …)."""
    return skeleton(compact(text).lower())


@rule
def invoice_number(shipment: Shipment, _context: Context) -> list[Finding]:
    """Box 10 and the packing list must quote the commercial invoice's number (exact after whitespace/case)."""
    reference, others = against_invoice(shipment, {"invoice": "invoice_number", "co": "invoice_number",
                                                   "packing_list": "invoice_number"})
    if reference is None:
        return []
    msgid = N_("Invoice number on the %(paper)s differs from the %(other)s")
    if odd := odd_one_out([reference, *others], lambda a, b: compact(str(a.value)) == compact(str(b.value))):
        r, (a, b) = odd
        # A packing list alone differing is medium, as below; any other odd paper puts the C/O against the invoice.
        return [mismatch("invoice_number", "medium" if r.paper == "packing_list" else "high", msgid, r.paper,
                         (a.paper, b.paper), (r, a, b),
                         {p.paper: p.value for p in (r, a, b)},
                         misread=look_alike(str(r.value)) == look_alike(str(a.value)))]
    return [mismatch("invoice_number", "high" if r.paper == "co" else "medium", msgid, r.paper, "invoice",
                     (r, reference), {r.paper: r.value, "invoice": reference.value},
                     misread=look_alike(str(r.value)) == look_alike(str(reference.value)))
            for r in others if compact(str(r.value)) != compact(str(reference.value))]


def swapped(iso: str) -> str:
    """yyyy-mm-dd with day and month exchanged: what reading 03/04 the other way round gives."""
    parts = iso.split("-")
    return "-".join((parts[0], parts[2], parts[1])) if len(parts) == 3 else iso


@rule
def invoice_date(shipment: Shipment, _context: Context) -> list[Finding]:
    reference, others = against_invoice(shipment, {"invoice": "invoice_date", "co": "invoice_date"})
    if reference is None:
        return []
    return [mismatch("invoice_date", "medium", N_("Invoice date on the %(paper)s differs from the %(other)s"),
                     r.paper, "invoice", (r, reference), {r.paper: r.value, "invoice": reference.value},
                     misread=swapped(str(r.value)) == str(reference.value)
                     or look_alike(str(r.value)) == look_alike(str(reference.value)))
            for r in others if str(r.value) != str(reference.value)]


def hs6(paper: ocr.Document) -> set[str]:
    """The 6-digit HS codes a paper names, from its list and its items (8-digit national codes cut to 6)."""
    codes = entries(paper, "hs_codes") + [item_hs(i) for i in entries(paper, "items") if isinstance(i, dict)]
    # NFKC turns typed full-width digits into ASCII; other characters isdigit() accepts ('٣') are dropped.
    return {digits[:6] for c in codes
            if c and len(digits := re.sub(r"[^0-9]", "", unicodedata.normalize("NFKC", str(c)))) >= 6}


def hs_readings(paper: ocr.Document) -> tuple[Reading | None, ...]:
    return reading(paper, "hs_codes"), reading(paper, "items")


@rule
def hs_codes(shipment: Shipment, _context: Context) -> list[Finding]:
    """Every declared HS-6 must appear on the C/O and the invoice, and every invoiced one on the C/O
    (§1.4.3). Another chapter is the classic origin-laundering or misclassification signal (high); the same
    chapter may be HS-version drift (medium)."""
    findings = []
    for reference, doc_type in (("declaration", "co"), ("declaration", "invoice"), ("invoice", "co")):
        base = [p for p in papers(shipment, reference) if hs6(p)]
        others = [p for p in papers(shipment, doc_type) if hs6(p)]
        if not base or not others:
            continue
        claimed = set().union(*(hs6(d) for d in base))
        certified = set().union(*(hs6(d) for d in others))
        missing = sorted(claimed - certified)
        if not missing:
            continue
        # Another chapter on either side: a code missing whose chapter the other paper never names, or goods of
        # a chapter the reference never names put in its place (phones certified as fish).
        severity = "high" if any(code[:2] not in {c[:2] for c in certified} for code in missing) or any(
            code[:2] not in {c[:2] for c in claimed} for code in certified - claimed) else "medium"
        found = tuple(r for p in base + others for r in hs_readings(p))
        # Fewer codes and none of its own: lines of the paper left unread look just like this. The message dots
        # the codes as officers write them (0402.10); the evidence keeps the digits.
        partial = certified < claimed
        findings.append(mismatch("hs_code", severity, N_("HS codes on the %(paper)s differ from the %(other)s: "
                                                         "%(codes)s"), reference, doc_type, found,
                                 {reference: sorted(claimed), doc_type: sorted(certified), "missing": missing},
                                 {"codes": ", ".join(f"{c[:4]}.{c[4:]}" for c in missing)}, misread=partial))
    return findings


def unit_of(item: dict[str, Any]) -> str:
    return str(item.get("unit") or "").strip().lower().rstrip(".")


def item_total(paper: ocr.Document, key: str) -> tuple[float, str] | None:
    """Sum of the items' `key` and their common unit; None if any item lacks it or units differ."""
    items = [i for i in entries(paper, "items") if isinstance(i, dict)]
    amounts = [a for i in items if isinstance(a := i.get(key), int | float) and not isinstance(a, bool)]
    units = {unit_of(i) for i in items}
    if not items or len(amounts) < len(items) or len(units) > 1:
        return None
    return float(sum(amounts)), units.pop()


def number(found: Reading | None) -> float | None:
    value = found.value if found else None
    return float(value) if isinstance(value, int | float) and not isinstance(value, bool) else None


def amount_mismatch(field: str, severity: str, msgid: str, paper: str, other: str,
                    found: tuple[Reading | None, ...], values: tuple[float, float], context: Context,
                    evidence: dict[str, Any]) -> Finding:
    return mismatch(field, severity, msgid, paper, other, found, evidence,
                    {"found": f"{values[0]:g}", "expected": f"{values[1]:g}",
                     "tolerance": f"{context.tolerance * 100:g}"})


# A certificate's box 7 prints the HS code in the description cell ('0810.90 LED TELEVISION SETS', '… HS CODE:
# 070320'): read there when the item has none of its own. Only at the start or after 'HS', never any number.
_HS_IN_DESCRIPTION = re.compile(r"^\s*(\d{4}\.?\d{2}(?:\.?\d{2})?)(?!\d)|\bHS(?:\s*CODE)?\s*[:.]?\s*(\d{4}\.?\d{2}"
                                r"(?:\.?\d{2})?)(?!\d)", re.IGNORECASE | re.ASCII)


def item_hs(item: dict[str, Any]) -> str:
    """An item line's HS code as digits: its own, else the one its description prints."""
    own = re.sub(r"[^0-9]", "", unicodedata.normalize("NFKC", str(item.get("hs_code") or "")))
    if own:
        return own
    printed = _HS_IN_DESCRIPTION.search(unicodedata.normalize("NFKC", str(item.get("description") or "")))
    return re.sub(r"[^0-9]", "", next(g for g in printed.groups() if g)) if printed else ""


def item_codes(paper: ocr.Document) -> list[str]:
    return [item_hs(i)[:6] for i in entries(paper, "items") if isinstance(i, dict)]


def coded(*found: ocr.Document) -> bool:
    """Every item line of these papers has an HS code: lines are then joined by it, by their order otherwise."""
    return all(all(len(c) == 6 for c in item_codes(p)) for p in found)


def line_totals(paper: ocr.Document, key: str, by_code: bool = True) -> dict[tuple[str, str], float]:
    """The items' `key` summed per (HS-6 or line number, unit)."""
    items = [i for i in entries(paper, "items") if isinstance(i, dict)]
    codes = item_codes(paper)
    by_code = by_code and coded(paper)
    totals: dict[tuple[str, str], float] = {}
    for n, (item, code) in enumerate(zip(items, codes, strict=True)):
        amount = item.get(key)
        if isinstance(amount, int | float) and not isinstance(amount, bool):
            line = (code if by_code else f"#{n + 1}", unit_of(item) if key == "quantity" else "")
            totals[line] = totals.get(line, 0.0) + float(amount)
    return totals


def line_differences(base: dict[tuple[str, str], float], other: dict[tuple[str, str], float],
                     tolerance: float) -> list[tuple[str, float, float, str]]:
    """(line, other's amount, base's amount, unit) for each line both papers carry, in the same unit,
    whose amounts differ beyond the tolerance."""
    return [(line[0], other[line], amount, line[1]) for line, amount in base.items()
            if line in other and differs(amount, other[line], tolerance)]


@rule
def quantities(shipment: Shipment, context: Context) -> list[Finding]:
    """Item quantities per line (HS code and unit) and gross weights within the tolerance (§1.4.4). More
    goods than the C/O covers is high severity: the certificate may be serving a second shipment."""
    findings = []
    for invoice in papers(shipment, "invoice"):
        for doc_type in ("packing_list", "co", "declaration"):
            for paper in papers(shipment, doc_type):
                by_code = coded(invoice, paper)
                for line, found, expected, unit in line_differences(
                        line_totals(invoice, "quantity", by_code), line_totals(paper, "quantity", by_code),
                        context.tolerance):
                    over = doc_type == "co" and expected > found
                    findings.append(amount_mismatch(
                        "quantity", "high" if over else "medium",
                        N_("Quantity on the %(paper)s (%(found)s) differs from the %(other)s (%(expected)s) by more "
                           "than %(tolerance)s%%"), doc_type, "invoice", (reading(paper, "items"),
                                                                          reading(invoice, "items")),
                        (found, expected), context, {doc_type: found, "invoice": expected, "unit": unit,
                                                     "line": line}))
    weights = {t: (w, r) for t in ("packing_list", "co", "declaration")
               if (w := number(r := first_reading(shipment, t, "gross_weight_kg"))) is not None}
    packed = weights.get("packing_list")
    for doc_type in ("co", "declaration"):
        weighed = weights.get(doc_type)
        if packed is not None and weighed is not None and differs(packed[0], weighed[0], context.tolerance):
            over = doc_type == "co" and packed[0] > weighed[0]
            findings.append(amount_mismatch(
                "quantity", "high" if over else "medium",
                N_("Gross weight on the %(paper)s (%(found)s kg) differs from the %(other)s (%(expected)s kg) by "
                   "more than %(tolerance)s%%"), doc_type, "packing_list", (weighed[1], packed[1]),
                (weighed[0], packed[0]), context, {"measure": "gross_weight_kg", doc_type: weighed[0],
                                                   "packing_list": packed[0]}))
    return findings


def package_count(paper: ocr.Document) -> tuple[float, Reading | None] | None:
    """The packages a paper counts: its total, else the sum of its items' packages."""
    total = reading(paper, "packages")
    if (count := number(total)) is not None:
        return count, total
    lines = line_totals(paper, "packages")
    return (sum(lines.values()), reading(paper, "items")) if lines else None


@rule
def packing(shipment: Shipment, context: Context) -> list[Finding]:
    """Packing list ↔ invoice, C/O and declaration (§1.4.4): the packages it counts agree with the
    declaration's and the C/O's, with the sum of its own lines; the net weight of each line with an invoice
    line sold by weight; and no net weight exceeds the gross."""
    findings = []
    for packing_list in papers(shipment, "packing_list"):
        packages, net, gross = (reading(packing_list, n) for n in ("packages", "net_weight_kg", "gross_weight_kg"))
        count = number(packages)
        own = sum(line_totals(packing_list, "packages").values())
        if count is not None and own and differs(count, own, context.tolerance):
            findings.append(amount_mismatch(
                "packages", "medium", N_("Packages on the %(paper)s (%(found)s) are not the sum of its lines "
                                         "(%(expected)s)"), "packing_list", "packing_list",
                (packages, reading(packing_list, "items")), (count, own), context,
                {"measure": "packages", "packing_list": count, "lines": own}))
        listed = (count, packages) if count is not None else package_count(packing_list)
        for doc_type in ("declaration", "co"):
            other = next((c for p in papers(shipment, doc_type) if (c := package_count(p))), None)
            if listed and other and differs(listed[0], other[0], context.tolerance):
                findings.append(amount_mismatch(
                    "packages", "medium", N_("Packages on the %(paper)s (%(found)s) differ from the %(other)s "
                                             "(%(expected)s)"), "packing_list", doc_type, (listed[1], other[1]),
                    (listed[0], other[0]), context,
                    {"measure": "packages", "packing_list": listed[0], doc_type: other[0]}))
        for invoice in papers(shipment, "invoice"):
            by_code = coded(invoice, packing_list)
            sold = {(line, ""): amount * KG_PER_UNIT[unit] for (line, unit), amount in
                    line_totals(invoice, "quantity", by_code).items() if unit in KG_PER_UNIT}
            for line, found, expected, _unit in line_differences(
                    sold, line_totals(packing_list, "net_weight_kg", by_code), context.tolerance):
                findings.append(amount_mismatch(
                    "quantity", "medium", N_("Net weight on the %(paper)s (%(found)s kg) differs from the quantity "
                                             "on the %(other)s (%(expected)s kg) by more than %(tolerance)s%%"),
                    "packing_list", "invoice", (reading(packing_list, "items"), reading(invoice, "items")),
                    (found, expected), context,
                    {"measure": "net_weight_kg", "packing_list": found, "invoice": expected, "line": line}))
        light, heavy = number(net), number(gross)
        if light is not None and heavy is not None and light > heavy * (1 + context.tolerance):
            findings.append(amount_mismatch(
                "quantity", "medium", N_("Net weight on the %(paper)s (%(found)s kg) is above its gross weight "
                                         "(%(expected)s kg)"), "packing_list", "packing_list", (net, gross),
                (light, heavy), context, {"measure": "net_weight_kg", "net": light, "gross": heavy}))
    return findings


@rule
def total_amount(shipment: Shipment, context: Context) -> list[Finding]:
    """The declared value and the invoice total agree (same currency), the invoice adds up, and the C/O's
    FOB value is the invoice's total under FOB terms and never above it."""
    findings = []
    for invoice in papers(shipment, "invoice"):
        total_reading = reading(invoice, "total_amount")
        total = number(total_reading)
        if total is None:
            continue
        lines = item_total(invoice, "amount")
        if lines and differs(total, lines[0], context.tolerance):
            findings.append(mismatch("total_amount", "medium",
                                     N_("The %(paper)s total (%(found)s) is not the sum of its lines (%(expected)s)"),
                                     "invoice", "invoice", (total_reading, reading(invoice, "items")),
                                     {"invoice": total, "lines": lines[0]},
                                     {"found": f"{total:g}", "expected": f"{lines[0]:g}"}))
        currency = reading(invoice, "currency")
        for declaration in papers(shipment, "declaration"):
            declared_reading = reading(declaration, "total_value")
            declared = number(declared_reading)
            currencies = {str(c).upper() for c in (currency and currency.value, value_of(declaration, "currency"))
                          if c}
            if declared is not None and len(currencies) <= 1 and differs(total, declared, context.tolerance):
                findings.append(mismatch("total_amount", "medium",
                                         N_("Total value on the %(paper)s (%(found)s) differs from the %(other)s "
                                            "(%(expected)s)"), "declaration", "invoice",
                                         (declared_reading, total_reading),
                                         {"declaration": declared, "invoice": total, "currency": sorted(currencies)},
                                         {"found": f"{declared:g}", "expected": f"{total:g}"}))
        terms = str(value_of(invoice, "incoterm") or "").upper().split()
        for co in papers(shipment, "co"):
            fob_reading = reading(co, "fob_value")
            fob = number(fob_reading)
            if fob is None:
                continue
            above = fob > total * (1 + context.tolerance)
            if above or (terms and terms[0] in FOB_TERMS and differs(fob, total, context.tolerance)):
                findings.append(mismatch("total_amount", "high" if above else "medium",
                                         N_("FOB value on the %(paper)s (%(found)s) does not fit the %(other)s "
                                            "total (%(expected)s)"), "co", "invoice", (fob_reading, total_reading),
                                         {"measure": "fob_value", "co": fob, "invoice": total},
                                         {"found": f"{fob:g}", "expected": f"{total:g}"}))
    return findings


def value_of(document: ocr.Document, name: str) -> Any:
    found = reading(document, name)
    return found.value if found else None


def spellings(document: ocr.Document, name: str) -> list[str]:
    """A party as printed in each script: the name and its Hanzi twin (`<field>_zh`)."""
    return [str(v) for n in (name, f"{name}_zh") if (v := value_of(document, n))]


def same_party(a: str, b: str, threshold: float) -> bool:
    """Names compared as screening compares them: legal forms and generic words aside, pinyin for Hanzi. A
    name cut short after three distinctive words or more ('YUNNAN HEKOU HENGXIN IMPORT &', a line the page or
    the reader cut) is the same party as the full one it begins."""
    key_a, key_b = name_key(a), name_key(b)
    if not key_a.words or not key_b.words:
        return fold(a) == fold(b)
    short, full = sorted((key_a.words, key_b.words), key=len)
    if len(short) >= 3 and full[:len(short)] == short:
        return True
    return name_similarity(key_a, key_b)[0] >= threshold


def party_readings(shipment: Shipment, fields: dict[str, str]) -> dict[str, tuple[Reading, list[str]]]:
    """By paper type: the reading and the spellings of the party on each paper that names it."""
    found = {}
    for doc_type, name in fields.items():
        for paper in papers(shipment, doc_type):
            main = reading(paper, name) or reading(paper, f"{name}_zh")
            if main is not None:
                found[doc_type] = (main, spellings(paper, name))
                break
    return found


def party_mismatches(found: dict[str, tuple[Reading, list[str]]], field: str, msgid: str, threshold: float,
                     compared: Callable[[str, str], bool]) -> list[Finding]:
    """Each pair of papers naming different parties (of the pairs `compared` allows), or one finding for the paper
    that differs from two others naming the same party."""
    def same(a: Reading, b: Reading) -> bool:
        return not compared(a.paper, b.paper) or not party_differs(found[a.paper][1], found[b.paper][1], threshold)

    if odd := odd_one_out([r for r, _ in found.values()], same):
        r, (a, b) = odd
        return [mismatch(field, "medium", msgid, r.paper, (a.paper, b.paper), (r, a, b),
                         {p.paper: p.value for p in (r, a, b)})]
    types = list(found)
    return [mismatch(field, "medium", msgid, a, b, (found[a][0], found[b][0]),
                     {a: found[a][0].value, b: found[b][0].value})
            for i, a in enumerate(types) for b in types[i + 1:] if not same(found[a][0], found[b][0])]


def party_differs(names_a: list[str], names_b: list[str], threshold: float) -> bool:
    return not any(same_party(a, b, threshold) for a in names_a for b in names_b)


@rule
def seller(shipment: Shipment, context: Context) -> list[Finding]:
    """Exporter (Box 1) = invoice seller unless third-party invoicing is ticked; = declared exporter."""
    third_party = any(ticked(value_of(co, "third_party_invoicing")) for co in papers(shipment, "co"))
    found = party_readings(shipment, {"co": "exporter_name", "invoice": "seller_name", "declaration": "exporter_name"})
    return party_mismatches(found, "seller", N_("Seller or exporter on the %(paper)s differs from the %(other)s"),
                            context.screening_threshold,
                            lambda a, b: not (third_party and "invoice" in (a, b)))


@rule
def buyer(shipment: Shipment, context: Context) -> list[Finding]:
    """Consignee (Box 2) = importer on the declaration = invoice buyer, by name and by tax code (MST).
    'TO ORDER' is tolerated on Chinese-issued forms."""
    found = party_readings(shipment, {"co": "consignee_name", "invoice": "buyer_name",
                                      "declaration": "importer_name"})
    to_order = {t for t, (_, names) in found.items() if any(fold(n).startswith(TO_ORDER) for n in names)}
    findings = party_mismatches(found, "buyer", N_("Buyer or consignee on the %(paper)s differs from the %(other)s"),
                                context.screening_threshold, lambda a, b: not {a, b} & to_order)
    invoiced = first_reading(shipment, "invoice", "buyer_tax_code")
    declared = first_reading(shipment, "declaration", "importer_tax_code")
    if invoiced and declared and normalise_tax_code(str(invoiced.value)) != normalise_tax_code(str(declared.value)):
        findings.append(mismatch("buyer", "high", N_("Buyer's tax code on the %(paper)s differs from the %(other)s"),
                                 "invoice", "declaration", (invoiced, declared),
                                 {"measure": "tax_code", "invoice": invoiced.value, "declaration": declared.value}))
    return findings

"""Origin: GS1 prefix against the claimed origin, certificate of origin validity, and certificate reuse
(DOMAIN.md §1.1.2, §1.1.3, §1.4)."""
from __future__ import annotations

import csv
import json
import re
from datetime import date, timedelta
from functools import lru_cache
from typing import Any

import ocr
import scanners.gtin

from ..errors import N_
from ..models import Finding, Shipment
from ..settings import DATA_DIR
from ..watchlist.screening import compact, fold
from . import (
    Context,
    Reading,
    entries,
    first_reading,
    judged,
    papers,
    payloads,
    reading,
    rule,
)

ACFTA_PARTIES = frozenset({"BN", "KH", "CN", "ID", "LA", "MY", "MM", "PH", "SG", "TH", "VN"})
# re.ASCII: \d would also match '٣' or '３', which no certificate prints.
_CRITERION = re.compile(r"^(WO|PE|PSR|CTH|CTSH|CC|CTC|ACU|DMI|(RVC\s*)?\d{2,3}(\.\d+)?\s*%?|RVC)$",
                        re.IGNORECASE | re.ASCII)
_PERCENT = re.compile(r"(\d{2,3}(?:\.\d+)?)", re.ASCII)
_VN_REFERENCE = re.compile(r"^VN-[A-Z]{2}\s?\d{2}/\d{2}/\d{5}$", re.ASCII)
_TICKED = {"true", "yes", "x", "1", "✓", "✔", "☑", "☒"}


@lru_cache(maxsize=1)
def country_names() -> dict[str, str]:
    """Folded country name → ISO code, from countries.csv."""
    names = {}
    with open(DATA_DIR / "countries.csv", encoding="utf-8") as f:
        for row in csv.DictReader(f):
            for name in row["names"].split(";"):
                names[fold(name)] = row["code"]
    return names


def country_code(text: Any) -> str | None:
    """An ISO alpha-2 code from a code or a name as printed (CN, China, Trung Quốc, 中国)."""
    if not isinstance(text, str) or not text.strip():
        return None
    if re.fullmatch(r"[A-Za-z]{2}", text.strip()):
        return text.strip().upper()
    return country_names().get(fold(text))


def country_in_address(address: str) -> str | None:
    """The last country named in an address: addresses end with the country."""
    words = f" {fold(address)} "
    found = [(words.rfind(f" {name} "), code) for name, code in country_names().items()
             if len(name) > 3 and f" {name} " in words]
    return max(found)[1] if found else None


def as_date(text: Any) -> date | None:
    try:
        return date.fromisoformat(str(text)) if text else None
    except ValueError:
        return None


def ticked(box: Any) -> bool:
    return box is True or (isinstance(box, str) and box.strip().lower() in _TICKED)


def add_months(day: date, months: int) -> date:
    """Calendar months, the last day of a shorter month standing in (31 Jan + 1 month = 28/29 Feb)."""
    month = day.month - 1 + months
    year, month = day.year + month // 12, month % 12 + 1
    for last in (31, 30, 29, 28):
        try:
            return date(year, month, min(day.day, last))
        except ValueError:
            continue
    raise AssertionError("unreachable: every month has 28 days")


def add_working_days(day: date, count: int) -> date:
    while count:
        day += timedelta(days=1)
        count -= day.weekday() < 5
    return day


def co_validity(msgid: str, params: dict[str, Any] | None = None, severity: str = "medium",
                found: tuple[Reading | None, ...] = (), **evidence: Any) -> Finding:
    """CO_VALIDITY, a low "confirm by hand" note when a reading it stands on is unsure."""
    return judged("CO_VALIDITY", severity, msgid, params, found, **evidence)


@rule
def gs1_prefix_origin(shipment: Shipment, _context: Context) -> list[Finding]:
    """A GS1 prefix names the member organisation that licensed the company prefix, not the country of
    manufacture (DOMAIN §3.3): a difference is a signal for the officer, never proof. The origin the officer
    typed is sure; one read only from the papers, unsurely, makes the signal a note to confirm."""
    typed = country_code(shipment.declared_origin)
    read = {source: found for source, found in (
        ("declaration", first_reading(shipment, "declaration", "origin_country")),
        ("invoice", first_reading(shipment, "invoice", "origin_country")),
        ("co", first_reading(shipment, "co", "issuing_country"))) if found and country_code(found.value)}
    claims = {code: source for source, code in (("declared", typed),
                                                *((s, country_code(r.value)) for s, r in read.items())) if code}
    if not claims:
        return []
    findings, seen = [], set()
    for _code, payload in payloads(shipment):
        gtin = payload.get("gtin")
        if gtin and "prefix_country" not in payload:  # a GS1 element string's AI 01
            payload = {**payload, **scanners.gtin.parse(str(gtin)).as_dict()}
        country = payload.get("prefix_country")
        if not country or not payload.get("valid", True) or gtin in seen or country in claims:
            continue
        seen.add(gtin)
        findings.append(judged(
            "ORIGIN_PREFIX_MISMATCH", "medium",
            N_("Barcode %(gtin)s has a GS1 prefix of %(prefix_country)s, but the origin given is %(claimed)s"),
            {"gtin": gtin, "prefix_country": country, "claimed": ", ".join(sorted(claims))},
            () if typed else tuple(read.values()),
            gtin=gtin, gs1_prefix=payload.get("gs1_prefix"), prefix_country=country, claimed=claims))
    return findings


def shown(day: date) -> str:
    """A date in a message as officers write it (dd/mm/yyyy); the evidence keeps ISO for the API."""
    return day.strftime("%d/%m/%Y")


def dated(found: Reading | None) -> date | None:
    return as_date(found.value) if found else None


@rule
def co_expired(shipment: Shipment, _context: Context) -> list[Finding]:
    """Valid 12 calendar months from issue (§1.1.3); measured at the declaration date, else today."""
    findings = []
    declaration = first_reading(shipment, "declaration", "declaration_date")
    declared = dated(declaration)
    presented = declared or shipment.inspection_date
    for co in papers(shipment, "co"):
        issue = reading(co, "issue_date")
        issued = dated(issue)
        if issued and presented > add_months(issued, 12):
            findings.append(co_validity(
                N_("The certificate of origin issued on %(issued)s expired on %(expired)s"),
                {"issued": shown(issued), "expired": shown(add_months(issued, 12))}, "high",
                (issue, declaration if declared else None),
                field="issue_date", issue_date=issued.isoformat(), expires=add_months(issued, 12).isoformat(),
                presented=presented.isoformat()))
    return findings


@rule
def co_date_order(shipment: Shipment, _context: Context) -> list[Finding]:
    """invoice ≤ departure; issue ≥ invoice; issue ≤ departure + 3 working days unless retroactive."""
    findings = []
    for co in papers(shipment, "co"):
        issue, departure = reading(co, "issue_date"), reading(co, "departure_date")
        issued, departed = dated(issue), dated(departure)
        invoice = reading(co, "invoice_date")
        if dated(invoice) is None:
            invoice = first_reading(shipment, "invoice", "invoice_date")
        invoiced = dated(invoice)
        if invoiced and departed and invoiced > departed:
            findings.append(co_validity(N_("The invoice (%(invoice)s) is dated after the departure (%(departure)s)"),
                                        {"invoice": shown(invoiced), "departure": shown(departed)},
                                        "medium", (invoice, departure),
                                        field="invoice_date", invoice_date=invoiced.isoformat(),
                                        departure_date=departed.isoformat()))
        if issued and invoiced and issued < invoiced:
            findings.append(co_validity(
                N_("The certificate of origin (%(issued)s) is dated before its invoice (%(invoice)s)"),
                {"issued": shown(issued), "invoice": shown(invoiced)}, "medium", (issue, invoice),
                field="issue_date", issue_date=issued.isoformat(), invoice_date=invoiced.isoformat()))
        retroactive = reading(co, "issued_retroactively")
        if issued and departed and issued > add_working_days(departed, 3) and not ticked(
                retroactive and retroactive.value):
            findings.append(co_validity(
                N_("The certificate of origin was issued on %(issued)s, more than 3 working days after departure "
                   "(%(departure)s), and is not marked Issued Retroactively"),
                # Box 13 not read at all is not box 13 read empty: the officer looks at it.
                {"issued": shown(issued), "departure": shown(departed)}, "medium" if retroactive else "low",
                (issue, departure, retroactive),
                field="issue_date", issue_date=issued.isoformat(), departure_date=departed.isoformat()))
        if issued and issued > shipment.inspection_date:
            findings.append(co_validity(N_("The certificate of origin is dated in the future (%(issued)s)"),
                                        {"issued": shown(issued)}, "medium", (issue,), field="issue_date",
                                        issue_date=issued.isoformat()))
    return findings


def item_lines(co: ocr.Document) -> tuple[list[tuple[str, str | None]], tuple[Reading | None, ...]]:
    """(origin criterion, HS code or None) per item line: box 8 beside the item's box 7, and the readings they
    come from. Without items, the criteria list pairs with the HS codes list line by line when both have as
    many entries; otherwise a criterion stands without an HS code, and is not judged against the goods."""
    lines = [(str(i.get("origin_criterion") or "").strip(), str(i.get("hs_code") or "").strip() or None)
             for i in entries(co, "items") if isinstance(i, dict)]
    lines = [(c, h) for c, h in lines if c]
    if lines:
        return lines, (reading(co, "items"),)
    criteria = [str(c).strip() for c in entries(co, "origin_criterion") if str(c).strip()]
    codes = [str(h) for h in entries(co, "hs_codes")]
    if len(criteria) == len(codes):
        return list(zip(criteria, codes, strict=True)), (reading(co, "origin_criterion"), reading(co, "hs_codes"))
    return [(c, None) for c in criteria], (reading(co, "origin_criterion"),)


def chapter(hs_code: str | None) -> int | None:
    head = (hs_code or "")[:2]
    return int(head) if len(head) == 2 and head.isascii() and head.isdigit() else None


@rule
def co_origin_criterion(shipment: Shipment, _context: Context) -> list[Finding]:
    """Box 8 codes judged per item line (§1.1.2): unknown code → review; RVC below 40 % → flag; WO on an
    item of manufactured goods (chapters 28–97) → flag (§1.4.6); RVC with no FOB value → confirm box 9."""
    findings = []
    for co in papers(shipment, "co"):
        fob = reading(co, "fob_value")
        # The HS code a WO is judged against may come from the HS list: its reading counts as much as box 8's.
        lines, found = item_lines(co)
        for criterion in dict.fromkeys(c for c, _ in lines):
            upper = " ".join(criterion.upper().split())
            if not _CRITERION.match(upper):
                findings.append(co_validity(N_("Unknown origin criterion %(criterion)s: needs officer review"),
                                            {"criterion": criterion}, "medium", found, field="origin_criterion",
                                            origin_criterion=criterion))
                continue
            percent = _PERCENT.search(upper)
            if percent and float(percent.group(1)) < 40:
                findings.append(co_validity(
                    N_("Regional value content %(criterion)s is below the 40%% the agreement requires"),
                    {"criterion": criterion}, "medium", found, field="origin_criterion", origin_criterion=criterion))
            if (percent or upper.startswith("RVC")) and fob is None:
                findings.append(co_validity(
                    N_("Origin criterion %(criterion)s needs the FOB value in box 9, which was not read: check it"),
                    {"criterion": criterion}, "low", found, field="fob_value", origin_criterion=criterion))
        manufactured = sorted({f"{c:02d}" for criterion, code in lines
                               if " ".join(criterion.upper().split()) == "WO" and (c := chapter(code)) is not None
                               and 28 <= c <= 97})
        if manufactured:
            findings.append(co_validity(
                N_("Origin criterion WO (wholly obtained) on manufactured goods of chapter %(chapters)s"),
                {"chapters": ", ".join(manufactured)}, "medium", found, field="origin_criterion",
                origin_criterion="WO", chapters=manufactured))
    return findings


@rule
def co_parties_and_countries(shipment: Shipment, _context: Context) -> list[Finding]:
    """Importing country must be Vietnam on imports (§1.4.8); Form E only from ACFTA Parties; a VN-issued
    reference number has the MOIT shape (§1.1.1); an invoice from a seller outside the exporting Party
    needs Third Party Invoicing ticked (§1.1.3)."""
    findings = []
    for co in papers(shipment, "co"):
        importing_reading, issuing_reading = reading(co, "importing_country"), reading(co, "issuing_country")
        importing = country_code(importing_reading and importing_reading.value)
        issuing = country_code(issuing_reading and issuing_reading.value)
        reference = reading(co, "reference_number")
        if shipment.direction == "import" and importing and importing != "VN":
            findings.append(co_validity(N_("The certificate of origin names %(country)s as importing country, "
                                           "not Vietnam"), {"country": importing}, "medium", (importing_reading,),
                                        field="importing_country", importing_country=importing))
        form = reading(co, "form")
        if str(form.value if form else "").upper() == "E" and issuing and issuing not in ACFTA_PARTIES:
            findings.append(co_validity(N_("A Form E issued in %(country)s, which is not an ACFTA Party"),
                                        {"country": issuing}, "medium", (form, issuing_reading),
                                        field="issuing_country", issuing_country=issuing))
        if issuing == "VN" and reference and not _VN_REFERENCE.match(" ".join(str(reference.value).upper().split())):
            findings.append(co_validity(N_("Reference number %(reference)s does not have the VN-XX YY/NN/NNNNN "
                                           "shape of a Vietnamese certificate"), {"reference": reference.value},
                                        "medium", (reference, issuing_reading),
                                        field="reference_number", reference_number=reference.value))
        address = first_reading(shipment, "invoice", "seller_address")
        seller_country = country_in_address(str(address.value if address else ""))
        third_party = reading(co, "third_party_invoicing")
        if issuing and seller_country and seller_country != issuing and not ticked(
                third_party and third_party.value):
            findings.append(co_validity(
                N_("The invoice was issued in %(seller)s but the certificate comes from %(issuing)s and "
                   "Third Party Invoicing is not ticked"), {"seller": seller_country, "issuing": issuing}, "medium",
                (address, issuing_reading, third_party),
                field="third_party_invoicing", seller_country=seller_country, issuing_country=issuing))
    return findings


@rule
def co_reused(shipment: Shipment, context: Context) -> list[Finding]:
    """The same certificate number already used by another saved inspection (§1.4.7): high severity."""
    if context.db is None:
        return []
    references = {compact(str(r.value)): r for co in papers(shipment, "co")
                  if (r := reading(co, "reference_number")) and compact(str(r.value))}
    if not references:
        return []
    earlier: dict[str, list[dict[str, Any]]] = {}
    rows = context.db.execute(
        "SELECT p.inspection, p.document, i.gate, i.local_date FROM photos p JOIN inspections i ON i.uuid ="
        " p.inspection WHERE json_extract(p.document, '$.doc_type') = 'co' AND p.inspection != ?",
        [shipment.inspection_id])
    for row in rows:
        reference = json.loads(row["document"]).get("fields", {}).get("reference_number", {}).get("value")
        key = compact(str(reference or ""))
        if key in references:
            earlier.setdefault(key, []).append({"inspection": row["inspection"], "gate": row["gate"],
                                                "date": row["local_date"]})
    # A number read unsurely may be another certificate's, one letter apart: the officer compares them.
    return [judged("CO_REUSED", "high",
                   N_("Certificate of origin %(reference)s was already presented in %(count)d earlier "
                      "inspection(s)"), {"reference": references[key].value, "count": len(uses)},
                   (references[key],), reference_number=references[key].value, inspections=uses)
            for key, uses in earlier.items()]

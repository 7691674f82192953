"""How the pages write dates, times and money: dd/mm/yyyy, 24 h, Asia/Ho_Chi_Minh, VND with '.' thousands; and
the words they show for stored codes (field names, rule codes, channels, verdicts), never the codes themselves."""
from __future__ import annotations

from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any

from flask import Flask, current_app, g
from flask_babel import get_locale
from flask_babel import gettext as _

from .. import cases, clock, setup, values
from ..errors import N_
from ..models import SEVERITIES
from . import get_db

FIELD_LABELS = {
    "invoice_number": N_("Invoice number"), "invoice_date": N_("Invoice date"), "seller_name": N_("Seller"),
    "seller_address": N_("Seller's address"), "seller_tax_code": N_("Seller's tax code"),
    "buyer_name": N_("Buyer"), "buyer_address": N_("Buyer's address"), "buyer_tax_code": N_("Buyer's tax code"),
    "currency": N_("Currency"), "total_amount": N_("Total amount"), "incoterm": N_("Delivery terms (Incoterms)"),
    "origin_country": N_("Country of origin"), "hs_codes": N_("HS codes"), "items": N_("Item lines"),
    "packages": N_("Number of packages"), "gross_weight_kg": N_("Gross weight"), "net_weight_kg": N_("Net weight"),
    "form": N_("C/O form"), "reference_number": N_("C/O reference number"), "issue_date": N_("Date of issue"),
    "exporter_name": N_("Exporter"), "exporter_tax_code": N_("Exporter's tax code"),
    "consignee_name": N_("Consignee"), "departure_date": N_("Departure date"),
    "origin_criterion": N_("Origin criterion"), "issuing_country": N_("Issuing country"),
    "importing_country": N_("Importing country"), "third_party_invoicing": N_("Third-party invoicing"),
    "issued_retroactively": N_("Issued retroactively"), "fob_value": N_("FOB value"),
    "transport_route": N_("Means of transport and route"), "signature_date": N_("Date of signature"),
    "declaration_number": N_("Declaration number"), "declaration_date": N_("Declaration date"),
    "type_code": N_("Type of declaration"), "importer_tax_code": N_("Importer's tax code"),
    "importer_name": N_("Importer"), "total_value": N_("Total value"), "customs_office": N_("Customs office"),
    "vehicle_plates": N_("Vehicle plates"), "container": N_("Container number"),
    "item_number": N_("No."), "description": N_("Description"), "hs_code": N_("HS code"),
    "quantity": N_("Quantity"), "unit": N_("Unit"), "unit_price": N_("Unit price"), "amount": N_("Amount"),
}
"""Every field a paper's reader gives (CONTRACTS.md), and the columns of its item lines."""
ITEM_COLUMNS = ("item_number", "description", "hs_code", "origin_criterion", "quantity", "unit", "unit_price",
                "amount")
MONEY_FIELDS = frozenset({"total_amount", "total_value", "fob_value", "unit_price", "amount"})
WEIGHT_FIELDS = frozenset({"gross_weight_kg", "net_weight_kg"})
COUNT_FIELDS = frozenset({"packages", "quantity", "item_number"})
PAPER_NAMES = {"invoice": N_("Commercial invoice"), "co": N_("Certificate of origin (C/O)"),
               "packing_list": N_("Packing list"), "declaration": N_("Customs declaration"),
               "unknown": N_("Paper of an unknown kind")}
RULE_NAMES = {
    "WATCHLIST_MATCH": N_("On a watchlist"), "CHECK_DIGIT_INVALID": N_("Wrong check digit"),
    "ORIGIN_PREFIX_MISMATCH": N_("Barcode country differs from the origin"),
    "DOCUMENT_MISMATCH": N_("Papers disagree"), "CO_VALIDITY": N_("C/O not valid"),
    "CO_REUSED": N_("C/O already used"), "PRODUCT_EXPIRED": N_("Goods past their expiry date"),
    "FOCUS_GOODS": N_("Goods of the campaign"), "PROHIBITED_GOODS": N_("Prohibited goods"),
    "RULE_FAILED": N_("Check that could not run"),
}
CHANNEL_NAMES = {"green": N_("Green channel"), "yellow": N_("Yellow channel"), "red": N_("Red channel")}
SEVERITY_NAMES = {"high": N_("Serious"), "medium": N_("To check"), "low": N_("Confirm by hand"),
                  "info": N_("For information")}
VERDICT_NAMES = {"cleared": N_("Let pass: no violation found"), "held": N_("Held for a physical check"),
                 "seized": N_("Goods seized"), "referred": N_("Referred to another authority")}
VERDICT_BUTTONS = {"cleared": N_("Let pass"), "held": N_("Hold for a check"), "seized": N_("Seize"),
                   "referred": N_("Refer")}
PHOTO_KINDS = {"auto": N_("Find out by itself"), "document": N_("A paper"), "goods": N_("Goods or a label")}
CODE_KINDS = {"gtin": N_("Product code (GTIN)"), "gs1": N_("GS1 data"), "gs1_digital_link": N_("GS1 web link"),
              "mrz": N_("Passport or ID card (machine-readable zone)"), "cccd": N_("Citizen ID card (CCCD)"),
              "fapiao": N_("Chinese invoice (fapiao)"), "vn_einvoice": N_("Vietnamese e-invoice"),
              "container": N_("Container number"), "url": N_("Web address"), "text": N_("Text")}


def local_datetime(utc_iso: str | None) -> str:
    if not utc_iso:
        return ""
    return clock.local_time(utc_iso, current_app.config["TIMEZONE"]).strftime("%d/%m/%Y %H:%M")


def local_time(utc_iso: str | None) -> str:
    return local_datetime(utc_iso)[-5:]


def day(iso_date: str | None) -> str:
    """yyyy-mm-dd as dd/mm/yyyy; anything else (a date OCR could not read) as it is."""
    try:
        return values.format_date(date.fromisoformat(iso_date)) if iso_date else ""
    except (TypeError, ValueError):
        return str(iso_date)


def vnd(amount: float | int | None) -> str:
    return "" if amount is None else values.format_number(round(amount), "vi") + " ₫"


def sum_values(counts: dict[object, int]) -> int:
    return sum(counts.values())


def gate_name(code: str | None) -> str:
    """A gate's name in the page's language; the code itself if the gate is not in the list."""
    if not code:
        return ""
    if "gate_names" not in g:
        g.gate_names = {row["code"]: row for row in setup.gates(get_db())}
    row = g.gate_names.get(code)
    if row is None:
        return code
    return row["name"] if str(get_locale()) == "vi" else row["name_en"]


def goods_group_name(code: str) -> str:
    return cases.focus_group_name(code, str(get_locale()))


def evidence_text(value: Any) -> str:
    """A finding's evidence in words: bilingual messages in the page's language, records as 'key: value'."""
    if isinstance(value, dict):
        if set(value) == {"vi", "en"}:
            return str(value[str(get_locale())])
        return "; ".join(f"{k}: {evidence_text(v)}" for k, v in value.items() if v not in (None, "", [], {}))
    if isinstance(value, (list, tuple)):
        return ", ".join(evidence_text(v) for v in value)
    return str(value)


def by_severity(findings: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Worst first; an unknown severity (a record from a newer tablet) last."""
    return sorted(findings, key=lambda f: SEVERITIES.index(f["severity"]) if f["severity"] in SEVERITIES
                  else len(SEVERITIES))


def plain_value(value: Any, field: str = "") -> str:
    """A read value as the officer reads it: dates dd/mm/yyyy, lists and records joined in words."""
    if isinstance(value, bool):
        return "✓" if value else "✗"
    if field.endswith("_date") or (isinstance(value, str) and len(value) == 10 and value[4:5] == "-"):
        return day(str(value))
    if isinstance(value, dict):
        return " · ".join(plain_value(v, str(k)) for k, v in value.items() if v not in (None, "", [], {}))
    if isinstance(value, (list, tuple)):
        return "; ".join(plain_value(v, field) for v in value)
    if isinstance(value, float):
        return f"{value:g}"
    return str(value)


def words(table: dict[str, str], code: str | None) -> str:
    """A stored code in the page's language; a code the table lacks (from a newer tablet) as it is."""
    return _(table[code]) if code in table else str(code or "")


def field_label(name: str) -> str:
    """A field's name in the page's language; a party printed in Chinese too has its second field marked so."""
    if name.endswith("_zh") and name[:-3] in FIELD_LABELS:
        return _("%(field)s (in Chinese)", field=_(FIELD_LABELS[name[:-3]]))
    return words(FIELD_LABELS, name) if name in FIELD_LABELS else name.replace("_", " ")


def hs_dotted(code: Any) -> str:
    """An HS code as officers write it: 04022120 → 0402.21.20 (heading, then pairs of digits)."""
    text = str(code)
    if not text.isdigit() or len(text) <= 4:
        return text
    return ".".join([text[:4], *(text[i:i + 2] for i in range(4, len(text), 2))])


def number(value: Any) -> str:
    """A number grouped the way the page's language writes it (1.234,5 or 1,234.5); anything else as it is."""
    if isinstance(value, bool) or not isinstance(value, (int, float, Decimal)):
        return str(value)
    try:
        exact = Decimal(str(value))
        # A reader gives 1200.0 for "1,200": a whole number is shown without its empty decimals.
        return values.format_number(exact.to_integral_value() if exact == exact.to_integral_value() else exact,
                                    str(get_locale()))
    except InvalidOperation:  # inf, nan: what a reader may give, never a crash of the page
        return str(value)


def shown(value: Any, field: str = "", currency: str = "") -> str:
    """A read value as the officer reads it: HS codes dotted, money with its currency, weights in kg, numbers
    grouped in the page's language; the rest (dates, lists, yes/no) in plain words."""
    if value in (None, "", [], {}):
        return "—"
    if field in ("hs_code", "hs_codes"):
        return ", ".join(hs_dotted(v) for v in value) if isinstance(value, (list, tuple)) else hs_dotted(value)
    if isinstance(value, (list, tuple)) and field != "items":
        return "; ".join(shown(v, field, currency) for v in value)
    if isinstance(value, dict):
        return " · ".join(f"{field_label(str(k))}: {shown(v, str(k), currency)}" for k, v in value.items()
                          if v not in (None, "", [], {}))
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        if field in MONEY_FIELDS:
            return f"{number(value)} {currency}".strip()
        if field in WEIGHT_FIELDS:
            return f"{number(value)} kg"
        if field in COUNT_FIELDS:
            return number(value)
    return plain_value(value, field)


def watchlists(version: str | None) -> str:
    """The lists an inspection was screened against, as 'demo (03/12/2026)': a version is list@UTC stamp."""
    shown_lists = []
    for one in (version or "").split(","):
        name, _at, stamp = one.partition("@")
        try:
            shown_lists.append(f"{name} ({values.format_date(date(int(stamp[:4]), int(stamp[4:6]), int(stamp[6:8])))})")
        except ValueError:
            shown_lists.append(one)
    return ", ".join(v for v in shown_lists if v)


def as_typed(value: Any, field: str) -> str:
    """A value as the officer would type it to correct it (pipeline.typed_value reads it back): dates dd/mm/yyyy,
    HS codes dotted, numbers ungrouped (a grouped '12.500' would be asked about: twelve and a half, or not?)."""
    if field.endswith("_date"):
        return day(str(value))
    if field == "hs_codes" and isinstance(value, (list, tuple)):
        return ", ".join(hs_dotted(v) for v in value)
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, float):
        units, _point, fraction = format(Decimal(str(value)), "f").partition(".")
        # '1.250' reads either way and would be asked about: '1.2500' cannot be taken for thousands.
        fraction += "0" if len(fraction) == 3 else ""
        return units + ("," if str(get_locale()) == "vi" else ".") + fraction
    return str(value)


def item_columns(items: Any) -> list[str]:
    """The columns an item-lines table needs: those any of its rows has, in the paper's order."""
    rows = [row for row in items if isinstance(row, dict)] if isinstance(items, list) else []
    present = {key for row in rows for key, v in row.items() if v not in (None, "")}
    return [c for c in ITEM_COLUMNS if c in present] + sorted(present - set(ITEM_COLUMNS))


def fields_in_order(fields: dict[str, Any]) -> tuple[list[tuple[str, Any]], list[tuple[str, Any]]]:
    """(in view, folded) fields: those read unsurely, for the officer to confirm, then those an officer corrected,
    each in the reader's order; the rest, read surely, behind a fold. Item lines last."""
    ordered = sorted(fields.items(), key=lambda kv: (kv[0] == "items", "ocr_value" in kv[1]))
    in_view = [kv for kv in ordered if not kv[1].get("sure") or "ocr_value" in kv[1]]
    return in_view, [kv for kv in ordered if kv not in in_view]


def crop_photo(reading: dict[str, Any], photos: list[dict[str, Any]]) -> str | None:
    """The photo a finding's reading came from (its paper and field, or a line of its text, the same box), for
    its crop."""
    box = list(reading.get("box") or ())
    for photo in photos:
        document = photo.get("document") or {}
        if document.get("doc_type") != reading.get("paper") or not box:
            continue
        if reading.get("field") == "text":
            boxes = [list(line["box"]) for line in document.get("lines") or ()]
        else:
            field = (document.get("fields") or {}).get(reading.get("field"))
            boxes = [list(field["box"])] if field and field.get("box") else []
        if box in boxes:
            return str(photo["sha256"])
    return None


def init_app(app: Flask) -> None:
    app.add_template_filter(by_severity)
    app.add_template_filter(plain_value)
    app.add_template_global(crop_photo)
    app.add_template_filter(local_datetime)
    app.add_template_filter(local_time)
    app.add_template_filter(day)
    app.add_template_filter(vnd)
    app.add_template_filter(sum_values)
    app.add_template_filter(gate_name)
    app.add_template_filter(goods_group_name)
    app.add_template_filter(evidence_text)
    app.add_template_filter(field_label)
    app.add_template_filter(shown)
    app.add_template_filter(hs_dotted)
    app.add_template_filter(number)
    app.add_template_filter(watchlists)
    app.add_template_filter(as_typed)
    app.add_template_global(item_columns)
    app.add_template_global(fields_in_order)
    for name, table in (("paper_name", PAPER_NAMES), ("rule_name", RULE_NAMES), ("channel_name", CHANNEL_NAMES),
                        ("severity_name", SEVERITY_NAMES), ("verdict_name", VERDICT_NAMES),
                        ("verdict_button", VERDICT_BUTTONS), ("code_kind", CODE_KINDS), ("photo_kind", PHOTO_KINDS)):
        app.add_template_filter(lambda code, table=table: words(table, code), name)

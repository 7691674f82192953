"""One shipment's true field values, consistent across its invoice, packing list, C/O and declaration.

`shipment(seed)` is the development set's ground truth before any page is drawn: CONTRACTS.md's canonical
field names and normalised forms (dates ISO, amounts floats, HS codes digit strings, names as printed with
every diacritic, `<field>_zh` for a name's Hanzi). The documents agree with each other, so a planted fault
is an edit of these dicts. Two conventions the checks rely on:
- invoice and declaration HS codes have 8 digits, the C/O's the first 6 (what Form E and RCEP print);
- the C/O's quantity per item is the invoice line's quantity in the same unit.
"""
from __future__ import annotations

import random
from datetime import date, timedelta
from typing import Any

from bench.docgen import identifiers as ids
from bench.docgen.goods import GOODS, Good
from bench.docgen.parties import cn_company, foreign_company, vn_company

INCOTERMS = ("DAP", "DAF", "FCA", "CPT", "EXW", "FOB", "CIF")
CHINA_SIDE = ("PINGXIANG", "YOUYIGUAN", "DONGXING", "AIDIAN", "SHUIKOU")
VN_GATES = (
    ("HỮU NGHỊ", "HUU NGHI", "Chi cục Hải quan cửa khẩu quốc tế Hữu Nghị"),
    ("TÂN THANH", "TAN THANH", "Chi cục Hải quan cửa khẩu Tân Thanh"),
    ("CHI MA", "CHI MA", "Chi cục Hải quan cửa khẩu Chi Ma"),
    ("CỐC NAM", "COC NAM", "Chi cục Hải quan cửa khẩu Cốc Nam"),
    ("ĐỒNG ĐĂNG", "DONG DANG", "Chi cục Hải quan ga đường sắt quốc tế Đồng Đăng"),
)
IMPORT_TYPES = ("A11", "A11", "A12", "A41", "E31")
EXPORT_TYPES = ("B11", "B11", "B13")


def _working_days_after(day: date, n: int) -> date:
    while n > 0:
        day += timedelta(days=1)
        if day.weekday() < 5:
            n -= 1
    return day


def _items(rng: random.Random) -> list[tuple[Good, int, float]]:
    count = rng.choice((1, 1, 2, 2, 3, 3, 4, 5, 6, 8))
    goods = rng.sample(GOODS, count)
    lines = []
    for good in goods:
        low, high = good.quantity
        quantity = rng.randint(low, high)
        if good.per_package > 1:
            quantity = max(good.per_package, quantity - quantity % good.per_package)
        price = round(rng.uniform(*good.price), 2 if good.price[1] < 100 else rng.choice((0, 2)))
        lines.append((good, quantity, price))
    return lines


def _criterion(rng: random.Random, good: Good, form: str) -> str:
    criterion = rng.choice(good.criteria)
    if form == "RCEP":
        return {"CTH": "CTC", "PSR": "CTC"}.get(criterion, "RVC" if criterion.startswith("RVC") else criterion)
    if form == "D" and criterion == "PSR":
        return rng.choice(("CTSH", "CC"))
    return criterion


def shipment(seed: int) -> dict[str, Any]:
    """The true values of one shipment's papers, deterministic per seed."""
    rng = random.Random(seed)
    export = rng.random() < 0.25
    form = "E" if export else rng.choices(("E", "D", "RCEP"), (0.6, 0.2, 0.2))[0]
    origin = "VN" if export else {"E": "CN", "D": rng.choice(("TH", "MY")),
                                  "RCEP": rng.choice(("CN", "CN", "KR", "TH"))}[form]
    if export:
        seller, buyer = vn_company(rng), cn_company(rng)
    else:
        seller = cn_company(rng) if origin == "CN" else foreign_company(rng, origin)
        buyer = vn_company(rng)
    currency = rng.choice(("USD", "USD", "USD", "CNY")) if origin in ("CN", "VN") else "USD"
    incoterm = rng.choice(INCOTERMS)
    gate_vi, gate_ascii, customs_office = rng.choice(VN_GATES)
    china_side = rng.choice(CHINA_SIDE)

    invoice_date = date(2023, 1, 2) + timedelta(days=rng.randint(0, 1050))
    departure = invoice_date + timedelta(days=rng.randint(0, 6))
    retro = rng.random() < 0.08
    issue = (_working_days_after(departure, rng.randint(4, 40)) if retro
             else departure - timedelta(days=rng.randint(0, 4)))
    issue = max(issue, invoice_date)
    signature = issue - timedelta(days=rng.choice((0, 0, 0, 1)))
    signature = max(signature, invoice_date)
    declaration_date = departure + timedelta(days=rng.randint(0, 2))
    if retro:
        declaration_date = max(declaration_date, issue)
    inspection = declaration_date + timedelta(days=rng.choice((0, 0, 1)))

    lines = _items(rng)
    # Vietnamese sellers often invoice on their e-invoice (digits only, the VAT invoice's "Số")
    number = (ids.einvoice_number(rng) if export and rng.random() < 0.6
              else ids.invoice_number(rng, invoice_date, seller["country"]))
    items: list[dict[str, Any]] = []
    pl_items: list[dict[str, Any]] = []
    co_items: list[dict[str, Any]] = []
    packages_total = 0
    package_kinds = set()
    for position, (good, quantity, price) in enumerate(lines, 1):
        amount = round(quantity * price, 2)
        description = good.en if rng.random() < 0.5 else f"{good.vi} ({good.en})"
        items.append({"description": description, "hs_code": good.hs_code, "quantity": float(quantity),
                      "unit": good.unit, "unit_price": price, "amount": amount})
        packages = max(1, -(-quantity // good.per_package))
        net = round(quantity * good.kg_per_unit, 1)
        gross = round(net * rng.uniform(1.03, 1.12) + packages * 0.3, 1)
        packages_total += packages
        package_kinds.add(good.package)
        pl_items.append({"description": description, "hs_code": good.hs_code, "quantity": float(quantity),
                         "unit": good.unit, "packages": packages, "package_type": good.package,
                         "net_weight_kg": net, "gross_weight_kg": gross})
        co_items.append({"item_number": position, "description": good.en.upper(), "hs_code": good.hs_code[:6],
                         "origin_criterion": _criterion(rng, good, form), "quantity": float(quantity),
                         "unit": good.unit, "packages": packages, "package_type": good.package,
                         "fob_value": amount, "gross_weight_kg": gross, "marks": "N/M"})
    total = round(sum(item["amount"] for item in items), 2)
    hs_codes = [item["hs_code"] for item in items]
    package_type = package_kinds.pop() if len(package_kinds) == 1 else "PACKAGES"
    route = (f"BY TRUCK FROM {china_side}, CHINA TO {gate_ascii} BORDER GATE, LANG SON, VIET NAM" if not export
             else f"BY TRUCK FROM {gate_ascii} BORDER GATE, LANG SON, VIET NAM TO {china_side}, CHINA")
    plates = [ids.vn_plate(rng), ids.cn_plate(rng)]

    invoice = {
        "invoice_number": number, "invoice_date": invoice_date.isoformat(),
        "seller_name": seller["name"], "seller_address": seller["address"], "seller_tax_code": seller["tax_code"],
        "seller_signatory": seller["contact"],
        "buyer_name": buyer["name"], "buyer_address": buyer["address"], "buyer_tax_code": buyer["tax_code"],
        "currency": currency, "total_amount": total, "incoterm": incoterm, "origin_country": origin,
        "hs_codes": hs_codes, "items": items,
    }
    packing_list = {
        "invoice_number": number, "invoice_date": invoice_date.isoformat(),
        "seller_name": seller["name"], "buyer_name": buyer["name"],
        "packages": packages_total, "package_type": package_type,
        "gross_weight_kg": round(sum(i["gross_weight_kg"] for i in pl_items), 1),
        "net_weight_kg": round(sum(i["net_weight_kg"] for i in pl_items), 1),
        "items": pl_items,
    }
    for role, party in (("seller", seller), ("buyer", buyer)):
        if "name_zh" in party:
            invoice[f"{role}_name_zh"] = packing_list[f"{role}_name_zh"] = party["name_zh"]
    co = {
        "form": form, "reference_number": ids.co_reference(rng, form, "VN" if export else origin, issue),
        "issue_date": issue.isoformat(), "exporter_name": seller["name"], "exporter_address": seller["address"],
        "consignee_name": buyer["name"], "consignee_address": buyer["address"],
        "departure_date": departure.isoformat(), "invoice_number": number,
        "invoice_date": invoice_date.isoformat(), "hs_codes": [i["hs_code"] for i in co_items],
        "origin_criterion": [i["origin_criterion"] for i in co_items],
        "issuing_country": origin, "importing_country": "CN" if export else "VN",
        "third_party_invoicing": False, "issued_retroactively": retro, "fob_value": total,
        "transport_route": route, "signature_date": signature.isoformat(), "items": co_items,
    }
    if "name_zh" in seller:
        co["exporter_name_zh"] = seller["name_zh"]
    if "name_zh" in buyer:
        co["consignee_name_zh"] = buyer["name_zh"]
    declaration = {
        "declaration_number": ids.declaration_number(rng) if not export else "30" + ids.declaration_number(rng)[2:],
        "declaration_date": declaration_date.isoformat(),
        "type_code": rng.choice(EXPORT_TYPES if export else IMPORT_TYPES),
        "importer_name": buyer["name"], "exporter_name": seller["name"],
        "hs_codes": hs_codes, "total_value": total, "currency": currency, "origin_country": origin,
        "customs_office": customs_office, "invoice_number": number, "invoice_date": invoice_date.isoformat(),
        "packages": packages_total, "gross_weight_kg": packing_list["gross_weight_kg"],
        "co_reference": co["reference_number"], "plate": plates[0],
        "items": [{"description": i["description"], "hs_code": i["hs_code"], "quantity": i["quantity"],
                   "unit": i["unit"], "amount": i["amount"], "origin_country": origin} for i in items],
    }
    if export:
        declaration["exporter_tax_code"] = seller["tax_code"]
    else:
        declaration["importer_tax_code"] = buyer["tax_code"]
    gtins = [ids.gtin13(rng, origin) for _ in lines]
    container = ids.container(rng) if rng.random() < 0.35 else ""
    packing_list["vehicle_plates"] = plates
    packing_list["container"] = container
    return {
        "seed": seed,
        "direction": "VN2CN" if export else f"{origin}2VN",
        "gate": gate_vi,
        "documents": {"invoice": invoice, "packing_list": packing_list, "co": co, "declaration": declaration},
        "parties": {"seller": seller, "buyer": buyer},
        "declared_origin": origin,
        "inspection_date": inspection.isoformat(),
        "gtins": gtins,
        "plates": plates,
        "container": container,
    }

"""Certificate of origin layout families: Form E, Form D and RCEP in their numbered-box layouts (items on the
page or on a continuation sheet, typed onto a pre-printed form, a certified copy) and e-C/O printouts.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from bench.docgen.blocks import Column, kv, signature, stamp, table, ticks
from bench.docgen.layout import COUNTRY, COUNTRY_LONG, Ctx
from bench.docgen.page import Page, Pen


@dataclass(frozen=True)
class Form:
    title: tuple[str, ...]
    agreement: str
    boxes: dict[str, str]
    """Box number + wording of each box, keyed by role."""
    columns: tuple[str, ...]
    """Item columns, left to right, as roles (each in `boxes`)."""
    tick_labels: tuple[str, ...]


FORMS = {
    "E": Form(
        ("ASEAN-CHINA FREE TRADE AREA", "PREFERENTIAL TARIFF", "CERTIFICATE OF ORIGIN",
         "(Combined Declaration and Certificate)", "FORM E"), "ACFTA",
        {"exporter": "1. Products consigned from (Exporter's business name, address, country)",
         "consignee": "2. Products consigned to (Consignee's name, address, country)",
         "transport": "3. Means of transport and route (as far as known)",
         "official": "4. For Official Use",
         "item": "5. Item number", "marks": "6. Marks and numbers on packages",
         "description": "7. Number and type of packages, description of products (including quantity where "
                        "appropriate and HS code in six digits of the importing Party)",
         "criterion": "8. Origin criterion (see Overleaf Notes)",
         "quantity": "9. Gross weight or other quantity, and value (FOB) only when RVC criterion is used",
         "invoice": "10. Number and date of invoices",
         "declaration": "11. Declaration by the exporter", "certification": "12. Certification",
         "ticks": "13."},
        ("item", "marks", "description", "criterion", "quantity", "invoice"),
        ("Issued Retroactively", "Exhibition", "Movement Certificate", "Third Party Invoicing")),
    "D": Form(
        ("ATIGA CERTIFICATE OF ORIGIN", "(Combined Declaration and Certificate)", "FORM D"), "ATIGA",
        {"exporter": "1. Goods consigned from (Exporter's business name, address, country)",
         "consignee": "2. Goods consigned to (Consignee's name, address, country)",
         "transport": "3. Means of transport and route (as far as known)",
         "official": "4. For Official Use",
         "item": "5. Item number", "marks": "6. Marks and numbers on packages",
         "description": "7. Number and type of packages, description of goods (including quantity where "
                        "appropriate and HS code of the importing country)",
         "criterion": "8. Origin criterion (see Overleaf Notes)",
         "quantity": "9. Gross weight or other quantity and value (FOB) only when RVC criterion is applied",
         "invoice": "10. Number and date of invoices",
         "declaration": "11. Declaration by the exporter", "certification": "12. Certification",
         "ticks": "13."},
        ("item", "marks", "description", "criterion", "quantity", "invoice"),
        ("Third Country Invoicing", "Exhibition", "Back-to-Back CO", "Issued Retroactively", "De Minimis",
         "Accumulation", "Partial Cumulation")),
    "RCEP": Form(
        ("REGIONAL COMPREHENSIVE ECONOMIC PARTNERSHIP AGREEMENT", "CERTIFICATE OF ORIGIN", "FORM RCEP"), "RCEP",
        {"exporter": "1. Goods consigned from (Exporter's name, address and country)",
         "consignee": "2. Goods consigned to (Importer's or Consignee's name, address and country)",
         "producer": "3. Producer's name, address and country (if known)",
         "transport": "4. Means of transport and route (if known)",
         "official": "5. For official use",
         "item": "6. Item number", "marks": "7. Marks and numbers",
         "description": "8. Number and kind of packages; and description of goods",
         "hs": "9. HS code of the goods (6 digit-level)", "criterion": "10. Origin conferring criterion",
         "country": "11. RCEP country of origin",
         "quantity": "12. Quantity (gross weight or other measurement), and value (FOB) where RVC is applied",
         "invoice": "13. Invoice number(s) and date of invoice(s)", "remarks": "14. Remarks",
         "declaration": "15. Declaration by the exporter or producer", "certification": "16. Certification",
         "ticks": "14."},
        ("item", "marks", "description", "hs", "criterion", "country", "quantity", "invoice"),
        ("Back-to-back Certificate of Origin", "Third-party invoicing", "Issued retroactively")),
}
PLACES = {"CN": ("PINGXIANG", "NANNING", "DONGXING", "GUANGZHOU"), "VN": ("HANOI", "LANG SON"),
          "TH": ("BANGKOK",), "MY": ("KUALA LUMPUR", "PENANG"), "KR": ("SEOUL", "BUSAN")}
AUTHORITIES = {"CN": ("CCPIT", "海关", "GACC"), "VN": ("MOIT", "BỘ CÔNG THƯƠNG"), "TH": ("DFT",),
               "MY": ("MITI",), "KR": ("KCCI",)}
WIDTHS = {
    6: (11, 20, 67, 22, 32, 28),
    8: (10, 16, 50, 18, 18, 16, 26, 26),
}


def _date(ctx: Ctx, key: str) -> str:
    return ctx.put(key, ctx.words.date(ctx.values[key]))


def _criterion(ctx: Ctx, value: str) -> str:
    style = ctx.memo.setdefault("criterion_style", ctx.rng.choice(("plain", "quoted", "bare")))
    if style == "bare" and value.startswith("RVC "):
        value = value[4:]
    return f'"{value}"' if style == "quoted" else value


def _item_rows(ctx: Ctx, form: Form, hs_in_description: bool) -> list[list[str]]:
    words, values = ctx.words, ctx.values
    rows, truth, printed = [], [], []
    for n, item in enumerate(values["items"]):
        hs = words.hs(item["hs_code"])
        criterion = _criterion(ctx, item["origin_criterion"])
        quantity = f"{words.quantity(item['quantity'])} {item['unit']}"
        fob = f"{values.get('currency', 'USD')} {words.number(item['fob_value'])}"
        show_fob = item["origin_criterion"].startswith("RVC") or ctx.memo.setdefault("all_fob", ctx.rng.random() < 0.3)
        description = f"{item['packages']} {item['package_type']} OF {item['description']}"
        if hs_in_description:
            description += f" HS CODE: {hs}"
        invoice = f"{values['invoice_number']}\n{words.date(values['invoice_date'])}" if n == 0 else ""
        cells = {"item": str(item["item_number"]), "marks": item["marks"], "description": description,
                 "hs": hs, "criterion": criterion, "country": COUNTRY[values["issuing_country"]],
                 "quantity": quantity + (f"\n{fob}" if show_fob else ""), "invoice": invoice}
        rows.append([cells[c] for c in form.columns])
        truth.append({"hs_code": item["hs_code"], "origin_criterion": item["origin_criterion"],
                      "quantity": item["quantity"], "unit": item["unit"], "description": item["description"],
                      "packages": item["packages"]} | ({"fob_value": item["fob_value"]} if show_fob else {}))
        printed.append({"hs_code": hs, "origin_criterion": criterion, "quantity": words.quantity(item["quantity"]),
                        "unit": item["unit"], "description": item["description"], "packages": str(item["packages"])}
                       | ({"fob_value": words.number(item["fob_value"])} if show_fob else {}))
    ctx.page.field("items", truth, printed)
    ctx.page.field("hs_codes", values["hs_codes"], [p["hs_code"] for p in printed])
    ctx.page.field("origin_criterion", values["origin_criterion"], [p["origin_criterion"] for p in printed])
    ctx.put("invoice_number")
    _date(ctx, "invoice_date")
    return rows


def _label(page: Page, x: float, y: float, text: str, width: float) -> float:
    return page.block(x + 1, y + 0.8, text, width - 2, size=page.size * 0.72)


def _party_box(ctx: Ctx, x: float, y: float, w: float, h: float, caption: str, role: str, country: str,
               data: Pen) -> None:
    page = ctx.page
    page.rect(x, y, w, h)
    page.new_region()
    used = _label(page, x, y, caption, w) + 1.5
    name = ctx.put(f"{role}_name")
    zh = ctx.has(f"{role}_name_zh") and ctx.rng.random() < 0.35
    address = ctx.values.get(f"{role}_address", "")
    # the typist shrinks the type until the party fits its box
    scale = 1.0
    while scale > 0.7:
        size = data.fit(name, w - 4, data.size * scale, True)
        lines = (zh + len(page.wrap(name, w - 4, size, True, data.face)) +
                 len(page.wrap(address, w - 4, size * 0.92, False, data.face)) + 1)
        if used + lines * data.size * scale * 0.3528 * 1.25 <= h - 0.5:
            break
        scale -= 0.05
    if zh:
        used += data.text(x + 2, y + used, ctx.put(f"{role}_name_zh"), size=data.size * scale)
    used += data.block(x + 2, y + used, name, w - 4, size=size, bold=True)
    if address:
        used += data.block(x + 2, y + used, address, w - 4, size=size * 0.92)
    data.text(x + 2, y + used, COUNTRY[country], size=size * 0.92)


def _transport(ctx: Ctx, x: float, y: float, w: float, data: Pen) -> float:
    used = data.text(x, y, f"Departure date: {_date(ctx, 'departure_date')}", size=data.size * 0.92)
    used += data.text(x, y + used, "Vessel's name/Aircraft etc.: BY TRUCK", size=data.size * 0.92)
    used += data.block(x, y + used, ctx.put("transport_route"), w, size=data.size * 0.92)
    return used


def boxed(ctx: Ctx, *, items: str = "page", overprint: bool = False, copy: bool = False) -> None:
    """The official layout; `items` is page, attached (listed on a continuation sheet) or continuation."""
    page, rng, values = ctx.page, ctx.rng, ctx.values
    form = FORMS[values["form"]]
    ctx.put("form", f"FORM {values['form']}")
    # typed onto a pre-printed form: the data sits a little off the boxes, in a typewriter-like face
    data = Pen(page, "NotoSansMonoCJKsc" if overprint else page.face, page.size * 0.95)
    dx, dy = (rng.uniform(-2.5, 2.5), rng.uniform(-2, 2.5)) if overprint else (0.0, 0.0)
    top, left, mid, right = 10.0, 15.0, 108.0, 195.0
    if items == "continuation":
        _continuation(ctx, form, data)
        return
    page.new_region()
    page.text(right, top - 5, "ORIGINAL" if not copy else "CERTIFIED TRUE COPY", size=page.size, bold=True,
              align="right")
    rcep = values["form"] == "RCEP"
    box_h = 25.0 if not rcep else 20.0
    roles = ["exporter", "consignee"] + (["producer"] if rcep else [])
    y = top
    for role in roles:
        if role == "producer":
            page.rect(left, y, mid - left, box_h)
            page.new_region()
            _label(page, left, y, form.boxes["producer"], mid - left)
            data.text(left + 2 + dx, y + 7 + dy, "AS ABOVE" if rng.random() < 0.5 else "", size=data.size)
        else:
            country = values["issuing_country"] if role == "exporter" else values["importing_country"]
            _party_box(ctx, left, y, mid - left, box_h, form.boxes[role], role, country, data)
        y += box_h
    page.rect(left, y, mid - left, box_h + 4)
    page.new_region()
    _label(page, left, y, form.boxes["transport"], mid - left)
    page.new_region()
    _transport(ctx, left + 2 + dx, y + 6 + dy, mid - left - 4, data)
    bottom_top = y + box_h + 4
    # right column: reference number, title, issuing country, official use
    page.rect(mid, top, right - mid, bottom_top - top)
    page.new_region()
    page.text(mid + 2, top + 2, "Reference No.", size=page.size * 0.85)
    data.text(mid + 24 + dx, top + 2 + dy, ctx.put("reference_number"), size=data.size * 1.05, bold=True)
    page.new_region()
    ty = top + 10
    for i, line in enumerate(form.title):
        bold = i in (0, len(form.title) - 1)
        size = page.fit(line, right - mid - 4, page.size * (1.2 if i == len(form.title) - 1 else 0.85), bold)
        ty += page.text((mid + right) / 2, ty, line, size=size, bold=bold, align="center")
    ty += 2
    issued = COUNTRY_LONG[values["issuing_country"]]
    page.text((mid + right) / 2, ty + 4, "Issued in", size=page.size * 0.85, align="center")
    data.text((mid + right) / 2 + dx, ty + 8.5 + dy, ctx.put("issuing_country", issued), size=data.size,
              align="center")
    page.text((mid + right) / 2, ty + 15, "(Country)", size=page.size * 0.75, align="center")
    page.line(mid, y, right, y)
    page.new_region()
    _label(page, mid, y, form.boxes["official"], right - mid)
    page.text(mid + 3, y + 7, f"Preferential Treatment Given Under {form.agreement}", size=page.size * 0.72)
    page.text(mid + 3, y + 12, "Preferential Treatment Not Given (Please state reason/s)", size=page.size * 0.72)
    # items
    widths = WIDTHS[len(form.columns)]
    columns = [Column(form.boxes[c], w) for c, w in zip(form.columns, widths)]
    y = bottom_top
    items_bottom = 200.0
    if items == "page":
        rows = _item_rows(ctx, form, hs_in_description="hs" not in form.columns)
        table(page, left, y, columns, rows, grid="none", size=page.size * 0.85, face=data.face)
    else:
        head = table(page, left, y, columns, [], grid="none", size=page.size * 0.85)
        page.new_region()
        data.block(left + sum(widths[:2]) + 2, y + head + 3, rng.choice((
            "AS PER ATTACHED CONTINUATION SHEET(S)", "SEE ATTACHED LIST", "*** PLEASE SEE THE ATTACHED SHEET ***")),
            widths[2] - 4, size=data.size)
        ctx.put("invoice_number")
        _date(ctx, "invoice_date")
        data.text(left + sum(widths[:-1]) + 1, y + head + 3, values["invoice_number"], size=data.size * 0.85)
        data.text(left + sum(widths[:-1]) + 1, y + head + 7, ctx.words.date(values["invoice_date"]),
                  size=data.size * 0.85)
    if items == "page" and rng.random() < 0.6:
        page.new_region()
        total = ctx.put("fob_value", ctx.words.number(values["fob_value"]))
        data.text(left + sum(widths[:2]) + 2, items_bottom - 8, f"TOTAL FOB VALUE: USD {total}", size=data.size,
                  bold=True)
    page.rect(left, bottom_top, right - left, items_bottom - bottom_top)
    x = left
    for w in widths[:-1]:
        x += w
        page.line(x, bottom_top, x, items_bottom, 0.2)
    _footer(ctx, form, data, items_bottom, dx, dy)
    if copy:
        stamp(page, rng, rng.uniform(60, 150), rng.uniform(120, 180), 18, "CERTIFIED TRUE COPY")


def _footer(ctx: Ctx, form: Form, data: Pen, y: float, dx: float, dy: float) -> None:
    page, rng, values = ctx.page, ctx.rng, ctx.values
    left, mid, right = 15.0, 105.0, 195.0
    flags = {"Issued Retroactively": "issued_retroactively", "Issued retroactively": "issued_retroactively",
             "Third Party Invoicing": "third_party_invoicing", "Third Country Invoicing": "third_party_invoicing",
             "Third-party invoicing": "third_party_invoicing"}
    options = [(label, bool(values.get(flags.get(label, ""), False))) for label in form.tick_labels]
    for key in set(flags.values()):
        ctx.page.field(key, values[key], None)  # a tick, not text
    page.new_region()
    page.text(left + 1, y + 1, form.boxes["ticks"], size=page.size * 0.8)
    used = ticks(page, left + 8, y + 1, options, columns=4 if len(options) > 4 else 2, width=170,
                 size=page.size * 0.75) + 2
    page.rect(left, y, right - left, used)
    y += used
    height = 282 - y
    page.rect(left, y, mid - left, height)
    page.rect(mid, y, right - mid, height)
    page.new_region()
    used = _label(page, left, y, form.boxes["declaration"], mid - left) + 1
    text = ("The undersigned hereby declares that the above details and statements are correct; that all the "
            "goods were produced in")
    used += page.block(left + 2, y + used, text, mid - left - 4, size=page.size * 0.75)
    used += data.text((left + mid) / 2, y + used + 1, COUNTRY[values["issuing_country"]], size=data.size,
                      align="center") + 1
    text = (f"and that they comply with the origin requirements specified for these goods in the "
            f"{form.agreement} Rules of Origin for the goods exported to")
    used += page.block(left + 2, y + used, text, mid - left - 4, size=page.size * 0.75)
    importing = COUNTRY[values["importing_country"]]
    used += data.text((left + mid) / 2, y + used + 1, ctx.put("importing_country", importing), size=data.size,
                      align="center") + 2
    place = rng.choice(PLACES[values["issuing_country"]])
    data.text(left + 4 + dx, y + height - 14 + dy, f"{place}, {_date(ctx, 'signature_date')}", size=data.size)
    signature(page, rng, left + 45, y + height - 16, 25)
    page.new_region()
    page.text(left + 2, y + height - 6, "Place and date, signature of authorised signatory", size=page.size * 0.7)
    page.new_region()
    used = _label(page, mid, y, form.boxes["certification"], right - mid) + 1
    page.block(mid + 2, y + used, "It is hereby certified, on the basis of control carried out, that the "
               "declaration by the exporter is correct.", right - mid - 4, size=page.size * 0.75)
    page.new_region()
    data.text(mid + 4 + dx, y + height - 14 + dy, f"{place}, {_date(ctx, 'issue_date')}", size=data.size)
    stamp(page, rng, mid + 60, y + height - 20, rng.uniform(11, 15), rng.choice(AUTHORITIES[values["issuing_country"]]))
    page.new_region()
    page.text(mid + 2, y + height - 6, "Place and date, signature and stamp of certifying authority",
              size=page.size * 0.7)


def _continuation(ctx: Ctx, form: Form, data: Pen) -> None:
    page, values = ctx.page, ctx.values
    page.new_region()
    y = 12.0
    y += page.text(105, y, f"FORM {values['form']} - CONTINUATION SHEET", size=page.size * 1.3, bold=True,
                   align="center")
    ctx.put("form", f"FORM {values['form']}")
    page.new_region()
    page.text(15, y + 3, "Reference No.", size=page.size * 0.9)
    data.text(45, y + 3, ctx.put("reference_number"), size=data.size * 1.05, bold=True)
    page.text(195, y + 3, f"Page 2 / {ctx.rng.choice((2, 3))}", size=page.size * 0.85, align="right")
    y += 12
    widths = WIDTHS[len(form.columns)]
    columns = [Column(form.boxes[c], w) for c, w in zip(form.columns, widths)]
    rows = _item_rows(ctx, form, hs_in_description="hs" not in form.columns)
    height = table(page, 15, y, columns, rows, grid="full", size=page.size * 0.85)
    y += height + 8
    page.new_region()
    total = ctx.put("fob_value", ctx.words.number(values["fob_value"]))
    page.text(15, y, f"TOTAL FOB VALUE: USD {total}", bold=True)
    page.new_region()
    place = ctx.rng.choice(PLACES[values["issuing_country"]])
    page.text(110, y + 12, f"{place}, {_date(ctx, 'issue_date')}", size=page.size)
    stamp(page, ctx.rng, 150, y + 25, 13, ctx.rng.choice(AUTHORITIES[values["issuing_country"]]))


def official(ctx: Ctx) -> None:
    boxed(ctx)


def overprint(ctx: Ctx) -> None:
    boxed(ctx, overprint=True)


def certified_copy(ctx: Ctx) -> None:
    boxed(ctx, copy=True)


def attached_list(ctx: Ctx) -> None:
    boxed(ctx, items="attached")


def continuation(ctx: Ctx) -> None:
    boxed(ctx, items="continuation")


def eco_printout(ctx: Ctx) -> None:
    """An electronic C/O's printout: labelled lines, one items table, a QR box, no numbered boxes."""
    page, words, rng, values = ctx.page, ctx.words, ctx.rng, ctx.values
    form = values["form"]
    page.new_region()
    y = 12.0
    title = {"E": "ELECTRONIC CERTIFICATE OF ORIGIN - FORM E (ACFTA)",
             "D": "ASEAN SINGLE WINDOW - e-FORM D (ATIGA)",
             "RCEP": "ELECTRONIC CERTIFICATE OF ORIGIN - FORM RCEP"}[form]
    y += page.text(105, y, title, size=page.size * 1.3, bold=True, align="center") + 1
    ctx.put("form", f"FORM {form}")
    page.rect(170, 24, 25, 25, 0.3)
    y += 6
    placement = rng.choice(("right", "under"))
    rows: list[tuple[str, str]] = [
        ("Certificate No." if rng.random() < 0.5 else "Reference No.", ctx.put("reference_number")),
        ("Issued in", ctx.put("issuing_country", COUNTRY[values["issuing_country"]])),
        ("Date of issue", _date(ctx, "issue_date")),
        ("Exporter", ctx.put("exporter_name")),
        ("Consignee", ctx.put("consignee_name")),
        ("Importing country", ctx.put("importing_country", COUNTRY[values["importing_country"]])),
        ("Departure date", _date(ctx, "departure_date")),
        ("Transport", ctx.put("transport_route")),
        ("Issued retroactively", ctx.put("issued_retroactively", "YES" if values["issued_retroactively"] else "NO")),
        ("Third party invoicing", ctx.put("third_party_invoicing",
                                          "YES" if values["third_party_invoicing"] else "NO")),
    ]
    for label, value in rows:
        text = label.upper() if words.upper else label
        y += kv(page, 15, y, 150, text + (":" if words.colon else ""), value, placement, label_width=45)
    y += 3
    columns = [Column("Item", 10, "center"), Column("HS Code", 22), Column("Description of goods", 66),
               Column("Origin criterion", 25), Column("Quantity", 27, "right"), Column("FOB value", 30, "right")]
    truth, printed, cells = [], [], []
    for item in values["items"]:
        hs = words.hs(item["hs_code"])
        criterion = item["origin_criterion"]
        cells.append([str(item["item_number"]), hs, item["description"], criterion,
                      f"{words.quantity(item['quantity'])} {item['unit']}", words.number(item["fob_value"])])
        truth.append({k: item[k] for k in ("hs_code", "origin_criterion", "quantity", "unit", "description",
                                            "fob_value")})
        printed.append({"hs_code": hs, "origin_criterion": criterion, "quantity": words.quantity(item["quantity"]),
                        "unit": item["unit"], "description": item["description"],
                        "fob_value": words.number(item["fob_value"])})
    y += table(page, 15, y, columns, cells, grid="full", header_fill=230) + 3
    page.field("items", truth, printed)
    page.field("hs_codes", values["hs_codes"], [p["hs_code"] for p in printed])
    page.field("origin_criterion", values["origin_criterion"], [p["origin_criterion"] for p in printed])
    y += kv(page, 15, y, 180, "Invoice No. and date:",
            f"{ctx.put('invoice_number')} {_date(ctx, 'invoice_date')}", "right")
    y += kv(page, 15, y, 180, "Total FOB value:", f"USD {ctx.put('fob_value', words.number(values['fob_value']))}",
            "right")
    y += kv(page, 15, y, 180, "Exporter's declaration date:", _date(ctx, "signature_date"), "right") + 4
    page.new_region()
    day = date.fromisoformat(values["issue_date"])
    page.text(15, y, f"Digitally signed by the issuing authority on {day.isoformat()}; verify at "
              f"{rng.choice(('http://check.customs.gov.cn', 'https://ecosys.gov.vn', 'https://asw.asean.org'))}",
              size=page.size * 0.75)


FAMILIES = {
    "official": official,
    "overprint": overprint,
    "certified_copy": certified_copy,
    "attached_list": attached_list,
    "continuation": continuation,
    "eco_printout": eco_printout,
}
LANGUAGES = {name: (("en",),) for name in FAMILIES}
FACES: dict[str, tuple[str, ...]] = {}


def eligible(name: str, values: dict[str, Any]) -> bool:
    return True

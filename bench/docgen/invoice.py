"""Commercial invoice layout families."""
from __future__ import annotations

from datetime import date

from bench.docgen import identifiers as ids
from bench.docgen.blocks import Column, cells, kv, signature, stamp, table
from bench.docgen.layout import COUNTRY, COUNTRY_VI, COUNTRY_ZH, Ctx, items_table, letterhead, party

ALL = ("description", "hs_code", "quantity", "unit", "unit_price", "amount")


def _terms(ctx: Ctx, x: float, y: float, width: float, placement: str) -> float:
    words, v = ctx.words, ctx.values
    used = 0.0
    used += kv(ctx.page, x, y + used, width, words.label("incoterm"), ctx.put("incoterm") + " " +
               ctx.rng.choice(("HUU NGHI, LANG SON", "PINGXIANG", "DONG DANG", "BORDER GATE")), placement)
    origin = {"en": COUNTRY[v["origin_country"]], "vi": COUNTRY_VI[v["origin_country"]],
              "zh": COUNTRY_ZH[v["origin_country"]]}[ctx.rng.choice(words.languages)]
    used += kv(ctx.page, x, y + used, width, words.label("origin_country"), ctx.put("origin_country", origin),
               placement)
    return used


def _total(ctx: Ctx, x: float, y: float, *, bold: bool = True, align: str = "right") -> float:
    printed = ctx.words.number(ctx.values["total_amount"])
    ctx.put("total_amount", printed)
    text = f"{ctx.words.label('total_amount')} {ctx.put('currency')} {printed}"
    ctx.page.new_region()
    return ctx.page.text(x, y, text, bold=bold, align=align, size=ctx.page.size * 1.1) + 2


def _sign(ctx: Ctx, y: float, who: str) -> None:
    page = ctx.page
    page.new_region()
    x = ctx.rng.choice((120.0, 135.0))
    page.text(x, y, who, size=page.size * 0.9)
    signature(page, ctx.rng, x + 5, y + 14)
    if ctx.has("seller_signatory") and ctx.rng.random() < 0.6:
        page.text(x, y + 22, ctx.put("seller_signatory"), size=page.size, bold=ctx.rng.random() < 0.5)
    if ctx.rng.random() < 0.7:
        stamp(page, ctx.rng, x + 25, y + 14, ctx.rng.uniform(12, 16), ctx.values.get("seller_name_zh", "") or
              " ".join(ctx.values["seller_name"].split()[-2:]))


def english_letterhead(ctx: Ctx) -> None:
    page, words, rng = ctx.page, ctx.words, ctx.rng
    y = letterhead(ctx, "seller_name", "seller_address", align=rng.choice(("left", "center")))
    page.new_region()
    title = words.label("invoice_title", colon=False)
    y += page.text(105, y, title, size=page.fit(title, 180, page.size * 1.7, True), bold=True, align="center") + 4
    placement = rng.choice(("right", "under"))
    # the invoice's number and date beside the buyer, on either side, or on a line of their own above it
    where = rng.choice(("right", "left", "above"))
    bx, mx = (15.0, 125.0) if where == "right" else (90.0, 15.0)
    if where == "above":
        used = kv(page, 15, y, 90, words.label("invoice_number"), ctx.put("invoice_number"), "right",
                  bold_value=True)
        used = max(used, kv(page, 110, y, 85, words.label("invoice_date"),
                            ctx.put("invoice_date", words.date(ctx.values["invoice_date"])), "right"))
        y += used + 2
        y += party(ctx, 15, y, 180, "buyer", "buyer_name", placement, address_key="buyer_address",
                   tax_key="buyer_tax_code") + 3
    else:
        left = party(ctx, bx, y, 105 if where == "left" else 100, "buyer", "buyer_name", placement,
                     address_key="buyer_address", tax_key="buyer_tax_code")
        right = kv(page, mx, y, 70, words.label("invoice_number"), ctx.put("invoice_number"), "right",
                   bold_value=True)
        right += kv(page, mx, y + right, 70, words.label("invoice_date"),
                    ctx.put("invoice_date", words.date(ctx.values["invoice_date"])), "right")
        y += max(left, right) + 3
    y += _terms(ctx, 15, y, 180, "right") + 3
    keys = ALL if rng.random() < 0.8 else ("description", "quantity", "unit", "unit_price", "amount")
    widths = (62, 22, 22, 13, 22, 31) if len(keys) == 6 else (84, 22, 13, 24, 29)
    y += items_table(ctx, 15, y, keys, widths, grid=rng.choice(("rules", "full", "none"))) + 3
    y += _total(ctx, 195, y)
    _sign(ctx, y + 8, rng.choice(("For and on behalf of the Seller", "Authorized signature", "Signature & stamp")))


def chinese_grid(ctx: Ctx) -> None:
    """商业发票: bilingual, every value in the cell its label heads."""
    page, words = ctx.page, ctx.words
    page.new_region()
    y = 14.0
    if ctx.has("seller_name_zh"):
        y += page.text(105, y, ctx.put("seller_name_zh"), size=page.size * 1.6, bold=True, align="center") + 1
    y += page.text(105, y, "商业发票  COMMERCIAL INVOICE", size=page.size * 1.6, bold=True, align="center") + 4
    half = 90.0
    pairs = [
        (words.label("seller"), ctx.put("seller_name") + "\n" + ctx.put("seller_address")),
        (words.label("invoice_number"), ctx.put("invoice_number")),
        (words.label("buyer"), ctx.put("buyer_name") + "\n" + ctx.put("buyer_address")),
        (words.label("invoice_date"), ctx.put("invoice_date", words.date(ctx.values["invoice_date"]))),
        (words.label("incoterm"), ctx.put("incoterm")),
        (words.label("origin_country"), ctx.put("origin_country", COUNTRY_ZH[ctx.values["origin_country"]] +
                                                 " " + COUNTRY[ctx.values["origin_country"]])),
    ]
    for row in range(0, len(pairs), 2):
        y += cells(page, 15, y, [(label, value, half) for label, value in pairs[row:row + 2]])
    y += 3
    y += items_table(ctx, 15, y, ALL, (56, 24, 22, 14, 23, 32), grid="full", header_fill=225) + 2
    currency = ctx.put("currency")
    total = ctx.put("total_amount", words.number(ctx.values["total_amount"]))
    y += table(page, 15, y, [Column(words.label("total_amount", colon=False), 120, "right"),
                             Column(currency, 61, "right")], [["", total]], grid="full") + 4
    page.new_region()
    page.text(15, y, "卖方签字盖章 Seller's signature & company chop:", size=page.size * 0.9)
    _sign(ctx, y + 4, "")


def vat_invoice(ctx: Ctx) -> None:
    """HÓA ĐƠN GIÁ TRỊ GIA TĂNG, as Vietnamese e-invoice software prints it (Ký hiệu, Số, numbered columns)."""
    page, words, rng = ctx.page, ctx.words, ctx.rng
    day = date.fromisoformat(ctx.values["invoice_date"])
    page.new_region()
    y = 12.0
    page.text(15, y, "Mẫu số (Form): 1", size=page.size * 0.9)
    page.text(195, y, f"Ký hiệu (Serial): {ids.einvoice_symbol(rng, day)[1:]}", size=page.size * 0.9, align="right")
    y += 6
    page.new_region()
    y += page.text(105, y, "HÓA ĐƠN GIÁ TRỊ GIA TĂNG", size=page.size * 1.8, bold=True, align="center")
    y += page.text(105, y + 1, "(VAT INVOICE)", size=page.size * 1.1, align="center") + 1
    printed_date = f"Ngày {day.day:02d} tháng {day.month:02d} năm {day.year}"
    y += page.text(105, y + 1, ctx.put("invoice_date", printed_date), align="center") + 1
    page.new_region()
    number_label = rng.choice(("Số (No.):", "Số:", "Số hóa đơn:", "No.:"))
    page.text(150, y, f"{number_label} {ctx.put('invoice_number')}", bold=True, size=page.size * 1.1)
    if rng.random() < 0.5:
        code = "".join(rng.choice("0123456789ABCDEF") for _ in range(34))
        page.new_region()
        page.text(15, y, f"Mã của CQT: {code}", size=page.size * 0.75)
    y += 8
    labels = ("Đơn vị bán hàng (Seller)", "Mã số thuế (Tax code)", "Địa chỉ (Address)")
    used = kv(page, 15, y, 180, labels[0] + ":", ctx.put("seller_name"), "right", bold_value=True, label_width=50)
    used += kv(page, 15, y + used, 180, labels[1] + ":", ctx.put("seller_tax_code"), "right", label_width=50)
    used += kv(page, 15, y + used, 180, labels[2] + ":", ctx.put("seller_address"), "right", label_width=50)
    y += used + 1
    page.line(15, y, 195, y, 0.2)
    y += 2
    used = kv(page, 15, y, 180, "Tên đơn vị (Company name):", ctx.put("buyer_name"), "right", bold_value=True,
              label_width=50)
    if ctx.has("buyer_tax_code") and ctx.values["buyer_tax_code"].isdigit():
        used += kv(page, 15, y + used, 180, labels[1] + ":", ctx.put("buyer_tax_code"), "right", label_width=50)
    used += kv(page, 15, y + used, 180, labels[2] + ":", ctx.put("buyer_address"), "right", label_width=50)
    used += kv(page, 15, y + used, 180, "Hình thức thanh toán (Payment):",
               rng.choice(("TM/CK", "Chuyển khoản", "L/C")), "right", label_width=50)
    y += used + 3
    headers = {"description": "Tên hàng hóa, dịch vụ (Description)", "unit": "Đơn vị tính (Unit)",
               "quantity": "Số lượng (Qty)", "unit_price": "Đơn giá (Unit price)", "amount": "Thành tiền (Amount)"}
    y += items_table(ctx, 15, y, ("description", "unit", "quantity", "unit_price", "amount"), (70, 18, 24, 26, 33),
                     headers=headers, numbered=True, min_rows=rng.choice((0, 3, 5)), languages=("vi",)) + 2
    total = ctx.put("total_amount", words.number(ctx.values["total_amount"]))
    currency = ctx.put("currency")
    rows = [["Cộng tiền hàng (Sub total):", total], ["Thuế suất GTGT (VAT rate): 0%   Tiền thuế GTGT (VAT):", "0"],
            [f"Tổng cộng tiền thanh toán (Total payment, {currency}):", total]]
    y += table(page, 15, y, [Column("", 120), Column("", 61, "right")], rows, grid="full") + 2
    page.new_region()
    y += page.text(15, y, "Số tiền viết bằng chữ (In words): " + "." * 40, size=page.size * 0.9)
    page.new_region()
    page.text(30, y + 6, "Người mua hàng (Buyer)", size=page.size * 0.9)
    _sign(ctx, y + 6, "Người bán hàng (Seller)")


def einvoice_printout(ctx: Ctx) -> None:
    """A printed e-invoice: provider header, lookup code, tax-authority code, signed-by box, no stamp."""
    page, words, rng = ctx.page, ctx.words, ctx.rng
    vn = vietnamese_einvoice(ctx.values)
    day = date.fromisoformat(ctx.values["invoice_date"])
    page.new_region()
    page.rect(15, 10, 24, 24, 0.3)
    for i in range(6):  # a QR code's corner marks, enough to look like one
        page.rect(16 + (i % 3) * 7, 11 + (i // 3) * 14, 5, 5, 0.8)
    y = 12.0
    title = ("HÓA ĐƠN THƯƠNG MẠI ĐIỆN TỬ" if rng.random() < 0.5 else "HÓA ĐƠN GIÁ TRỊ GIA TĂNG") if vn \
        else "ELECTRONIC INVOICE / 电子发票" if ctx.has("seller_name_zh") else "ELECTRONIC INVOICE"
    y += page.text(115, y, title, size=page.size * 1.6, bold=True, align="center") + 1
    y += page.text(115, y, "(Bản thể hiện của hóa đơn điện tử)" if vn else "(Printed copy of an electronic invoice)",
                   size=page.size * 0.85, align="center")
    if vn:
        y += page.text(115, y + 1, f"Ký hiệu: {ids.einvoice_symbol(rng, day)}   Số: {ctx.put('invoice_number')}",
                       align="center") + 1
    else:
        y += page.text(115, y + 1, f"{words.label('invoice_number')} {ctx.put('invoice_number')}",
                       align="center") + 1
    printed_date = ctx.put("invoice_date", words.date(ctx.values["invoice_date"]))
    y += page.text(115, y, f"{words.label('invoice_date')} {printed_date}", align="center") + 1
    if vn:
        code = "".join(rng.choice("0123456789ABCDEF") for _ in range(34))
        y += page.text(115, y, f"Mã của cơ quan thuế: {code}", size=page.size * 0.85, align="center")
    y = max(y, 36) + 3
    placement = rng.choice(("right", "cell"))
    left = party(ctx, 15, y, 88, "seller", "seller_name", placement, address_key="seller_address")
    right = party(ctx, 107, y, 88, "buyer", "buyer_name", placement, address_key="buyer_address",
                  tax_key="buyer_tax_code")
    y += max(left, right) + 3
    y += kv(page, 15, y, 180, words.label("incoterm"), ctx.put("incoterm"), "right")
    y += kv(page, 15, y, 180, words.label("currency"), ctx.put("currency"), "right") + 2
    keys = ALL if not vn or rng.random() < 0.5 else ("description", "unit", "quantity", "unit_price", "amount")
    widths = (62, 22, 22, 13, 22, 31) if len(keys) == 6 else (80, 16, 24, 24, 28)
    y += items_table(ctx, 15, y, keys, widths, grid="full", header_fill=235) + 2
    y += _total(ctx, 195, y)
    page.new_region()
    page.rect(120, y + 4, 75, 20, 0.3)
    page.text(123, y + 6, "Signature valid / Chữ ký hợp lệ", size=page.size * 0.85)
    page.text(123, y + 11, f"Ký bởi: {ctx.values['seller_name'][:34]}", size=page.size * 0.75)
    page.text(123, y + 15, f"Ký ngày: {day.strftime('%d/%m/%Y')}", size=page.size * 0.8)
    if not vn:
        return
    page.new_region()
    page.text(15, 285, "Tra cứu tại / Look up at: https://hoadondientu.gdt.gov.vn   Mã tra cứu: " +
              "".join(rng.choice("ABCDEFGHJKMNPQRSTUVWXYZ23456789") for _ in range(10)), size=page.size * 0.75)


def bilingual_cells(ctx: Ctx) -> None:
    """HÓA ĐƠN THƯƠNG MẠI / COMMERCIAL INVOICE: a two-column grid of labelled cells, values under labels."""
    page, words, rng = ctx.page, ctx.words, ctx.rng
    page.new_region()
    y = 14.0
    y += page.text(105, y, "HÓA ĐƠN THƯƠNG MẠI", size=page.size * 1.7, bold=True, align="center")
    y += page.text(105, y + 0.5, "COMMERCIAL INVOICE", size=page.size * 1.3, bold=True, align="center") + 4
    contract = f"{rng.randint(1, 99):02d}/{rng.randint(2023, 2026)}/HĐNT"
    rows = [
        [(words.label("seller"), ctx.put("seller_name")), (words.label("invoice_number"), ctx.put("invoice_number"))],
        [(words.label("address"), ctx.put("seller_address")),
         (words.label("invoice_date"), ctx.put("invoice_date", words.date(ctx.values["invoice_date"])))],
        [(words.label("buyer"), ctx.put("buyer_name")), (words.label("contract"), contract)],
        [(words.label("address"), ctx.put("buyer_address")), (words.label("incoterm"), ctx.put("incoterm"))],
    ]
    for (label1, value1), (label2, value2) in rows:
        y += cells(page, 15, y, [(label1, value1, 110), (label2, value2, 70)])
    y += 3
    y += items_table(ctx, 15, y, ALL, (56, 24, 22, 14, 25, 30), grid="full") + 2
    y += _total(ctx, 195, y)
    _sign(ctx, y + 6, "Đại diện bên bán / Seller")


def typed_trilingual(ctx: Ctx) -> None:
    """A border-trade invoice typed in three languages, values under labels, no ruling."""
    page, words, rng = ctx.page, ctx.words, ctx.rng
    page.new_region()
    y = 12.0
    y += page.text(105, y, "发票 / HÓA ĐƠN / INVOICE", size=page.size * 1.6, bold=True, align="center") + 4
    y += party(ctx, 15, y, 110, "seller", "seller_name", "under", address_key="seller_address") + 1
    y += party(ctx, 15, y, 110, "buyer", "buyer_name", "under", address_key="buyer_address",
               tax_key="buyer_tax_code", zh=False) + 1
    meta = kv(page, 135, 26, 60, words.label("invoice_number"), ctx.put("invoice_number"), "under")
    meta += kv(page, 135, 26 + meta, 60, words.label("invoice_date"),
               ctx.put("invoice_date", words.date(ctx.values["invoice_date"])), "under")
    meta += kv(page, 135, 26 + meta, 60, words.label("currency"), ctx.put("currency"), "under")
    y = max(y, 26 + meta) + 3
    y += kv(page, 15, y, 180, words.label("incoterm"), ctx.put("incoterm"), "right") + 2
    y += items_table(ctx, 15, y, ALL, (56, 24, 22, 14, 25, 30), grid=rng.choice(("none", "rules"))) + 3
    y += _total(ctx, 195, y, bold=False)
    _sign(ctx, y + 6, "签字 / Ký tên / Signature")


def modern_template(ctx: Ctx) -> None:
    """A spreadsheet-style template: big INVOICE on the right, Bill-to box, meta table, totals box."""
    page, words, rng = ctx.page, ctx.words, ctx.rng
    page.new_region()
    page.text(195, 12, "INVOICE" if rng.random() < 0.6 else "COMMERCIAL INVOICE", size=page.size * 2.4,
              bold=True, align="right")
    y = letterhead(ctx, "seller_name", "seller_address", align="left", zh=rng.random() < 0.5, y=30)
    rows = [[words.label("invoice_number", colon=False), ctx.put("invoice_number")],
            [words.label("invoice_date", colon=False), ctx.put("invoice_date", words.date(ctx.values["invoice_date"]))],
            [words.label("incoterm", colon=False), ctx.put("incoterm")]]
    height = table(page, 130, y, [Column("", 30), Column("", 35, "right")], rows, grid="full")
    left = party(ctx, 15, y, 105, "buyer", "buyer_name", "cell", address_key="buyer_address",
                 tax_key="buyer_tax_code")
    y += max(height, left) + 4
    y += items_table(ctx, 15, y, ALL, (56, 24, 22, 14, 25, 30), grid="rules", header_fill=215, number_column=False) + 3
    total = ctx.put("total_amount", words.number(ctx.values["total_amount"]))
    table(page, 130, y, [Column("", 30), Column("", 35, "right")],
          [[words.label("total_amount", colon=False), f"{ctx.put('currency')} {total}"]], grid="full")
    _sign(ctx, y + 14, "Authorised signatory")


FAMILIES = {
    "english_letterhead": english_letterhead,
    "chinese_grid": chinese_grid,
    "vat_invoice": vat_invoice,
    "einvoice_printout": einvoice_printout,
    "bilingual_cells": bilingual_cells,
    "typed_trilingual": typed_trilingual,
    "modern_template": modern_template,
}
LANGUAGES = {
    "english_letterhead": (("en",), ("en", "vi"), ("en", "zh"), ("vi", "en")),
    "chinese_grid": (("zh", "en"), ("zh",)),
    "vat_invoice": (("vi", "en"),),
    "einvoice_printout": (("vi", "en"), ("en",), ("en", "zh"), ("vi",)),
    "bilingual_cells": (("vi", "en"), ("en", "vi")),
    "typed_trilingual": (("zh", "vi", "en"), ("vi", "zh", "en")),
    "modern_template": (("en",), ("en", "vi"), ("vi",)),
}

FACES = {"typed_trilingual": ("NotoSansMonoCJKsc",)}


def vietnamese_einvoice(values: dict[str, object]) -> bool:
    """A Vietnamese seller (10-digit MST) invoicing on its e-invoice (a number of up to 8 digits)."""
    number, tax_code = str(values["invoice_number"]), str(values.get("seller_tax_code", ""))
    return number.isdigit() and len(number) <= 8 and tax_code.isdigit() and len(tax_code) in (10, 13)


def eligible(name: str, values: dict[str, object]) -> bool:
    """VAT invoices are a Vietnamese seller's e-invoices; a Chinese grid belongs to a seller with a Hanzi name."""
    if name == "vat_invoice":
        return vietnamese_einvoice(values)
    if name == "chinese_grid":
        return bool(values.get("seller_name_zh"))
    return True

"""Customs declaration layout families: VNACCS printouts (TỜ KHAI HÀNG HÓA NHẬP KHẨU / XUẤT KHẨU), the
declarant software's print, the draft for confirmation, the portal's lookup page and the goods sheet.
"""
from __future__ import annotations

from typing import Any

from bench.docgen.blocks import Column, cells, kv, table
from bench.docgen.layout import COUNTRY, Ctx
from bench.docgen.wording import strip_diacritics


def _export(ctx: Ctx) -> bool:
    return "exporter_tax_code" in ctx.values


def _vn_dates(ctx: Ctx) -> None:
    """VNACCS prints day/month/year, whatever the page drew."""
    if "dates" not in ctx.memo:
        ctx.memo["dates"] = ctx.words.date_format = ctx.rng.choice(("dmy/", "dmy/", "dmy/", "dmy-"))


def _title(ctx: Ctx) -> str:
    _vn_dates(ctx)
    return "TỜ KHAI HÀNG HÓA XUẤT KHẨU" if _export(ctx) else "TỜ KHAI HÀNG HÓA NHẬP KHẨU"


def _header(ctx: Ctx, numbered: bool) -> list[tuple[str, str]]:
    """The header's labelled values in VNACCS order, each recorded as the field it prints."""
    words, rng, v = ctx.words, ctx.rng, ctx.values
    _vn_dates(ctx)
    day = words.date(v["declaration_date"])
    time = f" {rng.randint(7, 17):02d}:{rng.randint(0, 59):02d}:{rng.randint(0, 59):02d}" if rng.random() < 0.6 else ""
    ours = "exporter" if _export(ctx) else "importer"
    theirs = "importer" if _export(ctx) else "exporter"
    ours_vi = "Người xuất khẩu" if _export(ctx) else "Người nhập khẩu"
    theirs_vi = "Người nhập khẩu" if _export(ctx) else "Người xuất khẩu"
    currency = ctx.put("currency")
    total = ctx.put("total_value", words.number(v["total_value"]))
    pairs = [
        ("Số tờ khai", ctx.put("declaration_number")),
        ("Mã phân loại kiểm tra", rng.choice(("1", "2", "3"))),
        ("Mã loại hình", f"{ctx.put('type_code')} {rng.choice(('2', '3'))} [4]"),
        ("Tên cơ quan Hải quan tiếp nhận tờ khai", ctx.put("customs_office")),
        ("Ngày đăng ký", ctx.put("declaration_date", day) + time),
        (f"{ours_vi} - Mã", ctx.put(f"{ours}_tax_code")),
        (f"{ours_vi} - Tên", _name(ctx, f"{ours}_name")),
        (f"{theirs_vi} - Tên", _name(ctx, f"{theirs}_name")),
        ("Mã nước", ctx.put("origin_country") if not _export(ctx) else "CN"),
        ("Số lượng kiện", f"{ctx.put('packages')} PK"),
        ("Tổng trọng lượng hàng (Gross)", f"{ctx.put('gross_weight_kg', words.weight(v['gross_weight_kg']))} KGM"),
        ("Phương tiện vận chuyển", f"9999 {v.get('plate', '')}".strip()),
        ("Số hóa đơn", f"A - {ctx.put('invoice_number')}"),
        ("Ngày phát hành", ctx.put("invoice_date", words.date(v["invoice_date"]))),
        ("Tổng trị giá hóa đơn", f"A - {rng.choice(('DAP', 'DAF', 'CIF', 'FOB'))} - {currency} - {total}"),
    ]
    if words.plain_vi:
        pairs = [(strip_diacritics(label), value) for label, value in pairs]
    if numbered:
        pairs = [(f"{n}. {label}", value) for n, (label, value) in enumerate(pairs, 1)]
    return pairs


def _name(ctx: Ctx, key: str) -> str:
    """A party's name; ASCII-only declarant software prints it without diacritics, and so does the truth."""
    if ctx.memo.get("ascii_names"):
        plain = strip_diacritics(ctx.values[key])
        return str(ctx.page.field(key, plain, plain))
    return ctx.put(key)


def _goods(ctx: Ctx, limit: int | None = None) -> list[dict[str, str]]:
    """Records the goods lines printed on this page (the first `limit`; VNACCS moves the rest to later pages)."""
    words, v = ctx.words, ctx.values
    truth, printed = [], []
    for item in v["items"][:limit]:
        truth.append({k: item[k] for k in ("hs_code", "description", "quantity", "unit", "amount", "origin_country")})
        printed.append({"hs_code": item["hs_code"], "description": item["description"],
                        "quantity": words.quantity(item["quantity"]), "unit": item["unit"],
                        "amount": words.number(item["amount"]), "origin_country": item["origin_country"]})
    ctx.page.field("items", truth, printed)
    ctx.page.field("hs_codes", [t["hs_code"] for t in truth], [p["hs_code"] for p in printed])
    return printed


def _goods_blocks(ctx: Ctx, y: float, *, plain: bool = False) -> float:
    """Each goods line as VNACCS prints it: <01> then its labelled values."""
    page = ctx.page
    block = 5 * (page.size * 0.3528 * 1.25 + 0.8) + 2 + page.size * 0.3528 * 0.6
    for n, item in enumerate(_goods(ctx, limit=max(1, int((285 - y) // block))), 1):
        page.new_region()
        page.text(15, y, f"<{n:02d}>", bold=True)
        rows = [("Mã số hàng", item["hs_code"]), ("Mô tả hàng hóa", item["description"]),
                ("Số lượng (1)", f"{item['quantity']} {item['unit']}"), ("Trị giá hóa đơn", item["amount"]),
                ("Nước xuất xứ", f"{item['origin_country']} - {COUNTRY[item['origin_country']]}")]
        for label, value in rows:
            y += kv(page, 28, y, 167, strip_diacritics(label) if plain else label, value, "right", label_width=42)
        y += 2
    return y


def vnaccs_grid(ctx: Ctx) -> None:
    """The VNACCS printout: title, a grid of label cells beside value cells, then the goods lines."""
    page, rng = ctx.page, ctx.rng
    page.new_region()
    y = 10.0
    page.text(195, y, "Trang 1/" + str(rng.randint(2, 4)), size=page.size * 0.8, align="right")
    y += page.text(105, y + 3, _title(ctx) + rng.choice((" (THÔNG QUAN)", "", " (THÔNG BÁO KẾT QUẢ PHÂN LUỒNG)")),
                   size=page.size * 1.35, bold=True, align="center") + 6
    pairs = _header(ctx, numbered=False)
    rows = [[label, value] for label, value in pairs]
    y += table(page, 15, y, [Column("", 62), Column("", 118)], rows, grid="full", size=page.size * 0.92) + 4
    _goods_blocks(ctx, y)


def vnaccs_numbered(ctx: Ctx) -> None:
    """Numbered fields in two columns, value right of its label, goods as a table."""
    page, words = ctx.page, ctx.words
    page.new_region()
    y = 12.0
    y += page.text(105, y, _title(ctx), size=page.size * 1.5, bold=True, align="center") + 5
    pairs = _header(ctx, numbered=True)
    half = (len(pairs) + 1) // 2
    yl = yr = y
    for i, (label, value) in enumerate(pairs):
        if i < half:
            yl += kv(page, 15, yl, 88, label + ":", value, "right", label_width=40)
        else:
            yr += kv(page, 107, yr, 88, label + ":", value, "right", label_width=40)
    y = max(yl, yr) + 4
    printed = _goods(ctx)
    rows = [[p["hs_code"], p["description"], f"{p['quantity']} {p['unit']}", p["amount"], p["origin_country"]]
            for p in printed]
    columns = [Column("Mã số hàng", 24), Column("Mô tả hàng hóa", 78), Column("Số lượng", 28, "right"),
               Column("Trị giá hóa đơn", 32, "right"), Column("Xuất xứ", 18, "center")]
    table(page, 15, y, columns, rows, grid=words.rng.choice(("full", "rules")))


def draft(ctx: Ctx) -> None:
    """BẢN XÁC NHẬN NỘI DUNG KHAI BÁO: the draft returned before registration; values in the cells labels head."""
    page, rng = ctx.page, ctx.rng
    page.new_region()
    y = 10.0
    y += page.text(105, y, "BẢN XÁC NHẬN NỘI DUNG KHAI BÁO", size=page.size * 1.1, bold=True, align="center")
    y += page.text(105, y + 1, _title(ctx) + " (BẢN NHÁP)", size=page.size * 1.4, bold=True, align="center") + 5
    pairs = _header(ctx, numbered=rng.random() < 0.5)
    for i in range(0, len(pairs), 3):
        group = pairs[i:i + 3]
        width = 180 / len(group)
        y += cells(page, 15, y, [(label, value, width) for label, value in group])
    _goods_blocks(ctx, y + 4)


def software_print(ctx: Ctx) -> None:
    """The declarant software's print in a fixed-width face; labels without diacritics."""
    page = ctx.page
    ctx.words.plain_vi = True
    ctx.memo["ascii_names"] = ctx.rng.random() < 0.4
    page.new_region()
    y = 12.0
    y += page.text(105, y, strip_diacritics(_title(ctx)), size=page.size * 1.3, bold=True, align="center") + 5
    for label, value in _header(ctx, numbered=ctx.rng.random() < 0.5):
        y += kv(page, 15, y, 180, label + ":", value, "right", label_width=70)
    _goods_blocks(ctx, y + 4, plain=True)


def portal_view(ctx: Ctx) -> None:
    """The customs portal's lookup page, printed from a browser: header, two-column table, URL footer."""
    page, rng = ctx.page, ctx.rng
    page.new_region()
    page.text(15, 8, f"{rng.randint(1, 28):02d}/{rng.randint(1, 12):02d}/2026 {rng.randint(7, 20):02d}:"
              f"{rng.randint(0, 59):02d}", size=page.size * 0.7)
    page.text(195, 8, "Tra cứu tờ khai", size=page.size * 0.7, align="right")
    page.rect(15, 13, 180, 12, fill=225)
    page.new_region()
    page.text(105, 16, "CỔNG THÔNG TIN ĐIỆN TỬ HẢI QUAN VIỆT NAM", size=page.size * 1.2, bold=True, align="center")
    page.new_region()
    y = 30.0
    y += page.text(15, y, "THÔNG TIN TỜ KHAI" + (" XUẤT KHẨU" if _export(ctx) else " NHẬP KHẨU"), bold=True) + 2
    rows = [[label, value] for label, value in _header(ctx, numbered=False)]
    y += table(page, 15, y, [Column("Chỉ tiêu", 65), Column("Thông tin", 115)], rows, grid="full",
               header_fill=235) + 4
    printed = _goods(ctx)
    rows = [[p["hs_code"], p["description"], f"{p['quantity']} {p['unit']}", p["amount"], p["origin_country"]]
            for p in printed]
    columns = [Column("Mã HS", 24), Column("Tên hàng", 78), Column("Lượng", 28, "right"),
               Column("Trị giá", 32, "right"), Column("Xuất xứ", 18, "center")]
    table(page, 15, y, columns, rows, grid="full", header_fill=235)
    page.new_region()
    page.text(15, 288, "https://pus.customs.gov.vn/faces/ContainerBarcode", size=page.size * 0.7)


def goods_sheet(ctx: Ctx) -> None:
    """A later page of the printout: the declaration's number and type, then only goods lines."""
    page, rng = ctx.page, ctx.rng
    page.new_region()
    y = 10.0
    page.text(195, y, f"Trang {rng.randint(2, 3)}/{rng.randint(3, 4)}", size=page.size * 0.8, align="right")
    y += page.text(105, y + 3, _title(ctx), size=page.size * 1.35, bold=True, align="center") + 6
    y += kv(page, 15, y, 120, "Số tờ khai", ctx.put("declaration_number"), "right", label_width=35)
    y += kv(page, 15, y, 120, "Mã loại hình", ctx.put("type_code"), "right", label_width=35)
    day = ctx.put("declaration_date", ctx.words.date(ctx.values["declaration_date"]))
    y += kv(page, 15, y, 120, "Ngày đăng ký", day, "right", label_width=35) + 4
    page.line(15, y, 195, y, 0.4)
    _goods_blocks(ctx, y + 3)


FAMILIES = {
    "vnaccs_grid": vnaccs_grid,
    "vnaccs_numbered": vnaccs_numbered,
    "draft": draft,
    "software_print": software_print,
    "portal_view": portal_view,
    "goods_sheet": goods_sheet,
}
LANGUAGES = {name: (("vi",),) for name in FAMILIES}
FACES = {"software_print": ("NotoSansMonoCJKsc",)}


def eligible(name: str, values: dict[str, Any]) -> bool:
    return True

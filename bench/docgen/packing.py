"""Packing list layout families."""
from __future__ import annotations

from bench.docgen.blocks import Column, cells, kv, signature, table
from bench.docgen.layout import Ctx, items_table, letterhead, party

ITEMS = ("description", "quantity", "unit", "packages", "net_weight_kg", "gross_weight_kg")
WIDTHS = (58, 20, 12, 22, 28, 31)


def _weight(ctx: Ctx, key: str) -> str:
    return ctx.put(key, ctx.words.weight(ctx.values[key]))


def _kind(ctx: Ctx) -> str:
    return str(ctx.values.get("package_type", "PACKAGES"))


def _meta(ctx: Ctx, x: float, y: float, width: float, placement: str) -> float:
    words = ctx.words
    used = kv(ctx.page, x, y, width, words.label("invoice_number"), ctx.put("invoice_number"), placement,
              bold_value=True)
    used += kv(ctx.page, x, y + used, width, words.label("invoice_date"),
               ctx.put("invoice_date", words.date(ctx.values["invoice_date"])), placement)
    return used


def _totals(ctx: Ctx, x: float, y: float, width: float, placement: str) -> float:
    words, page = ctx.words, ctx.page
    used = kv(page, x, y, width, words.label("packages"), f"{ctx.put('packages')} {_kind(ctx)}", placement,
              bold_value=True)
    used += kv(page, x, y + used, width, words.label("net_weight_kg"), f"{_weight(ctx, 'net_weight_kg')} KGS",
               placement)
    used += kv(page, x, y + used, width, words.label("gross_weight_kg"), f"{_weight(ctx, 'gross_weight_kg')} KGS",
               placement)
    return used


def _transport(ctx: Ctx, x: float, y: float) -> float:
    """The truck (Vietnamese and Chinese plates) and the container, when the shipment has one."""
    plates = ctx.values.get("vehicle_plates") or []
    if not plates:
        return 0.0
    label = ctx.rng.choice(("Truck No.", "Vehicle", "Biển số xe", "车牌号"))
    ctx.page.field("vehicle_plates", plates, list(plates))
    used = kv(ctx.page, x, y, 120, label + ":", " / ".join(plates), "right")
    if ctx.values.get("container"):
        used += kv(ctx.page, x, y + used, 120, "Container No.:", ctx.put("container"), "right")
    return used


def _sign(ctx: Ctx, y: float) -> None:
    ctx.page.new_region()
    who = {"en": ("Shipper's signature", "For the Seller"), "vi": ("Người lập phiếu", "Đại diện bên bán"),
           "zh": ("发货人签字", "卖方签章")}[ctx.words.languages[0]]
    ctx.page.text(130, y, ctx.rng.choice(who), size=ctx.page.size * 0.9)
    signature(ctx.page, ctx.rng, 135, y + 12)


def english_letterhead(ctx: Ctx) -> None:
    page, words, rng = ctx.page, ctx.words, ctx.rng
    y = letterhead(ctx, "seller_name", None, align=rng.choice(("left", "center")))
    page.new_region()
    title = words.label("packing_list_title", colon=False)
    y += page.text(105, y, title, size=page.fit(title, 180, page.size * 1.7, True), bold=True, align="center") + 4
    left = kv(page, 15, y, 100, words.label("buyer"), ctx.put("buyer_name"), rng.choice(("right", "under")),
              bold_value=True)
    right = _meta(ctx, 125, y, 70, "right")
    y += max(left, right) + 4
    y += items_table(ctx, 15, y, ITEMS, WIDTHS, grid=rng.choice(("rules", "full"))) + 4
    y += _totals(ctx, 100, y, 95, "right") + 2
    y += _transport(ctx, 15, y) + 2
    _sign(ctx, y + 4)


def chinese_grid(ctx: Ctx) -> None:
    page, words = ctx.page, ctx.words
    page.new_region()
    y = 14.0
    if ctx.has("seller_name_zh"):
        y += page.text(105, y, ctx.put("seller_name_zh"), size=page.size * 1.6, bold=True, align="center") + 1
    y += page.text(105, y, "装箱单  PACKING LIST", size=page.size * 1.6, bold=True, align="center") + 4
    y += cells(page, 15, y, [(words.label("seller"), ctx.put("seller_name"), 95),
                             (words.label("invoice_number"), ctx.put("invoice_number"), 86)])
    y += cells(page, 15, y, [(words.label("buyer"), ctx.put("buyer_name"), 95),
                             (words.label("invoice_date"),
                              ctx.put("invoice_date", words.date(ctx.values["invoice_date"])), 86)]) + 3
    y += items_table(ctx, 15, y, ITEMS, WIDTHS, grid="full", header_fill=225)
    total = [words.label("total", colon=False), ctx.put("packages"), _weight(ctx, "net_weight_kg"),
             _weight(ctx, "gross_weight_kg")]
    y += table(page, 15, y, [Column("", 9 + 58 + 20 + 12), Column("", 22, "right"), Column("", 28, "right"),
                             Column("", 31, "right")], [total], grid="full") + 4
    page.new_region()
    page.text(15, y, f"{words.label('packages')} {ctx.values['packages']} {_kind(ctx)}", size=page.size)


def vietnamese_cells(ctx: Ctx) -> None:
    page, words, rng = ctx.page, ctx.words, ctx.rng
    page.new_region()
    y = 14.0
    y += page.text(105, y, words.label("packing_list_title", colon=False, languages=("vi",)),
                   size=page.size * 1.7, bold=True, align="center")
    y += page.text(105, y + 0.5, "PACKING LIST", size=page.size * 1.2, bold=True, align="center") + 4
    y += cells(page, 15, y, [(words.label("seller"), ctx.put("seller_name"), 110),
                             (words.label("invoice_number"), ctx.put("invoice_number"), 71)])
    y += cells(page, 15, y, [(words.label("buyer"), ctx.put("buyer_name"), 110),
                             (words.label("invoice_date"),
                              ctx.put("invoice_date", words.date(ctx.values["invoice_date"])), 71)]) + 3
    y += items_table(ctx, 15, y, ITEMS, WIDTHS, grid="full", min_rows=rng.choice((0, 2))) + 3
    y += cells(page, 15, y, [(words.label("packages"), f"{ctx.put('packages')} {_kind(ctx)}", 60),
                             (words.label("net_weight_kg"), f"{_weight(ctx, 'net_weight_kg')} kg", 60),
                             (words.label("gross_weight_kg"), f"{_weight(ctx, 'gross_weight_kg')} kg", 61)],
                bold_value=True) + 4
    _sign(ctx, y)


def weight_list(ctx: Ctx) -> None:
    """Packing and weight list with carton number ranges per line and measurements."""
    page, words, rng = ctx.page, ctx.words, ctx.rng
    y = letterhead(ctx, "seller_name", None, align="center", zh=rng.random() < 0.6)
    page.new_region()
    y += page.text(105, y, "PACKING / WEIGHT LIST", size=page.size * 1.6, bold=True, align="center") + 3
    y += _meta(ctx, 15, y, 100, "right")
    y += kv(page, 15, y, 180, words.label("buyer"), ctx.put("buyer_name"), "right") + 3
    first = 1
    ranges = []
    for item in ctx.values["items"]:
        ranges.append(f"{first}-{first + item['packages'] - 1}" if item["packages"] > 1 else str(first))
        first += item["packages"]
    page.new_region()
    page.text(15, y, f"C/No.: {', '.join(ranges)}", size=page.size * 0.9)
    y += 6
    y += items_table(ctx, 15, y, ITEMS, WIDTHS, grid="rules", header_fill=None) + 3
    page.new_region()
    y += page.text(15, y, f"SAY TOTAL: {ctx.put('packages')} {_kind(ctx)} ONLY", bold=True) + 1
    y += page.text(15, y, f"TOTAL N.W.: {_weight(ctx, 'net_weight_kg')} KGS") + 1
    y += page.text(15, y, f"TOTAL G.W.: {_weight(ctx, 'gross_weight_kg')} KGS") + 1
    y += page.text(15, y, f"TOTAL MEAS.: {rng.uniform(8, 75):.3f} CBM") + 2
    y += _transport(ctx, 15, y) + 2
    _sign(ctx, y)


def summary(ctx: Ctx) -> None:
    """A short packing note: parties in boxes, totals as a block, goods listed without weights."""
    page, words, rng = ctx.page, ctx.words, ctx.rng
    page.new_region()
    y = 14.0
    title = words.label("packing_list_title", colon=False)
    y += page.text(15, y, title, size=page.fit(title, 180, page.size * 1.8, True), bold=True) + 4
    left = party(ctx, 15, y, 100, "seller", "seller_name", "cell")
    right = _meta(ctx, 125, y, 70, "under")
    y += max(left, right) + 1
    y += party(ctx, 15, y, 100, "buyer", "buyer_name", "cell", zh=False) + 4
    y += _totals(ctx, 15, y, 120, rng.choice(("right", "under"))) + 3
    y += items_table(ctx, 15, y, ("description", "quantity", "unit", "packages"), (90, 28, 18, 28),
                     grid="none") + 4
    _sign(ctx, y)


def typed_trilingual(ctx: Ctx) -> None:
    page = ctx.page
    page.new_region()
    y = 12.0
    y += page.text(105, y, "装箱单 / PHIẾU ĐÓNG GÓI / PACKING LIST", size=page.size * 1.5, bold=True,
                   align="center") + 4
    y += party(ctx, 15, y, 110, "seller", "seller_name", "under") + 1
    y += party(ctx, 15, y, 110, "buyer", "buyer_name", "under", zh=False) + 1
    meta = _meta(ctx, 135, 24, 60, "under")
    y = max(y, 24 + meta) + 3
    y += items_table(ctx, 15, y, ITEMS, WIDTHS, grid="none") + 3
    y += _totals(ctx, 15, y, 150, "right") + 3
    _sign(ctx, y)


FAMILIES = {
    "english_letterhead": english_letterhead,
    "chinese_grid": chinese_grid,
    "vietnamese_cells": vietnamese_cells,
    "weight_list": weight_list,
    "summary": summary,
    "typed_trilingual": typed_trilingual,
}
LANGUAGES = {
    "english_letterhead": (("en",), ("en", "vi"), ("en", "zh"), ("vi", "en")),
    "chinese_grid": (("zh", "en"), ("zh",)),
    "vietnamese_cells": (("vi", "en"), ("vi",)),
    "weight_list": (("en",), ("en", "zh")),
    "summary": (("en",), ("vi", "en"), ("zh", "en"), ("vi",)),
    "typed_trilingual": (("zh", "vi", "en"), ("vi", "zh", "en")),
}
FACES = {"typed_trilingual": ("NotoSansMonoCJKsc",)}


def eligible(name: str, values: dict[str, object]) -> bool:
    return name != "chinese_grid" or bool(values.get("seller_name_zh"))

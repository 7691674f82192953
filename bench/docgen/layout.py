"""What a layout family draws with: the page, its wording, the seed's random draws and the field values,
and the parts several families share (letterhead, party block, item table)."""
from __future__ import annotations

import random
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from bench.docgen.blocks import Column, kv, table
from bench.docgen.page import Page
from bench.docgen.wording import Wording

COUNTRY = {"CN": "CHINA", "VN": "VIET NAM", "TH": "THAILAND", "MY": "MALAYSIA", "KR": "KOREA"}
COUNTRY_LONG = {"CN": "THE PEOPLE'S REPUBLIC OF CHINA", "VN": "VIET NAM", "TH": "THAILAND",
                "MY": "MALAYSIA", "KR": "REPUBLIC OF KOREA"}
COUNTRY_VI = {"CN": "Trung Quốc", "VN": "Việt Nam", "TH": "Thái Lan", "MY": "Ma-lai-xi-a", "KR": "Hàn Quốc"}
COUNTRY_ZH = {"CN": "中国", "VN": "越南", "TH": "泰国", "MY": "马来西亚", "KR": "韩国"}


@dataclass
class Ctx:
    page: Page
    words: Wording
    rng: random.Random
    values: dict[str, Any]
    """The document's canonical field values (one of shipment()['documents'])."""
    memo: dict[str, Any] = field(default_factory=dict)
    """Choices a page makes once and keeps (how it quotes criteria, …)."""

    def put(self, name: str, printed: str | None = None) -> str:
        """Records field `name` as drawn; returns its printed text."""
        value = self.values[name]
        return str(self.page.field(name, value, printed if printed is not None else str(value)))

    def has(self, name: str) -> bool:
        return bool(self.values.get(name))


Family = Callable[[Ctx], None]


def letterhead(ctx: Ctx, name_key: str, address_key: str | None, *, align: str = "left",
               zh: bool = True, y: float = 12) -> float:
    """A company's name (and its Hanzi line), address and telephone at the top; returns the next y."""
    page = ctx.page
    page.new_region()
    x = {"left": 15.0, "center": 105.0, "right": 195.0}[align]
    if zh and ctx.has(f"{name_key}_zh"):
        y += page.text(x, y, ctx.put(f"{name_key}_zh"), size=page.size * 1.5, bold=True, align=align) + 0.5
    size = page.fit(ctx.values[name_key], 180, page.size * 1.45, True)
    y += page.text(x, y, ctx.put(name_key), size=size, bold=True, align=align) + 0.5
    if address_key and ctx.has(address_key):
        label = ctx.words.label("address", languages=ctx.words.languages[:1])
        text = f"{label} {ctx.values[address_key]}"
        for line in page.wrap(text, 180, page.size * 0.95):
            y += page.text(x, y, line, size=page.size * 0.95, align=align)
        ctx.put(address_key)
    country = "86" if ctx.has(f"{name_key}_zh") else ctx.rng.choice(("84", "66", "60", "82"))
    phone = f"Tel: +{country} {ctx.rng.randint(20, 999)} {ctx.rng.randint(1000000, 9999999)}"
    y += page.text(x, y, phone + ("   Fax: " + phone[5:-2] + "88" if ctx.rng.random() < 0.4 else ""),
                   size=page.size * 0.9, align=align)
    page.line(15, y + 1.5, 195, y + 1.5, 0.5 if ctx.rng.random() < 0.5 else 0.25)
    return y + 4


def party(ctx: Ctx, x: float, y: float, width: float, role: str, name_key: str, placement: str, *,
          address_key: str | None = None, tax_key: str | None = None, zh: bool = True) -> float:
    """A party's label, name (Hanzi too when known), address and tax code; returns the height used."""
    page, words = ctx.page, ctx.words
    name = ctx.put(name_key)
    if zh and ctx.has(f"{name_key}_zh"):
        name = ctx.put(f"{name_key}_zh") + "\n" + name
    used = kv(page, x, y, width, words.label(role), name, placement, bold_value=True)
    if address_key and ctx.has(address_key):
        used += kv(page, x, y + used, width, words.label("address"), ctx.put(address_key),
                   "right" if placement != "cell" else "cell", size=page.size * 0.92)
    if tax_key and ctx.has(tax_key):
        used += kv(page, x, y + used, width, words.label("tax_code"), ctx.put(tax_key),
                   "right" if placement != "cell" else "cell", size=page.size * 0.92)
    return used


NUMERIC = {"quantity", "unit_price", "amount", "packages", "net_weight_kg", "gross_weight_kg"}


def item_text(words: Wording, key: str, value: Any) -> str:
    if key == "hs_code":
        return words.hs(value)
    if key == "quantity":
        return words.quantity(value)
    if key in ("unit_price", "amount"):
        return words.number(value)
    if key in ("net_weight_kg", "gross_weight_kg"):
        return words.weight(value)
    return str(value)


def items_table(ctx: Ctx, x: float, y: float, keys: Sequence[str], widths: Sequence[float], *,
                grid: str = "full", header_fill: int | None = None, number_column: bool = True,
                numbered: bool = False, headers: dict[str, str] | None = None, min_rows: int = 0,
                languages: tuple[str, ...] | None = None) -> float:
    """The goods lines; records `items` (only the keys printed) and `hs_codes` if printed."""
    words = ctx.words
    columns = []
    if number_column:
        columns.append(Column(words.label("no", colon=False, languages=languages), 9, "center"))
    for key, width in zip(keys, widths):
        header = (headers or {}).get(key) or words.label(key, colon=False, languages=languages)
        columns.append(Column(header, width, "right" if key in NUMERIC else "left"))
    rows = []
    truth, printed = [], []
    for n, item in enumerate(ctx.values["items"], 1):
        cells = [item_text(words, k, item[k]) for k in keys]
        rows.append(([str(n)] if number_column else []) + cells)
        truth.append({k: item[k] for k in keys})
        printed.append(dict(zip(keys, cells)))
    height = table(ctx.page, x, y, columns, rows, grid=grid, header_fill=header_fill, numbered=numbered,
                   min_rows=min_rows)
    ctx.page.field("items", truth, printed)
    if "hs_code" in keys:
        ctx.page.field("hs_codes", [i["hs_code"] for i in ctx.values["items"]], [p["hs_code"] for p in printed])
    return height

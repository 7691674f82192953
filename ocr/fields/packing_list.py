"""Packing list (DOMAIN.md §2.2) into CONTRACTS.md's packing_list fields."""
from __future__ import annotations

import re
from collections.abc import Sequence
from contextlib import suppress
from dataclasses import replace
from decimal import Decimal

from ..document import Field
from ..errors import NormaliseError
from ..layout import Line
from ..normalise import fold, number_value, parse_number
from . import labelled as labels
from .common import FIXED, LABEL_TAIL, NUMBER, Hit, cut_figure, first, hits
from .items import items_field
from .labelled import labelled
from .references import COLUMN_VALUE, header_number, invoice_number, number_field


def labelled_invoice_number(lines: Sequence[Line]) -> Field | None:
    """An invoice number after a label worded otherwise, or in the cell beside or under its label."""
    hit = labelled(lines, labels.INVOICE_NUMBER, COLUMN_VALUE)
    if hit is None:
        return None
    return number_field(hit, hit.raw.replace(" ", ""))

PACKAGES = (rf"(?:total\s*(?:number\s*of\s*)?packages|tong\s*so\s*kien|so\s*kien|件数|总件数){LABEL_TAIL}"
            rf"(?P<v>{NUMBER})")
# A total worded as a count of packages: "SAY TOTAL: 2632 PACKAGES ONLY", "Tổng cộng: 1 222 kiện".
COUNTED = (rf"(?:total|tong\s*cong|合计|共计)[^0-9\n]{{0,12}}?(?P<v>{NUMBER})\s*"
           r"(?:packages|pkgs|cartons|ctns|cases|bales|bags|pallets|kien|thung|件|箱)")
GROSS = r"gross\s*weight|g\.?\s*w\.?|trong\s*luong\s*ca\s*bi|毛重"
NET = r"net\s*weight|n\.?\s*w\.?|trong\s*luong\s*tinh|净重"
# Weights are reported in kilograms; these are the units a packing list prints them in.
TO_KG = {"kg": Decimal(1), "kgs": Decimal(1), "kgm": Decimal(1), "mt": Decimal(1000), "ton": Decimal(1000),
         "tons": Decimal(1000), "t": Decimal(1000), "g": Decimal("0.001"), "": Decimal(1)}


def extract(lines: Sequence[Line]) -> dict[str, Field]:
    fields: dict[str, Field | None] = {
        "invoice_number": invoice_number(lines) or labelled_invoice_number(lines) or header_number(lines),
        "packages": packages(first(lines, PACKAGES) or first(lines, COUNTED)
                             or labelled(lines, labels.PACKAGES, rf"(?P<v>{NUMBER})(?![\d.,])", total=True)),
        "gross_weight_kg": labelled_weight(lines, labels.GROSS) or weight(lines, GROSS),
        "net_weight_kg": labelled_weight(lines, labels.NET) or weight(lines, NET),
        "items": items_field(lines),
    }
    fields["packages"] = fields["packages"] or counted(lines)
    fields["gross_weight_kg"], fields["net_weight_kg"] = \
        weighed(lines, fields["gross_weight_kg"], fields["net_weight_kg"])
    gross, net = fields["gross_weight_kg"], fields["net_weight_kg"]
    # Net weight is the goods without their packing: never above the gross, and packing weighs less than the
    # goods it holds. One of two weights read against that is misread (a figure read short: 1862.8 of 71862.8).
    if gross and net and not gross.value / 2 < net.value < gross.value:
        fields["gross_weight_kg"] = replace(gross, confidence=round(gross.confidence * FIXED, 3))
        fields["net_weight_kg"] = replace(net, confidence=round(net.confidence * FIXED, 3))
    return {name: field for name, field in fields.items() if field is not None}


def packages(hit: Hit | None) -> Field | None:
    if hit is None:
        return None
    try:
        count = parse_number(hit.raw)
    except NormaliseError:
        return None
    # Packages are counted whole: a figure with a fraction is a weight or a volume beside the label.
    return hit.field(number_value(count), cut_figure(hit)) if count == count.to_integral_value() else None


# A figure glued to a dotted abbreviation ("6.M." for G.W.) is a misread label, not a weight.
WEIGHT = rf"(?:\((?:kgs?|mt)\)\s*[:：]?\s*)?(?P<v>{NUMBER}(?!\.[a-z])\s*(?:kgs?|kgm|mt|tons?|t|g)?\b)"


def labelled_weight(lines: Sequence[Line], label: str) -> Field | None:
    return kilograms(labelled(lines, label, WEIGHT, total=True))


def weight(lines: Sequence[Line], label: str) -> Field | None:
    return kilograms(first(lines, rf"(?:total\s*)?(?:{label}){LABEL_TAIL}{WEIGHT}"))


def kilograms(hit: Hit | None) -> Field | None:
    if hit is None:
        return None
    match = re.match(rf"({NUMBER})\s*([a-z]*)", hit.raw.lower())
    if match is None or match.group(2) not in TO_KG:
        return None
    try:
        kilograms = parse_number(match.group(1)) * TO_KG[match.group(2)]
    except NormaliseError:
        return None
    # The unit is part of the hit: a lone digit between the figure and its unit is read apart from it.
    lone = re.match(rf"(?:{NUMBER})\s\d{{1,2}}\s*[a-z]", hit.raw.lower()) is not None
    return hit.field(number_value(kilograms), (FIXED if lone else 1.0) * cut_figure(hit))


# A count printed with the kind of its packages, its label misread ("Tital packages ; PR 409 PACKAGES",
# "包装作# 869PACKASES"): the unit says what the figure counts.
PACKAGE_UNITS = r"pac?k[a-z]{2,5}|pkgs?|cartons?|ctns?|cases|bales|bags|pallets|kien|thung|件|箱"
# An item row opens with its number and a word: its counts are the item's, not the page's.
ITEM_ROW = re.compile(r"^\W{0,2}\d{1,3}\s+[^\W\d_]")
UNTAGGED = FIXED


def counted(lines: Sequence[Line]) -> Field | None:
    """The last count of packages, tagged with its unit, outside the item rows: the totals follow the
    items. Found without its label, it is for the officer to confirm."""
    found = [hit for hit in hits([line for line in lines if not ITEM_ROW.match(fold(line.text))],
                                 rf"(?<![\d.,])(?P<v>\d{{1,3}}(?:,\d{{3}})*|\d+)\s*(?:{PACKAGE_UNITS})(?![a-z])")]
    field = packages(found[-1]) if found else None
    return replace(field, confidence=round(field.confidence * UNTAGGED, 3)) if field else None


# A weight with its unit glued on, the unit's letters often misread ("8,380.9GS", "5.701,2 ke").
KILOS = rf"(?<![\d.,])(?P<v>{NUMBER})\s*(?:k[gq9e]s?|kgm|gs)(?![a-z])"


def weighed(lines: Sequence[Line], gross: Field | None, net: Field | None) -> tuple[Field | None, Field | None]:
    """Gross and net weight where their labels were misread: the two last weights in kilograms outside the
    item rows, the heavier the gross (goods weigh less than goods and packing). For the officer to confirm."""
    if gross and net:
        return gross, net
    found = []
    for hit in hits([line for line in lines if not ITEM_ROW.match(fold(line.text))], KILOS):
        with suppress(NormaliseError):
            found.append((parse_number(hit.raw), hit))
    weights = list({value: hit for value, hit in found}.items())[-2:]
    if len(weights) != 2:
        return gross, net
    (lighter, light), (heavier, heavy) = sorted(weights, key=lambda w: w[0])
    if lighter == heavier or (gross and gross.value != number_value(heavier)) \
            or (net and net.value != number_value(lighter)):
        return gross, net
    return (gross or heavy.field(number_value(heavier), UNTAGGED * cut_figure(heavy)),
            net or light.field(number_value(lighter), UNTAGGED * cut_figure(light)))

"""What every document type's extractor shares: finding labelled values in lines, and scoring them.

Patterns run on folded lines (lower case, no diacritics, same length as the printed line), so one pattern
matches "Số hóa đơn", "SO HOA DON" and tesseract's half-accented readings alike; values are then cut from
the printed line at the same offsets, keeping their case and diacritics.
"""
from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from contextlib import suppress
from dataclasses import dataclass, replace
from decimal import Decimal
from typing import Any

from ..document import Field
from ..engine import Word
from ..errors import NormaliseError
from ..layout import Line, union
from ..normalise import MONTHS, fold, number_value, parse_date, parse_hs_code, parse_number
from ..sure import agreed

# A digit or what OCR prints for one.
D = r"[\dOoIlSB]"
_MONTH = rf"\b(?:{'|'.join(sorted(MONTHS, key=len, reverse=True))})(?![a-z])\.?"
DATE = (rf"{D}{{1,2}}\s?[/.\-]\s?{D}{{1,2}}\s?[/.\-]\s?{D}{{4}}|\d{{4}}\s?年\s?\d{{1,2}}\s?月\s?\d{{1,2}}\s?日|"
        rf"\d{{4}}-\d{{2}}-\d{{2}}|"
        # Receipts: 30 DEC 17, 12 Mar 2024, March 12, 2024, 24-03-18.
        # A day opens no figure's cents: "212,800.00 Sep 15, 2023" is an amount, then the date.
        rf"(?<![\d.,])\d{{1,2}}(?:st|nd|rd|th)?[\s\-/.]{{0,2}}{_MONTH}[\s\-/.,]{{0,2}}(?:\d{{4}}|\d{{2}})(?!\d)|"
        rf"{_MONTH}\s?\d{{1,2}}(?:st|nd|rd|th)?\s?,?\s?\d{{4}}(?!\d)|"
        rf"\d{{1,2}}/\d{{1,2}}/\d{{2}}(?![\d/])|\d{{1,2}}-\d{{1,2}}-\d{{2}}(?![\d\-])")
# Thousands may be grouped by spaces ("24 934.08"), as Chinese and French templates print them.
NUMBER = r"\d{1,3}(?:[ \u00a0]\d{3})+(?:[.,]\d{1,2})?(?![\d.,])|\d[\d.,]*\d|\d"
# Eight- or ten-digit tariff codes with their dots; bare four- or six-digit ones only after an "HS" label,
# where they cannot be amounts.
HS_DOTTED = rf"(?<![\d.,]){D}{{4}}[.,]{D}{{2}}[.,]{D}{{2}}(?:\.?{D}{{2}})?(?![\d,]|\.\d)"
HS_LABELLED = (r"(?:hs\s*(?:code)?|ma\s*(?:so\s*)?hs|ma\s*so\s*hang(?:\s*hoa)?|hs\s*编码|海关编码|商品编码|税则号)"
               r"\s*[:：.]?\s*"
               r"(?P<v>\d{4}(?:\.\d{2}){0,3}|\d{10}|\d{8}|\d{6})(?![\d,])")
# "HS CODE: 2009.89" wrapped after "HS" in a narrow column: a dotted code after "code:" is one too.
HS_WRAPPED = r"\bcode\s*[:：]\s*(?P<v>\d{4}\.\d{2}(?:\.\d{2}){0,2})(?![\d,]|\.\d)"
CURRENCY = r"\b(?P<cur>usd|cny|rmb|vnd|eur|jpy|hkd|thb)\b"
# A parenthesised translation of a label, "(Số hóa đơn)", and the colon after it.
LABEL_TAIL = r"[.,]?\s*(?:\([^)]{0,40}\)\s*)?[:：.,#]?\s*"
# Confidence factors: a value that breaks a rule of its format is probably misread, one that needed
# OCR fixes a little less certain than one read cleanly.
INVALID = 0.4
FIXED = 0.8


@dataclass(frozen=True)
class Hit:
    line: Line
    start: int
    end: int

    @property
    def raw(self) -> str:
        return self.line.text[self.start:self.end]

    @property
    def confidence(self) -> float:
        words = self.line.span_words(self.start, self.end)
        return sum(w.confidence for w in words) / len(words)

    @property
    def box(self) -> tuple[int, int, int, int]:
        return union(w.box for w in self.line.span_words(self.start, self.end))

    def field(self, value: Any, factor: float = 1.0) -> Field:
        return Field(value, round(self.confidence * factor, 3), self.box)


def hits(lines: Iterable[Line], pattern: str, group: str = "v") -> list[Hit]:
    """Every match of pattern (with a named group v for the value) in lines, in reading order."""
    compiled = re.compile(pattern)
    found = []
    for line in lines:
        for match in compiled.finditer(fold(line.text)):
            start, end = match.span(group) if group in compiled.groupindex else match.span()
            if end > start:
                found.append(Hit(line, start, end))
    return found


def first(lines: Iterable[Line], pattern: str) -> Hit | None:
    found = hits(lines, pattern)
    return found[0] if found else None


def index_of(lines: Sequence[Line], pattern: str, start: int = 0) -> int | None:
    compiled = re.compile(pattern)
    for i in range(start, len(lines)):
        if compiled.search(fold(lines[i].text)):
            return i
    return None


def beside(lines: Sequence[Line], line: Line) -> list[Line]:
    """Lines printed at the height of line and to its right, nearest first: a column of values the layout
    read apart from its column of labels."""
    x, y, width, height = line.box

    def level(other: Line) -> bool:
        top, bottom = max(y, other.box[1]), min(y + height, other.box[1] + other.box[3])
        # Cells of one row are drawn a little apart in height, more so on a curled page.
        return bottom - top > min(height, other.box[3]) * 0.4

    return sorted((other for other in lines if other.box[0] >= x + width and level(other)), key=lambda o: o.box[0])


def after(label: Hit, value: str) -> Hit | None:
    """The value (a pattern with a group v) printed right after a label on its line."""
    match = re.compile(rf"{LABEL_TAIL}{value}").match(fold(label.line.text), label.end)
    return Hit(label.line, *match.span("v")) if match else None


def under(lines: Sequence[Line], label: Hit, value: str) -> Hit | None:
    """The words of the next line that start under the label, when they match value: a form's column of
    label over value. Not when the label's line holds digits after it, its own value."""
    index = lines.index(label.line)
    if index + 1 >= len(lines) or re.search(r"\d", label.line.text[label.end:]):
        return None
    below = lines[index + 1]
    x, _, width, _ = label.box
    # The column ends halfway to the next label on the label's line: values need not align to the pixel.
    bound = next(((x + width + word.box[0]) / 2 for start, word in word_starts(label.line) if start >= label.end),
                 float("inf"))
    column = [(start, word) for start, word in word_starts(below) if x - width / 2 <= word.box[0] < bound]
    if not column:
        return None
    start, end = column[0][0], column[-1][0] + len(column[-1][1].text)
    return Hit(below, start, end) if re.fullmatch(value, fold(below.text[start:end])) else None


def word_starts(line: Line) -> list[tuple[int, Word]]:
    """Each word of the line with the offset of its first character in line.text."""
    found, offset = [], 0
    for word in line.words:
        offset = line.text.index(word.text, offset)
        found.append((offset, word))
        offset += len(word.text)
    return found


def whole(line: Line) -> Hit:
    return Hit(line, 0, len(line.text))


def parsed(hit: Hit | None, parser: Callable[[str], Any], convert: Callable[[Any], Any]) -> Field | None:
    """The hit's value through parser; None when the printed text cannot be that kind of value."""
    if hit is None:
        return None
    try:
        value = parser(hit.raw)
    except NormaliseError:
        return None
    cleaned = re.sub(r"\D", "", hit.raw)
    factor = 1.0 if cleaned == re.sub(r"[^\dOoIlSB]", "", hit.raw) else FIXED
    # Thousands grouped by spaces cannot be told from a stray glyph read as a digit before the amount
    # ("1 314 175.35" for 314 175.35): such an amount is shown for the officer to confirm.
    if re.search(r"\d[ \u00a0]\d", hit.raw):
        factor *= FIXED
    return hit.field(convert(value), factor * cut_figure(hit))


def cut_figure(hit: Hit) -> float:
    """FIXED where a figure may be missing a digit: glued to a glyph OCR prints for one ("$29" for 829), or
    followed by a lone digit a space apart ("100,026 6 KGS" for 100,026.6); else 1."""
    before, after_ = hit.line.text[:hit.start], hit.line.text[hit.end:]
    glued = re.search(r"[$SBOoIl|§]$", before) is not None
    lone = re.match(r"[ ,.]\d{1,2}(?:\s|$)", after_) is not None
    return FIXED if glued or lone else 1.0


def date_field(hit: Hit | None) -> Field | None:
    return parsed(hit, parse_date, lambda d: d.isoformat())


def number_field(hit: Hit | None) -> Field | None:
    return parsed(hit, parse_number, number_value)


# Thousands grouped by one mark and the cents after the same mark ("12.503.04"): the last mark is the
# decimal one, misread (the amount is printed "12.503,04").
CENTS_MISREAD = re.compile(r"^\d{1,3}(?:([.,])\d{3})+\1\d{2}$")


def amount_field(hit: Hit | None) -> Field | None:
    """A total: a number above nothing (a "0" beside a total's label is a blank form's, or a misread)."""
    field = number_field(hit)
    if field is None and hit is not None and CENTS_MISREAD.match(hit.raw.strip()):
        raw = hit.raw.strip()
        decimal = "," if raw[-3] == "." else "."
        field = parsed(hit, lambda _: parse_number(raw[:-3] + decimal + raw[-2:]), number_value)
        field = replace(field, confidence=round(field.confidence * FIXED, 3)) if field else None
    return field if field and field.value > 0 else None


def hs_codes(lines: Sequence[Line], also: str | None = None) -> list[tuple[str, Hit]]:
    """Tariff codes in reading order, each once, with where they were read; also: a pattern (with a group
    v) of codes the caller's paper prints otherwise."""
    # One code per place printed: two item lines of the same code give it twice, as the paper lists it.
    found: dict[tuple[int, int], tuple[str, Hit]] = {}
    for hit in sorted(hits(lines, HS_DOTTED, group="") + hits(lines, HS_LABELLED) + hits(lines, HS_WRAPPED)
                      + column_codes(lines) + next_line_codes(lines) + (hits(lines, also) if also else []),
                      key=lambda h: (lines.index(h.line), h.start)):
        try:
            code = parse_hs_code(hit.raw)
        except NormaliseError:
            continue
        found.setdefault((lines.index(hit.line), hit.start), (code, hit))
    return list(found.values())


# "HS CODE:" ending a line of a narrow description cell, its code starting the line under it.
HS_LINE_END = r"(?:\bhs\s*(?:code)?|ma\s*(?:so\s*)?hs|hs\s*编码)\s*[:：.]?\s*$"
HS_LINE_START = r"^\s*(?P<v>\d{4}\.\d{2}(?:\.\d{2}){0,2}|\d{6}|\d{8}|\d{10})(?![\d,]|\.\d)"


# "HS CODE:" with no code after it, the row's other columns read across after it ("HS CODE: PE 31,600.00 M"):
# the code wrapped onto the next line.
HS_LABEL_ALONE = r"(?:\bhs\s*code|ma\s*(?:so\s*)?hs|hs\s*编码)\s*[:：]"


def next_line_codes(lines: Sequence[Line]) -> list[Hit]:
    found = []
    for i, line in enumerate(lines[:-1]):
        folded = fold(line.text)
        label = re.search(HS_LABEL_ALONE, folded)
        wrapped = label is not None and not re.search(r"\d{4}\.?\d{2}", folded[label.end():])
        if re.search(HS_LINE_END, folded) or wrapped:
            found += hits([lines[i + 1]], HS_LINE_START)
    return found


# A table column's heading of tariff codes, as the three languages print it.
HS_HEADING = (r"(?<![a-z])h\.?\s?s\.?(?:\s*(?:code|no\.?))?(?![a-z])|ma\s*(?:so\s*)?hs|ma\s*so\s*hang(?:\s*hoa)?|"
              r"tariff\s*code|hs\s*编码|海关编码|商品编码|税则号")
# Below the items a table's totals and signatures begin: no code stands there.
TABLE_FOOT = r"total|tong\s*(?:cong|tien|tri)|合计|总计|signature|ky\s*ten"


def column_codes(lines: Sequence[Line]) -> list[Hit]:
    """Codes printed bare (eight or ten digits, six on a certificate) in the column an HS heading heads, or
    in the cell beside a heading standing alone: a bare number there can only be a code, where elsewhere
    it could be an amount or a phone number."""
    found: list[Hit] = []
    for heading in hits(lines, HS_HEADING, group=""):
        if not heading.line.text[heading.end:].strip(" :：."):
            found += [hit for other in beside(lines, heading.line)[:1] for hit in hits([other], HS_LINE_START)]
        x, _, width, height = heading.box
        top = heading.line.box[1] + heading.line.box[3]
        for line in sorted(lines, key=lambda o: o.box[1]):
            if line.box[1] < top - height / 2 or line is heading.line:
                continue
            if re.search(TABLE_FOOT, fold(line.text)):
                break
            for start, word in word_starts(line):
                centre = word.box[0] + word.box[2] / 2
                if x - height <= centre <= x + width + height and re.fullmatch(r"\d{6}|\d{8}|\d{10}", word.text):
                    found.append(Hit(line, start, start + len(word.text)))
    return found


def hs_codes_field(lines: Sequence[Line], also: str | None = None) -> Field | None:
    codes = hs_codes(lines, also)
    if not codes:
        return None
    boxes = [hit.box for _, hit in codes]
    # The Vietnamese tariff has eight digits and the certificates six; other lengths are misreadings
    # or headings, worth a second look.
    factor = 1.0 if all(len(code) in (6, 8) for code, _ in codes) else INVALID
    confidence = min(hit.confidence for _, hit in codes) * factor
    field = Field([code for code, _ in codes], round(confidence, 3), union(boxes))
    # One code per item row: as many codes as rows, counted by their quantities, is a list none is missing from.
    return agreed(field, "hs_codes") if len(codes) == item_rows(lines) else field


# The units goods are counted in on these papers (UN/ECE recommendation 20 and their printed forms).
UNITS = (r"pcs|pce|kgs?|kgm|sets?|box(?:es)?|ctns?|cartons?|bags?|tins?|cans?|prs|pairs?|mt|tons?|"
         r"bot(?:tles?)?|units?|rolls?|drums?|pallets?|ltr|m2|m3")
QUANTITY = rf"(?<![\d.,])(?:{NUMBER})\s*(?:{UNITS})(?![a-z])"


def item_rows(lines: Sequence[Line]) -> int:
    """How many lines hold a quantity with its unit, a table's totals apart: the page's item rows."""
    return len(_rows(lines))


def _rows(lines: Sequence[Line]) -> list[Line]:
    return [line for line in lines
            if re.search(QUANTITY, fold(line.text)) and not re.search(TABLE_FOOT, fold(line.text))]


# A sum of money as printed with its cents.
MONEY = r"(?<![\d.,])(?P<v>\d{1,3}(?:[.,\s]\d{3})*[.,]\d{2})(?![\d.,])"


def summed(total: Field | None, hit: Hit | None, lines: Sequence[Line]) -> Field | None:
    """The total, sure when the sums of money printed above it in its column, nearest first, add up to it:
    the item rows' amounts (or a subtotal) read apart from the total and agreeing with it."""
    if total is None or hit is None:
        return total
    x, y, width, _ = hit.box
    above = []
    for money in hits(lines, MONEY):
        mx, my, mwidth, mheight = money.box
        if my + mheight <= y and mx < x + width and mx + mwidth > x:
            with suppress(NormaliseError):
                above.append((my, parse_number(money.raw)))
    wanted, added = Decimal(str(total.value)), Decimal(0)
    for _, amount in sorted(above, reverse=True):
        added += amount
        if abs(added - wanted) < Decimal("0.01"):
            return agreed(total, "total")
        if added > wanted:
            break
    rows = row_amounts(lines)
    return agreed(total, "total") if rows and abs(sum(rows) - wanted) < Decimal("0.01") else total


def row_amounts(lines: Sequence[Line]) -> list[Decimal]:
    """Each item row's amount, the last sum of money after its quantity, where a row prints one (a
    declaration's goods table prints each row on one line); a weight in the header has none after it."""
    amounts = []
    for line in _rows(lines):
        folded = fold(line.text)
        found = re.findall(MONEY, folded[re.search(QUANTITY, folded).end():])  # type: ignore[union-attr]
        if not found:
            continue
        try:
            amounts.append(parse_number(found[-1]))
        except NormaliseError:
            return []
    return amounts


def strip_label(line: Line, label: str) -> Hit | None:
    """The text of the line after a label such as 'Địa chỉ:'; None when the line has no such label."""
    match = re.match(rf"\s*(?:{label}){LABEL_TAIL}", fold(line.text))
    if not match or match.end() >= len(line.text):
        return None
    return Hit(line, match.end(), len(line.text.rstrip()))


def currency(lines: Sequence[Line]) -> Field | None:
    hit = first(lines, CURRENCY.replace("?P<cur>", "?P<v>"))
    return hit.field(hit.raw.upper()) if hit else None


def has_cjk(text: str) -> bool:
    return any("\u4e00" <= c <= "\u9fff" for c in text)

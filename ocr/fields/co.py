"""Certificate of origin (Form E, Form D, RCEP; DOMAIN.md §1) into CONTRACTS.md's co fields.

Boxes are found by their printed headings ("1. Goods consigned from", "12. Certification"); the lines of a
box are those layout placed in the same ruled cell, so a heading's neighbour box never leaks in.
"""
from __future__ import annotations

import re
from collections.abc import Sequence
from contextlib import suppress
from dataclasses import replace
from typing import Any

from ..classify import certificate_form
from ..document import Field
from ..errors import NormaliseError
from ..layout import Line, union
from ..normalise import fold, number_value, parse_hs_code, parse_number
from . import labelled as labels
from .common import (
    DATE,
    FIXED,
    HS_DOTTED,
    INVALID,
    LABEL_TAIL,
    NUMBER,
    Hit,
    date_field,
    first,
    has_cjk,
    hits,
    hs_codes_field,
    index_of,
    number_field,
    whole,
    word_starts,
)
from .labelled import continued, is_label, labelled, name_fields, name_hit, split_scripts
from .packing_list import labelled_invoice_number
from .references import number_field as invoice_field
from .references import reference_number

EXPORTER = r"(?:goods|products)\s*consigned\s*from|exporter'?s?\s*(?:business\s*)?name"
CONSIGNEE = r"(?:goods|products)\s*consigned\s*to|consignee'?s?\s*name"
# A printout of an electronic certificate labels its values instead of boxing them.
# A label standing before its colon: "Exporter's declaration date" is another value's.
EXPORTER_LABEL = r"(?:exporter|shipper|nguoi\s*xuat\s*khau|出口商|发货人)(?=\s*[:：(]|\s*$)"
CONSIGNEE_LABEL = r"(?:consignee|importer|nguoi\s*nhap\s*khau|收货人|进口商)(?=\s*[:：(]|\s*$)"
ISSUE_DATE = r"date\s*of\s*issue|issue\s*date|issued\s*on|ngay\s*cap|签发日期|签证日期"
INVOICE_DATE = r"invoice\s*date|date\s*of\s*invoice|invoice\s*no\.?\s*and\s*date|ngay\s*hoa\s*don|发票日期"
# Box 12 closes with the certifying authority's place and date over this line.
CERTIFYING = r"stamp\s*of\s*certif|certifying\s*auth|signature\s*and\s*stamp"
# Lines that continue a box heading rather than fill the box.
HEADING_TAIL = r"^\s*\(?\s*country\s*\)?\.?\s*$|^\s*\(|business\s*name|consignee'?s\s*name|address,?\s*$"
TABLE_HEADER = r"number\s*and\s*date|of\s*invoices|origin\s*criterion|\bcriterion\b"
TABLE_END = r"total\s*(?:fo[b8r]\s*)?(?:value)?\s*[:：]|declaration\s*by\s*the\s*exporter|^\s*11\."
# DOMAIN.md §1.1.2, plus the Form D and RCEP codes of §1.2–1.3.
CRITERION = (r"(?P<v>\brvc\s*\d{2,3}(?:\.\d+)?\s*%|(?<![\d.,])\d{2,3}(?:\.\d+)?\s*%|"
             r"\b(?:wo|pe|psr|cth|ctsh|ctc|cc|sp|acu|dmi)\b)")
CRITERION_VALID = re.compile(r"^(WO|PE|PSR|CTH|(RVC\s*)?\d{2,3}(\.\d+)?\s*%)$")
BOX10_INVOICE = r"(?<![a-z0-9])(?P<v>[a-z]{2,4}[-/]?[\dOoIlSB]{2,6}(?:[-/][\dOoIlSB]{2,6}){1,2})(?![a-z0-9])"
# A certificate's codes have six digits, printed 0810.60 in the goods table; amounts there carry their
# currency (a code, or a sign OCR may read as "§") or a thousands mark, quantities their unit.
HS_SIX = (r"(?<![\d.,])(?<!usd )(?<!cny )(?<!rmb )(?<![$€£¥§] )(?<![$€£¥§])(?P<v>\d{4}\.\d{2})(?![\d,]|\.\d)"
          r"(?!\s*(?:kgs?|mt|pcs|sets?|%))")
UNITS = r"kg|kgs|mt|tons?|pcs|m|set|sets|bags|cartons|ctns|units|l|m3"


def extract(lines: Sequence[Line]) -> dict[str, Field]:
    fields: dict[str, Field | None] = {}
    fields["form"] = form(lines)
    fields["reference_number"] = reference_number(lines)
    fields["issue_date"] = issue_date(lines)
    fields.update(name_fields("exporter_name", *boxed_or_labelled(lines, EXPORTER, EXPORTER_LABEL)))
    fields.update(name_fields("consignee_name", *boxed_or_labelled(lines, CONSIGNEE, CONSIGNEE_LABEL)))
    fields["departure_date"] = date_field(first(lines, rf"departure\s*date{LABEL_TAIL}(?P<v>{DATE})"))
    table = table_lines(lines)
    number, dated = box10(table)
    fields["invoice_number"] = number or labelled_invoice_number(lines)
    fields["invoice_date"] = dated or date_field(labelled(lines, INVOICE_DATE, rf"(?:[a-z0-9/\-.]+\s+)?(?P<v>{DATE})"))
    fields["hs_codes"] = hs_codes_field(table_lines(lines, header=True) or lines, HS_SIX if table else None)
    fields["origin_criterion"] = criteria(table)
    issued = first(lines, r"issued\s*in\s*(?P<v>[a-z][a-z' .]+?)\s*(?:\(\s*country\s*\))?\s*$") or \
        labelled(lines, r"issued\s*in", r"(?P<v>[a-z][a-z' .]+?)\s*(?:\(\s*country\s*\))?\s*$")
    fields["issuing_country"] = issued.field(issued.raw.strip().upper()) if issued else None
    fields["importing_country"] = importing_country(lines)
    fields["third_party_invoicing"] = tick(lines, r"third\s*(?:party|country)\s*invoicing")
    fields["issued_retroactively"] = tick(lines, r"issued\s*retroactively")
    fields["total_value"] = number_field(first(lines, rf"total\s*(?:fo[b8r]|value)[^0-9]{{0,20}}?(?P<v>{NUMBER})"))
    # CONTRACTS.md names it fob_value; total_value stays for the readers that took it.
    fields["fob_value"] = fields["total_value"]
    fields["items"] = items(table)
    fields["signature_date"] = signature_date(lines)
    fields["transport_route"] = transport_route(lines)
    codes, criteria_ = fields["hs_codes"], fields["origin_criterion"]
    # Each item line has its code and its criterion: lists of different lengths lost a line somewhere.
    if codes and criteria_ and len(codes.value) != len(criteria_.value):
        fields["hs_codes"] = replace(codes, confidence=round(codes.confidence * FIXED, 3))
        fields["origin_criterion"] = replace(criteria_, confidence=round(criteria_.confidence * FIXED, 3))
    return {name: field for name, field in fields.items() if field is not None}


def boxed_or_labelled(lines: Sequence[Line], heading: str, label: str) -> tuple[Hit | None, Hit | None]:
    """A party under its box's heading, or after its label on a printout that has no boxes."""
    boxed = party(lines, heading)
    return boxed if boxed[0] is not None else labels.party(lines, label)


def issue_date(lines: Sequence[Line]) -> Field | None:
    """Box 12's date, or the date over the certifying authority's line, or a printout's labelled one."""
    found = date_field(first(box(lines, r"^\s*12\.?\s*certification|certification\s*$"), rf"(?P<v>{DATE})"))
    if found:
        return found
    end = index_of(lines, CERTIFYING)
    if end is not None:
        cell = lines[end].cell
        above = [line for line in lines[max(0, end - 3):end] if cell < 0 or line.cell == cell]
        found = next((f for f in map(date_field, hits(above[::-1], rf"(?P<v>{DATE})")) if f), None)
    found = found or date_field(labelled(lines, ISSUE_DATE, rf"(?P<v>{DATE})"))
    if found:
        return found
    # Boxes 11 and 12 each close with a place and a date ("BANGKOK, 2023-08-31"), the certifying
    # authority's last: where neither box was read, the last such date, for the officer to confirm.
    placed = [field for field in map(date_field, hits(lines, rf"[a-z][a-z .]{{2,}},\s*(?P<v>{DATE})")) if field]
    return replace(placed[-1], confidence=round(placed[-1].confidence * FIXED, 3)) if placed else None


def form(lines: Sequence[Line]) -> Field | None:
    hit = first(lines, r"(?P<v>form\s*[ed]\b|\brcep\b|asean.{0,3}china|atiga)")
    name = certificate_form(hit.raw) if hit else None
    return hit.field(name) if hit and name else None


def box(lines: Sequence[Line], heading: str) -> list[Line]:
    """The lines of the ruled box whose heading matches, heading included; [] when there is none."""
    start = index_of(lines, heading)
    if start is None:
        return []
    cell = lines[start].cell
    if cell < 0:
        return list(lines[start:start + 6])
    return [line for line in lines[start:] if line.cell == cell]


def party(lines: Sequence[Line], heading: str) -> tuple[Hit | None, Hit | None]:
    """The name under a party box's heading as printed, and its Hanzi twin when printed in two scripts."""
    names: list[Hit] = []
    for line in box(lines, heading)[1:]:
        if re.search(HEADING_TAIL, fold(line.text)):
            continue
        hit = name_hit(whole(line))
        if hit is None:
            # A line of label words is the heading's tail ("count country)"); anything else ends the name.
            if is_label(line.text) or re.search(r"\)\s*$", line.text):
                continue
            break
        names.append(hit)
        # Only a name in Hanzi alone may have its romanised twin on the next line.
        if len(names) == 2 or not has_cjk(hit.raw) or re.search(r"[A-Za-z]{3}", hit.raw):
            break
    if not names:
        return None, None
    latin, chinese = split_scripts(names[0])
    if len(names) == 2 and latin is None:
        other_latin, other_chinese = split_scripts(names[1])
        latin = other_latin if other_chinese is None else None
    if latin is not None and chinese is None:
        latin = continued(lines, latin)
    return latin or chinese, chinese if latin else None


def criteria(table: Sequence[Line]) -> Field | None:
    """One origin criterion per item line, in the order printed."""
    found = hits(table, CRITERION)
    if not found:
        return None
    fields = [criterion(hit) for hit in found]
    values = [f.value for f in fields if f]
    confidence = min(f.confidence for f in fields if f)
    return Field(values, confidence, union(hit.box for hit in found))


def table_lines(lines: Sequence[Line], header: bool = False) -> list[Line]:
    """The goods table's item lines; header: with the lines of its column headings before them."""
    start = index_of(lines, TABLE_HEADER)
    if start is None:
        return []
    # A heading's first line ("5. Item number ... 9. HS code") may stand a line or two above the match.
    first_header = next((i for i in range(max(0, start - 2), start + 1) if lines[i].cell == lines[start].cell), start)
    body_start = start + 1
    while body_start < len(lines) and re.search(r"numbers?\s*on|packages|value\s*\(fob\)|hs\s*number",
                                                fold(lines[body_start].text)):
        body_start += 1
    end = index_of(lines, TABLE_END, body_start) or len(lines)
    return list(lines[first_header if header else body_start:end])


def box10(table: Sequence[Line]) -> tuple[Field | None, Field | None]:
    """Invoice number and date of box 10: the number in the first item row, its date printed under it;
    a number of digits alone is told from the row's quantities by the date under it."""
    found = hits(table, BOX10_INVOICE)
    if not found:
        return dated_number(table)
    number = found[0]
    number_field_ = invoice_field(number, number.raw.upper())
    x, y, w, h = number.box
    following = table[table.index(number.line):]
    dates = hits(following, rf"(?P<v>{DATE})")
    # Its date follows it on its line, or stands under it in box 10's column.
    under = [d for d in dates if d.line is number.line and d.start > number.end] + \
        [d for d in dates if d.box[0] < x + w and d.box[0] + d.box[2] > x and 0 < d.box[1] - y < 3 * h]
    # A date elsewhere in the table may be another's (a departure, a declaration): shown for the officer.
    dated = date_field(next(iter(under or dates), None))
    if dated and not under:
        dated = replace(dated, confidence=round(dated.confidence * FIXED, 3))
    return number_field_, dated


# A token that can be an invoice's number: letters, digits and separators, at least one digit, neither a
# date, an amount, a tariff code nor a percentage.
NUMBER_TOKEN = re.compile(r"(?=.*\d)[A-Za-z0-9][A-Za-z0-9/\-.]{3,24}")
NOT_NUMBER = re.compile(rf"^(?:{DATE})$|^\d{{1,3}}(?:[.,]\d{{3}})+(?:[.,]\d+)?$|^\d+[.,]\d{{1,2}}$|^\d{{4}}\.\d{{2}}")


def dated_number(table: Sequence[Line]) -> tuple[Field | None, Field | None]:
    """Box 10 found from its date: the table's first date, and the number printed over it (or just
    before it on its line)."""
    dates = [(hit, field) for hit in hits(table, rf"(?P<v>{DATE})") if (field := date_field(hit))]
    if not dates:
        return None, None
    hit, dated = dates[0]
    x, y, w, h = hit.box
    candidates: list[tuple[float, Hit]] = []
    for line in table:
        for start, word in word_starts(line):
            text = word.text.strip(".,;:")
            if not NUMBER_TOKEN.fullmatch(text) or NOT_NUMBER.search(text):
                continue
            wx, wy, ww, wh = word.box
            over = wx < x + w and wx + ww > x and 0 < y - (wy + wh) < 2.5 * h
            before = line is hit.line and wx + ww <= x and x - (wx + ww) < 2 * h
            if over or before:
                candidates.append((y - wy, Hit(line, start, start + len(text))))
    if not candidates:
        return None, dated
    number = min(candidates, key=lambda c: c[0])[1]
    return invoice_field(number, number.raw.upper()), dated


def criterion_code(printed: str) -> str:
    """A box 8 criterion in canonical form: "40%" in box 8 is the regional value content criterion
    (DOMAIN.md §1.1.2), named as such."""
    value = re.sub(r"\s+", " ", printed.upper()).replace(" %", "%")
    return re.sub(r"^(?:RVC\s*)?(\d)", r"RVC \1", value)


def criterion(hit: Hit | None) -> Field | None:
    if hit is None:
        return None
    value = criterion_code(hit.raw)
    factor = 1.0 if CRITERION_VALID.match(value) else INVALID
    percent = re.search(r"(\d+(?:\.\d+)?)%", value)
    # An RVC below 40 % or above 100 % cannot confer ACFTA origin: most likely a misread digit.
    if percent and not 40 <= float(percent.group(1)) <= 100:
        factor = INVALID
    return hit.field(value, factor)


def importing_country(lines: Sequence[Line]) -> Field | None:
    start = index_of(lines, r"exported\s*(?:to)?\s*$|goods\s*exported")
    if start is None:
        return None
    for line in lines[start + 1:start + 4]:
        text = line.text.strip()
        if fold(text) in ("to", "to:", "") or text.startswith("("):
            continue
        return whole(line).field(text.upper())
    return None


def tick(lines: Sequence[Line], label: str) -> Field | None:
    """A box 13 tick box: True when a tick glyph stands before its label on the same line."""
    hit = first(lines, rf"(?P<v>{label})")
    if hit is None:
        return None
    before = hit.line.text[:hit.start]
    ticked = bool(re.search(r"(?:^|\s)[xX✓✔☒☑vV](?:\s*\]|\s*$)", before))
    # An empty box is hard to tell from a faint tick: unticked is reported with half the confidence.
    return hit.field(ticked, 1.0 if ticked else 0.5)


def items(table: Sequence[Line]) -> Field | None:
    starts = [i for i, line in enumerate(table) if re.match(r"^\s*\d{1,2}\s+\S", line.text)]
    rows: list[dict[str, Any]] = []
    boxes = []
    for k, start in enumerate(starts):
        block = table[start:starts[k + 1] if k + 1 < len(starts) else len(table)]
        text = " ".join(line.text for line in block)
        folded = fold(text)
        row: dict[str, Any] = {"item_number": int(re.match(r"\s*(\d+)", text).group(1))}  # type: ignore[union-attr]
        first_criterion = re.search(CRITERION, folded)
        description_end = first_criterion.start() if first_criterion else len(text)
        row["description"] = re.sub(r"\s+", " ", text[len(str(row["item_number"])):description_end]).strip(" \"'")
        # An item keeps what could be read of it; a value that does not parse is left out of the row.
        hs = re.search(HS_DOTTED, folded)
        with suppress(NormaliseError):
            if hs:
                row["hs_code"] = parse_hs_code(hs.group())
        if first_criterion:
            row["origin_criterion"] = criterion_code(first_criterion.group())
            quantity = re.search(rf"(?P<q>{NUMBER})\s+(?P<u>{UNITS})\b", folded[first_criterion.end():])
            with suppress(NormaliseError):
                if quantity:
                    row["quantity"] = number_value(parse_number(quantity.group("q")))
                    row["unit"] = quantity.group("u").upper()
        rows.append(row)
        boxes.append(union(line.box for line in block))
    if not rows:
        return None
    words = [w for line in table for w in line.words]
    return Field(rows, round(sum(w.confidence for w in words) / len(words), 3), union(boxes))


# The exporter's declaration (box 11 of Form E and D, box 15 of RCEP) closes with its place and date; a
# printout labels the date.
DECLARATION = r"^\s*1[15]\.?\s*declaration|declaration\s*by\s*the\s*exporter"
SIGNATURE_LABEL = r"(?:exporter'?s?\s*)?declaration\s*date|ngay\s*khai\s*bao|申报日期"
PLACED_DATE = rf"[a-z][a-z .]{{2,}},\s*(?P<v>{DATE})"


def signature_date(lines: Sequence[Line]) -> Field | None:
    """The exporter's declaration date: labelled on a printout, or the place and date closing the
    declaration's box; where the box was not read, the first of two placed dates (the certification's
    is the last), for the officer to confirm."""
    found = date_field(labelled(lines, SIGNATURE_LABEL, rf"(?P<v>{DATE})"))
    declared = box(lines, DECLARATION)
    if found is None and declared and declared[0].cell >= 0:
        found = next((f for f in map(date_field, hits(declared, PLACED_DATE)) if f), None)
    if found:
        return found
    placed = [field for field in map(date_field, hits(lines, PLACED_DATE)) if field]
    return replace(placed[-2], confidence=round(placed[-2].confidence * FIXED, 3)) if len(placed) >= 2 else None


# Box 3 (4 on RCEP): "BY TRUCK FROM SHUIKOU, CHINA TO TAN THANH BORDER GATE, LANG SON, VIET NAM", wrapped
# over the box's lines.
ROUTE = r"(?P<v>\bby\s+(?:truck|road|lorry|rail|train|sea|vessel|air)\s+from\b.*)"
ROUTE_LINES = 3
# A route ends in the country of its destination.
DESTINATION = (r"china|viet\s*nam|laos|thailand|cambodia|myanmar|malaysia|singapore|indonesia|philippines|"
               r"brunei|korea|japan")


def transport_route(lines: Sequence[Line]) -> Field | None:
    """The route as printed, its wrapped lines joined: each next line under it, in capitals without figures,
    until the route ends with its destination's country."""
    hit = first(lines, ROUTE)
    if hit is None:
        return None
    parts, words = [hit.raw.strip()], list(hit.line.span_words(hit.start, hit.end))
    for _ in range(ROUTE_LINES - 1):
        if re.search(rf"\b(?:{DESTINATION})\W*$", fold(parts[-1])):
            break
        height = words[-1].box[3]
        bottom = words[-1].box[1] + height
        under = [line for line in lines if -height / 2 <= line.box[1] - bottom < height
                 and abs(line.box[0] - words[0].box[0]) < 2 * height and line.words[0] not in words]
        if not under:
            break
        line = min(under, key=lambda other: other.box[1])
        text = line.text.strip()
        if text.upper() != text or re.search(r"\d", text) or is_label(text):
            break
        parts.append(text)
        words += line.words
    # Box 3 is filled in English, the form's language: accents on its place names are the reader's.
    route = fold(re.sub(r"\s+", " ", " ".join(parts))).upper()
    return Field(route, round(min(w.confidence for w in words), 3), union(w.box for w in words))

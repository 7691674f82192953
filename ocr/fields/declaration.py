"""Vietnamese customs declaration (tờ khai hải quan, DOMAIN.md §2.3) into CONTRACTS.md's fields."""
from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import replace

from stdnum.vn import mst

from ..document import Field
from ..layout import Line, union
from ..normalise import digits, fold
from .common import (
    CURRENCY,
    DATE,
    INVALID,
    LABEL_TAIL,
    Hit,
    amount_field,
    currency,
    date_field,
    first,
    hits,
    hs_codes_field,
    index_of,
    strip_label,
    summed,
)
from .labelled import COUNTRY, clean_name, country_field, labelled, name_hit, weakest

NUMBER_LABEL = r"so\s*to\s*khai(?!\s*dau\s*tien)"
TYPE_CODES = re.compile(r"^[A-H]\d{2}$")


# "Người" with a letter misread ("Nguol xuat khau") still names the party.
IMPORTER = r"ngu[a-z]{1,2}\s*nhap\s*khau|importer"
EXPORTER = r"ngu[a-z]{1,2}\s*xuat\s*khau|exporter"
# "Người nhập khẩu - Mã" and "- Tên": the VNACCS screen's rows of one party.
CODE_OF = r"\s*[-–:]?\s*(?:ma|mst|ma\s*so\s*thue|code)\b"
NAME_OF = r"\s*[-–:]?\s*(?:ten|name)\b"
TOTAL = r"t\w{1,2}ng\s*tri\s*gia\s*hoa\s*don|t\w{1,2}ng\s*tri\s*gia|total\s*value"
# The total follows its delivery term and currency: "A - DAP - USD - 194.271,60".
# VNACCS prints a total with its thousands and decimals marked; a bare run of digits near it is a code.
AMOUNT = r"\d{1,3}(?:[., \u00a0]\d{3})+(?:[.,]\d{1,2})?(?![\d.,])|\d+[.,]\d{1,2}(?![\d.,])"
# The label's last word may be cut off by its cell ("Tổng trị giá hóa"), a word before the term and currency.
TOTAL_VALUE = rf"(?:[a-z]{{1,3}}[\s\-–—]*){{0,4}}(?P<v>{AMOUNT})"
# The office's name ends its cell: a numbered printout's next label ("12. Phương tiện") is not part of it.
OFFICE = r"(?P<v>(?:chi\s*cuc|cuc)\s*hai\s*quan.+?)(?=\s+\d{1,2}[.\-/]\s?\d*|\s+\d{6,}|\s*$)"

def extract(lines: Sequence[Line]) -> dict[str, Field]:
    total = labelled(lines, TOTAL, TOTAL_VALUE) or \
        first(lines, rf"(?:{TOTAL}){LABEL_TAIL}(?:[a-z]{{3}}\s*)?(?P<v>{AMOUNT})")
    office = labelled(lines, r"co\s*quan\s*hai\s*quan|chi\s*cuc\s*hai\s*quan|customs\s*office", OFFICE)
    fields: dict[str, Field | None] = {
        "declaration_number": declaration_number(
            labelled(lines, NUMBER_LABEL, r"(?P<v>[\dOoIlSB]{11,12})(?!\d)")
            or first(lines, rf"{NUMBER_LABEL}{LABEL_TAIL}(?P<v>[\dOoIlSB]{{11,12}})")) or unlabelled_number(lines),
        "declaration_date": date_field(labelled(lines, r"ngay\s*dang\s*ky", rf"(?P<v>{DATE})"))
        or registered(lines),
        "type_code": type_code(labelled(lines, r"ma\s*loai\s*hinh", r"(?P<v>[a-z0-9]{3})\b")),
        "importer_tax_code": tax_code_field(labelled(lines, rf"(?:{IMPORTER}){CODE_OF}",
                                                     r"(?P<v>[\dOoIlSB]{10}(?:-?[\dOoIlSB]{3})?)\b"))
        or tax_code(party(lines, IMPORTER)) or importers_code(lines),
        "importer_name": name_field(labelled(lines, rf"(?:{IMPORTER}){NAME_OF}", name=True))
        or name(party(lines, IMPORTER)),
        "exporter_name": name_field(labelled(lines, rf"(?:{EXPORTER}){NAME_OF}", name=True))
        or name(party(lines, EXPORTER)),
        "hs_codes": hs_codes_field(lines) or goods_codes(lines),
        "total_value": summed(amount_field(total), total, lines),
        "currency": currency([total.line]) if total and re.search(CURRENCY, fold(total.line.text))
        else currency(lines),
        "origin_country": country_field(labelled(lines, r"ma\s*nuoc(?:\s*xuat\s*xu)?|nuoc\s*xuat\s*xu|xuat\s*xu|"
                                                         r"country\s*of\s*origin", COUNTRY))
        or label_value(lines, r"nuoc\s*xuat\s*xu|ma\s*nuoc\s*xuat\s*xu|xuat\s*xu|country\s*of\s*origin"),
        "customs_office": name_field(office or first(lines, OFFICE)),
    }
    return {name_: field for name_, field in fields.items() if field is not None}


# Where a label was misread past recognition, the values that only a declaration's own fields take.
UNLABELLED = 0.9
# Twelve digits standing alone: the number VNACCS gave; first 1 on imports and 3 on exports (UNVERIFIED).
BARE_NUMBER = r"(?<![\d.,/\-])(?P<v>[13]\d{11})(?![\d.,/\-])"
# VNACCS prints the registration's time after its date; no other date of the form has one.
REGISTERED = rf"(?P<v>{DATE})\s+\d{{1,2}}:\d{{2}}(?::\d{{2}})?"
EXPORT_TITLE = r"to\s*khai\s*hang\s*hoa\s*xuat\s*khau|export\s*declaration"


def unlabelled_number(lines: Sequence[Line]) -> Field | None:
    hit = first(lines, BARE_NUMBER)
    field = declaration_number(hit)
    return replace(field, confidence=round(field.confidence * UNLABELLED, 3)) if field else None


def registered(lines: Sequence[Line]) -> Field | None:
    field = date_field(first(lines, REGISTERED))
    return replace(field, confidence=round(field.confidence * UNLABELLED, 3)) if field else None


def importers_code(lines: Sequence[Line]) -> Field | None:
    """On an import declaration the Vietnamese party is the importer: the first valid tax code printed."""
    if index_of(lines, EXPORT_TITLE) is not None:
        return None
    for hit in hits(lines, r"(?<![\d.,/\-])(?P<v>\d{10})(?![\d.,/])"):
        if mst.is_valid(hit.raw):
            return hit.field(hit.raw, UNLABELLED)
    return None


def goods_codes(lines: Sequence[Line]) -> Field | None:
    """The eight-digit codes opening the rows of the goods table, printed without dots under "Mã HS"."""
    start = index_of(lines, r"ma\s*(?:so\s*)?(?:hs|hang)|hs\s*code")
    if start is None:
        return None
    found = hits(lines[start:], r"^\s*(?P<v>\d{8})(?![\d.,/-])")
    if not found:
        return None
    codes = list(dict.fromkeys(hit.raw for hit in found))
    return Field(codes, round(min(hit.confidence for hit in found), 3), union(hit.box for hit in found))


def name_field(hit: Hit | None) -> Field | None:
    return weakest(hit, clean_name(hit.raw.strip())) if hit else None


def tax_code_field(hit: Hit | None) -> Field | None:
    if hit is None:
        return None
    code = digits(hit.raw)
    value = f"{code[:10]}-{code[10:]}" if len(code) == 13 else code
    return hit.field(value, 1.0 if mst.is_valid(value) else INVALID)


def declaration_number(hit: Hit | None) -> Field | None:
    if hit is None:
        return None
    value = digits(hit.raw)
    # Twelve digits, assigned by VNACCS (DOMAIN.md §2.3).
    return hit.field(value, 1.0 if len(value) == 12 and value.isdigit() else INVALID)


def type_code(hit: Hit | None) -> Field | None:
    if hit is None:
        return None
    raw = hit.raw
    # After the letter only digits stand: a lower-case l is a 1 ("All" for A11).
    value = raw[:1].upper().replace("0", "O").replace("8", "B") + digits(raw[1:].lower())
    return hit.field(value, 1.0 if TYPE_CODES.match(value) else INVALID)


def party(lines: Sequence[Line], label: str) -> list[Line]:
    start = index_of(lines, label)
    return list(lines[start:start + 4]) if start is not None else []


def tax_code(block: Sequence[Line]) -> Field | None:
    hit = first(block, rf"(?:ma\s*so\s*thue|mst|ma){LABEL_TAIL}(?P<v>[\dOoIlSB]{{10}}(?:-?[\dOoIlSB]{{3}})?)\b")
    if hit is None:
        return None
    code = digits(hit.raw)
    value = f"{code[:10]}-{code[10:]}" if len(code) == 13 else code
    return hit.field(value, 1.0 if mst.is_valid(value) else INVALID)


def name(block: Sequence[Line]) -> Field | None:
    """The name after a party's "Tên" / "Name" in its block: a name, never the labels of the next rows."""
    for line in block:
        hit = name_hit(strip_label(line, r"(?:.*?)(?:ten|name)"))
        if hit:
            return weakest(hit, clean_name(hit.raw.strip()))
    return None


def label_value(lines: Sequence[Line], label: str) -> Field | None:
    for line in lines:
        hit = strip_label(line, rf".*?(?:{label})")
        if hit:
            return hit.field(hit.raw.strip())
    return None

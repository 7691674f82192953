"""Vietnamese customs declaration (tờ khai hải quan, DOMAIN.md §2.3) into CONTRACTS.md's fields."""
from __future__ import annotations

import re
from collections.abc import Sequence

from stdnum.vn import mst

from ..document import Field
from ..layout import Line
from ..normalise import digits, fold
from .common import (
    CURRENCY,
    DATE,
    INVALID,
    LABEL_TAIL,
    NUMBER,
    Hit,
    currency,
    date_field,
    first,
    hs_codes_field,
    index_of,
    number_field,
    strip_label,
)

NUMBER_LABEL = r"so\s*to\s*khai(?!\s*dau\s*tien)"
TYPE_CODES = re.compile(r"^[A-H]\d{2}$")


def extract(lines: Sequence[Line]) -> dict[str, Field]:
    total = first(lines, rf"(?:tong\s*tri\s*gia\s*hoa\s*don|tong\s*tri\s*gia|total\s*value){LABEL_TAIL}"
                         rf"(?:[a-z]{{3}}\s*)?(?P<v>{NUMBER})")
    fields: dict[str, Field | None] = {
        "declaration_number": declaration_number(first(lines, rf"{NUMBER_LABEL}{LABEL_TAIL}(?P<v>[\dOoIlSB]{{11,12}})")),
        "declaration_date": date_field(first(lines, rf"ngay\s*dang\s*ky{LABEL_TAIL}(?P<v>{DATE})")),
        "type_code": type_code(first(lines, rf"ma\s*loai\s*hinh{LABEL_TAIL}(?P<v>[a-z0-9]{{3}})\b")),
        "importer_tax_code": tax_code(party(lines, r"nguoi\s*nhap\s*khau|importer")),
        "importer_name": name(party(lines, r"nguoi\s*nhap\s*khau|importer")),
        "exporter_name": name(party(lines, r"nguoi\s*xuat\s*khau|exporter")),
        "hs_codes": hs_codes_field(lines),
        "total_value": number_field(total),
        "currency": currency([total.line]) if total and re.search(CURRENCY, fold(total.line.text))
        else currency(lines),
        "origin_country": label_value(lines, r"nuoc\s*xuat\s*xu|ma\s*nuoc\s*xuat\s*xu|xuat\s*xu|country\s*of\s*origin"),
        "customs_office": label_value(lines, r"co\s*quan\s*hai\s*quan|chi\s*cuc\s*hai\s*quan|customs\s*office"),
    }
    return {name_: field for name_, field in fields.items() if field is not None}


def declaration_number(hit: Hit | None) -> Field | None:
    if hit is None:
        return None
    value = digits(hit.raw)
    # Twelve digits, assigned by VNACCS (DOMAIN.md §2.3).
    return hit.field(value, 1.0 if len(value) == 12 and value.isdigit() else INVALID)


def type_code(hit: Hit | None) -> Field | None:
    if hit is None:
        return None
    raw = hit.raw.upper()
    value = raw[:1].replace("0", "O").replace("8", "B") + digits(raw[1:])
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
    for line in block:
        hit = strip_label(line, r"(?:.*?)(?:ten|name)")
        if hit:
            return hit.field(hit.raw.strip())
    return None


def label_value(lines: Sequence[Line], label: str) -> Field | None:
    for line in lines:
        hit = strip_label(line, rf".*?(?:{label})")
        if hit:
            return hit.field(hit.raw.strip())
    return None

"""GTIN-8/12/13/14: check digit and the GS1 prefix's member organisation (DOMAIN.md §3.2–3.3)."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from stdnum import ean
from stdnum.exceptions import ValidationError


@dataclass(frozen=True)
class Gtin:
    raw: str
    """The digits as the symbol carries them."""
    gtin: str
    """GTIN-14, left-padded with zeros: the canonical stored form."""
    valid: bool
    errors: tuple[str, ...] = field(default=())
    kind: str = "gtin"

    def as_dict(self) -> dict[str, Any]:
        return {"kind": self.kind, "gtin": self.gtin, "valid": self.valid, "errors": list(self.errors)}


def parse(raw: str) -> Gtin:
    digits = raw.strip()
    if not digits.isascii() or not digits.isdigit() or len(digits) not in (8, 12, 13, 14):
        return Gtin(raw, digits, False, (f"Failed to parse {raw!r} as GTIN: expected 8, 12, 13 or 14 digits.",))
    try:
        ean.validate(digits)
    except ValidationError:
        expected = ean.calc_check_digit(digits[:-1])
        return Gtin(raw, digits.zfill(14), False,
                    (f"Failed to parse {raw!r} as GTIN: check digit should be {expected}.",))
    return Gtin(raw, digits.zfill(14), True)

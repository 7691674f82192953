"""Which fields to show as sure: a confidence an officer can take at its word.

The engines' confidences are not probabilities: tesseract reads a Vietnamese name without its diacritics
at 95 %. A field is marked sure only when its confidence clears the threshold of its kind, set on the
generated pages of seeds 0-99 so that sure values were right at least 98 % of the time (bench/ocr.py
reports the precision on unseen seeds).
"""
from __future__ import annotations

import re
from dataclasses import replace

from .document import Field

# Per kind of value, the confidence from which it is sure; kinds not listed are never sure.
THRESHOLDS: tuple[tuple[re.Pattern[str], float], ...] = tuple((re.compile(p), t) for p, t in (
    (r"_name_zh$", 0.95),
    (r"_name$", 0.93),
    (r"date$", 0.9),
    (r"number$|tax_code$|^type_code$", 0.9),
    (r"amount$|value$|_kg$|^packages$", 0.9),
    (r"^hs_codes$", 0.9),
    (r"^(?:form|currency|incoterm)$", 0.85),
))


def mark_sure(fields: dict[str, Field]) -> dict[str, Field]:
    """The fields, each marked sure when its confidence clears its kind's threshold."""
    return {name: replace(field, sure=field.confidence >= threshold(name)) for name, field in fields.items()}


def threshold(name: str) -> float:
    """The confidence from which a field of this name is sure; above 1 (never) for kinds not calibrated."""
    return next((t for pattern, t in THRESHOLDS if pattern.search(name)), 1.01)

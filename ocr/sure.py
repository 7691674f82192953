"""Which fields to show as sure: a confidence an officer can take at its word.

The engines' confidences are not probabilities: tesseract reads a Vietnamese name without its diacritics
at 95 %. A field is marked sure only when its confidence clears the threshold of its kind. The thresholds
were set on bench/docgen's pages of seeds 0-23 (`bench/ocr.py --subset generated --seeds 12-23 --dump`),
each just above the most confident wrong value of its kind seen there; bench/ocr.py reports the precision
of "sure" on unseen seeds. Kinds with a wrong value at 0.93-0.96 (names, invoice numbers, HS code lists,
issue dates) get 0.97: on those seeds none of them, right or wrong, reached it.
"""
from __future__ import annotations

import re
from dataclasses import replace

from .document import Field

# Per kind of value, the confidence from which it is sure; kinds not listed are never sure. In comments:
# the most confident wrong value of the kind on seeds 12-23 (right values above it / all right values).
THRESHOLDS: tuple[tuple[re.Pattern[str], float], ...] = tuple((re.compile(p), t) for p, t in (
    # seller 0.92, buyer 0.931, exporter 0.93, importer 0.92 (0 right above any of them).
    (r"_name(?:_zh)?$", 0.97),
    # invoice_number 0.964 (C12302-9516 for CI2302-9516); declaration and reference numbers: none wrong.
    (r"^invoice_number$", 0.97),
    (r"number$|tax_code$|^type_code$", 0.9),
    # issue_date 0.96 (a day off); invoice, departure and declaration dates: none wrong (22 right).
    (r"^issue_date$", 0.97),
    (r"date$", 0.9),
    # fob_value 0.95 (194 for 194 460.52, since read whole); totals, packages, weights: none wrong above 0.43.
    (r"amount$|value$|_kg$|^packages$", 0.9),
    # A list with one code missing is wrong however surely each code was read: 0.95.
    (r"^hs_codes$", 0.97),
    (r"^origin_criterion$", 0.95),
    (r"country$", 0.95),
    (r"^(?:form|currency|incoterm)$", 0.85),
))


def mark_sure(fields: dict[str, Field]) -> dict[str, Field]:
    """The fields, each marked sure when its confidence clears its kind's threshold."""
    return {name: replace(field, sure=field.confidence >= threshold(name)) for name, field in fields.items()}


def threshold(name: str) -> float:
    """The confidence from which a field of this name is sure; above 1 (never) for kinds not calibrated."""
    return next((t for pattern, t in THRESHOLDS if pattern.search(name)), 1.01)

"""Which fields to show as sure: a confidence an officer can take at its word.

The engines' confidences are not probabilities: tesseract reads a Vietnamese name without its diacritics
at 95 %. A field is marked sure only when its confidence clears the threshold of its kind. The thresholds
were set on bench/docgen's pages of seeds 0-59 (the words of each page read once and kept, every field
extracted again after each change), each where the share right of the values above it is at least 99 %
there; bench/ocr.py reports the precision of "sure" on unseen seeds. Kinds that reach no such threshold
are never sure: Hanzi names, HS code lists (a list one code short at 0.977).
"""
from __future__ import annotations

import re
from dataclasses import replace

from .document import Field

# Per kind of value, the confidence from which it is sure; kinds not listed are never sure. In comments:
# what seeds 0-59 showed of the kind's values.
THRESHOLDS: tuple[tuple[re.Pattern[str], float], ...] = tuple((re.compile(p), t) for p, t in (
    # Names: 8 of 261 at 0.96 or more on seeds 0-59, 3 of them wrong; none reached 0.97 wrongly. A Hanzi
    # name (_zh) is never sure: chi_sim re-reads lines vie+eng made junk of, and its confidence went wrong
    # on unseen seeds (a seller_name_zh marked sure and wrong, 1 of 2 sure) with too few on 0-99 to set one.
    (r"_name$", 0.97),
    # invoice_number: a number read short ("106297" of 2024106297) at 0.998; 27 at 0.96 or more, 1 wrong.
    (r"^invoice_number$", 0.97),
    # Declaration and reference numbers, tax and type codes: 132 of 176 at 0.85 or more, none wrong.
    (r"number$|tax_code$|^type_code$", 0.85),
    # issue_date: a day off at 0.953; 24 at 0.96 or more, none wrong. The exporter's declaration date is
    # printed the same way, boxes 11 and 12 side by side: signature_date a day off at 0.95.
    (r"^(?:issue|signature)_date$", 0.96),
    # Other dates: 129 of 162 at 0.9 or more, none wrong.
    (r"date$", 0.9),
    # Totals, packages, weights: 166 of 217 at 0.9 or more, 2 wrong (98.8 %); below 0.9 it falls to 97 %.
    (r"amount$|value$|_kg$|^packages$", 0.9),
    # 7 of 36 at 0.9 or more, none wrong; a list one item short at 0.894.
    (r"^origin_criterion$", 0.9),
    # Countries: wrong at 0.95 and 0.957; 32 at 0.96 or more, none wrong.
    (r"country$", 0.96),
    # An incoterm misread at 0.85; 175 of 195 at 0.88 or more, 1 wrong.
    (r"^(?:form|currency|incoterm)$", 0.88),
))


# Per kind of value, the confidence from which it is sure when a second, independent cue of the page agrees
# with it (see agreed). In comments: what the tuning seeds showed.
AGREED: dict[str, float] = {
    # A list of codes as long as the page's item rows (a quantity with its unit each): on seeds 0-16 (68
    # pages) 16 lists agreed, all right, 11 of them at 0.85 or more; a list one code short at 0.96 did not agree.
    "hs_codes": 0.85,
    # A total equal to the amounts above it in its column, or to the goods rows' amounts: 9 agreed on seeds
    # 0-16, all right, the least sure at 0.712.
    "total": 0.7,
}


def agreed(field: Field, kind: str) -> Field:
    """The field marked sure when its confidence clears its kind's AGREED floor: for an extractor that
    found a second cue agreeing with the value (the evidence is the extractor's; the floor is here)."""
    return replace(field, sure=field.sure or field.confidence >= AGREED[kind])


def mark_sure(fields: dict[str, Field]) -> dict[str, Field]:
    """The fields, each marked sure when its confidence clears its kind's threshold, or an extractor marked
    it sure on two cues agreeing (agreed)."""
    return {name: replace(field, sure=field.sure or field.confidence >= threshold(name))
            for name, field in fields.items()}


def threshold(name: str) -> float:
    """The confidence from which a field of this name is sure; above 1 (never) for kinds not calibrated."""
    return next((t for pattern, t in THRESHOLDS if pattern.search(name)), 1.01)

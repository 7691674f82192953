"""How findings reach the officer: worst first, values in plain words, each reading beside its crop."""
from __future__ import annotations

import pytest

from checkpoint.web.formatting import by_severity, crop_photo, plain_value


def test_the_worst_comes_first_and_an_unknown_severity_last():
    found = [{"severity": s} for s in ("info", "low", "urgent", "high", "medium")]
    assert [f["severity"] for f in by_severity(found)] == ["high", "medium", "low", "info", "urgent"]


@pytest.mark.parametrize(("value", "field", "shown"), [
    ("2025-11-10", "invoice_date", "10/11/2025"),
    ("2025-11-10", "anything", "10/11/2025"),
    (["040210", "851712"], "hs_codes", "040210; 851712"),
    ([{"hs_code": "040210", "quantity": 100.0, "unit": "bag", "amount": None}], "items", "040210 · 100 · bag"),
    (True, "third_party_invoicing", "✓"),
    (2600.0, "gross_weight_kg", "2600"),
    ("INV-2025-118", "invoice_number", "INV-2025-118"),
])
def test_a_reading_in_plain_words(value, field, shown):
    assert plain_value(value, field) == shown


def test_a_reading_is_shown_with_the_crop_of_its_own_photo():
    photos = [{"sha256": "a", "document": {"doc_type": "invoice", "fields": {"invoice_number": {"box": [1, 2, 3, 4]}}}},
              {"sha256": "b", "document": {"doc_type": "co", "fields": {"invoice_number": {"box": [5, 6, 7, 8]}}}},
              {"sha256": "c", "document": None}]
    reading = {"paper": "co", "field": "invoice_number", "box": [5, 6, 7, 8]}
    assert crop_photo(reading, photos) == "b"
    assert crop_photo({**reading, "box": [0, 0, 0, 0]}, photos) is None

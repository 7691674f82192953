"""Findings an officer can trust: a note names the readings and their boxes; differences a misreading makes are
notes; the origin criterion per item line; parties, quantities and amounts compared as officers compare them.
Every rule's clean, faulty and unsurely read cases are in test_every_rule.py."""
from __future__ import annotations

import pytest

from checkpoint.checks import Context, documents, identifiers, origin
from checkpoint.models import SEVERITIES
from tests.checks.shipments import CO, DECLARATION, INVOICE, PACKING_LIST, edited, replaced, shipment, unsure

CONTEXT = Context(None)
MILK = {"description": "Whole milk powder 25 kg bags", "hs_code": "04021041", "quantity": 100, "unit": "bag",
        "unit_price": 10.0, "amount": 1000.0}


def test_a_note_names_both_readings_and_their_boxes():
    papers = replaced(unsure(edited(CO, invoice_number="INV-2025-181"), "invoice_number"),
                      edited(PACKING_LIST, invoice_number=None))
    [note] = documents.invoice_number(shipment(*papers), CONTEXT)
    assert note.evidence["readings"] == [
        {"paper": "co", "field": "invoice_number", "value": "INV-2025-181", "confidence": 0.6, "sure": False,
         "box": [5, 5, 20, 8]},
        {"paper": "invoice", "field": "invoice_number", "value": "INV-2025-118", "confidence": 0.95, "sure": True,
         "box": [0, 0, 10, 10]}]


@pytest.mark.parametrize(("check", "papers"), [
    # Letters OCR confuses (0/O, 1/I) are a misreading to confirm, even when read surely.
    (documents.invoice_number, (edited(CO, invoice_number="INV-2O25-1l8"),)),
    # A day and a month read the other way round (10/11 against 11/10).
    (documents.invoice_date, (edited(CO, invoice_date="2025-10-11"),)),
])
def test_a_difference_a_misreading_makes_is_a_note(check, papers):
    findings = check(shipment(*replaced(*papers)), CONTEXT)
    assert [f.severity for f in findings] == ["low"]


def test_the_origin_criterion_is_judged_per_item_line():
    mixed = edited(CO, hs_codes=["080300", "720851"], origin_criterion=["WO", "RVC 40%"],
                   items=[{"hs_code": "080300", "origin_criterion": "WO", "quantity": 10, "unit": "kg"},
                          {"hs_code": "720851", "origin_criterion": "RVC 40%", "quantity": 5, "unit": "t"}])
    assert origin.co_origin_criterion(shipment(mixed), CONTEXT) == []
    swapped = edited(mixed, items=[{"hs_code": "080300", "origin_criterion": "RVC 40%"},
                                   {"hs_code": "720851", "origin_criterion": "WO"}])
    assert [f.message["en"] for f in origin.co_origin_criterion(shipment(swapped), CONTEXT)] == [
        "Origin criterion WO (wholly obtained) on manufactured goods of chapter 72"]
    # Without items, the criteria list pairs with the HS codes list line by line.
    listed = edited(mixed, items=None)
    assert origin.co_origin_criterion(shipment(listed), CONTEXT) == []


def test_a_party_matches_through_its_hanzi_twin():
    # The C/O prints the exporter in pinyin only; the invoice prints its Latin name and its Hanzi.
    invoice = edited(INVOICE, seller_name="HONGYUN TRADING CO., LTD", seller_name_zh="凭祥市鸿运贸易有限公司")
    co = edited(CO, exporter_name="PINGXIANG SHI HONGYUN MAOYI YOUXIAN GONGSI")
    assert documents.seller(shipment(*replaced(invoice, co, edited(DECLARATION, exporter_name=None))), CONTEXT) == []


def test_quantities_are_compared_line_by_line_whatever_the_units():
    two = [MILK, {"description": "Butter", "hs_code": "04051000", "quantity": 500, "unit": "kg", "amount": 0}]
    invoice = edited(INVOICE, items=two, total_amount=None)
    co = edited(CO, items=[{"hs_code": "040210", "quantity": 100, "unit": "bag"},
                           {"hs_code": "040510", "quantity": 400, "unit": "kg"}])
    [finding] = documents.quantities(shipment(*replaced(invoice, co)), CONTEXT)
    assert (finding.severity, finding.evidence["line"], finding.evidence["co"]) == ("high", "040510", 400.0)


def test_net_weight_against_goods_sold_by_weight():
    invoice = edited(INVOICE, items=[{**MILK, "quantity": 2500, "unit": "KG"}])
    packing = edited(PACKING_LIST, items=[{"hs_code": "04021041", "quantity": 2500, "unit": "KG",
                                           "net_weight_kg": 2000.0}])
    [finding] = documents.packing(shipment(*replaced(invoice, packing)), CONTEXT)
    assert finding.message["en"] == ("Net weight on the packing list (2000 kg) differs from the quantity on the "
                                     "commercial invoice (2500 kg) by more than 3%")


def test_a_chinese_tax_code_is_checked_as_a_uscc():
    assert identifiers.paper_tax_codes(shipment(edited(INVOICE, buyer_tax_code="91350100M000100Y43")), CONTEXT) == []
    [bad] = identifiers.paper_tax_codes(shipment(edited(INVOICE, buyer_tax_code="91350100M000100Y44")), CONTEXT)
    assert (bad.evidence["kind"], bad.severity) == ("uscc", "medium")


def test_the_runner_gives_the_worst_first():
    from checkpoint import checks
    papers = replaced(edited(CO, invoice_number="INV-2025-181"), unsure(edited(DECLARATION, total_value=1200.0),
                                                                          "total_value"))
    severities = [f.severity for f in checks.run(shipment(*papers), CONTEXT)]
    assert severities == sorted(severities, key=SEVERITIES.index) and {"high", "low"} <= set(severities)


def test_box_13_not_read_is_not_box_13_unticked():
    late = edited(CO, issue_date="2025-11-18", issued_retroactively=None)
    assert [f.severity for f in origin.co_date_order(shipment(late), CONTEXT)] == ["low"]
    assert [f.severity for f in origin.co_date_order(shipment(edited(late, issued_retroactively=False)),
                                                     CONTEXT)] == ["medium"]


@pytest.mark.parametrize("declared", [100.0, 10000.0, 1200.0])
def test_amounts_read_surely_that_differ_alarm_even_a_power_of_ten_apart(declared):
    """A tenth of the invoice on the declaration is the classic undervaluation, not a decimal mark misread: the
    reader normalises both number conventions, and an unsure reading is a note anyway."""
    severity = "medium"
    findings = documents.total_amount(shipment(*replaced(edited(DECLARATION, total_value=declared))), CONTEXT)
    assert [f.severity for f in findings] == [severity]


def test_a_name_cut_short_is_the_party_it_begins():
    cut = edited(DECLARATION, importer_name="CÔNG TY TNHH THƯƠNG MẠI MINH ANH HOÀNG", exporter_name=None)
    full = edited(INVOICE, buyer_name="CÔNG TY TNHH THƯƠNG MẠI MINH ANH HOÀNG GIA PHÁT")
    assert documents.buyer(shipment(*replaced(cut, full, edited(CO, consignee_name=None))), CONTEXT) == []


def test_a_certificate_listing_fewer_codes_may_be_read_partly():
    co = edited(CO, hs_codes=["040210"], items=None)
    invoice = edited(INVOICE, hs_codes=["04021041", "04051000"])
    assert [f.severity for f in documents.hs_codes(shipment(*replaced(co, invoice)), CONTEXT)] == ["low"]

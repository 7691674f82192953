"""Cross-document consistency: each rule with the consistent shipment (no finding) and a failing one."""
from __future__ import annotations

import pytest

from checkpoint.checks import Context, documents
from tests.checks.shipments import (
    CO,
    DECLARATION,
    INVOICE,
    PACKING_LIST,
    PAPERS,
    edited,
    replaced,
    shipment,
    unsure,
)

RULES = (documents.invoice_number, documents.invoice_date, documents.hs_codes, documents.quantities,
         documents.total_amount, documents.seller, documents.buyer)
CONTEXT = Context(None)


@pytest.mark.parametrize("check", RULES, ids=lambda r: r.__name__)
def test_the_consistent_papers_raise_nothing(check):
    assert check(shipment(*PAPERS), CONTEXT) == []


@pytest.mark.parametrize(("check", "papers", "severity", "evidence", "english"), [
    (documents.invoice_number, replaced(edited(CO, invoice_number="INV-2025-181")), "high",
     {"field": "invoice_number", "co": "INV-2025-181", "invoice": "INV-2025-118", "packing_list": "INV-2025-118"},
     "Invoice number on the C/O differs from the commercial invoice and the packing list"),
    (documents.invoice_number, replaced(edited(INVOICE, invoice_number="INV-2025-181")), "high",
     {"field": "invoice_number", "co": "INV-2025-118", "invoice": "INV-2025-181", "packing_list": "INV-2025-118"},
     "Invoice number on the commercial invoice differs from the C/O and the packing list"),
    (documents.invoice_number, replaced(edited(PACKING_LIST, invoice_number="INV-2025-119")), "medium",
     {"field": "invoice_number", "packing_list": "INV-2025-119", "invoice": "INV-2025-118"},
     "Invoice number on the packing list differs from the commercial invoice and the C/O"),
    (documents.invoice_number, replaced(edited(PACKING_LIST, invoice_number="INV-2025-119"),
                                        edited(CO, invoice_number=None)), "medium",
     {"field": "invoice_number", "packing_list": "INV-2025-119", "invoice": "INV-2025-118"},
     "Invoice number on the packing list differs from the commercial invoice"),
    (documents.invoice_date, replaced(edited(CO, invoice_date="2025-11-09")), "medium",
     {"field": "invoice_date", "co": "2025-11-09", "invoice": "2025-11-10"},
     "Invoice date on the C/O differs from the commercial invoice"),
    (documents.hs_codes, replaced(edited(CO, hs_codes=["851712"], items=None)), "high",
     {"field": "hs_code", "declaration": ["040210"], "co": ["851712"], "missing": ["040210"]},
     ("HS codes on the customs declaration differ from the C/O: 0402.10",
      "HS codes on the commercial invoice differ from the C/O: 0402.10")),
    (documents.hs_codes, replaced(edited(CO, hs_codes=["040221"], items=None)), "medium",
     {"field": "hs_code", "declaration": ["040210"], "co": ["040221"], "missing": ["040210"]},
     ("HS codes on the customs declaration differ from the C/O: 0402.10",
      "HS codes on the commercial invoice differ from the C/O: 0402.10")),
    # The C/O certifies goods of a chapter the declaration never names in place of a declared line.
    # (8542.39's chapter is on the C/O, by its television sets: only the fish tell another chapter.)
    (documents.hs_codes, replaced(edited(CO, hs_codes=["040210", "852872", "030389"], items=None),
                                  edited(DECLARATION, hs_codes=["04021041", "85287292", "85423900"]),
                                  edited(INVOICE, hs_codes=["04021041", "85287292", "85423900"], items=None)), "high",
     {"field": "hs_code", "declaration": ["040210", "852872", "854239"], "co": ["030389", "040210", "852872"],
      "missing": ["854239"]},
     ("HS codes on the customs declaration differ from the C/O: 8542.39",
      "HS codes on the commercial invoice differ from the C/O: 8542.39")),
    (documents.quantities, replaced(edited(CO, items=[{"hs_code": "040210", "quantity": 80, "unit": "bag"}])), "high",
     {"field": "quantity", "co": 80.0, "invoice": 100.0, "unit": "bag"},
     "Quantity on the C/O (80) differs from the commercial invoice (100) by more than 3%"),
    (documents.quantities, replaced(edited(PACKING_LIST, items=[{"quantity": 110, "unit": "bag"}])), "medium",
     {"field": "quantity", "packing_list": 110.0, "invoice": 100.0, "unit": "bag"},
     "Quantity on the packing list (110) differs from the commercial invoice (100) by more than 3%"),
    (documents.quantities, replaced(edited(DECLARATION, gross_weight_kg=2800.0)), "medium",
     {"field": "quantity", "measure": "gross_weight_kg", "declaration": 2800.0, "packing_list": 2600.0},
     "Gross weight on the customs declaration (2800 kg) differs from the packing list (2600 kg) by more than 3%"),
    (documents.total_amount, replaced(edited(DECLARATION, total_value=1200.0)), "medium",
     {"field": "total_amount", "declaration": 1200.0, "invoice": 1000.0, "currency": ["USD"]},
     "Total value on the customs declaration (1200) differs from the commercial invoice (1000)"),
    (documents.total_amount, replaced(edited(INVOICE, total_amount=1500.0), edited(DECLARATION, total_value=None)),
     "medium",
     {"field": "total_amount", "invoice": 1500.0, "lines": 1000.0},
     "The commercial invoice total (1500) is not the sum of its lines (1000)"),
    (documents.seller, replaced(edited(CO, exporter_name="DONGXING FRUIT IMPORT EXPORT CO., LTD"),
                                edited(DECLARATION, exporter_name=None)), "medium",
     {"field": "seller", "co": "DONGXING FRUIT IMPORT EXPORT CO., LTD", "invoice": "凭祥市鸿运贸易有限公司"},
     "Seller or exporter on the C/O differs from the commercial invoice"),
    (documents.buyer, replaced(edited(DECLARATION, importer_name="CÔNG TY TNHH THƯƠNG MẠI MINH AN"),
                               edited(CO, consignee_name=None)), "medium",
     {"field": "buyer", "invoice": "CÔNG TY TNHH THƯƠNG MẠI MINH ANH",
      "declaration": "CÔNG TY TNHH THƯƠNG MẠI MINH AN"},
     "Buyer or consignee on the commercial invoice differs from the customs declaration"),
    (documents.buyer, replaced(edited(DECLARATION, importer_tax_code="0100109106")), "high",
     {"field": "buyer", "measure": "tax_code", "invoice": "0100233488", "declaration": "0100109106"},
     "Buyer's tax code on the commercial invoice differs from the customs declaration"),
])
def test_a_disagreement_is_reported_with_both_values(check, papers, severity, evidence, english):
    findings = check(shipment(*papers), CONTEXT)
    messages = (english,) if isinstance(english, str) else english
    assert [(f.rule, f.severity, f.message["en"]) for f in findings] == [
        ("DOCUMENT_MISMATCH", severity, m) for m in messages]
    assert {k: findings[0].evidence.get(k) for k in evidence} == evidence
    assert set(findings[0].message) == {"vi", "en"}


@pytest.mark.parametrize(("check", "papers"), [
    # Case and spacing are not a different invoice number (DOMAIN §1.4.1).
    (documents.invoice_number, replaced(edited(CO, invoice_number=" inv-2025-118"))),
    # Within the 3 % tolerance.
    (documents.quantities, replaced(edited(PACKING_LIST, items=[{"quantity": 103, "unit": "bag"}]))),
    # Other units are not compared.
    (documents.quantities, replaced(edited(CO, items=[{"quantity": 2500, "unit": "kg"}]))),
    # Another currency is not compared with the invoice total.
    (documents.total_amount, replaced(edited(DECLARATION, total_value=25_000_000.0, currency="VND"))),
    # Third-party invoicing: the invoice comes from another company than the exporter.
    (documents.seller, replaced(edited(CO, exporter_name="DONGXING FRUIT CO., LTD", third_party_invoicing=True),
                                edited(DECLARATION, exporter_name=None))),
    # "TO ORDER" consignees are tolerated on Chinese-issued forms (DOMAIN §1.1 box 2).
    (documents.buyer, replaced(edited(CO, consignee_name="TO ORDER"))),
    # The same party spelled without diacritics, abbreviated, in another order or in pinyin.
    (documents.seller, replaced(edited(DECLARATION, exporter_name="凭祥鸿运贸易有限责任公司"))),
    (documents.buyer, replaced(edited(CO, consignee_name="MINH ANH TRADING COMPANY LIMITED"))),
])
def test_what_is_the_same_is_not_a_mismatch(check, papers):
    assert check(shipment(*papers), Context(None, tolerance=0.03)) == []


def test_the_tolerance_is_configurable():
    papers = replaced(edited(PACKING_LIST, items=[{"quantity": 104, "unit": "bag"}]))
    assert documents.quantities(shipment(*papers), Context(None, tolerance=0.05)) == []
    assert len(documents.quantities(shipment(*papers), Context(None, tolerance=0.03))) == 1


def test_a_paper_without_the_field_is_no_disagreement():
    assert documents.invoice_number(shipment(INVOICE, edited(CO, invoice_number=None)), CONTEXT) == []


def test_one_wrong_paper_is_named_against_the_two_that_agree():
    papers = replaced(edited(CO, exporter_name="DONGXING FRUIT IMPORT EXPORT CO., LTD"))
    [finding] = documents.seller(shipment(*papers), CONTEXT)
    assert finding.message == {
        "en": "Seller or exporter on the C/O differs from the commercial invoice and the customs declaration",
        "vi": "Người bán hoặc người xuất khẩu trên C/O khác với hóa đơn thương mại và tờ khai hải quan"}
    assert [r["paper"] for r in finding.evidence["readings"]] == ["co", "invoice", "declaration"]


def test_three_papers_naming_three_parties_are_three_disagreements():
    papers = replaced(edited(CO, exporter_name="DONGXING FRUIT IMPORT EXPORT CO., LTD"),
                      edited(DECLARATION, exporter_name="NANNING GOLDEN STAR MACHINERY CO., LTD"))
    assert [f.message["en"] for f in documents.seller(shipment(*papers), CONTEXT)] == [
        "Seller or exporter on the C/O differs from the commercial invoice",
        "Seller or exporter on the C/O differs from the customs declaration",
        "Seller or exporter on the commercial invoice differs from the customs declaration"]


def test_two_papers_read_unsurely_that_agree_name_the_third_in_the_note():
    """The invoice is the odd paper: the note says so, rather than two notes that seem to blame the others."""
    papers = replaced(edited(INVOICE, invoice_number="INV-2025-181"), unsure(CO, "invoice_number"),
                      unsure(PACKING_LIST, "invoice_number"))
    [note] = documents.invoice_number(shipment(*papers), CONTEXT)
    assert (note.severity, note.message["en"]) == ("low", "Confirm by hand (read unsurely): Invoice number on the "
                                                          "commercial invoice differs from the C/O and the packing list")

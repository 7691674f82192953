"""Origin: GS1 prefix against the claimed origin, certificate validity, certificate reuse."""
from __future__ import annotations

import json
from datetime import date

import pytest

from checkpoint.checks import Context, origin
from tests.checks.shipments import CO, DECLARATION, INVOICE, PAPERS, code, edited, replaced, shipment, unsure

CONTEXT = Context(None)
CN_MILK = "6901234567892"
VN_MILK = "8934588012228"


@pytest.mark.parametrize(("codes", "declared", "flagged"), [
    ((code(CN_MILK),), "VN", True),
    ((code(CN_MILK),), "CN", False),
    ((code(VN_MILK),), "VN", False),
    # A GS1 DataMatrix carries its GTIN in AI 01.
    ((code("]d201069012345678921727123110LOT1", "DataMatrix"),), "VN", True),
    ((code(CN_MILK),), "", False),
])
def test_gs1_prefix_against_the_declared_origin(codes, declared, flagged):
    findings = origin.gs1_prefix_origin(shipment(codes=codes, declared_origin=declared), CONTEXT)
    assert [(f.rule, f.severity) for f in findings] == ([("ORIGIN_PREFIX_MISMATCH", "medium")] if flagged else [])
    if flagged:
        assert findings[0].evidence == {"gtin": "06901234567892", "gs1_prefix": "690", "prefix_country": "CN",
                                        "claimed": {"VN": "declared"}, "readings": []}
        assert findings[0].message["en"] == ("Barcode 06901234567892 has a GS1 prefix of CN, but the origin given "
                                             "is VN")


def test_the_certified_origin_counts_as_a_claim():
    papers = replaced(edited(CO, issuing_country="Việt Nam"), edited(INVOICE, origin_country=None),
                      edited(DECLARATION, origin_country=None))
    findings = origin.gs1_prefix_origin(shipment(*papers, codes=(code(CN_MILK),)), CONTEXT)
    assert [f.evidence["claimed"] for f in findings] == [{"VN": "co"}]


@pytest.mark.parametrize(("co", "declaration_date", "expected"), [
    (edited(CO, issue_date="2024-10-01"), "2025-11-20",
     [("high", "The certificate of origin issued on 01/10/2024 expired on 01/10/2025")]),
    (edited(CO, issue_date="2024-11-20", departure_date="2024-11-20"), "2025-11-20", []),
    (edited(CO, issue_date="2024-11-19", departure_date="2024-11-19"), "2025-11-20",
     [("high", "The certificate of origin issued on 19/11/2024 expired on 19/11/2025")]),
])
def test_a_certificate_is_valid_for_twelve_calendar_months(co, declaration_date, expected):
    papers = replaced(co, edited(DECLARATION, declaration_date=declaration_date))
    findings = origin.co_expired(shipment(*papers), CONTEXT)
    assert [(f.severity, f.message["en"]) for f in findings] == expected
    assert all(f.rule == "CO_VALIDITY" for f in findings)


def test_twelve_months_from_the_end_of_a_month_ends_with_a_shorter_month():
    assert origin.add_months(date(2024, 1, 31), 1) == date(2024, 2, 29)
    assert origin.add_months(date(2024, 2, 29), 12) == date(2025, 2, 28)
    assert origin.add_months(date(2024, 11, 30), 3) == date(2025, 2, 28)


def test_working_days_skip_the_weekend():
    assert origin.add_working_days(date(2025, 11, 14), 3) == date(2025, 11, 19)  # Friday + 3 → Wednesday


@pytest.mark.parametrize(("co", "expected"), [
    (CO, []),
    (edited(CO, invoice_date="2025-11-13"), [
        "The invoice (13/11/2025) is dated after the departure (12/11/2025)",
        "The certificate of origin (12/11/2025) is dated before its invoice (13/11/2025)"]),
    (edited(CO, issue_date="2025-11-18"), [
        "The certificate of origin was issued on 18/11/2025, more than 3 working days after departure "
        "(12/11/2025), and is not marked Issued Retroactively"]),
    (edited(CO, issue_date="2025-11-18", issued_retroactively=True), []),
    (edited(CO, issue_date="2025-11-17"), []),  # Wed + 3 working days = Mon 17
    (edited(CO, issue_date="2025-11-21", issued_retroactively=True),
     ["The certificate of origin is dated in the future (21/11/2025)"]),
])
def test_dates_in_order(co, expected):
    findings = origin.co_date_order(shipment(*replaced(co)), CONTEXT)
    assert [f.message["en"] for f in findings] == expected
    assert {(f.rule, f.severity) for f in findings} <= {("CO_VALIDITY", "medium")}


@pytest.mark.parametrize(("criterion", "hs", "expected"), [
    ("WO", ["040210"], []),
    ("PE", ["851712"], []),
    ("RVC 40%", ["851712"], []),
    ("40%", ["851712"], []),
    ("CTH", ["851712"], []),
    ("XYZ", ["040210"], ["Unknown origin criterion XYZ: needs officer review"]),
    ("RVC 35%", ["851712"], ["Regional value content RVC 35% is below the 40% the agreement requires"]),
    ("WO", ["851712"], ["Origin criterion WO (wholly obtained) on manufactured goods of chapter 85"]),
])
def test_origin_criterion(criterion, hs, expected):
    co = edited(CO, origin_criterion=criterion, hs_codes=hs, items=None)
    findings = origin.co_origin_criterion(shipment(co), CONTEXT)
    assert [f.message["en"] for f in findings] == expected
    assert all(f.evidence["origin_criterion"] == criterion for f in findings)


@pytest.mark.parametrize(("papers", "expected"), [
    (PAPERS, []),
    (replaced(edited(CO, importing_country="CN")),
     ["The certificate of origin names CN as importing country, not Vietnam"]),
    (replaced(edited(CO, issuing_country="Japan")), [
        "A Form E issued in JP, which is not an ACFTA Party",
        "The invoice was issued in CN but the certificate comes from JP and Third Party Invoicing is not ticked"]),
    (replaced(edited(CO, issuing_country="VN", reference_number="VN-CN 25/02/00005"),
              edited(INVOICE, seller_address="Đồng Đăng, Lạng Sơn, Việt Nam")), []),
    (replaced(edited(CO, issuing_country="VN", reference_number="VN-CN 25/02/0005"),
              edited(INVOICE, seller_address=None)),
     ["Reference number VN-CN 25/02/0005 does not have the VN-XX YY/NN/NNNNN shape of a Vietnamese certificate"]),
    (replaced(edited(INVOICE, seller_address="Room 8, Nathan Road, Kowloon, Hong Kong")),
     ["The invoice was issued in HK but the certificate comes from CN and Third Party Invoicing is not ticked"]),
    (replaced(edited(INVOICE, seller_address="Room 8, Nathan Road, Kowloon, Hong Kong"),
              edited(CO, third_party_invoicing=True)), []),
])
def test_countries_reference_and_third_party_invoicing(papers, expected):
    findings = origin.co_parties_and_countries(shipment(*papers), CONTEXT)
    assert [(f.rule, f.message["en"]) for f in findings] == [("CO_VALIDITY", e) for e in expected]


def save_certificate(db, inspection: str, reference: str, doc_type: str = "co") -> None:
    """An inspection saved earlier, as its projection tables hold it."""
    db["inspections"].insert({"uuid": inspection, "gate": "HUU_NGHI", "direction": "import", "plates": "[]",
                              "officer": "lan", "started_utc": "2025-11-01T02:00:00+00:00",
                              "local_date": "2025-11-01"})
    document = {"doc_type": doc_type, "fields": {"reference_number": {"value": reference, "confidence": 0.9,
                                                                      "box": [0, 0, 1, 1]}}}
    db["photos"].insert({"sha256": inspection * 2, "inspection": inspection, "filename": "co.jpg",
                         "media_type": "image/jpeg", "bytes": 1, "width": 1, "height": 1,
                         "added_utc": "2025-11-01T02:01:00+00:00", "codes": "[]", "document": json.dumps(document)})


def test_a_certificate_number_used_by_an_earlier_inspection(memdb):
    save_certificate(memdb, "earlier", "E 2545 0100 1234")
    save_certificate(memdb, "invoice-only", "E254501001234", doc_type="invoice")
    findings = origin.co_reused(shipment(CO), Context(memdb))
    assert [(f.rule, f.severity, f.message["en"]) for f in findings] == [
        ("CO_REUSED", "high", "Certificate of origin E254501001234 was already presented in 1 earlier inspection(s)")]
    assert {k: v for k, v in findings[0].evidence.items() if k != "readings"} == {
        "reference_number": "E254501001234", "inspections": [{"inspection": "earlier", "gate": "HUU_NGHI",
                                                              "date": "2025-11-01"}]}
    assert [r["value"] for r in findings[0].evidence["readings"]] == ["E254501001234"]


def test_a_certificate_number_read_unsurely_is_a_note_to_compare(memdb):
    save_certificate(memdb, "earlier", "E254501001234")
    [note] = origin.co_reused(shipment(unsure(CO, "reference_number")), Context(memdb))
    assert (note.severity, note.evidence["unsure"]) == ("low", True)
    assert note.message["en"].startswith("Confirm by hand (read unsurely): ")


def test_an_origin_read_unsurely_makes_a_foreign_prefix_a_note():
    korean = (code("8801234567893"),)
    surely = shipment(*PAPERS, codes=korean)
    assert [f.severity for f in origin.gs1_prefix_origin(surely, CONTEXT)] == ["medium"]
    papers = replaced(unsure(INVOICE, "origin_country"), unsure(CO, "issuing_country"),
                      unsure(DECLARATION, "origin_country"))
    assert [f.severity for f in origin.gs1_prefix_origin(shipment(*papers, codes=korean), CONTEXT)] == ["low"]
    # The origin the officer typed is sure, whatever the papers' reading.
    typed = shipment(*papers, codes=korean, declared_origin="CN")
    assert [f.severity for f in origin.gs1_prefix_origin(typed, CONTEXT)] == ["medium"]
    assert origin.gs1_prefix_origin(shipment(*PAPERS, codes=(code(CN_MILK),)), CONTEXT) == []


def test_a_certificate_is_not_reused_by_its_own_inspection_or_by_another_number(memdb):
    save_certificate(memdb, "this-one", "E254501001234")
    save_certificate(memdb, "other", "E254501009999")
    assert origin.co_reused(shipment(CO, inspection_id="this-one"), Context(memdb)) == []
    assert origin.co_reused(shipment(CO), Context(None)) == []

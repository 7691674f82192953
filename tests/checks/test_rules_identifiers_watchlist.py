"""Check digits of every identifier, and screening of every party, plate, ID, product and certificate."""
from __future__ import annotations

import pytest
from babel.support import NullTranslations

from checkpoint import i18n, watchlist
from checkpoint.checks import Context, identifiers
from checkpoint.checks import watchlist as watchlist_checks
from tests.checks.shipments import CO, DECLARATION, INVOICE, code, edited, shipment

CONTEXT = Context(None)


@pytest.mark.parametrize(("ship", "expected"), [
    (shipment(container="CSQU3054383"), []),
    (shipment(container="CSQU3054384"), [("container", "CSQU3054384")]),
    (shipment(INVOICE, DECLARATION), []),
    (shipment(edited(INVOICE, buyer_tax_code="0100233480")), [("tax_code", "0100233480")]),
    (shipment(edited(DECLARATION, importer_tax_code="0314409058-000")), [("tax_code", "0314409058-000")]),
    (shipment(edited(INVOICE, buyer_tax_code="020095001234")), []),  # an individual's CCCD as tax code
    (shipment(codes=(code("]d201089345880122281727123110LOT1", "DataMatrix"),)), []),
    (shipment(codes=(code("]d201089345880122291727123110LOT1", "DataMatrix"),)),
     [("gs1", "]d201089345880122291727123110LOT1")]),
    (shipment(codes=(code("020095001234|123456789|Hoàng Văn A|15061996|Nam|Đồng Đăng|10052021", "QRCode"),)),
     [("cccd", "020095001234|123456789|Hoàng Văn A|15061996|Nam|Đồng Đăng|10052021")]),
])
def test_every_identifier_is_checked(ship, expected):
    findings = [f for check in (identifiers.container_number, identifiers.decoded_payloads,
                                identifiers.paper_tax_codes) for f in check(ship, CONTEXT)]
    assert [(f.evidence["kind"], f.evidence["value"]) for f in findings] == expected
    assert all((f.rule, f.severity) == ("CHECK_DIGIT_INVALID", "medium") for f in findings)


@pytest.mark.parametrize(("ship", "en"), [
    (shipment(edited(INVOICE, buyer_tax_code="0100233480")),
     "The tax code 0100233480 fails its check: the check digit should be 8"),
    (shipment(codes=(code("8934588012229"),)), "The GTIN 8934588012229 fails its check: the check digit should be 8"),
    (shipment(codes=(code("01234564", "UPCE"),)), "The GTIN 01234564 fails its check: the check digit should be 5"),
    (shipment(container="CSQU3054384"), "The container number CSQU3054384 fails its check"),
    (shipment(codes=(code("]d201089345880122291727123110LOT1", "DataMatrix"),)),
     "The GS1 code ]d201089345880122291727123110LOT1 fails its check"),
])
def test_the_message_names_the_identifier_and_the_expected_check_digit(ship, en):
    [found] = [f for check in (identifiers.container_number, identifiers.decoded_payloads,
                               identifiers.paper_tax_codes) for f in check(ship, CONTEXT)]
    assert found.message["en"] == en


def test_the_message_is_all_catalog_text(monkeypatch):
    # Every word comes from the catalog (the identifier's name too), never a library's English reason.
    class Marked(NullTranslations):
        def gettext(self, message: str) -> str:
            return f"«{message}»"

    monkeypatch.setattr(i18n, "catalog", lambda lang: Marked())
    [found] = identifiers.paper_tax_codes(shipment(edited(INVOICE, buyer_tax_code="0100233480")), CONTEXT)
    assert found.message["vi"] == "«The «tax code» 0100233480 fails its check: the check digit should be 8»"
    assert (found.rule, found.evidence) == ("CHECK_DIGIT_INVALID", {
        "kind": "tax_code", "value": "0100233480",
        "readings": [{"paper": "invoice", "field": "buyer_tax_code", "value": "0100233480", "confidence": 0.95,
                      "sure": True, "box": [0, 0, 10, 10]}]})


LIST = """kind,name,tax_code,plate,gtin,id_number,co_reference,note,batch
company,CÔNG TY TNHH THƯƠNG MẠI HOÀNG LONG,0100109106,,,,,smuggling 2025,
company,东兴市金龙进出口有限公司,,,,,,,
vehicle,,,桂A·12345,,,,,
product,,,,8934588012228,,,counterfeit batch,LOT1
person,HOÀNG VĂN A,,,,020095001234,,,
document,,,,,,E254501001234,,
"""


@pytest.fixture
def listed(memdb):
    report = watchlist.import_text(memdb, LIST, "hq-2025-11", source="test.csv")
    assert report.rejected == ()
    return memdb


def matches(ship, db) -> list[tuple[str, str, str]]:
    return [(f.evidence["matched_on"], f.evidence["entry"]["kind"], f.evidence["source"])
            for f in watchlist_checks.watchlist_match(ship, Context(db))]


@pytest.mark.parametrize(("ship", "expected"), [
    (shipment(edited(INVOICE, buyer_name="CTY TNHH TM HOANG LONG", buyer_tax_code=None, seller_name=None)),
     [("name", "company", "invoice.buyer_name")]),
    (shipment(edited(DECLARATION, importer_tax_code="0100109106", importer_name=None, exporter_name=None)),
     [("tax_code", "company", "declaration.importer_tax_code")]),
    (shipment(edited(CO, exporter_name="Dongxing Jinlong Import Export Co., Ltd.", consignee_name=None,
                     reference_number=None)), [("name", "company", "co.exporter_name")]),
    (shipment(plates=("桂A12345",)), [("plate", "vehicle", "plate")]),
    (shipment(codes=(code("]d201089345880122281727123110LOT1", "DataMatrix"),)),
     [("gtin", "product", "code DataMatrix")]),
    (shipment(codes=(code("020095001234|123456789|Hoàng Văn A|15061995|Nam|Đồng Đăng|10052021", "QRCode"),)),
     [("id_number", "person", "code QRCode"), ("name", "person", "code QRCode")]),
    (shipment(CO), [("co_reference", "document", "co.reference_number")]),
    (shipment(edited(CO, reference_number="e 2545 0100 1234")), [("co_reference", "document", "co.reference_number")]),
])
def test_a_listed_party_vehicle_person_product_or_certificate_is_found(listed, ship, expected):
    assert matches(ship, listed) == expected


@pytest.mark.parametrize("ship", [
    shipment(INVOICE, DECLARATION),  # Minh Anh shares only THƯƠNG MẠI with Hoàng Long; Pingxiang Hongyun unlisted
    shipment(plates=("桂A12346", "12C-123.45")),
    shipment(codes=(code("]d201089345880122281727123110LOT2", "DataMatrix"),)),  # another batch
    shipment(codes=(code("8936036020021"),)),
    shipment(edited(CO, reference_number="E254501001235", exporter_name="DONGXING FRUIT CO., LTD")),
])
def test_what_is_not_listed_is_not_found(listed, ship):
    assert matches(ship, listed) == []


def test_the_evidence_names_the_entry_score_and_reasons(listed):
    ship = shipment(edited(INVOICE, buyer_name="CTY TNHH TM HOANG LONG", buyer_tax_code=None, seller_name=None))
    [found] = watchlist_checks.watchlist_match(ship, Context(listed))
    assert (found.rule, found.severity) == ("WATCHLIST_MATCH", "high")
    assert found.evidence["list"] == "hq-2025-11"
    assert found.evidence["entry"]["name"] == "CÔNG TY TNHH THƯƠNG MẠI HOÀNG LONG"
    assert found.evidence["entry"]["note"] == "smuggling 2025"
    assert found.evidence["score"] == 1.0 and found.evidence["value"] == "CTY TNHH TM HOANG LONG"
    assert [r["en"] for r in found.evidence["reasons"]] == ["diacritics removed", "TM = THƯƠNG MẠI"]
    assert found.message["en"] == ("CTY TNHH TM HOANG LONG matches an entry of watchlist hq-2025-11 "
                                   "(company, score 1.00)")


def test_without_a_database_nothing_is_screened():
    assert watchlist_checks.watchlist_match(shipment(CO), CONTEXT) == []

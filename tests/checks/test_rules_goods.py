"""Goods: expiry from GS1 AI 17, focus goods and prohibited goods by HS code and by vi/en/zh keywords."""
from __future__ import annotations

from datetime import date

import pytest

from checkpoint.checks import Context, goods
from tests.checks.shipments import CO, INVOICE, code, edited, shipment, unsure

CONTEXT = Context(None)


def datamatrix(expiry: str, batch: str = "B-77") -> str:
    return f"]d20108934588012228 17{expiry}10{batch}".replace(" ", "")


@pytest.mark.parametrize(("expiry", "expected"), [
    ("250630", "2025-06-30"),
    ("251000", "2025-10-31"),  # day 00: the last day of the month
    ("251119", "2025-11-19"),
    ("251120", None),          # expires on the day of the inspection: still usable that day
    ("251100", None),
    ("271231", None),
])
def test_an_expired_product_is_reported_with_its_batch(expiry, expected):
    findings = goods.product_expiry(shipment(codes=(code(datamatrix(expiry), "DataMatrix"),)), CONTEXT)
    if expected is None:
        assert findings == []
        return
    assert [(f.rule, f.severity, f.message["en"]) for f in findings] == [
        ("PRODUCT_EXPIRED", "high", f"Product 08934588012228 expired on {date.fromisoformat(expected):%d/%m/%Y}")]
    assert findings[0].evidence == {"gtin": "08934588012228", "batch": "B-77", "expiry": expected,
                                    "code": datamatrix(expiry)}


def test_a_plain_ean_has_no_expiry():
    assert goods.product_expiry(shipment(codes=(code("8934588012228"),)), CONTEXT) == []


@pytest.mark.parametrize(("text", "today", "expected"), [
    ("271231", date(2025, 11, 20), date(2027, 12, 31)),
    ("991231", date(2025, 11, 20), date(1999, 12, 31)),   # more than 50 years ahead: last century
    ("750101", date(2025, 11, 20), date(2075, 1, 1)),     # 50 years ahead: this century
    ("760101", date(2025, 11, 20), date(1976, 1, 1)),     # 51 years ahead: the last one
    ("240200", date(2025, 11, 20), date(2024, 2, 29)),
    ("251301", date(2025, 11, 20), None),
    ("250231", date(2025, 11, 20), None),
    ("2512", date(2025, 11, 20), None),
])
def test_gs1_dates(text, today, expected):
    assert goods.gs1_date(text, today) == expected


def goods_paper(description: str, hs_code: str = "") -> object:
    return edited(INVOICE, hs_codes=None, items=[{"description": description, "hs_code": hs_code, "quantity": 1,
                                                  "unit": "pcs", "unit_price": 1.0, "amount": 1.0}])


@pytest.mark.parametrize(("papers", "declared", "groups"), [
    ((goods_paper("Whole milk powder", "04021041"),), "", ["milk"]),
    ((goods_paper("Hàng hóa", "04021041"),), "", ["milk"]),
    ((), "Sữa bột nguyên kem", ["milk"]),
    ((goods_paper("Infant formula stage 1", "19011020"),), "", ["infant_formula"]),
    ((), "婴儿配方奶粉", ["milk", "infant_formula"]),
    ((goods_paper("Amoxicillin 500 mg", "30042010"),), "", ["medicines"]),
    ((), "Thực phẩm chức năng bổ gan", ["supplements"]),
    ((goods_paper("Frozen chicken feet", "02071400"),), "", ["food"]),
    ((), "冻品 鸡爪", ["food"]),
    ((goods_paper("Máy bơm nước", "84137011"),), "Đồ dùng cá nhân", []),
    ((), "Sữa tắm dưỡng ẩm", []),  # shower gel is not milk
])
def test_focus_goods_by_hs_code_and_keyword(papers, declared, groups):
    findings = goods.focus_goods(shipment(*papers, declared_goods=declared), CONTEXT)
    assert sorted(f.evidence["group"] for f in findings) == sorted(groups)
    assert all((f.rule, f.severity) == ("FOCUS_GOODS", "info") for f in findings)


def test_focus_goods_say_why():
    findings = goods.focus_goods(shipment(goods_paper("Whole milk powder", "04021041")), CONTEXT)
    assert findings[0].evidence == {"group": "milk", "hs_codes": ["040210"], "keywords": ["milk", "milk powder"]}
    assert findings[0].message["en"] == "Focus goods of the campaign (Milk and dairy products): physical check advised"


@pytest.mark.parametrize(("papers", "declared", "categories"), [
    ((goods_paper("Assorted items", "36041000"),), "", ["fireworks"]),
    ((), "Pháo hoa các loại", ["fireworks"]),
    ((), "烟花 鞭炮", ["fireworks"]),
    ((), "Thuốc lá điện tử và tinh dầu", ["e-cigarettes and heated tobacco"]),
    ((), "Quần áo đã qua sử dụng", ["used consumer goods"]),
    ((), "Second-hand refrigerators", ["used consumer goods"]),
    ((), "Ô tô tay lái nghịch", ["right-hand-drive vehicles"]),
    ((), "Quần áo mới, giày dép", []),
    ((goods_paper("Marine distress flares", "36049000"),), "", []),
])
def test_prohibited_goods(papers, declared, categories):
    findings = goods.prohibited_goods(shipment(*papers, declared_goods=declared), CONTEXT)
    assert [f.evidence["category"] for f in findings] == categories
    assert all((f.rule, f.severity) == ("PROHIBITED_GOODS", "high") for f in findings)


def test_the_lists_are_data_with_their_source():
    for filename, column in (("hs_focus.csv", "group"), ("prohibited.csv", "category")):
        lists = goods.goods_lists(filename, column)
        assert lists and all(g.keywords for g in lists)


@pytest.mark.parametrize("description", ["0810.90 LED TELEVISION SETS 43 INCH", "LED TELEVISION SETS HS CODE: 081090"])
def test_an_hs_code_printed_in_the_description_cell_is_read_there(description):
    co = edited(CO, items=[{"item_number": 1, "description": description, "quantity": 581, "unit": "SET"}])
    [finding] = goods.declared_goods_hs(shipment(co), Context(None))
    assert (finding.severity, finding.evidence["hs_code"]) == ("medium", "081090")
    assert [f.severity for f in goods.declared_goods_hs(shipment(unsure(co, "items")), Context(None))] == ["low"]
    assert goods.declared_goods_hs(shipment(edited(co, items=[{"description": "LED TELEVISION SETS 158400 PCS"}])),
                                   Context(None)) == []


@pytest.mark.parametrize(("description", "hs_code", "flagged"), [
    ("Smartphones", "08109099", True),                             # a keyword's English plural names its group
    ("Car tyres 205/55R16", "85171300", True),                      # tyres of a car are no telephone
    ("Lốp xe ô tô 205/55R16 (Car tyres 205/55R16)", "40111000", False),
    ("Car batteries 12V", "85071000", False),                       # a vehicle's electrical part is in Ch. 85
    ("Cá nhân dụng cụ", "85171300", False),                         # 'cá' (fish) is not in 'cá nhân', nor pluralised
])
def test_declared_goods_against_their_hs_code(description, hs_code, flagged):
    invoice = edited(INVOICE, items=[{"description": description, "hs_code": hs_code, "quantity": 1, "unit": "PCS"}])
    findings = goods.declared_goods_hs(shipment(invoice), Context(None))
    assert [f.severity for f in findings] == (["medium"] if flagged else [])

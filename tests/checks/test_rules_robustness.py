"""No input makes a rule raise, and a rule that raises anyway costs only itself (RULE_FAILED)."""
from __future__ import annotations

import string
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import zxingcpp
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

import ocr
import scanners
from checkpoint import checks
from checkpoint.checks import Context, documents, goods
from checkpoint.models import Finding, Shipment
from tests.checks.shipments import DAY, INVOICE, code, edited, shipment

CONTEXT = Context(None)
# Characters str.isdigit() accepts that are not ASCII digits: int() refuses the superscripts.
UNICODE_DIGITS = "⁴²³¹⁰₅٣３０۴१"
texts = st.text() | st.text(alphabet=string.digits + UNICODE_DIGITS + "./-% <", max_size=12)
values = st.recursive(texts | st.integers() | st.floats() | st.booleans() | st.none(),
                      lambda inner: st.lists(inner, max_size=3) | st.dictionaries(
                          st.sampled_from(["description", "hs_code", "quantity", "unit", "amount",
                                           "origin_criterion"]), inner, max_size=6), max_leaves=8)
FIELDS = ["invoice_number", "invoice_date", "seller_name", "seller_address", "buyer_name", "buyer_tax_code",
          "currency", "total_amount", "origin_country", "hs_codes", "items", "gross_weight_kg", "form",
          "reference_number", "issue_date", "exporter_name", "consignee_name", "departure_date", "origin_criterion",
          "issuing_country", "importing_country", "third_party_invoicing", "issued_retroactively",
          "declaration_date", "importer_tax_code", "importer_name", "total_value"]


@dataclass(frozen=True)
class AnyPayload:
    """A payload as any decoder (or an older stored record) might give it: contract keys, unchecked values."""
    shape: dict[str, Any]
    kind: str = "gs1"
    valid: bool = True
    errors: tuple[str, ...] = field(default=())

    def as_dict(self) -> dict[str, Any]:
        return {"kind": self.kind, **self.shape}


def symbol(payload: scanners.Payload, text: str = "x") -> scanners.Symbol:
    return scanners.Symbol("QRCode", text, text.encode(), ((0, 0), (1, 0), (1, 1), (0, 1)), payload)


payloads = st.builds(AnyPayload, st.fixed_dictionaries({}, optional={
    "elements": st.dictionaries(st.sampled_from(["01", "10", "17", "15", "21"]), texts, max_size=4),
    "gtin": texts, "prefix_country": texts, "surname": texts, "given_names": texts}),
    st.sampled_from(["gs1", "gs1_digital_link", "gtin", "mrz", "cccd"]), st.booleans())
papers = st.builds(lambda doc_type, fields: ocr.Document(doc_type, ("vie",), {
    k: ocr.Field(v, 0.9, (0, 0, 1, 1)) for k, v in fields.items()}, "", 0.1),
    st.sampled_from(["invoice", "packing_list", "co", "declaration"]),
    st.dictionaries(st.sampled_from(FIELDS), values, max_size=8))


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(codes=st.lists(payloads.map(symbol) | texts.map(lambda t: code(t, "QRCode")), max_size=3),
       documents=st.lists(papers, max_size=3), container=texts, origin=texts, goods_text=texts)
@example(codes=[symbol(AnyPayload({"elements": {"01": "08934588012228", "10": "AB", "17": "⁴⁴1231"}},
                                  "gs1_digital_link", False))], documents=[], container="", origin="", goods_text="")
@example(codes=[], documents=[edited(INVOICE, hs_codes=8471.3, items="1 carton", origin_criterion=40)], container="",
         origin="", goods_text="")
def test_no_rule_raises_on_any_payload_or_paper(codes: list[scanners.Symbol], documents: list[ocr.Document],
                                                container: str, origin: str, goods_text: str) -> None:
    ship = Shipment(inspection_date=DAY, codes=tuple(codes), documents=tuple(documents), container=container,
                    declared_origin=origin, declared_goods=goods_text)
    assert [f.evidence for f in checks.run(ship, CONTEXT) if f.rule == "RULE_FAILED"] == []


def test_a_crafted_qr_is_a_finding_not_a_crash() -> None:
    text = "https://id.gs1.org/01/08934588012228/10/AB?17=⁴⁴1231"
    image = np.asarray(zxingcpp.create_barcode(text, zxingcpp.BarcodeFormat.QRCode).to_image(scale=4))
    found = checks.run(Shipment(inspection_date=DAY, codes=tuple(scanners.decode(image))), CONTEXT)
    assert [(f.rule, f.evidence) for f in found] == [
        ("CHECK_DIGIT_INVALID", {"kind": "gs1_digital_link", "value": text})]


@given(text=texts)
@example(text="⁴⁴1231")
def test_gs1_date_reads_only_six_ascii_digits(text: str) -> None:
    found = goods.gs1_date(text, DAY)
    assert found is None or (len(text) == 6 and text.isascii() and text.isdigit())


def test_hs_codes_are_read_in_ascii_digits() -> None:
    # Full-width digits typed with a Chinese keyboard are the same code; other scripts' digits are not read.
    paper = edited(INVOICE, hs_codes=["８４７１.３０", "٣٣٣٣٣٣", "0402.21"], items=None)
    assert documents.hs6(paper) == {"847130", "040221"}


def test_a_rule_that_raises_costs_only_itself(monkeypatch) -> None:
    def broken(_shipment: Shipment, _context: Context) -> list[Finding]:
        raise ValueError("invalid literal for int() with base 10: '⁴'")

    ship = shipment(edited(INVOICE, buyer_tax_code="0100233480"))
    expected = checks.run(ship, CONTEXT)
    monkeypatch.setattr(checks, "RULES", [broken, *checks.RULES])
    failed, *others = checks.run(ship, CONTEXT)
    assert others == expected and expected
    assert (failed.rule, failed.severity, failed.evidence) == (
        "RULE_FAILED", "medium",
        {"check": "test_rules_robustness.broken", "error": "ValueError: invalid literal for int() with base 10: '⁴'"})
    assert failed.message["en"] == "The check test_rules_robustness.broken could not run: do it by hand"

"""Screening reaches every party on every paper, the names the extractor missed, and names dressed in
look-alike letters (Cyrillic, Greek, digits for letters)."""
from __future__ import annotations

import time

import pytest
from hypothesis import given
from hypothesis import strategies as st

import ocr
from checkpoint import watchlist
from checkpoint.checks import Context
from checkpoint.checks import watchlist as watchlist_checks
from checkpoint.watchlist import screening
from tests.checks.shipments import paper, shipment

LIST = """kind,name,tax_code,plate,gtin,id_number,co_reference,note
company,CÔNG TY TNHH THƯƠNG MẠI HOÀNG LONG,0100109106,,,,,
company,东兴市金龙进出口有限公司,,,,,,
company,PHAM VAN CUONG TRANSPORT,,,,,,
vehicle,,,12C-123.45,,,,
"""
LATIN = "ABCEHIKMOPTXY"
TWINS = {"A": "АΑ", "B": "ВΒ", "C": "С", "E": "ЕΕ", "H": "НΗ", "I": "ІΙ", "K": "КΚ", "M": "МΜ", "O": "ОΟ",
         "P": "РΡ", "T": "ТΤ", "X": "ХΧ", "Y": "УΥ"}


@pytest.fixture
def listed(memdb):
    watchlist.import_text(memdb, LIST, "hq", source="test.csv")
    return memdb


def sources(ship, db) -> list[str]:
    return sorted(f.evidence["source"] for f in watchlist_checks.watchlist_match(ship, Context(db)))


@pytest.mark.parametrize(("ship", "expected"), [
    # Cyrillic О, Н, А and Greek Ο in place of Latin letters.
    (shipment(paper("invoice", buyer_name="CÔNG TY TNHH THƯƠNG MẠI НОÀNG LΟNG")), ["invoice.buyer_name"]),
    # O for zero and I for one in a tax code.
    (shipment(paper("declaration", importer_tax_code="O1OO1O91O6")), ["declaration.importer_tax_code"]),
    # A party the canonical names do not list: the declarant, the carrier.
    (shipment(paper("declaration", declarant_name="Công ty TNHH TM Hoàng Long")), ["declaration.declarant_name"]),
    (shipment(paper("co", carrier_name="Pham Van Cuong Transport")), ["co.carrier_name"]),
    # The Hanzi twin of a name printed in two scripts.
    (shipment(paper("invoice", seller_name="GOLDEN DRAGON CO", seller_name_zh="东兴市金龙进出口有限公司")),
     ["invoice.seller_name_zh"]),
    # A plate printed on the declaration.
    (shipment(paper("declaration", plate="12C12345")), ["declaration.plate"]),
])
def test_every_party_and_identifier_on_every_paper(listed, ship, expected):
    assert sources(ship, listed) == expected


def test_a_company_line_the_extractor_missed_is_screened_with_its_line(listed):
    text = "HÓA ĐƠN THƯƠNG MẠI\nNgười mua (Buyer): CTY TNHH TM HOANG LONG\nSố 12 Lê Lợi, Lạng Sơn\n"
    document = ocr.Document("invoice", ("vie",), {}, text, 0.1)
    [found] = watchlist_checks.watchlist_match(shipment(document), Context(listed))
    assert (found.severity, found.evidence["source"], found.evidence["value"], found.evidence["unsure"]) == (
        "high", "invoice.text", "CTY TNHH TM HOANG LONG", True)


def test_a_screened_line_carries_its_box_as_a_reading_read_unsurely(listed):
    """ocr.Document.lines gives each line of the text its box: the hit quotes it as a field reading is quoted,
    so that the page shows the line's crop; a line is never vouched for, and the message says so."""
    text = "HÓA ĐƠN THƯƠNG MẠI\nNgười mua (Buyer): CTY TNHH TM HOANG LONG\nSố 12 Lê Lợi, Lạng Sơn"
    lines = tuple(ocr.Line(t, (10, 40 * n, 300, 30), 0.8 + n / 100) for n, t in enumerate(text.split("\n")))
    document = ocr.Document("invoice", ("vie",), {}, text, 0.1, lines)
    [found] = watchlist_checks.watchlist_match(shipment(document), Context(listed))
    assert (found.severity, found.evidence["unsure"]) == ("high", True)
    assert found.evidence["readings"] == [{"paper": "invoice", "field": "text", "value": "CTY TNHH TM HOANG LONG",
                                           "confidence": 0.81, "sure": False, "box": [10, 40, 300, 30]}]
    assert found.message["en"] == ("CTY TNHH TM HOANG LONG matches an entry of watchlist hq (company, score 1.00);"
                                   " it was read unsurely: compare it with the paper")


def test_lines_that_are_not_the_texts_lines_give_no_box(listed):
    document = ocr.Document("invoice", ("vie",), {}, "CTY TNHH TM HOANG LONG", 0.1,
                            (ocr.Line("another text", (1, 2, 3, 4), 0.9),))
    [found] = watchlist_checks.watchlist_match(shipment(document), Context(listed))
    assert (found.severity, found.evidence["readings"], found.evidence["unsure"]) == ("high", [], True)


def test_screening_a_page_of_company_lines_is_bounded(listed):
    """A list of 5,000 suppliers printed on one page: a bounded number of lines is screened, in bounded time."""
    text = "\n".join(f"CÔNG TY TNHH SỐ {n} {chr(65 + n % 26)}{chr(65 + n // 26 % 26)} MINH" for n in range(5000))
    document = ocr.Document("invoice", ("vie",), {}, text, 0.1)
    assert len(list(watchlist_checks.text_lines(document, set()))) == watchlist_checks.TEXT_LINES_PER_PAPER
    started = time.perf_counter()
    watchlist_checks.watchlist_match(shipment(document), Context(listed))
    assert time.perf_counter() - started < 5.0  # about 0.1 s on the tablet-class test machine


def test_a_line_without_a_legal_form_is_not_screened(listed):
    document = ocr.Document("invoice", ("vie",), {}, "Hoang Long\nTổng cộng: 1.000 USD", 0.1)
    assert watchlist_checks.watchlist_match(shipment(document), Context(listed)) == []


@given(st.text(alphabet=LATIN + " ", min_size=1, max_size=30), st.randoms())
def test_look_alike_letters_fold_to_the_latin_ones(text, rng):
    spoofed = "".join(rng.choice(TWINS[c]) if c in TWINS and rng.random() < 0.5 else c for c in text)
    assert screening.fold(spoofed) == screening.fold(text)


@given(st.text())
def test_latinise_is_idempotent_and_keeps_the_length(text):
    once = screening.latinise(text)
    assert screening.latinise(once) == once and len(once) == len(text)


def test_a_russian_word_keeps_its_letters():
    assert screening.latinise("Москва") == "Москва"


@given(st.from_regex(r"[0-9]{10}", fullmatch=True))
def test_a_tax_code_with_o_for_zero_is_the_same_tax_code(digits):
    assert screening.normalise_tax_code(digits.replace("0", "O").replace("1", "I")) == digits

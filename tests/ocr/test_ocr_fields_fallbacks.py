"""What the field side still finds where a label was misread past recognition: packages and weights by
their units, an invoice number alone in the header, the buyer's tax code by the column its party heads, a
certificate's declaration date and route; each left unsure for the officer. Hanzi names are never sure."""
from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from ocr.classify import classify
from ocr.document import Field
from ocr.engine import Word
from ocr.fields import co, declaration, invoice, packing_list
from ocr.fields.common import DATE, Hit, date_field, hits
from ocr.fields.labelled import is_label
from ocr.layout import Line
from ocr.sure import mark_sure, threshold

from .test_ocr_fields import line

weights = st.decimals(min_value=Decimal("10.0"), max_value=Decimal("99999.9"), places=1)


def grouped(amount: Decimal) -> str:
    return f"{amount:,.1f}"


def misread_labels(*values: str) -> list[Line]:
    """A packing list's header, two item rows, and totals under labels no pattern knows."""
    return [line("PACKING LIST", y=0), line("1 Fresh durian 1,200 KG 120 1,100.0 1,210.0", y=40),
            line("2 Dried longan 800 KG 80 700.0 790.0", y=70),
            *(line(f"Tital pkgs ; {value}", y=120 + 30 * i) for i, value in enumerate(values))]


@settings(max_examples=40, deadline=None)
@given(st.integers(1, 99999), weights, weights)
def test_packages_and_weights_by_their_units_the_heavier_the_gross_and_unsure(count, one, other):
    assume(one != other)
    lines = misread_labels(f"{count} CTNS", f"{grouped(one)} KGS", f"{grouped(other)} KGS")
    fields = mark_sure(packing_list.extract(lines))
    assert fields["packages"].value == count
    assert Decimal(str(fields["gross_weight_kg"].value)) == max(one, other)
    assert Decimal(str(fields["net_weight_kg"].value)) == min(one, other)
    assert not any(fields[name].sure for name in ("packages", "gross_weight_kg", "net_weight_kg"))


def test_an_item_rows_packages_are_not_the_total():
    lines = [line("PACKING LIST"), line("1 Fresh durian 120 CARTONS 1,100.0", y=40)]
    assert "packages" not in packing_list.extract(lines)


def test_weights_that_contradict_a_labelled_one_are_not_taken():
    # The last two weights are 6,000 and 5,500: the labelled gross is not the heavier, so neither is taken.
    lines = [*misread_labels("5,000.0 KGS", "6,000.0 KGS"), line("Gross weight: 5,500.0 KGS", y=300)]
    fields = packing_list.extract(lines)
    assert fields["gross_weight_kg"].value == 5500 and "net_weight_kg" not in fields


def header(number: str, date_line: str = "Nov 19, 2024") -> list[Line]:
    """A header whose number's label was misread, the date in the cell under it, then the items."""
    return [line("PACKING LIST", y=0), line("%4 HO / Iiwøicø Muinlier", y=40, x=600), line(number, y=70, x=600),
            line("Ngay lập / Dated", y=100, x=600), line(date_line, y=130, x=600),
            line("1 Fresh durian 120 CARTONS 1,100.0", y=200)]


@settings(max_examples=40, deadline=None)
@given(st.from_regex(r"(?:[A-Z]{2,3}-?)?[0-9]{6,10}(?:-[0-9]{2})?", fullmatch=True))
def test_an_invoice_number_alone_in_the_header_near_a_date_is_found_unsure(number):
    found = mark_sure(packing_list.extract(header(number)))["invoice_number"]
    assert found.value == number and not found.sure


@pytest.mark.parametrize("lone", ["MSKU1234565", "12/03/2024", "1,100.0"])
def test_a_container_a_date_or_an_amount_alone_is_no_invoice_number(lone):
    assert "invoice_number" not in packing_list.extract(header(lone))


def test_a_number_far_from_any_date_is_no_invoice_number():
    assert "invoice_number" not in packing_list.extract(header("2024114652", date_line="Goods as follows"))


def at(text: str, x: int, y: int) -> list[Word]:
    words, left = [], x
    for token in text.split():
        words.append(Word(token, 0.95, (left, y, 12 * len(token), 20), (1, x, y)))
        left += 12 * len(token) + 12
    return words


# Each example reads a whole invoice's fields: fewer examples keep the test in seconds.
@settings(max_examples=20, deadline=None)
@given(st.from_regex(r"0[1-9][0-9]{8}", fullmatch=True), st.from_regex(r"91[0-9]{6}[A-Z0-9]{10}", fullmatch=True))
def test_the_buyers_tax_code_is_the_one_its_label_heads_beside_the_sellers(seller_code, buyer_code):
    # Two parties side by side: the seller's block on the left, the buyer's label misread on its line.
    lines = [Line(tuple(at("Sold by - CÔNG TY TNHH AN PHÁT", 100, 200) + at("Consignee - HET) 8VCM", 700, 200)), -1),
             Line(tuple(at("Mã số thuế: " + seller_code, 100, 240)), -1),
             Line(tuple(at("Tax ID - 纳税人识别号" + buyer_code, 700, 280)), -1)]
    assert invoice.extract(lines)["buyer_tax_code"].value == buyer_code


@settings(max_examples=30, deadline=None)
@given(st.dates().filter(lambda d: d.year >= 2000), st.sampled_from(["BANGKOK", "GUANGZHOU", "HA NOI"]))
def test_a_certificates_declaration_date_closes_its_box(day, place):
    printed = day.strftime("%d.%m.%Y")
    lines = [line("11. Declaration by the exporter", y=0, cell=7), line("The undersigned hereby declares", y=30, cell=7),
             line(f"{place}, {printed}", y=300, cell=7), line("12. Certification", y=0, cell=8),
             line(f"{place}, 31.12.2099", y=300, cell=8)]
    assert co.extract(lines)["signature_date"].value == day.isoformat()


def test_without_its_box_the_first_of_two_placed_dates_is_the_declarations_unsure():
    lines = [line("FORM E"), line("PENANG, 12-10-2025", y=30), line("PENANG, 14-10-2025", y=60)]
    found = mark_sure(co.extract(lines))["signature_date"]
    assert found.value == "2025-10-12" and not found.sure


@pytest.mark.parametrize(("printed", "expected"), [
    (["BY TRUCK FROM SHUIKOU, CHINA TO TAN THANH BORDER", "GATE, LẠNG SON, VIET NAM", "5. For official use"],
     "BY TRUCK FROM SHUIKOU, CHINA TO TAN THANH BORDER GATE, LANG SON, VIET NAM"),
    (["BY TRUCK FROM HUU NGHI BORDER GATE, LANG SON, VIET NAM TO", "PINGXIANG, CHINA", "DALAT FRUIT CO"],
     "BY TRUCK FROM HUU NGHI BORDER GATE, LANG SON, VIET NAM TO PINGXIANG, CHINA"),
    (["Vessel's name/Aircraft etc.: BY TRUCK", "BY TRUCK FROM DONGXING, CHINA TO CHI MA", "Departure 12.01.2025"],
     "BY TRUCK FROM DONGXING, CHINA TO CHI MA"),
])
def test_a_certificates_route_is_joined_over_its_lines_to_its_destination(printed, expected):
    lines = [line(text, y=25 * i, x=10) for i, text in enumerate(printed)]
    assert co.extract(lines)["transport_route"].value == expected


@settings(max_examples=30, deadline=None)
@given(st.integers(1, 999), st.integers(0, 999), st.integers(0, 99), st.sampled_from([".", ","]))
def test_a_total_whose_decimal_mark_was_misread_as_its_thousands_mark_is_read_unsure(high, low, cents, mark):
    printed = f"{high}{mark}{low:03d}{mark}{cents:02d}"
    lines = [line("TỜ KHAI HÀNG HÓA NHẬP KHẨU"), line(f"15. Tổng trị giá hóa A - CIF - USD - {printed}", y=30)]
    found = mark_sure(declaration.extract(lines))["total_value"]
    assert Decimal(str(found.value)) == Decimal(f"{high}{low:03d}.{cents:02d}") and not found.sure


@pytest.mark.parametrize("name", ["seller_name_zh", "buyer_name_zh", "exporter_name_zh", "consignee_name_zh"])
def test_a_hanzi_name_is_never_sure(name):
    assert threshold(name) > 1
    assert not mark_sure({name: Field("广西东兴锦华乳业有限公司", 1.0, (0, 0, 1, 1))})[name].sure


@pytest.mark.parametrize(("text", "kind"), [
    ("DRIGINAL\nhtere E24400526144165\nFORNE", "co"),                      # a certificate's number, Form E
    ("TOTAL FOB VALUE: USD 1,000.00\nFORM D - CONTINUATION SHEET", "co"),
    ("SIMS SOL PACKINGS\nNet wt. 34,000.0", "packing_list"),
    ("ORIGINAL\nAmount", "unknown"),                                      # one of each kind: not told
])
def test_a_page_is_told_by_its_misread_cues(text, kind):
    assert classify(text) == kind


@pytest.mark.parametrize(("printed", "expected", "sure"), [
    (["Terms of delivery: DAP HUU NGHI"], "DAP", True),
    (["CÔNG TY TNHH THÀNH ĐẠT", "Terms of delivery: FCA DONG DANG"], "FCA", True),
    (["CÔNG TY TNHH THÀNH ĐẠT", "Price: CIF HAI PHONG"], "CIF", False),   # no terms label: for the officer
    (["CÔNG TY TNHH THÀNH ĐẠT"], None, False),                           # a name's word is no term
])
def test_an_incoterm_is_latin_and_sure_only_on_its_terms_line(printed, expected, sure):
    fields = mark_sure(invoice.extract([line(text, y=30 * i, confidence=0.99) for i, text in enumerate(printed)]))
    found = fields.get("incoterm")
    assert (found.value if found else None) == expected
    assert bool(found and found.sure) == sure


@pytest.mark.parametrize(("code", "sure"), [("CN", True), ("TH", True), ("TD", False)])
def test_an_origin_code_outside_the_borders_partners_is_left_unsure(code, sure):
    lines = [line("TỜ KHAI HÀNG HÓA NHẬP KHẨU"), line(f"Nước xuất xứ: {code}", y=30, confidence=0.99)]
    found = mark_sure(declaration.extract(lines))["origin_country"]
    assert found.value == code and found.sure == sure


def test_two_names_side_by_side_under_a_row_of_labels_go_each_to_its_own():
    # A draft declaration's row: each name starts under its label, a wide gap between the two cells.
    labels = Line(tuple(at("7. Người nhập khẩu - Tên", 37, 335) + at("8. Người xuất khẩu - Tên", 495, 335)
                        + at("9. Mã nước", 990, 335)), 1)
    names = Line(tuple(at("DOANH NGHIỆP TƯ NHÂN PHƯƠNG ĐÔNG", 42, 357) + at("YUNNAN HEKOU SHUNDA FOOD CO., LTD.", 500, 357)
                       + at("CN", 995, 357)), 1)
    fields = declaration.extract([line("TỜ KHAI HÀNG HÓA NHẬP KHẨU"), labels, names])
    assert fields["importer_name"].value == "DOANH NGHIỆP TƯ NHÂN PHƯƠNG ĐÔNG"
    assert fields["exporter_name"].value == "YUNNAN HEKOU SHUNDA FOOD CO., LTD."


@pytest.mark.parametrize("text", ["Hop dong s6 (Contract)", "Invoice No. (Hóa", "Loại tién"])
def test_a_label_misread_or_cut_is_still_a_label(text):
    assert is_label(text)


@pytest.mark.parametrize("text", ["CÔNG TY ABC (VIỆT NAM", "(VIỆT NAM)", "CÔNG TY TNHH THÀNH ĐẠT"])
def test_a_name_with_a_bracket_is_no_label(text):
    assert not is_label(text)


@pytest.mark.parametrize(("printed", "expected"), [
    ("Grand USD 396,305.43", 396305.43),                  # "Grand total:" split over two cells
    ("Tổng gia crị / To.al amount CNY 157.056,24", 157056.24),
    ("Cộng hàng / 205.726,46", 205726.46),                # "Cộng tiền hàng", a word lost
    ("(Tổng giá | USD 219,416.68", 219416.68),
])
def test_a_total_under_a_misread_label(printed, expected):
    lines = [line("COMMERCIAL INVOICE"), line("1 Fresh durian 100 KG 2.00 200.00", y=30), line(printed, y=60)]
    assert invoice.extract(lines)["total_amount"].value == expected


def test_a_weight_after_tong_is_no_total():
    lines = [line("COMMERCIAL INVOICE"), line("Tổng trọng lượng: 5,000.00 KGS", y=30)]
    assert "total_amount" not in invoice.extract(lines)


@given(st.dates().filter(lambda d: d.year >= 2000), st.integers(0, 99))
def test_a_date_after_an_amounts_cents_is_the_date(day, cents):
    printed = f"USD 212,800.{cents:02d} {day.strftime('%b')} {day.day}, {day.year}"
    found = [hit.raw for hit in hits([line(printed)], rf"(?P<v>{DATE})")]
    assert len(found) == 1 and date_field(Hit(line(printed), printed.index(found[0]),
                                             printed.index(found[0]) + len(found[0]))).value == day.isoformat()

"""Which values the reader may call sure, and the label geometry that finds them: a date glued to a number,
a total read short, a total or a list of codes agreeing with the page's item rows, each party's address,
and the next box's label after a name."""
from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ocr.document import Field
from ocr.engine import Word
from ocr.fields import co, declaration, invoice, packing_list
from ocr.fields.common import Hit, hs_codes_field, item_rows, summed, whole
from ocr.fields.invoice import is_address, party_addresses
from ocr.fields.labelled import name_hit
from ocr.fields.references import fix_invoice_number
from ocr.layout import Line
from ocr.sure import mark_sure

from .test_ocr_fields import line

# Extraction runs every rule of a paper, slower than one parser alone on a loaded machine.
EXTRACTING = settings(deadline=None, max_examples=40)
numbers = st.from_regex(r"(?:INV-20[0-9]{2}-[0-9]{3,4}|CI[0-9]{4}-[0-9]{4}|[0-9]{10}|GX[0-9]{8})", fullmatch=True)
days = st.dates(date(2000, 1, 1), date(2099, 12, 31))


@given(numbers, days, st.sampled_from(["%Y-%m-%d", "%d.%m.%Y", "%d/%m/%Y", "%Y/%m/%d"]), st.sampled_from(["", "-"]))
def test_a_date_glued_to_an_invoice_number_in_any_order_of_its_parts_is_cut_off(number, day, shape, joiner):
    assert fix_invoice_number(number + joiner + day.strftime(shape)) == number


@EXTRACTING
@given(numbers, days)
def test_an_invoice_number_with_a_date_glued_to_it_is_never_sure(number, day):
    lines = [line("COMMERCIAL INVOICE"), line(f"Invoice No.: {number}{day.isoformat()}", y=30, confidence=0.99)]
    found = mark_sure(invoice.extract(lines))["invoice_number"]
    assert found.value == number and not found.sure


@EXTRACTING
@given(st.lists(st.decimals(min_value=Decimal("100.00"), max_value=Decimal("99999.99"), places=2),
                min_size=2, max_size=5))
def test_a_total_read_shorter_than_a_line_amount_is_never_sure(amounts):
    rows = [line(f"{i + 1} Goods 1,000 PCS {amount:,.2f}", y=60 + 30 * i, confidence=0.99)
            for i, amount in enumerate(amounts)]
    lines = [line("COMMERCIAL INVOICE"), *rows, line("TOTAL AMOUNT: USD 1", y=60 + 30 * len(amounts), confidence=0.99)]
    found = mark_sure(invoice.extract(lines))["total_amount"]
    assert found.value == 1 and not found.sure


def column(figures: list[str], x: int = 600, top: int = 60) -> list:
    return [line(figure, y=top + 30 * i, x=x, confidence=0.75) for i, figure in enumerate(figures)]


@EXTRACTING
@given(st.lists(st.decimals(min_value=Decimal("1.00"), max_value=Decimal("99999.99"), places=2), min_size=1,
                max_size=6))
def test_a_total_equal_to_the_amounts_above_it_in_its_column_is_sure_though_read_unsurely(amounts):
    total = sum(amounts)
    lines = [*column([f"{a:,.2f}" for a in amounts]), line(f"{total:,.2f}", y=60 + 30 * len(amounts), x=600,
                                                                confidence=0.75)]
    hit_line = lines[-1]
    field = Field(float(total), 0.75, hit_line.box)
    assert summed(field, Hit(hit_line, 0, len(hit_line.text)), lines).sure
    # One amount misread: no agreement, the total stays as unsure as its words.
    wrong = Field(float(total + 1), 0.75, hit_line.box)
    assert not summed(wrong, Hit(hit_line, 0, len(hit_line.text)), lines).sure


def test_a_declarations_total_agreeing_with_its_goods_rows_is_sure():
    lines = [line("TỜ KHAI HÀNG HÓA NHẬP KHẨU"),
             line("Tổng trị giá hóa đơn: A - DAP - USD - 43.413,40", y=30, confidence=0.75),
             line("Mã số hàng Mô tả hàng hóa Số lượng Trị giá", y=60),
             line("20098999 Fruit juice drinks 1.742 CTN 13.413,40 VN", y=90),
             line("07032090 Fresh garlic 26.360 KG 30.000,00 VN", y=120)]
    found = mark_sure(declaration.extract(lines))["total_value"]
    assert found.value == 43413.4 and found.sure


@pytest.mark.parametrize(("rows", "sure"), [(2, True), (3, False)])
def test_a_list_of_codes_is_sure_only_as_long_as_the_item_rows(rows, sure):
    printed = ["0810.60.00 Fresh durian 12,540 KG 47,652.00", "2009.89.99 Fruit juice 1,982 CTN 23,565.98",
               "Fresh pears 1,000 KG 2,000.00"][:rows]
    lines = [line(text, y=30 * i, confidence=0.95) for i, text in enumerate(printed)]
    assert item_rows(lines) == rows
    found = hs_codes_field(lines)
    assert found is not None and found.value == ["08106000", "20098999"] and found.sure == sure


@EXTRACTING
@given(st.sampled_from(["Address", "Địa chỉ", "Đ/c - Add.", "ĐỊA CHỈ / ADDRESS"]),
       st.sampled_from(["Số 288 đường Lê Lợi, phường Đông Kinh, thành phố Lạng Sơn",
                        "No. 113 Minzu Avenue, Pingxiang City, Guangxi, China"]))
def test_each_party_has_its_address_whether_beside_or_under_its_label(label, address):
    seller, buyer = "No. 160 Jianshe Road, Dongxing City, Guangxi", address
    beside = [line("Seller: GUANGXI DONGXING SHUNDA FOOD CO., LTD."), line(f"{label}: {seller}", y=30),
              line("Buyer: CÔNG TY TNHH ĐỒNG ĐĂNG", y=60), line(f"{label}: {buyer}", y=90)]
    under = [line("Seller: GUANGXI DONGXING SHUNDA FOOD CO., LTD."), line(f"{label}:", y=30), line(seller, y=55),
             line("Buyer: CÔNG TY TNHH ĐỒNG ĐĂNG", y=90), line(f"{label}:", y=120), line(buyer, y=145),
             line("Terms of delivery:", y=120, x=900)]
    for lines in (beside, under):
        found = {role: field.value for role, field in party_addresses(lines).items()}
        assert found == {"seller": seller, "buyer": buyer}


@pytest.mark.parametrize(("text", "address"), [
    ("Số 288 đường Lê Lợi, phường Đông Kinh", True),
    ("No. 80 Youyi Avenue, Dongguan", True),
    ("Ngày hóa đơn: 12/07/2023", False),            # the next label with its value
    ("统一社会信用代码 1200332244", False),             # a tax code's label and figures
    ("Lạng Sơn", False),
])
def test_an_address_is_words_with_a_figure_or_comma_opening_with_no_label(text, address):
    assert is_address(text) == address


@EXTRACTING
@given(st.sampled_from(["DOANH NGHIỆP TƯ NHÂN THÀNH ĐẠT", "YUNNAN HEKOU HENGXIN IMPORT & EXPORT TRADING CO., LTD."]),
       st.integers(9, 19), st.sampled_from(["Ngày phát hành: 25/05/2024", "Tổng trị giá hóa đơn: A - FOB",
                                             "Số hóa đơn: PX240525-25"]))
def test_a_name_ends_where_the_next_numbered_box_of_the_form_begins(name, box, label):
    text = f"{name} {box}. {label}"
    hit = name_hit(whole(line(text)))
    assert hit is not None and hit.raw == name


@pytest.mark.parametrize("title", ["ELECTRONIC INVOICE", "HÓA ĐƠN GIÁ TRỊ GIA TĂNG", "PACKING LIST"])
def test_a_papers_title_is_never_a_name(title):
    assert name_hit(whole(line(title))) is None


@pytest.mark.parametrize("printed", ["6X24098741", "C12409-0654"])
def test_an_invoice_number_whose_letters_and_digits_blur_at_its_start_is_never_sure(printed):
    lines = [line("COMMERCIAL INVOICE"), line(f"Invoice No.: {printed}", y=30, confidence=0.99)]
    assert not mark_sure(invoice.extract(lines))["invoice_number"].sure


@pytest.mark.parametrize(("net", "sure"), [("71,862.8", True), ("1,862.8", False), ("75,000.0", False)])
def test_a_net_weight_is_sure_only_below_the_gross_and_above_half_of_it(net, sure):
    lines = [line("PACKING LIST"), line("Total gross weight: 74,110.0 KGS", y=30, confidence=0.99),
             line(f"Total net weight: {net} KGS", y=60, confidence=0.99)]
    fields = mark_sure(packing_list.extract(lines))
    assert fields["net_weight_kg"].sure == sure and fields["gross_weight_kg"].sure == sure


def test_a_country_under_its_label_is_read_past_a_stray_mark_after_the_label():
    lines = [line("FORM E"), line("Issued in ‘", y=30, x=980), line("VIET NAM", y=60, x=975),
             line("(Country)", y=90, x=990)]
    assert co.extract(lines)["issuing_country"].value == "VIET NAM"


def test_a_code_wrapped_under_its_label_past_the_rows_other_columns_is_read():
    lines = [line("2 N/M 316 ROLLS OF PRINTED WOVEN COTTON FABRIC HS CODE: PE 31,600.00 M"),
             line("520852 USD 51,824.00", y=25, x=220)]
    assert hs_codes_field(lines).value == ["520852"]


def test_a_company_labelled_as_such_under_the_sellers_name_is_the_buyer_where_no_buyer_label_was_read():
    lines = [line("HÓA ĐƠN GIÁ TRỊ GIA TĂNG"), line("Đơn vị bán hàng (Seller): CÔNG TY TNHH DƯỢC PHẨM VŨ GIA", y=30),
             line("Mã số thuế (Tax code): 9819074836", y=60),
             line("Tên đơn vị (Company name): DONGGUAN HONGYUN FOOD CO., LTD.", y=90)]
    fields = mark_sure(invoice.extract(lines))
    assert fields["seller_name"].value == "CÔNG TY TNHH DƯỢC PHẨM VŨ GIA"
    assert fields["buyer_name"].value == "DONGGUAN HONGYUN FOOD CO., LTD." and not fields["buyer_name"].sure


def test_a_tall_hanzi_name_under_its_label_is_read_with_its_romanised_line():
    label = line("Bên mua:", y=468)
    hanzi = Line((Word("广西东兴锦华乳业有限公司", 0.9, (75, 473, 268, 52), (1, 1, 9)),), 0)
    lines = [line("INVOICE"), line("Buyer", y=448), label, hanzi,
             line("GUANGXI DONGXING JINHUA DAIRY CO., LTD.", y=523, x=76)]
    fields = invoice.extract(lines)
    assert fields["buyer_name"].value == "GUANGXI DONGXING JINHUA DAIRY CO., LTD."
    assert fields["buyer_name_zh"].value == "广西东兴锦华乳业有限公司"


@pytest.mark.parametrize("mark", ["—", "|", "- -"])
def test_marks_without_letters_under_a_name_do_not_continue_it(mark):
    lines = [line("Seller:", y=300, x=72), line("CÔNG TY TNHH NÔNG SẢN THIÊN PHÚC", y=325, x=80),
             line(mark, y=350, x=75), line("Số 151 đường Quang Trung, phường Trần Phú", y=375, x=81)]
    assert invoice.extract(lines)["seller_name"].value == "CÔNG TY TNHH NÔNG SẢN THIÊN PHÚC"


def test_an_address_under_its_label_is_taken_before_another_partys_beside_it():
    lines = [line("Vendor", y=239, x=152), line("YIWU HONGFA AGRICULTURAL PRODUCTS CO., LTD.", y=277, x=156),
             line("Addr.", y=321, x=152), line("No. 32 Xingning Road, Yiwu, Zhejiang, China", y=345, x=157),
             line("Buyer", y=239, x=656), line("Địa chỉ", y=289, x=656),
             line("Số 27 đường Hùng Vương, phường Lê Chân, thành phố Hải Phòng", y=318, x=657)]
    found = {role: field.value for role, field in party_addresses(lines).items()}
    assert found["seller"] == "No. 32 Xingning Road, Yiwu, Zhejiang, China"

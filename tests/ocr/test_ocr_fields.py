"""Extraction rules on lines built from words: position fixes, validation lowering confidence, classify,
and the reading order of ruled boxes."""
from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ocr import classify
from ocr.classify import certificate_form
from ocr.engine import Word
from ocr.fields import co, invoice
from ocr.fields.references import fix_invoice_number, invoice_number, reference_number
from ocr.layout import Line, reading_order
from ocr.preprocess import Cell


def line(text: str, y: int = 0, confidence: float = 0.95, cell: int = -1, x: int = 0) -> Line:
    words = []
    for token in text.split():
        words.append(Word(token, confidence, (x, y, 12 * len(token), 20), (1, 1, y)))
        x += 12 * len(token) + 12
    return Line(tuple(words), cell)


@pytest.mark.parametrize(("printed", "expected"), [
    ("INV-2O25-118", "INV-2025-118"),
    ("lNV/2023/3735", "INV/2023/3735"),
    ("PX25O1-3S74", "PX2501-3574"),
    ("DD-24O4O2-8374", "DD-240402-8374"),
    ("CI2502-0654", "CI2502-0654"),
    ("invoice_number_1", "invoice_number_1"),   # printed in lower case: kept so
    ("EXP/25/3592DATED", "EXP/25/3592"),         # the next label glued on
    ("GX2406481405.06.2024", "GX24064814"),      # the date glued on
])
def test_invoice_numbers_keep_letters_in_front_and_digits_behind(printed, expected):
    assert fix_invoice_number(printed) == expected


@pytest.mark.parametrize(("printed", "expected", "trusted"), [
    ("Reference No. E25451971489694", "E25451971489694", True),
    ("Reference No. £2545197I489694", "E25451971489694", False),   # fixed: a little less sure
    ("Reference No. VN-CN 25/02/00005", "VN-CN 25/02/00005", True),
    ("Reference No. VN-CN 25/O2/0OOO5", "VN-CN 25/02/00005", False),
    ("Reference No. VN-CN 25/02/0005", "VN-CN 25/02/0005", False),  # a digit short: cannot be right
])
def test_reference_numbers_follow_domain_formats(printed, expected, trusted):
    field = reference_number([line(printed)])
    assert field.value == expected
    assert (field.confidence == 0.95) is trusted


@pytest.mark.parametrize(("printed", "expected", "valid"), [
    ('"RVC 40%"', "RVC 40%", True),
    ('"RVC40%"', "RVC 40%", True),
    ('"WO"', "WO", True),
    ('"PSR"', "PSR", True),
    ('"RVC 35%"', "RVC 35%", False),   # below the 40 % ACFTA threshold: a misread or not origin
    ('"CTSH"', "CTSH", False),         # not a Form E code (DOMAIN.md §1.1.2): needs an officer
])
def test_origin_criteria_are_checked_against_the_form_e_list(printed, expected, valid):
    field = co.criterion(co.first([line(f"1 NO MARKS 10 BAGS OF APPLES {printed} 500 KG")], co.CRITERION))
    assert field.value == expected
    assert (field.confidence > 0.9) is valid


def test_hs_codes_of_odd_length_lower_confidence():
    good = co.hs_codes_field([line("HS CODE: 0810.90.40"), line("HS CODE: 0808.10")])
    odd = co.hs_codes_field([line("HS CODE: 0810.90.40"), line("HS CODE: 0808")])
    assert good.value == ["08109040", "080810"] and good.confidence > 0.9
    assert odd.value == ["08109040", "0808"] and odd.confidence < 0.5


@pytest.mark.parametrize(("text", "doc_type", "form"), [
    ("ASEAN-CHINA FREE TRADE AREA PREFERENTIAL TARIFF CERTIFICATE OF ORIGIN FORM E", "co", "E"),
    ("ATIGA CERTIFICATE OF ORIGIN FORM D", "co", "D"),
    ("RCEP CERTIFICATE OF ORIGIN", "co", "RCEP"),
    ("原产地证书 FORM E", "co", "E"),
    ("TỜ KHAI HÀNG HÓA NHẬP KHẨU (THÔNG QUAN)\nSố tờ khai 105123456780", "declaration", None),
    ("PACKING LIST\nInvoice No.: INV-1", "packing_list", None),
    ("PHIẾU ĐÓNG GÓI", "packing_list", None),
    ("装箱单", "packing_list", None),
    ("COMMERCIAL INVOICE", "invoice", None),
    ("HOA DON THUONG MAI", "invoice", None),
    ("商业发票", "invoice", None),
    ("Passport  P<UTOERIKSSON<<ANNA", "unknown", None),
])
def test_classification_by_title_in_three_languages(text, doc_type, form):
    assert classify(text) == doc_type
    assert certificate_form(text) == form


def test_boxes_keep_their_lines_together_and_a_table_reads_across():
    # Two boxes side by side (left box taller), then a three-column table row below.
    cells = [Cell((0, 0, 300, 200)), Cell((310, 0, 300, 100)), Cell((0, 210, 200, 100)),
             Cell((205, 210, 200, 100)), Cell((410, 210, 200, 100))]

    def word(text: str, x: int, y: int, block: int) -> Word:
        return Word(text, 0.9, (x, y, 40, 20), (block, 1, 1))

    words = [word("Right", 320, 10, 1), word("Left1", 10, 10, 2), word("Left2", 10, 50, 3),
             word("qty2", 210, 260, 4), word("item1", 10, 220, 5), word("qty1", 210, 220, 6),
             word("value1", 420, 220, 7), word("item2", 10, 260, 8), word("value2", 420, 260, 9)]
    assert [ln.text for ln in reading_order(words, cells)] == [
        "Left1", "Left2", "Right", "item1 qty1 value1", "item2 qty2 value2"]


def test_two_columns_of_prose_beside_a_framed_picture_read_column_by_column():
    # A magazine page: tesseract's two column blocks, a ruled picture frame across the gutter, a caption.
    def column(x: int, block: int, name: str) -> list[Word]:
        return [Word(f"{name}{row}w{k}", 0.9, (x + 60 * k, 20 + 30 * row, 50, 20), (block, 1, row))
                for row in range(8) for k in range(5)]

    caption = [Word("Caption", 0.9, (330, 150, 80, 20), (9, 1, 1))]
    words = column(0, 1, "L") + column(460, 2, "R") + caption
    lines = [ln.text for ln in reading_order(words, [Cell((300, 100, 140, 120))])]
    left = [i for i, text in enumerate(lines) if text.startswith("L")]
    right = [i for i, text in enumerate(lines) if text.startswith("R")]
    assert not any(text.startswith("L") and " R" in text for text in lines)
    assert max(left) < min(right)


@pytest.mark.parametrize(("printed", "expected"), [
    (["HOSE PUMP C88351#", "KE23-33-53 - 12/120", "24-03-18 18:10 SH01 ZJ86"], "2018-03-24"),  # a code first
    (["TOTAL AMOUNT DUE ON August 3 , 2014 $4.11"], "2014-08-03"),
    (["Date: 30 DEC 17"], "2017-12-30"),
])
def test_a_receipts_date_is_the_first_that_is_a_day(printed, expected):
    fields = invoice.extract([line(text, y=30 * i) for i, text in enumerate(printed)])
    assert fields["invoice_date"].value == expected


def test_chinese_words_are_joined_without_spaces():
    words = (Word("云南", 0.9, (0, 0, 40, 20), (1, 1, 1)), Word("河口", 0.9, (45, 0, 40, 20), (1, 1, 1)),
             Word("CO.,LTD", 0.9, (90, 0, 80, 20), (1, 1, 1)))
    assert Line(words, -1).text == "云南河口 CO.,LTD"
    assert Line(words, -1).span_words(2, 4) == (words[1],)


@pytest.mark.parametrize(("printed", "expected"), [
    ("Invoice No. (Số hóa đơn): CI241 1-4640 Date (Ngày): 15/11/2024", "CI2411-4640"),  # split by OCR
    ("Invoice No. 12345 05/03/2025", "12345"),                                          # the date stays out
    ("Số hóa đơn: INV/2023/3735", "INV/2023/3735"),
    ("Invoice No, PX-250115-945", "PX-250115-945"),
    ("Invoice # : OR18060402170527", "OR18060402170527"),
    ("Cash Inv No.: 7025F713", "7025F713"),
    ("Bill No: B-2291", "B-2291"),
    ("Receipt #: 10023", "10023"),
    ("Số chứng từ: CT-0042", "CT-0042"),
    ("Order ID: OD3041750960", "OD3041750960"),
    ("# invoice_number_1", "invoice_number_1"),       # a template's number sign under a big INVOICE title
    ("Document not valid without stamp 2024", None),  # a word starting like a label is none
    ("Số (No.): 00053422", "00053422"),               # a VAT invoice's bare number label
    ("Mã của CQT: 2B0E9D3A17DD Số: 00075202", "00075202"),
    ("No.INV-2023-1866", "INV-2023-1866"),
    ("Số HĐ (Invoice #): PX240416-54", "PX240416-54"),
    ("发票编号 - Invoice #: PX240416-54", "PX240416-54"),
    ("Hợp đồng số: 08/2024/HĐNT", None),               # a bare "số" of another paper
    ("Contract No.: SC-2024-118", None),
    ("No. 135 Jianshe Road, Dongguan", None),          # an address's house number
])
def test_invoice_numbers_after_their_label(printed, expected):
    field = invoice.own_number([line(printed)])
    assert (field and field.value) == expected


def test_the_invoices_own_number_beats_the_order_it_settles():
    lines = [line("Order ID: OD3041750960"), line("Order Date: 15-10-2015", y=30),
             line("Invoice No: 42-17", y=60)]
    assert invoice_number(lines).value == "42-17"
    # Alone, the order's number stands in, marked unsure for the officer to confirm.
    stand_in, own = invoice_number(lines[:2]), invoice_number(lines[2:])
    assert stand_in.value == "OD3041750960" and stand_in.confidence < 0.8 <= own.confidence


def columns(label: str, value: str) -> list[Line]:
    """A form's row of two labels, each over its value, the second column 300 pixels right; its value
    starts a little left of its label, as printed values do."""
    return [Line(line(label).words + line("Payment Mode", x=300).words, -1),
            Line(line(value, y=30).words + line("Cash at Hotel", y=30, x=296).words, -1)]


def test_an_invoice_number_under_its_label_is_read_from_the_labels_column():
    assert invoice_number(columns("Booking ID", "IBZY 2087")).value == "IBZY2087"


NUMBER_LABELS = st.sampled_from(["Invoice No.", "INVOICE NUMBER", "Invoice #", "Bill No", "Receipt No.",
                                 "Document No", "Order ID", "Booking ID", "Số hóa đơn", "发票号码"])
NUMBERS = st.builds(lambda head, sep, tail: head + (sep if head else "") + tail,
                    st.text("ABCDEFGHJKMNPRTUVWXY", max_size=4), st.sampled_from(["", "-", "/"]),
                    st.text("0123456789", min_size=4, max_size=10))


@settings(max_examples=300, deadline=None)
@given(label=NUMBER_LABELS, number=NUMBERS, column=st.booleans())
def test_an_invoice_number_is_read_after_or_under_any_label(label, number, column):
    printed = columns(label, number) if column else [line(f"{label}: {number} Date: 05/03/2025")]
    assert invoice_number(printed).value == number


@pytest.mark.parametrize(("printed", "expected"), [
    (["Subtotal 87.80", "10% Srv Chg 8.78", "Total: 102.39"], 102.39),          # a subtotal is not the total
    (["Total Amount: RM7.72", "Rounding: -RM0.02", "Nett Total: RM7.70"], 7.70),  # the rounded amount paid
    (["Total 0% supplies: 26.61", "Total Payable: 35.01"], 35.01),
    (["Total 1 278.61", "Grand Total 319.00"], 319),
    (["SUB TOTAL 10.00", "CHANGE DUE 0.00"], 10),                                  # no total read: the subtotal
    (["Total Sales RM 29. 70"], 29.70),                                            # OCR split the cents off
    (["TOTAL / TONG CONG: USD 158,403.42", "Total packages (Tổng số kiện): 275 BAGS"], 158403.42),
    (["Balance Due: $27.50", "Total: $127.50"], 127.50),                           # what remains, not the value
])
def test_the_total_is_the_amount_the_surest_label_names(printed, expected):
    fields = invoice.extract([line(text, y=30 * i) for i, text in enumerate(printed)])
    assert fields["total_amount"].value == expected


def test_a_total_label_ending_its_line_takes_the_amount_beside_it():
    lines = [line("1.90", y=0, x=560), line("Total Incl.", y=30), line("CASH", y=60),
             line("RM 12.30", y=32, x=520), line("RM 50.00", y=62, x=520)]
    assert invoice.extract(lines)["total_amount"].value == 12.30


LABELS = st.sampled_from(["Grand Total", "Nett Total", "Total Payable", "Amount Due", "Rounded Total",
                          "TOTAL AFTER ROUNDING", "Tổng tiền thanh toán"])
AMOUNTS = st.decimals(min_value=Decimal("0.01"), max_value=Decimal("9999999.99"), places=2)


@settings(max_examples=300, deadline=None)
@given(label=LABELS, payable=AMOUNTS, other=AMOUNTS, beside=st.booleans())
def test_the_payable_amount_wins_over_subtotals_and_plain_totals(label, payable, other, beside):
    printed = [line(f"Subtotal {other:,}"), line(f"Total {other:,}", y=30)]
    printed += [line(label, y=60), line(f"RM {payable:,}", y=60, x=600)] if beside else \
        [line(f"{label}: RM {payable:,}", y=60)]
    assert Decimal(str(invoice.extract(printed)["total_amount"].value)) == payable

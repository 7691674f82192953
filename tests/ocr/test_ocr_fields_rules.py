"""The layout rules that turn words into fields: a column's total row, bare codes under an HS heading, box 10
found from its date, bare invoice-number labels, certificate numbers by shape, names cut at their legal
form; and the benchmark's test of whether a value was read at all."""
from __future__ import annotations

import importlib.util
import sys
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st
from stdnum.cn import uscc
from stdnum.vn import mst

from ocr.classify import classify
from ocr.engine import Word
from ocr.fields import co, declaration, invoice, packing_list
from ocr.fields.common import Hit, column_codes, hs_codes
from ocr.fields.labelled import column_total, labelled, name_fields, name_hit
from ocr.fields.references import bare_invoice_number, fix_invoice_number, reference_field, reference_number
from ocr.layout import Line

from .test_ocr_fields import line


def load_bench() -> object:
    """bench/ocr.py as a module (its name would shadow the ocr package if bench/ were on the path)."""
    path = Path(__file__).resolve().parents[2] / "bench" / "ocr.py"
    spec = importlib.util.spec_from_file_location("bench_ocr", path)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules["bench_ocr"] = module
    spec.loader.exec_module(module)
    return module


# A whole paper's extraction per example: on a loaded machine that outlasts hypothesis's deadline.
EXTRACTING = settings(deadline=None)
amounts = st.decimals(min_value=Decimal("0.1"), max_value=Decimal("99999.9"), places=1)


def column(header: str, figures: list[str], x: int = 400) -> list:
    """A header cell over a column of figures, one line each, as a table prints them."""
    return [line(header, y=0, x=x)] + [line(f, y=30 * (i + 1), x=x) for i, f in enumerate(figures)]


@given(st.lists(amounts, min_size=2, max_size=6))
def test_a_column_under_a_total_label_gives_its_total_row_only_when_it_is_the_sum(items):
    total = sum(items)
    with_total = column("Total N.W.", [f"{a:.1f}" for a in [*items, total]])
    hit = labelled(with_total, r"total\s*n\.\s*w\.?", r"(?P<v>\d[\d.]*)", total=True)
    assert hit is not None and Decimal(hit.raw) == total
    # Without a total row the column's first item is not the total: nothing is given.
    assume(items[-1] != sum(items[:-1]))
    without = column("Total N.W.", [f"{a:.1f}" for a in items])
    assert labelled(without, r"total\s*n\.\s*w\.?", r"(?P<v>\d[\d.]*)", total=True) is None


@given(st.lists(st.integers(1, 9999), min_size=1, max_size=6))
def test_column_total_is_the_last_figure_only_when_it_is_the_sum_of_the_others(counts):
    hits = [Hit(line(str(c), y=30 * i), 0, len(str(c))) for i, c in enumerate(counts)]
    found = column_total(hits)
    assert found in (None, hits[-1])
    assert (found is hits[-1]) == (sum(counts[:-1]) == counts[-1])


def cells(row: list[tuple[int, str]], y: int) -> Line:
    """One printed line whose words stand at the given x positions (cells of a row)."""
    return Line(tuple(Word(text, 0.95, (x, y, 12 * len(text), 20), (1, 1, y)) for x, text in row), -1)


def test_packages_and_weights_under_a_header_row_of_labels():
    header = cells([(0, "Tổng"), (60, "số"), (96, "kiện:"), (300, "Khối"), (360, "lượng"), (432, "tịnh:"),
                    (600, "Trọng"), (672, "lượng"), (744, "cả"), (780, "bì:")], 0)
    values = cells([(0, "1695"), (60, "CARTONS"), (300, "12"), (336, "204.0"), (408, "kg"), (600, "13"),
                    (636, "395.2"), (708, "kg")], 30)
    fields = packing_list.extract([header, values])
    assert fields["packages"].value == 1695
    assert fields["net_weight_kg"].value == 12204.0
    assert fields["gross_weight_kg"].value == 13395.2


def test_a_total_worded_as_a_count_of_packages():
    fields = packing_list.extract([line("SAY TOTAL: 2632 PACKAGES ONLY")])
    assert fields["packages"].value == 2632


# Each example runs every code rule over the table: on a loaded machine that outlasts hypothesis's deadline.
@settings(deadline=None)
@given(st.from_regex(r"[0-9]{8}", fullmatch=True), st.integers(0, 4))
def test_bare_codes_in_the_column_an_hs_heading_heads(code, row):
    lines = [line("No. Goods HS Code Qty", y=0, x=0)]
    lines += [line(f"{i + 1} Fresh fruit {code} 100", y=30 * (i + 1), x=0) for i in range(row + 1)]
    lines.append(line("TOTAL 12345678", y=30 * (row + 3), x=0))
    found = [hit.raw for hit in column_codes(lines)]
    # Each row's code once, and nothing from the totals under the table.
    assert found == [code] * (row + 1)
    assert [c for c, _ in hs_codes(lines)] == [code] * (row + 1)


def test_a_certificates_invoice_number_of_digits_alone_stands_over_its_date():
    table = [line("1 N/M 229 CARTONS OF COLLAGEN JELLY 4,580 BOX", y=0, x=0), line("00041469", y=0, x=700),
             line("DRINK HS CODE: 2106.90", y=30, x=100), line("27.06.2023", y=30, x=700)]
    number, dated = co.box10(table)
    assert (number.value, dated.value) == ("00041469", "2023-06-27")


@pytest.mark.parametrize(("printed", "expected"), [
    ("Invoice No. and date: INV-2025-8252 17.10.2025", ("INV-2025-8252", "2025-10-17")),
])
def test_an_e_certificates_labelled_invoice_and_date(printed, expected):
    fields = co.extract([line(printed)])
    assert (fields["invoice_number"].value, fields["invoice_date"].value) == expected


@given(st.from_regex(r"[A-Z]{2,3}[0-9]{6,8}", fullmatch=True),
       st.dates(date(2000, 1, 1), date(2099, 12, 31)).map(lambda d: d.strftime("%d.%m.%Y")))
def test_a_date_glued_to_an_invoice_number_is_cut_off(number, day):
    assert fix_invoice_number(number + day) == number


@given(st.from_regex(r"[A-Z]{2}[0-9]{4}-[0-9]{2,4}", fullmatch=True),
       st.sampled_from(["Số", "No.", "Số (No.)"]), st.sampled_from(["Hợp đồng", "Contract", "Tờ khai", "Tel"]))
def test_a_bare_number_label_gives_the_invoice_number_unless_a_word_says_what_else_it_numbers(number, label, other):
    assert bare_invoice_number([line(f"{label}: {number}")]).value == number
    assert bare_invoice_number([line(f"{other} {label}: {number}")]) is None


@EXTRACTING
@given(st.one_of(
    st.from_regex(r"VN-CN [0-9]{2}/(02|06|08|36)/[0-9]{5}", fullmatch=True),
    st.from_regex(r"E[0-9]{15}", fullmatch=True),
    st.from_regex(r"R[KT]?[0-9]{13}", fullmatch=True),
    st.from_regex(r"(MY|TH|ID|PH)[0-9]{2}-(D|DT|BKK)-[0-9]{6}", fullmatch=True)))
def test_a_certificates_number_of_a_known_shape_is_found_with_or_without_its_label(reference):
    labelled_ = reference_number([line(f"Reference No. {reference}")])
    assert labelled_.value == reference and labelled_.confidence == 0.95
    misread = reference_number([line(f"Rderear So {reference} Page 2/3")])
    assert misread.value == reference and misread.confidence < labelled_.confidence


def test_form_d_numbers_open_with_an_asean_member():
    field = reference_field(labelled([line("Reference No. NY25-DT-565993")], r"reference\s*no", r"(?P<v>\S+)"))
    assert field.confidence < 0.5


@EXTRACTING
@given(st.sampled_from(["91532561M83T2CKTC6", "913100087QEYFH7B7C", "91310069E1YAHFN3LD"]))
def test_a_chinese_buyers_credit_code_is_its_tax_code(code):
    assert uscc.is_valid(code)
    fields = invoice.extract([line("Buyer: GUANGXI DONGXING FOOD CO., LTD."), line(f"Tax code: {code}", y=30)])
    assert fields["buyer_tax_code"].value == code
    assert fields["buyer_tax_code"].confidence == 0.95


@given(st.sampled_from(["RVC 40%", "40%", "RVC40%", "55 %", "WO", "CTH", "PE"]))
def test_a_criterion_is_canonical_and_stays_so(printed):
    code = co.criterion_code(printed)
    assert co.criterion_code(code) == code
    assert code in ("WO", "CTH", "PE") or code.startswith("RVC ")


@given(st.sampled_from(["SHENZHEN JINQIAO FOOD CO., LTD.", "PERMAI SDN. BHD.", "HANBIT CO., LTD."]),
       st.sampled_from(["INV-2024-8143", "15-02-2024", "MY", "CN", "2 %"]))
def test_a_name_ends_at_its_legal_form(name, after):
    hit = name_hit(labelled([line(f"Seller: {name} {after}")], "seller", name=True))
    assert hit is not None and hit.raw == name


def test_a_name_in_hanzi_alone_fills_its_twin_and_is_left_unsure():
    hit = labelled([line("卖方: 云南河口恒信食品有限公司")], "卖方", name=True)
    fields = name_fields("seller_name", hit, None)
    assert fields["seller_name_zh"].value == fields["seller_name"].value == "云南河口恒信食品有限公司"
    assert fields["seller_name"].confidence < fields["seller_name_zh"].confidence


BENCH = load_bench()


@given(st.from_regex(r"[0-9]{1,3}(,[0-9]{3}){0,2}\.[0-9]{2}", fullmatch=True), st.sampled_from([" ", "  ", "\n"]))
def test_the_bench_finds_a_printed_value_in_the_text_whatever_its_spacing(printed, space):
    spaced = printed.replace(",", "," + space) if space != " " else printed
    assert BENCH.in_text(printed, f"TOTAL: USD {spaced} only")  # type: ignore[attr-defined]
    assert not BENCH.in_text(printed, f"TOTAL: USD 9{printed}")  # type: ignore[attr-defined]
    assert not BENCH.in_text(None, "anything")  # type: ignore[attr-defined]


def valid_mst(body: str) -> str | None:
    """A Vietnamese tax code from its first nine digits, or None where no check digit fits (mod 11 = 10)."""
    try:
        return body + mst.calc_check_digit(body)
    except ValueError:
        return None


@EXTRACTING
@given(st.from_regex(r"[13][0-9]{11}", fullmatch=True), st.from_regex(r"[0-9]{9}", fullmatch=True),
       st.dates(date(2000, 1, 1), date(2099, 12, 31)))
def test_a_declaration_with_misread_labels_still_gives_its_own_values(number, body, day):
    code = valid_mst(body)
    assume(code is not None and mst.is_valid(code))
    lines = [line("TỜ KHAI HÀNG HÓA NHẬP KHẨU"), line(f"$0 to khai {number}", y=30),
             line(f"May dang kv {day:%d/%m/%Y} 15:20:11", y=60), line(f"Nguol hap kh {code}", y=90)]
    fields = declaration.extract(lines)
    assert fields["declaration_number"].value == number
    assert fields["declaration_date"].value == day.isoformat()
    assert fields["importer_tax_code"].value == code
    # Found without their labels, each is a little less sure than a labelled reading.
    assert all(fields[name].confidence < 0.95 for name in ("declaration_number", "declaration_date",
                                                           "importer_tax_code"))
    # On an export declaration the Vietnamese party is the exporter: no importer's code is guessed.
    exported = declaration.extract([line("TỜ KHAI HÀNG HÓA XUẤT KHẨU"), *lines[1:]])
    assert "importer_tax_code" not in exported


# Each example reads a packing list four times: on a loaded machine that outlasts hypothesis's deadline.
@settings(deadline=None)
@given(st.from_regex(r"[1-9][0-9]{0,2}(,[0-9]{3}){0,2}\.[0-9]", fullmatch=True), st.integers(10, 9999))
def test_a_figure_that_may_miss_a_digit_is_left_unsure(printed, count):
    whole = packing_list.extract([line(f"Net weight: {printed} KGS")])["net_weight_kg"]
    split = packing_list.extract([line(f"Net weight: {printed.replace('.', ' ')} KGS")])["net_weight_kg"]
    assert whole.confidence == 0.95 and split.confidence < 0.9
    counted = packing_list.extract([line(f"SAY TOTAL: {count} PACKAGES ONLY")])["packages"]
    glued = packing_list.extract([line(f"SAY TOTAL: ${count} PACKAGES ONLY")])["packages"]
    assert counted.confidence == 0.95 and glued.confidence < 0.9


@pytest.mark.parametrize(("printed", "expected"), [
    (["Consignee:", "YUNNAN HEKOU HENGXIN IMPORT", "& EXPORT TRADING CO., LTD.", "No. 12 Road"],
     "YUNNAN HEKOU HENGXIN IMPORT & EXPORT TRADING CO., LTD."),
    (["Consignee:", "CÔNG TY TNHH THƯƠNG MẠI VÀ DỊCH VỤ", "BẢO CHÂU", "Số 12 đường Lê Lợi"],
     "CÔNG TY TNHH THƯƠNG MẠI VÀ DỊCH VỤ BẢO CHÂU"),
    (["Consignee:", "CÔNG TY TNHH NÔNG SẢN THIÊN PHÚC", "VIET NAM"], "CÔNG TY TNHH NÔNG SẢN THIÊN PHÚC"),
    (["Consignee:", "CÔNG TY TNHH ĐẶNG KHÔI", "IMPORTING COUNTRY:"], "CÔNG TY TNHH ĐẶNG KHÔI"),
])
def test_a_wrapped_name_takes_the_words_under_it_in_its_cell_and_no_more(printed, expected):
    lines = [line(text, y=25 * i) for i, text in enumerate(printed)]
    assert co.extract(lines)["consignee_name"].value == expected


def test_a_certificates_issue_date_from_its_last_place_and_date_is_left_unsure():
    lines = [line("FORM D - CONTINUATION SHEET"), line("PENANG, 12-10-2025", y=30), line("BANGKOK, 2023-08-31", y=60)]
    issued = co.extract(lines)["issue_date"]
    assert issued.value == "2023-08-31" and issued.confidence < 0.8


@pytest.mark.parametrize(("printed", "codes"), [
    ("1 FRESH DURIAN HS CODE: WO 11,180 KG", ["081060"]),
    ("2 COTTON FABRIC HS CODE: 5208.52.00 § 1532.00 10/06/2024", ["52085200"]),
    ("3 PARACETAMOL 3004.90 USD 46 648.80", ["300490"]),
])
def test_a_certificates_six_digit_codes_are_not_its_amounts(printed, codes):
    table = [line("5. Item 7. Number and type of packages, description 8. Origin criterion", y=0),
             line(printed, y=30), line("0810.60 2023-12-20", y=60) if "DURIAN" in printed else line("N/M", y=60),
             line("TOTAL FOB VALUE: USD 1,000.00", y=90)]
    assert co.extract(table)["hs_codes"].value == codes


@pytest.mark.parametrize(("text", "kind"), [
    ("THONGTINTOKHAINHAPKHAU\nSo to khai 100811489871", "declaration"),
    ("TỜ KHAI NÀNG HÓA NHẬP KHẤU\nSố hóa đơn: INV-1", "declaration"),
    ("PACKING LI§T\nBen mua:", "packing_list"),
    ("1, Products consigned from (Exporter's business name)", "co"),
    ("TOTAL PKGS 净重 /总件数\n1 PLASTIC TOYS 44 176.00", "packing_list"),   # no title read: its labels
    ("Unit price Amount\n1 TOYS 2.00 400.00", "invoice"),
    ("Amount\n1 TOYS 2.00 400.00", "unknown"),                              # one label is not enough
])
def test_a_page_whose_title_was_misread_is_still_told_by_its_labels(text, kind):
    assert classify(text) == kind

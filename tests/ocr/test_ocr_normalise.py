"""Normalisation of printed values: tables of (printed, expected), and properties over many examples."""
from __future__ import annotations

import doctest
from datetime import date
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import ocr.normalise
from ocr.errors import NormaliseError
from ocr.normalise import fix_by_pattern, fold, number_value, parse_date, parse_hs_code, parse_number

MANY = settings(max_examples=1000, deadline=None)
JUNK = [None, "", " ", "😀", "²³", "١٢/٠٣/٢٠٢٥", "x" * 10_000, "12/13/2025", "31/02/2025", "1,2,3", "..", "-"]


@pytest.mark.parametrize(("printed", "expected"), [
    ("06/02/2023", date(2023, 2, 6)),
    ("6/2/2023", date(2023, 2, 6)),
    ("25-02-2025", date(2025, 2, 25)),
    ("25.02.2025", date(2025, 2, 25)),
    ("2025-03-05", date(2025, 3, 5)),
    ("20250305", date(2025, 3, 5)),
    ("2025年3月5日", date(2025, 3, 5)),
    ("2025 年 03 月 05 日", date(2025, 3, 5)),
    ("ngày 05 tháng 3 năm 2025", date(2025, 3, 5)),
    ("2O/1O/2O23", date(2023, 10, 20)),   # O read for 0
    ("l4/O5/2023", date(2023, 5, 14)),    # l read for 1
    ("29/02/2024", date(2024, 2, 29)),
    ("30 DEC 17", date(2017, 12, 30)),     # a receipt's day, month name and two-digit year
    ("12 Mar 2024", date(2024, 3, 12)),
    ("04 JUN 2018", date(2018, 6, 4)),
    ("March 12, 2024", date(2024, 3, 12)),
    ("Sept. 5, 2025", date(2025, 9, 5)),
    ("1st May 2024", date(2024, 5, 1)),
    ("5-Jan-25", date(2025, 1, 5)),
    ("24-03-18", date(2018, 3, 24)),
    ("17/1/18", date(2018, 1, 17)),
    ("5 tháng 3, 2025", date(2025, 3, 5)),
    ("05 THÁNG 03 NĂM 2025", date(2025, 3, 5)),
])
def test_dates_as_printed_on_both_sides_of_the_border(printed, expected):
    assert parse_date(printed) == expected


@pytest.mark.parametrize(("printed", "message"), [
    ("31/02/2025", "Cannot read '31/02/2025' as date: expected a day that exists."),
    ("29/02/2023", "Cannot read '29/02/2023' as date: expected a day that exists."),
    ("02/2025", "Cannot read '02/2025' as date: expected dd/mm/yyyy."),
    ("31 Feb 2024", "Cannot read '31 Feb 2024' as date: expected a day that exists."),
    ("12 Foo 2024", "Cannot read '12 Foo 2024' as date: expected dd/mm/yyyy."),
    ("1.5.20", "Cannot read '1.5.20' as date: expected dd/mm/yyyy."),      # points: an amount, not a date
    ("24-03/18", "Cannot read '24-03/18' as date: expected dd/mm/yyyy."),
    ("", "Cannot read '' as date: expected dd/mm/yyyy."),
])
def test_impossible_dates_say_why(printed, message):
    with pytest.raises(NormaliseError) as caught:
        parse_date(printed)
    assert str(caught.value) == message


@pytest.mark.parametrize(("printed", "expected"), [
    ("1.234.567,50", Decimal("1234567.50")),
    ("1,234,567.50", Decimal("1234567.50")),
    ("1 234 567,50", Decimal("1234567.50")),
    ("158,403.42", Decimal("158403.42")),
    ("8,500", Decimal("8500")),
    ("7.300", Decimal("7300")),
    ("0.96", Decimal("0.96")),
    ("0,960", Decimal("0.960")),
    ("450,9", Decimal("450.9")),
    ("21", Decimal("21")),
    ("-3,5", Decimal("-3.5")),
    ("1O,5OO.OO", Decimal("10500.00")),  # O read for 0
])
def test_numbers_in_either_convention(printed, expected):
    assert parse_number(printed) == expected


@pytest.mark.parametrize(("printed", "message"), [
    ("1,23,456.00", "Cannot read '1,23,456.00' as number: expected thousands in groups of three."),
    ("1,234.567.50", "Cannot read '1,234.567.50' as number: expected one decimal mark."),
    ("USD 12", "Cannot read 'USD 12' as number: expected digits with . or , separators."),
    ("12.", "Cannot read '12.' as number: expected digits with . or , separators."),
])
def test_malformed_numbers_say_why(printed, message):
    with pytest.raises(NormaliseError) as caught:
        parse_number(printed)
    assert str(caught.value) == message


@pytest.mark.parametrize(("printed", "expected"), [
    ("0810.90.40", "08109040"),
    ("0810.90", "081090"),
    ("0810", "0810"),
    ("8542.39.00.10", "8542390010"),
    ("O8l0.9O.4O", "08109040"),
    ("5208 52 00", "52085200"),
    ("B542.39.00", "85423900"),  # B read for 8
])
def test_hs_codes_become_digit_strings(printed, expected):
    assert parse_hs_code(printed) == expected


@pytest.mark.parametrize("printed", ["081", "08109", "0810.90.4", "HS CODE", "0810.90.40.1234"])
def test_hs_codes_of_impossible_length_are_refused(printed):
    with pytest.raises(NormaliseError, match="expected 4, 6, 8 or 10 digits"):
        parse_hs_code(printed)


@pytest.mark.parametrize(("printed", "pattern", "expected"), [
    ("E2S45O", "A99999", "E25450"),
    ("VN-CN 2S/O2/OOOO5", "AA-AA 99/99/99999", "VN-CN 25/02/00005"),
    ("V8-C8 25/02/00005", "AA-AA 99/99/99999", "VB-CB 25/02/00005"),
    ("short", "AA-AA 99/99/99999", "short"),
])
def test_fixes_follow_the_position(printed, pattern, expected):
    assert fix_by_pattern(printed, pattern) == expected


def test_fold_keeps_one_character_per_character():
    printed = "Số hóa đơn ĐỒNG ĐĂNG 商业发票"
    assert fold(printed) == "so hoa don dong dang 商业发票"
    assert len(fold(printed)) == len(printed)


@pytest.mark.parametrize("junk", JUNK)
@pytest.mark.parametrize("parser", [parse_date, parse_number, parse_hs_code])
def test_junk_is_refused_with_our_error(parser, junk):
    try:
        result = parser(junk)
    except NormaliseError as error:
        assert error.status == 422
    else:
        assert isinstance(result, (date, Decimal, str))


def test_doctests():
    assert doctest.testmod(ocr.normalise).failed == 0


@MANY
@given(st.text(max_size=40))
def test_parse_date_never_raises_anything_else(text):
    try:
        assert isinstance(parse_date(text), date)
    except NormaliseError:
        pass


@MANY
@given(st.text(max_size=40))
def test_parse_number_never_raises_anything_else(text):
    try:
        assert isinstance(parse_number(text), Decimal)
    except NormaliseError:
        pass


@MANY
@given(st.text(max_size=40))
def test_parse_hs_code_never_raises_anything_else(text):
    try:
        code = parse_hs_code(text)
    except NormaliseError:
        return
    assert code.isdigit() and len(code) in (4, 6, 8, 10)


@MANY
@given(st.dates(min_value=date(1900, 1, 1), max_value=date(2199, 12, 31)))
def test_dates_round_trip_in_every_format(day):
    for printed in (day.strftime("%d/%m/%Y"), f"{day.year}年{day.month}月{day.day}日", day.isoformat(),
                    f"ngày {day.day} tháng {day.month} năm {day.year}", day.strftime("%d.%m.%Y")):
        assert parse_date(printed) == day


@MANY
@given(st.dates(min_value=date(1900, 1, 1), max_value=date(2199, 12, 31)), st.sampled_from(
    ["%d %b %Y", "%d %B %Y", "%b %d, %Y", "%B %d %Y", "%d-%b-%Y", "%d.%b.%Y", "%b. %d, %Y"]),
    st.sampled_from([str.upper, str.lower, str.title]))
def test_dates_with_month_names_round_trip(day, layout, case):
    assert parse_date(case(day.strftime(layout))) == day


@MANY
@given(st.dates(min_value=date(2000, 1, 1), max_value=date(2099, 12, 31)),
       st.sampled_from(["%d/%m/%y", "%d-%m-%y", "%d %b %y", "%d-%b-%y", "%b %d, %y"]))
def test_two_digit_years_are_this_century(day, layout):
    assert parse_date(day.strftime(layout)) == day


@MANY
@given(st.dates(min_value=date(1900, 1, 1), max_value=date(2199, 12, 31)), st.booleans())
def test_vietnamese_dates_with_thang_round_trip(day, with_ngay):
    printed = f"{'ngày ' if with_ngay else ''}{day.day:02d} tháng {day.month:02d} năm {day.year}"
    assert parse_date(printed) == day
    assert parse_date(printed.upper()) == day
    assert parse_date(f"{day.day} tháng {day.month}, {day.year}") == day


@MANY
@given(st.integers(min_value=1, max_value=31), st.integers(min_value=13, max_value=99),
       st.integers(min_value=0, max_value=99))
def test_a_month_past_twelve_is_never_a_date(day, month, year):
    with pytest.raises(NormaliseError):
        parse_date(f"{day:02d}/{month:02d}/{year:02d}")


@MANY
@given(st.decimals(min_value=Decimal("-999999999999.99"), max_value=Decimal("999999999999.99"), places=2,
                   allow_nan=False, allow_infinity=False))
def test_amounts_round_trip_in_both_conventions(amount):
    english = f"{amount:,.2f}"
    vietnamese = english.replace(",", " ").replace(".", ",").replace(" ", ".")
    assert parse_number(english) == amount
    assert parse_number(vietnamese) == amount


@MANY
@given(st.integers(min_value=0, max_value=10**12))
def test_whole_amounts_round_trip_grouped_either_way(amount):
    english = f"{amount:,}"
    assert parse_number(english) == amount
    assert parse_number(english.replace(",", ".")) == amount
    assert number_value(parse_number(english)) == amount


@MANY
@given(st.from_regex(r"\A[0-9]{4}([0-9]{2}){0,3}\Z"))
def test_hs_codes_round_trip_with_dots(code):
    dotted = ".".join([code[:4], *(code[i:i + 2] for i in range(4, len(code), 2))])
    assert parse_hs_code(dotted) == code

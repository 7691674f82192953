"""values: the one parser of typed numbers and dates. Ambiguous numbers ask, never guess."""
from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from checkpoint import i18n, values
from checkpoint.errors import InvalidInput

AMBIGUOUS = "%(text)s could be %(small)s or %(large)s: type it as one of these"
QUANTITIES = st.decimals(min_value=0, max_value=10**9, places=3, allow_nan=False, allow_infinity=False)


def refusal(parse, *args, **kwargs) -> tuple[str, str]:
    with pytest.raises(InvalidInput) as caught:
        parse(*args, **kwargs)
    return i18n.error_message(caught.value, "vi"), i18n.error_message(caught.value, "en")


@pytest.mark.parametrize(("typed", "value"), [
    ("1.234,5", Decimal("1234.5")), ("1,234.5", Decimal("1234.5")), ("1 234,5", Decimal("1234.5")),
    ("12.500.000", Decimal("12500000")), ("12,500,000", Decimal("12500000")), ("1,25", Decimal("1.25")),
    ("6,5", Decimal("6.5")), ("0,250", Decimal("0.250")), ("1250,500", Decimal("1250.500")), (" 42 ", Decimal(42)),
    ("", None), (None, None),
])
def test_numbers_typed_either_way(typed, value):
    assert values.parse_number(typed, "quantity") == value


@pytest.mark.parametrize(("typed", "vi", "en"), [
    ("1,250", "số lượng: 1,250 có thể là 1,25 hoặc 1250: hãy gõ theo một trong hai cách này",
     "quantity: 1,250 could be 1.25 or 1250: type it as one of these"),
    ("1.250", "số lượng: 1.250 có thể là 1,25 hoặc 1250: hãy gõ theo một trong hai cách này",
     "quantity: 1.250 could be 1.25 or 1250: type it as one of these"),
    ("12,000", "số lượng: 12,000 có thể là 12 hoặc 12000: hãy gõ theo một trong hai cách này",
     "quantity: 12,000 could be 12 or 12000: type it as one of these"),
    ("1,2,3", "số lượng: phải là số", "quantity: must be a number"),
    ("1.234.5", "số lượng: phải là số", "quantity: must be a number"),
    ("1,23.4,5", "số lượng: phải là số", "quantity: must be a number"),
    ("5²", "số lượng: phải là số", "quantity: must be a number"),
    ("1,", "số lượng: phải là số", "quantity: must be a number"),
])
def test_an_ambiguous_or_broken_number_is_refused_in_the_officers_language(typed, vi, en):
    assert refusal(values.parse_number, typed, "quantity")[1] == en
    with pytest.raises(InvalidInput) as caught:
        values.parse_number(typed, "số lượng")
    assert i18n.error_message(caught.value, "vi") == vi


@given(st.from_regex(r"\A[1-9][0-9]{0,2}[.,][0-9]{3}\Z"))
def test_every_lone_group_of_three_asks_where_a_fraction_is_allowed(typed):
    head, tail = typed[:-4], typed[-3:]
    with pytest.raises(InvalidInput) as caught:
        values.parse_quantity(typed, "quantity", limit=Decimal(10**9))
    problem = caught.value.params["problem"]
    assert problem.msgid == AMBIGUOUS
    assert i18n.translate(problem.msgid, "en", problem.params) == (
        f"{typed} could be {Decimal(f'{head}.{tail}').normalize():f} or {head}{tail}: type it as one of these")
    # Where only whole numbers make sense (VND, counts) the group is thousands: nothing to ask.
    assert values.parse_whole(typed, "fine", limit=10**15) == int(head + tail)


@given(QUANTITIES, st.sampled_from(["vi", "en"]))
def test_formatted_numbers_read_back_or_ask_with_the_right_reading(value, lang):
    typed = values.format_number(value, lang)
    try:
        assert values.parse_number(typed, "quantity") == value
    except InvalidInput as asked:
        problem = asked.params["problem"]
        readings = {Decimal(i18n.translate(m.msgid, "en", m.params)) for m in (problem.params["small"],
                                                                             problem.params["large"])}
        assert problem.msgid == AMBIGUOUS and value in readings


@given(st.integers(0, 10**15), st.sampled_from(["vi", "en"]))
def test_whole_amounts_read_back(amount, lang):
    assert values.parse_whole(values.format_number(amount, lang), "fine", limit=10**15) == amount


@given(st.one_of(st.none(), st.text(max_size=80), st.integers(), st.floats()))
def test_nothing_typed_raises_anything_but_invalid_input(raw):
    for parse in (lambda: values.parse_number(raw, "q"), lambda: values.parse_whole(raw, "q", limit=10**15),
                  lambda: values.parse_quantity(raw, "q", limit=Decimal(10**9)),
                  lambda: values.parse_date(raw, "q")):
        try:
            parse()
        except InvalidInput as exc:
            assert exc.params["field"] == "q" and i18n.error_message(exc, "vi") and i18n.error_message(exc, "en")


@given(st.dates(min_value=date(1000, 1, 1)))
def test_dates_read_back_as_officers_and_date_pickers_write_them(day):
    assert values.parse_date(values.format_date(day), "date") == day
    assert values.parse_date(day.isoformat(), "date") == day
    assert values.parse_date(f"{day.day}.{day.month}.{day.year}", "date") == day


@given(st.dates(min_value=date(1000, 1, 1)))
def test_a_two_digit_year_is_refused_not_given_a_century(day):
    assert refusal(values.parse_date, f"{day:%d/%m/%y}", "date") == (
        "ngày: hãy gõ năm đủ bốn chữ số", "date: type the year in full, with four digits")


@pytest.mark.parametrize(("typed", "en"), [
    ("31/02/2025", "date: 31/02/2025 is not a date of the calendar"),
    ("29/02/2023", "date: 29/02/2023 is not a date of the calendar"),
    ("2025-13-01", "date: 2025-13-01 is not a date of the calendar"),
    ("2025/03/05", "date: expected dd/mm/yyyy"),
    ("05/03/20255", "date: expected dd/mm/yyyy"),
    ("٠٥/٠٣/٢٠٢٥", "date: expected dd/mm/yyyy"),
    ("hôm nay", "date: expected dd/mm/yyyy"),
])
def test_impossible_or_unreadable_dates_are_refused_clearly(typed, en):
    assert refusal(values.parse_date, typed, "date")[1] == en


def test_quantities_keep_their_limits():
    limit = Decimal(10**9)
    assert values.parse_quantity("6,5", "q", limit=limit) == Decimal("6.5")
    assert values.parse_quantity("24,0", "q", limit=limit) == Decimal(24)
    assert refusal(values.parse_quantity, "0", "q", limit=limit)[1] == "q: must be a positive number"
    assert refusal(values.parse_quantity, "-1", "q", limit=limit, allow_zero=True)[1] == "q: must not be negative"
    assert refusal(values.parse_quantity, "1,0005", "q", limit=limit)[1] == \
        "q: at most 1,000,000,000 with three decimals"
    assert refusal(values.parse_whole, "1,25", "fine", limit=10)[1] == "fine: must be a whole non-negative number"
    assert refusal(values.parse_whole, "11", "fine", limit=10)[1] == "fine: too large"


@given(QUANTITIES)
def test_a_json_number_is_a_number_already_nothing_to_ask(value):
    typed = float(value)
    assert values.parse_quantity(typed, "q", limit=Decimal(10**9), allow_zero=True) == Decimal(str(typed))
    assert values.parse_whole(int(value), "fine", limit=10**15) == int(value)

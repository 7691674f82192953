"""Reporting periods tile time: every day in exactly one period of a kind, the reporting month cut on its day."""
from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from checkpoint.errors import InvalidInput
from checkpoint.reports import periods
from checkpoint.reports.periods import period

TILING = [k for k in periods.KINDS if k != "campaign"]
days = st.dates(min_value=date(periods.FIRST_YEAR, 1, 1), max_value=date(periods.LAST_YEAR, 12, 31))
cutoffs = st.integers(min_value=1, max_value=28)
ONE = timedelta(days=1)


@given(st.sampled_from(TILING), days, cutoffs)
def test_a_period_holds_its_day_and_is_the_period_of_each_of_its_days(kind, day, cutoff):
    p = period(kind, day, cutoff)
    assert p.start <= day <= p.end
    assert period(kind, p.start, cutoff) == p == period(kind, p.end, cutoff)


@given(st.sampled_from(TILING), days, cutoffs)
def test_periods_follow_each_other_without_gap_or_overlap(kind, day, cutoff):
    p = period(kind, day, cutoff)
    following = period(kind, p.end + ONE, cutoff)
    assert following.start == p.end + ONE
    assert p.previous().end + ONE == p.start
    assert p.previous().kind == kind


@given(st.sampled_from(["month", "quarter", "half", "year"]), days, cutoffs)
def test_a_reporting_period_is_its_calendar_period_moved_back_to_the_cut_off(kind, day, cutoff):
    reporting = period("reporting_" + kind, day, cutoff)
    calendar = period(kind, reporting.end, 1)
    assert reporting.end.month == calendar.end.month and reporting.end.year == calendar.end.year
    if cutoff == 1:
        assert (reporting.start, reporting.end) == (calendar.start, calendar.end)
    else:
        assert (reporting.start.day, reporting.end.day) == (cutoff, cutoff - 1)
        assert reporting.start < calendar.start and reporting.end < calendar.end


@given(days, st.integers(min_value=2, max_value=28))
def test_the_cut_off_day_opens_the_next_reporting_month(day, cutoff):
    cut = day.replace(day=cutoff)
    opened = period("reporting_month", cut, cutoff)
    assert opened.start == cut
    closed = period("reporting_month", cut - ONE, cutoff)
    assert closed.end == cut - ONE
    # Named after the month that holds its end: the cut-off day already belongs to next month's report.
    assert opened.end.month == (cut.month % 12) + 1


@pytest.mark.parametrize(("kind", "day", "cutoff", "start", "end"), [
    ("reporting_month", date(2026, 3, 10), 15, date(2026, 2, 15), date(2026, 3, 14)),
    ("reporting_month", date(2026, 3, 15), 15, date(2026, 3, 15), date(2026, 4, 14)),
    ("reporting_month", date(2026, 12, 20), 15, date(2026, 12, 15), date(2027, 1, 14)),
    ("reporting_month", date(2024, 2, 29), 15, date(2024, 2, 15), date(2024, 3, 14)),
    ("reporting_month", date(2024, 3, 1), 1, date(2024, 3, 1), date(2024, 3, 31)),
    ("month", date(2024, 2, 10), 1, date(2024, 2, 1), date(2024, 2, 29)),
    ("month", date(2025, 2, 10), 1, date(2025, 2, 1), date(2025, 2, 28)),
    ("week", date(2026, 1, 1), 1, date(2025, 12, 29), date(2026, 1, 4)),
    ("quarter", date(2026, 12, 31), 1, date(2026, 10, 1), date(2026, 12, 31)),
    ("reporting_quarter", date(2026, 12, 31), 15, date(2026, 12, 15), date(2027, 3, 14)),
    ("half", date(2026, 7, 1), 1, date(2026, 7, 1), date(2026, 12, 31)),
    ("reporting_half", date(2026, 6, 14), 15, date(2025, 12, 15), date(2026, 6, 14)),
    ("reporting_year", date(2026, 12, 15), 15, date(2026, 12, 15), date(2027, 12, 14)),
    ("year", date(2026, 12, 31), 1, date(2026, 1, 1), date(2026, 12, 31)),
])
def test_periods_of_decree_09_2019_and_the_calendar(kind, day, cutoff, start, end):
    p = period(kind, day, cutoff)
    assert (p.start, p.end) == (start, end)


def test_29_february_a_year_back():
    leap = period("day", date(2024, 2, 29))
    assert leap.year_earlier().start == date(2023, 3, 2)  # 52 weeks back: the same weekday, Thursday
    assert leap.year_earlier().start.weekday() == leap.start.weekday()
    assert period("month", date(2024, 2, 29)).year_earlier() == period("month", date(2023, 2, 1))
    assert period("year", date(2024, 2, 29)).year_earlier().end == date(2023, 12, 31)
    p = periods.Period("campaign", date(2024, 2, 29), date(2024, 3, 10))
    assert (p.year_earlier().start, p.year_earlier().end) == (date(2023, 2, 28), date(2023, 3, 10))


def test_year_to_date_starts_with_the_calendar_or_the_reporting_year():
    assert period("month", date(2026, 3, 5)).year_to_date().start == date(2026, 1, 1)
    assert period("week", date(2026, 1, 1)).year_to_date().start == date(2026, 1, 1)
    reporting = period("reporting_month", date(2026, 1, 5), 15)
    assert (reporting.year_to_date().start, reporting.year_to_date().end) == (date(2025, 12, 15), date(2026, 1, 14))
    january = period("reporting_month", date(2025, 12, 20), 15)  # 15/12/2025 – 14/01/2026 opens the year 2026
    assert january.year_to_date().start == january.start


def test_the_peak_campaign_of_2025_and_its_cumulative_column():
    peak = period("campaign", date(2025, 5, 20))
    assert (peak.start, peak.campaign and peak.campaign.code) == (date(2025, 5, 15), "peak_2025")
    week = period("week", date(2025, 5, 28))
    to_date = week.campaign_to_date()
    assert to_date is not None and (to_date.start, to_date.end) == (date(2025, 5, 15), week.end)
    assert period("week", date(2026, 5, 28)).campaign_to_date() is None
    assert peak.previous().end == date(2025, 5, 14) and peak.previous().days == peak.days


@pytest.mark.parametrize(("call", "message"), [
    (lambda: period("fortnight", date(2026, 1, 1)), "period: unknown kind of period"),
    (lambda: period("reporting_month", date(2026, 1, 1), 29), "cut-off day: must be a day from 1 to 28"),
    (lambda: period("campaign", date(2026, 1, 1)), "campaign: no campaign runs on that day"),
    (lambda: period("campaign", date(2026, 1, 1), campaign_code="nope"), "campaign: unknown campaign"),
    (lambda: periods.check_day(date(9999, 12, 31)), "date: must be in the years 2001 to 2098"),
    (lambda: periods.check_day(date(1, 1, 1)), "date: must be in the years 2001 to 2098"),
])
def test_bad_periods_are_refused_with_a_reason(call, message):
    with pytest.raises(InvalidInput) as refused:
        call()
    assert str(refused.value) == message


def test_names_on_a_report_title():
    assert period("reporting_month", date(2026, 3, 10), 15).label() == "15/02/2026 – 14/03/2026"
    assert period("quarter", date(2026, 5, 1)).name("en") == "quarter II of 2026"
    assert period("reporting_month", date(2026, 12, 20), 15).name("en") == "January 2027"
    assert period("reporting_month", date(2026, 12, 20), 15).name("vi") == "tháng 1 năm 2027"
    assert period("day", date(2026, 5, 1)).label() == "01/05/2026"


def test_a_chosen_campaign_counts_up_to_its_own_end():
    month = period("month", date(2025, 6, 20))
    assert month.campaign_to_date() is None
    to_date = month.campaign_to_date(periods.campaign("peak_2025"))
    assert to_date is not None and (to_date.start, to_date.end) == (date(2025, 5, 15), date(2025, 6, 15))
    assert period("month", date(2025, 4, 1)).campaign_to_date(periods.campaign("peak_2025")) is None


@given(st.integers(min_value=periods.FIRST_YEAR, max_value=periods.LAST_YEAR - 1),
       st.integers(min_value=2, max_value=28))
def test_a_year_s_end(year, cutoff):
    """The calendar's periods close on 31 December; the reporting year opens on December's cut-off day."""
    new_year = date(year + 1, 1, 1)
    for kind in ("month", "quarter", "half", "year"):
        assert period(kind, new_year - ONE).end == new_year - ONE and period(kind, new_year).start == new_year
    december = period("reporting_year", date(year, 12, cutoff), cutoff)
    assert december.start == date(year, 12, cutoff) and december.end.year == year + 1
    assert period("reporting_month", date(year, 12, 31), cutoff).year_to_date().start == december.start

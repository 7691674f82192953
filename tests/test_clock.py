"""clock: one kind of 'now' (aware, UTC), one stored text form, and the local day in the gate's zone."""
from __future__ import annotations

from datetime import UTC, date, datetime, timedelta, timezone

from hypothesis import given
from hypothesis import strategies as st

from checkpoint import clock

HANOI = "Asia/Ho_Chi_Minh"
MOMENTS = st.datetimes(min_value=datetime(1971, 1, 1), max_value=datetime(2200, 1, 1),
                       timezones=st.sampled_from([UTC, timezone(timedelta(hours=7)), timezone(timedelta(hours=-5))]))


def test_now_is_aware_and_in_utc():
    now = clock.utc_now()
    assert now.tzinfo is not None and now.utcoffset() == timedelta(0)


@given(MOMENTS)
def test_stored_times_read_back_as_the_same_moment(moment):
    text = clock.utc_iso(moment)
    assert datetime.fromisoformat(text) == moment and text.endswith("+00:00") and len(text) == 32


@given(MOMENTS, MOMENTS)
def test_stored_times_sort_as_text_in_the_order_of_time(a, b):
    assert (clock.utc_iso(a) < clock.utc_iso(b)) == (a < b)


def test_the_local_day_starts_at_midnight_in_the_gates_zone_not_utc():
    assert clock.local_time("2025-11-20T16:59:59+00:00", HANOI).date() == date(2025, 11, 20)
    assert clock.local_time("2025-11-20T17:00:00+00:00", HANOI).date() == date(2025, 11, 21)


def test_today_in_the_gates_zone_is_utc_today_or_the_day_after():
    before = clock.utc_now()
    today = clock.local_today(HANOI)
    after = clock.utc_now()
    assert today in {(before + timedelta(hours=7)).date(), (after + timedelta(hours=7)).date()}
    assert clock.local_now(HANOI).utcoffset() == timedelta(hours=7)

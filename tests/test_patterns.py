"""Patterns for leaders, from a seeded month of inspections: the officer who lets pass reds far more often than
their peers stands out; the others do not; every figure equals a count made here from what was recorded."""
from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from hypothesis import given
from hypothesis import strategies as st

from bench.patterns import MONTH, seeded_month
from checkpoint import cases, inspections, ledger, patterns
from checkpoint.checks.risk import Risk
from checkpoint.clock import local_today

TZ = "Asia/Ho_Chi_Minh"


def test_the_officer_who_lets_pass_three_times_as_many_reds_stands_out_and_no_other(db):
    made = seeded_month(db, 2026)
    rows = patterns.patterns(db, ["HUU_NGHI"], MONTH[0], MONTH[-1])
    gate, *officers = rows
    assert gate.officer is None and gate.figures.closed == len(made)
    by_officer = {row.officer: row for row in officers}
    assert by_officer["officer-c"].outliers == ("red_let_pass",)
    assert officers[0].officer == "officer-c", "those who stand out come first"
    assert not by_officer["officer-a"].outliers and not by_officer["officer-b"].outliers
    for officer, row in by_officer.items():
        mine = [m for m in made if m["officer"] == officer]
        reds = [m for m in mine if m["channel"] == "red"]
        assert row.figures.red == len(reds)
        assert row.figures.red_let_pass == sum(m["verdict"] == "cleared" for m in reds)
        assert row.figures.random == sum(m["random"] for m in mine)
        assert row.figures.random_found == sum(m["random"] and m["verdict"] != "cleared" for m in mine)
        assert row.figures.no_photo == len(mine)  # nobody photographed anything in this month
    peers = [m for m in made if m["officer"] != "officer-c" and m["channel"] == "red"]
    peers_share = sum(m["verdict"] == "cleared" for m in peers) / len(peers)
    assert by_officer["officer-c"].figures.red_pass_share >= patterns.OUTLIER_RATIO * peers_share


def test_a_few_reds_let_pass_are_chance_not_a_pattern(db):
    for officer, verdicts in (("officer-a", ["seized"] * 8), ("officer-b", ["cleared", "cleared", "seized"])):
        for verdict in verdicts:
            inspection = inspections.start(db, inspections.NewInspection(gate="HUU_NGHI", direction="import",
                                                                         plates=("12C-11111",)),
                                           author=officer, tz=TZ, on=MONTH[3])
            inspections.record_checks(db, inspection, [], Risk("red", 9, ()), "demo", author=officer)
            case = cases.parse({"subtype": "smuggling", "focus_group": "milk"}) if verdict == "seized" else None
            ledger.record(db, "inspection.verdict", {"verdict": verdict, "note": "",  # as approved (approvals.py)
                                                     **({"case": case.as_dict()} if case else {})},
                          author=officer, subject=inspection)
    rows = {row.officer: row for row in patterns.patterns(db, None, MONTH[0], MONTH[-1])}
    assert rows["officer-b"].figures.red_pass_share == 2 / 3
    assert rows["officer-b"].outliers == (), "three reds are too few to judge"


def test_the_leaders_page_marks_the_officer_and_only_leaders_see_it(app, db, auth):
    seeded_month(db, 2026)
    auth.login("super1")
    page = auth.client.get("/leaders/patterns?from=01/11/2026&to=30/11/2026").get_data(as_text=True)
    marked = page.split("officer-c")[0].rsplit("<tr", 1)[1]
    assert "outlier" in marked
    for other in ("officer-a", "officer-b"):
        assert "outlier" not in page.split(other)[0].rsplit("<tr", 1)[1]
    assert "2026-11" not in page and "None" not in page
    auth.logout()
    auth.login("officer1")
    assert auth.client.get("/leaders/patterns").status_code == 403


# -- the weekly list for headquarters -------------------------------------------------------------------------


def closed_on(db, day, officer: str = "officer-a", verdict: str = "cleared", channel: str = "red") -> str:
    inspection = inspections.start(db, inspections.NewInspection(gate="HUU_NGHI", direction="import",
                                                                 plates=("12C-11111",)), author=officer, tz=TZ, on=day)
    inspections.record_checks(db, inspection, [], Risk(channel, 9, ()), "demo", author=officer)
    ledger.record(db, "inspection.verdict", {"verdict": verdict, "note": ""}, author=officer,  # as approved
                  subject=inspection)
    return inspection


def weekly_events(db) -> list:
    return [e for e in ledger.events(db) if e.type == "patterns.weekly"]


@given(st.dates(min_value=date(2000, 1, 3), max_value=date(2100, 12, 31)))
def test_the_week_before_is_the_iso_week_just_ended(today):
    week, monday, sunday = patterns.week_before(today)
    assert monday.isoweekday() == 1 and sunday - monday == timedelta(days=6)
    assert sunday < today <= sunday + timedelta(days=7), "ended, and the one just before this week"
    year, number, _ = monday.isocalendar()
    assert week == f"{year}-W{number:02d}"


def test_the_weeks_list_is_logged_once_with_the_figures_of_the_leaders_page(db):
    made = seeded_month(db, 7)
    # Monday 9 November 2026, 08:00 in Lạng Sơn: the week of 2–8 November has just ended.
    now = datetime(2026, 11, 9, 1, 0, tzinfo=UTC)
    event = patterns.log_weekly(db, TZ, now=now)
    assert event is not None and event.subject == "patterns.weekly:2026-W45" and event.author is None
    weekly = event.typed()
    assert (weekly.week, weekly.start, weekly.end) == ("2026-W45", "2026-11-02", "2026-11-08")
    expected = patterns.patterns(db, None, date(2026, 11, 2), date(2026, 11, 8))
    assert [(r.gate, r.officer, r.closed, r.red, r.red_let_pass, r.no_photo, tuple(r.outliers)) for r in weekly.rows] \
        == [(r.gate, r.officer, r.figures.closed, r.figures.red, r.figures.red_let_pass, r.figures.no_photo,
             r.outliers) for r in expected]
    in_week = [m for m in made if date(2026, 11, 2) <= m["day"] <= date(2026, 11, 8)]
    assert weekly.rows[0].officer is None and weekly.rows[0].closed == len(in_week)
    assert patterns.log_weekly(db, TZ, now=now) is None
    assert patterns.log_weekly(db, TZ, now=now + timedelta(days=3)) is None, "once per week"
    assert len(weekly_events(db)) == 1
    assert patterns.log_weekly(db, TZ, now=now + timedelta(days=7)).subject == "patterns.weekly:2026-W46"


def test_the_week_ends_on_the_tablets_clock_and_a_week_with_nothing_closed_has_no_list(db):
    closed_on(db, date(2026, 11, 15))  # a Sunday
    # 23:30 on Sunday in Lạng Sơn (16:30 UTC): the week is not over; the week before closed nothing.
    assert patterns.log_weekly(db, TZ, now=datetime(2026, 11, 15, 16, 30, tzinfo=UTC)) is None
    assert weekly_events(db) == []
    # 00:30 on Monday in Lạng Sơn, still Sunday in UTC: now it is.
    event = patterns.log_weekly(db, TZ, now=datetime(2026, 11, 15, 17, 30, tzinfo=UTC))
    assert event is not None and event.typed().week == "2026-W46"


def test_the_leaders_page_logs_the_list_of_the_week_just_ended_and_says_so(app, db, auth):
    today = local_today(TZ)
    _, monday, sunday = patterns.week_before(today)
    closed_on(db, monday, officer="officer1")
    auth.login("super1")
    page = auth.client.get("/leaders/patterns").get_data(as_text=True)
    [event] = weekly_events(db)
    assert event.typed().rows[0].closed == 1
    assert f"tuần {monday.strftime('%d/%m/%Y')}–{sunday.strftime('%d/%m/%Y')}" in page and "chờ gửi" in page
    auth.client.get("/leaders/patterns")
    assert len(weekly_events(db)) == 1

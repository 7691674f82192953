"""Patterns for leaders, from a seeded month of inspections: the officer who lets pass reds far more often than
their peers stands out; the others do not; every figure equals a count made here from what was recorded."""
from __future__ import annotations

from bench.patterns import MONTH, seeded_month
from checkpoint import cases, inspections, patterns
from checkpoint.checks.risk import Risk

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
            inspections.record_verdict(db, inspection, verdict, "", author=officer, case=case)
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

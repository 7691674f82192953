"""The 389 report for a unit and a period: its figures against an independent count of seeded cases."""
from __future__ import annotations

import random
from datetime import UTC, date, datetime, timedelta

import pytest

from checkpoint import cases, clock, patrols
from checkpoint.reports import periods, report389
from checkpoint.reports.queries import Figures
from tests.test_reports import decide, make_cases

TZ = "Asia/Ho_Chi_Minh"
CARRIER = {"name": "Hoàng Văn A", "id_type": "cccd", "id_number": "020095001234", "nationality": "VNM"}
DAYS = ([date(2025, 2, 20) + timedelta(days=3 * i) for i in range(40)]
        + [date(2026, 1, 2) + timedelta(days=4 * i) for i in range(25)])


def intercept(db, monkeypatch, day: date, gate: str, violation: str, value: int, action: str = "seized") -> dict:
    """A patrol's interception logged at noon local time on `day`."""
    noon = datetime(day.year, day.month, day.day, 5, tzinfo=UTC)
    monkeypatch.setattr(clock, "utc_now", lambda: noon)
    patrol = patrols.start(db, gate, [], author="patrol1", tz=TZ)
    goods = {"description": "Sữa bột", "kind": "milk", "quantity": "3", "unit": "hộp", "value_vnd": str(value)}
    new = patrols.parse_interception({"action": action, "violation": violation, "persons": [CARRIER],
                                      "goods": [goods]}, day)
    interception = patrols.log_interception(db, patrol, new, author="patrol1", tz=TZ)
    monkeypatch.undo()
    return {"id": interception, "gate": gate, "day": day, "category": int(violation) if violation else None,
            "value": value, "counted": bool(violation) or action != "warned"}


@pytest.fixture
def seeded(db, monkeypatch):
    """Gate and patrol cases of two years taken through decisions by events; some patrol cases recorded with no
    category are classified later by a leader."""
    made = make_cases(db, 11, DAYS, gates=("HUU_NGHI", "CHI_MA", "TAN_THANH"), per_day=2)
    rng = random.Random(3)
    stopped = [intercept(db, monkeypatch, day, rng.choice(["HUU_NGHI", "CHI_MA"]), rng.choice(["", "1", "3"]),
                         rng.randrange(1, 10**8), rng.choice(["seized", "warned", "referred"]))
               for day in DAYS[::2]]
    for s in stopped:
        s["classified"] = False
        if not s["counted"]:
            continue
        s |= decide(db, rng, s["id"], s["day"])
        if s["category"] is None and s["day"].year == 2026 and rng.random() < 0.6:
            cases.classify(db, s["id"], "smuggling", {"crossed_outside_gate": "yes"}, "", author="leader")
            s |= {"category": 1, "classified": True}
    assert any(s["classified"] for s in stopped)
    return made, stopped


def independent(made, stopped, gates: set[str], forces: set[str],
                p: periods.Period | None) -> dict[tuple, Figures] | None:
    """The figures counted in Python from what was recorded and decided, not from the database: inspections' cases
    are customs', patrol interceptions the border guard's; a case is criminal once prosecuted."""
    if p is None:
        return None
    result: dict[tuple, Figures] = {}

    def add(force: str, category: int | None, value: int, m: dict) -> None:
        key = (force, category, m["prosecuted"])
        before = result.get(key, Figures())
        result[key] = Figures(before.cases + 1, before.fines_vnd + m["fine"], before.goods_value_vnd + value,
                              before.budget_vnd + m["budget"], before.criminal_cases + m["prosecuted"],
                              before.defendants + m["defendants"], before.awaiting + (not m["decided"]))
    for m in made:
        case = m["case"]
        if case is not None and "customs" in forces and m["gate"] in gates and p.contains(m["day"]):
            add("customs", case.category, case.goods_value_vnd, m)
    for s in stopped:
        if s["counted"] and "border_guard" in forces and s["gate"] in gates and p.contains(s["day"]):
            add("border_guard", s["category"], s["value"], s)
    return result


ALL_GATES = {"HUU_NGHI", "CHI_MA", "TAN_THANH"}


@pytest.mark.parametrize(("unit", "gates", "forces", "kind", "day"), [
    ("HQ_HUU_NGHI", {"HUU_NGHI"}, {"customs"}, "reporting_month", date(2026, 3, 1)),
    ("HQ_CHI_MA", {"CHI_MA"}, {"customs"}, "quarter", date(2026, 2, 1)),
    ("HQ_KV6", ALL_GATES, {"customs"}, "week", date(2025, 5, 28)),
    ("BP_HUU_NGHI", {"HUU_NGHI"}, {"border_guard"}, "half", date(2025, 5, 28)),
    ("BP_LANG_SON", ALL_GATES, {"border_guard"}, "reporting_year", date(2026, 2, 1)),
    (None, ALL_GATES, {"customs", "border_guard"}, "campaign", date(2025, 5, 20)),
])
def test_every_column_equals_an_independent_count(db, seeded, unit, gates, forces, kind, day):
    made, stopped = seeded
    report = report389.build(report389.tablet_count(db), unit, periods.period(kind, day, 15))
    for column in report389.COLUMNS:
        wanted = independent(made, stopped, gates, forces, report.periods[column])
        assert report.figures[column] == wanted, column
    assert report.periods["campaign_to_date"] is not None or kind != "campaign"


def test_the_lines_add_up_and_the_unclassified_are_shown(db, seeded):
    made, stopped = seeded
    report = report389.build(report389.tablet_count(db), "BP_LANG_SON", periods.period("year", date(2025, 6, 1)))
    lines = report.lines()
    assert [(line.category, line.criminal, line.total) for line in lines] == [
        (1, False, False), (1, True, False), (2, False, False), (2, True, False), (3, False, False),
        (3, True, False), (None, None, False), (None, None, True)]
    total = lines[-1].columns["period"]
    assert total == report.total()
    assert total is not None and total.cases == sum(line.columns["period"].cases for line in lines[:-1])
    unclassified = [s for s in stopped if s["category"] is None and s["counted"] and s["day"].year == 2025]
    assert unclassified and report.unclassified() == len(unclassified)
    assert not report.complete()


def test_a_tablet_of_one_force_counts_nothing_for_a_unit_of_another(db, seeded):
    customs_only = report389.tablet_count(db, {"inspection": "customs", "interception": "customs"})
    report = report389.build(customs_only, "BP_HUU_NGHI", periods.period("year", date(2026, 1, 1)))
    assert report.forces == ("border_guard",)
    assert report.total() == Figures()
    assert report.unit is not None and report.unit.parent == "BP_LANG_SON"


def test_rows_of_one_key_add_up_and_rows_of_other_units_are_left_out():
    def count(start, end, units):
        assert units == ["QLTT_DOI_1"]
        return [report389.CountRow("QLTT_DOI_1", "market_control", 3, False, Figures(cases=2, fines_vnd=5)),
                report389.CountRow("QLTT_DOI_1", "market_control", 3, False, Figures(cases=1, fines_vnd=7)),
                report389.CountRow("QLTT_DOI_2", "market_control", 3, False, Figures(cases=9)),
                report389.CountRow("QLTT_DOI_1", "market_control", None, False, Figures(cases=4))]

    report = report389.build(count, "QLTT_DOI_1", periods.period("month", date(2026, 3, 1)),
                             unsynced=[report389.Unsynced("dev-1", "Hữu Nghị", None)])
    assert report.cell("period", ("market_control", 3, False)) == Figures(cases=3, fines_vnd=12)
    assert report.unclassified() == 4 and not report.complete()
    assert report.lines()[4].change("previous") == 0.0 and report.lines()[0].change("previous") is None


def test_the_fingerprint_follows_the_figures():
    def count_of(n):
        return lambda start, end, units: [report389.CountRow("HQ_HUU_NGHI", "customs", 1, True, Figures(cases=n))]

    month = periods.period("month", date(2026, 3, 1))
    first = report389.build(count_of(1), "HQ_HUU_NGHI", month)
    assert first.fingerprint() == report389.build(count_of(1), "HQ_HUU_NGHI", month).fingerprint()
    assert first.fingerprint() != report389.build(count_of(2), "HQ_HUU_NGHI", month).fingerprint()


def test_every_category_has_its_lines():
    assert set(report389.CATEGORY_ROWS) == {*cases.CATEGORIES, None}

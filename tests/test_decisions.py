"""What follows a case's record: steps in order, each a logged event; outcomes and the overdue list from them."""
from __future__ import annotations

from datetime import date

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from checkpoint import cases, decisions, inspections, ledger
from checkpoint.errors import InvalidInput, NotFound
from tests.test_reports import close

TZ = "Asia/Ho_Chi_Minh"
OPENED = date(2026, 3, 2)


def seized(db, day: date = OPENED) -> str:
    inspection = inspections.start(db, inspections.NewInspection(gate="HUU_NGHI", direction="import",
                                                                 plates=("12C-123.45",)),
                                   author="officer", tz=TZ, on=day)
    case = cases.parse({"subtype": "counterfeit_goods", "focus_group": "milk", "goods": "Sữa bột giả",
                        "goods_value_vnd": "150000000", "confiscated": "1"})
    close(db, inspection, "seized", case, author="officer")
    return inspection


def take(db, case_id: str, kind: str, day: date, today: date = date(2026, 4, 30), **form: str):
    step = decisions.parse(kind, {"number": f"{kind}-1", "date": day.strftime("%d/%m/%Y"), **form}, None)
    return decisions.record(db, case_id, step, author="leader", today=today)


def outcome(db, case_id: str) -> dict:
    row = db.execute("SELECT * FROM case_outcomes WHERE case_id = ?", [case_id]).fetchone()
    return dict(zip([d[0] for d in db.execute("SELECT * FROM case_outcomes LIMIT 0").description], row, strict=True))


def test_a_case_from_record_to_payment_and_disposal_is_logged_step_by_step(db):
    case_id = seized(db)
    take(db, case_id, "sanctioned", date(2026, 3, 5), signer="Nguyễn Văn A", provision="NĐ 98/2020, Điều 9",
         fine_vnd="40.000.000", confiscated="1")
    take(db, case_id, "paid", date(2026, 3, 10), amount_vnd="40000000")
    take(db, case_id, "goods_fate", date(2026, 3, 20), fate="destroyed")
    logged = [row[0] for row in db.execute("SELECT type FROM events WHERE subject = ? ORDER BY seq", [case_id])]
    assert logged[-3:] == ["case.sanctioned", "case.paid", "case.goods_fate"]
    assert outcome(db, case_id) | {"case_id": None} == {
        "case_id": None, "decided_on": "2026-03-05", "fine_vnd": 40_000_000, "paid_vnd": 40_000_000,
        "fate": "destroyed", "proceeds_vnd": 0, "criminal": 0, "defendants": None}
    assert ledger.verify(db).ok


def test_steps_out_of_order_are_refused_and_change_nothing(db):
    case_id = seized(db)
    before = db.execute("SELECT COUNT(*) FROM events").fetchone()[0]
    with pytest.raises(InvalidInput):
        take(db, case_id, "paid", date(2026, 3, 5), amount_vnd="1000")
    with pytest.raises(InvalidInput):
        take(db, case_id, "prosecuted", date(2026, 3, 5), body="CQĐT Công an tỉnh", defendants="2")
    with pytest.raises(InvalidInput):  # goods leave custody only on a decision
        take(db, case_id, "goods_fate", date(2026, 3, 5), fate="auctioned")
    with pytest.raises(InvalidInput):  # dated before the case
        take(db, case_id, "referred", date(2026, 3, 1), body="police_investigation")
    with pytest.raises(InvalidInput):  # dated after today
        take(db, case_id, "referred", date(2026, 5, 1), body="police_investigation")
    with pytest.raises(NotFound):
        take(db, "no-such-case", "referred", date(2026, 3, 5), body="police_investigation")
    assert db.execute("SELECT COUNT(*) FROM events").fetchone()[0] == before


def test_prosecution_follows_a_referral_and_counts_its_defendants(db):
    case_id = seized(db)
    take(db, case_id, "referred", date(2026, 3, 3), body="police_investigation", goods_handed="200 hộp sữa")
    take(db, case_id, "prosecuted", date(2026, 3, 20), body="CQĐT Công an tỉnh Lạng Sơn", defendants="3")
    found = outcome(db, case_id)
    assert (found["criminal"], found["defendants"], found["decided_on"]) == (1, 3, "2026-03-03")


def test_a_later_decision_stands_in_for_an_earlier_one_and_payments_add_up(db):
    case_id = seized(db)
    take(db, case_id, "sanctioned", date(2026, 3, 5), signer="A", provision="P", fine_vnd="10000000")
    take(db, case_id, "sanctioned", date(2026, 3, 7), signer="A", provision="P", fine_vnd="30000000")
    take(db, case_id, "paid", date(2026, 3, 8), amount_vnd="10000000")
    take(db, case_id, "paid", date(2026, 3, 9), amount_vnd="20000000")
    found = outcome(db, case_id)
    assert (found["fine_vnd"], found["paid_vnd"]) == (30_000_000, 30_000_000)


def test_the_overdue_list_names_what_each_late_case_waits_for(db):
    undecided, unpaid, paid = seized(db), seized(db), seized(db)
    for case_id in (unpaid, paid):
        take(db, case_id, "sanctioned", date(2026, 3, 4), signer="A", provision="P", fine_vnd="5000000")
    take(db, paid, "paid", date(2026, 3, 6), amount_vnd="5000000")
    late = {row["case"]: row for row in decisions.overdue(db, None, date(2026, 3, 20))}
    assert late[undecided]["waiting_for"] == "decision" and late[undecided]["days_late"] == 20 - 9
    assert late[unpaid]["waiting_for"] == "payment" and late[unpaid]["due"] == "2026-03-14"
    # paid, but its confiscated goods have no fate yet: due 30 days after the decision, not late on the 20th
    assert paid not in late
    assert decisions.overdue(db, ["CHI_MA"], date(2026, 3, 20)) == []


@settings(max_examples=40, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(kind=st.sampled_from(decisions.STEPS),
       form=st.dictionaries(st.sampled_from(["number", "date", "fine_vnd", "body", "defendants", "amount_vnd",
                                             "fate", "signer", "provision", "proceeds_vnd"]),
                            st.text(max_size=30)))
def test_parse_refuses_with_invalid_input_or_gives_a_step_that_logs(kind, form):
    try:
        step = decisions.parse(kind, form, None)
    except InvalidInput:
        return
    assert step.kind == kind and step.number and step.day is not None
    assert ledger.events.parse(f"case.{kind}", {"number": step.number, "date": step.day.isoformat(), **step.detail})

"""The hub's projections: the tablet's own projection code replayed over what tablets upload."""
from __future__ import annotations

import json
from datetime import date
from decimal import Decimal
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from checkpoint import cases, decisions, inspections, ledger, seizures, sync, users
from checkpoint.hub import projections
from checkpoint.ledger.chain import PROJECTIONS
from checkpoint.patrols import custody
from tests.hub.conftest import interception, seized_case

CASE_FIGURES = ("id", "source", "gate", "local_date", "category", "subtype", "goods", "goods_value_vnd", "fine_vnd",
                "budget_vnd", "confiscated", "criminal", "defendants")


def synced(device: Any, server: Any) -> None:
    sync.run(device.db, server.url, device.evidence_dir, hub_public_key=server.public_key)


def hub_cases(server: Any, device_id: str | None = None) -> list[tuple[Any, ...]]:
    sql = f"SELECT {', '.join(CASE_FIGURES)}, counted FROM hub_cases"
    params = []
    if device_id:
        sql += " WHERE device_id = ?"
        params.append(device_id)
    return [tuple(r) for r in server.store.execute(sql + " ORDER BY id", params).fetchall()]


def tablet_cases(device: Any) -> list[tuple[Any, ...]]:
    return [(*tuple(r), 1) for r in device.db.execute(
        f"SELECT {', '.join(CASE_FIGURES)} FROM report_cases ORDER BY id").fetchall()]


def test_the_hub_counts_what_the_tablet_counts_through_corrections_and_voids(make_device, hub_server):
    device = make_device("a")
    first = seized_case(device, fine=5_000_000)
    second = seized_case(device, subtype="origin_fraud", fine=7_000_000, criminal=True, defendants=2)
    seized_case(device, subtype="counterfeit_goods")
    interception(device, violation="1")
    synced(device, hub_server)
    assert len(hub_cases(hub_server)) == 4
    assert hub_cases(hub_server) == tablet_cases(device)

    # A correction changes the case; a void of the verdict removes it; both reach the hub in later batches.
    inspections.correct_verdict(device.db, first, "seized", "", "fine was wrong", author="supervisor1",
                                case=cases.parse({"subtype": "smuggling", "fine_vnd": "9000000", "goods": "Sữa"}))
    verdict = device.db.execute("SELECT uuid FROM events WHERE subject = ? AND type = 'inspection.verdict'",
                                [second]).fetchone()[0]
    ledger.void(device.db, verdict, "entered on the wrong inspection", author="supervisor1")
    # The fine that counts is the one decided, not the one typed with the verdict.
    day = date.fromisoformat(device.db.execute("SELECT local_date FROM report_cases WHERE id = ?",
                                               [first]).fetchone()[0])
    decided = decisions.parse("sanctioned", {"number": "12/QĐ-XPHC", "date": day.strftime("%d/%m/%Y"),
                                             "signer": "Nguyễn Văn A", "provision": "NĐ 128/2020",
                                             "fine_vnd": "4000000"}, None)
    decisions.record(device.db, first, decided, author="supervisor1", today=day)
    synced(device, hub_server)
    assert hub_cases(hub_server) == tablet_cases(device)
    assert [c[5:9] for c in hub_cases(hub_server) if c[0] == first] == [("smuggling", "Sữa", 0, 4_000_000)]
    assert second not in [c[0] for c in hub_cases(hub_server)]


def test_rebuild_gives_what_the_batches_built(make_device, hub_server):
    device = make_device("a")
    for i in range(3):
        seized_case(device, fine=1_000_000 * (i + 1))
    interception(device)
    synced(device, hub_server)
    store = hub_server.store
    before = sorted(tuple(r) for r in store.execute("SELECT * FROM hub_cases").fetchall())
    rows_before = sorted(tuple(r) for r in store.execute("SELECT * FROM hub_rows").fetchall())
    store.execute("DELETE FROM hub_cases")
    replayed = projections.rebuild_all(store)
    assert {k: (n, failed) for k, (n, failed) in replayed.items()} == {device.id: (device.db.execute(
        "SELECT COUNT(*) FROM events").fetchone()[0], [])}
    assert sorted(tuple(r) for r in store.execute("SELECT * FROM hub_cases").fetchall()) == before
    assert sorted(tuple(r) for r in store.execute("SELECT * FROM hub_rows").fetchall()) == rows_before


def test_a_seizure_handed_over_and_recorded_by_a_second_tablet_counts_once(make_device, hub_server):
    patrol_tablet, station_tablet = make_device("patrol"), make_device("station")
    seized = interception(patrol_tablet)
    tag = seized["goods"][0]["tag"]
    synced(patrol_tablet, hub_server)
    # The station's officer names the evidence tag of the goods handed over in the case's goods.
    station_case = seized_case(station_tablet, goods=f"Thuốc lá điếu Jet, tang vật {tag.lower()}")
    other = seized_case(station_tablet, goods="Pháo nổ")
    synced(station_tablet, hub_server)
    rows = {c[0]: c[-1] for c in hub_cases(hub_server)}
    assert rows == {seized["uuid"]: 1, station_case: 0, other: 1}


def test_an_event_the_hub_cannot_project_is_alerted_and_the_rest_counted(make_device, hub_server):
    device = make_device("a")
    seized_case(device)
    rows = [list(r) for r in device.db.execute(f"{ledger.SELECT_EVENTS} ORDER BY seq").fetchall()]
    # A verdict for an inspection the hub never saw start: the tablet's projection fails on it.
    orphan = [rows[1][0], rows[1][1], *rows[1][2:4], "no-such-inspection", *rows[1][5:]]
    projected = projections.replay([rows[0], orphan])
    assert [seq for seq, _ in projected.failed] == [rows[1][0]]
    assert projected.cases == []


JSON = st.recursive(st.none() | st.booleans() | st.integers() | st.text(max_size=20),
                    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=10), inner,
                                                                               max_size=4), max_leaves=10)


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(sorted(PROJECTIONS)), st.sampled_from(["s1", "s2", None]),
                          st.one_of(JSON, st.text(max_size=30))), max_size=6))
def test_any_events_are_replayed_or_listed_as_failed_never_raised(events):
    rows = [[seq, f"u{seq}", "d", kind, subject, text if isinstance(text, str) else json.dumps(text), None,
             "2026-12-03T10:00:00+00:00", seq, "0" * 64, "h"] for seq, (kind, subject, text) in enumerate(events, 1)]
    projected = projections.replay(rows)
    assert {seq for seq, _ in projected.failed} <= set(range(1, len(rows) + 1))


@given(st.text(max_size=40), st.text(alphabet="0123456789ABCDEFabcdef", min_size=10, max_size=10),
       st.text(max_size=40))
def test_an_evidence_tag_is_found_in_any_text_around_it(before, digits, after):
    text = f"{before} EV-{digits} {after}"
    found = projections.TAG.search(text)
    assert found is not None and found[0].upper().startswith("EV-")


def test_a_photo_whose_reading_is_no_object_does_not_stop_the_replay():
    started = {"gate": "HUU_NGHI", "lane": "", "direction": "import", "plates": ["12C-1"], "container": "",
               "declared_goods": "", "declared_origin": "", "local_date": "2026-12-03"}
    photo = {"sha256": "a" * 64, "filename": "p.jpg", "media_type": "image/jpeg", "bytes": 1, "width": 1,
             "height": 1, "codes": [], "document": [1, 2]}
    verdict = {"verdict": "seized", "note": "", "case": {
        "subtype": "smuggling", "focus_group": "other", "goods": "x", "goods_value_vnd": 1, "fine_vnd": 1,
        "budget_vnd": 1, "confiscated": True, "criminal": False, "defendants": 0, "category": 1}}
    rows = [[seq, f"u{seq}", "d", kind, "s", json.dumps(payload), "o", "2026-12-03T10:00:00+00:00", seq, "0" * 64, "h"]
            for seq, (kind, payload) in enumerate((("inspection.started", started), ("inspection.photo_added", photo),
                                                   ("inspection.verdict", verdict)), 1)]
    projected = projections.replay(rows)
    assert [c["id"] for c in projected.cases] == ["s"]


def test_a_cases_decisions_reach_the_hub_with_their_subject(make_device, hub_server):
    device = make_device("a")
    case_id = seized_case(device, fine=0)
    opened = date.fromisoformat(device.db.execute("SELECT local_date FROM report_cases WHERE id = ?",
                                                  [case_id]).fetchone()[0])
    step = decisions.parse("sanctioned", {"number": "12/QĐ-XPHC", "date": opened.strftime("%d/%m/%Y"),
                                          "signer": "Đội trưởng", "provision": "NĐ 98/2020", "fine_vnd": "40000000"},
                           None)
    decisions.record(device.db, case_id, step, author="super1", today=opened)
    synced(device, hub_server)
    rows = [json.loads(r[0]) for r in hub_server.store.execute(
        "SELECT row FROM hub_rows WHERE subject = ? AND tbl = 'case_steps'", [case_id]).fetchall()]
    assert [(r["kind"], r["number"]) for r in rows] == [("sanctioned", "12/QĐ-XPHC")]
    assert {"approval.requested", "case.sanctioned", "screening.adjudicated"} <= set(PROJECTIONS)


def test_a_gate_seizures_goods_and_hand_overs_reach_the_hub_with_their_case(make_device, hub_server):
    device = make_device("a")
    case_id = seized_case(device, fine=0)
    lines = seizures.parse_lines([{"description": "Sữa bột Aptamil", "kind": "milk", "quantity": "120",
                                   "unit": "hộp"}], max_lines=10)
    seizures.tag(device.db, case_id, lines, author="officer1")
    goods_id, tag = device.db.execute("SELECT id, tag FROM seized_goods WHERE inspection = ?", [case_id]).fetchone()
    users.create(device.db, "keeper1", "officer", "a long enough password", "HUU_NGHI")
    custody.offer(device.db, case_id, "warehouse", [(tag, Decimal(120))], receiver="keeper1", place="Kho Đồng Đăng",
                  note="", author="officer1")
    synced(device, hub_server)
    rows = {tbl: [json.loads(r) for (r,) in hub_server.store.execute(
        "SELECT row FROM hub_rows WHERE subject = ? AND tbl = ?", [case_id, tbl]).fetchall()]
        for tbl in ("seized_goods", "handovers")}
    assert [(r["id"], r["tag"], r["quantity"]) for r in rows["seized_goods"]] == [(goods_id, tag, 120)]
    assert [(r["tag"], r["receiver"], r["confirmed_utc"]) for r in rows["handovers"]] == [(tag, "keeper1", None)]

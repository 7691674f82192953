"""The hub's projections: the tablet's own projection code replayed over what tablets upload."""
from __future__ import annotations

from typing import Any

from checkpoint import cases, inspections, ledger, sync
from checkpoint.hub import projections
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
    synced(device, hub_server)
    assert hub_cases(hub_server) == tablet_cases(device)
    assert [c[8] for c in hub_cases(hub_server) if c[0] == first] == [9_000_000]
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

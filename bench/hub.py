"""Headquarters at a province's scale: a year of 3 gates × 30 tablets in PostgreSQL, and the 389 report over it.

    nice -n 5 .venv/bin/python bench/hub.py [--events 200000] [--tablets-per-gate 30] [--pg URL] [--seed 17]

Fills a fresh database (dropped afterwards) with COPY, seeded: every tablet's chained events over the year
(inspections started, photos, checks, verdicts; patrols, tracks, interceptions) and the projections' rows the
receiver would have made of them (hub_cases; hub_rows is left empty: neither the report nor the search reads it).
Then times the 389 report for every unit (report389.build over hub.figures.counter: five counts, for the period,
the previous one, a year earlier, the year to date and the campaign to date) for a month and for the year, beside
the peer: one plain SQL GROUP BY (category, criminal) over the same hub_cases rows for the same period, and the same
GROUP BY read from the events' own payloads (no projection). The totals of all three are checked equal. Last, the
console's case search across the province. --pg defaults to $CHECKPOINT_TEST_PG_URL (source scripts/postgres). The
issue's size is --events 2000000.
"""
from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import time
import uuid
from collections.abc import Callable, Iterator
from datetime import UTC, date, datetime, timedelta, timezone
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import psycopg  # noqa: E402

from checkpoint import ledger  # noqa: E402
from checkpoint.hub import console, figures, projections  # noqa: E402
from checkpoint.hub.store import Store  # noqa: E402
from checkpoint.reports import periods, report389  # noqa: E402

GATES = ("HUU_NGHI", "TAN_THANH", "CHI_MA")
SUBTYPES = {1: ("smuggling", "prohibited_goods"), 2: ("origin_fraud", "undervaluation"), 3: ("counterfeit_goods",)}
EVENT_COLUMNS = ("device_id", "seq", "uuid", "type", "subject", "payload", "author", "created_utc", "mono_ns",
                 "prev_hash", "hash", "received_utc")
CASE_COLUMNS = ("device_id", *projections.CASE_COLUMNS, "unit", "force", "tag", "counted", "search")
LOCAL = timezone(timedelta(hours=7))


class Tablet:
    """One tablet's chain: numbered, linked and hashed as the tablet's log does it."""

    def __init__(self, device_id: str) -> None:
        self.id = device_id
        self.seq = 0
        self.prev = ledger.GENESIS

    def event(self, type_: str, subject: str, payload: dict[str, Any], at: datetime) -> list[Any]:
        self.seq += 1
        row: list[Any] = [self.seq, str(uuid.uuid4()), self.id, type_, subject, ledger.canonical(payload), "officer1",
               at.isoformat(), self.seq * 1000, self.prev]
        row.append(ledger.chain_hash(row))
        self.prev = row[10]
        return [self.id, *row[:2], *row[3:], at.isoformat()]


def inspection(tablet: Tablet, gate: str, at: datetime, rng: random.Random) -> tuple[list[list[Any]], dict | None]:
    """Five events: started, two photos, checked, verdict; one verdict in eight a seizure with its case."""
    subject = str(uuid.uuid4())
    local = at.astimezone(LOCAL).date().isoformat()
    plate = f"12C-{rng.randrange(100, 999)}.{rng.randrange(10, 99)}"
    rows = [tablet.event("inspection.started", subject, {
        "gate": gate, "lane": "", "direction": "import", "plates": [plate], "container": "",
        "declared_goods": "Quả thanh long", "declared_origin": "CN", "local_date": local}, at)]
    for n in range(2):
        rows.append(tablet.event("inspection.photo_added", subject, {
            "sha256": f"{rng.getrandbits(256):064x}", "filename": f"p{n}.jpg", "media_type": "image/jpeg",
            "bytes": 200_000, "width": 1600, "height": 1200, "codes": [], "document": None},
            at + timedelta(seconds=30 + n)))
    rows.append(tablet.event("inspection.checked", subject, {
        "findings": [], "risk": {"channel": "green", "score": 0, "reasons": [], "random": False},
        "watchlist_version": "hq@1"}, at + timedelta(seconds=40)))
    case = None
    if rng.random() < 1 / 8:
        category = rng.choice((1, 1, 2, 2, 3))
        criminal = rng.random() < 0.05
        fine = rng.randrange(1, 200) * 1_000_000
        case = {"subtype": rng.choice(SUBTYPES[category]), "focus_group": "other", "goods": "Sữa bột",
                "goods_value_vnd": rng.randrange(1, 500) * 1_000_000, "fine_vnd": fine, "budget_vnd": fine,
                "confiscated": True, "criminal": criminal, "defendants": rng.randrange(1, 4) if criminal else 0,
                "category": category}
    closed = at + timedelta(minutes=20)
    rows.append(tablet.event("inspection.verdict", subject, {
        "verdict": "seized" if case else "cleared", "note": "", **({"case": case} if case else {})}, closed))
    if case is None:
        return rows, None
    return rows, {"device_id": tablet.id, "id": subject, "source": "inspection", "gate": gate, "local_date": local,
                  "officer": "officer1", "recorded_utc": closed.isoformat(), **case, "tag": None,
                  "search": f"{plate} {case['goods']}".casefold()}


def patrol(tablet: Tablet, gate: str, at: datetime, rng: random.Random) -> tuple[list[list[Any]], dict | None]:
    """Five events: started, two tracks, one interception (a seizure, classified two times in three), ended."""
    subject, stopped = str(uuid.uuid4()), str(uuid.uuid4())
    local = at.astimezone(LOCAL).date().isoformat()
    rows = [tablet.event("patrol.started", subject, {"gate": gate, "team": ["patrol1"], "note": "",
                                                     "local_date": local}, at)]
    for n in range(2):
        rows.append(tablet.event("patrol.track", subject, {"points": [
            {"at": (at + timedelta(minutes=n)).isoformat(), "lat": 21.97, "lon": 106.7, "accuracy": 5.0}]},
            at + timedelta(minutes=n)))
    violation = rng.choice((1, 1, 3, None))
    value = rng.randrange(1, 100) * 1_000_000
    goods_id = str(uuid.uuid4())
    tag = f"EV-{goods_id.replace('-', '')[:10].upper()}"
    rows.append(tablet.event("interception.logged", stopped, {
        "patrol": subject, "gate": gate, "local_date": local, "lat": 21.97, "lon": 106.7, "accuracy": 5.0,
        "place": "", "place_note": "", "violation": violation, "action": "seized", "vehicles": [], "note": "",
        "persons": [], "goods": [{"id": goods_id, "line": 1, "description": "Thuốc lá điếu", "kind": "other",
                                  "quantity": 50, "unit": "cây", "value_vnd": value, "tag": tag}]},
        at + timedelta(minutes=5)))
    rows.append(tablet.event("patrol.ended", subject, {}, at + timedelta(minutes=30)))
    return rows, {"device_id": tablet.id, "id": stopped, "source": "interception", "gate": gate, "local_date": local,
                  "officer": "officer1", "recorded_utc": (at + timedelta(minutes=5)).isoformat(),
                  "category": violation, "subtype": None, "focus_group": "other", "goods": "Thuốc lá điếu",
                  "goods_value_vnd": value, "fine_vnd": 0, "budget_vnd": 0, "confiscated": True, "criminal": False,
                  "defendants": 0, "tag": tag, "search": f"thuốc lá điếu {tag.lower()}"}


def generate(events: int, tablets_per_gate: int, year: int, seed: int) -> Iterator[tuple[list[list[Any]], dict | None]]:
    """Each tablet's year, in its own time order: inspections at its gate, a patrol every tenth piece of work."""
    rng = random.Random(seed)
    start = datetime(year, 1, 1, tzinfo=LOCAL).astimezone(UTC)
    tablets = [(Tablet(f"{gate}-{n:02d}"), gate) for gate in GATES for n in range(tablets_per_gate)]
    works = events // 5 // len(tablets)
    step = timedelta(days=365) / max(works, 1)
    for tablet, gate in tablets:
        for n in range(works):
            at = start + step * n + timedelta(seconds=rng.randrange(0, max(int(step.total_seconds()), 1)))
            yield (patrol if n % 10 == 9 else inspection)(tablet, gate, at, rng)


def fill(store: Store, url: str, events: int, tablets_per_gate: int, year: int, seed: int) -> tuple[int, int]:
    cases: list[list[Any]] = []
    written = 0
    with psycopg.connect(url) as conn:
        with conn.cursor() as cursor, cursor.copy(f"COPY events ({', '.join(EVENT_COLUMNS)}) FROM STDIN") as copy:
            for rows, case in generate(events, tablets_per_gate, year, seed):
                for row in rows:
                    copy.write_row(row)
                written += len(rows)
                if case is not None:
                    cases.append([int(case[k]) if isinstance(case[k], bool) else case[k] for k in CASE_COLUMNS[:-5]]
                                 + [*projections.unit_and_force(None, case["gate"], case["source"]), case["tag"], 1,
                                    case["search"]])
        with conn.cursor() as cursor, cursor.copy(f"COPY hub_cases ({', '.join(CASE_COLUMNS)}) FROM STDIN") as copy:
            for values in cases:
                copy.write_row(values)
        conn.execute("INSERT INTO devices (device_id, public_key, registered_utc, last_seen_utc, contiguous_seq)"
                     " SELECT device_id, 'bench', MIN(received_utc), MAX(received_utc), MAX(seq) FROM events"
                     " GROUP BY device_id")
    store.execute("ANALYZE")
    return written, len(cases)


def best(fn: Callable[[], Any], runs: int = 3) -> tuple[float, Any]:
    times, result = [], None
    for _ in range(runs):
        started = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - started)
    return statistics.median(times), result


PEER_SQL = ("SELECT category, criminal, COUNT(*), SUM(fine_vnd), SUM(goods_value_vnd), SUM(budget_vnd),"
            " SUM(defendants) FROM hub_cases WHERE local_date BETWEEN %s AND %s GROUP BY category, criminal")
EVENTS_SQL = ("SELECT (v.payload::jsonb->'case'->>'category')::int, (v.payload::jsonb->'case'->>'criminal')::boolean,"
              " COUNT(*), SUM((v.payload::jsonb->'case'->>'fine_vnd')::bigint) FROM events v"
              " JOIN events s ON s.device_id = v.device_id AND s.subject = v.subject AND s.type = 'inspection.started'"
              " WHERE v.type = 'inspection.verdict' AND v.payload::jsonb ? 'case'"
              " AND s.payload::jsonb->>'local_date' BETWEEN %s AND %s GROUP BY 1, 2")
"""The inspections' cases read from the events themselves: each verdict's case, on its inspection's local day."""


def measure(store: Store, url: str, label: str, period: periods.Period) -> None:
    ours, report = best(lambda: report389.build(figures.counter(store), None, period))
    with psycopg.connect(url) as conn:
        peer, peer_rows = best(lambda: conn.execute(PEER_SQL, [period.start.isoformat(),
                                                               period.end.isoformat()]).fetchall())
        raw, raw_rows = best(lambda: conn.execute(EVENTS_SQL, [period.start.isoformat(),
                                                                period.end.isoformat()]).fetchall(), runs=1)
        inspected = conn.execute("SELECT COUNT(*) FROM hub_cases WHERE source = 'inspection' AND local_date"
                                 " BETWEEN %s AND %s", [period.start.isoformat(), period.end.isoformat()]).fetchone()
    total = report.total()
    assert total is not None and total.cases == sum(r[2] for r in peer_rows), "the report and the peer disagree"
    assert inspected is not None and inspected[0] == sum(r[2] for r in raw_rows), "projections and events disagree"
    print(f"{label:<6} {period.start:%d/%m/%Y}–{period.end:%d/%m/%Y}: {total.cases:>8,} cases"
          f" | ours (389 report, all units, 5 columns) {ours:7.3f} s"
          f" | peer GROUP BY hub_cases {peer:7.3f} s (ratio {ours / peer:5.1f}×)"
          f" | GROUP BY events' payloads {raw:7.3f} s ({sum(r[2] for r in raw_rows):,} inspections' cases)")


def measure_search(url: str) -> None:
    """The console's case list, searched across the province by a plate fragment (console.search_filter)."""
    where, params = console.search_filter(None, "12c-45", None, None, "")
    sql = (f"SELECT device_id, id, local_date FROM hub_cases WHERE {where}"
           f" ORDER BY local_date DESC, recorded_utc DESC LIMIT {console.PAGE_SIZE + 1}").replace("?", "%s")
    with psycopg.connect(url) as conn:
        took, rows = best(lambda: conn.execute(sql, params).fetchall())
    print(f"search '12c-45' over every case of the year: {len(rows)} shown (page of {console.PAGE_SIZE}) in"
          f" {took:.3f} s")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=200_000)
    parser.add_argument("--tablets-per-gate", type=int, default=30)
    parser.add_argument("--year", type=int, default=2026)
    parser.add_argument("--seed", type=int, default=17)
    parser.add_argument("--pg", default=os.environ.get("CHECKPOINT_TEST_PG_URL"))
    args = parser.parse_args()
    if not args.pg:
        sys.exit("bench/hub.py needs PostgreSQL: source scripts/postgres, or give --pg URL")
    name = f"bench_hub_{uuid.uuid4().hex[:8]}"
    with psycopg.connect(args.pg, autocommit=True) as admin:
        admin.execute(f"CREATE DATABASE {name}")
    url = args.pg.rsplit("/", 1)[0] + "/" + name
    try:
        store = Store(url)
        store.migrate()
        started = time.perf_counter()
        events, cases = fill(store, url, args.events, args.tablets_per_gate, args.year, args.seed)
        print(f"filled {events:,} events of {len(GATES) * args.tablets_per_gate} tablets and {cases:,} hub_cases"
              f" rows in {time.perf_counter() - started:.1f} s (seed {args.seed})")
        measure(store, url, "month", periods.period("month", date(args.year, 6, 20)))
        measure(store, url, "year", periods.period("year", date(args.year, 6, 20)))
        measure_search(url)
        store.close()
    finally:
        with psycopg.connect(args.pg, autocommit=True) as admin:
            admin.execute(f"DROP DATABASE {name} WITH (FORCE)")


if __name__ == "__main__":
    main()

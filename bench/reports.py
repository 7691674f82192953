"""Report speed on a generated log of 1,000,000 events across 3 gates and 2 years.

Prints seconds for a daily log, a month's 389 summary, a year's XLSX, and the 389 report of a unit for a
reporting month and of every unit for a year (five columns each: the period, the previous, a year earlier, year
and campaign to date) as PDF, beside a plain sqlite3 GROUP BY over the same rows (the peer), and the ratio.
Run: .venv/bin/python bench/reports.py [--events N]
"""
from __future__ import annotations

import argparse
import hashlib
import json
import random
import shutil
import sqlite3
import sys
import tempfile
import time
import uuid
from datetime import date, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from checkpoint import create_app, reports  # noqa: E402
from checkpoint.cases import subtypes  # noqa: E402
from checkpoint.ledger import GENESIS, canonical  # noqa: E402
from checkpoint.reports import export389, periods, report389, tablet389
from checkpoint.reports import formats as report_formats
from checkpoint.store import migrations
from checkpoint.store.db import atomic, connect  # noqa: E402

GATES = ("HUU_NGHI", "TAN_THANH", "CHI_MA")
FIRST_DAY = date(2024, 12, 1)
DAYS = 730
TZ = "Asia/Ho_Chi_Minh"


def generate(path: Path, events: int, seed: int = 1) -> None:
    """Inspections of three events each (started, photo, verdict), a fifth of them cases, hash-chained."""
    app = create_app({"DATABASE": str(path), "SECRET_KEY": "bench", "LOAD_DEMO_DATA": False},
                     instance_path=str(path.parent / "instance"))
    db = connect(app.config["DATABASE"])
    device = db.execute("SELECT id FROM device").fetchone()[0]
    rng = random.Random(seed)
    codes = list(subtypes())
    prev, seq = GENESIS, 0
    event_rows, inspection_rows, case_rows = [], [], []
    for _ in range(events // 3):
        subject = str(uuid.uuid4())
        day = FIRST_DAY + timedelta(days=rng.randrange(DAYS))
        gate = rng.choice(GATES)
        officer = f"{gate.lower()}-{rng.randrange(8)}"
        started = f"{day.isoformat()}T0{rng.randrange(10)}:{rng.randrange(10, 60)}:00+00:00"
        verdict = rng.choice(("cleared", "cleared", "cleared", "held", "seized"))
        for kind, payload in (("inspection.started", {"gate": gate, "local_date": day.isoformat()}),
                              ("inspection.photo_added", {"sha256": hashlib.sha256(subject.encode()).hexdigest()}),
                              ("inspection.verdict", {"verdict": verdict, "note": ""})):
            seq += 1
            fields = {"seq": seq, "uuid": str(uuid.uuid4()), "device_id": device, "type": kind, "subject": subject,
                      "payload": payload, "author": officer, "created_utc": started, "mono_ns": seq, "prev_hash": prev}
            prev = hashlib.sha256(canonical(fields).encode()).hexdigest()
            event_rows.append((seq, fields["uuid"], device, kind, subject, canonical(payload), officer, started, seq,
                               fields["prev_hash"], prev))
        inspection_rows.append((subject, gate, "1", "import", json.dumps(["12C-123.45"]), "", "Sữa bột", "",
                                officer, started, day.isoformat(), verdict, "", started,
                                rng.choice(("green", "yellow", "red"))))
        if verdict == "seized":
            code = rng.choice(codes)
            case_rows.append((subject, gate, day.isoformat(), officer, started, int(subtypes()[code]["category"]), code,
                              "milk", "Sữa bột", rng.randrange(10**9), rng.randrange(10**8), rng.randrange(10**8),
                              1, int(rng.random() < 0.1), 0))
    db.execute("PRAGMA synchronous=OFF")  # generation only: the measured reads are what matter
    with atomic(db):
        db.conn.executemany("INSERT INTO events VALUES (?,?,?,?,?,?,?,?,?,?,?)", event_rows)
        db.conn.executemany("INSERT INTO inspections (uuid, gate, lane, direction, plates, container, declared_goods,"
                            " declared_origin, officer, started_utc, local_date, verdict, verdict_note, closed_utc,"
                            " risk_channel) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)", inspection_rows)
        db.conn.executemany("INSERT INTO cases VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)", case_rows)
    db.conn.close()


def timed(fn, repeat: int = 3) -> float:
    best = float("inf")
    for _ in range(repeat):
        started = time.perf_counter()
        fn()
        best = min(best, time.perf_counter() - started)
    return best


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--events", type=int, default=1_000_000)
    args = parser.parse_args()
    folder = Path(tempfile.gettempdir()) / f"checkpoint-bench-reports-{args.events}"
    path, done = folder / "bench.db", folder / "complete"
    if not done.exists():
        shutil.rmtree(folder, ignore_errors=True)
        folder.mkdir()
        started = time.perf_counter()
        generate(path, args.events)
        done.touch()
        print(f"generated {args.events:,} events in {time.perf_counter() - started:.1f} s ({path})")
    db = connect(path)
    migrations.apply(db)  # a database generated by an older checkout gains the newer tables and views
    plain = sqlite3.connect(path)
    day = FIRST_DAY + timedelta(days=400)
    month = (date(2025, 10, 1), date(2025, 10, 31))
    year = (date(2025, 1, 1), date(2025, 12, 31))

    rows = []
    ours = timed(lambda: reports.daily_log(db, ["HUU_NGHI"], day, day, TZ))
    peer = timed(lambda: plain.execute("SELECT * FROM inspections WHERE local_date = ? AND gate = ?",
                                       [day.isoformat(), "HUU_NGHI"]).fetchall())
    rows.append(("daily log, one gate", ours, peer, 0.5))
    ours = timed(lambda: reports.summary(db, None, *month))
    peer = timed(lambda: plain.execute(
        "SELECT category, COUNT(*), SUM(fine_vnd), SUM(goods_value_vnd), SUM(budget_vnd), SUM(criminal),"
        " SUM(defendants) FROM cases WHERE local_date BETWEEN ? AND ? GROUP BY category",
        [m.isoformat() for m in month]).fetchall())
    rows.append(("month 389 summary, all gates", ours, peer, 1.0))
    ours = timed(lambda: report_formats.to_xlsx(reports.build(db, ["HUU_NGHI"], *year, TZ)), repeat=1)
    peer = timed(lambda: plain.execute("SELECT * FROM inspections WHERE local_date BETWEEN ? AND ? AND gate = ?",
                                       [year[0].isoformat(), year[1].isoformat(), "HUU_NGHI"]).fetchall(), repeat=1)
    rows.append(("year XLSX, one gate", ours, peer, 10.0))

    heading = export389.Heading(day=year[1])

    def group_by(periods_asked: list[periods.Period | None]) -> None:
        for asked in periods_asked:
            if asked is not None:
                plain.execute("SELECT gate, category, criminal, COUNT(*), SUM(fine_vnd), SUM(goods_value_vnd),"
                              " SUM(budget_vnd), SUM(defendants) FROM cases WHERE local_date BETWEEN ? AND ?"
                              " GROUP BY gate, category, criminal",
                              [asked.start.isoformat(), asked.end.isoformat()]).fetchall()

    for name, unit, asked, target in (
            ("389 report, reporting month, a unit", "HQ_HUU_NGHI", periods.period("reporting_month", month[1], 15),
             1.0),
            ("389 report PDF, year, every unit", None, periods.period("year", year[1]), 10.0)):
        ours = timed(lambda unit=unit, asked=asked: export389.to_pdf(tablet389.build(db, unit, asked), heading)
                     if unit is None else tablet389.build(db, unit, asked))
        built = report389.build(report389.tablet_count(db), unit, asked)
        peer = timed(lambda built=built: group_by(list(built.periods.values())))
        rows.append((name, ours, peer, target))

    count = plain.execute("SELECT COUNT(*) FROM events").fetchone()[0]
    print(f"{count:,} events, {plain.execute('SELECT COUNT(*) FROM inspections').fetchone()[0]:,} inspections")
    print(f"{'measure':38} {'ours s':>8} {'sqlite3 s':>10} {'ratio':>7} {'target s':>9}")
    for name, ours, peer, target in rows:
        verdict = "ok" if ours <= target else "MISSED"
        print(f"{name:38} {ours:8.3f} {peer:10.3f} {ours / peer:7.1f} {target:9.1f} {verdict}")


if __name__ == "__main__":
    main()

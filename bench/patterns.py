"""How often the leaders' patterns mark the officer who lets pass reds far more often than their peers, and how
often they mark one who does not, over seeded months of inspections at one gate.

Each month: three officers, one to three inspections each a day, channels drawn green/yellow/red 5:3:2, a fifth
of the non-green ones drawn at random. Two officers let pass a fifth and a quarter of their reds; the third lets
pass three quarters (three times the gate's usual). Marked = patterns.patterns puts 'red_let_pass' in the
officer's outliers.

Tune on seeds 0–99; report on seeds from 1000.
Run: .venv/bin/python -m bench.patterns [--seeds 1000:1030] (as a module: bench/ocr.py would shadow the ocr package)
"""
from __future__ import annotations

import argparse
import random
import tempfile
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import sqlite_utils

from checkpoint import cases, create_app, inspections, ledger, patterns
from checkpoint.checks.risk import Risk
from checkpoint.store.db import connect

TZ = "Asia/Ho_Chi_Minh"
MONTH = [date(2026, 11, 1) + timedelta(days=i) for i in range(30)]
LET_PASS_RED = {"officer-a": 0.2, "officer-b": 0.25, "officer-c": 0.75}
"""How often each officer lets a red truck pass: c at three times the gate's usual."""


def seeded_month(db: sqlite_utils.Database, seed: int) -> list[dict[str, Any]]:
    """A month of closed inspections at HUU_NGHI; returns what was recorded, for an independent count."""
    rng = random.Random(seed)
    made = []
    for day in MONTH:
        for officer, let_pass in LET_PASS_RED.items():
            for _ in range(rng.randrange(1, 4)):
                inspection = inspections.start(db, inspections.NewInspection(
                    gate="HUU_NGHI", direction="import", plates=(f"12C-{rng.randrange(10000, 99999)}",)),
                    author=officer, tz=TZ, on=day)
                channel = rng.choices(["green", "yellow", "red"], [5, 3, 2])[0]
                drawn = channel != "green" and rng.random() < 0.2
                inspections.record_checks(db, inspection, [], Risk(channel, 0, (), random=drawn), "demo",
                                          author=officer)
                if channel == "red":
                    verdict = "cleared" if rng.random() < let_pass else "seized"
                else:
                    verdict = rng.choice(["cleared", "cleared", "held"])
                case = cases.parse({"subtype": "smuggling", "focus_group": "milk"}) if verdict == "seized" else None
                # The verdict as its event: a red let pass stands for one a leader approved (approvals.py, and the
                # core's refusal in tests/test_verdict_core.py); what is weighed here is the pattern in the log.
                ledger.record(db, "inspection.verdict", {"verdict": verdict, "note": "",
                                                         **({"case": case.as_dict()} if case else {})},
                              author=officer, subject=inspection)
                made.append({"officer": officer, "channel": channel, "verdict": verdict, "random": drawn,
                             "day": day})
    return made


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seeds", default="1000:1030", help="first:last+1 (default 1000:1030)")
    first, last = (int(n) for n in parser.parse_args().seeds.split(":"))
    marked = others = 0
    with tempfile.TemporaryDirectory() as folder:
        for seed in range(first, last):
            where = Path(folder) / str(seed)
            app = create_app({"SECRET_KEY": "bench", "PASSWORD_HASH_COST": "test", "DATABASE": str(where / "c.db"),
                              "EVIDENCE_DIR": str(where / "evidence")}, instance_path=str(where / "instance"))
            db = connect(app.config["DATABASE"])
            seeded_month(db, seed)
            rows = {r.officer: r for r in patterns.patterns(db, None, MONTH[0], MONTH[-1])}
            marked += "red_let_pass" in rows["officer-c"].outliers
            others += sum(bool(rows[o].outliers) for o in ("officer-a", "officer-b"))
            db.conn.close()
    months = last - first
    print(f"seeds {first}:{last}: the 3x officer marked in {marked}/{months} months ({marked / months:.0%}); "
          f"peers marked {others}/{2 * months} times")


if __name__ == "__main__":
    main()

"""The checks on generated shipments with planted faults, and on clean ones, fed two ways in one run.

`true values`: each paper built from the generator's truth at confidence 1 (what a perfect reader gives),
so a miss or a false alarm there is the checks' own. `read`: the same papers drawn and photographed by
bench/docgen, then read by ocr.read as the app reads them; the difference between the two is the reading's.

Each seed gives a clean shipment and one with a fault planted by bench/shipments.py (cycling through its
FAULTS). The watchlist holds 600 companies of other generated shipments (same generator, so near misses)
plus the planted listings. Prints recall per fault (found = the planted rule at its severity or worse),
the share of clean shipments with any high or medium finding (and which rules gave them), and channel
accuracy (clean = green, a fault = the channel its severity calls for, no random selection).

Tune on seeds 0–99; report on seeds from 1000 never inspected one by one.
Run: .venv/bin/python bench/checks.py [--seeds 1000:1210] [--read 40]
"""
from __future__ import annotations

import argparse
import csv
import hashlib
import io
import json
import pickle
import random
import sys
import time
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import numpy as np  # noqa: E402

import ocr  # noqa: E402
from bench import shipments as planting  # noqa: E402
from bench.docgen import shipment  # noqa: E402
from checkpoint import checks, watchlist  # noqa: E402
from checkpoint.checks import risk
from checkpoint.models import SEVERITIES, Finding  # noqa: E402
from checkpoint.store import migrations
from checkpoint.store.db import connect  # noqa: E402
from checkpoint.watchlist.screening import Entry, Index  # noqa: E402

NO_RANDOM = risk.Policy(random_yellow=0.0, random_red=0.0)
COLUMNS = ("kind", "name", "tax_code", "plate", "gtin", "id_number", "co_reference", "note")


def seeds(text: str) -> range:
    start, _, stop = text.partition(":")
    return range(int(start), int(stop))


def background(evaluated: Iterable[int], size: int = 300) -> list[dict[str, str]]:
    """Companies of other generated shipments that screening does not take for a party of a shipment under
    test (the generator draws names from a small stock: another seed's company may be the same one)."""
    # bench/shipments.py plants another seed's party as a wrong seller or buyer: those are no listing either.
    tested = [s + offset for s in evaluated for offset in (0, planting.OTHER_PARTY)]
    parties = Index([Entry(str(n), "parties", "", "company", shipment(s)["parties"][who]["name"])
                     for n, (s, who) in enumerate((s, w) for s in tested for w in ("seller", "buyer"))])
    rows = []
    for seed in range(10**6, 10**6 + size):
        for who in ("seller", "buyer"):
            name = shipment(seed)["parties"][who]["name"]
            if not parties.screen(name, "name", 0.8):
                rows.append({"kind": "company", "name": name, "note": "background"})
    return rows


def as_csv(rows: list[dict[str, str]]) -> str:
    out = io.StringIO()
    writer = csv.DictWriter(out, COLUMNS)
    writer.writeheader()
    writer.writerows([{c: r.get(c, "") for c in COLUMNS} for r in rows])
    return out.getvalue()


class Lists:
    """One database: the background list, and a list 'planted' replaced before each shipment."""

    def __init__(self, rows: list[dict[str, str]]) -> None:
        self.db = connect(":memory:")
        migrations.apply(self.db)
        watchlist.import_text(self.db, as_csv(rows), "background", source="bench")

    def context(self, planted: list[dict[str, str]]) -> checks.Context:
        # A clean shipment's version of the list holds one certificate number no paper carries.
        rows = planted or [{"kind": "document", "co_reference": "BENCH-NONE-0000", "note": "placeholder"}]
        watchlist.import_text(self.db, as_csv(rows), "planted", source="bench")
        return checks.Context(self.db)


def found(findings: list[Finding], planted: planting.Planted) -> bool:
    worst = SEVERITIES.index(planted.severity)
    return any(f.rule == planted.rule and SEVERITIES.index(f.severity) <= worst for f in findings)


def alarming(findings: list[Finding]) -> list[Finding]:
    return [f for f in findings if f.severity in ("high", "medium")]


class Tally:
    def __init__(self) -> None:
        self.caught: dict[str, list[bool]] = defaultdict(list)
        self.noted: dict[str, list[bool]] = defaultdict(list)
        self.clean_alarms: list[bool] = []
        self.alarm_rules: Counter[str] = Counter()
        self.channels: list[bool] = []

    def clean(self, findings: list[Finding]) -> None:
        alarms = alarming(findings)
        self.clean_alarms.append(bool(alarms))
        self.alarm_rules.update(f"{f.rule}/{f.evidence.get('field', '')}" for f in alarms)
        self.channels.append(risk.assess(findings, NO_RANDOM).channel == "green")

    def faulty(self, findings: list[Finding], planted: planting.Planted) -> None:
        self.caught[planted.fault].append(found(findings, planted))
        self.noted[planted.fault].append(any(f.rule == planted.rule for f in findings))
        expected = planting.channel_of(planted.severity)
        self.channels.append(risk.assess(findings, NO_RANDOM).channel == expected)

    def recall(self) -> float:
        flat = [c for v in self.caught.values() for c in v]
        return sum(flat) / max(1, len(flat))


def run(cases: list[tuple[dict[str, Any], planting.Planted | None]], lists: Lists,
        papers: Callable[[dict[str, Any]], tuple[ocr.Document, ...]], misses: bool = False) -> Tally:
    tally = Tally()
    for truth, planted in cases:
        context = lists.context(planted.watchlist if planted else [])
        read = papers(truth)
        findings = checks.run(planting.as_shipment(truth, read), context)
        if planted is None:
            tally.clean(findings)
        else:
            tally.faulty(findings, planted)
            if misses and not found(findings, planted):
                print(miss(truth, planted, read, findings))
    return tally


FIELD_OF = {"invoice_number": "invoice_number", "invoice_date": "invoice_date", "quantity": "quantity",
            "total_amount": "total_amount", "hs_code": "hs_code", "seller": "seller", "buyer": "buyer",
            "buyer_tax_code": "buyer", "packages": "packages", "gross_weight": "quantity",
            "fob_value": "total_amount", "goods_hs": "hs_code"}
"""The evidence field of the finding a DOCUMENT_MISMATCH fault must raise."""


def touched(truth: dict[str, Any]) -> list[tuple[str, str, Any]]:
    """(doc_type, field, true value) of each field the planted fault changed, and of the same field on the other
    papers it is compared with: what the reader had to read."""
    clean = shipment(truth["seed"])["documents"]
    changed = {name for doc_type, fields in truth["documents"].items() for name, value in fields.items()
               if clean.get(doc_type, {}).get(name) != value}
    return [(doc_type, name, value) for doc_type, fields in truth["documents"].items()
            for name, value in fields.items() if name in changed]


def miss(truth: dict[str, Any], planted: planting.Planted, read: tuple[ocr.Document, ...],
         findings: list[Finding]) -> str:
    """One missed fault sorted (--misses, tuning seeds only): the value dropped by the reader, read unsurely,
    or read but missed by a rule's normalisation or tolerance; with the true and read values."""
    fields = touched(truth)
    if planted.fault.startswith("watchlist_"):
        fields = [(t, n, truth["documents"][t][n]) for t, n in planting.party_fields(truth, "seller")
                  + planting.party_fields(truth, "buyer")]
    by_type = {d.doc_type: d for d in read}
    readings = [(t, n, v, by_type[t].fields.get(n) if t in by_type else None) for t, n, v in fields]
    same_rule = [f for f in findings if f.rule == planted.rule
                 and f.evidence.get("field", FIELD_OF.get(planted.fault)) == FIELD_OF.get(planted.fault)]
    if not fields:
        kind = "code (no reading)"
    elif any(f.evidence.get("unsure") for f in same_rule):
        kind = "read unsurely"
    elif any(r is None for *_, r in readings):
        kind = "dropped by the reader (on one side of the comparison at least)"
    else:
        kind = "rule's normalisation/tolerance"
    lines = [f"MISS seed {truth['seed']} {planted.fault} ({planted.rule} ≥ {planted.severity}): {kind}"]
    lines += [f"    {t}.{n}: true {str(v)[:150]!r} read {str(r.value if r else None)[:150]!r}"
              f"{'' if r is None else f' ({r.confidence:.2f}, sure={r.sure})'}" for t, n, v, r in readings][:8]
    lines += [f"    finding {f.severity} {f.evidence.get('field', '')}: {f.message['en'][:140]}" for f in same_rule][:6]
    return "\n".join(lines)


UNREAD: Counter[str] = Counter()
"""Pages the reader raised on, by error: the app refuses such a photo, so the checks go without the paper."""
CACHE: list[Path] = []
"""Where read papers are kept between runs (--cache): tuning the checks need not pay the reader again."""


def read_papers(truth: dict[str, Any]) -> tuple[ocr.Document, ...]:
    """Each paper drawn, photographed and read as the app reads an officer's photo (from --cache when this
    shipment's papers were read before: a page depends only on its fields and the seed)."""
    if not CACHE:
        return _read_papers(truth)
    key = json.dumps([truth["seed"], truth["documents"]], sort_keys=True, default=str)
    kept = CACHE[0] / f"{truth['seed']}-{hashlib.sha256(key.encode()).hexdigest()[:16]}.pickle"
    if kept.exists():
        return pickle.loads(kept.read_bytes())  # noqa: S301  our own file, written below
    papers = _read_papers(truth)
    kept.write_bytes(pickle.dumps(papers))
    return papers


def _read_papers(truth: dict[str, Any]) -> tuple[ocr.Document, ...]:
    from bench.docgen import render

    def one(item: tuple[str, dict[str, Any]]) -> ocr.Document | None:
        doc_type, fields = item
        image, _ = render(doc_type, fields, truth["seed"])
        pixels = np.asarray(image.convert("RGB"))[:, :, ::-1].copy()
        try:
            return ocr.read(pixels)
        except Exception as error:  # noqa: BLE001  counted and reported: the run goes on without the page
            UNREAD[f"{type(error).__name__}: {error}"[:80]] += 1
            return None

    with ThreadPoolExecutor(max_workers=2) as pool:
        return tuple(d for d in pool.map(one, truth["documents"].items()) if d is not None)


def pct(values: list[bool]) -> str:
    return f"{sum(values)}/{len(values)} ({100 * sum(values) / max(1, len(values)):.0f} %)"


def report(title: str, tally: Tally) -> None:
    print(f"\n== {title}")
    print(f"{'fault':24} {'found':>14} {'rule fired at any severity':>28}")
    for fault in planting.FAULTS:
        if tally.caught.get(fault):
            print(f"{fault:24} {pct(tally.caught[fault]):>14} {pct(tally.noted[fault]):>28}")
    flat = [c for v in tally.caught.values() for c in v]
    print(f"recall (planted rule at its severity): {pct(flat)}")
    print(f"clean shipments with any high/medium finding: {pct(tally.clean_alarms)}")
    if tally.alarm_rules:
        print("  from: " + ", ".join(f"{r} ×{n}" for r, n in tally.alarm_rules.most_common()))
    print(f"channel accuracy: {pct(tally.channels)}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seeds", type=seeds, default=seeds("1000:1210"), help="start:stop (default 1000:1210)")
    parser.add_argument("--read", type=int, default=40,
                        help="shipments also drawn, photographed and read (default 40; 0 skips; ~10 s each)")
    parser.add_argument("--cache", type=Path, help="folder keeping read papers between runs (tuning only: "
                                                   "a changed reader is not noticed)")
    parser.add_argument("--misses", action="store_true", help="print each fault missed on read papers, sorted "
                                                               "(tuning seeds only: never on the seeds you report)")
    args = parser.parse_args()
    if args.cache:
        args.cache.mkdir(parents=True, exist_ok=True)
        CACHE.append(args.cache)
    rng = random.Random(0)
    cases: list[tuple[dict[str, Any], planting.Planted | None]] = []
    for n, seed in enumerate(args.seeds):
        truth = shipment(seed)
        cases.append((truth, None))
        cases.append(planting.plant(truth, planting.FAULTS[n % len(planting.FAULTS)], random.Random(seed)))
    lists = Lists(background(args.seeds))
    started = time.perf_counter()
    tally = run(cases, lists, planting.documents, args.misses)
    print(f"{len(args.seeds)} seeds {args.seeds.start}–{args.seeds.stop - 1}: {len(cases)} shipments, "
          f"{sum(p is not None for _, p in cases)} with a planted fault; "
          f"{(time.perf_counter() - started) / len(cases) * 1000:.0f} ms of checks per shipment")
    report("fed the true values (confidence 1)", tally)
    if args.read:
        # The mix: 16 clean, 24 faulty in 40; the same shipments fed true values beside.
        clean = [c for c in cases if c[1] is None]
        faulty = [c for c in cases if c[1] is not None]
        rng.shuffle(clean)
        share = round(args.read * 0.4)
        # Two clean in every five, spread through the run: a run stopped early (under load) leaves in --cache
        # the first shipments of any smaller --read, so that it can be reported instead.
        chosen = [case for _, case in sorted([(n / share, c) for n, c in enumerate(clean[:share])]
                                             + [(n / (args.read - share), c)
                                                for n, c in enumerate(faulty[:args.read - share])],
                                             key=lambda k: k[0])]
        started = time.perf_counter()
        report(f"read from generated photos ({len(chosen)} shipments)",
               run(chosen, lists, read_papers, args.misses))
        if UNREAD:
            print("pages the reader raised on: " + ", ".join(f"{e} ×{n}" for e, n in UNREAD.most_common()))
        report("the same shipments fed the true values", run(chosen, lists, planting.documents))
        print(f"{(time.perf_counter() - started) / len(chosen):.1f} s per shipment read")


if __name__ == "__main__":
    main()

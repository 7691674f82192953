"""Writes generated pages for people to look at: NAME.jpg + NAME.json, like ../shared/corpus/documents.

    .venv/bin/python -m bench.docgen --out DIR --seeds 0-19 [--kinds invoice,packing_list,co,declaration]
                                     [--family NAME]

Tune on seeds 0-99; seeds from 1000 up are the unseen set, not to be looked at one by one.
"""
from __future__ import annotations

import argparse
import json
import statistics
import time
from collections import Counter
from pathlib import Path

from bench.docgen.render import KINDS, document, family_of
from bench.docgen.values import shipment


def seed_range(text: str) -> range:
    first, _, last = text.partition("-")
    return range(int(first), int(last or first) + 1)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.docgen", description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--seeds", type=seed_range, default=range(20), help="e.g. 0-19 or 1000-1099")
    parser.add_argument("--kinds", default=",".join(KINDS), help="comma-separated: " + ",".join(KINDS))
    parser.add_argument("--family", help="only the seeds whose page is drawn in this layout family")
    args = parser.parse_args(argv)
    kinds = [k for k in args.kinds.split(",") if k]
    unknown = [k for k in kinds if k not in KINDS]
    if unknown:
        parser.error(f"unknown kinds: {', '.join(unknown)}")
    args.out.mkdir(parents=True, exist_ok=True)
    seconds: list[float] = []
    layouts: Counter[str] = Counter()
    hard = 0
    for seed in args.seeds:
        for kind in kinds:
            if args.family and family_of(kind, shipment(seed)["documents"][kind], seed) != args.family:
                continue
            start = time.perf_counter()
            image, truth = document(kind, seed)
            seconds.append(time.perf_counter() - start)
            layouts[f"{kind}/{truth['layout']}"] += 1
            hard += truth["photo"]["hard"]
            name = truth["id"]
            image.save(args.out / f"{name}.jpg", quality=95)
            (args.out / f"{name}.json").write_text(json.dumps(truth, ensure_ascii=False, indent=1), encoding="utf-8")
            print(f"{name}.jpg  {truth['layout']:<20} {'hard' if truth['photo']['hard'] else '':4} "
                  f"{seconds[-1]:.2f} s")
    if seconds:
        print(f"{len(seconds)} pages, {statistics.mean(seconds):.2f} s a page drawn and photographed "
              f"(median {statistics.median(seconds):.2f}, max {max(seconds):.2f}), "
              f"hard shots {hard / len(seconds):.0%}")
        print("layouts: " + ", ".join(f"{name} {n}" for name, n in sorted(layouts.items())))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

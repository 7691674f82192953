"""Writes generated pages for people to look at: NAME.jpg + NAME.json, like ../shared/corpus/documents.

    .venv/bin/python -m bench.docgen --out DIR --seeds 0-19 [--kinds invoice,packing_list,co,declaration]
"""
from __future__ import annotations

import argparse
import json
import time
from pathlib import Path

from bench.docgen.render import KINDS, document


def seed_range(text: str) -> range:
    first, _, last = text.partition("-")
    return range(int(first), int(last or first) + 1)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.docgen", description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--seeds", type=seed_range, default=range(20), help="e.g. 0-19 or 1000-1099")
    parser.add_argument("--kinds", default=",".join(KINDS), help="comma-separated: " + ",".join(KINDS))
    args = parser.parse_args(argv)
    kinds = [k for k in args.kinds.split(",") if k]
    unknown = [k for k in kinds if k not in KINDS]
    if unknown:
        parser.error(f"unknown kinds: {', '.join(unknown)}")
    args.out.mkdir(parents=True, exist_ok=True)
    for seed in args.seeds:
        for kind in kinds:
            start = time.perf_counter()
            image, truth = document(kind, seed)
            name = truth["id"]
            image.save(args.out / f"{name}.jpg", quality=95)
            (args.out / f"{name}.json").write_text(json.dumps(truth, ensure_ascii=False, indent=1), encoding="utf-8")
            print(f"{name}.jpg  {truth['layout']:<22} {time.perf_counter() - start:.2f} s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

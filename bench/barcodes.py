"""Our decoder beside plain pyzbar and plain zxing-cpp on every photo of the barcode corpus, same run.

Usage: .venv/bin/python bench/barcodes.py [CORPUS_DIR] [--format ean13 ...]

A read is right when the symbol's content equals the expected file in any of the corpus README's
conventions (UPC-A as a 13-digit EAN with a leading 0, GS1 separators as ASCII 29, text as UTF-8 or
ISO-8859-1 bytes). An image is misread when a decoder returns any content other than the expected one.
zxing-cpp runs with its default options except text_mode=Plain, which changes only how the same bytes
are written as text (ASCII 29 rather than "<GS>"), as the README's conventions ask.
"""
from __future__ import annotations

import argparse
import csv
import statistics
import sys
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

import cv2
import numpy as np
import zxingcpp
from pyzbar import pyzbar

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
import scanners  # noqa: E402

DEFAULT_CORPUS = Path(__file__).resolve().parent.parent.parent / "shared" / "corpus" / "barcodes"
Content = tuple[str, bytes]


def ours(image: np.ndarray) -> list[Content]:
    return [(s.text, s.raw) for s in scanners.decode(image)]


def plain_pyzbar(image: np.ndarray) -> list[Content]:
    return [(r.data.decode("utf-8", errors="replace"), r.data) for r in pyzbar.decode(image)]


def plain_zxing(image: np.ndarray) -> list[Content]:
    return [(r.text, bytes(r.bytes)) for r in zxingcpp.read_barcodes(image, text_mode=zxingcpp.TextMode.Plain)]


DECODERS: dict[str, Callable[[np.ndarray], list[Content]]] = {
    "ours": ours, "pyzbar": plain_pyzbar, "zxing-cpp": plain_zxing}


def spellings(content: Content) -> set[bytes]:
    """The ways a decoder may have written one content."""
    text, raw = content
    forms = {raw, text.encode("utf-8")}
    try:
        forms.add(text.encode("latin-1"))
    except UnicodeEncodeError:
        pass
    return forms | {f[1:] for f in forms if len(f) == 13 and f[:1] == b"0" and f.isdigit()}


def is_right(expected: bytes, content: Content) -> bool:
    wanted = {expected, expected[1:]} if len(expected) == 13 and expected[:1] == b"0" else {expected}
    return bool(wanted & spellings(content))


@dataclass
class Tally:
    images: int = 0
    right: int = 0
    misread: list[str] = field(default_factory=list)
    ms: list[float] = field(default_factory=list)

    def rate(self) -> float:
        return 100.0 * self.right / self.images if self.images else 0.0

    def median(self) -> float:
        return statistics.median(self.ms) if self.ms else 0.0

    def p95(self) -> float:
        return sorted(self.ms)[min(len(self.ms) - 1, int(0.95 * len(self.ms)))] if self.ms else 0.0


def run(corpus: Path, formats: Iterable[str]) -> dict[tuple[str, str], Tally]:
    wanted = set(formats)
    tallies: dict[tuple[str, str], Tally] = {}
    with open(corpus / "manifest.csv", newline="", encoding="utf-8") as f:
        rows = [r for r in csv.DictReader(f) if not wanted or r["format"] in wanted]
    for row in rows:
        image = cv2.imread(str(corpus / row["image_file"]), cv2.IMREAD_COLOR)
        assert image is not None, row["image_file"]
        expected = (corpus / row["expected_file"]).read_bytes()
        for name, decoder in DECODERS.items():
            start = time.perf_counter()
            contents = decoder(image)
            ms = 1000 * (time.perf_counter() - start)
            for key in ((row["format"], name), ("overall", name)):
                tally = tallies.setdefault(key, Tally())
                tally.images += 1
                tally.ms.append(ms)
                tally.right += any(is_right(expected, c) for c in contents)
                wrong = [c[0] for c in contents if not is_right(expected, c)]
                if wrong:
                    tally.misread.append(f"{row['id']} {wrong[0][:40]!r}")
    return tallies


def report(tallies: dict[tuple[str, str], Tally]) -> None:
    groups = sorted({fmt for fmt, _ in tallies}, key=lambda f: (f == "overall", f))
    print(f"{'format':<11}{'decoder':<11}{'images':>7}{'rate %':>8}{'misreads':>9}{'median ms':>11}{'p95 ms':>8}"
          f"{'rate ×':>8}{'time ×':>8}")
    for fmt in groups:
        us = tallies[(fmt, "ours")]
        for name in DECODERS:
            t = tallies[(fmt, name)]
            ratio = ("", "") if name == "ours" else (
                f"{us.rate() / t.rate():.2f}" if t.right else "inf",
                f"{us.median() / t.median():.2f}" if t.median() else "")
            print(f"{fmt:<11}{name:<11}{t.images:>7}{t.rate():>8.1f}{len(t.misread):>9}{t.median():>11.2f}"
                  f"{t.p95():>8.2f}{ratio[0]:>8}{ratio[1]:>8}")
    retail = [f for f in ("ean13", "upca") if (f, "ours") in tallies]
    if retail:
        images = sum(tallies[(f, "ours")].images for f in retail)
        rates = {n: 100.0 * sum(tallies[(f, n)].right for f in retail) / images for n in DECODERS}
        print(f"\nEAN-13 + UPC-A photos ({images}): " + ", ".join(f"{n} {r:.1f} %" for n, r in rates.items()))
    print("(rate × and time × are ours divided by that decoder's)")
    for name in DECODERS:
        misread = tallies[("overall", name)].misread
        if misread:
            print(f"misreads by {name}: " + "; ".join(misread))


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("corpus", nargs="?", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--format", action="append", default=[], help="only this corpus format (repeatable)")
    args = parser.parse_args(argv)
    report(run(args.corpus, args.format))


if __name__ == "__main__":
    main()

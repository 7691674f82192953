"""OCR benchmark: our pipeline beside plain pytesseract (vie+eng, default settings), same images, one run.

    .venv/bin/python bench/ocr.py [--limit N] [--subset synthetic|real|all]

Figures per set: character error rate (CER) of the full text, field exact-match rate (the right value,
normalised, in the right field), key values found anywhere in the text, and seconds per page.
Plain tesseract has no fields, so only its "found in text" can be set beside ours.
Tesseract runs single-threaded (OMP_THREAD_LIMIT=1) unless the environment says otherwise: the machines
have two cores shared by everyone, where OpenMP threads only fight each other.
"""
from __future__ import annotations

import argparse
import csv
import json
import os
import re
import sys
import time
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

os.environ.setdefault("OMP_THREAD_LIMIT", "1")

import cv2  # noqa: E402
import pytesseract  # noqa: E402
from rapidfuzz.distance import Levenshtein  # noqa: E402

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
import ocr  # noqa: E402

CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus" / "documents"


@dataclass
class Sample:
    set_name: str
    image: Path
    gt_text: str | None
    expected: dict[str, Any]
    """Canonical field name → expected normalised value."""
    printed: list[str]
    """Key values as printed, for 'found in text'."""


@dataclass
class Tally:
    cer_ours: list[float] = field(default_factory=list)
    cer_plain: list[float] = field(default_factory=list)
    fields: int = 0
    exact: int = 0
    found_ours: int = 0
    found_plain: int = 0
    printed: int = 0
    seconds_ours: list[float] = field(default_factory=list)
    seconds_plain: list[float] = field(default_factory=list)
    misses: list[str] = field(default_factory=list)


def squash(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def cer(hypothesis: str, truth: str) -> float:
    truth = squash(truth)
    return Levenshtein.distance(squash(hypothesis), truth) / max(1, len(truth))


def iso(printed: str) -> str | None:
    """The ground truth's date in ISO form; None for a format the set's maintainers used only once."""
    for layout in ("%d/%m/%Y", "%d-%m-%Y", "%d.%m.%Y", "%d/%m/%y", "%d-%m-%y", "%Y-%m-%d", "%d %b %Y", "%d %b %y"):
        try:
            return datetime.strptime(printed.strip().title(), layout).date().isoformat()
        except ValueError:
            continue
    return None


def amount(printed: str | float) -> Decimal:
    # Receipts print the currency in front ("RM 29.70"); the synthetic set groups thousands with commas.
    return Decimal(re.sub(r"[^\d.]", "", str(printed)))


def synthetic() -> list[Sample]:
    samples = []
    for meta in sorted((CORPUS / "synthetic").glob("*.json")):
        truth = json.loads(meta.read_text())
        given = truth["fields"]
        hs = sorted(h.replace(".", "") for h in truth["all_hs_codes"])
        common = {"invoice_number": given["invoice_no"], "invoice_date": iso(given["date"]), "hs_codes": hs}
        if truth["doc_type"] == "form_e":
            expected = {**common, "doc_type": "co", "total_value": amount(given["total_value"]),
                        "reference_number": truth["fields_extra"]["form_e_reference_no"], "form": "E"}
            set_name = "synthetic co (Form E)"
        else:
            expected = {**common, "doc_type": "invoice", "total_amount": amount(given["total_value"])}
            set_name = "synthetic invoice"
        printed = [given["invoice_no"], given["date"], given["total_value"], *truth["all_hs_codes"]]
        samples.append(Sample(set_name, meta.with_suffix(".jpg"), truth["text"], expected, printed))
    return samples


def real() -> list[Sample]:
    samples = []
    with open(CORPUS / "real" / "manifest.csv", newline="") as handle:
        for row in csv.DictReader(handle):
            subset = row["subset"]
            if subset.startswith("passporteye"):
                # Machine-readable zones are scanners/' job (mrz), not this pipeline's.
                continue
            # invoice2data's text is the PDF's text layer, in another reading order than the page.
            gt_text = None if subset == "invoice2data" or not row["gt_text"] else \
                (CORPUS / "real" / row["gt_text"]).read_text()
            expected: dict[str, Any] = {}
            printed: list[str] = []
            if row["gt_fields"]:
                given = json.loads((CORPUS / "real" / row["gt_fields"]).read_text())
                if subset == "sroie":
                    expected = {"invoice_date": iso(given["date"]), "total_amount": amount(given["total"])}
                    expected = {k: v for k, v in expected.items() if v is not None}
                    printed = [given["date"], given["total"]]
                else:
                    expected = {"invoice_number": given["invoice_number"]}
                    if "amount" in given:
                        expected["total_amount"] = amount(given["amount"])
                    printed = [given["invoice_number"]]
            samples.append(Sample(f"real {subset}", CORPUS / "real" / row["image"], gt_text, expected, printed))
    return samples


def matches(got: Any, expected: Any) -> bool:
    if isinstance(expected, Decimal):
        return isinstance(got, (int, float)) and abs(Decimal(str(got)) - expected) < Decimal("0.005")
    if isinstance(expected, list):
        return isinstance(got, list) and sorted(got) == expected
    return got == expected


def run(samples: list[Sample], doc_type_of: Callable[[Sample], str]) -> dict[str, Tally]:
    tallies: dict[str, Tally] = defaultdict(Tally)
    for sample in samples:
        pixels = cv2.imread(str(sample.image))
        started = time.perf_counter()
        plain = pytesseract.image_to_string(pixels, lang="vie+eng")
        plain_seconds = time.perf_counter() - started
        started = time.perf_counter()
        document = ocr.read(pixels, doc_type=doc_type_of(sample))
        ours_seconds = time.perf_counter() - started
        tally = tallies[sample.set_name]
        tally.seconds_ours.append(ours_seconds)
        tally.seconds_plain.append(plain_seconds)
        if sample.gt_text:
            tally.cer_ours.append(cer(document.text, sample.gt_text))
            tally.cer_plain.append(cer(plain, sample.gt_text))
        for name, want in sample.expected.items():
            got = ocr.Field(document.doc_type, 1.0, (0, 0, 0, 0)) if name == "doc_type" \
                else document.fields.get(name)
            tally.fields += 1
            if got is not None and matches(got.value, want):
                tally.exact += 1
            else:
                tally.misses.append(f"{sample.image.name} {name}: want {want!s} got {got.value if got else None!s}")
        for value in sample.printed:
            tally.printed += 1
            tally.found_ours += squash(value) in squash(document.text)
            tally.found_plain += squash(value) in squash(plain)
        print(f"  {sample.image.name}: ours {ours_seconds:.1f} s, plain {plain_seconds:.1f} s", file=sys.stderr)
    return tallies


def percent(part: float, whole: float) -> str:
    return f"{100 * part / whole:5.1f} %" if whole else "    –  "


def mean(values: list[float]) -> float:
    return sum(values) / len(values) if values else float("nan")


def report(tallies: dict[str, Tally]) -> None:
    print(f"{'set':<24} {'pages':>5} | {'CER ours':>8} {'plain':>7} | {'fields exact':>12} | "
          f"{'found ours':>10} {'plain':>7} | {'s/page ours':>11} {'plain':>6} {'ratio':>6}")
    total = Tally()
    for name, t in sorted(tallies.items()):
        pages = len(t.seconds_ours)
        cer_ours = percent(mean(t.cer_ours), 1) if t.cer_ours else "    –  "
        cer_plain = percent(mean(t.cer_plain), 1) if t.cer_plain else "    –  "
        print(f"{name:<24} {pages:>5} | {cer_ours:>8} {cer_plain:>7} | {percent(t.exact, t.fields):>12} | "
              f"{percent(t.found_ours, t.printed):>10} {percent(t.found_plain, t.printed):>7} | "
              f"{mean(t.seconds_ours):>11.2f} {mean(t.seconds_plain):>6.2f} "
              f"{mean(t.seconds_ours) / mean(t.seconds_plain):>6.2f}")
        for attr in ("cer_ours", "cer_plain", "seconds_ours", "seconds_plain", "misses"):
            getattr(total, attr).extend(getattr(t, attr))
        total.fields += t.fields
        total.exact += t.exact
        total.found_ours += t.found_ours
        total.found_plain += t.found_plain
        total.printed += t.printed
    print(f"{'all':<24} {len(total.seconds_ours):>5} | {percent(mean(total.cer_ours), 1):>8} "
          f"{percent(mean(total.cer_plain), 1):>7} | {percent(total.exact, total.fields):>12} | "
          f"{percent(total.found_ours, total.printed):>10} {percent(total.found_plain, total.printed):>7} | "
          f"{mean(total.seconds_ours):>11.2f} {mean(total.seconds_plain):>6.2f} "
          f"{mean(total.seconds_ours) / mean(total.seconds_plain):>6.2f}")
    if mean(total.cer_plain):
        print(f"CER ratio ours/plain: {mean(total.cer_ours) / mean(total.cer_plain):.2f}")
    if total.misses:
        print("\nfield misses:")
        print("\n".join(f"  {m}" for m in total.misses))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--limit", type=int, help="at most N pages of each set")
    parser.add_argument("--subset", choices=("synthetic", "real", "all"), default="all")
    args = parser.parse_args()
    samples = (synthetic() if args.subset in ("synthetic", "all") else []) + \
              (real() if args.subset in ("real", "all") else [])
    if args.limit:
        kept: dict[str, int] = defaultdict(int)
        limited = []
        for sample in samples:
            if kept[sample.set_name] < args.limit:
                kept[sample.set_name] += 1
                limited.append(sample)
        samples = limited
    ocr.probe()
    # Receipts and the invoice2data pages are invoices to the benchmark; the synthetic set is classified.
    tallies = run(samples, lambda s: "invoice" if s.set_name.startswith("real") else "auto")
    print(f"tesseract {pytesseract.get_tesseract_version()}, OMP_THREAD_LIMIT={os.environ['OMP_THREAD_LIMIT']}")
    report(tallies)


if __name__ == "__main__":
    main()

"""OCR benchmark: our pipeline beside its engine combinations and plain pytesseract, same images, one run.

    .venv/bin/python bench/ocr.py [--limit N] [--subset synthetic|real|all] [--readers A/B]

Readers: ours (tesseract vie+eng; words holding digits read again by PP-OCR; on pages tesseract is unsure
of, lines it left unread found and read by PP-OCR; chi_sim for Chinese lines); the same tesseract pipeline
without PP-OCR; PP-OCR (rapidocr-onnxruntime's bundled models) alone; PP-OCR's text detection with
tesseract reading each detected line; plain pytesseract (vie+eng, default settings). All but plain go
through the same layout and field extractors.
Figures per set and reader: character error rate (CER) of the full text (and "cased", counting case where
the ground truth was upper-cased by its maintainers), field exact-match rate (the right value, normalised,
in the right field), key values found anywhere in the text, seconds per page.
Plain tesseract has no fields, so only its "key found" can be set beside ours.
Tesseract runs single-threaded (OMP_THREAD_LIMIT=1) unless the environment says otherwise: the machines
have two cores shared by everyone, where OpenMP threads only fight each other.
"""
from __future__ import annotations

import argparse
import csv
import importlib.metadata
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
from ocr.paddle import PaddleOcr  # noqa: E402
from ocr.regions import DetectedLines  # noqa: E402

LOAD_BEFORE = " ".join(f"{v:.2f}" for v in os.getloadavg())
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
    cer: list[float] = field(default_factory=list)
    cer_cased: list[float] = field(default_factory=list)
    fields: int = 0
    exact: int = 0
    found: int = 0
    printed: int = 0
    seconds: list[float] = field(default_factory=list)
    misses: list[str] = field(default_factory=list)

    def add(self, other: Tally) -> None:
        self.cer += other.cer
        self.cer_cased += other.cer_cased
        self.seconds += other.seconds
        self.misses += other.misses
        self.fields += other.fields
        self.exact += other.exact
        self.found += other.found
        self.printed += other.printed


@dataclass(frozen=True)
class Reading:
    text: str
    fields: dict[str, Any] | None
    """Field name → normalised value; None for an engine that gives text only."""


def ours(**options: Any) -> Callable[[Any, str], Reading]:
    def reader(pixels: Any, doc_type: str) -> Reading:
        document = ocr.read(pixels, doc_type=doc_type, **options)
        return Reading(document.text, {"doc_type": document.doc_type,
                                       **{name: f.value for name, f in document.fields.items()}})
    return reader


def plain(pixels: Any, doc_type: str) -> Reading:
    return Reading(pytesseract.image_to_string(pixels, lang="vie+eng"), None)


# Every reader runs on every page, in this order; "ours" is the pipeline's default.
READERS: dict[str, Callable[[Any, str], Reading]] = {
    "ours": ours(),
    "tesseract pipeline": ours(codes=False),
    "PP-OCR alone": ours(engine=PaddleOcr(), codes=False),
    "PP-OCR det + tesseract": ours(engine=DetectedLines(), codes=False),
    "plain tesseract": plain,
}


def squash(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def cer(hypothesis: str, truth: str, cased: bool = False) -> float:
    """Characters to change per character of the truth. SROIE's maintainers upper-cased every line of
    their ground truth: where the truth holds no lower-case letter, case is not counted (unless cased)."""
    truth = squash(truth)
    if not cased and truth == truth.upper():
        hypothesis = hypothesis.upper()
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


def run(samples: list[Sample], doc_type_of: Callable[[Sample], str], readers: list[str]
        ) -> dict[str, dict[str, Tally]]:
    """Set name → reader name → its tally."""
    tallies: dict[str, dict[str, Tally]] = defaultdict(lambda: defaultdict(Tally))
    for sample in samples:
        pixels = cv2.imread(str(sample.image))
        timings = []
        for name in readers:
            started = time.perf_counter()
            reading = READERS[name](pixels, doc_type_of(sample))
            seconds = time.perf_counter() - started
            timings.append(f"{name} {seconds:.1f} s")
            score(tallies[sample.set_name][name], sample, reading, seconds)
        print(f"  {sample.image.name}: {', '.join(timings)}", file=sys.stderr)
    return tallies


def score(tally: Tally, sample: Sample, reading: Reading, seconds: float) -> None:
    tally.seconds.append(seconds)
    if sample.gt_text:
        tally.cer.append(cer(reading.text, sample.gt_text))
        tally.cer_cased.append(cer(reading.text, sample.gt_text, cased=True))
    if reading.fields is not None:
        for name, want in sample.expected.items():
            got = reading.fields.get(name)
            tally.fields += 1
            if got is not None and matches(got, want):
                tally.exact += 1
            else:
                tally.misses.append(f"{sample.image.name} {name}: want {want!s} got {got!s}")
    for value in sample.printed:
        tally.printed += 1
        tally.found += squash(value) in squash(reading.text)


def percent(part: float, whole: float) -> str:
    return f"{100 * part / whole:5.1f} %" if whole else "    –  "


def mean(values: list[float]) -> float:
    return sum(values) / len(values) if values else float("nan")


def row(label: str, t: Tally, pages: int) -> str:
    cer_ = percent(mean(t.cer), 1) if t.cer else "    –  "
    cased = percent(mean(t.cer_cased), 1) if t.cer_cased else "    –  "
    return (f"{label:<26} {pages:>5} | {cer_:>8} {cased:>8} | {percent(t.exact, t.fields):>12} | "
            f"{percent(t.found, t.printed):>10} | {mean(t.seconds):>7.2f}")


def report(tallies: dict[str, dict[str, Tally]], readers: list[str]) -> None:
    header = (f"{'set / reader':<26} {'pages':>5} | {'CER':>8} {'cased':>8} | {'fields exact':>12} | "
              f"{'key found':>10} | {'s/page':>7}")
    totals: dict[str, Tally] = defaultdict(Tally)
    for set_name, by_reader in sorted(tallies.items()):
        print(f"\n{set_name}\n{header}")
        for name in readers:
            print(row(f"  {name}", by_reader[name], len(by_reader[name].seconds)))
            totals[name].add(by_reader[name])
    print(f"\nall sets\n{header}")
    for name in readers:
        print(row(f"  {name}", totals[name], len(totals[name].seconds)))
    if "ours" in readers and "plain tesseract" in readers:
        print(f"\nCER ours/plain: {mean(totals['ours'].cer) / mean(totals['plain tesseract'].cer):.2f}, "
              f"s/page ours/plain: {mean(totals['ours'].seconds) / mean(totals['plain tesseract'].seconds):.2f}")
    for name in readers:
        if totals[name].misses:
            print(f"\nfield misses, {name}:")
            print("\n".join(f"  {m}" for m in totals[name].misses))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--limit", type=int, help="at most N pages of each set")
    parser.add_argument("--subset", choices=("synthetic", "real", "all"), default="all")
    parser.add_argument("--readers", default="/".join(READERS),
                        help=f"separated by '/', of: {' / '.join(READERS)} (default all)")
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
    readers = args.readers.split("/")
    unknown = set(readers) - set(READERS)
    if unknown:
        parser.error(f"unknown readers: {', '.join(sorted(unknown))}")
    ocr.probe()
    # Receipts and the invoice2data pages are invoices to the benchmark; the synthetic set is classified.
    tallies = run(samples, lambda s: "invoice" if s.set_name.startswith("real") else "auto", readers)
    print(f"tesseract {pytesseract.get_tesseract_version()}, rapidocr-onnxruntime "
          f"{importlib.metadata.version('rapidocr-onnxruntime')}, OMP_THREAD_LIMIT={os.environ['OMP_THREAD_LIMIT']}, "
          f"load average before the run {LOAD_BEFORE}")
    report(tallies, readers)


if __name__ == "__main__":
    main()

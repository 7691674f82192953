"""OCR benchmark: our pipeline beside its engine combinations and plain pytesseract, same images, one run.

    .venv/bin/python bench/ocr.py [--seeds 1000-1059] [--quick] [--limit N] [--subset generated|synthetic|real|all]
                                  [--readers A/B]

Sets: pages of bench/docgen drawn for unseen seeds (1000 up; tune on 0-99 only), and
../shared/corpus/documents (synthetic photographs and real public scans). On the generated pages each
field of each document kind is scored on its own: exact match, exact after folding diacritics (so a lost
diacritic shows apart from a misread), how often the reader marks it sure and how often a sure value is
right (precision of "sure"), and how often the value as printed stands in the reader's text at all: a
wrong value that is in the text was lost by field extraction ("in text, missed"), one that is not by
recognition. A calibration table follows: key fields by confidence bin, the share right and the share
marked sure. --quick: 12 seeds, 3 pages of each corpus set, ours and plain only.

Readers: ours (tesseract vie+eng; words holding digits read again by PP-OCR; on pages tesseract is unsure
of, lines it left unread found and read by PP-OCR; chi_sim for Chinese lines); the same tesseract pipeline
without PP-OCR; PP-OCR (rapidocr-onnxruntime's bundled models) alone; PP-OCR's text detection with
tesseract reading each detected line; plain pytesseract (vie+eng, default settings). All but plain go
through the same layout and field extractors.
Figures per set and reader: character error rate (CER) of the full text (and "cased", counting case where
the ground truth was upper-cased by its maintainers), field exact-match rate (the right value, normalised,
in the right field), key values found anywhere in the text, seconds per page, and CPU seconds per page
(this process and the tesseract processes it ran): on a machine others share, the wall clock measures the
load, the CPU seconds what the reading costs (on an idle tablet's two cores, wall ≈ CPU / 1.3–2).
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
import numpy as np  # noqa: E402
import pytesseract  # noqa: E402
from rapidfuzz.distance import Levenshtein  # noqa: E402

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
import ocr  # noqa: E402
from checkpoint.checks.origin import country_code  # noqa: E402
from ocr.normalise import fold  # noqa: E402
from ocr.paddle import PaddleOcr  # noqa: E402
from ocr.regions import DetectedLines  # noqa: E402

LOAD_BEFORE = " ".join(f"{v:.2f}" for v in os.getloadavg())
CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus" / "documents"
UNSEEN = range(1000, 1060)
# The generated pages tallied again by their photo's condition, apart from the sets (not in the totals).
PHOTO = "photo: "
# Key fields per kind: what the checks compare across papers and screen against the watchlists.
KEY_FIELDS = {
    "invoice": ("invoice_number", "invoice_date", "seller_name", "seller_name_zh", "buyer_name", "buyer_name_zh",
                "buyer_tax_code", "total_amount", "currency", "hs_codes"),
    "packing_list": ("invoice_number", "packages", "gross_weight_kg", "net_weight_kg"),
    "co": ("form", "reference_number", "issue_date", "exporter_name", "exporter_name_zh", "consignee_name",
           "consignee_name_zh", "invoice_number", "invoice_date", "hs_codes", "origin_criterion"),
    "declaration": ("declaration_number", "declaration_date", "importer_tax_code", "importer_name", "exporter_name",
                    "hs_codes", "total_value"),
}
NAMES = re.compile(r"_name(_zh)?$")
# Dates, amounts, quantities, HS codes and reference numbers: the values a check compares digit by digit.
FIGURES = re.compile(r"date$|amount$|value$|_kg$|^packages$|hs_codes$|number$|tax_code$")
COUNTRIES = ("origin_country", "issuing_country", "importing_country")
# CONTRACTS.md's fields per kind, and the Hanzi twin of each party; line items are left to the tests.
_PARTIES = ("seller_name", "buyer_name", "exporter_name", "consignee_name", "importer_name")
FIELDS = {kind: (*names, *(f"{n}_zh" for n in _PARTIES if n in names)) for kind, names in {
    "invoice": ("invoice_number", "invoice_date", "seller_name", "seller_address", "buyer_name", "buyer_address",
                "buyer_tax_code", "currency", "total_amount", "incoterm", "origin_country", "hs_codes"),
    "packing_list": ("invoice_number", "packages", "gross_weight_kg", "net_weight_kg"),
    "co": ("form", "reference_number", "issue_date", "exporter_name", "consignee_name", "departure_date",
           "invoice_number", "invoice_date", "hs_codes", "origin_criterion", "issuing_country", "importing_country",
           "third_party_invoicing", "issued_retroactively", "fob_value", "transport_route", "signature_date"),
    "declaration": ("declaration_number", "declaration_date", "type_code", "importer_tax_code", "importer_name",
                    "exporter_name", "hs_codes", "total_value", "currency", "origin_country", "customs_office"),
}.items()}


@dataclass
class Sample:
    set_name: str
    image: Path | Callable[[], Any]
    """A file, or what draws the page (generated pages are drawn when read, not kept)."""
    gt_text: str | None
    expected: dict[str, Any]
    """Canonical field name → expected normalised value."""
    printed: list[str]
    """Key values as printed, for 'found in text'."""
    kind: str = "auto"
    """The document kind the reader is told; auto: classified."""
    printed_fields: dict[str, Any] = field(default_factory=dict)
    """Field name → its value as the page prints it, to tell a value the reader saw from one it never read."""
    condition: str = ""
    """A generated page's photo: 'hard shots' or 'other shots' (their figures are also tallied apart)."""

    @property
    def name(self) -> str:
        return self.image.name if isinstance(self.image, Path) else self.set_name

    def pixels(self) -> Any:
        if isinstance(self.image, Path):
            return cv2.imread(str(self.image))
        return self.image()


@dataclass
class FieldTally:
    count: int = 0
    exact: int = 0
    folded: int = 0
    sure: int = 0
    sure_right: int = 0
    in_text: int = 0
    """The value as printed is in the reader's text: the words were read."""
    missed: int = 0
    """In the text but not (rightly) in the field: lost by field extraction, not by recognition."""

    def add(self, other: FieldTally) -> None:
        self.count += other.count
        self.exact += other.exact
        self.folded += other.folded
        self.sure += other.sure
        self.sure_right += other.sure_right
        self.in_text += other.in_text
        self.missed += other.missed


@dataclass
class Tally:
    cer: list[float] = field(default_factory=list)
    cer_cased: list[float] = field(default_factory=list)
    fields: int = 0
    exact: int = 0
    found: int = 0
    printed: int = 0
    seconds: list[float] = field(default_factory=list)
    cpu: list[float] = field(default_factory=list)
    misses: list[str] = field(default_factory=list)
    per_field: dict[str, FieldTally] = field(default_factory=lambda: defaultdict(FieldTally))
    diacritic_names: FieldTally = field(default_factory=FieldTally)
    """Party names printed with Vietnamese diacritics, every field together."""
    calibration: list[tuple[float, bool, bool]] = field(default_factory=list)
    """Each key field read: its confidence, whether it was right, whether it was marked sure."""

    def add(self, other: Tally) -> None:
        self.diacritic_names.add(other.diacritic_names)
        self.calibration += other.calibration
        for name, tally in other.per_field.items():
            self.per_field[name].add(tally)
        self.cer += other.cer
        self.cer_cased += other.cer_cased
        self.seconds += other.seconds
        self.cpu += other.cpu
        self.misses += other.misses
        self.fields += other.fields
        self.exact += other.exact
        self.found += other.found
        self.printed += other.printed


@dataclass
class Reading:
    text: str
    fields: dict[str, Any] | None
    """Field name → normalised value; None for an engine that gives text only."""
    sure: frozenset[str] = frozenset()
    """The fields the reader marked sure."""
    confidence: dict[str, float] = field(default_factory=dict)


def ours(**options: Any) -> Callable[[Any, str], Reading]:
    def reader(pixels: Any, doc_type: str) -> Reading:
        document = ocr.read(pixels, doc_type=doc_type, **options)
        return Reading(document.text, {"doc_type": document.doc_type,
                                       **{name: f.value for name, f in document.fields.items()}},
                       frozenset(name for name, f in document.fields.items() if f.sure),
                       {name: f.confidence for name, f in document.fields.items()})
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


def generated(seeds: range) -> list[Sample]:
    """One page of each kind bench/docgen draws, per seed; only the fields the page printed are scored."""
    from bench.docgen.render import KINDS, document

    samples = []
    for seed in seeds:
        for kind in KINDS:
            truth = document(kind, seed)[1]
            expected: dict[str, Any] = {"doc_type": kind}
            for name, value in truth["fields"].items():
                if name in FIELDS[kind]:
                    expected[name] = value
            printed = [str(truth["printed"][n]) for n in KEY_FIELDS[kind]
                       if n in truth["printed"] and isinstance(truth["printed"][n], str)]

            def draw(kind: str = kind, seed: int = seed) -> Any:
                image = document(kind, seed)[0]
                return cv2.cvtColor(np.asarray(image.convert("RGB")), cv2.COLOR_RGB2BGR)

            samples.append(Sample(f"generated {kind}", draw, truth["text"], expected, printed, kind=kind,
                                  printed_fields=truth["printed"],
                                  condition="hard shots" if truth["photo"]["hard"] else "other shots"))
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


def matches(got: Any, expected: Any, name: str = "", folded: bool = False) -> bool:
    """The right value in the right field; folded: diacritics (and case) not counted."""
    if got is None:
        return False
    if name in COUNTRIES:
        return country_code(got) == country_code(expected)
    if isinstance(expected, bool) or isinstance(got, bool):
        return got is expected
    if isinstance(expected, (Decimal, int, float)):
        return isinstance(got, (int, float)) and abs(Decimal(str(got)) - Decimal(str(expected))) < Decimal("0.005")
    if isinstance(expected, list):
        return isinstance(got, list) and sorted(map(str, got)) == sorted(map(str, expected))
    if isinstance(expected, str) and isinstance(got, str):
        if folded:
            return fold(squash(got)) == fold(squash(expected))
        return squash(got) == squash(expected)
    return bool(got == expected)


def in_text(printed: Any, text: str) -> bool:
    """Whether a value as printed (a string, or a list of them) stands in a reading's text, whatever the
    spacing: the recognition side read it. Names keep their diacritics; figures stand whole (154 is not in
    1540)."""
    if isinstance(printed, list):
        return bool(printed) and all(in_text(p, text) for p in printed)
    if not isinstance(printed, str) or not printed.strip():
        return False
    compact = re.sub(r"\s+", "", printed)
    pattern = r"\s*".join(map(re.escape, compact))
    before = r"(?<!\d)" if compact[0].isdigit() else r"(?<![^\W\d_])" if compact[0].isalpha() else ""
    after = r"(?!\d)" if compact[-1].isdigit() else r"(?![^\W\d_])" if compact[-1].isalpha() else ""
    return re.search(before + pattern + after, text) is not None


def run(samples: list[Sample], doc_type_of: Callable[[Sample], str], readers: list[str], dump: Any = None
        ) -> dict[str, dict[str, Tally]]:
    """Set name → reader name → its tally; dump: a file taking one JSON line per field read by ours."""
    tallies: dict[str, dict[str, Tally]] = defaultdict(lambda: defaultdict(Tally))
    for sample in samples:
        pixels = sample.pixels()
        timings = []
        for name in readers:
            started, cpu = time.perf_counter(), cpu_seconds()
            reading = READERS[name](pixels, doc_type_of(sample))
            seconds = time.perf_counter() - started
            used = cpu_seconds() - cpu
            timings.append(f"{name} {seconds:.1f} s (CPU {used:.1f} s)")
            for set_name in (sample.set_name, *([f"{PHOTO}{sample.condition}"] if sample.condition else [])):
                tallies[set_name][name].cpu.append(used)
                score(tallies[set_name][name], sample, reading, seconds)
            if dump and name == "ours" and reading.fields is not None:
                for field_name, want in sample.expected.items():
                    got = reading.fields.get(field_name)
                    dump.write(json.dumps({"set": sample.set_name, "field": field_name, "want": want, "got": got,
                                           "confidence": reading.confidence.get(field_name),
                                           "sure": field_name in reading.sure,
                                           "right": matches(got, want, field_name),
                                           "in_text": in_text(sample.printed_fields.get(field_name), reading.text)},
                                          ensure_ascii=False, default=str) + "\n")
                dump.flush()
        print(f"  {sample.name}: {', '.join(timings)}", file=sys.stderr)
    return tallies


def cpu_seconds() -> float:
    """CPU time of this process and of the child processes it has waited for (tesseract's)."""
    times = os.times()
    return times.user + times.system + times.children_user + times.children_system


def score(tally: Tally, sample: Sample, reading: Reading, seconds: float) -> None:
    tally.seconds.append(seconds)
    if sample.gt_text:
        tally.cer.append(cer(reading.text, sample.gt_text))
        tally.cer_cased.append(cer(reading.text, sample.gt_text, cased=True))
    if reading.fields is not None:
        for name, want in sample.expected.items():
            got = reading.fields.get(name)
            right = matches(got, want, name)
            sure = name in reading.sure
            tallied = [tally.per_field[name]]
            if NAMES.search(name) and isinstance(want, str) and fold(want) != want.lower():
                tallied.append(tally.diacritic_names)
            seen = in_text(sample.printed_fields.get(name), reading.text)
            if name in KEY_FIELDS.get(sample.kind, ()) and name in reading.confidence:
                tally.calibration.append((reading.confidence[name], right, sure))
            for per in tallied:
                per.count += 1
                per.exact += right
                per.folded += matches(got, want, name, folded=True)
                per.sure += sure
                per.sure_right += sure and right
                per.in_text += seen
                per.missed += seen and not right
            tally.fields += 1
            if right:
                tally.exact += 1
            else:
                tally.misses.append(f"{sample.name} {name}: want {want!s} got {got!s}{' (SURE)' if sure else ''}")
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
            f"{percent(t.found, t.printed):>10} | {mean(t.seconds):>7.2f} {mean(t.cpu):>7.2f}")


def field_report(set_name: str, tally: Tally) -> None:
    """Per field of one set: exact, folded, share marked sure, precision of sure, share of values whose
    printed form is in the text, and share in the text but not in the field (extraction's loss; a wrong
    value absent from the text is recognition's); then the groups the issue sets targets for."""
    kind = set_name.removeprefix("generated ")
    print(f"\n{set_name}, ours, per field\n{'field':<26} {'n':>5} | {'exact':>8} {'folded':>8} | "
          f"{'sure':>8} {'sure ok':>8} | {'in text':>8} {'in text, missed':>15}")
    for name in sorted(tally.per_field):
        print(tally_row(f"  {name}", tally.per_field[name]))
    for group, names in groups(kind, tally.per_field).items():
        g = FieldTally()
        for name in names:
            g.add(tally.per_field[name])
        print(tally_row(f"  = {group}", g))


def tally_row(label: str, f: FieldTally) -> str:
    return (f"{label:<26} {f.count:>5} | {percent(f.exact, f.count):>8} {percent(f.folded, f.count):>8} | "
            f"{percent(f.sure, f.count):>8} {percent(f.sure_right, f.sure):>8} | {percent(f.in_text, f.count):>8} "
            f"{percent(f.missed, f.count):>15}")


def groups(kind: str, names: Any) -> dict[str, list[str]]:
    key = [n for n in names if n in KEY_FIELDS.get(kind, ())]
    return {"key fields": key, "names": [n for n in key if NAMES.search(n)],
            "figures": [n for n in names if FIGURES.search(n)], "all fields": list(names)}


def report(tallies: dict[str, dict[str, Tally]], readers: list[str]) -> None:
    header = (f"{'set / reader':<26} {'pages':>5} | {'CER':>8} {'cased':>8} | {'fields exact':>12} | "
              f"{'key found':>10} | {'s/page':>7} {'CPU s':>7}")
    totals: dict[str, Tally] = defaultdict(Tally)
    for set_name, by_reader in sorted(tallies.items()):
        print(f"\n{set_name}\n{header}")
        for name in readers:
            print(row(f"  {name}", by_reader[name], len(by_reader[name].seconds)))
            if not set_name.startswith(PHOTO):
                totals[name].add(by_reader[name])
    generated_sets = [n for n in sorted(tallies) if n.startswith("generated") and "ours" in readers]
    every = Tally()
    for set_name in generated_sets:
        field_report(set_name, tallies[set_name]["ours"])
        for name, f in tallies[set_name]["ours"].per_field.items():
            every.per_field[f"{set_name.removeprefix('generated ')}.{name}"].add(f)
    if generated_sets:
        print("\ngenerated pages, every kind, ours")
        for group in ("key fields", "names", "figures", "all fields"):
            g = FieldTally()
            for name, f in every.per_field.items():
                kind, _, field_name = name.partition(".")
                if field_name in groups(kind, [field_name])[group]:
                    g.add(f)
            print(f"  {group:<24} {g.count:>5} | exact {percent(g.exact, g.count)} folded {percent(g.folded, g.count)}"
                  f" | sure {percent(g.sure, g.count)} sure precision {percent(g.sure_right, g.sure)}"
                  f" | wrong: in text {percent(g.missed, g.count)}, not in text "
                  f"{percent(g.count - g.exact - g.missed, g.count)}")
        named = FieldTally()
        for set_name in generated_sets:
            named.add(tallies[set_name]["ours"].diacritic_names)
        print(f"  {'names with diacritics':<24} {named.count:>5} | exact {percent(named.exact, named.count)} "
              f"folded {percent(named.folded, named.count)} | sure {percent(named.sure, named.count)} "
              f"sure precision {percent(named.sure_right, named.sure)}")
        for set_name in sorted(n for n in tallies if n.startswith(PHOTO)):
            t, named = tallies[set_name]["ours"], tallies[set_name]["ours"].diacritic_names
            print(f"  {set_name:<24} {len(t.seconds):>5} pages | fields exact {percent(t.exact, t.fields)} | "
                  f"names with diacritics {named.count} exact {percent(named.exact, named.count)} "
                  f"folded {percent(named.folded, named.count)}")
    if generated_sets:
        calibration_report([c for n in generated_sets for c in tallies[n]["ours"].calibration])
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


# Confidence bins of the calibration table, lowest first.
BINS = (0.0, 0.5, 0.7, 0.8, 0.85, 0.9, 0.95)


def calibration_report(readings: list[tuple[float, bool, bool]]) -> None:
    """Key fields read on the generated pages, by confidence: how many, the share right, the share sure."""
    print(f"\ncalibration, key fields read by ours\n  {'confidence':<12} {'n':>5} {'right':>8} {'sure':>8}")
    for low, high in zip(BINS, (*BINS[1:], 1.01)):
        inside = [(right, sure) for confidence, right, sure in readings if low <= confidence < high]
        right = sum(r for r, _ in inside)
        print(f"  {low:.2f}-{min(high, 1.0):.2f}    {len(inside):>5} {percent(right, len(inside)):>8} "
              f"{percent(sum(s for _, s in inside), len(inside)):>8}")


def seed_range(text: str) -> range:
    first, _, last = text.partition("-")
    return range(int(first), int(last or first) + 1)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seeds", type=seed_range, default=UNSEEN,
                        help="generated seeds, e.g. 1000-1059 (the default; tune on 0-99 only)")
    parser.add_argument("--quick", action="store_true", help="seeds 1000-1011 and 3 pages of each corpus set")
    parser.add_argument("--limit", type=int, help="at most N pages of each corpus set")
    parser.add_argument("--subset", choices=("generated", "synthetic", "real", "all"), default="all")
    parser.add_argument("--dump", type=argparse.FileType("w"), help="JSON lines: each field ours read, with its "
                        "confidence and whether it was right (to set ocr/sure.py's thresholds on seeds 0-99)")
    parser.add_argument("--readers", default="ours/plain tesseract",
                        help=f"separated by '/', of: {' / '.join(READERS)} (default ours and plain)")
    args = parser.parse_args()
    if args.quick:
        args.seeds, args.limit = range(args.seeds.start, args.seeds.start + 12), args.limit or 3
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
    if args.subset in ("generated", "all"):
        samples = generated(args.seeds) + samples
    readers = args.readers.split("/")
    unknown = set(readers) - set(READERS)
    if unknown:
        parser.error(f"unknown readers: {', '.join(sorted(unknown))}")
    ocr.probe()
    # Receipts and the invoice2data pages are invoices to the benchmark; the synthetic set is classified.
    tallies = run(samples, lambda s: "invoice" if s.set_name.startswith("real") else "auto", readers, args.dump)
    seeds = f"seeds {args.seeds.start}-{args.seeds.stop - 1}, " if args.subset in ("generated", "all") else ""
    print(f"{seeds}tesseract {pytesseract.get_tesseract_version()}, rapidocr-onnxruntime "
          f"{importlib.metadata.version('rapidocr-onnxruntime')}, OMP_THREAD_LIMIT={os.environ['OMP_THREAD_LIMIT']}, "
          f"load average before the run {LOAD_BEFORE}")
    report(tallies, readers)


if __name__ == "__main__":
    main()

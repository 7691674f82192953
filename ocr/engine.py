"""Tesseract behind a small interface, so tests can put a crashing or empty engine in its place."""
from __future__ import annotations

import os
import re
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from functools import lru_cache
from typing import Protocol

import cv2
import numpy as np
import pytesseract

from . import tesslib
from .errors import MissingDependencyError, MissingVietnameseModelError

# Pages and bands are read in parallel already; tesseract's own OpenMP threads on top of that
# fight over the tablet's two cores (5 shipment photos: 14.8 s with them, 6.4 s without).
os.environ.setdefault("OMP_THREAD_LIMIT", "1")

REQUIRED_LANGUAGES = ("vie", "eng", "chi_sim")
DEBIAN_PACKAGES = {"vie": "tesseract-ocr-vie", "eng": "tesseract-ocr-eng", "chi_sim": "tesseract-ocr-chi-sim",
                   "osd": "tesseract-ocr-osd"}
# Tesseract's "best" Vietnamese model (integer build, tessdata_best 4.0.0) reads the dot below and the hook
# above that the Debian package's fast model drops ("THƯƠNG MAI" for "THƯƠNG MẠI") when it reads alone; beside
# eng on the whole page it gains nothing and is slower, so only the lines read again by Vietnamese alone use
# it. Set-up installs it as this language.
VIETNAMESE_BEST = "vie_best"
# Names the language of those re-reads (vie or vie_best); unset, vie_best is used when installed.
VIETNAMESE_MODEL_VARIABLE = "CHECKPOINT_OCR_VIETNAMESE_MODEL"
# Orientation detection guesses on pages with little text; below this confidence the page is left as is.
OSD_MIN_CONFIDENCE = 2.0
# Pages shorter than this are read in one go: two processes' start-up would cost more than they save.
MIN_CUT_HEIGHT = 1200
# Block numbers of the lower band start here, so its lines never share an id with the upper band's.
BAND_BLOCKS = 1000


@dataclass(frozen=True)
class Word:
    text: str
    confidence: float
    """0–1, as Tesseract reports it."""
    box: tuple[int, int, int, int]
    """x, y, width, height in the page image."""
    line: tuple[int, int, int]
    """(block, paragraph, line) numbers: words sharing them form one printed line."""


def blank_row_near_middle(image: np.ndarray) -> int | None:
    """A row without ink within the middle third of a page tall enough to be worth cutting, else None."""
    height = image.shape[0]
    if height < MIN_CUT_HEIGHT:
        return None
    grey = image if image.ndim == 2 else cv2.cvtColor(image, cv2.COLOR_BGR2GRAY)
    ink = (cv2.threshold(grey, 0, 255, cv2.THRESH_BINARY_INV + cv2.THRESH_OTSU)[1] > 0).sum(axis=1)
    # Specks and the page edge leave a few dark pixels in a row that holds no text.
    blank = np.flatnonzero(ink <= grey.shape[1] // 500)
    middle = blank[(blank > height // 3) & (blank < 2 * height // 3)]
    if not len(middle):
        return None
    return int(middle[np.argmin(np.abs(middle - height // 2))])


class Engine(Protocol):
    def words(self, image: np.ndarray, languages: tuple[str, ...], psm: int = 3) -> list[Word]:
        """Every word on the image with its confidence and box; psm as tesseract's page segmentation mode."""

    def rotation(self, image: np.ndarray) -> int:
        """Degrees (0, 90, 180, 270) to turn the image counter-clockwise so its text stands upright."""


@lru_cache(maxsize=1)
def installed_languages() -> frozenset[str]:
    try:
        return frozenset(pytesseract.get_languages(config=""))
    except (pytesseract.TesseractNotFoundError, pytesseract.TesseractError, OSError):
        return frozenset()


def probe(required: tuple[str, ...] = REQUIRED_LANGUAGES) -> None:
    """Raises MissingDependencyError naming what to install when tesseract or a language is absent."""
    missing = [lang for lang in required if lang not in installed_languages()]
    if missing:
        packages = " ".join(["tesseract-ocr", *(DEBIAN_PACKAGES[m] for m in missing if m in DEBIAN_PACKAGES)])
        raise MissingDependencyError(missing=", ".join(missing), packages=packages)


def vietnamese_model() -> str:
    """The language that reads Vietnamese lines alone: $CHECKPOINT_OCR_VIETNAMESE_MODEL when set (an error
    naming what to install if tesseract lacks it), else vie_best when installed, else Debian's vie."""
    chosen = os.environ.get(VIETNAMESE_MODEL_VARIABLE, "").strip()
    if not chosen:
        return VIETNAMESE_BEST if VIETNAMESE_BEST in installed_languages() else "vie"
    if chosen not in installed_languages():
        if chosen in DEBIAN_PACKAGES:
            probe((chosen,))
        raise MissingVietnameseModelError(language=chosen, variable=VIETNAMESE_MODEL_VARIABLE)
    return chosen


class Tesseract:
    """Tesseract's library (ocr/tesslib.py), reading a tall page as two bands in parallel threads, one per core.

    Tesseract's own OpenMP threads barely help on two shared cores; two threads on the two halves of a
    page nearly halve the time. The page is cut only across a blank row, so no printed line is split.
    """

    def __init__(self, processes: int = 2) -> None:
        self.processes = processes

    def words(self, image: np.ndarray, languages: tuple[str, ...], psm: int = 3) -> list[Word]:
        probe(languages)
        cut = blank_row_near_middle(image) if self.processes > 1 and psm == 3 else None
        if cut is None:
            return self._read(image, languages, psm, 0, 0)
        with ThreadPoolExecutor(max_workers=2) as pool:
            top = pool.submit(self._read, image[:cut], languages, psm, 0, 0)
            bottom = pool.submit(self._read, image[cut:], languages, psm, cut, BAND_BLOCKS)
            return top.result() + bottom.result()

    @staticmethod
    def _read(image: np.ndarray, languages: tuple[str, ...], psm: int, dy: int, blocks: int) -> list[Word]:
        grey = image if image.ndim == 2 else cv2.cvtColor(image, cv2.COLOR_BGR2GRAY)
        words = []
        for row in tesslib.tsv(grey, "+".join(languages), psm):
            if len(row) < 12 or not row[11].strip() or float(row[10]) < 0:
                continue
            block, paragraph, line, left, top, width, height = map(int, row[2:5] + row[6:10])
            # Whole percents, as the command's TSV gave them through pytesseract: ocr/sure.py's thresholds
            # were measured on those.
            words.append(Word(row[11], int(float(row[10])) / 100, (left, top + dy, width, height),
                              (block + blocks, paragraph, line)))
        return words

    def rotation(self, image: np.ndarray) -> int:
        if "osd" not in installed_languages():
            return 0
        try:
            report = pytesseract.image_to_osd(image, config="--psm 0")
        except pytesseract.TesseractError:
            # Too little text to tell: the page is read as it came.
            return 0
        angle = re.search(r"Rotate: (\d+)", report)
        confidence = re.search(r"Orientation confidence: ([\d.]+)", report)
        if not angle or not confidence or float(confidence.group(1)) < OSD_MIN_CONFIDENCE:
            return 0
        # Tesseract reports the clockwise turn that makes the page upright.
        return (360 - int(angle.group(1))) % 360

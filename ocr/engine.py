"""Tesseract behind a small interface, so tests can put a crashing or empty engine in its place."""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import Protocol

import numpy as np
import pytesseract

from .errors import MissingDependencyError, OcrError

REQUIRED_LANGUAGES = ("vie", "eng", "chi_sim")
DEBIAN_PACKAGES = {"vie": "tesseract-ocr-vie", "eng": "tesseract-ocr-eng", "chi_sim": "tesseract-ocr-chi-sim"}


@dataclass(frozen=True)
class Word:
    text: str
    confidence: float
    """0–1, as Tesseract reports it."""
    box: tuple[int, int, int, int]
    """x, y, width, height in the page image."""
    line: tuple[int, int, int]
    """(block, paragraph, line) numbers: words sharing them form one printed line."""


class Engine(Protocol):
    def words(self, image: np.ndarray, languages: tuple[str, ...]) -> list[Word]: ...


@lru_cache(maxsize=1)
def installed_languages() -> frozenset[str]:
    try:
        return frozenset(pytesseract.get_languages(config=""))
    except (pytesseract.TesseractNotFoundError, OSError):
        return frozenset()


def probe(required: tuple[str, ...] = REQUIRED_LANGUAGES) -> None:
    """Raises MissingDependencyError naming what to install when tesseract or a language is absent."""
    missing = [lang for lang in required if lang not in installed_languages()]
    if missing:
        packages = " ".join(["tesseract-ocr", *(DEBIAN_PACKAGES[m] for m in missing if m in DEBIAN_PACKAGES)])
        raise MissingDependencyError(missing=", ".join(missing), packages=packages)


class Tesseract:
    def words(self, image: np.ndarray, languages: tuple[str, ...]) -> list[Word]:
        probe(languages)
        try:
            data = pytesseract.image_to_data(image, lang="+".join(languages), config="--psm 3",
                                             output_type=pytesseract.Output.DICT)
        except (pytesseract.TesseractError, RuntimeError) as exc:
            raise OcrError() from exc
        words = []
        for i, text in enumerate(data["text"]):
            conf = float(data["conf"][i])
            if not text.strip() or conf < 0:
                continue
            words.append(Word(text, conf / 100, (data["left"][i], data["top"][i], data["width"][i], data["height"][i]),
                              (data["block_num"][i], data["par_num"][i], data["line_num"][i])))
        return words

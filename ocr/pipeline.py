"""The reading of one photo, stage by stage: capture → upright → OCR → Chinese → layout → type → fields."""
from __future__ import annotations

import time
from dataclasses import replace

import numpy as np

from . import layout, paddle, preprocess
from .classify import DOC_TYPES, classify
from .document import Document, Line
from .engine import Engine, Tesseract, Word, installed_languages, vietnamese_model
from .engine import probe as tesseract_probe
from .fields import EXTRACTORS
from .fields.common import has_cjk
from .fill import fill_unread
from .reread import reread_codes
from .strip import stack
from .sure import mark_sure
from .vietnamese import restore_diacritics, restore_name_forms

# Lines tesseract reads this unsure with vie+eng are often Chinese, and are read again with chi_sim.
CHINESE_SUSPECT = 0.6
# At most this many lines are re-read, so a page of noise cannot cost a second full pass.
CHINESE_MAX_LINES = 8
CHINESE_LATIN_CONFIDENCE = 0.85
# A page read upright yields plenty of confident words; one read sideways yields almost none.
UPRIGHT_CONFIDENCE = 0.8
UPRIGHT_WORDS = 15
UPRIGHT_MEAN = 0.75


def read(image: np.ndarray, doc_type: str = "auto", engine: Engine | None = None,
         languages: tuple[str, ...] = ("vie", "eng"), codes: bool = True) -> Document:
    """A photo (BGR or grey array, EXIF-rotated) read into a typed Document.

    doc_type 'auto' classifies the page; any other type of CONTRACTS.md forces that extractor. codes:
    whether PP-OCR reads the lines tesseract left unread and the words holding digits again (the
    benchmark turns it off to compare).
    """
    if doc_type != "auto" and doc_type not in DOC_TYPES:
        raise ValueError(f"doc_type must be 'auto' or one of {', '.join(DOC_TYPES)}, not {doc_type!r}")
    started = time.perf_counter()
    engine = engine or Tesseract()
    page = preprocess.prepare(image)
    page, rules, words = read_upright(page, engine, languages)
    if codes:
        words = reread_codes(page.image, fill_unread(page.image, words))
    if "vie" in languages:
        words = restore_name_forms(restore_diacritics(preprocess.erase_rules(page.image, rules), words, engine))
    words, chinese = read_chinese(page.image, words, engine)
    lines = layout.reading_order(words, preprocess.find_cells(rules))
    text = "\n".join(line.text for line in lines)
    kind = classify(text) if doc_type == "auto" else doc_type
    fields = mark_sure({name: replace(f, box=page.box_in_photo(f.box)) for name, f in EXTRACTORS[kind](lines).items()})
    used = (*languages, "chi_sim") if chinese else languages
    boxed = tuple(Line(line.text, page.box_in_photo(line.box), _mean(list(line.words))) for line in lines)
    return Document(kind, used, fields, text, time.perf_counter() - started, boxed)


def probe() -> None:
    """Raises MissingDependencyError naming what to install when anything the reading needs is absent:
    tesseract's languages, the Vietnamese model configured or PP-OCR's models."""
    tesseract_probe()
    vietnamese_model()
    paddle.probe()


def read_upright(page: preprocess.Page, engine: Engine, languages: tuple[str, ...]
                 ) -> tuple[preprocess.Page, np.ndarray, list[Word]]:
    """The page, its ruled lines and its words, read again after turning the page when the first reading
    says it lies sideways or upside down; upright pages, the usual case, pay for one reading only."""
    rules = preprocess.find_rules(page.image)
    words = engine.words(preprocess.erase_rules(page.image, rules), languages)
    if looks_upright(words):
        return page, rules, words
    degrees = engine.rotation(page.image)
    if not degrees:
        return page, rules, words
    turned = page.turned(degrees)
    turned_rules = preprocess.find_rules(turned.image)
    turned_words = engine.words(preprocess.erase_rules(turned.image, turned_rules), languages)
    # OSD guesses on a receipt's sparse print: the turn is kept only when the page then reads better.
    if _confident(turned_words) <= _confident(words):
        return page, rules, words
    return turned, turned_rules, turned_words


def looks_upright(words: list[Word]) -> bool:
    """Upright text reads with confidence in words wider than tall; tesseract reads a sideways page's
    lines as vertical ones (tall words), and an upside-down page as unsure junk."""
    if not words:
        return True
    long = [w for w in words if len(w.text) >= 3]
    tall = sum(w.box[3] > 1.5 * w.box[2] for w in long) / max(1, len(long))
    return tall < 0.5 and _confident(words) >= UPRIGHT_WORDS and _mean(words) >= UPRIGHT_MEAN


def read_chinese(image: np.ndarray, words: list[Word], engine: Engine) -> tuple[list[Word], bool]:
    """Re-reads the lines vie+eng was unsure of with chi_sim, all in one engine call, and keeps the Chinese.

    Running chi_sim over the whole page would double the time; Chinese lines on these documents are the
    party names and titles, which vie+eng reads as low-confidence junk.
    """
    if "chi_sim" not in installed_languages():
        return words, False
    lines: dict[tuple[int, int, int], list[Word]] = {}
    for word in words:
        lines.setdefault(word.line, []).append(word)
    suspects = sorted((ws for ws in lines.values() if _mean(ws) < CHINESE_SUSPECT),
                      key=_mean)[:CHINESE_MAX_LINES]
    if not suspects:
        return words, False
    # The junk vie+eng made of a Chinese line often covers less than the characters: each crop reaches two
    # line heights to the sides and a third above and below, no further, so a neighbouring box stays out.
    strip = stack([layout.union(w.box for w in ws) for ws in suspects], image, 2, 1 / 3)
    reread = engine.words(strip.image, ("chi_sim",), psm=6)
    chinese: dict[tuple[int, int, int], list[Word]] = {}
    for i, ws in enumerate(suspects):
        # chi_sim reads Latin letters as junk: of the re-read line keep the Chinese and what it is sure of.
        inside = [w for w in reread if strip.crop_of(w) == i
                  and (has_cjk(w.text) or w.confidence >= CHINESE_LATIN_CONFIDENCE)]
        if inside and has_cjk("".join(w.text for w in inside)) and _mean(inside) > _mean(ws):
            chinese[ws[0].line] = [strip.on_page(w, ws[0].line) for w in inside]
    # The Chinese reading takes the place of the line it replaces, keeping tesseract's reading order.
    merged: list[Word] = []
    for word in words:
        if word.line not in chinese:
            merged.append(word)
        elif word is lines[word.line][0]:
            merged.extend(chinese[word.line])
    return merged, bool(chinese)


def _confident(words: list[Word]) -> int:
    return sum(w.confidence >= UPRIGHT_CONFIDENCE for w in words)


def _mean(words: list[Word]) -> float:
    return sum(w.confidence for w in words) / len(words)

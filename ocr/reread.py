"""Words holding digits — dates, amounts, invoice and certificate numbers, HS codes — read again by PP-OCR.

Tesseract keeps Vietnamese diacritics that PP-OCR drops, so names and addresses stay tesseract's; on
digits and codes PP-OCR is the better reader, most of all on blurred photos where tesseract takes a 3 for
a 9 or an E for an F. Only runs of words holding a digit are cropped and recognised, which costs a
fraction of a second, not a second full pass.
"""
from __future__ import annotations

import re
from difflib import SequenceMatcher

import numpy as np

from . import paddle
from .engine import Word
from .layout import union

# Tesseract's boxes clip the ink of blurred glyphs, and PP-OCR drops a glyph cut at the crop's edge: the
# crop reaches this share of the run's height beyond its box, with the neighbouring words whitened.
REACH_X = 0.6
REACH_Y = 0.25
# On a blurred page tesseract splits one code into pieces ("S20§ 33.00" for 5208.52.00): neighbouring
# words holding digits, closer than this share of their height, are read again as one.
JOIN_GAP = 1.0
# PP-OCR readings below this confidence are no better than tesseract's; runs tesseract is this sure of, or
# holding a single digit (box numbers, item numbers), are left alone to save time.
MIN_CONFIDENCE = 0.8
SURE = 0.9
MIN_DIGITS = 2
JUNK = 0.4
CODE = re.compile(r"\d")
MARKS = r"[\s:;,.|'\"‘’“”()\[\]]*"


def reread_codes(image: np.ndarray, words: list[Word]) -> list[Word]:
    """The words, each run of those holding a digit replaced by PP-OCR's reading when it is surer."""
    runs = [run for run in _runs(words) if min(words[i].confidence for i in run) < SURE
            and sum(c.isdigit() for i in run for c in words[i].text) >= MIN_DIGITS]
    crops = [_crop(image, run, words) for run in runs]
    replaced: dict[int, list[Word]] = {}
    for run, (text, score) in zip(runs, paddle.recognise(crops)):
        old = " ".join(words[i].text for i in run)
        new = _ends_of(old, _punctuation_of(old, text.strip()))
        confidence = min(words[i].confidence for i in run)
        if score >= MIN_CONFIDENCE and score > confidence and new and new != old:
            box = union(words[i].box for i in run)
            replaced[run[0]] = paddle.split_line(new, score, box, words[run[0]].line)
            replaced.update({i: [] for i in run[1:]})
    return [new for i, word in enumerate(words) for new in replaced.get(i, [word])]


def _runs(words: list[Word]) -> list[list[int]]:
    """Indices of neighbouring words on one line that hold a digit, or are junk between such words."""
    runs: list[list[int]] = []
    for i, word in enumerate(words):
        if not _part_of_code(word):
            continue
        if runs and runs[-1][-1] == i - 1 and _close(words[i - 1], word):
            runs[-1].append(i)
        else:
            runs.append([i])
    return runs


def _part_of_code(word: Word) -> bool:
    # Blur turns a code's dots and digits into junk ("S20§ S>.QÒ § 1532.00" for 5208.52.00); a word
    # of letters tesseract reads with any confidence is a name's, and keeps its diacritics.
    return bool(CODE.search(word.text)) and word.text.isascii() or word.confidence < JUNK


def _close(left: Word, right: Word) -> bool:
    gap = right.box[0] - (left.box[0] + left.box[2])
    return left.line == right.line and 0 <= gap < JOIN_GAP * max(left.box[3], right.box[3])


def _punctuation_of(old: str, new: str) -> str:
    """PP-OCR's reading with tesseract's commas and points where PP-OCR swapped or lost them: it reads the
    thousands comma of 260,295.78 as a point and drops the small points of a blurred 8541.43.00."""
    out: list[str] = []
    for tag, i1, i2, j1, j2 in SequenceMatcher(None, old, new, autojunk=False).get_opcodes():
        if tag == "replace" and i2 - i1 == j2 - j1:
            out.extend(a if a in ".," and b in ".," else b for a, b in zip(old[i1:i2], new[j1:j2]))
        elif tag == "delete" and set(old[i1:i2]) <= set(".,"):
            out.append(old[i1:i2])
        else:
            out.append(new[j1:j2])
    return "".join(out)


def _ends_of(old: str, new: str) -> str:
    """PP-OCR's reading between tesseract's marks at either end: the crop's edges hold bits of the
    neighbours' ink, which PP-OCR reads as a colon or a quote that is not there."""
    head, tail = re.match(MARKS, old).group(), re.search(MARKS + "$", old).group()  # type: ignore[union-attr]
    return head + re.sub(rf"^{MARKS}|{MARKS}$", "", new) + tail


def _crop(image: np.ndarray, run: list[int], words: list[Word]) -> np.ndarray:
    x, y, w, h = union(words[i].box for i in run)
    x0, y0 = max(0, x - round(REACH_X * h)), max(0, y - round(REACH_Y * h))
    x1, y1 = x + w + round(REACH_X * h), y + h + round(REACH_Y * h)
    crop = image[y0:y1, x0:x1].copy()
    for j, other in enumerate(words):
        ox, oy, ow, oh = other.box
        if j not in run and ox < x1 and ox + ow > x0 and oy < y1 and oy + oh > y0:
            crop[max(0, oy - y0):max(0, oy + oh - y0), max(0, ox - x0):max(0, ox + ow - x0)] = 255
    # A neighbour's box may overlap the run's own ink: that is put back.
    crop[y - y0:y - y0 + h, x - x0:x - x0 + w] = image[y:y + h, x:x + w]
    return crop

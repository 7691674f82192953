"""Lines tesseract left unread, found by PP-OCR's detection and read by PP-OCR.

Tesseract's page segmentation drops whole blocks of a sparse, unevenly printed page (a receipt's totals
in a large font, its item rows between dashed rules) and reads nothing there; PP-OCR's detector finds
every printed line. Only pages tesseract reads unsurely pay for the detection (0.4–1 s).
"""
from __future__ import annotations

import numpy as np

from . import paddle
from .engine import Word

# Pages whose words tesseract reads with a mean confidence below this are worth a look for unread lines.
UNSURE = 0.8
# A detected line is unread when tesseract's words cover less than this share of its width.
UNREAD = 0.2
# Block numbers of the added lines start here, clear of both of tesseract's bands.
FILL_BLOCKS = 5000


def fill_unread(image: np.ndarray, words: list[Word]) -> list[Word]:
    """The words, plus PP-OCR's reading of each line no word of tesseract's covers; the words alone on a
    page tesseract is sure of, or found blank."""
    if not words or sum(w.confidence for w in words) / len(words) >= UNSURE:
        return words
    unread = [box for box in paddle.detect(image) if _covered(box, words) < UNREAD]
    read = paddle.recognise([image[y:y + h, x:x + w] for x, y, w, h in unread])
    added = []
    # Row by row, left to right: the words of one row form one line.
    for box, (text, score), row in sorted(zip(unread, read, _rows(unread)), key=lambda r: (r[2], r[0][0])):
        if score >= paddle.MIN_LINE_SCORE:
            added.extend(paddle.split_line(text, score, box, (FILL_BLOCKS + row, 0, 0)))
    return words + added


def _rows(boxes: list[tuple[int, int, int, int]]) -> list[int]:
    """Per box, the number of the printed row it sits on: PP-OCR detects a receipt's "TOTAL" and its
    amount far to the right as two lines, which are one."""
    rows: list[int] = []
    centres: list[float] = []
    for _, y, _, h in boxes:
        centre = y + h / 2
        row = next((i for i, c in enumerate(centres) if abs(c - centre) < h / 2), None)
        if row is None:
            row = len(centres)
            centres.append(centre)
        rows.append(row)
    return rows


def _covered(box: tuple[int, int, int, int], words: list[Word]) -> float:
    """Share of the box's width under words whose middle lies within the box's rows."""
    x, y, w, h = box
    covered = np.zeros(w, dtype=bool)
    for word in words:
        wx, wy, ww, wh = word.box
        if y <= wy + wh / 2 < y + h:
            covered[max(0, wx - x):max(0, wx + ww - x)] = True
    return float(covered.mean()) if w else 1.0

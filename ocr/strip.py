"""Crops of a page stacked one under another on white, so one engine call reads many lines."""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .engine import Word

Box = tuple[int, int, int, int]
GAP = 24


@dataclass(frozen=True)
class Strip:
    image: np.ndarray
    rows: list[tuple[int, int]]
    """Per crop, the rows its box occupies in the strip."""
    offsets: list[tuple[int, int]]
    """Per crop, what to add to a strip position to put it back on the page."""

    def crop_of(self, word: Word) -> int | None:
        """Which crop a word read on the strip belongs to, by its centre row; None for the gaps."""
        centre = word.box[1] + word.box[3] / 2
        return next((i for i, (top, bottom) in enumerate(self.rows) if top <= centre < bottom), None)

    def on_page(self, word: Word, line: tuple[int, int, int]) -> Word:
        dx, dy = self.offsets[self.crop_of(word) or 0]
        x, y, w, h = word.box
        return Word(word.text, word.confidence, (x + dx, y + dy, w, h), line)


def stack(boxes: list[Box], image: np.ndarray, reach_x: float, reach_y: float,
          blank: list[Box] | None = None) -> Strip:
    """Crops around the boxes, each reaching reach_x and reach_y of its box's height beyond it.

    blank: boxes of other words, whitened where a crop reaches into them (its own box's ink kept), so the
    halves of neighbouring lines that come into a crop are not read as lines of their own."""
    crops, rows, offsets, y = [], [], [], GAP
    h, w = image.shape[:2]
    for x, top, bw, bh in boxes:
        x0, y0 = max(0, x - round(reach_x * bh)), max(0, top - round(reach_y * bh))
        crop = image[y0:min(h, top + bh + round(reach_y * bh)), x0:min(w, x + bw + round(reach_x * bh))]
        if blank:
            crop = _whiten(crop, x0, y0, blank, (x, top, bw, bh))
        crops.append((y, crop))
        rows.append((y + top - y0, y + top - y0 + bh))
        offsets.append((x0 - GAP, y0 - y))
        y += crop.shape[0] + GAP
    strip = np.full((y, max((c.shape[1] for _, c in crops), default=0) + 2 * GAP), 255, dtype=image.dtype)
    for row, crop in crops:
        strip[row:row + crop.shape[0], GAP:GAP + crop.shape[1]] = crop
    return Strip(strip, rows, offsets)


def _whiten(crop: np.ndarray, x0: int, y0: int, others: list[Box], own: Box) -> np.ndarray:
    out = crop.copy()
    ch, cw = crop.shape[:2]
    for ox, oy, ow, oh in others:
        if ox < x0 + cw and ox + ow > x0 and oy < y0 + ch and oy + oh > y0:
            out[max(0, oy - y0):max(0, oy + oh - y0), max(0, ox - x0):max(0, ox + ow - x0)] = 255
    x, y, w, h = own
    out[y - y0:y - y0 + h, x - x0:x - x0 + w] = crop[y - y0:y - y0 + h, x - x0:x - x0 + w]
    return out

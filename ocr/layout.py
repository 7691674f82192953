"""Words into printed lines in reading order, using the form's ruled boxes where it has them.

Tesseract reads a boxed form block by block, which scrambles the rows of an item table across its
columns; here each box keeps its own lines, and a row of three or more boxes (a table) is read across.
"""
from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from statistics import median

from .engine import Word
from .preprocess import Cell

Box = tuple[int, int, int, int]
# A table row band is read across its columns only when it has at least this many boxes; two boxes side by
# side (Form E boxes 11 and 12) are separate paragraphs.
TABLE_MIN_COLUMNS = 3
RULE_OVERLAP = 4
# Lines of running text hold at least this many words on average; table entries hold fewer.
PROSE_WORDS = 4
PROSE_ROWS = 5


@dataclass(frozen=True)
class Line:
    words: tuple[Word, ...]
    cell: int
    """Number of the ruled box (or table row band) holding the line, in reading order; -1 outside boxes."""

    @property
    def text(self) -> str:
        return "".join(sep + w.text for sep, w in zip(self._separators(), self.words))

    @property
    def box(self) -> Box:
        return union(w.box for w in self.words)

    def span_words(self, start: int, end: int) -> tuple[Word, ...]:
        """The words covering characters start:end of self.text."""
        covered, offset = [], 0
        for sep, word in zip(self._separators(), self.words):
            offset += len(sep)
            if offset < end and offset + len(word.text) > start:
                covered.append(word)
            offset += len(word.text)
        return tuple(covered) or self.words

    def _separators(self) -> list[str]:
        """A space between words, except between Chinese characters, which are printed without one."""
        seps = [""]
        for before, after in zip(self.words, self.words[1:]):
            seps.append("" if _is_cjk(before.text[-1]) and _is_cjk(after.text[0]) else " ")
        return seps


def _is_cjk(char: str) -> bool:
    return "\u3400" <= char <= "\u9fff" or "\uf900" <= char <= "\ufaff"


def union(given: Iterable[Box]) -> Box:
    boxes = list(given)
    if not boxes:
        return (0, 0, 0, 0)
    x0 = min(b[0] for b in boxes)
    y0 = min(b[1] for b in boxes)
    x1 = max(b[0] + b[2] for b in boxes)
    y1 = max(b[1] + b[3] for b in boxes)
    return (x0, y0, x1 - x0, y1 - y0)


def reading_order(words: list[Word], cells: list[Cell]) -> list[Line]:
    """Lines of the page: each box's lines together, boxes in XY-cut order, tables read across."""
    regions = _group_by_cell(words, cells)
    lines: list[Line] = []
    boxes = 0
    for band in _xy_cut(regions):
        if _is_table(band):
            lines.extend(Line(ws, boxes) for ws in _rows([w for r in band for w in r.words]))
            boxes += 1
            continue
        for region in band:
            if region.ruled:
                lines.extend(Line(row, boxes) for row in _rows(region.words))
                boxes += 1
            else:
                lines.extend(Line(row, -1) for row in _tesseract_lines(region.words))
    return lines


@dataclass(frozen=True)
class _Region:
    box: Box
    words: list[Word]
    ruled: bool
    """A ruled box of the form; otherwise one of tesseract's text blocks outside every box."""


def _group_by_cell(words: list[Word], cells: list[Cell]) -> list[_Region]:
    """Each ruled box with its words, plus tesseract's blocks of the words outside every box.

    Outside the boxes tesseract's own blocks are kept whole: they already follow a page's columns.
    """
    by_cell: dict[int, list[Word]] = {}
    loose: dict[int, list[Word]] = {}
    for word in words:
        cx, cy = word.box[0] + word.box[2] / 2, word.box[1] + word.box[3] / 2
        # Cells are largest first: the last that holds the word is the innermost box.
        holder = -1
        for i, cell in enumerate(cells):
            x, y, w, h = cell.box
            if x <= cx <= x + w and y <= cy <= y + h:
                holder = i
        if holder >= 0:
            by_cell.setdefault(holder, []).append(word)
        else:
            loose.setdefault(word.line[0], []).append(word)
    # A box holding other boxes (a table's frame) stands for the words it holds directly, not its frame,
    # or its size would hide every gap between the rows inside it.
    return [*(_Region(cells[i].box if _is_leaf(i, cells) else union(w.box for w in ws), ws, True)
              for i, ws in by_cell.items()),
            *(_Region(union(w.box for w in ws), ws, False) for ws in loose.values())]


def _is_leaf(index: int, cells: list[Cell]) -> bool:
    x, y, w, h = cells[index].box
    return not any(cx >= x and cy >= y and cx + cw <= x + w and cy + ch <= y + h
                   for j, (cx, cy, cw, ch) in enumerate(c.box for c in cells) if j != index)


def _xy_cut(regions: list[_Region]) -> list[list[_Region]]:
    """Splits regions at empty horizontal, then vertical, gaps, recursively; leaves are bands of regions.

    A row of table columns is kept whole as one band, to be read across.
    """
    if len(regions) <= 1:
        return [regions] if regions else []
    parts = _cut(regions, 1)
    if len(parts) == 1 and _is_table(regions):
        return [regions]
    if len(parts) == 1:
        parts = _cut(regions, 0)
    if len(parts) > 1:
        return [band for part in parts for band in _xy_cut(part)]
    return [sorted(regions, key=lambda r: (r.box[1], r.box[0]))]


def _cut(regions: list[_Region], axis: int) -> list[list[_Region]]:
    ordered = sorted(regions, key=lambda r: r.box[axis])
    parts: list[list[_Region]] = [[ordered[0]]]
    reach = ordered[0].box[axis] + ordered[0].box[axis + 2]
    for region in ordered[1:]:
        start, size = region.box[axis], region.box[axis + 2]
        # Boxes touch at their shared rule, a few pixels; blocks of text overlap by their descenders.
        if start >= reach - (RULE_OVERLAP if region.ruled else max(RULE_OVERLAP, size // 4)):
            parts.append([region])
        else:
            parts[-1].append(region)
        reach = max(reach, start + size)
    return parts


def _is_table(band: list[_Region]) -> bool:
    """Three or more boxes side by side, at least one of them short entries (numbers, codes): a table.

    Ruled columns of running text (a magazine page) are read column by column instead.
    """
    if len(band) < TABLE_MIN_COLUMNS or not _one_row(band):
        return False
    # A column of running text beside a picture's frame is a page of prose, however short the caption.
    if any(not r.ruled and _is_prose(r) for r in band):
        return False
    return any(len(r.words) / max(1, len(_rows(r.words))) < PROSE_WORDS for r in band)


def _is_prose(region: _Region) -> bool:
    rows = len(_rows(region.words))
    return rows >= PROSE_ROWS and len(region.words) / rows >= PROSE_WORDS


def _one_row(band: list[_Region]) -> bool:
    tops = [r.box[1] for r in band]
    bottoms = [r.box[1] + r.box[3] for r in band]
    height = median(r.box[3] for r in band)
    return max(tops) - min(tops) < height and max(bottoms) - min(bottoms) < height * 1.5


def _rows(words: list[Word]) -> list[tuple[Word, ...]]:
    """Words clustered into printed lines by vertical position, each sorted left to right."""
    if not words:
        return []
    height = median(w.box[3] for w in words)
    rows: list[list[Word]] = []
    for word in sorted(words, key=lambda w: w.box[1] + w.box[3] / 2):
        centre = word.box[1] + word.box[3] / 2
        if rows and abs(centre - _centre(rows[-1])) < height * 0.6:
            rows[-1].append(word)
        else:
            rows.append([word])
    return [tuple(sorted(row, key=lambda w: w.box[0])) for row in rows]


def _tesseract_lines(words: list[Word]) -> list[tuple[Word, ...]]:
    """Words grouped into the lines tesseract found, in its order."""
    lines: dict[tuple[int, int, int], list[Word]] = {}
    for word in words:
        lines.setdefault(word.line, []).append(word)
    return [tuple(line) for line in lines.values()]


def _centre(row: list[Word]) -> float:
    return median(w.box[1] + w.box[3] / 2 for w in row)

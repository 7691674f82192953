"""Pieces of layout shared by the families: a labelled value (right of, under or in the cell of its label),
a party block, a table, tick boxes, a stamp.
"""
from __future__ import annotations

import random
from collections.abc import Sequence
from dataclasses import dataclass

from PIL import Image, ImageChops, ImageDraw

from bench.docgen.page import Page, font


def kv(page: Page, x: float, y: float, width: float, label: str, value: str, placement: str, *,
       size: float | None = None, bold_value: bool = False, label_width: float | None = None,
       box: bool = True) -> float:
    """A label and its value; returns the height used. `label` may hold a newline (two-line label)."""
    size = size or page.size
    page.new_region()
    label_lines = label.split("\n")
    if placement == "right":
        lw = label_width or min(max(page.width(part, size) for part in label_lines) + 2, width * 0.45)
        # a label longer than its column wraps inside it, as form software prints it
        label_lines = [line for part in label_lines for line in page.wrap(part, lw - 1.5, size)]
        used = 0.0
        for part in label_lines:
            used += page.text(x, y + used, part, size=size)
        vsize = page.fit(value, width - lw, size, bold_value)
        if len(label_lines) > 1 and len(page.wrap(value, width - lw, vsize, bold_value)) > 1:
            page.new_region()  # a two-line label beside a two-line value: the value reads as its own block
        height = page.block(x + lw, y, value, width - lw, size=vsize, bold=bold_value)
        return max(used, height) + 0.8
    if placement == "under":
        used = 0.0
        for part in label_lines:
            used += page.text(x, y + used, part, size=size * 0.9)
        vsize = page.fit(value, width, size, bold_value)
        return used + page.block(x + 1.5, y + used + 0.4, value, width - 1.5, size=vsize, bold=bold_value) + 1.2
    small = size * 0.78
    used = 0.8
    for part in label_lines:
        used += page.text(x + 1.2, y + used, part, size=small)
    vsize = page.fit(value, width - 3, size, bold_value)
    used += page.block(x + 2, y + used + 0.5, value, width - 3, size=vsize, bold=bold_value) + 1.5
    if box:
        page.rect(x, y, width, used)
    return used


def cells(page: Page, x: float, y: float, row: Sequence[tuple[str, str, float]], *,
          bold_value: bool = False) -> float:
    """One row of a form's grid: each (label, value, width) a cell headed by its label; equal heights."""
    heights = []
    cx = x
    for label, value, width in row:
        heights.append(kv(page, cx, y, width, label, value, "cell", box=False, bold_value=bold_value))
        cx += width
    height = max(heights)
    cx = x
    for _, _, width in row:
        page.rect(cx, y, width, height)
        cx += width
    return height


@dataclass
class Column:
    header: str
    width: float
    align: str = "left"


def table(page: Page, x: float, y: float, columns: Sequence[Column], rows: Sequence[Sequence[str]], *,
          grid: str = "full", size: float | None = None, header_fill: int | None = None,
          numbered: bool = False, min_rows: int = 0, face: str | None = None) -> float:
    """A table; `grid` is full, rules (horizontal rules only) or none; `face` is the rows' own face (a
    form's data typed into its printed columns). Returns its height."""
    size = size or page.size
    hsize = size * 0.85
    total = sum(c.width for c in columns)
    page.new_region()
    header_lines = [page.wrap(c.header, c.width - 1.5, hsize, True) for c in columns]
    line_h = hsize * 0.3528 * 1.25
    head_h = max(len(lines) for lines in header_lines) * line_h + 2
    if not any(c.header for c in columns):
        head_h = 0.0
    if numbered:
        head_h += line_h
    if header_fill is not None:
        page.rect(x, y, total, head_h, fill=header_fill, weight=0.2)
    cx = x
    for column, lines in zip(columns, header_lines):
        for i, part in enumerate(lines):
            page.text(cx + column.width / 2, y + 1 + i * line_h, part, size=hsize, bold=True, align="center")
        cx += column.width
    if numbered:
        cx = x
        for n, column in enumerate(columns, 1):
            page.text(cx + column.width / 2, y + head_h - line_h - 0.5, f"({n})", size=hsize * 0.9, align="center")
            cx += column.width
    row_tops = [y, y + head_h]
    cy = y + head_h + 1
    for row in rows:
        page.new_region()
        heights = []
        cx = x
        for column, cell in zip(columns, row):
            anchor = {"left": cx + 0.8, "center": cx + column.width / 2, "right": cx + column.width - 0.8}
            used = 0.0
            for part in page.wrap(cell, column.width - 1.6, size, face=face):
                used += page.text(anchor[column.align], cy + used, part, size=size, align=column.align, face=face)
            heights.append(used)
            cx += column.width
        cy += max(heights) + 1.2
        row_tops.append(cy - 0.6)
    for _ in range(max(0, min_rows - len(rows))):
        cy += size * 0.3528 * 1.25 + 1.2
        row_tops.append(cy - 0.6)
    bottom = row_tops[-1]
    if grid == "full":
        page.rect(x, y, total, bottom - y)
        for top in row_tops[1:-1]:
            page.line(x, top, x + total, top, 0.15)
        cx = x
        for column in columns[:-1]:
            cx += column.width
            page.line(cx, y, cx, bottom, 0.2)
    elif grid == "rules":
        for top in (y, row_tops[1], bottom):
            page.line(x, top, x + total, top, 0.3)
    return bottom - y


def ticks(page: Page, x: float, y: float, options: Sequence[tuple[str, bool]], *, size: float | None = None,
          columns: int = 2, width: float = 90) -> float:
    """Tick boxes in a grid; returns the height used."""
    size = size or page.size * 0.85
    page.new_region()
    step = size * 0.3528 * 1.25 + 2
    for i, (label, ticked) in enumerate(options):
        bx = x + (i % columns) * width / columns
        by = y + (i // columns) * step
        page.rect(bx, by + 0.3, 3, 3, 0.2)
        if ticked:
            page.line(bx + 0.5, by + 1.8, bx + 1.3, by + 3.0, 0.4)
            page.line(bx + 1.3, by + 3.0, bx + 2.8, by + 0.4, 0.4)
        page.text(bx + 4.5, by, label, size=size)
    return ((len(options) + columns - 1) // columns) * step


STAMP_INK = (205, 40, 45)
"""Red: the seal ink of Vietnamese and Chinese companies and authorities."""
PEN_INK = ((20, 40, 150), (25, 25, 60), (10, 10, 10))
"""Blue, dark blue or black ballpoint."""


def stamp(page: Page, rng: random.Random, cx: float, cy: float, radius: float, text: str) -> None:
    """A round red seal, its ink multiplied over what is under it (text stays legible through it)."""
    left, top = page.at(cx - radius - 1, cy - radius - 1)
    right, bottom = page.at(cx + radius + 1, cy + radius + 1)
    box = (max(0, left), max(0, top), min(page.image.width, right), min(page.image.height, bottom))
    shape = Image.new("L", (box[2] - box[0], box[3] - box[1]), 0)
    draw = ImageDraw.Draw(shape)

    def local(x: float, y: float) -> tuple[int, int]:
        px, py = page.at(x, y)
        return px - box[0], py - box[1]

    strength = rng.randint(150, 235)
    for r in (radius, radius * 0.93):
        draw.ellipse((*local(cx - r, cy - r), *local(cx + r, cy + r)), outline=strength,
                     width=max(1, page.px(0.5)))
    draw.regular_polygon((*local(cx, cy), page.px(radius * 0.25)), 5, outline=strength, fill=strength)
    px = max(6, page.px(radius * 0.28))
    while px > 6 and font(page.cjk_face, px, True).getlength(text) > page.px(radius * 1.5):
        px -= 1
    draw.text(local(cx, cy + radius * 0.45), text, font=font(page.cjk_face, px, True), fill=strength, anchor="mm")
    ink = Image.new("RGB", shape.size, STAMP_INK)
    layer = Image.composite(ink, Image.new("RGB", shape.size, (255, 255, 255)), shape)
    page.image.paste(ImageChops.multiply(page.image.crop(box), layer), box[:2])


def signature(page: Page, rng: random.Random, x: float, y: float, width: float = 30) -> None:
    """A scribble in ballpoint where a person signs."""
    ink = rng.choice(PEN_INK)
    points = [(x + width * i / 12, y + rng.uniform(-3, 3)) for i in range(13)]
    for (x1, y1), (x2, y2) in zip(points, points[1:]):
        page.line(x1, y1, x2, y2, 0.35, ink)

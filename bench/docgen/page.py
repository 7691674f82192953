"""A flat A4 page to draw a document on, in millimetres, that remembers what it printed where.

Every string drawn is recorded with its region (a block of the layout: a box, a table, a letterhead), so
the ground truth's `lines` follow the page block by block, and a table row reads across its cells; and
every key field drawn is recorded with its canonical value and the text printed for it.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from PIL import Image, ImageDraw, ImageFont

A4 = (210.0, 297.0)
WHITE, BLACK = (255, 255, 255), (0, 0, 0)
CJK = re.compile(r"[\u3000-\u30ff\u4e00-\u9fff\uff00-\uffef]")
DEJAVU = "/usr/share/fonts/truetype/dejavu/"
NOTO = "/usr/share/fonts/opentype/noto/"
# Faces that draw every Vietnamese letter and, for the Noto ones, Chinese; all installed by the project's
# set-up (fonts-dejavu-core, fonts-noto-cjk). DejaVu Sans Mono lacks a third of the Vietnamese letters
# (ả, ồ, ữ …), so typed pages use Noto Sans Mono CJK. Indices 2 and 7 of a Noto CJK collection are the
# Simplified Chinese faces.
FACES: dict[str, tuple[str, str, int]] = {
    "DejaVuSans": (DEJAVU + "DejaVuSans.ttf", DEJAVU + "DejaVuSans-Bold.ttf", 0),
    "DejaVuSerif": (DEJAVU + "DejaVuSerif.ttf", DEJAVU + "DejaVuSerif-Bold.ttf", 0),
    "NotoSansMonoCJKsc": (NOTO + "NotoSansCJK-Regular.ttc", NOTO + "NotoSansCJK-Bold.ttc", 7),
    "NotoSansCJKsc": (NOTO + "NotoSansCJK-Regular.ttc", NOTO + "NotoSansCJK-Bold.ttc", 2),
    "NotoSerifCJKsc": (NOTO + "NotoSerifCJK-Regular.ttc", NOTO + "NotoSerifCJK-Bold.ttc", 2),
}


LEADING_GROUPS = re.compile(r"\d{1,3}(?: \d{3})*")
GROUP = re.compile(r"\d{3}(?:[.,]\d+)?")


def _unbroken(words: list[str]) -> list[str]:
    """Words to wrap between: a number whose thousands are spaced (14 090.000) stays whole."""
    out: list[str] = []
    for word in words:
        if out and LEADING_GROUPS.fullmatch(out[-1]) and GROUP.fullmatch(word):
            out[-1] += " " + word
        else:
            out.append(word)
    return out


@lru_cache(maxsize=256)
def font(face: str, px: int, bold: bool) -> ImageFont.FreeTypeFont:
    regular, heavy, index = FACES[face]
    # Pillow's own layout, not libraqm's: text is NFC (every Vietnamese letter precomposed), and the same
    # seed draws the same page whether or not a machine's Pillow was built with raqm
    return ImageFont.truetype(heavy if bold else regular, px, index=index, layout_engine=ImageFont.Layout.BASIC)


@dataclass
class Drawn:
    region: int
    x: float
    y: float
    w: float
    h: float
    text: str


@dataclass
class Page:
    dpi: int
    face: str
    """Face of Latin and Vietnamese text."""
    cjk_face: str
    """Face of any string holding Hanzi."""
    size: float = 9.0
    """Body text size in points."""
    image: Image.Image = field(init=False)
    drawn: list[Drawn] = field(default_factory=list)
    fields: dict[str, Any] = field(default_factory=dict)
    printed: dict[str, Any] = field(default_factory=dict)
    region: int = 0
    scale: float = 1.0
    """The layout drawn a little larger or smaller than A4, as templates' margins differ."""
    offset: tuple[float, float] = (0.0, 0.0)
    """How far the layout's centre sits from the paper's, in mm."""

    def __post_init__(self) -> None:
        self.image = Image.new("RGB", (round(A4[0] * self.dpi / 25.4), round(A4[1] * self.dpi / 25.4)), WHITE)
        self._draw = ImageDraw.Draw(self.image)
        self._k = self.dpi * self.scale / 25.4

    def px(self, mm: float) -> int:
        """A length in layout millimetres, in pixels."""
        return round(mm * self._k)

    def at(self, x: float, y: float) -> tuple[int, int]:
        """A point of the layout, in pixels on the paper: scaled about the page's centre, then moved."""
        cx, cy = A4[0] / 2, A4[1] / 2
        k = self.dpi / 25.4
        return (round((cx + (x - cx) * self.scale + self.offset[0]) * k),
                round((cy + (y - cy) * self.scale + self.offset[1]) * k))

    def new_region(self) -> None:
        self.region += 1

    def _font(self, text: str, size: float, bold: bool, face: str | None = None) -> ImageFont.FreeTypeFont:
        face = self.cjk_face if CJK.search(text) else face or self.face
        return font(face, max(6, round(size * self.dpi * self.scale / 72)), bold)

    def width(self, text: str, size: float | None = None, bold: bool = False, face: str | None = None) -> float:
        return self._font(text, size or self.size, bold, face).getlength(text) / self._k

    def text(self, x: float, y: float, text: str, *, size: float | None = None, bold: bool = False,
             align: str = "left", fill: int = 0, face: str | None = None) -> float:
        """Draws one line with its top at y; returns the line's height in mm."""
        size = size or self.size
        height = size * 0.3528 * 1.25
        text = text.replace("\n", " ")
        if not text.strip():
            return height
        width = self.width(text, size, bold, face)
        if align == "center":
            x -= width / 2
        elif align == "right":
            x -= width
        self._draw.text(self.at(x, y), text, font=self._font(text, size, bold, face), fill=(fill, fill, fill))
        self.drawn.append(Drawn(self.region, x, y, width, height, text))
        return height

    def wrap(self, text: str, width: float, size: float | None = None, bold: bool = False,
             face: str | None = None) -> list[str]:
        size = size or self.size
        lines: list[str] = []
        for paragraph in text.split("\n"):
            current = ""
            for word in _unbroken(paragraph.split(" ")):
                trial = f"{current} {word}" if current else word
                if current and self.width(trial, size, bold, face) > width:
                    lines.append(current)
                    current = word
                else:
                    current = trial
            lines.append(current)
        return lines

    def block(self, x: float, y: float, text: str, width: float, *, size: float | None = None,
              bold: bool = False, align: str = "left", face: str | None = None) -> float:
        """Draws text wrapped to `width` mm; returns the height used."""
        used = 0.0
        anchor = {"left": x, "center": x + width / 2, "right": x + width}[align]
        for line in self.wrap(text, width, size, bold, face):
            used += self.text(anchor, y + used, line, size=size, bold=bold, align=align, face=face)
        return used

    def fit(self, text: str, width: float, size: float | None = None, bold: bool = False,
            face: str | None = None) -> float:
        """The largest size ≤ `size` (down to 80 % of it) at which `text` fits on one line of `width`."""
        size = size or self.size
        floor = size * 0.8
        while size > floor and max(self.width(part, size, bold, face) for part in text.split("\n")) > width:
            size -= 0.25
        return size

    def line(self, x1: float, y1: float, x2: float, y2: float, weight: float = 0.25,
             colour: tuple[int, int, int] = BLACK) -> None:
        self._draw.line((*self.at(x1, y1), *self.at(x2, y2)), fill=colour,
                        width=max(1, self.px(weight)))

    def rect(self, x: float, y: float, w: float, h: float, weight: float = 0.25, fill: int | None = None) -> None:
        self._draw.rectangle((*self.at(x, y), *self.at(x + w, y + h)), outline=BLACK,
                             width=max(1, self.px(weight)), fill=None if fill is None else (fill, fill, fill))

    def field(self, name: str, value: Any, printed: Any) -> Any:
        """Records a key field drawn on this page; returns what was printed, for drawing."""
        self.fields[name] = value
        self.printed[name] = printed
        return printed

    def lines(self) -> list[str]:
        """The page's text, region by region; within a region, strings on one baseline form one line."""
        order: dict[int, int] = {}
        for item in self.drawn:
            order.setdefault(item.region, len(order))
        out: list[str] = []
        for region in sorted(order, key=order.__getitem__):
            items = sorted((d for d in self.drawn if d.region == region), key=lambda d: (d.y, d.x))
            rows: list[list[Drawn]] = []
            for item in items:
                if rows and abs(rows[-1][0].y - item.y) < 0.45 * min(rows[-1][0].h, item.h):
                    rows[-1].append(item)
                else:
                    rows.append([item])
            out.extend(" ".join(d.text for d in sorted(row, key=lambda d: d.x)) for row in rows)
        return out


@dataclass
class Pen:
    """Writes on a page in a face and size of its own: a form's data typed over its printed labels."""

    page: Page
    face: str
    size: float

    def text(self, x: float, y: float, text: str, *, size: float | None = None, bold: bool = False,
             align: str = "left") -> float:
        return self.page.text(x, y, text, size=size or self.size, bold=bold, align=align, face=self.face)

    def block(self, x: float, y: float, text: str, width: float, *, size: float | None = None,
              bold: bool = False) -> float:
        return self.page.block(x, y, text, width, size=size or self.size, bold=bold, face=self.face)

    def fit(self, text: str, width: float, size: float | None = None, bold: bool = False) -> float:
        return self.page.fit(text, width, size or self.size, bold, self.face)

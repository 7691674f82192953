"""One base for every printed document: Vietnamese in DejaVu Sans, Chinese names and plates in Noto Sans CJK, and a
refusal to print text that no font on the tablet can draw — a legal paper with a silently dropped character in a
name or a plate is worse than no paper."""
from __future__ import annotations

import unicodedata
from functools import cache
from pathlib import Path
from typing import Any

from fontTools.ttLib import TTCollection, TTFont
from fpdf import FPDF

from ..errors import N_, CheckpointError

DEJAVU = Path("/usr/share/fonts/truetype/dejavu")
NOTO_CJK = Path("/usr/share/fonts/opentype/noto")
SIMPLIFIED = 2
"""Noto Sans CJK SC in Debian's collection (JP, KR, SC, TC, HK): the glyph shapes printed in China."""
FAMILY = "DejaVu"
CJK = "NotoSansCJK"


class Unprintable(CheckpointError):
    message = N_("Not printed: no font on this tablet can draw %(chars)s. Install fonts-noto-cjk or correct "
                 "the text.")
    status = 422


STYLES = {"": "DejaVuSans.ttf", "B": "DejaVuSans-Bold.ttf", "I": "DejaVuSans-Oblique.ttf"}
"""The DejaVu Sans face of each style: bold and oblique draw fewer characters than regular (oblique has no Arabic),
so a text is checked against the face it is printed in."""


@cache
def _dejavu_chars(style: str = "") -> frozenset[int]:
    return frozenset(TTFont(DEJAVU / STYLES[style]).getBestCmap())


@cache
def _cjk_chars() -> frozenset[int]:
    path = NOTO_CJK / "NotoSansCJK-Regular.ttc"
    if not path.exists():
        return frozenset()
    return frozenset(TTCollection(path).fonts[SIMPLIFIED].getBestCmap())


def _drawn_without_glyph(char: str) -> bool:
    """Line breaks, tabs and other control or format characters take no glyph."""
    return unicodedata.category(char) in ("Cc", "Cf", "Zl", "Zp")


class Document(FPDF):
    """An A4 document whose text is DejaVu Sans (regular, bold, italic), with Noto Sans CJK added the first time
    a text needs it (loading it costs half a second, and most papers have no Chinese)."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        for style, file in STYLES.items():
            self.add_font(FAMILY, style, str(DEJAVU / file))
        self._cjk_loaded = False

    def normalize_text(self, text: str) -> str:
        text = super().normalize_text(text)
        drawn = _dejavu_chars(self.font_style if self.font_style in STYLES else "")
        outside = {c for c in text if ord(c) not in drawn and not _drawn_without_glyph(c)}
        if not outside:
            return text
        missing = sorted(c for c in outside if ord(c) not in _cjk_chars())
        if missing:
            raise Unprintable(chars=" ".join(f"«{c}» (U+{ord(c):04X})" for c in missing))
        if not self._cjk_loaded:
            path = str(NOTO_CJK / "NotoSansCJK-Regular.ttc")
            self.add_font(CJK, "", path, collection_font_number=SIMPLIFIED)
            self.add_font(CJK, "B", str(NOTO_CJK / "NotoSansCJK-Bold.ttc"), collection_font_number=SIMPLIFIED)
            # Italic Chinese does not exist in print: the upright face stands in for it.
            self.add_font(CJK, "I", path, collection_font_number=SIMPLIFIED)
            self.set_fallback_fonts([CJK], exact_match=False)
            self._cjk_loaded = True
        return text

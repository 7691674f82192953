"""Pages the OCR tests draw themselves with Debian's DejaVu and Noto CJK fonts, flat or "photographed"."""
from __future__ import annotations

from pathlib import Path

import cv2
import numpy as np
from PIL import Image, ImageDraw, ImageFont

LATIN = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")
CJK = Path("/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc")
CORPUS = Path(__file__).resolve().parents[3] / "shared" / "corpus" / "documents"


def cjk_font(size: int) -> ImageFont.FreeTypeFont:
    """Noto Sans CJK SC out of the collection, whatever its index in this version of the package."""
    for index in range(10):
        font = ImageFont.truetype(str(CJK), size, index=index)
        if font.getname()[0].endswith("SC"):
            return font
    raise LookupError("Noto Sans CJK SC not in " + str(CJK))


def page(lines: list[str], size: int = 30, width: int = 1700, boxes: list[tuple[int, int, int, int]] = ()
         ) -> np.ndarray:
    """A white page of printed lines (a line with Chinese in it is drawn in Noto CJK), and ruled boxes
    given as (x, y, w, h) in pixels; grey, as a flat scan."""
    latin = ImageFont.truetype(str(LATIN), size)
    chinese = cjk_font(size)
    step = int(size * 1.9)
    image = Image.new("L", (width, 160 + len(lines) * step), 255)
    draw = ImageDraw.Draw(image)
    for i, line in enumerate(lines):
        font = chinese if any("\u4e00" <= c <= "\u9fff" for c in line) else latin
        draw.text((90, 80 + i * step), line, fill=0, font=font)
    for x, y, w, h in boxes:
        draw.rectangle((x, y, x + w, y + h), outline=0, width=3)
    return np.asarray(image)


def photograph(flat: np.ndarray, tilt: float = 4.0) -> np.ndarray:
    """The page lying on a dark, textured table, shot at an angle with light falling off to one side."""
    h, w = flat.shape[:2]
    canvas_w, canvas_h = int(w * 1.35), int(h * 1.3)
    rng = np.random.default_rng(7)
    table = (60 + rng.normal(0, 12, (canvas_h, canvas_w))).clip(0, 255).astype(np.uint8)
    src = np.float32([[0, 0], [w, 0], [w, h], [0, h]])
    ox, oy = (canvas_w - w) / 2, (canvas_h - h) / 2
    skew = w * 0.04
    dst = np.float32([[ox + skew, oy], [ox + w - skew * 0.5, oy + skew * 0.6], [ox + w, oy + h], [ox, oy + h - skew]])
    matrix = cv2.getPerspectiveTransform(src, dst)
    sheet = cv2.warpPerspective(flat, matrix, (canvas_w, canvas_h), borderValue=0)
    mask = cv2.warpPerspective(np.full_like(flat, 255), matrix, (canvas_w, canvas_h), borderValue=0)
    photo = np.where(mask > 0, sheet, table)
    centre = (canvas_w / 2, canvas_h / 2)
    photo = cv2.warpAffine(photo, cv2.getRotationMatrix2D(centre, tilt, 1.0), (canvas_w, canvas_h),
                           borderValue=60)
    shade = np.linspace(1.0, 0.7, canvas_w, dtype=np.float32)[None, :]
    photo = (photo.astype(np.float32) * shade).clip(0, 255).astype(np.uint8)
    return cv2.cvtColor(photo, cv2.COLOR_GRAY2BGR)

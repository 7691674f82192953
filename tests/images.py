"""Pictures the tests make themselves: real symbols from zxing-cpp's encoder, documents drawn with real fonts."""
from __future__ import annotations

import io
from pathlib import Path

import numpy as np
import zxingcpp
from PIL import Image, ImageDraw, ImageFont

FONT = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")


def png(pixels: np.ndarray | Image.Image) -> bytes:
    image = pixels if isinstance(pixels, Image.Image) else Image.fromarray(pixels)
    out = io.BytesIO()
    image.save(out, format="PNG")
    return out.getvalue()


def barcode(text: str, fmt: str = "EAN13", scale: int = 4, margin: int = 40) -> np.ndarray:
    symbol = zxingcpp.create_barcode(text, getattr(zxingcpp.BarcodeFormat, fmt))
    pixels = np.asarray(zxingcpp.write_barcode_to_image(symbol, scale=scale))
    return np.pad(pixels, margin, constant_values=255)


def document(lines: list[str], size: int = 34, width: int = 1700) -> Image.Image:
    """A clean page of printed lines, as a flat scan would give."""
    font = ImageFont.truetype(str(FONT), size)
    page = Image.new("L", (width, 120 + len(lines) * int(size * 1.8)), 255)
    draw = ImageDraw.Draw(page)
    for i, line in enumerate(lines):
        draw.text((80, 60 + i * int(size * 1.8)), line, fill=0, font=font)
    return page


def side_by_side(*images: np.ndarray) -> np.ndarray:
    height = max(i.shape[0] for i in images)
    padded = [np.pad(i, ((0, height - i.shape[0]), (0, 40)), constant_values=255) for i in images]
    return np.hstack(padded)

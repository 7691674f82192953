"""Every barcode in one photo: zxing-cpp and ZBar together, codes whose check fails dropped."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
import zxingcpp
from pyzbar import pyzbar

from . import payload
from .payload import Payload

# zxing-cpp's and ZBar's names for a format, mapped to the contract's names.
ZXING_FORMATS = {
    "EAN13": "EAN13", "EAN8": "EAN8", "UPCA": "UPCA", "UPCE": "UPCE", "Code128": "Code128",
    "Code39": "Code39", "Code93": "Code93", "ITF": "ITF", "Codabar": "Codabar",
    "DataBar": "DataBar", "DataBarExpanded": "DataBarExpanded", "QRCode": "QRCode",
    "MicroQRCode": "MicroQRCode", "DataMatrix": "DataMatrix", "PDF417": "PDF417", "Aztec": "Aztec",
}
ZBAR_FORMATS = {
    "EAN13": "EAN13", "EAN8": "EAN8", "UPCA": "UPCA", "UPCE": "UPCE", "CODE128": "Code128",
    "CODE39": "Code39", "CODE93": "Code93", "I25": "ITF", "CODABAR": "Codabar",
    "DATABAR": "DataBar", "DATABAR_EXP": "DataBarExpanded", "QRCODE": "QRCode", "PDF417": "PDF417",
}


@dataclass(frozen=True)
class Symbol:
    format: str
    text: str
    raw: bytes
    corners: tuple[tuple[int, int], ...]
    payload: Payload

    def as_dict(self, image: str) -> dict[str, Any]:
        return {"image": image, "format": self.format, "text": self.text,
                "corners": [list(c) for c in self.corners], "payload": self.payload.as_dict()}


def decode(pixels: np.ndarray) -> list[Symbol]:
    """All symbols in a BGR or grey picture, each once, those that fail their check left out."""
    found: dict[tuple[str, str], Symbol] = {}
    for symbol in [*_zxing(pixels), *_zbar(pixels)]:
        if symbol.payload.kind == "gtin" and not symbol.payload.valid:
            continue
        found.setdefault((symbol.format, symbol.text), symbol)
    return list(found.values())


def _zxing(pixels: np.ndarray) -> list[Symbol]:
    symbols = []
    for result in zxingcpp.read_barcodes(pixels):
        fmt = ZXING_FORMATS.get(str(result.format).split(".")[-1])
        if fmt is None or not result.valid:
            continue
        p = result.position
        corners = tuple((int(pt.x), int(pt.y)) for pt in (p.top_left, p.top_right, p.bottom_right, p.bottom_left))
        symbols.append(Symbol(fmt, result.text, bytes(result.bytes), corners, payload.interpret(fmt, result.text)))
    return symbols


def _zbar(pixels: np.ndarray) -> list[Symbol]:
    symbols = []
    for result in pyzbar.decode(pixels):
        fmt = ZBAR_FORMATS.get(result.type)
        if fmt is None:
            continue
        text = result.data.decode("utf-8", errors="replace")
        corners = tuple((int(pt.x), int(pt.y)) for pt in result.polygon)
        symbols.append(Symbol(fmt, text, bytes(result.data), corners, payload.interpret(fmt, text)))
    return symbols

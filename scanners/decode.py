"""Every barcode in one photo: zxing-cpp and ZBar together, codes whose check fails dropped.

zxing-cpp reads all formats and goes first. When it settles nothing, ZBar reads the linear formats (the
two fail on different EAN/UPC photos), then both retry on contrast-equalised, binarised, enlarged and
turned copies.

A linear code has at best a one-digit checksum, so a blurred, low-resolution or tilted photo can yield
a wrong number whose checksum still passes, and both decoders sometimes agree on it (plain zxing-cpp
reads a clean EAN-13 tilted 30–60° as another valid EAN-13). Every weakly checked linear read is
therefore re-read on a crop of its place, turned upright and slightly smoothed: if any reading of that
place disagrees, nothing is reported there, because at a border gate a misread accuses the wrong
shipment while a missed code only asks for another photo.
"""
from __future__ import annotations

import ctypes
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from typing import Any

import cv2
import numpy as np

from . import payload
from .errors import MissingDependencyError, UnreadableImageError
from .payload import Payload

try:
    import zxingcpp
except ImportError as missing:
    raise MissingDependencyError(library="zxing-cpp", fix="pip install zxing-cpp") from missing
try:
    # pyzbar loads the ZBar shared library when its wrapper is imported.
    from pyzbar import wrapper as zbar
except ImportError as missing:
    raise MissingDependencyError(library="ZBar", fix="apt-get install libzbar0") from missing

Point = tuple[int, int]

# zxing-cpp's formats (also its sub-formats: Code 32 and PZN are Code 39 symbols) → the contract's names.
ZXING_FORMATS = {
    zxingcpp.BarcodeFormat.EAN13: "EAN13", zxingcpp.BarcodeFormat.EAN8: "EAN8",
    zxingcpp.BarcodeFormat.UPCA: "UPCA", zxingcpp.BarcodeFormat.UPCE: "UPCE",
    zxingcpp.BarcodeFormat.ISBN: "EAN13",
    zxingcpp.BarcodeFormat.Code128: "Code128", zxingcpp.BarcodeFormat.Code39: "Code39",
    zxingcpp.BarcodeFormat.Code39Std: "Code39", zxingcpp.BarcodeFormat.Code39Ext: "Code39",
    zxingcpp.BarcodeFormat.Code32: "Code39", zxingcpp.BarcodeFormat.PZN: "Code39",
    zxingcpp.BarcodeFormat.Code93: "Code93", zxingcpp.BarcodeFormat.ITF: "ITF", zxingcpp.BarcodeFormat.ITF14: "ITF",
    zxingcpp.BarcodeFormat.Codabar: "Codabar",
    zxingcpp.BarcodeFormat.DataBar: "DataBar", zxingcpp.BarcodeFormat.DataBarOmni: "DataBar",
    zxingcpp.BarcodeFormat.DataBarStk: "DataBar", zxingcpp.BarcodeFormat.DataBarStkOmni: "DataBar",
    zxingcpp.BarcodeFormat.DataBarLtd: "DataBar",
    zxingcpp.BarcodeFormat.DataBarExp: "DataBarExpanded", zxingcpp.BarcodeFormat.DataBarExpStk: "DataBarExpanded",
    zxingcpp.BarcodeFormat.QRCode: "QRCode", zxingcpp.BarcodeFormat.QRCodeModel1: "QRCode",
    zxingcpp.BarcodeFormat.QRCodeModel2: "QRCode", zxingcpp.BarcodeFormat.RMQRCode: "QRCode",
    zxingcpp.BarcodeFormat.MicroQRCode: "MicroQRCode", zxingcpp.BarcodeFormat.DataMatrix: "DataMatrix",
    zxingcpp.BarcodeFormat.PDF417: "PDF417", zxingcpp.BarcodeFormat.CompactPDF417: "PDF417",
    zxingcpp.BarcodeFormat.MicroPDF417: "PDF417",
    zxingcpp.BarcodeFormat.Aztec: "Aztec", zxingcpp.BarcodeFormat.AztecCode: "Aztec",
    zxingcpp.BarcodeFormat.AztecRune: "Aztec",
}
ZBAR_FORMATS = {
    zbar.ZBarSymbol.EAN13: "EAN13", zbar.ZBarSymbol.EAN8: "EAN8", zbar.ZBarSymbol.UPCA: "UPCA",
    zbar.ZBarSymbol.UPCE: "UPCE", zbar.ZBarSymbol.CODE128: "Code128", zbar.ZBarSymbol.CODE39: "Code39",
    zbar.ZBarSymbol.I25: "ITF",
}
LINEAR = {"EAN13", "EAN8", "UPCA", "UPCE", "Code128", "Code39", "Code93", "ITF", "Codabar", "DataBar",
          "DataBarExpanded"}
RETAIL = {"EAN13", "EAN8", "UPCA", "UPCE"}
REREAD = {fmt: zxingcpp.BarcodeFormat.EANUPC for fmt in RETAIL} | {
    "ITF": zxingcpp.BarcodeFormat.ITF, "Code39": zxingcpp.BarcodeFormat.Code39,
    "Codabar": zxingcpp.BarcodeFormat.Codabar}
# ITF has no check digit and start and stop patterns that occur inside its data, so a scan line that
# leaves a tilted symbol through its top edge reads a plausible shorter number: for ITF only the re-read
# of the symbol turned upright counts.
UPRIGHT_ONLY = {"ITF"}
# ZBar decodes a linear code on every scan line it crosses; one or two lines agreeing is weak evidence,
# never enough alone and outvoted by any stronger reading of the same place (on the corpus, scanning every
# third line, ZBar's misreads other than those re-reading catches have quality 1).
ZBAR_MIN_QUALITY = 3
# Scanning every third line costs a third of the time and, on the corpus, reads as much as every line.
ZBAR_DENSITY = 3
# A linear read is often a single scan line. One thinner than this share of its length is widened across
# by the same share, so that reads on other rows of the same symbol meet it, while whole-symbol boxes
# are not widened and codes printed one above the other stay apart (Japanese books carry an ISBN and a
# price code a few millimetres apart; cartons an EAN-13 over an ITF-14).
SAME_PLACE = 0.25
# zxing-cpp reads linear codes tilted up to about 15° (and turned by quarter turns); copies turned by 30°
# and 60° bring every other tilt within reach.
TURNS = (30.0, 60.0)
# The longest side of the copies made for a second look (except enlargements of small photos).
MAX_SIDE = 2000
_zbar_symbol_type = zbar.zbar_function("zbar_symbol_get_type", ctypes.c_int, ctypes.POINTER(zbar.zbar_symbol))
_Y800 = int.from_bytes(b"Y800", "little")
IDENTITY = np.array([[1.0, 0.0, 0.0], [0.0, 1.0, 0.0]])


@dataclass(frozen=True)
class Symbol:
    format: str
    """The symbology, one of the contract's names (EAN13 … Aztec)."""
    text: str
    """The content as the symbol carries it; GS1 separators as ASCII 29; bytes outside UTF-8 as ISO-8859-1."""
    raw: bytes
    """The content's bytes, exactly as decoded."""
    corners: tuple[Point, ...]
    """Top-left, top-right, bottom-right, bottom-left, in pixels of the photo."""
    payload: Payload
    """What the content means (scanners.interpret)."""

    def as_dict(self, image: str) -> dict[str, Any]:
        return {"image": image, "format": self.format, "text": self.text, "raw": self.raw.hex(),
                "corners": [list(c) for c in self.corners], "payload": self.payload.as_dict()}


@dataclass(frozen=True, eq=False)
class _Frame:
    """A picture a decoder ran on: the photo itself or a copy of it, and how its pixels map back."""
    pixels: np.ndarray
    to_photo: np.ndarray
    """2×3 affine matrix from this picture's coordinates to the photo's."""

    def photo_points(self, points: list[tuple[float, float]]) -> tuple[tuple[float, float], ...]:
        return tuple((float(self.to_photo[0] @ (x, y, 1.0)), float(self.to_photo[1] @ (x, y, 1.0)))
                     for x, y in points)


@dataclass(frozen=True)
class _Read:
    format: str
    text: str
    raw: bytes
    corners: tuple[tuple[float, float], ...]
    """In the photo's coordinates."""
    strong: bool
    """False for a ZBar read seen on too few scan lines, or a ZBar Code 39 read (it cannot tell Code 32,
    PZN or full ASCII apart, which zxing-cpp does): such a read is never reported on its own."""
    frame: _Frame = field(compare=False)
    """The picture the read came from."""
    frame_corners: tuple[tuple[float, float], ...] = field(compare=False)
    """The corners in that picture's coordinates."""
    aim: str = ""
    """The AIM symbology identifier zxing-cpp reports (]d2 for GS1 DataMatrix …); ZBar reports none."""

    @property
    def centre(self) -> tuple[float, float]:
        xs, ys = zip(*self.corners)
        return sum(xs) / len(xs), sum(ys) / len(ys)

    @property
    def length(self) -> float:
        xs, ys = zip(*self.corners)
        return max(max(xs) - min(xs), max(ys) - min(ys), 1.0)


def decode(pixels: np.ndarray) -> list[Symbol]:
    """All symbols in a BGR, BGRA or grey picture, each once; those that fail a check are left out."""
    photo = _Frame(_grey(pixels), IDENTITY)
    reads = _zxing(photo)
    found = _settle(reads)
    looks = _second_looks(photo)
    while not found and (more := next(looks, None)) is not None:
        reads += more
        found = _settle(reads)
    return [_symbol(r) for r in found]


def _grey(pixels: np.ndarray) -> np.ndarray:
    if not isinstance(pixels, np.ndarray) or pixels.size == 0 or pixels.ndim not in (2, 3):
        raise UnreadableImageError(shape=str(getattr(pixels, "shape", type(pixels).__name__)))
    if pixels.dtype != np.uint8:
        pixels = cv2.normalize(pixels, None, 0, 255, cv2.NORM_MINMAX).astype(np.uint8)
    if pixels.ndim == 2:
        return np.ascontiguousarray(pixels)
    channels = pixels.shape[2]
    if channels == 1:
        return np.ascontiguousarray(pixels[:, :, 0])
    if channels in (3, 4):
        return cv2.cvtColor(pixels, cv2.COLOR_BGR2GRAY if channels == 3 else cv2.COLOR_BGRA2GRAY)
    raise UnreadableImageError(shape=str(pixels.shape))


def _second_looks(photo: _Frame) -> Iterator[list[_Read]]:
    """For a photo where zxing-cpp settled nothing: ZBar, then both on enhanced, enlarged and turned copies."""
    yield _zbar(photo)
    for frame in _variants(photo.pixels):
        yield [*_zxing(frame), *_zbar(frame)]


def _variants(grey: np.ndarray) -> Iterator[_Frame]:
    """Flat contrast for glare and shadow, black and white for uneven light, small print enlarged, tilts.

    A big photo is shrunk first for all but the enlargements: its symbols are big enough, and zxing-cpp
    spends seconds on the noise that contrast equalisation brings out of twelve megapixels.
    """
    shrink = min(1.0, MAX_SIDE / max(grey.shape))
    small = grey if shrink == 1.0 else cv2.resize(grey, None, fx=shrink, fy=shrink, interpolation=cv2.INTER_AREA)
    back = np.array([[1 / shrink, 0.0, 0.0], [0.0, 1 / shrink, 0.0]])
    yield _Frame(cv2.createCLAHE(clipLimit=2.0, tileGridSize=(8, 8)).apply(small), back)
    yield _Frame(cv2.adaptiveThreshold(small, 255, cv2.ADAPTIVE_THRESH_GAUSSIAN_C, cv2.THRESH_BINARY, 31, 5), back)
    # Upscaling only helps symbols whose modules are a few pixels wide; big photos have none worth the time.
    if max(grey.shape) <= 1600:
        for scale in (1.5, 2.0):
            yield _Frame(cv2.resize(grey, None, fx=scale, fy=scale, interpolation=cv2.INTER_CUBIC),
                         np.array([[1 / scale, 0.0, 0.0], [0.0, 1 / scale, 0.0]]))
    for angle in TURNS:
        yield _turned(small, angle, shrink)


def _turned(grey: np.ndarray, angle: float, shrink: float) -> _Frame:
    """The picture turned by angle degrees on a canvas big enough to keep every corner, white around it."""
    height, width = grey.shape
    turn = cv2.getRotationMatrix2D((width / 2, height / 2), angle, 1.0)
    cos, sin = abs(turn[0, 0]), abs(turn[0, 1])
    new_width, new_height = int(width * cos + height * sin) + 1, int(width * sin + height * cos) + 1
    turn[0, 2] += new_width / 2 - width / 2
    turn[1, 2] += new_height / 2 - height / 2
    pixels = cv2.warpAffine(grey, turn, (new_width, new_height), flags=cv2.INTER_LINEAR, borderValue=255)
    back = cv2.invertAffineTransform(turn) / shrink
    return _Frame(pixels, back)


def _zxing(frame: _Frame, **options: Any) -> list[_Read]:
    reads = []
    for result in zxingcpp.read_barcodes(frame.pixels, text_mode=zxingcpp.TextMode.Plain, **options):
        fmt = ZXING_FORMATS.get(result.format) or ZXING_FORMATS.get(result.symbology)
        if fmt is None or not result.valid:
            continue
        p = result.position
        points = [(float(pt.x), float(pt.y)) for pt in (p.top_left, p.top_right, p.bottom_right, p.bottom_left)]
        raw = bytes(result.bytes)
        reads.append(_Read(fmt, result.text or _text(raw), raw, frame.photo_points(points), True, frame,
                           tuple(points), result.symbology_identifier))
    return reads


def _zbar(frame: _Frame) -> list[_Read]:
    """ZBar on the linear formats only: it reads no DataMatrix or PDF417 and misreads some QR text."""
    scanner = zbar.zbar_image_scanner_create()
    image = zbar.zbar_image_create()
    try:
        zbar.zbar_image_scanner_set_config(scanner, 0, zbar.ZBarConfig.CFG_ENABLE, 0)
        for symbology in ZBAR_FORMATS:
            zbar.zbar_image_scanner_set_config(scanner, symbology, zbar.ZBarConfig.CFG_ENABLE, 1)
        zbar.zbar_image_scanner_set_config(scanner, 0, zbar.ZBarConfig.CFG_X_DENSITY, ZBAR_DENSITY)
        zbar.zbar_image_scanner_set_config(scanner, 0, zbar.ZBarConfig.CFG_Y_DENSITY, ZBAR_DENSITY)
        height, width = frame.pixels.shape
        data = np.ascontiguousarray(frame.pixels).tobytes()
        zbar.zbar_image_set_format(image, _Y800)
        zbar.zbar_image_set_size(image, width, height)
        zbar.zbar_image_set_data(image, data, len(data), None)
        zbar.zbar_scan_image(scanner, image)
        reads = []
        symbol = zbar.zbar_image_first_symbol(image)
        while symbol:
            fmt = ZBAR_FORMATS.get(_zbar_symbol_type(symbol))
            if fmt is not None:
                raw = ctypes.string_at(zbar.zbar_symbol_get_data(symbol), zbar.zbar_symbol_get_data_length(symbol))
                box = _box([(zbar.zbar_symbol_get_loc_x(symbol, i), zbar.zbar_symbol_get_loc_y(symbol, i))
                            for i in range(zbar.zbar_symbol_get_loc_size(symbol))])
                strong = fmt != "Code39" and zbar.zbar_symbol_get_quality(symbol) >= ZBAR_MIN_QUALITY
                reads.append(_Read(fmt, _text(raw), raw, frame.photo_points(box), strong, frame, tuple(box)))
            symbol = zbar.zbar_symbol_next(symbol)
        return reads
    finally:
        zbar.zbar_image_destroy(image)
        zbar.zbar_image_scanner_destroy(scanner)


def _text(raw: bytes) -> str:
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        return raw.decode("latin-1")


def _box(points: list[tuple[float, float]]) -> list[tuple[float, float]]:
    xs, ys = zip(*points)
    return [(min(xs), min(ys)), (max(xs), min(ys)), (max(xs), max(ys)), (min(xs), max(ys))]


def _canonical(read: _Read) -> _Read:
    """UPC-A is EAN-13 with a leading 0: both decoders may report either, so keep the 12-digit UPC-A."""
    if read.format == "EAN13" and len(read.text) == 13 and read.text.startswith("0"):
        return replace(read, format="UPCA", text=read.text[1:], raw=read.raw[1:])
    return read


def _checked(read: _Read) -> bool:
    return read.format not in RETAIL or payload.interpret(read.format, read.text).valid


def _unique(reads: list[_Read]) -> list[_Read]:
    found: dict[tuple[str, str, int, int], _Read] = {}
    for read in reads:
        x, y = read.centre
        cell = max(read.length, 1.0)
        found.setdefault((read.format, read.text, round(x / cell), round(y / cell)), read)
    return list(found.values())


def _settle(reads: list[_Read]) -> list[_Read]:
    """Matrix codes once each; one answer per place among linear reads, or none where readings disagree."""
    reads = [r for r in map(_canonical, reads) if _checked(r)]
    settled = _unique([r for r in reads if r.format not in LINEAR])
    for group in _places([r for r in reads if r.format in LINEAR]):
        rereads = [r for r in map(_canonical, _reread(group)) if _checked(r) and any(_near(r, g) for g in group)]
        # An ITF read only says where a symbol is; what it holds is read upright.
        witnesses = rereads if group[0].format in UPRIGHT_ONLY else [*group, *rereads]
        answers = {(r.format, r.text) for r in witnesses if r.strong}
        if len(answers) != 1:
            continue
        settled.append(next(r for r in [*group, *rereads] if (r.format, r.text) in answers))
    return settled


def _places(reads: list[_Read]) -> list[list[_Read]]:
    groups: list[list[_Read]] = []
    for read in reads:
        for group in groups:
            if any(_near(read, other) for other in group):
                group.append(read)
                break
        else:
            groups.append([read])
    return groups


def _near(a: _Read, b: _Read) -> bool:
    """Whether two linear reads can be of one symbol: the same family, and their boxes overlap."""
    if _family(a) != _family(b):
        return False
    (ax0, ay0), (ax1, ay1) = _bounds(a)
    (bx0, by0), (bx1, by1) = _bounds(b)
    return ax0 <= bx1 and bx0 <= ax1 and ay0 <= by1 and by0 <= ay1


def _family(read: _Read) -> str:
    # A partial read of an EAN/UPC symbol comes out as another EAN/UPC format (EAN-8 inside a UPC-A).
    return "EANUPC" if read.format in RETAIL else read.format


def _bounds(read: _Read) -> tuple[tuple[float, float], tuple[float, float]]:
    """The read's box; a thin one (a single scan line) widened across, towards the symbol's other rows."""
    xs, ys = zip(*read.corners)
    across = SAME_PLACE * read.length
    dx = across if max(xs) - min(xs) < SAME_PLACE * read.length else 0.0
    dy = across if max(ys) - min(ys) < SAME_PLACE * read.length else 0.0
    return (min(xs) - dx, min(ys) - dy), (max(xs) + dx, max(ys) + dy)


def _reread(group: list[_Read]) -> list[_Read]:
    """The same place read again, turned upright and slightly smoothed.

    A true read survives the blur and reads the same upright; a misread rarely does, and a partial read
    of a tilted symbol (a scan line leaving it through its top edge) becomes the whole symbol upright.
    It runs on the picture the place was found in. Only symbologies with at most a one-digit check are
    re-read; Code 128, Code 93 and DataBar carry checks strong enough that the time is better spent
    elsewhere.
    """
    formats = REREAD.get(group[0].format)
    if formats is None:
        return []
    frame = group[0].frame
    points = [p for r in group if r.frame is frame for p in r.frame_corners]
    xs, ys = zip(*points)
    length = max(max(xs) - min(xs), max(ys) - min(ys))
    # A quiet zone's width around the symbol; more where a read may have seen only part of it.
    pad = (0.5 if group[0].format in UPRIGHT_ONLY else 0.1) * length + 8
    height, width = frame.pixels.shape
    x0, y0 = max(int(min(xs) - pad), 0), max(int(min(ys) - pad), 0)
    x1, y1 = min(int(max(xs) + pad) + 1, width), min(int(max(ys) + pad) + 1, height)
    if x1 - x0 < 8 or y1 - y0 < 8:
        return []
    crop = cv2.GaussianBlur(frame.pixels[y0:y1, x0:x1], (3, 3), 0)
    to_frame = np.array([[1.0, 0.0, x0], [0.0, 1.0, y0]])
    tilt = _tilt(crop)
    if abs(tilt) > 2.0:
        upright = _turned(crop, tilt, 1.0)
        crop, to_frame = upright.pixels, _compose(to_frame, upright.to_photo)
    lying = crop.shape[1] >= 2 * crop.shape[0]
    return _zxing(_Frame(crop, _compose(frame.to_photo, to_frame)), formats=formats, try_rotate=not lying,
                  try_downscale=False)


def _tilt(grey: np.ndarray) -> float:
    """Degrees to turn a crop of a linear symbol so that its bars stand vertical (±45° at most).

    The bars' edges dominate the crop's gradients, so the structure tensor's main direction is across them.
    """
    gx = cv2.Sobel(grey, cv2.CV_32F, 1, 0, ksize=3)
    gy = cv2.Sobel(grey, cv2.CV_32F, 0, 1, ksize=3)
    across = 0.5 * np.degrees(np.arctan2(2 * float((gx * gy).sum()), float((gx * gx - gy * gy).sum())))
    # Bars standing vertical or lying flat both read (zxing-cpp turns by quarter turns): undo the rest.
    return float((across + 45.0) % 90.0 - 45.0)


def _compose(outer: np.ndarray, inner: np.ndarray) -> np.ndarray:
    """The affine map applying inner, then outer (both 2×3)."""
    return (np.vstack([outer, (0.0, 0.0, 1.0)]) @ np.vstack([inner, (0.0, 0.0, 1.0)]))[:2]


def _symbol(read: _Read) -> Symbol:
    corners = tuple((int(round(x)), int(round(y))) for x, y in read.corners)
    try:
        meaning = payload.interpret(read.format, read.text, read.aim)
    except Exception:  # noqa: BLE001
        # Last line only (interpret never raises; property tests hold it to that): a parser's bug must not
        # cost the photo its other symbols, so this one is shown as text, never interpreted.
        meaning = payload.Text(read.text)
    return Symbol(read.format, read.text, read.raw, corners, meaning)

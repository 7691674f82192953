"""Photo intake: check what arrived, decode it once, hash it, keep the original as evidence.

Evidence is the officer's original bytes, content-addressed by SHA-256 and kept outside the web
root; it is never re-encoded, so its hash proves it has not changed.
"""
from __future__ import annotations

import hashlib
import io
import os
import threading
import uuid
import warnings
import weakref
from dataclasses import dataclass, replace
from pathlib import Path

import numpy as np
from PIL import Image, ImageOps, UnidentifiedImageError

from .errors import N_, CheckpointError, ImageTooLarge, ImageUnreadable

# Pillow's own bomb guard would call a 200-MP photo "unreadable"; load() enforces our limit with a clear message.
Image.MAX_IMAGE_PIXELS = None

# A phone's multi-picture JPEG (MPO) is a JPEG whose first picture is the photo; the others are ignored.
MEDIA_TYPES = {"JPEG": "image/jpeg", "MPO": "image/jpeg", "PNG": "image/png", "WEBP": "image/webp",
               "TIFF": "image/tiff", "BMP": "image/bmp"}
MAX_SIDE = 65_535
"""The decoders and OpenCV refuse a wider or taller picture; refused at the header like a bomb."""


class TooManyPhotos(CheckpointError):
    message = N_("Too many photos in one upload: %(count)d, the limit is %(limit)d. Send them in several uploads.")
    status = 413


class UploadTooLarge(CheckpointError):
    message = N_("%(name)s: the photos of this upload would decode to %(found)s, the limit is %(limit)s.")
    status = 413


class Busy(CheckpointError):
    message = N_("The tablet is busy reading other photos. Try again in a minute.")
    status = 503
    retry_after = 60
    """Seconds, for the Retry-After header: the minute the message speaks of."""


class PixelBudget:
    """Decoded pixels held by this process at once. A photo reserves its pixels before it is decoded and
    gives them back when its picture is garbage-collected, so no mix of requests can decode past the
    ceiling: beyond it a request is told to try again, never left to take the tablet's memory."""

    def __init__(self, limit: int) -> None:
        self.limit = limit
        self.held = 0
        self.changed = threading.Condition()

    def reserve(self, pixels: int, wait: float) -> None:
        with self.changed:
            if not self.changed.wait_for(lambda: self.held + pixels <= self.limit, timeout=wait):
                raise Busy()
            self.held += pixels

    def release(self, pixels: int) -> None:
        with self.changed:
            self.held -= pixels
            self.changed.notify_all()


budget = PixelBudget(200_000_000)
"""The process's budget; create_app sets its limit from MAX_PROCESS_MEGAPIXELS."""


@dataclass(frozen=True)
class Header:
    """What a photo's header says, read without decoding a pixel."""
    name: str
    data: bytes
    media_type: str
    width: int
    height: int

    @property
    def pixels(self) -> int:
        return self.width * self.height


@dataclass(frozen=True)
class Photo:
    name: str
    """The file name the officer's device gave it (shown only, never used as a path)."""
    data: bytes
    sha256: str
    media_type: str
    width: int
    height: int
    pixels: np.ndarray
    """The decoded picture, upright (EXIF orientation applied), BGR as OpenCV expects."""


def check(name: str, data: bytes, *, max_bytes: int, max_pixels: int, size: int | None = None) -> Header:
    """Checks one photo from its size (that of `data` unless given: a file too large need not be read) and
    its header alone; raises ImageUnreadable or ImageTooLarge."""
    size = len(data) if size is None else size
    if size > max_bytes:
        raise ImageTooLarge(name=name, found=f"{size / 1e6:.1f} MB", limit=f"{max_bytes / 1e6:.0f} MB")
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            with Image.open(io.BytesIO(data)) as image:
                media_type = MEDIA_TYPES.get(image.format or "")
                width, height = image.width, image.height
    except (UnidentifiedImageError, OSError, ValueError, SyntaxError):
        raise ImageUnreadable(name=name) from None
    if media_type is None:
        raise ImageUnreadable(name=name)
    # The header gives the size before any pixel is decoded: a 200-MP bomb stops here.
    if width * height > max_pixels:
        raise ImageTooLarge(name=name, found=f"{width * height / 1e6:.0f} MP", limit=f"{max_pixels / 1e6:.0f} MP")
    if max(width, height) > MAX_SIDE:
        raise ImageTooLarge(name=name, found=f"{max(width, height)} px", limit=f"{MAX_SIDE} px")
    return Header(name, data, media_type, width, height)


def sha256_of(header: Header) -> str:
    return hashlib.sha256(header.data).hexdigest()


def check_batch(uploads: list[tuple[str, bytes, int]], *, max_bytes: int, max_pixels: int, max_photos: int,
                max_request_pixels: int) -> tuple[list[Header], list[tuple[int, Exception]]]:
    """Checks every photo (name, bytes, size) of one request before any is decoded: their number first, then
    each header, then the pixels they would decode together. Returns the headers and the refusals (position, error)."""
    if len(uploads) > max_photos:
        raise TooManyPhotos(count=len(uploads), limit=max_photos)
    headers: list[Header] = []
    refused: list[tuple[int, Exception]] = []
    total = 0
    for position, (name, data, size) in enumerate(uploads):
        try:
            header = check(name, data, max_bytes=max_bytes, max_pixels=max_pixels, size=size)
            total += header.pixels
            if total > max_request_pixels:
                raise UploadTooLarge(name=name, found=f"{total / 1e6:.0f} MP",
                                     limit=f"{max_request_pixels / 1e6:.0f} MP")
            headers.append(header)
        except (ImageUnreadable, ImageTooLarge, UploadTooLarge) as exc:
            refused.append((position, exc))
    return headers, refused


def decode(header: Header, *, wait: float = 0.0) -> Photo:
    """Decodes a checked photo within the process's pixel budget; raises Busy when the budget stays full
    for `wait` seconds, ImageUnreadable when the pixels do not decode."""
    reserved = header.pixels
    budget.reserve(reserved, wait)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            with Image.open(io.BytesIO(header.data)) as image:
                image.load()
                rgb = np.asarray(ImageOps.exif_transpose(image).convert("RGB"))
        pixels = np.ascontiguousarray(rgb[:, :, ::-1])
        del rgb
    except (UnidentifiedImageError, OSError, ValueError, SyntaxError):
        budget.release(reserved)
        raise ImageUnreadable(name=header.name) from None
    except BaseException:
        budget.release(reserved)
        raise
    weakref.finalize(pixels, budget.release, reserved)
    return Photo(name=header.name, data=header.data, sha256=hashlib.sha256(header.data).hexdigest(),
                 media_type=header.media_type, width=pixels.shape[1], height=pixels.shape[0], pixels=pixels)


def without_pixels(photo: Photo) -> Photo:
    """The photo without its decoded picture, once what needed the pixels has read them."""
    return replace(photo, pixels=_NO_PIXELS)


_NO_PIXELS = np.zeros((0, 0, 3), dtype=np.uint8)


def load(name: str, data: bytes, *, max_bytes: int, max_pixels: int, wait: float = 0.0) -> Photo:
    """Checks and decodes one photo; raises ImageUnreadable, ImageTooLarge or Busy, changes nothing."""
    return decode(check(name, data, max_bytes=max_bytes, max_pixels=max_pixels), wait=wait)


def check_file(path: str | Path, *, max_bytes: int, max_pixels: int) -> Header:
    """Checks one photo file as `check` does, reading it only if its size is within the limit."""
    path = Path(path)
    try:
        size = path.stat().st_size
        if size > max_bytes:
            raise ImageTooLarge(name=path.name, found=f"{size / 1e6:.1f} MB", limit=f"{max_bytes / 1e6:.0f} MB")
        data = path.read_bytes()
    except (OSError, ValueError):
        raise ImageUnreadable(name=str(path)) from None
    return check(path.name, data, max_bytes=max_bytes, max_pixels=max_pixels)


def load_file(path: str | Path, *, max_bytes: int, max_pixels: int) -> Photo:
    return decode(check_file(path, max_bytes=max_bytes, max_pixels=max_pixels))


def evidence_path(evidence_dir: str | Path, sha256: str) -> Path:
    return Path(evidence_dir) / sha256[:2] / sha256


def store(evidence_dir: str | Path, photo: Photo) -> Path:
    """Writes the original bytes durably under their hash; an existing copy is left as it is."""
    target = evidence_path(evidence_dir, photo.sha256)
    if target.exists():
        return target
    target.parent.mkdir(parents=True, exist_ok=True)
    # One temporary name per writer: two uploads of the same photo at once each write their own copy.
    tmp = target.with_name(f".{photo.sha256}.{uuid.uuid4().hex}.tmp")
    with open(tmp, "wb") as out:
        out.write(photo.data)
        out.flush()
        os.fsync(out.fileno())
    os.replace(tmp, target)
    dir_fd = os.open(target.parent, os.O_RDONLY)
    try:
        os.fsync(dir_fd)
    finally:
        os.close(dir_fd)
    return target


def crop(path: str | Path, box: list[int] | tuple[int, ...], margin: int = 8, max_width: int = 600) -> bytes:
    """PNG of one region (x, y, w, h) of a stored photo, as the officer saw it (EXIF orientation applied)."""
    with Image.open(path) as image:
        upright = ImageOps.exif_transpose(image)
        x, y, w, h = (int(v) for v in box)
        region = upright.crop((max(0, x - margin), max(0, y - margin),
                               min(upright.width, x + w + margin), min(upright.height, y + h + margin)))
    if region.width > max_width:
        region = region.resize((max_width, max(1, region.height * max_width // region.width)))
    out = io.BytesIO()
    region.convert("RGB").save(out, format="PNG")
    return out.getvalue()

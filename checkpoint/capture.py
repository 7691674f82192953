"""Photo intake: check what arrived, decode it once, hash it, keep the original as evidence.

Evidence is the officer's original bytes, content-addressed by SHA-256 and kept outside the web
root; it is never re-encoded, so its hash proves it has not changed.
"""
from __future__ import annotations

import hashlib
import io
import os
import warnings
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from PIL import Image, ImageOps, UnidentifiedImageError

from .errors import ImageTooLarge, ImageUnreadable

# Pillow's own bomb guard would call a 200-MP photo "unreadable"; load() enforces our limit with a clear message.
Image.MAX_IMAGE_PIXELS = None

MEDIA_TYPES = {"JPEG": "image/jpeg", "PNG": "image/png", "WEBP": "image/webp",
               "TIFF": "image/tiff", "BMP": "image/bmp"}


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


def load(name: str, data: bytes, *, max_bytes: int, max_pixels: int) -> Photo:
    """Checks and decodes one photo; raises ImageUnreadable or ImageTooLarge, changes nothing."""
    if len(data) > max_bytes:
        raise ImageTooLarge(name=name, found=f"{len(data) / 1e6:.1f} MB", limit=f"{max_bytes / 1e6:.0f} MB")
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            image = Image.open(io.BytesIO(data))
            media_type = MEDIA_TYPES.get(image.format or "")
            if media_type is None:
                raise ImageUnreadable(name=name)
            # The header gives the size before any pixel is decoded: a 200-MP bomb stops here.
            if image.width * image.height > max_pixels:
                raise ImageTooLarge(name=name, found=f"{image.width * image.height / 1e6:.0f} MP",
                                    limit=f"{max_pixels / 1e6:.0f} MP")
            image.load()
            image = ImageOps.exif_transpose(image)
            rgb = np.asarray(image.convert("RGB"))
    except (UnidentifiedImageError, OSError, ValueError, SyntaxError):
        raise ImageUnreadable(name=name) from None
    return Photo(name=name, data=data, sha256=hashlib.sha256(data).hexdigest(), media_type=media_type,
                 width=rgb.shape[1], height=rgb.shape[0], pixels=np.ascontiguousarray(rgb[:, :, ::-1]))


def load_file(path: str | Path, *, max_bytes: int, max_pixels: int) -> Photo:
    path = Path(path)
    try:
        size = path.stat().st_size
        if size > max_bytes:
            raise ImageTooLarge(name=path.name, found=f"{size / 1e6:.1f} MB", limit=f"{max_bytes / 1e6:.0f} MB")
        data = path.read_bytes()
    except (OSError, ValueError):
        raise ImageUnreadable(name=str(path)) from None
    return load(path.name, data, max_bytes=max_bytes, max_pixels=max_pixels)


def evidence_path(evidence_dir: str | Path, sha256: str) -> Path:
    return Path(evidence_dir) / sha256[:2] / sha256


def store(evidence_dir: str | Path, photo: Photo) -> Path:
    """Writes the original bytes durably under their hash; an existing copy is left as it is."""
    target = evidence_path(evidence_dir, photo.sha256)
    if target.exists():
        return target
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = target.with_name(f".{photo.sha256}.{os.getpid()}.tmp")
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

"""Photos of one request, read from the form without taking into memory a file that is too large anyway."""
from __future__ import annotations

from flask import current_app
from werkzeug.datastructures import FileStorage

from .. import capture


def read(files: list[FileStorage]) -> list[tuple[str, bytes, int]]:
    """(name, bytes, size) of each file; a file over the size limit is measured, not read."""
    limit = current_app.config["MAX_UPLOAD_MB"] * 1_000_000
    found = []
    for upload in files:
        stream = upload.stream
        stream.seek(0, 2)
        size = stream.tell()
        stream.seek(0)
        found.append((upload.filename or "photo", stream.read() if size <= limit else b"", size))
    return found


def check(files: list[FileStorage]) -> tuple[list[capture.Header], list[tuple[int, Exception]]]:
    """Every photo of the request checked from its size and header, with the app's limits (capture.check_batch)."""
    config = current_app.config
    return capture.check_batch(read(files), max_bytes=config["MAX_UPLOAD_MB"] * 1_000_000,
                               max_pixels=config["MAX_IMAGE_MEGAPIXELS"] * 1_000_000,
                               max_photos=config["MAX_PHOTOS_PER_UPLOAD"],
                               max_request_pixels=config["MAX_UPLOAD_MEGAPIXELS"] * 1_000_000)

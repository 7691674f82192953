"""Tesseract's own library (Debian's libtesseract, the one the tesseract command runs), called in-process.

The command loads its language models anew for every image: 0.3 s of CPU for one language, 0.55 s for
vie+eng, four to five times a page (two bands, the Chinese and the Vietnamese re-reads) — a third of a
page's reading on the tablet. Here each model stays loaded in a handle kept for the next image, and the
image is handed over as pixels instead of a PNG written and read back. The library releases Python's lock
while it reads, so two bands read in two threads use both cores.
"""
from __future__ import annotations

import atexit
import ctypes
import ctypes.util
import os
import threading
from collections import defaultdict
from collections.abc import Iterator
from contextlib import contextmanager
from functools import lru_cache

import numpy as np

from .errors import MissingDependencyError, OcrError

LIBRARY = "tesseract"
# Leptonica, which tesseract loads, prints its complaints about a box at a photo's edge on stderr.
LEPTONICA = "lept"
LEPTONICA_SEVERITY_NONE = 6
# tessedit_do_invert=0: the pages are dark ink on light paper; trying each line inverted costs time.
# debug_file: the library's notes ("Estimating resolution as 210") would fill the server's log.
VARIABLES = {"tessedit_do_invert": "0", "debug_file": os.devnull}


@lru_cache(maxsize=1)
def _library() -> ctypes.CDLL:
    found = ctypes.util.find_library(LIBRARY)
    try:
        lib = ctypes.CDLL(found or "libtesseract.so.5")
    except OSError as exc:
        raise MissingDependencyError(missing="libtesseract", packages="tesseract-ocr") from exc
    handle, text = ctypes.c_void_p, ctypes.c_char_p
    for name, result, arguments in (
            ("TessBaseAPICreate", handle, []),
            ("TessBaseAPIDelete", None, [handle]),
            ("TessBaseAPIInit3", ctypes.c_int, [handle, text, text]),
            ("TessBaseAPISetVariable", ctypes.c_int, [handle, text, text]),
            ("TessBaseAPISetPageSegMode", None, [handle, ctypes.c_int]),
            ("TessBaseAPISetImage", None, [handle, ctypes.c_void_p, ctypes.c_int, ctypes.c_int, ctypes.c_int,
                                           ctypes.c_int]),
            ("TessBaseAPIRecognize", ctypes.c_int, [handle, ctypes.c_void_p]),
            # A pointer, not c_char_p: the text must be handed back to the library to be freed.
            ("TessBaseAPIGetTsvText", ctypes.c_void_p, [handle, ctypes.c_int]),
            ("TessDeleteText", None, [ctypes.c_void_p]),
            ("TessBaseAPIClear", None, [handle])):
        function = getattr(lib, name)
        function.restype, function.argtypes = result, arguments
    leptonica = ctypes.util.find_library(LEPTONICA)
    if leptonica:
        ctypes.CDLL(leptonica).setMsgSeverity(LEPTONICA_SEVERITY_NONE)
    return lib


class _Handles:
    """Loaded handles per language set, lent to one reading at a time (a handle is not shared by threads)."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.free: dict[str, list[int]] = defaultdict(list)
        self.pid = os.getpid()
        # Handles left at exit make the library print a "LEAK!" warning for each model.
        atexit.register(self.close)

    def close(self) -> None:
        with self.lock:
            if self.pid == os.getpid():
                for handle in (h for handles in self.free.values() for h in handles):
                    _library().TessBaseAPIDelete(handle)
            self.free.clear()

    @contextmanager
    def lend(self, languages: str) -> Iterator[int]:
        with self.lock:
            if self.pid != os.getpid():
                # A forked process does not use its parent's handles: their memory is a copy, their
                # state mid-reading perhaps.
                self.free, self.pid = defaultdict(list), os.getpid()
            handle = self.free[languages].pop() if self.free[languages] else None
        if handle is None:
            handle = _open(languages)
        try:
            yield handle
        finally:
            _library().TessBaseAPIClear(handle)
            with self.lock:
                self.free[languages].append(handle)


_HANDLES = _Handles()


def _open(languages: str) -> int:
    lib = _library()
    handle = lib.TessBaseAPICreate()
    if lib.TessBaseAPIInit3(handle, None, languages.encode()) != 0:
        lib.TessBaseAPIDelete(handle)
        raise OcrError()
    for name, value in VARIABLES.items():
        lib.TessBaseAPISetVariable(handle, name.encode(), value.encode())
    return int(handle)


def tsv(image: np.ndarray, languages: str, psm: int) -> list[list[str]]:
    """Tesseract's TSV rows (level, page, block, paragraph, line, word, left, top, width, height, conf, text)
    of a grey image, as `tesseract IMAGE - --psm PSM tsv` prints them without the header."""
    if image.ndim != 2 or image.dtype != np.uint8:
        raise ValueError("tesslib reads 8-bit grey images")
    pixels = np.ascontiguousarray(image)
    height, width = pixels.shape
    lib = _library()
    with _HANDLES.lend(languages) as handle:
        lib.TessBaseAPISetPageSegMode(handle, psm)
        lib.TessBaseAPISetImage(handle, pixels.ctypes.data, width, height, 1, pixels.strides[0])
        if lib.TessBaseAPIRecognize(handle, None) != 0:
            raise OcrError()
        text = lib.TessBaseAPIGetTsvText(handle, 0)
        if not text:
            return []
        try:
            rows = ctypes.string_at(text).decode("utf-8", errors="replace")
        finally:
            lib.TessDeleteText(text)
    return [row.split("\t") for row in rows.splitlines() if row]

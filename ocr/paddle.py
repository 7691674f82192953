"""PP-OCR text detection and recognition, from the ONNX models inside the rapidocr-onnxruntime wheel.

The wheel carries its three models, so nothing is fetched at run time: the tablet works offline. Newer
`rapidocr` releases download their models on first use and are not an option.
"""
from __future__ import annotations

import importlib.util
import math
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

import cv2
import numpy as np

from .engine import Tesseract, Word
from .errors import MissingModelError

if TYPE_CHECKING:
    from rapidocr_onnxruntime import RapidOCR

PACKAGE = "rapidocr-onnxruntime"
# Detection, recognition, and the orientation classifier RapidOCR loads though we never call it.
MODELS = ("ch_PP-OCRv4_det_infer.onnx", "ch_PP-OCRv4_rec_infer.onnx", "ch_ppocr_mobile_v2.0_cls_infer.onnx")
# Crops are padded to a width that is a multiple of this many of their heights (see recognise).
WIDTH_STEP = 4
# PP-OCR's detector scales a page up to this short side anyway (its limit_side_len).
DETECT_SIDE = 736
# Lines recognised less surely than this are specks, stamps' rims and table rules.
MIN_LINE_SCORE = 0.5


def model_folder() -> Path | None:
    spec = importlib.util.find_spec("rapidocr_onnxruntime")
    return Path(spec.origin).parent / "models" if spec and spec.origin else None


def probe() -> Path:
    """The folder of the PP-OCR models; raises MissingModelError naming the package to install when they
    are absent."""
    folder = model_folder()
    missing = [m for m in MODELS if folder is None or not (folder / m).is_file()]
    if folder is None or missing:
        raise MissingModelError(missing=", ".join(missing), package=PACKAGE)
    return folder


@lru_cache(maxsize=1)
def _ppocr() -> RapidOCR:
    folder = probe()
    # Imported here: a tablet without the package gets the probe's message, not an ImportError.
    import onnxruntime
    from rapidocr_onnxruntime import RapidOCR

    engine = RapidOCR(print_verbose=False)
    # RapidOCR turns ONNX Runtime's memory arena off, which makes every new input size pay 2–4 s of
    # allocation (each page has its own size); the same models with the arena pay that once per process.
    # One thread per run: pages and bands already run side by side on the tablet's two cores.
    options = onnxruntime.SessionOptions()
    options.intra_op_num_threads = options.inter_op_num_threads = 1
    options.log_severity_level = 4
    for holder, model in ((engine.text_det.infer, MODELS[0]), (engine.text_rec.session, MODELS[1])):
        holder.session = onnxruntime.InferenceSession(str(folder / model), options,
                                                      providers=["CPUExecutionProvider"])
    return engine


def _colour(image: np.ndarray) -> np.ndarray:
    return cv2.cvtColor(image, cv2.COLOR_GRAY2BGR) if image.ndim == 2 else image


def detect(image: np.ndarray) -> list[tuple[int, int, int, int]]:
    """Boxes (x, y, w, h) of the printed lines on the page, top to bottom.

    The page is first shrunk to DETECT_SIDE on its short side, where PP-OCR's detector is trained to
    work: a 300 dpi certificate takes 0.4 s instead of 2 s, finding the same lines.
    """
    engine = _ppocr()
    scale = min(1.0, DETECT_SIDE / min(image.shape[:2]))
    small = cv2.resize(image, None, fx=scale, fy=scale, interpolation=cv2.INTER_AREA) if scale < 1 else image
    quads, _ = engine.text_det(_colour(small))
    if quads is None or not len(quads):
        return []
    boxes = []
    for quad in engine.sorted_boxes(quads):
        x0, y0 = np.floor(quad.min(axis=0) / scale).astype(int)
        x1, y1 = np.ceil(quad.max(axis=0) / scale).astype(int)
        boxes.append((int(x0), int(y0), int(x1 - x0), int(y1 - y0)))
    return boxes


def recognise(crops: list[np.ndarray]) -> list[tuple[str, float]]:
    """Text and confidence (0–1) of each crop holding one printed line or word.

    Crops are read one at a time, padded to a width that is a multiple of WIDTH_STEP heights: batches
    gain nothing on a CPU, while distinct input shapes each cost ONNX Runtime time to plan.
    """
    # Checked on every call, a few file lookups: models removed from a running tablet fail clearly.
    probe()
    if not crops:
        return []
    recogniser = _ppocr().text_rec
    read = []
    for crop in crops:
        if not crop.size:
            read.append(("", 0.0))
            continue
        ratio = WIDTH_STEP * math.ceil(crop.shape[1] / crop.shape[0] / WIDTH_STEP)
        tensor = recogniser.resize_norm_img(_colour(crop), ratio)[np.newaxis]
        text, score = recogniser.postprocess_op(recogniser.session(tensor)[0], False)[0][:2]
        read.append((text, float(score)))
    return read


class PaddleOcr:
    """PP-OCR detection and recognition behind the Engine interface: it reads Latin, digits and Chinese
    in one pass but drops every Vietnamese diacritic. Upright pages are left to tesseract's OSD."""

    def words(self, image: np.ndarray, languages: tuple[str, ...], psm: int = 3) -> list[Word]:
        boxes = detect(image)
        read = recognise([image[y:y + h, x:x + w] for x, y, w, h in boxes])
        words: list[Word] = []
        for number, (box, (text, score)) in enumerate(zip(boxes, read)):
            if score >= MIN_LINE_SCORE:
                words.extend(split_line(text, score, box, (number, 0, 0)))
        return words

    def rotation(self, image: np.ndarray) -> int:
        return Tesseract(processes=1).rotation(image)


def split_line(text: str, confidence: float, box: tuple[int, int, int, int], line: tuple[int, int, int]
               ) -> list[Word]:
    """A line read as one string into words, each given the share of the line's box its characters take."""
    x, y, w, h = box
    per_char = w / max(1, len(text))
    words, offset = [], 0
    for token in text.split(" "):
        if token:
            words.append(Word(token, confidence, (x + round(offset * per_char), y,
                                                  max(1, round(len(token) * per_char)), h), line))
        offset += len(token) + 1
    return words

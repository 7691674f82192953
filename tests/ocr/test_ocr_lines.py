"""Document.lines: the recognised text lines with their boxes in the photo, on a generated photographed page."""
from __future__ import annotations

import json
from difflib import SequenceMatcher

import cv2
import numpy as np
import pytesseract
import pytest

import ocr
from bench.docgen import document
from ocr.normalise import fold

# Seed 0's invoice: a modern template photographed at an angle (not a hard shot), so the photo's box of a
# line differs from its box on the flattened page.
SEED = 0


@pytest.fixture(scope="module")
def read_page() -> tuple[np.ndarray, dict, ocr.Document]:
    image, truth = document("invoice", SEED)
    photo = cv2.cvtColor(np.asarray(image.convert("RGB")), cv2.COLOR_RGB2BGR)
    return photo, truth, ocr.read(photo)


def test_one_line_per_line_of_the_text_in_reading_order(read_page):
    _, _, doc = read_page
    assert doc.lines
    assert [line.text for line in doc.lines] == doc.text.split("\n")


def test_boxes_lie_in_the_photo_and_confidences_are_shares(read_page):
    photo, _, doc = read_page
    height, width = photo.shape[:2]
    for line in doc.lines:
        x, y, w, h = line.box
        assert 0 <= x and 0 <= y and w > 0 and h > 0 and x + w <= width and y + h <= height, line
        assert 0 <= line.confidence <= 1


def test_the_photos_crop_at_a_names_line_box_holds_that_name(read_page):
    """The crop the checks show beside a screened name: read again alone, it is the same name."""
    photo, truth, doc = read_page
    name = fold(truth["fields"]["buyer_name"])
    line = max(doc.lines, key=lambda ln: SequenceMatcher(None, fold(ln.text), name).ratio())
    assert SequenceMatcher(None, fold(line.text), name).ratio() > 0.9
    x, y, w, h = line.box
    crop = cv2.copyMakeBorder(photo[y:y + h, x:x + w], 20, 20, 20, 20, cv2.BORDER_REPLICATE)
    again = pytesseract.image_to_string(crop, lang="vie+eng", config="--psm 7").strip()
    assert SequenceMatcher(None, fold(again), name).ratio() > 0.8, again


def test_as_dict_lists_the_lines_as_json(read_page):
    _, _, doc = read_page
    shape = json.loads(json.dumps(doc.as_dict("invoice.jpg"), ensure_ascii=False))
    assert shape["lines"] == [{"text": ln.text, "box": list(ln.box), "confidence": round(ln.confidence, 3)}
                              for ln in doc.lines]
    assert set(shape) == {"image", "doc_type", "language", "fields", "text", "seconds", "lines"}


def test_a_document_built_without_lines_has_none():
    assert ocr.Document("unknown", ("vie",), {}, "", 0.0).as_dict("x.jpg")["lines"] == []

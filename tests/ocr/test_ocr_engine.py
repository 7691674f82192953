"""The engine seam: a crashing or empty engine in tesseract's place, and the startup probe."""
from __future__ import annotations

import numpy as np
import pytest

import ocr
import ocr.engine
from ocr.engine import Tesseract, Word

from .ocr_pages import page


class CrashingEngine:
    def words(self, image: np.ndarray, languages: tuple[str, ...], psm: int = 3) -> list[Word]:
        raise ocr.OcrError()

    def rotation(self, image: np.ndarray) -> int:
        raise ocr.OcrError()


class EmptyEngine:
    def words(self, image: np.ndarray, languages: tuple[str, ...], psm: int = 3) -> list[Word]:
        return []

    def rotation(self, image: np.ndarray) -> int:
        return 0


def test_a_crashing_engine_surfaces_as_our_error():
    with pytest.raises(ocr.OcrError) as caught:
        ocr.read(page(["COMMERCIAL INVOICE"]), engine=CrashingEngine())
    assert str(caught.value) == "Text recognition failed."
    assert (caught.value.status, caught.value.exit_code) == (500, 2)


def test_an_engine_that_sees_nothing_gives_an_empty_unknown_document():
    document = ocr.read(page(["COMMERCIAL INVOICE", "Invoice No.: INV-1"]), engine=EmptyEngine())
    assert (document.doc_type, document.fields, document.text) == ("unknown", {}, "")
    assert document.as_dict("blank.png") == {"image": "blank.png", "doc_type": "unknown",
                                             "language": ["vie", "eng"], "fields": {}, "text": "",
                                             "seconds": round(document.seconds, 2), "lines": []}


def test_a_forced_type_with_nothing_read_has_no_fields():
    document = ocr.read(page(["x"]), doc_type="co", engine=EmptyEngine())
    assert (document.doc_type, document.fields) == ("co", {})


def test_an_unknown_type_is_a_programming_error():
    with pytest.raises(ValueError, match="doc_type must be 'auto' or one of"):
        ocr.read(page(["x"]), doc_type="receipt", engine=EmptyEngine())


def test_the_probe_names_missing_language_data_and_the_packages(no_language_data):
    with pytest.raises(ocr.MissingDependencyError) as caught:
        ocr.probe()
    assert str(caught.value) == ("Tesseract language data is missing: vie, eng, chi_sim. Install the Debian "
                                 "packages tesseract-ocr tesseract-ocr-vie tesseract-ocr-eng "
                                 "tesseract-ocr-chi-sim.")
    assert caught.value.status == 503


def test_reading_without_language_data_fails_before_any_work(no_language_data):
    with pytest.raises(ocr.MissingDependencyError, match="missing: vie, eng[.]"):
        ocr.read(page(["COMMERCIAL INVOICE"]))


def test_the_probe_passes_on_this_machine():
    ocr.engine.installed_languages.cache_clear()
    ocr.probe()
    assert {"vie", "eng", "chi_sim"} <= ocr.engine.installed_languages()


def test_tesseract_gives_words_with_boxes_and_confidences():
    words = Tesseract().words(page(["Invoice No.: INV-2025-118"], size=40), ("eng",))
    assert [w.text for w in words] == ["Invoice", "No.:", "INV-2025-118"]
    assert all(0.5 < w.confidence <= 1 for w in words)
    assert words[0].box[0] < words[1].box[0] < words[2].box[0]
    assert len({w.line for w in words}) == 1

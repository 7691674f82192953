"""The engine seam: a crashing or empty engine in tesseract's place, and the startup probe."""
from __future__ import annotations

import os
from concurrent.futures import ThreadPoolExecutor

import numpy as np
import pytesseract
import pytest

import ocr
import ocr.engine
from ocr import tesslib
from ocr.engine import Tesseract, Word

from .ocr_pages import page
from .test_ocr_read import INVOICE as INVOICE_LINES


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


def _cpu() -> float:
    times = os.times()
    return times.user + times.system + times.children_user + times.children_system


def test_the_library_reads_what_the_tesseract_command_reads_for_less_cpu():
    """In-process, the models stay loaded: the same words, boxes and confidences as `tesseract ... tsv`."""
    image = page(INVOICE_LINES)
    tesslib.tsv(image, "vie+eng", 3)  # the handle's models loaded once, as on a tablet that has read a page
    started = _cpu()
    command = pytesseract.image_to_data(image, lang="vie+eng", config="--psm 3 -c tessedit_do_invert=0",
                                        output_type=pytesseract.Output.DICT)
    by_command = _cpu() - started
    started = _cpu()
    words = Tesseract(processes=1).words(image, ("vie", "eng"))
    in_process = _cpu() - started
    assert [(w.text, w.confidence, w.box) for w in words] == [
        (t, int(c) / 100, (x, y, w, h)) for t, c, x, y, w, h in zip(
            command["text"], command["conf"], command["left"], command["top"], command["width"], command["height"])
        if t.strip() and float(c) >= 0]
    assert in_process < by_command


def test_two_threads_read_side_by_side_each_with_its_own_handle():
    image = page(["Invoice No.: INV-2025-118"], size=40)
    with ThreadPoolExecutor(max_workers=2) as pool:
        read = list(pool.map(lambda _: [r[11] for r in tesslib.tsv(image, "eng", 6) if len(r) > 11 and r[11]],
                             range(4)))
    assert read == [["Invoice", "No.:", "INV-2025-118"]] * 4


def test_the_library_takes_only_grey_pixels():
    with pytest.raises(ValueError, match="8-bit grey"):
        tesslib.tsv(np.zeros((10, 10, 3), np.uint8), "eng", 6)

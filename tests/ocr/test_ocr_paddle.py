"""PP-OCR from the rapidocr-onnxruntime wheel: offline models, their probe, and the engine combinations
built on it (digit runs read again, detected lines read by tesseract), with the real models."""
from __future__ import annotations

import json
import site
import subprocess
import sys
from pathlib import Path

import cv2
import numpy as np
import pytest

import ocr
from ocr import paddle
from ocr.engine import Word
from ocr.fill import _rows as fill_rows
from ocr.fill import fill_unread
from ocr.paddle import PaddleOcr
from ocr.regions import DetectedLines
from ocr.reread import _ends_of, _punctuation_of, _runs, reread_codes

from .ocr_pages import page

LINES = ["Invoice No.: INV-2025-118", "Date: 05/03/2025", "HS code: 0810.90.40"]


def test_the_models_ship_inside_the_installed_wheel():
    folder = paddle.model_folder()
    assert folder is not None
    assert any(folder.is_relative_to(Path(p)) for p in site.getsitepackages())
    assert all((folder / model).stat().st_size > 500_000 for model in paddle.MODELS)


def test_reading_needs_no_network():
    # A fresh interpreter whose sockets all fail: the models load and read from the wheel alone.
    script = ("import socket\n"
              "def refuse(*a, **k): raise OSError('network used')\n"
              "socket.socket.connect = refuse\nsocket.create_connection = refuse\n"
              "import numpy as np\nfrom ocr import paddle\n"
              "image = np.full((64, 400), 255, np.uint8)\n"
              "import cv2\ncv2.putText(image, 'E2345', (10, 48), cv2.FONT_HERSHEY_SIMPLEX, 1.5, 0, 3)\n"
              "print(paddle.recognise([image])[0][0])\n")
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=120, check=False,
                          cwd=Path(__file__).resolve().parents[2])
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "E2345"


@pytest.fixture
def no_models(tmp_path, monkeypatch):
    monkeypatch.setattr(paddle, "model_folder", lambda: tmp_path)


def test_missing_models_are_a_clear_error(no_models):
    with pytest.raises(ocr.MissingModelError) as caught:
        ocr.probe()
    assert str(caught.value) == ("The PP-OCR text models are missing: ch_PP-OCRv4_det_infer.onnx, "
                                 "ch_PP-OCRv4_rec_infer.onnx, ch_ppocr_mobile_v2.0_cls_infer.onnx. "
                                 "Install the Python package rapidocr-onnxruntime.")
    assert isinstance(caught.value, ocr.MissingDependencyError)
    assert (caught.value.status, caught.value.exit_code) == (503, 2)


def test_reading_without_models_fails_with_that_error_even_once_loaded(no_models):
    with pytest.raises(ocr.MissingModelError):
        ocr.read(page(["Invoice No.: INV-1"]))


def test_recognition_reads_a_line_of_codes():
    image = page(["INV-2025-118 0810.90.40"], size=40, width=900)
    (x, y, w, h), = paddle.detect(image)
    text, confidence = paddle.recognise([image[y:y + h, x:x + w]])[0]
    assert text.replace(" ", "") == "INV-2025-1180810.90.40"
    assert confidence > 0.9


def test_detection_finds_each_printed_line_top_to_bottom():
    boxes = paddle.detect(page(LINES))
    assert len(boxes) == 3
    assert [b[1] for b in boxes] == sorted(b[1] for b in boxes)


def test_pp_ocr_alone_reads_codes_but_drops_diacritics():
    words = PaddleOcr().words(page(["Số hóa đơn: INV-2025-118"]), ("vie", "eng"))
    text = " ".join(w.text for w in words)
    assert "INV-2025-118" in text
    assert "Số" not in text


def test_detected_lines_read_by_tesseract_keep_the_diacritics():
    document = ocr.read(page(["Số hóa đơn: INV-2025-118", "Người mua: CÔNG TY TNHH HOÀNG LONG"]),
                        engine=DetectedLines(), codes=False)
    assert document.text.splitlines() == ["Số hóa đơn: INV-2025-118", "Người mua: CÔNG TY TNHH HOÀNG LONG"]


def blurred_words() -> tuple[np.ndarray, list[Word]]:
    """A blurred line and words as tesseract might misread them: low confidence on the code."""
    image = cv2.GaussianBlur(page(["Ngày 12 Reference No. E23458946578048"], size=36, width=1200), (5, 5), 2)
    words = ocr.engine.Tesseract().words(image, ("vie", "eng"))
    code = next(i for i, w in enumerate(words) if sum(c.isdigit() for c in w.text) > 8)
    words[code] = Word("F33498946878048", 0.3, words[code].box, words[code].line)
    return image, words


def test_a_misread_code_is_read_again_and_the_words_around_it_kept():
    image, words = blurred_words()
    again = reread_codes(image, words)
    assert [w.text for w in again if w.text.startswith(("E", "F"))] == ["E23458946578048"]
    assert [w.text for w in again][:3] == [w.text for w in words][:3]


def test_a_confident_reading_is_not_read_again():
    image, words = blurred_words()
    sure = [Word(w.text, 0.95, w.box, w.line) for w in words]
    assert reread_codes(image, sure) == sure


@pytest.mark.parametrize(("tesseract", "pp_ocr", "kept"), [
    ("260,295.78", "260.295.78", "260,295.78"),   # thousands comma read as a point
    ("8541.43.00", "854143.00", "8541.43.00"),    # a small point lost
    ("DDS03194so", "DD/2024/9450", "DD/2024/9450"),
    ("0810.90.40", ":0810.90.40", "0810.90.40"),  # a neighbour's ink read as a colon
    ("(12)", "12", "(12)"),
    ("£24459042496457", "E24459042496457", "E24459042496457"),
])
def test_tesseracts_punctuation_is_kept_where_pp_ocr_loses_it(tesseract, pp_ocr, kept):
    assert _ends_of(tesseract, _punctuation_of(tesseract, pp_ocr)) == kept


def test_the_cli_prints_the_contracts_document_shape(tmp_path):
    photo = tmp_path / "invoice.png"
    cv2.imwrite(str(photo), page(["COMMERCIAL INVOICE", *LINES, "TOTAL: USD 17,628.90"]))
    done = subprocess.run([sys.executable, "-m", "checkpoint", "ocr", str(photo), "--json"], capture_output=True,
                          text=True, timeout=120, cwd=tmp_path, check=False)
    assert done.returncode == 0, done.stderr
    document = json.loads(done.stdout)
    assert set(document) == {"image", "doc_type", "language", "fields", "text", "seconds", "lines"}
    assert (document["image"], document["doc_type"]) == (str(photo), "invoice")
    assert {k: f["value"] for k, f in document["fields"].items() if k in ("invoice_number", "invoice_date",
                                                                         "hs_codes", "total_amount")} == {
        "invoice_number": "INV-2025-118", "invoice_date": "2025-03-05", "hs_codes": ["08109040"],
        "total_amount": 17628.9}
    for field in document["fields"].values():
        assert set(field) == {"value", "confidence", "box", "sure"} and isinstance(field["sure"], bool)
        assert 0 <= field["confidence"] <= 1 and len(field["box"]) == 4


def unsure_words_of_the_first_lines(image: np.ndarray, lines: int) -> list[Word]:
    words = ocr.engine.Tesseract().words(image, ("eng",))
    top_of_next = 80 + lines * int(30 * 1.9)
    return [Word(w.text, 0.5, w.box, w.line) for w in words if w.box[1] < top_of_next - 10]


def test_a_line_tesseract_left_unread_is_read_by_pp_ocr():
    image = page(LINES)
    words = unsure_words_of_the_first_lines(image, 2)
    filled = fill_unread(image, words)
    assert filled[:len(words)] == words
    added = "".join(w.text for w in filled[len(words):])
    # PP-OCR reads DejaVu's o as 0 now and then; the code itself must be right.
    assert added.startswith("HS") and added.endswith(":0810.90.40")


def test_a_page_tesseract_is_sure_of_is_not_searched_for_unread_lines(monkeypatch):
    image = page(LINES)
    words = [Word(w.text, 0.95, w.box, w.line) for w in unsure_words_of_the_first_lines(image, 2)]
    monkeypatch.setattr(paddle, "detect", lambda image: pytest.fail("detection ran"))
    assert fill_unread(image, words) == words


def test_a_code_blur_broke_into_junk_is_one_run_and_names_read_surely_stay_out():
    def word(text: str, x: int, confidence: float) -> Word:
        return Word(text, confidence, (x, 0, 12 * len(text), 20), (1, 1, 1))

    words = [word("CODE:", 0, 0.9), word("S20§", 70, 0.37), word("S>.QÒ", 125, 0.35), word("Lạng", 200, 0.9),
             word("Sơn", 260, 0.9), word("10/06/2024", 310, 0.7)]
    assert _runs(words) == [[1, 2], [5]]


def test_unread_lines_on_one_row_become_one_line():
    # A receipt's "TOTAL" and its amount far to the right are two detections on one printed row.
    assert fill_rows([(0, 0, 100, 30), (400, 4, 60, 30), (0, 50, 100, 30), (380, 52, 80, 28)]) == [0, 0, 1, 1]

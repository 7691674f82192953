"""Printed papers keep every character: Chinese names, goods and plates are drawn, never dropped."""
from __future__ import annotations

import subprocess
from datetime import date

import pytest

from checkpoint import ledger, patrols
from checkpoint.errors import CheckpointError
from checkpoint.patrols import record as violation_record
from checkpoint.reports import pdf
from tests.patrols.conftest import CARRIER

TZ = "Asia/Ho_Chi_Minh"
VIOLATOR = "王小明 (WANG XIAOMING)"
GOODS = "婴儿配方奶粉 飞鹤星飞帆 900克"
PLATE = "桂F·D1234"


def text_of(document: bytes, tmp_path) -> str:
    path = tmp_path / "paper.pdf"
    path.write_bytes(document)
    return subprocess.run(["pdftotext", "-enc", "UTF-8", str(path), "-"], check=True, capture_output=True,
                          text=True).stdout


def test_a_record_whose_violator_goods_and_plate_are_chinese_prints_every_character(db, tmp_path):
    patrol_id = patrols.start(db, "HUU_NGHI", ["Lò Văn Tú"], author="patrol1", tz=TZ)
    courier = {**CARRIER, "name": VIOLATOR, "id_type": "passport", "id_number": "E12345678", "nationality": "CHN"}
    goods = {"description": GOODS, "kind": "infant_formula", "quantity": "12", "unit": "hộp",
             "value_vnd": "9.600.000"}
    new = patrols.parse_interception({"action": "seized", "persons": [courier], "goods": [goods],
                                      "vehicles": [PLATE], "place": "M1119_1120", "lat": 21.9751, "lon": 106.7049},
                                     date.today())
    interception_id = patrols.log_interception(db, patrol_id, new, author="patrol1", tz=TZ)
    interception, patrol = patrols.interception(db, interception_id), patrols.get(db, patrol_id)
    fields = violation_record.prefill(interception, patrol, maker="Thiếu tá Nguyễn Văn Hùng", unit="Đồn BP Hữu Nghị",
                                      tz=TZ, number="007/BB-VPHC")
    made = violation_record.make(db, interception_id, fields, author="patrol1", tz=TZ)
    record = violation_record.latest(db, interception_id)
    assert record is not None and record["event"] == made.uuid

    head = ledger.head_text(db)
    assert head.startswith("#")
    text = text_of(violation_record.pdf(record, interception, head), tmp_path)
    squeezed = "".join(text.split())
    for printed in (VIOLATOR, GOODS, PLATE, "BIÊN BẢN VI PHẠM HÀNH CHÍNH", "Thiếu tá Nguyễn Văn Hùng", head):
        assert "".join(printed.split()) in squeezed, printed


def test_a_paper_without_chinese_loads_no_cjk_font(tmp_path):
    paper = pdf.Document(format="A4")
    paper.add_page()
    paper.set_font(pdf.FAMILY, "", 10)
    paper.cell(0, 6, "Sữa bột trẻ em — 24 hộp")
    assert not paper._cjk_loaded
    assert "Sữa bột trẻ em — 24 hộp" in text_of(bytes(paper.output()), tmp_path)


@pytest.mark.parametrize("text", ["Hàng hóa 𓀀", "Biển số \U0001fae0"])
def test_a_character_no_font_can_draw_refuses_the_print_and_names_it(text):
    paper = pdf.Document(format="A4")
    paper.add_page()
    paper.set_font(pdf.FAMILY, "", 10)
    with pytest.raises(pdf.Unprintable) as refused:
        paper.cell(0, 6, text)
    assert isinstance(refused.value, CheckpointError)
    assert f"U+{ord(text[-1]):04X}" in str(refused.value.params["chars"])


def test_a_character_the_regular_face_draws_but_the_oblique_does_not_is_refused_in_italics():
    arabic = "\u0621"  # in DejaVu Sans, not in its oblique face nor in Noto Sans CJK
    paper = pdf.Document(format="A4")
    paper.add_page()
    paper.set_font(pdf.FAMILY, "", 10)
    paper.cell(0, 6, f"Người nhận {arabic}")
    paper.set_font(pdf.FAMILY, "I", 10)
    with pytest.raises(pdf.Unprintable) as refused:
        paper.cell(0, 6, f"Người nhận {arabic}")
    assert "U+0621" in refused.value.params["chars"]


@pytest.mark.parametrize(("lang", "said"), [("vi", "Không in: máy tính bảng không có phông chữ vẽ được"),
                                            ("en", "Not printed: no font on this tablet can draw")])
def test_the_record_s_page_refuses_a_violator_no_font_draws_in_the_officer_s_language(app, db, auth, lang, said):
    patrol_id = patrols.start(db, "HUU_NGHI", ["Lò Văn Tú"], author="patrol1", tz=TZ)
    courier = {**CARRIER, "name": "王小明 𓀀", "id_type": "passport", "id_number": "E12345678", "nationality": "CHN"}
    goods = {"description": GOODS, "kind": "infant_formula", "quantity": "12", "unit": "hộp", "value_vnd": "9600000"}
    new = patrols.parse_interception({"action": "seized", "persons": [courier], "goods": [goods], "vehicles": [PLATE],
                                      "place": "M1119_1120", "lat": 21.9751, "lon": 106.7049}, date.today())
    interception_id = patrols.log_interception(db, patrol_id, new, author="patrol1", tz=TZ)
    interception, patrol = patrols.interception(db, interception_id), patrols.get(db, patrol_id)
    fields = violation_record.prefill(interception, patrol, maker="Thiếu tá Nguyễn Văn Hùng", unit="Đồn BP Hữu Nghị",
                                      tz=TZ, number="008/BB-VPHC")
    violation_record.make(db, interception_id, fields, author="patrol1", tz=TZ)
    auth.login("patrol1")
    auth.post(f"/lang/{lang}", {"next": "/"})
    answer = auth.client.get(f"/patrols/interceptions/{interception_id}/record.pdf")
    assert answer.status_code == 422 and not answer.data.startswith(b"%PDF")
    page = answer.get_data(as_text=True)
    assert said in page and "«𓀀» (U+13000)" in page and "U+738B" not in page  # 王 is drawn: not named


def test_every_paper_is_printed_on_the_one_base_that_checks_its_characters():
    from pathlib import Path

    package = Path(pdf.__file__).resolve().parents[1]
    printing = sorted(str(path.relative_to(package)) for path in package.rglob("*.py")
                      if "fpdf import" in path.read_text(encoding="utf-8")
                      and "FPDF" in path.read_text(encoding="utf-8"))
    assert printing == ["reports/pdf.py"]

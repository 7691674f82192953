"""A truck seized at the gate: its goods tagged like a patrol's, its record of violation numbered per issuing agency
and year, printed with its Chinese names and plates, reached from the case page."""
from __future__ import annotations

import hashlib
import re
import subprocess
from datetime import date
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from checkpoint import cases, inspections, ledger, seizures, users
from checkpoint.errors import CheckpointError
from checkpoint.patrols import record as violation_record

TZ = "Asia/Ho_Chi_Minh"
SELLER_ZH = "凭祥市宏达进出口贸易有限公司"
PLATE_ZH = "桂F·12345"


def paper(db: Any, inspection: str, fields: dict[str, str]) -> None:
    """A read paper, as the reader logs it: what its parties' fields say."""
    digest = hashlib.sha256(repr(fields).encode()).hexdigest()
    ledger.record(db, "inspection.photo_added", {
        "sha256": digest, "filename": "invoice.jpg", "media_type": "image/jpeg", "bytes": 1000, "width": 800,
        "height": 1100, "codes": [],
        "document": {"image": "invoice.jpg", "doc_type": "invoice", "language": ["vie", "eng", "chi_sim"],
                     "fields": {k: {"value": v, "confidence": 0.9, "box": [0, 0, 1, 1]} for k, v in fields.items()},
                     "text": "", "seconds": 1.0}}, author="officer1", subject=inspection)


def gate_seizure(db: Any, plates: tuple[str, ...] = ("12C-123.45", PLATE_ZH)) -> str:
    inspection = inspections.start(db, inspections.NewInspection(gate="HUU_NGHI", direction="import", plates=plates),
                                   author="officer1", tz=TZ, on=date(2026, 3, 2))
    paper(db, inspection, {"seller_name_zh": SELLER_ZH, "buyer_name": "CÔNG TY TNHH THƯƠNG MẠI HOÀNG LONG",
                           "buyer_tax_code": "4900123456"})
    case = cases.parse({"subtype": "counterfeit_goods", "focus_group": "milk", "goods": "Sữa bột giả Aptamil",
                        "goods_value_vnd": "150000000", "confiscated": "1"})
    inspections.record_verdict(db, inspection, "seized", "", author="officer1", case=case)
    return inspection


MILK_LINE = {"description": "Sữa bột Aptamil 800 g", "kind": "milk", "quantity": "120", "unit": "hộp",
             "value_vnd": "60.000.000", "use_by": "20/03/2026"}


def test_goods_of_a_gate_seizure_get_tags_in_the_patrols_format(db):
    inspection = gate_seizure(db)
    seizures.tag(db, inspection, seizures.parse_lines([MILK_LINE], 50), author="officer1")
    [goods] = seizures.goods_of(db, inspection)
    assert re.fullmatch(r"EV-[0-9A-F]{10}", goods["tag"])
    assert (goods["description"], goods["quantity"], goods["unit"], goods["use_by"]) == \
        ("Sữa bột Aptamil 800 g", 120, "hộp", "2026-03-20")


def test_a_goods_line_without_its_group_is_refused_never_defaulted(db):
    try:
        seizures.parse_lines([{**MILK_LINE, "kind": ""}], 50)
    except CheckpointError as exc:
        assert exc.params["field"] == "kind of goods" and exc.params["row"] == 1
    else:
        raise AssertionError("a line with no goods group was taken")


def test_goods_are_not_tagged_for_a_truck_that_was_not_seized(db):
    inspection = inspections.start(db, inspections.NewInspection(gate="HUU_NGHI", direction="import",
                                                                 plates=("12C-999.99",)), author="officer1", tz=TZ)
    try:
        seizures.tag(db, inspection, seizures.parse_lines([MILK_LINE], 50), author="officer1")
    except seizures.NoSeizure:
        pass
    else:
        raise AssertionError("goods tagged on an open inspection")


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.fixed_dictionaries({k: st.one_of(st.text(max_size=30), st.none()) for k in MILK_LINE}),
                max_size=4))
def test_any_typed_lines_are_taken_or_refused_with_a_message_never_crash(rows):
    try:
        lines = seizures.parse_lines(rows, 50)
    except CheckpointError as exc:
        assert exc.params.get("field")
    else:
        assert all(line.kind in seizures.GOODS_KINDS and line.quantity > 0 for line in lines)


def test_perishable_deadline_is_the_sooner_of_the_use_by_and_the_groups_days():
    assert seizures.deadline("milk", date(2026, 3, 2), None) == date(2026, 4, 1)
    assert seizures.deadline("milk", date(2026, 3, 2), date(2026, 3, 20)) == date(2026, 3, 20)
    assert seizures.deadline("electronics", date(2026, 3, 2), None) is None
    assert seizures.deadline("electronics", date(2026, 3, 2), date(2026, 5, 1)) == date(2026, 5, 1)


def record_values(db: Any, inspection: str, number: str) -> dict[str, str]:
    users.update(db, "officer1", role="officer", gate="HUU_NGHI", full_name="Nguyễn Văn An", rank="Thiếu tá")
    agency = violation_record.issuing_agency("HUU_NGHI", "officer")
    assert agency is not None
    return violation_record.prefill_gate(
        inspections.get(db, inspection), seizures.goods_of(db, inspection),
        maker=violation_record.maker_of(db, "officer1"), agency=agency, tz=TZ, number=number, gate_name="Hữu Nghị")


def test_the_record_names_the_agency_the_officer_and_the_papers_parties(db):
    inspection = gate_seizure(db)
    seizures.tag(db, inspection, seizures.parse_lines([MILK_LINE], 50), author="officer1")
    values = record_values(db, inspection, "001/BB-VPHC")
    assert values["unit"] == "Hải quan cửa khẩu quốc tế Hữu Nghị"
    assert values["maker"] == "Thiếu tá Nguyễn Văn An"
    assert values["organisation"] == "CÔNG TY TNHH THƯƠNG MẠI HOÀNG LONG, MST 4900123456"
    assert SELLER_ZH in values["act"] and PLATE_ZH in values["act"] and "Sữa bột Aptamil 800 g: 120 hộp" in values["act"]


def test_records_are_numbered_per_agency_and_year_and_a_correction_keeps_its_number(db):
    first, second = gate_seizure(db), gate_seizure(db)
    assert violation_record.next_gate_number(db, "HQ_HUU_NGHI", TZ) == "001/BB-VPHC"
    made = violation_record.make_gate(db, first, "HQ_HUU_NGHI", record_values(db, first, "001/BB-VPHC"),
                                      author="officer1", tz=TZ)
    assert violation_record.next_gate_number(db, "HQ_HUU_NGHI", TZ) == "002/BB-VPHC"
    assert violation_record.next_gate_number(db, "BP_HUU_NGHI", TZ) == "001/BB-VPHC"
    try:
        violation_record.make_gate(db, second, "HQ_HUU_NGHI", record_values(db, second, "001/BB-VPHC"),
                                   author="officer1", tz=TZ)
    except CheckpointError as exc:
        assert exc.params["field"] == "Record number"
    else:
        raise AssertionError("two records of one agency took one number")
    corrected = violation_record.make_gate(db, first, "HQ_HUU_NGHI",
                                           {**record_values(db, first, "001/BB-VPHC"), "provision": "NĐ 128/2020"},
                                           author="officer1", tz=TZ)
    latest = violation_record.latest_gate(db, first)
    assert latest is not None and latest["event"] == corrected.uuid and latest["supersedes"] == made.uuid


def test_the_pdf_prints_every_chinese_character_of_names_and_plates(db, tmp_path: Path):
    inspection = gate_seizure(db)
    seizures.tag(db, inspection, seizures.parse_lines([MILK_LINE], 50), author="officer1")
    values = {**record_values(db, inspection, "001/BB-VPHC"), "violator_name": "王伟",
              "violator_nationality": "Trung Quốc"}
    violation_record.make_gate(db, inspection, "HQ_HUU_NGHI", values, author="officer1", tz=TZ)
    latest = violation_record.latest_gate(db, inspection)
    assert latest is not None
    body = violation_record.print_record(latest, violation_record.gate_rows(
        seizures.goods_of(db, inspection), inspections.get(db, inspection)["plates"]), ledger.head_text(db))
    (tmp_path / "record.pdf").write_bytes(body)
    text = subprocess.run(["pdftotext", "-layout", str(tmp_path / "record.pdf"), "-"], capture_output=True,
                          text=True, check=True).stdout
    folded = re.sub(r"\s+", "", text)
    # The agency heads the left column, beside the national motto: pdftotext interleaves the two.
    assert "HẢIQUANCỬAKHẨUQUỐCTẾHỮU" in folded
    for expected in ("王伟", SELLER_ZH, PLATE_ZH, "001/BB-VPHC", "Sữabột"):
        assert expected in folded, expected

"""The record of administrative violation: pre-filled, checked, kept in the log, corrected by a new record."""
from __future__ import annotations

import re
from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from checkpoint import i18n, ledger, patrols
from checkpoint.errors import CheckpointError
from checkpoint.patrols import record as violation_record
from tests.patrols.conftest import CARRIER, CIGARETTES, HELPER, MILK

TZ = "Asia/Ho_Chi_Minh"


def intercepted(db) -> tuple[dict, dict]:
    patrol_id = patrols.start(db, "HUU_NGHI", ["Lò Văn Tú"], author="patrol1", tz=TZ)
    card = {**CARRIER, "birth_date": "1995-06-15", "address": "Xã Đồng Đăng, Cao Lộc", "issue_date": "2021-05-10"}
    new = patrols.parse_interception({"action": "seized", "persons": [card, HELPER], "goods": [MILK, CIGARETTES],
                                      "vehicles": ["12B1-234.56"], "place": "M1119_1120", "lat": 21.9751,
                                      "lon": 106.7049}, date.today())
    interception_id = patrols.log_interception(db, patrol_id, new, author="patrol1", tz=TZ)
    return patrols.interception(db, interception_id), patrols.get(db, patrol_id)


def test_the_record_is_prefilled_from_the_interception(db):
    interception, patrol = intercepted(db)
    fields = violation_record.prefill(interception, patrol, maker="Thiếu tá Nguyễn Văn Hùng, Đội trưởng",
                                      unit="Đồn Biên phòng cửa khẩu Hữu Nghị", tz=TZ, number="001/BB-VPHC")
    assert [f.name for f in violation_record.FIELDS] == list(fields)
    assert [fields[k] for k in ("violator_name", "violator_id", "violator_birth", "violator_nationality",
                                "violator_address", "violator_id_issue")] == [
        "Hoàng Văn A", "020095001234", "15/06/1995", "Việt Nam", "Xã Đồng Đăng, Cao Lộc", "10/05/2021"]
    assert fields["others_present"] == "Lò Văn Tú"
    assert fields["made_place"] == "Mốc 1119–1120 (cửa khẩu số) (GPS 21.97510, 106.70490)"
    assert fields["act"] == ("Vận chuyển hàng hóa qua đường mòn biên giới không qua cửa khẩu: Sữa bột trẻ em Aptamil"
                             " 800 g: 24 hộp; Thuốc lá điếu Jet: 50 cây. Cùng vận chuyển: Lý Thị B.")
    assert fields["measures"] == ("Tạm giữ tang vật, phương tiện vi phạm hành chính; phương tiện: 12B1-234.56")
    tags = [g["tag"] for g in interception["goods"]]
    assert fields["seized_condition"] == f"{tags[0]}: niêm phong; {tags[1]}: niêm phong"
    assert violation_record.seized_rows(interception) == [
        ("1", "Sữa bột trẻ em Aptamil 800 g", "24", "hộp", tags[0]), ("2", "Thuốc lá điếu Jet", "50", "cây", tags[1]),
        ("3", "Phương tiện 12B1-234.56", "1", "chiếc", "")]


@pytest.mark.parametrize(("change", "expected"), [
    ({"number": " "}, "Record number: required"),
    ({"act": ""}, "Description of the violating act: required"),
    ({"violator_name": "", "organisation": ""}, "Violator: full name: name the violator or the organisation"),
    ({"statement": "x" * 4001}, "Statement of the violator: too long"),
])
def test_an_incomplete_record_is_refused_and_nothing_is_saved(db, change, expected):
    interception, patrol = intercepted(db)
    fields = violation_record.prefill(interception, patrol, maker="patrol1", unit="Đồn BP", tz=TZ, number="1")
    with pytest.raises(CheckpointError) as caught:
        violation_record.make(db, interception["uuid"], {**fields, **change}, author="patrol1", tz=TZ)
    assert i18n.error_message(caught.value, "en") == expected
    assert violation_record.latest(db, interception["uuid"]) is None


def test_a_correction_is_a_new_record_naming_the_one_it_supersedes_and_both_print(db):
    interception, patrol = intercepted(db)
    fields = violation_record.prefill(interception, patrol, maker="patrol1", unit="Đồn BP Hữu Nghị", tz=TZ,
                                      number="001/BB-VPHC")
    first = violation_record.make(db, interception["uuid"], fields, author="patrol1", tz=TZ)
    second = violation_record.make(db, interception["uuid"], {**fields, "statement": "Tôi chở thuê"},
                                   author="patrol1", tz=TZ)
    latest = violation_record.latest(db, interception["uuid"])
    assert (latest["event"], latest["supersedes"], latest["event_hash"]) == (second.uuid, first.uuid, second.hash)
    assert latest["fields"]["statement"] == "Tôi chở thuê"
    assert [e.type for e in ledger.events(db, interception["uuid"])][-2:] == ["violation_record.made"] * 2
    assert violation_record.body(latest)[:2] == [("made_at", "Thời gian lập", fields["made_at"]),
                                                 ("made_place", "Địa điểm lập", fields["made_place"])]

    head = ledger.head_text(db)
    short = violation_record.pdf(latest, interception, head)
    long = violation_record.pdf({**latest, "fields": {**latest["fields"], "act": "Hành vi. " * 900}}, interception,
                                head)
    pages = [len(re.findall(rb"/Type /Page\b", pdf)) for pdf in (short, long)]
    assert short.startswith(b"%PDF") and pages[0] >= 1 and pages[1] > pages[0]


def test_record_numbers_run_per_unit_and_never_repeat(db, api):
    first, _ = intercepted(db)
    second, _ = intercepted(db)
    url = "/api/v1/patrols/interceptions/{}/record"
    api.login()
    numbers = [api.post(url.format(first["uuid"]), {}).get_json()["fields"]["number"]]
    # A correction through the API without a number keeps the record's own number.
    numbers.append(api.post(url.format(first["uuid"]), {"fields": {"statement": "Tôi chở thuê"}})
                   .get_json()["fields"]["number"])
    numbers.append(api.post(url.format(second["uuid"]), {}).get_json()["fields"]["number"])
    assert numbers == ["001/BB-VPHC", "001/BB-VPHC", "002/BB-VPHC"]

    # A number typed by hand that another record of the unit holds is refused, and nothing is saved.
    taken = api.post(url.format(second["uuid"]), {"fields": {"number": "001/BB-VPHC"}})
    assert taken.status_code == 422
    assert taken.get_json()["error"] == "Record number: already used by another record this year"
    assert violation_record.latest(db, second["uuid"])["number"] == "002/BB-VPHC"
    # Numbers typed by hand further on are skipped by the next one given.
    third, _ = intercepted(db)
    assert api.post(url.format(third["uuid"]), {"fields": {"number": "041/BB-VPHC"}}).status_code == 201
    assert violation_record.next_number(db, third["uuid"], TZ) == "042/BB-VPHC"


@given(st.text(max_size=8))
def test_a_nationality_is_written_in_words_and_an_unknown_code_kept(code):
    words = violation_record.nationality_words(code)
    assert words == code or (code.strip().upper().isalpha() and words[0].isupper())
    assert violation_record.nationality_words("CHN") == "Trung Quốc"

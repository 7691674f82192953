"""What an officer may type for an interception, and the exact message when it is wrong."""
from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from checkpoint import i18n, patrols
from checkpoint.errors import CheckpointError
from checkpoint.patrols.events import RowInvalid, check_id
from tests.patrols.conftest import CARRIER, COURIER, MILK

TODAY = date(2025, 11, 22)


def parse(**fields: Any) -> patrols.NewInterception:
    return patrols.parse_interception({"action": "seized", "persons": [CARRIER], "goods": [MILK], **fields}, TODAY)


def message(**fields: Any) -> str:
    with pytest.raises(CheckpointError) as caught:
        parse(**fields)
    return i18n.error_message(caught.value, "en")


@pytest.mark.parametrize(("fields", "expected"), [
    ({"persons": [{**CARRIER, "id_number": "02009500123"}]},
     "Person 1, ID number: expected exactly 12 digits"),
    ({"persons": [CARRIER, {**CARRIER, "id_number": "02009500123A"}]},
     "Person 2, ID number: expected exactly 12 digits"),
    ({"persons": [{**CARRIER, "id_number": "020295001234"}]},
     "Person 1, ID number: the birth year it encodes is in the future"),
    ({"persons": [{**CARRIER, "nationality": "CHN"}]},
     "Person 1, ID number: a CCCD belongs to a Vietnamese citizen (nationality VNM)"),
    ({"persons": [{**COURIER, "id_number": "E1234"}]},
     "Person 1, ID number: expected 6 to 9 letters and digits"),
    ({"persons": [{**CARRIER, "id_number": "999095001234"}]}, "Person 1, ID number: province code 999 does not exist"),
    ({"persons": [{**COURIER, "id_number": ""}]}, "Person 1, ID number: required for a CCCD or passport"),
    ({"persons": [{**COURIER, "nationality": "China"}]},
     "Person 1, nationality: three-letter code such as VNM or CHN"),
    ({"persons": [{**CARRIER, "name": ""}]}, "Person 1, name: 1 to 120 characters"),
    ({"goods": [{**MILK, "quantity": "-3"}]}, "Goods line 1, quantity: must be a positive number"),
    ({"goods": [{**MILK, "quantity": "0"}]}, "Goods line 1, quantity: must be a positive number"),
    ({"goods": [MILK, {**MILK, "quantity": "hai mươi"}]}, "Goods line 2, quantity: must be a number"),
    ({"goods": [{**MILK, "quantity": "1.0005"}]}, "Goods line 1, quantity: at most 1,000,000,000 with three decimals"),
    ({"goods": [{**MILK, "unit": ""}]}, "Goods line 1, unit: 1 to 20 characters"),
    ({"goods": [{**MILK, "value_vnd": "-5000"}]}, "Goods line 1, estimated value (VND): must be a whole non-negative number"),
    ({"goods": [{**MILK, "kind": "gold"}]}, "Goods line 1, kind of goods: not in the list"),
    ({"goods": []}, "goods: list the goods that were seized"),
    ({"action": "shot"}, "action taken: choose one"),
    ({"violation": "4"}, "violation category: must be 1, 2 or 3"),
    ({"lat": "21.97"}, "GPS position: needs both latitude and longitude"),
    ({"lat": "121", "lon": "106.7"}, "latitude: out of range"),
    ({"place": "M9999"}, "trail or landmark: not in the list"),
    ({"persons": "Hoàng Văn A"}, "persons: expected a list of objects"),
    ({"goods": {"description": "Sữa"}}, "goods: expected a list of objects"),
    ({"vehicles": "12B1-234.56"}, "vehicles: expected a list of plates"),
    ({"persons": [{**CARRIER, "birth_date": "1996-06-15"}]},
     "Person 1, date of birth: differs from the birth year in the CCCD number"),
    ({"persons": [{**CARRIER, "birth_date": "15/06/95"}]},
     "Person 1, date of birth: type the year in full, with four digits"),
    ({"persons": [{**CARRIER, "birth_date": "31/06/1995"}]},
     "Person 1, date of birth: 31/06/1995 is not a date of the calendar"),
    ({"goods": [{**MILK, "quantity": "1,250"}]},
     "Goods line 1, quantity: 1,250 could be 1.25 or 1250: type it as one of these"),
    ({"persons": [{**COURIER, "issue_date": "2030-01-01"}]}, "Person 1, date of issue: is in the future"),
])
def test_bad_input_is_refused_with_what_was_wrong(fields: dict[str, Any], expected: str) -> None:
    assert message(**fields) == expected


def test_good_input_is_kept_in_its_compact_form() -> None:
    new = parse(persons=[{**CARRIER, "id_number": "020 095 001 234"}, {**COURIER, "id_number": "e1234567 8"},
                         {"name": "", "id_number": "", "nationality": "VNM"}],
                goods=[{**MILK, "quantity": "6,5", "value_vnd": "1.250.000"}, {**MILK, "quantity": "1.250,5",
                                                                                 "value_vnd": "1,250"},
                       {"description": "", "quantity": ""}],
                vehicles=["12b1-234.56", " "], violation="2", lat="21.97", lon="106.70")
    assert new.persons == (patrols.Person("Hoàng Văn A", "cccd", "020095001234", "VNM", "1995"),
                           patrols.Person("WANG LEI", "passport", "E12345678", "CHN", ""))
    assert new.goods == (patrols.Goods("Sữa bột trẻ em Aptamil 800 g", "infant_formula", Decimal("6.5"), "hộp",
                                       1_250_000),
                         patrols.Goods("Sữa bột trẻ em Aptamil 800 g", "infant_formula", Decimal("1250.5"), "hộp",
                                       1_250))
    assert (new.vehicles, new.violation, new.lat, new.lon) == (("12B1-234.56",), 2, 21.97, 106.70)


def test_dates_are_read_as_officers_type_them() -> None:
    new = parse(persons=[{**CARRIER, "birth_date": "15/06/1995", "issue_date": "2021-05-10"}])
    assert (new.persons[0].birth_date, new.persons[0].issue_date) == ("1995-06-15", "2021-05-10")


@pytest.mark.parametrize(("points", "expected"), [
    ([], "points: expected a list of positions"),
    ([{"lat": 21.9, "at": 1763780400000}], "GPS position: needs both latitude and longitude"),
    ([{"lat": 21.9, "lon": 106.7, "at": "22/11/2025 10:00"}], "time: expected milliseconds or an ISO time with zone"),
    ([{"lat": 21.9, "lon": 106.7, "at": "2025-11-22T10:00:00"}], "time: expected milliseconds or an ISO time with zone"),
    ([{"lat": 21.9, "lon": 106.7, "at": 99999999999999}], "time: is in the future"),
])
def test_bad_track_points_are_refused(points: list[Any], expected: str) -> None:
    with pytest.raises(CheckpointError) as caught:
        patrols.parse_points(points)
    assert i18n.error_message(caught.value, "en") == expected


@given(st.sampled_from(["cccd", "passport", "none", "cmnd"]), st.text(max_size=20), st.sampled_from(["VNM", "CHN"]))
def test_an_id_number_is_kept_or_refused_with_a_message_never_anything_else(id_type: str, number: str,
                                                                            nationality: str) -> None:
    try:
        compact = check_id(id_type, number, nationality, row=1, today=TODAY)
    except RowInvalid as refused:
        assert all(i18n.error_message(refused, lang) for lang in i18n.LANGUAGES)
    else:
        assert compact == "" if id_type == "none" else compact.isascii() and compact.isalnum()


@given(st.integers(1, 96), st.sampled_from("0123"), st.from_regex(r"\A[0-9]{8}\Z"))
def test_a_vietnamese_citizens_cccd_is_kept_unless_born_after_today(province: int, digit4: str, rest: str) -> None:
    number = f"{province:03d}{digit4}{rest}"
    born = 1900 + 100 * (int(digit4) // 2) + int(rest[:2])
    try:
        assert check_id("cccd", f"{number[:3]} {number[3:]}", "VNM", row=1, today=TODAY) == number
    except RowInvalid as refused:
        assert born > TODAY.year
        assert i18n.error_message(refused, "en") == "Person 1, ID number: the birth year it encodes is in the future"

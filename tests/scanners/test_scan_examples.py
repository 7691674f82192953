"""Worked valid/invalid examples from DOMAIN.md Appendix A for every check-digit algorithm and payload."""
from __future__ import annotations

import pytest

from scanners import cccd, container, einvoice, fapiao, gs1, gtin, mrz, mst, plates


@pytest.mark.parametrize(("text", "errors"), [
    ("0100233488", ()),
    ("0314409058-002", ()),
    ("0100109106", ()),
    ("0100233480", ("Failed to parse '0100233480' as MST: check digit should be 8.",)),
    ("0314409058-000", ("Failed to parse '0314409058-000' as MST: branch suffix should be 001–999, not 000.",)),
    ("01002334", ("Failed to parse '01002334' as MST: expected 10 or 13 digits.",)),
    ("0100000001", ("Failed to parse '0100000001' as MST: digits 3–9 (sequence) must not all be 0.",
                    "Failed to parse '0100000001' as MST: check digit should be 3.")),
])
def test_mst(text: str, errors: tuple[str, ...]) -> None:
    parsed = mst.parse(text)
    assert (parsed.valid, parsed.errors) == (not errors, errors)


def test_mst_check_digit_worked_sum() -> None:
    assert mst.calc_check_digit("010023348") == "8"


@pytest.mark.parametrize(("text", "valid", "expected_check"), [
    ("73513537", True, "7"), ("036000291452", True, "2"), ("9780471117094", True, "4"),
    ("8934588012228", True, "8"), ("98412345678908", True, "8"), ("8936036020021", True, "1"),
    ("73513538", False, "7"), ("036000291453", False, "2"), ("9780471117095", False, "4"),
    ("98412345678909", False, "8"),
])
def test_gtin(text: str, valid: bool, expected_check: str) -> None:
    parsed = gtin.parse(text)
    assert parsed.valid is valid
    assert gtin.calc_check_digit(text[:-1]) == expected_check
    assert parsed.gtin == text.zfill(14)
    assert parsed.errors == (() if valid else (f"Failed to parse {text!r} as GTIN: check digit should be {expected_check}.",))


@pytest.mark.parametrize(("text", "prefix", "country"), [
    ("6901234567892", "690", "CN"), ("8934588012228", "893", "VN"), ("8801234567893", "880", "KR"),
    ("8851234567898", "885", "TH"), ("4901234567894", "490", "JP"), ("036000291452", "003", "US"),
    ("4891234567898", "489", "HK"), ("9780471117094", "978", ""),
])
def test_gs1_prefix(text: str, prefix: str, country: str) -> None:
    parsed = gtin.parse(text)
    assert (parsed.valid, parsed.gs1_prefix, parsed.prefix_country) == (True, prefix, country)


def test_prefix_table_is_complete_and_ordered() -> None:
    table = gtin.prefixes()
    assert all(p.start <= p.end for p in table)
    assert all(a.end < b.start for a, b in zip(table, table[1:]))
    assert {p.country for p in table if p.start in ("680", "690")} == {"CN"}
    assert len(table) > 140


@pytest.mark.parametrize(("upce", "upca"), [("01234565", "012345000065"), ("04252614", "042100005264")])
def test_upce_expansion(upce: str, upca: str) -> None:
    assert gtin.expand_upce(upce) == upca
    assert gtin.parse(upce, upce=True).gtin == upca.zfill(14)


@pytest.mark.parametrize(("text", "elements", "error"), [
    ("]d201089345880122281727123110LOT2025A\x1d21SN00012345",
     {"01": "08934588012228", "17": "271231", "10": "LOT2025A", "21": "SN00012345"}, None),
    ("]d2010893458801222821ABC123\x1d1727063010B-77",
     {"01": "08934588012228", "21": "ABC123", "17": "270630", "10": "B-77"}, None),
    ("]d201089345880122291727123110LOT1", {}, "GTIN (AI 01) check digit should be 8."),
    ("]d201089345880122281727133110LOT1", {}, "a date is not a valid YYMMDD."),
])
def test_gs1_element_strings(text: str, elements: dict[str, str], error: str | None) -> None:
    parsed = gs1.parse(text)
    assert dict(parsed.elements) == elements
    assert parsed.errors == (() if error is None else (f"Failed to parse {text!r} as GS1: {error}",))


@pytest.mark.parametrize("text", ["4330001234", "80301234", "8043123"])
def test_gs1_ais_python_stdnum_cannot_read_are_reported_not_raised(text: str) -> None:
    assert gs1.parse(text).errors == (f"Failed to parse {text!r} as GS1: it holds an application identifier "
                                      "python-stdnum cannot read (4330–4333, 8030, 8043).",)


def test_gs1_day_00_is_the_last_day_of_the_month() -> None:
    assert gs1.parse("]C1010893458801222817270200").expiry == "2027-02-28"


@pytest.mark.parametrize(("text", "error"), [
    ("CSQU3054383", None), ("MSKU9070323", None),
    ("TGHU9123456", "check digit should be 1."), ("CSQU3054384", "check digit should be 3."),
    ("CSQX3054383", "expected 3 letters, U, J or Z, 6 digits and a check digit."),
    ("CSQU305438", "expected 3 letters, U, J or Z, 6 digits and a check digit."),
])
def test_container(text: str, error: str | None) -> None:
    parsed = container.parse(text)
    assert parsed.errors == (() if error is None else (f"Failed to parse {text!r} as container number: {error}",))


TD3 = "P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<\nL898902C36UTO7408122F1204159ZE184226B<<<<<10"
TD1 = "I<UTOD231458907<<<<<<<<<<<<<<<\n7408122F1204159UTO<<<<<<<<<<<6\nERIKSSON<<ANNA<MARIA<<<<<<<<<<"


@pytest.mark.parametrize(("text", "checks"), [
    (TD3, {"document number": True, "birth date": True, "expiry date": True, "optional data": True,
           "composite": True}),
    (TD3.replace("7408122", "7408132"), {"document number": True, "birth date": False, "expiry date": True,
                                         "optional data": True, "composite": False}),
    (TD1, {"document number": True, "birth date": True, "expiry date": True, "composite": True}),
    (TD1.replace("D231458907", "D231458908"), {"document number": False, "birth date": True,
                                               "expiry date": True, "composite": False}),
])
def test_mrz(text: str, checks: dict[str, bool]) -> None:
    parsed = mrz.parse(text)
    assert dict(parsed.checks) == checks
    assert parsed.valid is all(checks.values())


def test_mrz_fields_and_check_digits() -> None:
    parsed = mrz.parse(TD3)
    assert (parsed.format, parsed.document_number, parsed.birth_date, parsed.surname, parsed.given_names) == (
        "TD3", "L898902C3", "740812", "ERIKSSON", "ANNA MARIA")
    assert [mrz.calc_check_digit(x) for x in ("L898902C3", "740812", "120415")] == ["6", "2", "9"]


@pytest.mark.parametrize(("text", "fields"), [
    ("020095001234", ("020", "Lạng Sơn", "Nam", 1995)),
    ("020301004567", ("020", "Lạng Sơn", "Nữ", 2001)),
    ("02009500123", None), ("02009500123A", None),
])
def test_cccd_number(text: str, fields: tuple[str, str, str, int] | None) -> None:
    parsed = cccd.parse_id(text)
    assert parsed.valid is (fields is not None)
    if fields:
        assert (parsed.province, parsed.province_name, parsed.sex, parsed.birth_year) == fields
    else:
        assert parsed.errors == (f"Failed to parse {text!r} as CCCD: expected exactly 12 digits.",)


@pytest.mark.parametrize(("text", "error"), [
    ("020095001234|123456789|Hoàng Văn A|15061995|Nam|Đồng Đăng, Lạng Sơn|10052021", None),
    ("020301004567||Lý Thị B|02022001|Nữ|Đồng Đăng, Lạng Sơn|01072021", None),
    ("020095001234|123456789|Hoàng Văn A|15061996|Nam|Đồng Đăng|10052021",
     "birth year 1996 disagrees with the ID number, which says 1995."),
    ("020095001234|Hoàng Văn A|15061995|Nam", "expected at least 7 '|'-separated fields, got 4."),
])
def test_cccd_qr(text: str, error: str | None) -> None:
    assert cccd.parse(text).errors == (() if error is None else (f"Failed to parse {text!r} as CCCD QR: {error}",))


@pytest.mark.parametrize(("text", "error"), [
    ("01,10,011001605111,80100798,64.9,20161018,85342965681116380258,BE2D", None),
    ("01,04,4200161350,00015045,165106.00,20160501,48114255542168294433,DBFE,", None),
    ("01,32,,24312000000136634917,0.01,20240514,,1DD6", None),
    ("01,32,,2431200000013663491,0.01,20240514,,1DD6",
     "a fully digitalised invoice number has 20 digits, not '2431200000013663491'."),
    ("01,10,011001605111,80100798,64.9,2016-10-18,,BE2D", "date '2016-10-18' must be YYYYMMDD."),
])
def test_fapiao(text: str, error: str | None) -> None:
    assert fapiao.parse(text).errors == (() if error is None else (f"Failed to parse {text!r} as fapiao QR: {error}",))


def test_fapiao_fully_digital_fields() -> None:
    parsed = fapiao.parse("01,32,,24312000000136634917,0.01,20240514,,1DD6")
    assert (parsed.type_name, parsed.invoice_number, parsed.issue_date) == (
        "数电票(普通发票)", "24312000000136634917", "2024-05-14")


@pytest.mark.parametrize(("text", "year", "valid"), [
    ("1C23TAA", 2023, True), ("2K25TYY", 2025, True), ("6K24NAB", 2024, True),
    ("1C23TAA", 2024, False), ("1C23XAA", 2023, False), ("1C2023TAA", 2023, False),
])
def test_einvoice_symbol(text: str, year: int, valid: bool) -> None:
    assert einvoice.parse(text, year).valid is valid


@pytest.mark.parametrize(("text", "parts"), [
    ("12C-123.45", ("VN", "12", "C", "123.45", "car/truck")),
    ("12C12345", ("VN", "12", "C", "12345", "car/truck")),
    ("29A-1234", ("VN", "29", "A", "1234", "car/truck")),
    ("12LD-001.23", ("VN", "12", "LD", "001.23", "car/truck")),
    ("12-B1 234.56", ("VN", "12", "B1", "234.56", "motorbike")),
    ("1C-123.45", None), ("12C-12.345", None),
    ("桂A·12345", ("CN", "桂", "A", "12345", "ordinary")),
    ("桂F88888", ("CN", "桂", "F", "88888", "ordinary")),
    ("桂AD12345", ("CN", "桂", "A", "D12345", "new energy")),
    ("桂I12345", None), ("粤B1234", None),
])
def test_plates(text: str, parts: tuple[str, ...] | None) -> None:
    parsed = plates.parse(text)
    assert parsed.valid is (parts is not None)
    if parts:
        assert (parsed.country, parsed.province, parsed.series, parsed.number, parsed.vehicle) == parts

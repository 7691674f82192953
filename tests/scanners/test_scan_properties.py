"""Random input never raises; generated valid identifiers pass and any one changed check digit fails."""
from __future__ import annotations

import string

import numpy as np
import pytest
import zxingcpp
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import scanners
from scanners import cccd, container, digital_link, einvoice, fapiao, gs1, gtin, mrz, mst, passport, plates, uscc
from scanners.errors import REASONS, InvalidCodeError, Reason

MODULES = [gtin, mst, container, plates, mrz, cccd, fapiao, einvoice, gs1, digital_link, passport, uscc]

FORMATS = ["EAN13", "EAN8", "UPCA", "UPCE", "Code128", "Code39", "ITF", "QRCode", "DataMatrix", "PDF417",
           "DataBar", "DataBarExpanded", "Aztec"]
# Characters str.isdigit() accepts that are not ASCII digits: int() refuses the superscripts, misreads none.
UNICODE_DIGITS = "⁴²³¹⁰₅٣３０۴१᠑"
# Well-shaped payloads of each format, to be spoiled below.
SHAPES = st.one_of(
    st.from_regex(r"\A(\]d2|\]C1|\]Q3)?01[0-9]{14}(17[0-9]{6})?(10[A-Z0-9]{1,20})?\Z"),
    st.from_regex(r"\Ahttps://id\.gs1\.org/01/[0-9]{14}(/10/[A-Z0-9]{1,8})?(\?17=[0-9]{6})?\Z"),
    st.from_regex(r"\A[A-Z<]{5}[A-Z0-9]{9}<<{1,5}[A-Z0-9]{1,5}<{0,9}\Z").map(lambda l1: l1[:30].ljust(30, "<")).map(
        # A TD1 zone whose document number seems to overflow into the optional data.
        lambda l1: l1 + "\n7408122F1204159UTO<<<<<<<<<<<6\nERIKSSON<<ANNA<MARIA<<<<<<<<<<"),
    st.just("P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<\nL898902C36UTO7408122F1204159ZE184226B<<<<<10"),
    st.just("I<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<\nD231458907UTO7408122F1204159<<<<<<<6"),
    st.from_regex(r"\A[0-9]{12}\|[0-9]{0,9}\|[^|]{0,20}\|[0-9]{8}\|(Nam|Nữ)\|[^|]{0,20}\|[0-9]{8}\Z"),
    st.just("01,32,,24312000000136634917,0.01,20240514,,1DD6"),
    st.just("0100233488|1C25TAA|00001234|2025-03-05"),
    st.just("CSQU 305438 3"),
)


@st.composite
def spoiled(draw: st.DrawFn) -> str:
    """A well-shaped payload with a few characters swapped for Unicode digits, '<' or nothing, or cut short."""
    text = draw(SHAPES)
    for _ in range(draw(st.integers(1, 3))):
        if not text:
            break
        at = draw(st.integers(0, len(text) - 1))
        swap = draw(st.sampled_from(UNICODE_DIGITS) | st.sampled_from(["<", "", "\n", "‹"]))
        text = text[:at] + swap + text[at + 1:]
    if draw(st.booleans()):
        text = text[:draw(st.integers(0, len(text)))]
    return text


# Text that looks almost like each format, so the parsers' deeper branches are reached too.
near_misses = st.one_of(
    st.text(),
    spoiled(),
    st.text(alphabet=string.digits + "|,.-<\x1d ", max_size=120),
    st.text(alphabet=string.ascii_uppercase + string.digits + "<\n", max_size=100),
    # Digits of other scripts (Arabic-Indic, full-width …) that str.isdigit() and \d accept.
    st.text(alphabet=st.characters(categories=["Nd"]) | st.sampled_from(string.ascii_uppercase + "-.|, "),
            max_size=24),
    st.from_regex(r"\A(\]d2|\]C1|\]Q3)?01[0-9]{14}(17[0-9]{6})?(10[A-Z0-9]{1,20})?\Z"),
    st.from_regex(r"\A[0-9]{2,4}[0-9A-Z.]{0,14}(\x1d[0-9]{2,4}[0-9A-Z]{0,10}){0,3}\Z"),
    st.from_regex(r"\A[0-9]{12}\|[0-9]{0,9}\|[^|]{0,20}\|[0-9]{8}\|(Nam|Nữ)\|[^|]{0,20}\|[0-9]{8}\Z"),
    st.from_regex(r"\A01,[0-9]{2},[0-9]{0,12},[0-9]{8,20},[0-9]{1,6}(\.[0-9]{1,2})?,[0-9]{8},[0-9]{0,20},[0-9A-F]{4},?\Z"),
    st.from_regex(r"\Ahttps?://[a-z.]{1,20}/(01|00|414)/[0-9A-Za-z%/]{0,40}(\?[0-9a-z=&]{0,20})?\Z"),
)


# Hostile symbols found in review: each once made a parser raise, or passed as valid.
CRAFTED = ["https://id.gs1.org/01/08934588012228/10/AB?17=⁴⁴1231", "]d2010893³588012228",
           "https://id.gs1.org/01/0893³588012228", "https://id.gs1.org/01/08934588012228?17=２６1231",
           "I<UTOD23148907<<<<<<9<<<<<<<<<\n7408122F1204159UTO<<<<<<<<<<<6\nERIKSSON<<ANNA<MARIA<<<<<<<<<<"]


@settings(max_examples=1000, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=near_misses)
def test_parsers_never_raise_and_explain_invalid(text: str) -> None:
    # Every parser sees every one of the 1,000 inputs: one generation, all parsers.
    for module in MODULES:
        result = module.parse(text)
        assert isinstance(result.valid, bool), module
        assert bool(result.errors) is not result.valid, module
        assert all(m.startswith("Failed to parse ") and m.endswith(".") for m in result.errors), module
        assert module.is_valid(text) is result.valid
        try:
            assert module.validate(text) == result
        except InvalidCodeError as error:
            assert error.errors == result.errors
        # Each English sentence is a coded reason's msgid filled with its params: the app can translate it.
        assert [p.message for p in result.problems] == list(result.errors), module
        assert all(isinstance(p.reason, Reason) and p.message.endswith(f": {REASONS[p.reason] % p.values}.")
                   for p in result.problems), module
    assert cccd.parse_id(text).valid is (len(text) == 12 and text.isascii() and text.isdigit()
                                         and "001" <= text[:3] <= "096")


def test_every_reason_has_its_msgid() -> None:
    assert set(REASONS) == set(Reason) and len(set(REASONS.values())) == len(Reason)


@pytest.mark.parametrize("text", CRAFTED)
def test_crafted_symbols_are_invalid_and_carry_no_elements(text: str) -> None:
    assert all(not module.parse(text).valid for module in MODULES)
    payload = scanners.interpret("QRCode", text)
    assert (payload.valid, payload.as_dict().get("elements", {})) == (False, {})


@settings(max_examples=1000, deadline=None)
@given(fmt=st.sampled_from(FORMATS), text=near_misses, aim=st.sampled_from(["", "]d2", "]C1", "]Q1"]))
def test_interpret_never_raises(fmt: str, text: str, aim: str) -> None:
    result = scanners.interpret(fmt, text, aim)
    assert result.kind in {"gtin", "gs1", "gs1_digital_link", "mrz", "cccd", "fapiao", "vn_einvoice",
                           "container", "url", "text"}
    assert isinstance(result.as_dict(), dict)


@settings(max_examples=1000, deadline=None)
@given(body=st.text(alphabet=string.digits, min_size=7, max_size=13).filter(lambda b: len(b) in (7, 11, 12, 13)))
def test_gtin_check_digit(body: str) -> None:
    check = gtin.calc_check_digit(body)
    assert gtin.parse(body + check).valid
    wrong = str((int(check) + 1) % 10)
    assert gtin.parse(body + wrong).errors == (
        f"Failed to parse {body + wrong!r} as GTIN: check digit should be {check}.",)


@settings(max_examples=1000, deadline=None)
@given(owner=st.text(alphabet=string.ascii_uppercase, min_size=3, max_size=3),
       category=st.sampled_from("UJZ"), serial=st.text(alphabet=string.digits, min_size=6, max_size=6))
def test_container_check_digit(owner: str, category: str, serial: str) -> None:
    body = owner + category + serial
    check = container.calc_check_digit(body)
    assert container.parse(f"{body[:4]} {body[4:]} {check}").valid
    assert not container.parse(body + str((int(check) + 1) % 10)).valid


@settings(max_examples=1000, deadline=None)
@given(body=st.text(alphabet=string.digits, min_size=9, max_size=9).filter(lambda b: b[2:] != "0000000"),
       branch=st.integers(1, 999))
def test_mst_check_digit(body: str, branch: int) -> None:
    check = mst.calc_check_digit(body)
    if check == "X":
        assert not mst.parse(body + "0").valid
        return
    assert mst.parse(body + check).valid
    assert mst.parse(f"{body}{check}-{branch:03d}").branch == f"{branch:03d}"
    assert not mst.parse(body + str((int(check) + 1) % 10)).valid


yymmdd = st.builds("{:02d}{:02d}{:02d}".format, st.integers(0, 99), st.integers(1, 12), st.integers(1, 28))


@settings(max_examples=1000, deadline=None)
@given(number=st.text(alphabet=string.ascii_uppercase + string.digits, min_size=9, max_size=9),
       dob=yymmdd, expiry=yymmdd, position=st.integers(0, 43))
def test_mrz_td3_round_trip(number: str, dob: str, expiry: str, position: int) -> None:
    c = mrz.calc_check_digit
    personal = "<" * 14
    head = number + c(number) + "VNM" + dob + c(dob) + "M" + expiry + c(expiry) + personal + "<"
    line2 = head + c(head[0:10] + head[13:20] + head[21:43])
    line1 = "P<VNMNGUYEN<<VAN<A".ljust(44, "<")
    assert mrz.parse(f"{line1}\n{line2}").valid
    if line2[position] in string.digits:
        broken = line2[:position] + str((int(line2[position]) + 1) % 10) + line2[position + 1:]
        assert not mrz.parse(f"{line1}\n{broken}").valid


@settings(max_examples=1000, deadline=None)
@given(province=st.integers(1, 96), digit4=st.integers(0, 3), yy=st.integers(0, 99), rest=st.integers(0, 999999))
def test_cccd_cross_checks(province: int, digit4: int, yy: int, rest: int) -> None:
    number = f"{province:03d}{digit4}{yy:02d}{rest:06d}"
    year = 1900 + 100 * (digit4 // 2) + yy
    sex = ("Nam", "Nữ")[digit4 % 2]
    assert cccd.parse(f"{number}||A|0101{year}|{sex}|B|01012021").valid
    assert not cccd.parse(f"{number}||A|0101{year + 1}|{sex}|B|01012021").valid
    assert not cccd.parse(f"{number}||A|0101{year}|{('Nam', 'Nữ')[1 - digit4 % 2]}|B|01012021").valid


@given(province=st.one_of(st.just(0), st.integers(97, 999)), rest=st.from_regex(r"\A[0-9]{9}\Z"))
def test_a_cccd_province_code_that_does_not_exist_is_refused(province: int, rest: str) -> None:
    parsed = cccd.parse_id(f"{province:03d}{rest}")
    assert [(p.reason, p.values) for p in parsed.problems] == [(Reason.CCCD_PROVINCE, {"code": f"{province:03d}"})]


@given(st.from_regex(r"\A[A-Z0-9]{6,9}\Z"), st.lists(st.sampled_from([" ", "-", "."]), max_size=2))
def test_a_passport_number_is_six_to_nine_letters_and_digits_as_icao_writes_them(number: str, separators) -> None:
    typed = number[:3] + "".join(separators) + number[3:].lower()
    assert (passport.parse(typed).valid, passport.parse(typed).number) == (True, number)
    assert [p.reason for p in passport.parse(number + "0" * (10 - len(number))).problems] == [Reason.PASSPORT_FORMAT]
    assert [p.reason for p in passport.parse(number[:5]).problems] == [Reason.PASSPORT_FORMAT]


@given(st.from_regex(r"\A[0-9]{8}[0-9A-HJ-NPQRTUWXY]{9}\Z"), st.sampled_from("0123456789ABCDEFGHJKLMNPQRTUWXY"))
def test_uscc_check_character(body: str, other: str) -> None:
    check = uscc.calc_check_digit(body)
    assert uscc.parse((body + check).lower()).valid
    if other != check:
        assert [(p.reason, p.values) for p in uscc.parse(body + other).problems] == [
            (Reason.CHECK_DIGIT, {"expected": check})]


def _render(content: str, fmt: zxingcpp.BarcodeFormat) -> np.ndarray:
    return np.asarray(zxingcpp.create_barcode(content, fmt).to_image(scale=3, add_quiet_zones=True))


@settings(max_examples=40, deadline=None)
@given(body=st.text(alphabet=string.digits, min_size=12, max_size=12))
def test_ean13_encode_decode_round_trip(body: str) -> None:
    code = body + gtin.calc_check_digit(body)
    symbols = scanners.decode(_render(code, zxingcpp.BarcodeFormat.EAN13))
    expected = ("UPCA", code[1:]) if code.startswith("0") else ("EAN13", code)
    assert [(s.format, s.text) for s in symbols] == [expected]
    assert symbols[0].payload.valid


@settings(max_examples=40, deadline=None)
@given(text=st.text(st.characters(min_codepoint=32, max_codepoint=0x2FFF, exclude_categories=("Cs",)).filter(
    # A lone Latin-1 byte without ECI is ambiguous: zxing-cpp reads 0xA1 as Shift_JIS '｡', as phones do.
    lambda c: not 0x7F <= ord(c) <= 0xFF), min_size=1, max_size=60))
def test_qr_encode_decode_round_trip(text: str) -> None:
    symbols = scanners.decode(_render(text, zxingcpp.BarcodeFormat.QRCode))
    assert [(s.format, s.text) for s in symbols] == [("QRCode", text)]
    # zxing-cpp picks the smallest character set (announced by ECI); ASCII is the same bytes in all of them.
    if text.isascii():
        assert symbols[0].raw == text.encode("ascii")


@settings(max_examples=40, deadline=None)
@given(text=st.text(alphabet=string.ascii_letters + string.digits + " -./$+%", min_size=1, max_size=30),
       fmt=st.sampled_from([zxingcpp.BarcodeFormat.Code128, zxingcpp.BarcodeFormat.DataMatrix,
                            zxingcpp.BarcodeFormat.PDF417]))
def test_text_symbol_round_trip(text: str, fmt: zxingcpp.BarcodeFormat) -> None:
    symbols = scanners.decode(_render(text, fmt))
    assert [s.text for s in symbols] == [text]
    assert symbols[0].raw == text.encode("ascii")

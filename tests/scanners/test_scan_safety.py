"""Hostile payloads come back byte-exact and uninterpreted (scanners/ stays a plain library: tests/test_project.py)."""
from __future__ import annotations

import cv2
import numpy as np
import pytest
import zxingcpp

import scanners
from scanners.errors import ScannerError

HOSTILE = ["'; DROP TABLE inspections; --", "<script>alert(1)</script>", "../../etc/passwd", "a\x00b",
           "A" * 4096, "B" * 5000, "<img src=x onerror=alert(1)>", "\u202eevil\u202c", "%00%2e%2e/"]


@pytest.mark.parametrize("text", HOSTILE)
@pytest.mark.parametrize("fmt", ["QRCode", "DataMatrix", "Code128", "PDF417"])
def test_hostile_text_is_not_interpreted(fmt: str, text: str) -> None:
    payload = scanners.interpret(fmt, text)
    assert payload.as_dict() == {"kind": "text", "text": text}


@pytest.mark.parametrize("content", [b"\xff\xfe\x00SELECT 1", b"..\\..\\boot.ini\x00", b"\xc3\x28<b>"])
def test_invalid_utf8_comes_back_byte_exact(content: bytes) -> None:
    image = np.asarray(zxingcpp.create_barcode(content, zxingcpp.BarcodeFormat.QRCode).to_image(scale=4))
    [symbol] = scanners.decode(image)
    assert symbol.raw == content
    assert symbol.as_dict("x.png")["raw"] == content.hex()
    assert symbol.payload.kind == "text"


@pytest.mark.parametrize(("content", "kind"), [
    ("I<UTOD23148907<<<<<<9<<<<<<<<<\n7408122F1204159UTO<<<<<<<<<<<6\nERIKSSON<<ANNA<MARIA<<<<<<<<<<", "mrz"),
    ("https://id.gs1.org/01/0893³588012228", "gs1_digital_link"),
    ("https://id.gs1.org/01/08934588012228/10/AB?17=⁴⁴1231", "gs1_digital_link")])
def test_crafted_qr_is_decoded_as_invalid(content: str, kind: str) -> None:
    image = np.asarray(zxingcpp.create_barcode(content, zxingcpp.BarcodeFormat.QRCode).to_image(scale=4))
    [symbol] = scanners.decode(image)
    assert (symbol.text, symbol.payload.kind, symbol.payload.valid) == (content, kind, False)


def test_a_parser_bug_costs_only_its_symbol(monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(fmt: str, text: str, aim: str = "") -> scanners.Payload:
        raise IndexError(text)

    image = np.asarray(zxingcpp.create_barcode("CSQU3054383", zxingcpp.BarcodeFormat.QRCode).to_image(scale=4))
    monkeypatch.setattr(scanners.payload, "interpret", broken)
    [symbol] = scanners.decode(image)
    assert symbol.payload.as_dict() == {"kind": "text", "text": "CSQU3054383"}


def test_long_payload_round_trips() -> None:
    text = "<svg onload=alert(1)>" * 40
    image = np.asarray(zxingcpp.create_barcode(text, zxingcpp.BarcodeFormat.QRCode).to_image(scale=2))
    [symbol] = scanners.decode(image)
    assert (symbol.text, symbol.payload.as_dict()) == (text, {"kind": "text", "text": text})


def test_several_symbols_any_rotation_and_inverted() -> None:
    ean = np.asarray(zxingcpp.create_barcode("8934588012228", zxingcpp.BarcodeFormat.EAN13).to_image(scale=3))
    qr = np.asarray(zxingcpp.create_barcode("01,32,,24312000000136634917,0.01,20240514,,1DD6",
                                            zxingcpp.BarcodeFormat.QRCode).to_image(scale=4))
    canvas = np.full((700, 700), 255, np.uint8)
    canvas[20:20 + ean.shape[0], 20:20 + ean.shape[1]] = ean
    rotated = np.rot90(255 - qr)
    canvas[350:350 + rotated.shape[0], 350:350 + rotated.shape[1]] = rotated
    found = {(s.format, s.payload.kind, s.payload.valid) for s in scanners.decode(canvas)}
    assert found == {("EAN13", "gtin", True), ("QRCode", "fapiao", True)}


def test_adjacent_linear_codes_are_each_reported() -> None:
    # An EAN-13 beside another and an ITF-14 just below, as on a carton: re-reading must keep them apart.
    first, second, carton = (np.asarray(zxingcpp.create_barcode(text, fmt).to_image(scale=2)) for text, fmt in (
        ("8934588012228", zxingcpp.BarcodeFormat.EAN13), ("6901234567892", zxingcpp.BarcodeFormat.EAN13),
        ("98412345678908", zxingcpp.BarcodeFormat.ITF)))
    canvas = np.full((400, 700), 255, np.uint8)
    canvas[10:10 + first.shape[0], 10:10 + first.shape[1]] = first
    canvas[10:10 + second.shape[0], 20 + first.shape[1]:20 + first.shape[1] + second.shape[1]] = second
    below = 15 + first.shape[0]
    canvas[below:below + carton.shape[0], 10:10 + carton.shape[1]] = carton
    assert sorted((s.format, s.text) for s in scanners.decode(canvas)) == [
        ("EAN13", "6901234567892"), ("EAN13", "8934588012228"), ("ITF", "98412345678908")]


def _tilted(text: str, fmt: zxingcpp.BarcodeFormat, angle: float) -> np.ndarray:
    symbol = np.asarray(zxingcpp.create_barcode(text, fmt).to_image(scale=3))
    canvas = np.full((800, 800), 255, np.uint8)
    canvas[300:300 + symbol.shape[0], 100:100 + symbol.shape[1]] = symbol
    turn = cv2.getRotationMatrix2D((400, 400), angle, 1.0)
    return cv2.warpAffine(canvas, turn, (800, 800), borderValue=255)


@pytest.mark.parametrize("angle", [0, 20, 35, 45, 60, 100, 160, 215, 300, 340])
@pytest.mark.parametrize(("text", "fmt"), [("8934588012228", zxingcpp.BarcodeFormat.EAN13),
                                           ("CSQU3054383", zxingcpp.BarcodeFormat.Code128),
                                           ("ABC-123", zxingcpp.BarcodeFormat.Code39)])
def test_linear_codes_at_any_angle(text: str, fmt: zxingcpp.BarcodeFormat, angle: float) -> None:
    # Plain zxing-cpp reads this clean EAN-13 as 0193458000088 at 30–60°; a check digit does not stop it.
    assert [s.text for s in scanners.decode(_tilted(text, fmt, angle))] == [text]


def test_itf_at_any_angle_is_whole_or_absent() -> None:
    # Tilted ITF yields shorter partial numbers (9841234567) to a scan line crossing the bars' ends.
    texts = [tuple(s.text for s in scanners.decode(_tilted("98412345678908", zxingcpp.BarcodeFormat.ITF, angle)))
             for angle in range(0, 360, 15)]
    assert set(texts) <= {(), ("98412345678908",)}
    assert texts.count(("98412345678908",)) >= 14  # 16 of 24 when written


def test_decode_contract_shape() -> None:
    image = np.asarray(zxingcpp.create_barcode("8934588012228", zxingcpp.BarcodeFormat.EAN13).to_image(scale=3))
    [symbol] = scanners.decode(np.dstack([image] * 3))
    code = symbol.as_dict("label.jpg")
    assert code["payload"] == {"kind": "gtin", "gtin": "08934588012228", "valid": True, "errors": [],
                               "gs1_prefix": "893", "prefix_organisation": "GS1 Vietnam", "prefix_country": "VN"}
    assert (code["image"], code["format"], code["text"], len(code["corners"])) == ("label.jpg", "EAN13",
                                                                                   "8934588012228", 4)


@pytest.mark.parametrize("pixels", [np.zeros((0, 0), np.uint8), np.zeros((4, 4, 7), np.uint8), None])
def test_unusable_pixels_raise_our_error(pixels: object) -> None:
    with pytest.raises(ScannerError):
        scanners.decode(pixels)  # type: ignore[arg-type]


JUNK = [None, "", " ", "😀", "²³¹", "０１２３", "٠١٢", "\x00", "\x1d\x1d", "X" * 10_000, "9" * 10_001, b"0100233488", 42]
MODULES = [scanners.gtin, scanners.mst, scanners.container, scanners.plates, scanners.mrz, scanners.cccd,
           scanners.fapiao, scanners.einvoice, scanners.gs1, scanners.digital_link]


@pytest.mark.parametrize("junk", JUNK, ids=lambda j: repr(j)[:12])
@pytest.mark.parametrize("module", MODULES, ids=lambda m: m.__name__)
def test_junk_is_invalid_with_a_reason(module: object, junk: object) -> None:
    result = module.parse(junk)  # type: ignore[attr-defined]
    assert (result.valid, len(result.errors)) == (False, 1)


@pytest.mark.parametrize("junk", JUNK, ids=lambda j: repr(j)[:12])
def test_interpret_takes_junk_as_text(junk: object) -> None:
    assert scanners.interpret("QRCode", junk).kind == "text"  # type: ignore[arg-type]


def test_an_aim_prefix_claims_gs1_and_is_checked() -> None:
    payload = scanners.interpret("QRCode", "]d2")
    assert (payload.kind, payload.valid) == ("gs1", False)

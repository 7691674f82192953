"""interpret() routes each payload to its parser, and only payloads of exactly that shape."""
from __future__ import annotations

import pytest

import scanners

TD3 = "P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<\nL898902C36UTO7408122F1204159ZE184226B<<<<<10"


@pytest.mark.parametrize(("fmt", "text", "aim", "kind", "valid"), [
    ("EAN13", "8934588012228", "]E0", "gtin", True),
    ("EAN13", "8934588012229", "]E0", "gtin", False),
    ("UPCA", "036000291452", "]E0", "gtin", True),
    ("UPCE", "01234565", "]E0", "gtin", True),
    ("EAN8", "73513537", "]E4", "gtin", True),
    ("ITF", "98412345678908", "]I0", "gtin", True),
    ("ITF", "070429", "]I0", "text", True),
    ("DataMatrix", "01089345880122281727123110LOT2025A\x1d21SN00012345", "]d2", "gs1", True),
    ("Code128", "]C1010893458801222817271331", "", "gs1", False),
    ("DataMatrix", "01089345880122281727123110LOT2025A", "]d1", "text", True),
    ("QRCode", "https://id.gs1.org/01/09506000134352/10/ABC?17=270600", "]Q1", "gs1_digital_link", True),
    ("QRCode", "https://example.vn/tra-cuu?id=1", "]Q1", "url", True),
    ("PDF417", TD3, "]L2", "mrz", True),
    ("QRCode", "020095001234|123456789|Hoàng Văn A|15061995|Nam|Đồng Đăng, Lạng Sơn|10052021", "]Q1", "cccd", True),
    ("QRCode", "01,32,,24312000000136634917,0.01,20240514,,1DD6", "]Q1", "fapiao", True),
    ("QRCode", "0100233488|1C25TAA|00001234|2025-03-05", "]Q1", "vn_einvoice", True),
    ("QRCode", "1C25TAA", "]Q1", "text", True),
    ("Code128", "CSQU3054383", "]C0", "container", True),
    ("Code39", "CSQU 305438 4", "]A0", "container", False),
    ("Code128", "CSQX3054383", "]C0", "text", True),
    ("QRCode", "hello", "]Q1", "text", True),
])
def test_routing(fmt: str, text: str, aim: str, kind: str, valid: bool) -> None:
    payload = scanners.interpret(fmt, text, aim)
    assert (payload.kind, payload.valid) == (kind, valid)
    assert payload.as_dict()["kind"] == kind


def test_gs1_payload_shape() -> None:
    payload = scanners.interpret("DataMatrix", "01089345880122281727120010A", "]d2")
    assert payload.as_dict() == {"kind": "gs1", "valid": True, "errors": [],
                                 "elements": {"01": "08934588012228", "17": "271231", "10": "A"},
                                 "gtin": "08934588012228", "batch": "A", "expiry": "2027-12-31"}

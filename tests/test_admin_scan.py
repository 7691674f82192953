"""The live-scan page's server side: codes the browser read, interpreted by scanners/ as a photo's would be."""
from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import scanners
from checkpoint.web import scan


def interpret(client: Any, auth: Any, codes: Any) -> Any:
    return client.post("/scan/interpret", json={"codes": codes}, headers={"X-CSRFToken": auth.token()})


@pytest.mark.parametrize(("browser_name", "contract_name"), [
    ("ean_13", "EAN13"), ("qr_code", "QRCode"), ("data_matrix", "DataMatrix"), ("EAN13", "EAN13"),
    ("DataBarExp", "DataBarExpanded"), ("ITF14", "ITF"), ("Code128", "Code128"), ("MicroQRCode", "MicroQRCode"),
    ("rMQRCode", None), ("unknown", None), ("", None),
])
def test_decoders_names_become_the_contracts(browser_name, contract_name):
    assert scan.contract_format(browser_name) == contract_name


def test_a_code_read_by_the_camera_means_what_it_would_in_a_photo(client, auth):
    auth.login("officer1")
    response = interpret(client, auth, [{"format": "ean_13", "text": "8934588012228"},
                                        {"format": "EAN13", "text": "8934588012229"},
                                        {"format": "Code128", "text": "\x1d0109504000059101", "aim": "]C1"}])
    assert response.status_code == 200
    first, wrong, gs1 = response.get_json()
    assert first == {"format": "EAN13", "text": "8934588012228",
                     "payload": scanners.interpret("EAN13", "8934588012228").as_dict(),
                     "shown": {"kind": "Mã sản phẩm (GTIN)", "valid": True,
                               "facts": [["Mã GTIN", "08934588012228"], ["Tổ chức cấp mã số mã vạch", "GS1 Vietnam"]]}}
    assert wrong["shown"]["valid"] is False
    assert gs1["payload"]["kind"] == "gs1" and gs1["payload"]["gtin"] == "09504000059101"


def test_the_list_speaks_english_on_an_english_page(client, auth):
    auth.login("officer1")
    client.post("/lang/en", data={"csrf_token": auth.token()})
    [code] = interpret(client, auth, [{"format": "qr_code", "text": "https://example.vn/x"}]).get_json()
    assert code["shown"] == {"kind": "Web address", "valid": None, "facts": [["Web site", "example.vn"]]}


@pytest.mark.parametrize(("codes", "field"), [
    ([], "codes"), ("8934588012228", "codes"), ([{"format": "EAN13", "text": "1"}] * 51, "codes"),
    (["8934588012228"], "code"), ([{"format": "Telepen", "text": "1"}], "format"),
    ([{"format": "EAN13", "text": ""}], "text"), ([{"format": "EAN13", "text": "x" * 8193}], "text"),
    ([{"format": "EAN13", "text": "1", "aim": "]C1X"}], "aim"),
])
def test_anything_but_codes_is_refused_in_the_apis_error_shape(client, auth, codes, field):
    auth.login("officer1")
    response = interpret(client, auth, codes)
    assert response.status_code == 422
    body = response.get_json()
    assert body["ok"] is False and body["status"] == 422 and body["errors"][0]["field"] == field


def test_the_scan_page_allows_webassembly_and_nothing_from_elsewhere(client, auth):
    auth.login("officer1")
    response = client.get("/scan")
    policy = response.headers["Content-Security-Policy"]
    assert "script-src 'self' 'wasm-unsafe-eval';" in policy and "default-src 'self'" in policy
    assert "unsafe-inline" not in policy and "http" not in policy
    assert "'wasm-unsafe-eval'" not in client.get("/").headers["Content-Security-Policy"]


def test_the_page_loads_the_local_reader_only_when_set_up_installed_it(app, client, auth, monkeypatch):
    auth.login("officer1")
    with app.app_context():
        installed = scan.decoder_ready()
    page = client.get("/scan").get_data(as_text=True)
    assert ('src="/static/vendor/zxing/zxing_reader.js"' in page) == installed
    monkeypatch.setattr(scan, "DECODER_FILES", ("missing.js", "missing.wasm"))
    page = client.get("/scan").get_data(as_text=True)
    assert "zxing_reader" not in page and 'data-wasm=""' in page
    assert "Máy này chưa cài bộ đọc mã vạch" in page  # shown by the script when no decoder exists


@settings(max_examples=300, deadline=None)
@given(fmt=st.sampled_from([*scan.FORMATS, *scan.CONTRACT_FORMATS]), text=st.text(min_size=1, max_size=300),
       aim=st.sampled_from(["", "]C1", "]d2", "]Q3", "]E0"]))
def test_any_text_in_any_format_is_interpreted_without_raising(fmt, text, aim):
    code = scan.interpret({"format": fmt, "text": text, "aim": aim})
    assert code["format"] in scan.CONTRACT_FORMATS and code["text"] == text
    assert code["payload"]["kind"] in ("gtin", "gs1", "gs1_digital_link", "mrz", "cccd", "fapiao", "vn_einvoice",
                                       "container", "url", "text")

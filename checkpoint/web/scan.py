"""Live scanning from the camera: the page decodes in the browser (BarcodeDetector, else zxing-cpp built to
WebAssembly and served from static/vendor/zxing), and each code it reads is interpreted here by scanners/."""
from __future__ import annotations

from pathlib import Path
from typing import Any

from flask import Blueprint, current_app, render_template, request
from flask_babel import gettext as _

import scanners

from .. import i18n
from ..errors import N_, InvalidInput
from .auth import login_required, select_lang
from .formatting import CODE_KINDS, day, words

bp = Blueprint("scan", __name__)

VENDOR = Path("vendor") / "zxing"
DECODER_FILES = ("zxing_reader.js", "zxing_reader.wasm")
"""What set-up puts in static/vendor/zxing from the npm package zxing-wasm (dist/iife/reader/index.js renamed,
and dist/reader/zxing_reader.wasm)."""

# The names browsers' BarcodeDetector and zxing-wasm give, as the contract's (CONTRACTS.md) formats.
FORMATS = {
    "ean_13": "EAN13", "ean_8": "EAN8", "upc_a": "UPCA", "upc_e": "UPCE", "code_128": "Code128",
    "code_39": "Code39", "code_93": "Code93", "itf": "ITF", "codabar": "Codabar", "qr_code": "QRCode",
    "data_matrix": "DataMatrix", "pdf417": "PDF417", "aztec": "Aztec",
    "ITF14": "ITF", "DataBarOmni": "DataBar", "DataBarStk": "DataBar", "DataBarStkOmni": "DataBar",
    "DataBarLtd": "DataBar", "DataBarExp": "DataBarExpanded", "DataBarExpStk": "DataBarExpanded",
    "Code39Std": "Code39", "Code39Ext": "Code39",
}
CONTRACT_FORMATS = ("EAN13", "EAN8", "UPCA", "UPCE", "Code128", "Code39", "Code93", "ITF", "Codabar", "DataBar",
                    "DataBarExpanded", "QRCode", "MicroQRCode", "DataMatrix", "PDF417", "Aztec")
MAX_TEXT = 8192
"""Longer than any symbol carries (a PDF417 holds about 1.8 kB): anything beyond is not a scan."""


def contract_format(name: str) -> str | None:
    """The contract's name of a symbology as a browser decoder names it; None for one the contract lacks."""
    name = FORMATS.get(name, name)
    return name if name in CONTRACT_FORMATS else None


def interpret(value: Any) -> dict[str, Any]:
    """One code as the page read it ({format, text, aim}) in the contract's shape of a decoded code, minus the
    image and corners a photo would give; InvalidInput for anything else."""
    if not isinstance(value, dict):
        raise InvalidInput(field="code", problem=N_("expected an object with format and text"))
    fmt, text, aim = value.get("format"), value.get("text"), value.get("aim", "")
    if not isinstance(fmt, str) or contract_format(fmt) is None:
        raise InvalidInput(field="format", problem=N_("not a barcode format this tablet knows"))
    if not isinstance(text, str) or not text or len(text) > MAX_TEXT:
        raise InvalidInput(field="text", problem=N_("must be 1 to 8192 characters"))
    if not isinstance(aim, str) or len(aim) > 3:
        raise InvalidInput(field="aim", problem=N_("must be a symbology identifier such as ]C1"))
    fmt = contract_format(fmt) or fmt
    return {"format": fmt, "text": text, "payload": scanners.interpret(fmt, text, aim).as_dict()}


FACTS = {"gtin": N_("GTIN"), "prefix_organisation": N_("Barcode numbers issued by"), "id_number": N_("ID number"),
         "name": N_("Name"), "birth_date": N_("Date of birth"), "number": N_("Container number"),
         "host": N_("Web site"), "seller_tax_code": N_("Seller's tax code"), "invoice_number": N_("Invoice number"),
         "expiry_date": N_("Expiry date"), "batch": N_("Batch")}
"""The keys of a payload worth a line on the list, in this order; the rest is in the code's text."""


def shown(code: dict[str, Any]) -> dict[str, Any]:
    """What the scan list shows of a decoded code, in the page's language: its kind, whether its checks passed
    (None where there is nothing to check) and a few facts as (label, value)."""
    payload = code["payload"]
    kind = payload.get("kind", "text")
    facts = [(_(label), day(str(payload[key])) if key.endswith("_date") else str(payload[key]))
             for key, label in FACTS.items() if payload.get(key) not in (None, "", [], {})]
    return {"kind": words(CODE_KINDS, kind), "valid": payload.get("valid"),
            "facts": facts}


def decoder_ready() -> bool:
    static = Path(current_app.static_folder or "")
    return all((static / VENDOR / name).is_file() for name in DECODER_FILES)


@bp.route("/scan")
@login_required()
def page() -> Any:
    """The camera and the list of codes read in a row."""
    response = current_app.make_response(render_template("scan/page.html", decoder_ready=decoder_ready(),
                                                         decoder=str(VENDOR / DECODER_FILES[0])))
    # The WebAssembly decoder must be compiled, which the app's policy (default-src 'self') forbids; this page
    # alone allows it, and nothing else: still no script from elsewhere, nor inline.
    response.headers["Content-Security-Policy"] = (
        "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; img-src 'self' data: blob:; media-src 'self' "
        "blob: mediastream:; object-src 'none'; frame-ancestors 'none'; base-uri 'self'; form-action 'self'")
    return response


@bp.route("/scan/interpret", methods=("POST",))
@login_required()
def interpret_codes() -> Any:
    """What each code read by the camera means: {"codes": [{format, text, aim}]} → [decoded code]."""
    body = request.get_json(silent=True)
    codes = body.get("codes") if isinstance(body, dict) else None
    try:
        if not isinstance(codes, list) or not 1 <= len(codes) <= 50:
            raise InvalidInput(field="codes", problem=N_("expected a list of 1 to 50 codes"))
        return [{**code, "shown": shown(code)} for code in map(interpret, codes)]
    except InvalidInput as exc:
        # The API's error shape (CONTRACTS.md), which web/errors gives only under /api/: the page's script reads it.
        message = i18n.error_message(exc, select_lang())
        return {"ok": False, "status": 422, "error": message,
                "errors": [{"field": exc.params["field"], "row": None, "message": message}]}, 422

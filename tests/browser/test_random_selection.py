"""Selection nobody chooses (#19), in real chromium: a truck with clean papers drawn at random for the red channel stays
so through a reload and a field correction — even after the gate's share was lowered in between — and the log holds
the draw's seed. Screenshots of the inspection page and the verdict form at 800×1280, in both languages."""
from __future__ import annotations

import json
import random
from pathlib import Path

import pytest
from flask import Flask

import ocr
from checkpoint import inspections, pipeline
from checkpoint.models import PhotoResult
from checkpoint.store.db import connect
from tests import images
from tests.browser.conftest import LiveServer, sign_in
from tests.test_pages_plain_words import photo_of, sure, unsure

pytestmark = pytest.mark.browser
OUT = Path(__file__).resolve().parents[2] / "test-output" / "verdict"
INVOICE = ocr.Document("invoice", ("vie", "eng"), {
    "invoice_number": unsure("INV-2025-7"), "currency": sure("USD"), "total_amount": sure(1000.0)},
    "COMMERCIAL INVOICE\nInvoice No: INV-2025-7", 0.9)


@pytest.fixture
def drawn_red(live_app: Flask) -> str:
    """A clean truck at a gate where every truck is drawn for red."""
    live_app.config["RISK_RANDOM_BY_GATE"] = "HUU_NGHI=0/1"
    db = connect(live_app.config["DATABASE"])
    try:
        inspection = inspections.start(db, inspections.NewInspection(
            gate="HUU_NGHI", direction="import", plates=("98H-246.80",), declared_goods="Quạt điện"),
            author="officer1", tz=live_app.config["TIMEZONE"])
        invoice = photo_of("hoa-don.png", images.document(["COMMERCIAL INVOICE", "Invoice No: INV-2025-7"]))
        pipeline.log(db, inspection, [PhotoResult(invoice, (), INVOICE)], config=live_app.config, author="officer1")
    finally:
        db.conn.close()
    return inspection


def draws(live_server: LiveServer, inspection: str) -> list[dict]:
    db = connect(live_server.app.config["DATABASE"])
    try:
        return [json.loads(row[0])["risk"] for row in db.execute(
            "SELECT payload FROM events WHERE subject = ? AND type = 'inspection.checked' ORDER BY seq", [inspection])]
    finally:
        db.conn.close()


def band_says_random_red(page) -> None:
    assert page.inner_text("section.band .channel") == "Luồng đỏ"
    assert page.inner_text("section.band .random-mark") == "chọn ngẫu nhiên"


def test_a_random_red_survives_a_reload_and_a_correction_and_the_log_holds_its_seed(
        page, live_server: LiveServer, drawn_red: str):
    OUT.mkdir(parents=True, exist_ok=True)
    page.set_viewport_size({"width": 800, "height": 1280})
    sign_in(page, "officer1")
    page.goto(f"/inspections/{drawn_red}")
    band_says_random_red(page)
    page.screenshot(path=str(OUT / "inspection-vi.png"), full_page=True)
    page.reload()
    band_says_random_red(page)

    live_server.app.config["RISK_RANDOM_BY_GATE"] = "HUU_NGHI=0/0"  # lowered since: no re-check may draw again
    fix = page.locator("form.field-fix", has=page.locator("input[value='INV-2025-7']"))
    fix.locator("input[name=value]").fill("INV-2025-8")
    fix.locator("button").click()
    page.wait_for_selector("s:has-text('INV-2025-7')")
    band_says_random_red(page)

    logged = draws(live_server, drawn_red)
    assert len(logged) == 2 and all(r["channel"] == "red" and r["random"] for r in logged)
    assert logged[0]["draw"] == logged[1]["draw"] == {"seed": drawn_red, "value": random.Random(drawn_red).random(),
                                                      "yellow": 0.0, "red": 1.0}

    # The VNACCS channel, entered beside the proposed level, and the verdict form's guided choice.
    page.check("input[name=vnaccs_channel][value=yellow]")
    page.click("form.vnaccs-form button")
    page.wait_for_selector("section.band .vnaccs.yellow")
    page.tap("section.band label.verdict-choice.seized")
    assert page.locator("details.case").get_attribute("open") is not None  # opened by the choice, in place
    page.locator("label:has(input[name=prohibited_list][value=yes])").click()
    page.wait_for_selector("label.subtype.proposed[data-code=prohibited_goods] input:checked")
    assert "Hàng cấm" in page.inner_text(".guidance .proposal")
    page.locator("label.subtype[data-code=undervaluation]").click()
    page.wait_for_selector("ul.doubts")
    page.locator("details.case").scroll_into_view_if_needed()
    page.screenshot(path=str(OUT / "verdict-form-vi.png"), full_page=True)
    page.click("form.lang button")
    page.wait_for_selector("section.band .random-mark")
    assert page.inner_text("section.band .random-mark") == "selected at random"
    page.screenshot(path=str(OUT / "inspection-en.png"), full_page=True)
    page.tap("section.band label.verdict-choice.seized")
    page.locator("label:has(input[name=counterfeit_mark][value=yes])").click()
    page.wait_for_selector("label.subtype.proposed[data-code=counterfeit_goods]")
    page.screenshot(path=str(OUT / "verdict-form-en.png"), full_page=True)

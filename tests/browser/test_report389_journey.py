"""A supervisor picks the reporting month on the tablet, reads the 389 figures in Vietnamese and English, switches
to the border-guard post and downloads the report and its restricted annex (chromium, 800×1280 portrait)."""
from __future__ import annotations

import subprocess
from datetime import date
from pathlib import Path

import pytest

from checkpoint.store.db import connect
from tests.browser.conftest import sign_in
from tests.test_report389 import CARRIER, intercept
from tests.test_report389_files import LOOK
from tests.test_reports import make_cases


@pytest.fixture
def portrait(browser, live_server):
    context = browser.new_context(viewport={"width": 800, "height": 1280}, has_touch=True,
                                  base_url=live_server.url, locale="vi-VN", accept_downloads=True)
    page = context.new_page()
    yield page
    context.close()


WIDER_THAN_THE_PAGE = """[...document.querySelectorAll('body *')]
    .filter(e => e.getBoundingClientRect().right > document.documentElement.clientWidth + 1)
    .map(e => e.tagName + '.' + e.className + '#' + e.id + ' ' + Math.round(e.getBoundingClientRect().right))"""


def pdf_text(path: Path) -> str:
    return subprocess.run(["pdftotext", "-enc", "UTF-8", str(path), "-"], check=True, capture_output=True,
                          text=True).stdout


def test_supervisor_reports_the_month_for_customs_and_the_border_guard(portrait, live_app, tmp_path: Path,
                                                                       monkeypatch):
    shots = LOOK
    shots.mkdir(parents=True, exist_ok=True)
    db = connect(live_app.config["DATABASE"])
    make_cases(db, 21, [date(2026, 2, 16), date(2026, 3, 2), date(2026, 3, 9), date(2025, 3, 3)],
               gates=("HUU_NGHI",), per_day=3)
    intercept(db, monkeypatch, date(2026, 3, 4), "HUU_NGHI", "", 4_000_000)
    intercept(db, monkeypatch, date(2026, 3, 5), "HUU_NGHI", "1", 9_000_000)
    db.conn.close()
    page = portrait
    sign_in(page, "super1")
    page.goto("/reports/")
    page.click("#open-389")
    page.fill("input[name=day]", "10/03/2026")
    page.click("#period-form button[type=submit]")
    page.wait_for_selector("table.r389")
    assert "Hải quan cửa khẩu quốc tế Hữu Nghị" in page.inner_text("section.report389 h2")
    assert "15/02/2026 – 14/03/2026" in page.inner_text("p.period")
    page.screenshot(path=str(shots / "01-report389-vi.png"), full_page=True)
    # Nothing on the page is wider than the tablet held upright.
    assert page.evaluate(WIDER_THAN_THE_PAGE) == []

    page.select_option("select[name=unit]", "BP_HUU_NGHI")
    page.click("#period-form button[type=submit]")
    page.wait_for_selector("p.flash.error")
    assert "Đồn Biên phòng" in page.inner_text("section.report389 h2")
    page.screenshot(path=str(shots / "02-report389-border-guard-vi.png"), full_page=True)

    page.fill("#export389-form input[name=signer]", "Lò Văn Tú")
    with page.expect_download() as report:
        page.click("#export389-form button[formaction$='export.pdf']")
    report.value.save_as(tmp_path / "report.pdf")
    with page.expect_download() as annex:
        page.click("#annex389")
    annex.value.save_as(tmp_path / "annex.pdf")
    text = pdf_text(tmp_path / "report.pdf")
    assert "ĐỒN BIÊN PHÒNG CỬA KHẨU QUỐC TẾ HỮU NGHỊ" in text and "Lò Văn Tú" in text
    assert CARRIER["id_number"] not in text and CARRIER["id_number"] in pdf_text(tmp_path / "annex.pdf")

    page.click("form.lang button")
    page.wait_for_selector("html[lang=en]")
    assert "Border guard" in page.inner_text("select[name=unit]")
    page.screenshot(path=str(shots / "03-report389-border-guard-en.png"), full_page=True)
    assert page.evaluate(WIDER_THAN_THE_PAGE) == []

"""The supervisor's journey in real chromium: the dashboard, then today's report downloaded."""
from __future__ import annotations

from pathlib import Path

import pytest
from openpyxl import load_workbook

from checkpoint import cases, decisions, inspections
from checkpoint.clock import local_today
from checkpoint.store.db import connect
from tests.browser.conftest import sign_in

pytestmark = pytest.mark.browser


def test_supervisor_sees_the_day_and_exports_it(page, live_app, shots: Path, tmp_path: Path):
    db = connect(live_app.config["DATABASE"])
    tz = live_app.config["TIMEZONE"]
    cleared = inspections.start(db, inspections.NewInspection(gate="HUU_NGHI", direction="import",
                                                              plates=("12C-123.45",)), author="officer1", tz=tz)
    inspections.record_verdict(db, cleared, "cleared", "", author="officer1", no_photo_reason="Xe rỗng, chỉ kiểm giấy tờ")
    seized = inspections.start(db, inspections.NewInspection(gate="HUU_NGHI", direction="import",
                                                             plates=("桂F88888",), declared_goods="Sữa bột"),
                               author="officer1", tz=tz)
    inspections.record_verdict(db, seized, "seized", "Nhãn giả", author="officer1", no_photo_reason="Ảnh chụp ở kho tang vật",
                               case=cases.parse({"subtype": "counterfeit_goods", "focus_group": "infant_formula",
                                                 "goods": "Sữa bột giả", "goods_value_vnd": "45.000.000",
                                                 "fine_vnd": "20.000.000", "confiscated": "1"}))
    # The fine counts once decided (#18), not as typed with the verdict.
    opened = local_today(tz)
    decisions.record(db, seized, decisions.parse("sanctioned", {
        "number": "12/QĐ-XPHC", "date": opened.strftime("%d/%m/%Y"), "signer": "Đội trưởng",
        "provision": "NĐ 98/2020/NĐ-CP", "fine_vnd": "20000000", "confiscated": "1"}, None), author="super1",
        today=opened)
    db.conn.close()

    sign_in(page, "super1")
    page.click("a:has-text('Báo cáo')")
    page.wait_for_selector("table.figures")
    assert "officer1" in page.inner_text("main")
    officer_chart = page.locator("figure.chart svg[aria-label*='từng cán bộ']")
    assert officer_chart.locator("text").all_text_contents()[-2:] == ["2", "officer1"]  # two inspections
    page.screenshot(path=str(shots / "01-dashboard.png"), full_page=True)

    with page.expect_download() as download:
        page.click("button:has-text('XLSX')")
    target = tmp_path / download.value.suggested_filename
    download.value.save_as(target)
    workbook = load_workbook(target)
    summary = workbook["C. Tổng hợp"]
    assert summary["B4"].value == 1  # one counterfeit case (category 3)
    assert summary["C4"].value == 20_000_000
    assert len(list(workbook["D. Nhật ký"].iter_rows(min_row=2))) == 2

    page.set_viewport_size({"width": 800, "height": 1280})  # the tablet turned to portrait
    page.screenshot(path=str(shots / "02-dashboard-portrait.png"), full_page=True)

"""A patrol stops a truck on a trail whose plate is on the (demo) watchlist and was inspected at the gate before: in
real chromium on a tablet held upright, the interception page shows the hit with its reason and the earlier
inspection, and the patrol page marks the row. Screenshots of the form and the pages in both languages."""
from __future__ import annotations

from pathlib import Path

import pytest

from checkpoint import inspections
from checkpoint.inspections import NewInspection
from checkpoint.store.db import connect
from tests.browser.conftest import LiveServer, sign_in

pytestmark = pytest.mark.browser
OUT = Path(__file__).resolve().parents[2] / "test-output" / "trail-screening"


def inspected_before(live_server: LiveServer, plate: str) -> str:
    db = connect(live_server.app.config["DATABASE"])
    try:
        return inspections.start(db, NewInspection("HUU_NGHI", "import", (plate,)), author="officer1",
                                 tz=live_server.app.config["TIMEZONE"])
    finally:
        db.conn.close()


def test_an_interception_with_a_listed_plate_shows_the_hit_and_the_earlier_inspection(page, live_server):
    OUT.mkdir(parents=True, exist_ok=True)
    truck = inspected_before(live_server, "12C-123.45")
    page.set_viewport_size({"width": 800, "height": 1280})
    sign_in(page, "patrol1")
    page.goto("/patrols/")
    page.fill("#start-patrol textarea[name=team]", "Lò Văn Tú")
    with page.expect_navigation():
        page.click("#start-patrol button[type=submit]")
    patrol_url = page.url

    page.click("#log-interception")
    page.check("input[name=action][value=warned]")
    page.fill("input[name=person-0-name]", "Trần Thị Mai")
    page.fill("input[name=person-0-id_number]", "020301004567")
    page.fill("input[name=person-0-phone]", "0912 345 678")
    page.fill("textarea[name=vehicles]", "12c 12345")
    page.fill("textarea[name=companies]", "Công ty TNHH Ánh Dương")
    page.screenshot(path=str(OUT / "form-vi.png"), full_page=True)
    with page.expect_navigation():
        page.click("#save-interception")
    page.wait_for_selector("#hits")

    hit = page.inner_text("#hits li.finding.high")
    assert "Phương tiện 1: 12C 12345" in hit and "cùng biển số" in hit.lower()
    earlier = page.locator("#earlier-vehicle-1 a.encounter-link")
    assert earlier.count() == 1 and earlier.get_attribute("href") == f"/inspections/{truck}"
    assert "Kiểm tra tại cửa khẩu" in page.inner_text("#earlier-vehicle-1")
    assert page.evaluate("() => document.documentElement.scrollWidth") <= 800
    page.screenshot(path=str(OUT / "interception-vi.png"), full_page=True)
    interception_url = page.url

    page.goto(patrol_url)
    assert "1 kết quả trùng danh sách theo dõi" in page.inner_text("span.hit-mark")
    page.screenshot(path=str(OUT / "patrol-vi.png"), full_page=True)

    page.click("form.lang button")
    page.wait_for_selector("span.hit-mark")
    assert "1 watchlist hit(s)" in page.inner_text("span.hit-mark")
    page.screenshot(path=str(OUT / "patrol-en.png"), full_page=True)
    page.goto(interception_url)
    assert "Vehicle 1: 12C 12345" in page.inner_text("#hits")
    assert "Inspection at the gate" in page.inner_text("#earlier-vehicle-1")
    page.screenshot(path=str(OUT / "interception-en.png"), full_page=True)
    page.goto(patrol_url)
    page.click("#log-interception")
    page.screenshot(path=str(OUT / "form-en.png"), full_page=True)

"""Four eyes in real chromium: an officer's attempt to let a red truck pass waits for a leader, who approves it on
their own account; everything is in the log. Screenshots of the waiting band and the leaders' queue, both languages."""
from __future__ import annotations

from pathlib import Path

import pytest
from flask import Flask

from checkpoint.store.db import connect
from tests.browser.conftest import LiveServer, sign_in
from tests.test_pages_plain_words import new_inspection, read_papers

pytestmark = pytest.mark.browser
OUT = Path(__file__).resolve().parents[2] / "test-output" / "four-eyes"
REASON = "Đã kiểm tra thực tế toàn bộ 20 kiện, hàng đúng khai báo"


@pytest.fixture
def red_truck(live_app: Flask) -> str:
    db = connect(live_app.config["DATABASE"])
    try:
        inspection = new_inspection(db, live_app, ("12C-123.45",))
    finally:
        db.conn.close()
    read_papers(live_app, inspection)
    return inspection


def logged(live_server: LiveServer, inspection: str) -> list[tuple[str, str]]:
    db = connect(live_server.app.config["DATABASE"])
    try:
        return [tuple(r) for r in db.execute("SELECT type, author FROM events WHERE subject = ? ORDER BY seq",
                                             [inspection])]
    finally:
        db.conn.close()


def test_letting_a_red_truck_pass_waits_for_a_leader_who_approves_on_their_own_account(
        page, live_server: LiveServer, red_truck: str):
    OUT.mkdir(parents=True, exist_ok=True)
    page.set_viewport_size({"width": 800, "height": 1280})
    sign_in(page, "officer1")
    page.goto(f"/inspections/{red_truck}")
    assert page.inner_text("section.band .channel") == "Luồng đỏ"
    page.tap("section.band label.verdict-choice.cleared")
    page.fill("textarea[name=pass_reason]", REASON)
    page.tap("section.band button[type=submit]")
    page.wait_for_selector(".waiting-approval")
    assert REASON in page.inner_text(".waiting-approval")
    page.screenshot(path=str(OUT / "waiting-vi.png"), full_page=True)
    page.click("form.lang button")
    page.wait_for_selector(".waiting-approval")
    page.screenshot(path=str(OUT / "waiting-en.png"), full_page=True)
    assert ("approval.requested", "officer1") in logged(live_server, red_truck)
    assert ("inspection.verdict", "officer1") not in logged(live_server, red_truck)

    page.click("header form button:has-text('Sign out')")
    sign_in(page, "super1")
    page.click("#nav-approvals")
    assert REASON in page.inner_text("main")
    page.screenshot(path=str(OUT / "queue-vi.png"), full_page=True)
    page.click("button[value=approve]")
    page.wait_for_selector(".flash.info")
    events = logged(live_server, red_truck)
    assert events[-2:] == [("approval.decided", "super1"), ("inspection.verdict", "officer1")]
    assert page.locator("#nav-approvals").count() == 0

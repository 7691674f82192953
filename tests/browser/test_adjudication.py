"""Hits adjudicated in real chromium: a false match said on one inspection is shown as such beside the same
party's hit on the next inspection, which still shows the hit. Screenshots of the page with a hit not yet
adjudicated, adjudicated, and remembered, both languages, 800×1280."""
from __future__ import annotations

from pathlib import Path

import pytest
from flask import Flask

from checkpoint.store.db import connect
from tests.browser.conftest import LiveServer, sign_in
from tests.test_pages_plain_words import new_inspection, read_papers

pytestmark = pytest.mark.browser
OUT = Path(__file__).resolve().parents[2] / "test-output" / "adjudication"
REASON = "Mã số thuế khác, địa chỉ tại Hà Nội, không phải công ty trong danh sách"
PARTY = "CÔNG TY TNHH THƯƠNG MẠI HOÀNG LONG"
"""The buyer the papers name, on the demo watchlist."""


@pytest.fixture
def two_trucks(live_app: Flask) -> tuple[str, str]:
    """Two inspections of different trucks whose papers name the same watchlisted buyer."""
    db = connect(live_app.config["DATABASE"])
    try:
        first, second = (new_inspection(db, live_app, (plates,)) for plates in ("29A-111.11", "29A-222.22"))
    finally:
        db.conn.close()
    for inspection in (first, second):
        read_papers(live_app, inspection)
    return first, second


def the_partys_hit(page):
    """The finding of the buyer's name (not its tax code, which hits the same entry)."""
    return page.locator("li.finding[data-rule=WATCHLIST_MATCH]").filter(
        has=page.locator("b", has_text=PARTY)).first


def shoot(page, name: str) -> None:
    """The whole page and the party's hit alone, in Vietnamese then English."""
    page.screenshot(path=str(OUT / f"{name}-vi.png"), full_page=True)
    the_partys_hit(page).screenshot(path=str(OUT / f"{name}-hit-vi.png"))
    page.click("form.lang button")
    page.wait_for_selector("html[lang=en]")
    page.screenshot(path=str(OUT / f"{name}-en.png"), full_page=True)
    the_partys_hit(page).screenshot(path=str(OUT / f"{name}-hit-en.png"))
    page.click("form.lang button")
    page.wait_for_selector("html[lang=vi]")


def adjudicated(live_server: LiveServer, inspection: str) -> list[tuple[str, str]]:
    db = connect(live_server.app.config["DATABASE"])
    try:
        return [(r[0], r[1]) for r in db.execute("SELECT outcome, author FROM hit_decisions WHERE inspection = ?"
                                                 " ORDER BY rowid", [inspection])]
    finally:
        db.conn.close()


def test_a_false_match_is_shown_as_such_on_the_next_inspection_of_the_same_party(
        page, live_server: LiveServer, two_trucks: tuple[str, str]):
    first, second = two_trucks
    OUT.mkdir(parents=True, exist_ok=True)
    page.set_viewport_size({"width": 800, "height": 1280})
    sign_in(page, "officer1")
    page.goto(f"/inspections/{first}")
    hit = the_partys_hit(page)
    hit.scroll_into_view_if_needed()
    shoot(page, "01-hit-not-adjudicated")

    # A false match needs its reason: refused, the choice kept and the error beside the reason.
    hit = the_partys_hit(page)
    hit.locator("label.choice", has_text="Không phải đối tượng").tap()
    hit.locator("button[type=submit]").tap()
    page.wait_for_selector("li.finding .field-error")
    hit = the_partys_hit(page)
    assert "nêu lý do" in hit.locator(".field-error").inner_text()
    assert hit.locator("input[value=false_match]").is_checked()
    assert adjudicated(live_server, first) == []
    page.screenshot(path=str(OUT / "02-reason-missing-vi.png"), full_page=True)

    hit.locator("textarea[name=reason]").fill(REASON)
    hit.locator("button[type=submit]").tap()
    page.wait_for_selector("li.finding .hit-standing")
    hit = the_partys_hit(page)
    assert "không phải đối tượng" in hit.locator(".hit-standing").inner_text()
    assert REASON in hit.locator(".hit-standing").inner_text()
    assert adjudicated(live_server, first) == [("false_match", "officer1")]
    shoot(page, "03-hit-adjudicated")

    page.goto(f"/inspections/{second}")
    hit = the_partys_hit(page)
    remembered = hit.locator(".hit-remembered").inner_text()
    assert remembered.startswith("Đã xác định không trùng khớp ngày") and f"bởi officer1: {REASON}" in remembered
    assert hit.locator("form.hit-form").count() == 1, "the hit is still there to be judged"
    assert page.locator(".hit-remembered").count() == 1, "only beside the same party"
    hit.scroll_into_view_if_needed()
    shoot(page, "04-false-match-remembered")


def test_the_word_is_given_and_changed_without_javascript(browser, live_server: LiveServer,
                                                          two_trucks: tuple[str, str]):
    first, _ = two_trucks
    context = browser.new_context(viewport={"width": 800, "height": 1280}, base_url=live_server.url,
                                  locale="vi-VN", java_script_enabled=False)
    page = context.new_page()
    try:
        sign_in(page, "officer1")
        page.goto(f"/inspections/{first}")
        hit = the_partys_hit(page)
        hit.locator("label.choice", has_text="Chưa chắc chắn").click()
        hit.locator("button[type=submit]").click()
        page.wait_for_selector("li.finding .hit-standing")
        assert "chưa chắc chắn" in the_partys_hit(page).locator(".hit-standing").inner_text()
        # Changed: the new word stands, the old stays in the log.
        hit = the_partys_hit(page)
        hit.locator("summary").click()
        hit.locator("label.choice", has_text="Đúng đối tượng").click()
        hit.locator("button[type=submit]").click()
        page.wait_for_selector("li.finding .hit-standing.true_match")
        assert adjudicated(live_server, first) == [("unsure", "officer1"), ("true_match", "officer1")]
        the_partys_hit(page).screenshot(path=str(OUT / "05-true-match-no-script-vi.png"))
    finally:
        context.close()

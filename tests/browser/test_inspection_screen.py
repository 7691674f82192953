"""The inspection screen in real chromium, touch, on a 10" tablet both ways up: the band with the channel and the
verdict stays in view, a refused verdict comes back beside its field with what was typed, any open inspection is
found, and every target is big enough for a gloved finger. Screenshots in both languages for people to look at."""
from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from flask import Flask

from checkpoint.store.db import connect
from tests.browser.conftest import LiveServer, sign_in
from tests.test_pages_plain_words import new_inspection, read_papers

pytestmark = pytest.mark.browser
PORTRAIT, LANDSCAPE = {"width": 800, "height": 1280}, {"width": 1280, "height": 800}
OUT = Path(__file__).resolve().parents[2] / "test-output" / "inspection-screen"


@pytest.fixture
def inspections(live_app: Flask) -> dict[str, str]:
    """Two open inspections, one from three days ago, and today's with three photos read and checked."""
    db = connect(live_app.config["DATABASE"])
    try:
        ids = {"today": new_inspection(db, live_app, ("12C-123.45", "桂F88888")),
               "earlier": new_inspection(db, live_app, ("20C-456.78",), days_ago=3)}
    finally:
        db.conn.close()
    read_papers(live_app, ids["today"])
    return ids


@pytest.fixture
def tablet(browser: object, live_server: LiveServer, request: pytest.FixtureRequest) -> Iterator[object]:
    context = browser.new_context(viewport=request.param, has_touch=True, is_mobile=True,  # type: ignore[attr-defined]
                                  base_url=live_server.url, locale="vi-VN")
    yield context.new_page()
    context.close()


def small_targets(page: object) -> list[object]:
    """Every visible thing to tap that is less than 48 px high (radios and checkboxes sit in 56 px labels)."""
    return page.evaluate("""() => [...document.querySelectorAll(
        'button, a.button, a.row-link, ul.thumbs a, summary, input, select, textarea, label.choice')]
        .filter(e => e.offsetParent !== null && !['hidden', 'radio', 'checkbox'].includes(e.type))
        .map(e => [e.outerHTML.slice(0, 80), Math.round(e.getBoundingClientRect().height)])
        .filter(([, h]) => h < 48)""")  # type: ignore[attr-defined]


def whole_page(page: object, path: Path) -> None:
    """A screenshot of the whole page once the officer has scrolled through it (the crops load as they come
    into view), then back at the top."""
    page.evaluate("""async () => { for (let y = 0; y < document.body.scrollHeight; y += 600) {
        window.scrollTo(0, y); await new Promise(r => setTimeout(r, 30)); } window.scrollTo(0, 0); }""")  # type: ignore[attr-defined]
    page.wait_for_load_state("networkidle")  # type: ignore[attr-defined]
    page.screenshot(path=str(path), full_page=True)  # type: ignore[attr-defined]


def band_stays_in_view(page: object) -> None:
    page.evaluate("window.scrollTo(0, document.body.scrollHeight)")  # type: ignore[attr-defined]
    page.wait_for_timeout(100)  # type: ignore[attr-defined]
    box = page.locator("section.band").bounding_box()  # type: ignore[attr-defined]
    assert box is not None and abs(box["y"]) < 1
    assert page.locator("section.band button[type=submit]").is_visible()  # type: ignore[attr-defined]


@pytest.mark.parametrize("tablet", [PORTRAIT, LANDSCAPE], ids=["portrait", "landscape"], indirect=True)
def test_the_officer_finds_checks_and_decides_on_the_new_screen(tablet, inspections, request):
    page, size = tablet, "portrait" if request.node.callspec.id == "portrait" else "landscape"
    OUT.mkdir(parents=True, exist_ok=True)
    sign_in(page, "officer1")
    # The open one from three days ago is on the list, with today's; each row says its channel and whether sent.
    rows = page.locator("table.inspections tbody tr")
    assert rows.count() == 2
    assert "20C-456.78" in page.inner_text("table.inspections") and "Luồng đỏ" in page.inner_text("table.inspections")
    assert page.locator("table.inspections .sync").count() == 2
    page.screenshot(path=str(OUT / f"list-vi-{size}.png"), full_page=True)
    assert small_targets(page) == []

    page.fill("input[name=q]", "hoang long")  # a party on the papers, typed without diacritics
    page.click("form.search button[type=submit]")
    assert page.locator("table.inspections tbody tr").count() == 1
    page.click("table.inspections a.row-link")

    # The channel and the verdict stay at the top however far the officer scrolls.
    assert page.inner_text("section.band .channel") == "Luồng đỏ"
    severities = page.eval_on_selector_all("li.finding", "els => els.map(e => e.className.split(' ')[1])")
    assert severities == sorted(severities, key=["high", "medium", "low", "info"].index)
    assert page.locator("tr.unsure").first.is_visible() and not page.locator("details.sure table").first.is_visible()
    assert "0402.21.20" in page.inner_text("body") and "12.500 USD" in page.inner_text("body")
    whole_page(page, OUT / f"inspection-vi-{size}.png")
    page.screenshot(path=str(OUT / f"inspection-vi-{size}-first-screen.png"))
    assert small_targets(page) == []
    band_stays_in_view(page)

    # The same screen in English, then back to Vietnamese.
    page.click("form.lang button")
    assert page.inner_text("section.band .channel") == "Red channel"
    whole_page(page, OUT / f"inspection-en-{size}.png")
    page.screenshot(path=str(OUT / f"inspection-en-{size}-first-screen.png"))
    page.click("form.lang button")
    assert page.inner_text("section.band .channel") == "Luồng đỏ"

    # A seizure without its violation is refused beside the violation's field; the note typed is kept.
    page.fill("textarea[name=note]", "Hàng không có hóa đơn hợp lệ")
    page.tap("section.band label.verdict-choice.seized")
    page.tap("section.band button[type=submit]")
    page.wait_for_selector(".field-error")
    assert page.input_value("textarea[name=note]") == "Hàng không có hóa đơn hợp lệ"
    assert page.locator("section.band input[value=seized]").is_checked()
    error = page.locator(".has-error .field-error")
    assert "loại vi phạm" in page.inner_text("section.band") or error.is_visible()
    assert page.locator("fieldset.subtypes.has-error input[name=subtype]").count() > 1
    page.screenshot(path=str(OUT / f"verdict-refused-vi-{size}.png"))

    page.check("input[name=subtype][value=smuggling]")
    page.select_option("select[name=focus_group]", "milk")
    page.tap("section.band button[type=submit]")
    page.wait_for_selector("table.inspections")
    assert "Tạm giữ hàng hóa" in page.inner_text("main")  # in the day's decided ones

    # A supervisor opens the decided inspection: the verdict in the band, the correction behind its button.
    page.click("header form button:has-text('Đăng xuất')")
    sign_in(page, "super1")
    page.click("a.row-link:has-text('12C-123.45')")
    assert page.inner_text("section.band .verdict") == "Tạm giữ hàng hóa"
    page.click("summary:has-text('Đính chính kết luận')")
    page.screenshot(path=str(OUT / f"decided-supervisor-vi-{size}.png"), full_page=True)
    assert small_targets(page) == []


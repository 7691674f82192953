"""A gate's leader runs the tablet without a shell, in real chromium on a portrait tablet (800×1280, touch):
an account added and its password reset, the officer's first sign-in; a watchlist imported under the DEMO
banner; a sync to a real hub and the log's check. Every page is kept in both languages in test-output/admin/."""
from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from checkpoint import ledger
from checkpoint.store.db import connect
from tests.browser.conftest import LiveServer
from tests.conftest import PASSWORD
from tests.ledger.conftest import HubServer

pytestmark = pytest.mark.browser
SHOTS = Path(__file__).resolve().parents[2] / "test-output" / "admin"


@pytest.fixture
def tablet(browser: Any, live_server: LiveServer) -> Iterator[Any]:
    context = browser.new_context(viewport={"width": 800, "height": 1280}, has_touch=True, base_url=live_server.url,
                                  locale="vi-VN")
    yield context
    context.close()


def sign_in(page: Any, username: str, password: str = PASSWORD) -> None:
    page.goto("/login")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", password)
    page.click("button.primary")
    page.wait_for_load_state()


def switch_language(page: Any) -> None:
    with page.expect_navigation():
        page.click("form.lang button")


def shoot(page: Any, name: str) -> None:
    """The page as it is (Vietnamese), then in English, then back: both kept for people to look at."""
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}-vi.png"), full_page=True)
    switch_language(page)
    page.screenshot(path=str(SHOTS / f"{name}-en.png"), full_page=True)
    switch_language(page)


def test_a_leader_adds_an_officer_resets_the_password_and_the_officer_chooses_their_own(tablet, live_app,
                                                                                      live_server):
    page = tablet.new_page()
    sign_in(page, "super1")
    assert page.locator(".demo-banner").is_visible()  # the first start's demo list is in force
    assert re.fullmatch(r"\d+ mục chờ gửi", page.inner_text("#sync-badge"))
    page.tap("#nav-manage")
    page.wait_for_selector("table.accounts")
    shoot(page, "01-accounts")

    page.tap("#add-account")
    page.wait_for_selector("input[name=username]")
    shoot(page, "02-account-new")
    page.fill("input[name=username]", "officer1")  # taken: refused beside the field, the rest kept
    page.fill("input[name=full_name]", "Hoàng Văn Mười")
    page.fill("input[name=rank]", "Thiếu úy")
    page.tap("button.primary")
    assert page.inner_text("#username-error") == "đã tồn tại"
    assert page.input_value("input[name=full_name]") == "Hoàng Văn Mười"
    page.screenshot(path=str(SHOTS / "03-account-new-refused-vi.png"), full_page=True)
    page.fill("input[name=username]", "officer10")
    page.tap("button.primary")
    page.wait_for_selector("#one-time-password")
    first = page.inner_text("#one-time-password")
    page.screenshot(path=str(SHOTS / "04-one-time-password-vi.png"), full_page=True)

    page.reload()  # shown once: gone on the next look
    assert page.locator("#one-time-password").count() == 0
    shoot(page, "05-account")
    page.tap("#reset-password")
    page.wait_for_selector("#one-time-password")
    password = page.inner_text("#one-time-password")
    assert password != first and re.fullmatch(r"[a-z2-9]{4}(-[a-z2-9]{4}){2}", password)

    officer = tablet.browser.new_context(viewport={"width": 800, "height": 1280}, has_touch=True,
                                         base_url=live_server.url, locale="vi-VN").new_page()
    sign_in(officer, "officer10", first)
    assert officer.locator(".flash.error").is_visible()  # the first one-time password no longer works
    sign_in(officer, "officer10", password)
    assert officer.url.endswith("/password")
    officer.fill("input[name=password]", password)
    officer.fill("input[name=new_password]", "my own long password")
    officer.fill("input[name=repeat_password]", "my own long password")
    officer.tap("button.primary")
    officer.wait_for_url(re.compile(r"/$"))
    assert "officer10" in officer.inner_text(".who")
    officer.context.close()

    page.goto("/accounts")
    row = page.locator("table.accounts tr", has_text="officer10")
    assert "Thiếu úy · Hoàng Văn Mười" in row.inner_text() and "Cán bộ" in row.inner_text()
    db = connect(live_app.config["DATABASE"])
    try:
        types = [e.type for e in ledger.events(db) if e.payload.get("username") == "officer10"]
    finally:
        db.conn.close()
    assert types[:2] == ["auth.account_added", "auth.password_reset"]


def test_a_watchlist_imported_under_the_demo_banner(tablet, tmp_path):
    page = tablet.new_page()
    sign_in(page, "super1")
    page.goto("/watchlists")
    assert page.locator("table.watchlists tr.demo").count() == 1
    shoot(page, "06-watchlists")
    csv = tmp_path / "hq-2025-12.csv"
    csv.write_text("kind,name,tax_code,plate,gtin,id_number,co_reference,note\n"
                   "company,CÔNG TY TNHH THƯƠNG MẠI HOÀNG LONG,0100233488,,,,,\nvehicle,,,98C-123.45,,,,\n",
                   encoding="utf-8")
    page.fill("input[name=list]", "hq-2025-12")
    page.set_input_files("input[name=file]", str(csv))
    page.tap("#watchlist-import button.primary")
    page.wait_for_selector("table.watchlists tr:has-text('hq-2025-12')")
    assert "Đã nhập 2 mục vào danh sách hq-2025-12." in page.inner_text("main")
    assert "vẫn đang áp dụng cùng các danh sách thật" in page.inner_text(".demo-banner")
    page.screenshot(path=str(SHOTS / "07-watchlists-imported-vi.png"), full_page=True)


def test_the_sync_page_after_a_sync_to_a_real_hub_and_the_log_check(tablet, live_app, tmp_path):
    hub = HubServer(str(tmp_path / "hub.db"), tmp_path / "hub_key")
    live_app.config.update(HUB_URL=hub.url, HUB_PUBLIC_KEY=hub.public_key)
    try:
        page = tablet.new_page()
        sign_in(page, "super1")
        page.goto("/sync")
        assert "chưa có" in page.inner_text("#receipt")
        shoot(page, "08-sync-before")
        page.tap("#sync-now")
        page.wait_for_selector("#sync-task:has-text('Đồng bộ xong')", timeout=30_000)
        assert page.inner_text("#waiting") == "không có: trung tâm đã nhận đủ"
        seq = hub.count("SELECT MAX(seq) FROM events")
        assert f"đã có sổ ghi đến bản ghi #{seq}" in page.inner_text("#receipt")
        assert re.fullmatch(r"đã gửi hết \d\d:\d\d", page.inner_text("#sync-badge"))
        shoot(page, "09-sync-after")

        page.tap(".tabs a:has-text('Kiểm tra sổ ghi')")
        page.tap("#verify-now")
        page.wait_for_selector("#verify-result.intact", timeout=30_000)
        assert f"Xác nhận có chữ ký của trung tâm bao gồm sổ ghi đến #{seq}" in page.inner_text("#verify-result")
        shoot(page, "10-verify")
    finally:
        hub.stop()


TARGETS = ("main button, main .button, main a.tab, main select, header a, header button,"
           " main input:not([type=hidden]):not([type=checkbox]):not(.visually-hidden)")


@pytest.mark.parametrize(("width", "height"), [(800, 1280), (1280, 800)])
def test_every_management_page_fits_the_tablet_and_gloved_fingers(browser, live_server, width, height):
    """No sideways scrolling and no target under 48 px, on each page in both languages and both orientations."""
    context = browser.new_context(viewport={"width": width, "height": height}, has_touch=True,
                                  base_url=live_server.url, locale="vi-VN")
    page = context.new_page()
    sign_in(page, "super1")
    try:
        for lang in ("vi", "en"):
            for path in ("/accounts", "/accounts/new", "/accounts/officer1", "/watchlists", "/sync", "/verify",
                         "/scan"):
                page.goto(path)
                assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth"), (lang, path)
                small = page.evaluate("""(selector) => [...document.querySelectorAll(selector)]
                    .filter((e) => e.offsetParent && e.getBoundingClientRect().height < 48)
                    .map((e) => e.outerHTML.slice(0, 80))""", TARGETS)
                assert small == [], (lang, path)
                if width > height:
                    SHOTS.mkdir(parents=True, exist_ok=True)
                    page.screenshot(path=str(SHOTS / f"landscape{path.replace('/', '-')}-{lang}.png"))
            switch_language(page)
    finally:
        context.close()

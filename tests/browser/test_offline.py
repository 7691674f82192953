"""Nothing typed is lost, in real chromium on a touch tablet: a form sent while the server does not answer waits on
the tablet and goes when it answers, once; an idle sign-out mid-inspection asks for the password in place and then
sends the verdict; a patrol's route ignores another tablet's GPS (#16)."""
from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from tests import images
from tests.browser.conftest import LiveServer, sign_in
from tests.conftest import PASSWORD

pytestmark = pytest.mark.browser
SHOTS = Path(__file__).resolve().parents[2] / "test-output" / "offline"
TABLETS = {"portrait": {"width": 800, "height": 1280}, "landscape": {"width": 1280, "height": 800}}
TRAIL = [(21.9700, 106.7000), (21.9712, 106.7011), (21.9725, 106.7021)]
FAR = (21.9300, 106.6600)  # the second tablet, 6 km away
WAITING = "() => document.querySelector('#outbox summary')?.textContent.includes('1')"


@pytest.fixture
def tablet(browser, live_server: LiveServer) -> Iterator[Callable[..., object]]:
    """Opens pages on tablets (a browser context each: its own storage, cookies and GPS), touch enabled."""
    contexts = []

    def open_tablet(shape: str = "portrait", where: tuple[float, float] = TRAIL[0]) -> object:
        context = browser.new_context(viewport=TABLETS[shape], has_touch=True, locale="vi-VN",
                                      base_url=live_server.url, permissions=["geolocation"],
                                      geolocation={"latitude": where[0], "longitude": where[1], "accuracy": 8})
        contexts.append(context)
        page = context.new_page()
        page.errors = []  # type: ignore[attr-defined]
        page.on("pageerror", lambda error: page.errors.append(str(error)))  # type: ignore[attr-defined]
        return page

    yield open_tablet
    for context in contexts:
        context.close()


def shot(page, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=False)


def in_english(page) -> None:
    page.click("form.lang button")
    page.wait_for_load_state()


def count(live_server: LiveServer, sql: str) -> int:
    with sqlite3.connect(live_server.app.config["DATABASE"]) as db:
        return db.execute(sql).fetchone()[0]


def start_patrol(page) -> None:
    page.click("#nav-patrols")
    page.fill("textarea[name=team]", "Lò Văn Tú")
    page.click("#start-patrol button")
    page.wait_for_selector("#tracker")


def fill_interception(page, photo: Path | None) -> None:
    page.click("#log-interception")
    page.wait_for_function("() => document.querySelector('input[name=lat]').value !== ''")
    page.check("input[name=action][value=seized]")
    page.fill("input[name=person-0-name]", "Hoàng Văn A")
    page.fill("input[name=person-0-id_number]", "020095001234")
    page.fill("input[name=goods-0-description]", "Sữa bột trẻ em Aptamil 800 g")
    page.select_option("select[name=goods-0-kind]", "infant_formula")
    page.fill("input[name=goods-0-quantity]", "24")
    page.fill("input[name=goods-0-unit]", "hộp")
    page.fill("textarea[name=note]", "Gánh qua đường mòn lúc trời tối")
    if photo is not None:
        page.set_input_files("input[name=photos]", str(photo))


@pytest.mark.parametrize("shape, lang", [("portrait", "vi"), ("landscape", "en")])
def test_an_interception_saved_offline_waits_on_the_tablet_and_is_sent_once_on_reconnect(
        tablet, live_server: LiveServer, tmp_path: Path, shape: str, lang: str):
    page = tablet(shape)
    sign_in(page, "patrol1")
    if lang == "en":
        in_english(page)
    start_patrol(page)
    photo = tmp_path / "sua.png"
    photo.write_bytes(images.png(images.barcode("8934588012228", "EAN13")))
    fill_interception(page, photo)

    page.context.set_offline(True)
    page.click("#save-interception")
    page.wait_for_function(WAITING)
    status = page.locator("#interception-form .outbox-status")
    assert status.is_visible() and status.inner_text() == {
        "vi": "Đã giữ trên máy: đang chờ gửi. Máy tự gửi khi máy chủ trả lời.",
        "en": "Kept on this tablet: waiting to be sent. It goes by itself when the server answers."}[lang]
    status.scroll_into_view_if_needed()
    shot(page, f"waiting-form-{lang}-{shape}")
    page.click("#outbox summary")
    shot(page, f"waiting-list-{lang}-{shape}")
    assert count(live_server, "SELECT COUNT(*) FROM interceptions") == 0
    # Still typed in the form, to be read or corrected meanwhile.
    assert page.input_value("input[name=goods-0-description]") == "Sữa bột trẻ em Aptamil 800 g"

    page.context.set_offline(False)
    page.wait_for_selector("#goods", timeout=30000)  # the interception's page: confirmed, gone there
    assert count(live_server, "SELECT COUNT(*) FROM interceptions") == 1
    assert count(live_server, "SELECT COUNT(*) FROM interception_photos") == 1
    assert count(live_server, "SELECT COUNT(*) FROM interceptions WHERE note = 'Gánh qua đường mòn lúc trời tối'") == 1
    assert page.locator("#outbox").count() == 0
    assert page.locator(".flash.info").count() == 1


def test_an_answer_lost_on_the_way_back_is_resent_and_recorded_once(tablet, live_server: LiveServer):
    page = tablet("landscape")
    sign_in(page, "patrol1")
    start_patrol(page)
    fill_interception(page, None)  # Playwright's route.fetch does not carry a file's bytes whole
    lost = []

    def drop_the_answer(route) -> None:
        # The server records the interception; its answer never reaches the tablet (a dropped link).
        if not lost:
            lost.append(route.fetch(max_redirects=0).status)
            route.abort()
        else:
            route.continue_()

    page.route("**/interceptions/new", lambda route: drop_the_answer(route) if route.request.method == "POST"
               else route.continue_())
    page.click("#save-interception")
    page.wait_for_selector("#goods", timeout=30000)
    assert lost == [200]  # confirmed as JSON to the outbox, then lost
    assert count(live_server, "SELECT COUNT(*) FROM interceptions") == 1
    assert count(live_server, "SELECT COUNT(*) FROM events WHERE type = 'interception.logged'") == 1
    assert page.locator(".flash.info").all_inner_texts() == ["Đã ghi vụ chặn giữ.",
                                                             "Đã lưu rồi: gửi lại nhưng chỉ ghi một lần."]


def test_a_server_error_keeps_the_form_and_a_refusal_shows_the_error_beside_the_field(tablet, live_server):
    page = tablet("portrait")
    sign_in(page, "patrol1")
    in_english(page)
    start_patrol(page)
    page.click("#log-interception")
    page.fill("input[name=person-0-name]", "Hoàng Văn A")
    page.fill("input[name=person-0-id_number]", "0200950012")  # two digits short
    page.fill("input[name=goods-0-description]", "Thuốc lá điếu Jet")
    page.fill("input[name=goods-0-quantity]", "50")
    page.fill("input[name=goods-0-unit]", "cây")
    page.route("**/interceptions/new", lambda route: route.fulfill(status=503, body="busy", headers={"Retry-After": "1"}))
    page.click("#save-interception")
    page.wait_for_function(WAITING)
    page.unroute("**/interceptions/new")
    # The resend is refused (422): the server's page, the error beside the number, everything typed still there.
    page.wait_for_selector(".field-error", timeout=30000)
    assert page.locator(".field-error").inner_text() == "Person 1, ID number: expected exactly 12 digits"
    assert page.input_value("input[name=goods-0-description]") == "Thuốc lá điếu Jet"
    assert page.locator("#tracker").count() == 1 and page.locator("#outbox").count() == 0
    shot(page, "refused-en-portrait")
    page.fill("input[name=person-0-id_number]", "020095001234")
    page.click("#save-interception")
    page.wait_for_selector("#goods")
    assert count(live_server, "SELECT COUNT(*) FROM interceptions") == 1


@pytest.mark.parametrize("shape, lang", [("landscape", "vi"), ("portrait", "en")])
def test_an_idle_sign_out_mid_inspection_asks_the_password_in_place_and_sends_the_verdict(
        tablet, live_server: LiveServer, shape: str, lang: str):
    page = tablet(shape)
    sign_in(page, "officer1")
    if lang == "en":
        in_english(page)
    page.goto("/inspections/new")
    page.fill("textarea[name=plates]", "12C-123.45")
    page.locator("form.stack button[type=submit]").last.click()
    page.wait_for_selector("#verdict-form")
    page.check("input[name=verdict][value=cleared]")
    page.fill("#verdict-form textarea[name=note]", "Đúng khai báo, đã kiểm tra thực tế 2 kiện")
    page.fill("textarea[name=no_photo_reason]", "Máy ảnh hỏng, đã ghi vào sổ")

    live_server.app.config["IDLE_LOGOUT_MINUTES"] = 0  # the officer left the tablet: the next request is idle
    page.locator("button[form=verdict-form]").click()
    dialog = page.locator("dialog#reauth")
    dialog.wait_for()
    live_server.app.config["IDLE_LOGOUT_MINUTES"] = 15
    assert "officer1" in dialog.inner_text()
    seen = page.inner_text("body")
    assert "Something went wrong" not in seen and "Đã xảy ra lỗi" not in seen
    shot(page, f"reauth-{lang}-{shape}")
    dialog.locator("input[name=password]").fill("not the password")
    dialog.locator("button[type=submit]").click()
    dialog.locator(".flash.error").wait_for()
    assert dialog.is_visible()
    dialog.locator("input[name=password]").fill(PASSWORD)
    dialog.locator("button[type=submit]").click()
    page.wait_for_selector(".flash.info", timeout=30000)  # confirmed: the page the server sent it to
    assert count(live_server, "SELECT COUNT(*) FROM inspections WHERE verdict = 'cleared'"
                              " AND verdict_note = 'Đúng khai báo, đã kiểm tra thực tế 2 kiện'") == 1
    assert page.locator("dialog#reauth").count() == 0 and page.locator("#outbox").count() == 0


def test_a_patrols_route_ignores_another_tablets_gps_until_it_takes_over(tablet, live_server: LiveServer):
    # The trail's 170 m steps come a second apart here, not minutes: at 150 km/h they would be flagged as out of
    # reach depending on the machine's speed. At 1,000 km/h they are walked, and 6 km in seconds is still flagged.
    live_server.app.config["TRACK_MAX_SPEED_KMH"] = 1000
    leader = tablet("landscape", TRAIL[0])
    sign_in(leader, "patrol1")
    start_patrol(leader)
    leader.wait_for_function("() => document.getElementById('track-queue').dataset.count === '0'")
    assert "± 8 m" in leader.locator("#gps-status").inner_text()
    patrol_url = leader.url

    other = tablet("portrait", FAR)
    sign_in(other, "patrol1")
    other.goto(patrol_url)
    other.wait_for_selector("#take-over:not([hidden])")
    other.wait_for_selector("#track-device")  # its first fix was refused: it says so
    assert count(live_server, "SELECT COUNT(*) FROM patrol_points WHERE lat < 21.95") == 0
    shot(other, "other-tablet-vi-portrait")

    leader.context.set_geolocation({"latitude": TRAIL[1][0], "longitude": TRAIL[1][1], "accuracy": 8})
    leader.wait_for_function("() => document.getElementById('route-count').dataset.count === '2'")
    # The leader's tablet is flat: the second, walking with the team (a few metres on), takes the route over.
    other.context.set_geolocation({"latitude": TRAIL[1][0] + 0.0001, "longitude": TRAIL[1][1], "accuracy": 8})
    other.click("#take-over button")
    other.wait_for_selector(".flash.info")
    assert other.locator("#take-over").is_hidden()
    other.wait_for_function("() => document.getElementById('route-count').dataset.count === '3'")
    leader.context.set_geolocation({"latitude": TRAIL[0][0], "longitude": TRAIL[0][1], "accuracy": 8})
    leader.wait_for_selector("#track-device")
    shot(leader, "taken-over-vi-landscape")
    assert count(live_server, "SELECT COUNT(*) FROM patrol_points") == 3
    assert count(live_server, "SELECT COUNT(*) FROM patrol_points WHERE lat < 21.95") == 0

    # 6 km in a few seconds on a foot trail: kept, flagged, not drawn; each position listed with its accuracy.
    other.context.set_geolocation({"latitude": FAR[0], "longitude": FAR[1], "accuracy": 8})
    other.wait_for_selector("#track-flagged")
    other.reload()
    assert other.locator("#route-count").get_attribute("data-count") == "3"
    other.click("#positions summary")
    assert other.locator("#positions tr.flagged").count() == 1
    assert other.locator("#positions tbody tr").count() == 4
    assert other.locator("#positions td", has_text="± 8 m").count() == 4
    other.locator("#positions").scroll_into_view_if_needed()
    shot(other, "positions-vi-portrait")


def test_a_page_reloaded_while_its_form_waits_shows_it_filled_in_again(tablet, live_server: LiveServer):
    page = tablet("portrait")
    sign_in(page, "patrol1")
    in_english(page)
    page.click("#nav-patrols")
    page.fill("textarea[name=team]", "Lò Văn Tú\nHoàng Văn Nam")
    page.fill("input[name=note]", "Mốc 1119–1120, ca đêm")
    page.route("**/patrols/start", lambda route: route.abort())  # the server takes pages but no forms
    page.click("#start-patrol button")
    page.wait_for_function(WAITING)
    page.reload()
    page.wait_for_function(WAITING)
    assert page.input_value("textarea[name=team]") == "Lò Văn Tú\nHoàng Văn Nam"
    assert page.input_value("input[name=note]") == "Mốc 1119–1120, ca đêm"
    assert page.locator("#start-patrol .outbox-status").inner_text().startswith("Kept on this tablet")
    shot(page, "refilled-en-portrait")
    page.unroute("**/patrols/start")
    with page.expect_navigation():
        page.click("#outbox summary")
        page.click("#outbox .send-now")
    page.wait_for_selector("#tracker")
    assert count(live_server, "SELECT COUNT(*) FROM patrols WHERE note = 'Mốc 1119–1120, ca đêm'") == 1
    assert page.errors == []  # type: ignore[attr-defined]


def test_a_form_refused_after_the_officer_moved_on_is_listed_and_opens_filled_in_with_the_error(tablet, live_server):
    page = tablet("landscape")
    sign_in(page, "patrol1")
    in_english(page)
    start_patrol(page)
    patrol_url = page.url
    page.click("#log-interception")
    page.fill("input[name=person-0-name]", "Hoàng Văn A")
    page.fill("input[name=person-0-id_number]", "0200950012")  # two digits short
    page.fill("input[name=goods-0-description]", "Thuốc lá điếu Jet")
    page.fill("input[name=goods-0-quantity]", "50")
    page.fill("input[name=goods-0-unit]", "cây")
    page.route("**/interceptions/new", lambda route: route.abort() if route.request.method == "POST"
               else route.continue_())
    page.click("#save-interception")
    page.wait_for_function(WAITING)
    page.unroute("**/interceptions/new")
    page.goto(patrol_url)  # on with the patrol; the form is sent from here, and refused
    page.wait_for_selector("#outbox.refused")
    page.click("#outbox summary")
    assert page.locator("#outbox li.refused .state").inner_text() == "Person 1, ID number: expected exactly 12 digits"
    shot(page, "refused-later-en-landscape")
    with page.expect_navigation():
        page.click("#outbox li.refused a.button")
    page.wait_for_selector(".field-error")
    assert page.locator(".field-error").inner_text() == "Person 1, ID number: expected exactly 12 digits"
    assert page.input_value("input[name=goods-0-description]") == "Thuốc lá điếu Jet"
    assert page.input_value("input[name=person-0-id_number]") == "0200950012"
    page.fill("input[name=person-0-id_number]", "020095001234")
    with page.expect_navigation():
        page.click("#save-interception")
    page.wait_for_selector("#goods")
    assert count(live_server, "SELECT COUNT(*) FROM interceptions") == 1
    assert page.locator("#outbox").count() == 0 and page.errors == []  # type: ignore[attr-defined]


def test_a_refusal_without_the_form_keeps_what_was_typed_on_screen_and_listed(tablet, live_server: LiveServer):
    page = tablet("portrait")
    sign_in(page, "patrol1")
    in_english(page)
    page.click("#nav-patrols")
    page.fill("input[name=note]", "Mốc 1119–1120")
    page.route("**/patrols/start", lambda route: route.fulfill(
        status=404, content_type="text/html", body="<html><body><main><p class='flash error'>Not found.</p></main>"))
    page.click("#start-patrol button")
    page.wait_for_selector("#outbox.refused")
    assert page.locator("#start-patrol .outbox-status.refused").inner_text() == "Not found."
    assert page.input_value("input[name=note]") == "Mốc 1119–1120"
    assert count(live_server, "SELECT COUNT(*) FROM patrols") == 0


def test_photos_sent_after_an_idle_sign_out_wait_for_the_password_and_go(tablet, live_server: LiveServer,
                                                                          tmp_path: Path):
    page = tablet("landscape")
    sign_in(page, "officer1")
    page.goto("/inspections/new")
    page.fill("textarea[name=plates]", "29A-1234")
    page.locator("form.stack button[type=submit]").last.click()
    page.wait_for_selector("form.photos")
    label = tmp_path / "milk.png"
    label.write_bytes(images.png(images.barcode("8934588012228", "EAN13")))
    page.set_input_files("form.photos input[type=file]", str(label))
    page.check("input[name=kind][value=goods]")
    live_server.app.config["IDLE_LOGOUT_MINUTES"] = 0
    page.locator("form.photos button[type=submit]").click()
    page.locator("dialog#reauth").wait_for()
    live_server.app.config["IDLE_LOGOUT_MINUTES"] = 15
    assert "Something went wrong" not in page.inner_text("body") and "Đã xảy ra lỗi" not in page.inner_text("body")
    page.fill("dialog#reauth input[name=password]", PASSWORD)
    page.click("dialog#reauth button[type=submit]")
    page.wait_for_selector("code:has-text('8934588012228')", timeout=60000)
    assert count(live_server, "SELECT COUNT(*) FROM photos") == 1

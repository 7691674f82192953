"""The patrol's journey in real chromium, with the tablet's GPS: start, track (also through a lost
connection), two interceptions with persons, goods and photos, two hand-overs, labels, the record."""
from __future__ import annotations

import re
import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests import images
from tests.browser.conftest import LiveServer, sign_in
from tests.conftest import PASSWORD

pytestmark = pytest.mark.browser
CCCD_QR = "020095001234|123456789|Hoàng Văn A|15061995|Nam|Xã Đồng Đăng, Cao Lộc, Lạng Sơn|10052021"
TRAIL = [(21.9700, 106.7000), (21.9712, 106.7011), (21.9725, 106.7021), (21.9738, 106.7036), (21.9751, 106.7049)]
# Functions, not expressions: the pages' CSP forbids the eval() that string expressions need.
QUEUE_EMPTY = "() => document.getElementById('track-queue').dataset.count === '0'"
SMALL_TARGETS = """() => [...document.querySelectorAll('button, a.button, input, select, textarea, label.choice')]
    .filter(e => e.offsetParent !== null && e.type !== 'hidden' && e.type !== 'radio')
    .map(e => [e.outerHTML.slice(0, 60), e.getBoundingClientRect().height])
    .filter(([, h]) => h < 48)"""


@pytest.fixture
def gps_page(browser, live_server: LiveServer) -> Iterator[object]:
    """A tablet that lets the page use its GPS, standing at the start of the trail."""
    context = browser.new_context(viewport={"width": 1280, "height": 800}, has_touch=True, locale="vi-VN",
                                  base_url=live_server.url, permissions=["geolocation"],
                                  geolocation={"latitude": TRAIL[0][0], "longitude": TRAIL[0][1], "accuracy": 10})
    page = context.new_page()
    page.outside = []  # type: ignore[attr-defined]
    page.on("request", lambda r: None if r.url.startswith(live_server.url) else page.outside.append(r.url))
    yield page
    context.close()


def walk_to(page, point: tuple[float, float]) -> None:
    page.context.set_geolocation({"latitude": point[0], "longitude": point[1], "accuracy": 8})
    page.wait_for_function("([lat, lon]) => document.getElementById('gps-status').textContent"
                           ".includes(lat.toFixed(5) + ', ' + lon.toFixed(5))", arg=list(point))


def route_points(live_server: LiveServer) -> int:
    with sqlite3.connect(live_server.app.config["DATABASE"]) as db:
        return db.execute("SELECT COUNT(*) FROM patrol_points").fetchone()[0]


def log_interception(page, *, persons: list[tuple[str, str, str, str]], goods: list[tuple[str, str, str, str, str]],
                     action: str, photo: Path, cccd_qr: Path | None = None, shot: Path | None = None) -> None:
    """Fills the form as an officer would; with cccd_qr, the first person comes from a photo of the card's QR."""
    page.click("#log-interception")
    page.wait_for_function("() => document.querySelector('input[name=lat]').value !== ''")
    page.check(f"input[name=action][value={action}]")
    first_row = 0
    if cccd_qr is not None:
        page.set_input_files("input[data-scan-person='0']", str(cccd_qr))
        page.wait_for_selector("#scan-status-0:has-text('15/06/1995')")
        first_row = 1
    for i, (name, id_type, number, nationality) in enumerate(persons, start=first_row):
        page.fill(f"input[name=person-{i}-name]", name)
        page.select_option(f"select[name=person-{i}-id_type]", id_type)
        page.fill(f"input[name=person-{i}-id_number]", number)
        page.fill(f"input[name=person-{i}-nationality]", nationality)
    for i, (description, kind, quantity, unit, value) in enumerate(goods):
        page.fill(f"input[name=goods-{i}-description]", description)
        page.select_option(f"select[name=goods-{i}-kind]", kind)
        page.fill(f"input[name=goods-{i}-quantity]", quantity)
        page.fill(f"input[name=goods-{i}-unit]", unit)
        page.fill(f"input[name=goods-{i}-value_vnd]", value)
    page.check("input[name=violation][value='1']")
    page.set_input_files("input[name=photos]", str(photo))
    if shot is not None:
        assert page.evaluate(SMALL_TARGETS) == []
        page.screenshot(path=str(shot), full_page=True)
    with page.expect_navigation():  # sent through the outbox (static/outbox.js), which then goes to the answer
        page.click("#save-interception")
    page.wait_for_selector("#goods")


def hand_over(page, to_stage: str, handed: dict[str, str], photo: Path, received: dict[str, str] | None = None
              ) -> None:
    """From the interception page: offered to the post's leader, who confirms each tag on the patrol's tablet with
    their own password, counting `received` where it differs."""
    interception_url = page.url
    page.click("#handover-link")
    page.check(f"#offer-form input[name=to_stage][value={to_stage}]")
    page.select_option("#offer-form select[name=receiver]", "super1")
    page.fill("#offer-form input[name=place]", "Đồn Biên phòng Hữu Nghị")
    for tag, quantity in handed.items():
        page.fill(f"#offer-form input[name=handed-{tag}]", quantity)
    page.click("#offer-handover")
    page.wait_for_selector(".flash.info")
    for tag, quantity in handed.items():
        page.click(f"tr:has(code:text('{tag}')) a.button")
        page.fill("input[name=received]", (received or {}).get(tag, quantity))
        page.fill("input[name=seal]", "BP-0042")
        page.set_input_files("input[name=photo]", str(photo))
        page.fill("input[name=password]", PASSWORD)
        page.click("#confirm-handover")
        page.wait_for_selector(".flash.info")
    page.goto(interception_url)


def test_a_patrol_tracks_intercepts_hands_over_and_prints_in_chromium(gps_page, live_server, shots: Path,
                                                                       tmp_path: Path):
    page = gps_page
    # The trail is walked in seconds here: at that pace every step would be flagged as out of reach.
    live_server.app.config["TRACK_MAX_SPEED_KMH"] = 1_000_000
    sign_in(page, "patrol1")
    page.click("#nav-patrols")
    page.fill("textarea[name=team]", "Nguyễn Văn Hùng\nLò Văn Tú")
    page.fill("input[name=note]", "Đường mòn mốc 1119–1120")
    page.screenshot(path=str(shots / "00-patrols.png"), full_page=True)
    with page.expect_navigation():
        page.click("#start-patrol button")
    walk_to(page, TRAIL[0])
    page.wait_for_function(QUEUE_EMPTY)
    walk_to(page, TRAIL[1])

    # The tablet's server stops answering: positions wait in the page, then go when it is back.
    page.route("**/api/v1/patrols/*/track", lambda route: route.abort())
    walk_to(page, TRAIL[2])
    walk_to(page, TRAIL[3])
    page.wait_for_function("() => Number(document.getElementById('track-queue').dataset.count) >= 2")
    page.screenshot(path=str(shots / "01-positions-waiting.png"), full_page=True)
    page.unroute("**/api/v1/patrols/*/track")
    page.wait_for_function(QUEUE_EMPTY, timeout=15000)
    assert route_points(live_server) == 4
    assert page.locator("#route-count").get_attribute("data-count") == "4"  # counted live, no reload
    # Hours on the trail outlive the CSRF token: the page fetches a fresh one and sends on.
    page.evaluate("() => { document.querySelector('meta[name=csrf-token]').content = 'expired'; }")
    walk_to(page, TRAIL[4])
    page.wait_for_function(QUEUE_EMPTY, timeout=15000)
    assert route_points(live_server) == 5

    milk = tmp_path / "sua.png"
    milk.write_bytes(images.png(images.barcode("8934588012228", "EAN13")))
    card = tmp_path / "cccd.png"
    card.write_bytes(images.png(images.barcode(CCCD_QR, "QRCode", scale=6)))
    log_interception(page, action="seized", photo=milk, cccd_qr=card, shot=shots / "02a-interception-form.png",
                     persons=[("Lý Thị B", "cccd", "020301004567", "VNM")],
                     goods=[("Sữa bột trẻ em Aptamil 800 g", "infant_formula", "24", "hộp", "14.400.000"),
                            ("Thuốc lá điếu Jet", "cigarettes", "50", "cây", "7500000")])
    assert page.locator("#persons code", has_text="020301004567").count() == 1
    assert page.locator("#persons td", has_text="Hoàng Văn A").count() == 1
    assert page.locator("#persons code", has_text="020095001234").count() == 1
    assert page.locator("img[alt='sua.png']").count() == 1
    first_url = page.url
    tags = page.locator("#goods code").all_inner_texts()
    assert len(tags) == 2 and all(re.fullmatch(r"EV-[0-9A-F]{10}", t) for t in tags)
    page.screenshot(path=str(shots / "02-interception.png"), full_page=True)

    page.click("dl.facts dd a")  # back to the patrol
    walk_to(page, (21.9560, 106.6762))
    carton = tmp_path / "thung.png"
    carton.write_bytes(images.png(images.document(["THÙNG SỮA KHÔNG NHÃN", "6,5 kg"])))
    log_interception(page, action="abandoned", photo=carton,
                     persons=[("WANG LEI", "passport", "E12345678", "CHN")],
                     goods=[("Sữa bột không nhãn", "milk", "6,5", "kg", "")])
    assert "1088/2" in page.locator("dl.facts").inner_text()

    page.goto(first_url)
    held = dict(zip(tags, page.locator("#goods td:nth-child(3)").all_inner_texts(), strict=True))
    held = {tag: text.split()[0] for tag, text in held.items()}
    hand_over(page, "station", held, carton)
    assert page.locator("#custody-flag").count() == 0
    hand_over(page, "warehouse", held, carton, {tags[1]: "47"})
    assert page.locator("#custody-flag").is_visible()
    assert page.locator("#goods tr.flagged").count() == 1
    page.screenshot(path=str(shots / "03-custody-flagged.png"), full_page=True)
    assert page.evaluate(SMALL_TARGETS) == []

    page.click(f"a.tag-link:has-text('{tags[1]}')")
    assert page.locator("#custody tbody tr").count() == 3
    assert page.locator("svg.qr").count() == 1
    page.screenshot(path=str(shots / "04-evidence-chain.png"), full_page=True)
    page.goto(first_url)
    page.click("#print-tags")
    assert page.locator("article.label svg.qr").count() == 2 and page.locator("#print-now").is_visible()
    page.screenshot(path=str(shots / "05-tags.png"), full_page=True)

    page.goto(first_url)
    page.click("#open-record")
    assert page.input_value("input[name=violator_name]") == "Hoàng Văn A"
    assert page.input_value("input[name=violator_birth]") == "15/06/1995"
    assert page.input_value("input[name=violator_address]") == "Xã Đồng Đăng, Cao Lộc, Lạng Sơn"
    assert page.input_value("input[name=violator_id_issue]") == "10/05/2021"
    page.fill("textarea[name=statement]", "Tôi chở thuê, không biết chủ hàng.")
    assert page.evaluate(SMALL_TARGETS) == []
    page.screenshot(path=str(shots / "06-record-form.png"), full_page=True)
    with page.expect_navigation():
        page.click("#save-record")
    pdf = page.request.get(page.locator("#record-pdf").get_attribute("href"))
    assert pdf.ok and pdf.headers["content-type"] == "application/pdf" and pdf.body().startswith(b"%PDF")
    (shots / "07-record.pdf").write_bytes(pdf.body())

    page.click("#nav-patrols")
    page.click("table.list a >> nth=0")
    assert page.locator("#route-count").get_attribute("data-count") == "6"  # the trail and the second stop
    assert page.locator("circle.map-interception").count() == 1 and page.locator("circle.map-flagged").count() == 1
    page.screenshot(path=str(shots / "08-patrol-map.png"), full_page=True)
    with page.expect_navigation():
        page.click("#end-patrol")
    assert page.locator("#tracker").count() == 0
    page.goto("/patrols/map")
    assert page.locator("figure.map polyline").count() == 1
    page.screenshot(path=str(shots / "09-day-map.png"), full_page=True)
    assert page.outside == []  # type: ignore[attr-defined]

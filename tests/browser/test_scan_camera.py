"""Live scanning in real chromium: a fake camera fed a photo of an EAN-13 label (Debian's chromium has no
BarcodeDetector on Linux, so the page decodes with the local zxing-wasm build), a still photo through the same
decoder, and the plain message when the reader is not installed. Screenshots in test-output/admin/."""
from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import cv2
import numpy as np
import pytest

from checkpoint.web import scan
from tests.browser.conftest import CHROMIUM, CHROMIUM_ARGS, LiveServer
from tests.conftest import CORPUS, PASSWORD

pytestmark = pytest.mark.browser
SHOTS = Path(__file__).resolve().parents[2] / "test-output" / "admin"
LABEL = CORPUS / "barcodes" / "ean13" / "zxing_ean13-1_12.png"  # 5201815331227, per the corpus manifest
QR = CORPUS / "barcodes" / "qrcode" / "zxing_qrcode-1_13.png"  # http://google.com/gwt/n?u=bluenile.com


def y4m(image: Path, target: Path, frames: int = 10) -> Path:
    """The photo as the raw video chromium's fake camera plays in a loop (YUV 4:2:0)."""
    pixels = cv2.imread(str(image))
    height, width = (pixels.shape[0] // 2) * 2, (pixels.shape[1] // 2) * 2
    planes = cv2.cvtColor(np.ascontiguousarray(pixels[:height, :width]), cv2.COLOR_BGR2YUV_I420).tobytes()
    with target.open("wb") as out:
        out.write(f"YUV4MPEG2 W{width} H{height} F10:1 Ip A1:1 C420jpeg\n".encode())
        for _ in range(frames):
            out.write(b"FRAME\n" + planes)
    return target


@pytest.fixture
def camera_browser(browser: Any, tmp_path: Path) -> Iterator[Any]:
    """A second chromium whose camera films the label (the flags are per browser, not per page)."""
    video = y4m(LABEL, tmp_path / "label.y4m")
    launched = browser.browser_type.launch(executable_path=CHROMIUM, headless=True, args=[
        *CHROMIUM_ARGS, "--use-fake-device-for-media-stream", "--use-fake-ui-for-media-stream",
        f"--use-file-for-fake-video-capture={video}"])
    yield launched
    launched.close()


def signed_in(context: Any) -> Any:
    page = context.new_page()
    page.goto("/login")
    page.fill("input[name=username]", "officer1")
    page.fill("input[name=password]", PASSWORD)
    page.click("button.primary")
    page.wait_for_load_state()
    return page


@pytest.fixture
def officer_page(camera_browser: Any, live_server: LiveServer) -> Iterator[Any]:
    context = camera_browser.new_context(viewport={"width": 800, "height": 1280}, has_touch=True,
                                         base_url=live_server.url, locale="vi-VN", permissions=["camera"])
    yield signed_in(context)
    context.close()


def reader_installed(live_app: Any) -> bool:
    with live_app.app_context():
        return scan.decoder_ready()


def test_labels_filmed_by_the_camera_are_read_once_and_listed(officer_page, live_app):
    if not reader_installed(live_app):
        pytest.skip("the zxing-wasm reader is not installed (scripts/npm-assets puts it in static/vendor/zxing)")
    page = officer_page
    page.tap("#nav-scan")
    page.wait_for_selector("#scan[data-decoder='zxing-wasm']")
    page.tap("#scan-start")
    item = page.wait_for_selector("#scan-list li:has-text('5201815331227')", timeout=20_000)
    assert "Mã sản phẩm (GTIN)" in item.inner_text() and "hợp lệ" in item.inner_text()
    page.wait_for_timeout(1500)  # the label stays in view: it is not listed again
    assert page.locator("#scan-list li").count() == 1 and page.inner_text("#scan-count") == "1"
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / "11-scan-camera-vi.png"), full_page=True)

    page.tap("#scan-stop")
    page.set_input_files("#scan-file", str(QR))  # a still photo goes through the same decoder
    page.wait_for_selector("#scan-list li:has-text('bluenile.com')", timeout=20_000)
    assert page.inner_text("#scan-count") == "2"
    assert "Địa chỉ web" in page.inner_text("#scan-list li:first-child") or \
        "google.com" in page.inner_text("#scan-list li:first-child")
    page.screenshot(path=str(SHOTS / "12-scan-photo-vi.png"), full_page=True)
    with page.expect_navigation():
        page.click("form.lang button")
    page.wait_for_selector("#scan[data-decoder]")
    assert page.inner_text("#scan-count") == "2"  # the list outlives the reload, now in English words
    assert "Product code (GTIN)" in page.inner_text("#scan-list") and "Mã" not in page.inner_text("#scan-list")
    page.screenshot(path=str(SHOTS / "13-scan-en.png"), full_page=True)
    page.tap("#scan-clear")
    assert page.inner_text("#scan-count") == "0" and page.locator("#scan-list li").count() == 0


def test_without_the_reader_the_page_says_so_plainly(camera_browser, live_server):
    # Service workers blocked: the requests they make pass by page.route.
    context = camera_browser.new_context(viewport={"width": 800, "height": 1280}, has_touch=True,
                                         base_url=live_server.url, locale="vi-VN", service_workers="block")
    context.route("**/static/vendor/zxing/**", lambda route: route.abort())
    page = signed_in(context)
    page.goto("/scan")
    page.wait_for_selector("#decoder-missing", state="visible")
    assert "Máy này chưa cài bộ đọc mã vạch" in page.inner_text("#decoder-missing")
    assert not page.is_visible("#scan-start") and not page.is_visible("#scan-clear")
    page.screenshot(path=str(SHOTS / "14-scan-no-reader-vi.png"), full_page=True)
    context.close()

"""Uploads meant to stop the tablet: memory and size are bounded before anything is decoded (issue #14)."""
from __future__ import annotations

import gc
import io
import struct
import threading
import time
import zlib

import pytest
from PIL import Image

from checkpoint import capture, ledger
from checkpoint.inspections import DuplicatePhoto
from checkpoint.jobs import Jobs
from tests import images
from tests.patrols.conftest import CARRIER, MILK
from tests.test_inspection_flow import event_count, reader_busy, start_inspection, upload


def flat_png(width: int, height: int) -> bytes:
    """A PNG of one grey level, written by hand: 49 megapixels fit in ~50 kB, as in the attack."""
    row = b"\x00" + b"\x80" * width
    compressor = zlib.compressobj(9)
    body = b"".join(compressor.compress(row) for _ in range(height)) + compressor.flush()

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0))
            + chunk(b"IDAT", body) + chunk(b"IEND", b""))


def test_an_upload_of_more_photos_than_the_setting_is_refused_before_any_is_read(auth, db):
    auth.login()
    inspection_id = start_inspection(auth)
    before = event_count(db)
    label = images.png(images.barcode("8934588012228", "EAN13"))
    response = upload(auth, inspection_id, [(label, f"p{i}.png") for i in range(30)])
    assert response.status_code == 413
    assert "Quá nhiều ảnh trong một lần gửi: 30, giới hạn là 12." in response.get_data(as_text=True)
    assert event_count(db) == before


def test_photos_decoding_past_the_upload_budget_are_refused_unread(auth, db):
    """Five 49-MP PNGs of 55 kB each would decode to 735 MB: refused from their headers, nothing held."""
    auth.login()
    inspection_id = start_inspection(auth)
    before = event_count(db)
    bomb = flat_png(7000, 7000)
    assert len(bomb) < 100_000
    started = time.monotonic()
    response = upload(auth, inspection_id, [(bomb + bytes([i]), f"b{i}.png") for i in range(5)])
    assert time.monotonic() - started < 5
    assert response.status_code == 413
    assert ("b4.png: các ảnh của lần gửi này chiếm 245 MP khi giải mã, giới hạn là 200 MP."
            in response.get_data(as_text=True))
    assert event_count(db) == before
    assert capture.budget.held == 0


def test_the_process_budget_refuses_a_decode_while_others_hold_the_memory_and_frees_it_with_the_picture():
    header = capture.check("a.png", flat_png(1000, 1000), max_bytes=10**7, max_pixels=10**8)
    saved = capture.budget.limit
    capture.budget.limit = 1_500_000
    try:
        held = capture.decode(header)
        assert capture.budget.held == 1_000_000
        with pytest.raises(capture.Busy):
            capture.decode(header)
        del held
        gc.collect()
        assert capture.budget.held == 0
        assert capture.decode(header).width == 1000
    finally:
        capture.budget.limit = saved
        gc.collect()


def test_the_reading_queue_is_bounded():
    jobs = Jobs(max_queued=1)
    release = threading.Event()
    jobs.submit("officer1", lambda: release.wait(10) and None)
    with pytest.raises(capture.Busy):
        jobs.submit("officer1", lambda: None)
    release.set()


def test_a_side_over_65535_pixels_is_a_clear_413_not_a_500(auth, db):
    auth.login()
    inspection_id = start_inspection(auth)
    response = upload(auth, inspection_id, [(flat_png(70_000, 2), "strip.png")])
    assert response.status_code == 413
    assert "strip.png quá lớn: 70000 px, giới hạn là 65535 px." in response.get_data(as_text=True)


def test_a_phones_multi_picture_jpeg_is_read_from_its_first_picture():
    first = Image.fromarray(images.barcode("8934588012228", "EAN13")).convert("RGB")
    second = Image.new("RGB", (50, 50), "red")
    out = io.BytesIO()
    first.save(out, format="MPO", save_all=True, append_images=[second])
    assert Image.open(io.BytesIO(out.getvalue())).format == "MPO"
    photo = capture.load("phone.jpg", out.getvalue(), max_bytes=10**7, max_pixels=10**8)
    assert (photo.media_type, photo.width, photo.height) == ("image/jpeg", first.width, first.height)


def test_the_same_photo_twice_is_a_clear_409_and_is_kept_once(auth, db):
    auth.login()
    inspection_id = start_inspection(auth)
    label = images.png(images.barcode("8934588012228", "EAN13"))
    assert upload(auth, inspection_id, [(label, "label.png")], kind="goods").status_code == 302
    again = upload(auth, inspection_id, [(label, "label.png")], kind="goods")
    assert again.status_code == 409
    assert "label.png đã có trong ảnh của lần kiểm tra này." in again.get_data(as_text=True)
    assert db.execute("SELECT COUNT(*) FROM photos WHERE inspection = ?", [inspection_id]).fetchone()[0] == 1


def test_one_photo_stored_by_many_writers_at_once_is_stored_whole(tmp_path):
    photo = capture.load("p.png", images.png(images.barcode("8934588012228", "EAN13")), max_bytes=10**7,
                         max_pixels=10**8)
    errors: list[BaseException] = []

    def store() -> None:
        try:
            for _ in range(20):
                capture.store(tmp_path, photo)
                capture.evidence_path(tmp_path, photo.sha256).unlink(missing_ok=True)
        except BaseException as exc:  # noqa: BLE001  collected for the assertion below
            errors.append(exc)

    writers = [threading.Thread(target=store) for _ in range(6)]
    for writer in writers:
        writer.start()
    for writer in writers:
        writer.join(30)
    assert errors == []
    assert capture.store(tmp_path, photo).read_bytes() == photo.data


def test_a_saved_duplicate_found_at_save_time_is_refused(app, auth, db):
    """The check repeated under the save lock: two uploads of one photo that both passed the first check."""
    from checkpoint.web.inspections import read_and_log

    auth.login()
    inspection_id = start_inspection(auth)
    header = capture.check("label.png", images.png(images.barcode("8934588012228", "EAN13")), max_bytes=10**7,
                           max_pixels=10**8)
    read_and_log(app, inspection_id, [header], "goods", "officer1", wait=0)
    with pytest.raises(DuplicatePhoto):
        read_and_log(app, inspection_id, [header], "goods", "officer1", wait=0)


def test_a_scan_while_another_reads_is_told_to_retry_and_the_health_check_answers(app, client, auth):
    auth.login()
    label = images.png(images.barcode("8934588012228", "EAN13"))
    with reader_busy(app):
        response = client.post("/api/v1/scan", data={"images": [(io.BytesIO(label), "l.png")]},
                               headers={"X-CSRFToken": auth.token()}, content_type="multipart/form-data")
        assert response.status_code == 503 and response.headers["Retry-After"] == "60"
        assert response.get_json()["error"] == "Máy đang bận đọc ảnh khác. Hãy thử lại sau một phút."
        assert client.get("/healthz").get_json() == {"ok": True}
    response = client.post("/api/v1/scan", data={"images": [(io.BytesIO(label), "l.png")]},
                           headers={"X-CSRFToken": auth.token()}, content_type="multipart/form-data")
    assert response.status_code == 200
    assert response.get_json()[0]["codes"][0]["text"] == "8934588012228"


def test_an_interception_with_too_many_goods_lines_is_refused(client, auth, db):
    from tests.patrols.conftest import Api

    api = Api(client, auth)
    api.login()
    patrol_id = api.start_patrol()
    before = event_count(db)
    response = api.post(f"/api/v1/patrols/{patrol_id}/interceptions", {
        "action": "seized", "violation": 1, "persons": [CARRIER], "goods": [MILK] * 201})
    assert response.status_code == 413
    assert response.get_json()["error"] == "goods: 201 lines, the limit is 200."
    assert event_count(db) == before


def test_no_log_event_may_outgrow_the_setting(db):
    with pytest.raises(ledger.EventTooLarge) as refused:
        ledger.record(db, "patrol.note", {"text": "x" * (2 * 1024 * 1024)}, author="patrol1")
    assert str(refused.value) == ("This record is too large to keep: 2048 kB, the limit is 1024 kB. Split it"
                                  " into smaller records.")
    assert db.execute("SELECT COUNT(*) FROM events WHERE type = 'patrol.note'").fetchone()[0] == 0


def test_a_record_number_with_d_stroke_downloads_under_a_header_http_can_carry(client, auth):
    from tests.patrols.conftest import Api

    api = Api(client, auth)
    api.login()
    interception = api.intercept(api.start_patrol())
    made = api.post(f"/api/v1/patrols/interceptions/{interception['uuid']}/record",
                    {"fields": {"number": "Đ01/BB-VPHC"}})
    assert made.status_code == 201
    pdf = api.get(f"/api/v1/patrols/interceptions/{interception['uuid']}/record.pdf")
    assert pdf.status_code == 200
    header = pdf.headers["Content-Disposition"]
    header.encode("latin-1")  # what waitress writes; an Đ here was its 500
    assert header == ("inline; filename=\"bien-ban-D01-BB-VPHC.pdf\"; filename*=UTF-8''bien-ban-%C4%9001-BB-VPHC.pdf")

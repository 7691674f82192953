"""The walking skeleton end to end through the pages: sign in → inspect → photos → verdict → list → CSV."""
from __future__ import annotations

import csv
import hashlib
import io
import struct
import threading
import time
import zlib
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from flask import Flask

from checkpoint import ledger
from checkpoint.web import jobs_of
from checkpoint.web.formatting import crop_photo
from tests import images


def start_inspection(auth, **fields) -> str:
    data = {"direction": "import", "plates": "12C-123.45\n桂F88888", "lane": "3",
            "container": "CSQU3054383", "declared_goods": "Sữa bột trẻ em 900g", **fields}
    response = auth.post("/inspections/new", data)
    assert response.status_code == 302, response.get_data(as_text=True)
    return response.headers["Location"].rsplit("/", 1)[-1]


def upload(auth, inspection_id: str, files: list[tuple[bytes, str]], kind: str = "auto"):
    return auth.post(f"/inspections/{inspection_id}/photos",
                     {"kind": kind, "photos": [(io.BytesIO(data), name) for data, name in files]},
                     content_type="multipart/form-data")


def event_count(db) -> int:
    return db.execute("SELECT COUNT(*) FROM events").fetchone()[0]


@contextmanager
def reader_busy(app: Flask) -> Iterator[None]:
    """The reader's worker kept busy by a job (another officer's upload) until the block ends."""
    jobs = jobs_of(app)
    release = threading.Event()
    job = jobs.submit("officer2", lambda: release.wait(30))
    try:
        yield
    finally:
        release.set()
        assert job.finished.wait(30)


INVOICE_LINES = ["COMMERCIAL INVOICE", "Invoice No: INV-2025-118", "Date: 05/03/2025",
                 "Seller: GUANGXI PINGXIANG TRADING CO., LTD", "Total: 12,500.00 USD"]


def test_officer_logs_an_inspection_and_supervisor_downloads_it(client, auth, db):
    assert auth.login().status_code == 302
    inspection_id = start_inspection(auth)

    label = images.png(images.barcode("8934588012228", "EAN13"))
    invoice = images.png(images.document(INVOICE_LINES))
    response = upload(auth, inspection_id, [(label, "label.png"), (invoice, "invoice.png")])
    assert response.status_code == 302

    page = client.get(f"/inspections/{inspection_id}").get_data(as_text=True)
    assert "8934588012228" in page
    assert "INV-2025-118" in page
    assert "Số hóa đơn" in page  # field names in Vietnamese by default
    assert "FOCUS_GOODS" in page  # infant formula: the campaign's focus goods

    response = auth.post(f"/inspections/{inspection_id}/verdict", {"verdict": "held", "note": "Kiểm tra thực tế"})
    assert response.status_code == 302
    today = client.get("/").get_data(as_text=True)
    assert "12C-123.45" in today and "Giữ lại kiểm tra thực tế" in today

    # Evidence is the original bytes, under their hash, served to the gate's own officers only.
    record = client.get(f"/api/v1/inspections/{inspection_id}").get_json()
    # The shapes of `checkpoint inspect` (CONTRACTS.md), read back from the log's projections.
    assert [c["text"] for c in record["codes"]] == ["8934588012228"]
    assert [d["doc_type"] for d in record["documents"]] == ["invoice"]
    assert {f["rule"] for f in record["findings"]} >= {"FOCUS_GOODS"}
    assert set(record["risk"]) == {"channel", "score", "reasons"} and record["risk"]["channel"] in ("yellow", "red")
    assert all(isinstance(r, str) for r in record["risk"]["reasons"]) and record["risk"]["reasons"]
    shas = {p["filename"]: p["sha256"] for p in record["photos"]}
    assert client.get(f"/inspections/{inspection_id}/photos/{shas['label.png']}").data == label

    auth.logout()
    auth.login("super1")
    response = client.get("/reports/export.csv")
    assert response.status_code == 200
    body = response.data
    assert body.startswith("\ufeff".encode())
    rows = list(csv.reader(io.StringIO(body.decode("utf-8-sig"))))
    start = rows.index(["D. Nhật ký / Daily log"]) + 1
    log = rows[start:rows.index([], start)]
    assert len(log) == 2
    row = dict(zip(log[0], log[1]))
    assert row["Mã / ID"] == inspection_id
    assert row["Kết luận / Verdict"] == "giữ lại kiểm tra thực tế"
    assert row["Mã vạch / Barcodes"] == "8934588012228"
    assert row["Chứng từ / Documents"] == "invoice"
    assert row["Cán bộ / Officer"] == "officer1"
    assert "FOCUS_GOODS" in row["Cảnh báo / Findings"]
    assert [e.type for e in ledger.events(db, inspection_id)] == [
        "inspection.started", "inspection.photo_added", "inspection.photo_added", "inspection.checked",
        "inspection.verdict"]


def test_a_closed_inspection_takes_no_more_photos_or_verdicts(client, auth):
    auth.login()
    inspection_id = start_inspection(auth)
    auth.post(f"/inspections/{inspection_id}/verdict", {"verdict": "cleared", "note": "",
                                                        "no_photo_reason": "Xe rỗng, không có hàng để chụp"})
    response = auth.post(f"/inspections/{inspection_id}/verdict", {"verdict": "seized", "note": ""})
    assert response.status_code == 409
    assert "đã có kết luận" in response.get_data(as_text=True)
    assert client.get(f"/api/v1/inspections/{inspection_id}").get_json()["verdict"] == "cleared"


def huge_png_header(width: int, height: int) -> bytes:
    """A PNG whose header claims a size its data does not have: the decompression-bomb shape."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(b"\x00" * 64)) + chunk(b"IEND", b""))


@pytest.mark.parametrize(("data", "name", "status", "message"), [
    (b"\xff\xd8\xff\xe0 not really a jpeg", "broken.jpg", 422,
     "broken.jpg không phải là ảnh đọc được (JPEG, PNG, WebP, TIFF hoặc BMP)."),
    (b"%PDF-1.7\n1 0 obj", "invoice.pdf", 422,
     "invoice.pdf không phải là ảnh đọc được (JPEG, PNG, WebP, TIFF hoặc BMP)."),
    (huge_png_header(20000, 10000), "bomb.png", 413, "bomb.png quá lớn: 200 MP, giới hạn là 50 MP."),
])
def test_bad_photos_are_refused_with_a_clear_message_and_nothing_is_saved(client, auth, db, data, name,
                                                                          status, message):
    auth.login()
    inspection_id = start_inspection(auth)
    before = event_count(db)
    good = images.png(images.barcode("8934588012228", "EAN13"))
    response = upload(auth, inspection_id, [(good, "good.png"), (data, name)], kind="goods")
    assert response.status_code == status
    assert message in response.get_data(as_text=True)
    assert event_count(db) == before
    assert client.get(f"/api/v1/inspections/{inspection_id}").get_json()["photos"] == []


def test_the_page_script_learns_which_photos_were_refused(client, auth, db):
    auth.login()
    inspection_id = start_inspection(auth)
    before = event_count(db)
    good = images.png(images.barcode("8934588012228", "EAN13"))
    response = auth.post(f"/inspections/{inspection_id}/photos", headers={"Accept": "application/json"},
                         data={"kind": "goods", "photos": [(io.BytesIO(good), "image.jpg"),
                                                           (io.BytesIO(b"%PDF-1.7"), "image.jpg"),
                                                           (io.BytesIO(good), "image.jpg"),
                                                           (io.BytesIO(b"\xff\xd8\xff"), "scan.jpg")]},
                         content_type="multipart/form-data")
    body = response.get_json()
    assert response.status_code == 422 and body["ok"] is False
    # By position: a camera names every photo image.jpg.
    assert [(e["position"], e["image"]) for e in body["errors"]] == [(1, "image.jpg"), (3, "scan.jpg")]
    assert body["errors"][1]["error"] == "scan.jpg không phải là ảnh đọc được (JPEG, PNG, WebP, TIFF hoặc BMP)."
    assert body["error"] == body["errors"][0]["error"]
    assert event_count(db) == before


def test_the_service_worker_keeps_the_shell_under_a_name_that_follows_its_contents(app, client):
    static = Path(app.static_folder)
    shell = ("app.css", "app.js", "outbox.js", "outbox.css", "sw.js")
    digest = hashlib.sha256(b"".join((static / n).read_bytes() for n in shell)).hexdigest()
    body = client.get("/sw.js").get_data(as_text=True)
    assert f'"checkpoint-shell-{digest[:12]}"' in body and "SHELL_VERSION" not in body


def test_an_oversize_file_is_refused(app, client, auth, db):
    app.config["MAX_UPLOAD_MB"] = 1
    auth.login()
    inspection_id = start_inspection(auth)
    before = event_count(db)
    response = upload(auth, inspection_id, [(b"\x89PNG" + b"0" * 1_200_000, "big.png")])
    assert response.status_code == 413
    assert "big.png quá lớn: 1.2 MB, giới hạn là 1 MB." in response.get_data(as_text=True)
    assert event_count(db) == before


def test_missing_tesseract_language_data_is_named_and_nothing_is_saved(client, auth, db, no_language_data):
    auth.login()
    inspection_id = start_inspection(auth)
    before = event_count(db)
    invoice = images.png(images.document(INVOICE_LINES))
    response = upload(auth, inspection_id, [(invoice, "invoice.png")], kind="document")
    assert response.status_code == 503
    assert "Thiếu dữ liệu ngôn ngữ Tesseract: vie, eng. Hãy cài các gói Debian tesseract-ocr" \
           " tesseract-ocr-vie tesseract-ocr-eng." in response.get_data(as_text=True)
    assert event_count(db) == before


def test_a_qr_that_says_script_is_shown_not_run(client, auth):
    auth.login()
    inspection_id = start_inspection(auth)
    payload = "<script>alert(1)</script>"
    upload(auth, inspection_id, [(images.png(images.barcode(payload, "QRCode", scale=8)), "qr.png")], kind="goods")
    page = client.get(f"/inspections/{inspection_id}").get_data(as_text=True)
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert payload not in page


def test_a_supervisor_corrects_a_verdict_with_a_reason_and_the_first_stays_in_the_log(client, auth, db):
    auth.login()
    inspection_id = start_inspection(auth)
    auth.post(f"/inspections/{inspection_id}/verdict", {"verdict": "seized", "note": "", "subtype": "smuggling",
                                                        "focus_group": "milk", "goods_value_vnd": "5.000.000",
                                                        "no_photo_reason": "Hàng đã chuyển kho, chụp ở kho"})
    assert db.execute("SELECT COUNT(*) FROM cases WHERE inspection = ?", [inspection_id]).fetchone()[0] == 1
    page = client.get(f"/inspections/{inspection_id}").data.decode()
    assert f'action="/inspections/{inspection_id}/correction"' not in page
    assert auth.post(f"/inspections/{inspection_id}/correction",
                     {"verdict": "cleared", "reason": "nhầm xe"}).status_code == 403
    auth.logout()
    auth.login("super1")
    page = client.get(f"/inspections/{inspection_id}").get_data(as_text=True)
    assert f'action="/inspections/{inspection_id}/correction"' in page
    response = auth.post(f"/inspections/{inspection_id}/correction", {"verdict": "cleared", "note": "", "reason": " "})
    assert response.status_code == 422
    response = auth.post(f"/inspections/{inspection_id}/correction",
                         {"verdict": "cleared", "note": "", "reason": "Nhầm xe: hàng của xe khác"})
    assert response.status_code == 302
    record = client.get(f"/api/v1/inspections/{inspection_id}").get_json()
    assert record["verdict"] == "cleared"
    assert [c["reason"] for c in record["corrections"]] == ["Nhầm xe: hàng của xe khác"]
    assert db.execute("SELECT COUNT(*) FROM cases WHERE inspection = ?", [inspection_id]).fetchone()[0] == 0
    types = [e.type for e in ledger.events(db, inspection_id)]
    assert types[-2:] == ["inspection.verdict", "event.corrected"]
    assert "Nhầm xe: hàng của xe khác" in client.get(f"/inspections/{inspection_id}").get_data(as_text=True)


def test_an_officer_corrects_an_ocr_field_and_the_ocr_value_is_kept(client, auth, db):
    auth.login()
    inspection_id = start_inspection(auth)
    upload(auth, inspection_id, [(images.png(images.document(INVOICE_LINES)), "invoice.png")], kind="document")
    photo = client.get(f"/api/v1/inspections/{inspection_id}").get_json()["photos"][0]
    fields = photo["document"]["fields"]
    assert fields["invoice_number"]["value"] == "INV-2025-118"

    crop = client.get(f"/inspections/{inspection_id}/photos/{photo['sha256']}/crop/invoice_number")
    assert crop.status_code == 200 and crop.data.startswith(b"\x89PNG")
    # A line of the paper's text (a screened name no field holds) is cropped by its box, and only a line's box.
    line = photo["document"]["lines"][0]
    reading = {"paper": photo["document"]["doc_type"], "field": "text", "value": line["text"], "box": line["box"]}
    assert crop_photo(reading, [photo]) == photo["sha256"]
    assert crop_photo({**reading, "box": [0, 0, 5, 5]}, [photo]) is None
    lines_crop = f"/inspections/{inspection_id}/photos/{photo['sha256']}/crop/text"
    crop = client.get(lines_crop, query_string={"box": ",".join(map(str, line["box"]))})
    assert crop.status_code == 200 and crop.data.startswith(b"\x89PNG")
    assert client.get(lines_crop, query_string={"box": "0,0,5,5"}).status_code == 404

    base = f"/inspections/{inspection_id}/photos/{photo['sha256']}/fields"
    response = auth.post(f"{base}/invoice_date", {"value": "31/02/2025"})
    assert response.status_code == 422
    assert auth.post(f"{base}/invoice_number", {"value": "INV-2025-181"}).status_code == 302
    assert auth.post(f"{base}/invoice_date", {"value": "06/03/2025"}).status_code == 302

    corrected = client.get(f"/api/v1/inspections/{inspection_id}").get_json()["documents"][0]["fields"]
    assert corrected["invoice_number"].pop("sure", True) is True  # CONTRACTS.md: `sure` may be added
    assert corrected["invoice_number"] | {"box": None} == {
        "value": "INV-2025-181", "ocr_value": "INV-2025-118", "confidence": 1.0, "corrected_by": "officer1",
        "box": None}
    assert corrected["invoice_date"]["value"] == "2025-03-06"
    assert corrected["invoice_date"]["ocr_value"] == "2025-03-05"
    events = [e for e in ledger.events(db, inspection_id) if e.type == "inspection.field_corrected"]
    assert [e.payload["ocr_value"] for e in events] == ["INV-2025-118", "2025-03-05"]
    page = client.get(f"/inspections/{inspection_id}").get_data(as_text=True)
    assert "<s>INV-2025-118</s>" in page

    # While the reader reads another upload, a correction is told to try again and nothing is recorded.
    with reader_busy(client.application):
        response = auth.post(f"{base}/invoice_number", {"value": "INV-2025-999"})
    assert response.status_code == 503 and response.headers["Retry-After"] == "60"
    assert "Hãy thử lại sau một phút" in response.get_data(as_text=True)
    assert len([e for e in ledger.events(db, inspection_id) if e.type == "inspection.field_corrected"]) == 2


def wait_for(client, status_url: str) -> dict:
    for _ in range(300):
        body = client.get(status_url, headers={"Accept": "application/json"}).get_json()
        if body["state"] != "running":
            return body
        time.sleep(0.1)
    raise AssertionError("the job did not finish in 30 s")


def test_the_pages_script_gets_the_reading_as_a_job_it_can_follow(client, auth, db):
    auth.login()
    inspection_id = start_inspection(auth)
    label = images.png(images.barcode("8934588012228", "EAN13"))
    response = auth.post(f"/inspections/{inspection_id}/photos",
                         {"kind": "goods", "photos": [(io.BytesIO(label), "label.png")]},
                         content_type="multipart/form-data", headers={"Accept": "application/json"})
    assert response.status_code == 202
    assert wait_for(client, response.get_json()["status"]) == {"ok": True, "state": "done", "error": None}
    codes = client.get(f"/api/v1/inspections/{inspection_id}").get_json()["codes"]
    assert [c["text"] for c in codes] == ["8934588012228"]
    auth.logout()
    auth.login("super1")  # another account cannot follow this officer's job
    assert client.get(response.get_json()["status"]).status_code == 404


def test_a_job_that_cannot_read_says_why_and_saves_nothing(client, auth, db, no_language_data):
    auth.login()
    inspection_id = start_inspection(auth)
    before = event_count(db)
    invoice = images.png(images.document(INVOICE_LINES))
    response = auth.post(f"/inspections/{inspection_id}/photos",
                         {"kind": "document", "photos": [(io.BytesIO(invoice), "invoice.png")]},
                         content_type="multipart/form-data", headers={"Accept": "application/json"})
    body = wait_for(client, response.get_json()["status"])
    assert body["state"] == "failed" and body["error"].startswith("Thiếu dữ liệu ngôn ngữ Tesseract: vie, eng.")
    assert event_count(db) == before

"""Supervisors' exports: the daily log, read from the inspection projections."""
from __future__ import annotations

import csv
import io
import json
from datetime import datetime
from zoneinfo import ZoneInfo

import sqlite_utils

from . import inspections

DAILY_LOG_COLUMNS = (
    ("uuid", "Mã kiểm tra / Inspection ID"),
    ("gate", "Cửa khẩu / Gate"),
    ("lane", "Làn / Lane"),
    ("direction", "Chiều / Direction"),
    ("plates", "Biển số / Plates"),
    ("container", "Số container / Container"),
    ("declared_goods", "Hàng khai báo / Declared goods"),
    ("officer", "Cán bộ / Officer"),
    ("started", "Bắt đầu / Started"),
    ("closed", "Kết thúc / Closed"),
    ("photos", "Số ảnh / Photos"),
    ("codes", "Mã vạch / Barcodes"),
    ("documents", "Chứng từ / Documents"),
    ("verdict", "Kết luận / Verdict"),
    ("verdict_note", "Ghi chú / Note"),
)


def daily_log_rows(db: sqlite_utils.Database, gates: list[str] | None, day: str, tz: str) -> list[dict[str, str]]:
    rows = []
    for record in reversed(inspections.for_day(db, gates, day)):
        photos = db.execute("SELECT codes, document FROM photos WHERE inspection = ?", [record["uuid"]]).fetchall()
        codes = [c["text"] for p in photos for c in json.loads(p[0])]
        documents = [json.loads(p[1])["doc_type"] for p in photos if p[1]]
        rows.append({
            **{k: record[k] or "" for k in ("uuid", "gate", "lane", "direction", "container",
                                             "declared_goods", "officer", "verdict", "verdict_note")},
            "plates": " ".join(record["plates"]),
            "started": _local(record["started_utc"], tz),
            "closed": _local(record["closed_utc"], tz),
            "photos": str(len(photos)),
            "codes": " ".join(codes),
            "documents": " ".join(documents),
        })
    return rows


def daily_log_csv(rows: list[dict[str, str]]) -> bytes:
    """UTF-8 with a BOM, so Excel shows Vietnamese correctly."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow([title for _, title in DAILY_LOG_COLUMNS])
    for row in rows:
        writer.writerow([_cell(row[key]) for key, _ in DAILY_LOG_COLUMNS])
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def _cell(value: str) -> str:
    # A cell that starts like a formula would run in a spreadsheet: OCR and barcode text are untrusted.
    return "'" + value if value[:1] in ("=", "+", "-", "@", "\t", "\r") else value


def _local(utc: str | None, tz: str) -> str:
    if not utc:
        return ""
    return datetime.fromisoformat(utc).astimezone(ZoneInfo(tz)).strftime("%d/%m/%Y %H:%M")

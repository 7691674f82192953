"""The command line of CONTRACTS.md: JSON on stdout, exit codes 0/1/2, one-line messages, no tracebacks."""
from __future__ import annotations

import io
import json
import sqlite3

import pytest
from openpyxl import load_workbook

from checkpoint import inspections
from checkpoint.store.db import connect
from tests import images
from tests.conftest import run


def test_init_is_idempotent_and_prints_the_admin_password_once(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    new = tmp_path / "new.db"
    code, _, err = run(capsys, "init", "--db", str(new))
    assert code == 0 and "one-time password" in err
    code, _, err = run(capsys, "init", "--db", str(new))
    assert code == 0 and "one-time password" not in err


def test_user_add_reads_the_password_from_stdin(cli_db, capsys, monkeypatch):
    monkeypatch.setattr("sys.stdin", io.StringIO("a good long password\n"))
    code, out, _ = run(capsys, "user", "add", "lan", "--role", "officer", "--gate", "TAN_THANH",
                       "--password-stdin", "--db", str(cli_db), "--json")
    assert code == 0
    assert json.loads(out) == {"username": "lan", "role": "officer", "gate": "TAN_THANH"}
    monkeypatch.setattr("sys.stdin", io.StringIO("short\n"))
    code, out, err = run(capsys, "user", "add", "minh", "--role", "officer", "--gate", "TAN_THANH",
                         "--password-stdin", "--db", str(cli_db))
    assert code == 2
    assert err.strip() == "checkpoint: mật khẩu: phải có ít nhất 10 ký tự"


def test_scan_lists_every_image_and_exits_2_when_one_is_unreadable(cli_db, capsys, tmp_path):
    label = tmp_path / "label.png"
    label.write_bytes(images.png(images.barcode("8934588012228", "EAN13")))
    broken = tmp_path / "broken.jpg"
    broken.write_bytes(b"not an image")
    code, out, _ = run(capsys, "scan", str(label), str(broken), "--db", str(cli_db), "--json", "--lang", "en")
    assert code == 2
    results = json.loads(out)
    assert [r["image"] for r in results] == [str(label), str(broken)]
    assert [c["text"] for c in results[0]["codes"]] == ["8934588012228"]
    assert results[0]["codes"][0]["format"] == "EAN13"
    assert results[0]["error"] is None
    assert results[1] == {"image": str(broken), "codes": [],
                          "error": "broken.jpg is not a photo that can be read (JPEG, PNG, WebP, TIFF or BMP)."}


def test_inspect_saves_and_export_writes_the_daily_log(cli_db, capsys, tmp_path):
    label = tmp_path / "label.png"
    label.write_bytes(images.png(images.barcode("8934588012228", "EAN13")))
    code, out, _ = run(capsys, "inspect", str(label), "--db", str(cli_db), "--json", "--save", "--gate", "CHI_MA",
                       "--plate", "12C-123.45", "--date", "2026-03-05", "--officer", "lan")
    assert code == 0
    result = json.loads(out)
    assert set(result) >= {"documents", "codes", "findings", "risk", "watchlist_version", "seconds", "inspection"}
    assert [c["text"] for c in result["codes"]] == ["8934588012228"]
    assert result["risk"]["channel"] in ("green", "yellow", "red")

    # The VNACCS channel and the physical check, entered on the page, stand beside the proposed level in the log.
    db = connect(str(cli_db))
    inspections.set_vnaccs_channel(db, result["inspection"], "yellow", author="lan")
    inspections.record_physical_check(db, result["inspection"], "differs", "48 thùng, khai 40", author="lan")
    db.conn.close()

    report = tmp_path / "day.xlsx"
    code, _, _ = run(capsys, "export", "--from", "2026-03-05", "--format", "xlsx", "--out", str(report),
                     "--db", str(cli_db))
    assert code == 0
    sheet = load_workbook(report)["D. Nhật ký"]
    rows = [dict(zip([c.value for c in sheet[1]], values)) for values in sheet.iter_rows(min_row=2, values_only=True)]
    assert [r["Mã / ID"] for r in rows] == [result["inspection"]]
    assert rows[0]["Cửa khẩu / Gate"] == "CHI_MA" and rows[0]["Cán bộ / Officer"] == "lan"
    channel_words = {"green": "Luồng xanh", "yellow": "Luồng vàng", "red": "Luồng đỏ"}
    assert rows[0]["Mức rủi ro đề xuất / Proposed risk level"] == channel_words[result["risk"]["channel"]]
    assert (rows[0]["Luồng VNACCS / VNACCS channel"], rows[0]["Kiểm tra thực tế / Physical check"]) == (
        "Luồng vàng", "Không phù hợp khai báo")


def test_inspect_without_save_logs_nothing(cli_db, capsys, tmp_path):
    label = tmp_path / "label.png"
    label.write_bytes(images.png(images.barcode("8934588012228", "EAN13")))
    assert run(capsys, "inspect", str(label), "--db", str(cli_db), "--json")[0] == 0
    count = sqlite3.connect(cli_db).execute("SELECT COUNT(*) FROM events WHERE type LIKE 'inspection.%'").fetchone()
    assert count == (0,)


def test_inspect_without_save_draws_the_same_for_the_same_photos(cli_db, capsys, tmp_path, monkeypatch):
    """Unseeded before: the same photos were sent to yellow on one run and not on the next."""
    monkeypatch.setenv("CHECKPOINT_RISK_RANDOM_YELLOW", "0.5")
    for n, gtin in enumerate(("8936036020021", "4901234567894", "8801234567893", "8851234567898")):
        label = tmp_path / f"label{n}.png"
        label.write_bytes(images.png(images.barcode(gtin, "EAN13")))
        runs = [json.loads(run(capsys, "inspect", str(label), "--db", str(cli_db), "--json")[1])["risk"]
                for _ in range(3)]
        assert runs[1:] == runs[:2], gtin


@pytest.mark.parametrize(("argv", "message"), [
    (["inspect", "missing.jpg"], "checkpoint: missing.jpg không phải là ảnh đọc được (JPEG, PNG, WebP, TIFF hoặc BMP)."),
    (["inspect", "x.jpg", "--save"], "checkpoint: --gate: bắt buộc khi dùng --save"),
    (["inspect", "x.jpg", "--date", "05/03/2026"], "checkpoint: ngày: cần dạng YYYY-MM-DD"),
    (["export", "--from", "yesterday", "--format", "csv", "--out", "x.csv"], "checkpoint: ngày: cần dạng YYYY-MM-DD"),
    (["export", "--from", "2026-03-01", "--format", "csv", "--out", "/nonexistent/r.csv"],
     "checkpoint: tệp kết quả: không ghi được; hãy kiểm tra thư mục có tồn tại và cho phép ghi không"),
    # argparse's own checks, said in the chosen language too
    (["export", "--format", "pdf"], "checkpoint: thiếu: --from, --out (xem checkpoint export --help)"),
    (["export", "--from", "2026-03-01", "--format", "docx", "--out", "x"],
     "checkpoint: --format: 'docx' không thuộc các giá trị 'csv', 'xlsx', 'pdf' (xem checkpoint export --help)"),
    (["serve", "--port", "80a"], "checkpoint: --port: '80a' không hợp lệ (xem checkpoint serve --help)"),
    (["scan", "x.png", "--verbose"], "checkpoint: không hiểu: --verbose (xem checkpoint --help)"),
    (["--lang", "en", "export", "--from"], "checkpoint: --from: needs a value (see checkpoint export --help)"),
])
def test_bad_input_is_one_line_in_the_chosen_language_and_exit_2(cli_db, capsys, argv, message):
    code, out, err = run(capsys, "--db", str(cli_db), *argv)
    assert code == 2
    assert err.strip().splitlines()[-1] == message
    assert "Traceback" not in err


def test_watchlist_import_reports_bad_lines_and_keeps_the_rest(cli_db, capsys, tmp_path):
    source = tmp_path / "hq.csv"
    source.write_text("\ufeffkind,name,tax_code,plate,gtin,id_number,co_reference,note\n"
                      "company,CÔNG TY TNHH AN BÌNH,,,,,,\n"
                      "spaceship,ZETA,,,,,,\n"
                      "vehicle,,,29A-1234,,,,\n", encoding="utf-8")
    code, out, _ = run(capsys, "watchlist", "import", str(source), "--list", "hq-2025-11", "--db", str(cli_db), "--json")
    assert code == 0
    result = json.loads(out)
    assert result["imported"] == 2
    assert [r["line"] for r in result["rejected"]] == [3]


def test_verify_passes_on_an_intact_log_and_fails_on_an_edited_one(cli_db, capsys, tmp_path):
    label = tmp_path / "label.png"
    label.write_bytes(images.png(images.barcode("8934588012228", "EAN13")))
    run(capsys, "inspect", str(label), "--db", str(cli_db), "--save", "--gate", "CHI_MA", "--plate", "12C-12345")
    assert run(capsys, "verify", "--db", str(cli_db))[0] == 0
    conn = sqlite3.connect(cli_db)
    conn.execute("DROP TRIGGER events_no_update")
    conn.execute("UPDATE events SET payload = replace(payload, 'CHI_MA', 'TAN_THANH') WHERE seq = 1")
    conn.commit()
    code, out, _ = run(capsys, "verify", "--db", str(cli_db))
    assert code == 1 and "#1" in out


def test_common_options_work_before_and_after_the_command(cli_db, capsys):
    assert run(capsys, "--db", str(cli_db), "--json", "verify")[0] == 0
    assert cli_db.exists()
    other = cli_db.with_name("other.db")
    code, _, err = run(capsys, "--lang", "en", "verify", "--db", str(other), "--json")
    assert code == 2 and err.strip() == f"checkpoint: {other}: no database here; run `checkpoint init` first"

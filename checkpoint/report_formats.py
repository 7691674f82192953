"""The report as files a supervisor sends up the chain: CSV for Excel, XLSX with formulas, printable PDF."""
from __future__ import annotations

import csv
import io
from datetime import date, datetime
from pathlib import Path
from collections.abc import Iterable
from typing import Any

from fpdf import FPDF
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.chart import BarChart, Reference
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

from .cases import CATEGORIES, category_name, focus_group_name, subtypes
from .reports import FIGURES, Report

FONT_DIR = Path("/usr/share/fonts/truetype/dejavu")
VND = '#,##0'
TITLE = "BÁO CÁO KẾT QUẢ ĐẤU TRANH CHỐNG BUÔN LẬU, GIAN LẬN THƯƠNG MẠI VÀ HÀNG GIẢ"

LOG_COLUMNS = (
    ("uuid", "Mã kiểm tra / Inspection ID"), ("gate", "Cửa khẩu / Gate"), ("lane", "Làn / Lane"),
    ("direction", "Chiều / Direction"), ("plates", "Biển số / Plates"), ("container", "Số container / Container"),
    ("declared_goods", "Hàng khai báo / Declared goods"), ("officer", "Cán bộ / Officer"),
    ("started", "Bắt đầu / Started"), ("closed", "Kết thúc / Closed"), ("photo_count", "Số ảnh / Photos"),
    ("codes", "Mã vạch / Barcodes"), ("documents", "Chứng từ / Documents"), ("findings", "Cảnh báo / Findings"),
    ("risk_channel", "Luồng / Channel"), ("verdict", "Kết luận / Verdict"), ("verdict_note", "Ghi chú / Note"),
    ("category", "Nhóm vi phạm / Category"), ("subtype", "Loại vi phạm / Violation"),
)
CASE_COLUMNS = (
    ("id", "Mã vụ / Case ID"), ("recorded", "Thời điểm / Time"), ("gate", "Cửa khẩu / Gate"),
    ("officer", "Cán bộ / Officer"), ("category", "Nhóm / Category"), ("subtype_name", "Loại vi phạm / Violation"),
    ("focus_group", "Nhóm hàng / Goods group"), ("goods", "Hàng hóa / Goods"), ("plates", "Biển số / Plates"),
    ("container", "Container"), ("goods_value_vnd", "Trị giá hàng (VNĐ) / Goods value"),
    ("fine_vnd", "Phạt VPHC (VNĐ) / Fines"), ("budget_vnd", "Thu NSNN (VNĐ) / Budget"),
    ("confiscated", "Tịch thu / Confiscated"), ("criminal", "Khởi tố / Prosecuted"), ("defendants", "Bị can / Defendants"),
)
FIGURE_TITLES = {
    "cases": "Số vụ / Cases", "fines_vnd": "Phạt VPHC (VNĐ) / Fines", "goods_value_vnd": "Trị giá hàng (VNĐ) / Goods value",
    "budget_vnd": "Thu NSNN (VNĐ) / Budget", "criminal_cases": "Khởi tố (vụ) / Prosecuted cases",
    "defendants": "Bị can / Defendants",
}
THROUGHPUT_TITLES = {
    "inspections": "Lượt kiểm tra / Inspections", "green": "Luồng xanh / Green", "yellow": "Luồng vàng / Yellow",
    "red": "Luồng đỏ / Red", "import": "Nhập khẩu / Import", "export": "Xuất khẩu / Export",
    "physical": "Kiểm tra thực tế / Physical inspections", "open": "Chưa kết luận / Open",
    "chinese_vehicles": "Xe biển Trung Quốc / Chinese vehicles",
}


class Formula(str):
    """A formula we wrote ourselves: the one kind of text allowed to start with '='."""


def _cell(value: Any) -> Any:
    # Cells starting like a formula would run in a spreadsheet: OCR and barcode text are untrusted.
    if isinstance(value, str) and not isinstance(value, Formula) and value[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + value
    return value


def _text(value: Any) -> Any:
    """A cell of the CSV: times written the Vietnamese way, dd/mm/yyyy hh:mm."""
    return value.strftime("%d/%m/%Y %H:%M") if isinstance(value, datetime) else _cell(value)


def _case_row(case: dict[str, Any]) -> dict[str, Any]:
    subtype_name = subtypes()[case["subtype"]]["name_vi"] if case["subtype"] else "Chặn giữ trên tuyến tuần tra"
    return {**case, "subtype_name": subtype_name, "focus_group": focus_group_name(case["focus_group"] or "", "vi"),
            "confiscated": "x" if case["confiscated"] else "", "criminal": "x" if case["criminal"] else ""}


def period_text(report: Report) -> str:
    start, end = report.start.strftime("%d/%m/%Y"), report.end.strftime("%d/%m/%Y")
    return start if start == end else f"{start} – {end}"


def to_csv(report: Report) -> bytes:
    """UTF-8 with a BOM so Excel shows Vietnamese; sections one after another, each with its title."""
    out = io.StringIO()
    w = csv.writer(out)
    w.writerow([TITLE])
    w.writerow(["Kỳ báo cáo / Period", period_text(report), "Cửa khẩu / Gates", ", ".join(report.gates or ["*"])])
    w.writerow([])
    w.writerow(["A. Thông quan / Throughput"])
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
    for category in CATEGORIES:
        figures = report.summary.period[category]
        change = report.summary.change(category, "cases")
        w.writerow([f"{category}. {category_name(category, 'vi')}", *(getattr(figures, f) for f in FIGURES),
                    report.summary.year_to_date[category].cases, report.summary.last_year[category].cases,
                    "" if change is None else change])
    w.writerow(["Tổng / Total", *(sum(getattr(report.summary.period[c], f) for c in CATEGORIES) for f in FIGURES)])
    w.writerow([])
    w.writerow(["D. Nhật ký / Daily log"])
    w.writerow([title for _, title in LOG_COLUMNS])
    for row in report.daily_log:
        w.writerow([_text(row[k]) for k, _ in LOG_COLUMNS])
    return ("\ufeff" + out.getvalue()).encode("utf-8")


class _Sheets:
    """A write-only workbook: rows stream to the file, so a year of log rows stays within seconds."""

    def __init__(self) -> None:
        self.wb = Workbook(write_only=True)
        self.bold = Font(bold=True)

    def table(self, title: str, headers: list[str], rows: Iterable[list[Any]], *, money: set[int] = frozenset(),
              dates: set[int] = frozenset(), days: set[int] = frozenset(), widths: dict[int, int] | None = None) -> Any:
        """A sheet with a bold, frozen header row; columns numbered from 1 take VND, date-time or date formats."""
        ws = self.wb.create_sheet(title)
        ws.freeze_panes = "A2"
        for index in range(1, len(headers) + 1):
            ws.column_dimensions[get_column_letter(index)].width = (widths or {}).get(index, 18)
        ws.append([self.styled(ws, h, font=self.bold, alignment=Alignment(wrap_text=True, vertical="top"))
                   for h in headers])
        formats = {**{i - 1: VND for i in money}, **{i - 1: "DD/MM/YYYY HH:MM" for i in dates},
                   **{i - 1: "DD/MM/YYYY" for i in days}}
        for row in rows:
            # Empty text is left out: a cell not written costs nothing in a year's log.
            values = [None if v == "" else _cell(v) for v in row]
            for index, number_format in formats.items():
                if values[index] not in ("", None):
                    values[index] = self.styled(ws, values[index], number_format=number_format)
            ws.append(values)
        return ws

    @staticmethod
    def styled(ws: Any, value: Any, **style: Any) -> WriteOnlyCell:
        cell = WriteOnlyCell(ws, value=value)
        for name, setting in style.items():
            setattr(cell, name, setting)
        return cell


def to_xlsx(report: Report) -> bytes:
    """One sheet per section, Vietnamese headers, VND without decimals, dd/mm/yyyy, totals as formulas."""
    book = _Sheets()
    book.table("A. Thông quan", ["Chỉ tiêu / Measure", "Số lượng / Count"],
               ([title, report.throughput[key]] for key, title in THROUGHPUT_TITLES.items()), widths={1: 40})
    book.table("B. Vụ việc", [t for _, t in CASE_COLUMNS],
               ([r[k] for k, _ in CASE_COLUMNS]
                for r in map(_case_row, report.cases)),
               money={i + 1 for i, (k, _) in enumerate(CASE_COLUMNS) if k.endswith("_vnd")}, dates={2})

    figure_columns = list(FIGURES)
    money = {i + 2 for i, f in enumerate(figure_columns) if f.endswith("_vnd")}
    last = 1 + len(CATEGORIES)
    # The change and the totals are formulas, so a supervisor who corrects a figure sees them follow.
    summary_rows: list[list[Any]] = [
        [f"{cat}. {category_name(cat, 'vi')}", *(getattr(report.summary.period[cat], f) for f in figure_columns),
         report.summary.year_to_date[cat].cases, report.summary.last_year[cat].cases,
         Formula(f'=IF(I{row}=0,"",ROUND(100*(B{row}-I{row})/I{row},1))')]
        for row, cat in enumerate(CATEGORIES, start=2)]
    summary_rows.append(["Tổng / Total", *(Formula(f"=SUM({get_column_letter(i)}2:{get_column_letter(i)}{last})")
                                           for i in range(2, 2 + len(figure_columns) + 2)), None])
    book.table("C. Tổng hợp", ["Nhóm / Category", *(FIGURE_TITLES[f] for f in figure_columns),
                               "Lũy kế năm: số vụ / Year to date", "Cùng kỳ năm trước: số vụ / Last year",
                               "Thay đổi (%) / Change (%)"], summary_rows, money=money, widths={1: 48})

    book.table("D. Nhật ký", [t for _, t in LOG_COLUMNS],
               ([r[k] for k, _ in LOG_COLUMNS]
                for r in report.daily_log), dates={9, 10})

    if report.cases_per_day:
        chart_data = book.table("Biểu đồ", ["Ngày / Day", *(f"Nhóm {c}" for c in CATEGORIES)],
                                ([date.fromisoformat(day), *(counts[c] for c in CATEGORIES)]
                                 for day, counts in report.cases_per_day), days={1})
        rows = 1 + len(report.cases_per_day)
        chart = BarChart()
        chart.type, chart.grouping, chart.overlap = "col", "stacked", 100
        chart.title = "Số vụ theo ngày và nhóm / Cases per day per category"
        chart.add_data(Reference(chart_data, min_col=2, max_col=1 + len(CATEGORIES), min_row=1, max_row=rows),
                       titles_from_data=True)
        chart.set_categories(Reference(chart_data, min_col=1, min_row=2, max_row=rows))
        chart_data.add_chart(chart, "F2")

    out = io.BytesIO()
    book.wb.save(out)
    return out.getvalue()


class _Pdf(FPDF):
    def footer(self) -> None:
        self.set_y(-12)
        self.set_font("DejaVu", size=8)
        self.cell(0, 8, f"Trang {self.page_no()}/{{nb}}", align="C")


def to_pdf(report: Report, unit: str, prepared_by: str) -> bytes:
    """A printable report with the unit's header and a signature block."""
    pdf = _Pdf(orientation="landscape", format="A4")
    pdf.add_font("DejaVu", "", str(FONT_DIR / "DejaVuSans.ttf"))
    pdf.add_font("DejaVu", "B", str(FONT_DIR / "DejaVuSans-Bold.ttf"))
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

    table("A. Thông quan", ["Chỉ tiêu", "Số lượng"],
          [[t.split(" / ")[0], report.throughput[k]] for k, t in THROUGHPUT_TITLES.items()], [60, 20])
    table("B. Vụ việc", ["Thời điểm", "Cửa khẩu", "Nhóm", "Loại vi phạm", "Hàng hóa", "Biển số", "Trị giá (VNĐ)",
                         "Phạt (VNĐ)", "Khởi tố"],
          [[c["recorded"], c["gate"], c["category"], c["subtype_name"], c["goods"], c["plates"], c["goods_value_vnd"],
            c["fine_vnd"], c["criminal"]] for c in map(_case_row, report.cases)],
          [28, 24, 12, 40, 50, 32, 30, 28, 16])
    table("C. Tổng hợp theo nhóm vi phạm",
          ["Nhóm", *(FIGURE_TITLES[f].split(" / ")[0] for f in FIGURES), "Lũy kế năm (vụ)", "Cùng kỳ (vụ)", "Thay đổi %"],
          [*([f"{cat}. {category_name(cat, 'vi')}", *(getattr(report.summary.period[cat], f) for f in FIGURES),
              report.summary.year_to_date[cat].cases, report.summary.last_year[cat].cases,
              report.summary.change(cat, "cases")] for cat in CATEGORIES),
           ["Tổng", *(sum(getattr(report.summary.period[c], f) for c in CATEGORIES) for f in FIGURES), "", "", ""]],
          [70, 16, 26, 26, 26, 18, 16, 20, 18, 18])
    table("D. Nhật ký", ["Bắt đầu", "Cửa khẩu", "Biển số", "Hàng khai báo", "Cán bộ", "Cảnh báo", "Kết luận"],
          [[r["started"], r["gate"], r["plates"], r["declared_goods"], r["officer"], r["findings"] or "",
            r["verdict"] or ""] for r in report.daily_log],
          [28, 26, 36, 70, 26, 50, 24])

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
        return f"{value:,}".replace(",", ".")
    return str(value)

"""The 389 report as files: CSV, XLSX (its title, unit and period inside the workbook) and a PDF laid out as a
Vietnamese administrative report (Decree 30/2020's parts: issuing body, number, national motto, place and date,
title, body, recipients, signer). Figures only: names and ID numbers go in the restricted annex (annex389.py)."""
from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from datetime import date
from functools import cache
from typing import Any

import xlsxwriter
from fpdf.fonts import FontFace
from xlsxwriter.utility import xl_rowcol_to_cell

from .. import units, values
from ..cases import category_name, subtype_name
from ..settings import DATA_DIR
from .formats import VND
from .pdf import FAMILY, Document
from .queries import FIGURES, Figures
from .report389 import COLUMNS, Line, Report389

PLACE = "Lạng Sơn"
TITLE = "BÁO CÁO"
SUBJECT = ("Kết quả công tác đấu tranh phòng, chống buôn lậu, gian lận thương mại, hàng giả và xâm phạm quyền sở "
           "hữu trí tuệ")
# Who issues the province's report (every unit): the provincial committee (UNVERIFIED: confirm the issuing body
# and signer with the Standing Office of BCĐ 389 Lạng Sơn).
PROVINCE = ("ỦY BAN NHÂN DÂN TỈNH LẠNG SƠN", "BAN CHỈ ĐẠO 389 TỈNH LẠNG SƠN", "BCĐ389", "TRƯỞNG BAN")
PROVINCE_NAME = "Ban Chỉ đạo 389 tỉnh Lạng Sơn"
PROVINCE_RECIPIENTS = ("Văn phòng Thường trực Ban Chỉ đạo 389 quốc gia (để báo cáo)",
                       "Thường trực Tỉnh ủy, Ủy ban nhân dân tỉnh Lạng Sơn (để báo cáo)",
                       "Các thành viên Ban Chỉ đạo 389 tỉnh")
COLUMN_TITLES = {
    "period": "Kỳ báo cáo / This period", "previous": "Kỳ trước / Previous period",
    "year_earlier": "Cùng kỳ năm trước / Same period last year", "year_to_date": "Lũy kế năm / Year to date",
    "campaign_to_date": "Lũy kế đợt cao điểm / Campaign to date",
}
FIGURE_TITLES = {
    "cases": "Số vụ / Cases", "fines_vnd": "Phạt VPHC (đồng) / Fines (VND)",
    "goods_value_vnd": "Trị giá hàng vi phạm (đồng) / Goods value (VND)",
    "budget_vnd": "Thu nộp NSNN (đồng) / Budget revenue (VND)", "criminal_cases": "Khởi tố (vụ) / Prosecuted",
    "defendants": "Bị can / Defendants", "awaiting": "Chờ quyết định xử lý (vụ) / Awaiting a decision",
}
KIND_TITLES = {False: "Hành chính / Administrative", True: "Hình sự / Criminal", None: ""}
UNCLASSIFIED = "Chưa phân loại / Not yet classified"
NO_CAMPAIGN = "không có đợt nào đang diễn ra"


@dataclass(frozen=True)
class Heading:
    """What the signer fills in: the document's number, place and date, recipients, and who signs."""
    day: date
    number: str = ""
    """The number the clerk gives ("15/BC-HQHN"); empty leaves the blank to fill by hand."""
    place: str = PLACE
    recipients: tuple[str, ...] = ()
    """Empty: the parent unit and the provincial 389 committee, and the file copy."""
    signer_position: str = ""
    """Empty: the unit's head (units.csv)."""
    signer_name: str = ""


def issuer(report: Report389) -> tuple[str, str, str, str]:
    """(issuing body above, the unit, its short name, its head's position) for the top left of the paper."""
    if report.unit is None:
        return PROVINCE
    parent = units.all_units().get(report.unit.parent)
    return (parent.name_vi.upper() if parent else "", report.unit.name_vi.upper(), report.unit.abbr,
            report.unit.head_vi)


def unit_line(report: Report389) -> str:
    """The unit and the one above it, as a line of text reads them (not in the heading's capitals)."""
    if report.unit is None:
        return PROVINCE_NAME
    parent = units.all_units().get(report.unit.parent)
    return report.unit.name_vi + (f" – {parent.name_vi}" if parent else "")


def recipients(report: Report389, heading: Heading) -> list[str]:
    if heading.recipients:
        return list(heading.recipients)
    if report.unit is None:
        return [*PROVINCE_RECIPIENTS, "Lưu: VT"]
    parent = units.all_units().get(report.unit.parent)
    found = [f"{parent.name_vi} (để báo cáo)"] if parent else []
    return [*found, "Ban Chỉ đạo 389 tỉnh Lạng Sơn (để báo cáo)", "Lưu: VT"]


def number_text(report: Report389, heading: Heading) -> str:
    return f"Số: {heading.number}" if heading.number else f"Số:        /BC-{issuer(report)[2]}"


def place_and_date(heading: Heading) -> str:
    d = heading.day
    return f"{heading.place}, ngày {d.day:02d} tháng {d.month:02d} năm {d.year}"


def title_text(report: Report389) -> str:
    period = report.period
    name = period.name("vi")
    days = f"từ {values.format_date(period.start)} đến {values.format_date(period.end)}"
    return f"{SUBJECT} {name}" + ("" if name == period.label() else f" ({days})")


def line_label(line: Line, lang: str = "vi") -> str:
    """The row's name: its force for a force's total, else its category (or the unclassified)."""
    if line.total:
        return ("Tổng cộng" if lang == "vi" else "Grand total") if line.force is None else \
            f"{'Cộng' if lang == 'vi' else 'Total'}: {units.force_name(line.force, lang)}"
    if line.category is None:
        return UNCLASSIFIED.split(" / ")[0 if lang == "vi" else 1]
    return f"{line.category}. {category_name(line.category, lang)}"


def completeness(report: Report389) -> list[str]:
    """The banner's sentences, in Vietnamese: what may be missing from the figures."""
    found = []
    if report.unsynced:
        names = "; ".join(f"{u.label} (lần cuối: {u.last_sync_utc:%d/%m/%Y %H:%M} UTC)" if u.last_sync_utc
                          else f"{u.label} (chưa lần nào)" for u in report.unsynced)
        found.append(f"Số liệu có thể chưa đầy đủ: {len(report.unsynced)} máy tính bảng chưa đồng bộ từ khi kỳ "
                     f"báo cáo kết thúc: {names}.")
    if report.unclassified():
        found.append(f"{report.unclassified()} vụ chưa được phân loại theo nhóm vi phạm (được tính ở dòng "
                     f"“Chưa phân loại”): cần phân loại trước khi gửi báo cáo.")
    if report.waiting:
        found.append(f"{len(report.waiting)} vụ trong kỳ chưa có quyết định xử phạt hoặc quyết định chuyển xử lý "
                     f"(được tính trong số vụ; phạt, thu nộp ngân sách, khởi tố chỉ tính theo quyết định đã có): "
                     f"danh sách ở cuối báo cáo.")
    return found


WAITING_TITLE = "Các vụ việc chưa có quyết định xử lý / Cases awaiting a decision"
WAITING_HEADERS = ["TT / No.", "Mã vụ / Case", "Ngày phát hiện / Found on", "Cửa khẩu, địa bàn / Gate",
                   "Lực lượng / Force", "Vi phạm / Violation", "Hàng hóa / Goods", "Trị giá (đồng) / Value (VND)",
                   "Số ngày chờ / Days waiting"]


@cache
def _gate_names() -> dict[str, str]:
    with open(DATA_DIR / "gates.csv", encoding="utf-8") as f:
        return {row["code"]: row["name"] for row in csv.DictReader(f)}


def violation_text(category: int | None, subtype: str | None) -> str:
    if category is None:
        return UNCLASSIFIED.split(" / ")[0]
    return f"{category}. " + (subtype_name(subtype, "vi") if subtype else category_name(category, "vi"))


def waiting_rows(report: Report389, heading: Heading) -> list[list[Any]]:
    """The cases of the period still waiting for a decision, oldest first, with how long they have waited."""
    return [[index, w.case_id[:8], w.local_date, _gate_names().get(w.gate, w.gate), units.force_name(w.force, "vi"),
             violation_text(w.category, w.subtype), w.goods, w.goods_value_vnd, (heading.day - w.local_date).days]
            for index, w in enumerate(report.waiting, start=1)]


def _waiting_text(row: list[Any]) -> list[str]:
    return [values.format_date(v) if isinstance(v, date) else str(v) for v in row]


def _figures(cells: Figures | None) -> list[Any]:
    return ["" if cells is None else getattr(cells, f) for f in FIGURES]


def _change(value: float | None) -> Any:
    return "" if value is None else value


def _rows(report: Report389) -> list[list[Any]]:
    """One row per line: force, line, kind, then every figure of every column, then the two changes in cases."""
    rows = []
    for line in report.lines():
        force = "" if line.force is None else units.force_name(line.force, "vi")
        rows.append([force, line_label(line), KIND_TITLES[line.criminal].split(" / ")[0],
                     *(v for column in COLUMNS for v in _figures(line.columns[column])),
                     _change(line.change("previous")), _change(line.change("year_earlier"))])
    return rows


def _headers() -> list[str]:
    return ["Lực lượng / Force", "Nhóm vi phạm / Category", "Loại / Kind",
            *(f"{COLUMN_TITLES[c]}: {FIGURE_TITLES[f]}" for c in COLUMNS for f in FIGURES),
            "So với kỳ trước, số vụ (%) / Change on previous period, cases (%)",
            "So với cùng kỳ, số vụ (%) / Change on the same period last year, cases (%)"]


def _about(report: Report389, heading: Heading) -> list[list[str]]:
    rows = [[TITLE + ": " + title_text(report)],
            ["Đơn vị / Unit", unit_line(report)],
            ["Kỳ báo cáo / Period", f"{report.period.name('vi')}: {report.period.label()}"]]
    rows += [[f"{COLUMN_TITLES[c]}", p.label() if p else "—"] for c, p in report.periods.items() if c != "period"]
    rows += [[number_text(report, heading), place_and_date(heading)],
             ["Mã số liệu / Figures fingerprint", report.fingerprint()]]
    rows += [["Lưu ý / Note", sentence] for sentence in completeness(report)]
    return rows


def to_csv(report: Report389, heading: Heading) -> bytes:
    """UTF-8 with a BOM so Excel shows Vietnamese: what the report is, then its table."""
    out = io.StringIO()
    w = csv.writer(out)
    w.writerows(_about(report, heading))
    w.writerow([])
    w.writerow(_headers())
    w.writerows(_rows(report))
    w.writerow([])
    w.writerow([f"{WAITING_TITLE}: {len(report.waiting)}"])
    w.writerow(WAITING_HEADERS)
    w.writerows(_waiting_text(row) for row in waiting_rows(report, heading))
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def to_xlsx(report: Report389, heading: Heading) -> bytes:
    """One sheet: the title, unit, period and the comparison periods above the table, so a copy renamed or
    printed still says what it is; the changes are formulas over the cells they compare."""
    out = io.BytesIO()
    # Unit names and labels are data; written as text, never guessed into a formula, number or link.
    wb = xlsxwriter.Workbook(out, {"strings_to_formulas": False, "strings_to_numbers": False,
                                   "strings_to_urls": False})
    wb.set_properties({"title": f"{TITLE} {title_text(report)}", "subject": report.period.label(),
                       "company": issuer(report)[1], "comments": f"fingerprint {report.fingerprint()}"})
    ws = wb.add_worksheet("Báo cáo 389")
    bold = wb.add_format({"bold": True})
    about = _about(report, heading)
    ws.write_string(0, 0, about[0][0], wb.add_format({"bold": True, "font_size": 13}))
    for r, row in enumerate(about[1:], start=1):
        for c, text in enumerate(row):
            ws.write_string(r, c, text, bold if c == 0 else None)
    top = len(about) + 1  # the headers' row (0-based), after a blank one
    headers = _headers()
    ws.set_row(top, 75)
    ws.write_row(top, 0, headers, wb.add_format({"bold": True, "text_wrap": True, "valign": "top", "border": 1}))
    money = wb.add_format({"num_format": VND})
    money_columns = {3 + i + COLUMNS.index(c) * len(FIGURES) for c in COLUMNS
                     for i, f in enumerate(FIGURES) if f.endswith("_vnd")}
    cases_of = {c: 3 + COLUMNS.index(c) * len(FIGURES) for c in COLUMNS}
    for offset, row in enumerate(_rows(report)):
        r = top + 1 + offset
        for c, value in enumerate(row[:-2]):
            if isinstance(value, str):
                ws.write_string(r, c, value)
            else:
                ws.write_number(r, c, value, money if c in money_columns else None)
        now = xl_rowcol_to_cell(r, cases_of["period"])
        for c, against, value in ((len(row) - 2, "previous", row[-2]), (len(row) - 1, "year_earlier", row[-1])):
            before = xl_rowcol_to_cell(r, cases_of[against])
            ws.write_formula(r, c, f'=IF(N({before})=0,"",ROUND(100*({now}-{before})/{before},1))', None, value)
    ws.set_column(0, 0, 30)  # the labels above the table (Cùng kỳ năm trước / Same period last year)
    ws.set_column(1, 1, 44)
    ws.set_column(2, len(headers) - 1, 15)
    ws.freeze_panes(top + 1, 3)
    # Printed, 35 columns squeezed onto one page width are unreadable: pages at 70 %, each repeating the headers
    # and the lines' names (the PDF is the paper to send; this sheet is for working with the figures).
    ws.repeat_rows(top)
    ws.repeat_columns(0, 2)
    ws.set_landscape()
    ws.set_paper(9)  # A4
    ws.set_print_scale(70)
    ws.set_footer(f"&L{title_text(report).replace('&', '&&')}&RTrang &P/&N")
    _waiting_sheet(wb, report, heading)
    wb.close()
    return out.getvalue()


def _waiting_sheet(wb: xlsxwriter.Workbook, report: Report389, heading: Heading) -> None:
    ws = wb.add_worksheet("Chờ quyết định")
    ws.write_string(0, 0, f"{WAITING_TITLE}: {len(report.waiting)}", wb.add_format({"bold": True, "font_size": 13}))
    ws.set_row(2, 45)  # the headers wrap on two or three lines; a viewer does not grow the row itself
    ws.write_row(2, 0, WAITING_HEADERS, wb.add_format({"bold": True, "text_wrap": True, "valign": "top",
                                                       "border": 1}))
    day, money = wb.add_format({"num_format": "dd/mm/yyyy"}), wb.add_format({"num_format": VND})
    for r, row in enumerate(waiting_rows(report, heading), start=3):
        for c, value in enumerate(row):
            if isinstance(value, date):
                ws.write_datetime(r, c, value, day)
            elif isinstance(value, str):
                ws.write_string(r, c, value)
            else:
                ws.write_number(r, c, value, money if c == 7 else None)
    for c, width in enumerate((6, 10, 12, 22, 16, 40, 40, 16, 10)):
        ws.set_column(c, c, width)
    ws.freeze_panes(3, 0)
    ws.set_landscape()
    ws.set_paper(9)
    ws.fit_to_pages(1, 0)  # printed: every column on the page's width, as many pages down as the list needs
    ws.repeat_rows(2)


class _Paper(Document):
    def footer(self) -> None:
        self.set_y(-10)
        self.set_font(FAMILY, size=7)
        self.cell(0, 5, f"Trang {self.page_no()}/{{nb}}", align="C")


def to_pdf(report: Report389, heading: Heading) -> bytes:
    """A4 landscape, so the table's columns fit; the parts in the places Decree 30/2020 gives them."""
    pdf = _Paper(orientation="landscape", format="A4")
    pdf.set_auto_page_break(auto=True, margin=14)
    pdf.set_margins(20, 12, 15)
    pdf.add_page()
    _head(pdf, report, heading)
    for sentence in completeness(report):
        pdf.set_font(FAMILY, "B", 9)
        pdf.set_fill_color(255, 243, 205)
        pdf.multi_cell(0, 5, "⚠ " + sentence, border=1, fill=True, new_x="LMARGIN", new_y="NEXT")
        pdf.ln(1)
    pdf.set_fill_color(255, 255, 255)  # the banner's colour would fill the table's cells
    _table(pdf, report)
    _waiting_table(pdf, report, heading)
    _foot(pdf, report, heading)
    return bytes(pdf.output())


LEFT = 100  # mm: the issuing body's column; the motto takes the rest


def _head(pdf: _Paper, report: Report389, heading: Heading) -> None:
    above, unit, _, _ = issuer(report)
    top = pdf.get_y()
    pdf.set_font(FAMILY, "", 10)
    pdf.multi_cell(LEFT, 5, above, align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font(FAMILY, "B", 10)
    pdf.multi_cell(LEFT, 5, unit, align="C", new_x="LMARGIN", new_y="NEXT")
    _rule(pdf, pdf.l_margin + LEFT / 2, pdf.get_y() + 0.8, 30)
    pdf.ln(3)
    pdf.set_font(FAMILY, "", 10)
    pdf.cell(LEFT, 5, number_text(report, heading), align="C")
    left_bottom = pdf.get_y() + 5
    right = pdf.l_margin + LEFT
    width = pdf.w - pdf.r_margin - right
    pdf.set_xy(right, top)
    pdf.set_font(FAMILY, "B", 10)
    pdf.cell(width, 5, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", align="C", new_x="LEFT", new_y="NEXT")
    pdf.cell(width, 5, "Độc lập - Tự do - Hạnh phúc", align="C", new_x="LEFT", new_y="NEXT")
    _rule(pdf, right + width / 2, pdf.get_y() + 0.8, 58)
    pdf.set_xy(right, pdf.get_y() + 3)
    pdf.set_font(FAMILY, "I", 10)
    pdf.cell(width, 5, place_and_date(heading), align="C")
    pdf.set_xy(pdf.l_margin, max(left_bottom, pdf.get_y() + 5) + 6)
    pdf.set_font(FAMILY, "B", 13)
    pdf.cell(0, 7, TITLE, align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font(FAMILY, "B", 11)
    pdf.multi_cell(0, 5.5, title_text(report), align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.ln(2)
    pdf.set_font(FAMILY, "I", 9)
    compared = "; ".join(f"{COLUMN_TITLES[c].split(' / ')[0].lower()}: {p.label() if p else NO_CAMPAIGN}"
                         for c, p in report.periods.items() if c != "period")
    pdf.multi_cell(0, 4.5, f"Kỳ so sánh — {compared}.", align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.ln(3)


def _rule(pdf: _Paper, centre: float, y: float, length: float) -> None:
    pdf.set_line_width(0.3)
    pdf.line(centre - length / 2, y, centre + length / 2, y)


PDF_HEADERS = ["Nhóm vi phạm", "Loại", "Số vụ", "Chờ quyết định (vụ)", "Phạt VPHC (đồng)", "Trị giá hàng (đồng)",
               "Thu NSNN (đồng)", "Bị can", "Kỳ trước (vụ)", "So kỳ trước (%)", "Cùng kỳ (vụ)", "So cùng kỳ (%)",
               "Lũy kế năm (vụ)", "Lũy kế đợt cao điểm (vụ)"]
PDF_WIDTHS = [45, 18, 11, 14, 24, 26, 24, 10, 13, 16, 13, 16, 14, 18]


BOLD = FontFace(emphasis="BOLD")
SHADED = FontFace(emphasis="BOLD", fill_color=(235, 235, 235))


def _table(pdf: _Paper, report: Report389) -> None:
    pdf.set_font(FAMILY, "B", 10)
    pdf.cell(0, 6, "Số liệu theo nhóm vi phạm và lực lượng (vụ hành chính và vụ hình sự tính riêng)",
             new_x="LMARGIN", new_y="NEXT")
    pdf.set_font(FAMILY, "", 7.5)
    lines = report.lines()
    with pdf.table(col_widths=PDF_WIDTHS, width=sum(PDF_WIDTHS), align="LEFT", text_align=(
            "LEFT", "LEFT", *("RIGHT",) * (len(PDF_WIDTHS) - 2)), line_height=4, repeat_headings=1,
            headings_style=SHADED) as table:
        table.row(PDF_HEADERS)
        for force in report.forces:
            if len(report.forces) > 1:
                table.row([units.force_name(force, "vi").upper(), *[""] * (len(PDF_WIDTHS) - 1)], style=BOLD)
            for line in lines:
                if line.force == force:
                    _table_line(table, line)
        if len(report.forces) > 1:
            _table_line(table, lines[-1])
    pdf.ln(3)


def _table_line(table: Any, line: Line) -> None:
    now = line.columns["period"] or Figures()

    def cases(column: str) -> str:
        found = line.columns[column]
        return "—" if found is None else _number(found.cases)

    table.row([line_label(line), KIND_TITLES[line.criminal].split(" / ")[0], _number(now.cases),
               _number(now.awaiting), _number(now.fines_vnd), _number(now.goods_value_vnd), _number(now.budget_vnd),
               _number(now.defendants), cases("previous"), _percent(line.change("previous")),
               cases("year_earlier"), _percent(line.change("year_earlier")), cases("year_to_date"),
               cases("campaign_to_date")], style=BOLD if line.total else None)


WAITING_WIDTHS = [9, 17, 20, 30, 26, 50, 70, 24, 16]
PDF_WAITING_LIMIT = 100
"""Cases listed on paper; the rest are counted and listed in the XLSX (a year's paper of thousands of rows took a
minute to print and nobody reads it)."""


def _waiting_table(pdf: _Paper, report: Report389, heading: Heading) -> None:
    pdf.set_font(FAMILY, "B", 10)
    pdf.cell(0, 6, f"Các vụ việc chưa có quyết định xử phạt hoặc chuyển xử lý: {len(report.waiting)} vụ",
             new_x="LMARGIN", new_y="NEXT")
    if not report.waiting:
        pdf.ln(2)
        return
    pdf.set_font(FAMILY, "", 7.5)
    with pdf.table(col_widths=WAITING_WIDTHS, width=sum(WAITING_WIDTHS), align="LEFT", line_height=4,
                   repeat_headings=1, headings_style=SHADED, text_align=(
                       "RIGHT", "LEFT", "LEFT", "LEFT", "LEFT", "LEFT", "LEFT", "RIGHT", "RIGHT")) as table:
        table.row([h.split(" / ")[0] for h in WAITING_HEADERS])
        for row in waiting_rows(report, heading)[:PDF_WAITING_LIMIT]:
            table.row([_number(v) if isinstance(v, int) else _waiting_text([v])[0] for v in row])
    more = len(report.waiting) - PDF_WAITING_LIMIT
    if more > 0:
        pdf.set_font(FAMILY, "I", 8.5)
        pdf.cell(0, 5, f"… và {_number(more)} vụ khác (danh sách đầy đủ trong tệp XLSX của báo cáo này).",
                 new_x="LMARGIN", new_y="NEXT")
    pdf.ln(3)


def _number(value: int) -> str:
    return values.format_number(value, "vi")


def _percent(value: float | None) -> str:
    if value is None:
        return "—"
    return ("+" if value > 0 else "") + f"{value:.1f}".replace(".", ",")


def _foot(pdf: _Paper, report: Report389, heading: Heading) -> None:
    if pdf.get_y() > pdf.h - 62:
        pdf.add_page()
    top = pdf.get_y() + 2
    pdf.set_xy(pdf.l_margin, top)
    pdf.set_font(FAMILY, "B", 9)
    pdf.cell(LEFT, 5, "Nơi nhận:", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font(FAMILY, "", 8.5)
    names = recipients(report, heading)
    for index, name in enumerate(names):
        pdf.multi_cell(LEFT, 4.5, f"- {name}{'.' if index == len(names) - 1 else ';'}", new_x="LMARGIN",
                       new_y="NEXT")
    right = pdf.l_margin + LEFT + 40
    width = pdf.w - pdf.r_margin - right
    pdf.set_xy(right, top)
    position = heading.signer_position or issuer(report)[3]
    pdf.set_font(FAMILY, "B", 10)
    pdf.cell(width, 5, position.upper(), align="C", new_x="LEFT", new_y="NEXT")
    # Room for the signature and the seal; an administrative report prints no "(ký, ghi rõ họ tên)" hint.
    pdf.set_xy(right, pdf.get_y() + 24)
    pdf.set_font(FAMILY, "B", 10)
    pdf.cell(width, 5, heading.signer_name or "." * 40, align="C", new_x="LEFT", new_y="NEXT")


def render(report: Report389, fmt: str, heading: Heading) -> bytes:
    if fmt == "csv":
        return to_csv(report, heading)
    if fmt == "xlsx":
        return to_xlsx(report, heading)
    if fmt == "pdf":
        return to_pdf(report, heading)
    raise ValueError(fmt)

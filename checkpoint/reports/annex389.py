"""The restricted annex of a 389 report: who and what each case of the period names (persons with their ID
numbers, companies with their tax codes, vehicles). Its own file, marked restricted on every page, so the
aggregate report can travel up the chain and be filed openly while this stays with those who need it."""
from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date
from typing import Any

import sqlite_utils

from .. import units
from ..cases import category_name
from ..store.db import gate_filter
from .export389 import PROVINCE_NAME, Heading, issuer, title_text
from .pdf import FAMILY, Document
from .report389 import SOURCE_FORCES, Report389

MARK = "HẠN CHẾ – CHỈ LƯU HÀNH NỘI BỘ / RESTRICTED"
ID_TYPES = {"cccd": "CCCD", "passport": "Hộ chiếu", "none": "Không giấy tờ"}


@dataclass(frozen=True)
class AnnexRow:
    case: str
    day: date
    gate: str
    """The gate's name."""
    category: int | None
    source: str
    """inspection or interception."""
    names: tuple[str, ...]
    """Each person or company, with the number that identifies it."""
    vehicles: str


def rows(db: sqlite_utils.Database, report: Report389,
         forces: dict[str, str] | None = None) -> list[AnnexRow]:
    """The period's cases of the report's unit, as its count sees them (report_cases: the same gates, the same
    forces, the unclassified and those a leader classified later)."""
    by_source = forces or SOURCE_FORCES
    wanted = {source for source, force in by_source.items() if force in report.forces}
    gates = None if report.unit is None else units.gates_of(report.unit.code)
    in_gates, params = gate_filter(gates, column="c.gate")
    period = [report.period.start.isoformat(), report.period.end.isoformat()]
    sources = sorted(wanted)
    if not sources:
        return []
    found = []
    for case, source, day, gate, category, plates, container, persons, vehicles in db.execute(
            "SELECT c.id, c.source, c.local_date, c.gate, c.category, i.plates, i.container, t.persons, t.vehicles"
            " FROM report_cases c LEFT JOIN inspections i ON c.source = 'inspection' AND i.uuid = c.id"
            " LEFT JOIN interceptions t ON c.source = 'interception' AND t.uuid = c.id"
            f" WHERE c.local_date BETWEEN ? AND ?{in_gates} AND c.source IN ({', '.join('?' * len(sources))})"
            " ORDER BY c.recorded_utc", [*period, *params, *sources]):
        if source == "inspection":
            shown = " ".join([*json.loads(plates or "[]"), *([container] if container else [])])
            found.append(AnnexRow(case, date.fromisoformat(day), gate, category, source, _parties(db, case), shown))
        else:
            found.append(AnnexRow(case, date.fromisoformat(day), gate, category, source,
                                  tuple(_person(p) for p in json.loads(persons)), " ".join(json.loads(vehicles))))
    names = dict(db.execute("SELECT code, name FROM gates").fetchall())
    return sorted((AnnexRow(r.case, r.day, names.get(r.gate, r.gate), r.category, r.source, r.names, r.vehicles)
                   for r in found), key=lambda r: (r.day, r.case))


def _person(person: dict[str, Any]) -> str:
    papers = ID_TYPES.get(person.get("id_type", ""), person.get("id_type", ""))
    number = f" {person['id_number']}" if person.get("id_number") else ""
    born = f", sinh năm {person['birth_year']}" if person.get("birth_year") else ""
    return f"{person.get('name', '')} ({papers}{number}, {person.get('nationality', '')}{born})"


def _parties(db: sqlite_utils.Database, inspection: str) -> tuple[str, ...]:
    """The companies the inspection's papers name, with their tax codes, each once."""
    found: dict[str, None] = {}
    for (document,) in db.execute("SELECT document FROM photos WHERE inspection = ? AND document IS NOT NULL",
                                  [inspection]):
        fields = json.loads(document).get("fields", {})
        for role in ("seller", "buyer", "importer", "exporter", "consignee"):
            name = (fields.get(f"{role}_name") or {}).get("value")
            code = (fields.get(f"{role}_tax_code") or {}).get("value")
            if name or code:
                found[" – MST ".join(str(v) for v in (name, code) if v)] = None
    return tuple(found)


class _Restricted(Document):
    """Every page says what it is, at its top and its foot."""

    def header(self) -> None:
        self.set_font(FAMILY, "B", 9)
        self.set_text_color(170, 0, 0)
        self.set_draw_color(170, 0, 0)
        self.cell(0, 6, MARK, border=1, align="C", new_x="LMARGIN", new_y="NEXT")
        self.set_text_color(0, 0, 0)
        self.set_draw_color(0, 0, 0)
        self.ln(2)

    def footer(self) -> None:
        self.set_y(-10)
        self.set_font(FAMILY, "B", 7)
        self.cell(0, 5, f"{MARK} · Trang {self.page_no()}/{{nb}}", align="C")


def to_pdf(report: Report389, heading: Heading, annexed: list[AnnexRow]) -> bytes:
    pdf = _Restricted(orientation="landscape", format="A4")
    pdf.set_auto_page_break(auto=True, margin=14)
    pdf.set_margins(20, 10, 15)
    pdf.add_page()
    above, unit, _, _ = issuer(report)
    pdf.set_font(FAMILY, "", 10)
    pdf.cell(0, 5, above, new_x="LMARGIN", new_y="NEXT")
    pdf.set_font(FAMILY, "B", 10)
    pdf.cell(0, 5, unit, new_x="LMARGIN", new_y="NEXT")
    pdf.ln(3)
    pdf.set_font(FAMILY, "B", 12)
    pdf.cell(0, 6, "PHỤ LỤC: DANH SÁCH ĐỐI TƯỢNG, PHƯƠNG TIỆN TRONG CÁC VỤ VIỆC", align="C",
             new_x="LMARGIN", new_y="NEXT")
    pdf.set_font(FAMILY, "I", 9)
    issued_by = report.unit.name_vi if report.unit else PROVINCE_NAME
    pdf.multi_cell(0, 4.5, f"Kèm theo Báo cáo số {heading.number or '......'} ngày {heading.day:%d/%m/%Y} của "
                           f"{issued_by}: {title_text(report)}", align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.ln(3)
    pdf.set_font(FAMILY, "", 8)
    widths = (8, 20, 22, 48, 108, 56)
    with pdf.table(col_widths=widths, width=sum(widths), align="LEFT", text_align="LEFT", line_height=4,
                   repeat_headings=1) as table:
        table.row(["TT", "Ngày", "Cửa khẩu", "Nhóm vi phạm", "Người, tổ chức (giấy tờ, số)", "Phương tiện"])
        for index, row in enumerate(annexed, start=1):
            category = category_name(row.category, "vi") if row.category else "Chưa phân loại"
            table.row([str(index), row.day.strftime("%d/%m/%Y"), row.gate, category,
                       "\n".join(row.names) or "—", row.vehicles or "—"])
    if not annexed:
        pdf.ln(2)
        pdf.cell(0, 5, "Không có vụ việc nào trong kỳ.", new_x="LMARGIN", new_y="NEXT")
    return bytes(pdf.output())

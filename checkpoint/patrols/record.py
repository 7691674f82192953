"""The record of administrative violation (biên bản vi phạm hành chính), pre-filled from an interception.

The fields follow DOMAIN.md §5.4. A record, once made, is an event in the log (its hash and time
make it immutable); a correction is a new record that names the one it supersedes. The PDF is
always drawn from what the log holds, in Vietnamese, the language of the legal form.
"""
from __future__ import annotations

import csv
import json
import re
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from typing import Any

import sqlite_utils

from .. import ledger, units, values
from ..clock import local_now, local_time, utc_iso
from ..errors import N_, InvalidInput, NotFound
from ..ledger import Event
from ..reports.pdf import Document
from ..settings import DATA_DIR

NUMBER = re.compile(r"([0-9]{1,6})/BB-VPHC")
ACTION_MEASURES = {
    "seized": "Tạm giữ tang vật, phương tiện vi phạm hành chính",
    "abandoned": "Tạm giữ hàng hóa vô chủ (người vận chuyển bỏ chạy)",
    "warned": "",
    "referred": "Chuyển cơ quan có thẩm quyền",
}


@dataclass(frozen=True)
class Field:
    name: str
    label: str
    """English msgid for the page."""
    vi: str
    """The wording printed on the legal form."""
    part: str
    """Which part of the form it belongs to (PARTS): the page groups fields by it."""
    lines: int = 1
    required: bool = False


FIELDS: tuple[Field, ...] = (
    Field("number", N_("Record number"), "Số biên bản", "record", required=True),
    Field("unit", N_("Unit making the record"), "Cơ quan lập biên bản", "record", required=True),
    Field("made_at", N_("Time of making (dd/mm/yyyy hh:mm)"), "Thời gian lập", "record", required=True),
    Field("made_place", N_("Place of making"), "Địa điểm lập", "record", required=True),
    Field("maker", N_("Maker: full name, position"), "Người lập biên bản (họ tên, chức vụ)", "record", required=True),
    Field("others_present", N_("Other officers present"), "Cán bộ cùng tham gia", "record", 2),
    Field("violator_name", N_("Violator: full name"), "Họ và tên người vi phạm", "violator"),
    Field("violator_birth", N_("Date of birth"), "Ngày, tháng, năm sinh", "violator"),
    Field("violator_nationality", N_("Nationality"), "Quốc tịch", "violator"),
    Field("violator_occupation", N_("Occupation"), "Nghề nghiệp", "violator"),
    Field("violator_address", N_("Address"), "Nơi ở", "violator"),
    Field("violator_id", N_("CCCD or passport number"), "Số CCCD / hộ chiếu", "violator"),
    Field("violator_id_issue", N_("Date and place of issue"), "Ngày cấp, nơi cấp", "violator"),
    Field("organisation", N_("Organisation: name, address, tax code, legal representative"),
          "Tổ chức vi phạm (tên, địa chỉ, mã số thuế, người đại diện theo pháp luật)", "violator", 2),
    Field("violation_time_place", N_("Time and place of the violation"), "Thời gian, địa điểm xảy ra vi phạm",
          "violation", required=True),
    Field("act", N_("Description of the violating act"), "Hành vi vi phạm", "violation", 4, required=True),
    Field("provision", N_("Provision violated (decree, article, clause, point)"),
          "Quy định tại (nghị định, điều, khoản, điểm)", "violation"),
    Field("measures", N_("Measures to prevent the violation and secure its handling"),
          "Biện pháp ngăn chặn và bảo đảm xử lý vi phạm", "violation", 2),
    Field("seized_condition", N_("Condition and seals of the seized goods and means"),
          "Tình trạng, niêm phong tang vật, phương tiện", "violation", 2),
    Field("statement", N_("Statement of the violator"), "Ý kiến trình bày của người vi phạm", "statements", 3),
    Field("witnesses", N_("Witnesses: name, address, ID, statement"),
          "Người chứng kiến (họ tên, địa chỉ, số định danh, ý kiến)", "statements", 2),
    Field("explanation", N_("Right to explain: time limit and authority receiving explanations"),
          "Quyền giải trình: thời hạn và cơ quan tiếp nhận", "statements", 2),
    Field("competent", N_("Person or authority competent to decide the sanction"),
          "Người/cơ quan có thẩm quyền xử phạt", "statements"),
    Field("copies", N_("Copies (at least 2) and who receives them"), "Số bản và nơi nhận", "statements", required=True),
    Field("absence", N_("If the violator is absent or refuses to sign: the reason"),
          "Lý do người vi phạm vắng mặt hoặc không ký (nếu có)", "statements", 2),
)
_LIMIT = 4000
PARTS = {"record": N_("The record"), "violator": N_("The violator"), "violation": N_("The violation and measures"),
         "statements": N_("Statements, rights and copies")}


def prefill(interception: dict[str, Any], patrol: dict[str, Any], *, maker: str, unit: str, tz: str,
            number: str) -> dict[str, str]:
    """What the interception already tells; the officer completes and corrects the rest."""
    at = local_time(interception["at_utc"], tz)
    persons = interception["persons"]
    first = persons[0] if persons else {}
    place = ", ".join(x for x in (interception.get("place_name"), interception.get("place_note")) if x)
    if interception.get("lat") is not None:
        place = f"{place} (GPS {interception['lat']:.5f}, {interception['lon']:.5f})".strip()
    goods = "; ".join(f"{g['description']}: {g['quantity']:g} {g['unit']}" for g in interception["goods"])
    others = [p["name"] for p in persons[1:]]
    act = f"Vận chuyển hàng hóa qua đường mòn biên giới không qua cửa khẩu: {goods}." if goods else ""
    if others:
        act += " Cùng vận chuyển: " + ", ".join(others) + "."
    vehicles = ", ".join(interception["vehicles"])
    return {
        "number": number, "unit": unit, "made_at": local_now(tz).strftime("%d/%m/%Y %H:%M"),
        "made_place": place, "maker": maker,
        "others_present": ", ".join(m for m in patrol["team"] if m != patrol["leader"]),
        "violator_name": first.get("name", ""),
        "violator_birth": _day(first.get("birth_date", "")) or first.get("birth_year", ""),
        "violator_nationality": nationality_words(first.get("nationality", "")), "violator_occupation": "",
        "violator_address": first.get("address", ""), "violator_id": first.get("id_number", ""),
        "violator_id_issue": _day(first.get("issue_date", "")),
        "organisation": "", "violation_time_place": f"{at:%H:%M %d/%m/%Y}, {place}".rstrip(", "),
        "act": act, "provision": "",
        "measures": "; ".join(x for x in (ACTION_MEASURES[interception["action"]],
                                          f"phương tiện: {vehicles}" if vehicles else "") if x),
        "seized_condition": "; ".join(f"{g['tag']}: niêm phong" for g in interception["goods"] if g["tag"]),
        "statement": "", "witnesses": "", "explanation": "", "competent": "",
        "copies": "02 bản: 01 bản giao người vi phạm, 01 bản lưu hồ sơ", "absence": "",
    }


@lru_cache(maxsize=1)
def _nationalities() -> dict[str, str]:
    with open(DATA_DIR / "nationalities.csv", encoding="utf-8") as f:
        return {row["code"]: row["vi"] for row in csv.DictReader(f)}


def nationality_words(code: str) -> str:
    """The country in words, as the legal form writes a nationality (CHN → Trung Quốc); an unknown code as it is."""
    return _nationalities().get(code.strip().upper(), code)


def _day(iso: str) -> str:
    """dd/mm/yyyy, as Vietnamese forms write dates."""
    return values.format_date(date.fromisoformat(iso)) if iso else ""


def _year_start_utc(tz: str) -> str:
    """The start of this local year, as the log writes UTC times: record numbers run per local year."""
    now = local_now(tz)
    return utc_iso(now.replace(month=1, day=1, hour=0, minute=0, second=0, microsecond=0))


_SAME_UNIT_THIS_YEAR = (" FROM violation_records r JOIN interceptions i ON i.uuid = r.interception"
                        " WHERE i.gate = (SELECT gate FROM interceptions WHERE uuid = ?) AND r.made_utc >= ?")


def next_number(db: sqlite_utils.Database, interception_id: str, tz: str) -> str:
    """The number for a new record of the interception's unit: one past the highest this year, so that
    numbers typed by hand never lead to two records sharing one."""
    used = db.execute(f"SELECT r.number{_SAME_UNIT_THIS_YEAR}", [interception_id, _year_start_utc(tz)])
    highest = max((int(m.group(1)) for (number,) in used if (m := NUMBER.fullmatch(number or ""))), default=0)
    return f"{highest + 1:03d}/BB-VPHC"


def make(db: sqlite_utils.Database, interception_id: str, values: dict[str, Any], *, author: str,
         tz: str) -> Event:
    """Checks and records a record; the newest record of an interception supersedes the ones before."""
    fields = _checked(values)
    if db.execute("SELECT 1 FROM interceptions WHERE uuid = ?", [interception_id]).fetchone() is None:
        raise NotFound()
    previous = latest(db, interception_id)

    def number_is_free(db: sqlite_utils.Database) -> None:
        # Checked inside the write: two forms opened at once cannot both take the same number.
        if db.execute(f"SELECT 1{_SAME_UNIT_THIS_YEAR} AND r.number = ? AND r.interception != ?",
                      [interception_id, _year_start_utc(tz), fields["number"], interception_id]).fetchone():
            raise InvalidInput(field=N_("Record number"), problem=N_("already used by another record this year"))

    return ledger.record(db, "violation_record.made", {
        "interception": interception_id, "fields": fields,
        "supersedes": previous["event"] if previous else None}, author=author, subject=interception_id,
        precondition=number_is_free)


def _checked(values: dict[str, Any]) -> dict[str, str]:
    fields = {f.name: str(values.get(f.name) or "").strip() for f in FIELDS}
    for f in FIELDS:
        if f.required and not fields[f.name]:
            raise InvalidInput(field=f.label, problem=N_("required"))
        if len(fields[f.name]) > _LIMIT:
            raise InvalidInput(field=f.label, problem=N_("too long"))
    if not fields["violator_name"] and not fields["organisation"]:
        raise InvalidInput(field=N_("Violator: full name"), problem=N_("name the violator or the organisation"))
    return fields


def latest(db: sqlite_utils.Database, interception_id: str) -> dict[str, Any] | None:
    row = db.execute("SELECT * FROM violation_records WHERE interception = ? ORDER BY made_utc DESC LIMIT 1",
                     [interception_id]).fetchone()
    if row is None:
        return None
    record = dict(row)
    record["fields"] = json.loads(record["fields"])
    return record


def body(record: dict[str, Any]) -> list[tuple[str, str, str]]:
    """(name, label, value) in the order the form prints them; number and unit go in the heading."""
    fields = record["fields"]
    return [(f.name, f.vi, fields[f.name]) for f in FIELDS if f.name not in ("number", "unit")]


def seized_rows(interception: dict[str, Any]) -> list[tuple[str, str, str, str, str]]:
    return [(str(g["line"]), g["description"], f"{g['quantity']:g}", g["unit"], g["tag"] or "")
            for g in interception["goods"] if g["tag"]] + \
        [(str(len(interception["goods"]) + i), f"Phương tiện {plate}", "1", "chiếc", "")
         for i, plate in enumerate(interception["vehicles"], start=1)]


class _Form(Document):
    def __init__(self, record: dict[str, Any], log_head: str) -> None:
        super().__init__(format="A4")
        self.record = record
        self.log_head = log_head
        self.set_auto_page_break(True, margin=28)
        self.set_margins(18, 15, 18)

    def footer(self) -> None:
        # The law asks for both signatures on every page, and the log's hash ties the paper to the record.
        self.set_y(-25)
        self.set_font("DejaVu", "", 8)
        half = (self.w - self.l_margin - self.r_margin) / 2
        self.cell(half, 5, "Người vi phạm ký: ..............................")
        self.cell(half, 5, "Người lập biên bản ký: ..............................", align="R")
        self.ln(6)
        self.cell(0, 4, f"Biên bản số {self.record['fields']['number']} · trang {self.page_no()}/{{nb}} · "
                        f"mã lưu (SHA-256) {self.record['event_hash'][:32]}", align="C",
                  new_x="LMARGIN", new_y="NEXT")
        self.cell(0, 4, f"Đầu nhật ký khi in / Log head when printed: {self.log_head or '-'}", align="C")


def _seized_table(form: _Form, width: float, rows: list[tuple[str, str, str, str, str]]) -> None:
    if form.get_y() > form.h - form.b_margin - 25:
        # The heading with at least the table's first rows: never a heading alone at the foot of a page.
        form.add_page()
    form.set_font("DejaVu", "B", 10)
    form.multi_cell(width, 5.5, "Tang vật, phương tiện, giấy tờ bị tạm giữ:", new_x="LMARGIN", new_y="NEXT")
    form.set_font("DejaVu", "", 9)
    if rows:
        with form.table(col_widths=(8, 52, 14, 12, 26),
                        text_align=("CENTER", "LEFT", "RIGHT", "LEFT", "LEFT")) as table:
            table.row(("STT", "Tên tang vật, phương tiện", "Số lượng", "Đơn vị", "Mã niêm phong"))
            for row in rows:
                table.row(row)
    else:
        form.multi_cell(width, 5.5, "Không có.", new_x="LMARGIN", new_y="NEXT")
    form.ln(2)


def pdf(record: dict[str, Any], interception: dict[str, Any], log_head: str) -> bytes:
    """log_head: ledger.head_text when printed, so that a paper shows any later rewrite of the log."""
    return print_record(record, seized_rows(interception), log_head)


def print_record(record: dict[str, Any], rows: list[tuple[str, str, str, str, str]], log_head: str) -> bytes:
    """The record on A4 in Vietnamese; Chinese names and plates in the CJK font, or Unprintable (pdf.py)."""
    form = _Form(record, log_head)
    form.add_page()
    width = form.w - form.l_margin - form.r_margin
    fields = record["fields"]
    form.set_font("DejaVu", "B", 10)
    top = form.get_y()
    form.multi_cell(width * 0.45, 5, fields["unit"].upper(), align="C")
    form.set_xy(form.l_margin + width * 0.45, top)
    form.multi_cell(width * 0.55, 5, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc", align="C")
    form.ln(6)
    form.set_font("DejaVu", "B", 14)
    form.cell(0, 8, "BIÊN BẢN VI PHẠM HÀNH CHÍNH", align="C", new_x="LMARGIN", new_y="NEXT")
    form.set_font("DejaVu", "", 11)
    form.cell(0, 6, f"Số: {fields['number']}", align="C", new_x="LMARGIN", new_y="NEXT")
    if record.get("supersedes"):
        form.set_font("DejaVu", "I", 9)
        form.cell(0, 5, f"Thay thế bản trước của biên bản này (mã sự kiện {record['supersedes']})", align="C",
                  new_x="LMARGIN", new_y="NEXT")
    form.ln(3)
    for name, label, value in body(record):
        form.set_font("DejaVu", "B", 10)
        form.multi_cell(width, 5.5, f"{label}:", new_x="LMARGIN", new_y="NEXT")
        form.set_font("DejaVu", "", 10)
        form.multi_cell(width, 5.5, value or "......................................................",
                        new_x="LMARGIN", new_y="NEXT")
        form.ln(1)
        if name == "measures":
            _seized_table(form, width, rows)
    form.ln(8)
    form.set_font("DejaVu", "B", 10)
    third = width / 3
    for title in ("NGƯỜI VI PHẠM", "NGƯỜI CHỨNG KIẾN", "NGƯỜI LẬP BIÊN BẢN"):
        form.cell(third, 6, title, align="C")
    form.ln(6)
    form.set_font("DejaVu", "I", 8)
    for _ in range(3):
        form.cell(third, 5, "(ký, ghi rõ họ tên hoặc điểm chỉ)", align="C")
    return bytes(form.output())


# -- a gate seizure's record -----------------------------------------------------------------------

ROLE_FORCES = {"patrol": "border_guard"}
"""The force whose unit issues a record made by an account of this role; every other role's is customs."""


def issuing_agency(gate: str, role: str) -> units.Unit | None:
    """The unit that issues the record (a customs office, a border-guard post), never the gate itself."""
    return units.at_gate(gate, ROLE_FORCES.get(role, "customs"))


def maker_of(db: sqlite_utils.Database, username: str) -> str:
    """The officer as the record names them: rank and full name (the account name if none was entered)."""
    row = db.execute("SELECT full_name, rank FROM users WHERE username = ?", [username]).fetchone()
    if row is None or not row["full_name"]:
        return username
    return " ".join(x for x in (row["rank"], row["full_name"]) if x)


PARTY_LINES = (("importer_name", "Người nhập khẩu"), ("buyer_name", "Người mua"), ("consignee_name", "Người nhận hàng"),
               ("seller_name", "Người bán"), ("seller_name_zh", "Người bán"), ("exporter_name", "Người xuất khẩu"),
               ("exporter_name_zh", "Người xuất khẩu"))


def parties(inspection: dict[str, Any]) -> dict[str, str]:
    """The parties the shipment's papers name (a field as read, or as the officer corrected it), first seen."""
    found: dict[str, str] = {}
    for photo in inspection["photos"]:
        fields = (photo.get("document") or {}).get("fields") or {}
        for name, value in fields.items():
            text = value.get("value") if isinstance(value, dict) else None
            if isinstance(text, str) and text.strip() and name not in found:
                found[name] = text.strip()
    return found


def prefill_gate(inspection: dict[str, Any], goods: list[dict[str, Any]], *, maker: str, agency: units.Unit,
                 tz: str, number: str, gate_name: str) -> dict[str, str]:
    """What the inspection and its papers already tell; the officer completes and corrects the rest."""
    at = local_time(inspection["started_utc"], tz)
    read = parties(inspection)
    place = f"Cửa khẩu {gate_name}" if gate_name else ""
    listed = "; ".join(f"{g['description']}: {g['quantity']:g} {g['unit']}" for g in goods)
    plates = ", ".join(inspection["plates"])
    named = "; ".join(f"{label}: {read[key]}" for key, label in PARTY_LINES if key in read)
    organisation = read.get("importer_name") or read.get("buyer_name") or read.get("consignee_name") or ""
    tax_code = read.get("importer_tax_code") or read.get("buyer_tax_code") or ""
    act = "Vận chuyển hàng hóa vi phạm qua cửa khẩu"
    act += f" trên phương tiện {plates}" if plates else ""
    act += f": {listed}." if listed else "."
    act += f" Theo chứng từ: {named}." if named else ""
    return {
        "number": number, "unit": agency.name_vi, "made_at": local_now(tz).strftime("%d/%m/%Y %H:%M"),
        "made_place": place, "maker": maker, "others_present": "",
        "violator_name": "", "violator_birth": "", "violator_nationality": "", "violator_occupation": "",
        "violator_address": "", "violator_id": "", "violator_id_issue": "",
        "organisation": ", ".join(x for x in (organisation, f"MST {tax_code}" if tax_code else "") if x),
        "violation_time_place": f"{at:%H:%M %d/%m/%Y}, {place}".rstrip(", "),
        "act": act, "provision": "",
        "measures": "; ".join(x for x in (ACTION_MEASURES["seized"], f"phương tiện: {plates}" if plates else "") if x),
        "seized_condition": "; ".join(f"{g['tag']}: niêm phong" for g in goods),
        "statement": "", "witnesses": "", "explanation": "", "competent": "",
        "copies": "02 bản: 01 bản giao người vi phạm, 01 bản lưu hồ sơ", "absence": "",
    }


_AGENCY_THIS_YEAR = " FROM gate_records WHERE agency = ? AND made_utc >= ?"


def next_gate_number(db: sqlite_utils.Database, agency: str, tz: str) -> str:
    """One past the agency's highest this year, as the patrol records number."""
    used = db.execute(f"SELECT number{_AGENCY_THIS_YEAR}", [agency, _year_start_utc(tz)])
    highest = max((int(m.group(1)) for (number,) in used if (m := NUMBER.fullmatch(number or ""))), default=0)
    return f"{highest + 1:03d}/BB-VPHC"


def make_gate(db: sqlite_utils.Database, inspection_id: str, agency: str, values: dict[str, Any], *, author: str,
              tz: str) -> Event:
    """Checks and records a gate seizure's record; the newest of an inspection supersedes the ones before."""
    fields = _checked(values)
    units.get(agency)
    if db.execute("SELECT 1 FROM inspections WHERE uuid = ?", [inspection_id]).fetchone() is None:
        raise NotFound()
    previous = latest_gate(db, inspection_id)

    def number_is_free(db: sqlite_utils.Database) -> None:
        if db.execute(f"SELECT 1{_AGENCY_THIS_YEAR} AND number = ? AND inspection != ?",
                      [agency, _year_start_utc(tz), fields["number"], inspection_id]).fetchone():
            raise InvalidInput(field=N_("Record number"), problem=N_("already used by another record this year"))

    return ledger.record(db, "seizure.record_made", {
        "inspection": inspection_id, "agency": agency, "fields": fields,
        "supersedes": previous["event"] if previous else None}, author=author, subject=inspection_id,
        precondition=number_is_free)


def latest_gate(db: sqlite_utils.Database, inspection_id: str) -> dict[str, Any] | None:
    row = db.execute("SELECT * FROM gate_records WHERE inspection = ? ORDER BY made_utc DESC LIMIT 1",
                     [inspection_id]).fetchone()
    return {**dict(row), "fields": json.loads(row["fields"])} if row else None


def gate_rows(goods: list[dict[str, Any]], plates: list[str]) -> list[tuple[str, str, str, str, str]]:
    return [(str(g["line"]), g["description"], f"{g['quantity']:g}", g["unit"], g["tag"]) for g in goods] + \
        [(str(len(goods) + i), f"Phương tiện {plate}", "1", "chiếc", "") for i, plate in enumerate(plates, start=1)]


@ledger.projection("seizure.record_made")
def _gate_made(db: sqlite_utils.Database, event: Event) -> None:
    p = event.payload
    db.execute("INSERT INTO gate_records (event, inspection, agency, number, made_utc, made_by, fields, event_hash,"
               " supersedes) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
               [event.uuid, p["inspection"], p["agency"], p["fields"]["number"], event.created_utc, event.author,
                json.dumps(p["fields"], ensure_ascii=False), event.hash, p["supersedes"]])


@ledger.projection("violation_record.made")
def _made(db: sqlite_utils.Database, event: Event) -> None:
    p = event.payload
    db.execute("INSERT INTO violation_records (event, interception, number, made_utc, made_by, fields, event_hash,"
               " supersedes) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
               [event.uuid, p["interception"], p["fields"]["number"], event.created_utc, event.author,
                json.dumps(p["fields"], ensure_ascii=False), event.hash, p["supersedes"]])

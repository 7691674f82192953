"""How the pages write dates, times and money: dd/mm/yyyy, 24 h, Asia/Ho_Chi_Minh, VND with '.' thousands."""
from __future__ import annotations

from datetime import date
from typing import Any

from flask import Flask, current_app, g
from flask_babel import get_locale

from .. import cases, clock, setup, values
from ..models import SEVERITIES
from . import get_db


def local_datetime(utc_iso: str | None) -> str:
    if not utc_iso:
        return ""
    return clock.local_time(utc_iso, current_app.config["TIMEZONE"]).strftime("%d/%m/%Y %H:%M")


def local_time(utc_iso: str | None) -> str:
    return local_datetime(utc_iso)[-5:]


def day(iso_date: str | None) -> str:
    """yyyy-mm-dd as dd/mm/yyyy; anything else (a date OCR could not read) as it is."""
    try:
        return values.format_date(date.fromisoformat(iso_date)) if iso_date else ""
    except (TypeError, ValueError):
        return str(iso_date)


def vnd(amount: float | int | None) -> str:
    return "" if amount is None else values.format_number(round(amount), "vi") + " ₫"


def sum_values(counts: dict[object, int]) -> int:
    return sum(counts.values())


def single(value: int) -> dict[int, int]:
    """One value as a one-part stack, for the bar chart macro."""
    return {0: value}


def gate_name(code: str | None) -> str:
    """A gate's name in the page's language; the code itself if the gate is not in the list."""
    if not code:
        return ""
    if "gate_names" not in g:
        g.gate_names = {row["code"]: row for row in setup.gates(get_db())}
    row = g.gate_names.get(code)
    if row is None:
        return code
    return row["name"] if str(get_locale()) == "vi" else row["name_en"]


def goods_group_name(code: str) -> str:
    return cases.focus_group_name(code, str(get_locale()))


def evidence_text(value: Any) -> str:
    """A finding's evidence in words: bilingual messages in the page's language, records as 'key: value'."""
    if isinstance(value, dict):
        if set(value) == {"vi", "en"}:
            return str(value[str(get_locale())])
        return "; ".join(f"{k}: {evidence_text(v)}" for k, v in value.items() if v not in (None, "", [], {}))
    if isinstance(value, (list, tuple)):
        return ", ".join(evidence_text(v) for v in value)
    return str(value)


def by_severity(findings: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Worst first; an unknown severity (a record from a newer tablet) last."""
    return sorted(findings, key=lambda f: SEVERITIES.index(f["severity"]) if f["severity"] in SEVERITIES
                  else len(SEVERITIES))


def plain_value(value: Any, field: str = "") -> str:
    """A read value as the officer reads it: dates dd/mm/yyyy, lists and records joined in words."""
    if isinstance(value, bool):
        return "✓" if value else "✗"
    if field.endswith("_date") or (isinstance(value, str) and len(value) == 10 and value[4:5] == "-"):
        return day(str(value))
    if isinstance(value, dict):
        return " · ".join(plain_value(v, str(k)) for k, v in value.items() if v not in (None, "", [], {}))
    if isinstance(value, (list, tuple)):
        return "; ".join(plain_value(v, field) for v in value)
    if isinstance(value, float):
        return f"{value:g}"
    return str(value)


def crop_photo(reading: dict[str, Any], photos: list[dict[str, Any]]) -> str | None:
    """The photo a finding's reading came from (its paper and field, the same box), for its crop."""
    for photo in photos:
        document = photo.get("document") or {}
        field = (document.get("fields") or {}).get(reading.get("field"))
        if document.get("doc_type") == reading.get("paper") and field and field.get("box") and \
                list(field["box"]) == list(reading.get("box") or ()):
            return str(photo["sha256"])
    return None


def init_app(app: Flask) -> None:
    app.add_template_filter(by_severity)
    app.add_template_filter(plain_value)
    app.add_template_global(crop_photo)
    app.add_template_filter(local_datetime)
    app.add_template_filter(local_time)
    app.add_template_filter(day)
    app.add_template_filter(vnd)
    app.add_template_filter(sum_values)
    app.add_template_filter(single)
    app.add_template_filter(gate_name)
    app.add_template_filter(goods_group_name)
    app.add_template_filter(evidence_text)

"""Goods: expired products (GS1 AI 17), the campaign's focus goods and prohibited goods (DOMAIN.md §3.4, §4).

HS headings and keywords live in data/hs_focus.csv and data/prohibited.csv so that a supervisor can
update them without a release.
"""
from __future__ import annotations

import calendar
import csv
import re
import unicodedata
from dataclasses import dataclass, replace
from datetime import date
from functools import cache
from typing import Any

import ocr

from ..errors import N_
from ..models import Finding, Shipment
from ..settings import DATA_DIR
from ..watchlist.screening import has_han
from . import Context, entries, finding, is_sure, judged, payloads, reading, rule
from .documents import hs6, item_hs


@dataclass(frozen=True)
class GoodsList:
    name: str
    title: dict[str, str]
    """{"vi": …, "en": …} as the data file names the list."""
    hs_prefixes: tuple[str, ...]
    keywords: tuple[re.Pattern[str], ...]


def _keyword(word: str) -> re.Pattern[str]:
    # Chinese has no spaces between words; Vietnamese and English keywords must be whole words, so that
    # "cá" (fish) is not found in "cá nhân" and "drug" not in "drugstore". An English word is also found in
    # its plural ("smartphone" in "Smartphones"); Vietnamese has none.
    word = unicodedata.normalize("NFC", word.strip()).casefold()
    if has_han(word):
        return re.compile(re.escape(word))
    plural = "(?:s|es)?" if word.isascii() and word[-1:].isalpha() else ""
    return re.compile(rf"(?<!\w){re.escape(word)}{plural}(?!\w)")


@cache
def goods_lists(filename: str, name_column: str) -> tuple[GoodsList, ...]:
    with open(DATA_DIR / filename, encoding="utf-8") as f:
        return tuple(GoodsList(row[name_column], {"vi": row["name_vi"], "en": row["name_en"]},
                               tuple(p for p in row["hs_prefixes"].split(";") if p),
                               tuple(_keyword(k) for k in row["keywords"].split(";") if k.strip()))
                     for row in csv.DictReader(f))


def descriptions(shipment: Shipment) -> str:
    """What the goods are said to be: the declared goods and every item description on the papers."""
    texts = [shipment.declared_goods]
    for paper in shipment.documents:
        texts += [str(i.get("description") or "") for i in entries(paper, "items") if isinstance(i, dict)]
    return unicodedata.normalize("NFC", "\n".join(texts)).casefold()


def matches(shipment: Shipment, lists: tuple[GoodsList, ...]) -> list[tuple[GoodsList, list[str], list[str]]]:
    """(list, HS codes, keywords) for each list the shipment's goods fall under."""
    codes = sorted(set().union(set(), *(hs6(p) for p in shipment.documents)))
    text = descriptions(shipment)
    found = []
    for goods in lists:
        by_code = [c for c in codes if c.startswith(goods.hs_prefixes)] if goods.hs_prefixes else []
        by_word = sorted({m.group(0) for k in goods.keywords if (m := k.search(text))})
        if by_code or by_word:
            found.append((goods, by_code, by_word))
    return found


@rule
def focus_goods(shipment: Shipment, _context: Context) -> list[Finding]:
    # Infant formula (1901.10) is also food (Ch. 19): report the most specific group only.
    found = matches(shipment, goods_lists("hs_focus.csv", "group"))
    specific = {g.name for g, _, _ in found} - {"food"}
    return [finding("FOCUS_GOODS", "info", N_("Focus goods of the campaign (%(group)s): physical check advised"),
                    {"group": goods.title}, group=goods.name, hs_codes=codes, keywords=words)
            for goods, codes, words in found if not (goods.name == "food" and specific)]


def sure_only(shipment: Shipment) -> Shipment:
    """The shipment with only the fields read surely: what can raise an alarm on its own."""
    return replace(shipment, documents=tuple(
        replace(d, fields={n: f for n, f in d.fields.items() if is_sure(f)}) for d in shipment.documents))


@rule
def prohibited_goods(shipment: Shipment, _context: Context) -> list[Finding]:
    """High when the declared goods or a surely read code or description names a prohibited category; a low
    note to confirm when only unsurely read ones do (a misread HS code is not contraband)."""
    lists = goods_lists("prohibited.csv", "category")
    surely = {g.name for g, _, _ in matches(sure_only(shipment), lists)}
    return [finding("PROHIBITED_GOODS", "high" if goods.name in surely else "low",
                    N_("Goods on the prohibited-import list (%(category)s)") if goods.name in surely else
                    N_("Confirm by hand (read unsurely): goods on the prohibited-import list (%(category)s)"),
                    {"category": goods.title}, category=goods.name, hs_codes=codes, keywords=words)
            for goods, codes, words in matches(shipment, lists)]


def item_lines(paper: ocr.Document) -> list[tuple[str, str]]:
    """(description, HS code as digits) of each item line that has both."""
    lines = []
    for item in entries(paper, "items"):
        if isinstance(item, dict) and item.get("description"):
            digits = item_hs(item)
            if len(digits) >= 4:
                lines.append((str(item["description"]), digits))
    return lines


def placed(description: str, lists: tuple[GoodsList, ...]) -> list[GoodsList]:
    """The groups a description's words name."""
    text = unicodedata.normalize("NFC", description).casefold()
    return [g for g in lists if any(k.search(text) for k in g.keywords)]


@rule
def declared_goods_hs(shipment: Shipment, _context: Context) -> list[Finding]:
    """Declared goods ↔ HS codes: an item line whose description names goods (fruit, phones, garments …)
    that no chapter of its HS code holds is misclassified or mis-described — the classic way to pay less
    duty or pass a licence. The groups' chapters are generous (data/hs_chapters.csv): only a description
    no group can place under its code is flagged; one naming no group is not judged."""
    lists = goods_lists("hs_chapters.csv", "group")
    findings, seen = [], set()
    for paper in shipment.documents:
        for description, code in item_lines(paper):
            groups = placed(description, lists)
            if not groups or (description, code) in seen or any(code.startswith(g.hs_prefixes) for g in groups):
                continue
            seen.add((description, code))
            findings.append(judged(
                "DOCUMENT_MISMATCH", "medium",
                N_("The goods described as %(description)s are declared under HS %(hs)s, which does not hold "
                   "%(group)s"), {"description": description, "hs": code,
                                  "group": {lang: ", ".join(g.title[lang] for g in groups) for lang in ("vi", "en")}},
                (reading(paper, "items"),), field="hs_code", measure="description", paper=paper.doc_type,
                description=description, hs_code=code, groups=[g.name for g in groups]))
    return findings


def gs1_date(text: str, today: date) -> date | None:
    """YYMMDD with GS1's sliding century (−49…+50 years around today) and day 00 = the month's last day."""
    # ASCII only: str.isdigit() also accepts '⁴', which int() refuses.
    if len(text) != 6 or not text.isascii() or not text.isdigit():
        return None
    yy, month, day = int(text[:2]), int(text[2:4]), int(text[4:])
    year = today.year // 100 * 100 + yy
    if year - today.year > 50:
        year -= 100
    elif today.year - year > 49:
        year += 100
    if not 1 <= month <= 12:
        return None
    if day == 0:
        day = calendar.monthrange(year, month)[1]
    try:
        return date(year, month, day)
    except ValueError:
        return None


def application_identifiers(payload: dict[str, Any]) -> dict[str, str]:
    """AI → value from a GS1 payload's as_dict(), whichever of the shapes scanners/ gives it."""
    for key in ("ais", "elements", "application_identifiers"):
        found = payload.get(key)
        if isinstance(found, dict):
            return {str(k): str(v) for k, v in found.items()}
        if isinstance(found, list):
            return {str(e.get("ai")): str(e.get("value")) for e in found if isinstance(e, dict) and "ai" in e}
    return {}


@rule
def product_expiry(shipment: Shipment, _context: Context) -> list[Finding]:
    findings = []
    for code, payload in payloads(shipment):
        expiry_text = application_identifiers(payload).get("17")
        expiry = gs1_date(expiry_text, shipment.inspection_date) if expiry_text else None
        if expiry and expiry < shipment.inspection_date:
            gtin = application_identifiers(payload).get("01") or payload.get("gtin")
            batch = application_identifiers(payload).get("10")
            findings.append(finding("PRODUCT_EXPIRED", "high",
                                    N_("Product %(gtin)s expired on %(expiry)s"),
                                    {"gtin": gtin or code.text, "expiry": expiry.strftime("%d/%m/%Y")},
                                    gtin=gtin, batch=batch, expiry=expiry.isoformat(), code=code.text))
    return findings

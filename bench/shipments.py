"""Generated shipments with one planted fault each, for bench/checks.py.

`bench.docgen.shipment(seed)` gives a consistent shipment's true values; `plant(truth, fault, rng)` edits a
copy so that exactly one rule should fire, and says which rule at which severity, and which watchlist
rows the fault needs. `documents(truth)` builds the ocr.Documents the checks would get from a perfect
reader (every field at confidence 1); `as_shipment` adds the codes, plates and dates of the truck.
"""
from __future__ import annotations

import copy
import random
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from pypinyin import lazy_pinyin

import ocr
import scanners
from bench.docgen import identifiers as ids
from bench.docgen import shipment
from checkpoint.models import Shipment
from checkpoint.watchlist.screening import strip_diacritics

SELLER_FIELDS = {"invoice": "seller_name", "packing_list": "seller_name", "co": "exporter_name",
                 "declaration": "exporter_name"}
BUYER_FIELDS = {"invoice": "buyer_name", "packing_list": "buyer_name", "co": "consignee_name",
                "declaration": "importer_name"}
# Shorter and longer spellings of legal forms, as lists and papers write them.
LEGAL_VARIANTS = (("CÔNG TY TRÁCH NHIỆM HỮU HẠN", "CTY TNHH"), ("CÔNG TY TNHH", "CTY TNHH"),
                  ("CÔNG TY CỔ PHẦN", "CTY CP"), ("MỘT THÀNH VIÊN", "MTV"), ("THƯƠNG MẠI", "TM"),
                  ("XUẤT NHẬP KHẨU", "XNK"), ("DỊCH VỤ", "DV"), ("DOANH NGHIỆP TƯ NHÂN", "DNTN"),
                  ("CO., LTD.", "COMPANY LIMITED"), ("CO., LTD", "CO LTD"), ("LIMITED", "LTD"),
                  ("SDN. BHD.", "SDN BHD"), ("IMPORT & EXPORT", "IMP-EXP"))
# OCR slips and homoglyph spoofs: digits for letters, Cyrillic and Greek capitals for Latin ones.
SLIPS = {"O": ("0", "О", "Ο"), "I": ("1", "І", "Ι"), "A": ("А", "Α"), "E": ("Е", "Ε"), "C": ("С",),
         "P": ("Р", "Ρ"), "B": ("8", "В"), "S": ("5", "Ѕ"), "H": ("Н", "Η"), "K": ("К", "Κ"), "T": ("Т", "Τ")}
FAULTS = ("watchlist_legal_form", "watchlist_diacritics", "watchlist_pinyin", "watchlist_ocr_slip",
          "invoice_number", "invoice_date", "quantity", "total_amount", "hs_code", "seller", "buyer",
          "buyer_tax_code", "packages", "gross_weight", "fob_value", "co_expired", "co_backdated",
          "check_digit", "foreign_prefix", "expired_goods", "focus_goods", "goods_hs")

OTHER_PARTY = 7919
"""A wrong seller or buyer is the party of the shipment this many seeds on."""


@dataclass
class Planted:
    fault: str
    rule: str
    """The rule code that must fire."""
    severity: str
    """The least severity that counts as found (info for focus goods)."""
    watchlist: list[dict[str, str]] = field(default_factory=list)
    """Rows of the watchlist CSV the fault needs."""


def channel_of(severity: str | None) -> str:
    return {"high": "red", "medium": "yellow"}.get(severity or "", "green")


def party_fields(truth: dict[str, Any], who: str) -> list[tuple[str, str]]:
    """(doc_type, field) of every paper printing that party, Hanzi twins included."""
    names = SELLER_FIELDS if who == "seller" else BUYER_FIELDS
    found = []
    for doc_type, name in names.items():
        paper = truth["documents"].get(doc_type, {})
        found += [(doc_type, n) for n in (name, f"{name}_zh") if paper.get(n)]
    return found


def set_party(truth: dict[str, Any], who: str, name: str, zh: str | None = None) -> None:
    for doc_type, key in party_fields(truth, who):
        if key.endswith("_zh"):
            if zh is None:
                del truth["documents"][doc_type][key]
            else:
                truth["documents"][doc_type][key] = zh
        else:
            truth["documents"][doc_type][key] = name


def shorter(name: str) -> str | None:
    variant = name
    for long, short in LEGAL_VARIANTS:
        variant = variant.replace(long, short)
    return variant if variant != name else None


def slipped(name: str, rng: random.Random) -> str:
    """The name with two letters swapped for a look-alike (0 for O, Cyrillic А for A …)."""
    letters = [i for i, c in enumerate(name) if c in SLIPS]
    chars = list(name)
    for i in rng.sample(letters, min(2, len(letters))):
        chars[i] = rng.choice(SLIPS[chars[i]])
    return "".join(chars)


def watchlisted(truth: dict[str, Any], fault: str, rng: random.Random) -> Planted:
    """A party of the shipment is on a watchlist, written one way on the list and another on the papers."""
    who = rng.choice(("seller", "buyer"))
    name = truth["parties"][who]["name"]
    zh = next((truth["documents"][t][f] for t, f in party_fields(truth, who) if f.endswith("_zh")), None)
    listed = name
    if fault == "watchlist_legal_form":
        listed = shorter(name) or name.replace(" ", "  ").replace(",", "")
    elif fault == "watchlist_diacritics" and strip_diacritics(name) != name:
        listed = strip_diacritics(name)
    elif fault == "watchlist_pinyin" and zh:
        listed = " ".join(lazy_pinyin(zh)).upper()
    else:  # OCR slips on the papers (and a party with neither diacritics nor Hanzi for the other variants)
        set_party(truth, who, slipped(name, rng), zh)
    return Planted(fault, "WATCHLIST_MATCH", "high", [{"kind": "company", "name": listed, "note": fault}])


def another(value: str, rng: random.Random) -> str:
    """A code with one of its digits changed (never to itself)."""
    digits = [i for i, c in enumerate(value) if c.isdigit()]
    i = rng.choice(digits)
    return value[:i] + str((int(value[i]) + rng.randint(1, 8)) % 10) + value[i + 1:]


def wrong_check_digit(code: str) -> str:
    return code[:-1] + str((int(code[-1]) + 1) % 10)


def plant(truth: dict[str, Any], fault: str, rng: random.Random) -> tuple[dict[str, Any], Planted]:
    """A copy of the shipment with the fault planted, and what the checks must say about it."""
    truth = copy.deepcopy(truth)
    docs = truth["documents"]
    invoice, co, packing, declaration = docs["invoice"], docs["co"], docs["packing_list"], docs["declaration"]
    day = date.fromisoformat(truth["inspection_date"])
    if fault.startswith("watchlist_"):
        return truth, watchlisted(truth, fault, rng)
    if fault == "invoice_number":
        co["invoice_number"] = another(co["invoice_number"], rng)
        return truth, Planted(fault, "DOCUMENT_MISMATCH", "high")
    if fault == "invoice_date":
        co["invoice_date"] = (date.fromisoformat(invoice["invoice_date"]) - timedelta(days=rng.randint(3, 40))
                              ).isoformat()
        return truth, Planted(fault, "DOCUMENT_MISMATCH", "medium")
    if fault == "quantity":
        line = rng.randrange(len(co["items"]))
        co["items"][line]["quantity"] = round(co["items"][line]["quantity"] * rng.choice((0.5, 0.7, 0.8)))
        return truth, Planted(fault, "DOCUMENT_MISMATCH", "high")
    if fault == "total_amount":
        declaration["total_value"] = round(invoice["total_amount"] * rng.choice((0.6, 0.75, 0.8)), 2)
        return truth, Planted(fault, "DOCUMENT_MISMATCH", "medium")
    if fault == "fob_value":
        co["fob_value"] = round(invoice["total_amount"] * rng.choice((1.2, 1.5, 2.0)), 2)
        return truth, Planted(fault, "DOCUMENT_MISMATCH", "high")
    if fault == "hs_code":
        line = rng.randrange(len(co["items"]))
        old = co["items"][line]["hs_code"]
        new = next(h for h in ("851712", "030389", "610910", "870899", "330499") if h[:2] != old[:2])
        co["items"][line]["hs_code"] = new
        co["hs_codes"] = [new if h == old else h for h in co["hs_codes"]]
        return truth, Planted(fault, "DOCUMENT_MISMATCH", "high")
    if fault in ("seller", "buyer"):
        other = shipment(truth["seed"] + OTHER_PARTY)["parties"][fault]["name"]
        docs["co"]["exporter_name" if fault == "seller" else "consignee_name"] = other
        docs["co"].pop("exporter_name_zh" if fault == "seller" else "consignee_name_zh", None)
        return truth, Planted(fault, "DOCUMENT_MISMATCH", "medium")
    if fault == "buyer_tax_code":
        declaration["importer_tax_code"] = ids.vn_mst(rng, "01")
        return truth, Planted(fault, "DOCUMENT_MISMATCH", "high")
    if fault == "packages":
        packing["packages"] = int(packing["packages"] * rng.choice((1.2, 1.5))) + 1
        return truth, Planted(fault, "DOCUMENT_MISMATCH", "medium")
    if fault == "gross_weight":
        declaration["gross_weight_kg"] = round(packing["gross_weight_kg"] * rng.choice((1.15, 1.3, 0.8)), 1)
        return truth, Planted(fault, "DOCUMENT_MISMATCH", "medium")
    if fault == "co_expired":
        issued = day - timedelta(days=rng.randint(380, 500))
        for key in ("issue_date", "departure_date", "signature_date"):
            co[key] = issued.isoformat()
        for paper in (invoice, co, packing, declaration):
            if "invoice_date" in paper:
                paper["invoice_date"] = (issued - timedelta(days=3)).isoformat()
        return truth, Planted(fault, "CO_VALIDITY", "high")
    if fault == "co_backdated":
        co["issue_date"] = (date.fromisoformat(co["departure_date"]) - timedelta(days=rng.randint(20, 60))).isoformat()
        return truth, Planted(fault, "CO_VALIDITY", "medium")
    if fault == "check_digit":
        if rng.random() < 0.5 and truth["gtins"]:
            truth["gtins"][0] = wrong_check_digit(truth["gtins"][0])
        else:
            bad = wrong_check_digit(invoice["buyer_tax_code"])
            invoice["buyer_tax_code"] = declaration["importer_tax_code"] = bad
        return truth, Planted(fault, "CHECK_DIGIT_INVALID", "medium")
    if fault == "foreign_prefix":
        claimed = {truth["declared_origin"], invoice.get("origin_country"), co.get("issuing_country")}
        country = next(c for c in ("KR", "JP", "TH", "CN", "VN") if c not in claimed)
        truth["gtins"].append(ids.gtin13(rng, country))
        return truth, Planted(fault, "ORIGIN_PREFIX_MISMATCH", "medium")
    if fault == "expired_goods":
        gtin = truth["gtins"][0] if truth["gtins"] else ids.gtin13(rng, "VN")
        expiry = (day - timedelta(days=rng.randint(1, 200))).strftime("%y%m%d")
        truth.setdefault("element_strings", []).append(f"]d201{gtin.zfill(14)}17{expiry}10LOT{rng.randint(1, 999)}")
        return truth, Planted(fault, "PRODUCT_EXPIRED", "high")
    if fault == "focus_goods":
        for paper in (invoice, packing, declaration, co):
            item = paper["items"][0]
            item["description"] = "Sữa bột nguyên kem (Whole milk powder)" if paper is not co else "WHOLE MILK POWDER"
            item["hs_code"] = "04022100" if paper is not co else "040221"
        for paper in (invoice, declaration, co):
            paper["hs_codes"][0] = paper["items"][0]["hs_code"]
        return truth, Planted(fault, "FOCUS_GOODS", "info")
    if fault == "goods_hs":
        # One line's goods declared under another chapter on every paper: only the description tells.
        line = rng.randrange(len(invoice["items"]))
        old = invoice["items"][line]["hs_code"]
        new = "85171300" if old[:2] not in ("84", "85") else "08109099"
        for paper in (invoice, packing, declaration, co):
            if line < len(paper.get("items", [])):
                paper["items"][line]["hs_code"] = new if paper is not co else new[:6]
            if "hs_codes" in paper:
                paper["hs_codes"] = [(new if paper is not co else new[:6]) if h[:6] == old[:6] else h
                                     for h in paper["hs_codes"]]
        return truth, Planted(fault, "DOCUMENT_MISMATCH", "medium")
    raise ValueError(f"unknown fault {fault!r}")


def document(doc_type: str, fields: dict[str, Any], confidence: float = 1.0) -> ocr.Document:
    """The paper as a perfect reader would give it."""
    return ocr.Document(doc_type, ("vie", "eng"), {k: ocr.Field(v, confidence, (0, 0, 0, 0), sure=True)
                                                   for k, v in fields.items()}, "", 0.0)


def documents(truth: dict[str, Any]) -> tuple[ocr.Document, ...]:
    return tuple(document(t, f) for t, f in truth["documents"].items())


def codes(truth: dict[str, Any]) -> tuple[scanners.Symbol, ...]:
    """The barcodes on the goods as the decoders give them (barcodes are decoded, not read by OCR)."""
    found = [("EAN13", g) for g in truth["gtins"]] + [("DataMatrix", e) for e in truth.get("element_strings", [])]
    return tuple(scanners.Symbol(f, t, t.encode(), ((0, 0), (1, 0), (1, 1), (0, 1)), scanners.interpret(f, t))
                 for f, t in found)


def as_shipment(truth: dict[str, Any], papers: tuple[ocr.Document, ...]) -> Shipment:
    return Shipment(inspection_date=date.fromisoformat(truth["inspection_date"]), codes=codes(truth),
                    documents=papers, plates=tuple(truth["plates"]), container=truth.get("container") or "",
                    declared_origin=truth.get("declared_origin") or "",
                    direction="export" if str(truth.get("direction", "")).startswith("VN2") else "import")

"""Which document a page is, from its titles in any of the three languages.

A certificate of origin also says "invoice" (box 10), and a packing list quotes its invoice number, so
types are tried from the most specific title to the least.
"""
from __future__ import annotations

import re

from .normalise import fold

DOC_TYPES = ("invoice", "packing_list", "co", "declaration", "unknown")
FORMS = ("E", "D", "RCEP")

# Patterns run on folded text (lower case, no diacritics); Chinese passes through folding unchanged.
_TITLES: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("co", re.compile(r"certificate\s*of\s*origin|giay\s*chung\s*nhan\s*xuat\s*xu|原产地证|form\s*[ed]\b|"
                      r"asean.{0,3}china\s*free\s*trade|(?:goods|products)\s*consigned\s*(?:from|to)")),
    ("declaration", re.compile(r"to\s*khai\s*hang\s*hoa|to\s*khai\s*hai\s*quan|customs\s*declaration|"
                               r"so\s*to\s*khai|报关单|to\s*khai.{0,12}?(?:nhap|xuat)\s*khau|thong\s*tin\s*to\s*khai|"
                               r"dien\s*tu\s*hai\s*quan")),
    ("packing_list", re.compile(r"p[a-z]{1,2}king\s*l[il1]\S?t|phieu\s*dong\s*goi|"
                                r"bang\s*ke\s*(chi\s*tiet\s*)?dong\s*goi|danh\s*sach\s*dong\s*goi|bang\s*ke\s*chi\s*tiet\s*hang\s*hoa|weight\s*list|装箱单")),
    ("invoice", re.compile(r"invoice|hoa\s*don|发票")),
)
_FORM_TITLES: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("RCEP", re.compile(r"\brcep\b|regional\s*comprehensive\s*economic")),
    ("E", re.compile(r"form\s*e\b|asean.{0,3}china|acfta")),
    ("D", re.compile(r"form\s*d\b|atiga|asean\s*trade\s*in\s*goods")),
)


# Where no title was read, the labels a page holds still tell its kind: at least two of one kind's, more
# than of any other's.
_LABELS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("co", re.compile(r"origin\s*criterion|reference\s*n[o0]|issued\s*in|fob\s*value|exporter|consignee|"
                      r"certif|preferential|t[o0]tal\s*fo\S\s*value|continuation|[od]riginal\b|f[o0]r[mn]\s*[ed]\b|"
                      # A certificate's number of its own shape: one or two letters and a dozen digits.
                      r"(?<![a-z0-9])[a-z]{1,2}\d{12,17}(?![a-z0-9])")),
    ("declaration", re.compile(r"to\s*khai|ma\s*loai\s*hinh|ngay\s*dang\s*ky|nguoi\s*(?:nhap|xuat)\s*khau|"
                               r"hai\s*quan|ma\s*so\s*hang")),
    ("packing_list", re.compile(r"p[a-z]{1,2}kings?\b|gross\s*w|net\s*w|n\.\s*w\.|g\.\s*w\.|净重|毛重|件数|"
                                r"so\s*kien|pkgs|ctns|trong\s*luong|khoi\s*luong")),
    ("invoice", re.compile(r"unit\s*price|amount|don\s*gia|thanh\s*tien|单价|金额|seller|buyer|nguoi\s*(?:ban|mua)")),
)
MIN_LABELS = 2


def classify(text: str) -> str:
    """One of DOC_TYPES for the full text of a page."""
    folded = fold(text)
    for doc_type, title in _TITLES:
        if title.search(folded):
            return doc_type
    counts = {doc_type: len(set(m.group() for m in labels.finditer(folded))) for doc_type, labels in _LABELS}
    best = max(counts, key=lambda kind: counts[kind])
    if counts[best] >= MIN_LABELS and sorted(counts.values())[-2] < counts[best]:
        return best
    return "unknown"


def certificate_form(text: str) -> str | None:
    """E, D or RCEP for a certificate of origin's text; None when no form is named."""
    folded = fold(text)
    for form, title in _FORM_TITLES:
        if title.search(folded):
            return form
    return None

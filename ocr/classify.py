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
                      r"asean.{0,3}china\s*free\s*trade")),
    ("declaration", re.compile(r"to\s*khai\s*hang\s*hoa|to\s*khai\s*hai\s*quan|customs\s*declaration|"
                               r"so\s*to\s*khai|报关单")),
    ("packing_list", re.compile(r"p[a-z]{1,2}king\s*list|phieu\s*dong\s*goi|bang\s*ke\s*(chi\s*tiet\s*)?dong\s*goi|"
                                r"danh\s*sach\s*dong\s*goi|bang\s*ke\s*chi\s*tiet\s*hang\s*hoa|weight\s*list|装箱单")),
    ("invoice", re.compile(r"invoice|hoa\s*don|发票")),
)
_FORM_TITLES: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("RCEP", re.compile(r"\brcep\b|regional\s*comprehensive\s*economic")),
    ("E", re.compile(r"form\s*e\b|asean.{0,3}china|acfta")),
    ("D", re.compile(r"form\s*d\b|atiga|asean\s*trade\s*in\s*goods")),
)


def classify(text: str) -> str:
    """One of DOC_TYPES for the full text of a page."""
    folded = fold(text)
    for doc_type, title in _TITLES:
        if title.search(folded):
            return doc_type
    return "unknown"


def certificate_form(text: str) -> str | None:
    """E, D or RCEP for a certificate of origin's text; None when no form is named."""
    folded = fold(text)
    for form, title in _FORM_TITLES:
        if title.search(folded):
            return form
    return None

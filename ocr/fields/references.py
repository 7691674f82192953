"""Reference numbers: invoice numbers and certificate numbers, with position-aware OCR fixes and the
format rules of DOMAIN.md §1.1.1."""
from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import replace

from ..document import Field
from ..layout import Line
from ..normalise import AS_DIGIT, AS_LETTER, fix_by_pattern, fold
from .common import DATE, FIXED, INVALID, LABEL_TAIL, Hit, after, first, hits, under
from .labelled import labelled, opens_with_label

# Labels of an invoice's number, surest first: the invoice's own, then a receipt's or bill's, then the
# order or booking it settles.
INVOICE_LABELS = tuple(rf"(?:{label})(?![a-z])" for label in (
    r"[il1]nv(?:oice)?\.?\s*(?:n[o0°]|number|#|ref)|so\s*hoa\s*don|hoa\s*don\s*so|so\s*hd|发票(?:号码?|编号)",
    r"(?:bill|receipt|document|doc)\.?\s*(?:n[o0°]|number|#)|so\s*bien\s*lai|so\s*chung\s*tu|收据号码?",
    r"(?:order|booking)\s*(?:id|n[o0°]|number|#|ref)|订单号"))
# A bare number sign opening a line, as templates print "# 42" under a big INVOICE title: tried after every
# worded label, since a table's "#" column heads item numbers.
HASH_LABEL = r"^\s*#"
# Letters, digits and the separators invoice numbers use; at least one digit somewhere.
# Tesseract sometimes splits a number at a narrow glyph ("CI241 1-4640"): a space followed by digits
# and a separator still belongs to the number, unless it is the date printed after it.
# A date is never the number, even printed where the number should stand.
NOT_A_DATE = r"(?!\d{1,2}[/.\-]\d{1,2}[/.\-]\d{2,4}(?![\w/]))"
INVOICE_VALUE = (rf"(?P<v>{NOT_A_DATE}"
                 r"(?=[a-z0-9_/\-.]*\d)[a-z0-9][a-z0-9_/\-.]{2,30}[a-z0-9]"
                 r"(?: (?!\d{1,2}[/.\-]\d{1,2}[/.\-]\d{2,4})\d+[\-/][\d\-/]*\d)?)")
# A value printed under its label, as a form's column: letters and digits a space apart ("IBZY 2087").
# A date printed after the number is not part of it ("00075202 11-04-2025").
COLUMN_VALUE = (rf"(?P<v>{NOT_A_DATE}"
                r"(?=[a-z0-9_/\-. ]*\d)[a-z0-9](?:[a-z0-9_/\-.]|\s(?!\d{1,2}[/.\-]\d{1,2}[/.\-]\d{2,4}))"
                r"{2,30}[a-z0-9])")
# Vietnam's MOIT format (verified in part) and the shape of Chinese numbers seen on Form E (UNVERIFIED:
# not hard-validated, only a shape that lowers confidence when it does not fit).
VN_REFERENCE = re.compile(r"^VN-[A-Z]{2}\s?\d{2}/\d{2}/\d{5}$")
CN_REFERENCE = re.compile(r"^[A-Z]{1,2}\d{12,17}$")
# "Reference No." as printed and as OCR misreads a letter of it ("Refarence", "Referenoe").
REFERENCE_LABEL = (r"(?:ref[a-z]{4,6}\s*n[o0]|certificate\s*n[o0]|c/o\s*n[o0]|so\s*tham\s*chieu|"
                   r"so\s*(?:giay\s*)?c/o|证书(?:编)?号)")
# A certificate's number: Vietnam's VN-CN 25/02/04606, or letters and digits, joined by dashes on Form D.
REFERENCE_VALUE = r"(?P<v>vn\s?-\s?[a-z]{2}\s?[\dOoIlSB/ ]{10,12}|[a-z0-9£€][a-z0-9\-]{7,22}[a-z0-9])"
# A certificate's number found by its shape alone, where its label could not be read.
SHAPED_REFERENCE = (r"(?<![a-z0-9\-/])(?P<v>vn\s?-\s?[a-z]{2}\s?\d{2}/\d{2}/\d{5}|[a-z]{1,2}\d{12,17}|"
                    r"[a-z]{2}\d{2}(?:-[a-z0-9]{1,4})+-\d{5,7})(?![a-z0-9\-/])")
UNLABELLED = 0.9
# Form D's numbers open with the issuing ASEAN member and the year, then dashed groups ending in a serial
# ("TH23-BKK-878860", "MY23-D-178212"): only ASEAN members issue Form D.
DASHED_REFERENCE = re.compile(r"^(?:BN|KH|ID|LA|MY|MM|PH|SG|TH|VN)\d{2}(?:-[A-Z0-9]{1,4})+-\d{5,7}$")


# A date glued to a number's end, day first or ISO, a separator between them or none: no number ends so.
GLUED_DATE = re.compile(r"(?<=.{3}[A-Za-z0-9])[./\-]?(?:\d{2}[./-]\d{2}[./-]\d{4}|\d{4}[./-]\d{2}[./-]\d{2})$")


def fix_invoice_number(raw: str) -> str:
    """Leading letters stay letters; after them every letter-like glyph between digits is a digit; a date
    OCR glued to the number's end ("GX2406481405.06.2024") is not part of it."""
    raw = GLUED_DATE.sub("", raw)
    # The next label glued to the number's end ("EXP/25/3592DATED") is not part of it either.
    raw = re.sub(r"(?<=\d)(?:DATED?|Dated?|NGAY|Ngày|NGÀY)$", "", raw)
    head = re.match(r"[A-Za-z]*", raw).group()  # type: ignore[union-attr]
    rest = raw[len(head):]
    fixed = re.sub(r"(?<=[\d/\-.])[OoIlSB](?=[\d/\-.]|$)|[OoIlSB](?=\d)",
                   lambda m: m.group().translate(AS_DIGIT), rest)
    # A lower-case l among capitals is an I that lost its serifs; a number printed in lower case stays so.
    head = head if any(c.islower() and c != "l" for c in head) else head.replace("l", "I")
    return head.translate(AS_LETTER) + fixed


# A single letter before a digit that has a letter twin (C12409 or CI2409; E0 or EO), or such a digit before
# the letters (6X24098741 for GX24098741): where letters end and digits begin cannot be told from the glyphs.
BLURRED_START = re.compile(r"^(?:[A-Z][0125-8]|[0125-8][A-Z])")


def number_field(hit: Hit, raw: str, factor: float = 1.0) -> Field:
    """An invoice's number read at hit (raw: as printed, spaces dropped), less sure where OCR fixes or a
    blurred start between its letters and digits leave doubt."""
    value = fix_invoice_number(raw)
    factor *= (1.0 if value == raw else FIXED) * (FIXED if BLURRED_START.match(value) else 1.0)
    return hit.field(value, factor)


# An order's or booking's number stands in for the invoice's only when the page names none: it is shown as
# unsure, for the officer to confirm, since comparing it with another paper's invoice number would mislead.
STAND_IN = 0.6


def invoice_number(lines: Sequence[Line], labels: Sequence[str] = INVOICE_LABELS) -> Field | None:
    """The value after the surest of the labels on its line, or under it on the next line."""
    for rank, label in enumerate(labels):
        for found in hits(lines, label, group=""):
            hit = after(found, INVOICE_VALUE) or under(lines, found, COLUMN_VALUE)
            # Under a label may stand the next label with its own value ("Ngày hóa đơn 03-Sep-2025").
            if hit and not opens_with_label(hit.line.text, hit.start):
                return number_field(hit, hit.raw.replace(" ", ""), STAND_IN if rank == 2 else 1.0)
    return None


# An invoice's own paper may label its number "Số" or "No." alone (a VAT invoice's "Số (No.): 00053422");
# those words also number contracts, accounts and forms, whose word stands before them.
BARE_LABEL = r"(?<![^\s:：|])(?:(?:so|no)\.?(?:\s*\(\s*no\.?\s*\))?\s*[:：]|no\.)\s*"
OTHER_NUMBERS = re.compile(r"(?:contract|dong|khai|account|khoan|serial|hieu|mau|form|tel|fax|phone|container|cont|"
                           r"xe|plate|order|po|booking|ref|code|cqt|tax|thue|seal|kien|case)\W*$")
# Read from a bare label, the number is shown for the officer to confirm.
BARE = 0.9


def bare_invoice_number(lines: Sequence[Line]) -> Field | None:
    """The value of a bare "Số:" / "No.:" on an invoice, unless a word before it says what else it numbers."""
    for hit in hits(lines, rf"{BARE_LABEL}(?P<v>(?=[a-z0-9_/\-.]*\d)[a-z0-9][a-z0-9_/\-.]{{2,30}}[a-z0-9])\s*$"):
        label_start = re.search(rf"{BARE_LABEL}$", fold(hit.line.text[:hit.start]))
        if OTHER_NUMBERS.search(fold(hit.line.text[:label_start.start() if label_start else hit.start])):
            continue
        return number_field(hit, hit.raw, BARE)
    return None


def reference_field(hit: Hit) -> Field:
    raw = re.sub(r"\s*-\s*", "-", re.sub(r"\s+", " ", hit.raw.strip().upper()))
    if raw.startswith("VN") or raw[:2].translate(AS_DIGIT) == "VN".translate(AS_DIGIT):
        value = fix_by_pattern(raw, "AA-AA 99/99/99999") if len(raw) == 17 else \
            fix_by_pattern(raw, "AA-AA99/99/99999")
        valid = bool(VN_REFERENCE.match(value))
    elif "-" in raw:
        value = raw.replace(" ", "")
        valid = bool(DASHED_REFERENCE.match(value))
    else:
        compact = raw.replace(" ", "")
        # One or two letters name the form or issuer (E, R, RK); digits follow.
        head = re.match(r"[A-Z£€]{1,2}(?=[\dOoIlSB]{12})", compact)
        letters = head.end() if head else 1
        value = compact[:letters].translate(AS_LETTER) + compact[letters:].translate(AS_DIGIT)
        valid = bool(CN_REFERENCE.match(value))
    factor = (1.0 if value == raw else FIXED) * (1.0 if valid else INVALID)
    return hit.field(value, factor)


def reference_number(lines: Sequence[Line]) -> Field | None:
    """The certificate's number after its label, or in the cell beside or under the label."""
    hit = first(lines, rf"{REFERENCE_LABEL}{LABEL_TAIL}{REFERENCE_VALUE}") or \
        labelled(lines, REFERENCE_LABEL, REFERENCE_VALUE)
    if hit:
        return reference_field(hit)
    # A label misread past recognition ("Rderear So"): a number of a certificate's own shape stands for it,
    # a little less sure.
    for shaped in hits(lines, SHAPED_REFERENCE):
        field = reference_field(shaped)
        if field.confidence >= shaped.confidence * FIXED:
            return replace(field, confidence=round(field.confidence * UNLABELLED, 3))
    return None


# A number alone on its line in a paper's header, its label misread past recognition ("%4 HO / Iiwøicø
# Muinlier" over "2024114652"): letters, digits and dashes, four digits at least, neither a date nor an
# amount nor a container's number; a short misread word (the label's last) may stand before it.
LONE_NUMBER = re.compile(r"^\s*(?:[^\W\d_]{1,3}\.?\s+)?"
                         r"(?P<v>(?=(?:[^\d\n]*\d){4})[A-Z0-9][A-Z0-9\-/]{3,20}[A-Z0-9])\s*$")
CONTAINER = re.compile(r"^[A-Z]{3}[UJZ]\d{7}$")
# The header ends where the items begin: the row of the first item.
FIRST_ITEM = re.compile(r"^\W{0,2}1\s+[^\W\d_]")
# A header's number stands within this many line heights of the paper's date (its own, or the next cell's).
NEAR_DATE = 4
LONE = 0.75


def header_number(lines: Sequence[Line]) -> Field | None:
    """The first number standing alone on its line above the items, a date near it: on a packing list or an
    invoice, the invoice's number whose label could not be read. For the officer to confirm."""
    items = min((line.box[1] for line in lines if FIRST_ITEM.match(line.text)), default=float("inf"))
    dates = [line.box for line in lines if re.search(DATE, fold(line.text))]
    for line in lines:
        match = LONE_NUMBER.match(line.text)
        if match is None or line.box[1] >= items or CONTAINER.match(match.group("v")) \
                or re.fullmatch(DATE, fold(match.group("v"))):
            continue
        _, y, _, height = line.box
        if not any(box != line.box and abs(box[1] - y) <= NEAR_DATE * height for box in dates):
            continue
        return number_field(Hit(line, *match.span("v")), match.group("v"), LONE)
    return None

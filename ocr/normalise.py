"""Printed values into normal form: ISO dates, numbers, HS codes; OCR confusions fixed by position.

Every parser raises NormaliseError, and nothing else, on text it cannot read.
"""
from __future__ import annotations

import re
import unicodedata
from datetime import date
from decimal import Decimal, InvalidOperation

from .errors import NormaliseError

# What tesseract prints for a digit when the glyph is ambiguous; only applied where a digit must stand.
AS_DIGIT = str.maketrans({"O": "0", "o": "0", "Q": "0", "D": "0", "I": "1", "l": "1", "|": "1", "i": "1",
                          "!": "1", "Z": "2", "z": "2", "S": "5", "s": "5", "$": "5", "B": "8", "G": "6",
                          "g": "9", "q": "9"})
# And the reverse, where only a letter may stand (country codes, the E of a Chinese reference).
AS_LETTER = str.maketrans({"0": "O", "1": "I", "2": "Z", "5": "S", "8": "B", "6": "G", "£": "E", "€": "E"})
HS_LENGTHS = (4, 6, 8, 10)
# Numbers longer than this are OCR runs of digits, not amounts.
MAX_NUMBER_DIGITS = 18


def fold(text: str) -> str:
    """Lower case without diacritics, one character for each input character, so match offsets carry over."""
    out = []
    for char in text:
        if char in "đĐ":
            out.append("d")
            continue
        base = unicodedata.normalize("NFD", char)[:1] or char
        out.append(base.lower()[:1] or base)
    return "".join(out)


def fix_by_pattern(text: str, pattern: str) -> str:
    """Fixes OCR confusions per position: '9' in pattern wants a digit, 'A' a letter, anything else as is.

    >>> fix_by_pattern("E2S45O", "A99999")
    'E25450'
    """
    if len(text) != len(pattern):
        return text
    fixed = []
    for char, want in zip(text, pattern):
        if want == "9":
            char = char.translate(AS_DIGIT)
        elif want == "A":
            char = char.translate(AS_LETTER)
        fixed.append(char)
    return "".join(fixed)


def digits(text: str) -> str:
    """Every character of a digit-only field as a digit where OCR confused it, separators dropped."""
    return re.sub(r"[\s.,\-/]", "", text.translate(AS_DIGIT))


# A digit, or a glyph OCR prints for one; groups are translated to digits after matching.
_D = r"[\dOoQDIl|i!ZzSs$BGgq]"
_DATE_PATTERNS = (
    (re.compile(rf"^({_D}{{1,2}})\s*[/.\-]\s*({_D}{{1,2}})\s*[/.\-]\s*({_D}{{4}})$"), "dmy"),
    (re.compile(rf"^({_D}{{4}})\s*[/.\-]\s*({_D}{{1,2}})\s*[/.\-]\s*({_D}{{1,2}})$"), "ymd"),
    (re.compile(rf"^({_D}{{4}})\s*年\s*({_D}{{1,2}})\s*月\s*({_D}{{1,2}})\s*日?$"), "ymd"),
    (re.compile(rf"^ngay\s*({_D}{{1,2}})\s*thang\s*({_D}{{1,2}})\s*nam\s*({_D}{{4}})$"), "dmy"),
    (re.compile(r"^(\d{4})(\d{2})(\d{2})$"), "ymd"),
)


def parse_date(text: str) -> date:
    """dd/mm/yyyy (also with - or .), yyyy-mm-dd, yyyymmdd, 2025年3月5日 and 'ngày 5 tháng 3 năm 2025'.

    >>> parse_date("2025年3月5日").isoformat()
    '2025-03-05'
    """
    if not isinstance(text, str) or len(text) > 64:
        raise NormaliseError(value=str(text)[:64], kind="date", expected="dd/mm/yyyy")
    cleaned = fold(text.strip())
    for pattern, order in _DATE_PATTERNS:
        match = pattern.match(cleaned)
        if not match:
            continue
        numbers = [g.translate(AS_DIGIT) for g in match.groups()]
        if not all(n.isascii() and n.isdigit() for n in numbers):
            break
        parts = dict(zip(order, (int(n) for n in numbers)))
        try:
            return date(parts["y"], parts["m"], parts["d"])
        except ValueError:
            raise NormaliseError(value=text, kind="date", expected="a day that exists") from None
    raise NormaliseError(value=text, kind="date", expected="dd/mm/yyyy")


def parse_number(text: str) -> Decimal:
    """Amounts as either side of the border prints them: 1.234.567,50 and 1,234,567.50, 1 234 567,50.

    A lone separator followed by exactly three digits groups thousands (1.234 is 1234), otherwise it is
    the decimal mark (0.96, 450,9).

    >>> parse_number("1.234.567,50")
    Decimal('1234567.50')
    """
    if not isinstance(text, str) or len(text) > 64:
        raise NormaliseError(value=str(text)[:64], kind="number", expected="digits")
    cleaned = re.sub(r"[\s\u00a0\u202f']", "", text).translate(AS_DIGIT)
    sign = ""
    if cleaned[:1] in "-−":
        sign, cleaned = "-", cleaned[1:]
    if not re.fullmatch(r"\d[\d.,]*", cleaned) or cleaned[-1] in ".,":
        raise NormaliseError(value=text, kind="number", expected="digits with . or , separators")
    separators = [c for c in cleaned if c in ".,"]
    if not separators:
        whole, fraction = cleaned, ""
    elif len(set(separators)) == 2:
        decimal_mark = cleaned[max(cleaned.rfind("."), cleaned.rfind(","))]
        if separators.count(decimal_mark) > 1:
            raise NormaliseError(value=text, kind="number", expected="one decimal mark")
        whole, fraction = cleaned.split(decimal_mark)
        whole = _ungroup(whole, "," if decimal_mark == "." else ".", text)
    else:
        mark = separators[0]
        head, *groups = cleaned.split(mark)
        if len(groups) > 1 or (len(groups[0]) == 3 and head != "0"):
            whole, fraction = _ungroup(cleaned, mark, text), ""
        else:
            whole, fraction = head, groups[0]
    if len(whole) + len(fraction) > MAX_NUMBER_DIGITS:
        raise NormaliseError(value=text, kind="number", expected=f"at most {MAX_NUMBER_DIGITS} digits")
    try:
        return Decimal(sign + whole + ("." + fraction if fraction else ""))
    except InvalidOperation:
        raise NormaliseError(value=text, kind="number", expected="digits") from None


def _ungroup(whole: str, mark: str, original: str) -> str:
    head, *groups = whole.split(mark)
    if not head or len(head) > 3 or any(len(g) != 3 for g in groups):
        raise NormaliseError(value=original, kind="number", expected="thousands in groups of three")
    return head + "".join(groups)


def number_value(number: Decimal) -> int | float:
    """JSON-ready: whole amounts as integers, others as floats."""
    return int(number) if number == number.to_integral_value() else float(number)


def parse_hs_code(text: str) -> str:
    """An HS code as its digits: '0810.90.40' → '08109040'; 4, 6, 8 or 10 digits.

    >>> parse_hs_code("O8l0.9O.4O")
    '08109040'
    """
    if not isinstance(text, str) or len(text) > 32:
        raise NormaliseError(value=str(text)[:32], kind="HS code", expected="4, 6, 8 or 10 digits")
    code = digits(text.strip())
    if not code.isascii() or not code.isdigit() or len(code) not in HS_LENGTHS:
        raise NormaliseError(value=text, kind="HS code", expected="4, 6, 8 or 10 digits")
    return code

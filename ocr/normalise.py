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
# English month names and their abbreviations (folded), as invoices and receipts print them: "12 Mar 2024",
# "30 DEC 17", "March 12, 2024", "Sept. 5, 2025".
MONTHS = {name: number for number, names in enumerate((
    ("jan", "january"), ("feb", "february"), ("mar", "march"), ("apr", "april"), ("may",), ("jun", "june"),
    ("jul", "july"), ("aug", "august"), ("sep", "sept", "september"), ("oct", "october"),
    ("nov", "november"), ("dec", "december")), start=1) for name in names}
_DAY, _MONTH_NUMBER, _YEAR = rf"(?P<d>{_D}{{1,2}})", rf"(?P<m>{_D}{{1,2}})", rf"(?P<y>{_D}{{4}})"
_MONTH_NAME = "(?P<M>" + "|".join(sorted(MONTHS, key=len, reverse=True)) + r")\.?"
_ORDINAL = r"(?:st|nd|rd|th)?"
_SHORT_YEAR = r"(?P<y>\d{4}|\d{2})"
_DATE_PATTERNS = tuple(re.compile(p) for p in (
    rf"^{_DAY}\s*[/.\-]\s*{_MONTH_NUMBER}\s*[/.\-]\s*{_YEAR}$",
    rf"^{_YEAR}\s*[/.\-]\s*{_MONTH_NUMBER}\s*[/.\-]\s*{_DAY}$",
    rf"^{_YEAR}\s*年\s*{_MONTH_NUMBER}\s*月\s*{_DAY}\s*日?$",
    rf"^(?:ngay\s*)?{_DAY}\s*thang\s*{_MONTH_NUMBER}\s*(?:nam|,)\s*{_YEAR}$",
    r"^(?P<y>\d{4})(?P<m>\d{2})(?P<d>\d{2})$",
    rf"^(?P<d>\d{{1,2}}){_ORDINAL}[\s\-/.,]*{_MONTH_NAME}[\s\-/.,]*{_SHORT_YEAR}$",
    rf"^{_MONTH_NAME}[\s\-/.,]*(?P<d>\d{{1,2}}){_ORDINAL}[\s\-/.,]*{_SHORT_YEAR}$",
    # Two-digit years only between / or - (the same twice), as a receipt prints 24-03-18; never between
    # points, which amounts have.
    r"^(?P<d>\d{1,2})\s*(?P<sep>[/\-])\s*(?P<m>\d{1,2})\s*(?P=sep)\s*(?P<y>\d{2})$",
))
# Two-digit years are this century's: the documents are recent, and an expiry may lie decades ahead.
CENTURY = 2000


def parse_date(text: str) -> date:
    """dd/mm/yyyy (also with - or .), dd/mm/yy and dd-mm-yy, yyyy-mm-dd, yyyymmdd, 2025年3月5日,
    'ngày 5 tháng 3 năm 2025', and English month names: '12 Mar 2024', '30 DEC 17', 'March 12, 2024'.

    >>> parse_date("2025年3月5日").isoformat()
    '2025-03-05'
    >>> parse_date("30 DEC 17").isoformat()
    '2017-12-30'
    """
    if not isinstance(text, str) or len(text) > 64:
        raise NormaliseError(value=str(text)[:64], kind="date", expected="dd/mm/yyyy")
    cleaned = fold(text.strip())
    for pattern in _DATE_PATTERNS:
        match = pattern.match(cleaned)
        if not match:
            continue
        printed = match.groupdict()
        month_name = printed.get("M")
        numbers = [str(MONTHS[month_name]) if key == "m" and month_name else printed[key].translate(AS_DIGIT)
                   for key in ("d", "m", "y")]
        if not all(n.isascii() and n.isdigit() for n in numbers):
            break
        day, month, year = (int(n) for n in numbers)
        year += CENTURY if len(printed["y"]) == 2 else 0
        try:
            return date(year, month, day)
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

"""What officers type, parsed in one place: amounts and quantities, dates; identifiers are scanners' to check,
and why one fails is said here in the officer's language.

Officers type numbers both ways: Vietnamese `1.234,5` and English `1,234.5`. A lone separator followed by
exactly three digits (`1,250`, `1.250`) reads either way — 1.25 or 1250 — and a weight or a value off by a
factor 1000 is worse than a question, so where a fraction is allowed it is asked, never guessed. Dates are
typed dd/mm/yyyy (a date picker sends yyyy-mm-dd); two-digit years are refused rather than given a century.

Every parser raises InvalidInput (an officer-facing message naming the field) and nothing else.
"""
from __future__ import annotations

import math
import re
from datetime import date
from decimal import Decimal
from typing import Any

from scanners import Coded

from .errors import N_, InvalidInput
from .i18n import Message

MAX_TEXT = 64  # longer than any number or date an officer types; keeps a pasted page from being parsed
# The decimal mark, as a msgid so that each language writes a reading its own way (vi: 1,25; en: 1.25).
DECIMAL = N_("%(units)s.%(fraction)s")
_SPACES = re.compile(r"[\s\u00a0\u202f]")
_NUMBER = re.compile(r"[0-9][0-9.,]*")
_DMY = re.compile(r"(?P<d>[0-9]{1,2})[/.\-](?P<m>[0-9]{1,2})[/.\-](?P<y>[0-9]+)")
_ISO = re.compile(r"(?P<y>[0-9]{4})-(?P<m>[0-9]{2})-(?P<d>[0-9]{2})")


def _text(raw: Any) -> str:
    return "" if raw is None else str(raw).strip()


def _ungrouped(text: str, mark: str) -> str | None:
    """The digits of `text` whose every `mark` separates thousands (1.234.567), else None."""
    head, *groups = text.split(mark)
    if not 1 <= len(head) <= 3 or not all(len(g) == 3 for g in groups):
        return None
    return head + "".join(groups)


def _reading(value: Decimal) -> Message:
    """A number as the officer's language writes it, for a message: '1,25' in Vietnamese, '1.25' in English."""
    units, _, fraction = format(value, "f").partition(".")
    return Message(DECIMAL, {"units": units, "fraction": fraction}) if fraction else Message(units)


def parse_number(raw: Any, field: str, *, whole: bool = False) -> Decimal | None:
    """A non-negative number typed either way (1.234,5 or 1,234.5; spaces group thousands too); None when empty.
    A lone separator before three digits asks which was meant, unless the number must be whole (then 1,250
    is 1250). A JSON number is a number already: nothing to ask."""
    if isinstance(raw, (int, float)) and not isinstance(raw, bool):
        return _json_number(raw, field, whole)
    text = _SPACES.sub("", _text(raw))
    if not text:
        return None
    if len(text) > MAX_TEXT or not text.isascii() or not _NUMBER.fullmatch(text) or text[-1] in ".,":
        raise _not_a_number(field)
    units, fraction = _units_and_fraction(text, field, whole)
    if whole and fraction:
        raise InvalidInput(field=field, problem=N_("must be a whole non-negative number"))
    return Decimal(f"{units}.{fraction}" if fraction else units)


def _not_a_number(field: str) -> InvalidInput:
    return InvalidInput(field=field, problem=N_("must be a number"))


def _json_number(raw: float, field: str, whole: bool) -> Decimal:
    if not math.isfinite(raw) or raw < 0 or (whole and raw != int(raw)):
        raise InvalidInput(field=field, problem=N_("must be a whole non-negative number") if whole
                           else N_("must be a number"))
    return Decimal(str(raw))


def _units_and_fraction(text: str, field: str, whole: bool) -> tuple[str, str]:
    """The digits before and after the decimal mark of a number made of digits, '.' and ','."""
    marks = [c for c in text if c in ".,"]
    if not marks:
        return text, ""
    if len(set(marks)) == 2:
        return _both_marks(text, field)
    if len(marks) > 1:  # one kind, several times: thousands only
        grouped = _ungrouped(text, marks[0])
        if grouped is None:
            raise _not_a_number(field)
        return grouped, ""
    return _lone_mark(text, marks[0], field, whole)


def _both_marks(text: str, field: str) -> tuple[str, str]:
    """Both marks: the last one is the decimal mark, the other groups thousands."""
    point = text[max(text.rfind("."), text.rfind(","))]
    head, fraction = text.rsplit(point, 1)
    grouped = _ungrouped(head, "," if point == "." else ".")
    if grouped is None or point in head:
        raise _not_a_number(field)
    return grouped, fraction


def _lone_mark(text: str, mark: str, field: str, whole: bool) -> tuple[str, str]:
    """One mark, once: a decimal mark, unless three digits follow a short head (1,250): then it reads either
    way, and is asked about, or taken for thousands where the number must be whole."""
    units, fraction = text.split(mark)
    if len(fraction) == 3 and units != "0" and len(units) <= 3:
        if not whole:
            raise InvalidInput(field=field, problem=Message(
                N_("%(text)s could be %(small)s or %(large)s: type it as one of these"),
                {"text": text, "small": _reading(Decimal(f"{units}.{fraction}").normalize()),
                 "large": _reading(Decimal(units + fraction))}))
        return units + fraction, ""
    return units, fraction


def parse_quantity(raw: Any, field: str, *, limit: Decimal, allow_zero: bool = False) -> Decimal:
    """A count or a weight: positive (or zero if allowed), at most `limit`, up to three decimals."""
    if _text(raw)[:1] in "-−" and _text(raw)[1:2].isdigit():
        raise InvalidInput(field=field, problem=N_("must not be negative") if allow_zero
                           else N_("must be a positive number"))
    value = parse_number(raw, field)
    if value is None:
        raise InvalidInput(field=field, problem=N_("must be a number"))
    if value == 0 and not allow_zero:
        raise InvalidInput(field=field, problem=N_("must be a positive number"))
    if value > limit or value != value.quantize(Decimal("0.001")):
        raise InvalidInput(field=field, problem=N_("at most 1,000,000,000 with three decimals"))
    return value.normalize() if value == value.to_integral() else value


def parse_whole(raw: Any, field: str, *, limit: int) -> int | None:
    """A whole amount (VND) or count: '12.500.000', '1,250,000', '12 500 000', '1250'; None when empty."""
    text = _text(raw)
    if text[:1] in "-−" and text[1:2].isdigit():
        raise InvalidInput(field=field, problem=N_("must be a whole non-negative number"))
    try:
        value = parse_number(raw, field, whole=True)
    except InvalidInput:
        raise InvalidInput(field=field, problem=N_("must be a whole non-negative number")) from None
    if value is not None and value > limit:
        raise InvalidInput(field=field, problem=N_("too large"))
    return None if value is None else int(value)


def format_number(value: Decimal | int, lang: str) -> str:
    """Grouped in thousands the way `lang` writes numbers: '1.234,5' (vi) or '1,234.5' (en)."""
    units, _, fraction = format(Decimal(value), "f").partition(".")
    grouped = f"{int(units):,}"
    if lang == "vi":
        grouped = grouped.replace(",", ".")
    return grouped + ("," if lang == "vi" else ".") + fraction if fraction else grouped


def parse_date(raw: Any, field: str) -> date | None:
    """dd/mm/yyyy as officers type it (also with '.' or '-'), or yyyy-mm-dd as a date picker sends it;
    None when empty."""
    text = _text(raw)
    if not text:
        return None
    match = (_ISO.fullmatch(text) or _DMY.fullmatch(text)) if text.isascii() else None
    if match is not None and len(match["y"]) == 2:
        raise InvalidInput(field=field, problem=N_("type the year in full, with four digits"))
    if match is None or len(match["y"]) != 4:
        raise InvalidInput(field=field, problem=N_("expected dd/mm/yyyy"))
    try:
        return date(int(match["y"]), int(match["m"]), int(match["d"]))
    except ValueError:
        raise InvalidInput(field=field, problem=Message(N_("%(text)s is not a date of the calendar"),
                                                        {"text": text})) from None


def format_date(value: date) -> str:
    """dd/mm/yyyy, as Vietnamese forms write dates."""
    return f"{value.day:02d}/{value.month:02d}/{value.year:04d}"


def identifier_reason(result: Coded) -> Message | None:
    """Why scanners found an identifier invalid (its first problem, as a msgid the catalog translates), or None."""
    if result.valid:
        return None
    first = result.problems[0]
    return Message(first.msgid, first.values)

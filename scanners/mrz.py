"""ICAO 9303 machine-readable zones: TD1 (ID cards), TD2, TD3 (passports), every check digit (§3.8)."""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from .errors import Problem, Reason, problem, require_valid

CHARSET = re.compile(r"^[A-Z0-9<]+$")
LAYOUTS = {(3, 30): "TD1", (2, 36): "TD2", (2, 44): "TD3"}


@dataclass(frozen=True)
class Mrz:
    raw: str
    """The zone as read, lines separated by newlines."""
    format: str
    """'TD1', 'TD2' or 'TD3'; empty when the layout is unknown."""
    valid: bool
    """Whether every check digit is right."""
    problems: tuple[Problem, ...] = field(default=())
    """Why it is not valid, one per failed check digit."""
    document_code: str = ""
    """'P' passport, 'I'/'ID' identity card … ('<' removed)."""
    issuing_state: str = ""
    """ICAO three-letter code: VNM, CHN …"""
    document_number: str = ""
    """Without filler; an overflowing TD1 number continues into the optional data."""
    nationality: str = ""
    """ICAO three-letter code."""
    birth_date: str = ""
    """YYMMDD as printed (the century is not in the zone)."""
    sex: str = ""
    """'M', 'F' or '<' (unspecified)."""
    expiry_date: str = ""
    """YYMMDD as printed."""
    surname: str = ""
    """Primary identifier, fillers as spaces."""
    given_names: str = ""
    """Secondary identifier, fillers as spaces."""
    optional_data: str = ""
    """Personal number or other optional data, without filler."""
    checks: tuple[tuple[str, bool], ...] = ()
    """Each check digit by name and whether it is right."""
    kind: str = "mrz"

    @property
    def errors(self) -> tuple[str, ...]:
        return tuple(p.message for p in self.problems)

    def as_dict(self) -> dict[str, Any]:
        return {"kind": self.kind, "format": self.format, "valid": self.valid, "errors": list(self.errors),
                "document_code": self.document_code, "issuing_state": self.issuing_state,
                "document_number": self.document_number, "nationality": self.nationality,
                "birth_date": self.birth_date, "sex": self.sex, "expiry_date": self.expiry_date,
                "surname": self.surname, "given_names": self.given_names, "optional_data": self.optional_data,
                "checks": dict(self.checks)}


def _value(char: str) -> int:
    # Only ASCII digits: str.isdigit() also accepts '³' and '٣', which int() may refuse or misread.
    if "0" <= char <= "9":
        return int(char)
    return 0 if char == "<" else ord(char) - ord("A") + 10


def calc_check_digit(text: str) -> str:
    """Weights 7, 3, 1 repeating; '<' is 0, A–Z are 10–35; the sum mod 10 (text already matched CHARSET)."""
    return str(sum(_value(c) * (7, 3, 1)[i % 3] for i, c in enumerate(text)) % 10)


def lines(text: str) -> list[str]:
    """The zone's lines: split on line breaks, or cut a single run of 90, 72 or 88 characters."""
    rows = [r.strip().replace(" ", "") for r in text.strip().splitlines() if r.strip()]
    if len(rows) == 1:
        row = rows[0]
        for (count, width) in LAYOUTS:
            if len(row) == count * width:
                return [row[i * width:(i + 1) * width] for i in range(count)]
    return rows


def looks_like(text: str) -> bool:
    """Whether text has the shape of a machine-readable zone (used before interpreting it)."""
    rows = lines(text) if isinstance(text, str) else []
    return (len(rows), len(rows[0]) if rows else 0) in LAYOUTS and all(
        len(r) == len(rows[0]) and CHARSET.match(r) for r in rows)


def _clean(text: str) -> str:
    return text.replace("<", " ").strip()


def _names(field_: str) -> tuple[str, str]:
    surname, _, given = field_.partition("<<")
    return _clean(surname), " ".join(_clean(given).split())


def parse(text: str) -> Mrz:
    """A TD1, TD2 or TD3 zone; never raises."""
    if not isinstance(text, str):
        return Mrz(repr(text), "", False, (problem(text, "MRZ", Reason.NOT_TEXT),))
    rows = lines(text)
    layout = LAYOUTS.get((len(rows), len(rows[0]) if rows else 0))
    if layout is None or not all(len(r) == len(rows[0]) and CHARSET.match(r) for r in rows):
        return Mrz(text, "", False, (problem(text, "MRZ", Reason.MRZ_LAYOUT),))
    return _td1(text, rows) if layout == "TD1" else _td23(text, rows, layout)


def _verdict(text: str, layout: str, checks: list[tuple[str, str, str]], **fields: str) -> Mrz:
    """checks: (name, checked characters, printed check digit)."""
    results, problems = [], []
    for name, data, printed in checks:
        expected = calc_check_digit(data)
        ok = printed == expected or (name == "optional data" and printed == "<" and set(data) <= {"<"})
        results.append((name, ok))
        if not ok:
            problems.append(problem(text, "MRZ", Reason.MRZ_CHECK_DIGIT, field=name, expected=expected))
    return Mrz(text, layout, not problems, tuple(problems), checks=tuple(results), **fields)


def _td1(text: str, rows: list[str]) -> Mrz:
    l1, l2, l3 = rows
    number, number_check, optional1 = l1[5:14], l1[14], l1[15:30]
    number_data = number
    # ICAO overflow: the number continues in the optional data; its last character is the check digit.
    # Filler straight after the '<' is no overflow: the '<' stays the (failing) check digit.
    if number_check == "<" and (rest := optional1.split("<", 1)[0]):
        number_data, number_check = number + rest[:-1], rest[-1]
        optional1 = optional1[len(rest):]
    surname, given = _names(l3)
    checks = [("document number", number_data, number_check), ("birth date", l2[0:6], l2[6]),
              ("expiry date", l2[8:14], l2[14]), ("composite", l1[5:30] + l2[0:7] + l2[8:15] + l2[18:29], l2[29])]
    return _verdict(text, "TD1", checks, document_code=_clean(l1[0:2]), issuing_state=_clean(l1[2:5]),
                    document_number=_clean(number_data), nationality=_clean(l2[15:18]), birth_date=l2[0:6],
                    sex=l2[7], expiry_date=l2[8:14], surname=surname, given_names=given,
                    optional_data=" ".join(_clean(optional1 + "<" + l2[18:29]).split()))


def _td23(text: str, rows: list[str], layout: str) -> Mrz:
    l1, l2 = rows
    surname, given = _names(l1[5:])
    checks = [("document number", l2[0:9], l2[9]), ("birth date", l2[13:19], l2[19]),
              ("expiry date", l2[21:27], l2[27])]
    if layout == "TD3":
        optional = l2[28:42]
        checks += [("optional data", optional, l2[42]),
                   ("composite", l2[0:10] + l2[13:20] + l2[21:43], l2[43])]
    else:
        optional = l2[28:35]
        checks.append(("composite", l2[0:10] + l2[13:20] + l2[21:35], l2[35]))
    return _verdict(text, layout, checks, document_code=_clean(l1[0:2]), issuing_state=_clean(l1[2:5]),
                    document_number=_clean(l2[0:9]), nationality=_clean(l2[10:13]), birth_date=l2[13:19],
                    sex=l2[20], expiry_date=l2[21:27], surname=surname, given_names=given,
                    optional_data=_clean(optional))


def validate(text: str) -> Mrz:
    """The parsed machine-readable zone; raises InvalidCodeError naming every failed check when it is not valid."""
    return require_valid(parse(text))


def is_valid(text: str) -> bool:
    """Whether the machine-readable zone passes every check; never raises."""
    return parse(text).valid

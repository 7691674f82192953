"""Vietnamese and Chinese licence plates of trucks at the border (DOMAIN.md §3.6–3.7)."""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from .errors import Problem, Reason, problem, require_valid

VN_CAR = re.compile(r"^(?P<province>[0-9]{2})(?P<series>[A-Z]{1,2})[-\s]?(?P<number>[0-9]{3}\.?[0-9]{2}|[0-9]{4})$")
VN_MOTORBIKE = re.compile(
    r"^(?P<province>[0-9]{2})-?(?P<series>[A-Z][A-Z0-9])[-\s]?(?P<number>[0-9]{3}\.?[0-9]{2}|[0-9]{4})$")
CN_PROVINCES = "京津沪渝冀豫云辽黑湘皖鲁新苏浙赣鄂桂甘晋蒙陕吉闽贵粤青藏川宁琼"
# Letters and digits of a Chinese plate never include I or O (they look like 1 and 0).
_CN_CHAR = "[A-HJ-NP-Z0-9]"
CN_PLATE = re.compile(
    rf"^(?P<province>[{CN_PROVINCES}])(?P<city>[A-HJ-NP-Z])[·•\-\s]?"
    rf"(?P<number>[DF]{_CN_CHAR}{{5}}|{_CN_CHAR}{{5}}[DF]|{_CN_CHAR}{{5}}|{_CN_CHAR}{{4}}[挂学警港澳])$")


@dataclass(frozen=True)
class Plate:
    raw: str
    """The plate as typed or read."""
    plate: str
    """Normalised for matching: upper-case, without '-', '.', '·' and spaces."""
    valid: bool
    """Whether it has the shape of a Vietnamese or Chinese plate."""
    problems: tuple[Problem, ...] = field(default=())
    """Why it is not valid."""
    country: str = ""
    """'VN' or 'CN'."""
    province: str = ""
    """Vietnamese two-digit province code (Lạng Sơn 12) or Chinese province character (Guangxi 桂)."""
    series: str = ""
    """Vietnamese series letters, or the Chinese issuing-city letter (Chongzuo F)."""
    number: str = ""
    """The rest, as printed (Vietnamese '123.45', Chinese '12345' or 'D12345')."""
    vehicle: str = ""
    """Vietnamese 'car/truck' or 'motorbike'; Chinese 'new energy', 'trailer' or 'ordinary'."""
    kind: str = "plate"

    @property
    def errors(self) -> tuple[str, ...]:
        return tuple(p.message for p in self.problems)

    def as_dict(self) -> dict[str, Any]:
        return {"kind": self.kind, "plate": self.plate, "valid": self.valid, "errors": list(self.errors),
                "country": self.country, "province": self.province, "series": self.series,
                "number": self.number, "vehicle": self.vehicle}


def normalise(text: str) -> str:
    """The form watchlists compare: upper-case, no '-', '.', '·' or spaces."""
    return re.sub(r"[\s\-.·•]", "", text).upper()


def parse(text: str) -> Plate:
    """A Vietnamese plate (car rule first, so '12C12345' is 12 / C / 12345), else a Chinese one."""
    if not isinstance(text, str):
        return Plate(repr(text), "", False, (problem(text, "licence plate", Reason.NOT_TEXT),))
    spaced = " ".join(text.split()).upper()
    for rule, vehicle in ((VN_CAR, "car/truck"), (VN_MOTORBIKE, "motorbike")):
        if m := rule.match(spaced):
            return Plate(text, normalise(text), True, (), "VN", m["province"], m["series"], m["number"], vehicle)
    if m := CN_PLATE.match(spaced):
        number = m["number"]
        vehicle = "new energy" if len(number) == 6 else "trailer" if number.endswith("挂") else "ordinary"
        return Plate(text, normalise(text), True, (), "CN", m["province"], m["city"], number, vehicle)
    return Plate(text, normalise(text), False, (problem(text, "licence plate", Reason.PLATE_FORMAT),))


def validate(text: str) -> Plate:
    """The parsed licence plate; raises InvalidCodeError naming every failed check when it is not valid."""
    return require_valid(parse(text))


def is_valid(text: str) -> bool:
    """Whether the licence plate passes every check; never raises."""
    return parse(text).valid

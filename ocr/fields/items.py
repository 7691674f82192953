"""Line items of an invoice or packing list: one row per item number, continuation lines joined."""
from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

from ..document import Field
from ..errors import NormaliseError
from ..layout import Line, union
from ..normalise import fold, number_value, parse_hs_code, parse_number
from .common import HS_DOTTED, NUMBER

ROW = re.compile(rf"^\s*(?P<n>\d{{1,3}})\s+(?P<desc>.+?)\s+(?P<hs>{HS_DOTTED})\s+(?P<q>{NUMBER})\s+"
                 rf"(?P<u>[a-z]{{1,6}})\s+(?P<p>{NUMBER})\s+(?P<a>{NUMBER})\s*$")
ROW_END = re.compile(r"^\s*\d{1,3}\s|total|tong\s*cong|合计")


def items_field(lines: Sequence[Line]) -> Field | None:
    items: list[dict[str, Any]] = []
    boxes = []
    confidences = []
    for i, line in enumerate(lines):
        match = ROW.match(fold(line.text))
        if not match:
            continue
        description = line.text[match.start("desc"):match.end("desc")]
        # A description wraps onto lines that carry no item number of their own.
        for follower in lines[i + 1:i + 3]:
            if ROW_END.search(fold(follower.text)) or any(c.isdigit() for c in follower.text[:3]):
                break
            description += " " + follower.text
            boxes.append(follower.box)
        try:
            items.append({"description": description.strip(),
                          "hs_code": parse_hs_code(match.group("hs")),
                          "quantity": number_value(parse_number(match.group("q"))),
                          "unit": line.text[match.start("u"):match.end("u")].upper(),
                          "unit_price": number_value(parse_number(match.group("p"))),
                          "amount": number_value(parse_number(match.group("a")))})
        except NormaliseError:
            continue
        boxes.append(line.box)
        confidences.append(min(w.confidence for w in line.words))
    if not items:
        return None
    return Field(items, round(min(confidences), 3), union(boxes))

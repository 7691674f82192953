"""GS1 Digital Link URIs: a GTIN and its qualifiers in a web address (https://id.gs1.org/01/…/10/…).

The path's AI/value pairs and the query's numeric keys become an element string checked by gs1.parse.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import parse_qsl, unquote, urlsplit

from . import gs1
from .errors import Problem, Reason, problem, require_valid

# Primary keys a Digital Link path starts with (GTIN, SSCC, GLN, GRAI, GIAI, GSRN, GDTI, GINC, GSIN, ITIP …).
PRIMARY_KEYS = ("01", "00", "253", "255", "401", "402", "414", "417", "8003", "8004", "8006", "8010", "8013",
                "8017", "8018")
WHAT = "GS1 Digital Link"
PATH = re.compile(r"/(?P<ai>" + "|".join(PRIMARY_KEYS) + r")/(?P<rest>[^?#]+)")


@dataclass(frozen=True)
class DigitalLink:
    raw: str
    """The URI, byte-exact."""
    valid: bool
    """Whether the AIs and values it carries pass gs1.parse."""
    problems: tuple[Problem, ...] = field(default=())
    """Why it is not valid."""
    host: str = ""
    """The resolver's host (id.gs1.org or a brand's domain)."""
    elements: tuple[tuple[str, str], ...] = ()
    """(AI, value) pairs from the path, then from the query; empty when they fail gs1.read (unchecked values
    such as a malformed AI 17 must not reach the checks)."""
    expiry: str = ""
    """AI 17 as an ISO date."""
    kind: str = "gs1_digital_link"

    @property
    def errors(self) -> tuple[str, ...]:
        return tuple(p.message for p in self.problems)

    def as_dict(self) -> dict[str, Any]:
        values = dict(self.elements)
        named = {name: values[ai] for ai, name in gs1.NAMES.items() if ai in values}
        if self.expiry:
            named["expiry"] = self.expiry
        return {"kind": self.kind, "url": self.raw, "host": self.host, "valid": self.valid,
                "errors": list(self.errors), "elements": values, **named}


def looks_like(text: str) -> bool:
    """An http(s) URI whose path holds a primary key such as /01/ followed by a value."""
    if not isinstance(text, str) or not text[:8].lower().startswith(("http://", "https://")):
        return False
    try:
        return bool(PATH.search(urlsplit(text).path))
    except ValueError:
        return False


def parse(text: str) -> DigitalLink:
    """A Digital Link URI; never raises."""
    if not looks_like(text):
        return DigitalLink(str(text), False, (problem(text, WHAT, Reason.DIGITAL_LINK_PATH),))
    url = urlsplit(text)
    m = PATH.search(url.path)
    assert m is not None  # looks_like() found this path
    parts = [unquote(p) for p in f"{m['ai']}/{m['rest']}".strip("/").split("/")]
    pairs = list(zip(parts[0::2], parts[1::2]))
    pairs += [(k, v) for k, v in parse_qsl(url.query) if k.isascii() and k.isdigit()]
    if len(parts) % 2 or any(not (ai.isascii() and ai.isdigit()) for ai, _ in pairs):
        return DigitalLink(text, False, (problem(text, WHAT, Reason.DIGITAL_LINK_PAIRS),), url.hostname or "")
    _, expiry, failure = gs1.read(gs1.GS.join(ai + value for ai, value in pairs))
    if failure:
        return DigitalLink(text, False, (problem(text, WHAT, failure[0], **failure[1]),), url.hostname or "")
    return DigitalLink(text, True, (), url.hostname or "", tuple(pairs), expiry)


def validate(text: str) -> DigitalLink:
    """The parsed Digital Link URI; raises InvalidCodeError naming every failed check when it is not valid."""
    return require_valid(parse(text))


def is_valid(text: str) -> bool:
    """Whether the Digital Link URI passes every check; never raises."""
    return parse(text).valid

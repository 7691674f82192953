"""Rules as a registry of small functions, one module per family: (shipment, context) -> findings.

Families: identifiers (check digits), origin (GS1 prefix, certificate validity and reuse), documents
(cross-document consistency), goods (expiry, focus and prohibited goods), watchlist (screening).
Adding a rule is adding a decorated function to one of them. A rule that raises costs only itself: the
runner reports it as RULE_FAILED (medium, so the channel is at least yellow) and runs the others.

A finding that stands on a read value carries how surely it was read. A value read unsurely cannot raise
an alarm: the rule gives a low "confirm by hand" note instead, naming the readings and their boxes.
"""
from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

import sqlite_utils

import ocr

from .. import i18n
from ..errors import N_
from ..models import SEVERITIES, Finding, Shipment
from ..watchlist.screening import DEFAULT_THRESHOLD


@dataclass(frozen=True)
class Context:
    db: sqlite_utils.Database | None
    """The tablet's database (watchlists, earlier inspections); None when nothing may be read."""
    tolerance: float = 0.03
    """Relative difference allowed between quantities, weights and totals of two papers (DOMAIN §1.4.4)."""
    screening_threshold: float = DEFAULT_THRESHOLD
    """Lowest name-screening score that counts as a watchlist match."""


Rule = Callable[[Shipment, Context], list[Finding]]
RULES: list[Rule] = []


def rule(fn: Rule) -> Rule:
    RULES.append(fn)
    return fn


def run(shipment: Shipment, context: Context) -> list[Finding]:
    from . import documents, goods, identifiers, origin, watchlist  # noqa: F401  (register their rules)

    findings: list[Finding] = []
    for check in RULES:
        try:
            findings.extend(check(shipment, context))
        except Exception as error:  # noqa: BLE001  one rule's bug must not make the inspection uncheckable
            findings.append(rule_failed(check, error))
    return sorted(findings, key=lambda f: SEVERITIES.index(f.severity))


def rule_failed(check: Rule, error: Exception) -> Finding:
    """What the officer sees when a rule raised: which check did not run, so that it is done by hand."""
    name = f"{check.__module__.rsplit('.', 1)[-1]}.{check.__name__}"
    return finding("RULE_FAILED", "medium", N_("The check %(check)s could not run: do it by hand"),
                   {"check": name}, check=name, error=f"{type(error).__name__}: {error}"[:200])


def finding(rule_code: str, severity: str, msgid: str, params: dict[str, Any] | None = None, /,
            **evidence: Any) -> Finding:
    """A finding whose message is the rendering of an English msgid (marked with N_) in each language; a
    parameter given as {"vi": …, "en": …} is taken in the message's language."""
    message = {lang: i18n.translate(msgid, lang, {k: v[lang] if isinstance(v, dict) and lang in v else v
                                                  for k, v in params.items()} if params else None)
               for lang in i18n.LANGUAGES}
    return Finding(rule_code, severity, message, evidence)


def papers(shipment: Shipment, doc_type: str) -> list[ocr.Document]:
    return [d for d in shipment.documents if d.doc_type == doc_type]


def value(document: ocr.Document, name: str) -> Any:
    """A field's value, or None when the field was not read or is blank."""
    found = document.fields.get(name)
    if found is None or found.value in ("", None, [], {}):
        return None
    return found.value


def entries(document: ocr.Document, name: str) -> list[Any]:
    """A list field's entries (hs_codes, items); a single value read or typed in its place is a list of one."""
    found = value(document, name)
    if found is None:
        return []
    return list(found) if isinstance(found, list | tuple) else [found]


def first(shipment: Shipment, doc_type: str, name: str) -> Any:
    """The field's value on the first paper of that type that carries it."""
    return next((v for d in papers(shipment, doc_type) if (v := value(d, name)) is not None), None)


def payloads(shipment: Shipment) -> Iterator[tuple[Any, dict[str, Any]]]:
    """(symbol, payload as_dict()) pairs: checks read the contract keys, not scanners' private attributes."""
    for code in shipment.codes:
        yield code, code.payload.as_dict()


def is_sure(found: ocr.Field) -> bool:
    """Whether the reader vouches for the value (right ≥ 98 % of the time, ocr/sure.py) or an officer typed it."""
    return bool(found.sure)


@dataclass(frozen=True)
class Reading:
    """One field as read on one paper: what a finding quotes, and where the page shows its crop."""
    paper: str
    field: str
    value: Any
    confidence: float
    sure: bool
    box: tuple[int, ...]

    def as_evidence(self) -> dict[str, Any]:
        return {"paper": self.paper, "field": self.field, "value": self.value,
                "confidence": round(self.confidence, 3), "sure": self.sure, "box": list(self.box)}


def reading(document: ocr.Document, name: str) -> Reading | None:
    found = document.fields.get(name)
    if found is None or found.value in ("", None, [], {}):
        return None
    return Reading(document.doc_type, name, found.value, float(found.confidence), is_sure(found),
                   tuple(found.box or ()))


def first_reading(shipment: Shipment, doc_type: str, name: str) -> Reading | None:
    return next((r for d in papers(shipment, doc_type) if (r := reading(d, name)) is not None), None)


def sure(*found: Reading | None) -> bool:
    """Every reading a finding stands on was read surely (a value not read is no reading)."""
    return all(r is None or r.sure for r in found)


def judged(rule_code: str, severity: str, msgid: str, params: dict[str, Any] | None,
           found: tuple[Reading | None, ...], **evidence: Any) -> Finding:
    """The finding at its severity when every reading it stands on is sure; otherwise a low note asking
    the officer to confirm those readings by hand (the same message, prefixed)."""
    quoted = [r.as_evidence() for r in found if r is not None]
    if sure(*found):
        return finding(rule_code, severity, msgid, params, **evidence, readings=quoted)
    unsure = finding(rule_code, "low", msgid, params)
    message = {lang: i18n.translate(N_("Confirm by hand (read unsurely): %(finding)s"), lang,
                                    {"finding": unsure.message[lang]}) for lang in i18n.LANGUAGES}
    return Finding(rule_code, "low", message, {**evidence, "readings": quoted, "unsure": True})

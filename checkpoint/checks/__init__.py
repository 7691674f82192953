"""Rules as a registry of small functions, one module per family: (shipment, context) -> findings."""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import sqlite_utils

from ..models import Finding, Shipment


@dataclass(frozen=True)
class Context:
    db: sqlite_utils.Database | None
    """The tablet's database (watchlists, earlier inspections); None when nothing may be read."""


Rule = Callable[[Shipment, Context], list[Finding]]
RULES: list[Rule] = []


def rule(fn: Rule) -> Rule:
    RULES.append(fn)
    return fn


def run(shipment: Shipment, context: Context) -> list[Finding]:
    from . import identifiers  # noqa: F401  (registers its rules)

    findings: list[Finding] = []
    for check in RULES:
        findings.extend(check(shipment, context))
    return findings

"""The risk channel the tool recommends (green / yellow / red, as VNACCS's phân luồng), with its reasons.

Findings raise the channel; a configurable share of inspections is also selected at random, so that a
clean record never guarantees a clean pass. The officer decides; this only recommends.
"""
from __future__ import annotations

import random
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from .. import i18n
from ..errors import N_
from ..models import Finding

CHANNELS = ("green", "yellow", "red")
RANDOM_REASONS = {"yellow": N_("Selected at random for a yellow-channel check"),
                  "red": N_("Selected at random for a red-channel check")}


@dataclass(frozen=True)
class Policy:
    weights: dict[str, int] = field(default_factory=lambda: {"high": 40, "medium": 15, "low": 0, "info": 0})
    """Points per finding by severity; the score is their sum over distinct facts (rule and field: three
    papers disagreeing with one weight are one fact), capped at 100."""
    yellow_from: int = 15
    red_from: int = 40
    random_yellow: float = 0.05
    """Share of otherwise green inspections sent to yellow at random."""
    random_red: float = 0.01
    """Share of inspections not already red sent to red at random."""


@dataclass(frozen=True)
class Risk:
    channel: str
    score: int
    reasons: tuple[dict[str, str], ...]
    """{"vi": …, "en": …} each: the findings that raised the channel, and a random selection if any."""
    random: bool = False

    def as_dict(self, lang: str = "vi") -> dict[str, Any]:
        """CONTRACTS' shape: reasons as strings in `lang`."""
        return {"channel": self.channel, "score": self.score, "reasons": [r[lang] for r in self.reasons],
                "random": self.random}


def assess(findings: Sequence[Finding], policy: Policy = Policy(), rng: random.Random | None = None) -> Risk:
    """Red from a high finding (or red_from points), yellow from a medium one (or yellow_from points),
    then the random draw, which can only raise the channel."""
    facts: dict[tuple[str, str], int] = {}
    for f in findings:
        fact = (f.rule, str(f.evidence.get("field", "")) if f.rule == "DOCUMENT_MISMATCH" else repr(f.evidence))
        facts[fact] = max(facts.get(fact, 0), policy.weights.get(f.severity, 0))
    score = min(100, sum(facts.values()))
    channel = "red" if score >= policy.red_from or any(f.severity == "high" for f in findings) else (
        "yellow" if score >= policy.yellow_from or any(f.severity == "medium" for f in findings) else "green")
    reasons = [f.message for f in findings if f.severity in ("high", "medium")]
    draw = (rng or random.Random()).random()
    selected = None
    if channel != "red" and draw < policy.random_red:
        selected = "red"
    elif channel == "green" and draw < policy.random_red + policy.random_yellow:
        selected = "yellow"
    if selected:
        channel = selected
        reasons.append(i18n.both(RANDOM_REASONS[selected]))
    return Risk(channel, score, tuple(reasons), selected is not None)

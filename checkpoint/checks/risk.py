"""The risk channel the tool recommends (green / yellow / red, as VNACCS's phân luồng), with its reasons.

Findings raise the channel; a configurable share of inspections (per gate) is also selected at random, so that a
clean record never guarantees a clean pass. The officer decides; this only recommends.

The random draw is made once per inspection, at its first check, and logged with the shares then in force; every
later check (a new photo, a corrected field) reuses it, so no re-check and no change of setting can draw again.
"""
from __future__ import annotations

import random
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import Any

from .. import i18n
from ..errors import N_, InvalidInput
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
class Draw:
    """One inspection's random draw: `value` from a generator seeded with `seed`, against the shares in force when it
    was drawn. Anyone can redraw it from the log: random.Random(seed).random() == value."""
    seed: str
    value: float
    yellow: float
    red: float

    @classmethod
    def made(cls, seed: str, policy: Policy) -> Draw:
        return cls(seed, random.Random(seed).random(), policy.random_yellow, policy.random_red)

    @classmethod
    def kept(cls, logged: Mapping[str, Any]) -> Draw:
        return cls(str(logged["seed"]), float(logged["value"]), float(logged["yellow"]), float(logged["red"]))

    def selects(self, channel: str) -> str | None:
        """The channel the draw sends an inspection to, if it raises the one its findings give."""
        if channel != "red" and self.value < self.red:
            return "red"
        if channel == "green" and self.value < self.red + self.yellow:
            return "yellow"
        return None

    def as_dict(self) -> dict[str, Any]:
        return {"seed": self.seed, "value": self.value, "yellow": self.yellow, "red": self.red}


@dataclass(frozen=True)
class Risk:
    channel: str
    score: int
    reasons: tuple[dict[str, str], ...]
    """{"vi": …, "en": …} each: the findings that raised the channel, and a random selection if any."""
    random: bool = False
    draw: Draw | None = None
    """The inspection's draw, selecting or not; None where no draw was made (a risk built by hand)."""

    def as_dict(self, lang: str = "vi") -> dict[str, Any]:
        """CONTRACTS' shape: reasons as strings in `lang`."""
        return {"channel": self.channel, "score": self.score, "reasons": [r[lang] for r in self.reasons],
                "random": self.random}


def assess(findings: Sequence[Finding], policy: Policy = Policy(), rng: random.Random | None = None, *,
           draw: Draw | None = None) -> Risk:
    """Red from a high finding (or red_from points), yellow from a medium one (or yellow_from points),
    then the random draw, which can only raise the channel: `draw` if the inspection has one, else one from `rng`."""
    facts: dict[tuple[str, str], int] = {}
    for f in findings:
        fact = (f.rule, str(f.evidence.get("field", "")) if f.rule == "DOCUMENT_MISMATCH" else repr(f.evidence))
        facts[fact] = max(facts.get(fact, 0), policy.weights.get(f.severity, 0))
    score = min(100, sum(facts.values()))
    channel = "red" if score >= policy.red_from or any(f.severity == "high" for f in findings) else (
        "yellow" if score >= policy.yellow_from or any(f.severity == "medium" for f in findings) else "green")
    reasons = [f.message for f in findings if f.severity in ("high", "medium")]
    if draw is None:
        draw = Draw("", (rng or random.Random()).random(), policy.random_yellow, policy.random_red)
    selected = draw.selects(channel)
    if selected:
        channel = selected
        reasons.append(i18n.both(RANDOM_REASONS[selected]))
    return Risk(channel, score, tuple(reasons), selected is not None, draw if draw.seed else None)


def gate_policy(default: Policy, by_gate: str | Mapping[str, Any], gate: str) -> Policy:
    """The policy at `gate`: its own random shares where the setting RISK_RANDOM_BY_GATE names it, else `default`'s.
    The setting is 'GATE=yellow/red' entries split by commas (e.g. 'HUU_NGHI=0.08/0.02, CHI_MA=0.1/0.03'), or a
    mapping {gate: (yellow, red)} in instance/config.py. Raises InvalidInput for a share that is not 0–1."""
    shares = parse_shares(by_gate).get(gate)
    if shares is None:
        return default
    return replace(default, random_yellow=shares[0], random_red=shares[1])


SETTING = "RISK_RANDOM_BY_GATE"


def parse_shares(by_gate: str | Mapping[str, Any]) -> dict[str, tuple[float, float]]:
    entries = by_gate.items() if isinstance(by_gate, Mapping) else [
        (gate.strip(), value.split("/")) for gate, sep, value in
        (entry.partition("=") for entry in by_gate.split(",") if entry.strip())]
    found = {}
    for gate, pair in entries:
        try:
            yellow, red = (float(str(v).strip()) for v in pair)
        except (ValueError, TypeError):
            raise InvalidInput(field=SETTING, problem=N_("write GATE=yellow/red, e.g. HUU_NGHI=0.05/0.01")) from None
        if not (0 <= yellow <= 1 and 0 <= red <= 1 and yellow + red <= 1) or not gate:
            raise InvalidInput(field=SETTING, problem=N_("shares are between 0 and 1, together at most 1"))
        found[str(gate)] = (yellow, red)
    return found

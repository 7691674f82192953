"""The recommended channel: raised by findings, and by a random draw that a seeded generator makes testable."""
from __future__ import annotations

import random

import pytest

from checkpoint import i18n
from checkpoint.checks import risk
from checkpoint.models import Finding

NEVER = risk.Policy(random_yellow=0.0, random_red=0.0)


def found(severity: str, en: str = "something", field: str = "invoice_number") -> Finding:
    return Finding("DOCUMENT_MISMATCH", severity, {"vi": en, "en": en}, {"field": field})


@pytest.mark.parametrize(("severities", "channel", "score"), [
    ((), "green", 0),
    (("info", "info"), "green", 0),
    (("low", "low", "low", "low"), "green", 0),  # notes to confirm by hand never raise the channel
    (("medium",), "yellow", 15),
    (("medium", "medium", "info"), "yellow", 30),
    (("medium", "medium", "medium"), "red", 45),  # enough medium findings add up to red
    (("high",), "red", 40),
    (("high", "high", "high"), "red", 100),
])
def test_findings_raise_the_channel(severities, channel, score):
    findings = [found(s, field=f"field{n}") for n, s in enumerate(severities)]
    assessed = risk.assess(findings, NEVER, random.Random(1))
    assert (assessed.channel, assessed.score, assessed.random) == (channel, score, False)


def test_papers_disagreeing_on_one_field_are_one_fact():
    same = [found("medium", "Packages differ", "packages") for _ in range(3)]
    assert (risk.assess(same, NEVER).channel, risk.assess(same, NEVER).score) == ("yellow", 15)


def test_a_note_to_confirm_is_not_a_reason_for_the_channel():
    assert risk.assess([found("low", "Confirm by hand")], NEVER).reasons == ()


def test_the_reasons_are_the_findings_that_count_in_both_languages():
    assessed = risk.assess([found("high", "Invoice number differs"), found("info", "Focus goods")], NEVER)
    assert assessed.reasons == ({"vi": "Invoice number differs", "en": "Invoice number differs"},)
    assert assessed.as_dict("en") == {"channel": "red", "score": 40, "reasons": ["Invoice number differs"],
                                      "random": False}


def test_a_clean_record_can_be_selected_at_random():
    assessed = risk.assess([], risk.Policy(random_yellow=1.0, random_red=0.0), random.Random(1))
    assert (assessed.channel, assessed.random) == ("yellow", True)
    assert assessed.as_dict("en")["reasons"] == ["Selected at random for a yellow-channel check"]
    assert assessed.reasons[0] == i18n.both("Selected at random for a yellow-channel check")


def test_random_selection_never_lowers_a_channel():
    policy = risk.Policy(random_yellow=1.0, random_red=0.0)
    assert risk.assess([found("high")], policy, random.Random(1)).channel == "red"
    assert risk.assess([found("medium")], policy, random.Random(1)).channel == "yellow"
    assert risk.assess([found("medium")], risk.Policy(random_yellow=0.0, random_red=1.0),
                       random.Random(1)).channel == "red"


def test_the_share_selected_at_random_is_the_configured_one():
    rng = random.Random(389)
    policy = risk.Policy(random_yellow=0.05, random_red=0.01)
    channels = [risk.assess([], policy, rng).channel for _ in range(20_000)]
    assert 0.045 < channels.count("yellow") / len(channels) < 0.055
    assert 0.007 < channels.count("red") / len(channels) < 0.013


def test_the_same_seed_gives_the_same_selection():
    policy = risk.Policy(random_yellow=0.3, random_red=0.1)
    first = [risk.assess([], policy, rng).channel for rng in [random.Random(7)] for _ in range(50)]
    again = [risk.assess([], policy, rng).channel for rng in [random.Random(7)] for _ in range(50)]
    assert first == again and len(set(first)) == 3

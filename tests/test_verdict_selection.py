"""Selection nobody chooses (#19): random shares set per gate, the draw and its seed made once at an inspection's first
check and kept by every later one, whatever the settings became since."""
from __future__ import annotations

import random

import pytest
from hypothesis import given
from hypothesis import strategies as st

from checkpoint import inspections, ledger, pipeline
from checkpoint.checks import risk
from checkpoint.errors import InvalidInput
from tests.test_pipeline import CONFIG

SHARE = st.floats(min_value=0, max_value=0.5, allow_nan=False)
GATE = st.from_regex(r"[A-Z][A-Z_]{0,15}", fullmatch=True)


@given(st.dictionaries(GATE, st.tuples(SHARE, SHARE), max_size=5))
def test_the_per_gate_setting_reads_back_what_was_written(shares):
    text = ", ".join(f"{gate}={yellow!r}/{red!r}" for gate, (yellow, red) in shares.items())
    assert risk.parse_shares(text) == shares
    assert risk.parse_shares(shares) == shares  # the same as a mapping in instance/config.py


@given(st.text(max_size=60))
def test_a_mistyped_setting_is_refused_by_name_never_crashes(text):
    try:
        parsed = risk.parse_shares(text)
    except InvalidInput as refused:
        assert refused.params["field"] == "RISK_RANDOM_BY_GATE"
    else:
        assert all(0 <= y <= 1 and 0 <= r <= 1 and y + r <= 1 for y, r in parsed.values())


@pytest.mark.parametrize("text", ["HUU_NGHI=0.5", "HUU_NGHI=0.7/0.5", "HUU_NGHI=-0.1/0", "=0.1/0.1", "HUU_NGHI=a/b"])
def test_impossible_shares_are_refused(text):
    with pytest.raises(InvalidInput):
        risk.parse_shares(text)


def test_each_gate_draws_at_its_own_shares():
    default = risk.Policy(random_yellow=0.05, random_red=0.01)
    setting = "CHI_MA=0.3/0.2"
    assert risk.gate_policy(default, setting, "CHI_MA") == risk.Policy(random_yellow=0.3, random_red=0.2)
    assert risk.gate_policy(default, setting, "HUU_NGHI") == default
    drawn = [risk.assess([], risk.gate_policy(default, setting, "CHI_MA"), random.Random(n)).channel
             for n in range(4000)]
    assert 0.17 < drawn.count("red") / len(drawn) < 0.23 and 0.26 < drawn.count("yellow") / len(drawn) < 0.34


@given(st.text(min_size=1, max_size=40), SHARE, SHARE)
def test_anyone_can_redraw_a_logged_draw_from_its_seed(seed, yellow, red):
    draw = risk.Draw.made(seed, risk.Policy(random_yellow=yellow, random_red=red))
    assert random.Random(seed).random() == draw.value
    assert risk.Draw.kept(draw.as_dict()) == draw


def test_the_first_checks_draw_stands_through_rechecks_and_changed_settings(app, db):
    inspection = inspections.start(db, inspections.NewInspection(gate="CHI_MA", direction="import",
                                                                 plates=("98H-246.80",)), author="officer2",
                                   tz="Asia/Ho_Chi_Minh")
    every_one_red = {**CONFIG, "RISK_RANDOM_BY_GATE": "CHI_MA=0/1"}
    first = pipeline.recheck(db, inspection, config=every_one_red, author="officer2")
    assert (first.risk.channel, first.risk.random) == ("red", True)
    assert first.risk.draw == risk.Draw.made(inspection, risk.Policy(random_yellow=0.0, random_red=1.0))
    for config in (every_one_red, {**CONFIG, "RISK_RANDOM_BY_GATE": "CHI_MA=0/0"}):  # the shares lowered since
        again = pipeline.recheck(db, inspection, config=config, author="officer2")
        assert (again.risk.channel, again.risk.random, again.risk.draw) == ("red", True, first.risk.draw)
    logged = [e.payload["risk"]["draw"] for e in ledger.events(db, inspection) if e.type == "inspection.checked"]
    assert logged == [first.risk.draw.as_dict()] * 3
    assert inspections.get(db, inspection)["random_draw"] == first.risk.draw.as_dict()
    assert inspections.get(db, inspection)["selected_at_random"]

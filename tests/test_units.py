"""Units and forces as reference data: every gate has its units, every unit its chain of command."""
from __future__ import annotations

import csv

import pytest

from checkpoint import units
from checkpoint.errors import InvalidInput
from checkpoint.settings import DATA_DIR


def gate_rows() -> dict[str, dict[str, str]]:
    with open(DATA_DIR / "gates.csv", encoding="utf-8") as f:
        return {row["code"]: row for row in csv.DictReader(f)}


def test_every_unit_names_a_known_force_parent_and_gates():
    known = units.all_units()
    gates = gate_rows()
    for unit in known.values():
        assert unit.force in units.FORCES, unit.code
        assert unit.parent == "" or unit.parent in known, unit.code
        assert unit.parent == "" or known[unit.parent].force == unit.force, unit.code
        assert set(unit.gates) <= set(gates), unit.code
        assert unit.name_vi and unit.name_en and unit.head_vi and unit.abbr and unit.source, unit.code


@pytest.mark.parametrize("force", ["customs", "border_guard", "market_control", "police"])
def test_every_gate_has_a_unit_of_each_force(force):
    for gate in gate_rows():
        assert units.at_gate(gate, force) is not None, (gate, force)


def test_a_gate_s_customs_unit_is_the_one_gates_csv_prints():
    for code, row in gate_rows().items():
        unit = units.at_gate(code, "customs")
        assert unit is not None and unit.name_vi == row["unit"], code


def test_a_border_guard_post_answers_to_its_command_not_to_customs():
    post = units.at_gate("HUU_NGHI", "border_guard")
    assert post is not None
    assert [u.code for u in units.chain(post.code)] == ["BP_HUU_NGHI", "BP_LANG_SON"]
    assert [u.code for u in units.chain("HQ_HUU_NGHI")] == ["HQ_HUU_NGHI", "HQ_KV6", "CUC_HQ"]


def test_a_parent_covers_its_children_and_their_gates():
    assert units.within("HQ_KV6")[:2] == ["HQ_KV6", "HQ_HUU_NGHI"]
    assert set(units.within("HQ_KV6")) == {u.code for u in units.reporting("customs")} - {"CUC_HQ"}
    assert units.gates_of("HQ_CHI_MA") == ["BAN_CHAT", "CHI_MA"]
    assert units.gates_of("BP_LANG_SON") == sorted(gate_rows())


def test_an_unknown_unit_is_refused():
    with pytest.raises(InvalidInput) as refused:
        units.get("NOPE")
    assert str(refused.value) == "unit: unknown unit"

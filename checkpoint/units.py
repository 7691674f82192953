"""Units and forces (data/units.csv): who reports. Customs offices, border-guard posts, police and market-control
teams each answer to their own parent, so a border-guard post's report is headed by its post and its
provincial command, never by the customs office at the same gate. Gates belong to units: one gate has a customs
office, a border-guard post and a market-control team, each counting its own cases.
"""
from __future__ import annotations

import csv
from dataclasses import dataclass
from functools import lru_cache

from . import i18n
from .errors import N_, InvalidInput
from .settings import DATA_DIR

# The forces of Steering Committee 389's figures, as msgids (codes are stable: the hub keeps them).
FORCES = {
    "customs": N_("Customs"),
    "border_guard": N_("Border guard"),
    "police": N_("Police"),
    "market_control": N_("Market control"),
}


@dataclass(frozen=True)
class Unit:
    code: str
    force: str
    name_vi: str
    name_en: str
    parent: str
    """The code of the unit it answers to; empty at the top of its force."""
    gates: tuple[str, ...]
    """The gates (gates.csv codes) where it works itself; a parent covers its children's too."""
    area: str
    head_vi: str
    """The position of who signs its reports (ĐỘI TRƯỞNG, ĐỒN TRƯỞNG…)."""
    head_en: str
    abbr: str
    """Its short name in a document's number (Số: …/BC-HQHN)."""
    source: str

    def name(self, lang: str) -> str:
        return self.name_vi if lang == "vi" else self.name_en

    def head(self, lang: str) -> str:
        return self.head_vi if lang == "vi" else self.head_en


@lru_cache(maxsize=1)
def all_units() -> dict[str, Unit]:
    """Every unit of data/units.csv, parents before their children as the file lists them."""
    with open(DATA_DIR / "units.csv", encoding="utf-8") as f:
        return {row["code"]: Unit(code=row["code"], force=row["force"], name_vi=row["name_vi"],
                                  name_en=row["name_en"], parent=row["parent"], gates=tuple(row["gates"].split()),
                                  area=row["area"], head_vi=row["head_vi"], head_en=row["head_en"],
                                  abbr=row["abbr"], source=row["source"])
                for row in csv.DictReader(f)}


def get(code: str) -> Unit:
    found = all_units().get(code)
    if found is None:
        raise InvalidInput(field=N_("unit"), problem=N_("unknown unit"))
    return found


def force_name(force: str, lang: str) -> str:
    return i18n.translate(FORCES[force], lang)


def chain(code: str) -> list[Unit]:
    """The unit, its parent, and so on up to the top of its force."""
    units = all_units()
    found = [get(code)]
    while found[-1].parent and found[-1].parent in units and len(found) <= len(units):
        found.append(units[found[-1].parent])
    return found


def within(code: str) -> list[str]:
    """The unit and every unit under it, at any depth: whose cases its report counts."""
    children: dict[str, list[str]] = {}
    for unit in all_units().values():
        children.setdefault(unit.parent, []).append(unit.code)
    found, todo = [], [get(code).code]
    while todo:
        current = todo.pop(0)
        if current not in found:
            found.append(current)
            todo += children.get(current, [])
    return found


def gates_of(code: str) -> list[str]:
    """The gates a unit covers: its own and its children's."""
    units = all_units()
    return sorted({gate for member in within(code) for gate in units[member].gates})


def at_gate(gate: str, force: str) -> Unit | None:
    """The unit of a force that works at a gate (the first listed, where two do): whose case a tablet of that
    force records there is."""
    return next((u for u in all_units().values() if u.force == force and gate in u.gates), None)


def reporting(force: str | None = None) -> list[Unit]:
    """The units a report can be made for, of one force or of all, in the file's order."""
    return [u for u in all_units().values() if force is None or u.force == force]

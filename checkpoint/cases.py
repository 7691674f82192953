"""One taxonomy for every case (DOMAIN.md §5): what the officer records with a verdict, what reports count."""
from __future__ import annotations

import csv
from dataclasses import asdict, dataclass
from functools import lru_cache
from typing import Any

from . import i18n, values
from .errors import N_, InvalidInput
from .ledger import CaseRecord
from .settings import DATA_DIR

# The three categories of Steering Committee 389's figures (DOMAIN.md §5.2), as msgids.
CATEGORIES = {
    1: N_("Smuggling, illegal transport of prohibited goods"),
    2: N_("Commercial and tax fraud"),
    3: N_("Counterfeit goods, IP infringement"),
}
MAX_VND = 10**15  # far above any real case; keeps typos like an extra digit group visible, not overflowing


@lru_cache(maxsize=1)
def subtypes() -> dict[str, dict[str, str]]:
    with open(DATA_DIR / "violations.csv", encoding="utf-8") as f:
        return {row["code"]: row for row in csv.DictReader(f)}


@lru_cache(maxsize=1)
def focus_groups() -> dict[str, dict[str, str]]:
    with open(DATA_DIR / "focus_groups.csv", encoding="utf-8") as f:
        return {row["code"]: row for row in csv.DictReader(f)}


def category_name(category: int, lang: str) -> str:
    return i18n.translate(CATEGORIES[category], lang)


def focus_group_name(code: str, lang: str) -> str:
    row = focus_groups().get(code)
    if row is None:
        return code
    return row["name_vi"] if lang == "vi" else row["name_en"]


@dataclass(frozen=True)
class Case(CaseRecord):
    """A violation as the officer classified it; reports count these, never free text. A verdict logs it as it is,
    so its keys are the log's (ledger.events.CaseRecord)."""

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


def parse(form: dict[str, Any]) -> Case | None:
    """A Case from form fields or JSON; None when no violation was recorded. Raises InvalidInput."""
    subtype = str(form.get("subtype") or "").strip()
    if not subtype:
        return None
    if subtype not in subtypes():
        raise InvalidInput(field=N_("violation"), problem=N_("unknown violation type"))
    focus = str(form.get("focus_group") or "other").strip()
    if focus not in focus_groups():
        raise InvalidInput(field=N_("goods group"), problem=N_("unknown goods group"))
    amounts = {name: _amount(form.get(name), name) for name in ("goods_value_vnd", "fine_vnd", "budget_vnd")}
    defendants = _amount(form.get("defendants"), "defendants")
    criminal = _flag(form.get("criminal"))
    if defendants and not criminal:
        raise InvalidInput(field=N_("defendants"), problem=N_("only for a case referred for prosecution"))
    return Case(subtype=subtype, focus_group=focus, goods=str(form.get("goods") or "").strip()[:500],
                confiscated=_flag(form.get("confiscated")), criminal=criminal, defendants=defendants,
                category=int(subtypes()[subtype]["category"]), **amounts)


def _amount(raw: Any, field: str) -> int:
    return values.parse_whole(raw, field, limit=MAX_VND) or 0


def _flag(raw: Any) -> bool:
    return str(raw).strip().lower() in ("1", "true", "on", "yes")

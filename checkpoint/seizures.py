"""Gate seizures' goods: the lines entered for a truck seized at a gate, each with an evidence tag in the patrols'
format, so that they enter the same chain of custody (patrols/custody.py) as goods seized on the trails.

Perishable goods (milk, food, medicines) carry a deadline: the use-by date printed on them, or the days their goods
group keeps once seized (data/perishable.csv), whichever comes first.
"""
from __future__ import annotations

import csv
import uuid
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from functools import lru_cache
from typing import Any

import sqlite_utils

from . import ledger, values
from .errors import N_, CheckpointError, InvalidInput, NotFound
from .ledger import Event
from .patrols.events import GOODS_KINDS, RowInvalid, number, parse_goods, stored_number
from .settings import DATA_DIR

SEIZING_VERDICTS = ("seized", "referred")


class NoSeizure(CheckpointError):
    message = N_("Goods are tagged only for a truck seized or referred at the gate.")
    status = 409


@dataclass(frozen=True)
class Line:
    description: str
    kind: str
    quantity: Any
    """Decimal, as patrols.events.parse_goods gives it."""
    unit: str
    value_vnd: int | None
    use_by: date | None


@lru_cache(maxsize=1)
def perishable() -> dict[str, dict[str, str]]:
    """Goods groups that spoil once seized: the days they keep and the basis (data/perishable.csv)."""
    with open(DATA_DIR / "perishable.csv", encoding="utf-8") as f:
        return {row["kind"]: row for row in csv.DictReader(f)}


def deadline(kind: str, seized_on: date, use_by: date | None) -> date | None:
    """The day by which perishable goods must be decided on (sold, destroyed, returned); None if they keep."""
    keeps = perishable().get(kind)
    found = [d for d in (use_by, seized_on + timedelta(days=int(keeps["days"])) if keeps else None) if d]
    return min(found) if found else None


def parse_lines(rows: Iterable[Mapping[str, Any]], max_lines: int) -> tuple[Line, ...]:
    """Lines as typed; a line's goods group is asked, never defaulted. Raises RowInvalid naming the line."""
    rows = list(rows)
    if len(rows) > max_lines:
        raise InvalidInput(field=N_("goods"), problem=N_("too many lines"))
    kept = [r for r in rows if str(r.get("description") or "").strip() or str(r.get("quantity") or "").strip()]
    if not kept:
        raise InvalidInput(field=N_("goods"), problem=N_("enter at least one goods line"))
    for n, row in enumerate(kept, start=1):
        if str(row.get("kind") or "") not in GOODS_KINDS:
            raise RowInvalid(what=N_("Goods line"), row=n, field=N_("kind of goods"), problem=N_("choose one"))
    lines = []
    for n, (row, goods) in enumerate(zip(kept, parse_goods(kept), strict=True), start=1):
        try:
            use_by = values.parse_date(row.get("use_by"), N_("use by"))
        except InvalidInput as exc:
            raise RowInvalid(what=N_("Goods line"), row=n, field=exc.params["field"],
                             problem=exc.params["problem"]) from None
        lines.append(Line(goods.description, goods.kind, goods.quantity, goods.unit, goods.value_vnd, use_by))
    return tuple(lines)


def tag(db: sqlite_utils.Database, inspection_id: str, lines: tuple[Line, ...], *, author: str) -> Event:
    """Logs the lines with a new tag each; later lines are added after the earlier ones (goods found later)."""
    row = db.execute("SELECT verdict FROM inspections WHERE uuid = ?", [inspection_id]).fetchone()
    if row is None:
        raise NotFound()
    if row[0] not in SEIZING_VERDICTS:
        raise NoSeizure()
    first = db.execute("SELECT COALESCE(MAX(line), 0) FROM seized_goods WHERE inspection = ?",
                       [inspection_id]).fetchone()[0] + 1
    goods = []
    for n, line in enumerate(lines, start=first):
        goods_id = str(uuid.uuid4())
        goods.append({"id": goods_id, "line": n, "description": line.description, "kind": line.kind,
                      "quantity": number(line.quantity), "unit": line.unit, "value_vnd": line.value_vnd,
                      # The patrols' tag format: one sequence of labels, whichever side seized the goods.
                      "tag": f"EV-{goods_id.replace('-', '')[:10].upper()}",
                      **({"use_by": line.use_by.isoformat()} if line.use_by else {})})
    return ledger.record(db, "seizure.goods_tagged", {"inspection": inspection_id, "goods": goods}, author=author,
                         subject=inspection_id)


def goods_of(db: sqlite_utils.Database, inspection_id: str) -> list[dict[str, Any]]:
    return [{**dict(r), "quantity": stored_number(r["quantity"])} for r in db.execute(
        "SELECT * FROM seized_goods WHERE inspection = ? ORDER BY line", [inspection_id])]


@ledger.projection("seizure.goods_tagged")
def _tagged(db: sqlite_utils.Database, event: Event) -> None:
    for item in event.payload["goods"]:
        db.execute("INSERT INTO seized_goods (id, inspection, line, description, kind, quantity, unit, value_vnd, tag,"
                   " use_by, tagged_utc, tagged_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                   [item["id"], event.payload["inspection"], item["line"], item["description"], item["kind"],
                    item["quantity"], item["unit"], item["value_vnd"], item["tag"], item.get("use_by"),
                    event.created_utc, event.author])


"""The chain of custody of seized goods: evidence tags and hand-overs patrol → station → warehouse → disposal.

Each hand-over is one event with who, when, where and how much was handed over and received. The
chain is read back with every gap flagged, so goods lost on the way show the moment they go missing.
"""
from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

import sqlite_utils
import zxingcpp

from .. import ledger
from ..errors import N_, CheckpointError, InvalidInput, NotFound
from ..ledger import Event
from .events import goods_by_tag, number, parse_quantity, stored_number

STAGES = ("patrol", "station", "warehouse", "disposal")


class CustodyClosed(CheckpointError):
    message = N_("Evidence %(tag)s has reached %(stage)s; it can only go further along the chain.")
    status = 409


class NotSeized(CheckpointError):
    message = N_("These goods were not seized: they have no evidence tag.")
    status = 409


@dataclass(frozen=True)
class HandOver:
    """One line of a hand-over form: how much of one tagged item changes hands."""
    tag: str
    quantity_handed: Decimal
    quantity_received: Decimal


@dataclass(frozen=True)
class Discrepancy:
    at_utc: str
    kind: str
    """'received_differs' (what arrived is not what was handed over) or 'handed_differs' (the
    holder handed over other than what it held)."""
    stage: str
    """The holder the gap is charged to: the one that handed over, or the one that received."""
    expected: int | float
    found: int | float
    message: str
    """English msgid with %(expected)s, %(found)s, %(unit)s, %(stage)s."""

    def as_dict(self) -> dict[str, Any]:
        return {"at_utc": self.at_utc, "kind": self.kind, "stage": self.stage, "expected": self.expected,
                "found": self.found}


@dataclass(frozen=True)
class Chain:
    goods: dict[str, Any]
    events: tuple[dict[str, Any], ...]
    stage: str
    """Who holds the goods now."""
    held: int | float
    """How much the current holder received (the seized quantity before any hand-over)."""
    discrepancies: tuple[Discrepancy, ...]

    @property
    def flagged(self) -> bool:
        return bool(self.discrepancies)

    def as_dict(self) -> dict[str, Any]:
        return {"tag": self.goods["tag"], "goods": self.goods, "stage": self.stage, "held": self.held,
                "seized": self.goods["quantity"], "unit": self.goods["unit"], "events": list(self.events),
                "flagged": self.flagged, "discrepancies": [d.as_dict() for d in self.discrepancies]}


def _exact(value: float | int) -> Decimal:
    # Quantities are stored as REAL; three decimals is all that parse_quantity lets in.
    return Decimal(str(value)).quantize(Decimal("0.001"))


def chain(db: sqlite_utils.Database, goods_id: str) -> Chain:
    row = db.execute("SELECT * FROM intercepted_goods WHERE id = ?", [goods_id]).fetchone()
    if row is None:
        raise NotFound()
    goods = {**dict(row), "quantity": stored_number(row["quantity"])}
    events = tuple({**dict(e), "quantity_handed": stored_number(e["quantity_handed"]),
                    "quantity_received": stored_number(e["quantity_received"])} for e in db.execute(
        "SELECT * FROM custody_events WHERE goods = ? ORDER BY at_utc", [goods_id]))
    stage, held = "patrol", _exact(goods["quantity"])
    found: list[Discrepancy] = []
    for event in events:
        handed, received = _exact(event["quantity_handed"]), _exact(event["quantity_received"])
        if handed != held:
            found.append(Discrepancy(event["at_utc"], "handed_differs", event["from_stage"], number(held),
                                     number(handed),
                                     N_("%(stage)s held %(expected)s %(unit)s but handed over %(found)s")))
        if received != handed:
            found.append(Discrepancy(event["at_utc"], "received_differs", event["to_stage"], number(handed),
                                     number(received),
                                     N_("%(found)s %(unit)s received of %(expected)s handed over to %(stage)s")))
        stage, held = event["to_stage"], received
    return Chain(goods, events, stage, number(held), tuple(found))


def chain_by_tag(db: sqlite_utils.Database, tag: str) -> Chain:
    return chain(db, goods_by_tag(db, tag)["id"])


def hand_over(db: sqlite_utils.Database, to_stage: str, lines: Sequence[HandOver], *, handed_by: str,
              received_by: str, place: str, note: str, author: str) -> list[Event]:
    """Checks every line first, then records one event per item: a bad line leaves all as they were."""
    if to_stage not in STAGES[1:]:
        raise InvalidInput(field=N_("handed to"), problem=N_("must be station, warehouse or disposal"))
    handed_by, received_by, place, note = handed_by.strip(), received_by.strip(), place.strip(), note.strip()
    for field, value in ((N_("handed over by"), handed_by), (N_("received by"), received_by), (N_("place"), place)):
        if not value or len(value) > 200:
            raise InvalidInput(field=field, problem=N_("1 to 200 characters"))
    if len(note) > 2000:
        raise InvalidInput(field=N_("note"), problem=N_("too long"))
    if not lines:
        raise InvalidInput(field=N_("goods"), problem=N_("choose at least one tagged item"))
    checked = []
    for line in lines:
        current = chain_by_tag(db, line.tag)
        if current.goods["tag"] is None:
            raise NotSeized()
        if STAGES.index(to_stage) <= STAGES.index(current.stage):
            raise CustodyClosed(tag=current.goods["tag"], stage=current.stage)
        checked.append((current, line))
    return [ledger.record(db, "custody.handed_over", {
        "goods": current.goods["id"], "tag": current.goods["tag"], "from_stage": current.stage,
        "to_stage": to_stage, "handed_by": handed_by, "received_by": received_by, "place": place,
        "quantity_handed": number(line.quantity_handed), "quantity_received": number(line.quantity_received),
        "note": note}, author=author, subject=current.goods["interception"]) for current, line in checked]


def parse_line(tag: str, handed: Any, received: Any) -> HandOver:
    return HandOver(tag.strip().upper(), parse_quantity(handed, N_("quantity handed over"), allow_zero=True),
                    parse_quantity(received, N_("quantity received"), allow_zero=True))


def tag_svg(tag: str) -> str:
    """The tag's QR code as inline SVG, made on the tablet: labels print without any network.

    zxing-cpp writes a standalone file (with the quiet zone) sized in modules; the page needs an
    element that scales to the label.
    """
    svg = zxingcpp.write_barcode_to_svg(zxingcpp.create_barcode(tag, zxingcpp.BarcodeFormat.QRCode))
    svg = svg[svg.index("<svg"):]
    size = re.search(r'<svg width="(\d+)" height="(\d+)"', svg)
    if size is None:
        raise ValueError("zxing-cpp wrote an SVG without a size")
    width, height = int(size[1]), int(size[2])
    return svg.replace(size[0], f'<svg class="qr" viewBox="0 0 {width} {height}" role="img" '
                                f'aria-label="QR {tag}"', 1)


@ledger.projection("custody.handed_over")
def _handed_over(db: sqlite_utils.Database, event: Event) -> None:
    p = event.payload
    db.execute("INSERT INTO custody_events (event, goods, at_utc, from_stage, to_stage, handed_by, received_by,"
               " place, quantity_handed, quantity_received, note, recorded_by)"
               " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
               [event.uuid, p["goods"], event.created_utc, p["from_stage"], p["to_stage"], p["handed_by"],
                p["received_by"], p["place"], p["quantity_handed"], p["quantity_received"], p["note"], event.author])

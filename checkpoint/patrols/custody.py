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


class HandoverWaiting(CheckpointError):
    message = N_("Evidence %(tag)s waits for %(receiver)s to confirm its hand-over.")
    status = 409


class NoDisposalDecision(CheckpointError):
    message = N_("Goods go to disposal only on a decision on their fate: record it on the case first.")
    status = 409


class NotTheReceiver(CheckpointError):
    message = N_("Only %(receiver)s can confirm this hand-over, signed in on their own account.")
    status = 403


@dataclass(frozen=True)
class Discrepancy:
    at_utc: str
    kind: str
    """'received_differs' (what arrived is not what was handed over), 'handed_differs' (the holder handed
    over other than what it held) or 'count_differs' (a stock-take counted other than what is held)."""
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
    pending: dict[str, Any] | None = None
    """A hand-over offered and not yet confirmed by its receiver: the goods stay with the giver until then."""

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


def goods(db: sqlite_utils.Database, goods_id: str) -> dict[str, Any]:
    """A tagged goods line seized on a trail or at a gate, with `case` (the interception's or the inspection's
    uuid: the case's id) and `seized_utc`."""
    row = db.execute("SELECT g.*, g.interception AS case_id, i.at_utc AS seized_utc, i.gate, 'interception' AS source"
                     " FROM intercepted_goods g JOIN interceptions i ON i.uuid = g.interception WHERE g.id = ?",
                     [goods_id]).fetchone() or db.execute(
        "SELECT g.*, g.inspection AS case_id, g.tagged_utc AS seized_utc, i.gate, 'inspection' AS source"
        " FROM seized_goods g JOIN inspections i ON i.uuid = g.inspection WHERE g.id = ?", [goods_id]).fetchone()
    if row is None:
        raise NotFound()
    return {**dict(row), "quantity": stored_number(row["quantity"])}


def chain(db: sqlite_utils.Database, goods_id: str) -> Chain:
    found_goods = goods(db, goods_id)
    legacy = [{**dict(e), "quantity_handed": stored_number(e["quantity_handed"]),
               "quantity_received": stored_number(e["quantity_received"]), "seal": None, "photo": None,
               "confirmed": False} for e in db.execute(
        "SELECT * FROM custody_events WHERE goods = ? ORDER BY at_utc", [goods_id])]
    confirmed = [{"event": h["event"], "at_utc": h["confirmed_utc"], "from_stage": h["from_stage"],
                  "to_stage": h["to_stage"], "handed_by": h["handed_by"], "received_by": h["receiver"],
                  "place": h["place"], "quantity_handed": stored_number(h["quantity_handed"]),
                  "quantity_received": stored_number(h["quantity_received"]), "seal": h["seal"], "photo": h["photo"],
                  "decision": h["decision"], "confirmed": True}
                 for h in db.execute("SELECT * FROM handovers WHERE goods = ? AND confirmed_utc IS NOT NULL"
                                     " ORDER BY confirmed_utc", [goods_id])]
    events = tuple(sorted(legacy + confirmed, key=lambda e: e["at_utc"]))
    stage, held = "patrol", _exact(found_goods["quantity"])
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
    last_count = db.execute("SELECT counted_utc, expected, counted FROM stock_counts WHERE goods = ?"
                            " ORDER BY counted_utc DESC LIMIT 1", [goods_id]).fetchone()
    if last_count is not None and _exact(last_count["counted"]) != _exact(last_count["expected"]) \
            and (not events or last_count["counted_utc"] > events[-1]["at_utc"]):
        found.append(Discrepancy(last_count["counted_utc"], "count_differs", stage,
                                 stored_number(last_count["expected"]), stored_number(last_count["counted"]),
                                 N_("%(found)s %(unit)s counted at the stock-take of %(expected)s held by %(stage)s")))
    pending = db.execute("SELECT * FROM handovers WHERE goods = ? AND confirmed_utc IS NULL", [goods_id]).fetchone()
    return Chain(found_goods, events, stage, number(held), tuple(found), dict(pending) if pending else None)


def chain_by_tag(db: sqlite_utils.Database, tag: str) -> Chain:
    row = db.execute("SELECT id FROM seized_goods WHERE tag = ?", [tag.strip().upper()]).fetchone()
    return chain(db, row[0] if row else goods_by_tag(db, tag)["id"])


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


# A hand-over recorded by one user for both sides, before receivers confirmed on their own account: kept in the
# chain, marked as not confirmed by the receiver.
@ledger.projection("custody.handed_over")
def _handed_over(db: sqlite_utils.Database, event: Event) -> None:
    p = event.payload
    db.execute("INSERT INTO custody_events (event, goods, at_utc, from_stage, to_stage, handed_by, received_by,"
               " place, quantity_handed, quantity_received, note, recorded_by)"
               " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
               [event.uuid, p["goods"], event.created_utc, p["from_stage"], p["to_stage"], p["handed_by"],
                p["received_by"], p["place"], p["quantity_handed"], p["quantity_received"], p["note"], event.author])


# -- hand-overs confirmed by the receiver, stock-takes ------------------------------------------------

def offer(db: sqlite_utils.Database, case_id: str, to_stage: str, lines: Sequence[tuple[str, Decimal]], *,
          receiver: str, place: str, note: str, author: str) -> list[Event]:
    """The giver's side: what is handed over, to whom (an account). The goods stay the giver's until the receiver
    confirms. A hand-over to disposal takes the number of the case's decision on the goods' fate."""
    if to_stage not in STAGES[1:]:
        raise InvalidInput(field=N_("handed to"), problem=N_("must be station, warehouse or disposal"))
    place, note, receiver = place.strip(), note.strip(), receiver.strip()
    if not place or len(place) > 200:
        raise InvalidInput(field=N_("place"), problem=N_("1 to 200 characters"))
    if len(note) > 2000:
        raise InvalidInput(field=N_("note"), problem=N_("too long"))
    account = db.execute("SELECT username FROM users WHERE username = ? AND disabled_utc IS NULL",
                         [receiver]).fetchone()
    if account is None:
        raise InvalidInput(field=N_("received by"), problem=N_("choose the receiver's account"))
    if receiver == author:
        raise InvalidInput(field=N_("received by"), problem=N_("the receiver is another person than the giver"))
    if not lines:
        raise InvalidInput(field=N_("goods"), problem=N_("choose at least one tagged item"))
    decision = None
    if to_stage == "disposal":
        fate = db.execute("SELECT number FROM case_steps WHERE case_id = ? AND kind = 'goods_fate'"
                          " ORDER BY day DESC, recorded_utc DESC LIMIT 1", [case_id]).fetchone()
        if fate is None:
            raise NoDisposalDecision()
        decision = fate[0]
    checked = []
    for tag, handed in lines:
        current = chain_by_tag(db, tag)
        if current.goods["case_id"] != case_id:
            raise NotFound()
        if STAGES.index(to_stage) <= STAGES.index(current.stage):
            raise CustodyClosed(tag=current.goods["tag"], stage=current.stage)
        if current.pending:
            raise HandoverWaiting(tag=current.goods["tag"], receiver=current.pending["receiver"])
        checked.append((current, handed))
    return [ledger.record(db, "custody.handover_offered", {
        "goods": current.goods["id"], "tag": current.goods["tag"], "from_stage": current.stage, "to_stage": to_stage,
        "handed_by": author, "receiver": receiver, "place": place, "quantity_handed": number(handed), "note": note,
        **({"decision": decision} if decision else {})}, author=author, subject=case_id)
        for current, handed in checked]


def waiting(db: sqlite_utils.Database, receiver: str | None = None,
            gates: list[str] | None = None) -> list[dict[str, Any]]:
    """Hand-overs offered and not yet confirmed: one receiver's, or every one at the gates (None: all)."""
    rows = [dict(r) for r in db.execute("SELECT * FROM handovers WHERE confirmed_utc IS NULL"
                                        + (" AND receiver = ?" if receiver else "") + " ORDER BY offered_utc",
                                        [receiver] if receiver else [])]
    found = []
    for row in rows:
        row["goods"] = goods(db, row["goods"])
        row["quantity_handed"] = stored_number(row["quantity_handed"])
        if gates is None or row["goods"]["gate"] in gates:
            found.append(row)
    return found


def waiting_for(db: sqlite_utils.Database, receiver: str) -> int:
    """How many hand-overs wait for this receiver's confirmation, for the header of every page."""
    return int(db.execute("SELECT COUNT(*) FROM handovers WHERE receiver = ? AND confirmed_utc IS NULL",
                          [receiver]).fetchone()[0])


def handover(db: sqlite_utils.Database, offer_id: str) -> dict[str, Any]:
    row = db.execute("SELECT * FROM handovers WHERE event = ?", [offer_id]).fetchone()
    if row is None:
        raise NotFound()
    return {**dict(row), "goods": goods(db, row["goods"]), "quantity_handed": stored_number(row["quantity_handed"])}


def confirm(db: sqlite_utils.Database, offer_id: str, *, received: Any, seal: str, photo: str | None, note: str,
            author: str) -> Event:
    """The receiver's side, on their own account (`author`): the quantity they counted, the seal, a photo.
    A count other than what was handed over is kept as counted and flagged to leaders."""
    offered = handover(db, offer_id)
    if offered["confirmed_utc"] is not None:
        raise InvalidInput(field=N_("hand-over"), problem=N_("already confirmed"))
    if author != offered["receiver"]:
        raise NotTheReceiver(receiver=offered["receiver"])
    quantity = parse_quantity(received, N_("quantity received"), allow_zero=True)
    seal, note = seal.strip(), note.strip()
    if not seal or len(seal) > 60:
        raise InvalidInput(field=N_("seal number"), problem=N_("1 to 60 characters"))
    if not photo:
        raise InvalidInput(field=N_("photo"), problem=N_("a photo of the goods as received is needed"))
    if len(note) > 2000:
        raise InvalidInput(field=N_("note"), problem=N_("too long"))

    def still_waiting(d: sqlite_utils.Database) -> None:
        # Two confirmations sent at once: the second finds the first.
        if d.execute("SELECT confirmed_utc FROM handovers WHERE event = ?", [offer_id]).fetchone()[0]:
            raise InvalidInput(field=N_("hand-over"), problem=N_("already confirmed"))

    return ledger.record(db, "custody.handover_confirmed", {
        "offer": offer_id, "goods": offered["goods"]["id"], "tag": offered["tag"],
        "quantity_received": number(quantity), "seal": seal, "photo": photo, "note": note}, author=author,
        subject=offered["case_id"], precondition=still_waiting)


def withdraw(db: sqlite_utils.Database, offer_id: str, *, reason: str, author: str, leader: bool) -> Event:
    """The giver (or a leader) takes back an offer its receiver has not confirmed: the goods never moved."""
    offered = handover(db, offer_id)
    if offered["confirmed_utc"] is not None:
        raise InvalidInput(field=N_("hand-over"), problem=N_("already confirmed"))
    if author != offered["handed_by"] and not leader:
        raise InvalidInput(field=N_("hand-over"), problem=N_("only the giver or a leader takes it back"))
    reason = reason.strip()
    if not 3 <= len(reason) <= 500:
        raise InvalidInput(field=N_("reason"), problem=N_("say why, in 3 to 500 characters"))

    def still_waiting(d: sqlite_utils.Database) -> None:
        row = d.execute("SELECT confirmed_utc FROM handovers WHERE event = ?", [offer_id]).fetchone()
        if row is None or row[0] is not None:
            raise InvalidInput(field=N_("hand-over"), problem=N_("already confirmed"))

    return ledger.record(db, "custody.handover_withdrawn", {
        "offer": offer_id, "goods": offered["goods"]["id"], "tag": offered["tag"], "reason": reason},
        author=author, subject=offered["case_id"], precondition=still_waiting)


def in_stage(db: sqlite_utils.Database, stage: str, gates: list[str] | None) -> list[Chain]:
    """Every tagged item whose custody stands at `stage` (the warehouse's stock), at the gates (None: all)."""
    ids = [r[0] for r in db.execute("SELECT g.id FROM intercepted_goods g JOIN interceptions i ON i.uuid ="
                                    " g.interception WHERE g.tag IS NOT NULL" + _gates_clause("i", gates)
                                    + " UNION ALL SELECT g.id FROM seized_goods g JOIN inspections i ON i.uuid ="
                                    " g.inspection WHERE 1" + _gates_clause("i", gates), (gates or []) * 2)]
    return sorted((c for c in map(lambda goods_id: chain(db, goods_id), ids) if c.stage == stage),
                  key=lambda c: c.goods["tag"])


def _gates_clause(alias: str, gates: list[str] | None) -> str:
    return "" if gates is None else f" AND {alias}.gate IN ({','.join('?' * len(gates))})"


def count(db: sqlite_utils.Database, counts: Sequence[tuple[str, Any]], *, stocktake: str,
          author: str) -> list[Event]:
    """One stock-take of the warehouse: every tag counted against what custody says it holds; all checked
    before any is recorded. A difference is flagged on the chain until the next hand-over."""
    checked = []
    for tag, raw in counts:
        current = chain_by_tag(db, tag)
        if current.stage != "warehouse":
            raise InvalidInput(field=N_("tag"), problem=N_("not in the warehouse"))
        checked.append((current, parse_quantity(raw, N_("quantity counted"), allow_zero=True)))
    if not checked:
        raise InvalidInput(field=N_("goods"), problem=N_("count at least one tagged item"))
    return [ledger.record(db, "custody.counted", {
        "goods": current.goods["id"], "tag": current.goods["tag"], "stocktake": stocktake,
        "expected": current.held, "counted": number(counted)}, author=author, subject=current.goods["case_id"])
        for current, counted in checked]


def flagged(db: sqlite_utils.Database, gates: list[str] | None) -> list[Chain]:
    """Every tagged item with a difference somewhere along its chain, for leaders."""
    ids = [r[0] for r in db.execute(
        "SELECT goods FROM custody_events WHERE quantity_handed != quantity_received UNION"
        " SELECT goods FROM handovers WHERE confirmed_utc IS NOT NULL UNION SELECT goods FROM stock_counts")]
    found = []
    for goods_id in ids:
        current = chain(db, goods_id)
        if current.flagged and (gates is None or current.goods["gate"] in gates):
            found.append(current)
    return sorted(found, key=lambda c: c.discrepancies[-1].at_utc, reverse=True)


@ledger.projection("custody.handover_offered")
def _offered(db: sqlite_utils.Database, event: Event) -> None:
    p = event.payload
    db.execute("INSERT INTO handovers (event, goods, tag, case_id, from_stage, to_stage, handed_by, receiver, place,"
               " quantity_handed, decision, note, offered_utc) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
               [event.uuid, p["goods"], p["tag"], event.subject, p["from_stage"], p["to_stage"], p["handed_by"],
                p["receiver"], p["place"], p["quantity_handed"], p.get("decision"), p["note"], event.created_utc])


@ledger.projection("custody.handover_confirmed")
def _confirmed(db: sqlite_utils.Database, event: Event) -> None:
    p = event.payload
    db.execute("UPDATE handovers SET confirmed_event = ?, confirmed_utc = ?, quantity_received = ?, seal = ?,"
               " photo = ?, confirm_note = ? WHERE event = ?",
               [event.uuid, event.created_utc, p["quantity_received"], p["seal"], p["photo"], p["note"], p["offer"]])


@ledger.projection("custody.handover_withdrawn")
def _withdrawn(db: sqlite_utils.Database, event: Event) -> None:
    # The offer no longer waits; the log keeps it and its withdrawal.
    db.execute("DELETE FROM handovers WHERE event = ? AND confirmed_utc IS NULL", [event.payload["offer"]])


@ledger.projection("custody.counted")
def _counted(db: sqlite_utils.Database, event: Event) -> None:
    p = event.payload
    db.execute("INSERT INTO stock_counts (event, goods, tag, stocktake, expected, counted, counted_by, counted_utc)"
               " VALUES (?, ?, ?, ?, ?, ?, ?, ?)", [event.uuid, p["goods"], p["tag"], p["stocktake"], p["expected"],
                                                   p["counted"], event.author, event.created_utc])

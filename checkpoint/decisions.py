"""What follows a case's record, each step an event in the log with a photo of the signed paper: the sanction
decision or a referral, prosecution by the investigating body, payment, and the goods' fate. The 389 figures of
fines, budget, prosecutions and defendants come from these steps (case_outcomes), never from what was typed at the
gate before any decision existed; statutory time limits are data (data/time_limits.csv) and drive the overdue list.

A case is named by the id its report row has (report_cases.id: the inspection's or the interception's uuid), and
its steps are logged with that id as their subject. A later decision of the same kind stands in for an earlier one
(a corrected decision is a new paper); payments add up.
"""
from __future__ import annotations

import csv
import json
from dataclasses import dataclass
from datetime import date, timedelta
from functools import lru_cache
from typing import Any

import sqlite_utils

from . import ledger, values
from .errors import N_, InvalidInput, NotFound
from .ledger import Event
from .settings import DATA_DIR

MAX_VND = 10**15
STEPS = ("sanctioned", "referred", "prosecuted", "paid", "goods_fate")
RECEIVING_BODIES = {
    "police_investigation": N_("Police investigation agency"),
    "customs_investigation": N_("Customs anti-smuggling and investigation"),
    "border_guard_investigation": N_("Border guard investigation"),
    "market_control": N_("Market control"),
    "tax": N_("Tax authority"),
}
FATES = {
    "confiscated": N_("confiscated to the state budget"),
    "destroyed": N_("destroyed"),
    "auctioned": N_("auctioned"),
    "returned": N_("returned to the owner"),
}

WAITING_FOR = {
    "decision": N_("the sanction decision or a referral"),
    "payment": N_("payment of the fine"),
    "goods_fate": N_("a decision on the goods' fate"),
}
LIMIT_OF_STEP = {"sanctioned": "decision", "referred": "decision", "paid": "payment", "goods_fate": "goods_fate"}
"""The statutory limit (time_limits.csv) a step must meet."""


class StepRefused(InvalidInput):
    """A step out of order (a payment with no decision); as InvalidInput, shown beside the form."""


@lru_cache(maxsize=1)
def time_limits() -> dict[str, dict[str, str]]:
    with open(DATA_DIR / "time_limits.csv", encoding="utf-8") as f:
        return {row["step"]: row for row in csv.DictReader(f)}


@dataclass(frozen=True)
class Step:
    kind: str
    number: str
    """The paper's number: decision, dispatch or receipt."""
    day: date
    photo: str | None
    """sha256 of the photo of the signed paper (capture keeps it)."""
    detail: dict[str, Any]


def parse(kind: str, form: dict[str, Any], photo: str | None) -> Step:
    """A step from form fields or JSON. Raises InvalidInput naming the field."""
    if kind not in STEPS:
        raise NotFound()
    number = str(form.get("number") or "").strip()[:60]
    if not number:
        raise InvalidInput(field=N_("number"), problem=N_("the paper's number is needed"))
    day = values.parse_date(form.get("date"), N_("date"))
    if day is None:
        raise InvalidInput(field=N_("date"), problem=N_("the paper's date is needed"))
    detail: dict[str, Any] = {}
    if kind == "sanctioned":
        detail = {"signer": _text(form, "signer", N_("signed by")),
                  "provision": _text(form, "provision", N_("legal provision")),
                  "fine_vnd": _vnd(form, "fine_vnd", N_("fine")), "confiscated": _flag(form.get("confiscated")),
                  "other_measures": str(form.get("other_measures") or "").strip()[:500]}
    elif kind == "referred":
        body = str(form.get("body") or "")
        if body not in RECEIVING_BODIES:
            raise InvalidInput(field=N_("receiving body"), problem=N_("choose the body the case goes to"))
        detail = {"body": body, "goods_handed": str(form.get("goods_handed") or "").strip()[:500],
                  "papers_handed": str(form.get("papers_handed") or "").strip()[:500]}
    elif kind == "prosecuted":
        defendants = values.parse_whole(form.get("defendants"), N_("defendants"), limit=1000) or 0
        if defendants < 1:
            raise InvalidInput(field=N_("defendants"), problem=N_("a prosecution names at least one defendant"))
        detail = {"body": _text(form, "body", N_("investigating body")), "defendants": defendants}
    elif kind == "paid":
        amount = _vnd(form, "amount_vnd", N_("amount"))
        if amount < 1:
            raise InvalidInput(field=N_("amount"), problem=N_("a payment is more than nothing"))
        detail = {"amount_vnd": amount}
    else:
        fate = str(form.get("fate") or "")
        if fate not in FATES:
            raise InvalidInput(field=N_("fate of the goods"), problem=N_("choose what became of the goods"))
        detail = {"fate": fate, "proceeds_vnd": _vnd(form, "proceeds_vnd", N_("proceeds"))}
    return Step(kind, number, day, photo, detail)


def record(db: sqlite_utils.Database, case_id: str, step: Step, *, author: str, today: date) -> Event:
    """Logs a step of the case, checked against the steps already taken, in one transaction with them."""
    def in_order(d: sqlite_utils.Database) -> None:
        _check_order(d, case_id, step, today)
    return ledger.record(db, f"case.{step.kind}", {"number": step.number, "date": step.day.isoformat(),
                                                   **({"photo": step.photo} if step.photo else {}), **step.detail},
                         author=author, subject=case_id, precondition=in_order)


def _check_order(db: sqlite_utils.Database, case_id: str, step: Step, today: date) -> None:
    row = db.execute("SELECT local_date FROM report_cases WHERE id = ?", [case_id]).fetchone()
    if row is None:
        raise NotFound()
    if step.day > today:
        raise StepRefused(field=N_("date"), problem=N_("a paper cannot be dated after today"))
    if step.day < date.fromisoformat(row[0]):
        raise StepRefused(field=N_("date"), problem=N_("a paper cannot be dated before the case"))
    taken = {kind for (kind,) in db.execute("SELECT DISTINCT kind FROM case_steps WHERE case_id = ?", [case_id])}
    if step.kind == "paid" and "sanctioned" not in taken:
        raise StepRefused(field=N_("number"), problem=N_("a payment follows a sanction decision"))
    if step.kind == "prosecuted" and "referred" not in taken:
        raise StepRefused(field=N_("number"), problem=N_("prosecution follows a referral to an investigating body"))
    if step.kind == "goods_fate" and not taken & {"sanctioned", "prosecuted"}:
        # Goods leave custody only on a decision: never disposed of on the officer's word.
        raise StepRefused(field=N_("number"), problem=N_("the goods' fate follows a decision on the case"))


def steps(db: sqlite_utils.Database, case_id: str) -> list[dict[str, Any]]:
    rows = [dict(r) for r in db.execute("SELECT * FROM case_steps WHERE case_id = ? ORDER BY day, recorded_utc",
                                        [case_id])]
    for row in rows:
        row["detail"] = json.loads(row["detail"])
    return rows


def overdue(db: sqlite_utils.Database, gates: list[str] | None, today: date) -> list[dict[str, Any]]:
    """Cases past a statutory limit, for leaders: no decision within its limit of the case, no payment within its
    limit of the decision, seized goods with no fate within its limit of the decision. Oldest first."""
    limits = {step: int(row["days"]) for step, row in time_limits().items()}
    where = "" if gates is None else f" AND c.gate IN ({','.join('?' * len(gates))})"
    found = []
    for row in db.execute(
            "SELECT c.id, c.gate, c.local_date, c.confiscated, o.decided_on, o.fine_vnd, o.paid_vnd, o.fate"
            f" FROM report_cases c LEFT JOIN case_outcomes o ON o.case_id = c.id WHERE 1{where}"
            " ORDER BY c.local_date", gates or []):
        case_id, gate, opened, confiscated, decided_on, fine, paid, fate = row
        due = None
        if decided_on is None:
            due = ("decision", date.fromisoformat(opened) + timedelta(days=limits["decision"]))
        elif fine and (paid or 0) < fine:
            due = ("payment", date.fromisoformat(decided_on) + timedelta(days=limits["payment"]))
        elif confiscated and fate is None:
            due = ("goods_fate", date.fromisoformat(decided_on) + timedelta(days=limits["goods_fate"]))
        if due is not None and due[1] < today:
            found.append({"case": case_id, "gate": gate, "opened": opened, "waiting_for": due[0],
                          "due": due[1].isoformat(), "days_late": (today - due[1]).days})
    return found


def _text(form: dict[str, Any], key: str, field: str) -> str:
    text = str(form.get(key) or "").strip()[:200]
    if not text:
        raise InvalidInput(field=field, problem=N_("this is needed"))
    return text


def _vnd(form: dict[str, Any], key: str, field: str) -> int:
    return values.parse_whole(form.get(key), field, limit=MAX_VND) or 0


def _flag(raw: Any) -> bool:
    return str(raw).strip().lower() in ("1", "true", "on", "yes")


@ledger.projection("case.sanctioned")
@ledger.projection("case.referred")
@ledger.projection("case.prosecuted")
@ledger.projection("case.paid")
@ledger.projection("case.goods_fate")
def _step(db: sqlite_utils.Database, event: Event) -> None:
    p = dict(event.payload)
    db.table("case_steps").insert({
        "event": event.uuid, "case_id": event.subject, "kind": event.type.removeprefix("case."),
        "number": p.pop("number"), "day": p.pop("date"), "photo": p.pop("photo", None),
        "detail": json.dumps(p, ensure_ascii=False), "recorded_by": event.author, "recorded_utc": event.created_utc})

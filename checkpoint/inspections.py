"""Inspections as events in the ledger, and the projections that pages and reports read."""
from __future__ import annotations

import json
import re
import unicodedata
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any

import sqlite_utils

from . import ledger
from .cases import Case
from .checks.risk import Risk
from .clock import local_today
from .errors import N_, CheckpointError, InspectionClosed, InvalidInput, NotFound
from .ledger import Event
from .models import Finding, PhotoResult
from .store.db import atomic, gate_filter

DIRECTIONS = ("import", "export")
VERDICTS = ("cleared", "held", "seized", "referred")


@dataclass(frozen=True)
class NewInspection:
    gate: str
    direction: str
    plates: tuple[str, ...]
    lane: str = ""
    container: str = ""
    declared_goods: str = ""
    declared_origin: str = ""


class DuplicatePhoto(CheckpointError):
    message = N_("%(name)s is already among this inspection's photos.")
    status = 409


def start(db: sqlite_utils.Database, new: NewInspection, *, author: str, tz: str,
          on: date | None = None) -> str:
    if db.execute("SELECT 1 FROM gates WHERE code = ?", [new.gate]).fetchone() is None:
        raise InvalidInput(field="gate", problem=N_("unknown gate code"))
    subject = str(uuid.uuid4())
    ledger.record(db, "inspection.started", started(new, on or local_today(tz)), author=author,
                  subject=subject)
    return subject


def started(new: NewInspection, on: date) -> dict[str, Any]:
    """The inspection as the log keeps it when it starts (the payload of `inspection.started`)."""
    if new.direction not in DIRECTIONS:
        raise InvalidInput(field="direction", problem=N_("must be import or export"))
    plates = [p.strip() for p in new.plates if p.strip()]
    if any(len(p) > 20 for p in plates) or len(new.container) > 20 or len(new.declared_goods) > 2000:
        raise InvalidInput(field="vehicle", problem=N_("too long"))
    return {"gate": new.gate, "lane": new.lane.strip(), "direction": new.direction, "plates": plates,
            "container": new.container.strip().upper(), "declared_goods": new.declared_goods.strip(),
            "declared_origin": new.declared_origin.strip().upper(), "local_date": on.isoformat()}


def add_photo(db: sqlite_utils.Database, inspection: str, result: PhotoResult, *, author: str) -> Event:
    _open(db, inspection)
    return ledger.record(db, "inspection.photo_added", result.as_event_payload(), author=author, subject=inspection)


class NeedsApproval(CheckpointError):
    message = N_("Letting this truck pass needs a leader's approval: the checks proposed red or found a high risk."
                 " Ask for it with your reason on the inspection page.")
    status = 409


MIN_REASON = 10
"""Characters: a reason is a sentence someone can weigh later (a leader, an auditor), not 'ok'."""
NO_PHOTO = N_("reason for closing with no photo")


def record_verdict(db: sqlite_utils.Database, inspection: str, verdict: str, note: str, *, author: str,
                   case: Case | None = None, no_photo_reason: str = "") -> Event:
    """Closes the inspection. A seizure or referral needs its case classified for the 389 reports; letting pass a
    truck proposed red or with a high finding needs a leader's approval (approvals.py), closing one with no photo a
    reason. Checked inside the write transaction: an upload being logged is waited for, never split, and what it
    adds (a photo, a red channel) counts."""
    _open(db, inspection)
    payload = _verdict_payload(verdict, note, case, no_photo_reason)

    def guarded(d: sqlite_utils.Database) -> None:
        _open(d, inspection)
        photo_or_reason(d, inspection, payload)
        if needs_approval(d, inspection, verdict) and not approved(d, inspection):
            raise NeedsApproval()
    return ledger.record(db, "inspection.verdict", payload, author=author, subject=inspection, precondition=guarded)


# -- four eyes on risk (#19): the core refuses what approvals.py lets a leader approve ----------------------

LET_PASS = "cleared"


def needs_approval(db: sqlite_utils.Database, inspection: str, verdict: str) -> bool:
    """Letting pass what the checks proposed red, or what has a high finding."""
    if verdict != LET_PASS:
        return False
    row = db.execute("SELECT risk_channel, (SELECT COUNT(*) FROM findings WHERE inspection = uuid"
                     " AND severity = 'high') FROM inspections WHERE uuid = ?", [inspection]).fetchone()
    if row is None:
        raise NotFound()
    return row[0] == "red" or row[1] > 0


def approved(db: sqlite_utils.Database, inspection: str) -> bool:
    """A leader's last word on letting it pass was yes, and the checks have not run again since (a new photo or a
    correction may change what the leader weighed)."""
    row = db.execute("SELECT seq, json_extract(payload, '$.approved') FROM events WHERE subject = ?"
                     " AND type = 'approval.decided' ORDER BY seq DESC LIMIT 1", [inspection]).fetchone()
    if row is None or not row[1]:
        return False
    return db.execute("SELECT 1 FROM events WHERE subject = ? AND seq > ? AND type = 'inspection.checked'",
                      [inspection, row[0]]).fetchone() is None


LEADER_ROLES = ("supervisor", "admin")


def may_let_pass(db: sqlite_utils.Database, inspection: str, author: str) -> bool:
    """Whether `author` may correct a verdict into letting the truck pass: when a leader approved it already, or
    when the author is a leader who neither inspected the truck, recorded its verdict nor asked to let it pass — the
    correction, with its reason, is then that leader's approval on their own account."""
    if approved(db, inspection):
        return True
    role = db.execute("SELECT role FROM users WHERE username = ?", [author]).fetchone()
    if role is None or role[0] not in LEADER_ROLES:
        return False
    involved = db.execute(
        "SELECT 1 FROM inspections WHERE uuid = ? AND officer = ? UNION ALL SELECT 1 FROM events WHERE subject = ?"
        " AND type IN ('inspection.verdict', 'approval.requested') AND author = ?",
        [inspection, author, inspection, author]).fetchone()
    return involved is None


def photo_or_reason(db: sqlite_utils.Database, inspection: str, payload: dict[str, Any]) -> None:
    """Refuses to close an inspection that has no photo unless the payload says why (`no_photo_reason`)."""
    if db.execute("SELECT 1 FROM photos WHERE inspection = ?", [inspection]).fetchone() is not None:
        return
    if len(payload.get("no_photo_reason", "")) < MIN_REASON:
        raise InvalidInput(field=NO_PHOTO, problem=N_("write why the inspection closes without a photo"))


def _verdict_payload(verdict: str, note: str, case: Case | None, no_photo_reason: str = "") -> dict[str, Any]:
    if verdict not in VERDICTS:
        raise InvalidInput(field="verdict", problem=N_("must be cleared, held, seized or referred"))
    if len(note) > 4000:
        raise InvalidInput(field="note", problem=N_("too long"))
    if verdict in ("seized", "referred") and case is None:
        raise InvalidInput(field=N_("violation"), problem=N_("choose the violation type for a seizure or referral"))
    payload: dict[str, Any] = {"verdict": verdict, "note": note.strip()}
    if case is not None:
        payload["case"] = case.as_dict()
    if no_photo_reason.strip():
        payload["no_photo_reason"] = no_photo_reason.strip()[:2000]
    return payload


def record_checks(db: sqlite_utils.Database, inspection: str, findings: list[Finding], risk: Risk,
                  watchlist_version: str, *, author: str) -> Event:
    """What the checks found on the inspection as it now stands; each check replaces the last."""
    logged_risk = {**risk.as_dict(), "reasons": list(risk.reasons)}
    if risk.draw is not None:
        logged_risk["draw"] = risk.draw.as_dict()
    return ledger.record(db, "inspection.checked", {
        "findings": [f.as_dict() for f in findings], "risk": logged_risk,
        "watchlist_version": watchlist_version}, author=author, subject=inspection)


PHYSICAL_RESULTS = ("as_declared", "differs")


def record_physical_check(db: sqlite_utils.Database, inspection: str, result: str, note: str, *,
                          author: str) -> Event:
    """A physical check of the goods, a step with its own result: a truck checked may then be let pass, held or
    seized, so the check never closes the inspection. Checked open inside the write, as the verdict is."""
    if result not in PHYSICAL_RESULTS:
        raise InvalidInput(field=N_("physical check"), problem=N_("say whether the goods are as declared"))
    note = note.strip()
    if len(note) > 2000:
        raise InvalidInput(field=N_("what was found"), problem=N_("too long"))
    if result == "differs" and len(note) < 5:
        raise InvalidInput(field=N_("what was found"), problem=N_("write what differs from the declaration"))
    _open(db, inspection)
    return ledger.record(db, "inspection.physically_checked", {"result": result, "note": note}, author=author,
                         subject=inspection, precondition=lambda d: _open(d, inspection))


VNACCS_CHANNELS = ("green", "yellow", "red")


def set_vnaccs_channel(db: sqlite_utils.Database, inspection: str, channel: str, *, author: str) -> Event:
    """The channel the declaration got in VNACCS (the official phân luồng), as the officer read it there: beside the
    app's proposed risk level, never mixed with it. "" takes back a mistaken entry. A fact of the declaration, not a
    decision: it may be entered after the verdict too."""
    if channel not in (*VNACCS_CHANNELS, ""):
        raise InvalidInput(field=N_("VNACCS channel"), problem=N_("must be green, yellow or red"))
    if db.execute("SELECT 1 FROM inspections WHERE uuid = ?", [inspection]).fetchone() is None:
        raise NotFound()
    return ledger.record(db, "inspection.vnaccs_channel", {"channel": channel}, author=author, subject=inspection)


def correct_field(db: sqlite_utils.Database, inspection: str, sha256: str, field: str, value: Any, *,
                  author: str, typed: Callable[[Any, Any], Any] | None = None) -> Event:
    """The officer's reading of one OCR field; the OCR's own value stays beside it, in the log and on the page.
    `typed(value, like)` gives the value the type of the field's (pipeline.correct passes the officer's text
    and pipeline.typed_value); without it the value is kept as given."""
    _open(db, inspection)
    row = db.execute("SELECT document FROM photos WHERE inspection = ? AND sha256 = ?", [inspection, sha256]).fetchone()
    current = json.loads(row[0])["fields"].get(field) if row and row[0] else None
    if current is None:
        raise NotFound()
    return ledger.record(db, "inspection.field_corrected", {
        "sha256": sha256, "field": field, "ocr_value": current.get("ocr_value", current["value"]),
        "value": typed(value, current["value"]) if typed else value}, author=author, subject=inspection)


def get(db: sqlite_utils.Database, inspection: str) -> dict[str, Any]:
    row = db.execute("SELECT * FROM inspections WHERE uuid = ?", [inspection]).fetchone()
    if row is None:
        raise NotFound()
    record = dict(row)
    record["plates"] = json.loads(record["plates"])
    record["random_draw"] = json.loads(record["random_draw"]) if record["random_draw"] else None
    checked = db.execute("SELECT json_extract(payload, '$.risk.random') FROM events WHERE subject = ?"
                         " AND type = 'inspection.checked' ORDER BY seq DESC LIMIT 1", [inspection]).fetchone()
    record["selected_at_random"] = bool(checked and checked[0])
    record["photos"] = [_photo(dict(p)) for p in db.execute(
        "SELECT * FROM photos WHERE inspection = ? ORDER BY added_utc", [inspection])]
    logged = ledger.events(db, inspection)
    record["corrections"] = [{"author": e.author, "utc": e.created_utc, "reason": e.payload["reason"],
                              "changes": e.payload.get("changes", {})} for e in logged if e.type == "event.corrected"]
    record["physical_checks"] = [{"author": e.author, "utc": e.created_utc, **e.payload}
                                 for e in logged if e.type == "inspection.physically_checked"]
    record["findings"] = [{"rule": f[0], "severity": f[1], "message": json.loads(f[2]), "evidence": json.loads(f[3])}
                          for f in db.execute("SELECT rule, severity, message, evidence FROM findings"
                                              " WHERE inspection = ? ORDER BY rowid", [inspection])]
    return record


def for_day(db: sqlite_utils.Database, gates: list[str] | None, day: str) -> list[dict[str, Any]]:
    """The inspections of one local day, newest first; gates=None means every gate."""
    return _listed(db, "local_date = ?", [day], gates)


def still_open(db: sqlite_utils.Database, gates: list[str] | None) -> list[dict[str, Any]]:
    """Every inspection without a verdict, whatever day it was started on, newest day first: none is forgotten
    (but a page holds at most SEARCH_LIMIT; the search finds the rest)."""
    return _listed(db, "verdict IS NULL", [], gates, limit=SEARCH_LIMIT)


PARTY_FIELDS = ("seller_name", "seller_name_zh", "buyer_name", "exporter_name", "exporter_name_zh",
                "consignee_name", "importer_name", "seller_tax_code", "buyer_tax_code", "exporter_tax_code",
                "importer_tax_code")
"""The fields of a paper that name a party, searched with the plates and the container."""
SEARCH_LIMIT = 200
NOT_LETTERS = re.compile(r"[\W_]+")


def search_key(text: str) -> str:
    """What a search compares: letters and digits only, without case or diacritics (đ as d), so that
    '12c12345' finds 12C-123.45 and 'hoang long' finds HOÀNG LONG."""
    decomposed = unicodedata.normalize("NFKD", text.replace("đ", "d").replace("Đ", "D"))
    return NOT_LETTERS.sub("", decomposed).casefold()  # marks split off by NFKD are no letters either


def search(db: sqlite_utils.Database, gates: list[str] | None, text: str = "", on: date | None = None
           ) -> list[dict[str, Any]]:
    """Inspections whose plates, container or a party on their papers contain `text`, started on the day `on`
    (either may be left out), newest day first, at most SEARCH_LIMIT."""
    db.conn.create_function("search_key", 1, search_key, deterministic=True)
    clauses, params = ["1"], []
    if on is not None:
        clauses.append("local_date = ?")
        params.append(on.isoformat())
    key = search_key(text)
    if key:
        # One json_extract of every party path: each paper is parsed once, not once a field.
        parties = ", ".join(f"'$.fields.{f}.value'" for f in PARTY_FIELDS)
        clauses.append("(instr(search_key(plates || ' ' || coalesce(container, '')), ?) OR EXISTS (SELECT 1"
                       f" FROM photos p WHERE p.inspection = uuid AND p.document IS NOT NULL"
                       f" AND instr(search_key(replace(replace(json_extract(p.document, {parties}), '[null', '['),"
                       " ',null', ',')), ?)))")
        params += [key, key]
    return _listed(db, " AND ".join(clauses), params, gates, limit=SEARCH_LIMIT)


def _listed(db: sqlite_utils.Database, condition: str, params: list[Any], gates: list[str] | None,
            limit: int = -1) -> list[dict[str, Any]]:
    where, gate_params = gate_filter(gates)
    rows = [dict(r) for r in db.execute(f"SELECT * FROM inspections WHERE {condition}{where}"
                                        " ORDER BY local_date DESC, started_utc DESC LIMIT ?",
                                        [*params, *gate_params, limit])]
    for row in rows:
        row["plates"] = json.loads(row["plates"])
    return rows


def _open(db: sqlite_utils.Database, inspection: str) -> None:
    row = db.execute("SELECT verdict FROM inspections WHERE uuid = ?", [inspection]).fetchone()
    if row is None:
        raise NotFound()
    if row[0] is not None:
        raise InspectionClosed()


def _photo(row: dict[str, Any]) -> dict[str, Any]:
    row["codes"] = json.loads(row["codes"])
    row["document"] = json.loads(row["document"]) if row["document"] else None
    return row


@ledger.projection("inspection.started")
def _started(db: sqlite_utils.Database, event: Event) -> None:
    p = event.payload
    db.execute(
        "INSERT INTO inspections (uuid, gate, lane, direction, plates, container, declared_goods,"
        " declared_origin, officer, started_utc, local_date) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [event.subject, p["gate"], p["lane"], p["direction"], json.dumps(p["plates"], ensure_ascii=False),
         p["container"], p["declared_goods"], p["declared_origin"], event.author, event.created_utc,
         p["local_date"]])


@ledger.projection("inspection.photo_added")
def _photo_added(db: sqlite_utils.Database, event: Event) -> None:
    p = event.payload
    db.execute(
        "INSERT OR IGNORE INTO photos (sha256, inspection, filename, media_type, bytes, width, height,"
        " added_utc, codes, document) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [p["sha256"], event.subject, p["filename"], p["media_type"], p["bytes"], p["width"], p["height"],
         event.created_utc, json.dumps(p["codes"], ensure_ascii=False),
         json.dumps(p["document"], ensure_ascii=False) if p["document"] else None])


@ledger.projection("inspection.checked")
def _checked(db: sqlite_utils.Database, event: Event) -> None:
    db.execute("DELETE FROM findings WHERE inspection = ?", [event.subject])
    db.table("findings").insert_all([{"inspection": event.subject, "rule": f["rule"], "severity": f["severity"],
                                "message": json.dumps(f["message"], ensure_ascii=False),
                                "evidence": json.dumps(f["evidence"], ensure_ascii=False)}
                               for f in event.payload["findings"]])
    db.execute("UPDATE inspections SET risk_channel = ?, risk_score = ?, risk_reasons = ?, watchlist_version = ?"
               " WHERE uuid = ?", [event.payload["risk"]["channel"], event.payload["risk"]["score"],
                                   json.dumps(event.payload["risk"]["reasons"], ensure_ascii=False),
                                   event.payload["watchlist_version"], event.subject])
    draw = event.payload["risk"].get("draw")
    if draw is not None:  # the first check's draw stands: a later one only repeats it
        db.execute("UPDATE inspections SET random_draw = coalesce(random_draw, ?) WHERE uuid = ?",
                   [json.dumps(draw), event.subject])


@ledger.projection("inspection.vnaccs_channel")
def _vnaccs_channel(db: sqlite_utils.Database, event: Event) -> None:
    db.execute("UPDATE inspections SET vnaccs_channel = ? WHERE uuid = ?",
               [event.payload["channel"] or None, event.subject])


@ledger.projection("inspection.field_corrected")
def _field_corrected(db: sqlite_utils.Database, event: Event) -> None:
    p = event.payload
    document = json.loads(db.execute("SELECT document FROM photos WHERE inspection = ? AND sha256 = ?",
                                     [event.subject, p["sha256"]]).fetchone()[0])
    # What an officer typed is sure: the checks alarm only on sure values.
    document["fields"][p["field"]].update(value=p["value"], ocr_value=p["ocr_value"], confidence=1.0, sure=True,
                                          corrected_by=event.author)
    db.execute("UPDATE photos SET document = ? WHERE inspection = ? AND sha256 = ?",
               [json.dumps(document, ensure_ascii=False), event.subject, p["sha256"]])


@ledger.projection("inspection.verdict")
def _verdict(db: sqlite_utils.Database, event: Event) -> None:
    db.execute("UPDATE inspections SET verdict = ?, verdict_note = ?, closed_utc = ? WHERE uuid = ?",
               [event.payload["verdict"], event.payload["note"], event.created_utc, event.subject])
    _project_case(db, event.subject, event.payload.get("case"), event)


def _project_case(db: sqlite_utils.Database, inspection: str | None, case: dict[str, Any] | None,
                  event: Event) -> None:
    """The reports' row for this inspection's case: replaced by a correction, removed when none is left."""
    db.execute("DELETE FROM cases WHERE inspection = ?", [inspection])
    if case is None:
        return
    gate, local_date, officer = db.execute("SELECT gate, local_date, officer FROM inspections WHERE uuid = ?",
                                           [inspection]).fetchone()
    db.table("cases").insert({
        "inspection": inspection, "gate": gate, "local_date": local_date, "officer": officer,
        "recorded_utc": event.created_utc, **{k: case[k] for k in (
            "category", "subtype", "focus_group", "goods", "goods_value_vnd", "fine_vnd", "budget_vnd",
            "confiscated", "criminal", "defendants")}})


def correct_verdict(db: sqlite_utils.Database, inspection: str, verdict: str, note: str, reason: str, *,
                    author: str, case: Case | None = None, no_photo_reason: str = "") -> Event:
    """A new verdict for a closed inspection; the original stays in the log and the correction points at it.
    Letting pass a truck that needs a leader's approval stands as that approval only from a leader who did not
    inspect it (may_let_pass); one with no photo keeps the reason it was closed with, unless given anew."""
    with atomic(db):
        original = db.execute("SELECT uuid, payload FROM events WHERE subject = ? AND type = 'inspection.verdict'"
                              " ORDER BY seq DESC LIMIT 1", [inspection]).fetchone()
        if original is None:
            raise NotFound()
        changes = _verdict_payload(verdict, note, case,
                                   no_photo_reason or json.loads(original[1]).get("no_photo_reason", ""))
        photo_or_reason(db, inspection, changes)
        if needs_approval(db, inspection, verdict) and not may_let_pass(db, inspection, author):
            raise NeedsApproval()
        return ledger.correct(db, original[0], changes, reason, author=author)


@ledger.projection("event.corrected")
def _corrected(db: sqlite_utils.Database, event: Event) -> None:
    if event.payload["target_type"] == "inspection.verdict":
        changes = event.payload["changes"]
        db.execute("UPDATE inspections SET verdict = ?, verdict_note = ? WHERE uuid = ?",
                   [changes["verdict"], changes["note"], event.subject])
        _project_case(db, event.subject, changes.get("case"), event)


@ledger.projection("event.voided")
def _voided(db: sqlite_utils.Database, event: Event) -> None:
    # The pages show what stands; the voided event itself stays in the log for the record.
    target_type = event.payload["target_type"]
    if target_type == "inspection.verdict":
        db.execute("UPDATE inspections SET verdict = NULL, verdict_note = NULL, closed_utc = NULL WHERE uuid = ?",
                   [event.subject])
        _project_case(db, event.subject, None, event)
    elif target_type == "inspection.photo_added":
        target = db.execute("SELECT json_extract(payload, '$.sha256') FROM events WHERE uuid = ?",
                            [event.payload["target"]]).fetchone()
        db.execute("DELETE FROM photos WHERE inspection = ? AND sha256 = ?", [event.subject, target[0]])

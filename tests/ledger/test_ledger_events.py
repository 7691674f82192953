"""Typed events: every type the tablet records has a dataclass; a payload that does not fit is refused unstored."""
from __future__ import annotations

import ast
import dataclasses
import json
import types
import typing
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from checkpoint import ledger
from checkpoint.ledger.chain import PROJECTIONS
from checkpoint.ledger.events import TYPES, InspectionStarted, as_payload, parse

ROOT = Path(__file__).resolve().parents[2]

JSON = st.recursive(st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False, allow_infinity=False)
                    | st.text(max_size=8),
                    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=5), inner, max_size=3),
                    max_leaves=8)


def values(hint: Any) -> st.SearchStrategy[Any]:
    """Values of a field's type, as callers build them (a typed event's fields, nested ones included)."""
    if hint is Any:
        return JSON
    if dataclasses.is_dataclass(hint):
        return instances(typing.cast(type, hint))
    origin, args = typing.get_origin(hint), typing.get_args(hint)
    if origin in (types.UnionType, typing.Union):
        return st.one_of(*(values(a) for a in args))
    if origin is list:
        return st.lists(values(args[0]), max_size=3)
    if origin is dict:
        return st.dictionaries(st.text(max_size=6), values(args[1]), max_size=3)
    return {str: st.text(max_size=12), int: st.integers(), bool: st.booleans(), type(None): st.none(),
            float: st.floats(allow_nan=False, allow_infinity=False) | st.integers()}[hint]


def instances(cls: type) -> st.SearchStrategy[Any]:
    hints = typing.get_type_hints(cls)
    return st.builds(cls, **{f.name: values(hints[f.name]) for f in dataclasses.fields(cls)})


@settings(max_examples=40, suppress_health_check=[HealthCheck.too_slow], deadline=None)
@given(data=st.data())
@pytest.mark.parametrize("event_type", sorted(TYPES))
def test_every_type_round_trips_payload_dataclass_payload(event_type: str, data: st.DataObject) -> None:
    typed = data.draw(instances(TYPES[event_type]))
    payload = as_payload(typed)
    # What the log stores is the payload's canonical JSON; what it gives back is that text parsed.
    stored = json.loads(ledger.canonical(payload))
    assert parse(event_type, stored) == typed
    assert as_payload(parse(event_type, stored)) == payload == stored


def test_every_type_recorded_or_projected_in_the_code_has_a_dataclass() -> None:
    recorded = set()
    for path in (ROOT / "checkpoint").rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call) and getattr(node.func, "attr", getattr(node.func, "id", "")) == "record" \
                    and len(node.args) >= 2 and isinstance(node.args[1], ast.Constant):
                recorded.add(node.args[1].value)
    assert len(recorded) >= 15
    assert recorded | set(PROJECTIONS) <= set(TYPES)


def test_a_recorded_history_reads_back_as_typed_events(make_device) -> None:
    from checkpoint import inspections

    device = make_device()
    subject = device.inspection()
    photo = device.photo(subject, b"a photo", document={"doc_type": "co", "fields": {}})
    inspections.record_verdict(device.db, subject, "cleared", "ok", author="officer1")
    ledger.void(device.db, photo.uuid, "wrong truck", author="super1")
    for event in ledger.events(device.db):
        assert as_payload(event.typed()) == event.payload
    started = ledger.events(device.db)[0].typed()
    assert (type(started), started.plates, started.gate) == (InspectionStarted, ["12C-123.45"], "HUU_NGHI")


@pytest.mark.parametrize(("event_type", "payload", "problem"), [
    ("patrol.notes", {"text": "x"}, "unknown event type; add it to checkpoint/ledger/events.py"),
    ("patrol.note", {}, "payload.text is missing"),
    ("patrol.note", {"text": 5}, "payload.text must be str, found int '5'"),
    ("patrol.note", {"text": "x", "extra": 1}, "payload has unexpected keys ['extra']"),
    ("auth.signed_in", {"username": "a", "address": 7}, "payload.address must be str | None, found int '7'"),
    ("sync.quarantined", {"seq": True, "uuid": "u", "type": "t", "bytes": 1, "sha256": "s", "reason": ""},
     "payload.seq must be int, found bool 'True'"),
    ("patrol.track", {"points": [{"at": "t", "lat": "21.8", "lon": 106.7, "accuracy": None}]},
     "payload.points[0].lat must be float, found str '21.8'"),
    ("patrol.track", {"points": [{"at": "t", "lat": False, "lon": 106.7, "accuracy": None}]},
     "payload.points[0].lat must be float, found bool 'False'"),
    ("interception.photo_added", {"sha256": "s", "filename": "f", "media_type": "image/jpeg", "bytes": 1, "width": 2},
     "payload.height is missing"),
    ("event.voided", {"target": "u", "target_seq": 1, "target_type": "patrol.note", "reason": "r", "changes": {}},
     "payload has unexpected keys ['changes']"),
    ("inspection.verdict", {"verdict": "cleared", "note": "", "case": None},
     "payload.case is left out when there is none, not null"),
    ("violation_record.made", {"interception": "i", "fields": {"number": 1}, "supersedes": None},
     "payload.fields.number must be str, found int '1'"),
    ("patrol.ended", [], "payload must be an object, found list '[]'"),
])
def test_a_payload_that_does_not_fit_is_refused_and_nothing_is_stored(make_device, event_type, payload, problem):
    device = make_device()
    device.fill(2)
    before = [tuple(r) for r in device.db.execute("SELECT * FROM events")]
    head = device.db.execute("SELECT * FROM chain_head").fetchone()
    with pytest.raises(ledger.EventInvalid) as refused:
        ledger.record(device.db, event_type, payload, author="patrol1")
    assert str(refused.value) == f"The log refused a record of type {event_type} ({problem}); nothing was saved."
    assert [tuple(r) for r in device.db.execute("SELECT * FROM events")] == before
    assert tuple(device.db.execute("SELECT * FROM chain_head").fetchone()) == tuple(head)
    assert ledger.verify(device.db).ok


def test_a_whole_number_is_a_float_to_the_log(make_device):
    device = make_device()
    event = ledger.record(device.db, "patrol.track", {"points": [{"at": "t", "lat": 21, "lon": 106.5, "accuracy": 4}]},
                          author="patrol1")
    assert (event.typed().points[0].lat, event.typed().points[0].accuracy) == (21, 4)

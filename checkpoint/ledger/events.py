"""The kinds of event the log takes: one frozen dataclass per type, each payload key with its type.

`chain.record` reads every payload into its dataclass before anything is written: an unknown type, or a
key missing, unexpected or of the wrong type, is refused with `EventInvalid` and nothing is stored.
A payload is JSON: numbers typed float take an int too (JSON writes 24.0 as 24), never a bool; keys typed
`Any` hold what the contracts' JSON shapes give (decoded codes, documents, evidence), checked where made.
"""
from __future__ import annotations

import dataclasses
import types
import typing
from dataclasses import dataclass, field
from functools import cache
from typing import Any

from ..errors import N_, CheckpointError


class EventInvalid(CheckpointError):
    message = N_("The log refused a record of type %(type)s (%(problem)s); nothing was saved.")
    status = 500


OPTIONAL = {"optional": True}
"""A key left out of the payload when it has no value (never written as null)."""


# -- parts that several events carry ------------------------------------------------------------

@dataclass(frozen=True)
class CaseRecord:
    """A violation as classified with a verdict: the keys of cases.Case, which the officer's form gives."""
    subtype: str
    focus_group: str
    goods: str
    goods_value_vnd: int
    fine_vnd: int
    budget_vnd: int
    """Fines, back taxes and proceeds of confiscated goods paid to the budget."""
    confiscated: bool
    criminal: bool
    """Referred for prosecution (khởi tố)."""
    defendants: int
    category: int
    """Of Steering Committee 389's three, from the subtype (cases.CATEGORIES)."""


@dataclass(frozen=True)
class FindingRecord:
    """A finding in CONTRACTS.md's shape."""
    rule: str
    severity: str
    message: dict[str, str]
    evidence: dict[str, Any]


@dataclass(frozen=True)
class DrawRecord:
    """An inspection's random draw (checks/risk.Draw): made at its first check, the same in every later one."""
    seed: str
    value: float
    yellow: float
    """The shares of random yellow and red in force at the gate when it was drawn."""
    red: float


@dataclass(frozen=True)
class RiskRecord:
    channel: str
    score: int
    reasons: list[dict[str, str]]
    """{"vi": …, "en": …} each."""
    random: bool
    draw: DrawRecord | None = field(default=None, metadata=OPTIONAL)


@dataclass(frozen=True)
class PersonRecord:
    name: str
    id_type: str
    id_number: str
    nationality: str
    birth_year: str
    birth_date: str
    address: str
    issue_date: str
    phone: str | None = field(default=None, metadata=OPTIONAL)
    """As typed; watchlist.screening.normalise_phone gives the form it is screened and compared in."""


@dataclass(frozen=True)
class GoodsRecord:
    id: str
    line: int
    description: str
    kind: str
    quantity: int | float
    unit: str
    value_vnd: int | None
    tag: str | None
    """The evidence tag of seized goods, None for goods not held."""


@dataclass(frozen=True)
class PhotoRecord:
    """A photo as capture kept it, which inspections and interceptions add alike."""
    sha256: str
    filename: str
    media_type: str
    bytes: int
    width: int
    height: int


@dataclass(frozen=True)
class AmendmentRecord:
    """What a void or a correction says of the event it amends."""
    target: str
    """uuid of the amended event."""
    target_seq: int
    target_type: str
    reason: str


@dataclass(frozen=True)
class PointRecord:
    at: str
    lat: float
    lon: float
    accuracy: float | None
    flag: str | None = field(default=None, metadata=OPTIONAL)
    """'speed': reached from the route's last point faster than a patrol can move; kept, not drawn."""


# -- the event types ----------------------------------------------------------------------------

@dataclass(frozen=True)
class InspectionStarted:
    gate: str
    lane: str
    direction: str
    plates: list[str]
    container: str
    declared_goods: str
    declared_origin: str
    local_date: str


@dataclass(frozen=True)
class InspectionPhotoAdded(PhotoRecord):
    codes: list[dict[str, Any]]
    document: dict[str, Any] | None


@dataclass(frozen=True)
class InspectionChecked:
    findings: list[FindingRecord]
    risk: RiskRecord
    watchlist_version: str


@dataclass(frozen=True)
class InspectionFieldCorrected:
    sha256: str
    field: str
    ocr_value: Any
    value: Any


@dataclass(frozen=True)
class InspectionVerdict:
    verdict: str
    note: str
    case: CaseRecord | None = field(default=None, metadata=OPTIONAL)
    no_photo_reason: str | None = field(default=None, metadata=OPTIONAL)
    """Why an inspection was closed with no photo (inspections.record_verdict asks it)."""


@dataclass(frozen=True)
class InspectionVnaccsChannel:
    """The channel the declaration got in VNACCS, as the officer read it there; "" takes a mistaken entry back."""
    channel: str


@dataclass(frozen=True)
class InspectionPhysicallyChecked:
    """A physical check of the goods: a step of the inspection with its own result, not its verdict."""
    result: str
    """'as_declared' or 'differs'."""
    note: str
    """What was found (required when it differs)."""


@dataclass(frozen=True)
class EventVoided(AmendmentRecord):
    pass


@dataclass(frozen=True)
class EventCorrected(AmendmentRecord):
    changes: dict[str, Any]
    """The corrected keys of the target's payload."""


@dataclass(frozen=True)
class SignedIn:
    username: str
    address: str | None


@dataclass(frozen=True)
class SignedOut:
    username: str


@dataclass(frozen=True)
class Unlocked:
    username: str
    """The account whose failed sign-ins a leader cleared."""


@dataclass(frozen=True)
class AccountAdded:
    """An account a leader or an admin made on the tablet; its password is never logged."""
    username: str
    role: str
    gate: str | None
    full_name: str
    rank: str


@dataclass(frozen=True)
class AccountChanged:
    username: str
    changes: dict[str, Any]
    """The new values of the fields changed (full_name, rank, role, gate)."""


@dataclass(frozen=True)
class AccountDisabled:
    username: str


@dataclass(frozen=True)
class PasswordReset:
    """A one-time password given by a leader: the officer must choose their own at the next sign-in."""
    username: str


@dataclass(frozen=True)
class WatchlistImported:
    """A watchlist file imported on the tablet's page (the command line's imports are the operator's)."""
    version: str
    list: str
    source: str
    entries: int
    rejected: int


@dataclass(frozen=True)
class PatrolStarted:
    gate: str
    team: list[str]
    note: str
    local_date: str
    device: str | None = field(default=None, metadata=OPTIONAL)
    """The tablet (an id its browser keeps) whose GPS draws the route."""


@dataclass(frozen=True)
class PatrolTrack:
    points: list[PointRecord]
    device: str | None = field(default=None, metadata=OPTIONAL)


@dataclass(frozen=True)
class PatrolDeviceSet:
    """The route is drawn from another tablet's GPS from now on (handed over, or the first to send)."""
    device: str


@dataclass(frozen=True)
class PatrolEnded:
    pass


@dataclass(frozen=True)
class PatrolNote:
    """A free-text note in the log; the smallest event, which the ledger's tests and bench record."""
    text: str


@dataclass(frozen=True)
class InterceptionLogged:
    patrol: str
    gate: str
    local_date: str
    lat: float | None
    lon: float | None
    accuracy: float | None
    place: str
    place_note: str
    violation: int | None
    action: str
    vehicles: list[str]
    note: str
    persons: list[PersonRecord]
    goods: list[GoodsRecord]
    companies: list[str] | None = field(default=None, metadata=OPTIONAL)
    """Companies named on the goods, the vehicles or the carriers' papers."""


@dataclass(frozen=True)
class InterceptionPhotoAdded(PhotoRecord):
    pass


@dataclass(frozen=True)
class TrailHitRecord:
    """A watchlist hit on someone or something an interception met (patrols/screening.py)."""
    on: str
    """person, vehicle, company or phone."""
    row: int
    """Which of them on the interception, from 1."""
    value: str
    """What was screened, as typed."""
    matched_on: str
    severity: str
    score: float
    entry: dict[str, Any]
    reasons: list[dict[str, str]]
    """{"vi": …, "en": …} each."""
    list: str


@dataclass(frozen=True)
class InterceptionScreened:
    """Everyone and everything an interception met, screened against the watchlists in force."""
    watchlist_version: str
    screened: int
    """How many names, numbers and plates were screened."""
    hits: list[TrailHitRecord]


@dataclass(frozen=True)
class CustodyHandedOver:
    goods: str
    tag: str
    from_stage: str
    to_stage: str
    handed_by: str
    received_by: str
    place: str
    quantity_handed: int | float
    quantity_received: int | float
    note: str


@dataclass(frozen=True)
class ViolationRecordMade:
    interception: str
    fields: dict[str, str]
    supersedes: str | None
    """uuid of the record this one replaces."""


@dataclass(frozen=True)
class SyncQuarantined:
    seq: int
    uuid: str
    type: str
    bytes: int
    sha256: str
    reason: str


@dataclass(frozen=True)
class CaseStep:
    """A step that follows a case's record (decisions.py): its paper's number and date, and the paper's photo."""
    number: str
    date: str
    photo: str | None = field(default=None, metadata=OPTIONAL)
    """sha256 of the photo of the signed paper."""


@dataclass(frozen=True, kw_only=True)
class CaseSanctioned(CaseStep):
    signer: str
    provision: str
    fine_vnd: int
    confiscated: bool
    other_measures: str


@dataclass(frozen=True, kw_only=True)
class CaseReferred(CaseStep):
    body: str
    goods_handed: str
    papers_handed: str


@dataclass(frozen=True, kw_only=True)
class CaseProsecuted(CaseStep):
    body: str
    defendants: int


@dataclass(frozen=True, kw_only=True)
class CasePaid(CaseStep):
    amount_vnd: int


@dataclass(frozen=True, kw_only=True)
class CaseGoodsFate(CaseStep):
    fate: str
    proceeds_vnd: int


@dataclass(frozen=True)
class CaseClassified:
    """A leader classifies a case recorded with no violation sub-type (cases.classify): the report then counts it
    under this category."""
    subtype: str
    category: int
    answers: dict[str, str]
    """The guided questions' answers (cases.QUESTIONS: yes, no or unknown)."""
    note: str


@dataclass(frozen=True)
class ScreeningAdjudicated:
    """An officer's word on a watchlist hit (adjudication.py)."""
    list: str
    entry_id: str
    watchlist_version: str
    value: str
    outcome: str
    reason: str


@dataclass(frozen=True)
class ApprovalRequested:
    """An officer asks to let pass a truck proposed red or with a high finding (approvals.py)."""
    verdict: str
    note: str
    reason: str
    no_photo_reason: str | None = field(default=None, metadata=OPTIONAL)
    """Why the truck has no photo, for the verdict the approval records."""


@dataclass(frozen=True)
class ApprovalDecided:
    """A leader's decision on it, on the leader's own account."""
    approved: bool
    comment: str


@dataclass(frozen=True)
class SeizedGoodsRecord:
    """A goods line of a gate seizure with its evidence tag (seizures.py)."""
    id: str
    line: int
    description: str
    kind: str
    quantity: int | float
    unit: str
    value_vnd: int | None
    tag: str
    use_by: str | None = field(default=None, metadata=OPTIONAL)
    """ISO date printed on perishable goods (milk, food, medicines)."""


@dataclass(frozen=True)
class SeizureGoodsTagged:
    """Goods lines entered for a truck seized at a gate, each with its evidence tag."""
    inspection: str
    goods: list[SeizedGoodsRecord]


@dataclass(frozen=True)
class SeizureRecordMade:
    """The record of violation of a gate seizure; a correction is a new one naming the one it supersedes."""
    inspection: str
    agency: str
    """The issuing agency's unit code (units.csv): its numbers run per year."""
    fields: dict[str, str]
    supersedes: str | None


@dataclass(frozen=True)
class CustodyHandoverOffered:
    """The giver's side of a hand-over: it waits until the receiver confirms on their own account."""
    goods: str
    tag: str
    from_stage: str
    to_stage: str
    handed_by: str
    receiver: str
    """The receiver's account (username)."""
    place: str
    quantity_handed: int | float
    note: str
    decision: str | None = field(default=None, metadata=OPTIONAL)
    """The number of the decision on the goods' fate, for a hand-over to disposal."""


@dataclass(frozen=True)
class CustodyHandoverConfirmed:
    """The receiver's side: what they counted, under which seal, with a photo."""
    offer: str
    """uuid of the offer."""
    goods: str
    tag: str
    quantity_received: int | float
    seal: str
    photo: str
    """sha256 of the photo of the goods as received."""
    note: str


@dataclass(frozen=True)
class CustodyCounted:
    """One tag counted in a warehouse stock-take."""
    goods: str
    tag: str
    stocktake: str
    """An id shared by the counts of one stock-take."""
    expected: int | float
    counted: int | float


@dataclass(frozen=True)
class PatternFigures:
    """One officer's figures at a gate for the week, or the gate's own (no officer): patterns.Figures, with the
    figures that stand out against the officer's peers."""
    gate: str
    closed: int
    red: int
    red_let_pass: int
    random: int
    random_found: int
    targeted: int
    targeted_found: int
    findings: int
    median_minutes: float | None
    corrections: int
    no_photo: int
    outliers: list[str]
    officer: str | None = field(default=None, metadata=OPTIONAL)


@dataclass(frozen=True)
class PatternsWeekly:
    """The leaders' patterns of the ISO week just ended on the tablet's clock, logged once for headquarters
    (patterns.log_weekly)."""
    week: str
    """ISO week, as 2026-W48."""
    start: str
    end: str
    timezone: str
    rows: list[PatternFigures]


@dataclass(frozen=True)
class CustodyHandoverWithdrawn:
    """An offer taken back before its receiver confirmed it (a wrong receiver, goods not moved), with the reason."""
    offer: str
    goods: str
    tag: str
    reason: str


LogEvent = (PatternsWeekly
            | InspectionStarted | InspectionPhotoAdded | InspectionChecked | InspectionFieldCorrected
            | InspectionVerdict | EventVoided | EventCorrected | SignedIn | SignedOut | Unlocked | PatrolStarted
            | PatrolTrack | PatrolDeviceSet | PatrolEnded | PatrolNote | InterceptionLogged | InterceptionPhotoAdded
            | CustodyHandedOver | ViolationRecordMade | SyncQuarantined | AccountAdded | AccountChanged
            | AccountDisabled | PasswordReset | WatchlistImported | CaseSanctioned | CaseReferred | CaseProsecuted
            | CasePaid | CaseGoodsFate | CaseClassified | ScreeningAdjudicated | ApprovalRequested | ApprovalDecided
            | SeizureGoodsTagged | SeizureRecordMade | CustodyHandoverOffered | CustodyHandoverConfirmed
            | CustodyCounted | InspectionVnaccsChannel | InterceptionScreened | CustodyHandoverWithdrawn
            | InspectionPhysicallyChecked)

TYPES: dict[str, type[LogEvent]] = {
    "inspection.started": InspectionStarted,
    "inspection.photo_added": InspectionPhotoAdded,
    "inspection.checked": InspectionChecked,
    "inspection.field_corrected": InspectionFieldCorrected,
    "inspection.verdict": InspectionVerdict,
    "inspection.vnaccs_channel": InspectionVnaccsChannel,
    "inspection.physically_checked": InspectionPhysicallyChecked,
    "event.voided": EventVoided,
    "event.corrected": EventCorrected,
    "auth.signed_in": SignedIn,
    "auth.signed_out": SignedOut,
    "auth.unlocked": Unlocked,
    "patrol.started": PatrolStarted,
    "patrol.track": PatrolTrack,
    "patrol.ended": PatrolEnded,
    "patrol.note": PatrolNote,
    "patrol.device_set": PatrolDeviceSet,
    "interception.logged": InterceptionLogged,
    "interception.photo_added": InterceptionPhotoAdded,
    "interception.screened": InterceptionScreened,
    "custody.handed_over": CustodyHandedOver,
    "violation_record.made": ViolationRecordMade,
    "sync.quarantined": SyncQuarantined,
    "auth.account_added": AccountAdded,
    "auth.account_changed": AccountChanged,
    "auth.account_disabled": AccountDisabled,
    "auth.password_reset": PasswordReset,
    "watchlist.imported": WatchlistImported,
    "case.sanctioned": CaseSanctioned,
    "case.referred": CaseReferred,
    "case.prosecuted": CaseProsecuted,
    "case.paid": CasePaid,
    "case.goods_fate": CaseGoodsFate,
    "case.classified": CaseClassified,
    "screening.adjudicated": ScreeningAdjudicated,
    "approval.requested": ApprovalRequested,
    "approval.decided": ApprovalDecided,
    "patterns.weekly": PatternsWeekly,
    "seizure.goods_tagged": SeizureGoodsTagged,
    "seizure.record_made": SeizureRecordMade,
    "custody.handover_offered": CustodyHandoverOffered,
    "custody.handover_confirmed": CustodyHandoverConfirmed,
    "custody.counted": CustodyCounted,
    "custody.handover_withdrawn": CustodyHandoverWithdrawn,
}


def parse(event_type: str, payload: Any) -> LogEvent:
    """The payload as its type's dataclass; EventInvalid if the type is unknown or the payload does not fit."""
    cls = TYPES.get(event_type)
    if cls is None:
        raise EventInvalid(type=event_type, problem="unknown event type; add it to checkpoint/ledger/events.py")
    try:
        return typing.cast(LogEvent, _read(payload, cls, "payload"))
    except _Misfit as misfit:
        raise EventInvalid(type=event_type, problem=str(misfit)) from None


def as_payload(event: LogEvent) -> dict[str, Any]:
    """The payload a typed event is recorded with: `parse`'s inverse."""
    return typing.cast(dict[str, Any], _write(event))


class _Misfit(Exception):
    pass


@cache
def _fields(cls: type) -> tuple[tuple[str, Any, bool], ...]:
    """(name, type, optional) of each field, the string annotations resolved once."""
    hints = typing.get_type_hints(cls)
    return tuple((f.name, hints[f.name], bool(f.metadata.get("optional"))) for f in dataclasses.fields(cls))


def _read(value: Any, hint: Any, where: str) -> Any:
    if hint is Any:
        return value
    if dataclasses.is_dataclass(hint):
        return _read_object(value, typing.cast(type, hint), where)
    origin = typing.get_origin(hint)
    if origin in (types.UnionType, typing.Union):
        return _read_union(value, hint, where)
    if origin is list:
        return _read_list(value, hint, where)
    if origin is dict:
        return _read_dict(value, hint, where)
    if hint is type(None) or hint is None:
        if value is not None:
            raise _Misfit(f"{where} must be null, found {_found(value)}")
        return None
    if not _fits(value, hint):
        raise _Misfit(f"{where} must be {_name(hint)}, found {_found(value)}")
    return value


def _read_union(value: Any, hint: Any, where: str) -> Any:
    for option in typing.get_args(hint):
        try:
            return _read(value, option, where)
        except _Misfit:
            continue
    raise _Misfit(f"{where} must be {_name(hint)}, found {_found(value)}")


def _read_list(value: Any, hint: Any, where: str) -> list[Any]:
    if not isinstance(value, list):
        raise _Misfit(f"{where} must be a list, found {_found(value)}")
    [item] = typing.get_args(hint)
    return [_read(v, item, f"{where}[{i}]") for i, v in enumerate(value)]


def _read_dict(value: Any, hint: Any, where: str) -> dict[str, Any]:
    if not isinstance(value, dict) or not all(isinstance(k, str) for k in value):
        raise _Misfit(f"{where} must be an object with text keys, found {_found(value)}")
    item = typing.get_args(hint)[1]
    return {k: _read(v, item, f"{where}.{k}") for k, v in value.items()}


def _fits(value: Any, hint: type) -> bool:
    """Whether a JSON scalar is of the type: a bool is an int to Python, never to the log; an int is a float to
    JSON (which writes 24.0 as 24)."""
    if isinstance(value, bool):
        return hint is bool
    if hint is float:
        return isinstance(value, int | float)
    return isinstance(value, hint)


def _read_object(value: Any, cls: type, where: str) -> Any:
    if not isinstance(value, dict):
        raise _Misfit(f"{where} must be an object, found {_found(value)}")
    fields = _fields(cls)
    unexpected = sorted(set(value) - {name for name, _, _ in fields}, key=str)
    if unexpected:
        raise _Misfit(f"{where} has unexpected keys {unexpected}")
    read: dict[str, Any] = {}
    for name, hint, optional in fields:
        if name not in value:
            if optional:
                continue
            raise _Misfit(f"{where}.{name} is missing")
        if optional and value[name] is None:
            raise _Misfit(f"{where}.{name} is left out when there is none, not null")
        read[name] = _read(value[name], hint, f"{where}.{name}")
    return cls(**read)


def _write(value: Any) -> Any:
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {name: _write(getattr(value, name)) for name, _, optional in _fields(type(value))
                if not (optional and getattr(value, name) is None)}
    if isinstance(value, list):
        return [_write(v) for v in value]
    if isinstance(value, dict):
        return {k: _write(v) for k, v in value.items()}
    return value


def _name(hint: Any) -> str:
    return getattr(hint, "__name__", None) or str(hint).replace("NoneType", "None")


def _found(value: Any) -> str:
    return "null" if value is None else f"{type(value).__name__} {str(value)[:40]!r}"

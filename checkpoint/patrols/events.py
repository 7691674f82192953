"""Patrols on the trails around the gates, and what they intercept, as events in the ledger.

A patrol is a session (team, start, end, route); an interception is one stop on a trail with the
persons, vehicles and goods found. Seized goods get an evidence tag and a custody chain (custody.py).
The tables read here are projections of the log, updated by the functions at the end of this file.
"""
from __future__ import annotations

import bisect
import json
import math
import re
import uuid
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from typing import Any

import sqlite_utils

from scanners import cccd, passport

from .. import cases, ledger, values, watchlist
from ..capture import Photo
from ..clock import local_today, utc_now
from ..errors import N_, CheckpointError, InvalidInput, NotFound
from ..i18n import Message
from ..ledger import Event
from ..store.db import atomic, gate_filter
from ..watchlist.screening import DEFAULT_THRESHOLD, phone_problem
from . import screening
from .places import nearest_place, places

# What the patrol did; goods of the first two are held by the patrol and get an evidence tag.
ACTIONS = ("seized", "abandoned", "warned", "referred")
SEIZING_ACTIONS = ("seized", "abandoned")
# One taxonomy with the inspections' cases (cases.py): the 389 categories and the goods groups.
VIOLATIONS = cases.CATEGORIES
GOODS_KINDS = tuple(cases.focus_groups())
ID_TYPES = ("cccd", "passport", "none")
# The words pages show for the codes above (and custody.STAGES), listed so the catalogs carry them.
LABELS = (
    N_("action: seized"), N_("action: abandoned"), N_("action: warned"), N_("action: referred"),
    N_("id: cccd"), N_("id: passport"), N_("id: none"),
    N_("stage: patrol"), N_("stage: station"), N_("stage: warehouse"), N_("stage: disposal"),
)

MAX_QUANTITY = Decimal(10**9)
MAX_VND = 10**13  # far above any load carried on foot; an extra digit group stands out as an error
MAX_POINTS_PER_POST = 1000
_NATIONALITY = re.compile(r"^[A-Z]{3}$")
_SPACES = re.compile(r"[\s.\-]")


class RowInvalid(CheckpointError):
    message = N_("%(what)s %(row)d, %(field)s: %(problem)s")
    status = 422
    translate_params = True


class PatrolEnded(CheckpointError):
    message = N_("This patrol has ended; start a new one.")
    status = 409


class NotTrackingDevice(CheckpointError):
    message = N_("This patrol's route is drawn from another tablet's GPS: take it over here to draw it from this one.")
    status = 403

    def __init__(self) -> None:
        super().__init__(field="device")


_DEVICE = re.compile(r"^[0-9A-Za-z-]{8,64}$")


@dataclass(frozen=True)
class Person:
    name: str
    id_type: str
    """cccd, passport or none (carriers who fled or carry no papers)."""
    id_number: str
    nationality: str
    """ICAO three-letter code, as the MRZ writes it: VNM, CHN, …"""
    birth_year: str = ""
    birth_date: str = ""
    """ISO date, when the CCCD's QR gave it (the number itself gives only the year)."""
    address: str = ""
    issue_date: str = ""
    """ISO date the card was issued, from its QR."""
    phone: str = ""
    """As typed, checked by watchlist.screening.phone_problem (a Vietnamese number or a Chinese mobile)."""


@dataclass(frozen=True)
class Goods:
    description: str
    kind: str
    quantity: Decimal
    unit: str
    value_vnd: int | None


@dataclass(frozen=True)
class NewInterception:
    action: str
    violation: int | None
    persons: tuple[Person, ...]
    goods: tuple[Goods, ...]
    vehicles: tuple[str, ...] = ()
    lat: float | None = None
    lon: float | None = None
    accuracy: float | None = None
    place: str = ""
    """A Place code, or empty: then the nearest place to the GPS position, if one is within reach."""
    place_note: str = ""
    note: str = ""
    companies: tuple[str, ...] = ()
    """Companies named on the goods, the vehicles or the carriers' papers: screened like the persons."""


@dataclass(frozen=True)
class TrackPoint:
    at_utc: str
    lat: float
    lon: float
    accuracy: float | None


@dataclass(frozen=True)
class TrackLimits:
    """What a route takes: positions at most `max_accuracy_m` off, reached at most `max_speed_kmh` fast."""
    max_accuracy_m: float
    max_speed_kmh: float


@dataclass(frozen=True)
class TrackResult:
    stored: int
    """New positions recorded, flagged ones included."""
    dropped: int
    """Less accurate than the limit: not recorded."""
    flagged: int
    """Recorded with flag 'speed', left off the route."""


# -- parsing what the officer typed (forms and JSON alike) --------------------------------------

def parse_quantity(raw: Any, field: str, *, allow_zero: bool = False) -> Decimal:
    """A count or a weight as officers type it (values.py): up to three decimals, never guessed."""
    return values.parse_quantity(raw, field, limit=MAX_QUANTITY, allow_zero=allow_zero)


def number(value: Decimal) -> int | float:
    """JSON form of a quantity: integers stay integers, so '12' does not come back as '12.0'."""
    return int(value) if value == value.to_integral() else float(value)


def stored_number(value: float) -> int | float:
    """A quantity as SQLite's REAL gives it back, in its JSON form: 24.0 is 24 again."""
    return number(Decimal(str(value)))


def parse_coordinate(raw: Any, field: str, limit: float) -> float | None:
    if raw is None or str(raw).strip() == "":
        return None
    try:
        value = float(str(raw).strip())
    except ValueError:
        raise InvalidInput(field=field, problem=N_("must be a number")) from None
    if not math.isfinite(value) or abs(value) > limit:
        raise InvalidInput(field=field, problem=N_("out of range"))
    return value


def check_id(id_type: str, id_number: str, nationality: str, *, row: int, today: date) -> str:
    """The ID number in its compact form; raises RowInvalid saying what is wrong with it. Whether the number
    itself is valid is scanners' to say; what it must agree with (nationality, today) is the patrol's."""
    compact = _SPACES.sub("", id_number).upper()

    def bad(problem: str | Message) -> RowInvalid:
        return RowInvalid(what=N_("Person"), row=row, field=N_("ID number"), problem=problem)

    if id_type not in ID_TYPES:
        raise RowInvalid(what=N_("Person"), row=row, field=N_("ID type"), problem=N_("must be CCCD, passport or none"))
    if id_type == "none":
        if compact:
            raise bad(N_("choose CCCD or passport for this number"))
        return ""
    if not compact:
        raise bad(N_("required for a CCCD or passport"))
    parsed = passport.parse(compact) if id_type == "passport" else cccd.parse_id(compact)
    if (problem := values.identifier_reason(parsed)) is not None:
        raise bad(problem)
    if isinstance(parsed, cccd.CccdNumber):
        if nationality != "VNM":
            raise bad(N_("a CCCD belongs to a Vietnamese citizen (nationality VNM)"))
        if parsed.birth_year > today.year:
            raise bad(N_("the birth year it encodes is in the future"))
    return compact


def parse_persons(rows: Iterable[Mapping[str, Any]], today: date) -> tuple[Person, ...]:
    persons = []
    for row_number, row in enumerate(rows, start=1):
        name = str(row.get("name") or "").strip()
        id_number = str(row.get("id_number") or "").strip()
        if not name and not id_number:
            continue
        if not name or len(name) > 120:
            raise RowInvalid(what=N_("Person"), row=row_number, field=N_("name"), problem=N_("1 to 120 characters"))
        nationality = str(row.get("nationality") or "").strip().upper()
        if not _NATIONALITY.match(nationality):
            raise RowInvalid(what=N_("Person"), row=row_number, field=N_("nationality"),
                             problem=N_("three-letter code such as VNM or CHN"))
        id_type = str(row.get("id_type") or ("cccd" if id_number else "none")).strip()
        compact = check_id(id_type, id_number, nationality, row=row_number, today=today)
        birth_year = str(cccd.parse_id(compact).birth_year) if id_type == "cccd" else ""
        birth_date = _iso_date(row.get("birth_date"), row_number, N_("date of birth"), today)
        if birth_date and birth_year and birth_date[:4] != birth_year:
            raise RowInvalid(what=N_("Person"), row=row_number, field=N_("date of birth"),
                             problem=N_("differs from the birth year in the CCCD number"))
        address = str(row.get("address") or "").strip()
        if len(address) > 300:
            raise RowInvalid(what=N_("Person"), row=row_number, field=N_("address"), problem=N_("too long"))
        phone = " ".join(str(row.get("phone") or "").split())
        if phone and (len(phone) > 30 or (problem := phone_problem(phone)) is not None):
            raise RowInvalid(what=N_("Person"), row=row_number, field=N_("phone"),
                             problem=N_("too long") if len(phone) > 30 else problem)
        persons.append(Person(name, id_type, compact, nationality, birth_year or birth_date[:4], birth_date, address,
                              _iso_date(row.get("issue_date"), row_number, N_("date of issue"), today), phone))
    return tuple(persons)


def _iso_date(raw: Any, row: int, field: str, today: date) -> str:
    """An optional date, as typed or as the CCCD's QR gives it once decoded; never in the future."""
    try:
        value = values.parse_date(raw, field)
    except InvalidInput as exc:
        raise RowInvalid(what=N_("Person"), row=row, field=field, problem=exc.params["problem"]) from None
    if value is None:
        return ""
    if value > today:
        raise RowInvalid(what=N_("Person"), row=row, field=field, problem=N_("is in the future"))
    return value.isoformat()


def parse_goods(rows: Iterable[Mapping[str, Any]]) -> tuple[Goods, ...]:
    goods = []
    for row_number, row in enumerate(rows, start=1):
        description = str(row.get("description") or "").strip()
        quantity = str(row.get("quantity") or "").strip()
        if not description and not quantity:
            continue

        def bad(field: str, problem: str, row_number: int = row_number) -> RowInvalid:
            return RowInvalid(what=N_("Goods line"), row=row_number, field=field, problem=problem)

        if not description or len(description) > 500:
            raise bad(N_("description"), N_("1 to 500 characters"))
        kind = str(row.get("kind") or "other")
        if kind not in GOODS_KINDS:
            raise bad(N_("kind of goods"), N_("not in the list"))
        unit = str(row.get("unit") or "").strip()
        if not unit or len(unit) > 20:
            raise bad(N_("unit"), N_("1 to 20 characters"))
        try:
            amount = parse_quantity(row.get("quantity"), N_("quantity"))
            value = values.parse_whole(row.get("value_vnd"), N_("estimated value (VND)"), limit=MAX_VND)
        except InvalidInput as exc:
            raise bad(exc.params["field"], exc.params["problem"]) from None
        goods.append(Goods(description, kind, amount, unit, value))
    return tuple(goods)


def parse_interception(data: Mapping[str, Any], today: date, max_lines: int = 200) -> NewInterception:
    """Everything checked before anything is saved; raises InvalidInput or RowInvalid. Persons and goods
    are at most `max_lines` each: the record must stay small enough to keep and to send to headquarters."""
    action = _action(data)
    violation = _violation(data)
    persons = parse_persons(_rows(data, "persons", N_("persons"), max_lines), today)
    goods = parse_goods(_rows(data, "goods", N_("goods"), max_lines))
    if action in SEIZING_ACTIONS and not goods:
        raise InvalidInput(field=N_("goods"), problem=N_("list the goods that were seized"))
    vehicles = _vehicles(data)
    companies = _companies(data)
    lat, lon, accuracy = _position(data)
    place = _place(data)
    place_note, note = _notes(data)
    return NewInterception(action=action, violation=violation, persons=persons, goods=goods, vehicles=vehicles,
                           lat=lat, lon=lon, accuracy=accuracy, place=place, place_note=place_note, note=note,
                           companies=companies)


def _action(data: Mapping[str, Any]) -> str:
    action = str(data.get("action") or "")
    if action not in ACTIONS:
        raise InvalidInput(field=N_("action taken"), problem=N_("choose one"))
    return action


def _violation(data: Mapping[str, Any]) -> int | None:
    """The 389 category (cases.CATEGORIES), or None when the patrol did not name one."""
    raw = str(data.get("violation") or "").strip()
    if raw not in ("", "1", "2", "3"):
        raise InvalidInput(field=N_("violation category"), problem=N_("must be 1, 2 or 3"))
    return int(raw) if raw else None


def _vehicles(data: Mapping[str, Any]) -> tuple[str, ...]:
    plates = data.get("vehicles") or []
    if not isinstance(plates, list) or not all(isinstance(v, str) for v in plates):
        raise InvalidInput(field=N_("vehicles"), problem=N_("expected a list of plates"))
    vehicles = tuple(v.strip().upper() for v in plates if v.strip())
    if any(len(v) > 20 for v in vehicles) or len(vehicles) > 20:
        raise InvalidInput(field=N_("vehicles"), problem=N_("too long"))
    return vehicles


def _companies(data: Mapping[str, Any]) -> tuple[str, ...]:
    names = data.get("companies") or []
    if not isinstance(names, list) or not all(isinstance(n, str) for n in names):
        raise InvalidInput(field=N_("companies"), problem=N_("expected a list of names"))
    companies = tuple(" ".join(n.split()) for n in names if n.strip())
    if any(len(n) > 200 for n in companies) or len(companies) > 20:
        raise InvalidInput(field=N_("companies"), problem=N_("too long"))
    return companies


def _position(data: Mapping[str, Any]) -> tuple[float | None, float | None, float | None]:
    """(lat, lon, accuracy): a position is both coordinates or neither."""
    lat = parse_coordinate(data.get("lat"), N_("latitude"), 90)
    lon = parse_coordinate(data.get("lon"), N_("longitude"), 180)
    if (lat is None) != (lon is None):
        raise InvalidInput(field=N_("GPS position"), problem=N_("needs both latitude and longitude"))
    return lat, lon, parse_coordinate(data.get("accuracy"), N_("GPS accuracy"), 100_000)


def _place(data: Mapping[str, Any]) -> str:
    place = str(data.get("place") or "").strip()
    if place and place not in {p.code for p in places()}:
        raise InvalidInput(field=N_("trail or landmark"), problem=N_("not in the list"))
    return place


def _notes(data: Mapping[str, Any]) -> tuple[str, str]:
    """(place note, note)."""
    place_note, note = str(data.get("place_note") or "").strip(), str(data.get("note") or "").strip()
    if len(place_note) > 500 or len(note) > 4000:
        raise InvalidInput(field=N_("note"), problem=N_("too long"))
    return place_note, note


def _rows(data: Mapping[str, Any], key: str, field: str, max_lines: int) -> list[Mapping[str, Any]]:
    """Rows as JSON sends them; anything but a list of objects is refused, not guessed at."""
    rows = data.get(key) or []
    if not isinstance(rows, list) or not all(isinstance(row, Mapping) for row in rows):
        raise InvalidInput(field=field, problem=N_("expected a list of objects"))
    if len(rows) > max_lines:
        raise TooManyLines(field=field, count=len(rows), limit=max_lines)
    return rows


class TooManyLines(CheckpointError):
    message = N_("%(field)s: %(count)d lines, the limit is %(limit)d.")
    status = 413
    translate_params = True


def parse_points(raw: Any) -> list[TrackPoint]:
    """Points as the page's geolocation sends them: {lat, lon, accuracy, at} with `at` in ms or ISO."""
    if not isinstance(raw, list) or not raw:
        raise InvalidInput(field=N_("points"), problem=N_("expected a list of positions"))
    if len(raw) > MAX_POINTS_PER_POST:
        raise InvalidInput(field=N_("points"), problem=N_("too many in one request"))
    points = []
    for item in raw:
        if not isinstance(item, Mapping):
            raise InvalidInput(field=N_("points"), problem=N_("expected a list of positions"))
        lat = parse_coordinate(item.get("lat"), N_("latitude"), 90)
        lon = parse_coordinate(item.get("lon"), N_("longitude"), 180)
        if lat is None or lon is None:
            raise InvalidInput(field=N_("GPS position"), problem=N_("needs both latitude and longitude"))
        points.append(TrackPoint(_utc(item.get("at")), lat, lon,
                                 parse_coordinate(item.get("accuracy"), N_("GPS accuracy"), 100_000)))
    return points


def parse_device(raw: Any) -> str | None:
    """The id a tablet's browser keeps for itself (static/app.js), or None when none was sent."""
    if raw is None or raw == "":
        return None
    if not isinstance(raw, str) or not _DEVICE.match(raw):
        raise InvalidInput(field=N_("device"), problem=N_("not a device id"))
    return raw


def metres(a: tuple[float, float], b: tuple[float, float]) -> float:
    """Great-circle distance between two (lat, lon) positions."""
    rad = math.pi / 180
    h = (math.sin((b[0] - a[0]) * rad / 2) ** 2
         + math.cos(a[0] * rad) * math.cos(b[0] * rad) * math.sin((b[1] - a[1]) * rad / 2) ** 2)
    return 2 * 6_371_000 * math.asin(min(1.0, math.sqrt(h)))


def too_fast(before: TrackPoint, after: TrackPoint, max_speed_kmh: float) -> bool:
    """Whether `after` is out of reach from `before`: the distance that both accuracies cannot explain, covered
    faster than the limit (a second at least: two fixes of one instant are one position)."""
    seconds = max(1.0, abs((datetime.fromisoformat(after.at_utc) - datetime.fromisoformat(before.at_utc))
                           .total_seconds()))
    slack = (before.accuracy or 0) + (after.accuracy or 0)
    return max(0.0, metres((before.lat, before.lon), (after.lat, after.lon)) - slack) / seconds * 3.6 > max_speed_kmh


def flag_points(route: list[TrackPoint], fresh: list[TrackPoint], max_speed_kmh: float) -> dict[str, str]:
    """{at_utc: 'speed'} for each fresh point out of reach of the route's last drawn point before it in time
    (the route as stored, and the fresh points already found plausible)."""
    drawn = sorted(route, key=lambda p: p.at_utc)
    times = [p.at_utc for p in drawn]
    flags: dict[str, str] = {}
    for point in sorted(fresh, key=lambda p: p.at_utc):
        place = bisect.bisect_left(times, point.at_utc)
        if place and too_fast(drawn[place - 1], point, max_speed_kmh):
            flags[point.at_utc] = "speed"
        else:
            drawn.insert(place, point)
            times.insert(place, point.at_utc)
    return flags


def _utc(raw: Any) -> str:
    try:
        if isinstance(raw, (int, float)) and not isinstance(raw, bool):
            moment = datetime.fromtimestamp(raw / 1000, tz=UTC)
        else:
            moment = datetime.fromisoformat(str(raw).replace("Z", "+00:00"))
            if moment.tzinfo is None:
                raise ValueError
    except (ValueError, OverflowError, OSError):
        raise InvalidInput(field=N_("time"), problem=N_("expected milliseconds or an ISO time with zone")) from None
    # A clock far ahead would put the route after the patrol's end; a tablet's clock drifts a little.
    if moment > utc_now() + timedelta(minutes=10):
        raise InvalidInput(field=N_("time"), problem=N_("is in the future"))
    return moment.astimezone(UTC).isoformat(timespec="milliseconds")


# -- writing: every change is one event -------------------------------------------------------

def start(db: sqlite_utils.Database, gate: str, team: Iterable[str], *, author: str, tz: str,
          note: str = "", device: str | None = None) -> str:
    if db.execute("SELECT 1 FROM gates WHERE code = ?", [gate]).fetchone() is None:
        raise InvalidInput(field="gate", problem=N_("unknown gate code"))
    members = [author] + [m.strip() for m in team if m.strip() and m.strip() != author]
    if len(members) > 20 or any(len(m) > 120 for m in members) or len(note) > 2000:
        raise InvalidInput(field=N_("team"), problem=N_("too long"))
    subject = str(uuid.uuid4())
    ledger.record(db, "patrol.started", {
        "gate": gate, "team": members, "note": note.strip(),
        "local_date": local_today(tz).isoformat(), **({"device": device} if device else {}),
    }, author=author, subject=subject)
    return subject


def add_points(db: sqlite_utils.Database, patrol: str, points: list[TrackPoint], *, author: str,
               limits: TrackLimits, device: str | None = None) -> TrackResult:
    """Records the points not yet known (a page resending its queue after a failed post adds nothing twice),
    from the patrol's tracking device only: a patrol started without one is claimed by the first to send.
    Points less accurate than the limit are dropped; those out of reach are kept flagged, off the route."""
    row = _open_patrol(db, patrol)
    if row["device"] is not None and device != row["device"]:
        raise NotTrackingDevice()
    if row["device"] is None and device is not None:
        set_device(db, patrol, device, author=author)
    stored = {r["at_utc"]: r for r in db.execute(
        "SELECT at_utc, lat, lon, accuracy, flag FROM patrol_points WHERE patrol = ?", [patrol])}
    fresh: dict[str, TrackPoint] = {p.at_utc: p for p in points if p.at_utc not in stored}
    usable = [p for p in fresh.values() if p.accuracy is None or p.accuracy <= limits.max_accuracy_m]
    route = [TrackPoint(r["at_utc"], r["lat"], r["lon"], r["accuracy"]) for r in stored.values() if r["flag"] is None]
    flags = flag_points(route, usable, limits.max_speed_kmh)
    if usable:
        ledger.record(db, "patrol.track", {"points": [
            {"at": p.at_utc, "lat": p.lat, "lon": p.lon, "accuracy": p.accuracy,
             **({"flag": flags[p.at_utc]} if p.at_utc in flags else {})}
            for p in sorted(usable, key=lambda p: p.at_utc)], **({"device": device} if device else {})},
            author=author, subject=patrol)
    return TrackResult(stored=len(usable), dropped=len(fresh) - len(usable), flagged=len(flags))


def set_device(db: sqlite_utils.Database, patrol: str, device: str, *, author: str) -> Event:
    """From now on the route is drawn from this tablet's GPS (a hand-over: the other's positions are refused)."""
    _open_patrol(db, patrol)
    return ledger.record(db, "patrol.device_set", {"device": device}, author=author, subject=patrol)


def end(db: sqlite_utils.Database, patrol: str, *, author: str) -> Event:
    _open_patrol(db, patrol)
    return ledger.record(db, "patrol.ended", {}, author=author, subject=patrol)


def log_interception(db: sqlite_utils.Database, patrol: str, new: NewInterception, *, author: str,
                     tz: str, threshold: float = DEFAULT_THRESHOLD) -> str:
    """Logs the interception and, in the same transaction, what its persons, plates, companies and phones hit on
    the watchlists in force (screening.py)."""
    row = _open_patrol(db, patrol)
    index = watchlist.index(db)
    subject = str(uuid.uuid4())
    place = new.place
    if not place and new.lat is not None and new.lon is not None:
        nearest = nearest_place(new.lat, new.lon)
        place = nearest.code if nearest else ""
    seizing = new.action in SEIZING_ACTIONS
    goods = []
    for line, item in enumerate(new.goods, start=1):
        goods_id = str(uuid.uuid4())
        goods.append({"id": goods_id, "line": line, "description": item.description, "kind": item.kind,
                      "quantity": number(item.quantity), "unit": item.unit, "value_vnd": item.value_vnd,
                      # Short enough to write on a bag by hand; random, so two tablets never collide in practice.
                      "tag": f"EV-{goods_id.replace('-', '')[:10].upper()}" if seizing else None})
    persons = [{"name": p.name, "id_type": p.id_type, "id_number": p.id_number, "nationality": p.nationality,
                "birth_year": p.birth_year, "birth_date": p.birth_date, "address": p.address,
                "issue_date": p.issue_date, **({"phone": p.phone} if p.phone else {})} for p in new.persons]
    with atomic(db):
        ledger.record(db, "interception.logged", {
            "patrol": patrol, "gate": row["gate"], "local_date": local_today(tz).isoformat(),
            "lat": new.lat, "lon": new.lon, "accuracy": new.accuracy, "place": place, "place_note": new.place_note,
            "violation": new.violation, "action": new.action, "vehicles": list(new.vehicles), "note": new.note,
            "persons": persons, "goods": goods, **({"companies": list(new.companies)} if new.companies else {}),
        }, author=author, subject=subject)
        screening.record(db, subject, index, screening.screened_values(persons, list(new.vehicles),
                                                                       list(new.companies)),
                         author=author, threshold=threshold)
    return subject


def add_photo(db: sqlite_utils.Database, interception_id: str, photo: Photo, *, author: str) -> Event:
    interception(db, interception_id)
    return ledger.record(db, "interception.photo_added", {
        "sha256": photo.sha256, "filename": photo.name, "media_type": photo.media_type,
        "bytes": len(photo.data), "width": photo.width, "height": photo.height}, author=author,
        subject=interception_id)


def _open_patrol(db: sqlite_utils.Database, patrol: str) -> dict[str, Any]:
    row = _patrol_row(db, patrol)
    if row["ended_utc"] is not None:
        raise PatrolEnded()
    return row


def _patrol_row(db: sqlite_utils.Database, patrol: str) -> dict[str, Any]:
    row = db.execute("SELECT * FROM patrols WHERE uuid = ?", [patrol]).fetchone()
    if row is None:
        raise NotFound()
    return dict(row)


# -- reading ----------------------------------------------------------------------------------

def get(db: sqlite_utils.Database, patrol: str) -> dict[str, Any]:
    record = _patrol_row(db, patrol)
    record["team"] = json.loads(record["team"])
    record["route"] = [dict(p) for p in db.execute(
        "SELECT at_utc, lat, lon, accuracy, flag FROM patrol_points WHERE patrol = ? ORDER BY at_utc", [patrol])]
    record["interceptions"] = [interception(db, r[0]) for r in db.execute(
        "SELECT uuid FROM interceptions WHERE patrol = ? ORDER BY at_utc", [patrol])]
    return record


def for_day(db: sqlite_utils.Database, gates: list[str] | None, day: str) -> list[dict[str, Any]]:
    """The patrols of one local day, newest first; gates=None means every gate."""
    where, params = gate_filter(gates)
    rows = [dict(r) for r in db.execute(
        "SELECT p.*, (SELECT COUNT(*) FROM interceptions i WHERE i.patrol = p.uuid) AS interception_count"
        f" FROM patrols p WHERE local_date = ?{where} ORDER BY started_utc DESC", [day, *params])]
    for row in rows:
        row["team"] = json.loads(row["team"])
    return rows


def interceptions_of_day(db: sqlite_utils.Database, gates: list[str] | None, day: str) -> list[dict[str, Any]]:
    where, params = gate_filter(gates)
    return [interception(db, r[0]) for r in db.execute(
        f"SELECT uuid FROM interceptions WHERE local_date = ?{where} ORDER BY at_utc", [day, *params])]


def interception(db: sqlite_utils.Database, interception_id: str) -> dict[str, Any]:
    row = db.execute("SELECT * FROM interceptions WHERE uuid = ?", [interception_id]).fetchone()
    if row is None:
        raise NotFound()
    record = dict(row)
    record["persons"] = json.loads(record["persons"])
    record["vehicles"] = json.loads(record["vehicles"])
    record["companies"] = json.loads(record["companies"] or "[]")
    record["screening"] = screening.of(db, interception_id)
    record["goods"] = [{**dict(g), "quantity": stored_number(g["quantity"])} for g in db.execute(
        "SELECT * FROM intercepted_goods WHERE interception = ? ORDER BY line", [interception_id])]
    record["photos"] = [dict(p) for p in db.execute(
        "SELECT * FROM interception_photos WHERE interception = ? ORDER BY added_utc", [interception_id])]
    place = next((p for p in places() if p.code == record["place"]), None)
    record["place_name"] = place.name if place else ""
    record["place_name_en"] = place.name_en if place else ""
    return record


def goods_by_tag(db: sqlite_utils.Database, tag: str) -> dict[str, Any]:
    row = db.execute("SELECT * FROM intercepted_goods WHERE tag = ?", [tag.strip().upper()]).fetchone()
    if row is None:
        raise NotFound()
    return {**dict(row), "quantity": stored_number(row["quantity"])}


# -- projections --------------------------------------------------------------------------------

@ledger.projection("patrol.started")
def _patrol_started(db: sqlite_utils.Database, event: Event) -> None:
    p = event.payload
    db.execute("INSERT INTO patrols (uuid, gate, team, leader, note, started_utc, local_date, device)"
               " VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
               [event.subject, p["gate"], json.dumps(p["team"], ensure_ascii=False), event.author, p["note"],
                event.created_utc, p["local_date"], p.get("device")])


@ledger.projection("patrol.track")
def _patrol_track(db: sqlite_utils.Database, event: Event) -> None:
    for point in event.payload["points"]:
        db.execute("INSERT OR IGNORE INTO patrol_points (patrol, at_utc, lat, lon, accuracy, device, flag)"
                   " VALUES (?, ?, ?, ?, ?, ?, ?)",
                   [event.subject, point["at"], point["lat"], point["lon"], point["accuracy"],
                    event.payload.get("device"), point.get("flag")])


@ledger.projection("patrol.device_set")
def _patrol_device_set(db: sqlite_utils.Database, event: Event) -> None:
    db.execute("UPDATE patrols SET device = ? WHERE uuid = ?", [event.payload["device"], event.subject])


@ledger.projection("patrol.ended")
def _patrol_ended(db: sqlite_utils.Database, event: Event) -> None:
    db.execute("UPDATE patrols SET ended_utc = ? WHERE uuid = ?", [event.created_utc, event.subject])


@ledger.projection("interception.logged")
def _interception_logged(db: sqlite_utils.Database, event: Event) -> None:
    p = event.payload
    db.execute(
        "INSERT INTO interceptions (uuid, patrol, gate, officer, at_utc, local_date, lat, lon, accuracy, place,"
        " place_note, violation, action, persons, vehicles, note, companies)"
        " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [event.subject, p["patrol"], p["gate"], event.author, event.created_utc, p["local_date"], p["lat"], p["lon"],
         p["accuracy"], p["place"], p["place_note"], p["violation"], p["action"],
         json.dumps(p["persons"], ensure_ascii=False), json.dumps(p["vehicles"], ensure_ascii=False), p["note"],
         json.dumps(p.get("companies") or [], ensure_ascii=False)])
    for item in p["goods"]:
        db.execute("INSERT INTO intercepted_goods (id, interception, line, description, kind, quantity, unit,"
                   " value_vnd, tag) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                   [item["id"], event.subject, item["line"], item["description"], item["kind"], item["quantity"],
                    item["unit"], item["value_vnd"], item["tag"]])


@ledger.projection("interception.photo_added")
def _interception_photo(db: sqlite_utils.Database, event: Event) -> None:
    p = event.payload
    db.execute("INSERT OR IGNORE INTO interception_photos (sha256, interception, filename, media_type, bytes,"
               " width, height, added_utc) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
               [p["sha256"], event.subject, p["filename"], p["media_type"], p["bytes"], p["width"], p["height"],
                event.created_utc])

"""A patrol's route: one tablet's GPS at a time, fixes too coarse dropped, impossible speeds flagged (#16)."""
from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from checkpoint.errors import InvalidInput
from checkpoint.patrols.events import TrackPoint, flag_points, metres, parse_device, too_fast
from tests.patrols.conftest import event_types

TABLET_A = "0b7c6a4e-2f4b-4bd2-9a54-0c0f7f0a1b2c"
TABLET_B = "9d1e2f30-4a5b-4c6d-8e7f-0a1b2c3d4e5f"
T0 = 1763780400000  # 2025-11-22 03:00 UTC, in ms as the page sends it
MINUTE = 60_000


def fix(lat: float, lon: float, minutes: float, accuracy: float | None = 8) -> dict:
    return {"lat": lat, "lon": lon, "accuracy": accuracy, "at": T0 + int(minutes * MINUTE)}


def start(api, device: str | None = TABLET_A) -> str:
    body = {"team": ["Lò Văn Tú"], **({"device": device} if device else {})}
    response = api.post("/api/v1/patrols", body)
    assert response.status_code == 201
    return response.get_json()["uuid"]


def track(api, patrol_id: str, points: list[dict], device: str | None):
    return api.post(f"/api/v1/patrols/{patrol_id}/track", {"points": points, **({"device": device} if device else {})})


def route(api, patrol_id: str) -> list[dict]:
    return api.get(f"/api/v1/patrols/{patrol_id}").get_json()["route"]


def test_only_the_tablet_that_started_the_patrol_draws_its_route(api, db):
    api.login()
    patrol_id = start(api)
    assert track(api, patrol_id, [fix(21.97, 106.70, 0)], TABLET_A).get_json()["stored"] == 1
    # A second tablet on the same patrol page, 6 km away, and a client that names no tablet.
    for device in (TABLET_B, None):
        refused = track(api, patrol_id, [fix(21.93, 106.66, 1)], device)
        assert refused.status_code == 403
        assert refused.get_json()["errors"][0]["field"] == "device"
        assert refused.get_json()["error"].startswith("This patrol's route is drawn from another tablet's GPS")
    assert [(p["lat"], p["lon"]) for p in route(api, patrol_id)] == [(21.97, 106.70)]


def test_a_hand_over_moves_the_route_to_the_other_tablet(api, auth, db):
    api.login()
    patrol_id = start(api)
    response = auth.post(f"/patrols/{patrol_id}/device", {"device": TABLET_B})
    assert response.status_code == 302
    assert "patrol.device_set" in event_types(db)
    assert track(api, patrol_id, [fix(21.97, 106.70, 0)], TABLET_A).status_code == 403
    assert track(api, patrol_id, [fix(21.97, 106.70, 0)], TABLET_B).get_json()["stored"] == 1
    assert db.execute("SELECT device FROM patrol_points").fetchone()[0] == TABLET_B
    assert auth.post(f"/patrols/{patrol_id}/device", {"device": "not a device!"}).status_code == 302
    assert db.execute("SELECT device FROM patrols").fetchone()[0] == TABLET_B


def test_a_patrol_started_without_a_tablet_is_drawn_by_the_first_that_sends(api, db):
    api.login()
    patrol_id = start(api, device=None)
    assert track(api, patrol_id, [fix(21.97, 106.70, 0)], TABLET_B).status_code == 200
    assert track(api, patrol_id, [fix(21.97, 106.70, 1)], TABLET_A).status_code == 403
    assert db.execute("SELECT device FROM patrols").fetchone()[0] == TABLET_B


def test_coarse_fixes_are_dropped_and_impossible_speeds_flagged_not_drawn(app, api, client, db):
    app.config.update(TRACK_MAX_ACCURACY_M=50, TRACK_MAX_SPEED_KMH=150)
    api.login()
    patrol_id = start(api)
    points = [fix(21.9700, 106.7000, 0), fix(21.9712, 106.7011, 1),
              fix(21.9800, 106.7100, 2, accuracy=400),  # a fix from the cell towers
              fix(22.0200, 106.7600, 3),  # 7 km in two minutes: ~200 km/h on a foot trail
              fix(21.9725, 106.7021, 4)]
    body = track(api, patrol_id, points, TABLET_A).get_json()
    assert body == {"ok": True, "stored": 4, "dropped": 1, "flagged": 1}
    assert [p["flag"] for p in route(api, patrol_id)] == [None, None, "speed", None]
    page = client.get(f"/patrols/{patrol_id}").get_data(as_text=True)
    assert re.search(r'id="route-count" data-count="3"', page)
    polyline = re.search(r'<polyline[^>]*points="([^"]+)"', page)[1]
    assert len(polyline.split()) == 3
    assert page.count("Too far from the position before: not drawn") == 1
    assert "± 8 m" in page


@given(st.text(max_size=100))
def test_a_device_id_is_taken_as_sent_or_refused_never_guessed(raw: str):
    try:
        assert parse_device(raw) in (raw, None)
    except InvalidInput as exc:
        assert exc.params["field"] == "device"
    assert parse_device(None) is None


coordinates = st.tuples(st.floats(21.5, 22.5), st.floats(106.2, 107.2))
when = st.datetimes(min_value=datetime(2026, 1, 1), max_value=datetime(2026, 1, 2), timezones=st.just(UTC))


def point(at: datetime, where: tuple[float, float], accuracy: float | None = None) -> TrackPoint:
    return TrackPoint(at.isoformat(timespec="milliseconds"), where[0], where[1], accuracy)


@given(when, coordinates, st.lists(st.tuples(st.floats(-1, 1), st.floats(-1, 1), st.integers(1, 600)), max_size=30))
def test_a_walk_at_walking_pace_is_never_flagged(start_at, where, steps):
    """Each step at most ~1.4 m per second of its time (5 km/h), in any direction."""
    walk, at, (lat, lon) = [], start_at, where
    for north, east, seconds in steps:
        at += timedelta(seconds=seconds)
        lat += north * seconds * 1.0 / 111_320
        lon += east * seconds * 1.0 / 103_000
        walk.append(point(at, (lat, lon), 10))
    assert flag_points([point(start_at, where, 10)], walk, 150) == {}


@given(when, coordinates, coordinates, st.integers(1, 3600))
def test_a_jump_faster_than_the_limit_is_flagged_and_the_route_keeps_its_last_drawn_point(start_at, a, b, seconds):
    before, after = point(start_at, a), point(start_at + timedelta(seconds=seconds), b)
    back = point(start_at + timedelta(seconds=seconds + 1), a)
    kmh = metres(a, b) / seconds * 3.6
    flags = flag_points([before], [after, back], 150)
    assert (after.at_utc in flags) == (kmh > 150) == too_fast(before, after, 150)
    if after.at_utc in flags:  # the next is judged from the last drawn point, not from the flagged one
        assert flags == {after.at_utc: "speed"}


@pytest.mark.parametrize("accuracy, flagged", [(None, True), (3000, True), (5000, False)])
def test_what_both_fixes_accuracy_explains_is_no_speed(accuracy, flagged):
    start_at = datetime(2026, 1, 1, tzinfo=UTC)
    # About 11 km in one minute: far beyond a patrol unless the fixes could each be 5 km off.
    before, after = point(start_at, (21.97, 106.70), accuracy), point(start_at + timedelta(minutes=1), (22.07, 106.70),
                                                                      accuracy)
    assert too_fast(before, after, 150) is flagged

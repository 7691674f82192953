"""Where patrols meet smugglers: the trails and crossing points near each gate, and which is nearest a GPS fix."""
from __future__ import annotations

import csv
import math
from dataclasses import dataclass
from functools import lru_cache

from ..settings import DATA_DIR

TRAILS_FILE = DATA_DIR / "trails.csv"


@dataclass(frozen=True)
class Place:
    """A named trail, border marker or landmark near a gate, from checkpoint/data/trails.csv."""
    code: str
    gate: str
    kind: str
    name: str
    name_en: str
    lat: float
    lon: float


@lru_cache(maxsize=1)
def places() -> tuple[Place, ...]:
    with open(TRAILS_FILE, encoding="utf-8") as f:
        return tuple(Place(row["code"], row["gate"], row["kind"], row["name"], row["name_en"],
                           float(row["lat"]), float(row["lon"])) for row in csv.DictReader(f))


def places_near(gate: str | None) -> list[Place]:
    return [p for p in places() if gate is None or p.gate == gate]


def distance_m(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance (haversine): ample for a few kilometres of trail."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * 6_371_000 * math.asin(math.sqrt(a))


def nearest_place(lat: float, lon: float, within_m: float = 1000) -> Place | None:
    """The closest listed place, if one lies within reach: beyond that a name would mislead."""
    ranked = sorted(places(), key=lambda p: distance_m(lat, lon, p.lat, p.lon))
    if ranked and distance_m(lat, lon, ranked[0].lat, ranked[0].lon) <= within_m:
        return ranked[0]
    return None

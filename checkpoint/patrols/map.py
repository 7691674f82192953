"""A map without tiles: routes, interceptions, gates and border markers on a plain lat/lon plot.

The tablet has no internet on the trail, so the plot is drawn from coordinates alone, as SVG the
page inlines. An equirectangular projection scaled by cos(latitude) keeps distances true enough
over the few kilometres of a patrol.
"""
from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass

WIDTH, HEIGHT, MARGIN = 800, 520, 40
_STEPS = (0.0005, 0.001, 0.002, 0.005, 0.01, 0.02, 0.05, 0.1, 0.2, 0.5, 1.0)
_BARS_KM = (0.05, 0.1, 0.2, 0.5, 1, 2, 5, 10, 20, 50, 100)
_MIN_SPAN = 0.004  # degrees (~400 m): one point alone still gets a readable neighbourhood


@dataclass(frozen=True)
class Mark:
    x: float
    y: float
    kind: str
    """interception, flagged (an interception whose custody chain does not add up), gate, marker, start."""
    label: str
    href: str = ""


@dataclass(frozen=True)
class GridLine:
    x1: float
    y1: float
    x2: float
    y2: float
    label: str


@dataclass(frozen=True)
class Plot:
    width: int
    height: int
    tracks: tuple[str, ...]
    """Each an SVG polyline `points` attribute."""
    marks: tuple[Mark, ...]
    grid: tuple[GridLine, ...]
    scale_px: float
    scale_label: str


@dataclass(frozen=True)
class Spot:
    lat: float
    lon: float
    kind: str
    label: str
    href: str = ""


def plot(tracks: Sequence[Sequence[tuple[float, float]]], spots: Sequence[Spot]) -> Plot:
    coords = [pt for track in tracks for pt in track] + [(s.lat, s.lon) for s in spots]
    if not coords:
        return Plot(WIDTH, HEIGHT, (), (), (), 0, "")
    south, north = min(c[0] for c in coords), max(c[0] for c in coords)
    west, east = min(c[1] for c in coords), max(c[1] for c in coords)
    mid_lat = (south + north) / 2
    shrink = math.cos(math.radians(mid_lat))
    span_y = max(north - south, _MIN_SPAN)
    span_x = max((east - west) * shrink, _MIN_SPAN)
    scale = min((WIDTH - 2 * MARGIN) / span_x, (HEIGHT - 2 * MARGIN) / span_y)
    centre_lat, centre_lon = (south + north) / 2, (west + east) / 2

    def xy(lat: float, lon: float) -> tuple[float, float]:
        return (round(WIDTH / 2 + (lon - centre_lon) * shrink * scale, 1),
                round(HEIGHT / 2 - (lat - centre_lat) * scale, 1))

    lines = tuple(" ".join(f"{x},{y}" for x, y in (xy(*pt) for pt in track)) for track in tracks if track)
    marks = tuple(Mark(*xy(s.lat, s.lon), s.kind, s.label, s.href) for s in spots)
    km_per_px = 111.32 / scale
    bar_km = max((b for b in _BARS_KM if b / km_per_px <= WIDTH / 4), default=_BARS_KM[0])
    bar_label = f"{bar_km:g} km" if bar_km >= 1 else f"{bar_km * 1000:g} m"
    return Plot(WIDTH, HEIGHT, lines, marks, _grid(xy, scale, shrink, centre_lat, centre_lon),
                round(bar_km / km_per_px, 1), bar_label)


def _grid(xy: Callable[[float, float], tuple[float, float]], scale: float, shrink: float, centre_lat: float,
          centre_lon: float) -> tuple[GridLine, ...]:
    half_lat, half_lon = HEIGHT / 2 / scale, WIDTH / 2 / (scale * shrink)
    step = next((s for s in _STEPS if 2 * half_lat / s <= 8), _STEPS[-1])
    decimals = max(0, -math.floor(math.log10(step)))
    lines = []
    lat = math.ceil((centre_lat - half_lat) / step) * step
    while lat <= centre_lat + half_lat:
        _, y = xy(lat, centre_lon)
        lines.append(GridLine(0, y, WIDTH, y, f"{lat:.{decimals}f}° N"))
        lat += step
    lon = math.ceil((centre_lon - half_lon) / step) * step
    while lon <= centre_lon + half_lon:
        x, _ = xy(centre_lat, lon)
        lines.append(GridLine(x, 0, x, HEIGHT, f"{lon:.{decimals}f}° E"))
        lon += step
    return tuple(lines)

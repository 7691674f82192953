"""The tile-less map: north up, east right, distances kept, a scale bar that tells the truth."""
from __future__ import annotations

import pytest

from checkpoint.patrols import map as patrol_map
from checkpoint.patrols.map import Spot


def test_north_is_up_east_is_right_and_the_scale_bar_is_true() -> None:
    plot = patrol_map.plot([[(21.970, 106.700), (21.975, 106.700), (21.975, 106.705)]],
                           [Spot(21.9725, 106.7025, "interception", "1", "/x")])
    (track,) = plot.tracks
    (x0, y0), (x1, y1), (x2, y2) = (tuple(map(float, p.split(","))) for p in track.split())
    assert x1 == x0 and y1 < y0  # due north goes up
    assert y2 == y1 and x2 > x1  # due east goes right
    # 0.005° of latitude is 556 m; 0.005° of longitude at 21.97° N is 516 m.
    metres_per_px = 556.6 / (y0 - y1)
    assert (x2 - x1) * metres_per_px == pytest.approx(516.1, rel=0.01)
    assert plot.scale_label == "200 m" and plot.scale_px * metres_per_px == pytest.approx(200, rel=0.01)
    assert plot.marks == (patrol_map.Mark((x0 + x2) / 2, (y0 + y1) / 2, "interception", "1", "/x"),)
    grid = {line.label: line for line in plot.grid}
    assert grid["21.970° N"].y1 == y0 and grid["106.705° E"].x1 == x2  # labels sit on the right lines


def test_one_point_alone_and_nothing_at_all_still_draw() -> None:
    alone = patrol_map.plot([], [Spot(21.97, 106.70, "gate", "Hữu Nghị")])
    assert alone.marks[0].x == patrol_map.WIDTH / 2 and alone.marks[0].y == patrol_map.HEIGHT / 2
    assert alone.scale_label and alone.grid
    assert patrol_map.plot([], []).marks == ()

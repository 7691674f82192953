"""The leaders' weekly lists at headquarters: each tablet logs the list of the week just ended once, it travels
with the next sync, and the console shows the latest list of each tablet per unit, an officer who stands out
marked; a unit leader sees only their units'."""
from __future__ import annotations

from datetime import UTC, date, datetime, time

from checkpoint import inspections, ledger, patterns, sync
from checkpoint.checks.risk import Risk
from checkpoint.clock import local_today
from checkpoint.hub.patterns import recent_weeks
from tests.hub.conftest import TZ, account, signed_in


def closed(device, day: date, gate: str, officer: str, verdict: str, count: int) -> None:
    """`count` red trucks closed by `officer` on `day` with `verdict`."""
    for _ in range(count):
        subject = inspections.start(device.db, inspections.NewInspection(gate=gate, direction="import",
                                                                         plates=("12C-123.45",)),
                                    author=officer, tz=TZ, on=day)
        inspections.record_checks(device.db, subject, [], Risk("red", 9, ()), "demo", author=officer)
        # The verdict as its event: four eyes and the photo are the inspections' own tests (test_verdict_core.py).
        ledger.record(device.db, "inspection.verdict", {"verdict": verdict, "note": ""}, author=officer,
                      subject=subject)


def synced(device, server) -> None:
    sync.run(device.db, server.url, device.evidence_dir, hub_public_key=server.public_key, timezone=TZ)


def test_the_weekly_list_travels_once_with_the_next_sync_and_the_console_shows_it_per_unit(make_device, console_hub):
    _, monday, _ = patterns.week_before(local_today(TZ))
    huu_nghi, chi_ma = make_device("hn"), make_device("cm")
    closed(huu_nghi, monday, "HUU_NGHI", "officer-a", "held", 8)
    closed(huu_nghi, monday, "HUU_NGHI", "officer-b", "held", 8)
    closed(huu_nghi, monday, "HUU_NGHI", "officer-c", "cleared", 6)  # lets every red pass; the others none
    closed(chi_ma, monday, "CHI_MA", "officer-d", "held", 3)
    for device in (huu_nghi, chi_ma, huu_nghi):
        synced(device, console_hub)
    held = console_hub.count("SELECT COUNT(*) FROM events WHERE type = 'patterns.weekly'")
    assert held == 2, "one list per tablet and week, however many syncs"
    [event] = [e for e in ledger.events(huu_nghi.db) if e.type == "patterns.weekly"]
    assert ledger.acknowledged_seq(huu_nghi.db) >= event.seq

    account(console_hub, "secretary", "secretariat", "*")
    page = signed_in(console_hub, "secretary").get("/console/patterns").get_data(as_text=True)
    assert 'id="unit-HQ_HUU_NGHI"' in page and 'id="unit-HQ_CHI_MA"' in page
    week = int(event.typed().week[-2:])
    assert f"Tuần {week} ({monday.strftime('%d/%m')}" in page and "1 cán bộ bất thường" in page
    marked = page.split("officer-c")[1].split("</tr>")[0]
    assert "bất thường" in marked and "100 %" in marked
    for other in ("officer-a", "officer-b", "officer-d"):
        assert "bất thường" not in page.split(other)[1].split("</tr>")[0]

    account(console_hub, "leader", "unit_leader", "HQ_HUU_NGHI")
    page = signed_in(console_hub, "leader").get("/console/patterns").get_data(as_text=True)
    assert "officer-c" in page and "officer-d" not in page and 'id="unit-HQ_CHI_MA"' not in page


def test_the_console_shows_the_newest_of_the_recent_weeks(make_device, console_hub):
    device = make_device("hn")
    today = local_today(TZ)
    weeks = recent_weeks(today)
    assert weeks[0] == patterns.WEEKLY_SUBJECT + patterns.week_before(today)[0] and len(set(weeks)) == len(weeks)
    _, last_monday, _ = patterns.week_before(today)
    two_weeks_ago = patterns.week_before(last_monday)[1]
    closed(device, two_weeks_ago, "HUU_NGHI", "officer-old", "held", 1)
    closed(device, last_monday, "HUU_NGHI", "officer-new", "held", 1)
    # The list of the week before last, logged when that week ended; then last week's.
    ended = datetime.combine(last_monday, time(12), tzinfo=UTC)
    assert patterns.log_weekly(device.db, TZ, now=ended) is not None
    synced(device, console_hub)
    account(console_hub, "secretary", "secretariat", "*")
    page = signed_in(console_hub, "secretary").get("/console/patterns").get_data(as_text=True)
    assert "officer-new" in page and "officer-old" not in page
    assert console_hub.count("SELECT COUNT(*) FROM events WHERE type = 'patterns.weekly'") == 2

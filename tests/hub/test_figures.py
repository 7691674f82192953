"""The 389 count at headquarters: a case counts on its own day, however late its tablet syncs, for its unit only;
the report page says when the figures changed since they were exported."""
from __future__ import annotations

from datetime import timedelta

from checkpoint import sync
from checkpoint.clock import local_today
from checkpoint.hub import figures
from checkpoint.reports import periods
from tests.hub.conftest import TZ, account, seized_case, signed_in


def synced(device, server) -> None:
    sync.run(device.db, server.url, device.evidence_dir, hub_public_key=server.public_key)


def test_a_late_upload_lands_in_its_own_period_and_the_exported_report_is_said_to_have_changed(make_device,
                                                                                                console_hub):
    today = local_today(TZ)
    last_month = periods.period("month", today.replace(day=1) - timedelta(days=1))
    on_time, late = make_device("on-time"), make_device("late")
    seized_case(on_time, gate="HUU_NGHI", fine=1_000_000, on=last_month.end)
    synced(on_time, console_hub)
    account(console_hub, "secretary", "secretariat", "*")
    client = signed_in(console_hub, "secretary")
    query = f"kind=month&day={last_month.end:%d/%m/%Y}"
    exported = client.get(f"/console/report.pdf?{query}")
    assert exported.status_code == 200 and exported.data.startswith(b"%PDF")
    assert exported.headers["Content-Disposition"].endswith(f'-{last_month.end:%Y%m%d}.pdf"')
    assert client.get(f"/console/report.docx?{query}").status_code == 404
    assert 'id="changed"' not in client.get(f"/console/report?{query}").get_data(as_text=True)

    # Recorded last month, synced only now: it counts in last month, not in this one.
    seized_case(late, gate="CHI_MA", fine=2_000_000, on=last_month.start)
    synced(late, console_hub)
    count = figures.counter(console_hub.store)
    assert sum(r.figures.cases for r in count(last_month.start, last_month.end, None)) == 2
    this_month = periods.period("month", today)
    assert sum(r.figures.cases for r in count(this_month.start, this_month.end, None)) == 0
    assert sum(r.figures.fines_vnd for r in count(last_month.start, last_month.end, ["HQ_CHI_MA"])) == 2_000_000
    assert list(count(last_month.start, last_month.end, [])) == []
    page = client.get(f"/console/report?{query}").get_data(as_text=True)
    assert 'id="changed"' in page and "secretary" in page


def test_the_count_is_one_group_by_whose_rows_add_up_per_unit(make_device, console_hub):
    device = make_device("a")
    for subtype, criminal in (("smuggling", False), ("smuggling", False), ("origin_fraud", True)):
        seized_case(device, subtype=subtype, criminal=criminal, defendants=1 if criminal else 0, fine=1_000)
    synced(device, console_hub)
    day = local_today(TZ)
    rows = sorted(figures.counter(console_hub.store)(day, day, None), key=lambda r: (r.category, r.criminal))
    assert [(r.unit, r.force, r.category, r.criminal, r.figures.cases, r.figures.defendants) for r in rows] == [
        ("HQ_HUU_NGHI", "customs", 1, False, 2, 0), ("HQ_HUU_NGHI", "customs", 2, True, 1, 1)]
    assert figures.counter(console_hub.store)(day - timedelta(days=1), day - timedelta(days=1), None) == []

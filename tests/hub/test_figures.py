"""The 389 count at headquarters: a case counts on its own day, however late its tablet syncs, for its unit only;
the report page says when the figures changed since they were exported."""
from __future__ import annotations

from datetime import timedelta

from checkpoint import decisions, sync
from checkpoint.clock import local_today
from checkpoint.hub import figures
from checkpoint.reports import periods
from tests.hub.conftest import TZ, account, seized_case, signed_in


def synced(device, server) -> None:
    sync.run(device.db, server.url, device.evidence_dir, hub_public_key=server.public_key)


def step(device, case_id: str, kind: str, day, **form: str) -> None:
    """A leader records what was decided on the case, on the tablet that holds it."""
    taken = decisions.parse(kind, {"number": f"{kind}-1", "date": day.strftime("%d/%m/%Y"), **form}, None)
    decisions.record(device.db, case_id, taken, author="leader", today=local_today(TZ))


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
    case_id = seized_case(late, gate="CHI_MA", fine=9_000_000, on=last_month.start)
    step(late, case_id, "sanctioned", last_month.start, signer="Nguyễn Văn A", provision="NĐ 128/2020",
         fine_vnd="2.000.000")
    synced(late, console_hub)
    count = figures.counter(console_hub.store)
    assert sum(r.figures.cases for r in count(last_month.start, last_month.end, None)) == 2
    this_month = periods.period("month", today)
    assert sum(r.figures.cases for r in count(this_month.start, this_month.end, None)) == 0
    # The fine decided counts, not the one typed with the verdict; the case with no decision yet waits.
    assert sum(r.figures.fines_vnd for r in count(last_month.start, last_month.end, ["HQ_CHI_MA"])) == 2_000_000
    assert sum(r.figures.fines_vnd for r in count(last_month.start, last_month.end, ["HQ_HUU_NGHI"])) == 0
    assert [sum(r.figures.awaiting for r in count(last_month.start, last_month.end, [unit]))
            for unit in ("HQ_HUU_NGHI", "HQ_CHI_MA")] == [1, 0]
    waiting = list(figures.waiting(console_hub.store)(last_month.start, last_month.end, None))
    assert [(w.unit, w.local_date, w.gate) for w in waiting] == [("HQ_HUU_NGHI", last_month.end, "HUU_NGHI")]
    assert list(count(last_month.start, last_month.end, [])) == []
    page = client.get(f"/console/report?{query}").get_data(as_text=True)
    assert 'id="changed"' in page and "secretary" in page
    assert "1 vụ chờ quyết định xử lý" in page and f"{last_month.end:%d/%m/%Y}" in page


def test_the_count_is_one_group_by_whose_rows_add_up_per_unit(make_device, console_hub):
    device = make_device("a")
    day = local_today(TZ)
    # Typed at the gate as criminal: it counts as criminal only once an investigating body prosecutes.
    for subtype, prosecuted in (("smuggling", False), ("smuggling", False), ("origin_fraud", True)):
        case_id = seized_case(device, subtype=subtype, criminal=not prosecuted, defendants=0 if prosecuted else 3,
                              fine=1_000)
        if prosecuted:
            step(device, case_id, "referred", day, body="police_investigation")
            step(device, case_id, "prosecuted", day, body="CQĐT Công an tỉnh", defendants="1")
    synced(device, console_hub)
    rows = sorted(figures.counter(console_hub.store)(day, day, None), key=lambda r: (r.category, r.criminal))
    assert [(r.unit, r.force, r.category, r.criminal, r.figures.cases, r.figures.defendants) for r in rows] == [
        ("HQ_HUU_NGHI", "customs", 1, False, 2, 0), ("HQ_HUU_NGHI", "customs", 2, True, 1, 1)]
    assert figures.counter(console_hub.store)(day - timedelta(days=1), day - timedelta(days=1), None) == []

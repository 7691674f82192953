"""Sync from tablets to a real hub on loopback (SQLite and PostgreSQL): exactly once, signed receipts only."""
from __future__ import annotations

import hashlib
import json
import sqlite3
import time
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest

from checkpoint import clock, inspections, ledger, sync, watchlist
from checkpoint.ledger import signing
from checkpoint.store.db import connect
from tests.ledger.conftest import HubServer, Served


def hub_events(server: HubServer, device_id: str) -> list[tuple[Any, ...]]:
    return [tuple(r) for r in server.store.execute(
        "SELECT seq, uuid, hash FROM events WHERE device_id = ? ORDER BY seq", [device_id]).fetchall()]


def local_events(device: Any) -> list[tuple[Any, ...]]:
    return [(e.seq, e.uuid, e.hash) for e in ledger.events(device.db)]


def test_sync_uploads_events_and_photos_exactly_once(make_device, hub_server):
    device = make_device()
    device.fill(40)
    report = sync.run(device.db, hub_server.url, device.evidence_dir, hub_public_key=hub_server.public_key,
                      batch_size=16)
    assert (report.acknowledged, report.acknowledged_seq, report.photos) == (40, 40, 13)
    assert hub_events(hub_server, device.id) == local_events(device)
    for event in ledger.events(device.db):
        if event.type == "inspection.photo_added":
            data = hub_server.hub.evidence(event.payload["sha256"])
            assert data is not None and hashlib.sha256(data).hexdigest() == event.payload["sha256"]

    device.fill(5)
    again = sync.run(device.db, hub_server.url, device.evidence_dir, hub_public_key=hub_server.public_key,
                     batch_size=16)
    assert (again.acknowledged, again.acknowledged_seq, again.photos) == (5, 45, 2)
    assert hub_events(hub_server, device.id) == local_events(device)
    status = hub_server.hub.chain_status(device.id)
    assert (status["chain_ok"], status["last_seq"], status["gaps"], status["head"]["signature_ok"]) == \
        (True, 45, [], True)
    # A receipt per batch (16 + 16 + 8, then 5), each naming a hash this tablet holds.
    receipts = device.db.execute("SELECT seq FROM checkpoints WHERE kind = 'receipt' ORDER BY id").fetchall()
    assert [r[0] for r in receipts] == [16, 32, 40, 45]
    assert ledger.verify(device.db).ok


def test_a_hub_that_committed_but_whose_answer_was_lost_is_not_sent_twice(make_device, hub_server):
    device = make_device()
    device.fill(10)
    rows = [list(r) for r in device.db.execute(ledger.SELECT_EVENTS + " ORDER BY seq")]
    key = signing.load_or_create(ledger.key_path(device.db))
    batch = sync.signed_batch(device.id, key, rows, clock.utc_now().isoformat())
    first = hub_server.hub.receive(batch)  # the hub stores; the tablet never hears of it
    assert (first.stored, first.duplicates, first.receipt.seq) == (10, 0, 10)
    assert ledger.acknowledged_seq(device.db) == 0
    report = sync.run(device.db, hub_server.url, device.evidence_dir, hub_public_key=hub_server.public_key)
    assert (report.acknowledged, report.acknowledged_seq) == (10, 10)
    assert hub_server.count("SELECT COUNT(*) FROM events") == 10


PORTAL_KEY = signing.public_text(signing.Ed25519PrivateKey.generate())
"""The key the tablet was set up with; the portal's JSON happens to announce it."""


class Portal(Served):
    """A captive portal: answers everything with 200 and a page (or a JSON that is not a receipt)."""

    def __init__(self, body: bytes, content_type: str) -> None:
        def app(environ: dict[str, Any], start_response: Any) -> list[bytes]:
            start_response("200 OK", [("Content-Type", content_type), ("Content-Length", str(len(body)))])
            return [body]

        super().__init__(app, threads=1)


@pytest.mark.parametrize("body, content_type, message, params", [
    (b"<html><body>Welcome to hotel Wi-Fi. Please log in.</body></html>", "text/html",
     "The hub did not acknowledge the upload: the answer (HTTP %(status)d) is not the hub's.", {"status": 200}),
    (b'{"ok": true, "public_key": "' + PORTAL_KEY.encode() + b'"}', "application/json",
     "The hub did not acknowledge the upload: its answer to %(request)s is incomplete.",
     {"request": "POST /api/v1/sync/hello"}),
])
def test_a_captive_portals_200_is_never_taken_for_an_acknowledgement(make_device, body, content_type, message,
                                                                      params):
    device = make_device()
    device.fill(4)
    portal = Portal(body, content_type)
    try:
        with pytest.raises(sync.SyncFailed) as failure:
            sync.run(device.db, portal.url, device.evidence_dir, hub_public_key=PORTAL_KEY, attempts=2, backoff=0.01)
    finally:
        portal.stop()
    assert (failure.value.message, failure.value.params) == (message, params)
    assert ledger.acknowledged_seq(device.db) == 0
    assert device.db.execute("SELECT last_error FROM hub_link").fetchone()[0]


def test_an_unreachable_hub_is_retried_with_back_off_then_reported(make_device):
    device = make_device()
    device.fill(2)
    started = time.monotonic()
    with pytest.raises(sync.SyncFailed) as failure:
        sync.run(device.db, "http://127.0.0.1:9", device.evidence_dir, hub_public_key=PORTAL_KEY, attempts=3,
                 backoff=0.1)
    assert 0.3 <= time.monotonic() - started < 10  # slept 0.1 + 0.2 between the three attempts
    assert failure.value.exit_code == 1
    assert failure.value.message == "The hub did not acknowledge the upload: it could not be reached (%(detail)s)."
    assert failure.value.params["detail"].startswith("ConnectionRefusedError")
    assert ledger.acknowledged_seq(device.db) == 0


def test_a_forked_device_is_rejected_and_alerted(make_device, hub_server, tmp_path):
    device = make_device()
    device.fill(6)
    sync.run(device.db, hub_server.url, device.evidence_dir, hub_public_key=hub_server.public_key)
    # Someone restores a copy of the tablet (key and all) and writes a different history after event 3.
    twin_path = tmp_path / "twin.db"
    device.db.execute("VACUUM INTO ?", [str(twin_path)])
    Path(str(twin_path) + ".key").write_bytes(ledger.key_path(device.db).read_bytes())
    raw = connect(twin_path)
    raw.execute("DROP TRIGGER events_no_delete")
    raw.execute("DROP TRIGGER checkpoints_no_delete")
    raw.execute("DELETE FROM events WHERE seq > 3")
    raw.execute("DELETE FROM checkpoints")
    ledger.record(raw, "patrol.note", {"text": "a different story"}, author="officer9")
    try:
        with pytest.raises(sync.SyncFailed):
            sync.run(raw, hub_server.url, device.evidence_dir, hub_public_key=hub_server.public_key, attempts=1)
    finally:
        raw.conn.close()
    alerts = hub_server.hub.alerts(device.id)
    # The twin showed its head at the hello: behind what the hub holds, and different from it.
    assert [(a["kind"], a["seq"]) for a in alerts] == [("head_backwards", 4), ("fork", 4)]
    assert hub_events(hub_server, device.id) == local_events(device)


def test_the_same_uuid_with_other_content_is_rejected_and_alerted(make_device, hub_server):
    device = make_device()
    device.fill(3)
    sync.run(device.db, hub_server.url, device.evidence_dir, hub_public_key=hub_server.public_key)
    row = list(device.db.execute(ledger.SELECT_EVENTS + " WHERE seq = 3").fetchone())
    row[5] = json.dumps({"text": "rewritten"})
    row[10] = ledger.chain_hash(row)
    key = signing.load_or_create(ledger.key_path(device.db))
    batch = sync.signed_batch(device.id, key, [row], clock.utc_now().isoformat())
    client = sync.HubClient(hub_server.url, 10, (device.id, key))
    try:
        with pytest.raises(sync.SyncFailed):
            client.json("POST", "/api/v1/sync/events", batch)
    finally:
        client.close()
    assert [(a["kind"], a["seq"]) for a in hub_server.hub.alerts(device.id)] == [("uuid_conflict", 3)]
    assert hub_events(hub_server, device.id) == local_events(device)


def test_a_batch_signed_by_another_key_is_refused(make_device, hub_server):
    device = make_device()
    device.fill(2)
    sync.run(device.db, hub_server.url, device.evidence_dir, hub_public_key=hub_server.public_key)
    ledger.record(device.db, "patrol.note", {"text": "3"}, author="patrol1")
    ledger.key_path(device.db).unlink()
    signing._cache.clear()  # as after a restore without the key file: a new key is made
    ledger.record(device.db, "patrol.note", {"text": "4"}, author="patrol1")
    with pytest.raises(sync.SyncFailed):
        sync.run(device.db, hub_server.url, device.evidence_dir, hub_public_key=hub_server.public_key, attempts=1)
    # Nothing proves the device sent it: the alert names it as a claim only.
    assert hub_server.hub.alerts(device.id) == []
    assert [(a["device_id"], a["kind"], a["detail"]["claimed_device"]) for a in hub_server.hub.alerts()] == \
        [("", "bad_signature", device.id)]
    assert ledger.acknowledged_seq(device.db) == 2


def test_gaps_are_flagged_and_receipts_cover_only_what_is_contiguous(make_device, hub_server):
    device = make_device()
    device.fill(6)
    rows = [list(r) for r in device.db.execute(ledger.SELECT_EVENTS + " WHERE seq > 3 ORDER BY seq")]
    key = signing.load_or_create(ledger.key_path(device.db))
    accepted = hub_server.hub.receive(sync.signed_batch(device.id, key, rows, clock.utc_now().isoformat()))
    assert (accepted.stored, accepted.receipt.seq, accepted.receipt.hash) == (3, 0, ledger.GENESIS)
    status = hub_server.hub.chain_status(device.id)
    assert (status["gaps"], status["chain_ok"]) == ([[1, 3]], False)
    assert [a["kind"] for a in status["alerts"]] == ["gap"]
    report = sync.run(device.db, hub_server.url, device.evidence_dir, hub_public_key=hub_server.public_key)
    assert report.acknowledged_seq == 6
    assert hub_server.hub.chain_status(device.id)["gaps"] == []


def test_clock_skew_is_flagged_and_nothing_is_rejected_for_it(make_device, hub_server):
    device = make_device()
    device.fill(5)
    report = sync.run(device.db, hub_server.url, device.evidence_dir, hub_public_key=hub_server.public_key,
                      now=lambda: clock.utc_now() - timedelta(minutes=40))
    assert report.acknowledged == 5
    status = hub_server.hub.chain_status(device.id)
    assert status["clock_skew_flagged"] is True and 2390 < status["clock_skew_seconds"] < 2420
    assert [a["kind"] for a in status["alerts"]] == ["clock_skew"]


def test_watchlists_come_down_signed_by_headquarters(make_device, hub_server):
    device = make_device()
    version = hub_server.hub.publish_watchlist("hq-2025-11", "kind,name,tax_code,plate,gtin,id_number,"
                                               "co_reference,note\ncompany,CONG TY TNHH HOANG LONG,,,,,,\n")
    report = sync.run(device.db, hub_server.url, device.evidence_dir, hub_public_key=hub_server.public_key)
    assert len(report.watchlists) == 1
    source, entries = device.db.execute("SELECT source, entries FROM watchlist_versions WHERE version = ?",
                                        [report.watchlists[0]]).fetchone()
    assert (source, entries) == (f"hub:{version}", 1)
    again = sync.run(device.db, hub_server.url, device.evidence_dir, hub_public_key=hub_server.public_key)
    assert again.watchlists == ()

    hub_server.hub.publish_watchlist("hq-2025-12", "kind,name\ncompany,A\n")
    hub_server.store.execute("UPDATE watchlists SET text = ? WHERE list = ?", ["kind,name\ncompany,B\n", "hq-2025-12"])
    with pytest.raises(sync.SyncFailed):
        sync.run(device.db, hub_server.url, device.evidence_dir, hub_public_key=hub_server.public_key, attempts=1)
    assert device.db.execute("SELECT COUNT(*) FROM watchlist_versions WHERE list = 'hq-2025-12'").fetchone()[0] == 0


def test_co_reuse_across_gates_and_devices(make_device, hub_server):
    co = {"doc_type": "co", "fields": {"reference_number": {"value": "E254501001234", "confidence": 0.9}}}
    for name, gate in (("huu-nghi", "HUU_NGHI"), ("chi-ma", "CHI_MA")):
        device = make_device(name)
        subject = device.inspection(gate=gate)
        device.photo(subject, f"C/O photo at {gate}".encode(), document=co)
        sync.run(device.db, hub_server.url, device.evidence_dir, hub_public_key=hub_server.public_key)
    client = sync.HubClient(hub_server.url, 10)
    try:
        reuse = client.json("GET", "/api/v1/hub/co-reuse")["references"]
        everything = client.json("GET", "/api/v1/hub/events")["events"]
    finally:
        client.close()
    assert [(r["reference"], sorted(r["gates"]), len(r["uses"])) for r in reuse] == \
        [("E254501001234", ["CHI_MA", "HUU_NGHI"], 2)]
    assert len(everything) == 4 and {e["type"] for e in everything} == {"inspection.started",
                                                                         "inspection.photo_added"}


def test_switching_officers_never_drops_unsynced_events(app, client, auth, hub_server):
    app.config.update(HUB_URL=hub_server.url, HUB_PUBLIC_KEY=hub_server.public_key)
    assert auth.login("officer1").status_code == 302
    response = auth.post("/inspections/new", {"direction": "import", "plates": "12C-123.45", "lane": "1"})
    assert response.status_code == 302
    auth.logout()
    assert auth.login("officer2").status_code == 302
    auth.logout()
    db = connect(app.config["DATABASE"])
    try:
        report = sync.run(db, hub_server.url, app.config["EVIDENCE_DIR"], hub_public_key=hub_server.public_key)
        authors = [e.author for e in ledger.events(db)]
    finally:
        db.conn.close()
    assert report.acknowledged == len(authors) and {"officer1", "officer2"} <= set(authors)
    assert hub_server.count("SELECT COUNT(*) FROM events") == len(authors)


def test_background_sync_uploads_while_the_app_runs(app, hub_server, make_device):
    app.config.update(HUB_URL=hub_server.url, HUB_PUBLIC_KEY=hub_server.public_key, SYNC_INTERVAL_SECONDS=0.2)
    db = connect(app.config["DATABASE"])
    try:
        ledger.record(db, "patrol.note", {"text": "on the trail"}, author="patrol1")
        worker = sync.start_background(app.config)
        assert worker is not None
        try:
            deadline = time.monotonic() + 15
            while ledger.acknowledged_seq(db) < 1 and time.monotonic() < deadline:
                time.sleep(0.1)
        finally:
            worker.stop()
        assert not worker.is_alive()
        assert ledger.acknowledged_seq(db) == db.execute("SELECT MAX(seq) FROM events").fetchone()[0]
    finally:
        db.conn.close()


def test_only_registered_devices_sync_and_tablets_still_do(make_device, hub_server):
    hub_server.hub.publish_watchlist("hq", "kind,name,id_number\nperson,NGUYEN VAN A,020095001234\n")
    anonymous = sync.HubClient(hub_server.url, 10)
    try:
        with pytest.raises(sync.SyncFailed) as refused:
            anonymous.json("GET", "/api/v1/sync/watchlists?after=")
    finally:
        anonymous.close()
    assert refused.value.params == {"error": "Only a registered device's signed request, or the headquarters token,"
                                              " may sync."}
    device = make_device()
    device.fill(4)
    report = sync.run(device.db, hub_server.url, device.evidence_dir, hub_public_key=hub_server.public_key)
    assert (report.acknowledged, len(report.watchlists)) == (4, 1)
    assert hub_server.hub.devices() == [device.id] and hub_server.hub.alerts() == []


def test_co_reuse_follows_the_officers_corrections(make_device, hub_server):
    """The OCR misread one C/O (a reuse it hid) and misread another as a used one (a reuse it made up)."""
    def co(reference: str) -> dict[str, Any]:
        return {"doc_type": "co", "fields": {"reference_number": {"value": reference, "confidence": 0.6}}}

    def correct(device: Any, subject: str, photo: ledger.Event, value: str) -> None:
        inspections.correct_field(device.db, subject, photo.payload["sha256"], "reference_number", value,
                                  author="officer1")

    huu_nghi, chi_ma, tan_thanh = make_device("huu-nghi"), make_device("chi-ma"), make_device("tan-thanh")
    hidden = huu_nghi.inspection(gate="HUU_NGHI")
    misread = huu_nghi.photo(hidden, b"C/O at Huu Nghi", document=co("E254501001284"))
    sync.run(huu_nghi.db, hub_server.url, huu_nghi.evidence_dir, hub_public_key=hub_server.public_key)
    correct(huu_nghi, hidden, misread, "e254501001234")  # a batch after the photo's
    used = chi_ma.inspection(gate="CHI_MA")
    chi_ma.photo(used, b"C/O at Chi Ma", document=co("E254501001234"))
    made_up = tan_thanh.inspection(gate="TAN_THANH")
    correct(tan_thanh, made_up, tan_thanh.photo(made_up, b"C/O at Tan Thanh", document=co("E254501001234")),
            "E254501009999")  # the same batch as the photo
    for device in (huu_nghi, chi_ma, tan_thanh):
        sync.run(device.db, hub_server.url, device.evidence_dir, hub_public_key=hub_server.public_key)
    assert [(r["reference"], sorted(r["gates"]), sorted(u["inspection"] for u in r["uses"]))
            for r in hub_server.hub.co_reuse()] == [("E254501001234", ["CHI_MA", "HUU_NGHI"], sorted([hidden, used]))]


@pytest.mark.parametrize("failure", ["a field over 128 KB", "database is locked"])
def test_background_sync_outlives_any_failure_and_records_it(app, hub_server, monkeypatch, failure):
    app.config.update(HUB_URL=hub_server.url, HUB_PUBLIC_KEY=hub_server.public_key, SYNC_INTERVAL_SECONDS=0.1)
    if failure == "database is locked":
        hub_server.hub.publish_watchlist("hq", "kind,name\ncompany,A\n")

        def locked(*args: Any, **kwargs: Any) -> watchlist.ImportReport:
            raise sqlite3.OperationalError("database is locked")
        monkeypatch.setattr(watchlist, "import_text", locked)
        expected = "OperationalError: database is locked"
    else:
        hub_server.hub.publish_watchlist("hq", "kind,name\ncompany," + "A" * 200_000 + "\n")
        expected = "line 2 is not readable CSV"
    db = connect(app.config["DATABASE"])
    worker = sync.start_background(app.config)
    assert worker is not None
    try:
        for text in ("before", "after"):
            ledger.record(db, "patrol.note", {"text": text}, author="patrol1")
            seq = db.execute("SELECT MAX(seq) FROM events").fetchone()[0]
            deadline = time.monotonic() + 15
            while ledger.acknowledged_seq(db) < seq and time.monotonic() < deadline:
                time.sleep(0.05)
            assert ledger.acknowledged_seq(db) == seq and worker.is_alive()
        assert expected in db.execute("SELECT last_error FROM hub_link").fetchone()[0]
        assert db.execute("SELECT COUNT(*) FROM watchlist_versions WHERE source LIKE 'hub:%'").fetchone()[0] == 0
    finally:
        worker.stop()
        db.conn.close()


def test_a_list_the_import_refuses_holds_back_no_other(make_device, hub_server):
    device = make_device()
    device.fill(2)
    bad = hub_server.hub.publish_watchlist("hq", "loai;ten\ncong ty;A\n")
    good = hub_server.hub.publish_watchlist("border", "kind,name\ncompany,B\n")
    with pytest.raises(watchlist.WatchlistHeaderInvalid):
        sync.run(device.db, hub_server.url, device.evidence_dir, hub_public_key=hub_server.public_key)
    assert ledger.acknowledged_seq(device.db) == 2  # uploads come first
    assert [r[0] for r in device.db.execute("SELECT source FROM watchlist_versions")] == [f"hub:{good}"]
    assert f"hub:{bad}: the first line must be the header" in \
        device.db.execute("SELECT last_error FROM hub_link").fetchone()[0]

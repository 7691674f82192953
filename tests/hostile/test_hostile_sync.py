"""Sync that cannot wedge, and a headquarters that trusts nothing by default (issue #14)."""
from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from checkpoint import clock, hub, ledger, sync
from checkpoint.ledger import chain, signing
from checkpoint.store.db import connect
from checkpoint.sync import protocol
from tests.ledger.conftest import HubServer


def test_a_lost_answer_is_recovered_by_asking_the_hub_even_with_smaller_batches(make_device, hub_server):
    device = make_device()
    device.fill(30)
    rows = [list(r) for r in device.db.execute(ledger.SELECT_EVENTS + " ORDER BY seq")]
    key = signing.load_or_create(ledger.key_path(device.db))
    hub_server.hub.receive(sync.signed_batch(device.id, key, rows, clock.utc_now().isoformat()))  # answer lost
    report = sync.run(device.db, hub_server.url, device.evidence_dir, hub_public_key=hub_server.public_key,
                      batch_size=5, attempts=1)
    assert (report.acknowledged, report.acknowledged_seq) == (30, 30)
    assert hub_server.hub.alerts(device.id) == []


def test_an_event_the_hub_cannot_take_is_quarantined_and_every_later_one_flows(make_device, tmp_path):
    server = HubServer(str(tmp_path / "small.db"), tmp_path / "hub_key", max_request_bytes=200_000)
    try:
        device = make_device()
        device.fill(4)
        huge = ledger.record(device.db, "patrol.note", {"text": "x" * 300_000}, author="patrol1")
        for i in range(3):
            ledger.record(device.db, "patrol.note", {"text": f"after {i}"}, author="patrol1")
        report = sync.run(device.db, server.url, device.evidence_dir, hub_public_key=server.public_key,
                          batch_size=50, attempts=1)
        last = device.db.execute("SELECT MAX(seq) FROM events").fetchone()[0]
        assert report.acknowledged_seq == last == 9  # 8 events, and the tablet's own record of the quarantine
        kept = device.db.execute("SELECT seq, bytes FROM sync_quarantine").fetchall()
        assert [tuple(r) for r in kept] == [(huge.seq, len(ledger.canonical(huge.payload).encode()))]
        noted = ledger.events(device.db)[-1]
        assert (noted.type, noted.payload["seq"], noted.payload["uuid"]) == ("sync.quarantined", huge.seq, huge.uuid)
        assert [(a["kind"], a["seq"]) for a in server.hub.alerts(device.id)] == [("quarantined", huge.seq)]
        status = server.hub.chain_status(device.id)
        assert (status["chain_ok"], status["last_seq"], status["quarantined"]) == (True, 9, [huge.seq])
        stored = server.store.execute("SELECT payload, hash FROM events WHERE device_id = ? AND seq = ?",
                                      [device.id, huge.seq]).fetchone()
        assert json.loads(stored[0])["quarantined"]["bytes"] == len(ledger.canonical(huge.payload).encode())
        assert stored[1] == huge.hash
        ledger.record(device.db, "patrol.note", {"text": "next day"}, author="patrol1")
        again = sync.run(device.db, server.url, device.evidence_dir, hub_public_key=server.public_key, attempts=1)
        assert again.acknowledged_seq == 10
        assert ledger.verify(device.db).ok
    finally:
        server.stop()


def test_event_ids_are_unique_per_device_so_a_copied_id_blocks_no_one(make_device, hub_server):
    victim, intruder = make_device("victim"), make_device("intruder")
    victim.fill(3)
    stolen = ledger.events(victim.db)[0].uuid
    row = [1, stolen, intruder.id, "patrol.note", None, ledger.canonical({"text": "mine"}), "x",
           clock.utc_now().isoformat(), 1, ledger.GENESIS]
    row.append(ledger.chain_hash(row))
    key = signing.load_or_create(ledger.key_path(intruder.db))
    hub_server.hub.receive(sync.signed_batch(intruder.id, key, [row], clock.utc_now().isoformat()))
    report = sync.run(victim.db, hub_server.url, victim.evidence_dir, hub_public_key=hub_server.public_key,
                      attempts=1)
    assert report.acknowledged_seq == 3
    assert hub_server.hub.alerts(victim.id) == []


def test_a_tablet_set_up_without_its_hubs_key_syncs_with_no_hub(make_device, hub_server):
    device = make_device()
    device.fill(3)
    with pytest.raises(sync.HubKeyMissing):
        sync.run(device.db, hub_server.url, device.evidence_dir, attempts=1)
    assert hub_server.count("SELECT COUNT(*) FROM devices") == 0
    assert hub_server.count("SELECT COUNT(*) FROM events") == 0


def test_events_a_wrong_hub_acknowledged_reach_the_right_one_once_its_key_is_pinned(make_device, tmp_path):
    rogue = HubServer(str(tmp_path / "rogue.db"), tmp_path / "rogue_key")
    real = HubServer(str(tmp_path / "real.db"), tmp_path / "real_key")
    try:
        device = make_device()
        device.fill(5)
        sync.run(device.db, rogue.url, device.evidence_dir, hub_public_key=rogue.public_key, attempts=1)
        assert ledger.acknowledged_seq(device.db) == 5
        with pytest.raises(sync.HubKeyChanged):  # the real hub's answer is not signed by the key pinned
            sync.run(device.db, real.url, device.evidence_dir, attempts=1)
        assert real.count("SELECT COUNT(*) FROM events") == 0
        # The right key set (HUB_PUBLIC_KEY, or `checkpoint init --hub URL --hub-key KEY`): the rogue's
        # acknowledgements no longer count, and everything goes to the real hub.
        report = sync.run(device.db, real.url, device.evidence_dir, hub_public_key=real.public_key, attempts=1)
        assert report.acknowledged_seq == 5
        assert real.count("SELECT COUNT(*) FROM events") == 5
        assert ledger.verify(device.db).ok  # the old hub's receipts still verify
    finally:
        rogue.stop()
        real.stop()


def test_a_hub_key_that_is_not_one_is_refused_at_set_up(make_device):
    device = make_device()
    with pytest.raises(sync.BadHubKey):
        sync.pin_hub(device.db, "http://127.0.0.1:8400", "AAAA")
    assert device.db.execute("SELECT COUNT(*) FROM hub_keys").fetchone()[0] == 0


@pytest.mark.parametrize("token, enrol_code", [(None, None), ("s3cret", None), (None, "LS-1")])
def test_headquarters_does_not_start_open(tmp_path: Path, token, enrol_code):
    with pytest.raises(hub.HubNotGuarded):
        hub.create_hub(str(tmp_path / "hub.db"), tmp_path / "hub_key", token=token, enrol_code=enrol_code)
    app = hub.create_hub(str(tmp_path / "hub.db"), tmp_path / "hub_key", token="s3cret", enrol_code="LS-1")
    try:
        client = app.test_client()
        assert client.get("/api/v1/hub/events").status_code == 401
        assert client.get("/api/v1/hub/evidence/" + "0" * 64).status_code == 401
    finally:
        app.extensions["hub"].close()


def test_alerts_anyone_can_cause_are_rate_limited_and_name_no_device(make_device, tmp_path: Path):
    app = hub.create_hub(str(tmp_path / "hub.db"), tmp_path / "hub_key", trial=True, alerts_per_minute=10)
    store = hub.Store(str(tmp_path / "hub.db"))
    try:
        device = make_device()
        store.execute("INSERT INTO devices (device_id, public_key, registered_utc) VALUES (?, ?, ?)",
                      [device.id, signing.public_text(signing.load_or_create(ledger.key_path(device.db))), "x"])
        client = app.test_client()
        forged = signing.load_or_create(tmp_path / "forger_key")
        for _ in range(100):
            signed = clock.utc_now().isoformat()
            signature = signing.sign(forged, protocol.request_message(device.id, "GET", "/api/v1/sync/watchlists?after=",
                                                                 b"", signed))
            response = client.get("/api/v1/sync/watchlists?after=", headers=dict(zip(protocol.DEVICE_HEADERS, (
                device.id, signing.public_text(forged), signed, signature))))
            assert response.status_code == 403
        alerts = hub.Hub(store, signing.load_or_create(tmp_path / "hub_key")).alerts()
        assert len(alerts) == 10
        assert {(a["device_id"], a["kind"], a["detail"]["claimed_device"]) for a in alerts} == \
            {("", "bad_signature", device.id)}
        assert hub.Hub(store, signing.load_or_create(tmp_path / "hub_key")).alerts(device.id) == []
    finally:
        store.close()
        app.extensions["hub"].close()


def test_a_clock_set_back_for_one_event_is_flagged(make_device, hub_server, monkeypatch):
    device = make_device()
    device.fill(3)
    real_now = chain.utc_iso
    monkeypatch.setattr(chain, "utc_iso", lambda: (datetime.now(UTC) - timedelta(days=2)).isoformat())
    back = ledger.record(device.db, "patrol.note", {"text": "dated two days back"}, author="patrol1")
    monkeypatch.setattr(chain, "utc_iso", real_now)
    ledger.record(device.db, "patrol.note", {"text": "clock put right"}, author="patrol1")
    sync.run(device.db, hub_server.url, device.evidence_dir, hub_public_key=hub_server.public_key, attempts=1)
    assert [(a["kind"], a["seq"]) for a in hub_server.hub.alerts(device.id)] == [("clock_backwards", back.seq)]


def test_a_tablet_restored_from_an_older_copy_shows_a_head_that_went_backwards(make_device, hub_server, tmp_path):
    device = make_device()
    device.fill(3)
    older = tmp_path / "older.db"
    device.db.execute("VACUUM INTO ?", [str(older)])
    Path(str(older) + ".key").write_bytes(ledger.key_path(device.db).read_bytes())
    device.fill(3)
    sync.run(device.db, hub_server.url, device.evidence_dir, hub_public_key=hub_server.public_key, attempts=1)
    restored = connect(older)
    try:
        with pytest.raises(sync.SyncFailed):
            sync.run(restored, hub_server.url, device.evidence_dir, hub_public_key=hub_server.public_key, attempts=1)
    finally:
        restored.conn.close()
    assert [(a["kind"], a["seq"], a["detail"]) for a in hub_server.hub.alerts(device.id)] == [
        ("head_backwards", 3, {"shown_seq": 3, "hub_seq": 6})]


def test_a_tablet_set_up_with_its_hub_syncs_there_without_more_settings(make_device, hub_server, capsys,
                                                                        monkeypatch):
    from tests.conftest import run

    device = make_device()
    device.fill(3)
    monkeypatch.delenv("CHECKPOINT_HUB_URL", raising=False)
    monkeypatch.setenv("CHECKPOINT_EVIDENCE_DIR", device.evidence_dir)
    code, _, err = run(capsys, "init", "--hub", hub_server.url, "--hub-key", hub_server.public_key,
                       "--db", str(device.path))
    assert code == 0, err
    code, out, err = run(capsys, "sync", "--json", "--db", str(device.path))
    assert code == 0, err
    assert json.loads(out)["acknowledged_seq"] == ledger.acknowledged_seq(device.db) > 0


def test_a_hub_refusing_everything_sets_aside_a_few_events_then_stops(make_device, tmp_path):
    server = HubServer(str(tmp_path / "tiny.db"), tmp_path / "hub_key", max_request_bytes=300)
    try:
        device = make_device()
        device.fill(4)
        before = device.db.execute("SELECT MAX(seq) FROM events").fetchone()[0]
        with pytest.raises(sync.HubRefused):
            sync.run(device.db, server.url, device.evidence_dir, hub_public_key=server.public_key, attempts=1)
        set_aside = device.db.execute("SELECT COUNT(*) FROM sync_quarantine").fetchone()[0]
        added = device.db.execute("SELECT MAX(seq) FROM events").fetchone()[0] - before
        assert 1 <= set_aside <= sync.MAX_QUARANTINED_PER_RUN and added <= sync.MAX_QUARANTINED_PER_RUN
    finally:
        server.stop()


def test_the_tablets_leaders_see_what_was_set_aside(app, auth, db, tmp_path):
    server = HubServer(str(tmp_path / "small.db"), tmp_path / "hub_key", max_request_bytes=200_000)
    try:
        huge = ledger.record(db, "patrol.note", {"text": "x" * 300_000}, author="patrol1")
        sync.run(db, server.url, app.config["EVIDENCE_DIR"], hub_public_key=server.public_key, attempts=1)
    finally:
        server.stop()
    auth.login("super1")
    page = auth.client.get("/reports/").get_data(as_text=True)
    assert (f"1 bản ghi của máy này không gửi nguyên vẹn được về cơ quan trung tâm và đã được để riêng"
            f" (vẫn lưu tại máy): #{huge.seq}.") in page

"""The hub's HTTP contract and the `sync` / `hub serve` commands, as officers' scripts use them."""
from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from checkpoint import clock, hub, ledger, sync
from checkpoint.errors import CheckpointError
from checkpoint.hub import receiver
from checkpoint.ledger import signing
from checkpoint.sync import protocol
from tests.ledger.conftest import ROOT_DIR, HubServer

TOKEN = {"Authorization": "Bearer s3cret"}


@pytest.fixture
def hub_app(tmp_path: Path):
    app = hub.create_hub(str(tmp_path / "hub.db"), tmp_path / "hub_key", token="s3cret", trial=True)
    yield app
    app.extensions["hub"].close()


def test_errors_have_the_api_shape(hub_app):
    client = hub_app.test_client()
    response = client.post("/api/v1/sync/events", data="<html>", content_type="text/html", headers=TOKEN)
    assert response.status_code == 422
    body = response.get_json()
    assert (body["ok"], body["status"], body["errors"]) == (False, 422, [])
    assert body["error"].startswith("The upload is not a valid batch")
    assert client.get("/api/v1/nothing").get_json() == {"ok": False, "status": 404, "error": "Not Found",
                                                        "errors": []}


def test_a_quarantined_list_that_is_no_list_is_a_bad_batch(hub_app):
    upload = {**an_upload(), "quarantined": 5}
    response = hub_app.test_client().post("/api/v1/sync/events", json=upload, headers=TOKEN)
    assert response.status_code == 422
    assert response.get_json()["error"] == ("The upload is not a valid batch: quarantined must list {seq, bytes,"
                                            " sha256, reason} of events in the batch")


def an_upload() -> dict[str, Any]:
    """The shape of a batch, nothing looked up: one event, quarantined, with its signed head."""
    return {"device_id": "d", "public_key": "k", "sent_utc": "2026-12-03T10:00:00+00:00",
            "events": [[1, "u", "d", "patrol.note", None, "{}", None, "t", 0, ledger.GENESIS, "h"]],
            "head": {"seq": 1, "hash": "h", "signed_utc": "t", "signature": "s"},
            "quarantined": [{"seq": 1, "bytes": 10, "sha256": "a" * 64, "reason": "too large"}]}


def test_a_batch_of_the_right_shape_is_read_whole():
    upload = an_upload()
    assert receiver._parse_batch(upload) == receiver.Batch(
        "d", "k", upload["events"], upload["head"], "2026-12-03T10:00:00+00:00", {1: upload["quarantined"][0]})


JSON = st.recursive(st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=6),
                    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=6), inner, max_size=3),
                    max_leaves=8)


@given(where=st.sampled_from(["upload", "device_id", "public_key", "sent_utc", "events", "head", "quarantined",
                              "row", "head key", "quarantined key"]),
       index=st.integers(0, 10), value=JSON)
def test_the_batch_parser_refuses_any_junk_with_bad_batch(where, index, value):
    upload = an_upload()
    row, head, entry = upload["events"][0], upload["head"], upload["quarantined"][0]
    if where == "upload":
        upload = value
    elif where == "row":
        row[index] = value
    elif where == "head key":
        head[sorted(head)[index % 4]] = value
    elif where == "quarantined key":
        entry[sorted(entry)[index % 4]] = value
    else:
        upload[where] = value
    try:
        batch = receiver._parse_batch(upload)
    except receiver.BadBatch:
        return
    assert (batch.rows, batch.head) == (upload["events"], upload["head"])


def test_a_photo_whose_bytes_do_not_match_its_hash_is_refused(hub_app):
    response = hub_app.test_client().put("/api/v1/sync/evidence/" + "0" * 64, data=b"not that photo", headers=TOKEN)
    assert response.status_code == 422 and response.get_json()["ok"] is False


def test_cross_gate_views_and_publishing_need_the_token(hub_app):
    client = hub_app.test_client()
    assert client.get("/api/v1/hub/events").status_code == 401
    published = client.post("/api/v1/hub/watchlists", json={"list": "hq", "text": "kind,name\ncompany,A\n"})
    assert published.status_code == 401
    assert client.get("/api/v1/hub/events", headers=TOKEN).get_json() == {"ok": True, "events": []}
    published = client.post("/api/v1/hub/watchlists", json={"list": "hq", "text": "kind,name\ncompany,A\n"},
                            headers=TOKEN).get_json()
    assert published["ok"] is True and published["version"].startswith("hq@hq-")
    listed = client.get("/api/v1/sync/watchlists", headers=TOKEN).get_json()["watchlists"]
    assert [w["version"] for w in listed] == [published["version"]]


def signed(device_id: str, key_path: Path, method: str, target: str, body: bytes = b"") -> dict[str, str]:
    """The headers a tablet sends (sync.HubClient) to be let in."""
    key = signing.load_or_create(key_path)
    signed_utc = clock.utc_now().isoformat()
    signature = signing.sign(key, protocol.request_message(device_id, method, target, body, signed_utc))
    return dict(zip(protocol.DEVICE_HEADERS, (device_id, signing.public_text(key), signed_utc, signature)))


SYNC_REQUESTS = [("GET", "/api/v1/sync/watchlists?after="), ("POST", "/api/v1/sync/events"),
                 ("POST", "/api/v1/sync/evidence/missing"), ("PUT", "/api/v1/sync/evidence/" + "0" * 64)]


@pytest.mark.parametrize(("method", "target"), SYNC_REQUESTS)
@pytest.mark.parametrize("token", [None, "s3cret"])
def test_sync_needs_a_devices_signature_or_the_token(tmp_path: Path, method, target, token):
    app = hub.create_hub(str(tmp_path / "hub.db"), tmp_path / "hub_key", token=token, trial=True)
    try:
        client = app.test_client()
        store = app.extensions["hub"].get()
        store.execute("INSERT INTO watchlists (version, list, fmt, text, published_utc, signature)"
                      " VALUES ('hq@1', 'hq', 'csv', 'kind,id_number\nperson,020095001234\n', '1', 'x')")
        body = b'{"sha256": []}'
        refused = client.open(target, method=method, data=body, content_type="application/json")
        assert (refused.status_code, refused.get_json()["error"]) == \
            (401, "Only a registered device's signed request, or the headquarters token, may sync.")
        assert b"020095001234" not in refused.data
        # A signature made for another request, or with another key than the one registered, is no way in.
        first = client.open(target, method=method, data=body, content_type="application/json",
                            headers=signed("tablet-1", tmp_path / "k1", "GET", "/api/v1/hub/key", body))
        assert first.status_code == 403
        assert client.get("/api/v1/sync/watchlists?after=",
                          headers=signed("tablet-1", tmp_path / "k1", "GET", "/api/v1/sync/watchlists?after=")
                          ).status_code == 200  # registered on first contact
        other_key = client.open(target, method=method, data=body, content_type="application/json",
                                headers=signed("tablet-1", tmp_path / "k2", method, target, body))
        assert other_key.status_code == 403
        assert [a["kind"] for a in hub.Hub(store, signing.load_or_create(tmp_path / "hub_key")).alerts()] == \
            ["bad_signature"]
    finally:
        app.extensions["hub"].close()


def test_a_hub_with_an_enrolment_code_registers_only_tablets_that_bring_it(tmp_path: Path):
    app = hub.create_hub(str(tmp_path / "hub.db"), tmp_path / "hub_key", enrol_code="LS-2026-114", trial=True)
    try:
        client = app.test_client()
        target = "/api/v1/sync/watchlists?after="

        def ask(code: str | None) -> Any:
            extra = {protocol.ENROL_HEADER: code} if code is not None else {}
            return client.get(target, headers={**signed("tablet-1", tmp_path / "k1", "GET", target), **extra})

        for wrong in (None, "LS-2026-115"):
            refused = ask(wrong)
            assert (refused.status_code, refused.get_json()["error"]) == (403, (
                "This tablet is not registered at headquarters: its first sync needs the enrolment code"
                " headquarters gives (setting HUB_ENROL_CODE)."))
        store = app.extensions["hub"].get()
        assert store.execute("SELECT COUNT(*) FROM devices").fetchone()[0] == 0
        assert ask("LS-2026-114").status_code == 200
        assert ask(None).status_code == 200  # registered: its key is what counts from now on
    finally:
        app.extensions["hub"].close()


def test_a_tablet_syncs_with_its_enrolment_code(make_device, tmp_path: Path):
    server = HubServer(str(tmp_path / "hub.db"), tmp_path / "hub_key", enrol_code="LS-2026-114")
    try:
        device = make_device()
        device.fill(3)
        with pytest.raises(CheckpointError):
            sync.run(device.db, server.url, device.evidence_dir, hub_public_key=server.public_key, attempts=1)
        report = sync.run(device.db, server.url, device.evidence_dir, hub_public_key=server.public_key,
                          enrol_code="LS-2026-114", attempts=1)
        assert report.acknowledged_seq == 3
    finally:
        server.stop()


def test_a_hub_without_a_token_never_accepts_watchlists(tmp_path: Path):
    app = hub.create_hub(str(tmp_path / "hub.db"), tmp_path / "hub_key", trial=True)
    try:
        response = app.test_client().post("/api/v1/hub/watchlists", json={"list": "hq", "text": "kind,name\n"})
        assert response.status_code == 401
    finally:
        app.extensions["hub"].close()


def cli(*args: str, env: dict[str, str] | None = None, timeout: float = 120) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "checkpoint", *args], cwd=ROOT_DIR, capture_output=True, text=True,
                          timeout=timeout, env={**os.environ, "CHECKPOINT_LOAD_DEMO_DATA": "0", **(env or {})})


def test_sync_and_hub_serve_commands(make_device, tmp_path: Path):
    device = make_device()
    device.fill(7)
    device.db.conn.close()
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    refused = cli("hub", "serve", "--database", str(tmp_path / "hq.db"), "--port", str(port), "--key",
                  str(tmp_path / "hq_key"), "--lang", "en",
                  env={"CHECKPOINT_HUB_TOKEN": "", "CHECKPOINT_HUB_ENROL_CODE": ""})
    assert refused.returncode == 2
    assert refused.stderr == ("checkpoint: Headquarters does not start open: set CHECKPOINT_HUB_TOKEN and"
                              " CHECKPOINT_HUB_ENROL_CODE, or start a trial with --trial.\n")
    server = subprocess.Popen([sys.executable, "-m", "checkpoint", "hub", "serve", "--database",
                               str(tmp_path / "hq.db"), "--port", str(port), "--key", str(tmp_path / "hq_key"),
                               "--trial"],
                              cwd=ROOT_DIR, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}"
    env = {"CHECKPOINT_EVIDENCE_DIR": device.evidence_dir}
    hub_key = signing.public_text(signing.load_or_create(tmp_path / "hq_key"))
    unpinned = cli("sync", "--hub", url, "--attempts", "1", "--lang", "en", "--db", str(device.path), env=env)
    assert (unpinned.returncode, unpinned.stderr) == (1, "checkpoint: This tablet does not know its hub's key: set"
                                                         " it up with `checkpoint init --hub URL --hub-key KEY` (or the"
                                                         " setting HUB_PUBLIC_KEY) with the key headquarters gives.\n")
    pinned = cli("init", "--hub", url, "--hub-key", hub_key, "--db", str(device.path), env=env)
    assert pinned.returncode == 0, pinned.stderr
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                with urllib.request.urlopen(url + "/api/v1/hub/key", timeout=2):
                    break
            except OSError:
                assert time.monotonic() < deadline, "the hub did not start"
                time.sleep(0.2)
        done = cli("sync", "--hub", url, "--json", "--db", str(device.path), env=env)
        assert done.returncode == 0, done.stderr
        assert {k: json.loads(done.stdout)[k] for k in ("acknowledged", "acknowledged_seq", "photos")} == \
            {"acknowledged": 7, "acknowledged_seq": 7, "photos": 2}
    finally:
        server.terminate()
        server.wait(30)
    failed = cli("sync", "--hub", url, "--attempts", "1", "--lang", "en", "--db", str(device.path), env=env)
    assert failed.returncode == 1
    assert failed.stderr.startswith("checkpoint: The hub did not acknowledge the upload:")
    assert len(failed.stderr.strip().splitlines()) == 1
    # Without --hub the tablet goes to the hub pinned at set-up; one never set up is told what is missing.
    unset = make_device("never-set-up")
    unset.close()
    usage = cli("sync", "--db", str(unset.path), env=env)
    assert usage.returncode == 2 and "Traceback" not in usage.stderr


@pytest.mark.postgres
def test_the_hub_verifies_stored_chains_from_postgresql(make_device, pg_database: str, tmp_path: Path):
    server = HubServer(pg_database, tmp_path / "hub_key")
    try:
        device = make_device()
        device.fill(12)
        sync.run(device.db, server.url, device.evidence_dir, hub_public_key=server.public_key, batch_size=5)
        with pytest.raises(Exception, match="append-only"):
            server.store.execute("DELETE FROM events WHERE seq = 8")
        # A row changed behind the hub's back (by its DBA, guard removed) shows in the device's chain status.
        server.store.execute("ALTER TABLE events DISABLE TRIGGER events_append_only")
        server.store.execute("UPDATE events SET author = 'nobody' WHERE device_id = ? AND seq = 8", [device.id])
        status = server.hub.chain_status(device.id)
        assert (status["chain_ok"], status["first_broken"], status["last_seq"]) == (False, 8, 12)
        assert ledger.verify(device.db).ok
    finally:
        server.stop()


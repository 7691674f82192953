"""The log on the tablet: chained, signed, append-only; corrections and voids as new events."""
from __future__ import annotations

import json
import os
import sqlite3
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from checkpoint import inspections, ledger
from checkpoint.errors import InvalidInput, NotFound
from checkpoint.ledger import signing
from tests.ledger.conftest import ROOT_DIR, raw_connection


def test_events_are_numbered_per_device_and_chained(make_device):
    device = make_device()
    device.fill(5)
    events = ledger.events(device.db)
    assert [e.seq for e in events] == [1, 2, 3, 4, 5]
    assert {e.device_id for e in events} == {device.id}
    assert events[0].prev_hash == ledger.GENESIS
    assert [e.prev_hash for e in events[1:]] == [e.hash for e in events[:-1]]
    assert all(e.mono_ns > 0 and e.created_utc.endswith("+00:00") and e.author for e in events)
    assert ledger.verify(device.db).ok


def test_the_head_is_signed_after_each_event_by_a_registered_key(make_device):
    device = make_device()
    device.fill(3)
    seq, hash_, signed_utc, public_key, signature = device.db.execute(
        "SELECT seq, hash, signed_utc, public_key, signature FROM chain_head").fetchone()
    assert (seq, hash_) == (3, ledger.events(device.db)[-1].hash)
    assert signing.is_valid(public_key, signature, signing.message(signing.HEAD, device.id, seq, hash_, signed_utc))
    assert [tuple(r) for r in device.db.execute("SELECT public_key FROM device_keys")] == [(public_key,)]


def test_the_private_key_is_readable_by_its_owner_only(make_device):
    device = make_device()
    device.fill(1)
    key_file = ledger.key_path(device.db)
    assert key_file.parent == device.path.parent
    assert stat.S_IMODE(os.stat(key_file).st_mode) == 0o600


@pytest.mark.parametrize("sql", ["UPDATE events SET author = 'someone' WHERE seq = 1",
                                 "DELETE FROM events WHERE seq = 1",
                                 "UPDATE checkpoints SET seq = 0",
                                 "DELETE FROM checkpoints"])
def test_sqlite_refuses_to_change_the_log_in_place(make_device, sql):
    device = make_device()
    device.fill(2)
    ledger.show_head(device.db)
    with pytest.raises(sqlite3.IntegrityError, match="append-only"):
        device.db.execute(sql)


def test_a_corrected_verdict_keeps_the_original_and_points_at_it(make_device):
    device = make_device()
    subject = device.inspection()
    original = inspections.record_verdict(device.db, subject, "cleared", "ok", author="officer1",
                                          no_photo_reason="only the papers were checked")
    with pytest.raises(InvalidInput):
        inspections.correct_verdict(device.db, subject, "held", "", "   ", author="super1")
    correction = inspections.correct_verdict(device.db, subject, "held", "seal broken", "wrong button",
                                             author="super1")
    assert correction.type == "event.corrected"
    assert correction.payload == {"target": original.uuid, "target_seq": original.seq,
                                  "target_type": "inspection.verdict", "reason": "wrong button",
                                  "changes": {"verdict": "held", "note": "seal broken",
                                              "no_photo_reason": "only the papers were checked"}}
    assert [e.type for e in ledger.events(device.db, subject)] == [
        "inspection.started", "inspection.verdict", "event.corrected"]
    assert ledger.events(device.db, subject)[1].payload["verdict"] == "cleared"
    assert inspections.get(device.db, subject)["verdict"] == "held"
    assert ledger.verify(device.db).ok


def test_a_voided_photo_leaves_the_projection_but_not_the_log(make_device):
    device = make_device()
    subject = device.inspection()
    photo = device.photo(subject, b"evidence bytes")
    assert len(inspections.get(device.db, subject)["photos"]) == 1
    with pytest.raises(InvalidInput):
        ledger.void(device.db, photo.uuid, "", author="super1")
    with pytest.raises(NotFound):
        ledger.void(device.db, "no-such-event", "typo", author="super1")
    void = ledger.void(device.db, photo.uuid, "photo of the wrong truck", author="super1")
    assert void.payload["target"] == photo.uuid and void.subject == subject
    assert inspections.get(device.db, subject)["photos"] == []
    assert photo in ledger.events(device.db, subject)
    with pytest.raises(ledger.AlreadyVoided):
        ledger.void(device.db, photo.uuid, "again", author="super1")
    with pytest.raises(ledger.AlreadyVoided):
        ledger.correct(device.db, photo.uuid, {"filename": "x"}, "rename", author="super1")


def test_a_shown_head_is_a_checkpoint_the_log_is_held_against(make_device):
    device = make_device()
    device.fill(6)
    shown = ledger.show_head(device.db)
    assert (shown.seq, shown.is_signed()) == (6, True)
    assert ledger.parse_checkpoint(shown.payload()) == shown
    with pytest.raises(ledger.BadCheckpoint):
        ledger.parse_checkpoint("https://example.org/not-a-checkpoint")
    assert ledger.verify(device.db, [shown]).ok


def run_cli(*args: str, db: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "checkpoint", *args, "--db", str(db)], cwd=ROOT_DIR,
                          capture_output=True, text=True, timeout=60,
                          env={**os.environ, "CHECKPOINT_LOAD_DEMO_DATA": "0"})


def test_verify_command_names_the_first_broken_event_and_exits_1(make_device):
    device = make_device()
    device.fill(8)
    shown = run_cli("verify", "--json", "--show-head", db=device.path)
    assert shown.returncode == 0, shown.stderr
    checkpoint_text = json.loads(shown.stdout)["checkpoint"]
    assert json.loads(shown.stdout)["events"] == 8

    raw = raw_connection(device.path)
    raw.execute("UPDATE events SET payload = '{\"text\":\"nothing to see\"}' WHERE seq = 5")
    raw.conn.close()
    result = run_cli("verify", "--json", "--lang", "en", "--against", checkpoint_text, db=device.path)
    assert result.returncode == 1
    report = json.loads(result.stdout)
    assert (report["ok"], report["first_broken"]) == (False, 5)
    assert {"seq": 5, "problem": "altered", "message": "content altered"} in report["problems"]
    human = run_cli("verify", "--lang", "en", db=device.path)
    assert human.returncode == 1
    assert human.stdout.splitlines()[0] == "#5: content altered"
    assert human.stdout.splitlines()[-1] == "The log is broken from event #5."

    bad = run_cli("verify", "--against", "not a checkpoint", db=device.path)
    assert bad.returncode == 2 and bad.stderr.startswith("checkpoint: ") and "Traceback" not in bad.stderr

"""`checkpoint hub rebuild`, `hub user add|disable` and `hub device-unit`, as headquarters' staff run them."""
from __future__ import annotations

import json
import subprocess
import sys

from checkpoint import sync
from checkpoint.hub import Store
from tests.hub.conftest import interception, seized_case
from tests.ledger.conftest import ROOT_DIR, HubServer


def checkpoint(*args: str, stdin: str = "") -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "checkpoint", *args, "--json"], input=stdin, capture_output=True,
                          text=True, cwd=ROOT_DIR, timeout=120)


def test_rebuild_accounts_and_a_tablets_unit_from_the_command_line(make_device, tmp_path):
    # The commands, not the backend, are under test here (tests/hub/test_projections runs both): one hub, SQLite.
    hub_server = HubServer(str(tmp_path / "hub.db"), tmp_path / "hub_key")
    try:
        run_commands(make_device("a"), hub_server)
    finally:
        hub_server.stop()


def run_commands(device, hub_server) -> None:
    seized_case(device)
    stopped = interception(device)
    sync.run(device.db, hub_server.url, device.evidence_dir, hub_public_key=hub_server.public_key)
    url = hub_server.database_url
    added = checkpoint("hub", "user", "add", "secretary", "--role", "secretariat", "--units", "*", "--database", url,
                       "--password-stdin", stdin="a long password\n")
    assert added.returncode == 0, added.stderr
    assert json.loads(added.stdout) == {"username": "secretary", "role": "secretariat", "units": ["*"]}
    refused = checkpoint("hub", "user", "add", "leader", "--role", "unit_leader", "--units", "NOWHERE",
                         "--database", url, "--password-stdin", stdin="a long password\n")
    assert (refused.returncode, refused.stderr.strip()) == (2, "checkpoint: đơn vị: không có đơn vị này")

    moved = checkpoint("hub", "device-unit", device.id, "QLTT_DOI_1", "--database", url)
    assert moved.returncode == 0, moved.stderr
    store = Store(url)
    try:
        assert {tuple(r) for r in store.execute("SELECT unit, force FROM hub_cases").fetchall()} == {
            ("QLTT_DOI_1", "market_control")}
        store.execute("DELETE FROM hub_cases")
    finally:
        store.close()
    rebuilt = checkpoint("hub", "rebuild", "--database", url)
    assert rebuilt.returncode == 0, rebuilt.stderr
    assert json.loads(rebuilt.stdout)["devices"][device.id]["failed"] == []
    store = Store(url)
    try:
        assert store.execute("SELECT COUNT(*) FROM hub_cases WHERE unit = 'QLTT_DOI_1'").fetchone()[0] == 2
        assert store.execute("SELECT 1 FROM hub_cases WHERE id = ?", [stopped["uuid"]]).fetchone() is not None
    finally:
        store.close()
    disabled = checkpoint("hub", "user", "disable", "secretary", "--database", url)
    assert disabled.returncode == 0, disabled.stderr

"""Fixtures for the log, sync and hub: devices as real SQLite files, hubs as real servers on loopback."""
from __future__ import annotations

import hashlib
import os
import threading
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import psycopg
import pytest
import sqlite_utils
from waitress.server import create_server

from checkpoint import hub, ledger, setup
from checkpoint.ledger import signing
from checkpoint.store.db import connect

PG_URL = os.environ.get("CHECKPOINT_TEST_PG_URL")
ROOT_DIR = Path(__file__).resolve().parents[2]


class Device:
    """A tablet: its database, its evidence folder, and helpers that write the way the app does."""

    def __init__(self, root: Path) -> None:
        root.mkdir(parents=True, exist_ok=True)
        self.path = root / "checkpoint.db"
        self.evidence_dir = str(root / "evidence")
        self.db = connect(self.path)
        setup.initialise(self.db, load_demo=False)

    @property
    def id(self) -> str:
        return ledger.device_id(self.db)

    def photo(self, subject: str, data: bytes, *, author: str = "officer1",
              document: dict[str, Any] | None = None) -> ledger.Event:
        """Stores the evidence durably, then logs it: the order the app follows."""
        from checkpoint import capture

        sha256 = hashlib.sha256(data).hexdigest()
        target = capture.evidence_path(self.evidence_dir, sha256)
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)
        return ledger.record(self.db, "inspection.photo_added", {
            "sha256": sha256, "filename": "p.jpg", "media_type": "image/jpeg", "bytes": len(data),
            "width": 1, "height": 1, "codes": [], "document": document}, author=author, subject=subject)

    def inspection(self, gate: str = "HUU_NGHI", author: str = "officer1") -> str:
        from checkpoint import inspections

        return inspections.start(self.db, inspections.NewInspection(gate=gate, direction="import",
                                                                    plates=("12C-123.45",)),
                                 author=author, tz="Asia/Ho_Chi_Minh")

    def fill(self, count: int, *, photo_every: int = 3) -> None:
        subject = self.inspection()
        for i in range(count - 1):
            if i % photo_every == 0:
                self.photo(subject, os.urandom(200) + str(uuid.uuid4()).encode())
            else:
                ledger.record(self.db, "patrol.note", {"text": f"note {i}"}, author="patrol1", subject=subject)

    def close(self) -> None:
        self.db.conn.close()


@pytest.fixture
def make_device(tmp_path: Path) -> Iterator[Callable[[str], Device]]:
    devices: list[Device] = []

    def make(name: str = "tablet") -> Device:
        device = Device(tmp_path / name)
        devices.append(device)
        return device

    yield make
    for device in devices:
        device.close()


class Served:
    """A WSGI app served by waitress on 127.0.0.1 from a thread that also closes everything when stopped."""

    def __init__(self, app: Any, threads: int = 4) -> None:
        self.server = create_server(app, host="127.0.0.1", port=0, threads=threads)
        self.port = self.server.effective_port
        self.url = f"http://127.0.0.1:{self.port}"
        self.stopping = threading.Event()
        self.thread = threading.Thread(target=self._serve, daemon=True)
        self.thread.start()

    def _serve(self) -> None:
        # Sockets are closed by the thread that polls them, never under its feet.
        while not self.stopping.is_set():
            self.server.asyncore.loop(timeout=0.05, map=self.server._map, count=1)
        self.server.close()
        for channel in list(self.server._map.values()):
            channel.close()
        self.server.task_dispatcher.shutdown()

    def stop(self) -> None:
        self.stopping.set()
        self.thread.join(10)


class HubServer(Served):
    """A hub on loopback, with a second connection of its own to look at what it stored."""

    def __init__(self, database_url: str, key_path: Path, enrol_code: str | None = None, **options: Any) -> None:
        self.database_url = database_url
        self.app = hub.create_hub(database_url, key_path, enrol_code=enrol_code, trial=True, **options)
        self.key = signing.load_or_create(key_path)
        self.public_key = signing.public_text(self.key)
        """What headquarters gives a tablet at set-up (`checkpoint init --hub URL --hub-key KEY`)."""
        super().__init__(self.app)
        self.store = hub.Store(database_url)
        self.hub = hub.Hub(self.store, self.key)

    def count(self, sql: str, params: list[Any] | None = None) -> Any:
        return self.store.execute(sql, params or []).fetchone()[0]

    def stop(self) -> None:
        super().stop()
        self.app.extensions["hub"].close()
        self.store.close()


@pytest.fixture
def pg_database() -> Iterator[str]:
    """A fresh PostgreSQL database for one test, dropped afterwards."""
    if not PG_URL:
        pytest.skip("CHECKPOINT_TEST_PG_URL is not set: run through scripts/test, which starts PostgreSQL")
    name = f"hub_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(PG_URL, autocommit=True) as admin:
        admin.execute(f"CREATE DATABASE {name}")
    yield PG_URL.rsplit("/", 1)[0] + "/" + name
    with psycopg.connect(PG_URL, autocommit=True) as admin:
        admin.execute(f"DROP DATABASE {name} WITH (FORCE)")


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def hub_server(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[HubServer]:
    if request.param == "postgres":
        url = request.getfixturevalue("pg_database")
    else:
        url = str(tmp_path / "hub.db")
    server = HubServer(url, tmp_path / "hub_key")
    yield server
    server.stop()


def raw_connection(path: Path) -> sqlite_utils.Database:
    """A connection as an insider with the file would open it: triggers dropped, anything goes."""
    db = connect(path)
    for name in ("events_no_update", "events_no_delete", "checkpoints_no_update", "checkpoints_no_delete"):
        db.execute(f"DROP TRIGGER IF EXISTS {name}")
    return db

"""Fixtures in the shape of Flask's tutorial: app, client, runner-like cli, and an auth helper."""
from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient

import ocr.engine
from checkpoint import create_app, users
from checkpoint.cli import main
from checkpoint.store.db import connect

SHARED = Path(__file__).resolve().parents[2] / "shared"
CORPUS = SHARED / "corpus"
PASSWORD = "correct horse battery"
# A cheap password hash: every test app makes six accounts (production's cost is tested in test_auth.py).
TEST_SETTINGS = {"TESTING": True, "SECRET_KEY": "test", "PASSWORD_HASH_COST": "test"}


@pytest.fixture
def app(tmp_path: Path) -> Iterator[Flask]:
    app = create_app({**TEST_SETTINGS, "DATABASE": str(tmp_path / "checkpoint.db"),
                      "EVIDENCE_DIR": str(tmp_path / "evidence")}, instance_path=str(tmp_path / "instance"))
    db = connect(app.config["DATABASE"])
    for name, role, gate in (("officer1", "officer", "HUU_NGHI"), ("officer2", "officer", "CHI_MA"),
                             ("patrol1", "patrol", "HUU_NGHI"), ("super1", "supervisor", "HUU_NGHI"),
                             ("boss", "admin", None)):
        users.create(db, name, role, PASSWORD, gate)
    db.conn.close()
    yield app


@pytest.fixture
def db(app: Flask) -> Any:
    connection = connect(app.config["DATABASE"])
    yield connection
    connection.conn.close()


@pytest.fixture
def client(app: Flask) -> FlaskClient:
    return app.test_client()


class Auth:
    """Signs in through the real form, CSRF token and all, and posts forms the same way."""

    def __init__(self, client: FlaskClient) -> None:
        self.client = client

    def token(self) -> str:
        page = self.client.get("/login").get_data(as_text=True)
        match = re.search(r'name="csrf-token" content="([^"]+)"', page)
        assert match, "no CSRF token on the sign-in page"
        return match.group(1)

    def login(self, username: str = "officer1", password: str = PASSWORD) -> Any:
        return self.client.post("/login", data={"username": username, "password": password,
                                                "csrf_token": self.token()})

    def post(self, path: str, data: dict[str, Any] | None = None, **kwargs: Any) -> Any:
        return self.client.post(path, data={**(data or {}), "csrf_token": self.token()}, **kwargs)

    def logout(self) -> Any:
        return self.post("/logout")


@pytest.fixture
def auth(client: FlaskClient) -> Auth:
    return Auth(client)


@pytest.fixture
def cli_db(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A database made by `checkpoint init` (first admin, demo watchlist), as the other commands expect."""
    monkeypatch.chdir(tmp_path)  # the instance folder of a CLI run is not the checkout's
    monkeypatch.setenv("CHECKPOINT_PASSWORD_HASH_COST", "test")
    path = tmp_path / "cli.db"
    assert main(["init", "--db", str(path)]) == 0
    return path


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    """`checkpoint ARGV…` through the real entry point: exit code, stdout, stderr."""
    try:
        code = main(list(argv))
    except SystemExit as stop:  # argparse's own exits: --help, usage errors
        code = stop.code if isinstance(stop.code, int) else 2
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def no_language_data(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """A real tesseract pointed at an empty language folder: the state of a tablet without the packs."""
    monkeypatch.setenv("TESSDATA_PREFIX", str(tmp_path))
    ocr.engine.installed_languages.cache_clear()
    yield
    ocr.engine.installed_languages.cache_clear()

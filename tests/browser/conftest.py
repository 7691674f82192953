"""A real server (waitress, as in production) on loopback and Debian's chromium driven by Playwright."""
from __future__ import annotations

import shutil
import socket
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from flask import Flask
from waitress.server import create_server

from checkpoint import create_app, users
from checkpoint.store.db import connect
from tests.conftest import PASSWORD

CHROMIUM = "/usr/bin/chromium"
# The flags Debian's chromium needs as root in a closed network (see the machine notes).
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class LiveServer:
    def __init__(self, app: Flask) -> None:
        self.app = app
        self.port = free_port()
        self.server = create_server(app, host="127.0.0.1", port=self.port, threads=4)
        self.thread = threading.Thread(target=self.server.run, daemon=True)
        self.url = f"http://127.0.0.1:{self.port}"

    def __enter__(self) -> LiveServer:
        self.thread.start()
        return self

    def __exit__(self, *_: object) -> None:
        self.server.close()
        self.thread.join(timeout=5)


@pytest.fixture
def live_app(tmp_path: Path) -> Flask:
    app = create_app({"SECRET_KEY": "browser-test", "PASSWORD_HASH_COST": "test",
                      "DATABASE": str(tmp_path / "checkpoint.db"),
                      "EVIDENCE_DIR": str(tmp_path / "evidence")}, instance_path=str(tmp_path / "instance"))
    db = connect(app.config["DATABASE"])
    for name, role, gate in (("officer1", "officer", "HUU_NGHI"), ("patrol1", "patrol", "HUU_NGHI"),
                             ("super1", "supervisor", "HUU_NGHI")):
        users.create(db, name, role, PASSWORD, gate)
    db.conn.close()
    return app


@pytest.fixture
def live_server(live_app: Flask) -> Iterator[LiveServer]:
    with LiveServer(live_app) as server:
        yield server


@pytest.fixture(scope="session")
def browser() -> Iterator[object]:
    if not shutil.which(CHROMIUM):
        pytest.skip("Debian chromium is not installed (scripts/test installs it)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def shots(request: pytest.FixtureRequest) -> Path:
    """Where a journey saves its screenshots: test-output/<test name>/, kept for people to look at."""
    folder = Path(__file__).resolve().parents[2] / "test-output" / request.node.name
    folder.mkdir(parents=True, exist_ok=True)
    return folder


@pytest.fixture
def page(browser: object, live_server: LiveServer) -> Iterator[object]:
    # A 10-inch tablet in landscape, touch enabled.
    context = browser.new_context(viewport={"width": 1280, "height": 800}, has_touch=True,  # type: ignore[attr-defined]
                                  base_url=live_server.url, locale="vi-VN")
    page = context.new_page()
    yield page
    context.close()


def sign_in(page: object, username: str) -> None:
    page.goto("/login")  # type: ignore[attr-defined]
    page.fill("input[name=username]", username)  # type: ignore[attr-defined]
    page.fill("input[name=password]", PASSWORD)  # type: ignore[attr-defined]
    page.click("button.primary")  # type: ignore[attr-defined]

"""A complete package: the wheel alone (no checkout beside it) serves the Vietnamese app."""
from __future__ import annotations

import os
import socket
import subprocess
import sys
import sysconfig
import time
import urllib.request
import venv
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("wheel")
    # --no-build-isolation: the build tools come from the locked set already installed, not from the network.
    subprocess.run([sys.executable, "-m", "pip", "wheel", "-q", "--no-deps", "--no-build-isolation", "-w", str(out),
                    str(ROOT)], check=True, cwd=out)
    (path,) = out.glob("checkpoint-*.whl")
    return path


def test_the_wheel_carries_catalogs_pages_static_files_and_data(wheel):
    names = set(zipfile.ZipFile(wheel).namelist())
    assert "checkpoint/translations/vi/LC_MESSAGES/messages.mo" in names
    for page in (ROOT / "templates").rglob("*.html"):
        assert f"checkpoint/templates/{page.relative_to(ROOT / 'templates').as_posix()}" in names
    for folder in ("checkpoint/static", "checkpoint/data", "scanners/data", "ocr/data"):
        for path in (ROOT / folder).rglob("*"):
            if path.is_file():
                assert path.relative_to(ROOT).as_posix() in names
    assert not any(name.startswith(("tests/", "bench/")) for name in names)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def test_the_installed_wheel_serves_the_vietnamese_sign_in_page(wheel, tmp_path):
    env_dir = tmp_path / "venv"
    venv.create(env_dir, with_pip=False)
    python = env_dir / "bin" / "python"
    site = Path(subprocess.run([python, "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
                               check=True, capture_output=True, text=True).stdout.strip())
    # The dependencies come from the test environment (a path line, so its editable checkout is not imported);
    # checkpoint itself only from the wheel, unpacked as an installer would.
    (site / "dependencies.pth").write_text(sysconfig.get_paths()["purelib"] + "\n")
    zipfile.ZipFile(wheel).extractall(site)
    where = subprocess.run([python, "-c", "import checkpoint; print(checkpoint.__file__, checkpoint.TEMPLATES)"],
                           check=True, capture_output=True, text=True, cwd=tmp_path).stdout.split()
    assert all(Path(p).is_relative_to(site) for p in where), where
    # The hub's key is made where the instance data lives, not among the installed package's files.
    key = Path(subprocess.run([python, "-c", "from checkpoint.cli import default_hub_key; print(default_hub_key())"],
                              check=True, capture_output=True, text=True, cwd=tmp_path).stdout.strip())
    assert key.name == "hub_key" and not key.is_relative_to(site), key

    port = free_port()
    env = {**os.environ, "CHECKPOINT_DB": str(tmp_path / "checkpoint.db")}
    server = subprocess.Popen([python, "-m", "checkpoint", "serve", "--port", str(port)], cwd=tmp_path, env=env,
                              stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/login", timeout=5) as response:
                    page = response.read().decode()
                break
            except OSError:
                assert server.poll() is None, server.stderr.read().decode() if server.stderr else ""
                assert time.monotonic() < deadline, "the server did not answer in 60 s"
                time.sleep(0.5)
    finally:
        server.terminate()
        server.wait(timeout=30)
    assert '<html lang="vi">' in page
    assert "Đăng nhập" in page and "Sign in" not in page

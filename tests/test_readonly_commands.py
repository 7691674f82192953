"""Commands that only read change nothing: set-up (migrations, first admin, demo list) is `init`'s and `serve`'s."""
from __future__ import annotations

import gc
import sqlite3
from contextlib import closing
from pathlib import Path

import pytest

from tests import images
from tests.conftest import run


@pytest.fixture
def label(tmp_path: Path) -> Path:
    path = tmp_path / "label.png"
    path.write_bytes(images.png(images.barcode("8934588012228", "EAN13")))
    return path


@pytest.fixture
def logged_db(cli_db: Path, label: Path, capsys: pytest.CaptureFixture[str]) -> Path:
    """A database with one saved inspection, so that export and verify have something to read."""
    code, _, _ = run(capsys, "inspect", str(label), "--db", str(cli_db), "--save", "--gate", "CHI_MA",
                     "--date", "2026-03-05", "--officer", "lan")
    assert code == 0
    # The saving run's connection may still hold pages in the write-ahead log: fold them into the file now, so
    # that a later checkpoint is not taken for a change made by a reading command.
    gc.collect()
    with closing(sqlite3.connect(cli_db)) as conn:
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    return cli_db


def read_only_commands(db: Path, label: Path, out: Path) -> list[list[str]]:
    return [
        ["verify", "--db", str(db)],
        ["export", "--from", "2026-03-05", "--format", "csv", "--out", str(out), "--db", str(db)],
        ["scan", str(label), "--db", str(db), "--json"],
        ["ocr", str(label), "--db", str(db), "--json"],
        ["screen", "CONG TY TNHH HOANG LONG", "--db", str(db), "--json"],
        ["inspect", str(label), "--db", str(db), "--json", "--date", "2026-03-05"],
    ]


def test_read_only_commands_leave_the_database_byte_identical(logged_db, label, tmp_path, capsys):
    before = logged_db.read_bytes()
    for argv in read_only_commands(logged_db, label, tmp_path / "log.csv"):
        code, _, err = run(capsys, *argv)
        assert code == 0, (argv[0], err)
        assert "one-time password" not in err, argv[0]
        assert logged_db.read_bytes() == before, f"`checkpoint {argv[0]}` changed the database"


@pytest.mark.parametrize("command", ["verify", "export", "screen", "inspect"])
def test_a_read_only_command_given_a_missing_database_says_so_and_exits_2(command, tmp_path, label, monkeypatch,
                                                                          capsys):
    monkeypatch.chdir(tmp_path)
    typo = tmp_path / "chekpoint.db"
    argv = next(a for a in read_only_commands(typo, label, tmp_path / "log.csv") if a[0] == command)
    code, out, err = run(capsys, *argv, "--lang", "en")
    assert code == 2
    assert err.strip() == f"checkpoint: {typo}: no database here; run `checkpoint init` first"
    assert not typo.exists()
    code, _, err = run(capsys, *argv)
    assert "checkpoint init" in err and "no database here" not in err  # said in Vietnamese by default

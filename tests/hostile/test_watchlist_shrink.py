"""A watchlist import that would drop much of the list in force asks for confirmation (#14)."""
from __future__ import annotations

from pathlib import Path

from checkpoint import watchlist
from checkpoint.store.db import connect
from tests.conftest import run

HEADER = "kind,name,tax_code,plate,gtin,id_number,co_reference,note\n"


def people(count: int) -> str:
    return "".join(f"person,NGUYEN VAN {i:03d},,,,,,\n" for i in range(count))


def test_a_stray_quote_cannot_silently_replace_a_list(cli_db: Path, tmp_path: Path, capsys):
    good, bad = tmp_path / "hq.csv", tmp_path / "hq-typo.csv"
    good.write_text(HEADER + people(301), encoding="utf-8")
    assert run(capsys, "watchlist", "import", str(good), "--list", "hq", "--db", str(cli_db))[0] == 0
    lines = (HEADER + people(301)).splitlines(keepends=True)
    lines[2] = 'person,"NGUYEN VAN 001,,,,,,\n'  # one stray quote folds every later line into one field
    bad.write_text("".join(lines), encoding="utf-8")
    code, out, err = run(capsys, "watchlist", "import", str(bad), "--list", "hq", "--db", str(cli_db), "--lang", "en")
    assert (code, out) == (1, "")
    assert err == ("checkpoint: hq-typo.csv would replace the 301 entries of list hq in force with 2 (0 rows refused)."
                   " Nothing was imported: if this is right, import it again with --confirm.\n")
    db = connect(cli_db)
    try:
        assert [e.name for e in watchlist.entries(db) if e.list == "hq"][-1] == "NGUYEN VAN 300"
    finally:
        db.conn.close()
    code, out, _ = run(capsys, "watchlist", "import", str(bad), "--list", "hq", "--db", str(cli_db), "--confirm")
    assert code == 0 and "2" in out


def test_a_list_that_shrinks_a_little_needs_no_confirmation(cli_db: Path, tmp_path: Path, capsys):
    path = tmp_path / "hq.csv"
    path.write_text(HEADER + people(100), encoding="utf-8")
    assert run(capsys, "watchlist", "import", str(path), "--list", "hq", "--db", str(cli_db))[0] == 0
    path.write_text(HEADER + people(80), encoding="utf-8")
    assert run(capsys, "watchlist", "import", str(path), "--list", "hq", "--db", str(cli_db))[0] == 0

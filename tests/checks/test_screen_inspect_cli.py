"""`checkpoint screen` and `checkpoint inspect` as CONTRACTS.md shows them, through the real CLI entry point."""
from __future__ import annotations

import json

import pytest

from checkpoint.cli import main
from tests import images
from tests.conftest import run


def test_screen_finds_the_demo_company_under_another_spelling(cli_db, capsys):
    code, out, _ = run(capsys, "screen", "CTY TNHH TM HOANG LONG", "--json", "--db", str(cli_db), "--lang", "en")
    assert code == 0
    result = json.loads(out)
    assert set(result) == {"query", "kind", "watchlist_version", "hits"}
    assert (result["query"], result["kind"]) == ("CTY TNHH TM HOANG LONG", "any")
    assert result["watchlist_version"].startswith("demo@")
    [hit] = result["hits"]
    assert {k: hit[k] for k in ("list", "kind", "name", "matched_on", "score", "reasons")} == {
        "list": "demo", "kind": "company", "name": "CÔNG TY TNHH THƯƠNG MẠI HOÀNG LONG (DEMO)",
        "matched_on": "name", "score": 1.0, "reasons": ["diacritics removed", "TM = THƯƠNG MẠI"]}
    assert hit["entry_id"]


@pytest.mark.parametrize(("text", "kind", "matched"), [
    ("12C12345", "plate", ["plate"]),
    ("12C12345", "name", []),
    ("020095001234", "any", ["id_number"]),
    ("CÔNG TY TNHH THƯƠNG MẠI MINH ANH", "any", []),
])
def test_screen_by_kind(cli_db, capsys, text, kind, matched):
    code, out, _ = run(capsys, "screen", text, "--kind", kind, "--json", "--db", str(cli_db))
    assert code == 0
    assert [h["matched_on"] for h in json.loads(out)["hits"]] == matched


def test_screen_against_an_imported_list(cli_db, capsys, tmp_path):
    listing = tmp_path / "hq.csv"
    listing.write_text("kind,name,tax_code,plate,gtin,id_number,co_reference,note\n"
                       "company,东兴市金龙进出口有限公司,,,,,,\nvehicle,,,桂F·88888,,,,\n", encoding="utf-8")
    assert run(capsys, "watchlist", "import", str(listing), "--list", "hq-2025-11", "--db", str(cli_db))[0] == 0
    code, out, _ = run(capsys, "screen", "Dongxing Jinlong Import Export Co., Ltd.", "--json", "--db", str(cli_db))
    result = json.loads(out)
    assert [(h["list"], h["matched_on"]) for h in result["hits"]] == [("hq-2025-11", "name")]
    assert "hq-2025-11@" in result["watchlist_version"] and "demo@" in result["watchlist_version"]


def test_screen_in_words(cli_db, capsys):
    code, out, _ = run(capsys, "screen", "12c-123.45", "--db", str(cli_db), "--lang", "en")
    assert code == 0
    assert out.splitlines() == ["1.00  demo  vehicle  12C-123.45  (same plate once separators are removed)"]
    code, out, _ = run(capsys, "screen", "nothing like it", "--db", str(cli_db), "--lang", "en")
    assert (code, out.strip()) == (0, "No match.")


def test_screen_refuses_an_unknown_kind(cli_db, capsys):
    with pytest.raises(SystemExit) as exit_:
        main(["screen", "x", "--kind", "container", "--db", str(cli_db)])
    assert exit_.value.code == 2


def test_inspect_reports_findings_and_a_red_channel(cli_db, capsys, tmp_path):
    label = tmp_path / "label.png"
    label.write_bytes(images.png(images.barcode("6901234567892", "EAN13")))
    code, out, _ = run(capsys, "inspect", str(label), "--json", "--db", str(cli_db), "--date", "2025-11-20",
                       "--declared-origin", "vn", "--plate", "12C-123.45", "--lang", "en")
    assert code == 0
    result = json.loads(out)
    rules = {f["rule"]: f for f in result["findings"]}
    assert set(rules) == {"WATCHLIST_MATCH", "ORIGIN_PREFIX_MISMATCH"}
    assert rules["WATCHLIST_MATCH"]["evidence"]["matched_on"] == "plate"
    assert rules["WATCHLIST_MATCH"]["evidence"]["list"] == "demo"
    assert rules["ORIGIN_PREFIX_MISMATCH"]["evidence"]["prefix_country"] == "CN"
    assert set(rules["ORIGIN_PREFIX_MISMATCH"]["message"]) == {"vi", "en"}
    assert result["risk"]["channel"] == "red" and result["risk"]["score"] >= 40
    assert all(isinstance(r, str) for r in result["risk"]["reasons"])
    assert result["watchlist_version"].startswith("demo@")

"""Watchlist import: per-line errors (unknown kind, invalid identifiers), versions, the index of the lists in force."""
from __future__ import annotations

import json

import pytest

from checkpoint import watchlist

HEADER = "kind,name,tax_code,plate,gtin,id_number,co_reference,note\n"


@pytest.mark.parametrize(("row", "reason"), [
    ("smuggler,X,,,,,,", "unknown kind 'smuggler'"),
    ("company,,,,,,,only a note", "no name or identifier"),
    ("company,A,0100233480,,,,,", "invalid tax_code '0100233480': check digit should be 8"),
    ("company,A,0314409058-000,,,,,", "invalid tax_code '0314409058-000': One of the parts of the number are "
                                      "invalid or unknown."),
    ("company,A,01002334,,,,,", "invalid tax_code '01002334': The number has an invalid length."),
    ("product,,,,8934588012229,,,", "invalid gtin '8934588012229': check digit should be 8"),
    ("product,,,,89345880,,,", "invalid gtin '89345880': check digit should be 7"),
    ("person,A,,,,02009500123,,", "invalid id_number '02009500123': expected a 12-digit CCCD, a 9-digit CMND or a "
                                  "passport number"),
    ("person,A,,,,999095001234,,", "invalid id_number '999095001234': expected a 12-digit CCCD, a 9-digit CMND or "
                                   "a passport number"),
    ("vehicle,,,12C-12.345,,,,", "invalid plate '12C-12.345': not a Vietnamese or Chinese plate"),
    ("vehicle,,,桂I12345,,,,", "invalid plate '桂I12345': not a Vietnamese or Chinese plate"),
    ("document,,,,,,VN-CN 25/02/0005,", "invalid co_reference 'VN-CN 25/02/0005': a Vietnamese C/O number reads "
                                        "VN-XX YY/NN/NNNNN"),
])
def test_a_bad_row_is_reported_with_its_line_and_the_rest_imported(memdb, row, reason):
    text = HEADER + "company,CÔNG TY TNHH HOÀNG LONG,0100233488,,,,,\n" + row + "\nvehicle,,,12C-123.45,,,,\n"
    report = watchlist.import_text(memdb, text, "hq", source="t.csv")
    assert report.rejected == ((3, reason),)
    assert report.imported == 2
    assert [e.kind for e in watchlist.entries(memdb)] == ["company", "vehicle"]


@pytest.mark.parametrize("row", [
    "company,A,0314409058-002,,,,,", "person,A,020095001234,,,,,", "person,A,,,,C1234567,,", "person,A,,,,123456789,,",
    "vehicle,,,12-B1 234.56,,,,", "vehicle,,,桂AD12345,,,,", "product,,,,036000291452,,,",
    "product,,,,98412345678908,,,",
    "document,,,,,,E254501001234,",
])
def test_valid_identifiers_are_accepted(memdb, row):
    assert watchlist.import_text(memdb, HEADER + row + "\n", "hq", source="t.csv").rejected == ()


def test_json_lines_with_a_batch_and_a_broken_line(memdb):
    lines = [json.dumps({"kind": "product", "gtin": "8934588012228", "batch": "LOT1", "note": "counterfeit"}),
             "not json", "", json.dumps(["a", "list"]), json.dumps({"kind": "vehicle", "plate": "桂A·12345"})]
    report = watchlist.import_text(memdb, "\n".join(lines), "hq", source="t.jsonl", fmt="jsonl")
    assert report.rejected == ((2, "not a JSON object"), (4, "not a JSON object"))
    product, vehicle = watchlist.entries(memdb)
    assert (product.gtin, product.batch, product.note, vehicle.plate) == ("8934588012228", "LOT1", "counterfeit",
                                                                           "桂A·12345")


def test_a_bom_and_windows_line_ends_are_read(memdb):
    text = "\ufeff" + HEADER.replace("\n", "\r\n") + "vehicle,,,12C-123.45,,,,\r\nfoo,,,,,,,\r\n"
    report = watchlist.import_text(memdb, text, "hq", source="t.csv")
    assert (report.imported, report.rejected) == (1, ((3, "unknown kind 'foo'"),))


def test_a_new_version_replaces_the_list_and_the_index_follows(memdb):
    first = watchlist.import_text(memdb, HEADER + "vehicle,,,12C-123.45,,,,\n", "hq", source="a.csv").version
    other = watchlist.import_text(memdb, HEADER + "vehicle,,,29A-1234,,,,\n", "border", source="b.csv").version
    assert [h.entry.version for h in watchlist.index(memdb).screen("12C12345")] == [first]
    second = watchlist.import_text(memdb, HEADER + "vehicle,,,12C-999.99,,,,\n", "hq", source="c.csv").version
    assert watchlist.current_version(memdb) == ",".join(sorted([other, second]))
    index = watchlist.index(memdb)
    assert index.version == watchlist.current_version(memdb)
    assert index.screen("12C12345") == []
    assert [h.entry.plate for h in index.screen("12C99999")] == ["12C-999.99"]
    assert [h.entry.list for h in index.screen("29A1234")] == ["border"]
    assert watchlist.index(memdb) is index  # built once per version

"""Watchlist import: per-line errors (unknown kind, invalid identifiers), files refused whole (a wrong header,
mostly invalid rows, unreadable CSV), Excel's ';' files, versions, the index of the lists in force."""
from __future__ import annotations

import json

import pytest

from checkpoint import i18n, watchlist
from checkpoint.errors import InvalidInput
from checkpoint.watchlist import Rejection

HEADER = "kind,name,tax_code,plate,gtin,id_number,co_reference,note\n"


def rendered(report: watchlist.ImportReport) -> tuple[tuple[int, str], ...]:
    """The rejections as the English catalog shows them."""
    return tuple((r.line, i18n.translate(r.message, "en", r.params)) for r in report.rejected)


@pytest.mark.parametrize(("row", "reason"), [
    ("smuggler,X,,,,,,", "unknown kind 'smuggler'"),
    ("company,,,,,,,only a note", "no name or identifier"),
    ("company,A,0100233480,,,,,", "invalid tax_code '0100233480': check digit should be 8"),
    ("company,A,0314409058-000,,,,,", "invalid tax_code '0314409058-000': branch suffix should be 001–999, not 000"),
    ("company,A,0100000001,,,,,", "invalid tax_code '0100000001': digits 3–9 (sequence) must not all be 0"),
    ("company,A,01002334,,,,,", "invalid tax_code '01002334': expected 10 or 13 digits"),
    ("company,A,01002A3480,,,,,", "invalid tax_code '01002A3480': expected 10 or 13 digits"),
    ("company,A,999095001234,,,,,", "invalid tax_code '999095001234': province code 999 does not exist"),
    ("product,,,,8934588012229,,,", "invalid gtin '8934588012229': check digit should be 8"),
    ("product,,,,89345880,,,", "invalid gtin '89345880': check digit should be 7"),
    ("person,A,,,,02009500123,,", "invalid id_number '02009500123': expected a 12-digit CCCD, a 9-digit CMND or a "
                                  "passport number"),
    ("person,A,,,,999095001234,,", "invalid id_number '999095001234': expected a 12-digit CCCD, a 9-digit CMND or "
                                   "a passport number"),
    ("person,A,,,,E1234,,", "invalid id_number 'E1234': expected a 12-digit CCCD, a 9-digit CMND or a passport number"),
    ("vehicle,,,12C-12.345,,,,", "invalid plate '12C-12.345': not a Vietnamese (12C-123.45) or Chinese (桂A·12345) "
                                 "plate"),
    ("vehicle,,,桂I12345,,,,", "invalid plate '桂I12345': not a Vietnamese (12C-123.45) or Chinese (桂A·12345) plate"),
    ("document,,,,,,VN-CN 25/02/0005,", "invalid co_reference 'VN-CN 25/02/0005': a Vietnamese C/O number reads "
                                        "VN-XX YY/NN/NNNNN"),
])
def test_a_bad_row_is_reported_with_its_line_and_the_rest_imported(memdb, row, reason):
    text = HEADER + "company,CÔNG TY TNHH HOÀNG LONG,0100233488,,,,,\n" + row + "\nvehicle,,,12C-123.45,,,,\n"
    report = watchlist.import_text(memdb, text, "hq", source="t.csv")
    assert rendered(report) == ((3, reason),)
    assert report.imported == 2
    assert [e.kind for e in watchlist.entries(memdb)] == ["company", "vehicle"]


@pytest.mark.parametrize("row", [
    "company,A,0314409058-002,,,,,", "person,A,020095001234,,,,,", "person,A,,,,C1234567,,", "person,A,,,,123456789,,",
    # A passport number as ICAO 9303 writes it (DOMAIN §3.8): 6 to 9 letters and digits, in any order.
    "person,A,,,,EA1234567,,", "person,A,,,,1234567,,", "person,A,,,,ab 123 456,,",
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
    assert rendered(report) == ((2, "not a JSON object"), (4, "not a JSON object"))
    product, vehicle = watchlist.entries(memdb)
    assert (product.gtin, product.batch, product.note, vehicle.plate) == ("8934588012228", "LOT1", "counterfeit",
                                                                           "桂A·12345")


def test_a_bom_and_windows_line_ends_are_read(memdb):
    text = "\ufeff" + HEADER.replace("\n", "\r\n") + "vehicle,,,12C-123.45,,,,\r\nfoo,,,,,,,\r\n"
    report = watchlist.import_text(memdb, text, "hq", source="t.csv")
    assert (report.imported, rendered(report)) == (1, ((3, "unknown kind 'foo'"),))


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


def test_a_rejection_is_a_msgid_with_its_values_apart(memdb):
    report = watchlist.import_text(memdb, HEADER + "product,,,,8934588012229,,,\nproduct,,,,8934588012228,,,\n",
                                   "hq", source="t.csv")
    assert report.rejected == (Rejection(2, "invalid %(column)s '%(value)s': %(problem)s", {
        "column": "gtin", "value": "8934588012229",
        "problem": i18n.Message("check digit should be %(expected)s", {"expected": "8"})}),)
    assert i18n.translate(report.rejected[0].message, "vi", report.rejected[0].params) == (
        "gtin '8934588012229' không hợp lệ: số kiểm tra đúng phải là 8")


def test_excels_semicolon_csv_is_read(memdb):
    # What Excel saves as "CSV UTF-8" where the decimal mark is a comma, as on a Vietnamese desktop.
    text = "\ufeff" + HEADER.replace(",", ";").replace("\n", "\r\n") + \
        "company;CÔNG TY TNHH HOÀNG LONG, CHI NHÁNH LẠNG SƠN;0100233488;;;;;\r\nvehicle;;;12C-123.45;;;;\r\n"
    report = watchlist.import_text(memdb, text, "hq", source="excel.csv")
    assert (report.imported, report.rejected) == (2, ())
    assert [(e.name, e.tax_code, e.plate) for e in watchlist.entries(memdb)] == [
        ("CÔNG TY TNHH HOÀNG LONG, CHI NHÁNH LẠNG SƠN", "0100233488", None), (None, None, "12C-123.45")]


def import_refused(memdb, text: str, fmt: str = "csv") -> InvalidInput:
    """Imports `text` over a list in force, expecting a refusal that leaves that list as it was."""
    before = watchlist.import_text(memdb, HEADER + "vehicle,,,12C-123.45,,,,\n", "hq", source="good.csv").version
    with pytest.raises(InvalidInput) as refused:
        watchlist.import_text(memdb, text, "hq", source="bad.csv", fmt=fmt)
    assert refused.value.exit_code == 2
    assert watchlist.current_version(memdb) == before
    assert memdb.execute("SELECT COUNT(*) FROM watchlist_versions").fetchone()[0] == 1
    assert [h.entry.plate for h in watchlist.index(memdb).screen("12C12345")] == ["12C-123.45"]
    return refused.value


@pytest.mark.parametrize(("header", "found"), [
    ("kind|name|plate", "'kind|name|plate'"),
    ("loai,ten,bien_so", "'loai,ten,bien_so'"),
    ("kind,name,tax code", "'kind,name,tax code'"),
    ("kind,name,name", "'kind,name,name'"),
    ("", "''"),
])
def test_a_file_without_the_header_is_refused_whole(memdb, header, found):
    refused = import_refused(memdb, header + "\nvehicle,,,12C-999.99,,,,\n")
    assert isinstance(refused, watchlist.WatchlistHeaderInvalid)
    assert refused.params == {"source": "bad.csv", "found": found}


@pytest.mark.parametrize("rows", [[], ["spaceship,ZETA,,,,,,"], ["spaceship,ZETA,,,,,,", "vehicle,,,12C-99,,,,"]])
def test_a_file_without_one_valid_row_is_refused_whole(memdb, rows):
    refused = import_refused(memdb, HEADER + "".join(row + "\n" for row in rows))
    assert isinstance(refused, watchlist.WatchlistRefused)
    assert refused.params == {"source": "bad.csv", "rows": len(rows)}


def test_json_lines_without_one_valid_entry_are_refused_whole(memdb):
    refused = import_refused(memdb, 'not json\n[1]\n', fmt="jsonl")
    assert refused.params == {"source": "bad.csv", "rows": 2}


def test_the_valid_rows_are_imported_however_few(memdb):
    # CONTRACTS.md: a bad row is reported with its line number and not imported; the rest of the file is.
    report = watchlist.import_text(memdb, HEADER + "vehicle,,,12C-999.99,,,,\nspaceship,ZETA,,,,,,\n"
                                   "spaceship,ETA,,,,,,\n", "hq", source="t.csv")
    assert (report.imported, [r.line for r in report.rejected]) == (1, [3, 4])


@pytest.mark.parametrize("row", ["company," + "A" * 200_000 + ",,,,,,", 'company,"unclosed' + ",,,,,,\n" * 30_000])
def test_unreadable_csv_is_refused_whole(memdb, row):
    refused = import_refused(memdb, HEADER + "vehicle,,,12C-999.99,,,,\n" + row + "\n")
    assert isinstance(refused, watchlist.WatchlistUnreadable)
    assert refused.params == {"source": "bad.csv", "line": 3}

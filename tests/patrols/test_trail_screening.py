"""Everyone met on a trail screened against the watchlists like papers at the gate, and their earlier encounters on
the tablet (patrols/screening.py, patrols/encounters.py), through the API and the pages, on real SQLite."""
from __future__ import annotations

import json
from typing import Any

from hypothesis import given
from hypothesis import strategies as st

from checkpoint import inspections, ledger, watchlist
from checkpoint.inspections import NewInspection
from checkpoint.patrols import encounters, screening
from checkpoint.watchlist.screening import Index, strip_diacritics
from tests.patrols.conftest import MILK

CLEAN = {"name": "Trần Thị Mai", "id_type": "cccd", "id_number": "020301004567", "nationality": "VNM"}
LISTED_BY_NAME = {"name": "Nguyen Van Demo", "id_type": "none", "id_number": "", "nationality": "VNM"}
TEST_LIST = """kind,name,tax_code,plate,gtin,id_number,co_reference,note,phone
person,王小明,,,,,,,
person,LÊ THỊ THU HƯƠNG,,,,079190000123,,,
person,,,,,,,,0912 345 678
company,CÔNG TY TNHH MINH PHÁT,,,,,,,
"""


def hits_of(body: dict[str, Any]) -> list[dict[str, Any]]:
    return body["screening"]["hits"]


def test_a_listed_person_typed_without_diacritics_is_found_and_the_screening_is_logged_with_its_version(api, db):
    api.login("patrol1")
    patrol = api.start_patrol()
    plain = api.intercept(patrol, persons=[LISTED_BY_NAME])
    marked = api.intercept(patrol, persons=[{**LISTED_BY_NAME, "name": "NGUYỄN VĂN DEMO"}])

    for body in (plain, marked):
        [hit] = hits_of(body)
        assert (hit["on"], hit["row"], hit["matched_on"], hit["severity"]) == ("person", 1, "name", "medium")
        assert hit["entry"]["name"] == "NGUYỄN VĂN DEMO"
    assert hits_of(plain)[0]["entry"]["id"] == hits_of(marked)[0]["entry"]["id"]
    assert "diacritics removed" in [r["en"] for r in hits_of(plain)[0]["reasons"]]
    [event] = [e for e in ledger.events(db, plain["uuid"]) if e.type == "interception.screened"]
    assert event.payload["watchlist_version"] == watchlist.current_version(db)
    assert event.payload["screened"] == 1


def test_a_clean_person_is_screened_and_not_flagged(api, client, db):
    api.login("patrol1")
    patrol = api.start_patrol()
    body = api.intercept(patrol, persons=[CLEAN], vehicles=["29A-123.45"], companies=["Công ty TNHH Ánh Dương"])
    assert body["screening"]["hits"] == [] and body["screening"]["screened"] == 4
    page = client.get(f"/patrols/interceptions/{body['uuid']}").get_data(as_text=True)
    assert 'id="no-hits"' in page and 'id="hits"' not in page
    assert "watchlist hit" not in client.get(f"/patrols/{patrol}").get_data(as_text=True)


def test_a_listed_plate_written_otherwise_is_a_serious_hit_marked_on_the_patrol_page(api, client):
    api.login("patrol1")
    patrol = api.start_patrol()
    body = api.intercept(patrol, persons=[CLEAN], vehicles=["12c 12345"])
    [hit] = hits_of(body)
    assert (hit["on"], hit["matched_on"], hit["severity"], hit["value"]) == ("vehicle", "plate", "high", "12C 12345")
    assert hit["reasons"][0]["en"] == "same plate once separators are removed"
    page = client.get(f"/patrols/interceptions/{body['uuid']}").get_data(as_text=True)
    assert "Vehicle 1: 12C 12345" in page and "same plate once separators are removed" in page
    assert "1 watchlist hit(s)" in client.get(f"/patrols/{patrol}").get_data(as_text=True)


def test_hanzi_and_pinyin_of_one_name_phones_and_companies_are_all_screened_severest_first(api, client, db):
    watchlist.import_text(db, TEST_LIST, "test", source="test.csv")
    api.login("patrol1")
    patrol = api.start_patrol()
    body = api.intercept(patrol, persons=[
        {"name": "王小明 / WANG XIAOMING", "id_type": "passport", "id_number": "E12345678", "nationality": "CHN"},
        {"name": "Le Thi Thu Huong", "id_type": "cccd", "id_number": "020095001234", "nationality": "VNM",
         "phone": "+84 912-345-678"}],
        companies=["Minh Phat Co., Ltd"])
    found = [(h["on"], h["row"], h["matched_on"], h["severity"]) for h in hits_of(body)]
    # The CCCD is the demo listing's: an identifier is the party itself; a name listed under another ID, a namesake.
    assert found == [("person", 2, "id_number", "high"), ("phone", 2, "phone", "high"),
                     ("person", 1, "name", "medium"), ("company", 1, "name", "medium"), ("person", 2, "name", "low")]
    assert hits_of(body)[2]["entry"]["name"] == "王小明"
    low = next(h for h in hits_of(body) if h["severity"] == "low")
    assert low["reasons"][-1]["en"] == "listed under another ID number (079190000123)"
    assert body["persons"][1]["phone"] == "+84 912-345-678"
    page = client.get(f"/patrols/interceptions/{body['uuid']}").get_data(as_text=True)
    persons = page[page.index('id="persons"'):page.index("</table>", page.index('id="persons"'))]
    assert persons.count('<tr class="flagged">') == 2
    hits = page[page.index('id="hits"'):page.index("Checked against")]
    assert hits.index("Serious") < hits.index("To check") < hits.index("Confirm by hand")


def test_an_impossible_phone_is_refused_beside_its_field(api, auth, client):
    api.login("patrol1")
    patrol = api.start_patrol()
    response = api.post(f"/api/v1/patrols/{patrol}/interceptions",
                        {"action": "warned", "persons": [{**CLEAN, "phone": "12345"}]})
    assert response.status_code == 422 and "phone" in response.get_json()["error"]
    form = {"action": "warned", "person-0-name": CLEAN["name"], "person-0-id_type": "cccd",
            "person-0-id_number": CLEAN["id_number"], "person-0-nationality": "VNM", "person-0-phone": "12345"}
    page = auth.post(f"/patrols/{patrol}/interceptions/new", form)
    assert page.status_code == 422
    html = page.get_data(as_text=True)
    assert html.index('name="person-0-phone"') < html.index("expected a Vietnamese number") < html.index(
        'name="person-1-name"')


def gate_inspection(db: Any, plate: str, holder: dict[str, str]) -> str:
    """A truck inspected at the gate whose driver's CCCD QR was read from a photo."""
    subject = inspections.start(db, NewInspection("HUU_NGHI", "import", (plate,)), author="officer1",
                                tz="Asia/Ho_Chi_Minh")
    code = {"image": "cccd.jpg", "format": "QRCode", "text": "…", "corners": [[0, 0], [1, 0], [1, 1], [0, 1]],
            "payload": {"kind": "cccd", "valid": True, "errors": [], **holder}}
    ledger.record(db, "inspection.photo_added", {"sha256": "c" * 64, "filename": "cccd.jpg", "media_type": "image/jpeg",
                                                 "bytes": 10, "width": 10, "height": 10, "codes": [code],
                                                 "document": None}, author="officer1", subject=subject)
    return subject


def test_earlier_encounters_across_an_inspection_and_an_interception(api, client, db):
    truck = gate_inspection(db, "29C-456.78", {"id_number": "020301004567", "name": "TRẦN THỊ MAI",
                                               "birth_date": "2001-02-02"})
    api.login("patrol1")
    patrol = api.start_patrol()
    first = api.intercept(patrol, persons=[{**CLEAN, "id_number": "", "id_type": "none",
                                            "birth_date": "02/02/2001"}], vehicles=["29C45678"])
    latest = api.intercept(patrol, persons=[CLEAN], vehicles=["29C-456.78"], goods=[MILK])

    encounters.catch_up(db)
    found = encounters.of_interception(db, latest)
    assert [(e.source, e.subject, e.matched) for e in found["person-1"]] == [
        ("interception", first["uuid"], "name"), ("inspection", truck, "id")]
    assert [(e.source, e.subject) for e in found["vehicle-1"]] == [("interception", first["uuid"]),
                                                                  ("inspection", truck)]
    page = client.get(f"/patrols/interceptions/{latest['uuid']}").get_data(as_text=True)
    assert f"/inspections/{truck}" in page and f"/patrols/interceptions/{first['uuid']}" in page
    assert "same name and birth year" in page and "Inspection at the gate" in page
    # The first interception's page shows the truck before it, not the interception after it.
    page = client.get(f"/patrols/interceptions/{first['uuid']}").get_data(as_text=True)
    assert f"/inspections/{truck}" in page and f"/patrols/interceptions/{latest['uuid']}" not in page


def test_finding_encounters_uses_the_index_and_scans_nothing(db):
    plan = " ".join(str(tuple(r)) for r in db.execute(
        "EXPLAIN QUERY PLAN SELECT key, source, subject, at_utc FROM encounter_keys WHERE key IN (?, ?)"
        " AND at_utc < ? AND subject != ? ORDER BY at_utc DESC", ["id:1", "plate:2", "z", "x"]))
    assert "SEARCH encounter_keys USING PRIMARY KEY (key=?)" in plan and "SCAN" not in plan.replace("SCAN CONSTANT", "")


def test_rows_logged_before_the_index_are_indexed_once_when_it_is_first_read(api, db):
    api.login("patrol1")
    patrol = api.start_patrol()
    first = api.intercept(patrol, vehicles=["12C-999.99"])
    db.execute("DELETE FROM encounter_keys")
    db.execute("INSERT OR IGNORE INTO encounter_pending VALUES ('interception', ?)", [first["uuid"]])
    assert encounters.waiting(db) == 1 and encounters.catch_up(db) == 1 and encounters.catch_up(db) == 0
    keys = [r[0] for r in db.execute("SELECT key FROM encounter_keys WHERE subject = ?", [first["uuid"]])]
    assert sorted(keys) == ["id:020095001234", "name:hoangvana:1995", "plate:12C99999"]


def test_each_spelling_of_a_name_is_screened_hanzi_against_pinyin_and_pinyin_against_hanzi():
    index = Index([watchlist.screening.Entry("1", "t", "t@1", "person", name="王小明"),
                   watchlist.screening.Entry("2", "t", "t@1", "person", name="LI QIANG")], "t@1")
    values = screening.screened_values([{"name": "李强 / WANG XIAO MING", "id_number": ""}], [], [])
    assert [v.value for v in values] == ["李强", "WANG XIAO MING"]
    hits = screening.screen(index, values)
    assert sorted((h.hit.entry.id, h.value) for h in hits) == [("1", "WANG XIAO MING"), ("2", "李强")]
    assert all(h.severity == "medium" and h.row == 1 for h in hits)
    assert {r.msgid for h in hits for r in h.hit.reasons} >= {"Chinese characters compared through pinyin"}


def test_a_persons_name_spelled_otherwise_or_reordered_is_only_to_confirm_by_hand():
    index = Index([watchlist.screening.Entry("1", "t", "t@1", "person", name="吴静磊"),
                   watchlist.screening.Entry("2", "t", "t@1", "person", name="郭洋磊"),
                   watchlist.screening.Entry("3", "t", "t@1", "company", name="凭祥市鸿运贸易有限公司")], "t@1")
    persons = [{"name": "吴磊静", "id_number": ""}, {"name": "GUO YANLEI", "id_number": ""}]
    hits = screening.screen(index, screening.screened_values(persons, [], ["Pingxiang Hongyun Trading Co., Ltd"]))
    assert [(h.on, h.row, h.hit.entry.id, h.severity) for h in hits] == [
        ("company", 1, "3", "medium"), ("person", 1, "1", "low"), ("person", 2, "2", "low")]


def test_an_upgraded_tablet_indexes_its_old_records_a_bounded_number_per_page(api, client, db):
    api.login("patrol1")
    patrol = api.start_patrol()
    body = api.intercept(patrol)
    db.execute("WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 2500)"
               " INSERT INTO encounter_pending SELECT 'inspection', 'old-' || i FROM n")
    page = client.get(f"/patrols/interceptions/{body['uuid']}").get_data(as_text=True)
    assert "still being indexed (501 left)" in page
    assert encounters.catch_up(db, limit=100) == 100 and encounters.waiting(db) == 401
    assert 'id="indexing"' not in client.get(f"/patrols/interceptions/{body['uuid']}").get_data(as_text=True)


def test_many_hits_are_kept_severest_first_up_to_the_limit():
    entries = [watchlist.screening.Entry(str(n), "big", "big@1", "vehicle", plate="12C-123.45") for n in range(80)]
    values = screening.screened_values([], ["12C12345"], [])
    hits = screening.screen(Index(entries, "big@1"), values)
    assert len(hits) == 80 and {h.severity for h in hits} == {"high"}
    assert len([h.as_record() for h in hits[:screening.MAX_HITS]]) == 60


# -- parsers ---------------------------------------------------------------------------------------

NAMES = st.text(alphabet="abcdeghiklmnopqrstuvxyĐđÂâĂăÊêÔôƠơƯưáàảãạấầẩẫậéèẻẽẹíìỉĩịóòỏõọúùủũụýỳỷỹỵ王小明李强 ",
                min_size=1, max_size=30)


@given(st.lists(NAMES.filter(lambda n: n.strip()), min_size=1, max_size=4), st.sampled_from(["/", ";", "|", " / "]))
def test_spellings_are_each_part_typed_trimmed_and_never_empty(parts, separator):
    found = screening.spellings(separator.join(parts))
    assert found == [p.strip() for p in parts if p.strip()]
    assert all(part and "/" not in part and part == part.strip() for part in found)


@given(NAMES, st.integers(1930, 2010))
def test_a_name_key_is_the_same_with_or_without_diacritics_in_any_case_or_spacing(name, year):
    key = encounters.name_key(name, year)
    assert key == encounters.name_key(strip_diacritics(name).upper(), year)
    assert key == encounters.name_key("  ".join(name.split()).lower(), str(year))
    assert key == "" or key.endswith(f":{year}")


@given(NAMES)
def test_a_name_without_a_birth_year_gives_no_key(name):
    assert encounters.name_key(name, "") == "" and encounters.person_keys(name, "", None) == []


@given(st.text(alphabet="0123456789ABCDEFGHKLMNPSTUVXYZ", min_size=4, max_size=10),
       st.lists(st.sampled_from(["-", ".", " ", "·"]), max_size=3))
def test_a_plate_key_ignores_separators_and_case(plate, separators):
    spaced = plate
    for n, mark in enumerate(separators, start=1):
        spaced = spaced[:n * 2] + mark + spaced[n * 2:]
    assert encounters.plate_key(spaced.lower()) == encounters.plate_key(plate) == f"plate:{plate}"


@given(st.text(max_size=40))
def test_an_mrz_birth_year_is_never_ahead_of_today(text):
    year = encounters.mrz_year(text)
    assert year is None or 1900 <= year <= 2099


@given(st.fixed_dictionaries({"kind": st.sampled_from(["cccd", "mrz", "gtin"]), "name": st.text(max_size=20),
                              "id_number": st.text(max_size=14), "birth_date": st.text(max_size=10),
                              "surname": st.text(max_size=10), "document_number": st.text(max_size=10)}))
def test_any_code_payload_gives_keys_without_raising(payload):
    keys = encounters.code_person_keys(payload)
    assert all(k.startswith(("id:", "name:")) for k in keys)


def test_json_shape_of_a_logged_screening(api, db):
    api.login("patrol1")
    patrol = api.start_patrol()
    body = api.intercept(patrol)
    row = db.execute("SELECT hits, hit_count, top_severity FROM interception_screenings WHERE interception = ?",
                     [body["uuid"]]).fetchone()
    assert (json.loads(row[0]), row[1], row[2]) == (body["screening"]["hits"], 1, "high")

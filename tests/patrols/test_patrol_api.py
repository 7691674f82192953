"""The issue's journey through the JSON API: start, track, two interceptions, two hand-overs, the record."""
from __future__ import annotations

import io
import json

from checkpoint import ledger
from tests.conftest import PASSWORD
from tests.patrols.conftest import CARRIER, CIGARETTES, COURIER, HELPER, MILK, event_types, photo

HANDED_TWICE = (["custody.handover_offered"] * 2 + ["custody.handover_confirmed"] * 2) * 2
STAGE_BEFORE = {"station": "patrol", "warehouse": "station"}
"""Where offered goods stay until the receiver confirms."""
POINTS = [{"lat": 21.9700, "lon": 106.7000, "accuracy": 12, "at": 1763780400000},
          {"lat": 21.9725, "lon": 106.7021, "accuracy": 9, "at": 1763780460000},
          {"lat": 21.9751, "lon": 106.7049, "accuracy": 7, "at": "2025-11-22T03:02:00+00:00"}]


def test_a_patrol_logs_two_interceptions_hands_the_goods_over_twice_and_prints_the_record(api, db):
    api.login()
    patrol_id = api.start_patrol(["Nguyễn Văn Hùng", "Lò Văn Tú"])

    track = f"/api/v1/patrols/{patrol_id}/track"
    assert api.post(track, {"points": POINTS[:2]}).get_json() == {"ok": True, "stored": 2, "dropped": 0, "flagged": 0}
    # The page resends its whole queue when an answer was lost: nothing is stored twice.
    assert api.post(track, {"points": POINTS}).get_json() == {"ok": True, "stored": 1, "dropped": 0, "flagged": 0}

    first = api.intercept(patrol_id, persons=[CARRIER, HELPER], goods=[MILK, CIGARETTES], vehicles=["12b1-234.56"])
    second = api.intercept(patrol_id, action="abandoned", violation=3, lat=21.9560, lon=106.6762,
                           persons=[COURIER], goods=[{**MILK, "quantity": "6,5", "unit": "kg",
                                                      "description": "Sữa bột không nhãn"}])
    assert first["place"] == "M1119_1120" and first["place_name_en"] == "Markers 1119–1120 (smart border gate route)"
    assert second["place"] == "M1088_2_1089"
    assert [p["id_number"] for p in first["persons"]] == ["020095001234", "020301004567"]
    assert first["persons"][0]["birth_year"] == "1995"
    assert first["vehicles"] == ["12B1-234.56"]
    assert [(g["description"], g["quantity"], g["unit"], g["value_vnd"]) for g in first["goods"]] == [
        ("Sữa bột trẻ em Aptamil 800 g", 24, "hộp", 14_400_000), ("Thuốc lá điếu Jet", 50, "cây", 7_500_000)]
    assert [g["quantity"] for g in second["goods"]] == [6.5] and type(first["goods"][0]["quantity"]) is int
    milk_tag, cigarette_tag = (g["tag"] for g in first["goods"])
    assert milk_tag.startswith("EV-") and len(milk_tag) == 13 and milk_tag != cigarette_tag

    for interception, name in ((first, "nhan.png"), (second, "bao.png")):
        response = api.upload(f"/api/v1/patrols/interceptions/{interception['uuid']}/photos",
                              [(photo(name), name)])
        assert response.status_code == 201
        assert [p["filename"] for p in response.get_json()["photos"]] == [name]

    # Each hand-over waits for the receiver, who counts on their own account (here the post's leader, typing
    # their password on the patrol's tablet): 47 of the 50 cartons reach the warehouse.
    def hand_over(to_stage: str, received: dict[str, str]) -> dict:
        response = api.post(f"/api/v1/patrols/interceptions/{first['uuid']}/handovers", {
            "to_stage": to_stage, "receiver": "super1", "place": "Đồn Biên phòng Hữu Nghị",
            "items": [{"tag": milk_tag, "quantity_handed": 24}, {"tag": cigarette_tag, "quantity_handed": 50}]})
        assert response.status_code == 201
        assert {c["tag"]: c["stage"] for c in response.get_json()["custody"]} == {
            milk_tag: STAGE_BEFORE[to_stage], cigarette_tag: STAGE_BEFORE[to_stage]}
        for tag, counted in received.items():
            offer_id = db.execute("SELECT event FROM handovers WHERE tag = ? AND confirmed_utc IS NULL",
                                  [tag]).fetchone()[0]
            confirmed = api.auth.post(f"/custody/handovers/{offer_id}", {
                "received": counted, "seal": "BP-0042", "password": PASSWORD,
                "photo": (io.BytesIO(photo("niem-phong.png")), "niem-phong.png")}, content_type="multipart/form-data")
            assert confirmed.status_code == 303
        return api.get(f"/api/v1/patrols/interceptions/{first['uuid']}").get_json()

    hand_over("station", {milk_tag: "24", cigarette_tag: "50"})
    after = hand_over("warehouse", {milk_tag: "24", cigarette_tag: "47"})
    custody = {c["tag"]: c for c in after["custody"]}
    assert (custody[milk_tag]["stage"], custody[milk_tag]["held"], custody[milk_tag]["flagged"]) == ("warehouse", 24, False)
    assert (custody[cigarette_tag]["stage"], custody[cigarette_tag]["held"]) == ("warehouse", 47)
    assert [(d["kind"], d["stage"], d["expected"], d["found"]) for d in custody[cigarette_tag]["discrepancies"]] == [
        ("received_differs", "warehouse", 50, 47)]
    assert api.get(f"/api/v1/patrols/evidence/{cigarette_tag.lower()}").get_json()["flagged"] is True

    record = api.post(f"/api/v1/patrols/interceptions/{first['uuid']}/record",
                      {"fields": {"violator_occupation": "Làm ruộng", "statement": "Chở thuê, không biết chủ hàng"}})
    assert record.status_code == 201
    fields = record.get_json()["fields"]
    assert (fields["number"], fields["violator_name"], fields["violator_id"], fields["violator_occupation"]) == (
        "001/BB-VPHC", "Hoàng Văn A", "020095001234", "Làm ruộng")
    assert "Cùng vận chuyển: Lý Thị B." in fields["act"]
    pdf = api.get(f"/api/v1/patrols/interceptions/{first['uuid']}/record.pdf")
    assert pdf.status_code == 200 and pdf.mimetype == "application/pdf" and pdf.data.startswith(b"%PDF")

    patrol = api.get(f"/api/v1/patrols/{patrol_id}").get_json()
    assert [p["at_utc"] for p in patrol["route"]] == [
        "2025-11-22T03:00:00.000+00:00", "2025-11-22T03:01:00.000+00:00", "2025-11-22T03:02:00.000+00:00"]
    assert [i["uuid"] for i in patrol["interceptions"]] == [first["uuid"], second["uuid"]]
    assert patrol["interceptions"][0]["violation_record"]["number"] == "001/BB-VPHC"
    assert api.post(f"/api/v1/patrols/{patrol_id}/end", {}).get_json()["ended_utc"]
    late = api.post(f"/api/v1/patrols/{patrol_id}/track", {"points": POINTS})
    assert late.status_code == 409 and late.get_json()["error"] == "This patrol has ended; start a new one."

    assert [t for t in event_types(db) if not t.startswith("auth.")] == [
        "patrol.started", "patrol.track", "patrol.track", "interception.logged", "interception.screened",
        "interception.logged", "interception.screened", "interception.photo_added", "interception.photo_added",
        *HANDED_TWICE, "violation_record.made", "patrol.ended"]
    assert [e.type for e in ledger.events(db, first["uuid"])] == [
        "interception.logged", "interception.screened", "interception.photo_added", *HANDED_TWICE,
        "violation_record.made"]
    day = api.get(f"/api/v1/patrols/interceptions?date={first['local_date']}").get_json()
    assert [i["uuid"] for i in day["interceptions"]] == [first["uuid"], second["uuid"]]


def test_the_nearest_listed_place_is_named_only_within_reach(api):
    api.login()
    patrol_id = api.start_patrol()
    far = api.intercept(patrol_id, lat=21.90, lon=106.80, place_note="Khe suối phía tây")
    assert (far["place"], far["place_note"]) == ("", "Khe suối phía tây")
    chosen = api.intercept(patrol_id, place="M1090_1091", lat=None, lon=None, accuracy=None)
    assert (chosen["place"], chosen["lat"]) == ("M1090_1091", None)


def test_goods_not_seized_get_no_tag_and_cannot_be_handed_over(api):
    api.login()
    patrol_id = api.start_patrol()
    warned = api.intercept(patrol_id, action="warned", goods=[MILK])
    assert warned["goods"][0]["tag"] is None and warned["custody"] == []
    response = api.post(f"/api/v1/patrols/interceptions/{warned['uuid']}/handovers", {
        "to_stage": "station", "receiver": "super1", "place": "Đồn",
        "items": [{"tag": "EV-0000000000", "quantity_handed": 1}]})
    assert response.status_code == 422
    assert response.get_json()["error"] == "evidence tag: not one of this interception's tags"


def test_a_supervisor_sees_the_gates_patrols_but_logs_nothing_and_an_officer_sees_none(api, auth):
    api.login()
    patrol_id = api.start_patrol()
    auth.logout()
    api.login("super1")
    assert api.get(f"/api/v1/patrols/{patrol_id}").status_code == 200
    assert api.post(f"/api/v1/patrols/{patrol_id}/interceptions", {"action": "warned"}).status_code == 403
    auth.logout()
    api.login("officer1")
    assert api.get(f"/api/v1/patrols/{patrol_id}").status_code == 403
    auth.logout()
    response = api.get(f"/api/v1/patrols/{patrol_id}")
    assert response.status_code == 401 and response.get_json()["ok"] is False


JUNK = [None, [], "x", 7, {"persons": 5}, {"goods": [1]}, {"vehicles": [1]}, {"points": "x"}, {"points": [None]},
        {"items": [None]}, {"items": "x"}, {"fields": []}, {"team": "x"}, {"gate": ["HUU_NGHI"]},
        {"action": ["seized"], "lat": True}, {"persons": [{"name": "😀" * 200}]}, {"goods": [{"quantity": "1e999"}]}]


def test_junk_json_gets_a_clear_error_never_a_crash(api, client):
    api.login()
    patrol_id = api.start_patrol()
    interception_id = api.intercept(patrol_id)["uuid"]
    paths = ["/api/v1/patrols", f"/api/v1/patrols/{patrol_id}/track", f"/api/v1/patrols/{patrol_id}/interceptions",
             f"/api/v1/patrols/interceptions/{interception_id}/handovers",
             f"/api/v1/patrols/interceptions/{interception_id}/record"]
    for path in paths:
        for body in JUNK:
            response = client.post(path, data=json.dumps(body), content_type="application/json",
                                   headers={"X-CSRFToken": api.auth.token()})
            assert response.status_code < 500, (path, body, response.get_data(as_text=True)[:300])
            if response.status_code >= 400:
                error = response.get_json()
                assert set(error) == {"ok", "status", "error", "errors"} and error["error"], (path, body, error)


def test_a_patrol_nobody_started_is_not_found_to_read_or_to_track(api):
    api.login()
    unknown = "00000000-0000-4000-8000-000000000000"
    assert api.get(f"/api/v1/patrols/{unknown}").status_code == 404
    tracked = api.post(f"/api/v1/patrols/{unknown}/track", {"points": POINTS})
    assert (tracked.status_code, tracked.get_json()["ok"]) == (404, False)

"""The JSON API: its OpenAPI document covers every route, and no generated request makes it fail (5xx)."""
from __future__ import annotations

import io
import re

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings

from tests import images
from tests.conftest import PASSWORD


def test_the_api_keeps_to_its_committed_document_and_the_contracts(app, client, auth):
    """docs/openapi.json is the API's contract: it holds CONTRACTS.md's keys and codes (read in place), the app
    serves exactly its routes, and a real answer of every operation fits its schema: a renamed route, key or code
    fails here."""
    import json
    from pathlib import Path

    import jsonschema_rs

    from tests.conftest import SHARED
    from tests.patrols.conftest import CARRIER, MILK, Api, photo
    from tests.test_inspection_flow import INVOICE_LINES, start_inspection, upload

    document = json.loads((Path(__file__).resolve().parents[1] / "docs/openapi.json").read_text(encoding="utf-8"))
    schemas = document["components"]["schemas"]
    contracts = (SHARED / "CONTRACTS.md").read_text(encoding="utf-8")

    def example(heading: str) -> dict:
        block = contracts.split(heading, 1)[1].split("```json", 1)[1].split("```", 1)[0]
        return json.loads(re.sub(r"\[[A-Z]+\.\.\.\]", "[]", block.replace("[x, y, w, h]", "[0, 0, 0, 0]")))

    def listed(sentence: str) -> set[str]:
        return set(contracts.split(sentence, 1)[1].split("`", 2)[1].split())

    def validator(schema: dict) -> jsonschema_rs.Validator:
        return jsonschema_rs.validator_for({"components": document["components"], **schema})

    def problems(schema: dict, value: object) -> list[str]:
        return [f"{'/'.join(map(str, e.instance_path))}: {e.message}" for e in validator(schema).iter_errors(value)]

    # The document holds CONTRACTS.md's shapes: their keys required, their codes among its enumerations.
    code, paper, finding = example("### A decoded code"), example("### A document"), example("### A finding")
    result = example("### An inspection result")
    error = json.loads(re.search(r"Errors: `(\{.*?\})`", contracts)[1].replace("[...]", "[]"))
    assert set(code) == set(schemas["Code"]["required"])
    assert set(code["payload"]) <= set(schemas["Payload"]["properties"])
    assert set(paper) == set(schemas["Document"]["required"])
    assert set(paper["fields"]["reference_number"]) <= set(schemas["Field"]["properties"])
    assert set(finding) == set(schemas["Finding"]["required"])
    assert set(finding["message"]) == set(schemas["Finding"]["properties"]["message"]["required"])
    assert set(result) - {"seconds"} <= set(schemas["Inspection"]["required"])  # read photo by photo: no one time
    assert set(result["risk"]) == set(schemas["Risk"]["required"])
    assert set(error) == set(schemas["Error"]["required"])
    for name, value in (("Code", code), ("Document", paper), ("Finding", finding), ("Error", error)):
        assert problems({"$ref": f"#/components/schemas/{name}"}, value) == [], name
    assert listed("`format` is one of ") <= set(schemas["Code"]["properties"]["format"]["enum"])
    assert listed("`payload.kind` is one of ") <= set(schemas["Payload"]["properties"]["kind"]["enum"])
    assert listed("`doc_type` is one of ") <= set(schemas["Document"]["properties"]["doc_type"]["enum"])
    rules = set(re.findall(r"^\| ([A-Z_]+) \|", contracts.split("### A finding", 1)[1], re.MULTILINE))
    assert len(rules) >= 9 and rules <= set(schemas["Finding"]["properties"]["rule"]["enum"])
    severities = set(re.findall(r"`(\w+)`", contracts.split("`severity` is ", 1)[1].split(".", 1)[0]))
    assert severities == {"high", "medium", "info"} <= set(schemas["Finding"]["properties"]["severity"]["enum"])

    # The app serves the document's routes, no more, no fewer.
    committed = {(path, method) for path, operations in document["paths"].items() for method in operations}
    served = {(re.sub(r"<(?:\w+:)?(\w+)>", r"{\1}", rule.rule), method.lower())
              for rule in app.url_map.iter_rules() if rule.rule.startswith("/api/v1/")
              for method in (rule.methods or set()) - {"HEAD", "OPTIONS"}}
    assert served == committed

    # A real answer of every operation fits the document.
    answered = set()

    def fits(response, path: str, method: str = "get"):
        responses = document["paths"][path][method]["responses"]
        assert str(response.status_code) in responses, (method, path, response.status_code, response.data[:300])
        content = responses[str(response.status_code)]["content"]
        if "application/pdf" in content:
            assert response.mimetype == "application/pdf" and response.data.startswith(b"%PDF")
        else:
            assert problems(content["application/json"]["schema"], response.get_json()) == [], (method, path)
        if response.status_code < 400:
            answered.add((path, method))
        return response.get_json(silent=True)

    auth.login("officer1")
    inspection_id = start_inspection(auth, declared_origin="VN")
    upload(auth, inspection_id, [(images.png(images.document(INVOICE_LINES)), "invoice.png")], kind="document")
    upload(auth, inspection_id, [(images.png(images.barcode("6901234567892", "EAN13")), "label.png")], kind="goods")
    inspection = fits(client.get(f"/api/v1/inspections/{inspection_id}"), "/api/v1/inspections/{inspection_id}")
    assert inspection["documents"] and inspection["codes"] and inspection["findings"] and inspection["risk"]
    fits(client.get("/api/v1/inspections/none"), "/api/v1/inspections/{inspection_id}")
    scanned = fits(client.post("/api/v1/scan", headers={"X-CSRFToken": auth.token()}, content_type="multipart/form-data",
                               data={"images": [(io.BytesIO(images.png(images.barcode("8934588012228", "EAN13"))),
                                                 "label.png"), (io.BytesIO(b"%PDF-1.7"), "invoice.pdf")]}),
                   "/api/v1/scan", "post")
    assert [bool(s["codes"]) for s in scanned] == [True, False]
    fits(client.get("/api/v1/openapi.json"), "/api/v1/openapi.json")
    auth.logout()

    api = Api(client, auth)
    api.login("patrol1")
    patrol = fits(api.post("/api/v1/patrols", {"team": ["Lò Văn Tú"]}), "/api/v1/patrols", "post")["uuid"]
    fits(api.post(f"/api/v1/patrols/{patrol}/track", {"points": [{"lat": 21.97, "lon": 106.7, "at": 1763780400000}]}),
         "/api/v1/patrols/{patrol_id}/track", "post")
    caught = fits(api.post(f"/api/v1/patrols/{patrol}/interceptions",
                           {"action": "seized", "violation": 1, "lat": 21.9751, "lon": 106.7049, "persons": [CARRIER],
                            "goods": [MILK], "vehicles": ["12B1-234.56"]}),
                  "/api/v1/patrols/{patrol_id}/interceptions", "post")["uuid"]
    base, tag = "/api/v1/patrols/interceptions/{interception_id}", api.get(
        f"/api/v1/patrols/interceptions/{caught}").get_json()["goods"][0]["tag"]
    fits(api.upload(f"/api/v1/patrols/interceptions/{caught}/photos", [(photo("EV"), "bag.png")]), f"{base}/photos",
         "post")
    fits(api.post(f"/api/v1/patrols/interceptions/{caught}/handovers",
                  {"to_stage": "station", "receiver": "super1", "place": "Đồn Hữu Nghị",
                   "items": [{"tag": tag, "quantity_handed": 24}]}), f"{base}/handovers", "post")
    fits(api.get(f"/api/v1/patrols/evidence/{tag}"), "/api/v1/patrols/evidence/{tag}")
    fits(api.post(f"/api/v1/patrols/interceptions/{caught}/record", {"fields": {"statement": "Chở thuê"}}),
         f"{base}/record", "post")
    fits(api.get(f"/api/v1/patrols/interceptions/{caught}/record.pdf"), f"{base}/record.pdf")
    fits(api.get(f"/api/v1/patrols/interceptions/{caught}"), base)
    fits(api.get("/api/v1/patrols/interceptions"), "/api/v1/patrols/interceptions")
    fits(api.get("/api/v1/patrols"), "/api/v1/patrols")
    fits(api.get(f"/api/v1/patrols/{patrol}"), "/api/v1/patrols/{patrol_id}")
    fits(api.post(f"/api/v1/patrols/{patrol}/end", {}), "/api/v1/patrols/{patrol_id}/end", "post")
    fits(api.post(f"/api/v1/patrols/{patrol}/track", {"points": []}), "/api/v1/patrols/{patrol_id}/track", "post")
    assert answered == committed


@pytest.fixture
def signed_in_headers(client, auth):
    auth.login("super1", PASSWORD)
    token = auth.token()
    cookie = client.get_cookie("session")
    return {"Cookie": f"session={cookie.value}", "X-CSRFToken": token}


def test_no_generated_request_gets_a_server_error(app, signed_in_headers):
    """schemathesis generates requests for every operation of the document; none may end in a 5xx."""
    schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", app)
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) >= 10

    for operation in operations:
        @given(case=operation.as_strategy())
        @settings(max_examples=8, deadline=None, suppress_health_check=list(HealthCheck), database=None)
        def check(case):
            response = case.call(headers=signed_in_headers)
            assert response.status_code < 500, (case.method, case.formatted_path, response.text[:300])
            if response.status_code >= 400:
                body = response.json()
                assert set(body) == {"ok", "status", "error", "errors"} and body["ok"] is False, body

        check()


def test_a_multipart_part_without_a_name_is_a_bad_request_not_a_crash(client, signed_in_headers):
    body = (b"--b\r\nContent-Disposition: form-data; name=\"\n\"\r\n\r\nnull\r\n--b--\r\n")
    response = client.post("/api/v1/scan", data=body, headers={**signed_in_headers,
                                                              "Content-Type": "multipart/form-data; boundary=b"})
    assert response.status_code == 400
    assert response.get_json()["ok"] is False


def test_scan_lists_every_image_with_its_own_error(client, signed_in_headers):
    good = images.png(images.barcode("8934588012228", "EAN13"))
    response = client.post("/api/v1/scan", headers=signed_in_headers, content_type="multipart/form-data",
                           data={"images": [(io.BytesIO(b"%PDF-1.7"), "invoice.pdf"), (io.BytesIO(good), "label.png")]})
    assert response.status_code == 200
    [bad, read] = response.get_json()
    assert (bad["image"], bad["codes"]) == ("invoice.pdf", [])
    assert bad["error"] == "invoice.pdf không phải là ảnh đọc được (JPEG, PNG, WebP, TIFF hoặc BMP)."
    assert (read["image"], read["error"], [c["text"] for c in read["codes"]]) == ("label.png", None, ["8934588012228"])

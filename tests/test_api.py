"""The JSON API: its OpenAPI document covers every route, and no generated request makes it fail (5xx)."""
from __future__ import annotations

import io
import re

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings

from tests import images
from tests.conftest import PASSWORD


def test_the_openapi_document_lists_every_api_route(app, client):
    document = client.get("/api/v1/openapi.json").get_json()
    documented = {(path, method) for path, ops in document["paths"].items() for method in ops}
    for rule in app.url_map.iter_rules():
        if rule.rule.startswith("/api/v1/") and rule.endpoint != "api.openapi":
            path = re.sub(r"<(\w+)>", r"{\1}", rule.rule)
            for method in rule.methods - {"HEAD", "OPTIONS"}:
                assert (path, method.lower()) in documented


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

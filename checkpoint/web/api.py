"""The JSON API under /api/v1, with the shapes of CONTRACTS.md and an OpenAPI document."""
from __future__ import annotations

import json
from typing import Any

from flask import Blueprint, current_app, g, request

from .. import capture, i18n, pipeline
from ..errors import N_, ImageTooLarge, ImageUnreadable, InvalidInput
from . import jobs_of
from .auth import login_required, select_lang
from .inspections import load_visible
from .uploads import check as check_uploads

bp = Blueprint("api", __name__, url_prefix="/api/v1")


@bp.route("/scan", methods=("POST",))
@login_required()
def scan() -> Any:
    """Decodes every barcode in the uploaded photos; saves nothing."""
    files = [f for f in request.files.getlist("images") if f.filename]
    if not files:
        raise InvalidInput(field=N_("images"), problem=N_("choose at least one photo"))
    headers, refused = check_uploads(files)
    # As `checkpoint scan`: every image listed, one that cannot be read with its own error.
    results: list[dict[str, Any]] = [{"image": f.filename, "codes": [], "error": None} for f in files]
    for at, exc in refused:
        results[at]["error"] = i18n.error_message(exc, select_lang())
    # Read by the reader's worker when it is free (else Busy: try again, nothing read).
    read = iter(jobs_of(current_app).call(g.user.username, lambda: [codes_of(header) for header in headers]))
    for result in results:
        if result["error"] is None:
            found = next(read)
            if isinstance(found, Exception):
                result["error"] = i18n.error_message(found, select_lang())
            else:
                result["codes"] = found
    return results


def codes_of(header: capture.Header) -> list[dict[str, Any]] | Exception:
    """The codes of one photo, or why its pixels cannot be read."""
    try:
        return pipeline.read([header], "goods")[0].codes_json()
    except (ImageUnreadable, ImageTooLarge) as exc:
        return exc


@bp.route("/inspections/<inspection_id>")
@login_required()
def inspection(inspection_id: str) -> Any:
    """One inspection: what `checkpoint inspect` gives (documents, codes, findings, risk), and its photos (each with
    what was read from it, under the sha256 a field correction names) and verdict."""
    record = load_visible(inspection_id)
    photos = record["photos"]
    reasons = json.loads(record.pop("risk_reasons") or "[]")
    channel, score = record.pop("risk_channel"), record.pop("risk_score")
    return {**record,
            "documents": [p["document"] for p in photos if p["document"]],
            "codes": [code for p in photos for code in p["codes"]],
            "risk": {"channel": channel, "score": score, "reasons": [r[select_lang()] for r in reasons]}
            if channel else None}


MULTIPART_ENDPOINTS = {"api.scan": "images", "patrols.api_photos": "photos"}


@bp.route("/openapi.json")
def openapi() -> Any:
    """Every route under /api/v1, read from the URL map so that the document cannot fall behind the code."""
    error = {"description": "error",
             "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}}
    paths: dict[str, dict[str, Any]] = {}
    for rule in sorted(current_app.url_map.iter_rules(), key=lambda r: r.rule):
        if not rule.rule.startswith("/api/v1/") or rule.endpoint == "api.openapi":
            continue
        path = rule.rule
        for argument in rule.arguments:
            path = path.replace(f"<{argument}>", f"{{{argument}}}")
        view = current_app.view_functions[rule.endpoint]
        for method in sorted((rule.methods or set()) - {"HEAD", "OPTIONS"}):
            operation: dict[str, Any] = {
                "operationId": rule.endpoint, "summary": (view.__doc__ or rule.endpoint).strip().splitlines()[0],
                "parameters": [{"name": a, "in": "path", "required": True, "schema": {"type": "string"}}
                               for a in sorted(rule.arguments)],
                "responses": {"200": {"description": "done"}, "201": {"description": "created"},
                              "400": error, "401": error, "403": error, "404": error, "409": error, "413": error,
                              "422": error},
            }
            if method == "POST":
                field = MULTIPART_ENDPOINTS.get(rule.endpoint)
                operation["requestBody"] = {"content": {
                    "multipart/form-data": {"schema": {"type": "object", "properties": {
                        field: {"type": "array", "items": {"type": "string", "format": "binary"}}}}}}
                    if field else {"application/json": {"schema": {"type": "object"}}}}
            paths.setdefault(path, {})[method.lower()] = operation
    return {
        "openapi": "3.0.3",
        "info": {"title": "checkpoint", "version": "1",
                 "description": "Sign in through /login; POSTs carry the X-CSRFToken header of the page."},
        "paths": paths,
        "components": {"schemas": {"Error": {
            "type": "object", "required": ["ok", "status", "error", "errors"],
            "properties": {"ok": {"type": "boolean"}, "status": {"type": "integer"},
                           "error": {"type": "string"}, "errors": {"type": "array", "items": {}}}}}},
    }

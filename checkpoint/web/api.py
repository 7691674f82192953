"""The JSON API under /api/v1, with the shapes of CONTRACTS.md and an OpenAPI document."""
from __future__ import annotations

from typing import Any

from flask import Blueprint, current_app, request

from .. import capture, pipeline
from ..errors import InvalidInput, N_
from .auth import login_required
from .inspections import load_visible

bp = Blueprint("api", __name__, url_prefix="/api/v1")


@bp.route("/scan", methods=("POST",))
@login_required()
def scan() -> Any:
    """Decodes every barcode in the uploaded photos; saves nothing."""
    files = [f for f in request.files.getlist("images") if f.filename]
    if not files:
        raise InvalidInput(field=N_("images"), problem=N_("choose at least one photo"))
    results = []
    for upload in files:
        photo = capture.load(upload.filename or "photo", upload.read(),
                             max_bytes=current_app.config["MAX_UPLOAD_MB"] * 1_000_000,
                             max_pixels=current_app.config["MAX_IMAGE_MEGAPIXELS"] * 1_000_000)
        results.append({"image": photo.name, "codes": pipeline.analyse(photo, "goods").codes_json(),
                        "error": None})
    return results


@bp.route("/inspections/<inspection_id>")
@login_required()
def inspection(inspection_id: str) -> Any:
    return load_visible(inspection_id)


@bp.route("/openapi.json")
def openapi() -> Any:
    error = {"$ref": "#/components/schemas/Error"}
    return {
        "openapi": "3.0.3",
        "info": {"title": "checkpoint", "version": "1"},
        "paths": {
            "/api/v1/scan": {"post": {
                "summary": "Decode every barcode in one or more photos",
                "requestBody": {"content": {"multipart/form-data": {"schema": {
                    "type": "object", "properties": {"images": {"type": "array",
                                                               "items": {"type": "string", "format": "binary"}}}}}}},
                "responses": {"200": {"description": "one entry per image"},
                              "401": {"description": "not signed in", "content": {"application/json": {"schema": error}}},
                              "422": {"description": "unreadable input", "content": {"application/json": {"schema": error}}}},
            }},
            "/api/v1/inspections/{inspection_id}": {"get": {
                "summary": "One inspection with its photos and what was read from them",
                "parameters": [{"name": "inspection_id", "in": "path", "required": True, "schema": {"type": "string"}}],
                "responses": {"200": {"description": "the inspection"},
                              "404": {"description": "no such inspection", "content": {"application/json": {"schema": error}}}},
            }},
        },
        "components": {"schemas": {"Error": {
            "type": "object", "required": ["ok", "status", "error", "errors"],
            "properties": {"ok": {"type": "boolean"}, "status": {"type": "integer"},
                           "error": {"type": "string"}, "errors": {"type": "array", "items": {}}}}}},
    }

"""The stages in order: capture → decode / OCR → fields → checks → log.

Each photo is decoded for barcodes; photos of papers are also read by OCR. The result is what
the officer sees and what the log keeps.
"""
from __future__ import annotations

import random
import re
import time
from collections.abc import Mapping
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, replace
from datetime import date
from typing import Any

import sqlite_utils

import ocr
import scanners
from ocr import normalise

from . import checks, watchlist
from .capture import Photo
from .checks import risk
from .checks.risk import Risk
from .errors import N_, InvalidInput
from .models import Finding, Shipment

PHOTO_KINDS = ("auto", "document", "goods")


@dataclass(frozen=True)
class PhotoResult:
    photo: Photo
    codes: tuple[scanners.Symbol, ...]
    document: ocr.Document | None

    def codes_json(self) -> list[dict[str, Any]]:
        return [code.as_dict(self.photo.name) for code in self.codes]

    def document_json(self) -> dict[str, Any] | None:
        return self.document.as_dict(self.photo.name) if self.document else None

    def as_event_payload(self) -> dict[str, Any]:
        p = self.photo
        return {"sha256": p.sha256, "filename": p.name, "media_type": p.media_type, "bytes": len(p.data),
                "width": p.width, "height": p.height, "codes": self.codes_json(),
                "document": self.document_json()}


def analyse(photo: Photo, kind: str = "auto", doc_type: str = "auto") -> PhotoResult:
    """Barcodes always; OCR for papers ('document'), or for 'auto' photos that read as a document.

    OCR errors (such as missing language data) propagate: a photo is saved with its reading or not at all.
    """
    codes = tuple(scanners.decode(photo.pixels))
    if kind == "goods":
        return PhotoResult(photo, codes, None)
    document = ocr.read(photo.pixels, doc_type=doc_type)
    if kind == "auto" and document.doc_type == "unknown" and not document.fields:
        return PhotoResult(photo, codes, None)
    return PhotoResult(photo, codes, document)


def analyse_all(photos: list[Photo], kind: str = "auto") -> tuple[PhotoResult, ...]:
    """Every photo of an upload, two at a time: tesseract and the decoders work outside the GIL, and a
    tablet has two cores. The first photo that cannot be read stops the whole upload."""
    with ThreadPoolExecutor(max_workers=2) as pool:
        return tuple(pool.map(lambda photo: analyse(photo, kind), photos))


@dataclass(frozen=True)
class InspectionResult:
    photos: tuple[PhotoResult, ...]
    findings: tuple[Finding, ...]
    risk: Risk
    watchlist_version: str
    seconds: float

    def as_dict(self) -> dict[str, Any]:
        return {
            "documents": [d for p in self.photos if (d := p.document_json())],
            "codes": [c for p in self.photos for c in p.codes_json()],
            "findings": [f.as_dict() for f in self.findings],
            "risk": self.risk.as_dict(),
            "watchlist_version": self.watchlist_version,
            "seconds": round(self.seconds, 2),
        }


def inspect(photos: list[Photo], shipment: Shipment, context: checks.Context,
            policy: risk.Policy = risk.Policy(), rng: random.Random | None = None) -> InspectionResult:
    """The whole pipeline for the photos of one shipment: read, check, recommend a channel."""
    started = time.perf_counter()
    results = analyse_all(photos)
    shipment = replace(shipment, codes=tuple(c for r in results for c in r.codes),
                       documents=tuple(r.document for r in results if r.document))
    findings = checks.run(shipment, context)
    version = watchlist.current_version(context.db) if context.db is not None else ""
    return InspectionResult(results, tuple(findings), risk.assess(findings, policy, rng), version,
                            time.perf_counter() - started)


def typed_value(field: str, text: str, like: Any) -> Any:
    """An officer's correction in the type the OCR gave the field (CONTRACTS' normalised values)."""
    text = text.strip()
    if not text or len(text) > 500:
        raise InvalidInput(field=field, problem=N_("1 to 500 characters"))
    try:
        if field.endswith("_date"):
            return normalise.parse_date(text).isoformat()
        if field == "hs_codes":
            return [normalise.parse_hs_code(code) for code in re.split(r"[,;\s]+", text) if code]
        if isinstance(like, (int, float)) and not isinstance(like, bool):
            return normalise.number_value(normalise.parse_number(text))
    except ocr.OcrError:
        raise InvalidInput(field=field, problem=N_("cannot be read as this kind of value")) from None
    if isinstance(like, (list, dict)):
        raise InvalidInput(field=field, problem=N_("cannot be corrected here"))
    return text


def context_of(config: Mapping[str, Any], db: sqlite_utils.Database | None) -> checks.Context:
    """The checks' context from the app's settings (checkpoint/settings.py)."""
    return checks.Context(db, tolerance=config["CHECK_TOLERANCE"])


def policy_of(config: Mapping[str, Any]) -> risk.Policy:
    return risk.Policy(random_yellow=config["RISK_RANDOM_YELLOW"], random_red=config["RISK_RANDOM_RED"])


def _symbol(code: dict[str, Any]) -> scanners.Symbol:
    # The payload is interpreted again from the stored text: the same function gives the same meaning.
    return scanners.Symbol(code["format"], code["text"], bytes.fromhex(code.get("raw", "")),
                           tuple(tuple(c) for c in code["corners"]), scanners.interpret(code["format"], code["text"]))


def _document(document: dict[str, Any]) -> ocr.Document:
    return ocr.Document(document["doc_type"], tuple(document["language"]),
                        {name: ocr.Field(f["value"], f["confidence"], tuple(f["box"]), sure=bool(f.get("sure")))
                         for name, f in document["fields"].items()}, document["text"], document["seconds"])


def shipment_of(record: dict[str, Any], on: date) -> Shipment:
    """A saved inspection (inspections.get) as the checks see it: all its photos' codes and papers."""
    return Shipment(inspection_date=on, codes=tuple(_symbol(c) for p in record["photos"] for c in p["codes"]),
                    documents=tuple(_document(p["document"]) for p in record["photos"] if p["document"]),
                    plates=tuple(record["plates"]), container=record["container"] or "",
                    declared_origin=record["declared_origin"] or "", declared_goods=record["declared_goods"] or "",
                    inspection_id=record["uuid"], direction=record["direction"])


def check_saved(record: dict[str, Any], context: checks.Context, policy: risk.Policy = risk.Policy()) \
        -> tuple[list[Finding], Risk, str]:
    """Findings, channel and watchlist version for a saved inspection. The random draw is seeded by the
    inspection's ID, so adding photos again cannot re-roll a random selection away."""
    findings = checks.run(shipment_of(record, date.fromisoformat(record["local_date"])), context)
    version = watchlist.current_version(context.db) if context.db is not None else ""
    return findings, risk.assess(findings, policy, random.Random(record["uuid"])), version

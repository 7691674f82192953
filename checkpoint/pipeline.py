"""The stages in order: capture → decode / OCR → fields → checks → log.

Every way in — the page's upload, the form posted without script, the API, `checkpoint inspect` with or
without `--save` — reads photos with `read`, checks with `check` and logs with `log`:

    results = read(headers, kind)                       # one photo at a time, outside any transaction
    checked = log(db, inspection_id, results, ...)      # photos, checks and channel in one transaction

`preview` checks photos that are not logged, exactly as `log` would once they were.
"""
from __future__ import annotations

import json
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import date
from typing import Any

import sqlite_utils

import ocr
import scanners
from ocr import normalise

from . import capture, checks, inspections, values, watchlist
from .checks import risk
from .checks.risk import Risk
from .errors import N_, InvalidInput
from .models import Finding, PhotoResult, Shipment
from .store.db import atomic

PHOTO_KINDS = ("auto", "document", "goods")


def analyse(photo: capture.Photo, kind: str = "auto", doc_type: str = "auto") -> PhotoResult:
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


def read(headers: Sequence[capture.Header], kind: str = "auto", *, wait: float = 0.0) -> tuple[PhotoResult, ...]:
    """Every photo of an upload, one at a time within the process's pixel budget (`wait`: seconds to wait
    for it), each photo's pixels let go once read. The first photo that cannot be read stops the whole upload."""
    results = []
    for header in headers:
        result = analyse(capture.decode(header, wait=wait), kind)
        results.append(replace(result, photo=capture.without_pixels(result.photo)))
    return tuple(results)


@dataclass(frozen=True)
class Checked:
    """What the checks found on an inspection, the channel they recommend and the watchlists they used."""
    findings: tuple[Finding, ...]
    risk: Risk
    watchlist_version: str


@dataclass(frozen=True)
class InspectionResult:
    """`checkpoint inspect`'s answer (CONTRACTS.md): what was read, what the checks found."""
    photos: tuple[PhotoResult, ...]
    checked: Checked
    seconds: float

    def as_dict(self) -> dict[str, Any]:
        return {
            "documents": [d for p in self.photos if (d := p.document_json())],
            "codes": [c for p in self.photos for c in p.codes_json()],
            "findings": [f.as_dict() for f in self.checked.findings],
            "risk": self.checked.risk.as_dict(),
            "watchlist_version": self.checked.watchlist_version,
            "seconds": round(self.seconds, 2),
        }


def check(record: dict[str, Any], config: Mapping[str, Any], db: sqlite_utils.Database | None) -> Checked:
    """The checks on an inspection as recorded (inspections.get, or `preview`'s record of photos not logged).

    The random draw is made at the first check (seeded by the inspection's ID, at the gate's shares) and kept with
    the inspection, so checking it again — after more photos, a correction, from the web or the command line, or
    after the shares changed — cannot re-roll a random selection away."""
    findings = checks.run(shipment_of(record, date.fromisoformat(record["local_date"])), context_of(config, db))
    version = watchlist.current_version(db) if db is not None else ""
    policy = policy_of(config, record.get("gate", ""))
    kept = record.get("random_draw")
    draw = risk.Draw.kept(kept) if kept else risk.Draw.made(_seed(record), policy)
    return Checked(tuple(findings), risk.assess(findings, policy, draw=draw), version)


def _seed(record: dict[str, Any]) -> str:
    # Photos checked but not logged have no inspection ID: the same photos then give the same draw.
    return record["uuid"] or "preview:" + ",".join(sorted(p["sha256"] for p in record["photos"]))


def log(db: sqlite_utils.Database, inspection_id: str, results: Sequence[PhotoResult], *,
        config: Mapping[str, Any], author: str) -> Checked:
    """Logs an upload's photos, then the checks on the inspection as it then stands, in one transaction: a
    verdict or another upload waits for it, and if any step fails nothing of the upload is logged.

    Raises NotFound, InspectionClosed, or DuplicatePhoto for a photo the inspection already has."""
    with atomic(db):
        present = {p["sha256"] for p in inspections.get(db, inspection_id)["photos"]}
        for result in results:
            if result.photo.sha256 in present:
                raise inspections.DuplicatePhoto(name=result.photo.name)
            inspections.add_photo(db, inspection_id, result, author=author)
        for result in results:  # once every event is accepted: a refused upload leaves no file behind
            capture.store(config["EVIDENCE_DIR"], result.photo)
        return recheck(db, inspection_id, config=config, author=author)


def recheck(db: sqlite_utils.Database, inspection_id: str, *, config: Mapping[str, Any], author: str) -> Checked:
    """Runs the checks on the inspection as it now stands and logs what they found."""
    with atomic(db):
        checked = check(inspections.get(db, inspection_id), config, db)
        inspections.record_checks(db, inspection_id, list(checked.findings), checked.risk, checked.watchlist_version,
                                  author=author)
    return checked


def correct(db: sqlite_utils.Database, inspection_id: str, sha256: str, field: str, text: str, *,
            config: Mapping[str, Any], author: str) -> Checked:
    """An officer's reading of one OCR field and the checks it changes, logged in one transaction."""
    with atomic(db):
        inspections.correct_field(db, inspection_id, sha256, field, text, author=author,
                                  typed=lambda value, like: typed_value(field, value, like))
        return recheck(db, inspection_id, config=config, author=author)


def preview(results: Sequence[PhotoResult], new: inspections.NewInspection, on: date,
            config: Mapping[str, Any], db: sqlite_utils.Database | None) -> Checked:
    """The checks on photos not logged, as `log` would run them: on the photos as the log would keep them."""
    record = {**inspections.started(new, on), "uuid": "",
              "photos": [json.loads(json.dumps(r.as_event_payload(), ensure_ascii=False)) for r in results]}
    return check(record, config, db)


def typed_value(field: str, text: str, like: Any) -> Any:
    """An officer's correction in the type the OCR gave the field (CONTRACTS' normalised values): dates and
    numbers as officers type them (values.py: an ambiguous '1,250' is asked, never guessed)."""
    text = text.strip()
    if not text or len(text) > 500:
        raise InvalidInput(field=field, problem=N_("1 to 500 characters"))
    if field.endswith("_date"):
        return values.parse_date(text, field).isoformat()  # type: ignore[union-attr]  # text is not empty
    if isinstance(like, (int, float)) and not isinstance(like, bool):
        return normalise.number_value(values.parse_number(text, field))  # type: ignore[arg-type]  # not empty
    if field == "hs_codes":
        return _hs_codes(text)
    if isinstance(like, (list, dict)):
        raise InvalidInput(field=field, problem=N_("cannot be corrected here"))
    return text


def _hs_codes(text: str) -> list[str]:
    try:
        return [normalise.parse_hs_code(code) for code in re.split(r"[,;\s]+", text) if code]
    except ocr.OcrError:
        raise InvalidInput(field="hs_codes", problem=N_("cannot be read as this kind of value")) from None


def context_of(config: Mapping[str, Any], db: sqlite_utils.Database | None) -> checks.Context:
    """The checks' context from the app's settings (checkpoint/settings.py)."""
    return checks.Context(db, tolerance=config["CHECK_TOLERANCE"])


def policy_of(config: Mapping[str, Any], gate: str = "") -> risk.Policy:
    """The random shares of `gate` (RISK_RANDOM_BY_GATE), else the tablet's."""
    default = risk.Policy(random_yellow=config["RISK_RANDOM_YELLOW"], random_red=config["RISK_RANDOM_RED"])
    return risk.gate_policy(default, config.get("RISK_RANDOM_BY_GATE", ""), gate)


def _symbol(code: dict[str, Any]) -> scanners.Symbol:
    # The payload is interpreted again from the stored text: the same function gives the same meaning.
    return scanners.Symbol(code["format"], code["text"], bytes.fromhex(code.get("raw", "")),
                           tuple(tuple(c) for c in code["corners"]), scanners.interpret(code["format"], code["text"]))


def _document(document: dict[str, Any]) -> ocr.Document:
    """A paper as stored, as the reader gave it; papers stored before lines had boxes come back without them."""
    return ocr.Document(document["doc_type"], tuple(document["language"]),
                        {name: ocr.Field(f["value"], f["confidence"], tuple(f["box"]), sure=bool(f.get("sure")))
                         for name, f in document["fields"].items()}, document["text"], document["seconds"],
                        lines=tuple(ocr.Line(line["text"], tuple(line["box"]), line["confidence"])
                                    for line in document.get("lines", ())))


def shipment_of(record: dict[str, Any], on: date) -> Shipment:
    """An inspection as recorded, as the checks see it: all its photos' codes and papers."""
    return Shipment(inspection_date=on, codes=tuple(_symbol(c) for p in record["photos"] for c in p["codes"]),
                    documents=tuple(_document(p["document"]) for p in record["photos"] if p["document"]),
                    plates=tuple(record["plates"]), container=record["container"] or "",
                    declared_origin=record["declared_origin"] or "", declared_goods=record["declared_goods"] or "",
                    inspection_id=record["uuid"], direction=record["direction"])

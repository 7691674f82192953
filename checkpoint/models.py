"""The dataclasses that cross stage boundaries inside checkpoint (scanners/ and ocr/ have their own)."""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

import ocr
import scanners

from .capture import Photo

SEVERITIES = ("high", "medium", "low", "info")
"""Worst first. low: a "confirm by hand" note on a value read unsurely; like info, it never raises the channel."""


@dataclass(frozen=True)
class Finding:
    rule: str
    """A rule code of CONTRACTS.md (WATCHLIST_MATCH, CHECK_DIGIT_INVALID, …): never renamed."""
    severity: str
    message: dict[str, str]
    """{"vi": …, "en": …}, from the catalogs."""
    evidence: dict[str, Any] = field(default_factory=dict)

    def as_dict(self) -> dict[str, Any]:
        return {"rule": self.rule, "severity": self.severity, "message": self.message, "evidence": self.evidence}


@dataclass(frozen=True)
class Shipment:
    """What one inspection has in hand: what was declared, read and decoded."""
    inspection_date: date
    codes: tuple[scanners.Symbol, ...] = ()
    documents: tuple[ocr.Document, ...] = ()
    plates: tuple[str, ...] = ()
    container: str = ""
    declared_origin: str = ""
    declared_goods: str = ""
    inspection_id: str = ""
    """The saved inspection these papers belong to ("" before saving): its own certificate is no reuse."""
    direction: str = "import"
    """import or export: an imported shipment's certificate must name Vietnam as importing country."""


@dataclass(frozen=True)
class PhotoResult:
    """One photo and what was read from it: the reading (pipeline) makes it, the log (inspections) keeps it."""
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

"""One photographed document read into typed fields: the result that leaves ocr/."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Field:
    value: Any
    """Normalised: ISO date string, number, digit string, bool, list, or the name as printed."""
    confidence: float
    """0–1: the engine's confidence in the words, lowered where the value breaks a rule of its format."""
    box: tuple[int, int, int, int]
    """x, y, width, height in the photo as given, so the page can show the crop beside the value."""
    sure: bool = False
    """Right at least 98 % of the time on unseen documents (see ocr/sure.py); else for the officer to confirm."""


@dataclass(frozen=True)
class Line:
    text: str
    """One line of Document.text, as read."""
    box: tuple[int, int, int, int]
    """x, y, width, height in the photo as given, like Field.box: the crop of a screened name-like line."""
    confidence: float
    """0–1: the mean of the engine's confidences in the line's words."""


@dataclass(frozen=True)
class Document:
    doc_type: str
    language: tuple[str, ...]
    fields: dict[str, Field]
    text: str
    seconds: float
    lines: tuple[Line, ...] = ()
    """The lines of text, in reading order, one per line of text (empty for a document rebuilt without them)."""

    def as_dict(self, image: str) -> dict[str, Any]:
        return {"image": image, "doc_type": self.doc_type, "language": list(self.language),
                "fields": {name: {"value": f.value, "confidence": round(f.confidence, 3), "box": list(f.box),
                                  "sure": f.sure}
                           for name, f in self.fields.items()},
                "text": self.text, "seconds": round(self.seconds, 2),
                "lines": [{"text": line.text, "box": list(line.box), "confidence": round(line.confidence, 3)}
                          for line in self.lines]}

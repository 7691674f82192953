"""One photographed document read into typed fields: the result that leaves ocr/."""
from __future__ import annotations

import re
import time
from dataclasses import dataclass
from typing import Any

import numpy as np

from .engine import Engine, Tesseract, Word

DOC_TYPES = ("invoice", "packing_list", "co", "declaration", "unknown")


@dataclass(frozen=True)
class Field:
    value: Any
    confidence: float
    box: tuple[int, int, int, int]


@dataclass(frozen=True)
class Document:
    doc_type: str
    language: tuple[str, ...]
    fields: dict[str, Field]
    text: str
    seconds: float

    def as_dict(self, image: str) -> dict[str, Any]:
        return {"image": image, "doc_type": self.doc_type, "language": list(self.language),
                "fields": {name: {"value": f.value, "confidence": round(f.confidence, 3), "box": list(f.box)}
                           for name, f in self.fields.items()},
                "text": self.text, "seconds": round(self.seconds, 2)}


def lines_of(words: list[Word]) -> list[list[Word]]:
    grouped: dict[tuple[int, int, int], list[Word]] = {}
    for word in words:
        grouped.setdefault(word.line, []).append(word)
    return list(grouped.values())


_KEYWORDS = {
    "co": ("certificate of origin", "form e", "form d", "rcep", "原产地证书"),
    "packing_list": ("packing list", "phiếu đóng gói", "装箱单"),
    "declaration": ("tờ khai", "customs declaration", "报关单"),
    "invoice": ("invoice", "hóa đơn", "发票"),
}


def classify(text: str) -> str:
    lowered = text.lower()
    for doc_type, keywords in _KEYWORDS.items():
        if any(k in lowered for k in keywords):
            return doc_type
    return "unknown"


_INVOICE_NUMBER = re.compile(r"(?:invoice\s*(?:no|number)|số\s*hóa\s*đơn)\W*([A-Z0-9][A-Z0-9/\-]{3,})", re.I)


def read(image: np.ndarray, doc_type: str = "auto", engine: Engine | None = None,
         languages: tuple[str, ...] = ("vie", "eng")) -> Document:
    started = time.perf_counter()
    words = (engine or Tesseract()).words(image, languages)
    lines = lines_of(words)
    text = "\n".join(" ".join(w.text for w in line) for line in lines)
    kind = classify(text) if doc_type == "auto" else doc_type
    fields: dict[str, Field] = {}
    for line in lines:
        joined = " ".join(w.text for w in line)
        match = _INVOICE_NUMBER.search(joined)
        if match and "invoice_number" not in fields:
            value_word = next((w for w in line if match.group(1).startswith(w.text)), line[-1])
            fields["invoice_number"] = Field(match.group(1), value_word.confidence, value_word.box)
    return Document(kind, languages, fields, text, time.perf_counter() - started)

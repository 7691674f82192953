"""Field extraction, one module per document type; each maps reading-ordered lines to named fields."""
from __future__ import annotations

from collections.abc import Callable, Sequence

from ..document import Field
from ..layout import Line
from . import co, declaration, invoice, packing_list

Extractor = Callable[[Sequence[Line]], dict[str, Field]]

EXTRACTORS: dict[str, Extractor] = {
    "invoice": invoice.extract,
    "packing_list": packing_list.extract,
    "co": co.extract,
    "declaration": declaration.extract,
    "unknown": lambda lines: {},
}

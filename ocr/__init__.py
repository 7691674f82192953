"""Reading photographed documents into fields. A plain library: never imports Flask or checkpoint."""
from .document import Document, Field, classify, read
from .engine import probe
from .errors import MissingDependencyError, OcrError

__all__ = ["Document", "Field", "MissingDependencyError", "OcrError", "classify", "probe", "read"]

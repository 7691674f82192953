"""Reading photographed documents into fields. A plain library: never imports Flask or checkpoint."""
from .classify import classify
from .document import Document, Field, Line
from .errors import MissingDependencyError, MissingModelError, NormaliseError, OcrError
from .pipeline import probe, read

__all__ = ["Document", "Field", "Line", "MissingDependencyError", "MissingModelError", "NormaliseError", "OcrError",
           "classify", "probe", "read"]

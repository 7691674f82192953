"""Reading photographed documents into fields. A plain library: never imports Flask or checkpoint."""
from .classify import classify
from .document import Document, Field
from .engine import probe
from .errors import MissingDependencyError, NormaliseError, OcrError
from .pipeline import read

__all__ = ["Document", "Field", "MissingDependencyError", "NormaliseError", "OcrError", "classify", "probe",
           "read"]

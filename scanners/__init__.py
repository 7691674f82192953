"""Barcode decoding and payload interpretation. A plain library: never imports Flask or checkpoint."""
from .decode import Symbol, decode
from .errors import MissingDependencyError, ScannerError
from .payload import interpret

__all__ = ["MissingDependencyError", "ScannerError", "Symbol", "decode", "interpret"]

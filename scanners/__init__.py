"""Barcode decoding and payload interpretation. A plain library: never imports Flask or checkpoint.

decode() reads every symbol in a photo; interpret() says what one symbol's text means. The parsers of
identifiers officers also type by hand are modules of their own: plates, mst, container, mrz, cccd,
fapiao, einvoice, gs1, digital_link, gtin, passport and uscc, each with a parse() that never raises.
"""
from . import cccd, container, digital_link, einvoice, fapiao, gs1, gtin, mrz, mst, passport, plates, uscc
from .decode import Symbol, decode
from .errors import REASONS, Coded, MissingDependencyError, Problem, Reason, ScannerError, UnreadableImageError
from .payload import Payload, Text, Url, interpret

__all__ = ["REASONS", "Coded", "MissingDependencyError", "Payload", "Problem", "Reason", "ScannerError", "Symbol",
           "Text", "UnreadableImageError", "Url", "cccd", "container", "decode", "digital_link", "einvoice", "fapiao",
           "gs1", "gtin", "interpret", "mrz", "mst", "passport", "plates", "uscc"]

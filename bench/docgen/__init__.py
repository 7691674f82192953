"""Seeded generator of a shipment's papers (invoice, packing list, C/O, declaration), photographed.

`shipment(seed)` gives the true values; `render(doc_type, fields, seed)` draws one page of them and
photographs it; `document(doc_type, seed)` is the page of that kind for `shipment(seed)`.
"""
from bench.docgen.values import shipment

__all__ = ["shipment"]

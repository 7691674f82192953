"""Seeded generator of a shipment's papers (invoice, packing list, C/O, declaration), photographed.

`shipment(seed)` gives the true values; `render(doc_type, fields, seed)` draws one page of them in a layout
family the seed picks and photographs it; `document(doc_type, seed)` is the page of that kind for
`shipment(seed)`; `draw()` is the flat page and its truth without the photo (fast). `first_seed(doc_type,
family)` finds a seed drawn in a given layout family. `python -m bench.docgen --out DIR --seeds 0-19`
writes pages to look at.
"""
from bench.docgen.render import document, draw, families, family_of, first_seed, render
from bench.docgen.values import shipment

__all__ = ["document", "draw", "families", "family_of", "first_seed", "render", "shipment"]

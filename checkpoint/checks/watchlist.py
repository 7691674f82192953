"""Watchlists: every party, tax code, plate, ID, product and certificate of a shipment screened against the
lists in force (DOMAIN.md §7). The evidence names the list entry, the score and why it matched."""
from __future__ import annotations

from collections.abc import Iterator

from .. import i18n
from .. import watchlist as lists
from ..errors import N_
from ..models import Finding, Shipment
from ..screening import Hit
from . import Context, finding, papers, payloads, rule, value
from .goods import application_identifiers

NAME_FIELDS = {"invoice": ("seller_name", "buyer_name"), "co": ("exporter_name", "consignee_name"),
               "declaration": ("importer_name", "exporter_name")}
TAX_CODE_FIELDS = {"invoice": ("buyer_tax_code",), "declaration": ("importer_tax_code",)}
KIND_NAMES = {"company": N_("company"), "person": N_("person"), "vehicle": N_("vehicle"), "product": N_("product"),
              "document": N_("document")}
ID_KEYS = ("id_number", "document_number")
"""Keys of the ID-card (cccd) and MRZ payloads that hold the person's number; their holder's name is
screened as well."""


def screened_values(shipment: Shipment) -> Iterator[tuple[str, str, str, str | None]]:
    """(kind, value, where it was read, batch) for everything a watchlist can list."""
    for kind, fields in (("name", NAME_FIELDS), ("tax_code", TAX_CODE_FIELDS)):
        for doc_type, names in fields.items():
            for paper in papers(shipment, doc_type):
                for name in names:
                    if found := value(paper, name):
                        yield kind, str(found), f"{doc_type}.{name}", None
    for paper in papers(shipment, "co"):
        if reference := value(paper, "reference_number"):
            yield "co_reference", str(reference), "co.reference_number", None
    for plate in shipment.plates:
        yield "plate", plate, "plate", None
    for code, payload in payloads(shipment):
        ais = application_identifiers(payload)
        if gtin := payload.get("gtin") or ais.get("01"):
            yield "gtin", str(gtin), f"code {code.format}", ais.get("10")
        for key in ID_KEYS:
            if payload.get(key):
                yield "id_number", str(payload[key]), f"code {code.format}", None
        holder = payload.get("name") or " ".join(filter(None, (payload.get("surname"), payload.get("given_names"))))
        if payload.get("kind") in ("cccd", "mrz") and holder:
            yield "name", str(holder), f"code {code.format}", None


def batch_applies(hit: Hit, batch: str | None) -> bool:
    """A product listing that names a batch concerns that batch only."""
    return hit.matched_on != "gtin" or not hit.entry.batch or (batch or "").strip().upper() == \
        hit.entry.batch.strip().upper()


@rule
def watchlist_match(shipment: Shipment, context: Context) -> list[Finding]:
    if context.db is None:
        return []
    index = lists.index(context.db)
    best: dict[tuple[str, str], tuple[Hit, str, str]] = {}
    for kind, text, source, batch in screened_values(shipment):
        for hit in index.screen(text, kind, context.screening_threshold):
            key = (hit.entry.id, hit.matched_on)
            if batch_applies(hit, batch) and (key not in best or best[key][0].score < hit.score):
                best[key] = (hit, text, source)
    return [finding("WATCHLIST_MATCH", "high",
                    N_("%(value)s matches an entry of watchlist %(list)s (%(kind)s, score %(score)s)"),
                    {"value": text, "list": hit.entry.list, "kind": i18n.both(KIND_NAMES[hit.entry.kind]),
                     "score": f"{hit.score:.2f}"},
                    list=hit.entry.list, entry=hit.entry.as_dict(), score=round(hit.score, 3),
                    matched_on=hit.matched_on, value=text, source=source,
                    reasons=[r.both() for r in hit.reasons])
            for hit, text, source in sorted(best.values(), key=lambda b: -b[0].score)]

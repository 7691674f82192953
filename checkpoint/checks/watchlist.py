"""Watchlists: every party, tax code, plate, ID, product and certificate of a shipment screened against the
lists in force (DOMAIN.md §7). The evidence names the list entry, the score and why it matched, and the reading
the value stands on (a field's, or a text line's with its box) so that the page shows its crop.

Team decision (#13): a hit on a name read unsurely stays at its match's severity. It is not two readings that
disagree, which the "unsure → at most low" rule is about; lowering it would silence every listing read from
papers, whose names are seldom read surely. The finding says instead that the name was read unsurely and
shows its crop, for the officer to compare with the paper."""
from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from typing import Any

import ocr

from .. import i18n
from .. import watchlist as lists
from ..errors import N_
from ..models import Finding, Shipment
from ..watchlist.screening import Hit, fold
from . import Context, Reading, finding, payloads, reading, rule
from .goods import application_identifiers

KIND_NAMES = {"company": N_("company"), "person": N_("person"), "vehicle": N_("vehicle"), "product": N_("product"),
              "document": N_("document")}
ID_KEYS = ("id_number", "document_number")
"""Keys of the ID-card (cccd) and MRZ payloads that hold the person's number; their holder's name is
screened as well."""
PLATE_FIELDS = ("plate", "plates", "vehicle_plate", "truck_plate", "trailer_plate")
REFERENCE_FIELDS = ("reference_number", "co_reference")
# A line naming a company: a legal form in Vietnamese, English or Chinese, as a word (or in Hanzi, anywhere).
_LEGAL_FORM = re.compile(r"(?<![^\W_])(C[OÔ]NG\s*TY|CTY|TNHH|DNTN|HTX|DOANH\s+NGHI[EỆ]P|H[OỢ]P\s+T[AÁ]C\s+X[AÃ]|"
                         r"CO\.?,?\s*LTD|LIMITED|LTD|JSC|LLC|INC|CORP(ORATION)?|COMPANY|SDN\.?\s*BHD|PTE)"
                         r"(?![^\W_])|有限公司|公司|厂|商行", re.IGNORECASE)
_LABEL = re.compile(r"^[^:：]{0,40}[:：]\s*")
TEXT_LINES_PER_PAPER = 40
"""At most this many name-like lines of one paper's text are screened: a page of noise, or a list of a hundred
suppliers, must not hold the one reader's queue (a real paper names a handful of companies)."""


def name_fields(document: ocr.Document) -> list[str]:
    """Every party a paper names: seller, buyer, exporter, consignee, importer, declarant, carrier, …
    and each one's Hanzi twin (`<field>_zh`)."""
    return [n for n in document.fields if n.endswith(("_name", "_name_zh"))]


def text_lines(document: ocr.Document, read: set[str]) -> Iterator[tuple[str, Reading | None]]:
    """Lines of the page's text that name a company and that no field holds (what the extractor missed), each
    with its reading: the line's box and confidence where the reader gave them (ocr.Document.lines, one per
    line of the text), never sure (no line is vouched for). A label before a colon is cut off ('Người mua
    (Buyer): CÔNG TY …')."""
    boxed = document.lines if [ln.text for ln in document.lines] == document.text.split("\n") else ()
    screened = 0
    for number, printed in enumerate(document.text.split("\n")):
        line = _LABEL.sub("", printed.strip()).strip()
        if screened < TEXT_LINES_PER_PAPER and 6 <= len(line) <= 160 and _LEGAL_FORM.search(line) \
                and fold(line) not in read:
            read.add(fold(line))
            screened += 1
            yield line, Reading(document.doc_type, "text", line, float(boxed[number].confidence), False,
                                tuple(boxed[number].box)) if boxed else None


Screened = tuple[str, str, str, str | None, Reading | None]
"""(kind, value, where it was read, batch, reading)."""


def screened_values(shipment: Shipment) -> Iterator[Screened]:
    """Everything of a shipment a watchlist can list: its papers' fields, the lines of their text no field holds,
    its plates and its codes."""
    read: set[str] = set()
    for paper in shipment.documents:
        yield from _field_values(paper, read)
    # After every paper's fields: a line is screened only when no field of any paper holds it.
    for paper in shipment.documents:
        for line, found in text_lines(paper, read):
            yield "name", line, f"{paper.doc_type}.text", None, found
    for plate in shipment.plates:
        yield "plate", plate, "plate", None, None
    for code, payload in payloads(shipment):
        yield from _code_values(f"code {code.format}", payload)


def _readings(paper: ocr.Document, names: Iterable[str]) -> Iterator[tuple[str, Reading]]:
    """(field name, reading) for each of `names` the paper has a value for."""
    for name in names:
        if found := reading(paper, name):
            yield name, found


def _field_values(paper: ocr.Document, read: set[str]) -> Iterator[Screened]:
    """The parties, tax codes, plates and certificate references of one paper's fields; each party's name is
    added to `read`."""
    for name, found in _readings(paper, name_fields(paper)):
        read.add(fold(str(found.value)))
        yield "name", str(found.value), f"{paper.doc_type}.{name}", None, found
    for name, found in _readings(paper, [n for n in paper.fields if n.endswith("tax_code")]):
        yield "tax_code", str(found.value), f"{paper.doc_type}.{name}", None, found
    for name, found in _readings(paper, PLATE_FIELDS):
        for plate in found.value if isinstance(found.value, list) else [found.value]:
            yield "plate", str(plate), f"{paper.doc_type}.{name}", None, found
    for name, found in _readings(paper, REFERENCE_FIELDS):
        yield "co_reference", str(found.value), f"{paper.doc_type}.{name}", None, found


def _code_values(source: str, payload: dict[str, Any]) -> Iterator[Screened]:
    """A barcode's product (with its batch), the ID numbers of an ID card or MRZ, and their holder's name."""
    ais = application_identifiers(payload)
    if gtin := payload.get("gtin") or ais.get("01"):
        yield "gtin", str(gtin), source, ais.get("10"), None
    for key in ID_KEYS:
        if payload.get(key):
            yield "id_number", str(payload[key]), source, None, None
    holder = payload.get("name") or " ".join(filter(None, (payload.get("surname"), payload.get("given_names"))))
    if payload.get("kind") in ("cccd", "mrz") and holder:
        yield "name", str(holder), source, None, None


def batch_applies(hit: Hit, batch: str | None) -> bool:
    """A product listing that names a batch concerns that batch only."""
    return hit.matched_on != "gtin" or not hit.entry.batch or (batch or "").strip().upper() == \
        hit.entry.batch.strip().upper()


def read_unsurely(source: str, found: Reading | None) -> bool:
    """A field the reader did not vouch for, or a line of a paper's text (never vouched for, boxed or not)."""
    return source.endswith(".text") or (found is not None and not found.sure)


@rule
def watchlist_match(shipment: Shipment, context: Context) -> list[Finding]:
    """Every party, identifier and name-like line against the lists in force; the evidence says where the
    value was read, how surely, and why it matched."""
    if context.db is None:
        return []
    index = lists.index(context.db)
    best: dict[tuple[str, str], tuple[Hit, str, str, Reading | None]] = {}
    for kind, text, source, batch, found in screened_values(shipment):
        for hit in index.screen(text, kind, context.screening_threshold):
            key = (hit.entry.id, hit.matched_on)
            if batch_applies(hit, batch) and (key not in best or best[key][0].score < hit.score):
                best[key] = (hit, text, source, found)
    return [finding("WATCHLIST_MATCH", "high",
                    N_("%(value)s matches an entry of watchlist %(list)s (%(kind)s, score %(score)s)")
                    if not read_unsurely(source, found) else
                    N_("%(value)s matches an entry of watchlist %(list)s (%(kind)s, score %(score)s); it was read"
                       " unsurely: compare it with the paper"),
                    {"value": text, "list": hit.entry.list, "kind": i18n.both(KIND_NAMES[hit.entry.kind]),
                     "score": f"{hit.score:.2f}"},
                    list=hit.entry.list, entry=hit.entry.as_dict(), score=round(hit.score, 3),
                    matched_on=hit.matched_on, value=text, source=source,
                    reasons=[r.both() for r in hit.reasons],
                    readings=[found.as_evidence()] if found else [],
                    **({"unsure": True} if read_unsurely(source, found) else {}))
            for hit, text, source, found in sorted(best.values(), key=lambda b: -b[0].score)]

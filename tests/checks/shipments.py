"""Shipments built from the real result types of ocr/ and scanners/: one consistent import, changed one
field at a time by the tests."""
from __future__ import annotations

from datetime import date
from typing import Any

import ocr
import scanners
from checkpoint.models import Shipment

DAY = date(2025, 11, 20)


def paper(doc_type: str, **fields: Any) -> ocr.Document:
    """A document as ocr.read returns it, each field read surely."""
    return ocr.Document(doc_type, ("vie", "eng"), {k: ocr.Field(v, 0.95, (0, 0, 10, 10), sure=True)
                                                   for k, v in fields.items()}, "", 0.1)


def code(text: str, fmt: str = "EAN13") -> scanners.Symbol:
    """A symbol whose payload is what scanners.interpret makes of the text."""
    return scanners.Symbol(fmt, text, text.encode(), ((0, 0), (1, 0), (1, 1), (0, 1)), scanners.interpret(fmt, text))


def shipment(*documents: ocr.Document, codes: tuple[scanners.Symbol, ...] = (), **kwargs: Any) -> Shipment:
    return Shipment(inspection_date=kwargs.pop("inspection_date", DAY), documents=documents, codes=codes, **kwargs)


def edited(document: ocr.Document, **changes: Any) -> ocr.Document:
    """The same paper with some fields read differently (None: the field was not read)."""
    fields = dict(document.fields)
    for name, found in changes.items():
        if found is None:
            fields.pop(name, None)
        else:
            fields[name] = ocr.Field(found, 0.95, (0, 0, 10, 10), sure=True)
    return ocr.Document(document.doc_type, document.language, fields, document.text, document.seconds)


def unsure(document: ocr.Document, *names: str) -> ocr.Document:
    """The same paper with those fields read unsurely (a blurred crop: confidence 0.6, not sure)."""
    fields = {n: ocr.Field(f.value, 0.6, (5, 5, 20, 8), sure=False) if n in names else f
              for n, f in document.fields.items()}
    return ocr.Document(document.doc_type, document.language, fields, document.text, document.seconds)


# One consistent import of milk powder from Pingxiang to Lạng Sơn; tests change one thing at a time.
INVOICE = paper("invoice", invoice_number="INV-2025-118", invoice_date="2025-11-10",
                seller_name="凭祥市鸿运贸易有限公司", seller_address="Pingxiang, Guangxi, China",
                buyer_name="CÔNG TY TNHH THƯƠNG MẠI MINH ANH", buyer_tax_code="0100233488", currency="USD",
                total_amount=1000.0, origin_country="CN", hs_codes=["04021041"],
                items=[{"description": "Whole milk powder 25 kg bags", "hs_code": "04021041", "quantity": 100,
                        "unit": "bag", "unit_price": 10.0, "amount": 1000.0}])
CO = paper("co", form="E", reference_number="E254501001234", issue_date="2025-11-12",
           exporter_name="PINGXIANG HONGYUN TRADING CO., LTD", consignee_name="CTY TNHH TM MINH ANH",
           departure_date="2025-11-12", invoice_number="INV-2025-118", invoice_date="2025-11-10",
           hs_codes=["040210"], origin_criterion="WO", issuing_country="CN", importing_country="VN",
           third_party_invoicing=False, issued_retroactively=False, fob_value=1000.0,
           items=[{"hs_code": "040210", "quantity": 100, "unit": "bag", "origin_criterion": "WO"}])
PACKING_LIST = paper("packing_list", invoice_number="INV-2025-118", packages=100, gross_weight_kg=2600.0,
                     net_weight_kg=2500.0, items=[{"description": "Whole milk powder", "quantity": 100, "unit": "bag"}])
DECLARATION = paper("declaration", declaration_number="106512345670", declaration_date="2025-11-20",
                    type_code="A11", importer_tax_code="0100233488", importer_name="Công ty TNHH Thương mại Minh Anh",
                    exporter_name="Pingxiang Hongyun Trading Co. Ltd", hs_codes=["04021041"], total_value=1000.0,
                    currency="USD", origin_country="CN")
PAPERS = (INVOICE, CO, PACKING_LIST, DECLARATION)


def replaced(*changed: ocr.Document) -> tuple[ocr.Document, ...]:
    """PAPERS with the papers of the changed documents' types swapped for them."""
    types = {d.doc_type for d in changed}
    return tuple(d for d in PAPERS if d.doc_type not in types) + changed

"""render(): one page of a document kind drawn in a layout family drawn by the seed, then photographed."""
from __future__ import annotations

import random
from collections.abc import Callable, Mapping
from typing import Any

from PIL import Image

from bench.docgen import co, declaration, invoice, packing
from bench.docgen.layout import Ctx, Family
from bench.docgen.page import FACES, Page
from bench.docgen.photo import photograph
from bench.docgen.values import shipment
from bench.docgen.wording import Wording


class Kind:
    def __init__(self, families: Mapping[str, Family], languages: Mapping[str, tuple[tuple[str, ...], ...]],
                 eligible: Callable[[str, dict[str, Any]], bool], weights: Mapping[str, float] | None = None,
                 faces: Mapping[str, tuple[str, ...]] | None = None) -> None:
        self.families, self.languages, self.eligible = families, languages, eligible
        self.weights, self.faces = weights or {}, faces or {}


KINDS: dict[str, Kind] = {
    "invoice": Kind(invoice.FAMILIES, invoice.LANGUAGES, invoice.eligible,
                    {"vat_invoice": 5.0, "einvoice_printout": 1.5}, invoice.FACES),
    "packing_list": Kind(packing.FAMILIES, packing.LANGUAGES, packing.eligible, faces=packing.FACES),
    "co": Kind(co.FAMILIES, co.LANGUAGES, co.eligible, {"official": 2.0}, co.FACES),
    "declaration": Kind(declaration.FAMILIES, declaration.LANGUAGES, declaration.eligible,
                        {"vnaccs_grid": 2.0}, declaration.FACES),
}
LATIN_FACES = tuple(FACES)
CJK_FACES = ("NotoSansCJKsc", "NotoSansCJKsc", "NotoSerifCJKsc")


def families(doc_type: str) -> list[str]:
    return list(KINDS[doc_type].families)


def family_of(doc_type: str, fields: dict[str, Any], seed: int) -> str:
    """The layout family the seed draws for these fields (without drawing the page)."""
    kind = KINDS[doc_type]
    names = [n for n in kind.families if kind.eligible(n, fields)]
    return random.Random(f"{doc_type}:{seed}").choices(names, [kind.weights.get(n, 1.0) for n in names])[0]


def first_seed(doc_type: str, family: str, start: int = 0) -> int:
    """The first seed from `start` whose page of `doc_type` is drawn in `family`."""
    if family not in KINDS[doc_type].families:
        raise ValueError(f"no layout family {family!r} for {doc_type}; there are {families(doc_type)}")
    seed = start
    while family_of(doc_type, shipment(seed)["documents"][doc_type], seed) != family:
        seed += 1
    return seed


def draw(doc_type: str, fields: dict[str, Any], seed: int, family: str | None = None
         ) -> tuple[Page, dict[str, Any]]:
    """The flat page of `doc_type` drawn with `fields`, and its ground truth without the photo's part.

    The family is drawn from the seed among those that can print these fields; `family` overrides it
    (the rest of the page's draws stay those of the seed). The truth's `fields` hold only the fields the
    family printed, in canonical form; `printed` holds them as printed on the page.
    """
    kind = KINDS[doc_type]
    rng = random.Random(f"{doc_type}:{seed}")
    names = [n for n in kind.families if kind.eligible(n, fields)]
    chosen = rng.choices(names, [kind.weights.get(n, 1.0) for n in names])[0]  # = family_of(...)
    if family is not None:
        if family not in names:
            raise ValueError(f"layout family {family!r} cannot print these {doc_type} fields; it takes {names}")
        chosen = family
    face = rng.choice(kind.faces.get(chosen, LATIN_FACES))
    # templates' margins differ: the layout (15-195 mm across, 5-290 mm down) is scaled and moved on the
    # paper as far as it stays on it
    scale = rng.uniform(0.93, 1.01)
    offset = (rng.uniform(90 * scale - 102, 102 - 90 * scale),
              rng.uniform(143.5 * scale - 146.5, 146.5 - 141.5 * scale))
    page = Page(dpi=rng.randint(170, 215), face=face, cjk_face=rng.choice(CJK_FACES), size=rng.uniform(8.3, 10.2),
                scale=scale, offset=offset)
    languages = rng.choice(kind.languages[chosen])
    words = Wording.draw(rng, languages, vn_numbers="vi" in languages[:1])
    kind.families[chosen](Ctx(page, words, rng, fields))
    lines = page.lines()
    truth = {
        "id": f"docgen_{seed:05d}_{doc_type}",
        "doc_type": doc_type,
        "layout": chosen,
        "seed": seed,
        "render": {"dpi": page.dpi, "latin_font": page.face, "cjk_font": page.cjk_face,
                   "size_pt": round(page.size, 2), "layout_scale": round(scale, 3),
                   "layout_offset_mm": [round(offset[0], 1), round(offset[1], 1)]},
        "wording": {"languages": list(languages), "joiner": words.joiner, "colon": words.colon,
                    "upper": words.upper, "plain_vi": words.plain_vi, "date_format": words.date_format},
        "lines": lines,
        "text": "\n".join(lines),
        "fields": page.fields,
        "printed": page.printed,
    }
    return page, truth


def render(doc_type: str, fields: dict[str, Any], seed: int, family: str | None = None
           ) -> tuple[Image.Image, dict[str, Any]]:
    """The page of `doc_type` drawn with `fields` and photographed, and its ground truth (with `photo`)."""
    page, truth = draw(doc_type, fields, seed, family)
    photo, truth["photo"] = photograph(page.image, random.Random(f"photo:{doc_type}:{seed}"))
    return photo, truth


def document(doc_type: str, seed: int, family: str | None = None) -> tuple[Image.Image, dict[str, Any]]:
    """The page of `doc_type` of shipment(seed), photographed (in `family` if given)."""
    return render(doc_type, shipment(seed)["documents"][doc_type], seed, family)

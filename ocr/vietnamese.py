"""Vietnamese lines read again with the Vietnamese model alone, to keep their diacritics.

Read with vie+eng, tesseract lets the English model win whole lines of capitals: "CÔNG TY CỔ PHẦN NÔNG
SẢN" comes back "CONG TY CO PHAN NONG SAN" at 95 %, and PP-OCR (which has no Vietnamese letters) reads
lines tesseract missed the same way. The Vietnamese model alone reads those lines with their marks but
reads English worse, so only lines whose words look like Vietnamese syllables written without marks are
read again, all in one engine call, by the better Vietnamese model when installed (engine.vietnamese_model);
a word is taken from the second reading only when the two differ in diacritics alone and the second has
more of them. Lines PP-OCR read that stay without marks are left unsure.
"""
from __future__ import annotations

import csv
import re
import unicodedata
from difflib import SequenceMatcher
from functools import lru_cache
from pathlib import Path

import numpy as np

from .engine import Engine, Word, vietnamese_model
from .fill import FILL_BLOCKS
from .layout import union
from .normalise import fold
from .strip import stack

# A Vietnamese syllable without its marks: onset, one to three vowels, a final consonant (folded text).
SYLLABLE = re.compile(r"(?:ngh|ng|nh|ch|gh|gi|kh|ph|qu|th|tr|[bcdghklmnprstvx])?[aeiouy]{1,3}"
                      r"(?:ch|nh|ng|[cmnpt])?")
# Lines with at least this many words, this share of them such syllables, are worth a second reading.
MIN_SYLLABLES = 2
SYLLABLE_SHARE = 0.6
# At most this many lines are read again, so a page of prose cannot cost a second full pass.
MAX_LINES = 24
# A line read by PP-OCR that looks Vietnamese but kept no mark is shown unsure.
UNMARKED = 0.5
# Marks above capitals and dots below stand outside the box of a word read without them: each crop
# reaches beyond its line, with the words of the lines above and below whitened (else their halves are
# read as lines of their own and garble it: "côte t cố mầu" for "CÔNG TY CỔ PHẦN").
REACH_X = 0.5
REACH_Y = 0.25
# The words of Vietnamese company names with their marks (legal forms, trade words), with their source: the
# table checkpoint's screening reads, shipped beside ocr/ in the same installation; read as data, not code.
NAME_FORMS = Path(__file__).resolve().parents[1] / "checkpoint" / "data" / "name_forms.csv"
# What the crop's edge adds to a word: a bit of a rule or a neighbour read as a bracket or a mark.
EDGES = "[](){}|.,:;'\"‘’“”`_—-"


def restore_diacritics(image: np.ndarray, words: list[Word], engine: Engine) -> list[Word]:
    """The words, with those of Vietnamese-looking lines that lost their marks read again by vie alone.

    image: the page with its ruled lines erased, as the words were read: a box's rule beside a name is
    otherwise read as part of its first word ("[CÔNG"), which then matches no word of the first reading."""
    lines: dict[tuple[int, int, int], list[Word]] = {}
    for word in words:
        lines.setdefault(word.line, []).append(word)
    suspects = [ws for ws in lines.values() if looks_unmarked(ws)][:MAX_LINES]
    if not suspects:
        return words
    chosen = {id(w) for ws in suspects for w in ws}
    strip = stack([union(w.box for w in ws) for ws in suspects], image, REACH_X, REACH_Y,
                  blank=[w.box for w in words if id(w) not in chosen])
    reread = engine.words(strip.image, (vietnamese_model(),), psm=6)
    replaced: dict[int, Word] = {}
    for i, ws in enumerate(suspects):
        again = [w for w in reread if strip.crop_of(w) == i]
        for old, new in marked_twins(ws, again):
            replaced[id(old)] = Word(new.text, max(old.confidence, new.confidence), old.box, old.line)
        if ws[0].line[0] >= FILL_BLOCKS:
            for old in ws:
                if id(old) not in replaced and is_syllable(old.text):
                    replaced[id(old)] = Word(old.text, min(old.confidence, UNMARKED), old.box, old.line)
    return [replaced.get(id(w), w) for w in words]


def is_syllable(text: str) -> bool:
    folded = fold(text).strip(".,:;()")
    return folded.isascii() and bool(SYLLABLE.fullmatch(folded))


def looks_unmarked(words: list[Word]) -> bool:
    """Whether a line's words look like Vietnamese syllables with at least one printed without marks."""
    alphabetic = [w.text.strip(".,:;()") for w in words if any(c.isalpha() for c in w.text)]
    syllables = [t for t in alphabetic if is_syllable(t) or marks(t)]
    unmarked = [t for t in syllables if not marks(t) and t.isascii()]
    return (len(syllables) >= MIN_SYLLABLES and len(syllables) >= SYLLABLE_SHARE * len(alphabetic)
            and bool(unmarked))


def marks(text: str) -> int:
    """How many diacritics text carries: Ệ counts two (circumflex and dot below), so ĐIỆN has more than a
    misread ĐIÊN; đ's stroke counts one."""
    return sum(unicodedata.combining(c) > 0 for c in unicodedata.normalize("NFD", text)) + \
        sum(c in "đĐ" for c in text)


def marked_twins(old: list[Word], new: list[Word]) -> list[tuple[Word, Word]]:
    """Pairs (old word, new word) whose letters differ only in diacritics, the new one with more of them.

    The words are compared without what a crop's edge adds at either end; the new word comes back with
    the old one's ends, so only its marks are taken."""
    a, b = [fold(_core(w.text)) for w in old], [fold(_core(w.text)) for w in new]
    pairs = []
    for tag, i1, i2, j1, j2 in SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if tag != "equal":
            continue
        for o, n in zip(old[i1:i2], new[j1:j2]):
            core = _core(o.text)
            if not core or marks(_core(n.text)) <= marks(core):
                continue
            start = o.text.index(core)
            text = o.text[:start] + _core(n.text) + o.text[start + len(core):]
            pairs.append((o, Word(text, n.confidence, n.box, n.line)))
    return pairs


def _core(text: str) -> str:
    return text.strip(EDGES)


@lru_cache(maxsize=1)
def name_forms() -> dict[tuple[str, ...], tuple[str, ...]]:
    """Folded syllables → the marked syllables of each Vietnamese name form of two or more syllables that has
    marks ("cong ty" → CÔNG TY, "co phan" → CỔ PHẦN): one syllable alone is ambiguous (sua: SỮA or SỬA)."""
    with open(NAME_FORMS, encoding="utf-8") as handle:
        forms = [row["form"] for row in csv.DictReader(handle) if row["language"] == "vi"]
    return {tuple(fold(form).split()): tuple(form.split()) for form in forms if len(form.split()) >= 2 and marks(form)}


def restore_name_forms(words: list[Word]) -> list[Word]:
    """The words, with each run that spells a Vietnamese name form without (or with wrong) marks given the
    form's marks: tesseract reads the tone of a capital wrong ("CÔNG TY CỔ PHẦN" as "CỘNG TY CO PHAN") even
    when both models agree, and these forms have one spelling. Only marks change: letters, case and the
    crop's edges stay as read."""
    forms = name_forms()
    longest = max((len(f) for f in forms), default=0)
    out = list(words)
    i = 0
    while i < len(out):
        for size in range(min(longest, len(out) - i), 1, -1):
            run = out[i:i + size]
            if len({w.line for w in run}) > 1:
                continue
            form = forms.get(tuple(fold(_core(w.text)) for w in run))
            if form is None:
                continue
            for j, (word, syllable) in enumerate(zip(run, form)):
                out[i + j] = Word(_with_marks(word.text, syllable), word.confidence, word.box, word.line)
            i += size - 1
            break
        i += 1
    return out


def _with_marks(text: str, syllable: str) -> str:
    """The word as read with the syllable's marks, letter case as read (an upper-case form on a title-case
    word gives "Công", not "CÔNG")."""
    core = _core(text)
    start = text.index(core)
    marked = "".join(m if c.isupper() else m.lower() for c, m in zip(core, syllable))
    return text[:start] + marked + text[start + len(core):]

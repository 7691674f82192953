"""Vietnamese lines read again with the Vietnamese model alone, to keep their diacritics.

Read with vie+eng, tesseract lets the English model win whole lines of capitals: "CÔNG TY CỔ PHẦN NÔNG
SẢN" comes back "CONG TY CO PHAN NONG SAN" at 95 %, and PP-OCR (which has no Vietnamese letters) reads
lines tesseract missed the same way. The Vietnamese model alone reads those lines with their marks but
reads English worse, so only lines whose words look like Vietnamese syllables written without marks are
read again, all in one engine call; a word is taken from the second reading only when the two differ in
diacritics alone. Lines PP-OCR read that stay without marks are left unsure.
"""
from __future__ import annotations

import re
from difflib import SequenceMatcher

import numpy as np

from .engine import Engine, Word
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


def restore_diacritics(image: np.ndarray, words: list[Word], engine: Engine) -> list[Word]:
    """The words, with those of Vietnamese-looking lines that lost their marks read again by vie alone."""
    lines: dict[tuple[int, int, int], list[Word]] = {}
    for word in words:
        lines.setdefault(word.line, []).append(word)
    suspects = [ws for ws in lines.values() if looks_unmarked(ws)][:MAX_LINES]
    if not suspects:
        return words
    strip = stack([union(w.box for w in ws) for ws in suspects], image, 0.5, 0.25)
    reread = engine.words(strip.image, ("vie",), psm=6)
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
    """How many letters of text carry a diacritic (đ counted)."""
    return sum(1 for c, f in zip(text, fold(text)) if c.lower() != f)


def marked_twins(old: list[Word], new: list[Word]) -> list[tuple[Word, Word]]:
    """Pairs (old word, new word) that differ only in diacritics, the new one with more of them."""
    a, b = [fold(w.text) for w in old], [fold(w.text) for w in new]
    pairs = []
    for tag, i1, i2, j1, j2 in SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if tag != "equal":
            continue
        for o, n in zip(old[i1:i2], new[j1:j2]):
            if marks(n.text) > marks(o.text) and n.text != o.text:
                pairs.append((o, n))
    return pairs

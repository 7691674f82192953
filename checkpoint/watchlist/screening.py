"""Screening a value against the watchlists: normalisation (DOMAIN.md §7), an index, scores with reasons.

Names are compared on their *distinctive* words only. Legal forms (TNHH, CO., LTD, 有限公司) are dropped
and generic business words (THƯƠNG MẠI, TM, TRADING, 贸易) are set aside: sharing them is never a reason
to match. So are the names of places a firm's name begins or ends with (GUANGXI PINGXIANG, LẠNG SƠN):
two firms of one town share them, and one name may be printed with its town, another without; two
different towns, or two different trades (FOOD, DAIRY), tell two firms apart. Chinese characters are
compared through their pinyin, so a name printed in Hanzi on one paper and in Latin letters on another
meets in the middle. Identifiers match exactly after
normalisation. Candidates come from an inverted index of words, joined word pairs and trigrams,
weighted by rarity; only the best few are scored with rapidfuzz.
"""
from __future__ import annotations

import csv
import math
import re
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

import numpy as np
from pypinyin import lazy_pinyin
from rapidfuzz.distance import Levenshtein

from scanners import cccd, gtin, mst, passport, plates

from .. import i18n
from ..errors import N_
from ..i18n import Message
from ..settings import DATA_DIR
from ..values import identifier_reason

DEFAULT_THRESHOLD = 0.90
KINDS = ("any", "name", "tax_code", "plate", "gtin", "id_number", "co_reference", "phone")
IDENTIFIER_KINDS = KINDS[2:]
CANDIDATES = 24
"""How many of the best-blocked candidates get a full rapidfuzz score."""
ELSEWHERE = 0.85
"""Score factor for two names of different towns, or of different trades: below any useful threshold for the
same distinctive words, so that GUANGXI DONGXING HUATONG is not GUANGXI PINGXIANG HUATONG."""

_HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
_NOT_ALNUM = re.compile(r"[^0-9a-z]+")
_PARENTHESISED = re.compile(r"[(\[（【]([^)\]）】]*)[)\]）】]")
_ALIAS_SEPARATORS = re.compile(r"[;|]")
# OCR confuses these glyphs; both sides of a comparison are mapped the same way (PassportEye's idea).
_CONFUSABLE = str.maketrans({"0": "o", "1": "l", "i": "l", "5": "s", "8": "b", "6": "g", "2": "z"})
_CONFUSABLE_PAIRS = (("rn", "m"), ("vv", "w"))
# Cyrillic and Greek letters drawn like Latin ones: a spoofed name ("САМ" in Cyrillic) or an OCR slip reads
# as the Latin name. Only words whose every such letter has a twin, or that mix in Latin letters, are mapped,
# so that a real Russian or Greek name keeps its letters.
_LATIN_TWINS = dict(zip("АВЕЅІЈКМНОРСТУХԁԛԝӀҺаеѕіјкорсхуһӏԁ" "ΑΒΕΖΗΙΚΜΝΟΡΤΥΧαβεζηικμνορτυχ",
                        "ABESIJKMHOPCTYXdqwlhaesijkopcxyhld" "ABEZHIKMNOPTYXabezhikmnoptyx", strict=True))
_LATIN_TWIN_TABLE = str.maketrans(_LATIN_TWINS)
_FOREIGN_WORD = re.compile(r"\w*[\u0370-\u03ff\u0400-\u052f]\w*")
_LATIN = re.compile(r"[A-Za-z]")
# Letters OCR gives for digits in a field that holds only digits (PassportEye's per-position fix).
_DIGIT_TWINS = str.maketrans("OoQIl|SsZzB", "00011155228")


@dataclass(frozen=True)
class Reason:
    """Why a hit matched: an English msgid and its parameters, rendered in the officer's language."""
    msgid: str
    params: dict[str, Any] = field(default_factory=dict)

    def text(self, lang: str) -> str:
        return i18n.translate(self.msgid, lang, self.params or None)

    def both(self) -> dict[str, str]:
        return i18n.both(self.msgid, self.params or None)


# ---------------------------------------------------------------- normalisation


def strip_diacritics(text: str) -> str:
    """Vietnamese (and any Latin) letters without their marks; đ/Đ become d (NFD leaves them whole)."""
    decomposed = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    return unicodedata.normalize("NFC", "".join(c for c in decomposed if unicodedata.category(c) != "Mn"))


def has_diacritics(text: str) -> bool:
    return strip_diacritics(text) != text


def has_han(text: str) -> bool:
    return _HAN.search(text) is not None


def latinise(text: str) -> str:
    """Cyrillic and Greek look-alikes of Latin letters as the Latin letters, word by word (see _LATIN_TWINS)."""
    def word(match: re.Match[str]) -> str:
        found = match.group(0)
        foreign = [c for c in found if "\u0370" <= c <= "\u052f"]
        return found.translate(_LATIN_TWIN_TABLE) if _LATIN.search(found) or all(
            c in _LATIN_TWINS for c in foreign) else found
    return _FOREIGN_WORD.sub(word, text)


def fold(text: str) -> str:
    """Lower-case ASCII words: NFKC, Latin look-alikes, casefold, Hanzi to toneless pinyin, marks stripped."""
    text = latinise(unicodedata.normalize("NFKC", text)).casefold()
    if has_han(text):
        text = " ".join(lazy_pinyin(text))
    return " ".join(_NOT_ALNUM.sub(" ", strip_diacritics(text)).split())


def skeleton(word: str) -> str:
    """A word with OCR-confusable glyphs merged (0/o, 1/l/i, 5/s, 8/b, rn/m …)."""
    for pair, single in _CONFUSABLE_PAIRS:
        word = word.replace(pair, single)
    return word.translate(_CONFUSABLE)


def compact(text: str) -> str:
    """Upper-case letters and digits only: the exact-match form of identifiers and C/O numbers."""
    return "".join(c for c in latinise(unicodedata.normalize("NFKC", text)).upper() if c.isalnum())


def normalise_plate(text: str) -> str:
    """DOMAIN.md §7: remove -, ., ·, spaces; upper-case (Chinese province characters kept)."""
    return compact(text)


def normalise_tax_code(text: str) -> str:
    """Digits only, letters OCR or a forger puts for digits (O for 0, I for 1) read as those digits."""
    text = latinise(unicodedata.normalize("NFKC", text)).translate(_DIGIT_TWINS)
    return "".join(c for c in text if c.isdigit() and c.isascii())


def normalise_gtin(text: str) -> str:
    """GTIN-14, the canonical stored form; anything that is not 8–14 digits is left compacted."""
    digits = compact(text)
    as_digits = digits.translate(_DIGIT_TWINS)
    return as_digits.zfill(14) if as_digits.isascii() and as_digits.isdigit() and 8 <= len(as_digits) <= 14 \
        else digits


_PHONE_PUNCTUATION = re.compile(r"[\s().\-/·]+")
_VN_PHONE = re.compile(r"84(?:[35789]\d{8}|2\d{9})")
"""A Vietnamese mobile (84 9x… 9 digits) or a landline since 2017 (84 2xx…, 10 digits), country code first."""
_CN_MOBILE = re.compile(r"861[3-9]\d{9}")
_INTERNATIONAL = re.compile(r"[1-9]\d{7,14}")
"""E.164: a country code and at most 15 digits in all."""


def normalise_phone(text: str) -> str:
    """Digits with the country code (84 for Vietnam, 86 for China), '' for what is no phone number.

    +84 / 0084 / 84… and a domestic 0… are Vietnamese (the tablet is in Vietnam, so a domestic number is one
    of ours); a trunk 0 after a country code ('+84 (0)912…') is dropped; an 11-digit number beginning with 1
    is a Chinese mobile, printed without +86 on Chinese papers. Other numbers are kept only when written
    with + or 00, as digits."""
    text = _PHONE_PUNCTUATION.sub("", latinise(unicodedata.normalize("NFKC", text)).translate(_DIGIT_TWINS))
    international = text.startswith(("+", "00"))
    digits = text.lstrip("+")
    if not digits.isascii() or not digits.isdigit():
        return ""
    if international:
        digits = digits.removeprefix("00")
        for code in ("84", "86"):
            if digits.startswith(code + "0"):
                digits = code + digits[2:].lstrip("0")
    elif digits.startswith("0"):
        digits = "84" + digits[1:]
    elif len(digits) == 11 and digits.startswith("1"):
        digits = "86" + digits
    elif not (_VN_PHONE.fullmatch(digits) or _CN_MOBILE.fullmatch(digits)):
        return ""
    return digits if _INTERNATIONAL.fullmatch(digits) else ""


def phone_problem(text: str) -> Message | None:
    """Why `text` is not a Vietnamese or Chinese mobile or Vietnamese landline number we can screen."""
    digits = normalise_phone(text)
    if _VN_PHONE.fullmatch(digits) or _CN_MOBILE.fullmatch(digits) or (
            digits and not digits.startswith(("84", "86"))):
        return None
    return Message(N_("expected a Vietnamese number (0912 345 678, +84 912 345 678) or a Chinese mobile"
                      " (+86 138 1234 5678)"))


EXACT_REASONS = {"tax_code": N_("same tax code"), "plate": N_("same plate once separators are removed"),
                 "gtin": N_("same GTIN (compared as GTIN-14)"), "id_number": N_("same ID number"),
                 "co_reference": N_("same C/O reference number"),
                 "phone": N_("same phone number once the country code is written the same")}
NORMALISE = {"tax_code": normalise_tax_code, "plate": normalise_plate, "gtin": normalise_gtin,
             "id_number": compact, "co_reference": compact, "phone": normalise_phone}


@dataclass(frozen=True)
class Form:
    words: tuple[str, ...]
    role: str
    """legal or connector (dropped), or generic (set aside under its canonical form)."""
    canonical: str
    written: str


@lru_cache(maxsize=1)
def forms() -> dict[str, tuple[Form, ...]]:
    """name_forms.csv by first word (folded, skeletonised so that OCR damage does not hide a legal form),
    longest phrase first so the greedy scan prefers it."""
    by_first: dict[str, list[Form]] = defaultdict(list)
    with open(DATA_DIR / "name_forms.csv", encoding="utf-8") as f:
        for row in csv.DictReader(f):
            words = tuple(skeleton(w) for w in fold(row["form"]).split())
            by_first[words[0]].append(Form(words, row["role"], row["canonical"], row["form"]))
    return {k: tuple(sorted(v, key=lambda form: -len(form.words))) for k, v in by_first.items()}


@lru_cache(maxsize=1)
def places() -> dict[tuple[str, ...], str]:
    """place_names.csv: each place's words (folded, skeletonised), and the same written as one word as English
    papers write them (PINGXIANG for 凭祥 'ping xiang') → the place as the file first spells it."""
    found: dict[tuple[str, ...], str] = {}
    spelt: dict[str, str] = {}
    with open(DATA_DIR / "place_names.csv", encoding="utf-8") as f:
        for row in csv.DictReader(f):
            words = tuple(skeleton(w) for w in fold(row["place"]).split())
            found[words] = found[("".join(words),)] = spelt.setdefault("".join(words), row["place"])
    return found


def _place_length(words: list[str]) -> int:
    """How many of the first words name a place (0: none); the longest place is taken."""
    table = places()
    return next((n for n in (3, 2, 1) if n <= len(words) and tuple(words[:n]) in table), 0)


def _set_aside_places(words: list[str]) -> tuple[range, tuple[str, ...]]:
    """The span of distinctive words between the places a name begins and ends with, and those places. A
    name of places only (CÔNG TY TNHH HỮU NGHỊ) keeps them all as its words: they are then all it has."""
    table = places()
    found: list[str] = []
    start = 0
    while n := _place_length(words[start:]):
        found.append(table[tuple(words[start:start + n])])
        start += n
    end = len(words)
    while end > start and (n := next((k for k in (3, 2, 1) if end - k >= start
                                      and tuple(words[end - k:end]) in table), 0)):
        found.append(table[tuple(words[end - n:end])])
        end -= n
    if start == end:
        return range(len(words)), ()
    return range(start, end), tuple(dict.fromkeys(found))


@dataclass(frozen=True)
class NameKey:
    """One spelling of a name, reduced to what tells it apart from other names."""
    words: tuple[str, ...]
    """Distinctive words, folded and skeletonised, in printed order."""
    generic: frozenset[str]
    """Canonical generic words present (THƯƠNG MẠI …)."""
    generic_written: tuple[tuple[str, str], ...]
    """(as written, canonical) for each generic word: tells TM from THƯƠNG MẠI in the reasons."""
    legal: bool
    han: bool
    folded: str
    """The distinctive words folded but not skeletonised: tells OCR repair from an exact match."""
    repaired: tuple[tuple[str, str], ...] = ()
    """(as read, form) for each legal form or generic word recognised through a misread letter."""
    places: tuple[str, ...] = ()
    """The places set aside (see _set_aside_places), as place_names.csv spells them."""
    trades: frozenset[str] = frozenset()
    """Canonical trade words present (THỰC PHẨM for FOOD, 食品): part of `generic`, and telling firms apart."""
    whole: tuple[str, ...] = ()
    """The distinctive words with the places kept: what a name naming its places on one side only is also
    compared by (THỊNH BÌNH GIA, words reordered, ends with the district BÌNH GIA)."""

    @property
    def joined(self) -> str:
        return "".join(self.words)

    @property
    def sorted_joined(self) -> str:
        return "".join(sorted(self.words))


@lru_cache(maxsize=1)
def _phrases_by_word() -> dict[tuple[str, int], tuple[Form, ...]]:
    """(word, its position in the phrase) → the forms of several words that have it there."""
    found: dict[tuple[str, int], list[Form]] = defaultdict(list)
    for form in (f for same_start in forms().values() for f in same_start if len(f.words) > 1):
        for position, word in enumerate(form.words):
            found[(word, position)].append(form)
    return {k: tuple(v) for k, v in found.items()}


def _damaged_form(words: list[str], i: int, vocabulary: frozenset[str] | None) -> Form | None:
    """A form of several words (CÔNG TY, THƯƠNG MẠI) with one of its longer words misread by one letter
    ('CNG TY', 'THƯƠG MẠI'): left in, the damaged word would count as a distinctive word of the name.

    Many forms are a letter away from words of names (ĐÔNG CÔNG TY is not TỔNG CÔNG TY, PHÁT TIẾN not
    PHÁT TRIỂN), so the misread word must not be a word of the lists (`vocabulary`). Without a vocabulary
    only legal forms are recognised so, and only at the start of the name."""
    table = _phrases_by_word()
    candidates = {f for offset, word in enumerate(words[i:i + 4]) for f in table.get((word, offset), ())}
    for form in sorted(candidates, key=lambda f: -len(f.words)):
        found = words[i:i + len(form.words)]
        if len(found) != len(form.words) or (vocabulary is None and (form.role != "legal" or i > 0)):
            continue
        misread = [a for a, b in zip(found, form.words) if a != b]
        if len(misread) == 1 and misread[0] not in (vocabulary or ()) and all(
                a == b or (len(b) >= 4 and Levenshtein.distance(a, b) <= 1) for a, b in zip(found, form.words)):
            return form
    return None


def name_key(text: str, vocabulary: frozenset[str] | None = None) -> NameKey:
    """`vocabulary`: the distinctive words of the lists screened against, when known (see _damaged_form)."""
    folded = fold(text).split()
    words = [skeleton(w) for w in folded]
    table = forms()
    kept: list[int] = []
    generic: set[str] = set()
    generic_written: list[tuple[str, str]] = []
    repaired: list[tuple[str, str]] = []
    trades: set[str] = set()
    legal = False
    i = 0
    while i < len(words):
        form = next((f for f in table.get(words[i], ()) if tuple(words[i:i + len(f.words)]) == f.words), None)
        if form is None and (form := _damaged_form(words, i, vocabulary)):
            repaired.append((" ".join(folded[i:i + len(form.words)]), form.written))
        if form is None:
            kept.append(i)
            i += 1
            continue
        if form.role == "legal":
            legal = True
        elif form.role in ("generic", "trade"):
            generic.add(form.canonical)
            generic_written.append((form.written, form.canonical))
            trades.update([form.canonical] if form.role == "trade" else [])
        i += len(form.words)
    whole = tuple(words[i] for i in kept)
    span, found_places = _set_aside_places(list(whole))
    kept = [kept[n] for n in span]
    return NameKey(tuple(words[i] for i in kept), frozenset(generic), tuple(generic_written), legal,
                   has_han(text), " ".join(folded[i] for i in kept), tuple(repaired), found_places,
                   frozenset(trades), whole)


def aliases(text: str) -> list[str]:
    """The spellings one name field holds: the name without its parenthesised parts, each such part,
    and each of several names separated by ';' or '|'."""
    found = []
    for part in _ALIAS_SEPARATORS.split(text):
        found.append(_PARENTHESISED.sub(" ", part))
        found.extend(_PARENTHESISED.findall(part))
    return [a.strip() for a in found if a.strip()]


def blocking_keys(key: NameKey) -> set[str]:
    """Words, adjacent words joined (so 'ping xiang' meets 'pingxiang'), the words in any order, and
    trigrams of the joined name (so a damaged word still shares most of its letters); of the distinctive
    words, and of the words with their places kept (see NameKey.whole)."""
    keys: set[str] = set()
    for words in {key.words, key.whole or key.words}:
        keys.update(words)
        keys.add("~" + "".join(sorted(words)))
        keys.update(a + b for a, b in zip(words, words[1:]))
        joined = "".join(words)
        keys.update("#" + joined[i:i + 3] for i in range(len(joined) - 2))
    return keys


def _spelled_by(word: str, words: tuple[str, ...]) -> bool:
    """The word is several consecutive `words` written together ('pingxiang')."""
    return any("".join(words[i:j]) == word for i in range(len(words)) for j in range(i + 2, len(words) + 1))


def _part_of_joined(n: int, words: tuple[str, ...], others: tuple[str, ...]) -> bool:
    """words[n] belongs to a run of consecutive words that another spelling writes as one ('ping xiang')."""
    joined = set(others)
    return any("".join(words[i:j]) in joined for i in range(n + 1) for j in range(max(n + 1, i + 2), len(words) + 1))


def name_similarity(query: NameKey, entry: NameKey,
                    vocabulary: frozenset[str] = frozenset()) -> tuple[float, bool]:
    """(score 0–1, whether word order had to be ignored). Generic words never raise a score; a
    generic word on both sides that disagrees lowers it a little.

    Vietnamese and pinyin names are built from a closed stock of syllables, so one letter can make
    another name (HOÀN, HOÀNG). A query word that is itself a word of the lists (`vocabulary`) but not
    of this entry is therefore a different word, not a misreading, and the names do not match."""
    if not query.words or not entry.words:
        return 0.0, False
    if vocabulary:
        # Words the entry set aside as a place may be the query's own words (see NameKey.whole).
        theirs = (entry.whole or entry.words) if set(query.places) != set(entry.places) else entry.words
        if len(set(query.words)) == len(query.words):
            extra = [n for n, w in enumerate(query.words) if w not in theirs]
        else:  # a repeated word must be repeated in the entry too
            unmatched = Counter(query.words) - Counter(theirs)
            extra = [n for n, w in enumerate(query.words) if unmatched[w]]
        if any(query.words[n] in vocabulary and not _spelled_by(query.words[n], theirs)
               and not _part_of_joined(n, query.words, theirs) for n in extra):
            return 0.0, False
    in_order = Levenshtein.normalized_similarity(query.joined, entry.joined)
    any_order = Levenshtein.normalized_similarity(query.sorted_joined, entry.sorted_joined)
    if set(query.places) != set(entry.places):  # what one side took for a place may be the other's words
        in_order = max(in_order, Levenshtein.normalized_similarity("".join(query.whole), "".join(entry.whole)))
        any_order = max(any_order, Levenshtein.normalized_similarity("".join(sorted(query.whole)),
                                                                     "".join(sorted(entry.whole))))
    score = max(in_order, any_order)
    # Short names are words of a small syllable stock: one letter off is another name (Minh An, Minh Anh).
    if min(len(query.joined), len(entry.joined)) < 8 and score < 1.0:
        score *= 0.9
    if query.generic and entry.generic and not (query.generic & entry.generic):
        # A name whose words only name a place (CÔNG TY CP THƯƠNG MẠI TÂN THANH) is told apart by its trade
        # words alone: another trade (VẬN TẢI VÀ LOGISTICS TÂN THANH) is another firm of that place.
        score *= ELSEWHERE if places_only(query) or places_only(entry) else 0.95
    if elsewhere(query, entry) or (query.trades and entry.trades and not query.trades & entry.trades):
        score *= ELSEWHERE
    return score, any_order > in_order


def places_only(key: NameKey) -> bool:
    """Every distinctive word of the name belongs to a place of place_names.csv."""
    start = 0
    while n := _place_length(list(key.words[start:])):
        start += n
    return bool(key.words) and start == len(key.words)


def elsewhere(query: NameKey, entry: NameKey) -> bool:
    """Each name has a place the other lacks (DONGXING against PINGXIANG): firms of two towns. One name
    naming its province and town and the other its town only is no disagreement."""
    return bool(set(query.places) - set(entry.places)) and bool(set(entry.places) - set(query.places))


# ---------------------------------------------------------------- entries, hits and the index


@dataclass(frozen=True)
class Entry:
    id: str
    list: str
    version: str
    kind: str
    name: str | None = None
    tax_code: str | None = None
    plate: str | None = None
    gtin: str | None = None
    id_number: str | None = None
    co_reference: str | None = None
    batch: str | None = None
    note: str | None = None
    phone: str | None = None

    def as_dict(self) -> dict[str, Any]:
        return {k: v for k, v in self.__dict__.items() if v is not None}


@dataclass(frozen=True)
class Hit:
    entry: Entry
    matched_on: str
    """name, tax_code, plate, gtin, id_number, co_reference or phone."""
    score: float
    reasons: tuple[Reason, ...]

    def as_dict(self, lang: str) -> dict[str, Any]:
        return {"list": self.entry.list, "entry_id": self.entry.id, "kind": self.entry.kind,
                "name": self.entry.name, "matched_on": self.matched_on,
                "value": getattr(self.entry, self.matched_on), "score": round(self.score, 3),
                "reasons": [r.text(lang) for r in self.reasons]}


def _name_reasons(query_text: str, query: NameKey, entry_text: str, entry: NameKey, score: float,
                  reordered: bool) -> tuple[Reason, ...]:
    """Why two spellings match, in the order an officer would check them, each reason once."""
    reasons = [*_script_reasons(query_text, query, entry_text, entry), *_abbreviation_reasons(query, entry)]
    reasons += [Reason(N_("'%(found)s' read as %(form)s"), {"found": found, "form": form})
                for found, form in query.repaired]
    reasons += _word_reasons(query, entry, reordered)
    if score < 1.0:
        reasons.append(Reason(N_("spelling differs slightly (%(percent)d%% similar)"),
                              {"percent": int(score * 100)}))
    unique: dict[tuple[str, tuple[tuple[str, Any], ...]], Reason] = {}
    for reason in reasons:
        unique.setdefault((reason.msgid, tuple(sorted(reason.params.items()))), reason)
    return tuple(unique.values())


def _script_reasons(query_text: str, query: NameKey, entry_text: str, entry: NameKey) -> list[Reason]:
    """Hanzi against Latin letters, or diacritics on one side only."""
    if query.han != entry.han:
        return [Reason(N_("Chinese characters compared through pinyin"))]
    if has_diacritics(entry_text) != has_diacritics(query_text):
        return [Reason(N_("diacritics removed"))]
    return []


def _abbreviation_reasons(query: NameKey, entry: NameKey) -> list[Reason]:
    """A generic word both sides hold but write differently (TM, THƯƠNG MẠI): each short spelling."""
    reasons = []
    for canonical in sorted(query.generic & entry.generic):
        spellings = [{w for w, c in key.generic_written if c == canonical} for key in (query, entry)]
        if spellings[0] != spellings[1]:
            reasons += [Reason(N_("%(short)s = %(long)s"), {"short": written, "long": canonical})
                        for key in (query, entry) for written, c in key.generic_written
                        if c == canonical and fold(written) != fold(canonical)]
    return reasons


def _word_reasons(query: NameKey, entry: NameKey, reordered: bool) -> list[Reason]:
    """A legal form or a place on one side only, the words in another order, split otherwise or misread alike."""
    reasons = []
    if query.legal != entry.legal:
        reasons.append(Reason(N_("legal form ignored")))
    if aside := [p for p in dict.fromkeys(query.places + entry.places) if (p in query.places) != (p in entry.places)]:
        reasons.append(Reason(N_("place name set aside: %(places)s"), {"places": ", ".join(aside)}))
    if reordered:
        reasons.append(Reason(N_("word order differs")))
    elif query.folded != entry.folded and query.joined == entry.joined:
        if query.folded.replace(" ", "") == entry.folded.replace(" ", ""):
            reasons.append(Reason(N_("words split differently")))
        else:
            reasons.append(Reason(N_("OCR look-alike characters (0/O, 1/I, rn/m)")))
    return reasons


class Index:
    """The entries of the lists in force, ready for screening: exact maps for identifiers, an inverted
    index for names. Built once per watchlist version and reused."""

    def __init__(self, entries: Iterable[Entry], version: str = "") -> None:
        self.version = version
        self.entries: list[Entry] = list(entries)
        self.exact: dict[str, dict[str, list[int]]] = {kind: defaultdict(list) for kind in IDENTIFIER_KINDS}
        self.alias_entry: list[int] = []
        self.alias_text: list[str] = []
        self.alias_key: list[NameKey] = []
        postings: dict[str, list[int]] = defaultdict(list)
        for number, entry in enumerate(self.entries):
            for kind in IDENTIFIER_KINDS:
                value = getattr(entry, kind)
                if value:
                    self.exact[kind][NORMALISE[kind](value)].append(number)
            for alias in aliases(entry.name or ""):
                key = name_key(alias)
                if not key.words:
                    continue
                alias_number = len(self.alias_key)
                self.alias_entry.append(number)
                self.alias_text.append(alias)
                self.alias_key.append(key)
                for block in blocking_keys(key):
                    postings[block].append(alias_number)
        aliases_total = max(1, len(self.alias_key))
        self.postings = {k: np.asarray(v, dtype=np.int32) for k, v in postings.items()}
        # Squared idf: candidates are ranked by the cosine of binary tf-idf vectors, so that a short entry
        # sharing all its rare keys outranks a long one sharing the same keys among many others.
        self.weight = {k: math.log(1 + aliases_total / len(v)) ** 2 for k, v in postings.items()}
        norms = np.zeros(len(self.alias_key))
        for k, v in self.postings.items():
            np.add.at(norms, v, self.weight[k])
        self.norm = np.sqrt(np.maximum(norms, 1e-9))
        self.vocabulary = frozenset(w for key in self.alias_key for w in key.words)
        """Every distinctive word of the lists: a query word that is one of them is a word, not damage."""

    def screen(self, text: str, kind: str = "any", threshold: float = DEFAULT_THRESHOLD) -> list[Hit]:
        """Hits at or above the threshold, best first, one per entry."""
        if kind not in KINDS:
            raise ValueError(f"unknown kind {kind!r}")
        hits: list[Hit] = []
        for identifier in (IDENTIFIER_KINDS if kind == "any" else (kind,) if kind != "name" else ()):
            hits.extend(self._exact(identifier, text))
        if kind in ("any", "name"):
            hits.extend(self._names(text, threshold))
        best: dict[str, Hit] = {}
        for hit in sorted(hits, key=lambda h: (-h.score, len(h.reasons))):
            best.setdefault(hit.entry.id, hit)
        return list(best.values())

    def _exact(self, kind: str, text: str) -> list[Hit]:
        value = NORMALISE[kind](text)
        if not value:
            return []
        hits = [Hit(self.entries[n], kind, 1.0, (Reason(EXACT_REASONS[kind]),))
                for n in self.exact[kind].get(value, ())]
        # A branch (13 digits) of a listed parent tax code is the same enterprise: a strong lead, not proof.
        if kind == "tax_code" and len(value) == 13:
            hits += [Hit(self.entries[n], kind, 0.95, (Reason(N_("branch %(branch)s of a listed tax code"),
                                                              {"branch": value[10:]}),))
                     for n in self.exact[kind].get(value[:10], ())]
        return hits

    def candidates(self, key: NameKey, limit: int = CANDIDATES) -> list[int]:
        """Aliases sharing the most rare blocking keys with the query (no loop over the entries)."""
        found = sorted(((self.postings[k], self.weight[k]) for k in blocking_keys(key) if k in self.postings),
                       key=lambda f: len(f[0]))
        # Keys common to a large share of the lists weigh next to nothing; summing their long postings
        # would cost more than everything else, so the rarest keys are taken first, up to a budget.
        budget = max(5_000, len(self.alias_key) // 4)
        taken: list[tuple[np.ndarray, float]] = []
        for posting, weight in found:
            if taken and sum(len(p) for p, _ in taken) + len(posting) > budget:
                break
            taken.append((posting, weight))
        if not taken:
            return []
        ids = np.concatenate([p for p, _ in taken])
        weights = np.concatenate([np.full(len(p), w, dtype=np.float32) for p, w in taken])
        unique, inverse = np.unique(ids, return_inverse=True)
        totals = np.bincount(inverse, weights=weights) / self.norm[unique]
        if len(unique) > limit:
            return unique[np.argpartition(-totals, limit)[:limit]].tolist()
        return unique.tolist()

    def _names(self, text: str, threshold: float) -> list[Hit]:
        hits = []
        for alias in aliases(text):
            key = name_key(alias, self.vocabulary)
            if not key.words:
                continue
            for number in self.candidates(key):
                score, reordered = name_similarity(key, self.alias_key[number], self.vocabulary)
                if score >= threshold:
                    hits.append(Hit(self.entries[self.alias_entry[number]], "name", score,
                                    _name_reasons(alias, key, self.alias_text[number], self.alias_key[number],
                                                  score, reordered)))
        return hits


# ---------------------------------------------------------------- identifier validity (watchlist import)

_VN_CO_REFERENCE = re.compile(r"^VN-[A-Z]{2}\s?\d{2}/\d{2}/\d{5}$")


def identifier_problem(kind: str, value: str) -> Message | None:
    """Why `value` cannot be a `kind` identifier, or None if it can. The identifiers are scanners' to check."""
    text = " ".join(unicodedata.normalize("NFKC", value).upper().split())
    if kind == "tax_code":  # individuals use their 12-digit CCCD number (DOMAIN §3.1): mst.parse knows
        return identifier_reason(mst.parse(text))
    if kind == "gtin":
        return identifier_reason(gtin.parse(compact(text)))
    if kind == "id_number":
        digits = compact(text)
        if digits.isascii() and digits.isdigit() and len(digits) == 9:  # the old CMND
            return None
        if passport.is_valid(digits) or cccd.parse_id(digits).valid:
            return None
        return Message(N_("expected a 12-digit CCCD, a 9-digit CMND or a passport number"))
    if kind == "plate":
        return identifier_reason(plates.parse(text))
    if kind == "co_reference":
        if text.startswith("VN-") and not _VN_CO_REFERENCE.match(text):
            return Message(N_("a Vietnamese C/O number reads VN-XX YY/NN/NNNNN"))
        if not 4 <= len(compact(text)) <= 40:
            return Message(N_("expected 4 to 40 letters and digits"))
        return None
    if kind == "phone":
        return phone_problem(text)
    if kind == "batch":
        return None if 0 < len(text) <= 20 else Message(N_("expected 1 to 20 characters (GS1 AI 10)"))
    raise ValueError(f"unknown identifier kind {kind!r}")

"""Screening finds the spellings officers meet, says why, and leaves alone names that only share generic words."""
from __future__ import annotations

import random

import pytest

from checkpoint.watchlist import screening
from checkpoint.watchlist.screening import Entry, Index

ENTRIES = [
    Entry("hl", "hq", "hq@1", "company", name="CÔNG TY TNHH THƯƠNG MẠI HOÀNG LONG", tax_code="0100109106"),
    Entry("hy", "hq", "hq@1", "company", name="凭祥市鸿运贸易有限公司"),
    Entry("pb", "hq", "hq@1", "company", name="CÔNG TY CỔ PHẦN XUẤT NHẬP KHẨU PHÚ BÌNH (PHU BINH IMEX JSC)"),
    Entry("nv", "hq", "hq@1", "person", name="NGUYỄN VĂN THÀNH", id_number="020095001234"),
    Entry("tr", "hq", "hq@1", "vehicle", plate="12C-123.45"),
    Entry("cn", "hq", "hq@1", "vehicle", plate="桂F·88888"),
    Entry("mk", "hq", "hq@1", "product", gtin="8934588012228"),
    Entry("co", "hq", "hq@1", "document", co_reference="VN-CN 25/02/00005"),
]


@pytest.fixture(scope="module")
def index() -> Index:
    return Index(ENTRIES, "hq@1")


@pytest.mark.parametrize(("query", "entry", "reasons"), [
    ("CÔNG TY TNHH THƯƠNG MẠI HOÀNG LONG", "hl", []),
    ("CTY TNHH TM HOANG LONG", "hl", ["diacritics removed", "TM = THƯƠNG MẠI"]),
    ("HOANG LONG TRADING CO., LTD", "hl", ["diacritics removed", "TRADING = THƯƠNG MẠI"]),
    ("CONG TY TNHH THUONG MAI H0ANG L0NG", "hl", ["diacritics removed", "OCR look-alike characters (0/O, 1/I, rn/m)"]),
    ("CÔNG TY TNHH THƯƠNG MẠI LONG HOÀNG", "hl", ["word order differs"]),
    ("CNG TY TNHH THƯƠG MẠI HOÀNG LONG", "hl", ["'cng ty' read as CÔNG TY", "'thuog mai' read as THƯƠNG MẠI"]),
    ("Pingxiang Hongyun Trading Co., Ltd.", "hy",
     ["Chinese characters compared through pinyin", "TRADING = THƯƠNG MẠI", "贸易 = THƯƠNG MẠI",
      "words split differently"]),
    ("PINGXIANG SHI HONGYUN MAOYI YOUXIAN GONGSI", "hy",
     ["Chinese characters compared through pinyin", "MAOYI = THƯƠNG MẠI", "贸易 = THƯƠNG MẠI",
      "words split differently"]),
    ("凭祥鸿运贸易有限责任公司", "hy", []),
    ("PHU BINH IMEX JSC", "pb", []),  # the English name in parentheses is a spelling of its own
    ("CTY CP XNK PHU BINH", "pb", ["diacritics removed", "XNK = XUẤT NHẬP KHẨU"]),
    ("PHÚ BÌNH IMPORT EXPORT JSC", "pb", ["IMPORT EXPORT = XUẤT NHẬP KHẨU"]),
    ("Nguyen Van Thanh", "nv", ["diacritics removed"]),
])
def test_variants_of_a_listed_name_match(index, query, entry, reasons):
    hits = index.screen(query, "name")
    assert [h.entry.id for h in hits] == [entry]
    assert hits[0].matched_on == "name" and 0.9 <= hits[0].score <= 1.0
    assert [r.text("en") for r in hits[0].reasons] == reasons


@pytest.mark.parametrize("query", [
    "CÔNG TY TNHH THƯƠNG MẠI MINH ANH",       # shares the legal form and THƯƠNG MẠI only
    "CÔNG TY TNHH THƯƠNG MẠI HOÀNG LAN",      # one word of another spelling
    "CÔNG TY TNHH THƯƠNG MẠI HOÀNG",          # a word missing
    "CÔNG TY TNHH THƯƠNG MẠI",                # nothing distinctive at all
    "凭祥市鸿发贸易有限公司",                  # another Chinese firm of the same town
    "NGUYỄN VĂN THANH TÙNG",
    "NGUYỄN VĂN VĂN",                         # a word twice is not the entry's other word
    "",
])
def test_near_misses_do_not_match(index, query):
    assert index.screen(query, "name") == []


@pytest.mark.parametrize(("query", "kind", "entry", "matched_on"), [
    ("12C12345", "plate", "tr", "plate"),
    ("12c 123.45", "any", "tr", "plate"),
    ("桂F88888", "plate", "cn", "plate"),
    ("08934588012228", "gtin", "mk", "gtin"),
    ("8934588012228", "any", "mk", "gtin"),
    ("020 095 001 234", "id_number", "nv", "id_number"),
    ("0100109106", "tax_code", "hl", "tax_code"),
    ("VN-CN25/02/00005", "co_reference", "co", "co_reference"),
])
def test_identifiers_match_exactly_after_normalisation(index, query, kind, entry, matched_on):
    hits = index.screen(query, kind)
    assert [(h.entry.id, h.matched_on, h.score) for h in hits] == [(entry, matched_on, 1.0)]


def test_a_branch_of_a_listed_tax_code_is_a_strong_lead(index):
    [hit] = index.screen("0100109106-002", "tax_code")
    assert (hit.entry.id, hit.score, [r.text("en") for r in hit.reasons]) == (
        "hl", 0.95, ["branch 002 of a listed tax code"])


@pytest.mark.parametrize(("query", "kind"), [
    ("12C12346", "plate"), ("0100109107", "tax_code"), ("8934588012229", "gtin"), ("12C12345", "gtin"),
    ("HOÀNG LONG", "plate"),
])
def test_an_identifier_one_character_off_or_of_another_kind_does_not_match(index, query, kind):
    assert index.screen(query, kind) == []


def test_a_hit_as_the_contract_shows_it(index):
    [hit] = index.screen("CTY TNHH TM HOANG LONG")
    assert hit.as_dict("en") == {
        "list": "hq", "entry_id": "hl", "kind": "company", "name": "CÔNG TY TNHH THƯƠNG MẠI HOÀNG LONG",
        "matched_on": "name", "value": "CÔNG TY TNHH THƯƠNG MẠI HOÀNG LONG", "score": 1.0,
        "reasons": ["diacritics removed", "TM = THƯƠNG MẠI"]}


def test_the_threshold_is_configurable(index):
    query = "CONG TY TNHH THUONG MAI HOANG LONGG"
    score = index.screen(query, "name", threshold=0.0)[0].score
    assert 0.85 < score < 1.0
    assert index.screen(query, "name", threshold=score + 0.01) == []


def test_hits_come_best_first_one_per_entry():
    entries = [Entry(str(n), "l", "l@1", "company", name=name) for n, name in enumerate(
        ["HOÀNG LONG", "CÔNG TY TNHH HOÀNG LONG", "HOÀNG LONGG"])]
    hits = Index(entries).screen("HOANG LONG", threshold=0.8)
    assert [h.entry.id for h in hits][:2] in (["0", "1"], ["1", "0"])
    assert [h.score for h in hits] == sorted((h.score for h in hits), reverse=True)
    assert len({h.entry.id for h in hits}) == len(hits)


def test_only_a_few_candidates_are_scored_in_a_large_list():
    rng = random.Random(5)
    syllables = "AN BINH CHAU DUC GIA HAI HUNG KHANH LAM LINH LONG MINH NAM PHAT PHU QUANG SON TAI THANH VIET".split()
    # Sorted words: no two entries are the same words in another order (which would match alike).
    names = sorted({" ".join(sorted(rng.sample(syllables, 4))) for _ in range(6000)})
    entries = [Entry(str(n), "l", "l@1", "company", name=f"CÔNG TY TNHH {name}") for n, name in enumerate(names)]
    index = Index(entries)
    target = entries[len(entries) // 2]
    key = screening.name_key(target.name or "")
    candidates = index.candidates(key)
    assert len(candidates) <= screening.CANDIDATES < len(entries)
    assert [h.entry.id for h in index.screen(target.name or "", "name")] == [target.id]


def test_an_unknown_kind_is_refused(index):
    with pytest.raises(ValueError):
        index.screen("x", "container")


PLACE_CASES = [
    # The province left out on one side, the town on both: the same firm, and the officer is told why.
    ("GUANGXI PINGXIANG HUATONG TRADING CO., LTD.", "PINGXIANG HUATONG TRADING CO., LTD.", ["place name set aside: GUANGXI"]),
    # Pinyin of the Hanzi name against the English name: 食品 (shi pin) is FOOD.
    ("GUANGXI DONGXING SHUNDA FOOD CO., LTD.", "GUANG XI DONG XING SHUN DA SHI PIN YOU XIAN GONG SI",
     ["FOOD = THỰC PHẨM", "食品 = THỰC PHẨM", "words split differently"]),
    # A name of places only keeps them as its words.
    ("CTY TNHH TM HUU NGHI", "CÔNG TY TNHH THƯƠNG MẠI HỮU NGHỊ", ["diacritics removed", "TM = THƯƠNG MẠI"]),
]
NOT_THE_SAME = [
    # Another town, the same trade name: two firms.
    ("GUANGXI DONGXING HUATONG TRADING CO., LTD.", "GUANGXI PINGXIANG HUATONG TRADING CO., LTD."),
    # Another trade, the same town and name: two firms.
    ("GUANGXI DONGXING SHUNDA FOOD CO., LTD.", "GUANGXI DONGXING SHUNDA DAIRY CO., LTD."),
    # Shared place words made these 0.90 similar before they were set aside: TAIHE is not JIAHE.
    ("GUANGXI PINGXIANG TAIHE CO., LTD.", "GUANGXI PINGXIANG JIAHE CO., LTD."),
    ("CÔNG TY TNHH THƯƠNG MẠI HỮU NGHỊ", "CÔNG TY TNHH THƯƠNG MẠI TÂN THANH"),
    # A name of a place only is told apart by its trade words: a trading firm and a haulier of Tân Thanh.
    ("CÔNG TY CỔ PHẦN VẬN TẢI VÀ LOGISTICS TÂN THANH", "CÔNG TY CỔ PHẦN THƯƠNG MẠI TÂN THANH"),
]


@pytest.mark.parametrize(("query", "listed", "reasons"), PLACE_CASES)
def test_place_names_never_make_a_match_but_may_be_left_out(query, listed, reasons):
    [hit] = Index([Entry("x", "hq", "hq@1", "company", name=listed)]).screen(query, "name")
    assert [r.text("en") for r in hit.reasons] == reasons


@pytest.mark.parametrize(("query", "listed"), NOT_THE_SAME)
def test_another_town_or_another_trade_is_another_firm(query, listed):
    assert Index([Entry("x", "hq", "hq@1", "company", name=listed)]).screen(query, "name") == []


def test_the_reason_is_translated():
    [hit] = Index([Entry("x", "hq", "hq@1", "company", name=PLACE_CASES[0][1])]).screen(PLACE_CASES[0][0], "name")
    assert hit.reasons[0].text("vi") != hit.reasons[0].text("en")

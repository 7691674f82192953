"""Phone numbers on watchlists: an optional column (old lists without it still load), normalised to digits with
the country code, matched exactly."""
from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from checkpoint import i18n, watchlist
from checkpoint.watchlist import screening

HEADER = "kind,name,tax_code,plate,gtin,id_number,co_reference,note"
MANY = settings(max_examples=1000, deadline=None)

VN_SUBSCRIBER = st.from_regex(r"\A(?:[35789][0-9]{8}|2[0-9]{9})\Z")
"""A Vietnamese mobile (9 digits after the 0 or the 84) or landline (10 digits after it)."""
CN_MOBILE = st.from_regex(r"\A1[3-9][0-9]{9}\Z")
SEPARATORS = st.sampled_from(["", " ", ".", "-", " - "])


def printed(digits: str, separator: str, cut: int) -> str:
    """The digits as papers print them: cut into groups of `cut` (a group's end may be shorter)."""
    return separator.join(digits[i:i + cut] for i in range(0, len(digits), cut))


@MANY
@given(VN_SUBSCRIBER, SEPARATORS, st.integers(2, 4),
       st.sampled_from(["0{}", "+84 {}", "+84{}", "84{}", "0084 {}", "(+84) {}", "+84 (0){}", "+84 0{}"]))
def test_every_way_of_writing_a_vietnamese_number_gives_one_form(subscriber, separator, cut, pattern):
    written = pattern.format(printed(subscriber, separator, cut))
    assert screening.normalise_phone(written) == "84" + subscriber
    assert screening.phone_problem(written) is None


@MANY
@given(CN_MOBILE, SEPARATORS, st.integers(3, 4), st.sampled_from(["{}", "+86 {}", "86{}", "0086 {}", "+86-{}"]))
def test_every_way_of_writing_a_chinese_mobile_gives_one_form(mobile, separator, cut, pattern):
    written = pattern.format(printed(mobile, separator, cut))
    assert screening.normalise_phone(written) == "86" + mobile
    assert screening.phone_problem(written) is None


@MANY
@given(st.text(max_size=40) | st.text(alphabet="0123456789+ ()-.", max_size=20))
def test_the_normal_form_is_digits_or_nothing_and_is_stable(text):
    normal = screening.normalise_phone(text)
    assert normal == "" or (normal.isascii() and normal.isdigit() and 8 <= len(normal) <= 15)
    assert screening.normalise_phone("+" + normal) == normal


@pytest.mark.parametrize("text", ["", "0912", "+84 123 456", "12345678901234567", "09l2 345 678 9", "hotline",
                                  "+86 1 2345", "0912 345 678 ext"])
def test_what_is_no_phone_number_normalises_to_nothing_or_is_refused(text):
    assert screening.normalise_phone(text) == "" or screening.phone_problem(text) is not None


def test_a_letter_read_for_a_digit_is_that_digit():
    assert screening.normalise_phone("O9l2.345.678") == "84912345678"


def test_old_lists_without_the_column_still_load_and_new_ones_carry_it(memdb):
    old = watchlist.import_text(memdb, HEADER + "\nperson,NGUYỄN VĂN A,,,,,,\n", "old", source="old.csv")
    new = watchlist.import_text(memdb, HEADER + ",phone\nperson,LÝ VĂN B,,,,,,,0912 345 678\n"
                                "person,,,,,,,only a phone,+86 138 1234 5678\nperson,C,,,,,,,0912\n",
                                "trail", source="new.csv")
    assert (old.imported, new.imported) == (1, 2)
    assert [(r.line, i18n.translate(r.message, "en", r.params)) for r in new.rejected] == [
        (4, "invalid phone '0912': expected a Vietnamese number (0912 345 678, +84 912 345 678) or a Chinese mobile"
            " (+86 138 1234 5678)")]
    assert [(e.name, e.phone) for e in watchlist.entries(memdb)] == [
        ("NGUYỄN VĂN A", None), ("LÝ VĂN B", "0912 345 678"), (None, "+86 138 1234 5678")]


@pytest.mark.parametrize(("query", "listed"), [
    ("+84 912 345 678", "LÝ VĂN B"), ("84912345678", "LÝ VĂN B"), ("0912.345.678", "LÝ VĂN B"),
    ("13812345678", None), ("0086 138-1234-5678", None)])
def test_a_listed_phone_is_found_however_written(memdb, query, listed):
    watchlist.import_text(memdb, HEADER + ",phone\nperson,LÝ VĂN B,,,,,,,0912 345 678\n"
                          "person,,,,,,,,+86 138 1234 5678\n", "trail", source="t.csv")
    index = watchlist.index(memdb)
    for kind in ("phone", "any"):
        hits = index.screen(query, kind)
        assert [(h.matched_on, h.entry.name, h.score) for h in hits] == [("phone", listed, 1.0)]
        assert [r.text("en") for r in hits[0].reasons] == ["same phone number once the country code is written the same"]


def test_a_phone_one_digit_off_or_in_another_country_is_not_found(memdb):
    watchlist.import_text(memdb, HEADER + ",phone\nperson,LÝ VĂN B,,,,,,,0912 345 678\n", "trail", source="t.csv")
    index = watchlist.index(memdb)
    assert index.screen("0912 345 679", "phone") == []
    assert index.screen("+86 912 345 678", "phone") == []

"""Properties of the normalisation and parsing functions, 1,000 random examples each."""
from __future__ import annotations

from datetime import date, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from checkpoint import i18n
from checkpoint.checks import goods, origin
from checkpoint.watchlist import screening

MANY = settings(max_examples=1000, deadline=None)
VIETNAMESE = "aăâbcdđeêghiklmnoôơpqrstuưvxyàáảãạằắẳẵặầấẩẫậèéẻẽẹềếểễệìíỉĩịòóỏõọồốổỗộờớởỡợùúủũụừứửữựỳýỷỹỵ"
SYLLABLES = st.text(alphabet=VIETNAMESE, min_size=1, max_size=7)
NAMES = st.lists(SYLLABLES, min_size=1, max_size=5).map(" ".join)
LEGAL = st.sampled_from(["", "CÔNG TY TNHH", "CTY CP", "Co., Ltd", "有限公司", "THƯƠNG MẠI", "TM", "XNK"])
ANY_TEXT = st.text(max_size=200)


@MANY
@given(ANY_TEXT)
def test_fold_gives_lower_ascii_words_and_is_idempotent(text):
    folded = screening.fold(text)
    assert folded == " ".join(folded.split())
    assert all(c.isascii() and (c.isdigit() or c.islower() or c == " ") for c in folded)
    assert screening.fold(folded) == folded


@MANY
@given(NAMES)
def test_diacritics_and_case_do_not_change_a_name(name):
    assert screening.fold(screening.strip_diacritics(name)) == screening.fold(name)
    assert screening.fold(name.upper()) == screening.fold(name)


@MANY
@given(st.text(alphabet="abcdefghijklmnopqrstuvwxyz0123456789", max_size=30))
def test_skeleton_is_idempotent_and_never_longer(word):
    once = screening.skeleton(word)
    assert screening.skeleton(once) == once
    assert len(once) <= len(word)


@MANY
@given(LEGAL, NAMES, LEGAL)
def test_legal_forms_generic_words_and_diacritics_leave_the_distinctive_words(before, name, after):
    plain = screening.name_key(name)
    dressed = screening.name_key(f"{before} {name} {after}")
    stripped = screening.name_key(screening.strip_diacritics(f"{before} {name} {after}"))
    assert dressed.words == stripped.words
    # The dressing adds no distinctive word; a word of the name that happens to be a form may go.
    assert set(dressed.words) <= set(plain.words) | set(screening.name_key(name + " x").words)


@MANY
@given(ANY_TEXT)
def test_names_and_aliases_never_raise(text):
    key = screening.name_key(text)
    assert all(key.words) and isinstance(key.generic, frozenset)
    assert all(a.strip() for a in screening.aliases(text))


PLATES = st.one_of(
    st.from_regex(r"\A[0-9]{2}[A-Z]{1,2}[0-9]{5}\Z"),
    st.from_regex(r"\A[桂粤云][A-HJ-NP-Z][0-9A-HJ-NP-Z]{5}\Z"))


@MANY
@given(PLATES, st.lists(st.tuples(st.integers(0, 8), st.sampled_from(["-", ".", " ", "·"])), max_size=4))
def test_plate_separators_do_not_matter(plate, inserts):
    spaced = plate
    for at, separator in inserts:
        spaced = spaced[:at] + separator + spaced[at:]
    assert screening.normalise_plate(spaced) == screening.normalise_plate(plate.lower()) == plate


@MANY
@given(st.from_regex(r"\A[0-9]{8,14}\Z"))
def test_a_gtin_is_compared_in_its_14_digit_form(digits):
    assert screening.normalise_gtin(digits) == screening.normalise_gtin(digits.zfill(14)) == digits.zfill(14)


@MANY
@given(st.sampled_from(["tax_code", "gtin", "id_number", "plate", "co_reference", "batch"]), ANY_TEXT)
def test_identifier_validation_never_raises(kind, text):
    problem = screening.identifier_problem(kind, text)
    assert problem is None or all(i18n.translate(problem.msgid, lang, problem.params) for lang in i18n.LANGUAGES)


@MANY
@given(st.from_regex(r"\A[0-9]{9}\Z"))
def test_a_tax_code_with_its_computed_check_digit_is_valid(body):
    from stdnum.vn import mst

    if sum(int(d) * w for d, w in zip(body, (31, 29, 23, 19, 17, 13, 7, 5, 3))) % 11 == 0 or body[2:] == "0000000":
        return  # no valid MST has this body (DOMAIN §3.1)
    check = mst.calc_check_digit(body)
    assert screening.identifier_problem("tax_code", body + check) is None
    wrong = str((int(check) + 1) % 10)
    assert str(screening.identifier_problem("tax_code", body + wrong)) == f"check digit should be {check}"


TODAY = date(2025, 11, 20)


@MANY
@given(st.integers(-49 * 365, 50 * 365 - 40))
def test_gs1_dates_round_trip_within_the_century_window(offset):
    day = TODAY + timedelta(days=offset)
    assert goods.gs1_date(day.strftime("%y%m%d"), TODAY) == day


@MANY
@given(st.text(max_size=8))
def test_gs1_dates_never_raise(text):
    parsed = goods.gs1_date(text, TODAY)
    assert parsed is None or isinstance(parsed, date)


@MANY
@given(st.dates(min_value=date(1950, 1, 1), max_value=date(2090, 1, 1)), st.integers(0, 120))
def test_calendar_months(day, months):
    later = origin.add_months(day, months)
    assert (later.year * 12 + later.month) - (day.year * 12 + day.month) == months
    assert later.day <= day.day and (later.day == day.day or later.day >= 28)


@MANY
@given(ANY_TEXT)
def test_country_names_never_raise(text):
    code = origin.country_code(text)
    assert code is None or (len(code) == 2 and code.isupper())
    found = origin.country_in_address(text)
    assert found is None or len(found) == 2


def _listed_names() -> list[str]:
    """Names built as in the benchmark: distinct sets of words, so no two are the same name reordered."""
    import random

    rng = random.Random(11)
    stock = ("HOÀNG LONG MINH ANH PHÁT THÀNH ĐẠT HƯNG THỊNH PHÚ QUÝ BÌNH KHANG GIA HUY TUẤN NGỌC LAN HẢI ĐĂNG "
             "TRƯỜNG SƠN VIỆT HÀ NAM BẮC ĐÔNG TIẾN THẮNG LỢI PHƯỚC TÀI LỘC ĐỨC TRUNG KIÊN CƯỜNG").split()
    seen: dict[str, str] = {}
    while len(seen) < 3000:
        words = rng.sample(stock, rng.choice((2, 3)))
        seen.setdefault(" ".join(sorted(words)), " ".join(words))
    return list(seen.values())


LISTED = _listed_names()
LISTED_INDEX = screening.Index([screening.Entry(str(n), "l", "l@1", "company", name=f"CÔNG TY TNHH {name}")
                                for n, name in enumerate(LISTED)])


@MANY
@given(st.integers(0, len(LISTED) - 1), st.booleans(), st.booleans(), st.booleans(), LEGAL, LEGAL)
def test_every_listed_name_is_found_however_it_is_dressed(number, strip, lower, reverse, before, after):
    words = LISTED[number].split()
    name = " ".join(reversed(words) if reverse else words)
    name = screening.strip_diacritics(name) if strip else name
    name = f"{before} {name.lower() if lower else name} {after}"
    hits = LISTED_INDEX.screen(name, "name")
    assert [h.entry.id for h in hits][:1] == [str(number)]


PLACES = sorted({p for p in screening.places().values()})
DISTINCTIVE = st.lists(st.sampled_from(["HUATONG", "SHENGDA", "XINYUAN", "HOÀNG", "LONG", "MINH", "KHANG", "TAIHE"]),
                       min_size=1, max_size=4).map(" ".join)


@given(DISTINCTIVE, st.lists(st.sampled_from(PLACES), max_size=2), st.lists(st.sampled_from(PLACES), max_size=2))
def test_places_before_and_after_a_name_leave_its_words_alone(name, before, after):
    plain = screening.name_key(f"CÔNG TY TNHH {name}")
    placed = screening.name_key(" ".join(["CÔNG TY TNHH", *before, name, *after]))
    assert placed.words == plain.words
    assert set(placed.places) == {screening.places()[tuple(screening.skeleton(w) for w in screening.fold(p).split())]
                                  for p in before + after}


@given(st.lists(st.sampled_from(PLACES), min_size=1, max_size=3))
def test_a_name_of_places_only_keeps_them_as_its_words(names):
    key = screening.name_key("CÔNG TY TNHH " + " ".join(names))
    assert key.words and not key.places


@MANY
@given(st.from_regex(r"[0-9]{6}", fullmatch=True), st.text(max_size=40).filter(lambda t: not t[:1].isdigit()))
def test_an_hs_code_opening_a_description_is_its_code(digits, tail):
    from checkpoint.checks.documents import item_hs
    assert item_hs({"description": f"{digits[:4]}.{digits[4:]} {tail}"}) == digits
    assert item_hs({"hs_code": "0402", "description": f"{digits} {tail}"}) == "0402"


@MANY
@given(ANY_TEXT)
def test_an_hs_code_found_in_any_description_is_six_or_eight_digits(text):
    from checkpoint.checks.documents import item_hs
    assert len(found := item_hs({"description": text})) in (0, 6, 8) and found.isascii()

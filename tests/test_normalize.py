"""Arabic normalisation: the views match across spelling variants and map back to the original."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from marsad.text.normalize import LIGHT, norm, normalize, proclitic_splits, split_proclitics

ARABIC_ALPHABET = (
    "ءآأؤإئابةتثجحخدذرزسشصضطظعغفقكلمنهوىي" "ًٌٍَُِّْـ" "٠١٢٣٤٥٦٧٨٩۴۵۶" "\u200f\u200e\u202b\u202c\u00a0\ufeff"
    "ﻻﷲﺍﺏ" "abcXYZ 0123.,،؛؟\"«»\n"
)


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("أحمد", "احمد"), ("إبراهيم", "ابراهيم"), ("آمال", "امال"), ("مستشفى", "مستشفي"),
        ("المدرسة", "المدرسه"), ("مسؤول", "مسئول"), ("مُحَمَّد", "محمد"), ("القاهـــرة", "القاهرة"),
        ("٢٠١٥", "2015"), ("۲۰۱۵", "2015"), ("\u200fلافروف\u200e", "لافروف"), ("ﻻ", "لا"), ("بيروت\u00a0", "بيروت "),
    ],
)
def test_variants_share_one_normal_form(a: str, b: str) -> None:
    assert norm(a) == norm(b)


def test_light_options_keep_letters_as_written() -> None:
    assert norm("أحمدُ", LIGHT) == "أحمد"


@given(st.text(alphabet=ARABIC_ALPHABET, max_size=80))
def test_offset_map_points_into_the_original(text: str) -> None:
    n = normalize(text)
    assert len(n.to_original) == len(n.text)
    assert list(n.to_original) == sorted(n.to_original)
    for i, j in enumerate(n.to_original):
        # each normalised character came from the original character it maps to
        assert norm(text[j]) != "" and n.text[i] in norm(text[j])


@given(st.text(alphabet=ARABIC_ALPHABET, max_size=60), st.data())
def test_original_span_round_trips(text: str, data: st.DataObject) -> None:
    n = normalize(text)
    if not n.text:
        return
    start = data.draw(st.integers(0, len(n.text) - 1))
    end = data.draw(st.integers(start + 1, len(n.text)))
    s, e = n.original_span(start, end)
    piece = n.text[start:end]
    assert piece in norm(text[s:e])
    aligned = (start == 0 or n.to_original[start - 1] != n.to_original[start]) and (
        end == len(n.text) or n.to_original[end] != n.to_original[end - 1]
    )
    if aligned:  # boundaries not inside one expanded character (ﷲ -> الله): exact round trip
        assert norm(text[s:e]) == piece


def test_normalize_and_norm_agree() -> None:
    text = "وقال وزيـر الخارجيّة ﻻ أَسْتَطِيعُ ١٣ آب"
    assert normalize(text).text == norm(text)


@pytest.mark.parametrize(
    ("word", "expected"),
    [("والرئيس", ("وال", "رءيس")), ("للحكومه", ("لل", "حكومه")), ("بالقاهره", ("بال", "قاهره")),
     ("وزير", ("", "وزير")), ("كتاب", ("", "كتاب"))],
)
def test_split_proclitics_without_lexicon_trusts_only_the_article(word: str, expected: tuple[str, str]) -> None:
    assert split_proclitics(norm(word)) == expected


def test_split_proclitics_with_lexicon() -> None:
    assert split_proclitics("ولافروف", known={"لافروف"}) == ("و", "لافروف")
    assert split_proclitics("وزير", known={"زير"}) == ("و", "زير")  # the lexicon decides
    assert ("", "فبراير") in proclitic_splits("فبراير")


def test_proclitic_prefix_sets_agree_with_the_regex() -> None:
    import itertools

    from marsad.text import normalize as nz

    for n in range(1, 6):
        for chars in itertools.product("وفبلكاx\n", repeat=n):
            prefix = "".join(chars)
            assert (prefix in nz._PROCLITIC_PREFIXES) == bool(nz._PROCLITIC_RE.match(prefix)), prefix


def test_split_proclitics_fast_path_agrees_with_the_splits() -> None:
    import itertools

    from marsad.text.normalize import _proclitic_splits

    def slow(word: str, min_stem: int) -> tuple[str, str]:
        for prefix, stem in _proclitic_splits(word, min_stem):
            if not prefix:
                break
            if prefix.endswith("ال") or prefix.endswith("لل"):
                return prefix, stem
        return "", word

    for n in range(1, 8):
        for chars in itertools.product("والبفك", repeat=n) if n <= 5 else [("و", "ل", "ل", "ا", "ب") + ("x",) * (n - 5)]:
            word = "".join(chars)
            for min_stem in (1, 2, 3):
                assert split_proclitics(word, min_stem=min_stem) == slow(word, min_stem), (word, min_stem)


def test_translate_table_is_the_character_map() -> None:
    import random

    from marsad.text import normalize as nz

    rng = random.Random(7)
    pool = [chr(i) for i in range(0x700)] + [chr(i) for i in range(0x2000, 0x2100)] + \
        [chr(i) for i in range(0xFE00, 0x10000)] + ["\U0001F600", "\U00010000"]
    for opts in (nz.DEFAULT, LIGHT, nz.NormalizeOptions(lowercase=False)):
        compiled = nz._compiled(opts)
        reference = str.maketrans(compiled.mapping)
        for _ in range(2000):
            text = "".join(rng.choice(pool) for _ in range(rng.randint(0, 12)))
            assert text.translate(compiled.translate) == text.translate(reference), repr(text)


def test_norm_remembered_is_norm_for_any_text_object():
    from marsad.text.normalize import norm, norm_remembered

    first = "أَعلنَ الرئيسُ"
    assert norm_remembered(first) == norm(first)
    assert norm_remembered(first) == norm(first)  # the remembered one
    other = "".join(["إلى ", "المدرسة"])  # another object, another text
    assert norm_remembered(other) == norm(other) != norm(first)
    same_text = "".join(["أَعلنَ ", "الرئيسُ"])  # equal text, another object: normalised again, same result
    assert same_text is not first and norm_remembered(same_text) == norm(first)


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet="الوزيرة ـًٌ،.\nﻻﺍ" + "ABC٣", max_size=60), st.lists(st.integers(0, 60), max_size=6))
def test_normalize_ranges_is_normalize_of_each_range(text: str, cuts: list[int]) -> None:
    # One translation of the whole text, cut at the ranges, when no character changes length or is a
    # presentation form; normalize of each range otherwise: the same NormalizedText either way.
    from marsad.text.normalize import normalize_ranges

    points = sorted({min(c, len(text)) for c in cuts} | {0, len(text)})
    ranges = list(zip(points, points[1:], strict=False)) or [(0, 0)]
    got = list(normalize_ranges(text, ranges))
    want = [normalize(text[s:e]) for s, e in ranges]
    assert [(g.original, g.text, list(g.to_original)) for g in got] == [
        (w.original, w.text, list(w.to_original)) for w in want]

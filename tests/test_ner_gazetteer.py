"""Gazetteer lists (marsad.ner.gazetteer): what goes in, what stays out."""

from __future__ import annotations

import pytest

from marsad.ner.gazetteer import _clean, corpus_entity_words, name_lists


def test_only_arabic_letters_and_no_short_or_function_words():
    assert _clean("أبو ظبي") == ("ابو", "ظبي")  # normalised
    assert _clean("اسکالدس") == ()  # Persian kaf: another spelling system
    assert _clean("اب") == () and _clean("في") == ()
    assert _clean("Paris") == ()


def test_corpus_entity_words_need_most_of_their_occurrences_inside_the_type():
    sentences = [
        [("قال", "O"), ("الرئيس", "O"), ("هيرمان", "B-PERS"), ("شولتز", "I-PERS")],
        [("الرئيس", "B-PERS"), ("هيرمان", "B-PERS"), ("في", "O"), ("بريمن", "B-LOC")],
        [("الرئيس", "O"), ("وصل", "O"), ("بريمن", "B-ORG")],
    ]
    words = corpus_entity_words(sentences)
    assert words["wpers"] == {"هيرمان", "شولتز"}  # الرئيس: once in three inside a person
    assert words["wloc"] == {"بريمن"} and words["worg"] == {"بريمن"}  # half and half: both lists


def test_name_lists_from_the_romanizer_table():
    pytest.importorskip("arabic_name_romanizer", reason="a training-only extra (pip install marsad[train])")
    lists = name_lists(min_count=3)
    assert {"محمد", "خالد", "فاطمه"} <= lists["given"]
    assert len(lists["family"]) > 1000 and "الذي" not in lists["family"]


def test_honorifics_titles_and_cue_words_are_never_listed():
    from marsad.ner.gazetteer import never_names

    excluded = never_names()
    assert {"معالي", "الوزير", "وزاره", "مطار"} <= excluded  # normalised (وزارة)
    assert "السعوديه" not in excluded and "محمد" not in excluded

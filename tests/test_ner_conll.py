"""CoNLL reading, re-splitting to segment-stage tokens, and conlleval-style scoring."""

from __future__ import annotations

import pytest

from marsad.errors import InputError
from marsad.ner.conll import entities, merge_back, read_conll, resplit, score


def write(tmp_path, text: str):
    path = tmp_path / "tiny.conll"
    path.write_text(text, encoding="utf-8")
    return path


def test_read_sentences_split_on_blank_lines(tmp_path):
    path = write(tmp_path, "زار O\nعمر B-PERS\nالقاهرة B-LOC\n\n\nوعاد O\nأمس O\n")
    assert read_conll(path) == [[("زار", "O"), ("عمر", "B-PERS"), ("القاهرة", "B-LOC")], [("وعاد", "O"), ("أمس", "O")]]


@pytest.mark.parametrize("bad", ["زار\n", "زار O extra\n", "زار B_PERS\n", "زار X-PERS\n"])
def test_malformed_line_is_named(tmp_path, bad):
    path = write(tmp_path, "قال O\n\n" + bad)
    with pytest.raises(InputError, match="line 3"):
        read_conll(path)


def test_missing_and_empty_files(tmp_path):
    with pytest.raises(InputError, match="no such file"):
        read_conll(tmp_path / "absent.conll")
    with pytest.raises(InputError, match="no sentences"):
        read_conll(write(tmp_path, "\n\n"))


def test_resplit_keeps_punctuation_outside_entities():
    sentence = [("(طرابلس", "B-LOC"), ("أ)", "O"), ("بـ30", "O")]
    texts, tags, origin = resplit(sentence)
    assert texts == ["(", "طرابلس", "أ", ")", "بـ30"]
    assert tags == ["O", "B-LOC", "O", "O", "O"]
    assert merge_back(tags, origin, len(sentence)) == ["B-LOC", "O", "O"]


def test_entities_follow_conlleval():
    tags = ["B-PERS", "I-PERS", "O", "I-LOC", "B-ORG", "B-ORG", "I-ORG"]
    assert entities(tags) == {(0, 2, "PERS"), (3, 4, "LOC"), (4, 5, "ORG"), (5, 7, "ORG")}


def test_score_counts_exact_span_and_type_only():
    gold = [["B-PERS", "I-PERS", "O", "B-LOC"]]
    predicted = [["B-PERS", "O", "O", "B-LOC"]]  # person cut short: one miss and one false alarm
    scores = score(gold, predicted)
    assert (scores["ALL"].tp, scores["ALL"].fp, scores["ALL"].fn) == (1, 1, 1)
    assert scores["LOC"].f1 == 1.0 and scores["PERS"].f1 == 0.0
    assert scores["ALL"].f1 == pytest.approx(0.5)

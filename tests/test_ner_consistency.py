"""marsad.ner.consistency: one type per name across a document's sentences, on sentences written for
these tests with the tags given by hand (what a model may output), and its use by `evaluate(doc_size=…)`."""

from __future__ import annotations

from marsad.ner.conll import Score
from marsad.ner.consistency import harmonise, spans
from marsad.ner.crf import evaluate
from marsad.ner.features import views_of
from marsad.ner.lexicon import load_lexicons

LEX = load_lexicons()


def run(*tagged: str) -> list[list[str]]:
    """Each argument a sentence of 'word/TAG' tokens ('/O' may be left out)."""
    words = [[t.split("/")[0] for t in s.split()] for s in tagged]
    tags = [[t.split("/")[1] if "/" in t else "O" for t in s.split()] for s in tagged]
    return harmonise([views_of(w, LEX) for w in words], tags, LEX)


def test_spans_read_like_conlleval():
    assert spans(["B-PERS", "I-PERS", "O", "I-LOC", "B-LOC", "I-ORG"]) == [
        (0, 2, "PERS"), (3, 4, "LOC"), (4, 5, "LOC"), (5, 6, "ORG")]


def test_a_name_found_once_is_found_again_with_a_clitic():
    out = run("وصل وزير الخارجية التركي هاكان/B-PERS فيدان/I-PERS إلى القاهرة/B-LOC",
              "وقال فيدان إن بلاده تدعم الحل السياسي",
              "ونقلت الوكالة عن وفيدان قوله إن القاهرة شريك أساسي")
    assert out[1] == ["O", "B-PERS", "O", "O", "O", "O", "O"]  # the surname of the person alone
    assert out[2][3] == "B-PERS"  # with the conjunction
    assert out[2][6] == "B-LOC"  # a place found once


def test_majority_type_wins_and_a_tie_changes_nothing():
    out = run("وأعلنت حماس/B-ORG رفضها للمقترح", "وقالت حماس/B-ORG في بيان", "وردت حماس/B-LOC على الاتهامات")
    assert [s[1] for s in out] == ["B-ORG", "B-ORG", "B-ORG"]
    out = run("وأعلنت حماس/B-ORG رفضها للمقترح", "وردت حماس/B-LOC على الاتهامات")
    assert [s[1] for s in out] == ["B-ORG", "B-LOC"]


def test_common_words_and_other_spans_are_left_alone():
    # A title the model once took for a name is never spread; nor is a name spread over another span.
    out = run("وقال الرئيس/B-PERS إن", "وأكد الرئيس أن الحكومة", "وزار عمان/B-LOC أمس",
              "والتقى عمان/B-PERS يوسف/I-PERS الوزير")
    assert out[1] == ["O"] * 4
    assert out[3][1:3] == ["B-PERS", "I-PERS"]


class _FixedTagger:
    """Tags a sentence's tokens from a table (the model of these tests): 'فيدان' is a person only after
    'هاكان'."""

    def __init__(self) -> None:
        self.lex = LEX

    def tag_sentences(self, sentences, wanted=None):
        out = []
        for views in sentences:
            tags = ["O"] * len(views)
            for i, v in enumerate(views):
                if v.norm == "هاكان" and i + 1 < len(views):
                    tags[i:i + 2] = ["B-PERS", "I-PERS"]
            out.append((tags, []))
        return out

    def tag(self, texts):
        return self.tag_sentences([views_of(texts, LEX)])[0][0]


def test_evaluate_scores_blocks_of_sentences_as_documents():
    sentences = [
        [("التقى", "O"), ("هاكان", "B-PERS"), ("فيدان", "I-PERS"), ("نظيره", "O")],
        [("وقال", "O"), ("فيدان", "B-PERS"), ("إن", "O")],
        [("وأضاف", "O"), ("فيدان", "B-PERS"), ("أن", "O")],
    ]
    alone = evaluate(_FixedTagger(), sentences)
    assert (alone.scores["ALL"].tp, alone.scores["ALL"].fn) == (1, 2)
    together = evaluate(_FixedTagger(), sentences, doc_size=3)
    assert (together.scores["ALL"].tp, together.scores["ALL"].fp, together.scores["ALL"].fn) == (3, 0, 0)
    # blocks of 2: the third sentence is another document, where the name was never found
    apart = evaluate(_FixedTagger(), sentences, doc_size=2)
    assert isinstance(apart.scores["ALL"], Score) and apart.scores["ALL"].tp == 2

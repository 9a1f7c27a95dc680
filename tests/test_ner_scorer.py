"""The model's own scorer (marsad.ner.scorer) gives CRFsuite's tags and marginals, faster."""

from __future__ import annotations

import pytest

from marsad.errors import ModelError
from marsad.ner.crf import CrfTagger, default_model_path, load_tagger
from marsad.ner.features import views_of
from marsad.ner.scorer import read_model

# Team-written sentences, as the segment stage cuts them (punctuation apart, clitics attached).
SENTENCES = [words.split() for words in (
    "التقى وزير الخارجية الروسي سيرغي لافروف في موسكو نظيره السعودي عادل الجبير .",
    'وأعلنت وزارة الدفاع الأميركية أن تنظيم " داعش " خسر مواقع قرب الموصل يوم الأحد .',
    "وقال المبعوث الأممي ستيفان دي ميستورا للصحفيين في جنيف إن المحادثات ستستأنف",
    "الرياض",
    "، ، ،",
    "و",
)]


def test_reads_the_packaged_model_file():
    labels, attrs, weights, transitions = read_model(default_model_path())
    assert "O" in labels and any(label.endswith("PERS") for label in labels)
    assert weights.shape == (len(attrs), len(labels)) and transitions.shape == (len(labels),) * 2
    assert "bias" in attrs and weights[attrs["bias"]].any()


@pytest.mark.parametrize("words", SENTENCES)
def test_same_tags_and_marginals_as_crfsuite(words):
    tagger = load_tagger()
    tags, probs = tagger.tag_with_confidence(words)
    ref_tags, ref_probs = tagger.crfsuite_tag_with_confidence(words)
    assert tags == ref_tags
    assert probs == pytest.approx(ref_probs, abs=1e-9)


def test_a_document_is_tagged_as_its_sentences_one_by_one():
    tagger = load_tagger()
    views = [views_of(words, tagger.lex) for words in SENTENCES]
    together = tagger.tag_sentences([*views, []])
    assert together[-1] == ([], [])
    for words, (tags, probs) in zip(SENTENCES, together, strict=False):
        alone_tags, alone_probs = tagger.tag_with_confidence(words)
        assert tags == alone_tags and probs == pytest.approx(alone_probs, abs=1e-12)
    assert "B-PERS" in together[0][0] and "B-LOC" in together[0][0]


def test_a_broken_model_file_is_a_clear_error(tmp_path):
    bad = tmp_path / "bad.crfsuite"
    bad.write_bytes(b"lCRF" + b"\0" * 20)
    with pytest.raises(ModelError, match="cannot read NER model"):
        CrfTagger(bad)
    text = tmp_path / "text.crfsuite"
    text.write_text("not a model", encoding="utf-8")
    with pytest.raises(ModelError):
        CrfTagger(text)


def test_bounded_caches_keep_their_answers_and_their_size(monkeypatch):
    """With tiny caches (two generations of 8 forms) the tags and marginals are those of a fresh tagger,
    and neither the token views nor the scorer's table grow past two generations and one sentence."""
    from marsad.ner import features, scorer

    monkeypatch.setattr(scorer, "TOKEN_CACHE_SIZE", 8)
    monkeypatch.setattr(features, "VIEW_CACHE_SIZE", 8)
    tagger = CrfTagger(default_model_path())
    reference = CrfTagger(default_model_path())
    longest = max(map(len, SENTENCES))
    for _ in range(3):
        for words in SENTENCES:
            tags, probs = tagger.tag_with_confidence(words)
            reference.lex.views.clear()  # the reference computes everything afresh
            reference.scorer._form_ids.clear()
            ref_tags, ref_probs = reference.tag_with_confidence(words)
            assert tags == ref_tags and probs == pytest.approx(ref_probs, abs=1e-12)
            assert len(tagger.lex.views) <= 8 and len(tagger.lex.older_views) <= 8
            assert len(tagger.scorer._form_ids) <= 2 * 8 + longest
    distinct = {w for words in SENTENCES for w in words}
    assert tagger.lex.older_views and len(tagger.scorer._form_ids) < len(distinct)  # both caches did turn over

"""Self-training (marsad.ner.selftrain): corpus sentences cut as the segment stage cuts them, and only the ones
the model is sure of, with an entity, are kept. Team-written sentences."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

from marsad.ner.commands import only_types
from marsad.ner.crf import TrainParams, train
from marsad.ner.selftrain import SelfTrainParams, confident_tags, corpus_sentences, select


def write_corpus(path: Path, articles: list[str]) -> Path:
    with gzip.open(path, "wt", encoding="utf-8") as f:
        for k, content in enumerate(articles):
            f.write(json.dumps({"id": k, "title": "عنوان لا يؤخذ", "content": content}, ensure_ascii=False) + "\n")
    return path


def test_corpus_sentences_are_segment_tokens_each_sentence_once(tmp_path):
    corpus = write_corpus(tmp_path / "news.jsonl.gz", [
        "وصل وزير الخارجية إلى الرياض (مساء الأحد) في زيارة رسمية. قال.\n"
        "وأكد الوزير أن المحادثات كانت بناءة ومثمرة جدا.",
        "وأكد الوزير أن المحادثات كانت بناءة ومثمرة جدا.",  # a repeated article: its sentence once
    ])
    sentences = list(corpus_sentences(corpus, min_tokens=4))
    texts = [" ".join(s) for s in sentences]
    assert "وصل وزير الخارجية إلى الرياض ( مساء الأحد ) في زيارة رسمية ." in texts  # "(مساء" cut as segment does
    assert texts.count("وأكد الوزير أن المحادثات كانت بناءة ومثمرة جدا .") == 1
    assert "قال ." not in texts  # under min_tokens
    assert not any("عنوان" in t for t in texts)  # titles are not read
    assert len(sentences) == 2


class FakeTagger:
    """pycrfsuite.Tagger's set/tag/marginal with fixed answers per sentence length."""

    def __init__(self, answers: dict[int, tuple[list[str], list[float]]]) -> None:
        self.answers = answers
        self.n = 0

    def set(self, features: list[list[str]]) -> None:
        self.n = len(features)

    def tag(self) -> list[str]:
        return self.answers[self.n][0]

    def marginal(self, label: str, i: int) -> float:
        return self.answers[self.n][1][i]


def test_only_sure_sentences_with_an_entity_are_kept():
    tagger = FakeTagger({
        3: (["B-PERS", "I-PERS", "O"], [0.97, 0.95, 0.99]),  # sure everywhere
        4: (["O", "B-LOC", "O", "O"], [0.99, 0.62, 0.99, 0.99]),  # unsure of its entity
        2: (["O", "O"], [1.0, 1.0]),  # sure, but nothing to learn from
    })
    assert confident_tags(tagger, [[]] * 3, 0.9) == (["B-PERS", "I-PERS", "O"], 0.95)  # type: ignore[arg-type]
    assert confident_tags(tagger, [[]] * 3, 0.96) is None  # type: ignore[arg-type]
    assert confident_tags(tagger, [[]] * 4, 0.9) is None  # type: ignore[arg-type]
    assert confident_tags(tagger, [[]] * 4, 0.5) is not None  # type: ignore[arg-type]
    assert confident_tags(tagger, [[]] * 2, 0.0) is None  # type: ignore[arg-type]


def test_only_types_keeps_sentences_whose_entities_are_all_persons():
    persons = [("التقى", "O"), ("خالد", "B-PERS"), ("العتيبي", "I-PERS")]
    mixed = [("زار", "O"), ("سعيد", "B-PERS"), ("القاهرة", "B-LOC")]
    empty = [("قال", "O"), ("إنه", "O")]
    assert only_types([persons, mixed, empty], {"PERS"}) == [persons]


def test_select_with_a_trained_model(tmp_path):
    """A small model trained on a few sentences keeps corpus sentences like them and is never sure of all."""
    training = [
        [("التقى", "O"), ("الرئيس", "O"), ("سمير", "B-PERS"), ("الحداد", "I-PERS"), ("في", "O"),
         ("بيروت", "B-LOC"), (".", "O")],
        [("وصل", "O"), ("الوزير", "O"), ("كمال", "B-PERS"), ("النجار", "I-PERS"), ("إلى", "O"),
         ("دمشق", "B-LOC"), (".", "O")],
        [("قال", "O"), ("المتحدث", "O"), ("إن", "O"), ("الاجتماع", "O"), ("انتهى", "O"), (".", "O")],
    ] * 4
    model = tmp_path / "tiny.crfsuite"
    train(training, model, TrainParams(max_iterations=50))
    candidates = [["التقى", "الرئيس", "سمير", "الحداد", "في", "بيروت", "."],
                  ["قال", "المتحدث", "إن", "الاجتماع", "انتهى", "."]]
    kept, summary = select(model, iter(candidates), SelfTrainParams(sentences=10, threshold=0.5))
    assert [[t for _, t in s] for s in kept] == [["O", "O", "B-PERS", "I-PERS", "O", "B-LOC", "O"]]
    assert summary["tagged"] == 2 and summary["kept"] == 1 and summary["entities"] == {"LOC": 1, "PERS": 1}
    none, _ = select(model, iter(candidates), SelfTrainParams(sentences=10, threshold=1.01))
    assert none == []
    first, summary = select(model, iter(candidates * 3), SelfTrainParams(sentences=1, threshold=0.5))
    assert len(first) == 1 and summary["tagged"] == 1  # stops once enough are kept

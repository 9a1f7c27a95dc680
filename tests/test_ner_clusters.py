"""Word clusters (marsad.ner.clusters): built from a JSONL corpus, read back, seen by the features."""

from __future__ import annotations

import dataclasses
import json

import pytest

from marsad.errors import InputError
from marsad.ner.clusters import build_clusters, read_clusters, write_clusters
from marsad.ner.features import sentence_features
from marsad.ner.lexicon import load_lexicons

# Team-written sports and politics lines: clubs share their neighbours, so do cities.
LINES = [
    "فاز فريق {club} على منافسه في المباراة التي أقيمت مساء أمس",
    "وتعادل فريق {club} مع ضيفه في الدوري",
    "وصل الوزير إلى {city} في زيارة رسمية",
    "عقد الاجتماع في {city} بحضور الوفد",
]
CLUBS = ["برشلونة", "ميلان", "الهلال", "النصر", "ليفربول"]
CITIES = ["الرياض", "القاهرة", "دمشق", "بغداد", "عمان"]


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    path = tmp_path_factory.mktemp("corpus") / "news.jsonl"
    records = []
    for club in CLUBS:
        for city in CITIES:
            body = " . ".join(line.format(club=club, city=city) for line in LINES)
            records.append(json.dumps({"title": "خبر", "content": body}, ensure_ascii=False))
    path.write_text("\n".join(records) + "\n", encoding="utf-8")
    return path


def test_build_is_deterministic_and_round_trips(corpus, tmp_path):
    first = build_clusters(corpus, vocabulary=60, contexts=30, dims=4, clusters=3)
    assert first == build_clusters(corpus, vocabulary=60, contexts=30, dims=4, clusters=3)
    assert {"برشلونه", "الرياض"} <= set(first)  # normalised words (ة -> ه)
    assert len(set(first.values())) <= 3
    out = tmp_path / "clusters.tsv"
    write_clusters(first, out)
    assert read_clusters(out) == {w: str(c) for w, c in first.items()}
    assert read_clusters(tmp_path / "absent.tsv") == {}


def test_words_in_the_same_contexts_share_a_cluster(corpus):
    table = build_clusters(corpus, vocabulary=60, contexts=30, dims=4, clusters=3)
    assert table["ميلان"] == table["ليفربول"]
    assert table["دمشق"] == table["بغداد"]
    assert table["ميلان"] != table["دمشق"]


def test_a_broken_corpus_is_a_clear_error(tmp_path):
    bad = tmp_path / "bad.jsonl"
    bad.write_text("{not json\n", encoding="utf-8")
    with pytest.raises(InputError, match="cannot read the corpus"):
        build_clusters(bad)


def test_features_carry_the_cluster_of_the_word_or_its_stem():
    lex = dataclasses.replace(load_lexicons(), clusters={"ميلان": "7", "فريق": "3"}, views={})
    f = [set(x) for x in sentence_features(["فريق", "وميلان", "فاز"], lex)]
    assert "cl=3" in f[0] and "cl=7" in f[1]  # "وميلان": the clitic-less stem's cluster
    assert "1:cl=7" in f[0] and "-1:cl=7" in f[2] and "-2:cl=3" in f[2]


def test_clusters_at_several_granularities_are_one_feature_each():
    lex = dataclasses.replace(load_lexicons(), clusters={"ميلان": "a1 b17 c301", "فريق": "a1 b4 c99"}, views={})
    f = [set(x) for x in sentence_features(["فريق", "وميلان"], lex)]
    assert {"cl=a1", "cl=b17", "cl=c301"} <= f[1] and {"cl=a1", "cl=b4", "cl=c99"} <= f[0]
    assert {"1:cl=a1", "1:cl=b17", "1:cl=c301"} <= f[0]


def test_vector_clusters_are_seeded_and_nested_in_granularity(corpus, tmp_path):
    pytest.importorskip("gensim", reason="gensim is a training-only extra (pip install marsad[train])")
    from marsad.ner.clusters import build_vector_clusters, write_cluster_names

    first = build_vector_clusters(corpus, vocabulary=60, dims=8, sizes=(2, 4), epochs=2)
    assert first == build_vector_clusters(corpus, vocabulary=60, dims=8, sizes=(2, 4), epochs=2)
    assert all(len(v.split()) == 2 and v.startswith("a") for v in first.values())
    assert len({v.split()[1] for v in first.values()}) <= 4
    out = tmp_path / "clusters.tsv"
    write_cluster_names(first, out)
    assert read_clusters(out)["ميلان"] == first["ميلان"]

"""The C decoders (marsad.ner._crfdecode) against references written the slow, obvious way: every label path
enumerated for small problems (the best path, ties going to the lowest labels as CRFsuite's first maximum,
and exact marginals), CRFsuite itself on real sentences (tests/test_ner_scorer.py and below)."""

from __future__ import annotations

import gzip
import itertools
import json
import math
import random

import numpy as np
import pytest
from testdata import shared_path

from marsad.ner import _crfdecode
from marsad.ner.crf import load_tagger


def _path_score(scores: np.ndarray, transitions: np.ndarray, path: tuple[int, ...]) -> float:
    total = scores[0, path[0]]
    for t in range(1, len(path)):
        total = total + transitions[path[t - 1], path[t]] + scores[t, path[t]]
    return total


def _reference(scores: np.ndarray, transitions: np.ndarray, outside: int) -> tuple[list[int], list[float]]:
    """Best path by dynamic programming in Python floats (the same sums as CRFsuite), marginals by brute force."""
    n, labels = scores.shape
    best = [float(x) for x in scores[0]]
    back = []
    for t in range(1, n):
        step, now = [], []
        for i in range(labels):
            cands = [best[j] + transitions[j, i] for j in range(labels)]
            k = max(range(labels), key=lambda j, c=cands: (c[j], -j))  # the first maximum
            step.append(k)
            now.append(cands[k] + scores[t, i])
        back.append(step)
        best = now
    k = max(range(labels), key=lambda j: (best[j], -j))
    path = [k]
    for step in reversed(back):
        k = step[k]
        path.append(k)
    path.reverse()
    weights = {p: math.exp(_path_score(scores, transitions, p)) for p in itertools.product(range(labels), repeat=n)}
    total = sum(weights.values())
    probs = [1.0 - sum(w for p, w in weights.items() if p[t] == outside) / total for t in range(n)]
    return path, probs


@pytest.mark.parametrize("seed", range(40))
def test_paths_and_marginals_match_brute_force(seed):
    rng = random.Random(seed)
    labels = rng.randint(1, 4)
    lengths = [rng.randint(1, 5) for _ in range(rng.randint(1, 4))]
    # Small integers make ties frequent (the first maximum must win); every other seed uses real floats.
    draw = (lambda: float(rng.randint(-2, 2))) if seed % 2 else (lambda: rng.uniform(-3, 3))
    scores = np.array([[draw() for _ in range(labels)] for _ in range(sum(lengths))])
    transitions = np.array([[draw() for _ in range(labels)] for _ in range(labels)])
    outside = rng.randrange(labels)
    ns = np.array(lengths, dtype=np.int64)
    path = list(_crfdecode.viterbi(scores, transitions, ns))
    probs = np.frombuffer(_crfdecode.entity_probability(scores, transitions, ns, outside)).tolist()
    at = 0
    for n in lengths:
        ref_path, ref_probs = _reference(scores[at:at + n], transitions, outside)
        assert path[at:at + n] == ref_path
        assert probs[at:at + n] == pytest.approx(ref_probs, abs=1e-12)
        at += n


def test_long_sentences_neither_underflow_nor_overflow():
    rng = np.random.default_rng(7)
    scores = rng.normal(0, 40, size=(5000, 9))  # far beyond what exp() can hold unscaled
    transitions = rng.normal(0, 20, size=(9, 9))
    probs = np.frombuffer(_crfdecode.entity_probability(scores, transitions, np.array([5000], dtype=np.int64), 0))
    assert np.isfinite(probs).all() and (probs >= 0).all() and (probs <= 1 + 1e-12).all()
    path = _crfdecode.viterbi(scores, transitions, np.array([4000, 1000], dtype=np.int64))
    assert len(path) == 5000 and max(path) < 9


@pytest.mark.parametrize(("args", "error"), [
    ((np.zeros((3, 2)), np.zeros((2, 2)), np.array([2, 2], dtype=np.int64)), "add up"),
    ((np.zeros((3, 2)), np.zeros((3, 3)), np.array([3], dtype=np.int64)), "labels x labels"),
    ((np.zeros((3, 2)), np.zeros((2, 2)), np.array([3, 0], dtype=np.int64)), "empty"),
    ((np.zeros((3, 2), dtype=np.float32), np.zeros((2, 2)), np.array([3], dtype=np.int64)), "float64"),
    ((np.zeros((3, 2)), np.zeros((2, 2)), np.array([3], dtype=np.int32)), "int64"),
    ((np.zeros((3, 2))[:, ::-1], np.zeros((2, 2)), np.array([3], dtype=np.int64)), "contiguous"),
])
def test_bad_arrays_are_refused_with_a_reason(args, error):
    with pytest.raises((TypeError, ValueError, BufferError), match=error):
        _crfdecode.viterbi(*args)


def test_outside_label_must_exist():
    with pytest.raises(ValueError, match="outside"):
        _crfdecode.entity_probability(np.zeros((2, 2)), np.zeros((2, 2)), np.array([2], dtype=np.int64), 2)


@pytest.mark.shared
def test_same_tags_and_marginals_as_crfsuite_on_real_sentences():
    tagger = load_tagger()
    checked = 0
    with gzip.open(shared_path("corpus/saudinewsnet-2015.jsonl.gz"), "rt", encoding="utf-8") as fh:
        articles = [json.loads(line).get("content") or "" for line, _ in zip(fh, range(40), strict=False)]
    for article in articles:
        for line in article.splitlines():
            words = line.replace(".", " . ").replace("،", " ، ").split()[:80]
            if len(words) < 3:
                continue
            tags, probs = tagger.tag_with_confidence(words)
            ref_tags, ref_probs = tagger.crfsuite_tag_with_confidence(words)
            assert tags == ref_tags, words
            assert probs == pytest.approx(ref_probs, abs=1e-9)
            checked += 1
    assert checked > 100

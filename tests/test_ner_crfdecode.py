"""The C decoders (marsad.ner._crfdecode) against references written the slow, obvious way: every label path
enumerated for small problems (the best path, ties going to the lowest labels as CRFsuite's first maximum,
and exact marginals), CRFsuite itself on real sentences (tests/test_ner_scorer.py and below). Its numpy twin
(_crfdecode_py, the path without a C compiler) passes the same reference tests."""

from __future__ import annotations

import gzip
import itertools
import json
import math
import random

import numpy as np
import pytest
from testdata import shared_path

from marsad.ner import _crfdecode_py
from marsad.ner.crf import load_tagger

try:
    from marsad.ner import _crfdecode
except ImportError:  # built without a C compiler: only the numpy twin is tested
    _crfdecode = None
needs_c = pytest.mark.skipif(_crfdecode is None, reason="marsad.ner._crfdecode was not built (no C compiler)")
DECODERS = [pytest.param(_crfdecode, id="c", marks=needs_c), pytest.param(_crfdecode_py, id="python")]


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


@pytest.mark.parametrize("decoder", DECODERS)
@pytest.mark.parametrize("seed", range(40))
def test_paths_and_marginals_match_brute_force(seed, decoder):
    rng = random.Random(seed)
    labels = rng.randint(1, 4)
    lengths = [rng.randint(1, 5) for _ in range(rng.randint(1, 4))]
    # Small integers make ties frequent (the first maximum must win); every other seed uses real floats.
    draw = (lambda: float(rng.randint(-2, 2))) if seed % 2 else (lambda: rng.uniform(-3, 3))
    scores = np.array([[draw() for _ in range(labels)] for _ in range(sum(lengths))])
    transitions = np.array([[draw() for _ in range(labels)] for _ in range(labels)])
    outside = rng.randrange(labels)
    ns = np.array(lengths, dtype=np.int64)
    path = list(decoder.viterbi(scores, transitions, ns))
    probs = np.frombuffer(decoder.entity_probability(scores, transitions, ns, outside)).tolist()
    at = 0
    for n in lengths:
        ref_path, ref_probs = _reference(scores[at:at + n], transitions, outside)
        assert path[at:at + n] == ref_path
        assert probs[at:at + n] == pytest.approx(ref_probs, abs=1e-12)
        at += n


@pytest.mark.parametrize("decoder", DECODERS)
def test_long_sentences_neither_underflow_nor_overflow(decoder):
    rng = np.random.default_rng(7)
    scores = rng.normal(0, 40, size=(5000, 9))  # far beyond what exp() can hold unscaled
    transitions = rng.normal(0, 20, size=(9, 9))
    probs = np.frombuffer(decoder.entity_probability(scores, transitions, np.array([5000], dtype=np.int64), 0))
    assert np.isfinite(probs).all() and (probs >= 0).all() and (probs <= 1 + 1e-12).all()
    path = decoder.viterbi(scores, transitions, np.array([4000, 1000], dtype=np.int64))
    assert len(path) == 5000 and max(path) < 9


@pytest.mark.parametrize(("args", "error"), [
    ((np.zeros((3, 2)), np.zeros((2, 2)), np.array([2, 2], dtype=np.int64)), "add up"),
    ((np.zeros((3, 2)), np.zeros((3, 3)), np.array([3], dtype=np.int64)), "labels x labels"),
    ((np.zeros((3, 2)), np.zeros((2, 2)), np.array([3, 0], dtype=np.int64)), "empty"),
    ((np.zeros((3, 2), dtype=np.float32), np.zeros((2, 2)), np.array([3], dtype=np.int64)), "float64"),
    ((np.zeros((3, 2)), np.zeros((2, 2)), np.array([3], dtype=np.int32)), "int64"),
    ((np.zeros((3, 2))[:, ::-1], np.zeros((2, 2)), np.array([3], dtype=np.int64)), "contiguous"),
])
@needs_c
def test_bad_arrays_are_refused_with_a_reason(args, error):
    with pytest.raises((TypeError, ValueError, BufferError), match=error):
        _crfdecode.viterbi(*args)


@needs_c
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


def _state_inputs(seed: int) -> dict:
    rng = np.random.default_rng(seed)
    labels, forms, attrs = 3, 6, 10
    lengths = rng.integers(1, 6, size=rng.integers(1, 4))
    n = int(lengths.sum())
    codes = rng.integers(-1, 3, size=(forms, 5))
    minus = sorted({int(a) << 32 | int(b) for a, b in rng.integers(0, 3, size=(4, 2))})
    plus = sorted({int(a) << 32 | int(b) for a, b in rng.integers(0, 3, size=(4, 2))})
    return {
        "table": rng.normal(size=(forms, 5, labels)), "ids": rng.integers(0, forms, size=n),
        "lengths": lengths.astype(np.int64), "neighbours": np.array([-2, -1, 1, 2], dtype=np.int64),
        "edges": rng.normal(size=(4, labels)), "codes": codes,
        "minus_keys": np.array(minus, dtype=np.int64), "minus_rows": rng.integers(0, attrs, size=len(minus)),
        "plus_keys": np.array(plus, dtype=np.int64), "plus_rows": rng.integers(0, attrs, size=len(plus)),
        "weights": rng.normal(size=(attrs, labels)),
        "late_at": rng.integers(0, n, size=3), "late_rows": rng.integers(0, attrs, size=3),
    }


def _state_reference(a: dict) -> np.ndarray:
    """Token by token in Python: own row, what each neighbour lends (or the edge), bi-, bi+, late rows."""
    out, first = [], 0
    pairs = {"minus": dict(zip(a["minus_keys"].tolist(), a["minus_rows"].tolist(), strict=True)),
             "plus": dict(zip(a["plus_keys"].tolist(), a["plus_rows"].tolist(), strict=True))}
    for length in a["lengths"].tolist():
        ids = a["ids"][first:first + length]
        for p in range(length):
            acc = a["table"][ids[p], 0].copy()
            for k, d in enumerate(a["neighbours"].tolist()):
                acc += a["table"][ids[p + d], k + 1] if 0 <= p + d < length else a["edges"][k]
            for kind, left, right, cols in (("minus", p - 1, p, (0, 1)), ("plus", p, p + 1, (2, 3))):
                if left >= 0 and right < length:
                    head, tail = a["codes"][ids[left], cols[0]], a["codes"][ids[right], cols[1]]
                    row = pairs[kind].get(int(head) << 32 | int(tail)) if head >= 0 and tail >= 0 else None
                    if row is not None:
                        acc += a["weights"][row]
            out.append(acc)
        first += length
    scores = np.array(out)
    for at, row in zip(a["late_at"].tolist(), a["late_rows"].tolist(), strict=True):
        scores[at] += a["weights"][row]
    return scores


@pytest.mark.parametrize("decoder", DECODERS)
@pytest.mark.parametrize("seed", range(25))
def test_state_scores_add_the_features_in_order(seed, decoder):
    inputs = _state_inputs(seed)
    got = np.frombuffer(decoder.state_scores(*inputs.values())).reshape(-1, 3)
    assert np.array_equal(got, _state_reference(inputs))  # the same additions in the same order: bit for bit


@pytest.mark.parametrize(("change", "error"), [
    ({"ids": np.array([0, 99], dtype=np.int64), "lengths": np.array([2], dtype=np.int64)}, "outside the table"),
    ({"late_rows": np.array([0, 0, 10**6], dtype=np.int64)}, "out of range"),
    ({"edges": np.zeros((3, 3))}, "do not agree"),
    ({"table": np.zeros((6, 5, 3), dtype=np.float32)}, "float64"),
])
@needs_c
def test_state_scores_refuse_inconsistent_arrays(change, error):
    inputs = {**_state_inputs(0), **change}
    if "ids" in change:
        inputs["late_at"] = np.zeros(3, dtype=np.int64)
    with pytest.raises((TypeError, ValueError, IndexError), match=error):
        _crfdecode.state_scores(*inputs.values())


# ---- row_sums: the new forms' weights, summed as numpy's np.add.at summed them -------------------------

@pytest.mark.parametrize("decoder", DECODERS)
@pytest.mark.parametrize("seed", range(6))
def test_row_sums_add_each_list_in_order_from_zero(seed, decoder):
    rng = np.random.default_rng(seed)
    weights = rng.normal(size=(50, 7)) * 10.0 ** rng.integers(-8, 8, size=(50, 1))  # mixed magnitudes
    lists = [list(rng.integers(0, 50, size=rng.integers(0, 12))) for _ in range(rng.integers(1, 20))]
    offsets = np.array([0, *itertools.accumulate(map(len, lists))], dtype=np.int64)
    flat = np.array([r for rows in lists for r in rows], dtype=np.int64)
    got = np.frombuffer(decoder.row_sums(weights, flat, offsets)).reshape(len(lists), 7)
    for k, rows in enumerate(lists):
        want = np.zeros(7)
        for r in rows:  # one row after the other, from zero
            want = want + weights[r]
        assert got[k].tobytes() == want.tobytes()  # bit for bit
    reference = np.zeros((len(lists), 7))  # what the scorer did before: padded lists, numpy additions
    width = max(map(len, lists))
    if width:
        padded = np.vstack([weights, np.zeros((1, 7))])[
            np.array([rows + [50] * (width - len(rows)) for rows in lists], dtype=np.intp)]
        for j in range(width):
            reference += padded[:, j]
    assert got.tobytes() == reference.tobytes()


@pytest.mark.parametrize(("rows", "offsets", "error"), [
    ([0, 1], [0, 3], ValueError),  # offsets past the rows
    ([0, 1], [1, 2], ValueError),  # not from 0
    ([0, 1, 2], [0, 2, 1, 3], ValueError),  # decreasing
    ([0, 9], [0, 2], IndexError),  # a row outside the weights
    ([0, -1], [0, 2], IndexError),
])
@needs_c
def test_row_sums_refuse_bad_arrays(rows, offsets, error):
    with pytest.raises(error):
        _crfdecode.row_sums(np.zeros((3, 2)), np.array(rows, dtype=np.int64), np.array(offsets, dtype=np.int64))
    with pytest.raises(TypeError):
        _crfdecode.row_sums(np.zeros((3, 2), dtype=np.float32), np.zeros(0, dtype=np.int64), np.zeros(1, dtype=np.int64))

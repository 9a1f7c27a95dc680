"""The neural tagger's numpy inference (marsad.ner.neural), its subword vectors and its training command."""

from __future__ import annotations

import importlib.util
import re
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from marsad.ner.crf import load_tagger
from marsad.ner.features import views_of
from marsad.ner.lexicon import load_lexicons
from marsad.ner.neural import Mix, NeuralScorer, default_model_path, lexicon_names
from marsad.ner.subword import SubwordVectors, ft_hash, ngram_buckets

# Team-written sentences, as the segment stage cuts them (punctuation apart, clitics attached).
SENTENCES = [words.split() for words in (
    "استقبل الرئيس المصري عبد الفتاح السيسي في القاهرة وزير الخارجية الأردني أيمن الصفدي .",
    "وأكدت منظمة الصحة العالمية أن الوباء تراجع في ولاية كيرالا الهندية .",
    "وقال رئيس الوزراء البريطاني ديفيد كاميرون إن حكومته ستدعم قرار مجلس الأمن",
    "بغداد",
    "، ،",
)]
LABELS = ["B-LOC", "I-LOC", "B-MISC", "I-MISC", "B-ORG", "I-ORG", "B-PERS", "I-PERS", "O"]


def test_ngram_hashes_are_fasttexts():
    # Values gensim 4.4's ft_hash_bytes / ft_ngram_hashes give (computed once with gensim, checked by hand
    # for the ASCII one against fastText's FNV-1a: 2166136261 ^ byte, * 16777619 mod 2**32, per byte).
    assert ft_hash(b"a") == 3826002220
    assert ft_hash("بر".encode()) == 3277819242  # bytes over 127 taken as signed chars, as fastText does
    assert len(ngram_buckets("ab", 3, 5, 1000)) == 3  # "<ab", "<ab>", "ab>"
    assert len(ngram_buckets("برشلونة", 3, 5, 2_000_000)) == 7 + 6 + 5  # "<برشلونة>": 9 characters


def _write_vectors(path: Path, words: list[str], dim: int = 8, buckets: int = 64) -> None:
    rng = np.random.default_rng(3)
    np.savez(path, words=np.array(words), vectors=rng.normal(size=(len(words), dim)).astype(np.float16),
             ngrams=rng.normal(size=(buckets, dim)).astype(np.float16), min_n=3, max_n=5)


def _write_model(path: Path, dim: int, n_names: int, hidden: int = 5, seed: int = 1) -> None:
    """Random weights in the layout neural_train.export writes (the numpy code alone is under test)."""
    rng = np.random.default_rng(seed)
    chars = "ابتثجحخدذرسشصضطظعغفقكلمنهويءةى"
    char_dim, filters = 4, 6
    inputs = dim + 3 * n_names + 10 + filters
    r = lambda *shape: rng.normal(scale=0.5, size=shape).astype(np.float32)  # noqa: E731
    emb = r(len(chars) + 2, char_dim)
    emb[0] = 0.0
    np.savez(path, labels=np.array(LABELS), lexicons=np.array(lexicon_names(load_lexicons())), chars=np.array(chars),
             char_emb=emb, conv_w=r(filters, char_dim, 3), conv_b=r(filters),
             w_ih_f=r(4 * hidden, inputs), w_hh_f=r(4 * hidden, hidden), b_ih_f=r(4 * hidden), b_hh_f=r(4 * hidden),
             w_ih_b=r(4 * hidden, inputs), w_hh_b=r(4 * hidden, hidden), b_ih_b=r(4 * hidden), b_hh_b=r(4 * hidden),
             out_w=r(len(LABELS), 2 * hidden), out_b=r(len(LABELS)), transitions=r(len(LABELS), len(LABELS)))


@pytest.fixture(scope="module")
def random_model(tmp_path_factory: pytest.TempPathFactory) -> NeuralScorer:
    d = tmp_path_factory.mktemp("neural")
    _write_vectors(d / "v.npz", ["الرئيس", "في", "القاهرة", "."])
    _write_model(d / "m.npz", 8, len(lexicon_names(load_lexicons())))
    return NeuralScorer(d / "m.npz", SubwordVectors(d / "v.npz"))


def test_subword_vectors_known_word_and_unknown_word(tmp_path: Path):
    _write_vectors(tmp_path / "v.npz", ["الرئيس", "في"])
    vectors = SubwordVectors(tmp_path / "v.npz")
    assert vectors["الرئيس"].tolist() == vectors.vectors[0].tolist()
    unknown = vectors["كاميرون"]  # the mean of its n-gram buckets
    rows = ngram_buckets("كاميرون", 3, 5, 64)
    assert np.allclose(unknown, vectors.ngrams[rows].mean(axis=0))


def _lstm_reference(m: NeuralScorer, xs: np.ndarray) -> np.ndarray:
    """A plain per-token BiLSTM over one sentence's input rows (the textbook loop), to check the batched one."""
    h = m.hidden

    def run(seq: np.ndarray, w_ih: np.ndarray, b: np.ndarray, w_hh: np.ndarray) -> list[np.ndarray]:
        state, cell, out = np.zeros(h), np.zeros(h), []
        for x in seq:
            g = x @ w_ih + b + state @ w_hh
            i, f, gg, o = (1 / (1 + np.exp(-g[:h])), 1 / (1 + np.exp(-g[h:2 * h])), np.tanh(g[2 * h:3 * h]),
                           1 / (1 + np.exp(-g[3 * h:])))
            cell = f * cell + i * gg
            state = o * np.tanh(cell)
            out.append(state)
        return out

    w_ih, b_ih, w_hh = m.w_ih / m.gate_scale, m.b_ih / m.gate_scale, m.w_hh / m.gate_scale  # as torch has them
    fw = run(xs, w_ih[:, :4 * h], b_ih[:4 * h], w_hh[:h, :4 * h])
    bw = run(xs[::-1], w_ih[:, 4 * h:], b_ih[4 * h:], w_hh[h:, 4 * h:])[::-1]
    return np.stack([np.concatenate([a, b]) for a, b in zip(fw, bw, strict=True)]) @ m.out_w + m.out_b


def test_batched_bilstm_equals_one_sentence_at_a_time(random_model: NeuralScorer):
    lex = load_lexicons()
    views = [views_of(words, lex) for words in SENTENCES]
    together = random_model.emissions(views)
    at = 0
    for v in views:
        alone = random_model.emissions([v])
        xs = np.stack([random_model.form_input(t) for t in v])  # one form at a time
        assert np.allclose(random_model.form_inputs(v), xs, atol=1e-5)
        assert np.allclose(alone, _lstm_reference(random_model, xs.astype(np.float64)), atol=1e-4)
        assert np.allclose(together[at:at + len(v)], alone, atol=1e-5)  # padding changes nothing
        at += len(v)
    assert at == len(together)


def test_mix_with_zero_neural_weight_is_the_crf(random_model: NeuralScorer):
    tagger = load_tagger()
    lex = tagger.lex
    views = [views_of(words, lex) for words in SENTENCES]
    saved = tagger.scorer.mix  # the packaged neural model, when it is mixed in
    tagger.scorer.mix = None
    alone = tagger.tag_sentences(views)
    tagger.scorer.mix = Mix(random_model, tagger.labels, 0.0, 1.0)
    try:
        assert tagger.tag_sentences(views) == alone
        tagger.scorer.mix = Mix(random_model, tagger.labels, 1.0, 0.0)  # the random model alone: other tags
        assert [t for t, _ in tagger.tag_sentences(views)] != [t for t, _ in alone]
    finally:
        tagger.scorer.mix = saved


TINY = """\
استقبل O
الرئيس O
عبد B-PERS
الفتاح I-PERS
السيسي I-PERS
في O
القاهرة B-LOC
وفد O
منظمة B-ORG
الصحة I-ORG
العالمية I-ORG
. O

وقال O
كاميرون B-PERS
إن O
بريطانيا B-LOC
ستدعم O
خطة O
كأس B-MISC
العالم I-MISC
. O
"""


@pytest.mark.skipif(importlib.util.find_spec("torch") is None,
                    reason="training the neural tagger needs torch (the `train` extra, e.g. /work/venv-train)")
def test_train_command_on_a_tiny_corpus_is_seeded(tmp_path: Path):
    data = tmp_path / "tiny.conll"
    data.write_text("\n".join([TINY] * 6), encoding="utf-8")  # 12 sentences: 9 to train, 3 of dev
    _write_vectors(tmp_path / "v.npz", ["الرئيس", "في", "القاهرة", "."])
    src = str(Path(__import__("marsad").__file__).parents[1])
    outs = []
    for run in ("a", "b"):
        out = tmp_path / f"{run}.npz"
        done = subprocess.run(
            [sys.executable, "-m", "marsad", "ner", "train", "--neural", "--data", str(data), "--vectors",
             str(tmp_path / "v.npz"), "--out", str(out), "--epochs", "2", "--hidden", "8", "--dev-fraction", "0.25"],
            capture_output=True, text=True, env={**__import__("os").environ, "PYTHONPATH": src}, timeout=600)
        assert done.returncode == 0, done.stderr
        assert "trained on 9 sentences" in done.stdout
        assert re.search(r"^dev F1: .*ALL \d+\.\d\d$", done.stdout, re.M), done.stdout
        outs.append(out)
    model = NeuralScorer(outs[0], SubwordVectors(tmp_path / "v.npz"))
    assert set(model.labels) == {"B-PERS", "I-PERS", "B-LOC", "B-ORG", "I-ORG", "B-MISC", "I-MISC", "O"}
    assert model.emissions([views_of(SENTENCES[0], load_lexicons())]).shape == (len(SENTENCES[0]), 8)
    with np.load(outs[0]) as a, np.load(outs[1]) as b:  # the same seed, the same weights
        assert all(np.array_equal(a[k], b[k]) for k in a.files)


# A small model (8 LSTM units, trained 10 epochs on the first 1,000 ANERcorp sentences over random subword
# vectors of SENTENCES' words: tests/data/ner-neural-tiny*.npz) and its tags for SENTENCES, alone (no CRF),
# computed once with the torch model (neural_train.load_torch + torch_emissions + a textbook Viterbi) and
# read through by hand: "عبد الفتاح" (not "السيسي"), "أيمن" (not "الصفدي"), "ديفيد كاميرون", two places.
FIXTURE = Path(__file__).parent / "data"
EXPECTED = [
    ["O", "O", "O", "B-PERS", "I-PERS", "O", "O", "B-LOC", "O", "O", "O", "B-PERS", "O", "O"],
    ["O"] * 12,
    ["O", "O", "O", "O", "B-PERS", "I-PERS", "O", "O", "O", "O", "O", "O"],
    ["B-LOC"],
    ["O", "O"],
]


def test_numpy_inference_gives_the_torch_models_tags():
    tagger = load_tagger()
    model = NeuralScorer(FIXTURE / "ner-neural-tiny.npz", SubwordVectors(FIXTURE / "ner-neural-tiny-vectors.npz"))
    views = [views_of(words, tagger.lex) for words in SENTENCES]
    saved = tagger.scorer.mix
    try:
        tagger.scorer.mix = Mix(model, tagger.labels, 1.0, 0.0)
        assert [tags for tags, _ in tagger.tag_sentences(views)] == EXPECTED
    finally:
        tagger.scorer.mix = saved


def test_packaged_tagger_mixes_the_neural_model_as_its_manifest_says():
    tagger = load_tagger()
    if not default_model_path().exists():
        assert tagger.scorer.mix is None
        return
    manifest = __import__("json").loads(default_model_path().with_suffix(".json").read_text(encoding="utf-8"))
    assert tagger.scorer.mix is not None and tagger.scorer.mix.weight == manifest["mix"]["weight"]

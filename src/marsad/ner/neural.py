"""The neural tagger's inference in numpy: char-CNN + subword vectors + lexicon flags -> BiLSTM -> CRF scores.

Trained with torch (marsad.ner.neural_train, a `train` extra); run here without it. Every input of a token
depends on its text alone (its subword vector, its characters, the lexicons listing it), so the input row is
computed once per distinct form and cached; the sentences of a document then go through the BiLSTM
together, padded, both directions in one step: the loop runs over the longest sentence, not over tokens.
The output is a [tokens x labels] matrix of emission scores and a transition matrix, decoded by the CRF
decoder the CRF tagger uses (marsad.ner.scorer): alone, or added to the CRF's own scores (an ensemble).

Weights: `data/ner/ner-neural.npz` (float32) beside the subword table `data/ner/subword-vectors.npz`.
"""

from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path
from typing import Any

import numpy as np

from .. import config
from ..errors import ModelError
from .features import TokenView
from .lexicon import Lexicons, data_dir
from .subword import SubwordVectors

MODEL_FILE = "ner-neural.npz"
VECTOR_FILE = "subword-vectors.npz"
SHAPES = ("word", "latin", "num", "alnum", "punct", "quote", "empty")
MAX_CHARS = 20  # a longer form's characters: its first 10 and last 10
FORM_CACHE_SIZE = 100_000


def lexicon_names(lex: Lexicons) -> list[str]:
    return sorted(lex.words)


def char_string(v: TokenView) -> str:
    w = v.norm
    return w if len(w) <= MAX_CHARS else w[:MAX_CHARS // 2] + w[-MAX_CHARS // 2:]


def flag_row(v: TokenView, names: list[str]) -> np.ndarray:
    """Lexicon membership (as written, after a clitic, any bare form), shape, definite/clitic prefix."""
    out = np.zeros(3 * len(names) + len(SHAPES) + 3, dtype=np.float32)
    for k, name in enumerate(names):
        out[3 * k] = name in v.classes
        out[3 * k + 1] = name in v.clitic_classes
        out[3 * k + 2] = name in v.bare_classes
    base = 3 * len(names)
    if v.shape in SHAPES:
        out[base + SHAPES.index(v.shape)] = 1.0
    base += len(SHAPES)
    out[base] = bool(v.prefix)
    out[base + 1] = len(v.stems) > 0
    out[base + 2] = min(len(v.norm), 12) / 12.0
    return out


def single_thread_blas() -> None:
    """Keep numpy's OpenBLAS to one thread: the BiLSTM's products are small, and on a busy machine (or in a
    pipeline worker that owns one core) OpenBLAS's threads cost 20x the arithmetic (measured: 577 vs 18 ms a
    20-sentence document). No-op when the library or its symbol is not found."""
    import ctypes
    import glob

    libs = glob.glob(str(Path(np.__file__).parent.parent / "numpy.libs" / "libscipy_openblas*.so*"))
    for lib in libs:
        try:
            dll = ctypes.CDLL(lib)
        except OSError:
            continue
        for name in ("scipy_openblas_set_num_threads64_", "scipy_openblas_set_num_threads", "openblas_set_num_threads"):
            setter = getattr(dll, name, None)
            if setter is not None:
                setter(1)
                return


class NeuralScorer:
    """Emission and transition scores of the packaged (or a given) neural model."""

    def __init__(self, path: Path, vectors: SubwordVectors | None = None) -> None:
        if not path.exists():
            raise ModelError("neural NER model not found (train it with `marsad ner train --neural`)",
                             source=str(path))
        with np.load(path, allow_pickle=False) as z:
            w = {k: z[k] for k in z.files}
        self.labels = [str(x) for x in w.pop("labels")]
        self.names = [str(x) for x in w.pop("lexicons")]
        self.chars = {c: i + 2 for i, c in enumerate(str(w.pop("chars")[()]))}  # 0 pad, 1 unknown
        self.vectors = vectors or load_vectors(str(path.parent / VECTOR_FILE))
        f32 = {k: v.astype(np.float32) for k, v in w.items()}
        self.char_emb = f32["char_emb"]  # [chars, E]
        conv = f32["conv_w"]  # torch Conv1d [out, E, width]
        self.width = conv.shape[2]
        self.conv_w = conv.transpose(2, 1, 0).reshape(-1, conv.shape[0])  # [(width*E), out], window-major
        self.conv_b = f32["conv_b"]
        h = f32["w_hh_f"].shape[1]
        self.hidden = h
        # Both directions' input weights side by side: one product per document for all tokens.
        self.w_ih = np.concatenate([f32["w_ih_f"], f32["w_ih_b"]]).T.copy()  # [in, 8H]
        self.b_ih = np.concatenate([f32["b_ih_f"] + f32["b_hh_f"], f32["b_ih_b"] + f32["b_hh_b"]])
        # Recurrent weights block-diagonal: [h_f, h_b] @ it gives both directions' gates.
        w_hh = np.zeros((2 * h, 8 * h), dtype=np.float32)
        w_hh[:h, :4 * h] = f32["w_hh_f"].T
        w_hh[h:, 4 * h:] = f32["w_hh_b"].T
        # The input, forget and output gates' columns halved: one tanh of the gates then gives tanh(x/2) for
        # them (sigmoid(x) = (tanh(x/2) + 1) / 2) and tanh(x) for the cell input.
        half = np.ones(8 * h, dtype=np.float32)
        for d in (0, 4 * h):
            half[d:d + 2 * h] = 0.5
            half[d + 3 * h:d + 4 * h] = 0.5
        self.w_ih *= half
        self.b_ih *= half
        w_hh *= half
        self.w_hh = w_hh
        self.gate_scale = half
        self.out_w = f32["out_w"].T.copy()  # [2H, labels]
        self.out_b = f32["out_b"]
        self.transitions = w["transitions"].astype(np.float64)  # [from, to]
        single_thread_blas()
        self._rows: dict[str, int] = {}
        # The input projection of each cached form ([forms, 8H]): the same for every occurrence (the input
        # row itself is not kept: 1 kB a form).
        self._proj = np.zeros((1024, 8 * h), dtype=np.float32)

    def form_input(self, v: TokenView) -> np.ndarray:
        """The token's input row: subword vector, flags, char-CNN features (the order of training)."""
        ids = [self.chars.get(c, 1) for c in char_string(v)]
        flags = flag_row(v, self.names)
        if not ids:  # no letters: torch's masked max is -1e4, zero after the ReLU
            return np.concatenate([self.vectors[v.norm], flags, np.zeros_like(self.conv_b)]).astype(np.float32)
        e = self.char_emb[[0] * (self.width // 2) + ids + [0] * (self.width // 2)]  # zero-padded like torch
        windows = np.lib.stride_tricks.sliding_window_view(e, self.width, axis=0)  # [L, E, width]
        windows = windows.transpose(0, 2, 1).reshape(len(ids), -1)
        char_features = (windows @ self.conv_w + self.conv_b).max(axis=0)
        return np.concatenate([self.vectors[v.norm], flags, np.maximum(char_features, 0.0)]).astype(np.float32)

    def form_inputs(self, views: list[TokenView]) -> np.ndarray:
        """`form_input` of several forms at once: one char-CNN product for all of them (a document's new
        forms cost one numpy call chain, not one each)."""
        char_ids = [[self.chars.get(c, 1) for c in char_string(v)] for v in views]
        lengths = np.array([len(ids) for ids in char_ids])
        pad = self.width // 2
        longest = max(1, int(lengths.max()))
        padded = np.zeros((len(views), longest + 2 * pad), dtype=np.int64)
        for k, ids in enumerate(char_ids):
            padded[k, pad:pad + len(ids)] = ids
        e = self.char_emb[padded]  # [forms, longest + 2 pad, E]
        windows = np.lib.stride_tricks.sliding_window_view(e, self.width, axis=1)  # [forms, longest, E, width]
        windows = windows.transpose(0, 1, 3, 2).reshape(len(views), longest, -1)
        conv = windows @ self.conv_w + self.conv_b  # [forms, longest, filters]
        conv[np.arange(longest)[None, :] >= lengths[:, None]] = -np.inf  # past a form's letters
        char_features = np.maximum(conv.max(axis=1), 0.0)  # (no letters: -inf, then 0, as in torch)
        vectors = np.stack([self.vectors[v.norm] for v in views])
        flags = np.stack([flag_row(v, self.names) for v in views])
        return np.concatenate([vectors, flags, char_features], axis=1).astype(np.float32)

    def _row_ids(self, views: list[TokenView]) -> np.ndarray:
        rows = self._rows
        if len(rows) + len(views) > FORM_CACHE_SIZE:  # full: start again (never within a document)
            rows.clear()
        ids = []
        missing: list[tuple[int, TokenView]] = []
        for v in views:
            r = rows.get(v.norm)
            if r is None:
                r = rows[v.norm] = len(rows)
                missing.append((r, v))
            ids.append(r)
        if missing:
            need = len(rows)
            if need > len(self._proj):
                grown = np.zeros((max(need, 2 * len(self._proj)), self._proj.shape[1]), dtype=np.float32)
                grown[:len(self._proj)] = self._proj
                self._proj = grown
            at = [r for r, _ in missing]
            block = self.form_inputs([v for _, v in missing])
            self._proj[at] = block @ self.w_ih + self.b_ih
        return np.array(ids, dtype=np.int64)

    def emissions(self, sentences: list[list[TokenView]]) -> np.ndarray:
        """[tokens of all (non-empty) sentences x labels] emission scores (float64)."""
        sentences = [s for s in sentences if s]
        if not sentences:
            return np.zeros((0, len(self.labels)))
        h = self.hidden
        lengths = np.array([len(s) for s in sentences])
        ids = self._row_ids([v for s in sentences for v in s])  # may grow the tables: first
        proj = self._proj[ids]  # [tokens, 8H]
        # Longest sentence first: at step k only the sentences longer than k are stepped (the first
        # `active[k]` rows), so the work follows the number of tokens, not sentences x longest.
        order = np.argsort(-lengths, kind="stable")
        sorted_lengths = lengths[order]
        n, t = len(sentences), int(sorted_lengths[0])
        starts = (np.cumsum(lengths) - lengths)[order]
        pos = np.arange(t)
        valid = pos[None, :] < sorted_lengths[:, None]
        active = valid.sum(axis=0).tolist()
        # Step-major inputs: the forward gates of token k, the backward gates of token len-1-k.
        forward_idx = np.where(valid, starts[:, None] + pos[None, :], 0).T
        backward_idx = np.where(valid, starts[:, None] + sorted_lengths[:, None] - 1 - pos[None, :], 0).T
        gates_in = np.concatenate([proj[forward_idx, :4 * h], proj[backward_idx, 4 * h:]], axis=2)  # [t, n, 8H]
        cell = np.zeros((n, 2, h), dtype=np.float32)
        outs = np.zeros((t + 1, n, 2 * h), dtype=np.float32)  # outs[k + 1]: the states after step k
        w_hh = self.w_hh
        for step in range(t):
            m = active[step]  # (the rows active now were active at the step before: lengths are sorted)
            g = gates_in[step, :m] + outs[step, :m] @ w_hh
            gates = np.tanh(g, out=g).reshape(m, 2, 4, h)  # direction, gate (i f g o), unit
            u = gates + 1.0  # twice the sigmoid of the i, f, o gates
            c = cell[:m]
            c *= u[:, :, 1]
            c += u[:, :, 0] * gates[:, :, 2]
            c *= 0.5
            out = outs[step + 1, :m].reshape(m, 2, h)
            np.multiply(u[:, :, 3], np.tanh(c), out=out)
            out *= 0.5
        outs = outs[1:]
        # Back to token order: the forward half at its step, the backward half at its mirrored step.
        rank = np.empty(n, dtype=np.int64)
        rank[order] = np.arange(n)
        row = np.repeat(rank, lengths)
        at = np.arange(int(lengths.sum())) - np.repeat(np.cumsum(lengths) - lengths, lengths)
        mirrored = np.repeat(lengths, lengths) - 1 - at
        hidden = np.concatenate([outs[at, row, :h], outs[mirrored, row, h:]], axis=1)
        return (hidden @ self.out_w + self.out_b).astype(np.float64)


@lru_cache(maxsize=2)
def load_vectors(path: str) -> SubwordVectors:
    return SubwordVectors(Path(path))


def default_model_path() -> Path:
    return data_dir() / MODEL_FILE


@lru_cache(maxsize=2)
def load_neural(path: str | None = None) -> NeuralScorer:
    return NeuralScorer(Path(path) if path else default_model_path())


class Mix:
    """A neural model's scores added to the CRF's (a product of experts): `weight` × its emissions and
    transitions, `crf_weight` × the CRF's, decoded by the CRF's decoder (CrfScorer.mix)."""

    def __init__(self, neural: NeuralScorer, crf_labels: list[str], weight: float = 1.0,
                 crf_weight: float = 1.0) -> None:
        self.neural = neural
        # A label the neural model never saw (a tiny training set) gets the column past its last: -1e4.
        self.order = np.array([neural.labels.index(x) if x in neural.labels else len(neural.labels)
                               for x in crf_labels])
        self.weight, self.crf_weight = weight, crf_weight
        padded = np.pad(neural.transitions, (0, 1))
        self.transitions = padded[np.ix_(self.order, self.order)]

    def combine(self, sentences: list[list[TokenView]], scores: np.ndarray, transitions: np.ndarray,
                ) -> tuple[np.ndarray, np.ndarray]:
        em = self.neural.emissions(sentences)
        em = np.pad(em, ((0, 0), (0, 1)), constant_values=-1e4)[:, self.order]
        return (np.ascontiguousarray(self.crf_weight * scores + self.weight * em),
                np.ascontiguousarray(self.crf_weight * transitions + self.weight * self.transitions))


def attach_packaged(tagger: Any) -> None:
    """Mix the packaged neural model into a CrfTagger when its manifest (ner-neural.json) has a "mix" entry
    ({"weight": w, "crf_weight": c}); MARSAD_NER_NEURAL=0 leaves the CRF alone (to measure the trade)."""
    model = default_model_path()
    manifest = model.with_suffix(".json")
    if config.env("MARSAD_NER_NEURAL") == "0" or not model.exists() or not manifest.exists():
        return
    try:
        mix = json.loads(manifest.read_text(encoding="utf-8")).get("mix")
    except (OSError, ValueError) as err:
        raise ModelError(f"cannot read the neural model's manifest ({err})", source=str(manifest)) from None
    if mix:
        tagger.scorer.mix = Mix(load_neural(), tagger.labels, float(mix["weight"]), float(mix.get("crf_weight", 1.0)))

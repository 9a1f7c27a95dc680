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

from functools import lru_cache
from pathlib import Path

import numpy as np

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


def _sigmoid(x: np.ndarray) -> np.ndarray:
    return 0.5 * (np.tanh(0.5 * x) + 1.0)


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
        self.w_hh = w_hh
        self.out_w = f32["out_w"].T.copy()  # [2H, labels]
        self.out_b = f32["out_b"]
        self.transitions = w["transitions"].astype(np.float64)  # [from, to]
        self._rows: dict[str, int] = {}
        self._table = np.zeros((1024, self.w_ih.shape[0]), dtype=np.float32)
        # The input projection of each cached form ([forms, 8H]): the same for every occurrence.
        self._proj = np.zeros((1024, 8 * h), dtype=np.float32)

    def form_input(self, v: TokenView) -> np.ndarray:
        """The token's input row: subword vector, flags, char-CNN features (the order of training)."""
        ids = [self.chars.get(c, 1) for c in char_string(v)]
        e = self.char_emb[[0] * (self.width // 2) + ids + [0] * (self.width // 2)]  # zero-padded like torch
        windows = np.lib.stride_tricks.sliding_window_view(e, self.width, axis=0)  # [L, E, width]
        windows = windows.transpose(0, 2, 1).reshape(len(ids), -1)
        # (no letters: torch's masked max is -1e4, zero after the ReLU)
        char_features = (windows @ self.conv_w + self.conv_b).max(axis=0) if ids else np.zeros_like(self.conv_b)
        return np.concatenate([self.vectors[v.norm], flag_row(v, self.names),
                               np.maximum(char_features, 0.0)]).astype(np.float32)

    def _row_ids(self, views: list[TokenView]) -> np.ndarray:
        rows = self._rows
        ids = []
        missing: list[tuple[int, TokenView]] = []
        for v in views:
            r = rows.get(v.norm)
            if r is None:
                if len(rows) >= FORM_CACHE_SIZE:
                    rows.clear()
                r = rows[v.norm] = len(rows)
                missing.append((r, v))
            ids.append(r)
        if missing:
            need = len(rows)
            if need > len(self._table):
                size = max(need, 2 * len(self._table))
                self._table = np.resize(self._table, (size, self._table.shape[1]))
                self._proj = np.resize(self._proj, (size, self._proj.shape[1]))
            at = [r for r, _ in missing]
            block = np.stack([self.form_input(v) for _, v in missing])
            self._table[at] = block
            self._proj[at] = block @ self.w_ih + self.b_ih
        return np.array(ids, dtype=np.int64)

    def emissions(self, sentences: list[list[TokenView]]) -> np.ndarray:
        """[tokens of all (non-empty) sentences x labels] emission scores (float64)."""
        sentences = [s for s in sentences if s]
        if not sentences:
            return np.zeros((0, len(self.labels)))
        h = self.hidden
        lengths = np.array([len(s) for s in sentences])
        n, t = len(sentences), int(lengths.max())
        proj = self._proj[self._row_ids([v for s in sentences for v in s])]  # [tokens, 8H]
        # Padded [sentences, steps, 8H]: forward gates in order, backward gates of each sentence reversed.
        starts = np.cumsum(lengths) - lengths
        pos = np.arange(t)
        valid = pos[None, :] < lengths[:, None]
        forward_idx = np.where(valid, starts[:, None] + pos[None, :], 0)
        backward_idx = np.where(valid, starts[:, None] + lengths[:, None] - 1 - pos[None, :], 0)
        gates_in = np.empty((t, n, 8 * h), dtype=np.float32)
        gates_in[:, :, :4 * h] = proj[forward_idx.T, :4 * h]
        gates_in[:, :, 4 * h:] = proj[backward_idx.T, 4 * h:]
        state = np.zeros((n, 2 * h), dtype=np.float32)
        cell = np.zeros((n, 2 * h), dtype=np.float32)
        outs = np.empty((t, n, 2 * h), dtype=np.float32)
        w_hh = self.w_hh
        for step in range(t):
            g = gates_in[step] + state @ w_hh
            g = g.reshape(n, 2, 4, h)  # direction, gate (i, f, g, o: torch's order), unit
            i_f_o = _sigmoid(g[:, :, (0, 1, 3)])
            cell = (i_f_o[:, :, 1] * cell.reshape(n, 2, h) + i_f_o[:, :, 0] * np.tanh(g[:, :, 2])).reshape(n, 2 * h)
            state = (i_f_o[:, :, 2] * np.tanh(cell.reshape(n, 2, h))).reshape(n, 2 * h)
            outs[step] = state
        # Back to token order: the forward half at its step, the backward half at its mirrored step.
        sentence_of = np.repeat(np.arange(n), lengths)
        at = np.arange(int(lengths.sum())) - np.repeat(starts, lengths)
        mirrored = np.repeat(lengths, lengths) - 1 - at
        hidden = np.concatenate([outs[at, sentence_of, :h], outs[mirrored, sentence_of, h:]], axis=1)
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
        missing = [x for x in crf_labels if x not in neural.labels]
        if missing:
            raise ModelError(f"the neural model has no label {missing[0]!r}", source=MODEL_FILE)
        self.neural = neural
        self.order = np.array([neural.labels.index(x) for x in crf_labels])
        self.weight, self.crf_weight = weight, crf_weight
        self.transitions = neural.transitions[np.ix_(self.order, self.order)]

    def combine(self, sentences: list[list[TokenView]], scores: np.ndarray, transitions: np.ndarray,
                ) -> tuple[np.ndarray, np.ndarray]:
        em = self.neural.emissions(sentences)[:, self.order]
        return (np.ascontiguousarray(self.crf_weight * scores + self.weight * em),
                np.ascontiguousarray(self.crf_weight * transitions + self.weight * self.transitions))

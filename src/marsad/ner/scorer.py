"""Tagging with a trained CRFsuite model without going through CRFsuite's string interface.

Handing CRFsuite its features costs about a microsecond per string, ~60 strings a token: most of the
entities stage's time. The weights are read once from the model file (CRFsuite's documented "FOMC" layout:
a feature chunk, then the label and attribute string tables), and every token's share of the state scores
(its own features and those it lends its neighbours) is summed once per distinct token text; a sentence
only adds its few context features. Viterbi decoding and the forward-backward marginals then run over all
sentences of a document at once. Same model, same arithmetic as CRFsuite (sums of weights, first maximum
wins ties), so the tags are CRFsuite's (tests/test_ner_scorer.py checks both agree).
"""

from __future__ import annotations

import struct
from pathlib import Path

import numpy as np

from ..errors import ModelError
from .features import NEIGHBOURS, TokenView, lent_features, own_features, phrase_marks, quote_state
from .lexicon import Lexicons

_HEADER = struct.Struct("<4sI4sIIIIIIIII")
_FEATURE = np.dtype([("type", "<u4"), ("src", "<u4"), ("dst", "<u4"), ("weight", "<f8")])
_CQDB_HEADER = struct.Struct("<4sIIIII")
STATE, TRANSITION = 0, 1
TOKEN_CACHE_SIZE = 100_000  # token forms whose scores are kept (about 0.5 kB each)


def read_model(path: Path) -> tuple[list[str], dict[str, int], np.ndarray, np.ndarray]:
    """(labels, attribute -> row, state weights [attributes x labels], transitions [from x to])."""
    try:
        buf = path.read_bytes()
        magic, _, kind, _, _, n_labels, n_attrs, off_feat, off_labels, off_attrs, _, _ = _HEADER.unpack_from(buf)
        if magic != b"lCRF" or kind != b"FOMC":
            raise ValueError("not a CRFsuite CRF1d model")
        chunk, _, n_features = struct.unpack_from("<4sII", buf, off_feat)
        if chunk != b"FEAT":
            raise ValueError("no feature chunk")
        features = np.frombuffer(buf, dtype=_FEATURE, count=n_features, offset=off_feat + 12)
        labels = _strings(buf, off_labels, n_labels)
        attrs = _strings(buf, off_attrs, n_attrs)
    except (OSError, ValueError, struct.error, UnicodeDecodeError) as err:
        raise ModelError(f"cannot read NER model ({err})", source=str(path)) from None
    state = features[features["type"] == STATE]
    weights = np.zeros((len(attrs), len(labels)))
    np.add.at(weights, (state["src"].astype(np.intp), state["dst"].astype(np.intp)), state["weight"])
    trans = features[features["type"] == TRANSITION]
    transitions = np.zeros((len(labels), len(labels)))
    np.add.at(transitions, (trans["src"].astype(np.intp), trans["dst"].astype(np.intp)), trans["weight"])
    return labels, {a: i for i, a in enumerate(attrs)}, weights, transitions


def _strings(buf: bytes, offset: int, count: int) -> list[str]:
    """The id -> string table of a CQDB chunk (its backward array)."""
    tag, _, _, _, bwd_size, bwd_offset = _CQDB_HEADER.unpack_from(buf, offset)
    if tag != b"CQDB" or bwd_size != count:
        raise ValueError("bad string table")
    out = []
    for record in struct.unpack_from(f"<{bwd_size}I", buf, offset + bwd_offset):
        _, size = struct.unpack_from("<II", buf, offset + record)
        start = offset + record + 8
        out.append(buf[start:start + size - 1].decode("utf-8"))  # size counts the final NUL
    return out


class CrfScorer:
    """Viterbi tags and entity probabilities for sentences of token views."""

    def __init__(self, path: Path) -> None:
        self.labels, self.attrs, self.weights, self.transitions = read_model(path)
        self.outside = self.labels.index("O") if "O" in self.labels else -1
        self._exp_transitions = np.exp(self.transitions - self.transitions.max())
        self._transitions_to_from = np.ascontiguousarray(self.transitions.T)
        # exp(-600) is far from float64's underflow (about exp(-708)).
        spread = float(self.transitions.max() - self.transitions.min()) if self.transitions.size else 0.0
        self._rescale_every = max(1, int(600 / spread)) if spread > 0 else 64
        self._token_scores: dict[str, np.ndarray] = {}

    def token_scores(self, v: TokenView) -> np.ndarray:
        """[own, lent to each NEIGHBOURS distance] x labels, cached per token form."""
        cached = self._token_scores.get(v.norm)  # a view is a function of its norm
        if cached is None:
            if len(self._token_scores) >= TOKEN_CACHE_SIZE:
                self._token_scores.clear()
            attrs = self.attrs
            slots: list[int] = []
            rows: list[int] = []
            for slot, features in enumerate([own_features(v), *(lent_features(v, d) for d in NEIGHBOURS)]):
                for f in features:
                    row = attrs.get(f)
                    if row is not None:
                        slots.append(slot)
                        rows.append(row)
            cached = np.zeros((1 + len(NEIGHBOURS), len(self.labels)))
            np.add.at(cached, slots, self.weights[rows])
            self._token_scores[v.norm] = cached
        return cached

    def state_scores(self, views: list[TokenView], lex: Lexicons) -> np.ndarray:
        """Sum of the weights of each token's features, per label: [tokens x labels]. The same features
        as `features.view_features`, summed without building their strings where that can be avoided."""
        n = len(views)
        per_token = np.stack([self.token_scores(v) for v in views])  # n x (1 + len(NEIGHBOURS)) x labels
        scores = per_token[:, 0].copy()
        for slot, d in enumerate(NEIGHBOURS, 1):
            if d > 0:
                if d < n:
                    scores[:n - d] += per_token[d:, slot]
                scores[max(n - d, 0):] += self._edge(f"{d}:EOS")
            else:
                if -d < n:
                    scores[-d:] += per_token[:n + d, slot]
                scores[:min(-d, n)] += self._edge(f"{d}:BOS")
        at, rows = self._context_rows(views, lex)
        if at:
            np.add.at(scores, at, self.weights[rows])
        return scores

    def _edge(self, feature: str) -> np.ndarray | float:
        row = self.attrs.get(feature)
        return self.weights[row] if row is not None else 0.0

    def _context_rows(self, views: list[TokenView], lex: Lexicons) -> tuple[list[int], list[int]]:
        """(token, attribute row) of the features `features.context_features` gives, sentence edges aside."""
        attrs = self.attrs
        marks = phrase_marks(views, lex)
        inside_quote = quote_state(views)
        inq = attrs.get("inq")
        at: list[int] = []
        rows: list[int] = []
        n = len(views)
        for i, v in enumerate(views):
            found = [f"bi-={views[i - 1].stem_known}|{v.stem_known}"] if i > 0 else []
            if i + 1 < n:
                found.append(f"bi+={v.stem_known}|{views[i + 1].stem_known}")
            if marks[i]:
                found += [f"ph={m}" for m in marks[i]]
            if i > 0 and marks[i - 1]:
                found += [f"-1:ph={m}" for m in marks[i - 1]]
            if i + 1 < n and marks[i + 1]:
                found += [f"1:ph={m}" for m in marks[i + 1]]
            for f in found:
                row = attrs.get(f)
                if row is not None:
                    at.append(i)
                    rows.append(row)
            if inside_quote[i] and inq is not None:
                at.append(i)
                rows.append(inq)
        return at, rows

    def tag_many(self, sentences: list[np.ndarray]) -> list[tuple[list[str], list[float]]]:
        """(tags, probability of an entity label) per sentence, for state scores [tokens x labels]."""
        if not sentences:
            return []
        lengths = np.array([len(s) for s in sentences])
        batch, longest, n_labels = len(sentences), int(lengths.max()), len(self.labels)
        scores = np.zeros((batch, longest, n_labels))
        for b, s in enumerate(sentences):
            scores[b, :len(s)] = s
        paths = self._viterbi(scores, lengths)
        entity = self._entity_probability(scores, lengths)
        return [([self.labels[k] for k in paths[b, :n]], entity[b, :n].tolist()) for b, n in enumerate(lengths)]

    def _viterbi(self, scores: np.ndarray, lengths: np.ndarray) -> np.ndarray:
        batch, longest, n_labels = scores.shape
        back = np.zeros((batch, longest, n_labels), dtype=np.intp)
        best_at = np.empty_like(scores)  # best path score ending in each label, per step
        best_at[:, 0] = scores[:, 0]
        rows = np.arange(batch * n_labels)
        to_from = self._transitions_to_from
        for t in range(1, longest):
            # One row per (sentence, current label), over previous labels: reductions along contiguous rows.
            candidates = (best_at[:, t - 1, None, :] + to_from).reshape(-1, n_labels)
            previous = candidates.argmax(axis=1)  # the first maximum, as CRFsuite
            back[:, t] = previous.reshape(batch, n_labels)
            best_at[:, t] = candidates[rows, previous].reshape(batch, n_labels) + scores[:, t]
        finals = best_at[np.arange(batch), lengths - 1]
        paths = np.zeros((batch, longest), dtype=np.intp)
        for b, n in enumerate(lengths.tolist()):
            k = int(finals[b].argmax())
            paths[b, n - 1] = k
            for t in range(n - 1, 0, -1):
                k = int(back[b, t, k])
                paths[b, t - 1] = k
        return paths

    def _entity_probability(self, scores: np.ndarray, lengths: np.ndarray) -> np.ndarray:
        """1 - P(label O at t), from forward-backward. Each step's scores are shifted to a maximum of 1, so
        a step can only shrink the largest value by the smallest transition factor; rescaling every
        `_rescale_every` steps therefore never underflows, and a marginal does not depend on the scale."""
        batch, longest, n_labels = scores.shape
        if self.outside < 0:
            return np.ones((batch, longest))
        emit = np.exp(scores - scores.max(axis=2, keepdims=True))
        every = self._rescale_every
        alpha = np.empty_like(emit)
        alpha[:, 0] = emit[:, 0]
        for t in range(1, longest):
            a = (alpha[:, t - 1] @ self._exp_transitions) * emit[:, t]
            if t % every == 0:
                a /= a.max(axis=1, keepdims=True)
            alpha[:, t] = a
        beta = np.empty_like(emit)
        beta[:, longest - 1] = 1.0
        ends = set((lengths - 1).tolist())
        exp_to_from = self._exp_transitions.T.copy()
        for t in range(longest - 2, -1, -1):
            b = (beta[:, t + 1] * emit[:, t + 1]) @ exp_to_from
            if t in ends:
                b[lengths == t + 1] = 1.0  # the last token of a shorter sentence
            if t % every == 0:
                b /= b.max(axis=1, keepdims=True)
            beta[:, t] = b
        joint = (alpha / alpha.max(axis=2, keepdims=True)) * (beta / beta.max(axis=2, keepdims=True))
        outside = joint[:, :, self.outside] / joint.sum(axis=2)
        return 1.0 - outside

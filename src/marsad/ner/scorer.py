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
from .features import NEIGHBOURS, TokenView, phrase_marks, quote_state
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


def _templates(attrs: dict[str, int]) -> dict[str, dict[str, int]]:
    """Attribute rows by feature template ("w", "-1:sk", "bias"…) and value: a feature's row is found from
    the parts of a token it is made of, without building its string."""
    out: dict[str, dict[str, int]] = {}
    for attr, row in attrs.items():
        name, _, value = attr.partition("=")  # no template name holds "=", values may
        out.setdefault(name, {})[value] = row
    return out


def _pairs(values: dict[str, int]) -> dict[str, dict[str, int]]:
    """Bigram rows as first -> second -> row, for every way a value "first|second" splits at a "|" (the
    feature string joins two forms with "|", and a form may hold one)."""
    out: dict[str, dict[str, int]] = {}
    for value, row in values.items():
        for k, ch in enumerate(value):
            if ch == "|":
                out.setdefault(value[:k], {})[value[k + 1:]] = row
    return out


class CrfScorer:
    """Viterbi tags and entity probabilities for the sentences of a document, as token views."""

    def __init__(self, path: Path) -> None:
        self.labels, self.attrs, self.weights, self.transitions = read_model(path)
        self.outside = self.labels.index("O") if "O" in self.labels else -1
        self._exp_transitions = np.exp(self.transitions - self.transitions.max())
        self._exp_to_from = self._exp_transitions.T.copy()
        self._transitions_to_from = np.ascontiguousarray(self.transitions.T)
        # exp(-600) is far from float64's underflow (about exp(-708)).
        spread = float(self.transitions.max() - self.transitions.min()) if self.transitions.size else 0.0
        self._rescale_every = max(1, int(600 / spread)) if spread > 0 else 64
        n_labels = len(self.labels)
        self._templates = _templates(self.attrs)
        self._bigrams = {name: _pairs(self._templates.get(name, {})) for name in ("bi-", "bi+")}
        self._edges = [self._edge(f"{d}:{'EOS' if d > 0 else 'BOS'}") for d in NEIGHBOURS]
        self._inq = self.attrs.get("inq")
        # Per distinct token form: its row in _table, [own, lent to each NEIGHBOURS distance] x labels.
        self._form_ids: dict[str, int] = {}
        self._table = np.zeros((1024, 1 + len(NEIGHBOURS), n_labels))

    def _edge(self, feature: str) -> np.ndarray | float:
        row = self.attrs.get(feature)
        return self.weights[row] if row is not None else 0.0

    def form_rows(self, v: TokenView) -> list[list[int]]:
        """Attribute rows of the features `features.own_features` and `lent_features` give (in their
        order), one list per slot [own, lent at each NEIGHBOURS distance]."""
        t = self._templates
        empty: dict[str, int] = {}
        w, stem, sk = v.norm, v.stem, v.stem_known
        own: list[int] = []
        add = own.append
        found = [t.get("bias", empty).get(""), t.get("w", empty).get(w), t.get("s", empty).get(stem),
                 t.get("sk", empty).get(sk), t.get("pre", empty).get(v.prefix),
                 t.get("shape", empty).get(v.shape), t.get("len", empty).get(str(min(len(stem), 8)))]
        cs = t.get("cs", empty)
        found += [cs.get(st) for st in v.stems]
        for k in (1, 2, 3, 4):
            if len(w) > k:
                found.append(t.get(f"p{k}", empty).get(w[:k]))
                found.append(t.get(f"x{k}", empty).get(w[-k:]))
            if len(sk) > k:
                found.append(t.get(f"sx{k}", empty).get(sk[-k:]))
                found.append(t.get(f"sp{k}", empty).get(sk[:k]))
        lex, lexc = t.get("lex", empty), t.get("lexc", empty)
        found += [lex.get(c) for c in v.classes]
        found += [lexc.get(c) for c in v.clitic_classes]
        if v.cluster:
            found.append(t.get("cl", empty).get(v.cluster))
        for r in found:
            if r is not None:
                add(r)
        out = [own]
        both = v.classes + v.clitic_classes
        for d in NEIGHBOURS:
            p = f"{d}:"
            found = [t.get(p + "w", empty).get(w), t.get(p + "sk", empty).get(sk)]
            if v.shape != "word":
                found.append(t.get(p + "shape", empty).get(v.shape))
            lex = t.get(p + "lex", empty)
            found += [lex.get(c) for c in both]
            if d in (-1, 1):
                cs = t.get(p + "cs", empty)
                found += [cs.get(st) for st in v.stems]
                found.append(t.get(p + "x2", empty).get(w[-2:]))
            if v.cluster:
                found.append(t.get(p + "cl", empty).get(v.cluster))
            out.append([r for r in found if r is not None])
        return out

    def _form_ids_of(self, views: list[TokenView]) -> list[int]:
        """Rows of `_table` for the views' forms; the scores of forms not seen before are summed here,
        all of a document's at once."""
        ids = self._form_ids
        new = {v.norm: v for v in views if v.norm not in ids}
        if new:
            if len(ids) + len(new) > TOKEN_CACHE_SIZE:
                ids.clear()
                new = {v.norm: v for v in views}
            first = len(ids)
            need = first + len(new)
            if need > len(self._table):
                grown = np.zeros((max(need, 2 * len(self._table)), *self._table.shape[1:]))
                grown[:first] = self._table[:first]
                self._table = grown
            flat: list[int] = []
            into: list[int] = []
            slot = first * (1 + len(NEIGHBOURS))
            for v in new.values():
                for rows in self.form_rows(v):
                    flat += rows
                    into += [slot] * len(rows)
                    slot += 1
            # Each slot's rows added one after the other into zeros, as np.add.at always did (np.add.reduceat
            # and sums along other axes may add in another order, and floats would differ in the last bit).
            self._table[first:need] = 0.0  # rows reused after the cache was cleared
            table = self._table.reshape(-1, self._table.shape[2])
            np.add.at(table, into, self.weights[flat])
            for k, norm in enumerate(new, first):
                ids[norm] = k
        return [ids[v.norm] for v in views]

    def state_scores(self, sentences: list[list[TokenView]], lex: Lexicons) -> np.ndarray:
        """Sum of the weights of each token's features, per label: [tokens of all sentences x labels]. The
        same features as `features.view_features`, summed in the same order, mostly without their strings.
        Sentences must not be empty."""
        views = [v for s in sentences for v in s]
        lengths = np.array([len(s) for s in sentences])
        n = len(views)
        ids = self._form_ids_of(views)  # may grow the table: first
        per_token = self._table[ids]
        pos = np.arange(n) - np.repeat(np.cumsum(lengths) - lengths, lengths)  # index in its sentence
        left = np.repeat(lengths, lengths) - 1 - pos  # tokens after it in its sentence
        scores = per_token[:, 0].copy()
        lent = np.empty_like(scores)
        for slot, (d, edge) in enumerate(zip(NEIGHBOURS, self._edges, strict=True), 1):
            if d > 0:
                lent[:n - d] = per_token[d:, slot]
                lent[left < d] = edge
            else:
                lent[-d:] = per_token[:n + d, slot]
                lent[pos < -d] = edge
            scores += lent
        at, rows = self._context_rows(sentences, lex)
        if at:
            np.add.at(scores, at, self.weights[rows])
        return scores

    def _context_rows(self, sentences: list[list[TokenView]], lex: Lexicons) -> tuple[list[int], list[int]]:
        """(token, attribute row) of the features `features.context_features` gives, sentence edges aside,
        in its order for each token (np.add.at then adds them in that order)."""
        at: list[int] = []
        rows: list[int] = []
        bi_minus, bi_plus = self._bigrams["bi-"], self._bigrams["bi+"]
        t = self._templates
        empty: dict[str, int] = {}
        ph, ph_before, ph_after = t.get("ph", empty), t.get("-1:ph", empty), t.get("1:ph", empty)
        inq = self._inq
        offset = 0
        late: list[tuple[int, int]] = []  # phrase and quote features, after every bigram of the token
        for views in sentences:
            n = len(views)
            sks = [v.stem_known for v in views]
            for i in range(n - 1):
                a = sks[i]
                m = bi_minus.get(a)
                p = bi_plus.get(a)
                if m is None and p is None:
                    continue
                b = sks[i + 1]
                # Token i + 1's "bi-" and token i's "bi+" are the same pair (a, b); token i's "bi-" came
                # from the pair before, so each token still gets "bi-" before "bi+".
                if p is not None and (r := p.get(b)) is not None:
                    at.append(offset + i)
                    rows.append(r)
                if m is not None and (r := m.get(b)) is not None:
                    at.append(offset + i + 1)
                    rows.append(r)
            marks = phrase_marks(views, lex) if any(v.phrase_firsts for v in views) else None
            quoted = quote_state(views) if inq is not None and any(v.shape == "quote" for v in views) else None
            if marks is not None or quoted is not None:
                for i in range(n):
                    if marks is not None:
                        found = [ph.get(mk) for mk in marks[i]]
                        if i > 0:
                            found += [ph_before.get(mk) for mk in marks[i - 1]]
                        if i + 1 < n:
                            found += [ph_after.get(mk) for mk in marks[i + 1]]
                        late += [(offset + i, r) for r in found if r is not None]
                    if quoted is not None and quoted[i]:
                        late.append((offset + i, inq))
            offset += n
        # np.add.at adds in list order: every token's bigrams, then its phrase and quote features.
        for i, r in late:
            at.append(i)
            rows.append(r)
        return at, rows

    def tag_document(self, sentences: list[list[TokenView]], lex: Lexicons) -> list[tuple[list[str], list[float]]]:
        """(tags, probability of an entity label per token) for each sentence of a document."""
        full = [s for s in sentences if s]
        if not full:
            return [([], []) for _ in sentences]
        lengths = np.array([len(s) for s in full])
        scores = self.state_scores(full, lex)
        batch, longest, n_labels = len(full), int(lengths.max()), len(self.labels)
        padded = np.zeros((batch, longest, n_labels))
        sentence_of = np.repeat(np.arange(batch), lengths)
        padded[sentence_of, np.arange(len(scores)) - np.repeat(np.cumsum(lengths) - lengths, lengths)] = scores
        paths = self._viterbi(padded, lengths).tolist()
        entity = self._entity_probability(padded, lengths).tolist()
        labels = self.labels
        tagged = iter([([labels[k] for k in paths[b][:n]], entity[b][:n]) for b, n in enumerate(lengths.tolist())])
        return [next(tagged) if s else ([], []) for s in sentences]

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

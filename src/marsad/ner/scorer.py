"""Tagging with a trained CRFsuite model without going through CRFsuite's string interface.

Handing CRFsuite its features costs about a microsecond per string, ~60 strings a token: most of the
entities stage's time. The weights are read once from the model file (CRFsuite's documented "FOMC" layout:
a feature chunk, then the label and attribute string tables), and every token's share of the state scores
(its own features and those it lends its neighbours) is summed once per distinct token text; a sentence
only adds its few context features. Viterbi decoding and the forward-backward marginals then run in C
(marsad.ner._crfdecode: numpy spent ~20 µs of call overhead per step on a few dozen additions; without
the C module, its numpy twin _crfdecode_py gives the same tags, slower: DECODER says which). Same model, same arithmetic as CRFsuite (sums of weights, first maximum
wins ties), so the tags are CRFsuite's (tests/test_ner_scorer.py checks both agree).
"""

from __future__ import annotations

import struct
from itertools import accumulate, chain
from operator import attrgetter
from pathlib import Path
from typing import Any

import numpy as np

from .. import native
from ..errors import ModelError
from . import _crfdecode_py
from .features import NEIGHBOURS, TokenView, phrase_marks_at
from .lexicon import Lexicons

_HEADER = struct.Struct("<4sI4sIIIIIIIII")
_FEATURE = np.dtype([("type", "<u4"), ("src", "<u4"), ("dst", "<u4"), ("weight", "<f8")])
_CQDB_HEADER = struct.Struct("<4sIIIII")
STATE, TRANSITION = 0, 1
_crfdecode = native.optional(native.MODULES["crf"]) or _crfdecode_py  # C when built (see marsad.native)
DECODER = "python" if _crfdecode is _crfdecode_py else "c"
TOKEN_CACHE_SIZE = 100_000  # token forms per cache generation (about 0.5 kB each; see _drop_older_forms)


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


def _pair_codes(pairs: dict[str, dict[str, int]]) -> tuple[dict[str, int], dict[str, int], np.ndarray, np.ndarray]:
    """(first half -> code, second half -> code, sorted keys first << 32 | second, their rows)."""
    firsts = {first: k for k, first in enumerate(pairs)}
    seconds: dict[str, int] = {}
    keys: list[int] = []
    rows: list[int] = []
    for first, tails in pairs.items():
        for second, row in tails.items():
            keys.append(firsts[first] << 32 | seconds.setdefault(second, len(seconds)))
            rows.append(row)
    order = np.argsort(np.array(keys, dtype=np.int64), kind="stable")
    return firsts, seconds, np.array(keys, dtype=np.int64)[order], np.array(rows, dtype=np.intp)[order]


def _model_tables(path: Path) -> tuple[list[str], dict[str, int], np.ndarray, np.ndarray, dict[str, dict[str, int]],
                                      list[tuple[dict[str, int], dict[str, int], np.ndarray, np.ndarray]]]:
    """read_model's tables, the attribute rows by template, and the bigram features ("bi-=a|b", "bi+=a|b")
    as integer codes of their two halves, found per document by one sorted search instead of a string
    per token."""
    labels, attrs, weights, transitions = read_model(path)
    templates = _templates(attrs)
    bigrams = [_pair_codes(_pairs(templates.get(name, {}))) for name in ("bi-", "bi+")]
    return labels, attrs, weights, transitions, templates, bigrams


_PHRASE, _QUOTE = 1, 2
_NORM = attrgetter("norm")


class CrfScorer:
    """Viterbi tags and entity probabilities for the sentences of a document, as token views."""

    def __init__(self, path: Path) -> None:
        # Reading the model and indexing its features: ~80 ms a process, kept in the user's cache
        # (marsad.fastload) while the model file and this module are unchanged.
        from ..fastload import Table, load_or_build

        def build() -> tuple[Any, ...]:
            labels, attrs, *rest = _model_tables(path)
            # attribute -> row (24k): read at start for a few features (the rows by template are what
            # tagging reads), so kept as a table read back key by key (~6 ms a process whole)
            return (labels, Table(attrs), *rest)

        path = Path(path)
        (self.labels, self.attrs, self.weights, self.transitions, self._templates, self._bigrams) = load_or_build(
            "ner-scorer", (path.resolve(), "ner/scorer.py"), build, extra=str(path))
        self.outside = self.labels.index("O") if "O" in self.labels else -1
        n_labels = len(self.labels)
        # What a neighbour past the sentence's end or start lends ("1:EOS", "-2:BOS"…), per NEIGHBOURS distance.
        self._edge_rows = np.array([self._edge(f"{d}:{'EOS' if d > 0 else 'BOS'}") for d in NEIGHBOURS])
        self._neighbours = np.array(NEIGHBOURS, dtype=np.int64)
        self._inq = self.attrs.get("inq")
        self._compile()
        # Per distinct token form: its row in _table, [own, lent to each NEIGHBOURS distance] x labels.
        self._form_ids: dict[str, int] = {}
        self._table = np.zeros((1024, 1 + len(NEIGHBOURS), n_labels))
        # ... and its bigram halves' codes (bi- first, second, bi+ first, second; -1: none) and flags
        # (_PHRASE: may start a lexicon phrase, _QUOTE: a quote mark).
        self._codes = np.zeros((1024, 5), dtype=np.int64)
        self._used = np.zeros(1024, dtype=bool)  # per row: used since the cache last filled
        self.mix: Any = None  # marsad.ner.neural.Mix when a neural model's scores are added

    def _edge(self, feature: str) -> np.ndarray:
        row = self.attrs.get(feature)
        return self.weights[row] if row is not None else np.zeros(len(self.labels))

    def _compile(self) -> None:
        """The template tables `form_rows` reads, looked up once."""
        t = self._templates
        empty: dict[str, int] = {}
        self._own_tables = (t.get("bias", empty).get(""), *(t.get(name, empty) for name in (
            "w", "s", "sk", "pre", "shape", "len", "cs", "lex", "lexc", "cl")))
        self._affix_tables = [(k, *(t.get(f"{name}{k}", empty) for name in ("p", "x", "sx", "sp"))) for k in (1, 2, 3, 4)]
        self._lent_tables = [(d, *(t.get(f"{d}:{name}", empty) for name in ("w", "sk", "shape", "lex", "cs", "x2", "cl")))
                             for d in NEIGHBOURS]

    def form_rows(self, v: TokenView) -> list[list[int]]:
        """Attribute rows of the features `features.own_features` and `lent_features` give (in their
        order), one list per slot [own, lent at each NEIGHBOURS distance]."""
        bias, tw, ts, tsk, tpre, tshape, tlen, tcs, tlex, tlexc, tcl = self._own_tables
        w, stem, sk, shape, stems, cluster = v.norm, v.stem, v.stem_known, v.shape, v.stems, v.cluster
        found = [bias, tw.get(w), ts.get(stem), tsk.get(sk), tpre.get(v.prefix), tshape.get(shape),
                 tlen.get(str(min(len(stem), 8)))]
        if stems:
            found += [tcs.get(st) for st in stems]
        n, m = len(w), len(sk)
        (_, p1, x1, sx1, sp1), (_, p2, x2, sx2, sp2), (_, p3, x3, sx3, sp3), (_, p4, x4, sx4, sp4) = self._affix_tables
        if n > 4 and m > 4:  # most words: every affix of both
            found += [p1.get(w[:1]), x1.get(w[-1:]), sx1.get(sk[-1:]), sp1.get(sk[:1]),
                      p2.get(w[:2]), x2.get(w[-2:]), sx2.get(sk[-2:]), sp2.get(sk[:2]),
                      p3.get(w[:3]), x3.get(w[-3:]), sx3.get(sk[-3:]), sp3.get(sk[:3]),
                      p4.get(w[:4]), x4.get(w[-4:]), sx4.get(sk[-4:]), sp4.get(sk[:4])]
        else:
            for k, tp, tx, tsx, tsp in self._affix_tables:
                if n > k:
                    found.append(tp.get(w[:k]))
                    found.append(tx.get(w[-k:]))
                if m > k:
                    found.append(tsx.get(sk[-k:]))
                    found.append(tsp.get(sk[:k]))
        classes = v.classes + v.clitic_classes
        if classes:
            found += [tlex.get(c) for c in v.classes]
            found += [tlexc.get(c) for c in v.clitic_classes]
        if cluster:
            found += [tcl.get(c) for c in cluster]
        out = [[r for r in found if r is not None]]
        tail = w[-2:]
        word = shape == "word"
        for d, lw, lsk, lshape, llex, lcs, lx2, lcl in self._lent_tables:
            found = [lw.get(w), lsk.get(sk)]
            if not word:
                found.append(lshape.get(shape))
            if classes:
                found += [llex.get(c) for c in classes]
            if d == 1 or d == -1:
                if stems:
                    found += [lcs.get(st) for st in stems]
                found.append(lx2.get(tail))
            if cluster:
                found += [lcl.get(c) for c in cluster]
            out.append([r for r in found if r is not None])
        return out

    def _form_ids_of(self, views: list[TokenView]) -> list[int]:
        """Rows of `_table` for the views' forms; the scores of forms not seen before are summed here,
        all of a document's at once. The caller marks the rows it used (`_used`)."""
        ids = self._form_ids
        norms = list(map(_NORM, views))
        found = list(map(ids.get, norms))
        if None not in found:
            return found
        if len(ids) >= TOKEN_CACHE_SIZE:
            self._drop_older_forms()
            if self._form_ids is not ids:  # compacted: every row moved
                ids = self._form_ids
                found = list(map(ids.get, norms))
        missing = [i for i, row in enumerate(found) if row is None]  # (a look-up per token costs ~0.5 µs)
        new: dict[str, TokenView] = {}
        for i in missing:
            new[norms[i]] = views[i]
        if new:
            first = len(ids)
            need = first + len(new)
            if need > len(self._table):
                size = max(need, 2 * len(self._table))
                grown = np.zeros((size, *self._table.shape[1:]))
                grown[:first] = self._table[:first]
                self._table = grown
                codes = np.zeros((size, 5), dtype=np.int64)
                codes[:first] = self._codes[:first]
                self._codes = codes
                used = np.zeros(size, dtype=bool)
                used[:first] = self._used[:first]
                self._used = used
            rows = [self.form_rows(v) for v in new.values()]
            self._table[first:need, 0] = self._sums([r[0] for r in rows])
            self._table[first:need, 1:] = self._sums([x for r in rows for x in r[1:]]).reshape(
                len(new), len(NEIGHBOURS), -1)
            (minus_first, minus_second, _, _), (plus_first, plus_second, _, _) = self._bigrams
            self._codes[first:need] = [
                (minus_first.get(v.stem_known, -1), minus_second.get(v.stem_known, -1),
                 plus_first.get(v.stem_known, -1), plus_second.get(v.stem_known, -1),
                 (_PHRASE if v.phrase_heads else 0) | (_QUOTE if v.shape == "quote" else 0))
                for v in new.values()]
            for k, norm in enumerate(new, first):
                ids[norm] = k
        for i in missing:
            found[i] = ids[norms[i]]
        return found

    def _drop_older_forms(self) -> None:
        """Two generations, as `features.view`: once TOKEN_CACHE_SIZE forms have been used since the last
        time, the forms not used since are dropped and the table compacted (rows keep their order, so a
        form's row stays its position in `_form_ids`); the cache holds at most twice TOKEN_CACHE_SIZE."""
        n = len(self._form_ids)
        used = self._used[:n]
        if np.count_nonzero(used) < TOKEN_CACHE_SIZE:
            return
        keep = np.flatnonzero(used)  # the forms used in this generation become the older one
        forms = list(self._form_ids)
        self._table[:len(keep)] = self._table[keep]
        self._codes[:len(keep)] = self._codes[keep]
        self._form_ids = {forms[k]: row for row, k in enumerate(keep.tolist())}
        self._used[:] = False

    def _sums(self, rows: list[list[int]]) -> np.ndarray:
        """Sum of the weights of each list of attribute rows, adding them one after the other from zero as
        np.add.at did (np.add.reduceat and other reductions may add in another order, and floats would
        differ in the last bit); in C (_crfdecode.row_sums), numpy's fancy indexing of padded lists cost
        more than the additions."""
        offsets = np.fromiter(accumulate(map(len, rows), initial=0), dtype=np.int64, count=len(rows) + 1)
        flat = np.fromiter(chain.from_iterable(rows), dtype=np.int64, count=int(offsets[-1]))
        return np.frombuffer(_crfdecode.row_sums(self.weights, flat, offsets)).reshape(len(rows), -1)

    def state_scores(self, sentences: list[list[TokenView]], lex: Lexicons) -> np.ndarray:
        """Sum of the weights of each token's features, per label: [tokens of all sentences x labels]. The
        same features as `features.view_features`, summed in the same order, mostly without their strings.
        Sentences must not be empty."""
        views = [v for s in sentences for v in s]
        lengths = np.array([len(s) for s in sentences], dtype=np.int64)
        ids = np.array(self._form_ids_of(views), dtype=np.int64)  # may grow or compact the tables: first
        self._used[ids] = True
        # Phrase marks and quote state (features.context_features' last ones) are found here, per sentence,
        # from the tokens that may start a phrase and the quote marks (few: flags per form).
        late_at: list[int] = []
        late_rows: list[int] = []
        flags = self._codes[ids, 4]
        flagged = np.flatnonzero(flags)
        if len(flagged):
            marked: dict[int, tuple[list[int], list[int]]] = {}
            starts = np.cumsum(lengths) - lengths
            sentence_of = (np.searchsorted(starts, flagged, side="right") - 1).tolist()
            first_of = starts.tolist()
            for i, k, flag in zip(flagged.tolist(), sentence_of, flags[flagged].tolist(), strict=True):
                heads, quotes = marked.setdefault(k, ([], []))
                if flag & _PHRASE:
                    heads.append(i - first_of[k])
                if flag & _QUOTE:
                    quotes.append(i - first_of[k])
            for k, (heads, quotes) in marked.items():
                self._late_rows(sentences[k], first_of[k], lex, heads, quotes, late_at, late_rows)
        # The sums themselves in C (marsad.ner._crfdecode.state_scores): each token's own scores, what its
        # neighbours lend it, its bigrams, then the late rows, in this order as CRFsuite adds them.
        (_, _, minus_keys, minus_rows), (_, _, plus_keys, plus_rows) = self._bigrams
        scores = _crfdecode.state_scores(
            self._table, ids, lengths, self._neighbours, self._edge_rows, self._codes, minus_keys, minus_rows,
            plus_keys, plus_rows, self.weights, np.array(late_at, dtype=np.int64), np.array(late_rows, dtype=np.int64))
        return np.frombuffer(scores).reshape(len(views), -1)

    def _late_rows(self, views: list[TokenView], offset: int, lex: Lexicons, heads: list[int], quotes: list[int],
                   at: list[int], rows: list[int]) -> None:
        """(token, row) of a sentence's phrase-mark and quote features, in `context_features`' order, given
        the tokens that may start a phrase and the quote marks (`heads`, `quotes`: indices in order)."""
        t = self._templates
        empty: dict[str, int] = {}
        ph, ph_before, ph_after = t.get("ph", empty), t.get("-1:ph", empty), t.get("1:ph", empty)
        inq = self._inq
        n = len(views)
        marks = phrase_marks_at(views, lex, heads)
        # Only tokens with a mark, next to one, or inside quotes get a feature here.
        touched = set()
        for i in marks:
            touched.update((i - 1, i, i + 1))
        quoted: set[int] = set()
        if inq is not None and quotes:
            # quote_state: a quote mark opens or closes; the tokens between an opening and its closing one
            # (or the end of the sentence) are inside.
            for opening, closing in zip(quotes[::2], [*quotes[1::2], n], strict=False):
                quoted.update(range(opening + 1, closing))
        none: list[str] = []
        for i in sorted(touched):
            if i < 0 or i >= n:
                continue
            found = [ph.get(mk) for mk in marks.get(i, none)]
            if i > 0:
                found += [ph_before.get(mk) for mk in marks.get(i - 1, none)]
            if i + 1 < n:
                found += [ph_after.get(mk) for mk in marks.get(i + 1, none)]
            if i in quoted:
                found.append(inq)
            for r in found:
                if r is not None:
                    at.append(offset + i)
                    rows.append(r)
        if quoted:
            alone = sorted(quoted.difference(touched))
            at += [offset + i for i in alone]
            rows += [inq] * len(alone)

    def tag_document(self, sentences: list[list[TokenView]], lex: Lexicons, wanted: list[bool] | None = None,
                     ) -> list[tuple[list[str], list[float]]]:
        """(tags, probability of an entity label per token) for each sentence of a document; with
        `wanted`, the probabilities of the sentences it says False for are not computed (left empty)."""
        full = [s for s in sentences if s]
        if not full:
            return [([], []) for _ in sentences]
        lengths = np.array([len(s) for s in full], dtype=np.int64)
        scores = self.state_scores(full, lex)
        transitions = self.transitions
        if self.mix is not None:  # a second model's scores added (marsad.ner.neural.Mix: an ensemble)
            scores, transitions = self.mix.combine(full, scores, transitions)
        paths = _crfdecode.viterbi(scores, transitions, lengths)  # a byte per token: its label
        if wanted is not None:
            wanted = [w for s, w in zip(sentences, wanted, strict=True) if s]
        probs: list[list[float]] = [[] for _ in full]
        if wanted is None or all(wanted):
            picked, picked_scores, picked_lengths = range(len(full)), scores, lengths
        else:
            picked = [b for b, w in enumerate(wanted) if w]
            picked_lengths = lengths[picked]
            rows = np.concatenate([np.arange(at, at + n) for at, n in zip(
                (np.cumsum(lengths) - lengths)[picked].tolist(), picked_lengths.tolist(), strict=True)]) \
                if picked else np.zeros(0, dtype=np.intp)
            picked_scores = np.ascontiguousarray(scores[rows])
        if len(picked) and self.outside >= 0:
            entity = np.frombuffer(_crfdecode.entity_probability(
                picked_scores, transitions, picked_lengths, self.outside)).tolist()
            at = 0
            for b, n in zip(picked, picked_lengths.tolist(), strict=True):
                probs[b] = entity[at:at + n]
                at += n
        elif len(picked):  # a model without "O": every token is part of an entity
            for b, n in zip(picked, picked_lengths.tolist(), strict=True):
                probs[b] = [1.0] * n
        labels = self.labels
        tagged = []
        at = 0
        for b, n in enumerate(lengths.tolist()):
            tagged.append(([labels[k] for k in paths[at:at + n]], probs[b]))
            at += n
        found = iter(tagged)
        return [next(found) if s else ([], []) for s in sentences]

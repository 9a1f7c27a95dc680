"""The pure-Python (numpy) twin of marsad.ner._crfdecode, used when the C module was not built.

Same functions, same arguments, same results: state scores and row sums add the same floats in the same
order (bit for bit), Viterbi compares the same sums with the first maximum winning (the same labels);
the forward-backward marginals are equal to ~1e-15 (numpy's matrix products may add in another order).
About an order of magnitude slower on the entities stage (a numpy call per token and step), which is
why the C module exists. Arguments are trusted (the scorer builds them); the C module checks them.
"""

from __future__ import annotations

import numpy as np


def _starts(lengths: np.ndarray) -> list[int]:
    return (np.cumsum(lengths) - lengths).tolist()


def viterbi(scores: np.ndarray, transitions: np.ndarray, lengths: np.ndarray) -> bytes:
    """The best label of every token, one byte each, sentence after sentence."""
    path = np.zeros(len(scores), dtype=np.uint8)
    for first, n in zip(_starts(lengths), lengths.tolist(), strict=True):
        x = scores[first:first + n]
        prev = x[0].copy()
        back = np.zeros((n, scores.shape[1]), dtype=np.intp)
        for t in range(1, n):
            cands = prev[:, None] + transitions  # [from x to]: prev[j] + trans[j, i], as the C loop adds
            arg = cands.argmax(axis=0)  # the first maximum wins ties
            back[t] = arg
            prev = cands[arg, np.arange(len(arg))] + x[t]
        k = int(prev.argmax())
        for t in range(n - 1, -1, -1):
            path[first + t] = k
            k = int(back[t, k])
    return path.tobytes()


def entity_probability(scores: np.ndarray, transitions: np.ndarray, lengths: np.ndarray, outside: int) -> bytes:
    """1 - P(label `outside`) of every token as float64 (forward-backward, every step rescaled)."""
    factor = np.exp(transitions - transitions.max())
    prob = np.zeros(len(scores))
    for first, n in zip(_starts(lengths), lengths.tolist(), strict=True):
        x = scores[first:first + n]
        emit = np.exp(x - x.max(axis=1, keepdims=True))
        alpha = np.empty_like(emit)
        beta = np.empty_like(emit)
        alpha[0] = emit[0]
        for t in range(1, n):
            row = (alpha[t - 1] @ factor) * emit[t]
            m = row.max()
            alpha[t] = row / m if m > 0.0 else row
        beta[n - 1] = 1.0
        for t in range(n - 2, -1, -1):
            row = factor @ (beta[t + 1] * emit[t + 1])
            m = row.max()
            beta[t] = row / m if m > 0.0 else row
        joint = alpha * beta
        total = joint.sum(axis=1)
        safe = np.where(total > 0.0, total, 1.0)
        prob[first:first + n] = np.where(total > 0.0, 1.0 - joint[:, outside] / safe, 0.0)
    return prob.tobytes()


def state_scores(table: np.ndarray, ids: np.ndarray, lengths: np.ndarray, neighbours: np.ndarray,
                 edges: np.ndarray, codes: np.ndarray, minus_keys: np.ndarray, minus_rows: np.ndarray,
                 plus_keys: np.ndarray, plus_rows: np.ndarray, weights: np.ndarray, late_at: np.ndarray,
                 late_rows: np.ndarray) -> bytes:
    """Per token, in the C module's order: its own row, what each neighbour lends (or the edge), the bi-
    and bi+ bigrams, then the late rows; whole columns at a time, each element added in the same order."""
    n = len(ids)
    sentence = np.repeat(np.arange(len(lengths)), lengths)
    pos = np.arange(n) - np.repeat(np.cumsum(lengths) - lengths, lengths)  # position in its sentence
    size = lengths[sentence]
    acc = table[ids, 0].copy()
    for k, d in enumerate(neighbours.tolist()):
        q = pos + d
        inside = (q >= 0) & (q < size)
        lent = np.broadcast_to(edges[k], acc.shape).copy()
        lent[inside] = table[ids[np.flatnonzero(inside) + d], k + 1]
        acc += lent
    for keys, rows, has_pair, left, heads, tails in (
            (minus_keys, minus_rows, pos > 0, -1, 0, 1), (plus_keys, plus_rows, pos + 1 < size, 0, 2, 3)):
        if not len(keys):
            continue
        at = np.flatnonzero(has_pair) + left  # the left token of each pair
        head, tail = codes[ids[at], heads], codes[ids[at + 1], tails]
        ok = (head >= 0) & (tail >= 0)
        at, key = at[ok], (head[ok] << 32) | tail[ok]
        found = np.minimum(np.searchsorted(keys, key), len(keys) - 1)
        hit = keys[found] == key
        acc[at[hit] - left] += weights[rows[found[hit]]]  # each token at most once: no repeated index
    np.add.at(acc, late_at, weights[late_rows])  # in order, repeated tokens included
    return acc.tobytes()


def row_sums(weights: np.ndarray, rows: np.ndarray, offsets: np.ndarray) -> bytes:
    """For each list rows[offsets[k]:offsets[k + 1]], its rows of `weights` added one after the other from
    0.0 (padded lists summed column by column: a padding row of zeros leaves every sum as it was)."""
    n_lists = len(offsets) - 1
    sums = np.zeros((n_lists, weights.shape[1]))
    sizes = np.diff(offsets)
    width = int(sizes.max()) if n_lists else 0
    if width:
        padded = np.full((n_lists, width), len(weights), dtype=np.intp)
        mask = np.arange(width) < sizes[:, None]
        padded[mask] = rows
        table = np.vstack([weights, np.zeros((1, weights.shape[1]))])
        for j in range(width):
            sums += table[padded[:, j]]
    return sums.tobytes()

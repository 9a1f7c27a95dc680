"""Training the neural tagger with torch (a `train` extra; never imported at run time).

The network is the one marsad.ner.neural runs in numpy: per token, its subword vector (frozen, trained by
marsad on the news corpus), a char-CNN over its letters and its lexicon flags; a BiLSTM over the sentence;
a linear layer to label scores; a CRF (transition matrix) trained on the sentence's log-likelihood. One
thread, seeded: the same data and seed give the same weights.
"""

from __future__ import annotations

import random
import time
from dataclasses import asdict, dataclass
from pathlib import Path

import numpy as np
import torch
from torch import nn

from .conll import Sentence, resplit
from .features import view
from .lexicon import Lexicons, load_lexicons
from .neural import char_string, flag_row, lexicon_names
from .subword import SubwordVectors


@dataclass(frozen=True)
class NeuralParams:
    hidden: int = 16
    char_dim: int = 16
    char_filters: int = 48
    dropout: float = 0.5
    epochs: int = 8
    batch: int = 16
    lr: float = 2e-3
    seed: int = 13


class Net(nn.Module):
    def __init__(self, n_chars: int, in_fixed: int, labels: int, p: NeuralParams) -> None:
        super().__init__()
        self.char_emb = nn.Embedding(n_chars, p.char_dim, padding_idx=0)
        self.conv = nn.Conv1d(p.char_dim, p.char_filters, 3, padding=1)
        self.drop = nn.Dropout(p.dropout)
        self.lstm = nn.LSTM(in_fixed + p.char_filters, p.hidden, batch_first=True, bidirectional=True)
        self.out = nn.Linear(2 * p.hidden, labels)
        self.transitions = nn.Parameter(torch.zeros(labels, labels))

    def emissions(self, fixed: torch.Tensor, chars: torch.Tensor, lengths: torch.Tensor) -> torch.Tensor:
        """fixed [B, T, F], chars [B, T, C] -> [B, T, labels]."""
        b, t, c = chars.shape
        e = self.char_emb(chars.view(b * t, c)).transpose(1, 2)  # [BT, E, C]
        conv = self.conv(e).masked_fill((chars.view(b * t, 1, c) == 0), -1e4).max(dim=2).values
        conv = torch.relu(conv).view(b, t, -1)
        x = self.drop(torch.cat([fixed, conv], dim=2))
        packed = nn.utils.rnn.pack_padded_sequence(x, lengths, batch_first=True, enforce_sorted=False)
        h, _ = self.lstm(packed)
        h, _ = nn.utils.rnn.pad_packed_sequence(h, batch_first=True, total_length=t)
        return self.out(self.drop(h))

    def nll(self, em: torch.Tensor, tags: torch.Tensor, mask: torch.Tensor) -> torch.Tensor:
        """CRF negative log-likelihood (no start/end scores: the decoder has none), summed over the batch."""
        b, t, _ = em.shape
        trans = self.transitions
        gold = em[:, 0].gather(1, tags[:, :1]).squeeze(1)
        alpha = em[:, 0]
        for k in range(1, t):
            m = mask[:, k]
            step = em[:, k].gather(1, tags[:, k:k + 1]).squeeze(1) + trans[tags[:, k - 1], tags[:, k]]
            gold = gold + step * m
            nxt = torch.logsumexp(alpha.unsqueeze(2) + trans.unsqueeze(0), dim=1) + em[:, k]
            alpha = torch.where(m.unsqueeze(1) > 0, nxt, alpha)
        return (torch.logsumexp(alpha, dim=1) - gold).sum()


class Encoded:
    """Sentences as form ids, with the per-form inputs (fixed features and char ids) in tables."""

    def __init__(self, vectors: SubwordVectors, lex: Lexicons, chars: dict[str, int]) -> None:
        self.vectors, self.lex, self.chars = vectors, lex, chars
        self.names = lexicon_names(lex)
        self.forms: dict[str, int] = {}
        self.fixed: list[np.ndarray] = []
        self.char_ids: list[list[int]] = []

    def ids(self, texts: list[str]) -> list[int]:
        out = []
        for text in texts:
            v = view(text, self.lex)
            r = self.forms.get(v.norm)
            if r is None:
                r = self.forms[v.norm] = len(self.forms)
                self.fixed.append(np.concatenate([self.vectors[v.norm], flag_row(v, self.names)]))
                self.char_ids.append([self.chars.get(c, 1) for c in char_string(v)])
            out.append(r)
        return out

    def tables(self) -> tuple[torch.Tensor, torch.Tensor]:
        width = max(1, max(map(len, self.char_ids), default=1))
        chars = np.zeros((len(self.char_ids), width), dtype=np.int64)
        for i, ids in enumerate(self.char_ids):
            chars[i, :len(ids)] = ids
        return torch.tensor(np.stack(self.fixed), dtype=torch.float32), torch.tensor(chars)


def char_vocabulary(sentences: list[Sentence], lex: Lexicons, min_count: int = 2) -> str:
    counts: dict[str, int] = {}
    for s in sentences:
        for text in resplit(s)[0]:
            for c in char_string(view(text, lex)):
                counts[c] = counts.get(c, 0) + 1
    return "".join(sorted(c for c, n in counts.items() if n >= min_count))


def train_neural(sentences: list[Sentence], out: Path, vectors_path: Path, params: NeuralParams = NeuralParams(),
                 lex: Lexicons | None = None, log: bool = True) -> dict[str, object]:
    """Train on `sentences` (ANERcorp-style, IOB2) and write the numpy weights to `out`."""
    torch.set_num_threads(1)
    torch.manual_seed(params.seed)
    rng = random.Random(params.seed)
    lex = lex or load_lexicons()
    vectors = SubwordVectors(vectors_path)
    chars = char_vocabulary(sentences, lex)
    char_index = {c: i + 2 for i, c in enumerate(chars)}
    enc = Encoded(vectors, lex, char_index)
    data = []
    label_set: set[str] = set()
    for s in sentences:
        texts, tags, _ = resplit(s)
        if texts:
            data.append((enc.ids(texts), tags))
            label_set.update(tags)
    labels = sorted(label_set - {"O"}, key=lambda x: (x[2:], x[0])) + ["O"]
    index = {t: i for i, t in enumerate(labels)}
    fixed, char_table = enc.tables()
    net = Net(len(chars) + 2, fixed.shape[1], len(labels), params)
    opt = torch.optim.Adam(net.parameters(), lr=params.lr)
    started = time.perf_counter()
    order = list(range(len(data)))
    for epoch in range(params.epochs):
        net.train()
        rng.shuffle(order)
        # Batches of similar lengths (less padding): shuffled, cut into chunks of 50 batches, sorted inside.
        chunk = params.batch * 50
        batches = []
        for a in range(0, len(order), chunk):
            part = sorted(order[a:a + chunk], key=lambda i: len(data[i][0]))
            batches += [part[b:b + params.batch] for b in range(0, len(part), params.batch)]
        rng.shuffle(batches)
        total = 0.0
        for batch in batches:
            loss = _batch_loss(net, [data[i] for i in batch], fixed, char_table, index)
            opt.zero_grad()
            loss.backward()
            nn.utils.clip_grad_norm_(net.parameters(), 5.0)
            opt.step()
            total += float(loss.detach())
        if log:
            print(f"  epoch {epoch + 1}: loss {total / len(data):.3f} ({time.perf_counter() - started:.0f} s)",
                  flush=True)
    seconds = time.perf_counter() - started
    export(net, out, labels, enc.names, chars)
    return {"sentences": len(data), "tokens": sum(len(d[0]) for d in data), "seconds": round(seconds, 1),
            "bytes": out.stat().st_size, "params": asdict(params)}


def _batch_loss(net: Net, items: list[tuple[list[int], list[str]]], fixed: torch.Tensor, char_table: torch.Tensor,
                index: dict[str, int]) -> torch.Tensor:
    lengths = torch.tensor([len(ids) for ids, _ in items])
    t = int(lengths.max())
    ids = torch.zeros(len(items), t, dtype=torch.long)
    tags = torch.zeros(len(items), t, dtype=torch.long)
    for b, (i, tg) in enumerate(items):
        ids[b, :len(i)] = torch.tensor(i)
        tags[b, :len(i)] = torch.tensor([index[x] for x in tg])
    mask = (torch.arange(t)[None, :] < lengths[:, None]).float()
    em = net.emissions(fixed[ids], char_table[ids], lengths)
    return net.nll(em, tags, mask) / len(items)


def export(net: Net, out: Path, labels: list[str], names: list[str], chars: str) -> None:
    """The weights marsad.ner.neural reads (float32, no torch objects)."""
    sd = {k: v.detach().numpy().astype(np.float32) for k, v in net.state_dict().items()}
    out.parent.mkdir(parents=True, exist_ok=True)
    np.savez_compressed(
        out, labels=np.array(labels), lexicons=np.array(names), chars=np.array(chars),
        char_emb=sd["char_emb.weight"], conv_w=sd["conv.weight"], conv_b=sd["conv.bias"],
        w_ih_f=sd["lstm.weight_ih_l0"], w_hh_f=sd["lstm.weight_hh_l0"], b_ih_f=sd["lstm.bias_ih_l0"],
        b_hh_f=sd["lstm.bias_hh_l0"], w_ih_b=sd["lstm.weight_ih_l0_reverse"], w_hh_b=sd["lstm.weight_hh_l0_reverse"],
        b_ih_b=sd["lstm.bias_ih_l0_reverse"], b_hh_b=sd["lstm.bias_hh_l0_reverse"],
        out_w=sd["out.weight"], out_b=sd["out.bias"], transitions=sd["transitions"])


def load_torch(path: Path, params: NeuralParams = NeuralParams()) -> tuple[Net, list[str]]:
    """The exported weights back in a torch Net (eval mode): the reference the numpy inference is checked
    against (tests/test_ner_neural.py)."""
    with np.load(path, allow_pickle=False) as z:
        w = {k: z[k] for k in z.files}
    labels = [str(x) for x in w["labels"]]
    n_chars, char_dim = w["char_emb"].shape
    p = NeuralParams(**{**asdict(params), "hidden": w["w_hh_f"].shape[1], "char_dim": char_dim,
                        "char_filters": w["conv_w"].shape[0]})
    net = Net(n_chars, w["w_ih_f"].shape[1] - p.char_filters, len(labels), p)
    names = {"char_emb.weight": "char_emb", "conv.weight": "conv_w", "conv.bias": "conv_b",
             "lstm.weight_ih_l0": "w_ih_f", "lstm.weight_hh_l0": "w_hh_f", "lstm.bias_ih_l0": "b_ih_f",
             "lstm.bias_hh_l0": "b_hh_f", "lstm.weight_ih_l0_reverse": "w_ih_b",
             "lstm.weight_hh_l0_reverse": "w_hh_b", "lstm.bias_ih_l0_reverse": "b_ih_b",
             "lstm.bias_hh_l0_reverse": "b_hh_b", "out.weight": "out_w", "out.bias": "out_b",
             "transitions": "transitions"}
    net.load_state_dict({k: torch.tensor(w[v]) for k, v in names.items()})
    net.eval()
    return net, labels


def torch_emissions(net: Net, path_vectors: Path, texts_of: list[list[str]], chars: str,
                    lex: Lexicons | None = None) -> list[np.ndarray]:
    """The torch model's emission scores for sentences of token texts, one sentence at a time."""
    lex = lex or load_lexicons()
    enc = Encoded(SubwordVectors(path_vectors), lex, {c: i + 2 for i, c in enumerate(chars)})
    out = []
    with torch.no_grad():
        for texts in texts_of:
            ids = enc.ids(texts)
            fixed, char_table = enc.tables()
            idx = torch.tensor([ids])
            em = net.emissions(fixed[idx], char_table[idx], torch.tensor([len(ids)]))
            out.append(em[0].numpy().astype(np.float64))
    return out

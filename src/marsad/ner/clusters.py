"""Word clusters from unlabelled news, a CRF feature that reaches words the annotated data never saw.

Words that occur between the same neighbours get the same cluster ("برشلونة" near "ريال", "ميلان"): each
of the most frequent words is described by the frequent words seen just before and after it (positive
PMI), reduced by SVD and grouped by k-means. Built by `marsad ner clusters` from a JSONL corpus (the
SaudiNewsNet file in ../shared); the table (word, cluster) is packaged as data/ner/clusters.tsv. Only
words and cluster numbers are stored, no text of the corpus.
"""

from __future__ import annotations

import gzip
import json
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import numpy as np

from ..errors import InputError
from ..text.segment import iter_tokens
from .words import norm_word

CLUSTER_FILE = "clusters.tsv"


def corpus_words(path: Path, limit: int | None = None,
                 fields: tuple[str, ...] = ("title", "content")) -> Iterator[list[str]]:
    """Normalised words of each article (the first `limit` lines) of a JSONL(.gz) file; other tokens
    become a boundary "|"."""
    opener = gzip.open if path.suffix == ".gz" else open
    try:
        with opener(path, "rt", encoding="utf-8") as lines:
            for n, line in enumerate(lines):
                if limit is not None and n >= limit:
                    return
                record = json.loads(line)
                text = "\n".join(str(record.get(f) or "") for f in fields)
                yield [norm_word(t) if kind == "word" else "|" for _, _, t, kind in iter_tokens(text)]
    except (OSError, json.JSONDecodeError, UnicodeDecodeError) as err:
        raise InputError(f"cannot read the corpus ({err})", source=str(path)) from None


def build_clusters(path: Path, limit: int | None = 6_000, vocabulary: int = 30_000, contexts: int = 2_000,
                   dims: int = 80, clusters: int = 256, seed: int = 7) -> dict[str, int]:
    """word -> cluster for the `vocabulary` most frequent words of the first `limit` articles (the
    packaged table: the defaults, on ../shared/corpus/saudinewsnet-2015.jsonl.gz; about 4 CPU minutes)."""
    from scipy.cluster.vq import kmeans2
    from scipy.sparse import coo_matrix
    from scipy.sparse.linalg import svds

    counts: Counter[str] = Counter()
    articles = []
    for words in corpus_words(path, limit):
        counts.update(w for w in words if w != "|")
        articles.append(words)
    ranked = [w for w, _ in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))]
    word_id = {w: i for i, w in enumerate(ranked[:vocabulary])}
    context_id = {w: i for i, w in enumerate(ranked[:contexts])}
    pairs: Counter[tuple[int, int]] = Counter()
    for words in articles:
        for k, w in enumerate(words):
            row = word_id.get(w)
            if row is None:
                continue
            if k > 0 and words[k - 1] in context_id:
                pairs[(row, context_id[words[k - 1]])] += 1
            if k + 1 < len(words) and words[k + 1] in context_id:
                pairs[(row, contexts + context_id[words[k + 1]])] += 1
    rows, cols = (np.array(x) for x in zip(*pairs, strict=True))
    values = np.array(list(pairs.values()), dtype=float)
    total = values.sum()
    row_sum = np.bincount(rows, weights=values, minlength=len(word_id))
    col_sum = np.bincount(cols, weights=values, minlength=2 * contexts)
    pmi = np.log(values * total / (row_sum[rows] * col_sum[cols]))
    keep = pmi > 0
    matrix = coo_matrix((pmi[keep], (rows[keep], cols[keep])), shape=(len(word_id), 2 * contexts)).tocsr()
    u, s, _ = svds(matrix, k=dims, random_state=seed)
    vectors = u * s
    vectors /= np.linalg.norm(vectors, axis=1, keepdims=True) + 1e-9
    _, labels = kmeans2(vectors, clusters, minit="++", seed=seed)
    return {w: int(labels[i]) for w, i in word_id.items()}


def write_clusters(table: dict[str, int], out: Path) -> None:
    lines = [f"{w}\t{c}" for w, c in sorted(table.items())]
    out.write_text("\n".join(lines) + "\n", encoding="utf-8")


def read_clusters(path: Path) -> dict[str, str]:
    """word -> cluster name; an absent file is no clusters (models trained without them)."""
    if not path.exists():
        return {}
    out = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        word, _, cluster = line.partition("\t")
        if word and cluster:
            out[word] = cluster
    return out


def build_vector_clusters(path: Path, limit: int | None = None, vocabulary: int = 100_000, dims: int = 100,
                          sizes: tuple[int, ...] = (64, 256, 1024), epochs: int = 3, seed: int = 7,
                          ) -> dict[str, str]:
    """word -> its clusters at several granularities ("a12 b140 c873"), from skip-gram vectors trained on
    the corpus (gensim, a `train` extra; one worker so that the seed fixes the result) and grouped by
    k-means once per size. Coarse clusters generalise, fine ones separate ("برشلونة" from "ميلان" is not
    needed, "برشلونة" from "الخميس" is); the CRF weighs each. About 6 CPU minutes on the whole SaudiNewsNet file."""
    from gensim.models import Word2Vec
    from scipy.cluster.vq import kmeans2

    articles = [[w for w in words if w != "|"] for words in corpus_words(path, limit)]
    model = Word2Vec(articles, vector_size=dims, window=5, min_count=5, sg=1, negative=5, epochs=epochs,
                     workers=1, seed=seed, max_vocab_size=None)
    words = model.wv.index_to_key[:vocabulary]
    vectors = np.asarray(model.wv[words], dtype=float)
    vectors /= np.linalg.norm(vectors, axis=1, keepdims=True) + 1e-9
    names: list[list[str]] = [[] for _ in words]
    for letter, k in zip("abcdefgh", sizes, strict=False):
        rng = np.random.default_rng(seed)
        # minit="points" (k random words): scipy's "++" recomputes the distances to every centre so far at
        # each step, quadratic in k (hours for 1,024 centres)
        _, labels = kmeans2(vectors, k, iter=10, minit="points", seed=rng)
        for i, label in enumerate(labels.tolist()):
            names[i].append(f"{letter}{label}")
    return {w: " ".join(n) for w, n in zip(words, names, strict=True)}


def write_cluster_names(table: dict[str, str], out: Path) -> None:
    lines = [f"{w}\t{c}" for w, c in sorted(table.items())]
    out.write_text("\n".join(lines) + "\n", encoding="utf-8")

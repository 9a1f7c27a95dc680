"""fastText-style subword word vectors, trained by marsad on unlabelled news, looked up in numpy.

Arabic words carry clitics and affixes ("وبرشلونة", "للرئيس"): a vector built from a word's character
n-grams reaches forms the annotated data never saw. `build_vectors` trains gensim's FastText (a `train`
extra) on the normalised words of a JSONL corpus; `SubwordVectors` reads the packaged table (.npz) without
gensim: the capped vocabulary's own vectors, and for any other word the mean of its n-gram buckets, hashed
the way gensim (and fastText) hash them.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np

BOW, EOW = "<", ">"


def ft_hash(data: bytes) -> int:
    """fastText's FNV-1a variant over the bytes of an n-gram (each byte taken as a signed char, which is
    what gensim's `ft_hash_bytes` reproduces)."""
    h = 2166136261
    for b in data:
        h = ((h ^ ((b - 256 if b > 127 else b) & 0xFFFFFFFF)) * 16777619) & 0xFFFFFFFF
    return h


def ngram_buckets(word: str, min_n: int, max_n: int, buckets: int) -> list[int]:
    """The bucket rows of the character n-grams of "<word>", in gensim 4's order (`ft_ngram_hashes`: by
    start, then length)."""
    extended = BOW + word + EOW
    return [ft_hash(extended[i:i + n].encode("utf-8")) % buckets
            for i in range(len(extended)) for n in range(min_n, min(max_n, len(extended) - i) + 1)]


class SubwordVectors:
    """word -> vector (float32) from a packaged table: `words`, `vectors`, `ngrams`, `min_n`, `max_n`."""

    def __init__(self, path: Path) -> None:
        with np.load(path, allow_pickle=False) as z:
            self.words = [str(w) for w in z["words"]]
            self.vectors = z["vectors"].astype(np.float32)
            self.ngrams = z["ngrams"].astype(np.float32)
            self.min_n, self.max_n = int(z["min_n"]), int(z["max_n"])
        self.index = {w: i for i, w in enumerate(self.words)}
        self.dim = self.vectors.shape[1]
        self._oov: dict[str, np.ndarray] = {}

    def __getitem__(self, word: str) -> np.ndarray:
        row = self.index.get(word)
        if row is not None:
            return self.vectors[row]
        cached = self._oov.get(word)
        if cached is None:
            rows = ngram_buckets(word, self.min_n, self.max_n, len(self.ngrams))
            cached = self.ngrams[rows].mean(axis=0) if rows else np.zeros(self.dim, np.float32)
            if len(self._oov) >= 50_000:
                self._oov.clear()
            self._oov[word] = cached
        return cached


def build_vectors(corpus: Path, out: Path, limit: int | None = None, dims: int = 64, vocabulary: int = 50_000,
                  buckets: int = 50_000, epochs: int = 3, seed: int = 7) -> dict[str, object]:
    """Train skip-gram FastText on the corpus's normalised words (runs of words between other tokens) and
    write the table, float16: about (vocabulary + buckets) × dims × 2 bytes."""
    import time

    from gensim.models import FastText

    from .clusters import corpus_words

    started = time.perf_counter()
    runs: list[list[str]] = []
    for words in corpus_words(corpus, limit):
        run: list[str] = []
        for w in words + ["|"]:
            if w == "|":
                if len(run) > 1:
                    runs.append(run)
                run = []
            else:
                run.append(w)
    model = FastText(vector_size=dims, window=5, min_count=5, sg=1, negative=5, min_n=3, max_n=5,
                     bucket=buckets, max_final_vocab=vocabulary, sample=1e-4, workers=1, seed=seed)
    model.build_vocab(corpus_iterable=runs)
    model.train(corpus_iterable=runs, total_examples=len(runs), epochs=epochs)
    wv = model.wv
    out.parent.mkdir(parents=True, exist_ok=True)
    np.savez_compressed(out, words=np.array(wv.index_to_key), vectors=wv.vectors.astype(np.float16),
                        ngrams=wv.vectors_ngrams.astype(np.float16), min_n=3, max_n=5)
    return {"words": len(wv.index_to_key), "dims": dims, "buckets": buckets, "runs": len(runs),
            "seconds": round(time.perf_counter() - started, 1), "bytes": out.stat().st_size}

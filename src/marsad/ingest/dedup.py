"""Near-duplicate detection: MinHash signatures of word shingles of the normalised body, in an LSH index.

Exact duplicates are caught by the archive's content hash (store.content_hash); this index catches
re-publications with small edits (a changed first line, a credit added). The signatures are stored with
each article so the index is rebuilt when an ingest resumes.
"""

from __future__ import annotations

import functools
import re
from hashlib import sha1

import numpy as np
from datasketch import MinHash, MinHashLSH

from ..text.normalize import norm
from . import _minhash

# Calibration: on the first 2,000 SaudiNewsNet articles (3-word shingles, 64 permutations) 0.8 flags 16
# near duplicates beyond 87 exact ones; spot-checked pairs were the same story republished under another
# headline (estimated Jaccard 0.86-1.0). Lower it to catch heavier rewrites, at the risk of merging stories.
NEAR_DUPLICATE_THRESHOLD = 0.8
NUM_PERM = 64
SHINGLE_WORDS = 3
# Stored signatures are only comparable under the scheme that made them: fixed here, named explicitly.
SCHEME = "affine32"


# A word counts when it holds a letter or digit: [^\W_] is str.isalnum() as the re module defines \w.
_HAS_ALNUM = re.compile(r"[^\W_]")


def shingles(body: str, size: int = SHINGLE_WORDS) -> set[bytes]:
    has_alnum = _HAS_ALNUM.search
    words = [w for w in norm(body).split() if has_alnum(w)]
    if len(words) <= size:
        return {" ".join(words).encode("utf-8")} if words else set()
    return {" ".join(words[i:i + size]).encode("utf-8") for i in range(len(words) - size + 1)}


def _sha1_32(data: bytes) -> int:
    # datasketch's default hash (the first 4 bytes of SHA-1, little-endian), without its per-call overhead.
    return int.from_bytes(sha1(data).digest()[:4], "little")


@functools.cache
def _permutations() -> np.ndarray:
    # The scheme's permutations depend only on the seed: drawn once per process, not per document.
    return MinHash(num_perm=NUM_PERM, scheme=SCHEME).permutations


def signature(body: str) -> MinHash:
    """The body's MinHash: datasketch's, bit for bit (shingles, hash and scheme as above), computed by the C
    module (a Python shingle set fed to update_batch cost ~1.5 ms an article, most of it per-shingle
    overhead)."""
    perms = _permutations()
    values = _minhash.signature(norm(body), SHINGLE_WORDS, perms[0], perms[1])
    if values is None:  # lone surrogates (no UTF-8): datasketch's way, which raises (or not) as it always did
        mh = MinHash(num_perm=NUM_PERM, scheme=SCHEME, hashfunc=_sha1_32, permutations=perms)
        mh.update_batch(list(shingles(body)))
        return mh
    return MinHash(num_perm=NUM_PERM, scheme=SCHEME, hashfunc=_sha1_32, permutations=perms,
                   hashvalues=np.frombuffer(values, dtype=np.uint32))


def to_bytes(mh: MinHash) -> bytes:
    return np.asarray(mh.hashvalues, dtype=np.uint64).tobytes()


def from_bytes(blob: bytes) -> MinHash:
    return MinHash(num_perm=NUM_PERM, scheme=SCHEME, hashvalues=np.frombuffer(blob, dtype=np.uint64).copy())


class NearDuplicateIndex:
    def __init__(self, threshold: float = NEAR_DUPLICATE_THRESHOLD) -> None:
        self.threshold = threshold
        self.lsh = MinHashLSH(threshold=threshold, num_perm=NUM_PERM)
        self.signatures: dict[str, MinHash] = {}

    def add(self, key: str, mh: MinHash) -> None:
        if key not in self.signatures:
            self.lsh.insert(key, mh)
            self.signatures[key] = mh

    def find(self, mh: MinHash) -> tuple[str, float] | None:
        """The most similar indexed document at or above the threshold, with its estimated Jaccard."""
        best: tuple[str, float] | None = None
        for key in self.lsh.query(mh):
            sim = mh.jaccard(self.signatures[key])
            if sim >= self.threshold and (best is None or sim > best[1]):
                best = (key, sim)
        return best

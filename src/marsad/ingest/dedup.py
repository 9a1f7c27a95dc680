"""Near-duplicate detection: MinHash signatures of word shingles of the normalised body, in an LSH index.

Exact duplicates are caught by the archive's content hash (store.content_hash); this index catches
re-publications with small edits (a changed first line, a credit added). The signatures and their LSH
bands are stored with each article, so the index lives in the archive (nothing to rebuild on resuming).
"""

from __future__ import annotations

import functools
import re
from hashlib import sha1
from typing import TYPE_CHECKING

import numpy as np
from datasketch import MinHash, MinHashLSH

from .. import native
from ..store.store import minhash_band_keys
from ..text.normalize import norm, norm_remembered

if TYPE_CHECKING:
    from ..store import Store

# The C module when built; without it (or with MARSAD_PURE_PYTHON=1) datasketch's own MinHash over the
# shingle set, which the C module reproduces bit for bit: the same signatures, ~1.5 ms an article slower.
_minhash = native.optional(native.MODULES["minhash"])
MINHASH = "python" if _minhash is None else "c"

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
    values = _c_signature(body)
    perms = _permutations()
    if values is None:  # no C module, or lone surrogates (no UTF-8): datasketch's way, which raises (or not) as it always did
        mh = MinHash(num_perm=NUM_PERM, scheme=SCHEME, hashfunc=_sha1_32, permutations=perms)
        mh.update_batch(list(shingles(body)))
        return mh
    return MinHash(num_perm=NUM_PERM, scheme=SCHEME, hashfunc=_sha1_32, permutations=perms,
                   hashvalues=np.frombuffer(values, dtype=np.uint32))


def signature_bytes(body: str) -> bytes:
    """to_bytes(signature(body)), without building the MinHash object (its constructor re-checks the
    permutations: ~60 µs an article)."""
    values = _c_signature(body)
    if values is None:
        return to_bytes(signature(body))
    return np.frombuffer(values, dtype=np.uint32).astype(np.uint64).tobytes()


def _c_signature(body: str) -> bytes | None:
    """The signature's uint32 values from the C module, or None when the body cannot be UTF-8 encoded or
    the module is absent (the caller then takes datasketch's way)."""
    if _minhash is None:
        return None
    perms = _permutations()
    return _minhash.signature(norm_remembered(body), SHINGLE_WORDS, perms[0], perms[1])


def to_bytes(mh: MinHash) -> bytes:
    return np.asarray(mh.hashvalues, dtype=np.uint64).tobytes()


def lsh_layout(threshold: float) -> tuple[int, int]:
    """(bands, rows per band) of the LSH for a similarity threshold: datasketch's choice (MinHashLSH weighs
    false positives and negatives alike), so the candidates are those its index gave."""
    lsh = MinHashLSH(threshold=threshold, num_perm=NUM_PERM)
    return lsh.b, lsh.r


class NearDuplicateIndex:
    """Near-duplicate look-ups in the archive itself: the LSH bands of every stored signature are rows of
    the archive (Store.near_candidates), written with the article in its transaction (Store.add_document). Memory does not grow
    with the archive (an in-memory index took ~2.5 kB an article) and nothing is rebuilt when an ingest
    starts or resumes, except once when the archive's bands were cut for another threshold."""

    def __init__(self, store: Store, threshold: float = NEAR_DUPLICATE_THRESHOLD) -> None:
        self.store = store
        self.threshold = threshold
        self.bands, self.rows = lsh_layout(threshold)
        if store.writable and store.minhash_layout() != (self.bands, self.rows):
            store.rebuild_minhash_bands(self.bands, self.rows)

    def find(self, blob: bytes) -> tuple[str, float] | None:
        """The archived article most similar to a signature (`to_bytes`) at or above the threshold, with its
        estimated Jaccard (the share of equal signature values, as MinHash.jaccard); among equals, the first
        stored."""
        values = np.frombuffer(blob, dtype=np.uint64)
        best: tuple[str, float] | None = None
        for article_id, other_blob in self.store.near_candidates(minhash_band_keys(blob, self.bands, self.rows)):
            if len(other_blob) != len(blob):
                continue  # a signature of another size: not comparable
            sim = float(np.count_nonzero(np.frombuffer(other_blob, dtype=np.uint64) == values)) / len(values)
            if sim >= self.threshold and (best is None or sim > best[1]):
                best = (article_id, sim)
        return best

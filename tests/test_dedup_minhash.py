"""The C MinHash (marsad.ingest._minhash) against its references: hashlib's SHA-1, the Python word filter
(str.split + re [^\\W_]) and datasketch's MinHash fed the shingle set, which is how dedup.signature was
computed before (kept here as the reference the stored signatures must keep matching)."""

from __future__ import annotations

import gzip
import hashlib
import itertools
import json
import random
import re

import numpy as np
import pytest
from datasketch import MinHash
from testdata import shared_path

from marsad.ingest import _minhash, dedup
from marsad.text.normalize import norm

_HAS_ALNUM = re.compile(r"[^\W_]").search
ALL_CHARS = [chr(c) for c in range(0x110000) if not 0xD800 <= c <= 0xDFFF]


def reference(body: str) -> MinHash:
    """dedup.signature as it was: datasketch hashes every shingle with dedup._sha1_32 and permutes."""
    mh = MinHash(num_perm=dedup.NUM_PERM, scheme=dedup.SCHEME, hashfunc=dedup._sha1_32,
                 permutations=dedup._permutations())
    mh.update_batch(list(dedup.shingles(body)))
    return mh


def assert_same(body: str) -> None:
    got, want = dedup.signature(body), reference(body)
    assert got.hashvalues.dtype == want.hashvalues.dtype == np.uint32
    assert got.hashvalues.tolist() == want.hashvalues.tolist()
    assert got == want and got.jaccard(want) == 1.0
    assert dedup.to_bytes(got) == dedup.to_bytes(want) == dedup.signature_bytes(body)
    assert (got.permutations == want.permutations).all() and got.seed == want.seed


def python_words(text: str) -> list[bytes]:
    return [w.encode("utf-8") for w in text.split() if _HAS_ALNUM(w)]


# ---- SHA-1 ------------------------------------------------------------------------------------------------

def test_sha1_matches_hashlib_at_every_padding_boundary():
    rng = random.Random(1)
    lengths = [*range(0, 200), 247, 248, 255, 256, 1000, 4096, 65537]
    for n in lengths:
        for _ in range(5):
            data = rng.randbytes(n)
            assert _minhash.sha1(data) == hashlib.sha1(data).digest(), n


def test_sha1_matches_hashlib_on_random_inputs():
    rng = random.Random(2)
    for _ in range(3000):
        data = rng.randbytes(rng.choice([rng.randrange(40, 140), rng.randrange(0, 3000)]))
        assert _minhash.sha1(data) == hashlib.sha1(data).digest()
    assert _minhash.sha1(b"abc").hex() == "a9993e364706816aba3e25717850c26c9cd0d89d"  # FIPS 180 example
    assert _minhash.sha1(memoryview(b"xabcx")[1:4]) == hashlib.sha1(b"abc").digest()


# ---- words: Unicode semantics of str.split() and re's \w, every code point ------------------------------

def test_words_match_the_python_filter_for_every_code_point():
    assert _minhash.words(" ".join(ALL_CHARS)) == python_words(" ".join(ALL_CHARS))  # alone: kept or not
    for glue in ("a", "_", "-"):  # after a letter, an underscore, a mark: separator or part of the word
        text = "".join(glue + c for c in ALL_CHARS)
        assert _minhash.words(text) == python_words(text), glue


def test_words_edge_cases():
    for text in ["", " ", "\u3000\x1c\x85", "_ __ _a_ a", "- — ، ؛ 12 ٣", "\u0651\u064e", "a\u00a0b\u2028c",
                 "  leading and trailing  ", "x" * 1000, "é ß Ǆ ǅ"]:
        assert _minhash.words(text) == python_words(text), text
    assert _minhash.words("ok \ud800") is None  # no UTF-8 form: the caller falls back to Python


# ---- signature: bit-identical to datasketch ---------------------------------------------------------------

ARABIC = ("قال وزير الخارجية الأردني أيمن الصفدي إن المحادثات مع نظيره المصري في عمّان كانت مثمرة، "
          "وأضاف أن الجانبين اتفقا على عقد اجتماع جديد الأسبوع المقبل في القاهرة.")


@pytest.mark.parametrize("body", [
    "", " \n\t ", "، . - — « »", "_ __ ___", "كلمة", "كلمتان اثنتان", "ثلاث كلمات هنا", "أربع كلمات في جملة",
    ARABIC,
    "قَالَ وَزِيرُ الخَارِجِيَّةِ إِنَّ الاجْتِمَاعَ عُقِدَ فِي الرِّيَاضِ يَوْمَ الأَحَدِ",  # diacritics
    "الـــــرياض تـــستضيف ﻻ ﷲ ﻹ القمة",  # tatweel and presentation forms (norm changes lengths)
    "في ٢٠١٥ و۲۰۱۶ وفي 2017 Riyadh RIYADH riyadh",  # digits of three scripts, Latin case
    "a b a b a b a b a b",  # repeated shingles
    ARABIC + " \u200f\u200b" + ARABIC,  # invisible characters
    " ".join([ARABIC] * 300),  # very long, and a shingle longer than one SHA-1 block
    "مفرد " + "ك" * 500,  # one very long word
])
def test_signature_is_datasketchs(body):
    assert_same(body)


def test_signature_on_random_texts():
    rng = random.Random(3)
    pools = [ARABIC.split(), ALL_CHARS[:0x800], ALL_CHARS, [" ", "\n", "_", ".", "\u0640", "\u064b"]]
    for _ in range(400):
        n = rng.choice([0, 1, 2, 3, 4, rng.randrange(5, 80), rng.randrange(80, 600)])
        parts = [rng.choice(rng.choice(pools)) for _ in range(n)]
        body = "".join(p + rng.choice(["", " ", "  ", "\n"]) for p in parts)
        assert_same(body)


def test_empty_signature_is_datasketchs_empty_minhash():
    assert dedup.signature("").hashvalues.tolist() == [2**32 - 1] * dedup.NUM_PERM
    assert dedup.signature("... ؟") == MinHash(num_perm=dedup.NUM_PERM, scheme=dedup.SCHEME)


def test_lone_surrogates_take_the_python_path_with_its_outcome():
    assert_same("\ud800 كلمة أخرى هنا")  # the surrogate is not a kept word: no UTF-8 needed for it
    with pytest.raises(UnicodeEncodeError):
        dedup.signature("كلمة\ud800 أخرى")
    with pytest.raises(UnicodeEncodeError):
        dedup.signature_bytes("كلمة\ud800 أخرى")
    with pytest.raises(UnicodeEncodeError):
        reference("كلمة\ud800 أخرى")


def test_signature_round_trips():
    a = dedup.signature(ARABIC)
    blob = dedup.to_bytes(a)
    assert len(blob) == 8 * dedup.NUM_PERM and np.frombuffer(blob, dtype=np.uint64).tolist() == a.hashvalues.tolist()
    assert blob == dedup.to_bytes(reference(ARABIC))


def test_c_module_rejects_bad_arguments():
    a, b = dedup._permutations()
    with pytest.raises(TypeError):
        _minhash.signature(b"bytes", 3, a, b)
    with pytest.raises(TypeError):
        _minhash.signature("x", 3, a.astype(np.uint64), b)
    with pytest.raises(TypeError):
        _minhash.signature("x", 3, a, b[:10])
    with pytest.raises(ValueError):
        _minhash.signature("x", 0, a, b)
    assert len(_minhash.signature(norm(ARABIC), 3, a, b)) == 4 * dedup.NUM_PERM


@pytest.mark.shared
def test_signature_on_real_articles():
    corpus = shared_path("corpus/saudinewsnet-2015.jsonl.gz")
    with gzip.open(corpus, "rt", encoding="utf-8") as fh:
        for line in itertools.islice(fh, 300):
            record = json.loads(line)
            for field in ("content", "title"):
                if isinstance(record.get(field), str):
                    assert_same(record[field])

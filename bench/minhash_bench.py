"""Near-duplicate signatures on real bodies: dedup.signature against the datasketch reference (issue 7).

    .venv/bin/python bench/minhash_bench.py [JSONL …] [--limit 1000] [--repeat 3] [--docs FILE]

Cleans the first --limit articles (default: the SaudiNewsNet corpus in ../shared; `--docs FILE`: the
processed documents pickled by bench/store_equivalence.py instead), then signs every body twice: with
dedup.signature and with the reference (the shingles fed to datasketch's MinHash.update_batch, as dedup
did before its C module). Prints CPU ms/article of each (best of --repeat) and of norm() alone, and
checks the hash values are identical for every body (exit status 1 when one differs).
"""

from __future__ import annotations

import argparse
import pickle
import sys
import time
from collections.abc import Callable
from pathlib import Path

from datasketch import MinHash

from marsad.errors import MarsadError
from marsad.ingest import dedup
from marsad.ingest.runner import build_pipeline
from marsad.pipeline import Options
from marsad.text.normalize import norm

sys.path.insert(0, str(Path(__file__).resolve().parent))
from pipeline_equivalence import documents, with_default_corpus  # noqa: E402


def reference(body: str) -> MinHash:
    mh = MinHash(num_perm=dedup.NUM_PERM, scheme=dedup.SCHEME, hashfunc=dedup._sha1_32,
                 permutations=dedup._permutations())
    mh.update_batch(list(dedup.shingles(body)))
    return mh


def bodies(args: argparse.Namespace) -> list[str]:
    if args.docs:
        with args.docs.open("rb") as fh:
            return [d.body for d in pickle.load(fh)][:args.limit]  # noqa: S301 - our own file
    clean = build_pipeline(Options()).stages[0]
    out = []
    for doc in documents(args.inputs, args.preset, args.limit):
        try:
            out.append(clean(doc).body)
        except MarsadError:
            continue
    return out


def best_ms(fn: Callable[[str], object], texts: list[str], repeat: int) -> float:
    best = float("inf")
    for _ in range(repeat):
        t = time.process_time()
        for text in texts:
            fn(text)
        best = min(best, time.process_time() - t)
    return best * 1000 / (len(texts) or 1)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("inputs", nargs="*")
    parser.add_argument("--preset", default=None)
    parser.add_argument("--limit", type=int, default=1000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--docs", type=Path, help="pickle of processed documents (bench/store_equivalence.py)")
    args = parser.parse_args()
    if not args.docs and not with_default_corpus(args):
        return 2
    texts = bodies(args)
    dedup.signature("warm")
    print(f"{len(texts)} bodies, {sum(map(len, texts)) / (len(texts) or 1):.0f} characters on average")
    print(f"reference (datasketch update_batch): {best_ms(reference, texts, args.repeat):.3f} ms/article")
    print(f"dedup.signature:                     {best_ms(dedup.signature, texts, args.repeat):.3f} ms/article")
    print(f"  of which norm(body):               {best_ms(norm, texts, args.repeat):.3f} ms/article")
    differ = [i for i, text in enumerate(texts)
              if (dedup.signature(text).hashvalues != reference(text).hashvalues).any()]
    print(f"hash values differ on {len(differ)} bodies {differ[:10]}" if differ else "identical")
    return 1 if differ else 0


if __name__ == "__main__":
    raise SystemExit(main())

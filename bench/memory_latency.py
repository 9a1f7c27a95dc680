"""How much a dictionary look-up costs on this machine, by dictionary size (issue 7).

    .venv/bin/python bench/memory_latency.py

The pipeline looks every token up in per-form caches of 10^4–10^5 entries (segment forms, token views, the
CRF scorer's rows, KB forms). A look-up in a small dictionary stays in the CPU caches; in a large one each
look-up waits for main memory (the hash index, the entry, the value), so its cost is the machine's memory
latency, which on a shared VM also depends on the neighbours. This prints ns per look-up of random keys
for a few sizes: when the large sizes are slow, so is marsad, whatever its code (bench/README.md).
"""

from __future__ import annotations

import random
import time

SIZES = (1_000, 65_536, 500_000)
LOOKUPS = 200_000


def ns_per_lookup(size: int, rng: random.Random) -> float:
    keys = [f"كلمة{i}" for i in range(size)]
    table = {k: (k, "", k, "word") for k in keys}  # shaped like the segment stage's forms
    sample = [rng.choice(keys) for _ in range(LOOKUPS)]
    best = float("inf")
    for _ in range(3):
        t = time.perf_counter()
        list(map(table.get, sample))
        best = min(best, time.perf_counter() - t)
    return best / LOOKUPS * 1e9


def main() -> int:
    rng = random.Random(7)
    for size in SIZES:
        print(f"dict of {size:>7,} entries: {ns_per_lookup(size, rng):6.0f} ns per look-up")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

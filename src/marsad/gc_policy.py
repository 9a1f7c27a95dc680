"""How long document loops treat Python's cycle collector."""

from __future__ import annotations

import gc


def collect_garbage_less_often() -> None:
    """Raise the collector's thresholds for a process that runs many documents.

    A document makes tens of thousands of short-lived objects (tokens, spans, views) and the models and
    per-word caches are large and long-lived, so with the default thresholds (700, 10, 10) the collector
    ran every few hundred tokens and rescanned the caches often: ~12 % of the pipeline's time. Reference
    counting frees the documents; cycles are rare and still collected, just later.
    """
    gen0, gen1, gen2 = gc.get_threshold()
    gc.set_threshold(max(gen0, 50_000), max(gen1, 20), gen2)


class CyclesCollectedRarely:
    """While a loop runs documents one after the other: the cycle collector off, and one full collection
    every `every` documents (`tick` after each) instead.

    Reference counting frees a document's objects when the next one replaces it; what the collector
    traversed, with any threshold, was the per-word caches' new entries, each two or three times, for
    nothing: ~4 % of the pipeline's time (bench/pipeline_bench.py, 3,000 articles, with and without, side
    by side). Cycles are rare (147 unreachable objects after 3,000 articles), so a collection every
    10,000 documents bounds what they hold. The collector's previous state is restored on exit."""

    def __init__(self, every: int = 10_000) -> None:
        self.every = every
        self.count = 0
        self._was_enabled = True

    def __enter__(self) -> CyclesCollectedRarely:
        self._was_enabled = gc.isenabled()
        gc.disable()
        return self

    def tick(self) -> None:
        self.count += 1
        if self.count % self.every == 0:
            gc.collect()

    def __exit__(self, *exc: object) -> None:
        if self._was_enabled:
            gc.enable()

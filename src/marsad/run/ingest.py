"""`marsad ingest` on workers: shards analysed by an executor, loaded by this process in input order.

plan_shards -> run_batch (pool or Dask) -> each shard, once it and every shard before it are finished, is
replayed through the archive's one writer (`Loader`: unchanged, rejected, exact/near duplicate, stored)
and its files are deleted. Duplicates are therefore decided in input order whatever the number of workers,
and the archive ends up as an in-process ingest leaves it.

The shard files live in a fresh hidden directory next to the archive (`.NAME.ingest-…`), removed at the
end; one left by a killed run is removed by the next (the archive's writer lock says none is in use).
Resuming needs no shard files: workers open the archive read-only and skip the inputs its ledger holds,
so a rerun analyses only what the killed run had not loaded.
"""

from __future__ import annotations

import shutil
import tempfile
import time
from pathlib import Path
from typing import Any

from ..ingest import dedup
from ..ingest.runner import Loader, Progress, Summary
from ..pipeline import Options
from ..store import Store
from .executors import DEFAULT_RETRIES, Outcome, run_batch
from .results import load_outcome, shard_outcomes
from .shard import RunConfig, Shard, output_path, plan_shards

# Smaller than `marsad batch`'s 500: the writer loads (and progress moves) shard by shard, and a kill loses
# at most the shards analysed but not yet loaded.
DEFAULT_SHARD_SIZE = 100


def work_dir_for(store: Store) -> Path:
    """A fresh shard directory beside the archive (hidden: an ingest of the archive's folder skips it),
    after removing those of earlier runs that were killed."""
    path = Path(store.path).resolve()
    prefix = f".{path.name}.ingest-"
    for stale in path.parent.glob(prefix + "*"):
        shutil.rmtree(stale, ignore_errors=True)
    return Path(tempfile.mkdtemp(prefix=prefix, dir=path.parent))


def _units(shard: Shard) -> int:
    return (shard.last_line or 0) - (shard.first_line or 0) + 1 if shard.first_line else len(shard.paths)


def ingest_sharded(paths: list[str], store: Store, executor: Any, *, options: Options | None = None,
                   preset: str | None = None, field_map: str | None = None,
                   near_threshold: float = dedup.NEAR_DUPLICATE_THRESHOLD, limit: int | None = None,
                   progress: Progress | None = None, shard_size: int | None = None,
                   retries: int = DEFAULT_RETRIES) -> Summary:
    """Ingest `paths` into `store` with `executor` (entered by the caller) running the pipeline; returns
    the counts as `marsad ingest` reports them. Ctrl-C stops cleanly (loaded shards are kept)."""
    started = time.monotonic()
    shards = plan_shards(paths, shard_size or DEFAULT_SHARD_SIZE, limit=limit)
    loader = Loader(store, near_threshold)
    summary = loader.summary
    progress = progress or Progress(0, enabled=False)
    progress.total = max(sum(_units(s) for s in shards), 1)
    work = work_dir_for(store)
    config = RunConfig(out_dir=str(work), options=options or Options(), preset=preset, field_map=field_map,
                       for_archive=str(Path(store.path).resolve()))
    finished: dict[int, Outcome] = {}
    state = {"next": 0, "units": 0}

    def load_ready(outcome: Outcome) -> None:
        # Shards finish in any order; they are loaded in plan order, as soon as all before them are.
        finished[outcome.shard.index] = outcome
        while state["next"] in finished:
            done = finished.pop(state["next"])
            state["next"] += 1
            state["units"] += _units(done.shard)
            if done.stats is None:
                summary.failed.append({"shard": done.shard.key, "input": done.shard.describe(),
                                       "attempts": done.attempts, "error": done.error})
                continue
            with store.batch():  # one commit per shard, not per document
                for line in shard_outcomes(work, done.shard.key, config.format):
                    if limit is not None and summary.read >= limit:
                        break
                    load_outcome(line, loader)
            for sub, name in (("rejects", f"{done.shard.key}.jsonl"), ("stats", f"{done.shard.key}.json")):
                (work / sub / name).unlink(missing_ok=True)
            output_path(work, done.shard.key, config.format).unlink(missing_ok=True)
            progress.update(state["units"], summary, force=True)

    try:
        run_batch(shards, config, executor, retries=retries, on_outcome=load_ready)
    except KeyboardInterrupt:
        summary.interrupted = True
    finally:
        summary.elapsed = time.monotonic() - started
        progress.close()
        shutil.rmtree(work, ignore_errors=True)
    return summary

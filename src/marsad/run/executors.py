"""Executors: the same `run_shard` in this process, in a local process pool, or on Dask workers.

`run_batch(shards, config, executor)` skips shards whose completion marker matches, hands the rest to the
executor, retries a shard that raises (up to `retries` more times) and returns a `BatchReport` in which
every shard is done, skipped or failed with its error: none is silently lost. Each executor iterates its
futures, so a worker's exception always reaches the report.
"""

from __future__ import annotations

import contextlib
import dataclasses
import json
import logging
import multiprocessing
import time
import warnings
from collections.abc import Callable, Iterator
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol

from ..errors import InputError, MarsadError
from .shard import RunConfig, Shard, ShardStats, is_done, pipeline_for, read_stats, run_shard, warm_pipeline

Task = Callable[[Shard, RunConfig], ShardStats]
DEFAULT_RETRIES = 2
EXECUTORS = ("inprocess", "pool", "dask")


@dataclass
class Outcome:
    """What became of one shard: stats when it finished, else the last error."""

    shard: Shard
    stats: ShardStats | None
    error: str | None
    attempts: int
    errors: list[str] = field(default_factory=list)  # one line per failed attempt


class Executor(Protocol):
    name: str

    def run(self, task: Task, shards: list[Shard], config: RunConfig, retries: int) -> Iterator[Outcome]: ...


def _describe(err: BaseException) -> str:
    return f"{type(err).__name__}: {err}"


class InProcessExecutor:
    """Shards one after the other in this process (tests, debugging, small batches)."""

    name = "inprocess"

    def __enter__(self) -> InProcessExecutor:
        return self

    def __exit__(self, *exc: object) -> None:
        return None

    def run(self, task: Task, shards: list[Shard], config: RunConfig, retries: int) -> Iterator[Outcome]:
        for shard in shards:
            errors: list[str] = []
            while True:
                try:
                    stats = task(shard, config)
                except Exception as err:  # noqa: BLE001 - reported and retried; KeyboardInterrupt stops the run
                    errors.append(_describe(err))
                    if len(errors) > retries:
                        yield Outcome(shard, None, errors[-1], len(errors), errors)
                        break
                    continue
                yield Outcome(shard, stats, None, len(errors) + 1, errors)
                break


class PoolExecutor:
    """A local pool of worker processes (spawned: each loads the models once, on its first shard)."""

    name = "pool"

    def __init__(self, workers: int = 2) -> None:
        if workers < 1:
            raise InputError("--workers must be at least 1", source="--workers", reason="bad-option")
        self.workers = workers
        self.pool: ProcessPoolExecutor | None = None

    def _new_pool(self) -> ProcessPoolExecutor:
        if self.pool is not None:
            self.pool.shutdown(wait=False, cancel_futures=True)
        self.pool = ProcessPoolExecutor(self.workers, mp_context=multiprocessing.get_context("spawn"),
                                        initializer=_die_with_parent)
        return self.pool

    def __enter__(self) -> PoolExecutor:
        self._new_pool()
        return self

    def __exit__(self, *exc: object) -> None:
        if self.pool is not None:
            self.pool.shutdown(wait=True, cancel_futures=True)
            self.pool = None

    def run(self, task: Task, shards: list[Shard], config: RunConfig, retries: int) -> Iterator[Outcome]:
        pool = self.pool or self._new_pool()
        errors: dict[int, list[str]] = {s.index: [] for s in shards}
        pending: dict[Future[ShardStats], Shard] = {pool.submit(task, s, config): s for s in shards}
        while pending:
            finished, _ = wait(pending, return_when=FIRST_COMPLETED)
            again: list[Shard] = []
            broken = False
            for future in finished:
                shard = pending.pop(future)
                err = future.exception()
                if err is None:
                    yield Outcome(shard, future.result(), None, len(errors[shard.index]) + 1, errors[shard.index])
                    continue
                errors[shard.index].append(_describe(err))
                broken = broken or isinstance(err, BrokenProcessPool)
                if len(errors[shard.index]) > retries:
                    yield Outcome(shard, None, errors[shard.index][-1], len(errors[shard.index]), errors[shard.index])
                else:
                    again.append(shard)
            if broken:  # a worker died (killed, out of memory): the pool is unusable, start a new one
                again += list(pending.values())
                pending = {}
                pool = self._new_pool()
            pending.update({pool.submit(task, s, config): s for s in again})


def _die_with_parent() -> None:
    """In a pool worker: end when the process that started it ends, even by SIGKILL (Linux), instead of
    waiting for work forever as an orphan."""
    import ctypes
    import signal

    with contextlib.suppress(OSError, AttributeError):
        ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG


class DaskExecutor:
    """Dask distributed: a scheduler at `address` (tcp://host:8786), or a LocalCluster of `local_workers`
    processes with one thread each (the stages hold the GIL) and no dashboard."""

    name = "dask"

    def __init__(self, address: str | None = None, local_workers: int | None = None) -> None:
        if not address and not local_workers:
            raise InputError("Dask needs --dask-scheduler ADDRESS or --dask-local N", source="--executor",
                             reason="bad-option")
        if local_workers is not None and local_workers < 1 and not address:
            raise InputError("--dask-local must be at least 1", source="--dask-local", reason="bad-option")
        self.address, self.local_workers = address, local_workers
        self.client: Any = None
        self.cluster: Any = None

    def __enter__(self) -> DaskExecutor:
        from distributed import Client, LocalCluster

        if self.address:
            try:
                self.client = Client(self.address, timeout="20s")
            except OSError as err:
                raise MarsadError(f"cannot reach the Dask scheduler ({err})", source=self.address) from None
        else:
            with warnings.catch_warnings():  # "port 8787 in use": the scheduler's HTTP port, no dashboard here
                warnings.filterwarnings("ignore", message="Port .* is already in use")
                self.cluster = LocalCluster(n_workers=self.local_workers, threads_per_worker=1, processes=True,
                                            dashboard_address=None, silence_logs=logging.ERROR)
            self.client = Client(self.cluster)
        return self

    def __exit__(self, *exc: object) -> None:
        if self.client is not None:
            self.client.close()
        if self.cluster is not None:
            self.cluster.close()
        self.client = self.cluster = None

    def warm_up(self, config: RunConfig) -> None:
        """Build the pipeline and load its models on every worker (benchmarks time the work, not the loading)."""
        self.client.run(_warm_worker, config)

    def run(self, task: Task, shards: list[Shard], config: RunConfig, retries: int) -> Iterator[Outcome]:
        from distributed import as_completed

        errors: dict[int, list[str]] = {s.index: [] for s in shards}
        by_key: dict[str, Shard] = {}
        # Tasks run in worker threads: a document over the time limit ends its worker process (the nanny
        # starts another, Dask runs the task again, and the shard skips that document; see run_shard).
        config = dataclasses.replace(config, stop_worker_on_timeout=True)

        def submit(shard: Shard) -> Any:
            # pure=False: a retry must run again, not return the cached failure.
            future = self.client.submit(task, shard, config, pure=False, key=f"shard-{shard.key}-{time.time_ns()}")
            by_key[future.key] = shard
            return future

        queue = as_completed([submit(s) for s in shards])
        for future in queue:
            shard = by_key.pop(future.key)
            if future.status == "finished":
                yield Outcome(shard, future.result(), None, len(errors[shard.index]) + 1, errors[shard.index])
                continue
            err = future.exception()
            errors[shard.index].append(_describe(err) if err else f"future {future.status}")
            if len(errors[shard.index]) > retries:
                yield Outcome(shard, None, errors[shard.index][-1], len(errors[shard.index]), errors[shard.index])
            else:
                queue.add(submit(shard))
            future.release()


def _warm_worker(config: RunConfig) -> int:
    pipeline, built = pipeline_for(config.options)
    if built:
        warm_pipeline(pipeline)
    return 0


def make_executor(kind: str, *, workers: int = 2, dask_scheduler: str | None = None,
                  dask_local: int | None = None) -> InProcessExecutor | PoolExecutor | DaskExecutor:
    if kind == "inprocess":
        return InProcessExecutor()
    if kind == "pool":
        return PoolExecutor(workers)
    if kind == "dask":
        return DaskExecutor(dask_scheduler, dask_local if dask_local or dask_scheduler else workers)
    raise InputError(f"unknown executor {kind!r}; use one of {EXECUTORS}", source="--executor", reason="bad-option")


# ---- the batch ---------------------------------------------------------------------------------------


@dataclass
class BatchReport:
    done: list[Outcome] = field(default_factory=list)
    skipped: list[ShardStats] = field(default_factory=list)  # finished by an earlier run
    failed: list[Outcome] = field(default_factory=list)
    seconds: float = 0.0

    @property
    def retried(self) -> list[Outcome]:
        return [o for o in self.done + self.failed if o.attempts > 1]

    def to_dict(self) -> dict[str, Any]:
        finished = [o.stats for o in self.done if o.stats] + self.skipped
        dropped: dict[str, int] = {}
        for s in finished:
            for reason, n in s.dropped.items():
                dropped[reason] = dropped.get(reason, 0) + n
        return {
            "shards": len(self.done) + len(self.skipped) + len(self.failed),
            "processed": [o.shard.key for o in self.done], "skipped": [s.shard for s in self.skipped],
            "failed": [{"shard": o.shard.key, "input": o.shard.describe(), "attempts": o.attempts, "error": o.error}
                       for o in self.failed],
            "retried": [{"shard": o.shard.key, "attempts": o.attempts, "errors": o.errors} for o in self.retried],
            "read": sum(s.read for s in finished), "written": sum(s.written for s in finished),
            "dropped": dict(sorted(dropped.items(), key=lambda kv: -kv[1])),
            "seconds": round(self.seconds, 2),
        }

    def render(self) -> str:
        d = self.to_dict()
        lines = [f"shards {d['shards']}: processed {len(d['processed'])}, skipped (already done) "
                 f"{len(d['skipped'])}, failed {len(d['failed'])}  |  read {d['read']}  written {d['written']}"
                 f"  dropped {sum(d['dropped'].values())}  ({d['seconds']} s)"]
        if d["dropped"]:
            lines.append("dropped: " + ", ".join(f"{k} {v}" for k, v in d["dropped"].items()))
        for r in d["retried"]:
            lines.append(f"retried shard {r['shard']}: {r['attempts']} attempts ({'; '.join(r['errors'])})")
        for f in d["failed"]:
            lines.append(f"FAILED shard {f['shard']} ({f['input']}) after {f['attempts']} attempts: {f['error']}")
        if d["failed"]:
            lines.append("run the same command again to retry the failed shards (finished ones are skipped)")
        return "\n".join(lines)


def write_plan(shards: list[Shard], config: RunConfig) -> None:
    """The list of shards of this output directory, for `marsad load` and for reruns."""
    out = Path(config.out_dir)
    out.mkdir(parents=True, exist_ok=True)
    plan = {"format": config.format,
            "shards": [{"key": s.key, "fingerprint": config.fingerprint(s), "input": s.describe()} for s in shards]}
    (out / "plan.json").write_text(json.dumps(plan, ensure_ascii=False, indent=1), encoding="utf-8")


def run_batch(shards: list[Shard], config: RunConfig, executor: Executor, *, retries: int = DEFAULT_RETRIES,
              task: Task = run_shard, on_outcome: Callable[[Outcome], None] | None = None) -> BatchReport:
    """Run every shard not already done; retry failures; report all. Failures are also written to
    DIR/failed/NNNNN.json (removed when the shard later succeeds)."""
    started = time.monotonic()
    out = Path(config.out_dir)
    write_plan(shards, config)
    report = BatchReport()
    todo: list[Shard] = []
    for shard in shards:
        stats = read_stats(out, shard.key) if is_done(shard, config) else None
        if stats is not None:
            report.skipped.append(stats)
        else:
            todo.append(shard)
    failed_dir = out / "failed"
    try:
        for outcome in executor.run(task, todo, config, retries):
            record = failed_dir / f"{outcome.shard.key}.json"
            if outcome.stats is not None:
                report.done.append(outcome)
                record.unlink(missing_ok=True)
            else:
                report.failed.append(outcome)
                failed_dir.mkdir(exist_ok=True)
                record.write_text(json.dumps({"shard": outcome.shard.key, "input": outcome.shard.describe(),
                                              "attempts": outcome.attempts, "errors": outcome.errors},
                                             ensure_ascii=False, indent=1), encoding="utf-8")
            if on_outcome:
                on_outcome(outcome)
    finally:
        report.seconds = time.monotonic() - started
    return report


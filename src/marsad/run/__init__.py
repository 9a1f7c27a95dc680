"""Batch runs: shards of inputs processed by one function, on one of three executors (in-process, local
process pool, Dask), with per-shard outputs, stats and completion markers."""

from .executors import (
    EXECUTORS,
    BatchReport,
    DaskExecutor,
    InProcessExecutor,
    Outcome,
    PoolExecutor,
    make_executor,
    run_batch,
)
from .results import finished_shards, load_into_store, read_records
from .shard import FORMATS, RunConfig, Shard, ShardStats, plan_shards, run_shard

__all__ = ["EXECUTORS", "FORMATS", "BatchReport", "DaskExecutor", "InProcessExecutor", "Outcome", "PoolExecutor",
           "RunConfig", "Shard", "ShardStats", "finished_shards", "load_into_store", "make_executor",
           "plan_shards", "read_records", "run_batch", "run_shard"]

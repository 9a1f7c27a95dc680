"""`marsad batch` (inputs -> per-shard record files, on one of three executors) and `marsad load`
(shard outputs -> the archive, through its single writer)."""

from __future__ import annotations

import argparse
import json
import os
import sys

from .. import config
from ..errors import InputError
from ..pipeline import Options
from .extract import parse_published


def add_commands(sub: argparse._SubParsersAction) -> None:
    b = sub.add_parser("batch", help="process many inputs in shards (in-process, process pool or Dask)",
                       description="Process inputs in shards; each shard writes its records, stats and a completion "
                                   "marker under --out, so a rerun skips finished shards.")
    b.add_argument("inputs", nargs="+", metavar="INPUT", help="files, directories or globs (text, HTML, WARC, "
                   "RSS/Atom, JSON Lines)")
    b.add_argument("--out", required=True, metavar="DIR", help="output directory (shards/, stats/, done/, …)")
    b.add_argument("--executor", choices=("inprocess", "pool", "dask"), default=None,
                   help="where shards run (default: pool with --workers > 1, dask with a --dask-* option, "
                        "else inprocess)")
    b.add_argument("--workers", type=int, default=None, help="worker processes for pool (default: CPU count)")
    b.add_argument("--dask-scheduler", metavar="ADDRESS", help="a running Dask scheduler, e.g. tcp://host:8786")
    b.add_argument("--dask-local", type=int, metavar="N", help="start a local Dask cluster of N worker processes")
    b.add_argument("--shard-size", type=int, default=500, help="documents (JSONL lines or files) per shard "
                   "(default: 500)")
    b.add_argument("--format", choices=("jsonl", "parquet"), default="jsonl", help="shard output format")
    b.add_argument("--retries", type=int, default=2, help="extra attempts for a shard that fails (default: 2)")
    b.add_argument("--limit", type=int, default=None, help="only the first N inputs")
    b.add_argument("--preset", help="JSON Lines field preset (e.g. saudinewsnet)")
    b.add_argument("--map", dest="field_map", help="JSON Lines field overrides: text=content,title=headline,…")
    b.add_argument("--published", help="publication date YYYY-MM-DD for every input")
    b.add_argument("--kb", action="append", default=[], metavar="DIR", help="extra knowledge-base directory")
    b.add_argument("--stages", help="comma-separated stages to run (default: all)")
    b.add_argument("--json", action="store_true", help="print the report as JSON")
    b.set_defaults(handler=run_batch_cmd)

    ld = sub.add_parser("load", help="bring `marsad batch` outputs into the archive")
    ld.add_argument("dir", metavar="DIR", help="a `marsad batch --out` directory")
    ld.add_argument("--db", default=config.default_db(),
                    help="archive file (default: $MARSAD_DB or ./marsad.db)")
    ld.add_argument("--json", action="store_true", help="print the summary as JSON")
    ld.set_defaults(handler=run_load_cmd)


def _executor_kind(args: argparse.Namespace) -> str:
    if args.executor:
        if args.executor != "dask" and (args.dask_scheduler or args.dask_local):
            raise InputError("--dask-scheduler/--dask-local need --executor dask", source="--executor",
                             reason="bad-option")
        return args.executor
    if args.dask_scheduler or args.dask_local:
        return "dask"
    return "pool" if (args.workers or 1) > 1 else "inprocess"


def run_batch_cmd(args: argparse.Namespace) -> int:
    from ..run import Outcome, RunConfig, make_executor, plan_shards, run_batch

    if args.retries < 0:
        raise InputError("--retries must be 0 or more", source="--retries", reason="bad-option")
    if args.limit is not None and args.limit < 1:
        raise InputError("--limit must be at least 1", source="--limit", reason="bad-option")
    options = Options(published=parse_published(args.published), kb_dirs=list(args.kb),
                      stages=[s.strip() for s in args.stages.split(",")] if args.stages else None)
    config = RunConfig(out_dir=args.out, options=options, preset=args.preset, field_map=args.field_map,
                       format=args.format)
    from ..readers.files import make_mapping

    make_mapping(args.preset, args.field_map)  # bad --preset/--map: one clear error now, not one per shard
    from ..pipeline import Pipeline

    if options.stages:
        Pipeline.from_options(options)  # unknown or misordered stages: one clear error before any worker starts
    shards = plan_shards(args.inputs, args.shard_size, limit=args.limit)
    if not shards:
        raise InputError("no inputs", source=" ".join(args.inputs), reason="missing")
    kind = _executor_kind(args)
    executor = make_executor(kind, workers=args.workers or os.cpu_count() or 1, dask_scheduler=args.dask_scheduler,
                             dask_local=args.dask_local)

    def progress(outcome: Outcome) -> None:
        if not args.json and sys.stderr.isatty():
            state = f"done ({outcome.stats.written} records)" if outcome.stats else f"FAILED: {outcome.error}"
            print(f"shard {outcome.shard.key} {state}", file=sys.stderr)

    with executor:
        report = run_batch(shards, config, executor, retries=args.retries, on_outcome=progress)
    if args.json:
        sys.stdout.write(json.dumps(report.to_dict() | {"executor": kind, "out": args.out}, ensure_ascii=False,
                                    indent=2) + "\n")
    else:
        print(f"{kind}: {report.render()}\nrecords in {args.out}/shards/ ; bring them into the archive with "
              f"`marsad load {args.out}`")
    return 1 if report.failed else 0


def run_load_cmd(args: argparse.Namespace) -> int:
    from ..run import load_into_store
    from ..store import Store

    with Store.open(args.db) as store:
        summary, unfinished = load_into_store(args.dir, store)
    if args.json:
        sys.stdout.write(json.dumps(summary.to_dict() | {"db": args.db, "unfinished_shards": unfinished},
                                    ensure_ascii=False, indent=2) + "\n")
    else:
        print(summary.render().split("  (")[0])
        if unfinished:
            print(f"not loaded: {len(unfinished)} unfinished shard(s) ({', '.join(unfinished[:10])}"
                  f"{'…' if len(unfinished) > 10 else ''}); rerun `marsad batch` with the same arguments, "
                  "then load again")
    return 1 if unfinished else 0

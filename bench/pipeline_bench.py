"""Pipeline throughput and memory on real news (issue 7).

    .venv/bin/python bench/pipeline_bench.py [JSONL …] [--preset saudinewsnet] [--limit N] [--every N]
    .venv/bin/python bench/pipeline_bench.py --limit 400 --dask-local 2     # + executor scaling

One streamed pass on one core (articles are read one by one, never loaded whole). For each article it
times (in CPU seconds of the process, so that other work on the machine does not count), separately:
reading (JSON parse + input checks), every pipeline stage, and storing into a temporary SQLite archive as
`marsad ingest` does (exact and MinHash near-duplicate look-ups once the clean stage has made the body — a
duplicate stops there, the later stages do not run for it — then the write, committed in groups). It
prints articles/s per stage and end to end, tokens/s of the entities stage (which runs the CRF tagger),
peak RSS, and the ratio of the end-to-end time to the floor: reading + tokenising the same articles,
nothing else. The floor's tokenisation runs first, in a process of its own, so that its per-form caches
do not warm the pipeline's segment stage (it did until session 3, flattering the end-to-end figure).

With --dask-local N it then runs `marsad batch` machinery on the first --limit articles with the Dask
executor on 1 and on N local worker processes and prints the speed-up (and checks the records match).
Default input: ../shared/corpus/saudinewsnet-2015.jsonl.gz (preset saudinewsnet).
"""

from __future__ import annotations

import argparse
import contextlib
import itertools
import json
import multiprocessing
import resource
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Iterator
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

from marsad.errors import InputError, MarsadError
from marsad.gc_policy import CyclesCollectedRarely
from marsad.ingest.runner import Loader, build_pipeline, input_published
from marsad.model import Document
from marsad.pipeline import Options
from marsad.readers.files import InputItem, make_mapping, read_inputs
from marsad.store import Store
from marsad.text.segment import iter_tokens

sys.path.insert(0, str(Path(__file__).resolve().parent))
from pipeline_equivalence import with_default_corpus  # noqa: E402

# Stage clocks count this process's CPU time, not wall time: on a shared machine wall time mostly measures
# the other processes. On an idle core the two agree (the run is single-threaded); wall_s is printed too.
clock_now = time.process_time


def peak_rss_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # Linux: KiB


def timed_items(paths: list[str], preset: str | None, clock: Counter[str]) -> Iterator[InputItem]:
    """The reader's items, with the time spent reading each one added to clock['read']."""
    stream = read_inputs(paths, make_mapping(preset))
    while True:
        t0 = clock_now()
        item = next(stream, None)
        clock["read"] += clock_now() - t0
        if item is None:
            return
        yield item


def floor_tokenise(paths: list[str], preset: str | None, limit: int | None, every: int) -> dict[int, float]:
    """CPU seconds spent tokenising the raw text of the first k articles read, for every k a multiple of
    `every` and for the last one (the floor's share beyond reading)."""
    spent = 0.0
    marks: dict[int, float] = {}
    read = 0
    for item in itertools.islice(read_inputs(paths, make_mapping(preset)), limit):
        read += 1
        if item.error is None:
            t = clock_now()
            for _ in iter_tokens(item.text):
                pass
            spent += clock_now() - t
        if every and read % every == 0:
            marks[read] = spent
    marks[read] = spent
    return marks


def one_core(args: argparse.Namespace) -> dict[str, object]:
    # The floor's tokenisation first, in a fresh process: its caches stay its own.
    with ProcessPoolExecutor(1, mp_context=multiprocessing.get_context("spawn")) as pool:
        floor = pool.submit(floor_tokenise, args.inputs, args.preset, args.limit, args.every).result()
    options = Options()
    t0 = time.perf_counter()
    pipeline = build_pipeline(options)
    stage_names = [s.name for s in pipeline.stages]
    # Warm the stages' lazy models on a short composed text, so their loading time is reported apart.
    warm = Document(source_name="warm-up", raw="قال وزير الخارجية إن الاجتماع عقد في الرياض يوم الأحد الماضي.\n")
    with contextlib.suppress(MarsadError):
        pipeline(warm)
    load_s = time.perf_counter() - t0
    clock: Counter[str] = Counter()
    ran: Counter[str] = Counter()  # documents each stage ran on (duplicates stop after the clean stage)
    counts: Counter[str] = Counter()
    dropped: Counter[str] = Counter()
    tmp = tempfile.TemporaryDirectory(prefix="marsad-bench-")
    store = Store.open(Path(tmp.name) / "bench.db")
    # Stored as `marsad ingest` stores: exact and near (MinHash) duplicates looked up, then written.
    loader = Loader(store)
    started = time.perf_counter()
    items = timed_items(args.inputs, args.preset, clock)
    # Stored as `marsad ingest` stores: in groups of writes per commit (Store.batch); the commits'
    # time falls in the add_document calls that make them, so it is in the "store" figure.
    with store.batch(), CyclesCollectedRarely() as collector:  # as ingest and batch shards run documents
        for item in itertools.islice(items, args.limit):
            collector.tick()
            counts["read"] += 1
            if item.error is not None:
                dropped[item.error.reason] += 1
                continue
            doc = Document(source_name=item.source_key, raw=item.text, title=item.title, url=item.url,
                           outlet=item.outlet)
            doc.published = input_published(item)
            try:
                found = None
                for stage in pipeline.stages:
                    t = clock_now()
                    doc = stage(doc)
                    clock[stage.name] += clock_now() - t
                    ran[stage.name] += 1
                    doc.stages.append(f"{stage.name}@{stage.version}")
                    if "body" in stage.assigns and doc.body.strip():
                        # As `marsad ingest` (Loader.stop_if_duplicate): a body archived already stops here.
                        t = clock_now()
                        found = loader.duplicate(doc)
                        if found is not None:
                            counts[loader.add_duplicate(found, item.source_key, item.input_hash,
                                                        doc.title or item.title, doc.url or item.url)] += 1
                        clock["store"] += clock_now() - t
                        if found is not None:
                            break
                if found is None:
                    counts["body_tokens"] += len(doc.tokens)
                    t = clock_now()
                    outcome = loader.document(doc, item.source_key, item.kind, item.input_hash, item.encoding)
                    clock["store"] += clock_now() - t
                    counts[outcome] += 1
            except InputError as err:
                dropped[err.reason] += 1
            except MarsadError:
                dropped["pipeline-error"] += 1
            except Exception:  # noqa: BLE001 - a crashing stage is counted (as ingest does), the run goes on
                dropped["stage-crash"] += 1
            if args.every and counts["read"] % args.every == 0:
                clock["tokenise"] = floor[counts["read"]]
                report = summarise(stage_names, clock, ran, counts, dropped, load_s, time.perf_counter() - started)
                print(f"progress {json.dumps(report, ensure_ascii=False)}", flush=True)
    wall = time.perf_counter() - started
    clock["tokenise"] = floor[counts["read"]] if counts["read"] else 0.0
    store.close()
    tmp.cleanup()
    return summarise(stage_names, clock, ran, counts, dropped, load_s, wall)


def summarise(stage_names: list[str], clock: Counter[str], ran: Counter[str], counts: Counter[str],
              dropped: Counter[str],
              load_s: float, wall: float) -> dict[str, object]:
    n = counts["read"]
    processed = n - sum(v for k, v in dropped.items() if k not in ("pipeline-error", "stage-crash")) or 1

    def rate(seconds: float, k: int = processed) -> float | None:
        return round(k / seconds, 1) if seconds > 0 else None

    floor_s = clock["read"] + clock["tokenise"]
    e2e_s = clock["read"] + sum(clock[s] for s in stage_names) + clock["store"]
    return {
        "articles_read": n, "stored": counts["stored"], "duplicates": counts["duplicate"],
        "dropped": dict(dropped.most_common()),
        "model_load_s": round(load_s, 2), "wall_s": round(wall, 1),
        # Each stage over the documents it ran on (duplicates stop after the clean stage, as in ingest).
        "per_stage_articles_per_s": {**{s: rate(clock[s], ran[s]) for s in stage_names}, "store": rate(clock["store"])},
        "per_stage_documents": {s: ran[s] for s in stage_names},
        "per_stage_seconds": {s: round(clock[s], 2) for s in ["read", *stage_names, "store"]},
        "entities_tokens_per_s": rate(clock["entities"], counts["body_tokens"]) if "entities" in clock else None,
        "end_to_end_articles_per_s": rate(e2e_s, n),
        "floor_articles_per_s": rate(floor_s, n),
        "end_to_end_over_floor": round(e2e_s / floor_s, 1) if floor_s else None,
        "peak_rss_mib": round(peak_rss_mib(), 1),
    }


def dask_scaling(args: argparse.Namespace) -> dict[str, object]:
    """Dask LocalCluster with 1 and with N worker processes on the same shards; records compared."""
    from marsad.run import RunConfig, plan_shards, read_records, run_batch
    from marsad.run.executors import DaskExecutor

    limit = args.limit or 400
    out: dict[str, object] = {"articles": limit}
    records: dict[int, list[dict[str, object]]] = {}
    with tempfile.TemporaryDirectory(prefix="marsad-bench-dask-") as tmp:
        for workers in (1, args.dask_local):
            out_dir = Path(tmp) / f"w{workers}"
            config = RunConfig(out_dir=str(out_dir), options=Options(), preset=args.preset)
            shards = plan_shards(args.inputs, shard_size=args.shard_size, limit=limit)
            with DaskExecutor(local_workers=workers) as executor:
                executor.warm_up(config)  # model loading is per process and not part of the rate
                t0 = time.perf_counter()
                report = run_batch(shards, config, executor)
                seconds = time.perf_counter() - t0
            out[f"workers_{workers}"] = {"seconds": round(seconds, 1), "articles_per_s": round(limit / seconds, 1),
                                         "failed": len(report.failed)}
            records[workers] = list(read_records(out_dir))
    one, many = out["workers_1"], out[f"workers_{args.dask_local}"]
    out["speedup"] = round(one["seconds"] / many["seconds"], 2)  # type: ignore[index]
    out["same_records"] = records[1] == records[args.dask_local]
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("inputs", nargs="*", help="JSONL file(s) (default: the SaudiNewsNet corpus in ../shared)")
    parser.add_argument("--preset", default=None, help="JSONL field preset (default: saudinewsnet for the default)")
    parser.add_argument("--limit", type=int, default=None, help="only the first N articles")
    parser.add_argument("--every", type=int, default=1000, help="print cumulative figures every N articles (0: off)")
    parser.add_argument("--dask-local", type=int, default=0, metavar="N", help="also measure Dask with 1 and N workers")
    parser.add_argument("--shard-size", type=int, default=50, help="articles per shard for --dask-local")
    parser.add_argument("--skip-one-core", action="store_true", help="only the --dask-local measurement")
    args = parser.parse_args(argv)
    if not with_default_corpus(args):
        return 2
    if not args.skip_one_core:
        print("one core:", json.dumps(one_core(args), ensure_ascii=False, indent=2), flush=True)
    if args.dask_local:
        print("dask:", json.dumps(dask_scaling(args), ensure_ascii=False, indent=2), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""Batch runs: planning, the three executors giving the same records, retries, resume, per-process models.

Inputs are team-written: tests/fixtures/run/articles.jsonl (SaudiNewsNet layout, with an empty item, an
English item and a broken line) and the outlet pages in tests/fixtures/outlets/. The fast tests run the
cheap stages (clean, segment, dates) so that worker start-up stays small; the slow one runs them all.
"""

from __future__ import annotations

import dataclasses
import json
import os
import re
import time
from pathlib import Path

import pytest

from marsad.pipeline import Options, register_stage
from marsad.run import (
    DaskExecutor,
    InProcessExecutor,
    PoolExecutor,
    RunConfig,
    Shard,
    plan_shards,
    read_records,
    run_batch,
    run_shard,
)
from marsad.run.shard import shard_items

FIXTURES = Path(__file__).resolve().parent / "fixtures"
JSONL = str(FIXTURES / "run" / "articles.jsonl")
OUTLETS = sorted(str(p) for p in (FIXTURES / "outlets").glob("*.txt"))
CHEAP = Options(stages=["clean", "segment", "dates"])


def config_for(out: Path, options: Options = CHEAP, fmt: str = "jsonl") -> RunConfig:
    return RunConfig(out_dir=str(out), options=options, preset="saudinewsnet", format=fmt)


def inputs() -> list[str]:
    return [JSONL, *OUTLETS[:3]]


# One pool and one Dask LocalCluster for the module: starting worker processes is the slow part.
@pytest.fixture(scope="module")
def pool():
    with PoolExecutor(2) as executor:
        yield executor


@pytest.fixture(scope="module")
def dask():
    with DaskExecutor(local_workers=2) as executor:
        yield executor


@pytest.fixture
def executors(pool, dask):
    return {"inprocess": InProcessExecutor(), "pool": pool, "dask": dask}


# ---- tasks for the failure tests: module-level, so worker processes import them by name --------------


def flaky_task(shard: Shard, config: RunConfig) -> object:
    """Fails the first attempt of every shard (a marker file per shard says it was tried), then works."""
    tried = Path(config.out_dir).parent / f"tried-{shard.key}"
    try:
        fd = os.open(tried, os.O_CREAT | os.O_EXCL | os.O_WRONLY)
    except FileExistsError:
        return run_shard(shard, config)
    os.close(fd)
    raise RuntimeError(f"transient failure in shard {shard.key}")


def dying_task(shard: Shard, config: RunConfig) -> object:
    """The worker running shard 1 dies on the first attempt (as when the kernel kills it for memory)."""
    tried = Path(config.out_dir).parent / "died-once"
    if shard.index == 1 and not tried.exists():
        tried.touch()
        os._exit(9)
    return run_shard(shard, config)


def broken_task(shard: Shard, config: RunConfig) -> object:
    """Shard 1 always fails (e.g. a disk error); the others work."""
    if shard.index == 1:
        raise OSError("disk full while writing shard 1")
    return run_shard(shard, config)


STALL_MARK = "علامةالتعطيل"


class StallStage:
    """A stage stuck in catastrophic regex backtracking on the document that carries STALL_MARK (the kind of
    hang the per-document time limit exists for; only the main thread's signal check interrupts `re`)."""

    name, version, assigns, requires = "stall", "1", (), ()

    def __call__(self, doc: object) -> object:
        if STALL_MARK in doc.body:  # type: ignore[attr-defined]
            re.match(r"(a+)+b", "a" * 64)
        return doc


def stalling_task(shard: Shard, config: RunConfig) -> object:
    """run_shard with the "stall" stage known in this process (a worker imports this module by name)."""
    register_stage("stall")(lambda _options: StallStage())
    return run_shard(shard, config)


# ---- planning ----------------------------------------------------------------------------------------


def test_plan_cuts_jsonl_into_line_ranges_and_groups_files():
    shards = plan_shards(inputs(), shard_size=3)
    jsonl = [s for s in shards if s.first_line is not None]
    assert [(s.first_line, s.last_line) for s in jsonl] == [(1, 3), (4, 6), (7, 9)]
    files = [s for s in shards if s.first_line is None]
    assert [len(s.paths) for s in files] == [3]
    assert [s.index for s in shards] == list(range(len(shards)))
    # --limit counts inputs across files
    limited = plan_shards(inputs(), shard_size=4, limit=6)
    assert [(s.first_line, s.last_line) for s in limited] == [(1, 4), (5, 6)]


def test_shard_items_of_a_line_range_match_the_whole_file_reader():
    from marsad.readers.files import make_mapping, read_inputs

    mapping = make_mapping("saudinewsnet")
    whole = [(i.source_key, i.input_hash, i.error.reason if i.error else None) for i in read_inputs([JSONL], mapping)]
    sliced = []
    for shard in plan_shards([JSONL], shard_size=2):
        sliced += [(i.source_key, i.input_hash, i.error.reason if i.error else None)
                   for i in shard_items(shard, mapping)]
    assert sliced == whole
    assert ("bad-json" in {r for _, _, r in whole}) and ("no-text-field" in {r for _, _, r in whole})


@pytest.mark.parametrize("shard_size", [3, 50])
def test_a_truncated_gzip_is_read_by_shards_as_by_ingest(tmp_path, shard_size):
    import gzip

    from marsad.readers.files import make_mapping, read_inputs

    packed = gzip.compress(Path(JSONL).read_bytes() * 30)
    cut = tmp_path / "cut.jsonl.gz"
    cut.write_bytes(packed[: len(packed) * 2 // 3])
    mapping = make_mapping("saudinewsnet")

    def seen(items):
        return [(i.source_key, i.input_hash, i.error and (i.error.reason, str(i.error))) for i in items]

    whole = seen(read_inputs([str(cut)], mapping))
    assert whole[-1][2][0] == "unreadable"  # the lines before the cut, then the cut itself
    assert seen(i for s in plan_shards([str(cut)], shard_size) for i in shard_items(s, mapping)) == whole


def test_bad_shard_size_is_a_clear_error():
    from marsad.errors import InputError

    with pytest.raises(InputError, match="shard-size"):
        plan_shards([JSONL], shard_size=0)


# ---- one shard ---------------------------------------------------------------------------------------


def test_run_shard_writes_records_rejects_stats_and_marker(tmp_path):
    config = config_for(tmp_path / "out")
    shard = plan_shards([JSONL], shard_size=100)[0]
    stats = run_shard(shard, config)
    out = tmp_path / "out"
    records = [json.loads(line) for line in (out / "shards" / "00000.jsonl").read_text("utf-8").splitlines()]
    rejects = [json.loads(line) for line in (out / "rejects" / "00000.jsonl").read_text("utf-8").splitlines()]
    assert stats.read == 9 and stats.written == len(records) == 6
    assert stats.dropped == {"bad-json": 1, "no-text-field": 1, "not-arabic": 1}
    assert {r["reason"] for r in rejects} == set(stats.dropped)
    assert json.loads((out / "stats" / "00000.json").read_text("utf-8"))["written"] == 6
    assert (out / "done" / "00000").exists()
    for record in records:
        doc = record["document"]
        assert record["source_key"].startswith(JSONL + "#r")  # the SaudiNewsNet id makes the key
        assert doc["published"]["date"].startswith("2015-08")
        for span in doc["paragraphs"] + doc["dates"]:
            assert doc["body"][span["start"]:span["end"]] == span["text"]


def test_a_shard_replays_its_records_and_rejects_in_input_order(tmp_path):
    from marsad.readers.files import make_mapping, read_inputs
    from marsad.run.results import shard_outcomes

    config = config_for(tmp_path / "out")
    shard = plan_shards([JSONL], shard_size=100)[0]
    run_shard(shard, config)
    replay = [(line["source_key"], line["input_hash"], line.get("reason"))
              for line in shard_outcomes(tmp_path / "out", shard.key)]
    read = [(i.source_key, i.input_hash, i.error.reason if i.error else None)
            for i in read_inputs([JSONL], make_mapping("saudinewsnet"))]
    assert replay == read  # each drop back at its place between the records
    assert [r for _, _, r in replay] == [None, None, None, "no-text-field", "bad-json", None, "not-arabic", None,
                                         None]


def test_parquet_holds_the_same_records_as_jsonl(tmp_path):
    shards = plan_shards([JSONL], shard_size=4)
    for fmt in ("jsonl", "parquet"):
        report = run_batch(shards, config_for(tmp_path / fmt, fmt=fmt), InProcessExecutor())
        assert not report.failed
    assert (tmp_path / "parquet" / "shards" / "00000.parquet").exists()
    assert list(read_records(tmp_path / "jsonl")) == list(read_records(tmp_path / "parquet"))


# ---- executors ---------------------------------------------------------------------------------------


def test_three_executors_give_identical_records(tmp_path, executors):
    shards = plan_shards(inputs(), shard_size=2)
    results = {}
    for name, executor in executors.items():
        report = run_batch(shards, config_for(tmp_path / name), executor)
        assert not report.failed, report.render()
        assert len(report.done) == len(shards)
        results[name] = list(read_records(tmp_path / name))
    assert len(results["inprocess"]) == 6 + 3
    assert results["pool"] == results["inprocess"]
    assert results["dask"] == results["inprocess"]
    # the stats add up to the inputs: nothing silently lost
    stats = report.to_dict()
    assert stats["read"] == 12 and stats["written"] == 9 and sum(stats["dropped"].values()) == 3


def test_dask_uses_a_real_local_cluster_of_two_processes(dask):
    workers = dask.client.scheduler_info()["workers"]
    assert len(workers) == 2 and all(w["nthreads"] == 1 for w in workers.values())
    pids = set(dask.client.run(os.getpid).values())
    assert len(pids) == 2 and os.getpid() not in pids


@pytest.mark.parametrize("kind", ["pool", "dask"])
def test_workers_build_the_pipeline_once_per_process(tmp_path, executors, kind):
    shards = plan_shards([JSONL, *OUTLETS], shard_size=1)
    # options of their own, so that earlier tests on the same workers have not built this pipeline yet
    options = Options(stages=["clean", "segment"], kb_dirs=[f"unused-{kind}"])
    report = run_batch(shards, config_for(tmp_path / "out", options), executors[kind])
    stats = [o.stats for o in report.done if o.stats]
    assert len(stats) == len(shards) > 4
    pids = {s.pid for s in stats}
    assert os.getpid() not in pids and 1 <= len(pids) <= 2
    for pid in pids:
        assert sum(s.pipeline_built for s in stats if s.pid == pid) == 1


@pytest.mark.parametrize("kind", ["inprocess", "pool", "dask"])
def test_a_failing_shard_is_retried_and_reported(tmp_path, executors, kind):
    shards = plan_shards([JSONL], shard_size=3)
    report = run_batch(shards, config_for(tmp_path / "out"), executors[kind], retries=1, task=flaky_task)
    assert not report.failed
    assert sorted(o.shard.key for o in report.retried) == ["00000", "00001", "00002"]
    assert all(o.attempts == 2 and "transient failure" in o.errors[0] for o in report.retried)
    assert "retried shard 00001: 2 attempts" in report.render()
    assert list(read_records(tmp_path / "out")) == list(_reference_records(tmp_path, shards))


def test_a_dead_pool_worker_costs_a_retry_not_the_run(tmp_path, pool):
    shards = plan_shards([JSONL], shard_size=3)
    report = run_batch(shards, config_for(tmp_path / "out"), pool, retries=2, task=dying_task)
    assert not report.failed and len(report.done) == 3
    assert any("BrokenProcessPool" in e for o in report.retried for e in o.errors)
    assert list(read_records(tmp_path / "out")) == list(_reference_records(tmp_path, shards))


def test_workers_receive_configuration_not_models():
    import pickle

    config = config_for(Path("out"), Options())
    shard = plan_shards([JSONL], shard_size=3)[0]
    assert len(pickle.dumps((shard, config))) < 1000  # options and paths only; models load in the worker


def test_a_shard_that_keeps_failing_is_reported_and_rerun_later(tmp_path):
    shards = plan_shards([JSONL], shard_size=3)
    config = config_for(tmp_path / "out")
    report = run_batch(shards, config, InProcessExecutor(), retries=2, task=broken_task)
    assert [o.shard.key for o in report.failed] == ["00001"]
    assert report.failed[0].attempts == 3 and "disk full" in report.failed[0].error
    assert "FAILED shard 00001" in report.render()
    failure = json.loads((tmp_path / "out" / "failed" / "00001.json").read_text("utf-8"))
    assert failure["attempts"] == 3 and len(failure["errors"]) == 3
    assert not (tmp_path / "out" / "done" / "00001").exists()
    # the next run (the fault gone) does only that shard, and the failure record goes away
    again = run_batch(shards, config, InProcessExecutor())
    assert [o.shard.key for o in again.done] == ["00001"]
    assert sorted(s.shard for s in again.skipped) == ["00000", "00002"]
    assert not (tmp_path / "out" / "failed" / "00001.json").exists()
    assert list(read_records(tmp_path / "out")) == list(_reference_records(tmp_path, shards))


class _Interrupt:
    """A task that is interrupted (Ctrl-C) when it reaches shard `at`, recording what it ran."""

    def __init__(self, at: int | None) -> None:
        self.at, self.ran = at, []

    def __call__(self, shard: Shard, config: RunConfig) -> object:
        if shard.index == self.at:
            raise KeyboardInterrupt
        self.ran.append(shard.key)
        return run_shard(shard, config)


def test_a_rerun_after_an_interruption_processes_only_unfinished_shards(tmp_path):
    shards = plan_shards(inputs(), shard_size=2)
    assert len(shards) >= 4
    config = config_for(tmp_path / "out")
    first = _Interrupt(at=2)
    with pytest.raises(KeyboardInterrupt):
        run_batch(shards, config, InProcessExecutor(), task=first)
    assert first.ran == ["00000", "00001"]
    second = _Interrupt(at=None)
    report = run_batch(shards, config, InProcessExecutor(), task=second)
    assert second.ran == [s.key for s in shards[2:]]
    assert sorted(s.shard for s in report.skipped) == ["00000", "00001"]
    assert list(read_records(tmp_path / "out")) == list(_reference_records(tmp_path, shards))


def test_half_written_output_without_marker_is_redone(tmp_path):
    shards = plan_shards([JSONL], shard_size=3)
    config = config_for(tmp_path / "out")
    run_batch(shards, config, InProcessExecutor())
    # an interruption between writing the output and the marker: output there, no marker
    (tmp_path / "out" / "done" / "00001").unlink()
    (tmp_path / "out" / "shards" / "00001.jsonl").write_text("{\"truncated", encoding="utf-8")
    report = run_batch(shards, config, InProcessExecutor())
    assert [o.shard.key for o in report.done] == ["00001"]
    assert list(read_records(tmp_path / "out")) == list(_reference_records(tmp_path, shards))


def test_a_changed_configuration_invalidates_the_markers(tmp_path):
    shards = plan_shards([JSONL], shard_size=5)
    run_batch(shards, config_for(tmp_path / "out"), InProcessExecutor())
    other = config_for(tmp_path / "out", Options(stages=["clean", "segment"]))
    report = run_batch(shards, other, InProcessExecutor())
    assert len(report.done) == len(shards) and not report.skipped
    assert all("dates" not in s for r in read_records(tmp_path / "out") for s in r["document"]["stages"])


def _reference_records(tmp_path: Path, shards: list[Shard]) -> list[dict]:
    out = tmp_path / "reference"
    if not out.exists():
        run_batch(shards, config_for(out), InProcessExecutor())
    return list(read_records(out))


# ---- the whole pipeline ------------------------------------------------------------------------------


@pytest.mark.slow
def test_three_executors_identical_with_all_stages(tmp_path, executors):
    shards = plan_shards(inputs(), shard_size=3)
    results = {}
    for name, executor in executors.items():
        report = run_batch(shards, config_for(tmp_path / name, Options()), executor)
        assert not report.failed, report.render()
        results[name] = list(read_records(tmp_path / name))
    assert len(results["inprocess"]) == 6 + 3
    assert any(r["document"]["events"] for r in results["inprocess"])
    assert results["pool"] == results["inprocess"]
    assert results["dask"] == results["inprocess"]


def test_dask_executor_connects_to_a_running_scheduler(tmp_path, dask):
    shards = plan_shards([JSONL], shard_size=5)
    with DaskExecutor(address=dask.cluster.scheduler_address) as remote:
        report = run_batch(shards, config_for(tmp_path / "out"), remote)
    assert not report.failed and len(report.done) == 2
    assert list(read_records(tmp_path / "out")) == list(_reference_records(tmp_path, shards))


def test_archive_shards_carry_the_writers_minhash():
    """Shards of an ingest compute the MinHash in the worker; the writer takes it only when it is whole."""
    from marsad.ingest import dedup
    from marsad.ingest.runner import build_pipeline
    from marsad.readers.files import InputItem
    from marsad.run.results import _signature
    from marsad.run.shard import process_item

    text = ("قال وزير الخارجية الأردني أيمن الصفدي إن المحادثات مع نظيره المصري في عمّان كانت مثمرة.\n\n"
            "وأضاف أن الجانبين اتفقا على عقد اجتماع جديد الأسبوع المقبل في القاهرة.\n")
    item = InputItem(source_key="t1", kind="text", text=text)
    pipeline = build_pipeline(Options(stages=["clean", "segment"]))
    plain, _ = process_item(item, pipeline)
    record, error = process_item(item, pipeline, signature=True)
    assert error is None and "minhash" not in plain
    body = record["document"]["body"]
    assert record["minhash"] == dedup.to_bytes(dedup.signature(body)).hex()
    assert _signature(record["minhash"]) == bytes.fromhex(record["minhash"])
    for bad in (None, 7, "zz", record["minhash"][:-2]):
        assert _signature(bad) is None  # the writer computes it again


def test_a_document_over_the_time_limit_on_dask_ends_its_worker_not_the_batch(tmp_path):
    corpus = tmp_path / "stall.jsonl"
    records = []
    for line in (FIXTURES / "run" / "articles.jsonl").read_text(encoding="utf-8").splitlines():
        try:
            records.append(json.loads(line))
        except ValueError:
            continue
    records = [r for r in records if len(r.get("content") or "") > 100][:4]
    records[1]["content"] = records[1]["content"].replace(" ", f" {STALL_MARK} ", 1)
    corpus.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), encoding="utf-8")
    shards = plan_shards([str(corpus)], shard_size=5)
    config = RunConfig(out_dir=str(tmp_path / "dask"), options=Options(stages=["clean", "segment", "stall"]),
                       preset="saudinewsnet", doc_timeout=3)
    # in this process's main thread the limit interrupts the document (SIGALRM): the reference
    reference = run_batch(shards, dataclasses.replace(config, out_dir=str(tmp_path / "ref")), InProcessExecutor(),
                          task=stalling_task)
    assert reference.done[0].stats.dropped == {"timeout": 1} and reference.done[0].stats.written == 3
    with DaskExecutor(local_workers=1) as dask:
        first_worker = set(dask.client.run(os.getpid).values())
        started = time.monotonic()
        report = run_batch(shards, config, dask, task=stalling_task)
        elapsed = time.monotonic() - started
        after = set(dask.client.run(os.getpid).values())
    assert not report.failed and elapsed < 120
    stats = report.done[0].stats
    assert (stats.read, stats.written, stats.dropped) == (reference.done[0].stats.read,
                                                          reference.done[0].stats.written, {**reference.done[0].stats.dropped})
    assert stats.dropped.get("timeout") == 1 and after != first_worker  # the worker was replaced
    rejects = [json.loads(line) for line in (tmp_path / "dask" / "rejects" / "00000.jsonl").read_text("utf-8").splitlines()]
    timeout = next(r for r in rejects if r["reason"] == "timeout")
    assert timeout["n"] == 1 and "MARSAD_DOC_TIMEOUT" in timeout["message"]
    assert list(read_records(tmp_path / "dask")) == list(read_records(tmp_path / "ref"))

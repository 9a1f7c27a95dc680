"""One shard: a list of input files or a line range of one JSON Lines file, processed with one configuration.

`run_shard(shard, config)` is the only function the executors call. It reads the shard's inputs with the
ingest readers, runs the pipeline (built once per process from `config.options`, never pickled), and
writes, under `config.out_dir`:

    shards/NNNNN.jsonl | .parquet   one record per processed document (the same record, in input order)
    rejects/NNNNN.jsonl             one line per dropped input: source_key, input_hash, reason, message, and
                                    n, its position among the shard's inputs (records fill the others), so
                                    a loader can replay the shard in input order
    stats/NNNNN.json                read, written, dropped by reason, seconds, pid
    done/NNNNN                      the completion marker, written last; holds the shard's fingerprint

Outputs are written to temporary names and renamed, and the marker comes last, so an interrupted shard
leaves no marker and is processed again by the next run; a marker whose fingerprint (shard spec +
configuration) differs from the current one does not count either.
"""

from __future__ import annotations

import contextlib
import dataclasses
import hashlib
import json
import os
import threading
import time
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from itertools import islice
from pathlib import Path
from typing import Any

from .. import __version__
from ..errors import InputError, MarsadError
from ..gc_policy import CyclesCollectedRarely
from ..io import MAX_INPUT_BYTES
from ..pipeline import Options, Pipeline
from ..readers.files import (
    InputItem,
    Mapping,
    bounded_lines,
    detect_kind,
    expand_inputs,
    make_mapping,
    open_maybe_gzip,
    read_inputs,
    read_jsonl,
    reject_item,
)
from ..timeouts import DOC_TIMEOUT_S, exit_after, timed_out_note

FORMATS = ("jsonl", "parquet")
# JSON Lines files are cut into line ranges; anything else (text, HTML, WARC, feeds) is one unit per file.
SLICEABLE_SUFFIXES = (".jsonl", ".ndjson")
# Parquet row groups of this many records: small enough to keep a shard's writer memory flat.
PARQUET_ROW_GROUP = 256


@dataclass(frozen=True)
class Shard:
    """A unit of work: `paths` read whole, or lines first_line..last_line (1-based, inclusive) of paths[0];
    with `take`, only the first `take` documents of them (a --limit that ends inside a WARC or a feed)."""

    index: int
    paths: tuple[str, ...]
    first_line: int | None = None
    last_line: int | None = None
    take: int | None = None

    @property
    def key(self) -> str:
        return f"{self.index:05d}"

    def describe(self) -> str:
        if self.first_line is None:
            first = f"{len(self.paths)} file(s) from {self.paths[0]}" if self.paths else "no files"
            return first if self.take is None else f"{first}, first {self.take} document(s)"
        return f"{self.paths[0]} lines {self.first_line}-{self.last_line}"


@dataclass
class RunConfig:
    """Everything a worker needs, as plain data (it is pickled to workers; models are not)."""

    out_dir: str
    options: Options = field(default_factory=Options)
    preset: str | None = None  # JSONL field preset (marsad.readers.files)
    field_map: str | None = None  # `text=content,…` overrides
    format: str = "jsonl"  # jsonl | parquet
    # `marsad ingest` on workers: the archive the shards are for. Inputs already in its ledger are not
    # analysed again (a line `unchanged` in rejects/), and the span check is left to the archive's writer,
    # as when the ingest runs in one process.
    for_archive: str | None = None
    # Seconds a document may take (None: MARSAD_DOC_TIMEOUT). Not part of a shard's fingerprint.
    doc_timeout: float | None = None
    # Set by the Dask executor: its tasks run in worker threads, where the limit cannot interrupt a
    # document, so the worker process ends instead (timeouts.exit_after) and the retried shard skips it.
    stop_worker_on_timeout: bool = False

    def fingerprint(self, shard: Shard) -> str:
        shard_spec = dataclasses.asdict(shard)
        if shard.take is None:  # only when set: markers written before it existed stay valid
            del shard_spec["take"]
        spec = {
            "shard": shard_spec, "options": dataclasses.asdict(self.options), "preset": self.preset,
            "map": self.field_map, "format": self.format, "marsad": __version__,
        }
        if self.for_archive:  # only when set: markers of plain batch runs stay valid
            spec["archive"] = self.for_archive
        return hashlib.sha256(json.dumps(spec, sort_keys=True).encode()).hexdigest()[:16]


@dataclass
class ShardStats:
    shard: str
    read: int = 0
    written: int = 0
    dropped: dict[str, int] = field(default_factory=dict)  # reason -> count
    unchanged: int = 0  # already in the archive's ledger (RunConfig.for_archive), not analysed
    seconds: float = 0.0
    pid: int = 0
    pipeline_built: bool = False  # True when this shard paid for building the pipeline in its process
    description: str = ""

    def to_dict(self) -> dict[str, Any]:
        return dataclasses.asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> ShardStats:
        names = {f.name for f in dataclasses.fields(cls)}
        return cls(**{k: v for k, v in data.items() if k in names})


# ---- planning ---------------------------------------------------------------------------------------


def plan_shards(inputs: list[str], shard_size: int = 500, *, limit: int | None = None) -> list[Shard]:
    """Cut the inputs into shards of about `shard_size` documents: JSON Lines by line ranges, other files in
    groups of `shard_size` files. Names that match nothing become a shard of their own (read as 'missing').
    With `limit`, the shards hold the first `limit` documents, counted as `marsad ingest` counts them (a
    WARC or a feed is as many documents as it holds, so it is read once here to count them)."""
    if shard_size < 1:
        raise InputError("--shard-size must be at least 1", source="--shard-size", reason="bad-option")
    shards: list[Shard] = []
    loose: list[str] = []  # whole files waiting to fill a shard
    budget = limit
    loose_documents = 0  # in `loose`, counted only under a limit
    take: int | None = None  # set when the limit ends inside the last of `loose`

    def flush() -> None:
        nonlocal loose_documents, take
        if loose:
            shards.append(Shard(len(shards), tuple(loose), take=take))
            loose.clear()
        loose_documents, take = 0, None

    for path, name in expand_inputs(inputs):
        if budget is not None and budget <= 0:
            break
        if path is not None and _sliceable(path):
            flush()
            last, documents = _count_lines(path, budget)
            for first in range(1, last + 1, shard_size):
                shards.append(Shard(len(shards), (name,), first, min(first + shard_size - 1, last)))
            if budget is not None:
                budget -= documents
            continue
        loose.append(name)
        if budget is not None:
            documents = _count_documents(name, budget + 1) if path is not None else 1
            if documents > budget:
                take = loose_documents + budget
            loose_documents += documents
            budget -= documents
        if len(loose) >= shard_size:
            flush()
    flush()
    return shards


def _count_documents(name: str, at_most: int) -> int:
    """How many inputs `marsad ingest` reads from this file (a page is one; a WARC or a feed one per
    record or entry; an unreadable file one, its error), counting no further than `at_most` (a --limit of 10
    must not read a WARC of a million records to the end)."""
    return sum(1 for _ in islice(read_inputs([name]), at_most))


def _sliceable(path: Path) -> bool:
    name = path.name.lower().removesuffix(".gz")
    if name.endswith(SLICEABLE_SUFFIXES):
        return True
    if name.endswith(".json"):
        return False  # may be one JSON document (an array): read whole
    try:
        with path.open("rb") as fh:
            head = fh.read(4096)
    except OSError:
        return False  # the reader reports it
    return detect_kind(path, head) == "jsonl"


def _count_lines(path: Path, at_most: int | None = None) -> tuple[int, int]:
    """(lines, documents) of a JSON Lines file, stopping at the `at_most`-th document. Blank lines are not
    documents (the reader skips them), so a --limit of N gives N documents, as `marsad ingest` counts."""
    lines = documents = 0
    try:
        with path.open("rb") as raw:
            for line in bounded_lines(open_maybe_gzip(raw), MAX_INPUT_BYTES):
                if at_most is not None and documents >= at_most:
                    break
                lines += 1
                documents += bool(line.strip())
    except (OSError, EOFError):
        # Unreadable or cut short: one line more, so that the last shard reaches the failure and records it.
        return lines + 1, documents + 1
    return lines, documents


# ---- reading a shard --------------------------------------------------------------------------------


def shard_items(shard: Shard, mapping: Mapping) -> Iterator[InputItem]:
    """The shard's inputs as the ingest readers see them (same source keys as `marsad ingest`)."""
    if shard.first_line is None:
        items = read_inputs(list(shard.paths), mapping)
        yield from items if shard.take is None else islice(items, shard.take)
        return
    yield from _jsonl_lines(Path(shard.paths[0]), shard.first_line, shard.last_line or shard.first_line, mapping)


def _jsonl_lines(path: Path, first: int, last: int, mapping: Mapping) -> Iterator[InputItem]:
    """Lines first..last of a JSON Lines file, read as `marsad ingest` reads them; a file that cannot be
    opened or is cut short (a truncated gzip) is reported as `marsad ingest` reports it, keeping what was read."""
    name = str(path)
    try:
        yield from read_jsonl(path, mapping, first, last)
    except (OSError, EOFError) as err:
        yield reject_item(name, "jsonl", InputError(f"cannot read the jsonl file ({err})", source=name,
                                                    reason="unreadable"), path=name)


# ---- the pipeline, once per process -----------------------------------------------------------------

# options fingerprint -> pipeline. Empty at import; filled on a worker's first shard.
_PIPELINES: dict[str, Pipeline] = {}


def pipeline_for(options: Options) -> tuple[Pipeline, bool]:
    """The pipeline for `options` in this process, and whether this call built it (its models load lazily,
    on the first document, and stay loaded for every later shard the process runs)."""
    from ..ingest.runner import build_pipeline  # the same stage selection as `marsad ingest`

    key = json.dumps(dataclasses.asdict(options), sort_keys=True)
    found = _PIPELINES.get(key)
    if found is not None:
        return found, False
    pipeline = build_pipeline(options)
    _PIPELINES[key] = pipeline
    return pipeline, True


# ---- running a shard --------------------------------------------------------------------------------


def output_path(out_dir: Path, shard_key: str, fmt: str) -> Path:
    return out_dir / "shards" / f"{shard_key}.{fmt}"


def marker_path(out_dir: Path, shard_key: str) -> Path:
    return out_dir / "done" / shard_key


def is_done(shard: Shard, config: RunConfig) -> bool:
    marker = marker_path(Path(config.out_dir), shard.key)
    try:
        return json.loads(marker.read_text(encoding="utf-8")).get("fingerprint") == config.fingerprint(shard)
    except (OSError, ValueError):
        return False


def read_stats(out_dir: Path, shard_key: str) -> ShardStats | None:
    try:
        return ShardStats.from_dict(json.loads((out_dir / "stats" / f"{shard_key}.json").read_text("utf-8")))
    except (OSError, ValueError, TypeError):
        return None


def run_shard(shard: Shard, config: RunConfig) -> ShardStats:
    """Process one shard and write its outputs, stats and completion marker. Per-document problems are
    counted as dropped (with their reason); anything else raises, for the executor to retry and report."""
    if config.format not in FORMATS:
        raise InputError(f"unknown format {config.format!r}; use one of {FORMATS}", source="--format",
                         reason="bad-option")
    started = time.perf_counter()
    out_dir = Path(config.out_dir)
    for sub in ("shards", "rejects", "stats", "done"):
        (out_dir / sub).mkdir(parents=True, exist_ok=True)
    marker = marker_path(out_dir, shard.key)
    marker.unlink(missing_ok=True)  # a stale marker must not outlive the outputs it vouched for
    mapping = make_mapping(config.preset, config.field_map)
    pipeline, built = pipeline_for(config.options)
    if built:  # the models load here, not inside the first document's time limit
        warm_pipeline(pipeline)
    limit = DOC_TIMEOUT_S if config.doc_timeout is None else config.doc_timeout
    stop_worker = config.stop_worker_on_timeout and limit > 0 and threading.current_thread() is not threading.main_thread()
    timed_out = _timed_out(out_dir, shard.key)  # documents that ended a worker in an earlier attempt
    running = _running_path(out_dir, shard.key) if stop_worker else None  # the note of timeouts.exit_after
    if running is not None:
        running.parent.mkdir(exist_ok=True)
    stats = ShardStats(shard.key, pid=os.getpid(), pipeline_built=built, description=shard.describe())
    dropped: Counter[str] = Counter()
    final = output_path(out_dir, shard.key, config.format)
    tmp = final.with_name(f".{final.name}.{os.getpid()}.tmp")
    rejects_final = out_dir / "rejects" / f"{shard.key}.jsonl"
    rejects_tmp = rejects_final.with_name(f".{rejects_final.name}.{os.getpid()}.tmp")
    ledger = _open_ledger(config.for_archive)
    try:
        with _RecordWriter(tmp, config.format) as writer, rejects_tmp.open("w", encoding="utf-8") as rejects, \
                CyclesCollectedRarely() as collector, \
                (running.open("w", encoding="utf-8") if running else contextlib.nullcontext()) as note:
            for n, item in enumerate(shard_items(shard, mapping)):
                collector.tick()
                stats.read += 1
                if ledger is not None and ledger.seen(item.source_key, item.input_hash):
                    stats.unchanged += 1
                    rejects.write(json.dumps({"n": n, "source_key": item.source_key, "source_kind": item.kind,
                                              "input_hash": item.input_hash, "unchanged": True},
                                             ensure_ascii=False) + "\n")
                    continue
                analysed = item.error is None
                if timed_out.get((n, item.input_hash), 0) >= limit > 0:  # (a rerun with a longer limit tries again)
                    record, error = None, InputError(f"processing took longer than {limit:g} s (MARSAD_DOC_TIMEOUT)",
                                                     source=item.source_key, reason="timeout")
                else:
                    with (exit_after(limit, note, json.dumps([n, item.input_hash, limit]))
                          if note is not None else contextlib.nullcontext()):
                        record, error = process_item(item, pipeline, check_spans=not config.for_archive,
                                                     signature=bool(config.for_archive), timeout=limit)
                if error is not None:
                    dropped[error.reason] += 1
                    rejects.write(json.dumps({"n": n, "source_key": item.source_key, "source_kind": item.kind,
                                              "input_hash": item.input_hash, "reason": error.reason,
                                              "message": str(error), "analysed": analysed,
                                              "encoding": item.encoding}, ensure_ascii=False) + "\n")
                    continue
                writer.write(record)
                stats.written += 1
    finally:
        if ledger is not None:
            ledger.close()
    if running is not None:
        running.unlink(missing_ok=True)
    os.replace(tmp, final)
    os.replace(rejects_tmp, rejects_final)
    stats.dropped = dict(sorted(dropped.items()))
    stats.seconds = round(time.perf_counter() - started, 3)
    _write_atomic(out_dir / "stats" / f"{shard.key}.json", json.dumps(stats.to_dict(), indent=1))
    _write_atomic(marker, json.dumps({"fingerprint": config.fingerprint(shard), "shard": dataclasses.asdict(shard)}))
    return stats


def warm_pipeline(pipeline: Pipeline) -> None:
    """Run a short document through a pipeline just built, so that its models are loaded."""
    from ..model import Document

    with contextlib.suppress(MarsadError):
        pipeline(Document(source_name="warm-up", raw="قال الوزير إن الاجتماع عقد في الرياض يوم الأحد.\n"))


def _timeouts_path(out_dir: Path, shard_key: str) -> Path:
    return out_dir / "timeouts" / f"{shard_key}.jsonl"


def _running_path(out_dir: Path, shard_key: str) -> Path:
    return out_dir / "timeouts" / f"{shard_key}.running"


def _timed_out(out_dir: Path, shard_key: str) -> dict[tuple[int, str], float]:
    """(n, input hash) -> time limit, of the shard's documents that ended a worker in an earlier attempt: the
    one the last attempt was running when its time ran out (timeouts.exit_after's note) joins the others."""
    listed = _timeouts_path(out_dir, shard_key)
    running = _running_path(out_dir, shard_key)
    last = timed_out_note(running)
    if last is not None:
        with listed.open("a", encoding="utf-8") as fh:
            fh.write(last + "\n")
            fh.flush()
            os.fsync(fh.fileno())
        running.unlink(missing_ok=True)
    try:
        lines = listed.read_text("utf-8").splitlines()
    except OSError:
        return {}
    found: dict[tuple[int, str], float] = {}
    for line in lines:
        with contextlib.suppress(ValueError, TypeError):
            n, input_hash, limit = json.loads(line)
            key = (int(n), str(input_hash))
            found[key] = max(found.get(key, 0.0), float(limit))
    return found


def _open_ledger(archive: str | None) -> Any:
    """The archive opened read-only (WAL: never waits for its writer), to skip inputs its ledger holds;
    None when there is none or it cannot be opened here (a Dask worker on another machine): then every
    input is analysed and the writer finds them unchanged."""
    if not archive:
        return None
    from ..store import Store

    try:
        return Store.open(archive, readonly=True)
    except MarsadError:
        return None


def process_item(item: InputItem, pipeline: Pipeline, *, check_spans: bool = True, signature: bool = False,
                 timeout: float | None = None) -> tuple[dict[str, Any] | None, InputError | None]:
    """One input through the pipeline: its record, or the reason it was dropped (as `marsad ingest` decides:
    the same time limit, reasons and messages). With `signature`, the record carries the body's MinHash
    (hex), so that the archive's single writer does not compute it for every worker."""
    from ..ingest.runner import analyse

    if item.error is not None:
        return None, item.error
    try:
        doc = analyse(item, pipeline, timeout)
    except InputError as err:
        return None, err
    bad = [(layer, s, e) for layer, s, e, text in doc.all_spans() if doc.body[s:e] != text] if check_spans else []
    if bad:
        layer, s, e = bad[0]
        return None, InputError(f"{len(bad)} span(s) do not match the body, first {layer} {s}:{e}",
                                source=item.source_key, reason="bad-spans")
    record = {"source_key": item.source_key, "source_kind": item.kind, "input_hash": item.input_hash,
              "encoding": item.encoding, "document": doc.to_dict()}
    if signature:
        from ..ingest import dedup

        record["minhash"] = dedup.signature_bytes(doc.body).hex()
        # what the archive keeps for `marsad reanalyse` (table article_inputs), as an in-process ingest does
        record["input"] = {"raw": doc.raw, "given": doc.given}
    return record, None


def _write_atomic(path: Path, text: str) -> None:
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    tmp.write_text(text, encoding="utf-8")
    os.replace(tmp, path)


class _RecordWriter:
    """Streams records to a JSONL file, or to Parquet in row groups (one JSON column holds the record)."""

    def __init__(self, path: Path, fmt: str) -> None:
        self.path, self.fmt = path, fmt
        self.rows: list[dict[str, Any]] = []
        self.fh: Any = None
        self.parquet: Any = None

    def __enter__(self) -> _RecordWriter:
        if self.fmt == "jsonl":
            self.fh = self.path.open("w", encoding="utf-8")
        return self

    def write(self, record: dict[str, Any]) -> None:
        if self.fmt == "jsonl":
            self.fh.write(json.dumps(record, ensure_ascii=False) + "\n")
            return
        doc = record["document"]
        published = (doc.get("published") or {}).get("date")
        self.rows.append({"source_key": record["source_key"], "title": doc.get("title"), "outlet": doc.get("outlet"),
                          "published": published, "body": doc.get("body"),
                          "record": json.dumps(record, ensure_ascii=False)})
        if len(self.rows) >= PARQUET_ROW_GROUP:
            self._flush()

    def _flush(self) -> None:
        import pyarrow as pa
        import pyarrow.parquet as pq

        table = pa.Table.from_pylist(self.rows, schema=_parquet_schema())
        if self.parquet is None:
            self.parquet = pq.ParquetWriter(self.path, table.schema)
        self.parquet.write_table(table)
        self.rows = []

    def __exit__(self, exc_type: object, *exc: object) -> None:
        if self.fmt == "jsonl":
            self.fh.close()
            return
        if exc_type is None and (self.rows or self.parquet is None):
            self._flush()
        if self.parquet is not None:
            self.parquet.close()


def _parquet_schema() -> Any:
    import pyarrow as pa

    return pa.schema([(name, pa.string()) for name in ("source_key", "title", "outlet", "published", "body",
                                                       "record")])


# ---- reading results back ---------------------------------------------------------------------------


def read_shard_records(path: Path) -> Iterator[dict[str, Any]]:
    """The records of one shard output file (JSONL or Parquet), in order."""
    if path.suffix == ".parquet":
        import pyarrow.parquet as pq

        parquet = pq.ParquetFile(path)
        for batch in parquet.iter_batches(columns=["record"], batch_size=PARQUET_ROW_GROUP):
            for value in batch.column(0).to_pylist():
                yield json.loads(value)
        return
    with path.open(encoding="utf-8") as fh:
        for line in fh:
            if line.strip():
                yield json.loads(line)

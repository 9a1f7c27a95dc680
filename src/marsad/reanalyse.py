"""Re-analysing archived articles whose stage versions differ from this commit's (`marsad reanalyse`).

Each article keeps the versions of the stages that made it (provenance: ``quotes@2+9fe5efe3``). When the
rules change, an article whose versions differ from the current ones is *stale*; re-analysing it runs the
pipeline again from what the archive kept of its input (table article_inputs: the pipeline's input text and
the input's metadata, see readers.document), exactly as a fresh ingest at this commit would, and rewrites its
derived rows in place (Store.replace_analysis): the article keeps its id and number, the ledger and the
duplicates that point to it; duplicates are never decided again.

Articles stored before the archive kept inputs (or loaded from batch shard files) are re-analysed from
their stored body: every stage after the clean stage runs again, the clean stage's layers are kept as they
are (and its version with them: such an article cannot be re-cleaned, and says so in the report).

The work goes in batches, one transaction each; each run is recorded (reanalyse_runs) with its target
versions and the last article done, so a run interrupted continues where it stopped when run again. An
article that fails (a stage crash, a timeout, spans that do not match the body) is recorded
(reanalyse_failures) and left as it was; the run goes on, and a rerun for the same target skips it.
"""

from __future__ import annotations

import json
import re
import time
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from .errors import InputError, MarsadError
from .ingest import dedup
from .model import Document, Published
from .pipeline import Options, Pipeline
from .provenance import stage_versions
from .readers.document import analyse, start_document
from .store import Store
from .store.store import StoreError, full_record
from .timeouts import DOC_TIMEOUT_S, DocumentTimeout, time_limit

DEFAULT_BATCH = 200
_SCAN_CHUNK = 1000  # articles read at a time (the scan reads ids and versions only)
# The clean stage makes the body from the input: without the input it cannot run again.
CLEAN = "clean"
# Layers the stages after the clean stage assign, emptied before those stages run again on a stored body.
_AFTER_CLEAN = ("sentences", "tokens", "dates", "mentions", "entities", "quotes", "events")


# An article queued for re-analysis: num, id, its stale stages, whether its input is kept, the stages it ran,
# Report.scanned()
Queued = tuple[int, str, list[str], bool, tuple[str, ...], dict[str, Any]]


@dataclass
class Report:
    checked: int = 0  # articles looked at (in the date range)
    stale: int = 0  # whose versions differ from the target's
    updated: int = 0  # re-analysed and rewritten
    failed: int = 0  # re-analysis failed this run (left as they were)
    failed_before: int = 0  # skipped: failed in an earlier run for the same target
    no_input: int = 0  # stale only in the clean stage, and no input kept to run it again
    from_body: int = 0  # re-analysed from the stored body (no input kept; the clean stage not re-run)
    body_changed: int = 0  # the clean stage's rules changed the body
    stale_by_stage: Counter[str] = field(default_factory=Counter)
    updated_by_stage: Counter[str] = field(default_factory=Counter)
    failed_by_reason: Counter[str] = field(default_factory=Counter)
    examples: dict[str, str] = field(default_factory=dict)  # reason -> first message
    versions: dict[str, str] = field(default_factory=dict)  # the target: stage -> current version
    dry_run: bool = False
    resumed: bool = False
    interrupted: bool = False
    elapsed: float = 0.0

    COUNTS = ("checked", "stale", "updated", "failed", "failed_before", "no_input", "from_body", "body_changed")
    COUNTERS = ("stale_by_stage", "updated_by_stage", "failed_by_reason")
    SCAN = ("checked", "stale", "failed_before", "no_input")  # counted as the articles are read

    def scanned(self) -> dict[str, Any]:
        """The scan's counts now (kept with each article queued: a run cut short records its progress as of
        the last article written, so a rerun counts the rest once)."""
        return {**{name: getattr(self, name) for name in self.SCAN}, "stale_by_stage": dict(self.stale_by_stage)}

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {name: getattr(self, name) for name in self.COUNTS}
        out.update({name: dict(getattr(self, name).most_common()) for name in self.COUNTERS})
        out.update(examples=self.examples, versions=self.versions, dry_run=self.dry_run, resumed=self.resumed,
                   interrupted=self.interrupted, elapsed_s=round(self.elapsed, 2))
        return out

    def progress(self) -> dict[str, Any]:
        """What a run records of itself (reanalyse_runs.counts) and a resumed run starts from."""
        out: dict[str, Any] = {name: getattr(self, name) for name in self.COUNTS}
        out.update({name: dict(getattr(self, name)) for name in self.COUNTERS}, examples=self.examples)
        return out

    def restore(self, saved: dict[str, Any]) -> None:
        for name in self.COUNTS:
            setattr(self, name, int(saved.get(name, 0)))
        for name in self.COUNTERS:
            setattr(self, name, Counter(saved.get(name, {})))
        self.examples = dict(saved.get("examples", {}))

    def render(self) -> str:
        verb = "would re-analyse" if self.dry_run else "updated"
        done = self.stale - self.no_input - self.failed_before if self.dry_run else self.updated
        lines = [f"checked {self.checked}  stale {self.stale}  {verb} {done}  failed {self.failed}"
                 f"  ({self.elapsed:.1f} s{', resumed' if self.resumed else ''})"]
        for stage, version in self.versions.items():
            lines.append(f"  {stage:<9} {version:<12} stale {self.stale_by_stage.get(stage, 0):>7}"
                         f"  updated {self.updated_by_stage.get(stage, 0):>7}")
        if self.from_body:
            lines.append(f"re-analysed from the stored body (no input kept; clean stage kept): {self.from_body}")
        if self.no_input:
            lines.append(f"stale in the clean stage only, no input kept to re-clean them: {self.no_input}")
        if self.body_changed:
            lines.append(f"bodies changed by the clean stage (ids kept): {self.body_changed}")
        if self.failed_before:
            lines.append(f"skipped, failed in an earlier run for the same versions: {self.failed_before}")
        for reason, n in self.failed_by_reason.most_common():
            lines.append(f"  failed {reason:<14} {n:>6}   e.g. {self.examples.get(reason, '')}")
        if self.interrupted:
            lines.append("interrupted: run the same command again to continue")
        return "\n".join(lines)


def stale_stages(stored: Sequence[str], versions: dict[str, str]) -> list[str]:
    """The stages of `versions` whose version an article's `stored` list (``name@version``) differs in. A
    stage the article never ran (an ingest with --stages) is not stale: re-analysis adds no analysis."""
    have = stage_versions(stored)
    return [name for name, version in versions.items() if name in have and have[name] != version]


class _Pipelines:
    """The pipeline of the stages an article ran (all of them, unless it was ingested with --stages), and
    the same without the clean stage for articles re-analysed from their body; built once per stage list."""

    def __init__(self, full: Pipeline) -> None:
        self.full = full
        self._built: dict[tuple[str, ...], tuple[Pipeline, Pipeline]] = {}

    def __call__(self, names: tuple[str, ...]) -> tuple[Pipeline, Pipeline]:
        found = self._built.get(names)
        if found is None:
            stages = [s for s in self.full.stages if s.name in names]
            whole = self.full if len(stages) == len(self.full.stages) else Pipeline(stages)
            rest = Pipeline.__new__(Pipeline)  # the stages after clean: the body is there already
            rest.stages = [s for s in stages if s.name != CLEAN]
            found = self._built[names] = (whole, rest)
        return found


def reanalyse(store: Store, *, options: Options | None = None, since: str | None = None, until: str | None = None,
              stages: Sequence[str] | None = None, dry_run: bool = False, batch_size: int = DEFAULT_BATCH,
              timeout: float | None = None, on_progress: Callable[[Report], None] | None = None) -> Report:
    """Re-analyse the stale articles of `store` (see the module's docstring). `stages`: only these stages'
    versions decide what is stale (all stages of the pipeline by default; a stale article is re-analysed
    whole, as a fresh ingest would); `since`/`until`: articles published in that range (YYYY[-MM[-DD]])."""
    started = time.monotonic()
    options = options or Options()
    pipeline = Pipeline.from_options(Options(published=None, kb_dirs=list(options.kb_dirs)))
    current = {stage.name: stage.version for stage in pipeline.stages}
    wanted = list(stages) if stages else list(current)
    unknown = [name for name in wanted if name not in current]
    if unknown:
        raise InputError(f"unknown stage(s) {unknown}; the pipeline's stages: {list(current)}", reason="bad-stage")
    report = Report(versions={name: current[name] for name in wanted}, dry_run=dry_run)
    target = json.dumps({"versions": report.versions, "since": since, "until": until}, sort_keys=True)
    conn = store.conn
    inputs_kept = _has_table(store, "article_inputs")
    failed_before: set[str] = set()
    run_id, last_num = None, 0
    if not dry_run:
        run_id, last_num = _open_run(store, target, report)
        failed_before = {r[0] for r in conn.execute(
            "SELECT article_id FROM reanalyse_failures WHERE target = ?", (target,))}
    where, params = _date_where(since, until)
    timeout = DOC_TIMEOUT_S if timeout is None else timeout
    pipelines = _Pipelines(pipeline)
    pending: list[Queued] = []
    try:
        while True:
            has_input = "(SELECT 1 FROM article_inputs i WHERE i.article_id = a.id)" if inputs_kept else "NULL"
            rows = conn.execute(
                f"SELECT a.num, a.id, a.stages, {has_input} FROM articles a WHERE a.num > ?{where}"  # noqa: S608
                f" ORDER BY a.num LIMIT {_SCAN_CHUNK}", (last_num, *params)).fetchall()
            if not rows:
                break
            for num, article_id, stored_json, has in rows:
                last_num = num
                report.checked += 1
                stored = json.loads(stored_json)
                stale = stale_stages(stored, report.versions)
                if not stale:
                    continue
                report.stale += 1
                report.stale_by_stage.update(stale)
                if not has and stale == [CLEAN]:
                    report.no_input += 1
                    continue
                if article_id in failed_before:
                    report.failed_before += 1
                    continue
                if not dry_run:
                    names = tuple(entry.split("@", 1)[0] for entry in stored)
                    pending.append((num, article_id, stale, bool(has), names, report.scanned()))
                if len(pending) >= batch_size:
                    _write_batch(store, pending, pipelines, report, run_id, target, timeout)
                    pending = []
                    if on_progress is not None:
                        on_progress(report)
        if pending:
            _write_batch(store, pending, pipelines, report, run_id, target, timeout)
            pending = []
        if run_id is not None:
            with store.transaction() as c:
                c.execute("UPDATE reanalyse_runs SET finished_at = strftime('%Y-%m-%dT%H:%M:%SZ', 'now'),"
                          " counts = ? WHERE id = ?", (json.dumps(report.progress()), run_id))
    except KeyboardInterrupt:
        report.interrupted = True
    report.elapsed = time.monotonic() - started
    return report


def _has_table(store: Store, name: str) -> bool:
    return store.conn.execute("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?",
                              (name,)).fetchone() is not None


def _date_where(since: str | None, until: str | None) -> tuple[str, list[str]]:
    from .store.queries import check_date

    where, params = "", []
    if check_date("since", since):
        where += " AND a.published >= ?"
        params.append(since)
    if check_date("until", until):
        where += " AND a.published <= ?"
        params.append(until + "~")  # '2015-08' includes '2015-08-31' (as the query layer reads it)
    return where, params


def _open_run(store: Store, target: str, report: Report) -> tuple[int, int]:
    """The unfinished run for this target, to continue (its progress restored), else a new run."""
    row = store.conn.execute("SELECT id, last_num, counts FROM reanalyse_runs WHERE target = ? AND finished_at IS"
                             " NULL ORDER BY id DESC LIMIT 1", (target,)).fetchone()
    if row is not None:
        report.resumed = True
        report.restore(json.loads(row[2]))
        return int(row[0]), int(row[1])
    with store.transaction() as conn:
        cur = conn.execute("INSERT INTO reanalyse_runs (target, started_at) VALUES"
                           " (?, strftime('%Y-%m-%dT%H:%M:%SZ', 'now'))", (target,))
    return int(cur.lastrowid or 0), 0


def _write_batch(store: Store, batch: list[Queued], pipelines: _Pipelines,
                 report: Report, run_id: int | None, target: str, timeout: float) -> None:
    """One transaction: each article re-analysed and rewritten (each a savepoint: one that fails leaves
    nothing), the failures recorded, then the run's progress."""
    done_num, scanned = 0, {}
    with store.batch(max_writes=4 * len(batch) + 8, max_seconds=float("inf")):
        try:
            for num, article_id, stale, has_input, names, scan in batch:
                try:
                    doc = _analyse(store, article_id, has_input, *pipelines(names), timeout)
                    if store.replace_analysis(article_id, doc, minhash=dedup.signature_bytes):
                        report.body_changed += 1
                except StoreError:
                    raise  # the archive refuses writes (disk full): the run stops, resumable
                except MarsadError as err:
                    reason = getattr(err, "reason", None) or "error"
                    _fail(store, report, article_id, target, reason, str(err))
                except Exception as err:  # noqa: BLE001 - one bad article never stops the run
                    _fail(store, report, article_id, target, "stage-crash", f"{type(err).__name__}: {err}")
                else:
                    report.updated += 1
                    report.from_body += not has_input
                    report.updated_by_stage.update(s for s in stale if has_input or s != CLEAN)
                done_num, scanned = num, scan
        finally:
            if run_id is not None and done_num:
                with store.transaction() as conn:
                    conn.execute("UPDATE reanalyse_runs SET last_num = ?, counts = ? WHERE id = ?",
                                 (done_num, json.dumps({**report.progress(), **scanned}), run_id))


def _fail(store: Store, report: Report, article_id: str, target: str, reason: str, message: str) -> None:
    report.failed += 1
    report.failed_by_reason[reason] += 1
    report.examples.setdefault(reason, message[:200])
    with store.transaction() as conn:
        conn.execute("INSERT OR REPLACE INTO reanalyse_failures VALUES (?, ?, ?, strftime('%Y-%m-%dT%H:%M:%SZ',"
                     " 'now'))", (article_id, target, f"{reason}: {message}"))


def _analyse(store: Store, article_id: str, has_input: bool, pipeline: Pipeline, rest: Pipeline,
             timeout: float) -> Document:
    """The article analysed again: from its kept input as ingest does, else from its stored body."""
    kept = store.article_input(article_id) if has_input else None
    try:
        with time_limit(timeout):
            if kept is not None:
                source_key = store.conn.execute("SELECT source_key FROM articles WHERE id = ?",
                                                (article_id,)).fetchone()[0]
                return analyse(pipeline, start_document(source_key, kept[0], kept[1]))
            return rest(_from_body(store, article_id))
    except DocumentTimeout:
        raise InputError(f"processing took longer than {timeout:g} s (MARSAD_DOC_TIMEOUT)", source=article_id,
                         reason="timeout") from None


def _from_body(store: Store, article_id: str) -> Document:
    """A stored article as the clean stage left it: its body and the clean stage's layers and metadata,
    the later stages' layers emptied, a publication date only where the input or the page gave one."""
    record, body, stored, kind = store.conn.execute(
        "SELECT record, body, stages, source_kind FROM articles WHERE id = ?", (article_id,)).fetchone()
    doc = Document.from_dict(full_record(json.loads(record), body))
    for name in _AFTER_CLEAN:
        setattr(doc, name, [])
    doc.published = _given_published(doc.published, kind)
    doc.stages = [s for s in json.loads(stored) if s.split("@", 1)[0] == CLEAN]
    return doc


_CRAWL_NOTE = re.compile(r"^crawled on (\d{4}-\d{2}-\d{2}):")  # dates.anchor.anchor_from_crawl's evidence
_WRITTEN_NOTE = "the text names its own day"  # what the dates stage adds to a given date's evidence


def _given_published(published: Published | None, kind: str) -> Published | None:
    """The publication date as the input gave it, from the one the dates stage left: none for a date it
    found itself (inferred), the crawl day for a date it placed from a crawl time (its evidence names the
    crawl day; ingest.runner.input_published's form), the given date without the notes it added. (Checked
    against a fresh ingest on 1,927 SaudiNewsNet articles; an archive that keeps inputs needs none of it.)"""
    if published is None:
        return None
    # placed from a crawl time (by the text's days, or by the address: then its method says metadata)
    crawled = next((m.group(1) for e in published.evidence if (m := _CRAWL_NOTE.match(e))), None)
    if crawled is not None:
        return Published(crawled, "crawled", 0.0, [], [f"crawl time from the {kind} input"])
    if published.method in ("inferred", "none"):
        return None
    published.evidence = [e for e in published.evidence if not e.startswith(_WRITTEN_NOTE)]
    return published

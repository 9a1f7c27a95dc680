"""The ingest loop: read inputs, run the pipeline, drop duplicates, store, record rejects; report.

Every input lands in exactly one bucket: stored, duplicate (exact or near), rejected (with a reason),
or unchanged (already in the archive's ledger with the same content: a rerun or a resumed run).
"""

from __future__ import annotations

import sys
import time
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any, TextIO

from ..errors import InputError, MarsadError
from ..gc_policy import CyclesCollectedRarely, collect_garbage_less_often
from ..model import Document
from ..pipeline import Options, Pipeline, StopDocument
from ..readers.document import input_published, to_document
from ..readers.files import InputItem, Mapping, expand_inputs, read_inputs
from ..readers.page import html_to_text
from ..store import Store, content_hash
from ..timeouts import DOC_TIMEOUT_S, DocumentTimeout, time_limit
from . import dedup

__all__ = ["Duplicate", "Loader", "Progress", "Summary", "analyse", "build_pipeline", "html_to_text", "ingest",
           "ingest_item", "input_published", "to_document"]


@dataclass
class Summary:
    read: int = 0
    stored: int = 0
    unchanged: int = 0
    duplicates: Counter[str] = field(default_factory=Counter)  # exact | near
    rejected: Counter[str] = field(default_factory=Counter)  # reason -> count
    encodings: Counter[str] = field(default_factory=Counter)
    kinds: Counter[str] = field(default_factory=Counter)
    elapsed: float = 0.0
    interrupted: bool = False
    examples: dict[str, str] = field(default_factory=dict)  # reason -> first message, to show the user
    # Sharded ingest: shards that kept failing (worker died, disk error); their inputs are not in the ledger
    # yet, so the same command run again processes them.
    failed: list[dict[str, Any]] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {
            "read": self.read, "stored": self.stored, "unchanged": self.unchanged,
            "duplicates": sum(self.duplicates.values()), "duplicates_by_kind": dict(self.duplicates),
            "rejected": sum(self.rejected.values()), "rejected_by_reason": dict(self.rejected.most_common()),
            "encodings": dict(self.encodings.most_common()), "formats": dict(self.kinds.most_common()),
            "elapsed_s": round(self.elapsed, 2),
            "docs_per_s": round(self.read / self.elapsed, 1) if self.elapsed else None,
            "interrupted": self.interrupted, "reject_examples": self.examples, "failed_shards": self.failed,
        }

    def render(self) -> str:
        d = self.to_dict()
        lines = [f"read {d['read']}  stored {d['stored']}  duplicates {d['duplicates']}"
                 f"  rejected {d['rejected']}  unchanged {d['unchanged']}"
                 f"  ({d['elapsed_s']} s, {d['docs_per_s'] or 0} docs/s)"]
        if self.duplicates:
            lines.append("duplicates: " + ", ".join(f"{k} {v}" for k, v in self.duplicates.most_common()))
        if self.rejected:
            lines.append("rejected:")
            lines += [f"  {reason:<16} {n:>6}   e.g. {self.examples.get(reason, '')}"
                      for reason, n in self.rejected.most_common()]
        if self.encodings:
            lines.append("encodings: " + ", ".join(f"{k} {v}" for k, v in self.encodings.most_common()))
        for f in self.failed:
            lines.append(f"FAILED shard {f['shard']} ({f['input']}) after {f['attempts']} attempts: {f['error']}")
        if self.failed:
            lines.append("not recorded: run the same command again to retry the failed shards")
        if self.interrupted:
            lines.append("interrupted: run the same command again to resume (stored documents are kept)")
        return "\n".join(lines)


def build_pipeline(options: Options | None = None) -> Pipeline:
    """The pipeline for ingest: the given (or default) stages, in order, checked when built."""
    pipeline = Pipeline.from_options(options or Options())
    collect_garbage_less_often()
    return pipeline


class Progress:
    """A one-line progress bar on stderr (count, rate, ETA by bytes of input read); silent when not a TTY."""

    def __init__(self, total_bytes: int, stream: TextIO | None = None, enabled: bool | None = None) -> None:
        self.stream = stream or sys.stderr
        self.enabled = self.stream.isatty() if enabled is None else enabled
        self.total = max(total_bytes, 1)
        self.start = time.monotonic()
        self.last = 0.0

    def update(self, done_bytes: int, summary: Summary, force: bool = False) -> None:
        now = time.monotonic()
        if not self.enabled or (not force and now - self.last < 0.1):
            return
        self.last = now
        elapsed = now - self.start
        frac = min(done_bytes / self.total, 1.0)
        rate = summary.read / elapsed if elapsed > 0 else 0.0
        eta = elapsed * (1 - frac) / frac if frac > 0 else 0.0
        bar = "#" * int(frac * 24)
        self.stream.write(f"\r[{bar:<24}] {frac:4.0%} {summary.read} docs {rate:6.1f}/s ETA {_hms(eta)}"
                          f" | stored {summary.stored} dup {sum(summary.duplicates.values())}"
                          f" rej {sum(summary.rejected.values())}\033[K")
        self.stream.flush()

    def close(self) -> None:
        if self.enabled:
            self.stream.write("\r\033[K")
            self.stream.flush()


def _hms(seconds: float) -> str:
    s = int(seconds)
    return f"{s // 3600}:{s % 3600 // 60:02d}:{s % 60:02d}"


def ingest(paths: list[str], store: Store, *, mapping: Mapping | None = None, pipeline: Pipeline | None = None,
           progress: Progress | None = None, near_threshold: float = dedup.NEAR_DUPLICATE_THRESHOLD,
           limit: int | None = None, on_item: Callable[[InputItem, str], None] | None = None,
           options: Options | None = None, commit_every: int | None = None) -> Summary:
    """Ingest every document under `paths` into `store` in this process; returns the counts. Ctrl-C stops cleanly.

    Documents are processed one by one with `pipeline` (built from `options` when not given) and `mapping`,
    and the archive commits every `commit_every` documents (Store.batch's default) or two seconds. With
    workers (a process pool or Dask) the caller uses `marsad.run.ingest.ingest_sharded`, which loads the
    shards' outputs through the same `Loader` decisions: the archive is the same. This module does not
    import marsad.run, which imports it (scripts/import_graph.py).
    """
    pipeline = pipeline or build_pipeline(options)
    loader = Loader(store, near_threshold)
    summary = loader.summary
    files = [p for p, _ in expand_inputs(paths) if p is not None]
    sizes = {str(p): p.stat().st_size for p in files}
    progress = progress or Progress(sum(sizes.values()), enabled=False)
    progress.total = max(sum(sizes.values()), 1)
    finished_bytes, current = 0, ""
    started = time.monotonic()
    try:
        # Writes are committed in groups (Store.batch): a commit per document cost as much as the writing.
        with store.batch(**({"max_writes": commit_every} if commit_every else {})), \
                CyclesCollectedRarely() as collector:
            for item in _limited(read_inputs(paths, mapping), limit):
                collector.tick()
                if item.path != current:
                    finished_bytes += sizes.get(current, 0)
                    current = item.path
                outcome = loader.item(item, pipeline)
                if on_item:
                    on_item(item, outcome)
                progress.update(finished_bytes + item.position, summary)
    except KeyboardInterrupt:
        summary.interrupted = True
    finally:
        summary.elapsed = time.monotonic() - started
        progress.close()
    return summary


def _limited(items: Iterable[InputItem], limit: int | None) -> Iterable[InputItem]:
    for n, item in enumerate(items):
        if limit is not None and n >= limit:
            return
        yield item


def analyse(item: InputItem, pipeline: Pipeline, timeout: float | None = None,
            when_body: Callable[[Document], None] | None = None) -> Document:
    """One readable input through the pipeline under the per-document time limit. Every failure is an
    InputError with its reason (timeout, pipeline-error, stage-crash, no-body…): in-process and sharded
    ingests, and batch shards, reject the same documents with the same messages. A `StopDocument` raised by
    `when_body` passes through as it is."""
    limit = DOC_TIMEOUT_S if timeout is None else timeout
    try:
        with time_limit(limit):
            return to_document(item, pipeline, when_body)
    except StopDocument:
        raise
    except DocumentTimeout:
        raise InputError(f"processing took longer than {limit:g} s (MARSAD_DOC_TIMEOUT)", source=item.source_key,
                         reason="timeout") from None
    except InputError:
        raise
    except MarsadError as err:
        raise InputError(str(err), source=item.source_key, reason="pipeline-error") from None
    except Exception as err:  # noqa: BLE001 - a crashing stage must not stop a batch of thousands
        raise InputError(f"a stage failed: {type(err).__name__}: {err}", source=item.source_key,
                         reason="stage-crash") from None


class Loader:
    """The archive's single writer deciding, input by input and in input order, what becomes of each:
    unchanged (already in the ledger), rejected (with its reason), exact or near duplicate, or stored.
    In-process ingest, sharded ingest and `marsad load` all go through it, so they agree."""

    def __init__(self, store: Store, near_threshold: float = dedup.NEAR_DUPLICATE_THRESHOLD, *,
                 summary: Summary | None = None, index: dedup.NearDuplicateIndex | None = None) -> None:
        self.store = store
        self.summary = Summary() if summary is None else summary
        self.index = dedup.NearDuplicateIndex(store, near_threshold) if index is None else index
        # The body `duplicate` last found unique, and its signature: `document` then neither checks it again
        # nor signs it again (a body's own object: the same document).
        self._unique: tuple[str | None, bytes] = (None, b"")

    def unchanged(self, source_key: str, kind: str, input_hash: str) -> bool:
        """Count one input read; True (and counted unchanged) when the ledger already holds it."""
        summary = self.summary
        summary.read += 1
        summary.kinds[kind] += 1
        if self.store.seen(source_key, input_hash):
            summary.unchanged += 1
            return True
        return False

    def analysed(self, encoding: str | None) -> None:
        """Count the encoding of an input that was read well enough to be analysed."""
        self.summary.encodings[encoding or "unknown"] += 1

    def reject(self, source_key: str, input_hash: str, reason: str, message: str) -> str:
        self.summary.rejected[reason] += 1
        self.summary.examples.setdefault(reason, message)
        self.store.add_reject(source_key, input_hash, reason, message)
        return "rejected"

    def duplicate(self, doc: Document, minhash: bytes | None = None) -> Duplicate | None:
        """The archived article whose body doc's body repeats, exactly (same normalised text) or nearly
        (MinHash), or None. `minhash`: the body's signature when a worker computed it already."""
        chash = content_hash(doc.body)
        existing = self.store.article_by_hash(chash)
        if existing:
            return Duplicate(existing, "exact", 1.0)
        signature = minhash if minhash is not None else dedup.signature_bytes(doc.body)
        near = self.index.find(signature)
        if near:
            return Duplicate(near[0], "near", near[1])
        self._unique = (doc.body, signature)
        return None

    def add_duplicate(self, found: Duplicate, source_key: str, input_hash: str, title: str | None,
                      url: str | None) -> str:
        self.store.add_duplicate(source_key, input_hash, found.of, found.kind, found.similarity, title, url)
        self.summary.duplicates[found.kind] += 1
        return "duplicate"

    def stop_if_duplicate(self, doc: Document) -> None:
        """A pipeline's `when_body` check (ingest in this process): a document whose body is archived
        already stops after the clean stage, as what the later stages find would not be stored."""
        found = self.duplicate(doc)
        if found is not None:
            raise StopDocument((found, doc))

    def document(self, doc: Document, source_key: str, kind: str, input_hash: str, encoding: str | None,
                 minhash: bytes | None = None) -> str:
        """An analysed document: a duplicate (exact, then near) of an archived one, or stored. `minhash`: the
        body's signature when a worker computed it already (dedup.to_bytes)."""
        unique_body, signature = self._unique
        if unique_body is not doc.body:  # (else `duplicate` found none for this body, and nothing was stored since)
            found = self.duplicate(doc, minhash)
            if found is not None:
                return self.add_duplicate(found, source_key, input_hash, doc.title, doc.url)
            signature = self._unique[1]
        self._unique = (None, b"")
        try:  # the signature's bands are stored with it: later documents find it (dedup.NearDuplicateIndex)
            self.store.add_document(doc, source_key=source_key, source_kind=kind, input_hash=input_hash,
                                    encoding=encoding, minhash=signature)
        except InputError as err:  # spans that break the invariant: the stage's bug, recorded, batch goes on
            return self.reject(source_key, input_hash, err.reason, str(err))
        self.summary.stored += 1
        return "stored"

    def item(self, item: InputItem, pipeline: Pipeline, timeout: float | None = None) -> str:
        """One input read in this process: skip it if unchanged, else analyse it here and decide. A duplicate
        is known once its body is (`stop_if_duplicate`): the stages after the clean stage do not run for it."""
        input_hash = item.input_hash
        if self.unchanged(item.source_key, item.kind, input_hash):
            return "unchanged"
        if item.error is None:
            self.analysed(item.encoding)
            try:
                doc = analyse(item, pipeline, timeout, self.stop_if_duplicate)
            except StopDocument as stop:
                found, doc = stop.reason  # (stop_if_duplicate's; to_document set the input's metadata)
                return self.add_duplicate(found, item.source_key, input_hash, doc.title, doc.url)
            except InputError as err:
                item.error = err
        if item.error is not None:
            return self.reject(item.source_key, input_hash, item.error.reason, str(item.error))
        return self.document(doc, item.source_key, item.kind, input_hash, item.encoding)


@dataclass(frozen=True)
class Duplicate:
    """What a document repeats: an archived article's id, how (exact | near), and the similarity."""

    of: str
    kind: str
    similarity: float


def ingest_item(item: InputItem, store: Store, pipeline: Pipeline, index: dedup.NearDuplicateIndex,
                summary: Summary, timeout: float | None = None) -> str:
    """One input into the archive (as `marsad watch` adds a fetched page): its outcome."""
    return Loader(store, summary=summary, index=index).item(item, pipeline, timeout)

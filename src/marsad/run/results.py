"""Reading a batch output directory back: records in shard order, and `marsad load` into the archive.

Loading goes through the one writer (`Store`), with the decisions `marsad ingest` makes: an input already
in the ledger with the same hash is unchanged, an exact or near duplicate is recorded as such, a dropped
input is recorded as a reject with its reason.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from ..errors import InputError
from ..ingest import dedup
from ..ingest.runner import Summary
from ..model import Document
from ..store import Store, content_hash
from .shard import output_path, read_shard_records


def _plan(out_dir: Path) -> dict[str, Any]:
    try:
        return json.loads((out_dir / "plan.json").read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise InputError("not a batch output directory (no plan.json; make one with `marsad batch … --out DIR`)",
                         source=str(out_dir), reason="missing") from None
    except (OSError, ValueError) as err:
        raise InputError(f"unreadable plan.json ({err})", source=str(out_dir), reason="unreadable") from None


def finished_shards(out_dir: str | Path) -> tuple[list[str], list[str]]:
    """(finished, unfinished) shard keys of the directory's plan, by their completion markers."""
    out = Path(out_dir)
    finished, unfinished = [], []
    for entry in _plan(out)["shards"]:
        try:
            marker = json.loads((out / "done" / entry["key"]).read_text(encoding="utf-8"))
        except (OSError, ValueError):
            marker = {}
        (finished if marker.get("fingerprint") == entry["fingerprint"] else unfinished).append(entry["key"])
    return finished, unfinished


def read_records(out_dir: str | Path) -> Iterator[dict[str, Any]]:
    """Every record of the finished shards, in shard order then input order."""
    out = Path(out_dir)
    fmt = _plan(out).get("format", "jsonl")
    for key in finished_shards(out)[0]:
        yield from read_shard_records(output_path(out, key, fmt))


def read_rejects(out_dir: str | Path) -> Iterator[dict[str, Any]]:
    out = Path(out_dir)
    for key in finished_shards(out)[0]:
        path = out / "rejects" / f"{key}.jsonl"
        if path.exists():
            with path.open(encoding="utf-8") as fh:
                yield from (json.loads(line) for line in fh if line.strip())


def load_into_store(out_dir: str | Path, store: Store,
                    near_threshold: float = dedup.NEAR_DUPLICATE_THRESHOLD) -> tuple[Summary, list[str]]:
    """Bring the finished shards' records and rejects into `store`; returns the counts and the keys of the
    shards not finished (not loaded: rerun `marsad batch`, then `marsad load` again)."""
    out = Path(out_dir)
    _, unfinished = finished_shards(out)
    summary = Summary()
    index = dedup.NearDuplicateIndex(near_threshold)
    for article_id, blob in store.minhashes():
        index.add(article_id, dedup.from_bytes(blob))
    for reject in read_rejects(out):
        summary.read += 1
        summary.kinds[reject.get("source_kind") or "unknown"] += 1
        if store.seen(reject["source_key"], reject["input_hash"]):
            summary.unchanged += 1
            continue
        summary.rejected[reject["reason"]] += 1
        summary.examples.setdefault(reject["reason"], reject["message"])
        store.add_reject(reject["source_key"], reject["input_hash"], reject["reason"], reject["message"])
    for record in read_records(out):
        summary.read += 1
        summary.kinds[record.get("source_kind") or "unknown"] += 1
        _load_one(record, store, index, summary)
    return summary, unfinished


def _load_one(record: dict[str, Any], store: Store, index: dedup.NearDuplicateIndex, summary: Summary) -> None:
    key, input_hash = record["source_key"], record["input_hash"]
    if store.seen(key, input_hash):
        summary.unchanged += 1
        return
    summary.encodings[record.get("encoding") or "unknown"] += 1
    doc = Document.from_dict(record["document"])
    existing = store.article_by_hash(content_hash(doc.body))
    if existing:
        store.add_duplicate(key, input_hash, existing, "exact", 1.0, doc.title, doc.url)
        summary.duplicates["exact"] += 1
        return
    mh = dedup.signature(doc.body)
    near = index.find(mh)
    if near:
        store.add_duplicate(key, input_hash, near[0], "near", near[1], doc.title, doc.url)
        summary.duplicates["near"] += 1
        return
    try:
        article_id = store.add_document(doc, source_key=key, source_kind=record.get("source_kind") or "text",
                                        input_hash=input_hash, encoding=record.get("encoding"),
                                        minhash=dedup.to_bytes(mh))
    except InputError as err:
        summary.rejected[err.reason] += 1
        summary.examples.setdefault(err.reason, str(err))
        store.add_reject(key, input_hash, err.reason, str(err))
        return
    index.add(article_id, mh)
    summary.stored += 1

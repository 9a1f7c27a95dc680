"""Reading a batch output directory back: records in shard order, and `marsad load` into the archive.

Loading goes through the one writer (`Store`), with the decisions `marsad ingest` makes (one `Loader`), in
input order: an input already in the ledger with the same hash is unchanged, an exact or near duplicate is
recorded as such, a dropped input is recorded as a reject with its reason.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from ..errors import InputError, MarsadError
from ..ingest import dedup
from ..ingest.runner import Loader, Summary
from ..model import Document
from ..store import Store
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


def _reject_lines(out: Path, key: str) -> Iterator[dict[str, Any]]:
    path = out / "rejects" / f"{key}.jsonl"
    if path.exists():
        with path.open(encoding="utf-8") as fh:
            yield from (json.loads(line) for line in fh if line.strip())


def shard_outcomes(out_dir: str | Path, key: str, fmt: str = "jsonl") -> Iterator[dict[str, Any]]:
    """One finished shard's inputs in input order: its records, with its reject (and `unchanged`) lines put
    back at their positions `n`. Outputs of older versions (no `n`) give their rejects first."""
    out = Path(out_dir)
    rejects = list(_reject_lines(out, key))
    if any("n" not in r for r in rejects):
        yield from rejects
        yield from read_shard_records(output_path(out, key, fmt))
        return
    pending = iter(rejects)
    nxt = next(pending, None)
    n = 0
    for record in read_shard_records(output_path(out, key, fmt)):
        while nxt is not None and nxt["n"] == n:
            yield nxt
            nxt, n = next(pending, None), n + 1
        yield record
        n += 1
    while nxt is not None:
        yield nxt
        nxt = next(pending, None)


def load_outcome(line: dict[str, Any], loader: Loader) -> str:
    """One line of a shard (a record, a reject or an `unchanged` line) through the archive's writer."""
    key, input_hash = line["source_key"], line["input_hash"]
    if loader.unchanged(key, line.get("source_kind") or "unknown", input_hash):
        return "unchanged"
    if line.get("unchanged"):
        # In the ledger when the worker read it, not now: the archive changed under the ingest's lock.
        raise MarsadError(f"{key} was in the archive's ledger when its shard ran and is not any more; "
                          "run the ingest again", source=key)
    if "document" not in line:
        if line.get("analysed"):
            loader.analysed(line.get("encoding"))
        return loader.reject(key, input_hash, line["reason"], line["message"])
    loader.analysed(line.get("encoding"))
    doc = Document.from_dict(line["document"])
    kept = line.get("input")  # (a worker feeding an archive sends the input with the record: reanalyse)
    if isinstance(kept, dict) and isinstance(kept.get("raw"), str):
        doc.raw, doc.given = kept["raw"], kept.get("given")
    return loader.document(doc, key, line.get("source_kind") or "text", input_hash, line.get("encoding"),
                           _signature(line.get("minhash")))


def _signature(value: object) -> bytes | None:
    """A worker's MinHash (hex) if it is one of this scheme's; else None, and the writer computes it."""
    try:
        blob = bytes.fromhex(value) if isinstance(value, str) else b""
    except ValueError:
        return None
    return blob if len(blob) == dedup.NUM_PERM * 8 else None


def load_into_store(out_dir: str | Path, store: Store,
                    near_threshold: float = dedup.NEAR_DUPLICATE_THRESHOLD) -> tuple[Summary, list[str]]:
    """Bring the finished shards' records and rejects into `store`, shard by shard in input order (so
    duplicates are decided as `marsad ingest` decides them); returns the counts and the keys of the shards
    not finished (not loaded: rerun `marsad batch`, then `marsad load` again)."""
    out = Path(out_dir)
    fmt = _plan(out).get("format", "jsonl")
    finished, unfinished = finished_shards(out)
    loader = Loader(store, near_threshold)
    for key in finished:
        with store.batch():  # one commit per shard, not per document
            for line in shard_outcomes(out, key, fmt):
                load_outcome(line, loader)
    return loader.summary, unfinished

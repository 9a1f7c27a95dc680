"""Export tables of the archive as JSON Lines, CSV or Parquet.

One row per article / entity (per article) / quote / event. Events and quotes are one row per merged event
or statement by default (marsad.merge: with its report counts), one per article's row with level=report
(--level report, ?level=report): the report-level table. Event rows carry their actors' names and
ids, date, place, status, type, CAMEO code, evidence text and the article's id and URL, so a row
stands alone in a spreadsheet. List fields stay lists in JSONL and Parquet and are joined with " | "
in CSV. CSV files are written with a UTF-8 BOM so spreadsheet programs show Arabic correctly, and a cell
that starts like a formula is prefixed with ' (the API's downloads are the same bytes).
Each table takes the filters of its list (marsad.store.queries.FILTERS): events those of `marsad events`
and /api/events, quotes those of `marsad quotes`, articles those of `marsad search`, entities since/until.
"""

from __future__ import annotations

import csv
import io
import json
import sys
from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..errors import InputError
from . import queries

if TYPE_CHECKING:
    from .store import Store

WHAT = queries.EXPORTS
FORMATS = ("jsonl", "csv", "parquet")

COLUMNS: dict[str, tuple[str, ...]] = {
    "articles": queries.ARTICLE_EXPORT_COLUMNS,
    "entities": ("article_id", "entity", "actor_id", "kb_id", "type", "name", "name_en", "roles", "n_mentions",
                 "published", "url"),
    "quotes": ("article_id", "quote", "speaker_actor", "speaker", "speaker_via", "text", "kind", "cue", "start",
               "end", "date", "published", "url", "title", "merged_id", "n_reports", "n_outlets", "n_sources"),
    "events": ("id", "article_id", "event", "type", "mode", "cameo", "date", "date_end", "status", "confidence",
               "source_names", "source_names_en", "source_ids", "target_names", "target_names_en", "target_ids",
               "place_name", "place_name_en", "place_id",
               "trigger", "evidence", "reported_by_name", "reported_by_id", "reported_in_quote", "url", "title",
               "published", "merged_id", "n_reports", "n_outlets", "n_sources", "report_outlets", "report_ids"),
}


def event_rows(events: Iterable[dict[str, Any]]) -> Iterator[dict[str, Any]]:
    for ev in events:
        place = ev.get("place") or {}
        yield {
            "id": ev["id"], "article_id": ev["article_id"], "event": ev["event"], "type": ev["type"],
            "mode": ev["mode"], "cameo": ev["cameo"], "date": ev["date"], "date_end": ev["date_end"],
            "status": ev["status"], "confidence": ev["confidence"],
            "source_names": [p["name"] for p in ev["source"]],
            "source_names_en": [p.get("name_en") for p in ev["source"]],  # None where the KB has no English name
            "source_ids": [p["actor"] or p["entity"] for p in ev["source"]],
            "target_names": [p["name"] for p in ev["target"]],
            "target_names_en": [p.get("name_en") for p in ev["target"]],
            "target_ids": [p["actor"] or p["entity"] for p in ev["target"]],
            "place_name": place.get("name"), "place_name_en": place.get("name_en"), "place_id": place.get("actor"),
            "trigger": (ev["trigger"] or {}).get("text"),
            "evidence": [s["text"] for s in ev["evidence"]],
            "reported_by_name": (ev.get("reported_by") or {}).get("name"),
            "reported_by_id": (ev.get("reported_by") or {}).get("actor"),
            "reported_in_quote": (ev.get("reported_by") or {}).get("quote"),
            "url": ev["url"], "title": ev["title"], "published": ev["published"],
            # The merged event (marsad.merge): its report counts, and at level=event its reports' outlets and ids.
            "merged_id": ev.get("merged_id"), "n_reports": ev.get("n_reports"), "n_outlets": ev.get("n_outlets"),
            "n_sources": ev.get("n_sources"),
            "report_outlets": [r["outlet"] for r in ev["reports"]] if "reports" in ev else None,
            "report_ids": [f"{r['article_id']}/{r['event']}" for r in ev["reports"]] if "reports" in ev else None,
        }


def rows_for(store: Store, what: str, f: Mapping[str, Any]) -> Iterator[dict[str, Any]]:
    """The rows of `what` filtered as its list is: `f` is queries.parse(what, …)."""
    found = queries.rows(store, what, f)
    return event_rows(found) if what == "events" else found


def export(store: Store, what: str, fmt: str, out: str | None = None, *, parsed: Mapping[str, Any] | None = None,
           **filters: Any) -> int:
    """Write the rows of `what` to `out` (stdout when None, except Parquet); returns the row count. The
    rows are filtered by `filters` (as queries.FILTERS[what], e.g. since=, status=), or by `parsed`, what
    queries.parse made of them already."""
    if fmt not in FORMATS:
        raise InputError(f"unknown format {fmt!r}; choose one of {', '.join(FORMATS)}", source="--format",
                         reason="bad-option")
    if what not in WHAT:
        raise queries.BadParameter("what", f"unknown value {what!r}; use one of: {', '.join(WHAT)}")
    rows = rows_for(store, what, parsed if parsed is not None else queries.parse(what, filters))
    if fmt == "parquet":
        if not out:
            raise InputError("Parquet is binary: give a file with --out", source="--out", reason="bad-option")
        return _write_parquet(list(rows), COLUMNS[what], Path(out))
    if out:
        with open(out, "w", encoding="utf-8", newline="") as fh:
            return _write_text(rows, COLUMNS[what], fmt, fh, bom=True)
    return _write_text(rows, COLUMNS[what], fmt, sys.stdout, bom=False)


def text_chunks(rows: Iterable[dict[str, Any]], columns: tuple[str, ...], fmt: str, *, bom: bool = True,
                counter: list[int] | None = None) -> Iterator[str]:
    """JSON Lines, or CSV (after a UTF-8 BOM with `bom`: spreadsheet programs then read Arabic right), in
    chunks of about 200 rows; `counter[0]` counts the rows written. The file export and the API's download
    share it."""
    n = 0
    if fmt == "jsonl":
        for row in rows:
            n += 1
            yield json.dumps({c: row.get(c) for c in columns}, ensure_ascii=False) + "\n"
    else:
        buf = io.StringIO()
        writer = csv.writer(buf)
        if bom:
            buf.write("\ufeff")
        writer.writerow(columns)
        for row in rows:
            writer.writerow([csv_cell(row.get(c)) for c in columns])
            n += 1
            if n % 200 == 0:
                yield buf.getvalue()
                buf.seek(0)
                buf.truncate()
        yield buf.getvalue()
    if counter is not None:
        counter[0] = n


def _write_text(rows: Iterable[dict[str, Any]], columns: tuple[str, ...], fmt: str, fh: Any, *,
                bom: bool = False) -> int:
    counter = [0]
    for chunk in text_chunks(rows, columns, fmt, bom=bom and fmt == "csv", counter=counter):
        fh.write(chunk)
    return counter[0]


def csv_cell(value: Any) -> Any:
    """A CSV cell: lists joined with " | ", records as JSON, and text that starts like a spreadsheet formula
    prefixed with ' so it stays text (CSV injection)."""
    if isinstance(value, list):
        return " | ".join(v if isinstance(v, str) else json.dumps(v, ensure_ascii=False) for v in value)
    if isinstance(value, dict):
        return json.dumps(value, ensure_ascii=False)
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@"):
        return "'" + value
    return value


def _write_parquet(rows: list[dict[str, Any]], columns: tuple[str, ...], out: Path) -> int:
    import pyarrow as pa
    import pyarrow.parquet as pq

    data: dict[str, list[Any]] = {c: [] for c in columns}
    for row in rows:
        for c in columns:
            value = row.get(c)
            if isinstance(value, list) and value and isinstance(value[0], dict):
                value = json.dumps(value, ensure_ascii=False)  # e.g. roles: keep nested records as JSON text
            data[c].append(value)
    arrays = {}
    for c, values in data.items():
        try:
            arrays[c] = pa.array(values)
        except (pa.ArrowInvalid, pa.ArrowTypeError):
            arrays[c] = pa.array([None if v is None else json.dumps(v, ensure_ascii=False) for v in values])
        if pa.types.is_null(arrays[c].type):
            arrays[c] = arrays[c].cast(pa.string())
        elif pa.types.is_list(arrays[c].type) and pa.types.is_null(arrays[c].type.value_type):
            arrays[c] = arrays[c].cast(pa.list_(pa.string()))
    pq.write_table(pa.table(arrays), out)
    return len(rows)

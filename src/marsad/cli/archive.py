"""`marsad ingest|search|events|quotes|actors|show|export`: the archive from the command line.

Thin: parses arguments, calls marsad.ingest / marsad.store, prints tables (or JSON with --json). The
filters of search/events/quotes/actors/export are those of the one query layer (marsad.store.queries),
the REST API's query parameters: `--since 2015-02-30` is refused with the message the API gives.
The archive file is --db FILE, else $MARSAD_DB, else ./marsad.db.
"""

from __future__ import annotations

import argparse
import json
import sys
import unicodedata
from collections.abc import Callable
from typing import Any

from .. import config
from ..model import Document
from ..pipeline import Options
from ..store import queries

DEFAULT_DB = "marsad.db"


def add_commands(sub: argparse._SubParsersAction) -> None:
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--db", default=config.default_db(),
                        help="archive file (default: $MARSAD_DB or ./marsad.db)")
    as_json = argparse.ArgumentParser(add_help=False)
    as_json.add_argument("--json", action="store_true", help="print JSON instead of a table")

    p = sub.add_parser("ingest", parents=[common, as_json],
                       help="add files, directories or globs (text, HTML, WARC, RSS/Atom, JSONL) to the archive")
    p.add_argument("paths", nargs="+", metavar="PATH")
    p.add_argument("--preset", help="JSONL field mapping preset (e.g. saudinewsnet)")
    p.add_argument("--map", dest="mapping", metavar="FIELD=KEY,…",
                   help="JSONL field mapping, e.g. text=content,title=title,published=date_extracted,url=url,id=id")
    p.add_argument("--quiet", action="store_true", help="no progress bar and no summary (errors still shown)")
    p.add_argument("--limit", type=int, help="stop after N documents (for trials)")
    p.add_argument("--near-threshold", type=float, default=None,
                   help="MinHash Jaccard at which a document is a near-duplicate (default 0.8)")
    p.add_argument("--kb", action="append", default=[], metavar="DIR", help="extra knowledge-base directory")
    p.add_argument("--stages", help="comma-separated stages to run (default: all installed)")
    where = p.add_mutually_exclusive_group()
    where.add_argument("--workers", type=int, metavar="N",
                       help="analyse in N worker processes (default 1: in this process); this process stores, "
                            "in input order, so the archive is the same for any N")
    where.add_argument("--dask-local", type=int, metavar="N", help="analyse on a local Dask cluster of N processes")
    where.add_argument("--dask-scheduler", metavar="ADDRESS",
                       help="analyse on a running Dask cluster, e.g. tcp://host:8786 (its workers must see the "
                            "inputs and the archive's folder)")
    p.add_argument("--shard-size", type=int, default=None, metavar="N",
                   help="documents per shard with workers (default: 100)")
    p.add_argument("--commit-every", type=int, default=None, metavar="N",
                   help="commit the archive every N documents or 2 s, whichever comes first (default 200; with "
                        "workers: every shard). A killed ingest loses at most the uncommitted ones, which a "
                        "rerun processes again")
    p.set_defaults(handler=run_ingest)

    s = sub.add_parser("search", parents=[common, as_json], help="full-text search (Arabic variants match)")
    s.add_argument("q", nargs="?", metavar="QUERY", help='words (AND), "exact phrase", OR, NOT / -word '
                                                        "(without one: the articles, newest first)")
    add_filter_options(s, "articles", skip=("q",))
    s.add_argument("--limit", type=int, default=20, help="at most this many (default 20)")
    s.set_defaults(handler=run_search)

    e = sub.add_parser("events", parents=[common, as_json], help="list events")
    add_filter_options(e, "events")
    e.add_argument("--limit", type=int, default=None, help="at most this many (default: all)")
    e.set_defaults(handler=run_events)

    q = sub.add_parser("quotes", parents=[common, as_json], help="list quotes")
    add_filter_options(q, "quotes", aliases={"text": ("--contains",)})
    q.add_argument("--limit", type=int, default=None, help="at most this many (default: all)")
    q.set_defaults(handler=run_quotes)

    a = sub.add_parser("actors", parents=[common, as_json], help="actors ranked by the articles that mention them")
    add_filter_options(a, "actors")
    a.add_argument("--top", type=int, default=20, help="at most this many (default 20)")
    a.set_defaults(handler=run_actors)

    pr = sub.add_parser("pair", parents=[common, as_json],
                        help="two actors: the events both take part in, the quotes of one naming the other, the "
                             "articles naming both (the web app's /pair)")
    add_filter_options(pr, "pair")
    pr.set_defaults(handler=run_pair)

    cv = sub.add_parser("coverage", parents=[common, as_json],
                        help="articles per day/week/month matching up to three queries, per 1,000 of the "
                             "archive's (the web app's /coverage)")
    add_filter_options(cv, "coverage", skip=("q",))
    cv.add_argument("--q", action="append", metavar="QUERY", help=queries.describe("q", ("coverage",)))
    cv.set_defaults(handler=run_coverage)

    w = sub.add_parser("show", parents=[common, as_json], help="one article and everything found in it")
    w.add_argument("article_id", metavar="ARTICLE_ID", help="id (or a unique prefix of 6+ characters)")
    w.set_defaults(handler=run_show)

    x = sub.add_parser("export", parents=[common], help="export articles, entities, quotes or events; each "
                                                        "takes the filters of its list (e.g. events: those of "
                                                        "`marsad events`)")
    x.add_argument("--what", required=True, choices=queries.EXPORTS)
    x.add_argument("--format", default="jsonl", choices=("jsonl", "csv", "parquet"))
    x.add_argument("--out", help="output file (default: standard output; required for parquet)")
    add_filter_options(x, *queries.EXPORTS)
    x.set_defaults(handler=run_export)


def add_filter_options(parser: argparse.ArgumentParser, *tables: str, skip: tuple[str, ...] = (),
                       aliases: dict[str, tuple[str, ...]] | None = None) -> None:
    """--NAME for each filter of `tables` (marsad.store.queries.FILTERS, each once): the API's query
    parameters, so the two cannot drift (tests/test_query_parity.py). Values are checked by queries.parse."""
    seen: set[str] = set(skip)
    for table in tables:
        for f in queries.FILTERS[table]:
            if f.name in seen:
                continue
            seen.add(f.name)
            parser.add_argument(f"--{f.name}", *(aliases or {}).get(f.name, ()), dest=f.name, metavar=f.metavar,
                                help=queries.describe(f.name, tables))


def _filters(args: argparse.Namespace, table: str) -> dict[str, Any]:
    """The filters of `table` given on the command line, checked by the query layer; a filter of another
    table (`export --what quotes --status planned`) is an error, not ignored."""
    given = {name: value for name, value in vars(args).items()
             if any(name == f.name for t in queries.FILTERS.values() for f in t)}
    return queries.parse(table, given)


def _open(args: argparse.Namespace, readonly: bool = True) -> Any:
    from ..store import Store

    return Store.open(args.db, readonly=readonly)


def _ingest_executor(args: argparse.Namespace) -> tuple[str, Any]:
    """Where `marsad ingest` analyses: here (no executor), a process pool, or Dask."""
    from ..errors import InputError

    for option, value in (("--workers", args.workers), ("--dask-local", args.dask_local),
                          ("--shard-size", args.shard_size), ("--commit-every", args.commit_every)):
        if value is not None and value < 1:
            raise InputError(f"{option} must be at least 1", source=option, reason="bad-option")
    if args.dask_scheduler or args.dask_local:
        from ..run import DaskExecutor

        return "dask", DaskExecutor(args.dask_scheduler, args.dask_local)
    if (args.workers or 1) > 1:
        from ..run import PoolExecutor

        return "pool", PoolExecutor(args.workers)
    return "inprocess", None


def run_ingest(args: argparse.Namespace) -> int:
    import contextlib

    from ..ingest import Progress, build_pipeline, ingest, make_mapping
    from ..ingest.dedup import NEAR_DUPLICATE_THRESHOLD
    from ..run.ingest import ingest_sharded

    if args.limit is not None and args.limit < 1:
        from ..errors import InputError

        raise InputError("--limit must be at least 1", source="--limit", reason="bad-option")
    mapping = make_mapping(args.preset, args.mapping)
    options = Options(kb_dirs=list(args.kb),
                      stages=[s.strip() for s in args.stages.split(",")] if args.stages else None)
    pipeline = build_pipeline(options)  # bad --stages: one clear error here, before any worker starts
    kind, executor = _ingest_executor(args)
    with _open(args, readonly=False) as store, executor or contextlib.nullcontext():
        progress = Progress(0, enabled=False if args.quiet else None)
        common = {"progress": progress, "limit": args.limit,
                  "near_threshold": args.near_threshold or NEAR_DUPLICATE_THRESHOLD}
        if executor is None:
            summary = ingest(args.paths, store, mapping=mapping, pipeline=pipeline, commit_every=args.commit_every,
                             **common)
        else:
            summary = ingest_sharded(args.paths, store, executor, options=options, preset=args.preset,
                                     field_map=args.mapping, shard_size=args.shard_size, **common)
        totals = store.stats()
    if args.json:
        _print_json(summary.to_dict() | {"db": args.db, "executor": kind, "archive": totals})
    elif not args.quiet:
        print(summary.render(), file=sys.stderr)
        print(f"archive {args.db}: {totals['articles']} articles, {totals['duplicates']} duplicates, "
              f"{totals['rejects']} rejects", file=sys.stderr)
    if summary.interrupted:
        return 130
    if summary.failed:
        return 1
    useful = summary.stored + summary.unchanged + sum(summary.duplicates.values())
    return 0 if useful else 1


def run_search(args: argparse.Namespace) -> int:
    f = _filters(args, "articles")
    paging = queries.limit_paging(args.limit)
    with _open(args) as store:
        results = queries.find_articles(store, f, paging, matches=True)["items"]
    if args.json:
        _print_json(results)
        return 0
    if not results:
        print("no matches", file=sys.stderr)
        return 0
    for r in results:
        print(f"{r['id']}  {r['published'] or '----------'}  {_clip(r['title'] or '-', 90)}")
        print(f"    {queries.bracketed(r['snippet'], r['snippet_marks'])}")
        if r["url"]:
            print(f"    {r['url']}")
    return 0


def _run_list(args: argparse.Namespace, what: str, find: Callable[..., dict[str, Any]],
              row: Callable[[dict[str, Any]], dict[str, Any]], columns: tuple[str, ...], limit: int | None,
              limit_name: str = "limit") -> int:
    """A list command (events, quotes, actors): the query layer's page of rows for the filters, printed as
    JSON, or as a table of `columns` made of each row by `row`."""
    f = _filters(args, what)
    paging = queries.limit_paging(limit, limit_name)
    with _open(args) as store:
        rows = find(store, f, paging)["items"]
    if args.json:
        _print_json(rows)
        return 0
    _print_table([row(r) for r in rows], columns)
    return 0


def _names(side: list[dict[str, Any]]) -> str:
    return "، ".join(p["name"] or "?" for p in side)


def _event_row(r: dict[str, Any]) -> dict[str, Any]:
    return {
        "date": r["date"] or f"({r['published'] or '?'})", "type": r["type"] + (f"/{r['mode']}" if r["mode"] else ""),
        "status": r["status"], "cameo": r["cameo"] or "-", "event": r["id"],
        "who": _names(r["source"]) + " ← " + _names(r["target"]) if r["target"] else _names(r["source"]),
        "place": (r["place"] or {}).get("name") or "-",
        "reported by": (r["reported_by"] or {}).get("name") or ("?" if r["reported_by"] else "-"),
    }


def run_events(args: argparse.Namespace) -> int:
    return _run_list(args, "events", queries.find_events, _event_row,
                     ("date", "type", "status", "cameo", "event", "place", "who", "reported by"), args.limit)


def run_quotes(args: argparse.Namespace) -> int:
    return _run_list(args, "quotes", queries.find_quotes, lambda r: {
        "date": r["date"] or r["published"] or "-", "quote": f"{r['article_id']}/{r['quote']}", "kind": r["kind"],
        "speaker": r["speaker"] or "?", "via": r["speaker_via"] or "-", "text": _clip(r["text"], 100),
    }, ("date", "quote", "kind", "speaker", "via", "text"), args.limit)


def run_actors(args: argparse.Namespace) -> int:
    return _run_list(args, "actors", queries.find_actors, lambda r: {**r, "name_en": r["name_en"] or "-"},
                     ("articles", "mentions", "events", "quotes", "type", "id", "name_en", "name"), args.top, "top")


def run_pair(args: argparse.Namespace) -> int:
    f = _filters(args, "pair")
    with _open(args) as store:
        found = queries.find_pair(store, f)
    if args.json:
        _print_json(found)
        return 0
    print(f"{found['a']['name']} <-> {found['b']['name']}: {found['events_total']} events,"
          f" {len(found['quotes']['a_on_b'])} + {len(found['quotes']['b_on_a'])} quotes naming the other,"
          f" {found['articles_total']} articles naming both")
    table = [{"date": r["date"] or f"({r['published'] or '?'})", "type": r["type"] + (f"/{r['mode']}" if r["mode"] else ""),
              "status": r["status"], "event": r["id"], "title": _clip(r["title"] or "-", 60)} for r in found["events"]]
    _print_table(table, ("date", "type", "status", "event", "title"))
    return 0


def run_coverage(args: argparse.Namespace) -> int:
    f = _filters(args, "coverage")
    with _open(args) as store:
        found = queries.coverage(store, f)
    if args.json:
        _print_json(found)
        return 0
    columns = tuple(c for c in queries.COVERAGE_COLUMNS if any(c in r for r in found["rows"]))
    _print_table(found["rows"], columns)
    return 0


def run_show(args: argparse.Namespace) -> int:
    from .extract import format_text

    with _open(args) as store:
        art = store.article(args.article_id)
    if args.json:
        _print_json(art)
        return 0
    print(f"article:   {art['id']}  (source {art['source_key']}, {art['source_kind']}, {art['encoding'] or '-'})")
    print(f"ingested:  {art['ingested_at']}  stages: {', '.join(art['stages']) or '-'}")
    for dup in art["duplicates"]:
        print(f"duplicate: {dup['kind']} ({dup['similarity']:.2f}) {dup['source_key']}")
    sys.stdout.write(format_text(Document.from_dict(art["record"])))
    return 0


def run_export(args: argparse.Namespace) -> int:
    from ..store.export import export

    f = _filters(args, args.what)
    with _open(args) as store:
        n = export(store, args.what, args.format, args.out, parsed=f)
    if args.out:
        print(f"wrote {n} {args.what} to {args.out}", file=sys.stderr)
    return 0


# ---- output helpers --------------------------------------------------------------------------------


def _print_json(data: object) -> None:
    sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=2) + "\n")


def display_width(text: str) -> int:
    """Columns a string takes in a terminal: combining marks (Arabic diacritics) and format marks take none."""
    return sum(0 if unicodedata.combining(c) or unicodedata.category(c) == "Cf"
               else 2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def _clip(text: str, width: int) -> str:
    text = " ".join(str(text).split())
    return text if len(text) <= width else text[: width - 1] + "…"


def _print_table(rows: list[dict[str, Any]], columns: tuple[str, ...]) -> None:
    """Aligned columns; the last column is free text (Arabic goes last so bidi reordering stays in its cell)."""
    if not rows:
        print("nothing found", file=sys.stderr)
        return
    cells = [[_clip("-" if r.get(c) is None else str(r.get(c)), 60) for c in columns] for r in rows]
    widths = [max(display_width(c), *(display_width(row[i]) for row in cells)) for i, c in enumerate(columns)]
    for line in [list(columns), *cells]:
        padded = [v + " " * (widths[i] - display_width(v)) for i, v in enumerate(line[:-1])]
        print("  ".join([*padded, line[-1]]))

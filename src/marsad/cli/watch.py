"""`marsad watch` and `marsad feeds`: follow news feeds and sitemaps into the archive; show their health.

Thin: parses arguments, builds a Watcher (marsad.watch), prints one line per round (or JSON lines).
The archive file is --db FILE, else $MARSAD_DB, else ./marsad.db (as for `marsad ingest`).
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from typing import Any

from .. import config
from ..errors import InputError
from ..pipeline import Options

DEFAULT_DB = "marsad.db"
_DURATION = re.compile(r"(\d+(?:\.\d+)?)\s*(ms|h|m|s)?", re.I)
_UNIT_SECONDS = {"h": 3600.0, "m": 60.0, "s": 1.0, "ms": 0.001, None: 1.0}


def parse_duration(text: str, option: str = "--every") -> float:
    """'10m', '90s', '1h30m', '2.5' (seconds) -> seconds."""
    value = text.strip().lower()
    pos, total = 0, 0.0
    while pos < len(value):
        m = _DURATION.match(value, pos)
        if not m or m.end() == pos:
            raise InputError(f"{option} takes a duration like 10m, 90s or 1h30m, got {text!r}", source=option,
                             reason="bad-option")
        total += float(m.group(1)) * _UNIT_SECONDS[m.group(2)]
        pos = m.end()
    if not value or total <= 0:
        raise InputError(f"{option} must be a positive duration, got {text!r}", source=option, reason="bad-option")
    return total


def add_commands(sub: argparse._SubParsersAction) -> None:
    db = argparse.ArgumentParser(add_help=False)
    db.add_argument("--db", default=config.default_db(),
                    help="archive file (default: $MARSAD_DB or ./marsad.db)")

    w = sub.add_parser("watch", parents=[db], help="follow RSS/Atom feeds and sitemaps, ingesting new articles")
    w.add_argument("--feeds", required=True, metavar="FILE",
                   help="one feed or sitemap URL a line, optionally followed by the outlet's name; # comments")
    w.add_argument("--every", default="10m", help="time between the starts of two rounds (default 10m)")
    w.add_argument("--once", action="store_true", help="run one round and exit (for cron)")
    w.add_argument("--delay", default="1s", help="pause between two requests to one host (default 1s; "
                   "a larger robots.txt Crawl-delay wins)")
    w.add_argument("--timeout", default="20s", help="time allowed for one request, body included (default 20s)")
    w.add_argument("--max-bytes", type=int, default=5 * 1024 * 1024, help="largest page or feed read (bytes)")
    w.add_argument("--per-host", type=int, default=2, help="requests to one host at once (default 2)")
    w.add_argument("--workers", type=int, default=8, help="requests at once in all (default 8)")
    w.add_argument("--retries", type=int, default=2, help="retries of a failed request within a round (default 2)")
    w.add_argument("--max-pages", type=int, default=500, help="pages fetched per round; the rest wait (default 500)")
    w.add_argument("--since", help="ignore links dated before YYYY-MM-DD (e.g. a sitemap's old archive)")
    w.add_argument("--stages", help="comma-separated stages to run (default: all installed)")
    w.add_argument("--kb", action="append", default=[], metavar="DIR", help="extra knowledge-base directory")
    w.add_argument("--json", action="store_true", help="print each round's report as a JSON line")
    w.set_defaults(handler=run_watch)

    f = sub.add_parser("feeds", parents=[db], help="health of the watched feeds: last success, last error, articles")
    f.add_argument("--json", action="store_true", help="print JSON instead of a table")
    f.set_defaults(handler=run_feeds)


def run_watch(args: argparse.Namespace) -> int:
    from ..ingest import build_pipeline
    from ..store import Store
    from ..store.queries import BadParameter, check_date
    from ..watch import FetchConfig, Fetcher, WatchConfig, Watcher, read_feed_list, watch_loop

    try:  # the archive's date check (a real date), worded for this option
        since = check_date("since", args.since)
    except BadParameter as err:
        raise InputError(f"--since {err.why}", source="--since", reason="bad-option") from None
    every = parse_duration(args.every, "--every")
    fetch_config = FetchConfig(timeout=parse_duration(args.timeout, "--timeout"),
                               host_delay=_delay(args.delay), max_bytes=_positive(args.max_bytes, "--max-bytes"),
                               per_host=_positive(args.per_host, "--per-host"),
                               retries=_at_least_zero(args.retries, "--retries"))
    config = WatchConfig(workers=_positive(args.workers, "--workers"),
                         max_pages=_positive(args.max_pages, "--max-pages"),
                         since=since)
    read_feed_list(args.feeds)  # a bad feeds file fails now, before the archive is opened
    stages = [s.strip() for s in args.stages.split(",") if s.strip()] if args.stages else None
    pipeline = build_pipeline(Options(stages=stages, kb_dirs=args.kb))

    def show(report: Any) -> None:
        if args.json:
            sys.stdout.write(json.dumps(report.to_dict(), ensure_ascii=False) + "\n")
        else:
            print(report.render())
        sys.stdout.flush()

    def problem(message: str) -> None:
        print(f"marsad: warning: {message}", file=sys.stderr)

    first = Store.open(args.db)  # a locked or unusable archive fails here, before any request
    with Fetcher(fetch_config) as fetcher:
        watcher = Watcher(first, fetcher, config, pipeline=pipeline)
        first.close()
        try:
            ran = watch_loop(watcher, args.feeds, every, rounds=1 if args.once else None, on_round=show,
                             on_problem=problem, open_store=lambda: Store.open(args.db))
        except KeyboardInterrupt:
            print("marsad: watch stopped; run the same command to resume", file=sys.stderr)
            return 130
    return 0 if ran else 1  # --once whose round could not run (the archive was busy)


def run_feeds(args: argparse.Namespace) -> int:
    from ..store import Store
    from ..watch import WatchState

    with Store.open(args.db, readonly=True) as store:
        state = WatchState(store.conn, create=False)
        rows = state.health() if state.exists() else []
    if args.json:
        sys.stdout.write(json.dumps(rows, ensure_ascii=False, indent=2) + "\n")
        return 0
    if not rows:
        print(f"no feeds watched yet in {args.db} (start with `marsad watch --feeds FILE --db {args.db}`)")
        return 0
    print(f"{'status':<14} {'found':>6} {'stored':>6} {'pending':>7} {'failed':>6}  {'last success':<20}  feed")
    for row in rows:
        pages = row["pages"]
        waiting = pages.get("pending", 0) + pages.get("retry", 0)
        failed = pages.get("failed", 0)
        status = row["status"] + (f" ({row['failures']})" if row["failures"] else "")
        name = ("  └ " if row["parent"] else "") + row["url"] + (f"  [{row['outlet']}]" if row["outlet"] else "")
        print(f"{status:<14} {row['articles_found']:>6} {row['articles_stored']:>6} {waiting:>7} {failed:>6}  "
              f"{row['last_success'] or '-':<20}  {name}")
        if row["last_error"] and (row["failures"] or row["last_error_at"] == row["last_checked"]):
            print(f"{'':<14} last error {row['last_error_at']}: {row['last_error']}")
    return 0


def _delay(text: str) -> float:
    return 0.0 if text.strip() in ("0", "0s") else parse_duration(text, "--delay")


def _positive(value: int, option: str) -> int:
    if value < 1:
        raise InputError(f"{option} must be at least 1, got {value}", source=option, reason="bad-option")
    return value


def _at_least_zero(value: int, option: str) -> int:
    if value < 0:
        raise InputError(f"{option} must be 0 or more, got {value}", source=option, reason="bad-option")
    return value

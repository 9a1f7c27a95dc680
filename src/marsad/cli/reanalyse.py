"""`marsad reanalyse`: re-run the stored articles whose stage versions differ from this commit's, in place.

Thin: parses arguments, calls marsad.reanalyse, prints its report (or JSON with --json).
"""

from __future__ import annotations

import argparse
import json
import sys

from .. import config


def add_commands(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("reanalyse", aliases=["reanalyze"],
                       help="re-analyse archived articles made by older rules (stage versions), in place")
    p.add_argument("--db", default=config.default_db(),
                   help="archive file (default: $MARSAD_DB or ./marsad.db)")
    p.add_argument("--since", help="only articles published on or after (YYYY, YYYY-MM or YYYY-MM-DD)")
    p.add_argument("--until", help="only articles published on or before (YYYY, YYYY-MM or YYYY-MM-DD)")
    p.add_argument("--stage", action="append", default=[], metavar="NAME",
                   help="only these stages' versions decide what is stale (repeatable; default: every stage). "
                        "A stale article is re-analysed whole, as a fresh ingest would")
    p.add_argument("--dry-run", action="store_true", help="count the stale articles per stage; write nothing")
    p.add_argument("--batch-size", type=int, default=None, metavar="N",
                   help="articles per transaction (default 200); an interrupted run keeps the finished batches")
    p.add_argument("--kb", action="append", default=[], metavar="DIR",
                   help="extra knowledge-base directory (as given to `marsad ingest`)")
    p.add_argument("--json", action="store_true", help="print the report as JSON")
    p.set_defaults(handler=run_reanalyse)


def run_reanalyse(args: argparse.Namespace) -> int:
    from ..errors import InputError
    from ..pipeline import Options
    from ..reanalyse import DEFAULT_BATCH, reanalyse
    from ..store import Store

    batch = DEFAULT_BATCH if args.batch_size is None else args.batch_size
    if batch < 1:
        raise InputError(f"--batch-size must be at least 1, got {batch}", reason="bad-parameter")
    stages = [name for value in args.stage for name in value.split(",") if name]
    with Store.open(args.db, readonly=args.dry_run) as store:
        report = reanalyse(store, options=Options(kb_dirs=args.kb), since=args.since, until=args.until,
                           stages=stages or None, dry_run=args.dry_run, batch_size=batch)
    if args.json:
        sys.stdout.write(json.dumps(report.to_dict(), ensure_ascii=False, indent=2) + "\n")
    else:
        print(report.render())
    if report.interrupted:
        return 130
    return 1 if report.failed else 0

"""Where the store step's CPU goes, statement by statement (session 11).

    .venv/bin/python bench/store_sql_profile.py --docs /tmp/docs.pkl [--limit 1000] [--top 30] [--python 30]

Stores the documents as `bench/store_equivalence.py --ingest` does (same scenario, same pickle of processed
documents), on a connection whose `execute`/`executemany` are timed per SQL text in CPU seconds of the
process (other work on a shared machine does not count), and prints the statements by total CPU time with
their calls, then the Python side (cProfile with a CPU clock, own time) when --python is given. An
`executemany` given a generator counts the generator's Python work too.
"""

from __future__ import annotations

import argparse
import cProfile
import pstats
import sqlite3
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path
from typing import Any

from marsad.ingest.dedup import signature_bytes
from marsad.store import Store

sys.path.insert(0, str(Path(__file__).resolve().parent))
from pipeline_equivalence import with_default_corpus  # noqa: E402
from store_equivalence import processed, write  # noqa: E402

SPENT: dict[str, list[float]] = defaultdict(lambda: [0, 0.0])


class TimedConnection(sqlite3.Connection):
    def execute(self, sql: str, *args: Any) -> sqlite3.Cursor:  # type: ignore[override]
        t = time.process_time()
        try:
            return super().execute(sql, *args)
        finally:
            row = SPENT[sql]
            row[0] += 1
            row[1] += time.process_time() - t

    def executemany(self, sql: str, *args: Any) -> sqlite3.Cursor:  # type: ignore[override]
        t = time.process_time()
        try:
            return super().executemany(sql, *args)
        finally:
            row = SPENT["(many) " + sql]
            row[0] += 1
            row[1] += time.process_time() - t


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("inputs", nargs="*")
    parser.add_argument("--preset", default=None)
    parser.add_argument("--limit", type=int, default=1000)
    parser.add_argument("--docs", type=Path, help="pickle of the processed documents (written if absent)")
    parser.add_argument("--top", type=int, default=30)
    parser.add_argument("--python", type=int, default=0, help="also cProfile (CPU clock) and print this many rows")
    args = parser.parse_args()
    if not with_default_corpus(args):
        return 2
    docs = processed(args.inputs, args.preset, args.limit, args.docs)
    signatures = [signature_bytes(d.body) for d in docs]
    connect = sqlite3.connect
    sqlite3.connect = lambda *a, **k: connect(*a, **k, factory=TimedConnection)  # type: ignore[assignment]
    with tempfile.TemporaryDirectory(prefix="marsad-store-sql-") as tmp:
        store = Store.open(Path(tmp) / "archive.db")
        SPENT.clear()  # (the migrations)
        profiler = cProfile.Profile(time.process_time) if args.python else None
        t = time.process_time()
        if profiler:
            profiler.enable()
        write(store, docs, 0, signatures)
        if profiler:
            profiler.disable()
        t = time.process_time() - t
        store.close()
    n = len(docs) or 1
    sql_total = sum(s for _, s in SPENT.values())
    print(f"{len(docs)} articles: CPU {t * 1000 / n:.3f} ms/article, of which SQL calls {sql_total * 1000 / n:.3f}"
          f" ({len(SPENT)} distinct statements; sqlite3 keeps 128 prepared per connection)")
    for sql, (calls, spent) in sorted(SPENT.items(), key=lambda kv: -kv[1][1])[:args.top]:
        print(f"{spent * 1000 / n:8.3f} ms/art {calls:7d}  {' '.join(sql.split())[:150]}")
    if profiler:
        pstats.Stats(profiler).sort_stats("tottime").print_stats(args.python)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

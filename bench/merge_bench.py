"""One event, many reports (marsad.merge, issue 21): merge an archive's events, quotes and stories again on a
copy of it, and print the figures: events and quotes before/after, reports per event, stories, time (wall
and CPU) and peak memory; with --sample, the precision-check samples (seeded) to judge by reading.

    python bench/merge_bench.py ARCHIVE.db                  # the figures (bench/README.md, "Merging")
    python bench/merge_bench.py ARCHIVE.db --sample 50      # + 50 merged events and 50 near-miss pairs

The archive is copied to a temporary folder first (its merged tables are rebuilt there; yours is not
touched). Build one with `marsad ingest ../shared/corpus/saudinewsnet-2015.jsonl.gz --preset saudinewsnet`.
"""

from __future__ import annotations

import argparse
import random
import resource
import shutil
import sqlite3
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

from marsad.merge import update  # noqa: E402
from marsad.store import Store  # noqa: E402

BUCKETS = ((1, 1), (2, 2), (3, 3), (4, 5), (6, 10), (11, 10**9))


def _bucket(n: int) -> str:
    for lo, hi in BUCKETS:
        if lo <= n <= hi:
            return str(lo) if lo == hi else (f"{lo}-{hi}" if hi < 10**9 else f">{lo - 1}")
    return "?"


def distribution(values: list[int]) -> dict[str, int]:
    counts = Counter(_bucket(v) for v in values)
    return {label: counts.get(label, 0) for label in [_bucket(lo) for lo, _ in BUCKETS]}


def figures(conn: sqlite3.Connection) -> dict[str, object]:
    one = lambda sql: conn.execute(sql).fetchone()[0]  # noqa: E731
    per_event = [n for (n,) in conn.execute("SELECT n_reports FROM merged_events")]
    sources = [n for (n,) in conn.execute("SELECT n_sources FROM merged_events WHERE n_reports > 1")]
    stories = [n for (n,) in conn.execute("SELECT n_articles FROM stories")]
    return {
        "articles": one("SELECT count(*) FROM articles"),
        "events (article rows)": one("SELECT count(*) FROM events"),
        "merged events": len(per_event),
        "merged events with 2+ reports": sum(n > 1 for n in per_event),
        "reports in those": sum(n for n in per_event if n > 1),
        "reports per event": distribution(per_event),
        "independent sources of multi-report events": distribution(sources),
        "status decided from disagreeing reports": one(
            "SELECT count(*) FROM merged_events WHERE disagreements LIKE '%status%'"),
        "quotes (article rows)": one("SELECT count(*) FROM quotes"),
        "quotes with a speaker id": one("SELECT count(*) FROM quotes WHERE speaker_actor IS NOT NULL"),
        "merged quotes": one("SELECT count(*) FROM merged_quotes"),
        "merged quotes with 2+ reports": one("SELECT count(*) FROM merged_quotes WHERE n_reports > 1"),
        "stories of 2+ articles": sum(n > 1 for n in stories),
        "articles in those": sum(n for n in stories if n > 1),
        "articles per story (2+)": distribution([n for n in stories if n > 1]),
        "largest story": max(stories, default=0),
        "story links": dict(conn.execute("SELECT coalesce(via, 'first'), count(*) FROM story_articles GROUP BY 1")),
    }


def _report_lines(conn: sqlite3.Connection, merged_id: int) -> list[str]:
    lines = []
    for art, ev, outlet, pub, date, status in conn.execute(
            "SELECT article_id, event_id, outlet, published, date, status FROM event_reports WHERE merged_id = ?"
            " ORDER BY published", (merged_id,)):
        title = conn.execute("SELECT title FROM articles WHERE id = ?", (art,)).fetchone()[0]
        ev_text = " … ".join(t for (t,) in conn.execute(
            "SELECT text FROM evidence WHERE article_id = ? AND event_id = ? ORDER BY start", (art, ev)))
        who = ", ".join(f"{r}:{a}" for r, a in conn.execute(
            "SELECT role, actor_id FROM event_participants WHERE article_id = ? AND event_id = ?", (art, ev)))
        lines.append(f"    {pub} {outlet} {art}/{ev} date={date} {status} [{who}]\n      T: {title}\n      E: {ev_text[:300]}")
    return lines


def samples(conn: sqlite3.Connection, n: int, seed: int) -> None:
    rng = random.Random(seed)
    ids = [i for (i,) in conn.execute("SELECT id FROM merged_events WHERE n_reports > 1 ORDER BY id")]
    print(f"\n## {n} merged events (of {len(ids)} with 2+ reports), seed {seed}")
    for k, mid in enumerate(sorted(rng.sample(ids, min(n, len(ids)))), 1):
        t, mode, date, status, place, nrep = conn.execute(
            "SELECT type, mode, date, status, place_name, n_reports FROM merged_events WHERE id = ?", (mid,)).fetchone()
        actors = ", ".join(a for (a,) in conn.execute("SELECT actor_id FROM merged_event_actors WHERE merged_id = ?",
                                                       (mid,)))
        print(f"\n[M{k}] merged {mid}: {t}/{mode} {date} {status} place={place} reports={nrep} actors={actors}")
        print("\n".join(_report_lines(conn, mid)[:6]))
    # Near misses: two merged events of one type sharing an actor (not a place), within three days, apart.
    pairs = conn.execute(
        "SELECT DISTINCT a.merged_id, b.merged_id FROM merged_event_actors a JOIN merged_event_actors b"
        " ON b.actor_id = a.actor_id AND b.merged_id > a.merged_id JOIN merged_events ma ON ma.id = a.merged_id"
        " JOIN merged_events mb ON mb.id = b.merged_id WHERE ma.type = mb.type AND a.actor_id NOT LIKE 'loc.%'"
        " AND a.actor_id NOT LIKE 'LOC:%' AND abs(julianday(ma.sort_date) - julianday(mb.sort_date)) <= 3"
        " ORDER BY 1, 2").fetchall()
    print(f"\n## {n} pairs not merged (of {len(pairs)}: same type, a shared actor, within three days), seed {seed}")
    for k, (x, y) in enumerate(sorted(rng.sample(pairs, min(n, len(pairs)))), 1):
        print(f"\n[P{k}] {x} / {y}")
        for mid in (x, y):
            t, mode, date, status, place = conn.execute(
                "SELECT type, mode, date, status, place_name FROM merged_events WHERE id = ?", (mid,)).fetchone()
            print(f"  merged {mid}: {t}/{mode} {date} {status} place={place}")
            print("\n".join(_report_lines(conn, mid)[:2]))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("archive")
    parser.add_argument("--sample", type=int, default=0, help="print N merged events and N near-miss pairs")
    parser.add_argument("--seed", type=int, default=21)
    parser.add_argument("--incremental", type=int, default=300,
                        help="then place N random articles again one by one (the ingest hook's cost)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        copy = Path(tmp) / "archive.db"
        shutil.copy(args.archive, copy)
        store = Store.open(copy)  # migrates an archive without the merged tables (the first build)
        wall, cpu = time.perf_counter(), time.process_time()
        with store.transaction() as conn:
            parts = update.rebuild(conn)
        wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        print(f"rebuild of {args.archive}: {wall:.1f} s wall, {cpu:.1f} s CPU (one process, one core);"
              f" peak memory {peak:.0f} MiB")
        print("  by part (wall s): " + ", ".join(f"{k} {v:.1f}" for k, v in parts.items()))
        for key, value in figures(store.conn).items():
            print(f"{key}: {value}")
        if args.incremental:
            ids = [i for (i,) in store.conn.execute("SELECT id FROM articles ORDER BY num")]
            chosen = random.Random(args.seed).sample(ids, min(args.incremental, len(ids)))
            wall, cpu = time.perf_counter(), time.process_time()
            with store.transaction() as conn:
                for article_id in chosen:
                    update.add_article(conn, article_id)
            wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
            print(f"incremental (the ingest hook): {len(chosen)} articles placed again, {1000 * wall / len(chosen):.1f}"
                  f" ms wall, {1000 * cpu / len(chosen):.1f} ms CPU per article")
        if args.sample:
            samples(store.conn, args.sample, args.seed)
        store.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

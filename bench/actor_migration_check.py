"""Migration 0011 on real articles: an archive written by an older revision, opened by this one (its weak
person names re-keyed per article, the merges rebuilt), against a fresh archive of this revision (session 11).

    .venv/bin/python bench/actor_migration_check.py --docs /tmp/docs.pkl --old-src /tmp/main-tree/src

Writes the documents (the pickle of bench/store_equivalence.py) as `store_equivalence.py --ingest` does, once
with the older revision's code (`--old-src`, in a subprocess) and once with this tree's; opens the old
archive for writing here (the migration runs), rebuilds the fresh archive's merges (what the migration does
to the old one) and prints, table by table, whether the actor keys, the actors' rows, and the merged
events, quotes and stories (as groups of reports) are the same.
"""

from __future__ import annotations

import argparse
import os
import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path

BENCH = Path(__file__).resolve().parent
SRC = BENCH.parent / "src"

WRITE = """
import hashlib, pickle, sys
sys.path.insert(0, {bench!r})
from store_equivalence import write
from marsad.ingest.dedup import signature_bytes
from marsad.store import Store
docs = pickle.load(open({docs!r}, 'rb'))
with Store.open({db!r}) as s:
    write(s, docs, 0, [signature_bytes(d.body) for d in docs])
"""

CHECKS = {
    "actors": "SELECT id, kb_id, type, name, name_norm, name_en FROM actors ORDER BY id",
    "entities": "SELECT article_id, local_id, actor_id FROM entities ORDER BY 1, 2",
    "quotes": "SELECT article_id, local_id, speaker_actor FROM quotes ORDER BY 1, 2",
    "events": "SELECT article_id, local_id, place_actor, reported_by_actor FROM events ORDER BY 1, 2",
    "event_participants": "SELECT article_id, event_id, role, entity_id, actor_id FROM event_participants"
                          " ORDER BY 1, 2, 3, 4",
    "merged quotes": "SELECT group_concat(article_id || '/' || quote_id, ' ') FROM (SELECT * FROM quote_reports"
                     " ORDER BY article_id, quote_id) GROUP BY merged_id ORDER BY 1",
    "merged events": "SELECT group_concat(article_id || '/' || event_id, ' ') FROM (SELECT * FROM event_reports"
                     " ORDER BY article_id, event_id) GROUP BY merged_id ORDER BY 1",
    "merged event actors": "SELECT x.actor_id, r.article_id, r.event_id FROM merged_event_actors x JOIN"
                           " event_reports r ON r.merged_id = x.merged_id ORDER BY 1, 2, 3",
    "stories": "SELECT group_concat(article_id, ' ') FROM (SELECT * FROM story_articles ORDER BY article_id)"
               " GROUP BY story_id ORDER BY 1",
}


def write_with(src: Path, docs: Path, db: Path) -> None:
    code = WRITE.format(bench=str(BENCH), docs=str(docs), db=str(db))
    subprocess.run([sys.executable, "-c", code], check=True, env={**os.environ, "PYTHONPATH": str(src)})


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--docs", type=Path, required=True, help="bench/store_equivalence.py's --docs pickle")
    parser.add_argument("--old-src", type=Path, required=True, help="src/ of a revision before migration 0011")
    args = parser.parse_args()
    from marsad.merge.update import rebuild
    from marsad.store import Store

    with tempfile.TemporaryDirectory(prefix="marsad-actor-migration-") as tmp:
        old, fresh = Path(tmp) / "old.db", Path(tmp) / "fresh.db"
        write_with(args.old_src, args.docs, old)
        write_with(SRC, args.docs, fresh)
        started = time.perf_counter()
        with Store.open(old) as store:
            print(f"migrated in {time.perf_counter() - started:.1f} s (schema version {store.schema_version})")
        with Store.open(fresh) as store, store.transaction() as conn:
            rebuild(conn)
        a, b = sqlite3.connect(old), sqlite3.connect(fresh)
        same = True
        for name, sql in CHECKS.items():
            rows_a, rows_b = a.execute(sql).fetchall(), b.execute(sql).fetchall()
            same &= rows_a == rows_b
            print(f"{name}: {len(rows_a)} rows migrated, {len(rows_b)} fresh:"
                  f" {'same' if rows_a == rows_b else f'{len(set(rows_a) ^ set(rows_b))} differ'}")
        problems = a.execute("PRAGMA foreign_key_check").fetchall()
        print(f"foreign keys: {'ok' if not problems else problems[:5]}")
        a.close()
        b.close()
    return 0 if same and not problems else 1


if __name__ == "__main__":
    raise SystemExit(main())

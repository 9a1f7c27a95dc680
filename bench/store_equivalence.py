"""Archive writer equivalence and speed on real articles (issue 7).

    .venv/bin/python bench/store_equivalence.py --save /tmp/store-before.json.gz [--limit 300]
    .venv/bin/python bench/store_equivalence.py --compare /tmp/store-before.json.gz [--batch 50]
    .venv/bin/python bench/store_equivalence.py --profile [--top 40]

Runs the default pipeline on the first --limit articles of a JSONL file (default: the SaudiNewsNet corpus in
../shared, preset saudinewsnet; `--docs FILE` keeps the processed documents in a pickle so later runs skip the
pipeline), then writes them into a fresh archive and times only the writing (CPU ms/article). The same
scenario every run: every document stored (one `add_document` each, or `add_documents` in batches of
--batch), then the first 20 again under new source keys (exact duplicates), 5 near duplicates, 5 rejects
and one document with a broken span (refused).

With --ingest the documents are stored as `marsad ingest` stores them: each keeps its input (`given`, so
the archive keeps it for reanalyse), goes through ingest's Loader with its MinHash signature (computed
untimed beforehand; exact and near duplicates recorded, the bands written, the merge's near-duplicate
sources exercised), then every 25th stored article is re-analysed in place (`replace_analysis`, the same
document: its merged events, quotes and story placed again), all inside one `Store.batch` unless --batch
says otherwise.

The archive is then dumped: every table's rows with their rowids (timestamps left out, as they differ by
nature), the whole full-text index and the quotes' trigram index as (term, row, column, offset) instances
(fts5vocab: their segment layout follows when rows are flushed, not what they hold), and a fixed
set of searches (frequent words, prefixes, phrases, OR/NOT; ids, bm25 scores, snippets and highlights).
`--save` writes the dump; `--compare` prints which tables or queries differ, or "identical". Across a new
migration, schema_migrations and schema_version differ by design; the full-text index's instances are
terms as the tokenizer produced them, so they compare across a tokenizer change (migration 0002 left them
identical: the Latin folding moved from the tokenizer into search.fold_latin).
"""

from __future__ import annotations

import argparse
import contextlib
import cProfile
import gzip
import hashlib
import json
import pickle
import pstats
import random
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path
from typing import Any

from marsad.errors import InputError, MarsadError
from marsad.ingest.dedup import signature_bytes
from marsad.ingest.runner import Loader, build_pipeline
from marsad.model import Document, Span
from marsad.pipeline import Options
from marsad.readers.document import snapshot
from marsad.store import Store
from marsad.store.store import content_hash, full_record

sys.path.insert(0, str(Path(__file__).resolve().parent))
from pipeline_equivalence import documents, with_default_corpus  # noqa: E402

TIME_COLUMNS = {"ingested_at", "at", "applied_at"}  # set from the clock: differ between runs by nature


def processed(paths: list[str], preset: str | None, limit: int, cache: Path | None) -> list[Document]:
    if cache and cache.exists():
        with cache.open("rb") as fh:
            return pickle.load(fh)  # noqa: S301 - our own file
    pipeline = build_pipeline(Options())
    out = []
    for doc in documents(paths, preset, limit):
        doc.given = snapshot(doc)  # the input as ingest keeps it (stored only with --ingest)
        try:
            for stage in pipeline.stages:
                doc = stage(doc)
                doc.stages.append(f"{stage.name}@{stage.version}")
        except MarsadError:
            continue
        out.append(doc)
    if cache:
        with cache.open("wb") as fh:
            pickle.dump(out, fh)
    return out


def write(store: Store, docs: list[Document], batch: int, signatures: list[bytes] | None = None) -> list[str]:
    """The fixed scenario; returns what each call returned (ids or error reasons). With `signatures`: the
    ingest scenario (see the module's docstring)."""
    results: list[str] = []
    if signatures is not None:
        loader = Loader(store)
        with store.batch(*([batch] if batch else [])):
            stored = []
            for d, sig in zip(docs, signatures, strict=True):
                outcome = loader.document(d, d.source_name or "", "jsonl",
                                          hashlib.sha256((d.raw or "").encode()).hexdigest(), None, minhash=sig)
                results.append(outcome)
                if outcome == "stored":
                    stored.append((d, store.article_by_hash(content_hash(d.body))))
            for d, article_id in stored[::25]:
                results.append(f"reanalysed:{article_id}:{store.replace_analysis(article_id, d)}")
        docs = [d for d, _ in stored]
        first_id = stored[0][1] if stored else ""
    elif batch:
        for i in range(0, len(docs), batch):
            chunk = docs[i:i + batch]
            results += store.add_documents((d, {"source_key": d.source_name, "source_kind": "jsonl"})
                                           for d in chunk)
    else:
        for d in docs:
            results.append(store.add_document(d, source_key=d.source_name, source_kind="jsonl"))
    if signatures is None:
        first_id = results[0] if results else ""
    for n, d in enumerate(docs[:20]):  # exact duplicates: the ledger records them, nothing else changes
        results.append(store.add_document(d, source_key=f"again#{n}", input_hash=f"h{n}"))
    for n, d in enumerate(docs[20:25]):
        store.add_duplicate(f"near#{n}", f"nh{n}", first_id, "near", 0.912345678, d.title, d.url)
    for n in range(5):
        store.add_reject(f"bad#{n}", f"rh{n}", "not-arabic", f"message {n}")
    if docs:  # one broken document is refused and leaves no trace
        broken = pickle.loads(pickle.dumps(docs[-1]))  # noqa: S301 - a deep copy
        broken.body = broken.body + " زيادة"
        broken.paragraphs = [*broken.paragraphs, Span(0, 3, "xyz")]
        try:
            store.add_document(broken, source_key="broken")
        except InputError as err:
            results.append(f"refused:{err.reason}")
    return results


def queries(docs: list[Document], n_words: int = 120, n_phrases: int = 40) -> list[str]:
    """A fixed query set drawn from the documents (not from the archive, so both runs ask the same)."""
    rng = random.Random(5)
    words: Counter[str] = Counter()
    for d in docs:
        words.update(w for w in d.body.split() if len(w) > 2 and w.isalpha())
    common = [w for w, _ in words.most_common(400)]
    rare = sorted(w for w, c in words.items() if c == 2)
    out = rng.sample(common, min(n_words // 2, len(common))) + rng.sample(rare, min(n_words // 2, len(rare)))
    out += [w[:3] for w in common[:20]]  # short prefixes
    for d in rng.sample(docs, min(n_phrases, len(docs))):
        toks = [w for w in d.body.split() if w.isalpha()]
        if len(toks) > 3:
            i = rng.randrange(len(toks) - 2)
            out.append(f'"{toks[i]} {toks[i + 1]}"')
    for a, b in zip(common[:10], common[10:20], strict=False):
        out += [f"{a} OR {b}", f"{a} NOT {b}", f"{a} -{b}", f"{a} {b}"]
    return out


def quote_queries(docs: list[Document], n: int = 40) -> list[str]:
    """Words and word pairs of the documents' quotes, for the quote search by text (the trigram index)."""
    rng = random.Random(7)
    texts = sorted({q.text for d in docs for q in d.quotes})
    out = []
    for text in rng.sample(texts, min(n, len(texts))):
        words = [w for w in text.split() if w.isalpha()]
        if len(words) >= 2:
            i = rng.randrange(len(words) - 1)
            out += [words[i], f"{words[i]} {words[i + 1]}"]
    return out


def dump(store: Store, qs: list[str], quote_qs: list[str] = ()) -> dict[str, Any]:
    conn = store.conn
    out: dict[str, Any] = {}
    tables = [r[0] for r in conn.execute(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'articles_fts%'"
        " AND name NOT LIKE 'quotes_text%' AND name NOT LIKE 'sqlite_%' ORDER BY name")]
    for table in tables:
        cols = [r[1] for r in conn.execute(f"PRAGMA table_info({table})") if r[1] not in TIME_COLUMNS]
        without_rowid = "WITHOUT ROWID" in conn.execute(
            "SELECT upper(sql) FROM sqlite_master WHERE name = ?", (table,)).fetchone()[0]
        # A WITHOUT ROWID table (minhash_bands) is compared by its rows in key order (it has no rowid).
        sql = (f"SELECT {', '.join(cols)} FROM {table} ORDER BY {', '.join(cols)}" if without_rowid  # noqa: S608
               else f"SELECT rowid, {', '.join(cols)} FROM {table} ORDER BY rowid")  # noqa: S608 - schema names
        rows = [[x.hex() if isinstance(x, bytes) else x for x in row] for row in conn.execute(sql)]
        if table == "articles":  # the record as the archive serves it (stored without the body's text)
            at_record, at_body = 1 + cols.index("record"), 1 + cols.index("body")
            for row in rows:
                row[at_record] = json.dumps(full_record(json.loads(row[at_record]), row[at_body]), ensure_ascii=False)
        out[f"table:{table}"] = rows
    for fts_table, key in (("articles_fts", "fts"), ("quotes_text", "fts:quotes_text")):
        if not conn.execute("SELECT 1 FROM sqlite_master WHERE name = ?", (fts_table,)).fetchone():
            continue
        conn.execute(f"CREATE VIRTUAL TABLE temp.fts_instances USING fts5vocab(main, {fts_table}, instance)")
        instances = conn.execute("SELECT term, doc, col, offset FROM temp.fts_instances ORDER BY term, doc, col, offset")
        digest = hashlib.sha256()
        count = 0
        for row in instances:
            digest.update(repr(row).encode("utf-8"))
            count += 1
        out[f"{key}:instances"] = [count, digest.hexdigest()]
        out[f"{key}:rows"] = conn.execute(f"SELECT count(*) FROM {fts_table}").fetchone()[0]  # noqa: S608
        conn.execute("DROP TABLE temp.fts_instances")
    searches = {}
    for q in qs:
        try:
            hits = store.search(q, limit=10)
        except InputError as err:
            searches[q] = f"error:{err.reason}"
            continue
        searches[q] = hits
    out["search"] = searches
    out["quote_search"] = {q: store.quotes(text=q, level="report", limit=50)
                           for q in quote_qs}
    return out


def compare(before: dict[str, Any], after: dict[str, Any], show: int) -> int:
    differ = 0
    for key in sorted(set(before) | set(after)):
        old, new = before.get(key), after.get(key)
        if old == new:
            continue
        differ += 1
        print(f"{key} differs")
        if isinstance(old, list) and isinstance(new, list):
            print(f"  rows {len(old)} -> {len(new)}")
            for o, n in list(zip(old, new, strict=False)):
                if o != n and show > 0:
                    show -= 1
                    print(f"  - {str(o)[:300]}\n  + {str(n)[:300]}")
                    break
        elif isinstance(old, dict) and isinstance(new, dict):
            for q in sorted(set(old) | set(new)):
                if old.get(q) != new.get(q) and show > 0:
                    show -= 1
                    print(f"  query {q!r}:\n  - {str(old.get(q))[:300]}\n  + {str(new.get(q))[:300]}")
        else:
            print(f"  - {str(old)[:300]}\n  + {str(new)[:300]}")
    print(f"{len(before)} parts compared ({sum(len(v) for k, v in before.items() if k.startswith('table:'))} rows,"
          f" {len(before.get('search', {}))} searches)")
    if not differ:
        print("identical")
    return 1 if differ else 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("inputs", nargs="*")
    parser.add_argument("--preset", default=None)
    parser.add_argument("--limit", type=int, default=300)
    parser.add_argument("--docs", type=Path, help="pickle of the processed documents (written if absent)")
    parser.add_argument("--batch", type=int, default=0, help="store with add_documents in batches of N")
    parser.add_argument("--ingest", action="store_true", help="store as ingest does (see above)")
    parser.add_argument("--repeat", type=int, default=1, help="time the writing this many times (fresh archives)")
    parser.add_argument("--save", type=Path)
    parser.add_argument("--compare", type=Path)
    parser.add_argument("--show", type=int, default=8)
    parser.add_argument("--profile", action="store_true", help="cProfile the writing, sorted by own time")
    parser.add_argument("--top", type=int, default=40)
    args = parser.parse_args()
    if not with_default_corpus(args):
        return 2
    docs = processed(args.inputs, args.preset, args.limit, args.docs)
    qs = queries(docs)
    signatures = [signature_bytes(d.body) for d in docs] if args.ingest else None
    if not args.ingest:
        for d in docs:
            d.given = None  # the archive keeps no input (the scenario before --ingest)
    result: dict[str, Any] = {}
    for rep in range(max(1, args.repeat)):
        with tempfile.TemporaryDirectory(prefix="marsad-store-eq-") as tmp:
            store = Store.open(Path(tmp) / "archive.db")
            profiler = cProfile.Profile() if args.profile else None
            t, w = time.process_time(), time.perf_counter()
            with profiler or contextlib.nullcontext():
                returned = write(store, docs, args.batch, signatures)
            t, w = time.process_time() - t, time.perf_counter() - w
            n = len(docs) or 1
            print(f"{len(docs)} articles stored{f' in batches of {args.batch}' if args.batch else ''}:"
                  f" CPU {t * 1000 / n:.2f} ms/article (wall {w * 1000 / n:.2f})")
            if profiler:
                pstats.Stats(profiler).sort_stats("tottime").print_stats(args.top)
            if rep == 0:
                result = dump(store, qs, quote_queries(docs))
                result["returned"] = returned
            store.close()
    if args.save:
        with gzip.open(args.save, "wt", encoding="utf-8") as out:
            json.dump(result, out, ensure_ascii=False)
    if args.compare:
        with gzip.open(args.compare, "rt", encoding="utf-8") as saved:
            before = json.load(saved)
        return compare(before, json.loads(json.dumps(result, ensure_ascii=False)), args.show)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

"""Checks of an archive file after faults: SQLite's own integrity checks, no half-written article, and a
content snapshot (every table's rows without timestamps) to compare a faulted run with a clean one."""

from __future__ import annotations

import sqlite3
from pathlib import Path

TIME_COLUMNS = {"ingested_at", "at", "applied_at", "num"}  # differ between runs by nature
TABLES = ("articles", "paragraphs", "actors", "entities", "mentions", "quotes", "events", "event_participants",
          "evidence", "inputs", "rejects", "duplicates")


def integrity_problems(db: Path) -> list[str]:
    """Everything wrong with the archive at `db` (empty list: sound)."""
    conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    try:
        problems = [r[0] for r in conn.execute("PRAGMA integrity_check") if r[0] != "ok"]
        problems += [f"foreign key: {tuple(r)}" for r in conn.execute("PRAGMA foreign_key_check")]
        # A stored article has its ledger line, its full-text row and its paragraphs (one transaction).
        problems += [f"article {r[0]} without its ledger line" for r in conn.execute(
            "SELECT id FROM articles WHERE id NOT IN (SELECT article_id FROM inputs WHERE outcome = 'stored'"
            " AND article_id IS NOT NULL)")]
        problems += [f"article {r[0]} without paragraphs" for r in conn.execute(
            "SELECT id FROM articles WHERE id NOT IN (SELECT article_id FROM paragraphs)")]
        fts_rows = conn.execute("SELECT count(*) FROM articles_fts").fetchone()[0]
        articles = conn.execute("SELECT count(*) FROM articles").fetchone()[0]
        if fts_rows != articles:
            problems.append(f"{fts_rows} full-text rows for {articles} articles")
        problems += [f"ledger says stored, no article: {r[0]}" for r in conn.execute(
            "SELECT source_key FROM inputs WHERE outcome = 'stored' AND article_id NOT IN (SELECT id FROM articles)")]
        problems += [f"ledger says rejected, no reject row: {r[0]}" for r in conn.execute(
            "SELECT i.source_key FROM inputs i LEFT JOIN rejects r USING (source_key, input_hash)"
            " WHERE i.outcome = 'rejected' AND r.reason IS NULL")]
    finally:
        conn.close()
    return problems


def snapshot(db: Path) -> dict[str, list[tuple]]:
    """Every table's rows (timestamps left out), sorted: equal snapshots mean equal archives."""
    conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    try:
        out = {}
        for table in TABLES:
            cols = [r[1] for r in conn.execute(f"PRAGMA table_info({table})") if r[1] not in TIME_COLUMNS]
            out[table] = sorted(conn.execute(f"SELECT {', '.join(cols)} FROM {table}").fetchall(), key=repr)
        return out
    finally:
        conn.close()

"""Watch state: feeds, conditional-request validators, pages seen, errors, rounds — in the archive's file.

The tables are prefixed `watch_` and created with CREATE TABLE IF NOT EXISTS on the archive's own
SQLite connection (the Store's writer lock covers them), so a watch and its articles stay one file
that can be copied, and a restart finds everything where it was. Times are UTC ISO strings
("2025-10-13T12:00:00Z"), which sort as they compare.

Page states: pending (found, not fetched yet) -> done (fetched and ingested: stored, duplicate,
rejected or unchanged) | retry (a transient failure; tried again after `next_attempt`) | failed
(a permanent failure or too many tries) | blocked (robots.txt forbids it: never requested).
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from .feedlist import FeedSpec, normalize_url
from .listing import Link

SCHEMA = (
    """CREATE TABLE IF NOT EXISTS watch_feeds (
        url TEXT PRIMARY KEY,
        outlet TEXT,
        parent TEXT,                        -- the sitemap index that lists it (NULL for feeds of the list)
        active INTEGER NOT NULL DEFAULT 1,  -- 0 once removed from the feeds file (history kept)
        kind TEXT,                          -- rss | atom | sitemap | news-sitemap | sitemap-index | url-list
        etag TEXT,
        last_modified TEXT,
        added_at TEXT NOT NULL,
        last_checked TEXT,
        last_success TEXT,
        last_status INTEGER,
        last_error TEXT,                    -- "kind: message" of the last failure
        last_error_at TEXT,
        failures INTEGER NOT NULL DEFAULT 0,  -- consecutive failures (drives the back-off)
        next_attempt TEXT                   -- not checked before this time (back-off)
    )""",
    """CREATE TABLE IF NOT EXISTS watch_pages (
        url TEXT PRIMARY KEY,               -- normalised (no fragment, no tracking parameters)
        feed TEXT NOT NULL,                 -- the feed or sitemap that listed it first
        title TEXT,
        published TEXT,
        outlet TEXT,
        via TEXT NOT NULL,                  -- feed | sitemap
        state TEXT NOT NULL,                -- pending | done | retry | failed | blocked
        outcome TEXT,                       -- for done: stored | duplicate | rejected | unchanged
        attempts INTEGER NOT NULL DEFAULT 0,
        last_status INTEGER,
        last_error TEXT,
        next_attempt TEXT,
        first_seen TEXT NOT NULL,
        fetched_at TEXT
    )""",
    "CREATE INDEX IF NOT EXISTS watch_pages_due ON watch_pages(state, next_attempt)",
    "CREATE INDEX IF NOT EXISTS watch_pages_feed ON watch_pages(feed)",
    """CREATE TABLE IF NOT EXISTS watch_errors (
        id INTEGER PRIMARY KEY,
        at TEXT NOT NULL,
        round INTEGER,
        scope TEXT NOT NULL,                -- feed | page
        url TEXT NOT NULL,
        feed TEXT,
        kind TEXT NOT NULL,                 -- http-status | timeout | connection | parse-error | too-large | robots…
        status INTEGER,
        message TEXT NOT NULL
    )""",
    "CREATE INDEX IF NOT EXISTS watch_errors_url ON watch_errors(url, at)",
    """CREATE TABLE IF NOT EXISTS watch_rounds (
        id INTEGER PRIMARY KEY,
        started TEXT NOT NULL,
        finished TEXT,
        report TEXT                         -- the RoundReport as JSON
    )""",
)

PENDING, DONE, RETRY, FAILED, BLOCKED = "pending", "done", "retry", "failed", "blocked"


def iso(t: datetime) -> str:
    return t.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


@dataclass
class Backoff:
    """Wait base * 2^(failures-1), capped: a broken feed or page is asked less and less often."""

    base: float = 300.0
    cap: float = 6 * 3600.0

    def after(self, failures: int, retry_after: float | None = None) -> timedelta:
        """The wait after `failures` failures in a row; a server's Retry-After (seconds) is honoured, up to a day."""
        wait = min(self.base * 2 ** max(failures - 1, 0), self.cap)
        if retry_after:
            wait = max(wait, min(retry_after, 86400.0))
        return timedelta(seconds=wait)


@dataclass
class PageTask:
    url: str
    feed: str
    title: str | None
    published: str | None
    outlet: str | None
    via: str
    attempts: int


class WatchState:
    def __init__(self, conn: sqlite3.Connection, *, create: bool = True) -> None:
        self.conn = conn
        if create:
            for statement in SCHEMA:
                conn.execute(statement)

    def exists(self) -> bool:
        row = self.conn.execute("SELECT 1 FROM sqlite_master WHERE name = 'watch_feeds'").fetchone()
        return row is not None

    # ---- feeds ------------------------------------------------------------------------------------

    def sync_feeds(self, specs: Iterable[FeedSpec], now: datetime) -> None:
        """Make the listed feeds active (adding new ones); feeds no longer listed become inactive."""
        specs = list(specs)
        with self._tx():
            self.conn.execute("UPDATE watch_feeds SET active = 0 WHERE parent IS NULL")
            for spec in specs:
                self.conn.execute(
                    "INSERT INTO watch_feeds (url, outlet, added_at) VALUES (?, ?, ?) "
                    "ON CONFLICT(url) DO UPDATE SET active = 1, outlet = excluded.outlet, parent = NULL",
                    (spec.url, spec.outlet, iso(now)))

    def due_feeds(self, now: datetime) -> list[dict[str, Any]]:
        rows = self.conn.execute(
            "SELECT url, outlet, etag, last_modified, failures FROM watch_feeds WHERE active = 1 "
            "AND parent IS NULL AND (next_attempt IS NULL OR next_attempt <= ?) ORDER BY rowid", (iso(now),))
        return [dict(zip(("url", "outlet", "etag", "last_modified", "failures"), r, strict=True)) for r in rows]

    def validators(self, url: str) -> tuple[str | None, str | None]:
        row = self.conn.execute("SELECT etag, last_modified FROM watch_feeds WHERE url = ?", (url,)).fetchone()
        return (row[0], row[1]) if row else (None, None)

    def child_validators(self, parent: str) -> dict[str, tuple[str | None, str | None]]:
        """The sitemaps an index listed last time, newest found first, with their validators."""
        rows = self.conn.execute("SELECT url, etag, last_modified FROM watch_feeds WHERE parent = ? AND active = 1 "
                                 "ORDER BY rowid DESC", (parent,))
        return {r[0]: (r[1], r[2]) for r in rows}

    def set_children(self, parent: str, urls: list[str]) -> None:
        """The index now lists these sitemaps (of those followed): the others become inactive."""
        marks = ",".join("?" * len(urls))
        self.conn.execute(f"UPDATE watch_feeds SET active = (url IN ({marks})) WHERE parent = ?", (*urls, parent))

    def feed_ok(self, url: str, now: datetime, *, status: int, kind: str | None, etag: str | None,
                last_modified: str | None, parent: str | None = None, outlet: str | None = None) -> None:
        self.conn.execute(
            "INSERT INTO watch_feeds (url, outlet, parent, added_at) VALUES (?, ?, ?, ?) ON CONFLICT(url) DO NOTHING",
            (url, outlet, parent, iso(now)))
        # A 304 carries no new validators: keep the old ones.
        self.conn.execute(
            "UPDATE watch_feeds SET last_checked = ?, last_success = ?, last_status = ?, failures = 0, "
            "next_attempt = NULL, kind = COALESCE(?, kind), etag = COALESCE(?, etag), "
            "last_modified = COALESCE(?, last_modified), active = 1 WHERE url = ?",
            (iso(now), iso(now), status, kind, etag, last_modified, url))

    def feed_failed(self, url: str, now: datetime, *, kind: str, status: int | None, message: str,
                    backoff: Backoff, round_id: int | None, parent: str | None = None,
                    retry_after: float | None = None) -> int:
        """Record a failure; returns the count of consecutive failures."""
        self.conn.execute(
            "INSERT INTO watch_feeds (url, parent, added_at) VALUES (?, ?, ?) ON CONFLICT(url) DO NOTHING",
            (url, parent, iso(now)))
        row = self.conn.execute("SELECT failures FROM watch_feeds WHERE url = ?", (url,)).fetchone()
        failures = int(row[0]) + 1
        self.conn.execute(
            "UPDATE watch_feeds SET last_checked = ?, last_status = ?, last_error = ?, last_error_at = ?, "
            "failures = ?, next_attempt = ? WHERE url = ?",
            (iso(now), status, f"{kind}: {message}", iso(now), failures,
             iso(now + backoff.after(failures, retry_after)), url))
        self.log_error(now, round_id, "feed", url, parent or url, kind, status, message)
        return failures

    # ---- pages ------------------------------------------------------------------------------------

    def add_links(self, feed: str, links: Iterable[Link], via: str, now: datetime, outlet: str | None,
                  since: str | None = None) -> int:
        """Record links not seen before as pending; returns how many were new."""
        new = 0
        with self._tx():
            for link in links:
                day = link.published or link.modified
                if since and day and day < since:
                    continue
                cur = self.conn.execute(
                    "INSERT INTO watch_pages (url, feed, title, published, outlet, via, state, first_seen) "
                    "VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT(url) DO NOTHING",
                    (normalize_url(link.url), feed, link.title, link.published, outlet or link.outlet, via,
                     PENDING, iso(now)))
                new += cur.rowcount
        return new

    def due_pages(self, now: datetime, limit: int | None) -> list[PageTask]:
        """Pages to fetch now: pending ones and retries whose wait is over, newest first."""
        rows = self.conn.execute(
            "SELECT url, feed, title, published, outlet, via, attempts FROM watch_pages "
            "WHERE state = 'pending' OR (state = 'retry' AND next_attempt <= ?) "
            "ORDER BY published DESC NULLS LAST, first_seen, url LIMIT ?", (iso(now), -1 if limit is None else limit))
        return [PageTask(*r) for r in rows]

    def page_done(self, url: str, now: datetime, outcome: str, status: int | None) -> None:
        self.conn.execute(
            "UPDATE watch_pages SET state = 'done', outcome = ?, attempts = attempts + 1, last_status = ?, "
            "next_attempt = NULL, fetched_at = ? WHERE url = ?", (outcome, status, iso(now), url))

    def page_failed(self, task: PageTask, now: datetime, *, kind: str, status: int | None, message: str,
                    transient: bool, backoff: Backoff, max_attempts: int, round_id: int | None,
                    retry_after: float | None = None) -> str:
        """Record a page failure; returns the page's new state (retry, failed or blocked)."""
        attempts = task.attempts + 1
        if kind == "robots":
            state = BLOCKED
        elif transient and attempts < max_attempts:
            state = RETRY
        else:
            state = FAILED
        next_attempt = iso(now + backoff.after(attempts, retry_after)) if state == RETRY else None
        self.conn.execute(
            "UPDATE watch_pages SET state = ?, attempts = ?, last_status = ?, last_error = ?, next_attempt = ?, "
            "fetched_at = ? WHERE url = ?",
            (state, attempts, status, f"{kind}: {message}", next_attempt, iso(now), task.url))
        self.log_error(now, round_id, "page", task.url, task.feed, kind, status, message)
        return state

    # ---- errors and rounds ------------------------------------------------------------------------

    def log_error(self, now: datetime, round_id: int | None, scope: str, url: str, feed: str | None, kind: str,
                  status: int | None, message: str) -> None:
        self.conn.execute(
            "INSERT INTO watch_errors (at, round, scope, url, feed, kind, status, message) VALUES (?,?,?,?,?,?,?,?)",
            (iso(now), round_id, scope, url, feed, kind, status, message))

    def start_round(self, now: datetime) -> int:
        cur = self.conn.execute("INSERT INTO watch_rounds (started) VALUES (?)", (iso(now),))
        return int(cur.lastrowid or 0)

    def finish_round(self, round_id: int, now: datetime, report: dict[str, Any]) -> None:
        self.conn.execute("UPDATE watch_rounds SET finished = ?, report = ? WHERE id = ?",
                          (iso(now), json.dumps(report, ensure_ascii=False), round_id))

    # ---- health -----------------------------------------------------------------------------------

    def health(self, errors_per_feed: int = 3) -> list[dict[str, Any]]:
        """One dict per feed (sitemaps found in an index included, with their parent): the `feeds` view."""
        cols = ("url", "outlet", "parent", "active", "kind", "added_at", "last_checked", "last_success",
                "last_status", "last_error", "last_error_at", "failures", "next_attempt")
        rows = [dict(zip(cols, r, strict=True)) for r in self.conn.execute(
            f"SELECT {', '.join(cols)} FROM watch_feeds ORDER BY COALESCE(parent, url), parent IS NOT NULL, url")]
        counts: dict[str, dict[str, int]] = {}
        for feed, state, outcome, n in self.conn.execute(
                "SELECT feed, state, outcome, count(*) FROM watch_pages GROUP BY feed, state, outcome"):
            c = counts.setdefault(feed, {})
            c["found"] = c.get("found", 0) + n
            key = outcome if state == DONE else state
            c[key] = c.get(key, 0) + n
        active = {row["url"]: bool(row["active"]) for row in rows}
        for row in rows:
            c = counts.get(row["url"], {})
            row["active"] = active[row["url"]] and active.get(row["parent"], True)
            row["articles_found"] = c.get("found", 0)
            row["articles_stored"] = c.get("stored", 0)
            row["pages"] = {k: v for k, v in c.items() if k != "found"}
            row["status"] = ("inactive" if not row["active"] else "never checked" if not row["last_checked"]
                             else "failing" if row["failures"] else "ok")
            row["recent_errors"] = [
                dict(zip(("at", "scope", "url", "kind", "status", "message"), r, strict=True))
                for r in self.conn.execute(
                    "SELECT at, scope, url, kind, status, message FROM watch_errors WHERE feed = ? "
                    "ORDER BY id DESC LIMIT ?", (row["url"], errors_per_feed))]
        return rows

    def _tx(self) -> _Transaction:
        return _Transaction(self.conn)


class _Transaction:
    """BEGIN … COMMIT on an autocommit connection (the Store opens it with isolation_level=None)."""

    def __init__(self, conn: sqlite3.Connection) -> None:
        self.conn = conn

    def __enter__(self) -> sqlite3.Connection:
        self.conn.execute("BEGIN IMMEDIATE")
        return self.conn

    def __exit__(self, exc_type: object, *exc: object) -> None:
        self.conn.execute("ROLLBACK" if exc_type else "COMMIT")

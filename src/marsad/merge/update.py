"""Keeping the merged tables up to date: per stored article (the archive writer's hook), the full rebuild
(the migration, `marsad events merge --rebuild`), and the user's decisions (merge, split).

A user's decision pins reports: the reports of a `merge` share one pin, each report a `split` names gets a
pin of its own (and the rest of the event one common pin). Placing a pinned report puts it with the
reports of its pin, and the automatic merge never joins a pinned report with any other; the pins are kept
by (article id, local id), so a rebuild or the re-ingest of an article finds them again.
"""

from __future__ import annotations

import json
import sqlite3
import time
from collections import Counter
from datetime import UTC, datetime

from .events import EventMerger, load_reports
from .stories import ArticleFacts


class MergeSession:
    """The ingest hook's mergers, kept from one stored article to the next (the archive's writer keeps one
    while it alone writes: Store._merge_session), so that what they read of the merged tables — each
    candidate's reports, their sources, the neighbours' titles — is read once a session rather than once an
    article. What they keep stays true as long as every write to the merged tables goes through them: the
    writer drops the session on a rollback and before any other write (Store.transaction). An article
    placed again (re-analysed) is taken out of what they keep first, as its rows are of the tables."""

    MAX_KEPT = 200_000  # reports kept in memory, beyond which they are read again (bounded memory)

    def __init__(self, conn: sqlite3.Connection) -> None:
        from .quotes import QuoteMerger
        from .stories import StoryLinker

        self.conn = conn
        self.events = EventMerger(conn)
        self.quotes = QuoteMerger(conn)
        self.stories = StoryLinker(conn)

    def add_article(self, article_id: str, facts: ArticleFacts | None = None) -> None:
        """Merge one stored article's events, quotes and story (its reports placed again if it had some);
        `facts`: what its writer knows of it (stories.ArticleFacts), which spares reading it back."""
        from . import stories

        conn = self.conn
        if len(self.events.known) > self.MAX_KEPT or len(self.quotes.sources) > self.MAX_KEPT:
            self.events = EventMerger(conn)
            self.quotes.forget()
        self.events.settle()
        self.quotes.settle()
        # whether the article was merged before (re-analysed): three look-ups in one
        events_before, quotes_before, story_before = conn.execute(
            "SELECT EXISTS (SELECT 1 FROM event_reports WHERE article_id = ?), EXISTS (SELECT 1 FROM quote_reports"
            " WHERE article_id = ?), EXISTS (SELECT 1 FROM story_articles WHERE article_id = ?)",
            (article_id, article_id, article_id)).fetchone()
        if events_before:
            self.events.remove_article(article_id)
        reports = load_reports(conn, "e.article_id = ?", [article_id]) if facts is None or facts.events else []
        for report in reports:
            self.events.add(report)
        if quotes_before:
            self.quotes.remove_article(article_id)
        for quote in self.quotes.load_article(article_id) if facts is None or facts.quotes else ():
            self.quotes.add(quote)
        if story_before:
            stories.remove_article(conn, article_id)
        self.stories.add(article_id, events=bool(reports), facts=facts)


def add_article(conn: sqlite3.Connection, article_id: str, session: MergeSession | None = None,
                facts: ArticleFacts | None = None) -> None:
    """Merge one stored article's events, quotes and story (its reports placed again if it had some),
    inside the caller's transaction. Cheap: a few indexed look-ups per event, whatever the archive's size.
    `session`: the mergers kept from the articles before (see MergeSession), else made for this one;
    `facts`: what the writer knows of the article it has just written (stories.ArticleFacts)."""
    (session or MergeSession(conn)).add_article(article_id, facts)


# What identifies a report of an article across a re-analysis (its local ids are numbered again): the exact
# key (its span in the body), and a looser one for a body whose offsets moved (the clean stage's rules changed).
_IDENTITY: dict[str, tuple[str, str, int]] = {  # kind -> (table, columns, how many make the loose key)
    "event": ("events", "t.type, t.trigger_text, t.trigger_start, t.trigger_end", 2),
    "quote": ("quotes", "t.text_norm, t.start, t.end", 1),
}
Pinned = dict[tuple[str, str], tuple[object, ...]]


def pinned_reports(conn: sqlite3.Connection, article_id: str) -> Pinned:
    """The identity of each of the article's reports a user decision pinned, (kind, local id) -> identity,
    read before a re-analysis replaces its rows (replace_article finds them again)."""
    out: Pinned = {}
    for kind, (table, columns, _) in _IDENTITY.items():
        for item_id, *ident in conn.execute(
                f"SELECT p.item_id, {columns} FROM merge_pins p JOIN {table} t ON t.article_id = p.article_id"  # noqa: S608
                " AND t.local_id = p.item_id WHERE p.kind = ? AND p.article_id = ?", (kind, article_id)):
            out[(kind, item_id)] = tuple(ident)
    return out


def replace_article(conn: sqlite3.Connection, article_id: str, pinned: Pinned, session: MergeSession | None = None
                    ) -> dict[str, int]:
    """After `marsad reanalyse` made an article's events and quotes again (their local ids numbered anew):
    the user's pins follow their reports to the new ids (same span, else the only one of the same type and
    trigger / the same words), a pin whose report is gone is dropped (its decision stays in
    merge_decisions), and the article's reports are placed again as the ingest hook places them. Returns
    the pins kept and dropped."""
    counts = {"kept": 0, "dropped": 0}
    for kind, (table, columns, loose_n) in _IDENTITY.items():
        old = {item: ident for (k, item), ident in pinned.items() if k == kind}
        if not old:
            continue
        rows = conn.execute(f"SELECT t.local_id, {columns} FROM {table} t WHERE t.article_id = ?",  # noqa: S608
                            (article_id,)).fetchall()
        exact = {tuple(r[1:]): r[0] for r in rows}
        loose_count = Counter(tuple(r[1:1 + loose_n]) for r in rows)
        loose = {tuple(r[1:1 + loose_n]): r[0] for r in rows}
        pins = conn.execute("SELECT item_id, pin, decision FROM merge_pins WHERE kind = ? AND article_id = ?",
                            (kind, article_id)).fetchall()
        moved, orphans, taken = [], [], set()
        for item_id, pin, decision in pins:
            if item_id not in old:  # a pin that outlived its row before this run: kept while no row has its id
                orphans.append((item_id, pin, decision))
                continue
            ident = old[item_id]
            new_id = exact.get(ident)
            if new_id is None and loose_count[ident[:loose_n]] == 1:
                new_id = loose[ident[:loose_n]]
            if new_id is None or new_id in taken:
                counts["dropped"] += 1
                continue
            taken.add(new_id)
            moved.append((new_id, pin, decision))
            counts["kept"] += 1
        conn.execute("DELETE FROM merge_pins WHERE kind = ? AND article_id = ?", (kind, article_id))
        current = {r[0] for r in rows}
        conn.executemany("INSERT INTO merge_pins VALUES (?, ?, ?, ?, ?)",
                         [(kind, article_id, i, pin, d) for i, pin, d in moved]
                         + [(kind, article_id, i, pin, d) for i, pin, d in orphans if i not in current])
    add_article(conn, article_id, session)
    return counts


def rebuild(conn: sqlite3.Connection, *, what: tuple[str, ...] = ("events", "quotes", "stories")
            ) -> dict[str, float]:
    """Merge the whole archive again from its rows (user decisions kept), in publication order; returns the
    seconds each part took."""
    timings: dict[str, float] = {}
    if "events" in what:
        started = time.perf_counter()
        for table in ("merged_events", "event_reports", "merged_event_actors", "merged_event_keys"):
            conn.execute(f"DELETE FROM {table}")  # noqa: S608 - fixed names
        merger = EventMerger(conn)
        placed: set[int] = set()
        for report in sorted(load_reports(conn, "1=1", []), key=lambda r: (r.published or "~", r.num)):
            placed.add(merger.add(report, refresh=False))
            if len(merger.known) > 200_000:  # bounded memory: what is stored is read again when needed
                merger.known.clear()
                merger.members.clear()
        for merged_id in sorted(placed):
            merger.refresh(merged_id)
        timings["events"] = time.perf_counter() - started
    if "quotes" in what:
        from . import quotes

        started = time.perf_counter()
        quotes.rebuild(conn)
        timings["quotes"] = time.perf_counter() - started
    if "stories" in what:
        from . import stories

        started = time.perf_counter()
        stories.rebuild(conn)
        timings["stories"] = time.perf_counter() - started
    return timings


def _now() -> str:
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def _decision(conn: sqlite3.Connection, kind: str, action: str, items: list[tuple[str, str]]) -> int:
    return int(conn.execute("INSERT INTO merge_decisions (kind, action, items, at) VALUES (?, ?, ?, ?)",
                            (kind, action, json.dumps([f"{a}/{i}" for a, i in items]), _now())).lastrowid)


def _event_reports(conn: sqlite3.Connection, merged_ids: list[int]) -> list[tuple[str, str]]:
    out = []
    for mid in merged_ids:
        rows = conn.execute("SELECT article_id, event_id FROM event_reports WHERE merged_id = ? ORDER BY"
                            " published, article_id, event_id", (mid,)).fetchall()
        if not rows:
            raise LookupError(f"no merged event {mid}")
        out += [tuple(r) for r in rows]
    return out


def _replace(conn: sqlite3.Connection, keys: list[tuple[str, str]]) -> list[int]:
    """Take these reports out of their events and place them again (now that their pins changed)."""
    merger = EventMerger(conn)
    touched = set()
    for article_id, event_id in keys:
        row = conn.execute("SELECT merged_id FROM event_reports WHERE article_id = ? AND event_id = ?",
                           (article_id, event_id)).fetchone()
        conn.execute("DELETE FROM event_reports WHERE article_id = ? AND event_id = ?", (article_id, event_id))
        if row:
            touched.add(row[0])
            merger.members.pop(row[0], None)
    for mid in touched:
        merger.refresh(mid)
    placed = []
    for key in keys:
        report = load_reports(conn, "e.article_id = ? AND e.local_id = ?", list(key))
        if report:
            placed.append(merger.add(report[0]))
    return sorted(set(placed))


def merge_events(conn: sqlite3.Connection, merged_ids: list[int]) -> int:
    """The user's decision that these merged events are one: returns the merged id they now share."""
    keys = _event_reports(conn, merged_ids)
    decision = _decision(conn, "event", "merge", keys)
    conn.executemany("INSERT OR REPLACE INTO merge_pins VALUES ('event', ?, ?, ?, ?)",
                     [(a, e, f"m{decision}", decision) for a, e in keys])
    return _replace(conn, keys)[0]


def split_event(conn: sqlite3.Connection, merged_id: int, reports: list[tuple[str, str]] | None = None
                ) -> list[int]:
    """The user's decision that the named reports (all, when none is named) are each an event of their
    own, apart from the rest; returns the merged ids they are now in."""
    keys = _event_reports(conn, [merged_id])
    named = [k for k in keys if reports is None or k in reports]
    if reports is not None and len(named) != len(set(reports)):
        missing = sorted(set(reports) - set(keys))
        raise LookupError(f"not reports of merged event {merged_id}: {', '.join('/'.join(k) for k in missing)}")
    decision = _decision(conn, "event", "split", named)
    pins = [(a, e, f"s{decision}.{n}", decision) for n, (a, e) in enumerate(named)]
    pins += [(a, e, f"s{decision}.rest", decision) for a, e in keys if (a, e) not in named]
    conn.executemany("INSERT OR REPLACE INTO merge_pins VALUES ('event', ?, ?, ?, ?)", pins)
    return _replace(conn, keys)

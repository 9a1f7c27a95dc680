"""The tables of merged events, quotes and stories (a migration of marsad.store.schema appends these steps).

A report is one article's event or quote row; a merged row is the real-world happening they report. The
report tables key on (article_id, local id) without a foreign key: an article's rows are replaced by a
re-analysis, and the merge hook (update.add_article) moves its reports itself.
"""

from __future__ import annotations

import sqlite3

TABLES: tuple[str, ...] = (
    """CREATE TABLE merged_events (
        id INTEGER PRIMARY KEY,
        type TEXT NOT NULL,
        mode TEXT,
        date TEXT,                         -- decided from the reports (day, month or year precision) or NULL
        date_end TEXT,
        sort_date TEXT,                    -- date, else the first report's publication day (sorting, filters)
        place_actor TEXT,
        place_name TEXT,
        status TEXT NOT NULL,              -- decided from the reports (a later 'happened' beats 'planned')
        confidence REAL NOT NULL,          -- grows with independent sources
        n_reports INTEGER NOT NULL,
        n_sources INTEGER NOT NULL,        -- independent sources: near-duplicate texts count once
        n_outlets INTEGER NOT NULL,
        first_published TEXT,
        last_published TEXT,
        disagreements TEXT,                -- JSON {"status": {value: reports}, "date": {...}} when reports differ
        rep_article TEXT,                  -- the report whose trigger and evidence represent the event
        rep_event TEXT
    )""",
    "CREATE INDEX merged_events_sort ON merged_events(sort_date)",
    "CREATE INDEX merged_events_type ON merged_events(type, status)",
    """CREATE TABLE event_reports (
        article_id TEXT NOT NULL,
        event_id TEXT NOT NULL,            -- events.local_id
        merged_id INTEGER NOT NULL,
        outlet TEXT,
        published TEXT,
        date TEXT,                         -- the date this report gives (events.date)
        status TEXT NOT NULL,              -- the status in this report
        source INTEGER NOT NULL,           -- articles.num of the first report of its near-duplicate group
        PRIMARY KEY (article_id, event_id)
    ) WITHOUT ROWID""",
    "CREATE INDEX event_reports_merged ON event_reports(merged_id)",
    """CREATE TABLE merged_event_actors (
        merged_id INTEGER NOT NULL,
        actor_id TEXT NOT NULL,
        role TEXT NOT NULL,                -- source | target (as the first report gives it)
        name TEXT,
        PRIMARY KEY (merged_id, actor_id)
    )""",  # a rowid table: its rowid order is the order the reports name them
    "CREATE INDEX merged_event_actors_actor ON merged_event_actors(actor_id)",
    # Candidate look-up of the incremental merge: (type, actor id, day) -> merged events, each report's
    # first and last possible day.
    """CREATE TABLE merged_event_keys (
        type TEXT NOT NULL,
        actor_id TEXT NOT NULL,
        day INTEGER NOT NULL,              -- date.toordinal()
        merged_id INTEGER NOT NULL,
        PRIMARY KEY (type, actor_id, day, merged_id)
    ) WITHOUT ROWID""",
    "CREATE INDEX merged_event_keys_merged ON merged_event_keys(merged_id)",
    """CREATE TABLE merged_quotes (
        id INTEGER PRIMARY KEY,
        speaker_actor TEXT NOT NULL,
        speaker_name TEXT,
        text TEXT NOT NULL,                -- the longest report's text
        day INTEGER NOT NULL,
        date TEXT,                         -- the first report's day (quote date, else publication)
        n_reports INTEGER NOT NULL,
        n_sources INTEGER NOT NULL,
        n_outlets INTEGER NOT NULL,
        first_published TEXT,
        rep_article TEXT,
        rep_quote TEXT
    )""",
    "CREATE INDEX merged_quotes_speaker ON merged_quotes(speaker_actor, day)",
    "CREATE INDEX merged_quotes_date ON merged_quotes(date)",
    """CREATE TABLE quote_reports (
        article_id TEXT NOT NULL,
        quote_id TEXT NOT NULL,            -- quotes.local_id
        merged_id INTEGER NOT NULL,
        outlet TEXT,
        published TEXT,
        source INTEGER NOT NULL,
        PRIMARY KEY (article_id, quote_id)
    ) WITHOUT ROWID""",
    "CREATE INDEX quote_reports_merged ON quote_reports(merged_id)",
    """CREATE TABLE stories (
        id INTEGER PRIMARY KEY,
        title TEXT,                        -- the first article's title
        first_published TEXT,
        last_published TEXT,
        n_articles INTEGER NOT NULL,
        n_outlets INTEGER NOT NULL
    )""",
    "CREATE INDEX stories_first ON stories(first_published)",
    """CREATE TABLE story_articles (
        article_id TEXT PRIMARY KEY,
        story_id INTEGER NOT NULL,
        via TEXT                           -- what linked it first: near-duplicate | event | actors+title
    )""",
    "CREATE INDEX story_articles_story ON story_articles(story_id)",
    # Candidate look-up of the story linker: the people and organisations of each article by day.
    """CREATE TABLE story_keys (
        actor_id TEXT NOT NULL,
        day TEXT NOT NULL,                 -- the article's publication day
        article_id TEXT NOT NULL,
        PRIMARY KEY (actor_id, day, article_id)
    ) WITHOUT ROWID""",
    "CREATE INDEX story_keys_article ON story_keys(article_id)",
    # User decisions (marsad events merge|split): each pins reports to a group; a rebuild or a re-ingest puts
    # reports with the same pin together and never lets the automatic merge put differently pinned reports
    # together. Kept by (article id, local id), so they outlive the rows they name.
    """CREATE TABLE merge_pins (
        kind TEXT NOT NULL,                -- event | quote
        article_id TEXT NOT NULL,
        item_id TEXT NOT NULL,
        pin TEXT NOT NULL,
        decision INTEGER NOT NULL,
        PRIMARY KEY (kind, article_id, item_id)
    ) WITHOUT ROWID""",
    """CREATE TABLE merge_decisions (
        id INTEGER PRIMARY KEY,
        kind TEXT NOT NULL,
        action TEXT NOT NULL,              -- merge | split
        items TEXT NOT NULL,               -- JSON list of "article_id/local_id"
        at TEXT NOT NULL
    )""",
)


def _build(conn: sqlite3.Connection) -> None:
    from .update import rebuild

    rebuild(conn)


# The migration's steps: the tables, then everything already stored merged once.
STEPS = (*TABLES, _build)

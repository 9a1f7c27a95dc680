"""The archive's schema as named migrations, applied in order, each in its own transaction.

A migration is never edited once released: a change to the schema is a new migration appended to
MIGRATIONS. `schema_migrations` records which ran (by name), `schema_version` holds their count.
A migration's steps are SQL statements or Python callables taking the connection (for work SQL cannot
do, such as re-indexing with marsad's own normalisation); the runner (Store.migrate) executes them in
order inside the migration's one transaction, so a migration that fails leaves the archive as it was.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable

from ..merge.schema import STEPS as CROSS_ARTICLE_MERGE
from .actors import weak_person_name
from .search import index_columns

INITIAL = (
    """CREATE TABLE articles (
        num INTEGER PRIMARY KEY,           -- stable rowid: the full-text index's key (VACUUM keeps it)
        id TEXT NOT NULL UNIQUE,           -- first 16 hex digits of content_hash
        content_hash TEXT NOT NULL UNIQUE, -- sha256 of the normalised body
        source_key TEXT NOT NULL,          -- where it was read (path, path#line, WARC record…)
        source_kind TEXT NOT NULL,         -- text | html | warc | feed | sitemap | jsonl
        encoding TEXT,
        title TEXT,
        url TEXT,
        outlet TEXT,
        section TEXT,
        published TEXT,                    -- ISO date or NULL
        published_method TEXT,
        body TEXT NOT NULL,
        n_chars INTEGER NOT NULL,
        minhash BLOB,                      -- near-duplicate signature (uint64 array)
        stages TEXT NOT NULL,              -- JSON list of stage@version that ran
        record TEXT NOT NULL,              -- the Document as JSON, without the body's text (Store.article)
        ingested_at TEXT NOT NULL
    )""",
    "CREATE INDEX articles_published ON articles(published)",
    "CREATE INDEX articles_url ON articles(url)",
    """CREATE TABLE paragraphs (
        article_id TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
        idx INTEGER NOT NULL,
        start INTEGER NOT NULL,
        end INTEGER NOT NULL,
        PRIMARY KEY (article_id, idx)
    )""",
    """CREATE TABLE actors (
        id TEXT PRIMARY KEY,               -- the KB id, or TYPE:normalised-name for actors not in the KB
        kb_id TEXT,
        type TEXT NOT NULL,
        name TEXT NOT NULL,
        name_norm TEXT NOT NULL,
        name_en TEXT
    )""",
    "CREATE INDEX actors_name_norm ON actors(name_norm)",
    """CREATE TABLE entities (
        article_id TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
        local_id TEXT NOT NULL,
        actor_id TEXT NOT NULL REFERENCES actors(id),
        type TEXT NOT NULL,
        name TEXT NOT NULL,
        name_en TEXT,
        roles TEXT NOT NULL,               -- JSON list of Role
        n_mentions INTEGER NOT NULL,
        PRIMARY KEY (article_id, local_id)
    )""",
    "CREATE INDEX entities_actor ON entities(actor_id)",
    """CREATE TABLE mentions (
        article_id TEXT NOT NULL,
        entity_id TEXT NOT NULL,
        start INTEGER NOT NULL,
        end INTEGER NOT NULL,
        text TEXT NOT NULL,
        FOREIGN KEY (article_id, entity_id) REFERENCES entities(article_id, local_id) ON DELETE CASCADE
    )""",
    "CREATE INDEX mentions_entity ON mentions(article_id, entity_id)",
    """CREATE TABLE quotes (
        article_id TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
        local_id TEXT NOT NULL,
        speaker_entity TEXT,
        speaker_actor TEXT REFERENCES actors(id),
        speaker_name TEXT,
        text TEXT NOT NULL,
        text_norm TEXT NOT NULL,
        kind TEXT NOT NULL,
        cue TEXT,
        start INTEGER NOT NULL,
        end INTEGER NOT NULL,
        date TEXT,
        PRIMARY KEY (article_id, local_id)
    )""",
    "CREATE INDEX quotes_speaker ON quotes(speaker_actor)",
    """CREATE TABLE events (
        article_id TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
        local_id TEXT NOT NULL,
        type TEXT NOT NULL,
        mode TEXT,
        cameo TEXT,
        date TEXT,                         -- the event date, or the interval's start
        date_end TEXT,
        place_actor TEXT REFERENCES actors(id),
        place_name TEXT,
        status TEXT NOT NULL,
        confidence REAL NOT NULL,
        trigger_start INTEGER,
        trigger_end INTEGER,
        trigger_text TEXT,
        PRIMARY KEY (article_id, local_id)
    )""",
    "CREATE INDEX events_date ON events(date)",
    "CREATE INDEX events_type ON events(type, status)",
    """CREATE TABLE event_participants (
        article_id TEXT NOT NULL,
        event_id TEXT NOT NULL,
        role TEXT NOT NULL,                -- source | target
        entity_id TEXT NOT NULL,
        actor_id TEXT REFERENCES actors(id),
        name TEXT,
        FOREIGN KEY (article_id, event_id) REFERENCES events(article_id, local_id) ON DELETE CASCADE
    )""",
    "CREATE INDEX participants_actor ON event_participants(actor_id)",
    "CREATE INDEX participants_event ON event_participants(article_id, event_id)",
    """CREATE TABLE evidence (
        article_id TEXT NOT NULL,
        event_id TEXT NOT NULL,
        start INTEGER NOT NULL,
        end INTEGER NOT NULL,
        text TEXT NOT NULL,
        FOREIGN KEY (article_id, event_id) REFERENCES events(article_id, local_id) ON DELETE CASCADE
    )""",
    "CREATE INDEX evidence_event ON evidence(article_id, event_id)",
    # The ledger of every input processed, whatever became of it: what makes re-runs skip work.
    """CREATE TABLE inputs (
        source_key TEXT NOT NULL,
        input_hash TEXT NOT NULL,          -- sha256 of the input as read (text or HTML)
        outcome TEXT NOT NULL,             -- stored | duplicate | rejected
        article_id TEXT REFERENCES articles(id) ON DELETE SET NULL,
        at TEXT NOT NULL,
        PRIMARY KEY (source_key, input_hash)
    )""",
    """CREATE TABLE rejects (
        source_key TEXT NOT NULL,
        input_hash TEXT NOT NULL,
        reason TEXT NOT NULL,              -- empty | not-arabic | too-large | broken-encoding | mojibake | …
        message TEXT NOT NULL,
        at TEXT NOT NULL,
        PRIMARY KEY (source_key, input_hash)
    )""",
    "CREATE INDEX rejects_reason ON rejects(reason)",
    """CREATE TABLE duplicates (
        source_key TEXT NOT NULL,
        input_hash TEXT NOT NULL,
        duplicate_of TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
        kind TEXT NOT NULL,                -- exact | near
        similarity REAL NOT NULL,
        title TEXT,
        url TEXT,
        at TEXT NOT NULL,
        PRIMARY KEY (source_key, input_hash)
    )""",
    "CREATE INDEX duplicates_of ON duplicates(duplicate_of)",
    # Full-text index, one row per article (title and body) over normalised text, rowid = articles.num:
    # `words` the normalised tokens, `stems` the same tokens without article/preposition proclitics,
    # `bare` without a leading conjunction too (see store/search.py). Contentless: the text is in articles.
    "CREATE VIRTUAL TABLE articles_fts USING fts5(words, stems, bare, content='', tokenize='unicode61')",
)

# A migration step: an SQL statement, or a function given the connection (inside the migration's transaction).
Step = str | Callable[[sqlite3.Connection], None]


def _reindex_fts(conn: sqlite3.Connection) -> None:
    """Fill articles_fts from the articles, each row as Store._insert_article builds it (rowid = num), with
    today's normalisation (search.index_columns), which is what the queries are normalised with."""
    rows = conn.execute("SELECT num, title, body FROM articles ORDER BY num")  # streamed, not loaded whole
    conn.executemany("INSERT INTO articles_fts (rowid, words, stems, bare) VALUES (?, ?, ?, ?)",
                     ((num, *index_columns(f"{title or ''}\n{body}")) for num, title, body in rows))


# The columns are normalised by marsad (search.index_columns), Latin diacritics folded there too
# (search.fold_latin, what unicode61's default remove_diacritics 1 did): the tokenizer's own folding looked
# up every character of every token for nothing, ~40 % of the insert's time.
FTS_WITHOUT_DIACRITIC_FOLDING: tuple[Step, ...] = (
    "DROP TABLE articles_fts",
    "CREATE VIRTUAL TABLE articles_fts USING fts5(words, stems, bare, content='',"
    " tokenize='unicode61 remove_diacritics 0')",
    _reindex_fts,
)

# Near-duplicate look-ups in the archive instead of an in-memory index that grew with it (ingest.dedup):
# each stored signature's LSH bands, hashed to one integer each, as rows. Filled for the layout of
# minhash_layout (bands x rows, which depend on the similarity threshold); an empty layout table means
# "not built yet", and the first ingest builds the rows from the stored signatures.
NEAR_DUPLICATE_BANDS: tuple[Step, ...] = (
    """CREATE TABLE minhash_bands (
        band INTEGER NOT NULL,             -- which band of the signature (0 … bands - 1)
        key INTEGER NOT NULL,              -- 64-bit hash of the band's values (store.minhash_band_keys)
        num INTEGER NOT NULL,              -- articles.num (a removed article's rows are skipped by the join)
        PRIMARY KEY (band, key, num)
    ) WITHOUT ROWID""",
    "CREATE TABLE minhash_layout (bands INTEGER NOT NULL, rows INTEGER NOT NULL)",
)

# Who reported an event the article knows only from someone's words (model.Event.quote / reported_by):
# the quote and its speaker. Events stored before stay NULL there (their records did not say).
EVENT_REPORTED_BY: tuple[Step, ...] = (
    "ALTER TABLE events ADD COLUMN quote_id TEXT",  # quotes.local_id in the same article
    "ALTER TABLE events ADD COLUMN reported_by_actor TEXT",  # actors.id of the quote's speaker
    "ALTER TABLE events ADD COLUMN reported_by_name TEXT",
)

# How a quote's speaker was found (model.Quote.speaker_via, model.SPEAKER_VIA); quotes stored before: NULL.
QUOTE_SPEAKER_VIA: tuple[Step, ...] = (
    "ALTER TABLE quotes ADD COLUMN speaker_via TEXT",
)

# What `marsad reanalyse` needs to run an article's stages again as a fresh ingest would (readers.document): the
# pipeline's input text (`raw`: the text dump, or the text extracted from HTML) and the input's metadata
# before any stage ran. Articles stored before have no row: they are re-analysed from their stored body.
# `reanalyse_runs` records each run's target versions and progress (a run interrupted continues where it
# stopped), `reanalyse_failures` the articles a run could not re-analyse (skipped by a rerun, not retried).
REANALYSIS: tuple[Step, ...] = (
    """CREATE TABLE article_inputs (
        article_id TEXT PRIMARY KEY REFERENCES articles(id) ON DELETE CASCADE,
        raw BLOB NOT NULL,                 -- zlib-compressed UTF-8 of Document.raw (level 1: ~0.5 ms an article)
        given TEXT NOT NULL                -- JSON: title, url, outlet, section, published as the input gave
    )""",
    """CREATE TABLE reanalyse_runs (
        id INTEGER PRIMARY KEY,
        target TEXT NOT NULL,              -- JSON: the stage versions (and --stage, --since, --until) aimed at
        started_at TEXT NOT NULL,
        finished_at TEXT,                  -- NULL while running or interrupted
        last_num INTEGER NOT NULL DEFAULT 0, -- articles.num of the last article done
        counts TEXT NOT NULL DEFAULT '{}'  -- JSON: checked, stale, updated, failed, … (reanalyse.Report)
    )""",
    """CREATE TABLE reanalyse_failures (
        article_id TEXT PRIMARY KEY REFERENCES articles(id) ON DELETE CASCADE,
        target TEXT NOT NULL,              -- the run's target (a run with another target tries again)
        error TEXT NOT NULL,
        at TEXT NOT NULL
    )""",
)

# The day a quote or an event is sorted and filtered by (its own date, else its article's publication day),
# stored with an index (issue 22): a page of the newest quotes was a sort of every quote joined to its
# article (~1 s on 28k articles). Written by Store._insert_derived, which re-writes them with the article.
SORT_DATES: tuple[Step, ...] = (
    "ALTER TABLE quotes ADD COLUMN sort_date TEXT",
    "UPDATE quotes SET sort_date = coalesce(date, (SELECT a.published FROM articles a WHERE a.id = quotes.article_id))",
    # in the order of the default sort (newest first, then the article's quotes in reading order): a page is
    # read off the index; an index in ascending date order left each day's quotes to sort, ~20 ms a page on 5k articles
    "CREATE INDEX quotes_sort ON quotes(sort_date DESC, article_id, start)",
    "ALTER TABLE events ADD COLUMN sort_date TEXT",
    "UPDATE events SET sort_date = coalesce(date, (SELECT a.published FROM articles a WHERE a.id = events.article_id))",
    "CREATE INDEX events_sort ON events(sort_date DESC, article_id, local_id)",
    # the list of articles by title (`sort=title`) read in order, not every row sorted (bodies are inline)
    "CREATE INDEX articles_title ON articles(title)",
)

# Quotes by the words they hold (`text`, a normalised substring): a LIKE over every quote's text read the
# whole table (~60 ms on 16k quotes, ~1 s on the shared corpus). A trigram index finds the quotes holding a
# substring of three characters or more; the LIKE stays the judge of the rows it finds (the same answers).
# The index's rowid is quote_keys.id, an INTEGER PRIMARY KEY (VACUUM may renumber a table's implicit
# rowids, and quotes has no integer key); triggers keep both in step with every write to quotes (an
# ingest, a re-analysis, an article deleted: the cascade fires them too).
QUOTE_TEXT_INDEX: tuple[Step, ...] = (
    """CREATE TABLE quote_keys (
        id INTEGER PRIMARY KEY,            -- quotes_text's rowid
        article_id TEXT NOT NULL,
        local_id TEXT NOT NULL,
        UNIQUE (article_id, local_id)
    )""",
    "CREATE VIRTUAL TABLE quotes_text USING fts5(text_norm, content='', tokenize='trigram')",
    "INSERT INTO quote_keys (article_id, local_id) SELECT article_id, local_id FROM quotes ORDER BY rowid",
    "INSERT INTO quotes_text (rowid, text_norm) SELECT k.id, q.text_norm FROM quote_keys k JOIN quotes q"
    " ON q.article_id = k.article_id AND q.local_id = k.local_id",
    """CREATE TRIGGER quotes_text_insert AFTER INSERT ON quotes BEGIN
        INSERT INTO quote_keys (article_id, local_id) VALUES (new.article_id, new.local_id);
        INSERT INTO quotes_text (rowid, text_norm) SELECT id, new.text_norm FROM quote_keys
            WHERE article_id = new.article_id AND local_id = new.local_id;
    END""",
    # a contentless index forgets a row given the values it indexed
    """CREATE TRIGGER quotes_text_delete AFTER DELETE ON quotes BEGIN
        INSERT INTO quotes_text (quotes_text, rowid, text_norm) SELECT 'delete', id, old.text_norm FROM quote_keys
            WHERE article_id = old.article_id AND local_id = old.local_id;
        DELETE FROM quote_keys WHERE article_id = old.article_id AND local_id = old.local_id;
    END""",
    """CREATE TRIGGER quotes_text_update AFTER UPDATE OF text_norm ON quotes BEGIN
        INSERT INTO quotes_text (quotes_text, rowid, text_norm) SELECT 'delete', id, old.text_norm FROM quote_keys
            WHERE article_id = old.article_id AND local_id = old.local_id;
        INSERT INTO quotes_text (rowid, text_norm) SELECT id, new.text_norm FROM quote_keys
            WHERE article_id = new.article_id AND local_id = new.local_id;
    END""",
)

# The trigram index written once per commit, not with each quote: an FTS5 table writes its pending rows
# out as a new segment at every savepoint, and each document is one (Store.batch), so the insert trigger
# of 0009 cost a segment and its merges per article (~0.5 ms of the store step's ~4). A new quote's key
# goes to quote_text_pending, and Store._index_quote_text indexes the pending keys just before every
# commit (Store.transaction, Store.batch), in key order, as the trigger did. A quote deleted or edited
# before that is only taken out of the pending keys (its row never reached the index), so the index
# holds the same rows whoever writes and whenever they commit.
QUOTE_TEXT_AT_COMMIT: tuple[Step, ...] = (
    "CREATE TABLE quote_text_pending (id INTEGER PRIMARY KEY)",  # quote_keys.id not yet in quotes_text
    "DROP TRIGGER quotes_text_insert",
    "DROP TRIGGER quotes_text_delete",
    "DROP TRIGGER quotes_text_update",
    """CREATE TRIGGER quotes_text_insert AFTER INSERT ON quotes BEGIN
        INSERT INTO quote_keys (article_id, local_id) VALUES (new.article_id, new.local_id);
        INSERT INTO quote_text_pending (id) VALUES (last_insert_rowid());  -- the key's (inside a trigger)
    END""",
    """CREATE TRIGGER quotes_text_delete AFTER DELETE ON quotes BEGIN
        INSERT INTO quotes_text (quotes_text, rowid, text_norm) SELECT 'delete', k.id, old.text_norm FROM quote_keys k
            WHERE k.article_id = old.article_id AND k.local_id = old.local_id
            AND NOT EXISTS (SELECT 1 FROM quote_text_pending p WHERE p.id = k.id);
        DELETE FROM quote_text_pending WHERE id IN (SELECT id FROM quote_keys
            WHERE article_id = old.article_id AND local_id = old.local_id);
        DELETE FROM quote_keys WHERE article_id = old.article_id AND local_id = old.local_id;
    END""",
    """CREATE TRIGGER quotes_text_update AFTER UPDATE OF text_norm ON quotes BEGIN
        INSERT INTO quotes_text (quotes_text, rowid, text_norm) SELECT 'delete', k.id, old.text_norm FROM quote_keys k
            WHERE k.article_id = old.article_id AND k.local_id = old.local_id
            AND NOT EXISTS (SELECT 1 FROM quote_text_pending p WHERE p.id = k.id);
        INSERT INTO quotes_text (rowid, text_norm) SELECT k.id, new.text_norm FROM quote_keys k
            WHERE k.article_id = new.article_id AND k.local_id = new.local_id
            AND NOT EXISTS (SELECT 1 FROM quote_text_pending p WHERE p.id = k.id);
    END""",
)

def _weak_names_per_article(conn: sqlite3.Connection) -> None:
    """Give each article its own actor for a person outside the KB named too weakly to be one person across
    articles (actors.weak_person_name): the rows of PER:NAME become PER:NAME@ARTICLE (what Store writes now),
    each with its actors row, the shared row goes, and the merged events, quotes and stories, which joined
    reports by those ids, are merged again (user decisions kept)."""
    weak = [(i,) for i, name in conn.execute("SELECT id, substr(id, 5) FROM actors WHERE kb_id IS NULL AND type = 'PER'"
                                             " AND id LIKE 'PER:%' AND instr(id, '@') = 0") if weak_person_name(name)]
    if not weak:
        return
    conn.execute("CREATE TEMP TABLE weak_actors (id TEXT PRIMARY KEY)")
    conn.executemany("INSERT INTO weak_actors VALUES (?)", weak)
    # the new actors, named as each article's first entity of that actor names it (Store: first wins)
    conn.execute(
        "INSERT OR IGNORE INTO actors (id, kb_id, type, name, name_norm, name_en)"
        " SELECT e.actor_id || '@' || e.article_id, NULL, 'PER', e.name, a.name_norm, e.name_en"
        " FROM entities e JOIN actors a ON a.id = e.actor_id WHERE e.actor_id IN (SELECT id FROM weak_actors)"
        " ORDER BY e.rowid")
    for table, column in (("entities", "actor_id"), ("event_participants", "actor_id"), ("quotes", "speaker_actor"),
                          ("events", "place_actor"), ("events", "reported_by_actor")):
        conn.execute(f"UPDATE {table} SET {column} = {column} || '@' || article_id"  # noqa: S608 - fixed names
                     f" WHERE {column} IN (SELECT id FROM weak_actors)")
    conn.execute("DELETE FROM actors WHERE id IN (SELECT id FROM weak_actors)")
    conn.execute("DROP TABLE weak_actors")
    if conn.execute("SELECT 1 FROM sqlite_master WHERE name = 'event_reports'").fetchone():
        from ..merge.update import rebuild

        rebuild(conn)


# A person outside the KB with a weak name ("عبد الله", "محمد بن علي") was one actor in the whole archive,
# by name (issue 18): one actor per article now, as Store writes them (actors.actor_key).
WEAK_NAMES_PER_ARTICLE: tuple[Step, ...] = (_weak_names_per_article,)

# (name, steps); append only.
MIGRATIONS: tuple[tuple[str, tuple[Step, ...]], ...] = (
    ("0001_initial", INITIAL),
    ("0002_fts_without_diacritic_folding", FTS_WITHOUT_DIACRITIC_FOLDING),
    ("0003_near_duplicate_bands", NEAR_DUPLICATE_BANDS),
    ("0004_event_reported_by", EVENT_REPORTED_BY),
    ("0005_quote_speaker_via", QUOTE_SPEAKER_VIA),
    ("0006_reanalysis", REANALYSIS),
    # One event, quote, story across articles (marsad.merge; issue 21): its tables, filled from what is stored.
    ("0007_cross_article_merge", CROSS_ARTICLE_MERGE),
    ("0008_sort_dates", SORT_DATES),
    ("0009_quote_text_index", QUOTE_TEXT_INDEX),
    ("0010_quote_text_at_commit", QUOTE_TEXT_AT_COMMIT),
    ("0011_weak_names_per_article", WEAK_NAMES_PER_ARTICLE),
)

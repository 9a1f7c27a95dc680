"""The archive: one SQLite file (WAL), named migrations, one writer, queries returning plain dicts.

A writable Store holds an exclusive lock on ``FILE.lock`` so two ingests cannot interleave; readers
(search, queries, export, a web app) open the same file read-only and never wait for the writer (WAL).
Each document is written in one transaction together with its line in the `inputs` ledger, so an ingest
killed at any point leaves whole documents only, and a rerun skips what the ledger already holds.
`articles.record` holds the Document's JSON without the text its `body` column already holds (the body,
and each span's ``body[start:end]``); `Store.article` serves it whole again (`full_record`).
"""

from __future__ import annotations

import dataclasses
import fcntl
import hashlib
import json
import sqlite3
import time
import zlib
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager, suppress
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from ..errors import InputError, MarsadError
from ..merge.stories import ArticleFacts, band_keys
from ..merge.update import MergeSession, pinned_reports, replace_article
from ..merge.update import add_article as merge_article
from ..model import Document, Record, Span
from ..provenance import stage_versions
from ..text.normalize import norm, norm_remembered
from . import search as fts
from .actors import actor_key
from .actors import name_norm as _name_norm
from .schema import MIGRATIONS


class StoreError(MarsadError):
    """The archive file cannot be opened, is locked by another writer, or is not a marsad archive."""

    code = "E400"


ARTICLE_ID_LEN = 16


def _now() -> str:
    """The current UTC time to the second, ISO 8601 (formatted once per second: strftime cost ~30 µs)."""
    global _last_now
    second = int(time.time())
    if second != _last_now[0]:
        _last_now = (second, datetime.fromtimestamp(second, UTC).strftime("%Y-%m-%dT%H:%M:%SZ"))
    return _last_now[1]


_last_now: tuple[int, str] = (-1, "")


# One signed 64-bit key per LSH band of a stored signature (uint64 values, ingest.dedup.to_bytes): BLAKE2b of the
# band's bytes. Equal bands have equal keys; a collision could only add a candidate, which the similarity
# check then weighs. (Defined with the story links, which read the same keys; the last signature's kept.)
minhash_band_keys = band_keys


_NEAR_SQL: dict[int, str] = {}  # near_candidates' statement per number of bands


def content_hash(body: str) -> str:
    """Key of an article: sha256 of its normalised body, whitespace collapsed (spelling variants agree)."""
    global _last_hash
    last = _last_hash
    if body is last[0]:  # ingest asks for the key of a document, then add_document asks again
        return last[1]
    chash = hashlib.sha256(" ".join(norm_remembered(body).split()).encode("utf-8")).hexdigest()
    _last_hash = (body, chash)
    return chash


_last_hash: tuple[str | None, str] = (None, "")  # the last body hashed (the same object) and its key


def record_json(doc: Document) -> str:
    """The record the archive keeps of a document: ``json.dumps(doc.to_dict(), ensure_ascii=False)`` without
    the text the body already holds — the "body" itself and the "text" of every Span (paragraphs, mentions,
    triggers, evidence…) equal to ``body[start:end]`` — which was 60 % of it. `full_record` puts them back.
    The encoder walks the records itself and asks `_plain_record` for each one's fields (no nested dicts
    built first)."""
    cls = type(doc)
    names = _FIELD_NAMES.get(cls)
    if names is None:
        if cls.to_dict is not Document.to_dict:  # its own dict, stored whole (full_record serves it as it is)
            return json.dumps(doc.to_dict(), ensure_ascii=False)
        names = _FIELD_NAMES[cls] = tuple(f.name for f in dataclasses.fields(doc) if f.name not in doc.INTERNAL)
    body = doc.body

    def plain(obj: Any) -> Any:
        if type(obj) is Span and body[obj.start:obj.end] == obj.text:
            return {"start": obj.start, "end": obj.end}
        return _plain_record(obj)

    return json.JSONEncoder(ensure_ascii=False, default=plain).encode(
        {n: getattr(doc, n) for n in names if n != "body"})


def full_record(record: dict[str, Any], body: str) -> dict[str, Any]:
    """A stored record (`record_json`) with the body and its spans' text back: ``Document.to_dict()`` as it
    was, its keys in the same order. Records stored whole (before the record was slimmed) come back as
    they are."""
    if "body" in record:
        return record
    out: dict[str, Any] = {}
    for name in _DOCUMENT_FIELDS:
        if name == "body":
            out["body"] = body
        elif name in record:
            out[name] = _with_span_text(record[name], body)
    for name, value in record.items():  # fields this version does not know
        out.setdefault(name, value)
    return out


def _with_span_text(value: Any, body: str) -> Any:
    # A slimmed Span is the only record with exactly these two keys.
    if isinstance(value, list):
        return [_with_span_text(v, body) for v in value]
    if isinstance(value, dict):
        if value.keys() == _SPAN_KEYS:
            return {"start": value["start"], "end": value["end"], "text": body[value["start"]:value["end"]]}
        return {k: _with_span_text(v, body) for k, v in value.items()}
    return value


_SPAN_KEYS = {"start", "end"}
_DOCUMENT_FIELDS = tuple(f.name for f in dataclasses.fields(Document) if f.name not in Document.INTERNAL)


_FIELD_NAMES: dict[type, tuple[str, ...]] = {}


def _plain_record(obj: Any) -> Any:
    # What Record.to_dict gives, one level deep (the encoder recurses, and converts tuples to lists as
    # _to_plain does); anything else is refused as json.dumps would refuse it.
    if isinstance(obj, Record):
        cls = type(obj)
        names = _FIELD_NAMES.get(cls)
        if names is None:
            if cls.to_dict is not Record.to_dict:
                return obj.to_dict()
            names = _FIELD_NAMES[cls] = tuple(f.name for f in dataclasses.fields(obj))
        # A (non-slotted) dataclass's __dict__ holds its fields in definition order, set by __init__: when its
        # keys are exactly the field names, in order, it is the dict wanted, and the encoder walks it in C.
        attrs = getattr(obj, "__dict__", None)
        if attrs is not None and tuple(attrs) == names:
            return attrs
        return {n: getattr(obj, n) for n in names}
    raise TypeError(f"Object of type {type(obj).__name__} is not JSON serializable")


# json.dumps(obj, ensure_ascii=False), without building an encoder per call.
_to_json = json.JSONEncoder(ensure_ascii=False).encode

_INDEX_PENDING_QUOTES = (
    "INSERT INTO quotes_text (rowid, text_norm) SELECT k.id, q.text_norm FROM quote_text_pending p"
    " JOIN quote_keys k ON k.id = p.id JOIN quotes q ON q.article_id = k.article_id AND q.local_id = k.local_id"
    " ORDER BY p.id")


# A batch's transaction is committed after this many writes or seconds, whichever comes first: beyond a few
# hundred documents a commit costs little more per document, and readers wait for at most a few seconds.
BATCH_WRITES = 200
BATCH_SECONDS = 2.0
KNOWN_ACTORS_MAX = 200_000
# The writer's SQLite page cache (PRAGMA cache_size, see Store.open).
WRITER_CACHE_KIB = 64 * 1024


@dataclasses.dataclass
class _Batch:
    max_writes: int
    max_seconds: float
    writes: int = 0  # since the last commit
    opened: float = 0.0  # time.monotonic() of the open transaction's start
    # Full-text rows of the documents written since the last commit, inserted just before it: an FTS5 table
    # writes its pending rows out at every savepoint, so inserting them with each document would cost a
    # segment flush per document; one executemany before COMMIT flushes once per batch.
    fts_rows: list[tuple[int | None, str, str, str]] = dataclasses.field(default_factory=list)


class Store:
    def __init__(self, conn: sqlite3.Connection, path: Path, writable: bool, lock_fh: Any = None) -> None:
        self.conn = conn
        self.path = path
        self.writable = writable
        self._lock_fh = lock_fh
        self._batch: _Batch | None = None
        # Actor ids this writer knows the actors table holds (committed, or written in the open transaction):
        # their INSERT OR IGNORE would change nothing, so it is skipped. Forgotten whenever a write is rolled
        # back (its actors may be gone); bounded. Only this Store writes the file (the lock), so it stays true.
        self._known_actors: set[str] = set()
        self._minhash_layout: tuple[int, int] | None = None  # (bands, rows) of minhash_bands, once read
        self._has_merges: bool | None = None  # whether the merged tables exist (marsad.merge), once read
        self._has_quote_text_pending: bool | None = None  # whether migration 0010's table exists, once read
        # The merge hook's mergers and what they read, kept while only this writer's own writes change the
        # merged tables (marsad.merge.update.MergeSession); dropped on a rollback and by `transaction`.
        self._merge_session: MergeSession | None = None

    def _forget_cached_state(self) -> None:
        """After a rollback: what this writer remembered of the file may no longer hold."""
        self._known_actors.clear()
        self._minhash_layout = None
        self._merge_session = None

    def _merger(self, conn: sqlite3.Connection) -> MergeSession:
        if self._merge_session is None:
            self._merge_session = MergeSession(conn)
        return self._merge_session

    # ---- opening, migrations ----------------------------------------------------------------------

    @classmethod
    def open(cls, path: str | Path, *, readonly: bool = False) -> Store:
        """Open (creating and migrating when writable) the archive at `path`."""
        path = Path(path)
        if readonly:
            if not path.exists():
                raise StoreError(f"no archive at {path} (create one with `marsad ingest … --db {path}`)",
                                 source=str(path))
            # A web request opens its Store in one worker thread and may query and close it in another
            # (FastAPI runs a dependency and its endpoint on different pool threads); one request at a time
            # uses the connection, so sqlite3's same-thread check would only turn that into errors.
            conn = _connect(f"file:{path}?mode=ro", uri=True, same_thread=False)
            store = cls(conn, path, writable=False)
            store._check_schema()
            return store
        if path.parent and not path.parent.exists():
            raise StoreError(f"the folder {path.parent} does not exist", source=str(path))
        try:
            lock_fh = open(f"{path}.lock", "a+")  # noqa: SIM115 - held for the Store's lifetime
        except OSError as err:
            raise StoreError(f"cannot write next to the archive ({err.strerror})", source=str(path)) from None
        try:
            fcntl.flock(lock_fh, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            lock_fh.close()
            raise StoreError("another marsad process is writing to this archive (one writer at a time)",
                             source=str(path)) from None
        try:
            conn = _connect(str(path))
            conn.execute("PRAGMA journal_mode=WAL")
            conn.execute("PRAGMA synchronous=NORMAL")  # WAL + NORMAL: durable at checkpoints, never corrupt
            # The writer's page cache: an article's rows land in a dozen indexes at keys spread over the
            # file (actor ids, hashes), so with SQLite's default 2 MiB most inserts re-read index pages.
            conn.execute(f"PRAGMA cache_size=-{WRITER_CACHE_KIB}")
            store = cls(conn, path, writable=True, lock_fh=lock_fh)
            store.migrate()
        except sqlite3.OperationalError as err:  # a read-only file or folder, a full disk
            lock_fh.close()
            raise StoreError(f"cannot open the archive for writing ({err})", source=str(path)) from None
        except BaseException:
            lock_fh.close()
            raise
        return store

    def close(self) -> None:
        self._merge_session = None
        batch, self._batch = self._batch, None
        if batch is not None and self.conn.in_transaction:  # closed inside a batch: kept, as at its end
            self._commit_batch(batch)
        self.conn.close()
        if self._lock_fh is not None:
            self._lock_fh.close()
            self._lock_fh = None

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        """One all-or-nothing write. A write the disk refuses (full, read-only, I/O error) rolls back and
        becomes a StoreError: the archive keeps every earlier document and nothing of this one.

        Inside `batch()` the write is a savepoint of the batch's open transaction instead (see there). The
        caller may write anything, the merged tables too: the merge hook's kept state is dropped."""
        self._merge_session = None
        with self._write() as conn:
            yield conn

    @contextmanager
    def _write(self) -> Iterator[sqlite3.Connection]:
        """`transaction` for this writer's own writes, whose effect on the merged tables it knows."""
        if self._batch is not None:
            with self._batch_write(self._batch) as conn:
                yield conn
            return
        try:
            self.conn.execute("BEGIN IMMEDIATE")
            try:
                yield self.conn
            except BaseException:
                self._forget_cached_state()
                with suppress(sqlite3.Error):  # SQLite may have rolled back already (e.g. disk full)
                    self.conn.execute("ROLLBACK")
                raise
            try:
                self._index_quote_text()
                self.conn.execute("COMMIT")
            except sqlite3.Error:
                self._forget_cached_state()
                with suppress(sqlite3.Error):
                    self.conn.execute("ROLLBACK")
                raise
        except sqlite3.OperationalError as err:
            raise StoreError(f"cannot write to the archive ({err}); nothing of this document was written",
                             source=str(self.path)) from None

    @contextmanager
    def batch(self, max_writes: int = BATCH_WRITES, max_seconds: float = BATCH_SECONDS) -> Iterator[Store]:
        """Group the writes made inside (add_document, add_duplicate, add_reject) into few transactions.

        A commit per document costs about as much as writing the document (SQLite writes the full-text
        index's new segment and the WAL frames at every commit), so inside a batch one transaction stays
        open and is committed every `max_writes` writes or `max_seconds` seconds, and when the batch ends
        (however it ends: every write inside is whole). Each write is still all-or-nothing (a savepoint):
        a document that fails leaves nothing and the batch goes on. What changes is durability: a write is
        durable once its batch commits. A process killed mid-batch loses the writes since the last commit,
        their ledger lines with them, so a rerun processes those inputs again; a StoreError (full disk) says
        how many writes it lost the same way. Readers see a batch's writes when it commits, and so does
        `search` on this Store and its quote search by text (the full-text rows and the quotes' trigram rows are
        written at the commit, see _insert_article and _index_quote_text).
        """
        self._require_writable()
        if self._batch is not None:  # nested: the outer batch decides
            yield self
            return
        batch = self._batch = _Batch(max(1, max_writes), max_seconds)
        try:
            yield self
        finally:
            if self._batch is batch:  # (else close() inside the batch has committed it already)
                self._batch = None
                if self.conn.in_transaction:
                    self._commit_batch(batch)

    def add_documents(self, items: Iterable[Document | tuple[Document, dict[str, Any]]], *,
                      max_writes: int = BATCH_WRITES, max_seconds: float = BATCH_SECONDS) -> list[str]:
        """add_document for each item (a Document, or a Document and add_document's keyword arguments), in
        one batch(); returns the article ids in order. An error stops there, the earlier ones committed."""
        ids: list[str] = []
        with self.batch(max_writes, max_seconds):
            for item in items:
                doc, kwargs = (item, {}) if isinstance(item, Document) else item
                ids.append(self.add_document(doc, **kwargs))
        return ids

    @contextmanager
    def _batch_write(self, batch: _Batch) -> Iterator[sqlite3.Connection]:
        conn = self.conn
        queued = len(batch.fts_rows)
        try:
            if not conn.in_transaction:
                conn.execute("BEGIN IMMEDIATE")
                batch.opened = time.monotonic()
            conn.execute("SAVEPOINT marsad_write")
            try:
                yield conn
            except BaseException:
                del batch.fts_rows[queued:]
                self._forget_cached_state()
                with suppress(sqlite3.Error):  # SQLite may have rolled back the whole transaction (disk full)
                    conn.execute("ROLLBACK TO marsad_write")
                    conn.execute("RELEASE marsad_write")
                raise
            conn.execute("RELEASE marsad_write")
        except sqlite3.Error as err:
            lost = "" if conn.in_transaction else self._lost_batch(batch)
            if lost or isinstance(err, sqlite3.OperationalError):
                raise StoreError(f"cannot write to the archive ({err}); nothing of this document was written"
                                 f"{lost}", source=str(self.path)) from None
            raise
        batch.writes += 1
        if batch.writes >= batch.max_writes or time.monotonic() - batch.opened >= batch.max_seconds:
            self._commit_batch(batch)

    def _commit_batch(self, batch: _Batch) -> None:
        try:
            if batch.fts_rows:
                self.conn.executemany("INSERT INTO articles_fts (rowid, words, stems, bare) VALUES (?, ?, ?, ?)",
                                      batch.fts_rows)
            self._index_quote_text()
            self.conn.execute("COMMIT")
        except sqlite3.Error as err:
            self._forget_cached_state()
            with suppress(sqlite3.Error):
                self.conn.execute("ROLLBACK")
            raise StoreError(f"cannot write to the archive ({err}){self._lost_batch(batch)}",
                             source=str(self.path)) from None
        batch.writes = 0
        batch.fts_rows.clear()

    @staticmethod
    def _lost_batch(batch: _Batch) -> str:
        """The batch's open transaction is gone: say how many writes went with it, and start afresh."""
        n, batch.writes = batch.writes, 0
        batch.fts_rows.clear()
        return (f"; nor were the {n} earlier writes of this batch (nor their ledger lines: a rerun processes"
                " those inputs again)") if n else ""

    def migrate(self) -> list[str]:
        """Apply the migrations not yet applied, each in its own transaction; returns their names."""
        self.conn.execute("CREATE TABLE IF NOT EXISTS schema_migrations (name TEXT PRIMARY KEY, applied_at TEXT)")
        self.conn.execute("CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL)")
        done = {r[0] for r in self.conn.execute("SELECT name FROM schema_migrations")}
        applied: list[str] = []
        for name, steps in MIGRATIONS:
            if name in done:
                continue
            with self.transaction() as conn:
                for step in steps:
                    if callable(step):
                        step(conn)  # Python work on the migration's open transaction (see schema.py)
                    else:
                        conn.execute(step)
                conn.execute("INSERT INTO schema_migrations VALUES (?, ?)", (name, _now()))
                conn.execute("DELETE FROM schema_version")
                conn.execute("INSERT INTO schema_version VALUES (?)", (len(done) + len(applied) + 1,))
            applied.append(name)
            self._has_quote_text_pending = None
        return applied

    def _index_quote_text(self) -> None:
        """Index the quotes written since the last commit in the trigram index (migration 0010), in the
        order of their keys, just before the commit: one FTS5 segment per commit instead of one per write."""
        if self._has_quote_text_pending is None:
            self._has_quote_text_pending = self.conn.execute(
                "SELECT 1 FROM sqlite_master WHERE name = 'quote_text_pending'").fetchone() is not None
        if self._has_quote_text_pending:
            self.conn.execute(_INDEX_PENDING_QUOTES)
            self.conn.execute("DELETE FROM quote_text_pending")

    def _check_schema(self) -> None:
        try:
            names = {r[0] for r in self.conn.execute("SELECT name FROM schema_migrations")}
        except sqlite3.DatabaseError as err:
            raise StoreError(f"not a marsad archive ({err})", source=str(self.path)) from None
        missing = [n for n, _ in MIGRATIONS if n not in names]
        if missing:
            raise StoreError(f"the archive needs migrations {missing}: open it for writing once "
                             "(e.g. `marsad ingest` with no new files) to upgrade it", source=str(self.path))

    @property
    def schema_version(self) -> int:
        row = self.conn.execute("SELECT version FROM schema_version").fetchone()
        return int(row[0]) if row else 0

    # ---- writing ----------------------------------------------------------------------------------

    def _merges(self) -> bool:
        """Whether the archive has the merged tables (an archive opened with fewer migrations, in tests,
        does not)."""
        if self._has_merges is None:
            self._has_merges = self.conn.execute(
                "SELECT 1 FROM sqlite_master WHERE name = 'event_reports'").fetchone() is not None
        return self._has_merges

    def _require_writable(self) -> None:
        if not self.writable:
            raise StoreError("the archive was opened read-only", source=str(self.path))

    def seen(self, source_key: str, input_hash: str) -> str | None:
        """The outcome recorded for this input (stored | duplicate | rejected), or None if never processed."""
        row = self.conn.execute("SELECT outcome FROM inputs WHERE source_key = ? AND input_hash = ?",
                                (source_key, input_hash)).fetchone()
        return row[0] if row else None

    def article_by_hash(self, chash: str) -> str | None:
        row = self.conn.execute("SELECT id FROM articles WHERE content_hash = ?", (chash,)).fetchone()
        return row[0] if row else None

    def add_document(self, doc: Document, *, source_key: str | None = None, source_kind: str = "text",
                     input_hash: str | None = None, encoding: str | None = None,
                     minhash: bytes | None = None) -> str:
        """Store a processed Document with its entities, quotes and events; returns the article id.

        A document whose normalised body is already stored is not stored again: the existing id is
        returned (and the input is recorded in the ledger as a duplicate).
        """
        self._require_writable()
        if not doc.body.strip():
            raise InputError("the document has no body text", source=doc.source_name, reason="no-body")
        _check_spans(doc)
        chash = content_hash(doc.body)
        source_key = source_key or doc.source_name or chash
        input_hash = input_hash or hashlib.sha256((doc.raw or doc.body).encode("utf-8")).hexdigest()
        with self._write() as conn:
            existing = self.article_by_hash(chash)
            if existing:
                self._record_duplicate(conn, source_key, input_hash, existing, "exact", 1.0, doc.title, doc.url)
                return existing
            article_id = chash[:ARTICLE_ID_LEN]
            actors = self._insert_article(conn, doc, article_id, chash, source_key, source_kind, encoding, minhash)
            if self._merges():  # joins the archive's events, quotes and stories (marsad.merge)
                pub = doc.published
                merge_article(conn, article_id, self._merger(conn), ArticleFacts(
                    pub.date if pub else None, doc.title, minhash, bool(doc.events), bool(doc.quotes), actors))
            conn.execute("INSERT OR REPLACE INTO inputs VALUES (?, ?, 'stored', ?, ?)",
                         (source_key, input_hash, article_id, _now()))
        return article_id

    def add_duplicate(self, source_key: str, input_hash: str, duplicate_of: str, kind: str, similarity: float,
                      title: str | None = None, url: str | None = None) -> None:
        self._require_writable()
        with self._write() as conn:
            self._record_duplicate(conn, source_key, input_hash, duplicate_of, kind, similarity, title, url)

    def add_reject(self, source_key: str, input_hash: str, reason: str, message: str) -> None:
        self._require_writable()
        with self._write() as conn:
            conn.execute("INSERT OR REPLACE INTO rejects VALUES (?, ?, ?, ?, ?)",
                         (source_key, input_hash, reason, message, _now()))
            conn.execute("INSERT OR REPLACE INTO inputs VALUES (?, ?, 'rejected', NULL, ?)",
                         (source_key, input_hash, _now()))

    def _record_duplicate(self, conn: sqlite3.Connection, source_key: str, input_hash: str, duplicate_of: str,
                          kind: str, similarity: float, title: str | None, url: str | None) -> None:
        conn.execute("INSERT OR REPLACE INTO duplicates VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                     (source_key, input_hash, duplicate_of, kind, round(similarity, 4), title, url, _now()))
        conn.execute("INSERT OR REPLACE INTO inputs VALUES (?, ?, 'duplicate', ?, ?)",
                     (source_key, input_hash, duplicate_of, _now()))

    def _insert_article(self, conn: sqlite3.Connection, doc: Document, article_id: str, chash: str,
                        source_key: str, source_kind: str, encoding: str | None, minhash: bytes | None
                        ) -> tuple[str, ...]:
        """The article's row, its signature's bands, its kept input, its full-text row (see _Batch) and its
        derived rows; returns the actor ids of its people and organisations (_insert_derived)."""
        pub = doc.published
        cur = conn.execute(
            "INSERT INTO articles (id, content_hash, source_key, source_kind, encoding, title, url, outlet, section,"
            " published, published_method, body, n_chars, minhash, stages, record, ingested_at)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (article_id, chash, source_key, source_kind, encoding, doc.title, doc.url, doc.outlet, doc.section,
             pub.date if pub else None, pub.method if pub else None, doc.body, len(doc.body), minhash,
             json.dumps(doc.stages), record_json(doc), _now()),
        )
        num = cur.lastrowid
        layout = self.minhash_layout() if minhash else None
        if layout:
            conn.executemany("INSERT OR IGNORE INTO minhash_bands VALUES (?, ?, ?)",
                             [(band, key, num) for band, key in enumerate(minhash_band_keys(minhash, *layout))])
        if doc.raw and doc.given is not None:  # what a re-analysis starts from (readers.document)
            conn.execute("INSERT OR REPLACE INTO article_inputs VALUES (?, ?, ?)",
                         (article_id, zlib.compress(doc.raw.encode("utf-8"), 1), _to_json(doc.given)))
        fts_row = (num, *fts.document_columns(doc.title, doc.body, doc.tokens))
        if self._batch is not None:
            self._batch.fts_rows.append(fts_row)  # written just before the batch commits (see _Batch)
        else:
            conn.execute("INSERT INTO articles_fts (rowid, words, stems, bare) VALUES (?, ?, ?, ?)", fts_row)
        return self._insert_derived(conn, doc, article_id)

    def _insert_derived(self, conn: sqlite3.Connection, doc: Document, article_id: str) -> tuple[str, ...]:
        """The rows the stages' layers make of an article: paragraphs, actors, entities, mentions, quotes,
        events with their participants and evidence. Returns the actor ids of its PER and ORG entities."""
        conn.executemany("INSERT INTO paragraphs VALUES (?, ?, ?, ?)",
                         [(article_id, i, p.start, p.end) for i, p in enumerate(doc.paragraphs)])
        # Rows are gathered per table and written with one executemany each: every table receives its rows
        # in the order the per-entity/per-event loop wrote them, so rowids and first-wins actors are the same.
        actor_of: dict[str, str] = {}
        names: dict[str, str] = {}
        actors, entities, mentions = [], [], []
        known = self._known_actors
        for ent in doc.entities:
            key = actor_key(ent.type, ent.name, ent.actor, article_id)
            actor_of[ent.id], names[ent.id] = key, ent.name
            if key not in known:
                actors.append((key, ent.actor, ent.type, ent.name, _name_norm(ent.name), ent.name_en))
            entities.append((article_id, ent.id, key, ent.type, ent.name, ent.name_en,
                             _to_json([r.to_dict() for r in ent.roles]) if ent.roles else "[]", len(ent.mentions)))
            mentions += [(article_id, ent.id, m.start, m.end, m.text) for m in ent.mentions]
        if actors:
            conn.executemany("INSERT OR IGNORE INTO actors VALUES (?, ?, ?, ?, ?, ?)", actors)
            if len(known) > KNOWN_ACTORS_MAX:
                known.clear()
            known.update(row[0] for row in actors)
        people = tuple(dict.fromkeys(row[2] for row in entities if row[3] in ("PER", "ORG")))
        if entities:
            conn.executemany("INSERT INTO entities VALUES (?, ?, ?, ?, ?, ?, ?, ?)", entities)
            conn.executemany("INSERT INTO mentions VALUES (?, ?, ?, ?, ?)", mentions)
        published = doc.published.date if doc.published else None  # sort_date: own date, else this
        if doc.quotes:
            conn.executemany("INSERT INTO quotes VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                             [(article_id, q.id, q.speaker, actor_of.get(q.speaker or ""), q.speaker_name or
                               names.get(q.speaker or ""), q.text, norm(q.text), q.kind, q.cue, q.start, q.end,
                               q.date, q.speaker_via, q.date or published) for q in doc.quotes])
        if doc.events:
            events, participants, evidence = [], [], []
            for ev in doc.events:
                start = ev.date or (ev.date_interval[0] if ev.date_interval else None)
                end = ev.date_interval[1] if ev.date_interval and len(ev.date_interval) > 1 else None
                trig = ev.trigger
                events.append((article_id, ev.id, ev.type, ev.mode, ev.cameo, start, end,
                               actor_of.get(ev.place or ""), ev.place_name or names.get(ev.place or ""), ev.status,
                               ev.confidence, trig.start if trig else None, trig.end if trig else None,
                               trig.text if trig else None, ev.quote, actor_of.get(ev.reported_by or ""),
                               ev.reported_by_name or names.get(ev.reported_by or ""), start or published))
                participants += [(article_id, ev.id, role, eid, actor_of.get(eid), names.get(eid, eid))
                                 for role, ids in (("source", ev.source), ("target", ev.target)) for eid in ids]
                evidence += [(article_id, ev.id, s.start, s.end, s.text) for s in ev.evidence]
            conn.executemany("INSERT INTO events VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                             events)
            conn.executemany("INSERT INTO event_participants VALUES (?, ?, ?, ?, ?, ?)", participants)
            conn.executemany("INSERT INTO evidence VALUES (?, ?, ?, ?, ?)", evidence)
        return people

    # ---- re-analysis (marsad.reanalyse) ------------------------------------------------------------

    def article_input(self, article_id: str) -> tuple[str, dict[str, Any]] | None:
        """The pipeline input kept with an article (raw text, the input's metadata), or None (an article
        stored before the archive kept them, or loaded from batch shard files)."""
        row = self.conn.execute("SELECT raw, given FROM article_inputs WHERE article_id = ?", (article_id,)).fetchone()
        return (zlib.decompress(row[0]).decode("utf-8"), json.loads(row[1])) if row else None

    def replace_analysis(self, article_id: str, doc: Document, minhash: Callable[[str], bytes] | None = None
                         ) -> bool:
        """Rewrite an archived article from a re-analysed Document, in place, in one write (a savepoint
        inside `batch()`): its derived rows (paragraphs, entities, mentions, quotes, events, participants,
        evidence), its columns the stages set (title, url, outlet, section, published, stages, record), and
        its full-text row when the title or body changed. Kept: the article's num and id, its source, the
        ledger and the duplicates that point to it (re-analysis never re-decides duplicates). A body that
        changed (the clean stage's rules did) gets its new content hash and, with `minhash` (the signer),
        its new signature, so later inputs are checked against what it is now; a body that became another
        article's is refused (InputError, reason "now-duplicate") and nothing is written. Returns whether
        the body changed."""
        self._require_writable()
        if not doc.body.strip():
            raise InputError("the document has no body text", source=doc.source_name, reason="no-body")
        _check_spans(doc)
        with self._write() as conn:
            row = conn.execute("SELECT num, title, body, content_hash, minhash FROM articles WHERE id = ?",
                               (article_id,)).fetchone()
            if row is None:
                raise InputError(f"no article with id {article_id!r} in the archive", source=str(self.path),
                                 reason="not-found")
            num, old_title, old_body, chash, signature = row
            body_changed = doc.body != old_body
            if body_changed:
                chash = content_hash(doc.body)
                other = self.article_by_hash(chash)
                if other is not None and other != article_id:
                    raise InputError(f"the re-analysed body is that of article {other} (left as it was)",
                                     source=doc.source_name, reason="now-duplicate")
                layout = self.minhash_layout()
                if minhash is not None:
                    if signature and layout:  # the old signature's band rows, by their full key
                        conn.executemany("DELETE FROM minhash_bands WHERE band = ? AND key = ? AND num = ?",
                                         [(b, k, num) for b, k in enumerate(minhash_band_keys(signature, *layout))])
                    signature = minhash(doc.body)
                    if layout:
                        conn.executemany("INSERT OR IGNORE INTO minhash_bands VALUES (?, ?, ?)",
                                         [(b, k, num) for b, k in enumerate(minhash_band_keys(signature, *layout))])
            # the user's merge/split pins name the reports by local id, numbered anew below: read what they name
            pinned = pinned_reports(conn, article_id) if self._merges() else None
            for table in ("mentions", "event_participants", "evidence", "entities", "quotes", "events", "paragraphs"):
                conn.execute(f"DELETE FROM {table} WHERE article_id = ?", (article_id,))  # noqa: S608 - fixed names
            pub = doc.published
            conn.execute(
                "UPDATE articles SET content_hash = ?, title = ?, url = ?, outlet = ?, section = ?, published = ?,"
                " published_method = ?, body = ?, n_chars = ?, minhash = ?, stages = ?, record = ? WHERE num = ?",
                (chash, doc.title, doc.url, doc.outlet, doc.section, pub.date if pub else None,
                 pub.method if pub else None, doc.body, len(doc.body), signature, json.dumps(doc.stages),
                 record_json(doc), num))
            if body_changed or doc.title != old_title:
                # a contentless index forgets a row given the values it indexed (the same normalisation:
                # a change to it comes with a migration that re-indexes, see schema._reindex_fts)
                conn.execute("INSERT INTO articles_fts (articles_fts, rowid, words, stems, bare)"
                             " VALUES ('delete', ?, ?, ?, ?)", (num, *fts.index_columns(f"{old_title or ''}\n{old_body}")))
                conn.execute("INSERT INTO articles_fts (rowid, words, stems, bare) VALUES (?, ?, ?, ?)",
                             (num, *fts.document_columns(doc.title, doc.body, doc.tokens)))
            self._insert_derived(conn, doc, article_id)
            if pinned is not None:  # its merged events, quotes and story follow (the ingest hook's path)
                replace_article(conn, article_id, pinned, self._merger(conn))
        return body_changed

    # ---- near-duplicate bands (ingest.dedup.NearDuplicateIndex) ---------------------------------------

    def minhash_layout(self) -> tuple[int, int] | None:
        """(bands, rows per band) the archive's minhash_bands were cut with, or None before they are built."""
        if self._minhash_layout is None:
            row = self.conn.execute("SELECT bands, rows FROM minhash_layout").fetchone()
            self._minhash_layout = (int(row[0]), int(row[1])) if row else None
        return self._minhash_layout

    def rebuild_minhash_bands(self, bands: int, rows: int) -> None:
        """Cut every stored signature into this layout's bands (once per archive, and again only when an
        ingest asks for another similarity threshold); later articles get theirs as they are stored."""
        self._require_writable()
        with self.transaction() as conn:
            conn.execute("DELETE FROM minhash_bands")
            conn.execute("DELETE FROM minhash_layout")
            signatures = conn.execute("SELECT num, minhash FROM articles WHERE minhash IS NOT NULL ORDER BY num")
            conn.executemany("INSERT OR IGNORE INTO minhash_bands VALUES (?, ?, ?)",
                             ((band, key, num) for num, blob in signatures
                              for band, key in enumerate(minhash_band_keys(blob, bands, rows))))
            conn.execute("INSERT INTO minhash_layout VALUES (?, ?)", (bands, rows))
        self._minhash_layout = (bands, rows)

    def near_candidates(self, keys: list[int]) -> list[tuple[str, bytes]]:
        """(id, signature) of the articles sharing at least one band key with `keys` (band k's key at
        index k), in the order they were stored."""
        if not keys:
            return []
        sql = _NEAR_SQL.get(len(keys))
        if sql is None:
            bands = " UNION ".join(["SELECT num FROM minhash_bands WHERE band = ? AND key = ?"] * len(keys))
            sql = _NEAR_SQL[len(keys)] = (
                f"SELECT id, minhash FROM articles WHERE num IN ({bands}) AND minhash IS NOT NULL ORDER BY num")
        return self.conn.execute(sql, [x for band, key in enumerate(keys) for x in (band, key)]).fetchall()

    # ---- reading ----------------------------------------------------------------------------------

    def stats(self) -> dict[str, Any]:
        count = {t: self.conn.execute(f"SELECT count(*) FROM {t}").fetchone()[0]  # noqa: S608 - fixed names
                 for t in ("articles", "actors", "entities", "quotes", "events", "duplicates", "rejects")}
        count["rejects_by_reason"] = dict(self.conn.execute(
            "SELECT reason, count(*) FROM rejects GROUP BY reason ORDER BY count(*) DESC").fetchall())
        count["schema_version"] = self.schema_version
        return count

    # The archive's lists, through the query layer (marsad.store.queries: the filters, their checks and
    # the SQL the CLI, the web app and the exports share). Kept for Python callers; `limit`: the first rows.

    def search(self, query: str, *, limit: int | None = 20, **filters: Any) -> list[dict[str, Any]]:
        """Articles matching QUERY, best first: article_id, title, url, outlet, published, score, snippet
        (matches in [brackets]), and every match in the body (`matches`) and the title (`title_matches`)."""
        from . import queries

        if not (query or "").strip():
            raise queries.BadParameter("q", "empty search query (no words to search for)")
        f = queries.parse("articles", filters, q=query)
        hits = queries.find_articles(self, f, queries.limit_paging(limit), matches=True)["items"]
        return [{"article_id": h["id"], "title": h["title"] or None, "url": h["url"], "outlet": h["outlet"],
                 "published": h["published"], "score": h["score"],
                 "snippet": queries.bracketed(h["snippet"], h["snippet_marks"]),
                 "title_matches": h["title_matches"], "matches": h["matches"]} for h in hits]

    def events(self, *, limit: int | None = None, **filters: Any) -> list[dict[str, Any]]:
        """Events (newest first) with their actors, place, date, status, CAMEO code and evidence; filters
        as `marsad events` (queries.FILTERS["events"])."""
        from . import queries

        return queries.find_events(self, queries.parse("events", filters), queries.limit_paging(limit))["items"]

    def quotes(self, *, limit: int | None = None, contains: str | None = None, **filters: Any
               ) -> list[dict[str, Any]]:
        """Quotes, newest first; filters as `marsad quotes` (`contains`: the older name of `text`)."""
        from . import queries

        f = queries.parse("quotes", filters, **({"text": contains} if contains is not None else {}))
        return queries.find_quotes(self, f, queries.limit_paging(limit))["items"]

    def actors(self, *, top: int | None = None, **filters: Any) -> list[dict[str, Any]]:
        """Actors ranked by the number of articles that mention them, with their event and quote counts."""
        from . import queries

        return queries.find_actors(self, queries.parse("actors", filters), queries.limit_paging(top, "top"))["items"]

    def iter_articles(self, since: str | None = None, until: str | None = None, **filters: Any
                      ) -> Iterator[dict[str, Any]]:
        """Whole article rows (the export's columns), oldest first unless `sort` says otherwise."""
        from . import queries

        return queries.iter_articles(self, queries.parse("articles", filters, since=since, until=until))

    def iter_entities(self, since: str | None = None, until: str | None = None) -> Iterator[dict[str, Any]]:
        """One row per entity of each article, oldest article first."""
        from . import queries

        return queries.iter_entities(self, queries.parse("entities", since=since, until=until))

    def resolve_article_id(self, article_id: str) -> str:
        """The full id of an article given its id or a unique prefix (6+ characters)."""
        rows = self.conn.execute("SELECT id FROM articles WHERE id = ?", (article_id,)).fetchall()
        if not rows and len(article_id) >= 6:
            rows = self.conn.execute("SELECT id FROM articles WHERE id LIKE ? LIMIT 2",
                                     (article_id.replace("%", "") + "%",)).fetchall()
        if not rows:
            raise InputError(f"no article with id {article_id!r} in the archive", source=str(self.path),
                             reason="not-found")
        if len(rows) > 1:
            raise InputError(f"the id prefix {article_id!r} is ambiguous; give more characters",
                             source=str(self.path), reason="ambiguous")
        return rows[0][0]

    def article(self, article_id: str) -> dict[str, Any]:
        """One article: its archive metadata and the full record (Document.to_dict())."""
        full = self.resolve_article_id(article_id)
        cur = self.conn.execute(
            "SELECT id, content_hash, source_key, source_kind, encoding, title, url, outlet, published,"
            " published_method, n_chars, stages, record, ingested_at, body FROM articles WHERE id = ?", (full,))
        cols = [c[0] for c in cur.description]
        row = dict(zip(cols, cur.fetchone(), strict=True))
        row["stages"] = json.loads(row["stages"])
        row["versions"] = stage_versions(row["stages"])  # which rules made this record (provenance)
        row["record"] = full_record(json.loads(row["record"]), row.pop("body"))
        row["duplicates"] = [dict(zip(("source_key", "kind", "similarity", "title", "url"), r, strict=True))
                             for r in self.conn.execute(
                                 "SELECT source_key, kind, similarity, title, url FROM duplicates"
                                 " WHERE duplicate_of = ? ORDER BY source_key", (full,))]
        return row



def _connect(target: str, uri: bool = False, same_thread: bool = True) -> sqlite3.Connection:
    try:
        conn = sqlite3.connect(target, uri=uri, isolation_level=None, timeout=30, check_same_thread=same_thread)
        conn.execute("PRAGMA foreign_keys=ON")
        conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
    except sqlite3.DatabaseError as err:
        raise StoreError(f"cannot open the archive ({err})", source=target) from None
    return conn


def _check_spans(doc: Document) -> None:
    """Refuse a document whose spans do not point into its body (the invariant the archive serves)."""
    if _spans_match(doc):
        return
    for layer, start, end, text in doc.all_spans():  # the first broken span, for the message
        if doc.body[start:end] != text:
            raise InputError(f"span {layer} {start}:{end} does not match the body ({text[:30]!r})",
                             source=doc.source_name, reason="bad-spans")


def _spans_match(doc: Document) -> bool:
    """Whether every span of doc.all_spans() matches the body; the same test without building its list."""
    body = doc.body
    layers: list[Any] = [doc.paragraphs, doc.sentences, doc.tokens, doc.dates, doc.mentions, doc.quotes]
    layers += [ent.mentions for ent in doc.entities]
    layers += [[q.cue_span] for q in doc.quotes if q.cue_span]
    for ev in doc.events:
        if ev.trigger:
            layers.append([ev.trigger])
        layers.append(ev.evidence)
    for spans in layers:
        for s in spans:
            if body[s.start:s.end] != s.text:
                return False
    return True

"""Cross-article quotes: one statement by one speaker, reported by several articles, is one merged quote.

Two quote rows are the same statement when they have the same speaker (actor id), fall on the same or an
adjacent day (the quote's date, else its article's publication day), and their words overlap: rapidfuzz's
token-set ratio over the normalised text at least SIMILAR, the shorter one having at least MIN_TOKENS
words (a short phrase such as "we support the kingdom" is said too often to identify a statement). An
outlet quoting an excerpt of a longer statement joins it (the token-set ratio of a subset is 100).
Quotes without a speaker id stay alone.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from datetime import date
from functools import cached_property

from rapidfuzz import fuzz

from .events import same_source

SIMILAR = 80.0
MIN_TOKENS = 5
DAY_SLACK = 1


@dataclass
class QuoteReport:
    article_id: str
    quote_id: str
    num: int
    speaker: str
    speaker_name: str | None
    text: str
    text_norm: str
    day: int
    date: str
    published: str | None
    outlet: str | None
    minhash: bytes | None
    pin: str | None
    start: int = 0  # in the article's body (the order of an article's quotes)

    @property
    def key(self) -> tuple[str, str]:
        return (self.article_id, self.quote_id)

    @cached_property
    def n_tokens(self) -> int:  # (same_statement's first test, counted once for a report compared many times)
        return len(self.text_norm.split())

    @property
    def order(self) -> tuple[bool, str, int, int, str]:
        """Where `load` puts it: publication (none first), article, start."""
        return (self.published is not None, self.published or "", self.num, self.start, self.quote_id)


def _ordinal(text: str | None) -> int | None:
    try:
        return date.fromisoformat(text[:10]).toordinal() if text and len(text) >= 10 else None
    except ValueError:
        return None


_SQL = ("SELECT q.article_id, q.local_id, a.num, q.speaker_actor, q.speaker_name, q.text, q.text_norm, q.date,"
        " a.published, a.outlet, a.minhash, p.pin, q.start, {extra} FROM {source} JOIN articles a ON a.id = q.article_id"
        " LEFT JOIN merge_pins p ON p.kind = 'quote' AND p.article_id = q.article_id AND p.item_id = q.local_id"
        " WHERE q.speaker_actor IS NOT NULL")
# A merged quote's reports with their source (quote_reports.source).
_MEMBERS = "quote_reports r JOIN quotes q ON q.article_id = r.article_id AND q.local_id = r.quote_id"


def load(conn: sqlite3.Connection, where: str = "1=1", params: tuple[object, ...] = (), source: str = "quotes q"
         ) -> list[QuoteReport]:
    return [r for r, _ in _load(conn, where, params, source, "NULL")]


def _load(conn: sqlite3.Connection, where: str, params: tuple[object, ...], source: str, extra: str
          ) -> list[tuple[QuoteReport, object]]:
    """The quote reports matching `where`, in QuoteReport.order, each with the value of column `extra`."""
    out = []
    sql = _SQL.format(source=source, extra=extra)
    for r in conn.execute(f"{sql} AND {where} ORDER BY a.published, a.num, q.start, q.local_id", params):
        day = _ordinal(r[7]) or _ordinal(r[8])
        if day is None:
            continue
        out.append((QuoteReport(r[0], r[1], r[2], r[3], r[4], r[5], r[6], day, date.fromordinal(day).isoformat(),
                                r[8], r[9], r[10], r[11], r[12]), r[13]))
    return out


def same_statement(a: str, b: str) -> bool:
    if min(len(a.split()), len(b.split())) < MIN_TOKENS:
        return False
    return _similar(a, b)


def _similar(a: str, b: str) -> bool:
    # score_cutoff: rapidfuzz gives up (returns 0) once the ratio cannot reach it; the ratios that do are the same
    return fuzz.token_set_ratio(a, b, score_cutoff=SIMILAR) >= SIMILAR


class QuoteMerger:
    """Adds quote reports to the merged quotes of one archive (a connection inside the caller's transaction).
    Keeps each merged quote's reports it has read or placed, and their sources (a rebuild, and the ingest
    hook's session: update.MergeSession)."""

    def __init__(self, conn: sqlite3.Connection) -> None:
        self.conn = conn
        self.cache: dict[int, list[QuoteReport]] = {}  # merged id -> its reports
        self.sources: dict[tuple[str, str], int] = {}  # report key -> quote_reports.source
        self._appended: set[int] = set()  # merged ids whose report list grew since `settle`

    def settle(self) -> None:
        """Report lists in the order `load` reads them in, as a merger made afresh reads them (the order
        decides which report's source a near-duplicate report takes)."""
        for mid in self._appended:
            members = self.cache.get(mid)
            if members:
                members.sort(key=QuoteReport.order.fget)  # type: ignore[arg-type]
        self._appended.clear()

    def forget(self) -> None:
        self.cache.clear()
        self.sources.clear()
        self._appended.clear()

    def _members(self, mid: int) -> list[QuoteReport]:
        if mid not in self.cache:
            members = []
            for report, source in _load(self.conn, "r.merged_id = ?", (mid,), _MEMBERS, "r.source"):
                members.append(report)
                self.sources[report.key] = source  # type: ignore[assignment]
            self.cache[mid] = members
        return self.cache[mid]

    def add(self, r: QuoteReport) -> int:
        chosen = None
        for (mid,) in self.conn.execute("SELECT id FROM merged_quotes WHERE speaker_actor = ? AND day BETWEEN ? AND ?",
                                        (r.speaker, r.day - DAY_SLACK, r.day + DAY_SLACK)).fetchall():
            members = self._members(mid)
            pins = {m.pin for m in members if m.pin}
            if (r.pin or pins) and r.pin not in pins:
                continue
            if r.pin in pins or r.n_tokens >= MIN_TOKENS and any(
                    m.n_tokens >= MIN_TOKENS and _similar(r.text_norm, m.text_norm) for m in members):
                chosen = mid
                break
        if chosen is None:  # a statement of its own: the merged row is this report's, written whole at once
            chosen = self.conn.execute(
                "INSERT INTO merged_quotes (speaker_actor, speaker_name, text, day, date, n_reports, n_sources,"
                " n_outlets, first_published, rep_article, rep_quote) VALUES (?, ?, ?, ?, ?, 1, 1, 1, ?, ?, ?)",
                (r.speaker, r.speaker_name, r.text, r.day, r.date, r.published, r.article_id, r.quote_id)).lastrowid
            self.cache[chosen] = []
            self._place(r, chosen, r.num)
            return chosen
        members = self._members(chosen)
        source = next((self.sources[m.key] for m in members
                       if m.article_id == r.article_id or same_source(m.minhash, r.minhash)), r.num)
        self._place(r, chosen, source)
        self.refresh(chosen)
        return chosen

    def _place(self, r: QuoteReport, chosen: int, source: int) -> None:
        self.conn.execute("INSERT OR REPLACE INTO quote_reports VALUES (?, ?, ?, ?, ?, ?)",
                          (r.article_id, r.quote_id, chosen, r.outlet, r.published, source))
        self.sources[r.key] = source
        self.cache[chosen].append(r)
        self._appended.add(chosen)

    def refresh(self, mid: int) -> None:
        members = self._members(mid)
        if not members:
            self.conn.execute("DELETE FROM merged_quotes WHERE id = ?", (mid,))
            return
        rep = max(members, key=lambda m: (len(m.text), -m.num))
        first = min(members, key=lambda m: (m.day, m.num))
        n_sources = self.conn.execute("SELECT count(DISTINCT source) FROM quote_reports WHERE merged_id = ?",
                                      (mid,)).fetchone()[0]
        published = sorted(m.published for m in members if m.published)
        self.conn.execute(
            "UPDATE merged_quotes SET text = ?, day = ?, date = ?, n_reports = ?, n_sources = ?, n_outlets = ?,"
            " first_published = ?, rep_article = ?, rep_quote = ? WHERE id = ?",
            (rep.text, first.day, first.date, len(members), n_sources, len({m.outlet or m.article_id for m in members}),
             published[0] if published else None, rep.article_id, rep.quote_id, mid))

    def remove_article(self, article_id: str) -> None:
        mids = [m for (m,) in self.conn.execute("SELECT DISTINCT merged_id FROM quote_reports WHERE article_id = ?",
                                                (article_id,))]
        self.conn.execute("DELETE FROM quote_reports WHERE article_id = ?", (article_id,))
        for mid in mids:
            self.cache.pop(mid, None)
            self.refresh(mid)


    def load_article(self, article_id: str) -> list[QuoteReport]:
        return load(self.conn, "q.article_id = ?", (article_id,))


def add_article(conn: sqlite3.Connection, article_id: str) -> None:
    merger = QuoteMerger(conn)
    merger.remove_article(article_id)
    for r in merger.load_article(article_id):
        merger.add(r)


def rebuild(conn: sqlite3.Connection) -> None:
    conn.execute("DELETE FROM merged_quotes")
    conn.execute("DELETE FROM quote_reports")
    merger = QuoteMerger(conn)
    for r in load(conn):
        merger.add(r)
        if len(merger.cache) > 20_000:
            merger.forget()

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

    @property
    def key(self) -> tuple[str, str]:
        return (self.article_id, self.quote_id)


def _ordinal(text: str | None) -> int | None:
    try:
        return date.fromisoformat(text[:10]).toordinal() if text and len(text) >= 10 else None
    except ValueError:
        return None


_SQL = ("SELECT q.article_id, q.local_id, a.num, q.speaker_actor, q.speaker_name, q.text, q.text_norm, q.date,"
        " a.published, a.outlet, a.minhash, p.pin FROM {source} JOIN articles a ON a.id = q.article_id"
        " LEFT JOIN merge_pins p ON p.kind = 'quote' AND p.article_id = q.article_id AND p.item_id = q.local_id"
        " WHERE q.speaker_actor IS NOT NULL")


def load(conn: sqlite3.Connection, where: str = "1=1", params: tuple[object, ...] = (), source: str = "quotes q"
         ) -> list[QuoteReport]:
    out = []
    sql = _SQL.format(source=source)
    for r in conn.execute(f"{sql} AND {where} ORDER BY a.published, a.num, q.start", params):
        day = _ordinal(r[7]) or _ordinal(r[8])
        if day is None:
            continue
        out.append(QuoteReport(r[0], r[1], r[2], r[3], r[4], r[5], r[6], day, date.fromordinal(day).isoformat(),
                               r[8], r[9], r[10], r[11]))
    return out


def same_statement(a: str, b: str) -> bool:
    if min(len(a.split()), len(b.split())) < MIN_TOKENS:
        return False
    return fuzz.token_set_ratio(a, b) >= SIMILAR


class QuoteMerger:
    def __init__(self, conn: sqlite3.Connection) -> None:
        self.conn = conn
        self.cache: dict[int, list[QuoteReport]] = {}  # merged id -> its reports (rebuild only)

    def _members(self, mid: int) -> list[QuoteReport]:
        if mid not in self.cache:
            self.cache[mid] = load(self.conn, "r.merged_id = ?", (mid,), source="quote_reports r JOIN quotes q ON"
                                   " q.article_id = r.article_id AND q.local_id = r.quote_id")
        return self.cache[mid]

    def add(self, r: QuoteReport) -> int:
        chosen = None
        for (mid,) in self.conn.execute("SELECT id FROM merged_quotes WHERE speaker_actor = ? AND day BETWEEN ? AND ?",
                                        (r.speaker, r.day - DAY_SLACK, r.day + DAY_SLACK)).fetchall():
            members = self._members(mid)
            pins = {m.pin for m in members if m.pin}
            if (r.pin or pins) and r.pin not in pins:
                continue
            if r.pin in pins or any(same_statement(r.text_norm, m.text_norm) for m in members):
                chosen = mid
                break
        if chosen is None:
            chosen = self.conn.execute(
                "INSERT INTO merged_quotes (speaker_actor, speaker_name, text, day, date, n_reports, n_sources,"
                " n_outlets) VALUES (?, ?, ?, ?, ?, 0, 0, 0)", (r.speaker, r.speaker_name, r.text, r.day, r.date)
            ).lastrowid
            self.cache[chosen] = []
        members = self._members(chosen)
        source = next((self.conn.execute("SELECT source FROM quote_reports WHERE article_id = ? AND quote_id = ?",
                                         m.key).fetchone()[0] for m in members
                       if m.article_id == r.article_id or same_source(m.minhash, r.minhash)), r.num)
        self.conn.execute("INSERT OR REPLACE INTO quote_reports VALUES (?, ?, ?, ?, ?, ?)",
                          (r.article_id, r.quote_id, chosen, r.outlet, r.published, source))
        members.append(r)
        self.refresh(chosen)
        return chosen

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


def add_article(conn: sqlite3.Connection, article_id: str) -> None:
    merger = QuoteMerger(conn)
    merger.remove_article(article_id)
    for r in load(conn, "q.article_id = ?", (article_id,)):
        merger.add(r)


def rebuild(conn: sqlite3.Connection) -> None:
    conn.execute("DELETE FROM merged_quotes")
    conn.execute("DELETE FROM quote_reports")
    merger = QuoteMerger(conn)
    for r in load(conn):
        merger.add(r)
        if len(merger.cache) > 20_000:
            merger.cache.clear()

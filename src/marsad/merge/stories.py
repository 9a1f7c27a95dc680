"""Stories: the articles about one happening, across outlets, within a few days.

An article joins the stories of the articles (published within WINDOW days of it) it is linked to by
- near-duplicate text: MinHash Jaccard at least events.SAME_SOURCE (candidates from the archive's LSH bands);
- a merged event they both report (merged_events with at least two actors: those merges need shared
  participants, so two articles with one are about the same meeting or attack);
- shared actors and title: at least one person or organisation in common (not a news outlet) and titles
  whose content words overlap (Jaccard at least TITLE_OVERLAP, at least TITLE_SHARED words in common).
Linked stories are joined (union-find kept in story_articles: the smaller id survives).
"""

from __future__ import annotations

import hashlib
import re
import sqlite3
from dataclasses import dataclass
from datetime import date, timedelta
from functools import lru_cache

from ..text.normalize import norm
from .events import same_source

WINDOW = 3
TITLE_OVERLAP = 0.5
TITLE_SHARED = 3
MAX_ACTOR_ARTICLES = 400  # an actor in more articles than this within the window links nothing by itself
_WORD = re.compile(r"\w{3,}")
# Title words that say nothing of the happening (function words, newsroom words).
_TITLE_STOP = frozenset(norm(w) for w in ["الذي", "التي", "الذين", "على", "عن", "إلى", "الى", "من", "في", "مع", "بعد", "قبل", "خلال", "حول", "بين", "لدى", "أمام", "منذ", "هذا", "هذه", "ذلك", "تلك", "كان", "كانت", "يكون", "أن", "إن", "أنه", "إنه", "لها", "له", "لهم", "وقد", "قد", "لم", "لن", "ما", "لا", "عبر", "ضد", "أول", "اليوم", "أمس", "غدا", "عاجل", "بالصور", "بالفيديو", "فيديو", "صور"])


@lru_cache(maxsize=65536)  # the ingest hook reads the titles of the same neighbours article after article
def title_words(title: str | None) -> frozenset[str]:
    words = (w for w in _WORD.findall(norm(title or "")))
    return frozenset(w for w in words if w not in _TITLE_STOP)


def titles_overlap(a: frozenset[str], b: frozenset[str]) -> bool:
    shared = len(a & b)
    return shared >= TITLE_SHARED and shared / len(a | b) >= TITLE_OVERLAP


def band_keys(blob: bytes, bands: int, rows: int) -> list[int]:
    """The LSH band keys of a stored signature, as the archive's minhash_bands holds them (store.minhash_band_keys
    is this function): BLAKE2b of each band's bytes. The last signature's keys are kept: an ingested article's
    are asked for three times in a row (the near-duplicate check, its band rows, its story's links)."""
    global _last_bands
    if _last_bands[0] == (blob, bands, rows):
        return list(_last_bands[1])
    width = 8 * rows
    keys = tuple(int.from_bytes(hashlib.blake2b(blob[k * width:(k + 1) * width], digest_size=8).digest(), "little",
                                signed=True) for k in range(bands))
    _last_bands = ((blob, bands, rows), keys)
    return list(keys)


_last_bands: tuple[tuple[bytes, int, int] | None, tuple[int, ...]] = (None, ())


def _window(published: str | None) -> tuple[str, str] | None:
    try:
        day = date.fromisoformat((published or "")[:10])
    except ValueError:
        return None
    return (day - timedelta(days=WINDOW)).isoformat(), (day + timedelta(days=WINDOW)).isoformat() + "~"


@lru_cache(maxsize=1)  # the KB's media outlets: read once a process, not once an article
def _media() -> tuple[str, ...]:
    from ..kb.base import load_kb

    return tuple(sorted(a.id for a in load_kb(()).actors.values() if a.sector == "media"))


@dataclass(frozen=True)
class ArticleFacts:
    """What the archive's writer knows of an article it has just written (its row and layers), so the merge
    hook need not read it back: the stored publication, title and signature, whether it has events and
    quotes, and the actor ids of its people and organisations (any order: they link as a set)."""

    published: str | None
    title: str | None
    minhash: bytes | None
    events: bool
    quotes: bool
    actors: tuple[str, ...]


class StoryLinker:
    """Links articles into stories (a connection inside the caller's transaction). Keeps the title words of
    the articles it has read (a rebuild, and the ingest hook's session: update.MergeSession, which tells it
    when an article's title may have changed)."""

    def __init__(self, conn: sqlite3.Connection) -> None:
        self.conn = conn
        self.media = frozenset(_media())
        self.titles: dict[str, frozenset[str]] = {}
        self.layout = conn.execute("SELECT bands, rows FROM minhash_layout").fetchone()
        self._article: tuple[str, str | None, str | None] | None = None  # (id, published, title) `links` read

    def _titles(self, ids: list[str]) -> dict[str, frozenset[str]]:
        missing = [i for i in ids if i not in self.titles]
        for start in range(0, len(missing), 500):
            chunk = missing[start:start + 500]
            for other, title in self.conn.execute(
                    f"SELECT id, title FROM articles WHERE id IN ({', '.join('?' * len(chunk))})", chunk):
                self.titles[other] = title_words(title)
        if len(self.titles) > 200_000:  # bounded
            keep = {i: self.titles[i] for i in ids if i in self.titles}
            self.titles = keep
        return {i: self.titles.get(i, frozenset()) for i in ids}

    def links(self, article_id: str, events: bool = True, facts: ArticleFacts | None = None) -> dict[str, str]:
        """Stored articles linked to this one, each with what linked it (and its story keys written).
        `events`: whether the article may report merged events (False: it has no event reports); `facts`:
        the article as its writer just stored it (else read here)."""
        conn = self.conn
        if facts is not None:
            published, title, minhash = facts.published, facts.title, facts.minhash
        else:
            row = conn.execute("SELECT published, title, minhash FROM articles WHERE id = ?", (article_id,)).fetchone()
            if row is None:
                return {}
            published, title, minhash = row
        self._article = (article_id, published, title)
        window = _window(published)
        if window is None:
            return {}
        found: dict[str, str] = {}
        if minhash and self.layout:
            keys = band_keys(minhash, *self.layout)
            clause = " UNION ALL ".join(["SELECT num FROM minhash_bands WHERE band = ? AND key = ?"] * len(keys))
            for other, other_hash in conn.execute(
                    f"SELECT id, minhash FROM articles WHERE num IN ({clause}) AND id != ? AND published BETWEEN ? AND ?",
                    [x for band, key in enumerate(keys) for x in (band, key)] + [article_id, *window]):
                if same_source(minhash, other_hash):
                    found.setdefault(other, "near-duplicate")
        for (other,) in conn.execute(
                "SELECT DISTINCT o.article_id FROM event_reports r JOIN event_reports o ON o.merged_id = r.merged_id"
                " WHERE r.article_id = ? AND o.article_id != ? AND (SELECT count(*) FROM merged_event_actors x"
                " WHERE x.merged_id = r.merged_id) >= 2", (article_id, article_id)) if events else ():
            found.setdefault(other, "event")
        actors = [a for a in (facts.actors if facts is not None else (a for (a,) in conn.execute(
            "SELECT DISTINCT actor_id FROM entities WHERE article_id = ? AND type IN ('PER', 'ORG')", (article_id,))))
            if a not in self.media]
        day = published[:10]
        conn.executemany("INSERT OR IGNORE INTO story_keys VALUES (?, ?, ?)", [(a, day, article_id) for a in actors])
        mine = title_words(title)
        self.titles[article_id] = mine
        if len(mine) >= TITLE_SHARED and actors:
            # each actor's articles in the window (at most MAX_ACTOR_ARTICLES + 1 read), all in one statement
            by_actor: dict[str, list[str]] = {}
            for start in range(0, len(actors), 100):
                chunk = actors[start:start + 100]
                for actor, other in conn.execute(_actor_articles_sql(len(chunk)), [
                        x for a in chunk for x in (a, window[0], window[1], article_id, MAX_ACTOR_ARTICLES + 1)]):
                    by_actor.setdefault(actor, []).append(other)
            for actor in actors:
                rows = by_actor.get(actor, [])
                if len(rows) > MAX_ACTOR_ARTICLES:
                    continue
                ids = [other for other in rows if other not in found]
                for other, words in self._titles(ids).items():
                    if titles_overlap(mine, words):
                        found[other] = "actors+title"
        return found

    def add(self, article_id: str, events: bool = True, facts: ArticleFacts | None = None) -> int:
        conn = self.conn
        self._article = None
        linked = self.links(article_id, events, facts)
        via = None
        stories: set[int] = set()
        story_of: dict[str, int] = {}
        others = list(linked)
        for start in range(0, len(others), 500):
            chunk = others[start:start + 500]
            story_of.update(conn.execute(f"SELECT article_id, story_id FROM story_articles WHERE article_id IN"
                                         f" ({', '.join('?' * len(chunk))})", chunk).fetchall())  # noqa: S608
        for other, how in linked.items():
            if other in story_of:
                stories.add(story_of[other])
                via = via or how
        if not stories and self._article is not None and self._article[0] == article_id:
            # a story of its own: its row written whole at once (what `refresh` would make of it)
            _, published, title = self._article
            story = conn.execute("INSERT INTO stories (title, first_published, last_published, n_articles,"
                                 " n_outlets) VALUES (?, ?, ?, 1, 1)", (title, published, published)).lastrowid
            conn.execute("INSERT OR REPLACE INTO story_articles VALUES (?, ?, ?)", (article_id, story, via))
            return story
        if stories:
            story = min(stories)
            others = sorted(stories - {story})
            if others:
                marks = ", ".join("?" * len(others))
                conn.execute(f"UPDATE story_articles SET story_id = ? WHERE story_id IN ({marks})", [story, *others])
                conn.execute(f"DELETE FROM stories WHERE id IN ({marks})", others)
        else:
            story = conn.execute("INSERT INTO stories (n_articles, n_outlets) VALUES (0, 0)").lastrowid
        conn.execute("INSERT OR REPLACE INTO story_articles VALUES (?, ?, ?)", (article_id, story, via))
        refresh(conn, story)
        return story


@lru_cache(maxsize=64)
def _actor_articles_sql(n: int) -> str:
    """The articles of n actors within a window, each actor's in key order and at most a limit of them."""
    one = ("SELECT * FROM (SELECT actor_id, article_id FROM story_keys WHERE actor_id = ? AND day BETWEEN ? AND ?"
           " AND article_id != ? LIMIT ?)")
    return " UNION ALL ".join([one] * n)


def refresh(conn: sqlite3.Connection, story: int) -> None:
    row = conn.execute(
        "SELECT count(*), count(DISTINCT coalesce(a.outlet, a.id)), min(a.published), max(a.published)"
        " FROM story_articles s JOIN articles a ON a.id = s.article_id WHERE s.story_id = ?", (story,)).fetchone()
    if not row[0]:
        conn.execute("DELETE FROM stories WHERE id = ?", (story,))
        return
    title = conn.execute("SELECT a.title FROM story_articles s JOIN articles a ON a.id = s.article_id WHERE"
                         " s.story_id = ? ORDER BY a.published, a.num LIMIT 1", (story,)).fetchone()[0]
    conn.execute("UPDATE stories SET title = ?, n_articles = ?, n_outlets = ?, first_published = ?,"
                 " last_published = ? WHERE id = ?", (title, row[0], row[1], row[2], row[3], story))


def remove_article(conn: sqlite3.Connection, article_id: str) -> None:
    """Take an article out of its story before it is placed again (its rows were replaced): a story it
    alone held together is not split here."""
    row = conn.execute("SELECT story_id FROM story_articles WHERE article_id = ?", (article_id,)).fetchone()
    if row:
        conn.execute("DELETE FROM story_articles WHERE article_id = ?", (article_id,))
        conn.execute("DELETE FROM story_keys WHERE article_id = ?", (article_id,))
        refresh(conn, row[0])


def add_article(conn: sqlite3.Connection, article_id: str) -> None:
    remove_article(conn, article_id)
    StoryLinker(conn).add(article_id)


def rebuild(conn: sqlite3.Connection) -> None:
    conn.execute("DELETE FROM stories")
    conn.execute("DELETE FROM story_articles")
    conn.execute("DELETE FROM story_keys")
    linker = StoryLinker(conn)
    for (article_id,) in conn.execute("SELECT id FROM articles ORDER BY published, num").fetchall():
        linker.add(article_id)

"""The one query layer over the archive: filters, their validation, vocabularies and the SQL that reads.

`marsad search|events|quotes|actors|export`, the REST API, the web pages, the API's downloads and the
Python API (`marsad.open`) all ask the archive through this module, so they take the same filters,
refuse the same bad values with the same message, and answer from the same SQL:

    FILTERS["events"]                        # the filters of a table: name, help, how a value is checked
    f = parse("events", {"since": "2015-08", "status": "planned"})   # BadParameter on a bad value
    find_events(store, f, Paging(1, 25))     # {"total", "page", "per_page", "sort", "items"}
    rows(store, "events", f)                 # the export's rows

A bad value raises `BadParameter(name, reason)`: an InputError, so the CLI prints it and exits 2 (never a
traceback), and the web app answers 400 `bad-parameter` with `parameter` = the name; both show
`detail` ("since: is not a real date: '2015-02-30'").

The vocabularies are read from where they are defined: statuses, entity types and speaker_via from the
data model (marsad.model), event types and modes from the events stage's trigger file. SQL is
parameterised; sort keys map to fixed SQL fragments, never to user text. Every function takes a Store
(only its `conn` and `path` are used) and returns plain dicts: the JSON the API answers.
"""

from __future__ import annotations

import json
import re
import sqlite3
import threading
from collections import OrderedDict
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .. import config
from ..errors import InputError
from ..model import ENTITY_TYPES, EVENT_STATUSES, SPEAKER_VIA, SPEAKER_VIA_GROUPS, speaker_via_values
from ..text.normalize import norm
from . import search as fts

if TYPE_CHECKING:
    from .store import Store

MAX_PER_PAGE = 200
DEFAULT_PER_PAGE = 25
MAX_QUERY_CHARS = 500
_DATE_RE = re.compile(r"(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?")


class BadParameter(InputError):
    """A filter, sort or paging value that cannot be used: `name` is the parameter (the API's query
    parameter, the CLI's --option without its dashes), `why` the reason; `detail` is the message every
    interface shows."""

    def __init__(self, name: str, why: str) -> None:
        self.name = name
        self.why = why
        super().__init__(why, source=name, reason="bad-parameter")

    @property
    def detail(self) -> str:
        return f"{self.name}: {self.why}"


# ---- vocabularies ---------------------------------------------------------------------------------------

@lru_cache(maxsize=1)
def _triggers() -> tuple[dict[str, Any], ...]:
    # The events stage's parse of the file (config.load_rules: once per process, checked against its schema).
    data = config.load_rules("events/triggers.yaml")
    return tuple(t for t in (data or {}).get("triggers", []) if isinstance(t, dict))


def event_types() -> tuple[str, ...]:
    """The event types the events stage can produce (its trigger file), plus STATEMENT, sorted."""
    return _event_types()


@lru_cache(maxsize=1)
def _event_types() -> tuple[str, ...]:
    return tuple(sorted({t["type"] for t in _triggers() if t.get("type")} | {"STATEMENT"}))


def event_modes() -> tuple[str, ...]:
    """The CONSULT modes (meet, host, visit…) the trigger file gives, in its order."""
    return _event_modes()


@lru_cache(maxsize=1)
def _event_modes() -> tuple[str, ...]:
    return tuple(dict.fromkeys(t["mode"] for t in _triggers() if t.get("mode")))


def speaker_via_choices() -> tuple[str, ...]:
    """What a `via` filter accepts: the groups (stated, inferred, unnamed) and every speaker_via value."""
    return tuple(dict.fromkeys([*SPEAKER_VIA_GROUPS, *SPEAKER_VIA]))


# ---- checking values ------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Paging:
    page: int
    per_page: int

    @property
    def offset(self) -> int:
        return (self.page - 1) * self.per_page


def as_int(name: str, value: str | int | None, default: int, lo: int, hi: int) -> int:
    if value is None or value == "":
        return default
    try:
        number = int(value)
    except (TypeError, ValueError):
        raise BadParameter(name, f"must be a whole number, got {value!r}") from None
    if not lo <= number <= hi:
        raise BadParameter(name, f"must be between {lo} and {hi}, got {number}")
    return number


def paging(page: str | int | None, per_page: str | int | None, default_per_page: int = DEFAULT_PER_PAGE
           ) -> Paging:
    return Paging(as_int("page", page, 1, 1, 100_000),
                  as_int("per_page", per_page, default_per_page, 1, MAX_PER_PAGE))


def limit_paging(limit: int | None, name: str = "limit") -> Paging | None:
    """The first `limit` rows (the CLI's --limit/--top, the Python API's limit=); None: all of them."""
    if limit is None:
        return None
    if isinstance(limit, bool) or not isinstance(limit, int) or limit < 1:
        raise BadParameter(name, f"must be a whole number of at least 1, got {limit!r}")
    return Paging(1, limit)


def check_date(name: str, value: str | None) -> str | None:
    """YYYY, YYYY-MM or YYYY-MM-DD that is a real date; None or '' means no bound."""
    if value is None or value == "":
        return None
    if not isinstance(value, str):
        raise BadParameter(name, f"must be YYYY, YYYY-MM or YYYY-MM-DD, got {value!r}")
    m = _DATE_RE.fullmatch(value)
    if not m:
        raise BadParameter(name, f"must be YYYY, YYYY-MM or YYYY-MM-DD, got {value!r}")
    year, month, day = int(m.group(1)), int(m.group(2) or 1), int(m.group(3) or 1)
    try:
        date(year, month, day)
    except ValueError:
        raise BadParameter(name, f"is not a real date: {value!r}") from None
    return value


def check_text(name: str, value: str | None, max_chars: int = MAX_QUERY_CHARS) -> str | None:
    if value is None:
        return None
    if not isinstance(value, str):
        raise BadParameter(name, f"must be text, got {value!r}")
    value = value.strip()
    if len(value) > max_chars:
        raise BadParameter(name, f"is longer than {max_chars} characters")
    if any(ord(c) < 32 and c not in "\t\n\r" for c in value):
        raise BadParameter(name, "contains control characters")
    return value or None


def check_choice(name: str, value: str | None, allowed: tuple[str, ...] | frozenset[str]) -> str | None:
    """`value` as the vocabulary spells it (case does not matter: consult = CONSULT), or BadParameter."""
    if value is None or value == "":
        return None
    if isinstance(value, str):
        for known in allowed:
            if known.casefold() == value.casefold():
                return known
    raise BadParameter(name, f"unknown value {value!r}; use one of: {', '.join(sorted(allowed))}")


def check_via(name: str, value: str | None) -> tuple[str, ...]:
    """The speaker_via values a `via` filter means (model.speaker_via_values), or BadParameter."""
    value = check_text(name, value)
    if not value:
        return ()
    try:
        return speaker_via_values(value)
    except ValueError as err:
        raise BadParameter(name, str(err)) from None


def check_sort(value: str | None, allowed: Mapping[str, str], default: str) -> str:
    key = value or default
    if key not in allowed:
        raise BadParameter("sort", f"unknown sort {key!r}; use one of: {', '.join(allowed)}")
    return key


# ---- the filters of each table --------------------------------------------------------------------------

ARTICLE_SORTS = {
    "relevance": "score",
    "-published": "a.published DESC, a.id",  # undated last (NULL sorts first): read in the index's order
    "published": "a.published IS NULL, a.published, a.id",
    "title": "a.title, a.id",
    "-ingested": "a.ingested_at DESC, a.id",
}
EVENT_SORTS = {
    # sort_date: the event's date, else its article's publication day (migration 0008, indexed); undated
    # rows last (NULL sorts first in SQLite: last when descending)
    "-date": "e.sort_date DESC, e.article_id, e.local_id",
    "date": "e.sort_date IS NULL, e.sort_date, e.article_id, e.local_id",
    "type": "e.type, e.mode, e.sort_date DESC, e.article_id, e.local_id",
    "-confidence": "e.confidence DESC, e.article_id, e.local_id",
}
QUOTE_SORTS = {
    "-date": "q.sort_date DESC, q.article_id, q.start",
    "date": "q.sort_date IS NULL, q.sort_date, q.article_id, q.start",
}
ACTOR_SORTS = {
    "-articles": "articles DESC, mentions DESC, a.name",
    "name": "a.name",
    "-events": "events DESC, articles DESC, a.name",
    "-quotes": "quotes DESC, articles DESC, a.name",
}
ENTITY_SORTS = {"published": "a.published, e.article_id, e.local_id"}
SORTS: dict[str, dict[str, str]] = {"articles": ARTICLE_SORTS, "events": EVENT_SORTS, "quotes": QUOTE_SORTS,
                                    "actors": ACTOR_SORTS}
# Relevance is the articles' default even without a query (it falls back to newest first), so a search
# form that sends its sort selector along gives ranked results once a query is typed.
DEFAULT_SORT = {"articles": "relevance", "events": "-date", "quotes": "-date", "actors": "-articles"}


@dataclass(frozen=True)
class Filter:
    """One filter: `name` is the API's query parameter and the CLI's `--name`; `check` turns the raw
    value (a string, or None) into what the SQL needs, or raises BadParameter naming it."""

    name: str
    help: str
    check: Callable[[str, Any], Any]
    metavar: str | None = None
    choices: Callable[[], tuple[str, ...]] | None = None  # for help texts and forms

    def describe(self) -> str:
        return f"{self.help} ({', '.join(self.choices())})" if self.choices else self.help


def _choice(vocabulary: Callable[[], tuple[str, ...]]) -> Callable[[str, Any], Any]:
    return lambda name, value: check_choice(name, value, vocabulary())


def _check_query(name: str, value: Any) -> str | None:
    """A search query (marsad.store.search: words, "phrases", OR, NOT, -word) that parses, or None."""
    text = check_text(name, value)
    if text is not None:
        _parsed_query(name, text)
    return text


def _parsed_query(name: str, text: str) -> list[Any]:
    try:
        return fts.parse_query(text)
    except InputError as err:
        raise BadParameter(name, err.args[0]) from None


# One row per merged event / quote (the happening, with its report counts: marsad.merge) or per article's row.
LEVELS = ("event", "report")


def _check_level(name: str, value: Any) -> str:
    return check_choice(name, value, LEVELS) or "event"


_LEVEL = Filter("level", "event: one row per real-world event or statement, with its reports (default); report: "
                "one row per article that reports it", _check_level, "LEVEL", lambda: LEVELS)
_SINCE = Filter("since", "from this date on: YYYY, YYYY-MM or YYYY-MM-DD", check_date, "DATE")
_UNTIL = Filter("until", "up to this date, inclusive: YYYY, YYYY-MM or YYYY-MM-DD", check_date, "DATE")
_ACTOR = Filter("actor", "actor id or name (any spelling)", check_text, "ACTOR")


def _sort(table: str) -> Filter:
    return Filter("sort", f"order (default {DEFAULT_SORT[table]})",
                  lambda name, value: check_sort(value, SORTS[table], DEFAULT_SORT[table]), "KEY",
                  lambda: tuple(SORTS[table]))


FILTERS: dict[str, tuple[Filter, ...]] = {
    "articles": (
        Filter("q", 'search words, "exact phrase", OR, NOT / -word (spelling variants and clitics match)',
               _check_query, "QUERY"),
        Filter("outlet", "outlet name", check_text, "OUTLET"),
        _ACTOR,
        Filter("type", "articles with an event of this type", _choice(event_types), "TYPE", event_types),
        _SINCE, _UNTIL, _sort("articles"),
    ),
    "events": (
        _ACTOR,
        Filter("type", "event type (PLOVER, or STATEMENT)", _choice(event_types), "TYPE", event_types),
        Filter("status", "status", _choice(lambda: EVENT_STATUSES), "STATUS", lambda: EVENT_STATUSES),
        Filter("mode", "CONSULT mode", _choice(event_modes), "MODE", event_modes),
        Filter("place", "place id or name", check_text, "PLACE"),
        Filter("article", "article id", check_text, "ID"),
        _SINCE, _UNTIL, _sort("events"), _LEVEL,
    ),
    "quotes": (
        Filter("speaker", "speaker id or name (any spelling)", check_text, "SPEAKER"),
        Filter("text", "words the quote contains (spelling variants match)", check_text, "TEXT"),
        Filter("via", "how the speaker was found: a group or speaker_via values, comma-separated (docs/events.md)",
               check_via, "HOW", speaker_via_choices),
        _SINCE, _UNTIL, _sort("quotes"), _LEVEL,
    ),
    "actors": (
        Filter("type", "entity type", _choice(lambda: ENTITY_TYPES), "TYPE", lambda: ENTITY_TYPES),
        Filter("name", "part of the name, any spelling (Arabic or English)", check_text, "NAME"),
        _sort("actors"),
    ),
    # Exported only (no list of its own): one row per entity of each article.
    "entities": (_SINCE, _UNTIL),
}
# What `marsad export --what` and /api/export/{what}.{format} can write, each with the filters above.
EXPORTS = ("articles", "entities", "quotes", "events")


def describe(name: str, tables: tuple[str, ...]) -> str:
    """The help of filter `name` over `tables` (an export takes several): once when it means the same in
    each, else per table."""
    helps = {t: f.describe() for t in tables for f in FILTERS[t] if f.name == name}
    if len(set(helps.values())) == 1:
        return next(iter(helps.values()))
    return "; ".join(f"{table}: {text}" for table, text in helps.items())


def filter_names(table: str) -> tuple[str, ...]:
    return tuple(f.name for f in _filters(table))


def _filters(table: str) -> tuple[Filter, ...]:
    try:
        return FILTERS[table]
    except KeyError:
        raise BadParameter("what", f"unknown value {table!r}; use one of: {', '.join(EXPORTS)}") from None


def parse(table: str, raw: Mapping[str, Any] | None = None, **more: Any) -> dict[str, Any]:
    """The filters of `table` checked: every name of FILTERS[table] as a key (None, or () for `via`, when
    not given), `sort` filled with the default. A name that is no filter of the table is refused."""
    given = {**(raw or {}), **more}
    known = filter_names(table)
    for name, value in given.items():
        if name not in known and value not in (None, "", ()):
            raise BadParameter(name, f"is not a filter of {table}; use one of: {', '.join(known)}")
    out = {f.name: f.check(f.name, given.get(f.name)) for f in _filters(table)}
    since, until = out.get("since"), out.get("until")
    if since and until and since > until + "~":
        raise BadParameter("since", f"{since} is after until={until}")
    return out


# ---- SQL helpers ----------------------------------------------------------------------------------------

def _until(value: str) -> str:
    return value + "~"  # '2015-08' includes '2015-08-31': a character above the digits


def rows_as_dicts(cur: sqlite3.Cursor) -> list[dict[str, Any]]:
    cols = [c[0] for c in cur.description]
    return [dict(zip(cols, row, strict=True)) for row in cur.fetchall()]


def _norm_name(value: str) -> str:
    return " ".join(norm(value).split())


def _like(value: str) -> str:
    """`value` inside a LIKE pattern: its own wildcards dropped (a name never needs them)."""
    return value.replace("%", "").replace("_", "")


def _marks(values: list[Any]) -> str:
    return ",".join("?" * len(values)) or "NULL"


def _run(conn: sqlite3.Connection, sql: str, params: list[Any]) -> sqlite3.Cursor:
    try:
        return conn.execute(sql, params)
    except sqlite3.OperationalError as err:  # FTS5 refusing an expression: the user's query, not our bug
        if "fts5" in str(err).lower() or "match" in str(err).lower():
            raise BadParameter("q", f"the search query could not be run ({err})") from None
        raise


def _date_where(column: str, f: Mapping[str, Any], where: list[str], params: list[Any]) -> None:
    if f.get("since"):
        where.append(f"{column} >= ?")
        params.append(f["since"])
    if f.get("until"):
        where.append(f"{column} <= ?")
        params.append(_until(f["until"]))


def resolve_actors(conn: sqlite3.Connection, value: str) -> list[str]:
    """Actor ids for an id (exact) or a name in any spelling (Arabic, normalised) or English."""
    exact = conn.execute("SELECT id FROM actors WHERE id = ? OR kb_id = ?", (value, value)).fetchall()
    if exact:
        return [r[0] for r in exact]
    rows = conn.execute("SELECT id FROM actors WHERE name_norm LIKE ? OR lower(name_en) LIKE ?",
                        (f"%{_like(_norm_name(value))}%", f"%{_like(value.lower())}%")).fetchall()
    return [r[0] for r in rows]


def _listing(total: int, paging: Paging | None, sort: str, items: list[dict[str, Any]]) -> dict[str, Any]:
    return {"total": total, "page": paging.page if paging else 1,
            "per_page": paging.per_page if paging else total, "sort": sort, "items": items}


def _limit(sql: str, params: list[Any], paging: Paging | None) -> tuple[str, list[Any]]:
    if paging is None:
        return sql, params
    return sql + " LIMIT ? OFFSET ?", [*params, paging.per_page, paging.offset]


# ---- articles -------------------------------------------------------------------------------------------

# Marks around matches inside snippets: private-use characters, never in news text, removed before output.
_MARK_OPEN, _MARK_CLOSE = "\ue000", "\ue001"


def _article_where(conn: sqlite3.Connection, f: Mapping[str, Any]) -> tuple[str, list[Any]]:
    """WHERE clause over `articles a` and its parameters (the query first, when there is one)."""
    where, params = ["1=1"], []
    if f.get("q"):
        where.append("a.num IN (SELECT rowid FROM articles_fts WHERE articles_fts MATCH ?)")
        params.append(fts.fts_expression(_parsed_query("q", f["q"])))
    if f.get("outlet"):
        where.append("a.outlet = ?")
        params.append(f["outlet"])
    _date_where("a.published", f, where, params)
    if f.get("actor"):
        ids = resolve_actors(conn, f["actor"])
        where.append(f"a.id IN (SELECT article_id FROM entities WHERE actor_id IN ({_marks(ids)}))")
        params += ids
    if f.get("type"):
        where.append("a.id IN (SELECT article_id FROM events WHERE type = ?)")
        params.append(f["type"])
    return " AND ".join(where), params


def _article_sort(f: Mapping[str, Any], unranked: str = "-published") -> str:
    """The sort to apply: relevance means nothing without a query, so then `unranked` (lists: newest
    first; exports: oldest first, as they always were)."""
    return unranked if f["sort"] == "relevance" and not f.get("q") else f["sort"]


def _ranked_articles(conn: sqlite3.Connection, f: Mapping[str, Any], where: str, params: list[Any],
                     paging: Paging | None, unranked: str = "-published") -> list[tuple[str, float | None]]:
    """(id, bm25 score or None) of the articles of one page, in the order asked for. Ids are sorted first
    and the rows read after: sorting whole rows would drag every body along."""
    sort = _article_sort(f, unranked)
    if sort == "relevance":
        sql, args = _limit("SELECT a.id, bm25(articles_fts) FROM articles_fts JOIN articles a ON a.num ="
                           f" articles_fts.rowid WHERE articles_fts MATCH ? AND {where} ORDER BY 2, a.id",
                           [params[0], *params], paging)
    else:
        sql, args = _limit(f"SELECT a.id, NULL FROM articles a WHERE {where}"
                           f" ORDER BY {ARTICLE_SORTS[sort]}", params, paging)
    return _run(conn, sql, args).fetchall()


def find_articles(store: Store, f: Mapping[str, Any], paging: Paging | None = None, *, facets: bool = False,
                  matches: bool = False) -> dict[str, Any]:
    """Articles matching the filters (best first with a query, newest first without), a page of them.

    Items: id, title, url, outlet, published, score, snippet (text around the first matching paragraph's
    matches, else the lead) with `snippet_marks` and `title_marks` ([start, end] of the matches). With
    `matches`, every match in the body and the title as spans too, and the snippet taken from the
    paragraph with the most matches (slower: the whole body is scanned). With `facets`, counts over all
    matching articles by outlet, month, actor and event type (cached until the archive changes)."""
    conn = store.conn
    where, params = _article_where(conn, f)
    total = _run(conn, f"SELECT count(*) FROM articles a WHERE {where}", params).fetchone()[0]
    ranked = _ranked_articles(conn, f, where, params, paging)
    found = {r[0]: r for r in conn.execute(
        f"SELECT id, title, url, outlet, published, body FROM articles WHERE id IN ({_marks(ranked)})",
        [r[0] for r in ranked])}
    query = _parsed_query("q", f["q"]) if f.get("q") else None
    items = [_article_item(conn, found[i], score, query, matches) for i, score in ranked]
    out = _listing(total, paging, _article_sort(f), items)
    if facets:
        out["facets"] = cached_facets(store, where, params)
    return out


def _article_item(conn: sqlite3.Connection, row: tuple[Any, ...], score: float | None, items: list[Any] | None,
                  matches: bool) -> dict[str, Any]:
    article_id, title, url, outlet, published, body = row
    title = title or ""
    spans: list[tuple[int, int]] = []
    if items and matches:
        spans = fts.find_matches(body, items)
        lo, hi = _best_paragraph(paragraph_spans(conn, article_id, body), spans)
        inside = [s for s in spans if lo <= s[0] and s[1] <= hi]
    elif items:
        lo, hi, inside = first_matching_paragraph(conn, article_id, body, items)
    else:
        lo, hi = paragraph_spans(conn, article_id, body)[0]
        inside = []
    title_spans = fts.find_matches(title, items) if items else []
    text, marks = split_marks(fts.snippet(body, inside, lo, hi, mark=(_MARK_OPEN, _MARK_CLOSE)))
    out = {"id": article_id, "title": title, "url": url, "outlet": outlet, "published": published,
           "score": round(-score, 4) if score is not None else None,
           "snippet": text, "snippet_marks": marks, "title_marks": merge_marks(title, title_spans)}
    if matches:
        out["matches"] = [{"start": s, "end": e, "text": body[s:e]} for s, e in spans]
        out["title_matches"] = [{"start": s, "end": e, "text": title[s:e]} for s, e in title_spans]
    return out


def _best_paragraph(paras: list[tuple[int, int]], spans: list[tuple[int, int]]) -> tuple[int, int]:
    """The paragraph with the most matches (the first when none has one)."""
    if not spans:
        return paras[0]
    return max(paras, key=lambda p: (sum(1 for s in spans if p[0] <= s[0] and s[1] <= p[1]), -p[0]))


def merge_marks(text: str, spans: list[tuple[int, int]]) -> list[list[int]]:
    """Matches separated only by spaces become one mark ("[وزير الخارجية]", not "[وزير] [الخارجية]")."""
    merged: list[list[int]] = []
    for s, e in sorted(spans):
        if merged and (s <= merged[-1][1] or not text[merged[-1][1]:s].strip()):
            merged[-1][1] = max(e, merged[-1][1])
        else:
            merged.append([s, e])
    return merged


def split_marks(marked: str) -> tuple[str, list[list[int]]]:
    """A snippet with private-use marks -> (plain text, [[start, end], …] of the marked parts)."""
    out: list[str] = []
    marks: list[list[int]] = []
    pos = 0
    for i, piece in enumerate(marked.split(_MARK_OPEN)):
        if i == 0:
            out.append(piece)
            pos += len(piece)
            continue
        inner, _, rest = piece.partition(_MARK_CLOSE)
        if inner:
            marks.append([pos, pos + len(inner)])
        out += [inner, rest]
        pos += len(inner) + len(rest)
    return "".join(out), marks


def bracketed(text: str, marks: list[list[int]], mark: tuple[str, str] = ("[", "]")) -> str:
    """Text with its marks shown as brackets (the command line's highlighting)."""
    out, pos = [], 0
    for start, end in sorted(marks):
        if start < pos or end > len(text):
            continue
        out += [text[pos:start], mark[0], text[start:end], mark[1]]
        pos = end
    out.append(text[pos:])
    return "".join(out)


def paragraph_spans(conn: sqlite3.Connection, article_id: str, body: str) -> list[tuple[int, int]]:
    paras = conn.execute("SELECT start, end FROM paragraphs WHERE article_id = ? ORDER BY idx",
                         (article_id,)).fetchall()
    return [tuple(p) for p in paras] or [(0, len(body))]


def first_matching_paragraph(conn: sqlite3.Connection, article_id: str, body: str, items: list[Any]
                             ) -> tuple[int, int, list[tuple[int, int]]]:
    """(start, end, matches) of the first paragraph that matches the query (the first paragraph when only
    the title matches). Scanning stops at the first hit: matching every token of long bodies is what
    made snippets slow, and the first occurrence (usually the lead) is a good snippet."""
    paras = paragraph_spans(conn, article_id, body)
    for lo, hi in paras:
        spans = fts.find_matches(body, items, lo, hi)
        if spans:
            return lo, hi, spans
    return paras[0][0], paras[0][1], []


_FACETS_CACHE: OrderedDict[tuple[Any, ...], Any] = OrderedDict()  # facets, and the actors' rankings
_FACETS_CACHE_SIZE = 256
_FACETS_LOCK = threading.Lock()


def archive_version(path: Path) -> tuple[int, ...]:
    """Changes whenever the archive is written (the file or its write-ahead log)."""
    out: list[int] = []
    for p in (path, Path(f"{path}-wal")):
        try:
            st = p.stat()
            out += [st.st_mtime_ns, st.st_size]
        except OSError:
            out += [0, 0]
    return tuple(out)


def cached_facets(store: Store, where: str, params: list[Any]) -> dict[str, list[dict[str, Any]]]:
    """Facets are the costly part of a search page (they count over every match, not one page): paging
    through the same results, or reloading the front page, reuses them until the archive changes."""
    key = (str(store.path), archive_version(store.path), where, tuple(params))
    with _FACETS_LOCK:  # requests run in a thread pool
        if key in _FACETS_CACHE:
            _FACETS_CACHE.move_to_end(key)
            return _FACETS_CACHE[key]
    value = facets(store.conn, where, params)
    with _FACETS_LOCK:
        _FACETS_CACHE[key] = value
        if len(_FACETS_CACHE) > _FACETS_CACHE_SIZE:
            _FACETS_CACHE.popitem(last=False)
    return value


def facets(conn: sqlite3.Connection, where: str, params: list[Any], top: int = 10) -> dict[str, list[dict[str, Any]]]:
    """Counts over the matching articles: by outlet, month, actor and event type."""
    sub = f"SELECT a.id FROM articles a WHERE {where}"
    outlets = _run(conn, f"SELECT a.outlet, count(*) FROM articles a WHERE {where} GROUP BY a.outlet"
                   " ORDER BY count(*) DESC, a.outlet", params).fetchall()
    months = _run(conn, f"SELECT substr(a.published, 1, 7), count(*) FROM articles a WHERE {where}"
                  " GROUP BY substr(a.published, 1, 7) ORDER BY 1 DESC", params).fetchall()
    # Count in `entities` first and join the few winners to `actors` (joining first made SQLite loop badly).
    actors = _run(conn, "SELECT ac.id, ac.name, ac.name_en, ac.type, x.n FROM (SELECT actor_id, count(DISTINCT"
                  f" article_id) AS n FROM entities WHERE type != 'LOC' AND article_id IN ({sub}) GROUP BY actor_id"
                  " ORDER BY n DESC, actor_id LIMIT ?) x JOIN actors ac ON ac.id = x.actor_id ORDER BY x.n DESC,"
                  " ac.name", [*params, top]).fetchall()
    types = _run(conn, f"SELECT type, count(DISTINCT article_id) FROM events WHERE article_id IN ({sub})"
                 " GROUP BY type ORDER BY 2 DESC, type", params).fetchall()
    return {
        "outlet": [{"value": o, "count": n} for o, n in outlets],
        "month": [{"value": m, "count": n} for m, n in months],
        "actor": [{"value": i, "name": a, "name_en": en, "type": t, "count": n} for i, a, en, t, n in actors],
        "type": [{"value": t, "count": n} for t, n in types],
    }


ARTICLE_EXPORT_COLUMNS = ("id", "title", "url", "outlet", "section", "published", "published_method",
                          "source_key", "source_kind", "encoding", "n_chars", "body", "ingested_at")


def iter_articles(store: Store, f: Mapping[str, Any]) -> Iterator[dict[str, Any]]:
    """Whole article rows (the export's columns) matching the filters, in the order asked for (without a
    query and a sort: oldest first)."""
    conn = store.conn
    where, params = _article_where(conn, f)
    ids = [r[0] for r in _ranked_articles(conn, f, where, params, None, unranked="published")]
    columns = ", ".join(ARTICLE_EXPORT_COLUMNS)
    for start in range(0, len(ids), 500):
        chunk = ids[start:start + 500]
        found = {r["id"]: r for r in rows_as_dicts(conn.execute(
            f"SELECT {columns} FROM articles WHERE id IN ({_marks(chunk)})", chunk))}
        for article_id in chunk:
            yield found[article_id]


# ---- entities (export) ----------------------------------------------------------------------------------

def iter_entities(store: Store, f: Mapping[str, Any]) -> Iterator[dict[str, Any]]:
    where, params = ["1=1"], []
    _date_where("a.published", f, where, params)
    cur = store.conn.execute(
        "SELECT e.article_id, e.local_id AS entity, e.actor_id, a2.kb_id, e.type, e.name, e.name_en,"
        " e.roles, e.n_mentions, a.published, a.url FROM entities e JOIN articles a ON a.id = e.article_id"
        f" JOIN actors a2 ON a2.id = e.actor_id WHERE {' AND '.join(where)} ORDER BY {ENTITY_SORTS['published']}",
        params)
    cols = [c[0] for c in cur.description]
    for row in cur:
        out = dict(zip(cols, row, strict=True))
        out["roles"] = json.loads(out["roles"])
        yield out


# ---- events ---------------------------------------------------------------------------------------------

def reported_by(row: Mapping[str, Any]) -> dict[str, Any] | None:
    """An events row's `reported_by` as served: the quote the event is known from and its speaker, or None
    (the article states it itself, or the archive stored it before it kept this)."""
    if row.get("quote_id") is None:
        return None
    return {"quote": row["quote_id"], "actor": row["reported_by_actor"], "name": row["reported_by_name"]}


def event_record(conn: sqlite3.Connection, r: Mapping[str, Any]) -> dict[str, Any]:
    """An events row (with its article's url, title and published) as served everywhere: participants in
    stored order and the place, each with the actor's English name, the trigger, the evidence and who
    reported it."""
    key = (r["article_id"], r["local_id"])
    parts = conn.execute("SELECT role, entity_id, actor_id, name FROM event_participants"
                         " WHERE article_id = ? AND event_id = ? ORDER BY rowid", key).fetchall()
    evidence = conn.execute("SELECT start, end, text FROM evidence WHERE article_id = ? AND event_id = ?"
                            " ORDER BY start", key).fetchall()
    names_en = dict(conn.execute(
        "SELECT id, name_en FROM actors WHERE id IN (SELECT actor_id FROM event_participants"
        " WHERE article_id = ? AND event_id = ?)", key).fetchall())
    if r["place_actor"]:
        names_en.update(conn.execute("SELECT id, name_en FROM actors WHERE id = ?", (r["place_actor"],)).fetchall())

    def side(role: str) -> list[dict[str, Any]]:
        return [{"entity": p[1], "actor": p[2], "name": p[3], "name_en": names_en.get(p[2])}
                for p in parts if p[0] == role]

    return {
        "id": f"{r['article_id']}/{r['local_id']}", "article_id": r["article_id"], "event": r["local_id"],
        "type": r["type"], "mode": r["mode"], "cameo": r["cameo"], "date": r["date"], "date_end": r["date_end"],
        "status": r["status"], "confidence": r["confidence"],
        "place": ({"actor": r["place_actor"], "name": r["place_name"], "name_en": names_en.get(r["place_actor"])}
                  if r["place_name"] else None),
        "source": side("source"), "target": side("target"),
        "trigger": ({"start": r["trigger_start"], "end": r["trigger_end"], "text": r["trigger_text"]}
                    if r["trigger_text"] is not None else None),
        "evidence": [{"start": s, "end": e, "text": t} for s, e, t in evidence],
        "reported_by": reported_by(r),
        "url": r["url"], "title": r["title"], "published": r["published"],
    }


@dataclass(frozen=True)
class _EventLevel:
    """What the event filters read at one level: the table's alias, and how an actor and an article are
    found (a report: its participants and its own article; a merged event: its actors and its reports)."""

    alias: str
    actor: str  # SQL holding {ids}: the rows one of these actors takes part in
    article: str  # SQL with one ?: the rows of that article


_REPORT_LEVEL = _EventLevel("e", "EXISTS (SELECT 1 FROM event_participants p WHERE p.article_id = e.article_id"
                                 " AND p.event_id = e.local_id AND p.actor_id IN ({ids}))", "e.article_id = ?")
_MERGED_LEVEL = _EventLevel("m", "m.id IN (SELECT merged_id FROM merged_event_actors WHERE actor_id IN ({ids}))",
                            "m.id IN (SELECT merged_id FROM event_reports WHERE article_id = ?)")


def _events_where(conn: sqlite3.Connection, f: Mapping[str, Any], level: _EventLevel) -> tuple[str, list[Any]]:
    """The WHERE clause of the event filters (actor, type, status, mode, article, dates, place) and its
    parameters, at the level of an article's event rows or of the merged events."""
    t = level.alias
    where, params = ["1=1"], []
    if f.get("actor"):
        ids = resolve_actors(conn, f["actor"])
        where.append(level.actor.format(ids=_marks(ids)))
        params += ids
    for name in ("type", "status", "mode"):
        if f.get(name):
            where.append(f"{t}.{name} = ?")
            params.append(f[name])
    if f.get("article"):
        where.append(level.article)
        params.append(f["article"])
    _date_where(f"{t}.sort_date", f, where, params)
    if f.get("place"):
        ids = resolve_actors(conn, f["place"])
        where.append(f"({t}.place_actor IN ({_marks(ids)}) OR {t}.place_name LIKE ?)")
        params += [*ids, f"%{f['place'].replace('%', '')}%"]
    return " AND ".join(where), params


def find_events(store: Store, f: Mapping[str, Any], paging: Paging | None = None) -> dict[str, Any]:
    """Events matching the filters, a page of them (all without paging), with participants and evidence:
    one row per merged event (its reports counted and listed), or with level=report one per article's row."""
    if f.get("level", "event") == "event":
        return find_merged_events(store, f, paging)
    conn = store.conn
    where, params = _events_where(conn, f, _REPORT_LEVEL)
    base = f"FROM events e JOIN articles a ON a.id = e.article_id WHERE {where}"
    total = conn.execute(f"SELECT count(*) {base}", params).fetchone()[0]
    sql, args = _limit(f"SELECT e.*, a.url, a.title, a.published {base} ORDER BY {EVENT_SORTS[f['sort']]}",
                       params, paging)
    items = [event_record(conn, r) for r in rows_as_dicts(conn.execute(sql, args))]
    merged = dict(conn.execute(f"SELECT article_id || '/' || event_id, merged_id FROM event_reports WHERE"
                               f" article_id IN ({_marks(list({i['article_id'] for i in items}))})",
                               list({i["article_id"] for i in items})).fetchall()) if items else {}
    for item in items:
        item["merged_id"] = merged.get(item["id"])
    return _listing(total, paging, f["sort"], items)


MERGED_EVENT_SORTS = {
    "-date": "m.sort_date IS NULL, m.sort_date DESC, m.id",
    "date": "m.sort_date IS NULL, m.sort_date, m.id",
    "type": "m.type, m.mode, m.sort_date DESC, m.id",
    "-confidence": "m.confidence DESC, m.id",
}


def event_reports(conn: sqlite3.Connection, merged_id: int) -> list[dict[str, Any]]:
    """The reports of a merged event: article, outlet, publication, the date and status that report gives,
    its trigger and evidence, and its independent-source group."""
    reports = rows_as_dicts(conn.execute(
        "SELECT r.article_id, r.event_id AS event, r.outlet, r.published, r.date, r.status, r.source,"
        " e.trigger_text AS trigger, a.url, a.title FROM event_reports r JOIN events e ON e.article_id = r.article_id"
        " AND e.local_id = r.event_id JOIN articles a ON a.id = r.article_id WHERE r.merged_id = ?"
        " ORDER BY r.published, r.article_id, r.event_id", (merged_id,)))
    for rep in reports:
        rep["evidence"] = [{"start": s, "end": e, "text": t} for s, e, t in conn.execute(
            "SELECT start, end, text FROM evidence WHERE article_id = ? AND event_id = ? ORDER BY start",
            (rep["article_id"], rep["event"]))]
    return reports


def merged_event_record(conn: sqlite3.Connection, m: Mapping[str, Any]) -> dict[str, Any]:
    """A merged event as served: the fields of an events row (those of its representative report for the
    trigger, evidence, url and title) with the decided date, status, place and confidence, every
    participant of its reports, and `reports` (each report), `n_reports`, `n_outlets`, `n_sources`."""
    rep = conn.execute("SELECT e.*, a.url, a.title, a.published FROM events e JOIN articles a ON a.id = e.article_id"
                       " WHERE e.article_id = ? AND e.local_id = ?", (m["rep_article"], m["rep_event"]))
    cols = [c[0] for c in rep.description]
    out = event_record(conn, dict(zip(cols, rep.fetchone(), strict=True)))
    actors = conn.execute("SELECT x.actor_id, x.role, x.name, ac.name_en FROM merged_event_actors x LEFT JOIN actors"
                          " ac ON ac.id = x.actor_id WHERE x.merged_id = ? ORDER BY x.rowid", (m["id"],)).fetchall()
    place_en = conn.execute("SELECT name_en FROM actors WHERE id = ?", (m["place_actor"],)).fetchone() \
        if m["place_actor"] else None
    out.update({
        "id": m["id"], "merged_id": m["id"], "type": m["type"], "mode": m["mode"], "date": m["date"],
        "date_end": m["date_end"], "status": m["status"], "confidence": m["confidence"],
        "place": ({"actor": m["place_actor"], "name": m["place_name"], "name_en": place_en[0] if place_en else None}
                  if m["place_name"] else None),
        "source": [{"entity": None, "actor": a, "name": n, "name_en": en} for a, role, n, en in actors
                   if role == "source"],
        "target": [{"entity": None, "actor": a, "name": n, "name_en": en} for a, role, n, en in actors
                   if role == "target"],
        "n_reports": m["n_reports"], "n_outlets": m["n_outlets"], "n_sources": m["n_sources"],
        "disagreements": json.loads(m["disagreements"]) if m["disagreements"] else None,
        "reports": event_reports(conn, m["id"]),
    })
    return out


def find_merged_events(store: Store, f: Mapping[str, Any], paging: Paging | None = None) -> dict[str, Any]:
    """Merged events (marsad.merge) matching the filters: the events filters, the dates on the decided
    date (else the first report's publication day), `article` any of its reports' articles."""
    conn = store.conn
    where, params = _events_where(conn, f, _MERGED_LEVEL)
    base = f"FROM merged_events m WHERE {where}"
    total = conn.execute(f"SELECT count(*) {base}", params).fetchone()[0]
    sql, args = _limit(f"SELECT m.* {base} ORDER BY {MERGED_EVENT_SORTS[f['sort']]}", params, paging)
    items = [merged_event_record(conn, m) for m in rows_as_dicts(conn.execute(sql, args))]
    return _listing(total, paging, f["sort"], items)


# ---- quotes ---------------------------------------------------------------------------------------------

def find_quotes(store: Store, f: Mapping[str, Any], paging: Paging | None = None) -> dict[str, Any]:
    """Quotes matching the filters; `text` matches across spelling variants (normalised substring); `via`:
    only quotes whose speaker was found so. One row per statement (a merged quote: its longest report's
    row with `n_reports`, `n_outlets`, `n_sources` and `reports`; a quote without a speaker id is its own),
    or with level=report one per article's quote. Filters apply to the row shown."""
    conn = store.conn
    merged = f.get("level", "event") == "event"
    where, params = ["1=1"], []
    if f.get("speaker"):
        ids = resolve_actors(conn, f["speaker"])
        if ids == [f["speaker"]]:  # an actor's id (its page, its download): its quotes, by the index
            where.append("q.speaker_actor = ?")
            params.append(ids[0])
        else:
            where.append(f"(q.speaker_actor IN ({_marks(ids)}) OR q.speaker_name LIKE ?)")
            params += [*ids, f"%{f['speaker'].replace('%', '')}%"]
    if f.get("text"):
        text = _like(_norm_name(f["text"]))
        if len(text) >= 3:  # the trigram index narrows to the quotes holding it (migration 0009)
            where.append("q.rowid IN (SELECT q2.rowid FROM quotes_text t JOIN quote_keys k ON k.id = t.rowid JOIN"
                         " quotes q2 ON q2.article_id = k.article_id AND q2.local_id = k.local_id WHERE"
                         " quotes_text MATCH ?)")
            params.append('"' + text.replace('"', '""') + '"')
        where.append("q.text_norm LIKE ?")  # the judge: what the index finds is a superset (it folds more case)
        params.append(f"%{text}%")
    if f.get("via"):
        where.append(f"q.speaker_via IN ({_marks(list(f['via']))})")
        params += f["via"]
    _date_where("q.sort_date", f, where, params)
    if merged:  # a merged quote's representative report, or a quote that is in no merged quote (two look-ups
        # by key per quote: the page's rows come in the sort index's order, no list of representatives first)
        where.append("NOT EXISTS (SELECT 1 FROM quote_reports r JOIN merged_quotes m ON m.id = r.merged_id"
                     " WHERE r.article_id = q.article_id AND r.quote_id = q.local_id AND (m.rep_article !="
                     " q.article_id OR m.rep_quote != q.local_id))")
    base = f"FROM quotes q JOIN articles a ON a.id = q.article_id WHERE {' AND '.join(where)}"
    # every quote's article is stored and no filter reads it: counted without the join
    total = conn.execute(f"SELECT count(*) FROM quotes q WHERE {' AND '.join(where)}", params).fetchone()[0]
    sql, args = _limit(
        "SELECT q.article_id, q.local_id AS quote, q.speaker_actor, q.speaker_name AS speaker, q.speaker_via,"
        " q.text, q.kind, q.cue, q.start, q.end, q.date, a.published, a.url, a.title"
        f" {base} ORDER BY {QUOTE_SORTS[f['sort']]}", params, paging)
    items = rows_as_dicts(conn.execute(sql, args))
    for item in items:
        row = conn.execute("SELECT m.id, m.n_reports, m.n_outlets, m.n_sources FROM quote_reports r JOIN merged_quotes"
                           " m ON m.id = r.merged_id WHERE r.article_id = ? AND r.quote_id = ?",
                           (item["article_id"], item["quote"])).fetchone()
        item["merged_id"], item["n_reports"], item["n_outlets"], item["n_sources"] = row or (None, 1, 1, 1)
        if merged:
            item["reports"] = rows_as_dicts(conn.execute(
                "SELECT r.article_id, r.quote_id AS quote, r.outlet, r.published, q.text, a.url, a.title FROM"
                " quote_reports r JOIN quotes q ON q.article_id = r.article_id AND q.local_id = r.quote_id JOIN"
                " articles a ON a.id = r.article_id WHERE r.merged_id = ? ORDER BY r.published, r.article_id",
                (row[0],))) if row else [{k: item[k] for k in ("article_id", "quote", "published", "text", "url",
                                                                "title")}]
    return _listing(total, paging, f["sort"], items)


# ---- actors ---------------------------------------------------------------------------------------------

def find_actors(store: Store, f: Mapping[str, Any], paging: Paging | None = None) -> dict[str, Any]:
    """Actors with their counts of articles, mentions, events and quotes.

    Ranking every actor by a count is the costly part (an aggregate over all entities, participants and
    quotes: ~0.7 s on a 28k-article archive), so the ranked ids of a filter and sort are kept until the
    archive changes (as the search facets are); a page is then a lookup of its rows."""
    conn = store.conn
    where, params = ["1=1"], []
    outlets = media_outlets()  # news outlets are sources, not actors: a paper's name credits its every article
    if outlets:
        where.append(f"(a.kb_id IS NULL OR a.kb_id NOT IN ({', '.join('?' * len(outlets))}))")
        params += outlets
    if f.get("type"):
        where.append("a.type = ?")
        params.append(f["type"])
    if f.get("name"):
        where.append("(a.name_norm LIKE ? OR lower(a.name_en) LIKE ?)")
        params += [f"%{_like(_norm_name(f['name']))}%", f"%{_like(f['name'].lower())}%"]
    w = " AND ".join(where)
    key = (str(store.path), archive_version(store.path), "actors", w, tuple(params))
    with _FACETS_LOCK:
        counted = _FACETS_CACHE.get(key)
        ranked = _FACETS_CACHE.get((*key, f["sort"]))
    if counted is None:
        columns = "a.id, a.kb_id, a.type, a.name, a.name_en"
        if f.get("name"):  # a few actors: count each
            sql = (f"SELECT {columns}, count(DISTINCT e.article_id), coalesce(sum(e.n_mentions), 0),"
                   " (SELECT count(*) FROM merged_event_actors p WHERE p.actor_id = a.id),"
                   " (SELECT count(*) FROM quotes q WHERE q.speaker_actor = a.id)"
                   f" FROM actors a LEFT JOIN entities e ON e.actor_id = a.id WHERE {w} GROUP BY a.id")
        else:  # every actor: three aggregates, each in one pass over its index
            sql = ("WITH ent AS (SELECT actor_id, count(DISTINCT article_id) AS articles, sum(n_mentions) AS mentions"
                   " FROM entities WHERE actor_id IS NOT NULL GROUP BY actor_id),"
                   " ev AS (SELECT actor_id, count(*) AS events FROM merged_event_actors WHERE actor_id IS NOT NULL"
                   " GROUP BY actor_id),"
                   " qu AS (SELECT speaker_actor AS actor_id, count(*) AS quotes FROM quotes"
                   " WHERE speaker_actor IS NOT NULL GROUP BY speaker_actor)"
                   f" SELECT {columns}, coalesce(ent.articles, 0), coalesce(ent.mentions, 0),"
                   " coalesce(ev.events, 0), coalesce(qu.quotes, 0) FROM actors a"
                   " LEFT JOIN ent ON ent.actor_id = a.id LEFT JOIN ev ON ev.actor_id = a.id"
                   f" LEFT JOIN qu ON qu.actor_id = a.id WHERE {w}")
        counted = conn.execute(sql, params).fetchall()
        _remember(key, counted)
    if ranked is None:
        # ACTOR_SORTS in Python over the counted rows (one aggregate serves every order); names compare by
        # code point, as SQLite's BINARY collation compares UTF-8; a missing name first, as NULL sorts.
        by = _ACTOR_ORDER[f["sort"]]
        ranked = sorted(counted, key=lambda r: (*(-r[i] for i in by), r[3] is not None, r[3] or ""))
        _remember((*key, f["sort"]), ranked)
    page = ranked[paging.offset:paging.offset + paging.per_page] if paging else ranked
    items = [{"id": i, "kb_id": kb, "type": t, "name": n, "name_en": en, "articles": n_art, "mentions": n_men,
              "events": n_ev, "quotes": n_q} for i, kb, t, n, en, n_art, n_men, n_ev, n_q in page]
    return _listing(len(ranked), paging, f["sort"], items)


# The counts each sort of ACTOR_SORTS ranks by, highest first (positions in find_actors' rows), then the name.
_ACTOR_ORDER = {"-articles": (5, 6), "name": (), "-events": (7, 5), "-quotes": (8, 5)}


def _remember(key: tuple[Any, ...], value: Any) -> None:
    with _FACETS_LOCK:
        _FACETS_CACHE[key] = value
        if len(_FACETS_CACHE) > _FACETS_CACHE_SIZE:
            _FACETS_CACHE.popitem(last=False)


def media_outlets() -> list[str]:
    """The built-in KB's news outlets (sector media), by id."""
    from ..kb.base import load_kb

    return sorted(a.id for a in load_kb(()).actors.values() if a.sector == "media")


# ---- one entry for every table --------------------------------------------------------------------------

FINDERS: dict[str, Callable[..., dict[str, Any]]] = {
    "articles": find_articles, "events": find_events, "quotes": find_quotes, "actors": find_actors}


def rows(store: Store, what: str, f: Mapping[str, Any]) -> Iterator[dict[str, Any]]:
    """The rows an export of `what` writes, filtered by `f` (parse(what, …)): articles and entities as
    archive rows, quotes as listed, events as listed (export.event_rows flattens them)."""
    if what == "articles":
        return iter_articles(store, f)
    if what == "entities":
        return iter_entities(store, f)
    if what == "quotes":
        return iter(find_quotes(store, f)["items"])
    if what == "events":
        return iter(find_events(store, f)["items"])
    raise BadParameter("what", f"unknown value {what!r}; use one of: {', '.join(EXPORTS)}")


# ---- analyst views: an actor's period, two actors, coverage over time ------------------------------------
# Declared here like the lists above, so the pages (/actors/{id}?since=…, /pair, /coverage), their JSON and
# downloads and the CLI (`marsad pair`, `marsad coverage`) take the same filters and answer from the same SQL.

COVERAGE_BUCKETS = ("day", "week", "month")
MAX_COVERAGE_QUERIES = 3


def _check_queries(name: str, value: Any) -> tuple[str, ...]:
    """One to three search queries (repeated `q`), each one that parses; empty ones are dropped."""
    values = [value] if isinstance(value, str) else list(value or ())
    out = tuple(v for v in (_check_query(name, v) for v in values) if v)
    if len(out) > MAX_COVERAGE_QUERIES:
        raise BadParameter(name, f"at most {MAX_COVERAGE_QUERIES} queries side by side")
    return out


FILTERS.update({
    # The dossier: an actor's page narrowed to a period (its events, quotes, articles, roles, counterparts).
    "dossier": (_SINCE, _UNTIL),
    "pair": (
        Filter("a", "the first actor: id or name (any spelling)", check_text, "ACTOR"),
        Filter("b", "the second actor: id or name (any spelling)", check_text, "ACTOR"),
        _SINCE, _UNTIL,
    ),
    "coverage": (
        Filter("q", "a search query; repeat for up to three side by side", _check_queries, "QUERY"),
        Filter("bucket", "articles per day, week (from Monday) or month", _choice(lambda: COVERAGE_BUCKETS),
               "BUCKET", lambda: COVERAGE_BUCKETS),
        Filter("outlet", "outlet name", check_text, "OUTLET"),
        _SINCE, _UNTIL,
    ),
})


def _actor_ids(conn: sqlite3.Connection, name: str, value: str | None) -> list[str]:
    if not value:
        raise BadParameter(name, "is required: an actor id or name")
    ids = resolve_actors(conn, value)
    if not ids:
        raise BadParameter(name, f"no actor matches {value!r}")
    return ids


def find_pair(store: Store, f: Mapping[str, Any], limit: int = 200) -> dict[str, Any]:
    """Two actors (`a`, `b`) in the period: the events both take part in (meetings, calls, statements…,
    oldest first), the quotes of one that name the other inside the quoted words, and how many articles
    name both (with the newest of them)."""
    conn = store.conn
    ids_a, ids_b = _actor_ids(conn, "a", f.get("a")), _actor_ids(conn, "b", f.get("b"))
    if set(ids_a) & set(ids_b):
        raise BadParameter("b", "names the same actor as a")
    names = dict(conn.execute(f"SELECT id, name FROM actors WHERE id IN ({_marks(ids_a + ids_b)})", ids_a + ids_b))

    def takes_part(ids: list[str]) -> str:
        return ("EXISTS (SELECT 1 FROM event_participants p WHERE p.article_id = e.article_id"
                f" AND p.event_id = e.local_id AND p.actor_id IN ({_marks(ids)}))")

    where, params = [takes_part(ids_a), takes_part(ids_b)], [*ids_a, *ids_b]
    _date_where("e.sort_date", f, where, params)
    base = f"FROM events e JOIN articles a ON a.id = e.article_id WHERE {' AND '.join(where)}"
    total = conn.execute(f"SELECT count(*) {base}", params).fetchone()[0]
    events = [event_record(conn, r) for r in rows_as_dicts(conn.execute(
        f"SELECT e.*, a.url, a.title, a.published {base} ORDER BY {EVENT_SORTS['date']} LIMIT ?", [*params, limit]))]

    def quotes_naming(speakers: list[str], named: list[str]) -> list[dict[str, Any]]:
        qw, qp = [f"q.speaker_actor IN ({_marks(speakers)})"], list(speakers)
        qw.append("EXISTS (SELECT 1 FROM entities n JOIN mentions m ON m.article_id = n.article_id"
                  f" AND m.entity_id = n.local_id WHERE n.article_id = q.article_id AND n.actor_id IN ({_marks(named)})"
                  " AND m.start >= q.start AND m.end <= q.end)")
        qp += named
        _date_where("q.sort_date", f, qw, qp)
        return rows_as_dicts(conn.execute(
            "SELECT q.article_id, q.local_id AS quote, q.speaker_actor, q.speaker_name AS speaker, q.speaker_via,"
            " q.text, q.kind, q.cue, q.start, q.end, q.date, a.published, a.url, a.title FROM quotes q"
            f" JOIN articles a ON a.id = q.article_id WHERE {' AND '.join(qw)} ORDER BY {QUOTE_SORTS['date']}"
            " LIMIT ?", [*qp, limit]))

    aw, ap = [f"a.id IN (SELECT article_id FROM entities WHERE actor_id IN ({_marks(ids)}))" for ids in (ids_a, ids_b)], \
        [*ids_a, *ids_b]
    _date_where("a.published", f, aw, ap)
    articles_where = " AND ".join(aw)
    n_articles = conn.execute(f"SELECT count(*) FROM articles a WHERE {articles_where}", ap).fetchone()[0]
    articles = rows_as_dicts(conn.execute(
        f"SELECT a.id, a.title, a.url, a.outlet, a.published FROM articles a WHERE {articles_where}"
        f" ORDER BY {ARTICLE_SORTS['-published']} LIMIT 50", ap))
    return {"a": {"ids": ids_a, "name": names.get(ids_a[0])}, "b": {"ids": ids_b, "name": names.get(ids_b[0])},
            "since": f.get("since"), "until": f.get("until"),
            "events_total": total, "events": events,
            "quotes": {"a_on_b": quotes_naming(ids_a, ids_b), "b_on_a": quotes_naming(ids_b, ids_a)},
            "articles_total": n_articles, "articles": articles}


def _bucket_sql(bucket: str, column: str = "a.published") -> str:
    """The SQL of a date's bucket: the day, the Monday of its week, or the month."""
    if bucket == "week":  # SQLite's weekday 0 is Sunday: step back to the Monday
        return f"date(substr({column}, 1, 10), '-' || ((strftime('%w', substr({column}, 1, 10)) + 6) % 7) || ' days')"
    if bucket == "month":
        return f"substr({column}, 1, 7)"
    return f"substr({column}, 1, 10)"


def coverage(store: Store, f: Mapping[str, Any]) -> dict[str, Any]:
    """Articles per bucket (day, week, month) matching each query, beside the archive's volume in the same
    bucket (articles with a full date, after `outlet`, `since`, `until`), so a rise in coverage can be told
    from a rise in crawling: `share` is matching articles per 1,000 of the archive's. Buckets run from the
    first to the last dated article of the archive in the period, empty ones included."""
    conn = store.conn
    bucket = f.get("bucket") or "week"
    base_where, base_params = ["length(a.published) >= 10"], []
    if f.get("outlet"):
        base_where.append("a.outlet = ?")
        base_params.append(f["outlet"])
    _date_where("a.published", f, base_where, base_params)
    key = _bucket_sql(bucket)
    volume = dict(conn.execute(f"SELECT {key} AS k, count(*) FROM articles a WHERE {' AND '.join(base_where)}"
                               " GROUP BY k", base_params).fetchall())
    series = []
    for text in f.get("q") or ():
        counts = dict(conn.execute(
            f"SELECT {key} AS k, count(*) FROM articles a WHERE"
            " a.num IN (SELECT rowid FROM articles_fts WHERE articles_fts MATCH ?) AND"
            f" {' AND '.join(base_where)} GROUP BY k",
            [fts.fts_expression(_parsed_query("q", text)), *base_params]).fetchall())
        series.append({"q": text, "total": sum(counts.values()), "counts": counts})
    keys = _bucket_range(sorted(k for k in volume if k), bucket)
    rows = []
    for k in keys:
        total = volume.get(k, 0)
        row: dict[str, Any] = {"bucket": k, "archive": total}
        for i, s in enumerate(series):
            n = s["counts"].get(k, 0)
            row[f"q{i + 1}"] = n
            row[f"q{i + 1}_share"] = round(1000 * n / total, 2) if total else 0.0
        rows.append(row)
    return {"bucket": bucket, "queries": [{"q": s["q"], "total": s["total"]} for s in series],
            "archive_total": sum(volume.values()), "rows": rows}


def _bucket_range(keys: list[str], bucket: str) -> list[str]:
    """Every bucket from the first key to the last, so an empty week shows as a zero, not a gap."""
    if not keys:
        return []
    from datetime import timedelta

    if bucket == "month":
        (y, m), (y2, m2) = (map(int, keys[0].split("-")), map(int, keys[-1].split("-")))
        out = []
        while (y, m) <= (y2, m2):
            out.append(f"{y:04d}-{m:02d}")
            y, m = (y + 1, 1) if m == 12 else (y, m + 1)
        return out
    try:
        day, last = date.fromisoformat(keys[0]), date.fromisoformat(keys[-1])
    except ValueError:
        return keys
    step = timedelta(days=7 if bucket == "week" else 1)
    out = []
    while day <= last and len(out) < 5000:
        out.append(day.isoformat())
        day += step
    return out


COVERAGE_COLUMNS = ("bucket", "archive", "q1", "q1_share", "q2", "q2_share", "q3", "q3_share")

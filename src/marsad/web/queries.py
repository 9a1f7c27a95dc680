"""Read-only queries the web app needs beyond marsad.store's: paging, sorting, facets, filters by place,
an actor's partners and network. Plain parameterised SQL over the store's connection; every function
returns plain dicts (the JSON the API answers). Sort keys map to fixed SQL fragments, never to user text.
"""

from __future__ import annotations

import json
import sqlite3
import threading
from collections import Counter, OrderedDict
from pathlib import Path
from typing import Any

from ..errors import InputError
from ..store import Store
from ..store import search as fts
from ..store.store import event_record
from ..text.normalize import norm
from .params import BadParameter, Paging

ARTICLE_SORTS = {
    "relevance": "score",
    "-published": "a.published IS NULL, a.published DESC, a.id",
    "published": "a.published IS NULL, a.published, a.id",
    "title": "a.title, a.id",
    "-ingested": "a.ingested_at DESC, a.id",
}
EVENT_SORTS = {
    "-date": "coalesce(e.date, a.published) IS NULL, coalesce(e.date, a.published) DESC, e.article_id, e.local_id",
    "date": "coalesce(e.date, a.published) IS NULL, coalesce(e.date, a.published), e.article_id, e.local_id",
    "type": "e.type, e.mode, coalesce(e.date, a.published) DESC, e.article_id, e.local_id",
    "-confidence": "e.confidence DESC, e.article_id, e.local_id",
}
ACTOR_SORTS = {
    "-articles": "articles DESC, mentions DESC, a.name",
    "name": "a.name",
    "-events": "events DESC, articles DESC, a.name",
    "-quotes": "quotes DESC, articles DESC, a.name",
}
QUOTE_SORTS = {
    "-date": "coalesce(q.date, a.published) IS NULL, coalesce(q.date, a.published) DESC, q.article_id, q.start",
    "date": "coalesce(q.date, a.published) IS NULL, coalesce(q.date, a.published), q.article_id, q.start",
}
# Marks around matches inside snippets: private-use characters, never in news text, removed before output.
_MARK_OPEN, _MARK_CLOSE = "\ue000", "\ue001"


def _until(value: str) -> str:
    return value + "~"  # '2015-08' includes '2015-08-31' (the store's convention)


def _rows(cur: sqlite3.Cursor) -> list[dict[str, Any]]:
    cols = [c[0] for c in cur.description]
    return [dict(zip(cols, row, strict=True)) for row in cur.fetchall()]


def _norm_name(value: str) -> str:
    return " ".join(norm(value).split())


def resolve_actors(conn: sqlite3.Connection, value: str) -> list[str]:
    """Actor ids for an id (exact) or a name in any spelling (Arabic, normalised) or English."""
    exact = conn.execute("SELECT id FROM actors WHERE id = ? OR kb_id = ?", (value, value)).fetchall()
    if exact:
        return [r[0] for r in exact]
    like = _norm_name(value).replace("%", "").replace("_", "")
    rows = conn.execute("SELECT id FROM actors WHERE name_norm LIKE ? OR lower(name_en) LIKE ?",
                        (f"%{like}%", f"%{value.lower().replace('%', '')}%")).fetchall()
    return [r[0] for r in rows]


# ---- articles and search --------------------------------------------------------------------------------

def _article_filters(conn: sqlite3.Connection, *, q: str | None, outlet: str | None, since: str | None,
                     until: str | None, actor: str | None, event_type: str | None
                     ) -> tuple[str, list[Any], list[Any] | None]:
    """WHERE clause over `articles a`, its parameters, and the parsed query (None without q)."""
    where, params = ["1=1"], []
    items = None
    if q:
        try:
            items = fts.parse_query(q)
        except InputError as err:
            raise BadParameter("q", err.args[0]) from None
        where.append("a.num IN (SELECT rowid FROM articles_fts WHERE articles_fts MATCH ?)")
        params.append(fts.fts_expression(items))
    if outlet:
        where.append("a.outlet = ?")
        params.append(outlet)
    if since:
        where.append("a.published >= ?")
        params.append(since)
    if until:
        where.append("a.published <= ?")
        params.append(_until(until))
    if actor:
        ids = resolve_actors(conn, actor)
        where.append(f"a.id IN (SELECT article_id FROM entities WHERE actor_id IN ({','.join('?' * len(ids)) or 'NULL'}))")
        params += ids
    if event_type:
        where.append("a.id IN (SELECT article_id FROM events WHERE type = ?)")
        params.append(event_type)
    return " AND ".join(where), params, items


def _run(conn: sqlite3.Connection, sql: str, params: list[Any]) -> sqlite3.Cursor:
    try:
        return conn.execute(sql, params)
    except sqlite3.OperationalError as err:  # FTS5 refusing an expression: the user's query, not our bug
        if "fts5" in str(err).lower() or "match" in str(err).lower():
            raise BadParameter("q", f"the search query could not be run ({err})") from None
        raise


def search_articles(store: Store, *, q: str | None = None, outlet: str | None = None, since: str | None = None,
                    until: str | None = None, actor: str | None = None, event_type: str | None = None,
                    sort: str = "-published", paging: Paging) -> dict[str, Any]:
    """Articles matching the filters (and the query, best first by default), a page of them, and facets."""
    conn = store.conn
    where, params, items = _article_filters(conn, q=q, outlet=outlet, since=since, until=until, actor=actor,
                                            event_type=event_type)
    if sort == "relevance" and not items:
        sort = "-published"  # relevance means nothing without a query
    total = _run(conn, f"SELECT count(*) FROM articles a WHERE {where}", params).fetchone()[0]
    if sort == "relevance":
        sql = ("SELECT a.id, a.title, a.url, a.outlet, a.published, a.body, bm25(articles_fts) AS score"
               " FROM articles_fts JOIN articles a ON a.num = articles_fts.rowid"
               f" WHERE articles_fts MATCH ? AND {where} ORDER BY score, a.id LIMIT ? OFFSET ?")
        rows = _run(conn, sql, [params[0], *params, paging.per_page, paging.offset]).fetchall()
    else:
        # Sort the ids first, then read the bodies of one page only (sorting whole rows drags every body along).
        page_ids = [r[0] for r in _run(conn, f"SELECT a.id FROM articles a WHERE {where}"
                                       f" ORDER BY {ARTICLE_SORTS[sort]} LIMIT ? OFFSET ?",
                                       [*params, paging.per_page, paging.offset])]
        found = {r[0]: r for r in conn.execute(
            "SELECT a.id, a.title, a.url, a.outlet, a.published, a.body, NULL AS score FROM articles a"
            f" WHERE a.id IN ({','.join('?' * len(page_ids))})", page_ids)}
        rows = [found[i] for i in page_ids]
    results = []
    for article_id, title, url, outlet_name, published, body, score in rows:
        title = title or ""
        if items:
            lo, hi, inside = first_matching_paragraph(conn, article_id, body, items)
            marked = fts.snippet(body, inside, lo, hi, mark=(_MARK_OPEN, _MARK_CLOSE))
            title_marks = merge_marks(title, fts.find_matches(title, items))
        else:
            lo, hi = paragraph_spans(conn, article_id, body)[0]
            marked = fts.snippet(body, [], lo, hi)
            title_marks = []
        text, marks = split_marks(marked)
        results.append({
            "id": article_id, "title": title, "url": url, "outlet": outlet_name, "published": published,
            "score": round(-score, 4) if score is not None else None,
            "snippet": text, "snippet_marks": marks, "title_marks": title_marks,
        })
    return {"total": total, "page": paging.page, "per_page": paging.per_page, "sort": sort, "items": results,
            "facets": cached_facets(store, where, params)}


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


_FACETS_CACHE: OrderedDict[tuple[Any, ...], dict[str, list[dict[str, Any]]]] = OrderedDict()
_FACETS_CACHE_SIZE = 256
_FACETS_LOCK = threading.Lock()


def _archive_version(path: Path) -> tuple[int, ...]:
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
    key = (str(store.path), _archive_version(store.path), where, tuple(params))
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


def article(store: Store, article_id: str) -> dict[str, Any]:
    """The stored article with its full record and the archive ids of its entities (for links)."""
    out = store.article(article_id)
    rows = store.conn.execute("SELECT local_id, actor_id FROM entities WHERE article_id = ?", (out["id"],))
    out["actors"] = dict(rows.fetchall())
    return out


# ---- events -----------------------------------------------------------------------------------------------

def _event_filters(conn: sqlite3.Connection, *, actor: str | None, type: str | None, status: str | None,
                   mode: str | None, since: str | None, until: str | None, place: str | None,
                   article_id: str | None) -> tuple[str, list[Any]]:
    where, params = ["1=1"], []
    if actor:
        ids = resolve_actors(conn, actor)
        where.append("EXISTS (SELECT 1 FROM event_participants p WHERE p.article_id = e.article_id"
                     f" AND p.event_id = e.local_id AND p.actor_id IN ({','.join('?' * len(ids)) or 'NULL'}))")
        params += ids
    for column, value in (("e.type", type), ("e.status", status), ("e.mode", mode), ("e.article_id", article_id)):
        if value:
            where.append(f"{column} = ?")
            params.append(value)
    if since:
        where.append("coalesce(e.date, a.published) >= ?")
        params.append(since)
    if until:
        where.append("coalesce(e.date, a.published) <= ?")
        params.append(_until(until))
    if place:
        ids = resolve_actors(conn, place)
        where.append(f"(e.place_actor IN ({','.join('?' * len(ids)) or 'NULL'}) OR e.place_name LIKE ?)")
        params += [*ids, f"%{place.replace('%', '')}%"]
    return " AND ".join(where), params


def list_events(store: Store, *, actor: str | None = None, type: str | None = None, status: str | None = None,
                mode: str | None = None, since: str | None = None, until: str | None = None,
                place: str | None = None, article_id: str | None = None, sort: str = "-date",
                paging: Paging | None = None) -> dict[str, Any]:
    """Events matching the filters, a page of them (all without paging), with participants and evidence."""
    conn = store.conn
    where, params = _event_filters(conn, actor=actor, type=type, status=status, mode=mode, since=since,
                                   until=until, place=place, article_id=article_id)
    base = f"FROM events e JOIN articles a ON a.id = e.article_id WHERE {where}"
    total = conn.execute(f"SELECT count(*) {base}", params).fetchone()[0]
    sql = f"SELECT e.*, a.url, a.title, a.published {base} ORDER BY {EVENT_SORTS[sort]}"
    page_params = list(params)
    if paging:
        sql += " LIMIT ? OFFSET ?"
        page_params += [paging.per_page, paging.offset]
    items = [event_record(conn, r) for r in _rows(conn.execute(sql, page_params))]
    return {"total": total, "page": paging.page if paging else 1, "per_page": paging.per_page if paging else total,
            "sort": sort, "items": items}


# ---- quotes -----------------------------------------------------------------------------------------------

def list_quotes(store: Store, *, speaker: str | None = None, contains: str | None = None,
                since: str | None = None, until: str | None = None, sort: str = "-date",
                paging: Paging, via: tuple[str, ...] = ()) -> dict[str, Any]:
    conn = store.conn
    where, params = ["1=1"], []
    if speaker:
        ids = resolve_actors(conn, speaker)
        where.append(f"(q.speaker_actor IN ({','.join('?' * len(ids)) or 'NULL'}) OR q.speaker_name LIKE ?)")
        params += [*ids, f"%{speaker.replace('%', '')}%"]
    if contains:
        where.append("q.text_norm LIKE ?")
        params.append("%" + _norm_name(contains).replace("%", "").replace("_", "") + "%")
    if via:
        where.append(f"q.speaker_via IN ({','.join('?' * len(via))})")
        params += via
    if since:
        where.append("coalesce(q.date, a.published) >= ?")
        params.append(since)
    if until:
        where.append("coalesce(q.date, a.published) <= ?")
        params.append(_until(until))
    base = f"FROM quotes q JOIN articles a ON a.id = q.article_id WHERE {' AND '.join(where)}"
    total = conn.execute(f"SELECT count(*) {base}", params).fetchone()[0]
    cur = conn.execute(
        "SELECT q.article_id, q.local_id AS quote, q.speaker_actor, q.speaker_name AS speaker, q.speaker_via,"
        " q.text, q.kind,"
        f" q.cue, q.start, q.end, q.date, a.published, a.url, a.title {base} ORDER BY {QUOTE_SORTS[sort]}"
        " LIMIT ? OFFSET ?", [*params, paging.per_page, paging.offset])
    return {"total": total, "page": paging.page, "per_page": paging.per_page, "sort": sort, "items": _rows(cur)}


# ---- actors -----------------------------------------------------------------------------------------------

def list_actors(store: Store, *, type: str | None = None, name: str | None = None, sort: str = "-articles",
                paging: Paging) -> dict[str, Any]:
    conn = store.conn
    where, params = ["1=1"], []
    if type:
        where.append("a.type = ?")
        params.append(type)
    if name:
        where.append("(a.name_norm LIKE ? OR lower(a.name_en) LIKE ?)")
        params += [f"%{_norm_name(name).replace('%', '')}%", f"%{name.lower().replace('%', '')}%"]
    w = " AND ".join(where)
    total = conn.execute(f"SELECT count(*) FROM actors a WHERE {w}", params).fetchone()[0]
    cur = conn.execute(
        "SELECT a.id, a.kb_id, a.type, a.name, a.name_en, count(DISTINCT e.article_id) AS articles,"
        " coalesce(sum(e.n_mentions), 0) AS mentions,"
        " (SELECT count(*) FROM event_participants p WHERE p.actor_id = a.id) AS events,"
        " (SELECT count(*) FROM quotes q WHERE q.speaker_actor = a.id) AS quotes"
        f" FROM actors a LEFT JOIN entities e ON e.actor_id = a.id WHERE {w}"
        f" GROUP BY a.id ORDER BY {ACTOR_SORTS[sort]} LIMIT ? OFFSET ?", [*params, paging.per_page, paging.offset])
    return {"total": total, "page": paging.page, "per_page": paging.per_page, "sort": sort, "items": _rows(cur)}


def actor(store: Store, actor_id: str) -> dict[str, Any] | None:
    """One actor: names and aliases as written, roles over time (first and last article date), counts."""
    conn = store.conn
    rows = _rows(conn.execute("SELECT id, kb_id, type, name, name_en FROM actors WHERE id = ?", (actor_id,)))
    if not rows:
        return None
    out = rows[0]
    ents = conn.execute("SELECT e.article_id, e.name, e.roles, e.n_mentions, a.published FROM entities e"
                        " JOIN articles a ON a.id = e.article_id WHERE e.actor_id = ?"
                        " ORDER BY a.published, e.article_id", (actor_id,)).fetchall()
    aliases = Counter(r[0] for r in conn.execute(
        "SELECT m.text FROM mentions m JOIN entities e ON e.article_id = m.article_id AND e.local_id = m.entity_id"
        " WHERE e.actor_id = ?", (actor_id,)))
    roles: dict[str, dict[str, Any]] = {}
    for _article_id, _name, roles_json, _n, published in ents:
        for role in json.loads(roles_json):
            key = role.get("office") or role.get("text")
            seen = roles.setdefault(key, {**role, "first_seen": published, "last_seen": published, "articles": 0})
            seen["articles"] += 1
            if published and (not seen["first_seen"] or published < seen["first_seen"]):
                seen["first_seen"] = published
            if published and (not seen["last_seen"] or published > seen["last_seen"]):
                seen["last_seen"] = published
    out["names"] = sorted({r[1] for r in ents})
    out["aliases"] = [{"text": t, "count": n} for t, n in aliases.most_common()]
    out["roles"] = sorted(roles.values(), key=lambda r: (r["first_seen"] or "", r["text"]))
    out["articles"] = len({r[0] for r in ents})
    out["mentions"] = sum(r[3] for r in ents)
    out["first_seen"] = next((r[4] for r in ents if r[4]), None)
    out["last_seen"] = next((r[4] for r in reversed(ents) if r[4]), None)
    out["events"] = conn.execute("SELECT count(*) FROM event_participants WHERE actor_id = ?", (actor_id,)).fetchone()[0]
    out["quotes"] = conn.execute("SELECT count(*) FROM quotes WHERE speaker_actor = ?", (actor_id,)).fetchone()[0]
    return out


def partners(store: Store, actor_id: str, limit: int = 12) -> list[dict[str, Any]]:
    """The actors met most often: the other participants of this actor's events, by number of events."""
    cur = store.conn.execute(
        "SELECT o.actor_id AS id, ac.name, ac.name_en, ac.type, count(DISTINCT o.article_id || '/' || o.event_id)"
        " AS events, sum(ev.status = 'planned') AS planned, max(coalesce(ev.date, a.published)) AS last"
        " FROM event_participants me JOIN event_participants o ON o.article_id = me.article_id"
        " AND o.event_id = me.event_id AND o.actor_id != me.actor_id"
        " JOIN actors ac ON ac.id = o.actor_id"
        " JOIN events ev ON ev.article_id = me.article_id AND ev.local_id = me.event_id"
        " JOIN articles a ON a.id = me.article_id"
        " WHERE me.actor_id = ? GROUP BY o.actor_id ORDER BY events DESC, last DESC, ac.name LIMIT ?",
        (actor_id, limit))
    return _rows(cur)


def cooccurring(store: Store, actor_id: str, limit: int = 12) -> list[dict[str, Any]]:
    """Actors named in the same articles, by number of shared articles."""
    cur = store.conn.execute(
        "SELECT o.actor_id AS id, ac.name, ac.name_en, ac.type, count(DISTINCT o.article_id) AS articles"
        " FROM entities me JOIN entities o ON o.article_id = me.article_id AND o.actor_id != me.actor_id"
        " JOIN actors ac ON ac.id = o.actor_id WHERE me.actor_id = ?"
        " GROUP BY o.actor_id ORDER BY articles DESC, ac.name LIMIT ?", (actor_id, limit))
    return _rows(cur)


def network(store: Store, actor_id: str, limit: int = 12) -> dict[str, Any]:
    """Who met whom around an actor: the actor, its partners, and the events between any two of them.

    When the actor has fewer partners than `limit`, actors named in the same articles fill the picture as
    nodes of relation 'named' with dashed 'named' edges to the centre (shared articles, not meetings).
    """
    center = store.conn.execute("SELECT id, name, name_en, type FROM actors WHERE id = ?", (actor_id,)).fetchone()
    if center is None:
        return {"nodes": [], "edges": []}
    nodes = [{"id": center[0], "name": center[1], "name_en": center[2], "type": center[3], "center": True,
              "relation": "self"}]
    nodes += [{"id": p["id"], "name": p["name"], "name_en": p["name_en"], "type": p["type"], "center": False,
               "relation": "met"} for p in partners(store, actor_id, limit)]
    ids = [n["id"] for n in nodes]
    marks = ",".join("?" * len(ids))
    cur = store.conn.execute(
        "SELECT p1.actor_id, p2.actor_id, count(DISTINCT p1.article_id || '/' || p1.event_id)"
        " FROM event_participants p1 JOIN event_participants p2 ON p2.article_id = p1.article_id"
        " AND p2.event_id = p1.event_id AND p1.actor_id < p2.actor_id"
        f" WHERE p1.actor_id IN ({marks}) AND p2.actor_id IN ({marks}) GROUP BY 1, 2 ORDER BY 1, 2", ids + ids)
    edges = [{"source": a, "target": b, "events": n, "kind": "met"} for a, b, n in cur.fetchall()]
    room = limit + 1 - len(nodes)
    if room > 0:
        others = [c for c in cooccurring(store, actor_id, limit + len(nodes))
                  if c["id"] not in ids and c["type"] in ("PER", "ORG")][:room]
        for c in others:
            nodes.append({"id": c["id"], "name": c["name"], "name_en": c["name_en"], "type": c["type"],
                          "center": False, "relation": "named"})
            edges.append({"source": actor_id, "target": c["id"], "events": 0, "articles": c["articles"],
                          "kind": "named"})
    return {"nodes": nodes, "edges": edges}


def outlets(store: Store) -> list[str]:
    return [r[0] for r in store.conn.execute("SELECT DISTINCT outlet FROM articles WHERE outlet IS NOT NULL"
                                             " ORDER BY outlet")]

"""Read-only views the web pages need beyond the archive's lists: one article with its actors' ids, one
actor (names, roles over time), its partners, the actors named alongside, its network, the outlets. The
lists themselves (articles, events, quotes, actors: filters, sorting, paging, facets) are the one query
layer's, marsad.store.queries, which the CLI and the exports use too.
"""

from __future__ import annotations

import json
from collections import Counter
from typing import Any

from ..kb.names import without_proclitic
from ..store import Store
from ..store.queries import rows_as_dicts


def article(store: Store, article_id: str) -> dict[str, Any]:
    """The stored article with its full record and the archive ids of its entities (for links)."""
    out = store.article(article_id)
    rows = store.conn.execute("SELECT local_id, actor_id FROM entities WHERE article_id = ?", (out["id"],))
    out["actors"] = dict(rows.fetchall())
    return out


def _period(column: str, since: str | None, until: str | None) -> tuple[str, list[str]]:
    """SQL narrowing `column` (an ISO date) to the period, for the dossier (queries.parse checked the dates)."""
    where, params = "", []
    if since:
        where += f" AND {column} >= ?"
        params.append(since)
    if until:
        where += f" AND {column} <= ?"
        params.append(until + "~")  # '2015-08' includes '2015-08-31'
    return where, params


def actor(store: Store, actor_id: str, since: str | None = None, until: str | None = None) -> dict[str, Any] | None:
    """One actor: names and aliases as written, roles over time (first and last article date), counts;
    with `since`/`until` only what the articles of that period say (the dossier)."""
    conn = store.conn
    pw, pp = _period("a.published", since, until)
    rows = rows_as_dicts(conn.execute("SELECT id, kb_id, type, name, name_en FROM actors WHERE id = ?", (actor_id,)))
    if not rows:
        return None
    out = rows[0]
    ents = conn.execute("SELECT e.article_id, e.name, e.roles, e.n_mentions, a.published FROM entities e"
                        " JOIN articles a ON a.id = e.article_id WHERE e.actor_id = ?" + pw +
                        " ORDER BY a.published, e.article_id", (actor_id, *pp)).fetchall()
    aliases = Counter(without_proclitic(r[0]) for r in conn.execute(  # "للجبير" is "الجبير" with ل
        "SELECT m.text FROM mentions m JOIN entities e ON e.article_id = m.article_id AND e.local_id = m.entity_id"
        " JOIN articles a ON a.id = e.article_id WHERE e.actor_id = ?" + pw, (actor_id, *pp)))
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
    ew, ep = _period("m.sort_date", since, until)
    out["events"] = conn.execute(  # merged events (marsad.merge): one meeting reported five times counts once
        "SELECT count(*) FROM merged_event_actors me JOIN merged_events m ON m.id = me.merged_id"
        " WHERE me.actor_id = ?" + ew, (actor_id, *ep)).fetchone()[0]
    qw, qp = _period("q.sort_date", since, until)
    out["quotes"] = conn.execute("SELECT count(*) FROM quotes q JOIN articles a ON a.id = q.article_id"
                                 " WHERE q.speaker_actor = ?" + qw, (actor_id, *qp)).fetchone()[0]
    return out


def partners(store: Store, actor_id: str, limit: int = 12, since: str | None = None, until: str | None = None
             ) -> list[dict[str, Any]]:
    """The actors met most often: the other participants of this actor's events (in the period), by number
    of events."""
    pw, pp = _period("m.sort_date", since, until)
    cur = store.conn.execute(
        # Merged events (marsad.merge): one meeting reported by five articles counts once.
        "SELECT o.actor_id AS id, ac.name, ac.name_en, ac.type, count(*) AS events,"
        " sum(m.status = 'planned') AS planned, max(m.sort_date) AS last"
        " FROM merged_event_actors me JOIN merged_event_actors o ON o.merged_id = me.merged_id"
        " AND o.actor_id != me.actor_id JOIN actors ac ON ac.id = o.actor_id"
        " JOIN merged_events m ON m.id = me.merged_id"
        " WHERE me.actor_id = ?" + pw + " GROUP BY o.actor_id ORDER BY events DESC, last DESC, ac.name LIMIT ?",
        (actor_id, *pp, limit))
    return rows_as_dicts(cur)


def cooccurring(store: Store, actor_id: str, limit: int = 12, since: str | None = None, until: str | None = None
                ) -> list[dict[str, Any]]:
    """Actors named in the same articles (of the period), by number of shared articles. Counted before
    the names are joined, and only the groups that can make the top `limit` are joined (ties included,
    so the order by name among them is kept): 2-3 times faster for an actor named in 1,000 articles."""
    pw, pp = _period("a.published", since, until)
    cur = store.conn.execute(
        "WITH x AS (SELECT o.actor_id AS id, count(DISTINCT o.article_id) AS articles FROM entities me"
        " JOIN entities o ON o.article_id = me.article_id" + (" JOIN articles a ON a.id = me.article_id" if pw else "") +
        " WHERE me.actor_id = ? AND o.actor_id != ?" + pw + " GROUP BY o.actor_id),"
        " cut AS (SELECT articles FROM x ORDER BY articles DESC LIMIT 1 OFFSET ?)"
        " SELECT x.id, ac.name, ac.name_en, ac.type, x.articles FROM x JOIN actors ac ON ac.id = x.id"
        " WHERE x.articles >= coalesce((SELECT articles FROM cut), 0) ORDER BY x.articles DESC, ac.name LIMIT ?",
        (actor_id, actor_id, *pp, max(limit - 1, 0), limit))
    return rows_as_dicts(cur)


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
        "SELECT p1.actor_id, p2.actor_id, count(*) FROM merged_event_actors p1 JOIN merged_event_actors p2"
        " ON p2.merged_id = p1.merged_id AND p1.actor_id < p2.actor_id"
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

"""`marsad stories` and `marsad events merge|split|rebuild`: the archive's merged happenings (marsad.merge).

    marsad stories [--since D] [--until D] [--min-articles N] [--limit N] [--json]   stories, newest first
    marsad stories ID                                                                one story's articles
    marsad events merge ID ID…        the user's decision: these merged events are one
    marsad events split ID [REPORT…]  … the named reports (article_id/event, default: all) are events of
                                      their own; recorded, and a rebuild or re-ingest keeps it
    marsad events rebuild             merge the whole archive again (decisions kept)

`events` itself stays the list of `marsad events` (marsad.cli.archive); this module adds the optional
action in front of its filters, so it must be registered after that module (cli/__init__.py).
"""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any

from .. import config
from ..errors import InputError

ACTIONS = ("merge", "split", "rebuild")


def add_commands(sub: argparse._SubParsersAction) -> None:
    s = sub.add_parser("stories", help="stories: articles about the same happening, across outlets and days")
    s.add_argument("story", nargs="?", type=int, metavar="ID", help="one story: its articles")
    s.add_argument("--db", default=config.default_db(),
                   help="archive file (default: $MARSAD_DB or ./marsad.db)")
    s.add_argument("--json", action="store_true", help="print JSON instead of a table")
    s.add_argument("--since", help="first published on or after YYYY[-MM[-DD]]")
    s.add_argument("--until", help="first published on or before YYYY[-MM[-DD]]")
    s.add_argument("--min-articles", type=int, default=2, metavar="N", help="stories of at least N articles (2)")
    s.add_argument("--limit", type=int, default=50, help="the first N stories (50)")
    s.set_defaults(handler=run_stories)

    events = sub.choices.get("events")
    if events is None:
        return
    events.add_argument("action", nargs="?", metavar="ACTION",
                        help="merge ID ID… | split ID [ARTICLE/EVENT…] | rebuild: change the merged events "
                             "(recorded as the user's decision); without it: list events")
    events.add_argument("items", nargs="*", metavar="ID", help="merged event ids (split: then report ids)")
    listing = events.get_default("handler")

    def handler(args: argparse.Namespace) -> int:
        if args.action is None:
            return listing(args)
        return run_event_action(args)

    events.set_defaults(handler=handler)


def _ids(values: list[str]) -> list[int]:
    try:
        return [int(v) for v in values]
    except ValueError:
        raise InputError(f"merged event ids are numbers, got {' '.join(values)!r}", source="ID",
                         reason="bad-parameter") from None


def run_event_action(args: argparse.Namespace) -> int:
    from ..merge import update
    from ..store import Store

    action, items = args.action, list(args.items)
    if action not in ACTIONS:
        raise InputError(f"unknown action {action!r}; use one of: {', '.join(ACTIONS)}", source="ACTION",
                         reason="bad-parameter")
    with Store.open(args.db) as store, store.transaction() as conn:
        try:
            if action == "rebuild":
                out: dict[str, Any] = {"seconds": {k: round(v, 2) for k, v in update.rebuild(conn).items()}}
            elif action == "merge":
                if len(items) < 2:
                    raise InputError("merge takes two or more merged event ids", source="ID", reason="bad-parameter")
                out = {"merged_id": update.merge_events(conn, _ids(items))}
            else:
                if not items:
                    raise InputError("split takes a merged event id", source="ID", reason="bad-parameter")
                reports = [tuple(r.split("/", 1)) for r in items[1:]]
                if any(len(r) != 2 for r in reports):
                    raise InputError("reports are ARTICLE_ID/EVENT (e.g. 3f2a…/ev1)", source="REPORT",
                                     reason="bad-parameter")
                out = {"merged_ids": update.split_event(conn, _ids(items[:1])[0], reports or None)}
        except LookupError as err:
            raise InputError(str(err.args[0]), source="ID", reason="not-found") from None
    if args.json:
        sys.stdout.write(json.dumps(out, ensure_ascii=False) + "\n")
    else:
        print(f"{action}: {json.dumps(out, ensure_ascii=False)}")
    return 0


def find_stories(conn: Any, *, since: str | None = None, until: str | None = None, min_articles: int = 2,
                 limit: int | None = 50) -> list[dict[str, Any]]:
    """Stories of at least `min_articles` articles first published within since…until, newest first."""
    where, params = ["n_articles >= ?"], [min_articles]
    if since:
        where.append("first_published >= ?")
        params.append(since)
    if until:
        where.append("first_published <= ?")
        params.append(until + "~")
    sql = (f"SELECT id, first_published, last_published, n_articles, n_outlets, title FROM stories WHERE"
           f" {' AND '.join(where)} ORDER BY first_published DESC, n_articles DESC, id")
    if limit:
        sql += f" LIMIT {int(limit)}"
    cur = conn.execute(sql, params)
    cols = [c[0] for c in cur.description]
    return [dict(zip(cols, r, strict=True)) for r in cur.fetchall()]


def story_articles(conn: Any, story: int) -> list[dict[str, Any]]:
    cur = conn.execute("SELECT a.id, a.published, a.outlet, s.via, a.title FROM story_articles s JOIN articles a ON"
                       " a.id = s.article_id WHERE s.story_id = ? ORDER BY a.published, a.num", (story,))
    cols = [c[0] for c in cur.description]
    return [dict(zip(cols, r, strict=True)) for r in cur.fetchall()]


def run_stories(args: argparse.Namespace) -> int:
    from ..store import Store
    from ..store.queries import check_date

    since, until = check_date("since", args.since), check_date("until", args.until)
    with Store.open(args.db, readonly=True) as store:
        if args.story is not None:
            rows = story_articles(store.conn, args.story)
            if not rows:
                raise InputError(f"no story {args.story} in the archive", source="ID", reason="not-found")
            columns: tuple[str, ...] = ("published", "outlet", "id", "via", "title")
        else:
            rows = find_stories(store.conn, since=since, until=until, min_articles=args.min_articles,
                                limit=args.limit)
            columns = ("id", "first_published", "last_published", "n_articles", "n_outlets", "title")
    if args.json:
        sys.stdout.write(json.dumps(rows, ensure_ascii=False, indent=2) + "\n")
        return 0
    if not rows:
        print("nothing found", file=sys.stderr)
        return 0
    for row in [dict(zip(columns, columns, strict=True)), *rows]:
        print("  ".join(str("-" if row[c] is None else row[c]) for c in columns))
    return 0

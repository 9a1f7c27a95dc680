"""p95 latency of every page and API list of `marsad serve` on an archive (issue 22: target <= 200 ms).

    PYTHONPATH=src python bench/web_latency.py --db /tmp/archive.db [--repeat 20] [--json]

In-process (FastAPI's TestClient: the app's own time, no network). Each URL is asked once to warm up
(as a running server would be: facets and the actors' ranking are kept until the archive changes), then
`--repeat` times; prints p50, p95 and the maximum in ms, and the page's size. The URLs are built from the
archive itself: its busiest actor and the actor it meets most, its newest article, a word of its titles.
Exit 1 when a URL answers an error; with --target MS, exit 3 when a p95 (downloads excepted) is above it.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from urllib.parse import quote, urlencode


def _p95(times: list[float]) -> float:
    ordered = sorted(times)
    return ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]


def urls_for(client) -> tuple[dict[str, object], list[str]]:
    """The archive's figures and the URLs to time: every page and every list of the API."""
    articles = client.get("/api/articles?per_page=1").json()
    actors = client.get("/api/actors?sort=-events&per_page=1").json()["items"]
    if not articles["items"] or not actors:
        raise SystemExit("the archive is empty")
    actor = actors[0]["id"]
    met = client.get(f"/api/actors/{quote(actor, safe='')}/cooccurring").json()["met"]
    other = met[0]["id"] if met else actor
    article = articles["items"][0]["id"]
    month = (articles["items"][0]["published"] or "2015-01")[:7]
    a = quote(actor, safe="")
    word = "الخارجية"
    urls = [
        "/", f"/?q={quote(word)}", f"/?q={quote(word)}&page=2", f'/?q={quote(chr(34) + "ولي العهد" + chr(34))}',
        f"/?since={month}&until={month}", f"/articles/{article}", "/actors", "/actors?sort=-events",
        "/actors?sort=name", f"/actors?name={quote('محمد')}", f"/actors/{a}", f"/actors/{a}?since={month}&until={month}",
        "/events", "/events?type=CONSULT", "/quotes", f"/quotes?text={quote('التعاون')}", "/quotes?since=" + month,
        "/pair?" + urlencode({"a": actor, "b": other}), "/coverage?" + urlencode([("q", word), ("q", "اليمن")]),
        "/analyze",
        "/api/articles", f"/api/search?q={quote(word)}", "/api/articles?sort=title&page=5", "/api/actors",
        "/api/actors?sort=-quotes", f"/api/actors/{a}", f"/api/actors/{a}/events", f"/api/actors/{a}/quotes",
        f"/api/actors/{a}/network", "/api/events", "/api/events?type=CONSULT&status=planned", "/api/quotes",
        f"/api/quotes?text={quote('التعاون')}", "/api/pair?" + urlencode({"a": actor, "b": other}),
        "/api/coverage?" + urlencode([("q", word), ("q", "اليمن"), ("bucket", "day")]),
        "/api/export/events.csv?type=CONSULT", f"/api/export/quotes.csv?speaker={a}",
    ]
    events = client.get("/api/events?per_page=1").json()["total"]
    figures = {"articles": articles["total"], "events": events, "actors": client.get("/api/actors?per_page=1")
               .json()["total"], "busiest_actor": actor, "partner": other}
    return figures, urls


def main(argv: list[str] | None = None) -> int:
    from fastapi.testclient import TestClient

    from marsad.web import create_app

    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--db", required=True, help="archive file")
    parser.add_argument("--repeat", type=int, default=20)
    parser.add_argument("--json", action="store_true", help="print JSON rows instead of a table")
    parser.add_argument("--target", type=float, default=None, help="exit 3 when a p95 (not a download) is above")
    args = parser.parse_args(argv)
    client = TestClient(create_app(args.db))
    figures, urls = urls_for(client)
    rows = []
    for url in urls:
        first = time.perf_counter()
        response = client.get(url)
        cold = (time.perf_counter() - first) * 1000
        if response.status_code != 200:
            print(f"{url}: HTTP {response.status_code} {response.text[:200]}", file=sys.stderr)
            return 1
        times = []
        for _ in range(args.repeat):
            start = time.perf_counter()
            client.get(url)
            times.append((time.perf_counter() - start) * 1000)
        rows.append({"url": url, "first": round(cold, 1), "p50": round(statistics.median(times), 1),
                     "p95": round(_p95(times), 1), "max": round(max(times), 1),
                     "kib": len(response.content) // 1024})
    if args.json:
        print(json.dumps({"archive": figures, "rows": rows}, ensure_ascii=False, indent=1))
    else:
        print(f"archive: {figures['articles']} articles, {figures['events']} events, {figures['actors']} actors;"
              f" busiest actor {figures['busiest_actor']}; repeat {args.repeat}")
        print(f"{'URL':70s} {'first':>7s} {'p50':>7s} {'p95':>7s} {'max':>7s}  KiB")
        for r in rows:
            print(f"{r['url'][:70]:70s} {r['first']:7.1f} {r['p50']:7.1f} {r['p95']:7.1f} {r['max']:7.1f}  {r['kib']}")
    if args.target is not None:
        over = [r for r in rows if r["p95"] > args.target and "/export/" not in r["url"]]
        for r in over:
            print(f"over {args.target:g} ms: {r['url']} p95 {r['p95']}", file=sys.stderr)
        return 3 if over else 0
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

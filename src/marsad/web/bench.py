"""Latency of the web app's main pages and API calls on an archive: `python -m marsad.web.bench --db FILE`.

In-process (FastAPI's TestClient, no network), each URL requested once to warm up and then `--repeat`
times; prints the median and the maximum. Facets are cached per query until the archive changes, so
the figures are those of a warm server.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from urllib.parse import quote


def main(argv: list[str] | None = None) -> int:
    from fastapi.testclient import TestClient

    from . import create_app

    parser = argparse.ArgumentParser(prog="python -m marsad.web.bench", description=__doc__)
    parser.add_argument("--db", required=True, help="archive file")
    parser.add_argument("--repeat", type=int, default=15)
    args = parser.parse_args(argv)
    client = TestClient(create_app(args.db))
    actors = client.get("/api/actors?sort=-events&per_page=1").json()["items"]
    articles = client.get("/api/articles?per_page=1").json()
    if not actors or not articles["items"]:
        print("the archive is empty", file=sys.stderr)
        return 2
    actor, article = quote(actors[0]["id"], safe=""), articles["items"][0]["id"]
    events = client.get("/api/events?per_page=1").json()["total"]
    print(f"archive: {articles['total']} articles, {events} events; busiest actor {actors[0]['id']}")
    urls = ["/", "/?q=وزير الخارجية", "/api/search?q=السعودية", '/api/search?q="ولي العهد"',
            "/api/articles?sort=title&page=5", f"/articles/{article}", f"/actors/{actor}", f"/api/actors/{actor}",
            "/events", "/api/events?type=CONSULT", "/api/export/events.csv", "/quotes"]
    for url in urls:
        client.get(url)
        times = []
        for _ in range(args.repeat):
            start = time.perf_counter()
            response = client.get(url)
            times.append((time.perf_counter() - start) * 1000)
            if response.status_code != 200:
                print(f"{url}: HTTP {response.status_code}", file=sys.stderr)
                return 1
        print(f"{url:45s} median {statistics.median(times):7.1f} ms   max {max(times):7.1f} ms"
              f"   {len(response.content) // 1024} KiB")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

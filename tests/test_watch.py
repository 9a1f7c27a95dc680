"""marsad watch against a real HTTP server on 127.0.0.1 serving team-written feeds, sitemaps and pages.

The server (http.server in a thread, on a free port) logs every request with its headers and the status
it answered, checks If-None-Match / If-Modified-Since itself, and can be told to fail, stall or change
a path, so the tests assert what went over the wire, not what the client believes it did.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import threading
import time
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime, parsedate_to_datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from testdata import FIXTURES

from marsad.cli import main
from marsad.pipeline import Options, Pipeline
from marsad.store import Store
from marsad.watch import FeedSpec, FetchConfig, Fetcher, WatchConfig, Watcher
from marsad.watch.fetch import USER_AGENT
from marsad.watch.state import Backoff

SITE = FIXTURES / "watch" / "site"
LAST_MODIFIED = datetime(2025, 10, 13, 12, 0, tzinfo=UTC)
TYPES = {".rss": "application/rss+xml", ".atom": "application/atom+xml", ".xml": "application/xml",
         ".html": "text/html; charset=utf-8", ".txt": "text/plain; charset=utf-8"}


@dataclass
class Hit:
    path: str
    headers: dict[str, str]
    status: int = 0
    start: float = 0.0
    end: float = 0.0


@dataclass
class Site:
    """What the server serves and how it misbehaves; `log` holds every request it received."""

    base: str = ""
    log: list[Hit] = field(default_factory=list)
    fail_first: dict[str, int] = field(default_factory=dict)  # path -> answer 500 this many times
    always: dict[str, int] = field(default_factory=dict)  # path -> answer this status every time
    slow: dict[str, float] = field(default_factory=dict)  # path -> seconds to stall before answering
    content: dict[str, bytes] = field(default_factory=dict)  # path -> replacement body
    headers: dict[str, dict[str, str]] = field(default_factory=dict)  # path -> extra response headers
    etag_only: set[str] = field(default_factory=set)  # paths answered with an ETag and no Last-Modified
    date_only: set[str] = field(default_factory=set)  # paths answered with Last-Modified and no ETag
    lock: threading.Lock = field(default_factory=threading.Lock)

    def body(self, path: str) -> bytes | None:
        if path in self.content:
            return self.content[path]
        file = (SITE / path.lstrip("/")).resolve()
        if SITE.resolve() not in file.parents or not file.is_file():
            return None
        return file.read_bytes().replace(b"{{BASE}}", self.base.encode())

    def hits(self, path: str) -> list[Hit]:
        return [h for h in self.log if h.path == path]

    def paths(self) -> list[str]:
        return [h.path for h in self.log]


def make_handler(site: Site) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, *args: object) -> None:  # keep pytest output clean
            pass

        def do_GET(self) -> None:  # noqa: N802 - http.server's name
            path = urlsplit(self.path).path
            hit = Hit(path, {k.lower(): v for k, v in self.headers.items()}, start=time.monotonic())
            with site.lock:
                site.log.append(hit)
                failing = site.fail_first.get(path, 0)
                if failing:
                    site.fail_first[path] = failing - 1
            if path in site.slow:
                time.sleep(site.slow[path])
            if failing:
                self.answer(hit, 500, b"<h1>Internal Server Error</h1>", "text/html")
            elif path in site.always:
                self.answer(hit, site.always[path], b"<h1>error</h1>", "text/html", site.headers.get(path))
            else:
                self.static(hit, path)

        def static(self, hit: Hit, path: str) -> None:
            body = site.body(path)
            if body is None:
                self.answer(hit, 404, b"not found", "text/plain")
                return
            etag = '"' + hashlib.sha1(body).hexdigest()[:16] + '"'
            validators = {}
            if path not in site.date_only:
                validators["ETag"] = etag
            if path not in site.etag_only:
                validators["Last-Modified"] = format_datetime(LAST_MODIFIED, usegmt=True)
            # RFC 9110: If-None-Match wins over If-Modified-Since when both are sent.
            inm, ims = hit.headers.get("if-none-match"), hit.headers.get("if-modified-since")
            if inm is not None:
                fresh = "ETag" in validators and etag in [t.strip() for t in inm.split(",")]
            elif ims is not None and "Last-Modified" in validators:
                fresh = parsedate_to_datetime(ims) >= LAST_MODIFIED
            else:
                fresh = False
            if fresh:
                self.answer(hit, 304, b"", None, validators)
                return
            self.answer(hit, 200, body, TYPES.get(Path(path).suffix, "application/octet-stream"), validators)

        def answer(self, hit: Hit, status: int, body: bytes, ctype: str | None,
                   headers: dict[str, str] | None = None) -> None:
            hit.status = status
            hit.end = time.monotonic()  # before the answer leaves: a request it unblocks starts after this
            self.send_response(status)
            for key, value in (headers or {}).items():
                self.send_header(key, value)
            if ctype:
                self.send_header("Content-Type", ctype)
            if status != 304:
                self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            if status != 304:
                with contextlib.suppress(BrokenPipeError, ConnectionResetError):  # the client gave up (timeout)
                    self.wfile.write(body)

    return Handler


@pytest.fixture(autouse=True)
def no_proxy(monkeypatch):
    # httpx honours *_PROXY variables; the test server is on loopback and must be reached directly.
    for name in ("HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "http_proxy", "https_proxy", "all_proxy"):
        monkeypatch.delenv(name, raising=False)


@pytest.fixture
def site():
    site = Site()
    server = ThreadingHTTPServer(("127.0.0.1", 0), make_handler(site))
    server.daemon_threads = True
    site.base = f"http://127.0.0.1:{server.server_address[1]}"
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    yield site
    server.shutdown()
    server.server_close()


@pytest.fixture(scope="module")
def pipeline() -> Pipeline:
    # Cleaning and segmentation only: the watch's job ends where the pipeline's begins, and it keeps tests fast.
    return Pipeline.from_options(Options(stages=["clean", "segment"]))


class Clock:
    """A clock the test moves, to step over back-off waits without sleeping."""

    def __init__(self) -> None:
        self.now = datetime(2025, 10, 13, 12, 0, tzinfo=UTC)

    def __call__(self) -> datetime:
        return self.now

    def advance(self, **kwargs: float) -> None:
        self.now += timedelta(**kwargs)


FAST = dict(host_delay=0.0, timeout=0.5, retries=1, retry_wait=0.01, per_host=4)


@pytest.fixture
def make_watcher(tmp_path, pipeline):
    opened: list[tuple[Store, Fetcher]] = []

    def make(db: str = "archive.db", clock: Clock | None = None, fetch: dict | None = None, **config) -> Watcher:
        store = Store.open(tmp_path / db)
        fetcher = Fetcher(FetchConfig(**{**FAST, **(fetch or {})}))
        opened.append((store, fetcher))
        return Watcher(store, fetcher, WatchConfig(**config), pipeline=pipeline, clock=clock or Clock())

    yield make
    for store, fetcher in opened:
        fetcher.close()
        store.close()


def feeds(site: Site, *paths: str, outlet: str | None = None) -> list[FeedSpec]:
    return [FeedSpec(site.base + p, outlet) for p in paths]


def articles(watcher: Watcher) -> dict[str, dict]:
    """url -> archive row (with the stored record) of every article in the watcher's archive."""
    out = {}
    for row in watcher.store.iter_articles():
        out[urlsplit(row["url"]).path] = watcher.store.article(row["id"])
    return out


MAIN = ["/feeds/politics.rss", "/feeds/economy.atom", "/sitemap_index.xml"]
STORED = {"/news/2025/10/12/amman-talks.html", "/news/2025/10/11/beirut-elections.html",
          "/news/2025/10/13/tunis-olive-harvest.html", "/news/2025/10/12/baghdad-riyadh-trade.html",
          "/news/2025/10/10/rabat-rates.html", "/news/2025/10/13/algiers-metro.html",
          "/news/2025/10/09/doha-water-forum.html"}


def test_new_items_are_ingested_once_and_a_second_round_fetches_nothing_new(site, make_watcher):
    site.date_only.add("/feeds/economy.atom")  # this feed only offers Last-Modified
    site.etag_only.add("/feeds/politics.rss")  # this one only an ETag
    watcher = make_watcher()
    first = watcher.run_round(feeds(site, *MAIN))
    assert first.outcomes == {"stored": 7} and first.links_new == 8 and first.blocked == 1
    stored = articles(watcher)
    assert set(stored) == STORED
    # Each page was requested once, although the feed (with tracking parameters) and a sitemap both list it.
    for path in STORED:
        assert len(site.hits(path)) == 1, path
    # The feed's title, link and date are the document's metadata.
    amman = stored["/news/2025/10/12/amman-talks.html"]
    assert amman["url"] == site.base + "/news/2025/10/12/amman-talks.html"
    assert amman["title"] == "عبد العاطي والصفدي يبحثان في عمّان التهدئة في غزة وإعادة الإعمار"
    assert amman["record"]["published"]["date"] == "2025-10-12"
    assert amman["record"]["published"]["method"] == "metadata"
    assert amman["record"]["body"].startswith("التقى وزير الخارجية المصري")
    assert "اشترك ليصلك" not in amman["record"]["body"]  # site furniture stays out
    algiers = stored["/news/2025/10/13/algiers-metro.html"]  # from the news sitemap
    assert algiers["published"] == "2025-10-13" and algiers["outlet"] == "الضفتين"
    assert algiers["title"] == "الجزائر تفتتح امتدادا جديدا لخط المترو نحو المطار"
    assert stored["/news/2025/10/13/tunis-olive-harvest.html"]["source_kind"] == "feed"
    assert algiers["source_kind"] == "sitemap"

    before = len(site.log)
    second = watcher.run_round(feeds(site, *MAIN))
    round_two = site.log[before:]
    assert second.links_new == 0 and second.pages_fetched == 0 and not second.outcomes
    assert second.feeds_not_modified == 3
    # Every feed and sitemap was asked conditionally and the server itself answered 304.
    listing_paths = {*MAIN, "/sitemap-news.xml", "/sitemap-2025-10.xml"}
    assert {h.path for h in round_two} == listing_paths
    assert all(h.status == 304 for h in round_two)
    by_path = {h.path: h for h in round_two}
    assert "if-none-match" in by_path["/feeds/politics.rss"].headers
    assert "if-modified-since" not in by_path["/feeds/politics.rss"].headers
    assert by_path["/feeds/economy.atom"].headers["if-modified-since"] == "Mon, 13 Oct 2025 12:00:00 GMT"
    assert "if-none-match" not in by_path["/feeds/economy.atom"].headers
    assert len(list(watcher.store.iter_articles())) == 7


def test_robots_txt_disallow_is_honoured_and_every_request_says_who_we_are(site, make_watcher):
    watcher = make_watcher()
    report = watcher.run_round(feeds(site, "/feeds/politics.rss", "/sitemap-2025-10.xml"))
    assert report.blocked == 1
    assert not [p for p in site.paths() if p.startswith("/private/")]  # never requested
    assert site.paths().count("/robots.txt") == 1  # fetched once, then cached
    assert {h.headers["user-agent"] for h in site.log} == {USER_AGENT}
    assert USER_AGENT.startswith("marsad/0.1.0 (+https://github.com/marsad)")
    row = watcher.store.conn.execute(
        "SELECT state, last_error FROM watch_pages WHERE url LIKE '%/private/%'").fetchone()
    assert row[0] == "blocked" and "robots.txt disallows" in row[1]
    watcher.run_round(feeds(site, "/feeds/politics.rss", "/sitemap-2025-10.xml"))
    assert not [p for p in site.paths() if p.startswith("/private/")]


def test_a_500_and_a_timeout_are_retried_and_reported_with_back_off(site, make_watcher):
    site.fail_first["/news/2025/10/13/khartoum-aid.html"] = 1  # fails once, then works
    site.always["/news/2025/10/13/server-down.html"] = 500
    site.slow["/news/2025/10/13/very-slow.html"] = 0.8  # the client gives up after 0.3 s
    clock = Clock()
    watcher = make_watcher(clock=clock, fetch={"timeout": 0.3}, max_attempts=3, page_backoff=Backoff(base=600))
    report = watcher.run_round(feeds(site, "/feeds/trouble.rss"))
    # Retried within the round: the flaky page made it on its second try.
    assert len(site.hits("/news/2025/10/13/khartoum-aid.html")) == 2
    assert report.outcomes == {"stored": 1}
    assert report.page_errors == {"http-status": 1, "timeout": 1}
    assert len(site.hits("/news/2025/10/13/server-down.html")) == 2  # one try + one retry
    assert len(site.hits("/news/2025/10/13/very-slow.html")) == 2
    errors = {e["url"].rsplit("/", 1)[-1]: e for e in report.errors}
    assert errors["server-down.html"]["status"] == 500 and errors["server-down.html"]["state"] == "retry"
    assert errors["very-slow.html"]["kind"] == "timeout"
    logged = watcher.store.conn.execute("SELECT scope, kind, status FROM watch_errors ORDER BY id").fetchall()
    assert ("page", "http-status", 500) in logged and ("page", "timeout", None) in logged

    # Within the back-off the broken pages are left alone; after it they are tried again.
    before = len(site.log)
    watcher.run_round(feeds(site, "/feeds/trouble.rss"))
    assert [h.path for h in site.log[before:]] == ["/feeds/trouble.rss"]
    clock.advance(minutes=11)
    again = watcher.run_round(feeds(site, "/feeds/trouble.rss"))
    assert again.page_errors == {"http-status": 1, "timeout": 1}
    assert len(site.hits("/news/2025/10/13/server-down.html")) == 4
    # The wait doubles (20 min after the 2nd failure); at the 3rd failure the page is given up.
    clock.advance(minutes=11)
    watcher.run_round(feeds(site, "/feeds/trouble.rss"))
    assert len(site.hits("/news/2025/10/13/server-down.html")) == 4
    clock.advance(minutes=10)
    watcher.run_round(feeds(site, "/feeds/trouble.rss"))
    states = dict(watcher.store.conn.execute("SELECT url, state FROM watch_pages").fetchall())
    assert states[site.base + "/news/2025/10/13/server-down.html"] == "failed"
    assert states[site.base + "/news/2025/10/13/khartoum-aid.html"] == "done"
    clock.advance(days=1)
    before = len(site.log)
    watcher.run_round(feeds(site, "/feeds/trouble.rss"))
    assert [h.path for h in site.log[before:]] == ["/feeds/trouble.rss"]


def test_a_malformed_or_failing_feed_is_reported_and_the_others_go_on(site, make_watcher):
    site.always["/feeds/down.rss"] = 503
    clock = Clock()
    watcher = make_watcher(clock=clock)
    listed = feeds(site, "/feeds/broken.rss", "/feeds/down.rss", "/feeds/politics.rss", "/feeds/missing.rss")
    report = watcher.run_round(listed)
    assert report.feeds_failed == 3 and report.outcomes == {"stored": 2}
    kinds = {e["url"].rsplit("/", 1)[-1]: (e["kind"], e["status"]) for e in report.errors if e["scope"] == "feed"}
    assert kinds == {"broken.rss": ("parse-error", 200), "down.rss": ("http-status", 503),
                     "missing.rss": ("http-status", 404)}
    assert len(site.hits("/feeds/down.rss")) == 2  # retried within the round
    assert len(site.hits("/feeds/missing.rss")) == 1  # a 404 is not worth a retry
    health = {h["url"].rsplit("/", 1)[-1]: h for h in watcher.state.health()}
    assert health["broken.rss"]["status"] == "failing"
    assert health["broken.rss"]["last_error"].startswith("parse-error: malformed feed")
    assert health["politics.rss"]["status"] == "ok" and health["politics.rss"]["articles_stored"] == 2
    assert health["politics.rss"]["articles_found"] == 3  # the robots-blocked draft is found, not stored

    # Failing feeds back off; once repaired they are read again and recover.
    before = len(site.log)
    second = watcher.run_round(listed)
    assert second.feeds_waiting == 3 and [h.path for h in site.log[before:]] == ["/feeds/politics.rss"]
    site.content["/feeds/broken.rss"] = site.body("/feeds/economy.atom")
    site.always.clear()
    site.content["/feeds/down.rss"] = site.body("/feeds/economy.atom")
    clock.advance(minutes=6)
    third = watcher.run_round(listed)
    assert third.feeds_failed == 1 and third.outcomes == {"stored": 3}  # missing.rss still 404s
    health = {h["url"].rsplit("/", 1)[-1]: h for h in watcher.state.health()}
    assert health["broken.rss"]["status"] == "ok" and health["broken.rss"]["failures"] == 0
    assert health["down.rss"]["status"] == "ok" and health["down.rss"]["last_error"].startswith("http-status")
    assert health["missing.rss"]["failures"] == 2


def test_retry_after_is_honoured_across_rounds(site, make_watcher):
    site.always["/feeds/politics.rss"] = 503
    site.headers["/feeds/politics.rss"] = {"Retry-After": "7200"}
    clock = Clock()
    watcher = make_watcher(clock=clock, feed_backoff=Backoff(base=300))
    report = watcher.run_round(feeds(site, "/feeds/politics.rss"))
    assert report.feeds_failed == 1
    assert len(site.hits("/feeds/politics.rss")) == 1  # two hours is not waited for within the round
    (next_attempt,) = watcher.store.conn.execute("SELECT next_attempt FROM watch_feeds").fetchone()
    assert next_attempt == "2025-10-13T14:00:00Z"  # the server's 2 h, not the 5 min back-off
    clock.advance(minutes=119)
    assert watcher.run_round(feeds(site, "/feeds/politics.rss")).feeds_waiting == 1
    site.always.clear()
    clock.advance(minutes=2)
    assert watcher.run_round(feeds(site, "/feeds/politics.rss")).outcomes == {"stored": 2}


def test_sitemaps_an_index_stops_listing_are_no_longer_asked(site, make_watcher):
    watcher = make_watcher()
    watcher.run_round(feeds(site, "/sitemap_index.xml"))
    index = site.body("/sitemap_index.xml").decode()
    site.content["/sitemap_index.xml"] = index.replace("sitemap-2025-10.xml", "sitemap-news.xml", 1).encode()
    watcher.run_round(feeds(site, "/sitemap_index.xml"))  # changed index: the monthly sitemap is gone
    before = len(site.log)
    watcher.run_round(feeds(site, "/sitemap_index.xml"))  # unchanged index: its current sitemaps only
    assert sorted(h.path for h in site.log[before:]) == ["/sitemap-news.xml", "/sitemap_index.xml"]
    health = {h["url"].rsplit("/", 1)[-1]: h for h in watcher.state.health()}
    assert health["sitemap-2025-10.xml"]["status"] == "inactive"
    assert health["sitemap-news.xml"]["parent"] == site.base + "/sitemap_index.xml"
    assert health["sitemap_index.xml"]["articles_stored"] == 4


def test_a_restart_resumes_where_the_last_round_stopped(site, make_watcher, tmp_path):
    first = make_watcher(max_pages=3)
    report = first.run_round(feeds(site, *MAIN))
    # Newest first: two pages of the 13th stored, the robots-blocked draft of the 13th settled unrequested.
    assert report.outcomes == {"stored": 2} and report.blocked == 1 and report.pages_left == 5
    first.store.close()  # the process stops here
    second = make_watcher(max_pages=100)
    resumed = second.run_round(feeds(site, *MAIN))
    # The feeds answer 304 (nothing new in them), yet the pages found before the stop are fetched now.
    assert resumed.feeds_not_modified == 3 and resumed.links_new == 0
    assert resumed.outcomes == {"stored": 5}
    assert set(articles(second)) == STORED
    assert all(len(site.hits(p)) == 1 for p in STORED)


def test_an_interrupted_round_loses_nothing(site, make_watcher, monkeypatch):
    watcher = make_watcher(workers=1)
    real_ingest, done = Watcher._ingest, []

    def ingest_then_ctrl_c(self, task, response):
        if len(done) == 3:
            raise KeyboardInterrupt  # Ctrl-C while the 4th page goes through the pipeline
        done.append(task.url)
        return real_ingest(self, task, response)

    monkeypatch.setattr(Watcher, "_ingest", ingest_then_ctrl_c)
    with pytest.raises(KeyboardInterrupt):
        watcher.run_round(feeds(site, *MAIN))
    monkeypatch.setattr(Watcher, "_ingest", real_ingest)
    assert len(list(watcher.store.iter_articles())) == 3
    watcher.store.close()
    second = make_watcher()
    resumed = second.run_round(feeds(site, *MAIN))
    assert resumed.outcomes == {"stored": 4} and resumed.links_new == 0
    assert set(articles(second)) == STORED
    # Fetched again: the page being ingested at Ctrl-C, and at most one more already fetched (window of 2).
    fetches = [len(site.hits(p)) for p in STORED]
    assert max(fetches) == 2 and 1 <= fetches.count(2) <= 2


def test_new_item_in_a_feed_is_fetched_next_round(site, make_watcher):
    watcher = make_watcher()
    watcher.run_round(feeds(site, "/feeds/politics.rss"))
    feed = site.body("/feeds/politics.rss").decode()
    item = (f"<item><title>وكالات الإغاثة تحذر من نقص الغذاء في دارفور</title>"
            f"<link>{site.base}/news/2025/10/13/khartoum-aid.html</link>"
            f"<pubDate>Tue, 14 Oct 2025 00:30:00 +0300</pubDate></item>")
    site.content["/feeds/politics.rss"] = feed.replace("<item>", item + "<item>", 1).encode()
    before = len(site.log)
    report = watcher.run_round(feeds(site, "/feeds/politics.rss"))
    assert [h.path for h in site.log[before:]] == ["/feeds/politics.rss", "/news/2025/10/13/khartoum-aid.html"]
    assert report.links_new == 1 and report.outcomes == {"stored": 1}
    # 00:30 in Beirut on the 14th is the 13th in UTC: the publisher's day is kept.
    assert articles(watcher)["/news/2025/10/13/khartoum-aid.html"]["published"] == "2025-10-14"


def test_per_host_pacing_and_size_limit(site, make_watcher):
    watcher = make_watcher(fetch={"host_delay": 0.15, "per_host": 1, "max_bytes": 4000})
    report = watcher.run_round(feeds(site, "/feeds/economy.atom"))
    hits = sorted(site.log, key=lambda h: h.start)
    assert len(hits) == 5  # robots.txt, the feed, three pages
    # Measured at the server, so allow for scheduling jitter around the 0.15 s spacing.
    assert all(b.start - a.start >= 0.1 for a, b in zip(hits, hits[1:], strict=False))
    assert all(b.start >= a.end for a, b in zip(hits, hits[1:], strict=False))  # one at a time
    # Article pages are ~5 kB, over the 4000-byte limit (the feed is 1.8 kB): refused, not truncated, and recorded.
    assert report.page_errors == {"too-large": 3} and not report.outcomes
    state = watcher.store.conn.execute("SELECT DISTINCT state FROM watch_pages").fetchall()
    assert state == [("failed",)]


def test_cli_watch_once_then_feeds(site, tmp_path, capsys):
    listing = tmp_path / "feeds.txt"
    listing.write_text(f"# أخبار الضفتين\n{site.base}/feeds/economy.atom الضفتين\n\n"
                       f"{site.base}/feeds/broken.rss   # kept for the test\n", encoding="utf-8")
    db = str(tmp_path / "cli.db")
    args = ["watch", "--once", "--feeds", str(listing), "--db", db, "--delay", "0", "--retries", "0",
            "--stages", "clean,segment"]
    assert main(args) == 0
    out = capsys.readouterr().out
    assert "round 1:" in out and "stored 3" in out and "parse-error" in out
    assert main(args + ["--json"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert report["round"] == 2 and report["feeds_not_modified"] == 1 and report["pages_fetched"] == 0

    assert main(["feeds", "--db", db, "--json"]) == 0
    health = {h["url"].rsplit("/", 1)[-1]: h for h in json.loads(capsys.readouterr().out)}
    assert health["economy.atom"]["articles_found"] == 3 and health["economy.atom"]["articles_stored"] == 3
    assert health["economy.atom"]["outlet"] == "الضفتين" and health["economy.atom"]["last_success"]
    assert health["broken.rss"]["failures"] == 1 and "malformed feed" in health["broken.rss"]["last_error"]
    assert main(["feeds", "--db", db]) == 0
    table = capsys.readouterr().out
    assert "failing (1)" in table and "ok" in table and "last error" in table
    with Store.open(db, readonly=True) as store:
        assert {a["outlet"] for a in store.iter_articles()} == {"الضفتين"}


@pytest.mark.parametrize(("args", "message"), [
    (["--every", "soon"], "--every takes a duration"),
    (["--max-pages", "0"], "--max-pages must be at least 1"),
    (["--since", "last week"], "--since must be"),
])
def test_cli_bad_options_are_clear_errors(tmp_path, capsys, args, message):
    listing = tmp_path / "feeds.txt"
    listing.write_text("https://example.org/feed.rss\n", encoding="utf-8")
    assert main(["watch", "--once", "--feeds", str(listing), "--db", str(tmp_path / "x.db"), *args]) == 2
    assert message in capsys.readouterr().err


def test_cli_bad_feeds_file_is_a_clear_error(tmp_path, capsys):
    listing = tmp_path / "feeds.txt"
    listing.write_text("# nothing but\nftp://example.org/feed.rss الضفتين\n", encoding="utf-8")
    assert main(["watch", "--once", "--feeds", str(listing), "--db", str(tmp_path / "x.db")]) == 2
    err = capsys.readouterr().err
    assert "feeds.txt:2" in err and "not an http(s) URL" in err and "Traceback" not in err
    assert main(["watch", "--once", "--feeds", str(tmp_path / "nope.txt"), "--db", str(tmp_path / "x.db")]) == 2
    assert "no such file" in capsys.readouterr().err
    assert not (tmp_path / "x.db").exists()  # nothing created for a run that could not start


def test_cli_feeds_on_an_archive_without_watch(tmp_path, capsys):
    db = tmp_path / "plain.db"
    Store.open(db).close()
    assert main(["feeds", "--db", str(db)]) == 0
    assert "no feeds watched yet" in capsys.readouterr().out
    assert main(["feeds", "--db", str(tmp_path / "absent.db")]) == 2
    assert "no archive" in capsys.readouterr().err


@pytest.mark.slow
def test_cli_watch_runs_the_full_default_pipeline(site, tmp_path, capsys):
    listing = tmp_path / "feeds.txt"
    listing.write_text(f"{site.base}/feeds/politics.rss الضفتين\n", encoding="utf-8")
    db = str(tmp_path / "full.db")
    assert main(["watch", "--once", "--feeds", str(listing), "--db", db, "--delay", "0", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["stored"] == 2
    with Store.open(db, readonly=True) as store:
        events = store.events()
        quotes = store.quotes()
    # The meeting in Amman and the Lebanese prime minister's statement, as `marsad ingest` would find them.
    assert any(e["type"] == "CONSULT" for e in events)
    assert quotes

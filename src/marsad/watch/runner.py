"""Watch rounds: check the feeds, queue new article links, fetch them, ingest them like `marsad ingest`.

Network work runs in a thread pool (the Fetcher bounds each host); everything that touches the archive
(watch state, pipeline, store) stays on the calling thread: SQLite has one writer and stages load
their models once per process.
"""

from __future__ import annotations

import time
from collections import Counter
from collections.abc import Callable
from concurrent.futures import FIRST_COMPLETED, Future, ThreadPoolExecutor, wait
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from ..errors import InputError
from ..ingest import dedup
from ..ingest.runner import Summary, build_pipeline, ingest_item
from ..pipeline import Pipeline
from ..readers.single import from_bytes
from ..readers.sniff import PAGE_TYPES
from ..store import Store, StoreError
from .feedlist import FeedSpec, read_feed_list
from .fetch import Fetcher, Response
from .listing import Listing, ListingError, parse_listing
from .state import Backoff, PageTask, WatchState

HTML_TYPES = PAGE_TYPES


@dataclass
class WatchConfig:
    workers: int = 8  # threads fetching at once (each host is still bounded by FetchConfig.per_host)
    max_pages: int | None = 500  # pages fetched per round; the rest wait for the next round
    max_child_sitemaps: int = 20  # sitemaps followed per sitemap index, most recently modified first
    max_attempts: int = 5  # tries of a page across rounds before it is given up
    feed_backoff: Backoff = field(default_factory=lambda: Backoff(base=300.0))
    page_backoff: Backoff = field(default_factory=lambda: Backoff(base=600.0))
    since: str | None = None  # ignore links dated (published or modified) before this ISO date


@dataclass
class RoundReport:
    round: int = 0
    feeds_checked: int = 0
    feeds_not_modified: int = 0
    feeds_failed: int = 0
    feeds_waiting: int = 0  # in back-off, not asked this round
    links_new: int = 0
    pages_fetched: int = 0
    outcomes: Counter[str] = field(default_factory=Counter)  # stored | duplicate | rejected | unchanged
    page_errors: Counter[str] = field(default_factory=Counter)  # error kind -> count
    blocked: int = 0
    pages_left: int = 0  # due but over max_pages: next round
    errors: list[dict[str, Any]] = field(default_factory=list)
    elapsed: float = 0.0

    def to_dict(self) -> dict[str, Any]:
        return {
            "round": self.round, "feeds_checked": self.feeds_checked, "feeds_not_modified": self.feeds_not_modified,
            "feeds_failed": self.feeds_failed, "feeds_waiting": self.feeds_waiting, "links_new": self.links_new,
            "pages_fetched": self.pages_fetched, "stored": self.outcomes.get("stored", 0),
            "outcomes": dict(self.outcomes), "page_errors": dict(self.page_errors), "blocked": self.blocked,
            "pages_left": self.pages_left, "errors": self.errors, "elapsed_s": round(self.elapsed, 2),
        }

    def render(self) -> str:
        d = self.to_dict()
        line = (f"round {d['round']}: feeds {d['feeds_checked']} (not modified {d['feeds_not_modified']}, "
                f"failed {d['feeds_failed']}, waiting {d['feeds_waiting']})  new links {d['links_new']}  "
                f"fetched {d['pages_fetched']}  stored {d['stored']}")
        for key in ("duplicate", "rejected", "unchanged"):
            if self.outcomes.get(key):
                line += f"  {key} {self.outcomes[key]}"
        if self.page_errors:
            line += "  page errors " + ", ".join(f"{k} {v}" for k, v in self.page_errors.most_common())
        if self.blocked:
            line += f"  robots-blocked {self.blocked}"
        if self.pages_left:
            line += f"  left for next round {self.pages_left}"
        lines = [line + f"  ({d['elapsed_s']} s)"]
        lines += [f"  {e['scope']} {e['url']}: {e['kind']}: {e['message']}" for e in self.errors]
        return "\n".join(lines)


@dataclass
class _FeedCheck:
    """What a worker learnt about one feed (and, for a sitemap index, its children)."""

    url: str
    parent: str | None
    response: Response
    listing: Listing | None = None
    error_kind: str | None = None
    message: str = ""
    children: list[_FeedCheck] = field(default_factory=list)


class Watcher:
    """Runs rounds against one archive. Reuse it across rounds: connections, robots.txt and models stay warm."""

    def __init__(self, store: Store, fetcher: Fetcher, config: WatchConfig | None = None,
                 pipeline: Pipeline | None = None, clock: Callable[[], datetime] | None = None) -> None:
        self.store = store
        self.state = WatchState(store.conn)
        self.fetcher = fetcher
        self.config = config or WatchConfig()
        self.clock = clock or (lambda: datetime.now(UTC))
        self._pipeline = pipeline
        self._index: dedup.NearDuplicateIndex | None = None

    def attach(self, store: Store) -> None:
        """Work on `store` from now on (the watch reopens the archive each round, so that between rounds
        another writer, e.g. `marsad ingest`, can take it); near duplicates are then looked up in it."""
        self.store = store
        self.state = WatchState(store.conn)
        self._index = None

    @property
    def pipeline(self) -> Pipeline:
        if self._pipeline is None:
            self._pipeline = build_pipeline()
        return self._pipeline

    def run_round(self, feeds: list[FeedSpec]) -> RoundReport:
        started = time.monotonic()
        now = self.clock()
        self.state.sync_feeds(feeds, now)
        report = RoundReport(round=self.state.start_round(now))
        outlets = {f.url: f.outlet for f in feeds}
        due = self.state.due_feeds(now)
        report.feeds_waiting = len(feeds) - len(due)
        pool = ThreadPoolExecutor(max_workers=self.config.workers, thread_name_prefix="marsad-watch")
        try:
            checks = [(row, pool.submit(self._check_feed, row["url"], (row["etag"], row["last_modified"]),
                                        self.state.child_validators(row["url"]))) for row in due]
            for row, future in checks:
                self._record_feed(future.result(), outlets.get(row["url"]), report)
            self._fetch_pages(pool, report)
        except BaseException:
            # Ctrl-C: drop the requests not started; what was recorded stays and the next run resumes.
            pool.shutdown(wait=False, cancel_futures=True)
            raise
        pool.shutdown()
        report.elapsed = time.monotonic() - started
        self.state.finish_round(report.round, self.clock(), report.to_dict())
        return report

    # ---- feeds ------------------------------------------------------------------------------------

    def _check_feed(self, url: str, validators: tuple[str | None, str | None],
                    children: dict[str, tuple[str | None, str | None]], parent: str | None = None) -> _FeedCheck:
        """Worker side: fetch (conditionally) and parse; no database access here."""
        response = self.fetcher.get(url, _conditional(*validators))
        check = _FeedCheck(url, parent, response)
        if not response.ok:
            check.error_kind, check.message = response.error, response.message
            return check
        if response.not_modified:
            if parent is None:  # an unchanged index may still list changed sitemaps (the news one above all)
                for child_url in list(children)[: self.config.max_child_sitemaps]:
                    check.children.append(self._check_feed(child_url, children[child_url], {}, url))
            return check
        try:
            check.listing = parse_listing(response.content, response.final_url)
        except ListingError as err:
            check.error_kind, check.message = "parse-error", str(err.args[0])
            return check
        if check.listing.kind == "sitemap-index" and parent is None:
            # Follow the most recently changed sitemaps of the index (news sitemaps are small and fresh).
            ordered = sorted(check.listing.sitemaps, key=lambda s: s.modified or "", reverse=True)
            for child in ordered[: self.config.max_child_sitemaps]:
                check.children.append(self._check_feed(child.url, children.get(child.url, (None, None)), {}, url))
        return check

    def _record_feed(self, check: _FeedCheck, outlet: str | None, report: RoundReport) -> None:
        now = self.clock()
        report.feeds_checked += 1 if check.parent is None else 0
        response = check.response
        if check.error_kind:
            if check.parent is None:
                report.feeds_failed += 1
            self.state.feed_failed(check.url, now, kind=check.error_kind, status=response.status,
                                   message=check.message, backoff=self.config.feed_backoff, round_id=report.round,
                                   parent=check.parent, retry_after=response.retry_after)
            report.errors.append({"scope": "feed", "url": check.url, "kind": check.error_kind,
                                  "status": response.status, "message": check.message})
            return
        kind = check.listing.kind if check.listing else None
        self.state.feed_ok(check.url, now, status=response.status or 0, kind=kind,
                           etag=response.headers.get("etag"), last_modified=response.headers.get("last-modified"),
                           parent=check.parent)
        if response.not_modified and check.parent is None:
            report.feeds_not_modified += 1
        if check.listing:
            via = "sitemap" if "sitemap" in check.listing.kind or check.listing.kind == "url-list" else "feed"
            owner = check.parent or check.url  # articles count for the feed the user listed
            report.links_new += self.state.add_links(owner, check.listing.links, via, now, outlet,
                                                     since=self.config.since)
        for child in check.children:
            self._record_feed(child, outlet, report)
        if check.listing and check.listing.kind == "sitemap-index":
            # Sitemaps the index no longer lists (last month's archive…) are not asked again.
            self.state.set_children(check.url, [child.url for child in check.children])

    # ---- pages ------------------------------------------------------------------------------------

    def _fetch_pages(self, pool: ThreadPoolExecutor, report: RoundReport) -> None:
        limit = self.config.max_pages
        tasks = self.state.due_pages(self.clock(), None if limit is None else limit + 1)
        if limit is not None and len(tasks) > limit:
            tasks = tasks[:limit]
            report.pages_left = len(self.state.due_pages(self.clock(), None)) - limit
        # A sliding window of requests: fetched pages wait for the (slower, single-threaded) pipeline in
        # memory, so at most `window` of them are held at once.
        window = self.config.workers * 2
        running: dict[Future[Response], PageTask] = {}
        queue = iter(tasks)
        while True:
            for task in queue:
                running[pool.submit(self.fetcher.get, task.url)] = task
                if len(running) >= window:
                    break
            if not running:
                return
            finished, _ = wait(running, return_when=FIRST_COMPLETED)
            for future in finished:
                self._record_page(running.pop(future), future.result(), report)

    def _record_page(self, task: PageTask, response: Response, report: RoundReport) -> None:
        now = self.clock()
        if response.ok and response.status in (200, 203):
            ctype = response.headers.get("content-type", "")
            if ctype and not HTML_TYPES.match(ctype):
                response.error, response.message = "not-html", f"content type {ctype.split(';')[0]}"
        elif response.ok:  # a 304 or 204 for a page we never asked conditionally: nothing to read
            response.error, response.message = "http-status", f"HTTP {response.status} without a page"
        if response.error:
            state = self.state.page_failed(task, now, kind=response.error, status=response.status,
                                           message=response.message, transient=response.transient,
                                           backoff=self.config.page_backoff, max_attempts=self.config.max_attempts,
                                           round_id=report.round, retry_after=response.retry_after)
            if state == "blocked":
                report.blocked += 1
            else:
                report.pages_fetched += 1
                report.page_errors[response.error] += 1
                report.errors.append({"scope": "page", "url": task.url, "kind": response.error,
                                      "status": response.status, "message": response.message, "state": state})
            return
        report.pages_fetched += 1
        outcome = self._ingest(task, response)
        report.outcomes[outcome] += 1
        self.state.page_done(task.url, now, outcome, response.status)

    def _ingest(self, task: PageTask, response: Response) -> str:
        """Through the same path as `marsad ingest` (pipeline, dedup, store, rejects): the outcome."""
        item = from_bytes(response.content, task.url, content_type=response.headers.get("content-type", ""),
                          url=task.url, path=task.url)
        item.kind, item.title, item.published, item.outlet = task.via, task.title, task.published, task.outlet
        if self._index is None:
            self._index = dedup.NearDuplicateIndex(self.store, dedup.NEAR_DUPLICATE_THRESHOLD)
        return ingest_item(item, self.store, self.pipeline, self._index, Summary())


def _conditional(etag: str | None, last_modified: str | None) -> dict[str, str]:
    headers = {}
    if etag:
        headers["If-None-Match"] = etag
    if last_modified:
        headers["If-Modified-Since"] = last_modified
    return headers


def watch_loop(watcher: Watcher, feeds_path: str, every: float, *, rounds: int | None = None,
               on_round: Callable[[RoundReport], None] | None = None,
               on_problem: Callable[[str], None] | None = None, sleep: Callable[[float], None] = time.sleep,
               open_store: Callable[[], Store] | None = None) -> int:
    """Run `rounds` rounds (None: until interrupted), one every `every` seconds (start to start).

    Returns how many rounds ran (a round skipped because the archive was busy does not count).

    The feeds file is read again before each round, so edits apply without a restart; a file that turns
    bad keeps the last good list (and says so) instead of stopping the watch. With `open_store`, the
    archive is opened for each round and closed after it: the writer's lock is free between rounds,
    and a round that finds it taken is skipped (and said so), not fatal.
    """
    feeds: list[FeedSpec] | None = None
    done = ran = 0
    while rounds is None or done < rounds:
        started = time.monotonic()
        try:
            feeds = read_feed_list(feeds_path)
        except InputError as err:
            if feeds is None:
                raise
            if on_problem:
                on_problem(f"{err} (keeping the previous list of {len(feeds)} feeds)")
        report = _round(watcher, feeds, open_store, on_problem)
        done += 1
        if report:
            ran += 1
            if on_round:
                on_round(report)
        if rounds is not None and done >= rounds:
            break
        sleep(max(0.0, every - (time.monotonic() - started)))
    return ran


def _round(watcher: Watcher, feeds: list[FeedSpec], open_store: Callable[[], Store] | None,
           on_problem: Callable[[str], None] | None) -> RoundReport | None:
    if open_store is None:
        return watcher.run_round(feeds)
    try:
        store = open_store()
    except StoreError as err:
        if on_problem:
            on_problem(f"{err} (round skipped; trying again next round)")
        return None
    with store:
        watcher.attach(store)
        return watcher.run_round(feeds)

"""A polite HTTP fetcher: one httpx client (connections reused), robots.txt, per-host pacing and limits.

Every request goes through `Fetcher.get`, which
- asks robots.txt first (RFC 9309: a 4xx robots.txt allows everything, an unreachable one or a 5xx
  forbids everything for a while) and never sends a disallowed request, redirects included;
- waits for the host's slot: at most `per_host` requests at once and `host_delay` seconds between two
  request starts (or the site's Crawl-delay, when larger, up to `max_crawl_delay`);
- stops reading at `max_bytes` and after `timeout` seconds in all (httpx's own timeouts are per read);
- retries timeouts, connection errors, 5xx, 408 and 429 `retries` times with a doubling wait.
Failures come back as a `Response` with an `error` kind, never as an exception: a watch round goes on.
"""

from __future__ import annotations

import threading
import time
import urllib.robotparser
from dataclasses import dataclass, field
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from urllib.parse import urljoin, urlsplit

import httpx

from .. import __version__

USER_AGENT = f"marsad/{__version__} (+https://github.com/marsad)"
ROBOTS_AGENT = "marsad"  # the token robots.txt groups are matched against
REDIRECTS = (301, 302, 303, 307, 308)

# Error kinds a Response can carry.
TIMEOUT, CONNECTION, HTTP_STATUS, TOO_LARGE, ROBOTS, REDIRECT_LOOP, BAD_URL = (
    "timeout", "connection", "http-status", "too-large", "robots", "redirects", "bad-url")


@dataclass
class FetchConfig:
    timeout: float = 20.0  # seconds for a whole request, body included
    max_bytes: int = 5 * 1024 * 1024  # news pages are < 1 MB; sitemaps may be larger (50 MB is the spec's cap)
    host_delay: float = 1.0  # seconds between two requests to one host
    per_host: int = 2  # requests to one host at once
    retries: int = 2  # extra tries in the same round for a transient failure
    retry_wait: float = 2.0  # seconds before the first retry; doubles each time
    max_redirects: int = 5
    robots_ttl: float = 3600.0  # how long a robots.txt is trusted
    robots_unreachable_ttl: float = 300.0  # how long an unreachable robots.txt blocks a host
    max_crawl_delay: float = 30.0  # a larger Crawl-delay is capped (it would stall the round)
    user_agent: str = USER_AGENT


@dataclass
class Response:
    url: str  # the URL asked for
    final_url: str  # after redirects
    status: int | None = None
    headers: dict[str, str] = field(default_factory=dict)  # lower-cased names
    content: bytes = b""
    error: str | None = None  # one of the kinds above, None when the request succeeded (2xx or 304)
    message: str = ""
    attempts: int = 0

    @property
    def ok(self) -> bool:
        return self.error is None

    @property
    def not_modified(self) -> bool:
        return self.status == 304

    @property
    def retry_after(self) -> float | None:
        """Seconds the server asks us to wait (Retry-After: seconds or an HTTP date), if it says."""
        value = self.headers.get("retry-after", "").strip()
        if not value:
            return None
        if value.isdigit():
            return float(value)
        try:
            when = parsedate_to_datetime(value)
        except (TypeError, ValueError, IndexError):
            return None
        if when.tzinfo is None:
            when = when.replace(tzinfo=UTC)
        return max(0.0, (when - datetime.now(UTC)).total_seconds())

    @property
    def transient(self) -> bool:
        """Worth trying again later: the server or the network may recover."""
        if self.error in (TIMEOUT, CONNECTION):
            return True
        return self.error == HTTP_STATUS and self.status is not None and (self.status >= 500
                                                                          or self.status in (408, 429))


class _Host:
    def __init__(self, per_host: int) -> None:
        self.slots = threading.BoundedSemaphore(per_host)
        self.lock = threading.Lock()
        self.next_start = 0.0
        self.delay: float | None = None  # from robots.txt Crawl-delay


@dataclass
class _Robots:
    parser: urllib.robotparser.RobotFileParser | None  # None: allow everything
    allow_all: bool
    expires: float


class Fetcher:
    """Thread-safe: one instance serves every worker of a round (and every round of a watch)."""

    def __init__(self, config: FetchConfig | None = None, transport: httpx.BaseTransport | None = None) -> None:
        self.config = config or FetchConfig()
        self.client = httpx.Client(
            headers={"User-Agent": self.config.user_agent, "Accept-Language": "ar,en;q=0.5"},
            timeout=httpx.Timeout(self.config.timeout), follow_redirects=False, transport=transport,
            limits=httpx.Limits(max_connections=64, max_keepalive_connections=16),
        )
        self._hosts: dict[str, _Host] = {}
        self._robots: dict[str, _Robots] = {}
        self._robots_locks: dict[str, threading.Lock] = {}
        self._lock = threading.Lock()

    def close(self) -> None:
        self.client.close()

    def __enter__(self) -> Fetcher:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # ---- public -----------------------------------------------------------------------------------

    def get(self, url: str, headers: dict[str, str] | None = None) -> Response:
        """GET `url` politely; conditional headers (If-None-Match…) pass through `headers`."""
        attempts = 0
        wait = self.config.retry_wait
        while True:
            attempts += 1
            response = self._get_following(url, headers or {})
            response.attempts = attempts
            if not response.transient or attempts > self.config.retries:
                return response
            asked = response.retry_after or 0.0
            if asked > self.config.max_crawl_delay:  # a long wait is for the next rounds (back-off), not now
                return response
            time.sleep(max(wait, asked))
            wait *= 2

    def allowed(self, url: str) -> bool:
        """Whether robots.txt lets marsad fetch `url` (fetching and caching the robots.txt as needed)."""
        return self.refusal(url) is None

    def refusal(self, url: str) -> str | None:
        """Why robots.txt forbids `url`, or None when it may be fetched."""
        robots = self._robots_for(_origin(url))
        if robots.allow_all:
            return None
        if robots.parser is None:
            return "robots.txt unreachable (RFC 9309: the site counts as disallowed until it answers)"
        return None if robots.parser.can_fetch(ROBOTS_AGENT, url) else f"robots.txt disallows {url}"

    # ---- internals --------------------------------------------------------------------------------

    def _get_following(self, url: str, headers: dict[str, str]) -> Response:
        current = url
        for _ in range(self.config.max_redirects + 1):
            try:
                refusal = self.refusal(current)
                if refusal:
                    return Response(url, current, error=ROBOTS, message=refusal)
            except ValueError as err:
                return Response(url, current, error=BAD_URL, message=str(err))
            response = self._request(current, headers)
            response.url = url
            if response.status in REDIRECTS:
                if "location" not in response.headers:
                    response.error, response.message = HTTP_STATUS, f"HTTP {response.status} without a Location"
                    return response
                current = urljoin(current, response.headers["location"])
                continue
            return response
        return Response(url, current, error=REDIRECT_LOOP, message=f"more than {self.config.max_redirects} redirects")

    def _request(self, url: str, headers: dict[str, str]) -> Response:
        """One request, paced for its host; no robots check, no redirects, no retries."""
        try:
            host = self._host(urlsplit(url).netloc.lower())
        except ValueError as err:
            return Response(url, url, error=BAD_URL, message=str(err))
        with host.slots:
            self._wait_turn(host)
            return self._send(url, headers)

    def _send(self, url: str, headers: dict[str, str]) -> Response:
        cfg = self.config
        deadline = time.monotonic() + cfg.timeout
        out = Response(url, url)
        try:
            with self.client.stream("GET", url, headers=headers) as r:
                out.status = r.status_code
                out.headers = {k.lower(): v for k, v in r.headers.items()}
                declared = out.headers.get("content-length", "")
                if declared.isdigit() and int(declared) > cfg.max_bytes:
                    out.error, out.message = TOO_LARGE, f"{declared} bytes (limit {cfg.max_bytes})"
                    return out
                body = bytearray()
                for chunk in r.iter_bytes():
                    body += chunk
                    if len(body) > cfg.max_bytes:
                        out.error, out.message = TOO_LARGE, f"more than {cfg.max_bytes} bytes"
                        return out
                    if time.monotonic() > deadline:
                        out.error, out.message = TIMEOUT, f"body not read within {cfg.timeout:g} s"
                        return out
                out.content = bytes(body)
        except httpx.TimeoutException as err:
            out.error, out.message = TIMEOUT, f"no answer within {cfg.timeout:g} s ({type(err).__name__})"
            return out
        except (httpx.InvalidURL, httpx.UnsupportedProtocol) as err:
            out.error, out.message = BAD_URL, str(err)
            return out
        except (httpx.TransportError, httpx.DecodingError) as err:
            out.error, out.message = CONNECTION, f"{type(err).__name__}: {err}"
            return out
        if not (200 <= out.status < 300 or out.status == 304 or out.status in REDIRECTS):
            out.error, out.message = HTTP_STATUS, f"HTTP {out.status}"
        return out

    def _host(self, netloc: str) -> _Host:
        if not netloc:
            raise ValueError("URL without a host")
        with self._lock:
            if netloc not in self._hosts:
                self._hosts[netloc] = _Host(self.config.per_host)
            return self._hosts[netloc]

    def _wait_turn(self, host: _Host) -> None:
        delay = max(self.config.host_delay, host.delay or 0.0)
        # Starts to one host are serial anyway (spaced by the delay): sleep holding the host's lock, and
        # count the next delay from the real start, so a thread that woke late does not shorten the gap.
        with host.lock:
            wait = host.next_start - time.monotonic()
            if wait > 0:
                time.sleep(wait)
            host.next_start = time.monotonic() + delay

    def _robots_for(self, origin: str) -> _Robots:
        with self._lock:
            lock = self._robots_locks.setdefault(origin, threading.Lock())
        with lock:  # one fetch of a robots.txt even when many workers ask at once
            cached = self._robots.get(origin)
            if cached and cached.expires > time.monotonic():
                return cached
            robots = self._fetch_robots(origin)
            self._robots[origin] = robots
            return robots

    def _fetch_robots(self, origin: str) -> _Robots:
        cfg = self.config
        url = origin + "/robots.txt"
        response = Response(url, url)
        for _ in range(cfg.max_redirects + 1):  # robots.txt may redirect (http -> https); no robots check here
            response = self._request(url, {})
            if response.status in REDIRECTS and "location" in response.headers:
                url = urljoin(url, response.headers["location"])
                continue
            break
        now = time.monotonic()
        if response.error is None and response.status == 200:
            parser = urllib.robotparser.RobotFileParser(url)
            parser.parse(response.content.decode("utf-8", errors="replace").splitlines())
            delay = parser.crawl_delay(ROBOTS_AGENT)
            if delay:
                self._host(urlsplit(origin).netloc.lower()).delay = min(float(delay), cfg.max_crawl_delay)
            return _Robots(parser, allow_all=False, expires=now + cfg.robots_ttl)
        if response.status is not None and 400 <= response.status < 500:
            return _Robots(None, allow_all=True, expires=now + cfg.robots_ttl)
        # Unreachable or a server error: RFC 9309 says assume complete disallow; try again soon.
        return _Robots(None, allow_all=False, expires=now + cfg.robots_unreachable_ttl)


def _origin(url: str) -> str:
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise ValueError(f"not an http(s) URL: {url!r}")
    return f"{parts.scheme}://{parts.netloc.lower()}"

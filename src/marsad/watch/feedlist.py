"""The feeds file: one feed or sitemap URL a line, an optional outlet name after it, `#` comments."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from ..errors import InputError

# Query parameters that only track the click: two links that differ in them are the same article.
TRACKING_PARAMS = ("utm_", "fbclid", "gclid", "mc_cid", "mc_eid", "ocid", "at_medium", "at_campaign")


@dataclass(frozen=True)
class FeedSpec:
    url: str
    outlet: str | None = None
    line: int = 0


def normalize_url(url: str) -> str:
    """The key of a page: scheme and host lower-cased, default port, fragment and tracking parameters dropped."""
    parts = urlsplit(url.strip())
    scheme = parts.scheme.lower()
    host = (parts.hostname or "").lower()
    port = parts.port
    netloc = host if port is None or (scheme, port) in (("http", 80), ("https", 443)) else f"{host}:{port}"
    if parts.username:
        netloc = f"{parts.username}@{netloc}"
    query = [(k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True)
             if not k.lower().startswith(TRACKING_PARAMS)]
    return urlunsplit((scheme, netloc, parts.path or "/", urlencode(query), ""))


def check_url(url: str, source: str) -> str:
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise InputError(f"not an http(s) URL: {url!r}", source=source, reason="bad-feed-list")
    return url


def parse_feed_list(text: str, source: str = "feeds") -> list[FeedSpec]:
    specs: list[FeedSpec] = []
    seen: set[str] = set()
    for n, raw in enumerate(text.splitlines(), 1):
        line = raw.split(" #", 1)[0].strip() if not raw.lstrip().startswith("#") else ""
        if not line:
            continue
        url, *rest = line.split(None, 1)
        outlet = rest[0] if rest else ""
        url = check_url(url, f"{source}:{n}")
        key = normalize_url(url)
        if key in seen:
            continue
        seen.add(key)
        specs.append(FeedSpec(url=url, outlet=outlet.strip() or None, line=n))
    if not specs:
        raise InputError("no feed or sitemap URL in the file (one URL a line, then an optional outlet name)",
                         source=source, reason="bad-feed-list")
    return specs


def read_feed_list(path: str | Path) -> list[FeedSpec]:
    path = Path(path)
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise InputError("no such file", source=str(path), reason="missing") from None
    except OSError as err:
        raise InputError(f"cannot read ({err.strerror})", source=str(path), reason="unreadable") from None
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise InputError("the feeds file must be UTF-8 text", source=str(path), reason="broken-encoding") from None
    return parse_feed_list(text, str(path))

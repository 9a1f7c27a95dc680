"""Article links out of an RSS/Atom feed, a sitemap, a news sitemap or a sitemap index.

Feeds go through feedparser (lenient, as real feeds need); sitemaps through lxml with entities and
network access off. A publication date keeps the publisher's local calendar day: "Mon, 13 Oct 2025
00:30 +0300" is the 13th, though it is the 12th in UTC. A plain sitemap's <lastmod> is when the page
last changed, not when it was published, so it is kept apart (`modified`) and never used as the date.
"""

from __future__ import annotations

import gzip
import io
import re
from dataclasses import dataclass, field
from datetime import datetime
from email.utils import parsedate_to_datetime
from typing import Any
from urllib.parse import urljoin

from .. import config
from ..errors import InputError
from ..io import iso_day

SITEMAP_NS = "http://www.sitemaps.org/schemas/sitemap/0.9"
NEWS_NS = "http://www.google.com/schemas/sitemap-news/0.9"
MAX_UNZIPPED = config.MAX_SITEMAP_UNZIPPED_BYTES  # (marsad.config: the limits in one place)


class ListingError(InputError):
    """A feed or sitemap that cannot be read."""

    code = "E110"

    def __init__(self, message: str, *, source: str | None = None) -> None:
        super().__init__(message, source=source, reason="parse-error")


@dataclass
class Link:
    url: str
    title: str | None = None
    published: str | None = None  # ISO date, the publisher's calendar day
    modified: str | None = None  # ISO date of <lastmod> / <updated>, for --since only
    outlet: str | None = None  # news sitemap's publication name


@dataclass
class Listing:
    kind: str  # rss | atom | feed | sitemap | news-sitemap | sitemap-index | url-list
    title: str | None = None
    links: list[Link] = field(default_factory=list)
    sitemaps: list[Link] = field(default_factory=list)  # children of a sitemap index


_ROOT_TAG = re.compile(rb"<(?!\?|!)([A-Za-z_][\w.:-]*)")


def parse_listing(data: bytes, url: str) -> Listing:
    """The links a feed or sitemap lists; ListingError when it is neither or is broken beyond repair."""
    if data[:2] == b"\x1f\x8b":
        data = _gunzip(data, url)
    head = data[:4096].lstrip(b"\xef\xbb\xbf \t\r\n")
    if not head:
        raise ListingError("empty response", source=url)
    root = _root_name(head)
    if root in ("urlset", "sitemapindex"):
        return parse_sitemap(data, url)
    if root == "html":  # an error or login page served with 200
        raise ListingError("an HTML page, neither an RSS/Atom feed nor a sitemap", source=url)
    if root is None and head.lower().startswith((b"http://", b"https://")):
        return _url_list(data, url)
    return parse_feed(data, url)


def parse_feed(data: bytes, url: str) -> Listing:
    import feedparser

    feed = feedparser.parse(data, response_headers={"content-location": url})
    if not feed.entries:
        if feed.get("bozo"):
            raise ListingError(f"malformed feed: {feed.get('bozo_exception')}", source=url)
        if not feed.get("version"):
            raise ListingError("neither an RSS/Atom feed nor a sitemap", source=url)
    kind = "atom" if str(feed.get("version", "")).startswith("atom") else "rss" if feed.get("version") else "feed"
    listing = Listing(kind=kind, title=feed.feed.get("title"))
    for entry in feed.entries:
        link = entry.get("link") or (entry.get("id") if entry.get("guidislink") else None)
        if not link:
            continue
        listing.links.append(Link(
            url=urljoin(url, link.strip()), title=_clean(entry.get("title")),
            published=_entry_date(entry, "published") or _entry_date(entry, "updated"),
            modified=_entry_date(entry, "updated"),
        ))
    return listing


def parse_sitemap(data: bytes, url: str) -> Listing:
    from lxml import etree

    parser = etree.XMLParser(resolve_entities=False, no_network=True, recover=False, huge_tree=False)
    try:
        root = etree.fromstring(data, parser)
    except etree.XMLSyntaxError as err:
        raise ListingError(f"malformed sitemap: {err}", source=url) from None
    name = etree.QName(root).localname
    if name == "sitemapindex":
        listing = Listing(kind="sitemap-index")
        for node in root:
            if _local(node) == "sitemap":
                loc = _child_text(node, "loc")
                if loc:
                    listing.sitemaps.append(Link(urljoin(url, loc), modified=iso_day(_child_text(node, "lastmod"))))
        return listing
    listing = Listing(kind="sitemap")
    for node in root:
        if _local(node) != "url":
            continue
        loc = _child_text(node, "loc")
        if not loc:
            continue
        link = Link(urljoin(url, loc), modified=iso_day(_child_text(node, "lastmod")))
        news = node.find(f"{{{NEWS_NS}}}news")
        if news is not None:
            listing.kind = "news-sitemap"
            link.title = _clean(news.findtext(f"{{{NEWS_NS}}}title"))
            link.published = iso_day(news.findtext(f"{{{NEWS_NS}}}publication_date"))
            link.outlet = _clean(news.findtext(f"{{{NEWS_NS}}}publication/{{{NEWS_NS}}}name"))
        listing.links.append(link)
    return listing


def _url_list(data: bytes, url: str) -> Listing:
    """A text sitemap: one URL a line (the sitemap protocol allows it)."""
    text = data.decode("utf-8", errors="replace")
    links = [Link(line.strip()) for line in text.splitlines() if line.strip().startswith(("http://", "https://"))]
    return Listing(kind="url-list", links=links)


def _gunzip(data: bytes, url: str) -> bytes:
    try:
        with gzip.GzipFile(fileobj=io.BytesIO(data)) as fh:
            out = fh.read(MAX_UNZIPPED + 1)
    except (OSError, EOFError) as err:
        raise ListingError(f"broken gzip ({err})", source=url) from None
    if len(out) > MAX_UNZIPPED:
        raise ListingError(f"larger than {MAX_UNZIPPED} bytes once unzipped", source=url)
    return out


def _root_name(head: bytes) -> str | None:
    # Skip the XML declaration, comments and doctype; the first element's local name decides.
    text = re.sub(rb"<!--.*?-->", b"", head, flags=re.S).lstrip()
    m = _ROOT_TAG.search(text) if text.startswith(b"<") else None
    return m.group(1).decode("ascii", errors="replace").rsplit(":", 1)[-1].lower() if m else None


def _local(node: Any) -> str:
    tag = node.tag
    return tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""


def _child_text(node: Any, name: str) -> str | None:
    for child in node:
        if _local(child) == name:
            return (child.text or "").strip() or None
    return None


def _clean(value: Any) -> str | None:
    text = " ".join(str(value).split()) if value else ""
    return text or None


def _entry_date(entry: Any, name: str) -> str | None:
    # dict.get: feedparser's own get() maps a missing `updated` to `published`, with a warning.
    raw = dict.get(entry, name)
    if raw:
        day = iso_day(raw)
        if day:
            return day
        try:
            return parsedate_to_datetime(raw).date().isoformat()  # RFC 822, the publisher's own offset
        except (TypeError, ValueError, IndexError):
            pass
    parsed = dict.get(entry, f"{name}_parsed")  # feedparser's UTC reading of odd formats
    if parsed:
        try:
            return datetime(*parsed[:3]).date().isoformat()
        except (TypeError, ValueError):
            return None
    return None

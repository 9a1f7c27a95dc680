"""An HTML page's main text and metadata, from the libraries made for it.

The main text, title, author, site name and categories come from trafilatura (which reads JSON-LD, Open
Graph and meta tags); the publication day from the page's own statements, in this order:

1. JSON-LD `datePublished` (the publisher's structured record)      -> method "metadata:json-ld"
2. publication-date markup: <meta property="article:published_time">, itemprop="datePublished",
   RDFa/Dublin Core dc:date on any element (content= or datetime=)   -> "metadata:markup"
3. the day the page's own address names (/2013/08/03/, /2013/news/8/3/, /20130803/) -> "metadata:url"
4. htmldate with the URL, original date preferred, quick search     -> "metadata:htmldate"
5. htmldate's extensive search (the text's dates), except a bare 1 January (htmldate's stand-in for a
   year alone, e.g. "© 2013")                                          -> "metadata:htmldate"

Every day found is kept as a candidate with its source, so a reader sees what the page said.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from ..io import iso_day

# Keys of <meta> (property/name/itemprop) that state the publication (not modification) time.
PUBLISHED_KEYS = frozenset({
    "article:published_time", "og:published_time", "og:article:published_time", "datepublished", "pubdate",
    "publishdate", "publish-date", "publish_date", "publication_date", "date", "dc.date", "dc.date.issued",
    "dc.date.created", "dcterms.created", "dcterms.issued", "dc:date", "dc:created", "dcterms:created",
    "dcterms:issued", "sailthru.date", "parsely-pub-date", "original-publish-date", "article.published",
    "cxenseparse:recs:publishtime", "release_date",
})
SECTION_KEYS = frozenset({"article:section", "og:article:section", "section", "articlesection"})
AUTHOR_KEYS = frozenset({"author", "article:author", "dc.creator", "byl", "sailthru.author"})

_JSON_LD = re.compile(r"<script[^>]+type\s*=\s*[\"']?application/ld\+json[^>]*>(.*?)</script>", re.I | re.S)
_TAG_WITH_KEY = re.compile(r"<[a-z][a-z0-9]*\s[^>]*?\b(?:property|name|itemprop)\s*=\s*[^>]*>", re.I)
_ATTR = re.compile(r"([a-z_:.-]+)\s*=\s*(?:\"([^\"]*)\"|'([^']*)'|([^\s>]+))", re.I)
# A day in a page's address: /2013/08/03/, /2013-08-03, /20130803, and a year then a section then month
# and day as numbers (/2013/middle_east/8/3/). Only the address's path, never the host.
_URL_DAY = (
    re.compile(r"(?<![\d])((?:19|20)\d\d)([/_-])(0?[1-9]|1[0-2])\2(0?[1-9]|[12]\d|3[01])(?![\d])"),
    re.compile(r"(?<![\d])((?:19|20)\d\d)(0[1-9]|1[0-2])(0[1-9]|[12]\d|3[01])(?![\d])"),
    re.compile(r"/((?:19|20)\d\d)/[a-z_-]{2,30}/(0?[1-9]|1[0-2])/(0?[1-9]|[12]\d|3[01])/", re.I),
)


@dataclass
class PageMeta:
    """What a page says about itself."""

    text: str = ""
    title: str | None = None
    author: str | None = None
    section: str | None = None
    site: str | None = None
    url: str | None = None
    published: str | None = None  # ISO day
    method: str = "none"  # metadata:json-ld | metadata:markup | metadata:url | metadata:htmldate | none
    candidates: list[tuple[str, str]] = field(default_factory=list)  # (day, where it was found), in order

    def evidence(self) -> list[str]:
        return [f"{source}: {day}" for day, source in self.candidates]


def page_metadata(html: str, url: str | None = None, *, with_text: bool = True) -> PageMeta:
    """Main text (when `with_text`) and metadata of an HTML page; `url`: its address when known."""
    meta = PageMeta(url=url)
    data: dict[str, Any] = {}
    if with_text:
        meta.text, data = _trafilatura(html, url)
    markup = _markup(html)
    meta.title = _clean(data.get("title")) or markup.get("title")
    meta.author = _clean(data.get("author")) or markup.get("author")
    categories = data.get("categories") or []
    meta.section = markup.get("section") or (_clean(categories[0]) if categories else None)
    meta.site = _clean(data.get("sitename"))
    meta.url = url or _clean(data.get("url"))
    # trafilatura ran htmldate already (quick search, original date, the URL): its day is htmldate's
    meta.candidates = publication_candidates(html, meta.url, markup,
                                             quick=iso_day(data.get("date")) if with_text else None)
    if meta.candidates:
        meta.published, source = meta.candidates[0]
        meta.method = "metadata:" + source.split(" ", 1)[0]
    return meta


def publication_candidates(html: str, url: str | None, markup: dict[str, Any] | None = None, *,
                           quick: str | None = None) -> list[tuple[str, str]]:
    """Every publication day the page states, best first, each once: (day, source)."""
    found: list[tuple[str, str]] = []

    def add(day: str | None, source: str) -> None:
        if day and all(day != d for d, _ in found):
            found.append((day, source))

    markup = _markup(html) if markup is None else markup
    add(_json_ld_day(html), "json-ld datePublished")
    for key, day in markup.get("dates", []):
        add(day, f"markup {key}")
    add(url_day(url), "url")
    add(quick or _htmldate(html, url, extensive=False), "htmldate")
    if not found:
        wide = _htmldate(html, url, extensive=True)
        if wide and not wide.endswith("-01-01"):
            add(wide, "htmldate (extensive search)")
    today = date.today().isoformat()
    return [(d, s) for d, s in found if d <= today]


def url_day(url: str | None) -> str | None:
    """The day a page's address names, or None."""
    if not url:
        return None
    path = "/" + url.split("://", 1)[-1].partition("/")[2]
    for pattern in _URL_DAY:
        m = pattern.search(path)
        if m:
            y, mo, d = (g for g in m.groups() if g and g not in "/_-")
            try:
                return date(int(y), int(mo), int(d)).isoformat()
            except ValueError:
                continue
    return None


def _json_ld_day(html: str) -> str | None:
    for block in _JSON_LD.findall(html):
        try:
            data = json.loads(block.strip())
        except ValueError:
            continue
        for key in ("datePublished", "dateCreated"):
            day = _find_key(data, key)
            if day:
                return day
    return None


def _find_key(data: Any, key: str) -> str | None:
    if isinstance(data, dict):
        if isinstance(data.get(key), str) and iso_day(data[key]):
            return iso_day(data[key])
        values = list(data.values())
    elif isinstance(data, list):
        values = data
    else:
        return None
    for value in values:
        day = _find_key(value, key)
        if day:
            return day
    return None


def _markup(html: str) -> dict[str, Any]:
    """Publication days, section, author and title stated in tags' attributes (meta, RDFa, microdata)."""
    out: dict[str, Any] = {"dates": []}
    head = html[:300_000]  # metadata sits in the head or beside the article, never megabytes down
    for tag in _TAG_WITH_KEY.findall(head):
        attrs = {m[0].lower(): m[1] or m[2] or m[3] for m in _ATTR.findall(tag)}
        keys = {attrs.get(a, "").lower() for a in ("property", "name", "itemprop")} - {""}
        value = attrs.get("content") or attrs.get("datetime") or ""
        if not value:
            continue
        for key in keys:
            if key in PUBLISHED_KEYS and (day := iso_day(value)):
                out["dates"].append((key, day))
            elif key in SECTION_KEYS:
                out.setdefault("section", _clean(value))
            elif key in AUTHOR_KEYS and not value.startswith("http"):
                out.setdefault("author", _clean(value))
            elif key in ("og:title", "twitter:title"):
                out.setdefault("title", _clean(value))
    return out


def _htmldate(html: str, url: str | None, *, extensive: bool) -> str | None:
    try:
        from htmldate import find_date
    except ImportError:  # trafilatura's dependency; without it the page's other statements stand
        return None
    import logging  # (here: a text page needs none)

    logging.getLogger("htmldate").setLevel(logging.ERROR)
    try:
        found = find_date(html, url=url, original_date=True, extensive_search=extensive,
                          outputformat="%Y-%m-%d")
    except Exception:  # noqa: BLE001 - a parser's failure on a broken page is no date, not a crash
        return None
    return iso_day(found) if found else None


def _trafilatura(html: str, url: str | None) -> tuple[str, dict[str, Any]]:
    import trafilatura

    result = trafilatura.bare_extraction(
        html, url=url, with_metadata=True, include_comments=False, favor_precision=True,
        date_extraction_params={"extensive_search": False, "original_date": True},
    )
    if result is None:
        return "", {}
    data = result.as_dict() if hasattr(result, "as_dict") else dict(result)
    return data.get("text") or "", data


def _clean(value: Any) -> str | None:
    if not isinstance(value, str):
        return None
    value = " ".join(value.split())
    return value or None


def html_to_text(html: str, url: str | None) -> tuple[str, dict[str, Any]]:
    """Main text and metadata of an HTML page (or feed item): (text, {title, url, sitename, date, …})."""
    meta = page_metadata(html, url)
    return meta.text, {"title": meta.title, "url": meta.url, "sitename": meta.site, "date": meta.published,
                       "author": meta.author, "section": meta.section, "method": meta.method,
                       "candidates": meta.candidates}

"""What kind of input some bytes are: the one rule every reader (files, stdin, HTTP, pasted text) applies.

A declared type (an HTTP Content-Type, else the file's extension) says which family an input belongs to;
for the two families a person mixes up — a page saved as .txt, a text dump named .html, a server that
says text/plain for a page — the bytes decide: HTML is what starts with markup (a doctype, <html>, a
comment or a known tag), everything else is text.
"""

from __future__ import annotations

import contextlib
import io
import re
from pathlib import PurePath

KINDS = ("text", "html", "warc", "feed", "jsonl")
EXTENSIONS = {
    ".txt": "text", ".text": "text",
    ".html": "html", ".htm": "html", ".xhtml": "html", ".shtml": "html",
    ".warc": "warc", ".arc": "warc",
    ".rss": "feed", ".atom": "feed", ".xml": "feed",
    ".jsonl": "jsonl", ".ndjson": "jsonl", ".json": "jsonl",
}
# Content types of a page (an HTTP response, a WARC record); others (images, scripts) are no article.
PAGE_TYPES = re.compile(r"\s*(text/html|application/xhtml\+xml|text/plain)\b", re.I)

_BLANK = " \t\r\n\f\v\ufeff"
# The first tag of an HTML document or fragment: a doctype, a comment, or an element a page or a pasted
# snippet starts with. A text that merely starts with "<" ("<<عاجل>>", "< 5 %") is not HTML.
_HTML_START = re.compile(
    r"<(?:!doctype\s+html|!--|\?xml[^>]*>\s*(?:<!doctype\s+html|<html)|(?:html|head|body|meta|title|link|script|"
    r"style|div|p|article|section|main|header|span|h[1-6]|table|ul|ol|br|a|img|figure|form|iframe|noscript)"
    r"(?=[\s/>]))", re.I)


def looks_like_html(head: str | bytes) -> bool:
    """True when the text (or its first bytes) starts with HTML markup, after blanks and a BOM."""
    if isinstance(head, bytes):
        head = head[:4096].removeprefix(b"\xef\xbb\xbf").decode("latin-1")  # markup is ASCII: any byte view finds it
    return _HTML_START.match(head[:4096].lstrip(_BLANK)) is not None


def declared_kind(name: str | None = None, content_type: str | None = None) -> str | None:
    """The kind an input declares: its Content-Type (html | text | None for others), else its extension."""
    if content_type:
        ctype = content_type.lower()
        if "html" in ctype:
            return "html"
        if ctype.lstrip().startswith("text/plain"):
            return "text"
        if any(t in ctype for t in ("rss", "atom")):
            return "feed"
        if "warc" in ctype:
            return "warc"
        if "json" in ctype:
            return "jsonl"
    if name:
        suffixes = [s.lower() for s in PurePath(name).suffixes]
        if suffixes and suffixes[-1] == ".gz":
            suffixes = suffixes[:-1]
        if suffixes and suffixes[-1] in EXTENSIONS:
            return EXTENSIONS[suffixes[-1]]
    return None


def sniff_kind(head: bytes) -> str:
    """The kind the first bytes show (gzip looked through): warc, feed, html, jsonl or text."""
    if head[:2] == b"\x1f\x8b":
        import gzip  # (here and below: only for gzip bytes)

        with contextlib.suppress(OSError, EOFError):  # a truncated sample: sniff what we have
            head = gzip.GzipFile(fileobj=io.BytesIO(head)).read(512)
    start = head.lstrip(b"\xef\xbb\xbf \t\r\n")[:512].lower()
    if start.startswith(b"warc/"):
        return "warc"
    if start.startswith(b"<?xml") and (b"<rss" in start or b"<feed" in start) or start.startswith((b"<rss", b"<feed")):
        return "feed"
    if looks_like_html(head):
        return "html"
    if start.startswith(b"{") or start.startswith(b"["):
        return "jsonl"
    return "text"


def kind_of(head: bytes, name: str | None = None, content_type: str | None = None) -> str:
    """The one rule: a declared container (WARC, feed, JSON) is read as declared; a page or text is HTML
    when its bytes start with markup, whatever it was called; with nothing declared, the bytes decide."""
    declared = declared_kind(name, content_type)
    if declared in ("warc", "feed", "jsonl"):
        return declared
    if declared in ("html", "text"):
        return "html" if looks_like_html(_plain(head)) else "text"
    return sniff_kind(head)


def _plain(head: bytes) -> bytes:
    if head[:2] == b"\x1f\x8b":
        import gzip

        with contextlib.suppress(OSError, EOFError):
            return gzip.GzipFile(fileobj=io.BytesIO(head)).read(4096)
    if head[:2] in (b"\xff\xfe", b"\xfe\xff"):  # UTF-16: the markup is ASCII in every other byte
        with contextlib.suppress(UnicodeDecodeError):
            return head[:4096].decode("utf-16").encode("utf-8", "replace")
    return head

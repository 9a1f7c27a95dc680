"""One input from a file, standard input, an HTTP response or pasted text: what `marsad extract`, `watch`,
the web's /analyze and marsad.analyze() read. Collections (`marsad ingest`) go through readers.files,
which applies the same rule for HTML (readers.sniff), the same size and emptiness checks and the same
decoding (decode_document: BOM, UTF-8, the declared charset, the Arabic code pages, charset-normalizer)."""

from __future__ import annotations

import hashlib
import io
import json
import re
from pathlib import Path

from ..errors import InputError
from ..io import MAX_INPUT_BYTES, check_text, read_input_bytes
from .files import (
    InputItem,
    Mapping,
    decode_document,
    gunzip_bounded,
    json_record,
    make_mapping,
    read_feed,
    read_jsonl,
    warc_items,
)
from .sniff import kind_of, looks_like_html

STDIN = "-"


def read_one(path: str, *, record: int | None = None, line: int | None = None, mapping: Mapping | None = None,
             url: str | None = None, content_type: str | None = None) -> InputItem:
    """The one document at `path` ('-': standard input): a text dump or an HTML page; in a WARC the
    `record`-th page record (default the first response); in JSON Lines line `line` (default 1), its
    fields through `mapping`; in a feed its `record`-th item. `url` is the page's address (metadata, the
    day it names). Raises InputError when it cannot be used."""
    source = "<stdin>" if path == STDIN else path
    data = _read_bytes(path, source)
    kind = kind_of(data[:4096], name=None if path == STDIN else path, content_type=content_type)
    if kind in ("warc", "jsonl", "feed") and data[:2] == b"\x1f\x8b":
        data = gunzip_bounded(data, source)
    if kind == "warc":
        item = _nth(warc_items(io.BytesIO(data), source), record or 1, source, "page record")
    elif kind == "jsonl":
        item = _jsonl_line(path, data, source, line or 1, mapping or make_mapping())
    elif kind == "feed":
        if path == STDIN:
            raise InputError("read a feed from a file, not standard input", source=source, reason="bad-option")
        item = _nth(read_feed(Path(path)), record or 1, source, "feed item")
    else:
        if data[:2] == b"\x1f\x8b":
            data = gunzip_bounded(data, source)
        item = from_bytes(data, source, kind=kind, path=path)
    if item.error is not None:
        raise item.error
    if url:
        item.url = url
    return item


def from_bytes(data: bytes, source: str, *, kind: str | None = None, content_type: str | None = None,
               url: str | None = None, path: str = "") -> InputItem:
    """A page or text dump as bytes (a file, an HTTP response body with its Content-Type) -> an input
    item; a problem (too large, empty, undecodable, not Arabic) is the item's `error`, not raised."""
    kind = kind or kind_of(data[:4096], content_type=content_type)
    is_html = kind == "html"
    charset = re.search(r"charset\s*=\s*[\"']?([\w.:-]+)", content_type or "", re.I)
    try:
        text, encoding = decode_document(data, source, "html" if is_html else "text",
                                         charset.group(1) if charset else None)
        if not is_html:
            check_text(text, source)
    except InputError as err:
        return InputItem(source_key=source, kind=kind, is_html=is_html, url=url, error=err, path=path or source,
                         raw_hash=hashlib.sha256(data).hexdigest())
    return InputItem(source_key=source, kind=kind, text=text, is_html=is_html, url=url, encoding=encoding,
                     path=path or source, position=len(data))


def from_text(text: str, source: str, *, html: bool | None = None, url: str | None = None,
              title: str | None = None, published: str | None = None) -> InputItem:
    """Pasted text or HTML (the web's /analyze, marsad.analyze()) -> an input item; raises InputError
    for text that cannot be analysed. `html`: None decides by the text itself (readers.sniff)."""
    if not text.strip():
        raise InputError("the input is empty", source=source, reason="empty")
    if len(text.encode("utf-8", "surrogatepass")) > MAX_INPUT_BYTES:
        raise InputError(f"larger than the limit of {MAX_INPUT_BYTES} bytes (MARSAD_MAX_INPUT_BYTES)",
                         source=source, reason="too-large")
    is_html = looks_like_html(text) if html is None else html
    if not is_html:
        check_text(text, source)
    return InputItem(source_key=source, kind="html" if is_html else "text", text=text, is_html=is_html, url=url,
                     title=title, published=published, encoding="utf-8", path=source)


def _read_bytes(path: str, source: str) -> bytes:
    data = read_input_bytes(path, source)  # STDIN is "-" there too
    if not data.strip():
        raise InputError("the input is empty", source=source, reason="empty")
    return data


def _nth(items: object, n: int, source: str, what: str) -> InputItem:
    if n < 1:
        raise InputError(f"--record counts from 1, got {n}", source=source, reason="bad-option")
    count = 0
    for item in items:  # type: ignore[attr-defined]
        count += 1
        if count == n:
            return item  # type: ignore[no-any-return]
    raise InputError(f"no {what} {n} (the input has {count})", source=source, reason="missing")


def _jsonl_line(path: str, data: bytes, source: str, n: int, mapping: Mapping) -> InputItem:
    """Line n (1-based) of JSON Lines, keyed as `marsad ingest` keys it (path#L<n>, or path#<id>)."""
    if n < 1:
        raise InputError(f"--line counts from 1, got {n}", source=source, reason="bad-option")
    if path != STDIN:
        for item in read_jsonl(Path(path), mapping, first=n, last=n):
            return item
        raise InputError(f"no JSON line {n}", source=source, reason="missing")
    lines = data.splitlines()
    if n > len(lines) or not lines[n - 1].strip():
        raise InputError(f"no JSON line {n} (the input has {len(lines)} lines)", source=source, reason="missing")
    raw = lines[n - 1]
    key = f"{source}#L{n}"
    try:
        record = json.loads(raw)
    except ValueError as err:
        raise InputError(f"not a JSON object ({err})", source=key, reason="bad-json") from None
    return next(iter(json_record(record, key, source, mapping, raw, len(data))))

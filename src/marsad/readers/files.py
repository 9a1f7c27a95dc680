"""Readers: files, directories and globs in; one `InputItem` per document out.

Formats are recognised by extension (after a trailing .gz), else by the first bytes: text dumps, HTML
pages, WARC/WARC.gz (response records), RSS/Atom feeds, JSON Lines (with a field mapping). A reader
never raises for a bad document: it yields an item carrying the InputError, so the batch goes on and
the reason is recorded.
"""

from __future__ import annotations

import glob
import hashlib
import io
import json
import re
import zlib
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from ..errors import InputError
from ..fastload import load_yaml
from ..io import MAX_INPUT_BYTES, check_text, decode_bytes, iso_day
from .sniff import EXTENSIONS, KINDS, PAGE_TYPES, kind_of

__all__ = ["EXTENSIONS", "KINDS", "InputItem", "Mapping", "bounded_lines", "decode_document", "detect_kind",
           "expand_inputs", "gunzip_bounded", "json_record", "load_presets", "make_mapping", "read_feed",
           "read_inputs", "read_jsonl", "read_warc", "reject_item", "warc_items"]

MAP_FIELDS = ("text", "title", "published", "crawled", "url", "id", "outlet", "section")
# Files in a directory that are never inputs (an archive being written next to its inputs, editor files).
SKIP_SUFFIXES = (".db", ".sqlite", ".lock", "-wal", "-shm", ".parquet", "~")


@dataclass
class InputItem:
    """One document as read: its text (or HTML) and metadata, or the reason it cannot be used."""

    source_key: str  # stable name of this input: path, path#L12, path#<record id>
    kind: str  # text | html | warc | feed | jsonl
    text: str = ""  # decoded text dump, HTML source, or JSON text field
    is_html: bool = False
    title: str | None = None
    url: str | None = None
    published: str | None = None  # ISO date from the input's metadata
    crawled: str | None = None  # ISO date the page was fetched: an upper bound of its publication day
    outlet: str | None = None
    section: str | None = None
    encoding: str | None = None
    error: InputError | None = None
    path: str = ""
    position: int = 0  # bytes of `path` consumed once this item is read (for progress)
    raw_hash: str | None = None  # hash of the bytes, for items that could not be decoded

    @property
    def input_hash(self) -> str:
        if self.raw_hash:
            return self.raw_hash
        return hashlib.sha256(self.text.encode("utf-8")).hexdigest()


@dataclass
class Mapping:
    fields: dict[str, list[str]] = field(default_factory=dict)

    def get(self, record: dict[str, Any], name: str) -> Any:
        for key in self.fields.get(name, []):
            if key in record and record[key] not in (None, ""):
                return record[key]
        return None


def load_presets() -> dict[str, dict[str, list[str]]]:
    from importlib import resources  # here: ~20 ms of imports that a one-page extract does not need

    text = resources.files("marsad.data").joinpath("ingest/jsonl_presets.yaml").read_text(encoding="utf-8")
    raw = load_yaml(text) or {}
    return {name: {k: v if isinstance(v, list) else [v] for k, v in spec.items()} for name, spec in raw.items()}


def make_mapping(preset: str | None = None, overrides: str | None = None) -> Mapping:
    """The JSONL field mapping: a preset (default: 'default') with `text=content,…` overrides."""
    presets = load_presets()
    name = preset or "default"
    if name not in presets:
        raise InputError(f"unknown preset {name!r}; known: {', '.join(sorted(presets))}", source="--preset",
                         reason="bad-option")
    fields = dict(presets[name])
    for pair in (overrides or "").split(","):
        if not pair.strip():
            continue
        key, sep, value = pair.partition("=")
        key, value = key.strip(), value.strip()
        if not sep or not value or key not in MAP_FIELDS:
            raise InputError(f"bad --map entry {pair!r}: use FIELD=KEY with FIELD one of {', '.join(MAP_FIELDS)}",
                             source="--map", reason="bad-option")
        fields[key] = [value]
    return Mapping(fields)


def expand_inputs(paths: list[str]) -> Iterator[tuple[Path | None, str]]:
    """(path, name) for every input file; (None, name) for a name that matches nothing."""
    seen: set[Path] = set()
    for name in paths:
        if any(ch in name for ch in "*?[") and not Path(name).exists():
            matches = sorted(glob.glob(name, recursive=True))
            if not matches:
                yield None, name
            candidates = [Path(m) for m in matches]
        else:
            candidates = [Path(name)]
        for cand in candidates:
            if cand.is_dir():
                files = sorted(p for p in cand.rglob("*") if p.is_file() and not _skipped(p, cand))
            elif cand.exists():
                files = [cand]
            else:
                yield None, str(cand)
                continue
            for f in files:
                if f.resolve() not in seen:
                    seen.add(f.resolve())
                    yield f, str(f)


def _skipped(path: Path, root: Path) -> bool:
    rel = path.relative_to(root).parts
    return any(part.startswith(".") for part in rel) or path.name.endswith(SKIP_SUFFIXES)


def detect_kind(path: Path, head: bytes) -> str:
    """The kind of a file (readers.sniff.kind_of: its extension, its first bytes)."""
    return kind_of(head, name=str(path))


def read_inputs(paths: list[str], mapping: Mapping | None = None) -> Iterator[InputItem]:
    """Every document of every input, in order; bad ones carry their error."""
    mapping = mapping or make_mapping()
    for path, name in expand_inputs(paths):
        if path is None:
            yield reject_item(name, "text", InputError("no such file or directory", source=name, reason="missing"))
            continue
        try:
            with path.open("rb") as fh:
                head = fh.read(4096)
        except OSError as err:
            yield reject_item(name, "text", InputError(f"cannot read ({err.strerror})", source=name, reason="unreadable"),
                          path=name)
            continue
        kind = detect_kind(path, head)
        try:
            if kind == "jsonl":
                yield from read_jsonl(path, mapping)
            elif kind == "warc":
                yield from read_warc(path)
            elif kind == "feed":
                yield from read_feed(path)
            else:
                yield from _read_single(path, kind)
        except InputError as err:
            yield reject_item(name, kind, err, path=name)
        except (OSError, EOFError, ValueError) as err:  # truncated gzip, broken WARC framing…
            yield reject_item(name, kind, InputError(f"cannot read the {kind} file ({err})", source=name,
                                                 reason="unreadable"), path=name)
        except Exception as err:  # noqa: BLE001 - a parser's own error type (warcio's ArchiveLoadFailed…)
            yield reject_item(name, kind, InputError(f"cannot read the {kind} file ({type(err).__name__}: "
                                                 f"{str(err)[:200]})", source=name, reason="unreadable"), path=name)


def reject_item(source_key: str, kind: str, err: InputError, path: str = "", data: bytes | None = None) -> InputItem:
    raw_hash = hashlib.sha256(data if data is not None else f"{err.reason}:{source_key}".encode()).hexdigest()
    return InputItem(source_key=source_key, kind=kind, error=err, path=path, raw_hash=raw_hash)


def _file_size(path: Path) -> int:
    try:
        return path.stat().st_size
    except OSError:
        return 0


_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.I)


def declared_charset(head: bytes) -> str | None:
    m = _META_CHARSET.search(head[:8192])
    return m.group(1).decode("ascii") if m else None


def decode_document(data: bytes, source: str, kind: str, declared: str | None = None) -> tuple[str, str]:
    """Decode and check one document's bytes (size, encoding, emptiness, mojibake, Arabic)."""
    if len(data) > MAX_INPUT_BYTES:
        raise InputError(f"larger than the limit of {MAX_INPUT_BYTES} bytes (MARSAD_MAX_INPUT_BYTES)",
                         source=source, reason="too-large")
    if not data.strip():
        raise InputError("the input is empty", source=source, reason="empty")
    if kind == "html":
        declared = declared or declared_charset(data)
    text, encoding = decode_bytes(data, source, declared=declared)
    if not text.strip():  # e.g. a byte-order mark and nothing else
        raise InputError("the input is empty", source=source, reason="empty")
    return text, encoding


def gunzip_bounded(data: bytes, source: str, limit: int | None = None) -> bytes:
    """Decompress gzip `data`, refusing (InputError "too-large") output over `limit` bytes: a small
    .gz can expand to gigabytes (a decompression bomb), so it is read in bounded chunks, never whole."""
    import gzip  # (here and below: a one-page extract reads no gzip)

    limit = MAX_INPUT_BYTES if limit is None else limit
    try:
        with gzip.GzipFile(fileobj=io.BytesIO(data)) as stream:
            out = stream.read(limit + 1)
    except (OSError, EOFError, zlib.error) as err:
        raise InputError(f"broken gzip ({err})", source=source, reason="unreadable") from None
    if len(out) > limit:
        raise InputError(f"larger than the limit of {limit} bytes once decompressed (MARSAD_MAX_INPUT_BYTES)",
                         source=source, reason="too-large")
    return out


def _read_single(path: Path, kind: str) -> Iterator[InputItem]:
    name = str(path)
    size = _file_size(path)
    if size > MAX_INPUT_BYTES:
        yield reject_item(name, kind, InputError(f"larger than the limit of {MAX_INPUT_BYTES} bytes "
                                             "(MARSAD_MAX_INPUT_BYTES)", source=name, reason="too-large"),
                      path=name, data=f"{size}:{path.stat().st_mtime_ns}".encode())
        return
    data = path.read_bytes()
    try:
        if path.suffix.lower() == ".gz":
            data = gunzip_bounded(data, name)
        text, encoding = decode_document(data, name, kind)
        if kind == "text":
            check_text(text, name)
    except InputError as err:
        yield reject_item(name, kind, err, path=name, data=data)
        return
    yield InputItem(source_key=name, kind=kind, text=text, is_html=kind == "html", encoding=encoding, path=name,
                    position=size)


def read_warc(path: Path) -> Iterator[InputItem]:
    """HTML (and plain-text) response records of a WARC or WARC.gz file."""
    name = str(path)
    with path.open("rb") as fh:
        yield from warc_items(fh, name)


def warc_items(fh: Any, name: str) -> Iterator[InputItem]:
    """The page records (responses holding HTML or text) of a WARC stream, in order."""
    from warcio.archiveiterator import ArchiveIterator

    for record in ArchiveIterator(fh, arc2warc=True):
        if record.rec_type != "response":
            continue
        url = record.rec_headers.get_header("WARC-Target-URI")
        rid = record.rec_headers.get_header("WARC-Record-ID") or url
        key = f"{name}#{rid}"
        ctype = (record.http_headers.get_header("Content-Type") if record.http_headers else None) or ""
        status = record.http_headers.get_statuscode() if record.http_headers else "200"
        data = record.content_stream().read(MAX_INPUT_BYTES + 1)
        position = fh.tell()
        if status and not str(status).startswith("2"):
            yield reject_item(key, "warc", InputError(f"HTTP status {status}", source=key, reason="http-error"),
                              path=name, data=data)
            continue
        if ctype and not PAGE_TYPES.match(ctype):
            continue  # images, scripts, style sheets: not articles, not worth a reject
        is_html = kind_of(data[:4096], content_type=ctype or "text/html") == "html"
        m = re.search(r"charset\s*=\s*[\"']?([\w.:-]+)", ctype, re.I)
        try:
            text, encoding = decode_document(data, key, "html" if is_html else "text", m.group(1) if m else None)
            if not is_html:
                check_text(text, key)
        except InputError as err:
            yield reject_item(key, "warc", err, path=name, data=data)
            continue
        yield InputItem(source_key=key, kind="warc", text=text, is_html=is_html, url=url, encoding=encoding,
                        path=name, position=position)


def read_feed(path: Path) -> Iterator[InputItem]:
    """Items of an RSS or Atom feed: their content (or summary) as HTML, link and date as metadata."""
    import feedparser

    name = str(path)
    if _file_size(path) > MAX_INPUT_BYTES:
        raise InputError(f"larger than the limit of {MAX_INPUT_BYTES} bytes (MARSAD_MAX_INPUT_BYTES)",
                         source=name, reason="too-large")
    data = path.read_bytes()
    if data[:2] == b"\x1f\x8b":
        data = gunzip_bounded(data, name)
    feed = feedparser.parse(data)
    if not feed.entries:
        problem = f" ({feed.bozo_exception})" if feed.get("bozo") else ""
        raise InputError(f"a feed without items{problem}", source=name, reason="no-body")
    outlet = feed.feed.get("title")
    for i, entry in enumerate(feed.entries, 1):
        key = f"{name}#{entry.get('id') or entry.get('link') or i}"
        content = entry.get("content")
        html = content[0].get("value", "") if content else entry.get("summary", "")
        when = entry.get("published_parsed") or entry.get("updated_parsed")
        published = date(*when[:3]).isoformat() if when else None
        if not (html or "").strip():
            yield reject_item(key, "feed", InputError("a feed item without content or summary", source=key,
                                                  reason="no-body"), path=name, data=key.encode())
            continue
        yield InputItem(source_key=key, kind="feed", text=html or "", is_html=True, title=entry.get("title"),
                        url=entry.get("link"), published=published, outlet=outlet,
                        encoding=feed.get("encoding"), path=name, position=len(data) * i // len(feed.entries))


def open_maybe_gzip(fh: Any) -> Any:
    import gzip

    head = fh.peek(2)[:2] if hasattr(fh, "peek") else b""
    return gzip.GzipFile(fileobj=fh) if head == b"\x1f\x8b" else fh


def read_jsonl(path: Path, mapping: Mapping, first: int = 1, last: int | None = None) -> Iterator[InputItem]:
    """JSON Lines (optionally gzip-compressed), one document per line, fields taken through `mapping`.

    `first`..`last` (1-based, inclusive) limit it to a range of lines, as batch shards read their slice;
    lines outside it are not parsed.
    """
    name = str(path)
    whole = _whole_json(path) if first == 1 and last is None else None
    if whole is not None:
        for n, record in enumerate(whole, 1):
            yield from json_record(record, f"{name}#{n}", name, mapping, json.dumps(record).encode(), _file_size(path))
        return
    with path.open("rb") as raw:
        stream = open_maybe_gzip(raw)
        for lineno, line in enumerate(bounded_lines(stream, MAX_INPUT_BYTES), 1):
            if last is not None and lineno > last:
                break
            if lineno < first or not line.strip():
                continue
            key = f"{name}#L{lineno}"
            position = raw.tell()
            if len(line) > MAX_INPUT_BYTES:
                yield reject_item(key, "jsonl", InputError("line larger than the input limit", source=key,
                                                       reason="too-large"), path=name, data=line)
                continue
            try:
                record = json.loads(line)
                if not isinstance(record, dict):
                    raise ValueError("not a JSON object")
            except (ValueError, UnicodeDecodeError) as err:
                yield reject_item(key, "jsonl", InputError(f"not a JSON object ({err})", source=key,
                                                       reason="bad-json"), path=name, data=line)
                continue
            yield from json_record(record, key, name, mapping, line, position)


def bounded_lines(stream: Any, limit: int) -> Iterator[bytes]:
    """Lines of `stream`; a line longer than `limit` is cut to limit+1 bytes and the rest skipped, so one
    gigantic line (or a gzip bomb without newlines) never sits in memory whole."""
    while True:
        line = stream.readline(limit + 1)
        if not line:
            return
        if len(line) > limit and not line.endswith(b"\n"):
            while (rest := stream.readline(1 << 20)) and not rest.endswith(b"\n"):
                pass
        yield line


def _whole_json(path: Path) -> list[Any] | None:
    """A .json file holding one JSON document (an object, or an array of objects), else None (JSON Lines)."""
    if not path.name.lower().removesuffix(".gz").endswith(".json") or _file_size(path) > MAX_INPUT_BYTES:
        return None
    data = path.read_bytes()
    if data[:2] == b"\x1f\x8b":
        try:
            data = gunzip_bounded(data, str(path))
        except InputError:
            return None  # read as JSON Lines: each line is then held to the limit on its own
    try:
        parsed = json.loads(data)
    except ValueError:
        return None
    return parsed if isinstance(parsed, list) else [parsed]


def json_record(record: Any, key: str, name: str, mapping: Mapping, data: bytes, position: int
                 ) -> Iterator[InputItem]:
    if not isinstance(record, dict):
        yield reject_item(key, "jsonl", InputError("not a JSON object", source=key, reason="bad-json"), path=name,
                      data=data)
        return
    rid = mapping.get(record, "id")
    if rid is not None:
        key = f"{name}#{rid}"
    text = mapping.get(record, "text")
    if not isinstance(text, str) or not text.strip():
        wanted = "/".join(mapping.fields.get("text", []))
        yield reject_item(key, "jsonl", InputError(f"no text (field {wanted!r} missing or empty)", source=key,
                                               reason="no-text-field"), path=name, data=data)
        return
    try:
        check_text(text, key)
    except InputError as err:
        yield reject_item(key, "jsonl", err, path=name, data=data)
        return
    title = _str(mapping.get(record, "title"))
    if title:
        from html import unescape  # (html.entities: imported by the JSON Lines reader only)

        title = unescape(title)
    yield InputItem(source_key=key, kind="jsonl", text=text, title=title or None,
                    url=_str(mapping.get(record, "url")), published=iso_day(mapping.get(record, "published")),
                    crawled=crawl_stamp(mapping.get(record, "crawled")),
                    outlet=_str(mapping.get(record, "outlet")), section=_str(mapping.get(record, "section")),
                    encoding="utf-8", path=name, position=position)


def crawl_stamp(value: Any) -> str | None:
    """A crawl time as "YYYY-MM-DD HH:MM:SS" when it gives its hour, else its day, else None: the dates stage
    reads the hour (dates.anchor.crawl_time: a small-hours crawl fetched yesterday's edition)."""
    day = iso_day(value)
    text = str(value or "")
    if day is None or len(text) < 13 or text[10] not in " T" or not text[11:13].isdigit():
        return day
    clock = text[11:19]
    return f"{day} {clock}" if len(clock) == 8 and clock[2] == clock[5] == ":" else f"{day} {text[11:13]}:00:00"


def _str(value: Any) -> str | None:
    return None if value is None else str(value).strip() or None

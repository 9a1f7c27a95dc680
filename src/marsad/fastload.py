"""Start-up in tens of milliseconds instead of a second: what the stages build from their rule files (the
dates stage's compiled patterns, the name tables) is kept, pickled, under the user's cache directory and
read back while the files it was built from are unchanged.

    @cached("dates.patterns", "dates/lexicon.py", "data/dates/*.yaml")
    def compile_patterns() -> Patterns: ...

The key of an entry is the Python version, the regex engine's version, marsad's version and the path, size
and modification time of every source (marsad's files named relative to the package, and absolute paths):
an edit of a rule file or of the module that builds from it rebuilds the entry, as a .pyc is rebuilt.
Compiled regular expressions are stored as the regex engine's compiled code (`_sre.compile` takes it back
without parsing the pattern again), which is most of the saving: the dates patterns take ~0.7 s of sre's
parser and compiler each time they are built. Any failure (no cache directory, a read-only home, a
corrupt or foreign file) falls back to building: the cache never changes what is built.

MARSAD_CACHE_DIR moves the cache; MARSAD_CACHE_DIR=off turns it off. The cache is the user's own, like
Python's __pycache__: it is read with pickle and must not be writable by others.

Big lookup tables (the NER's 86k-word clusters, the KB's 60k title keys) are marked `Table` by their
builders and stored so that a process reads them key by key (`DiskTable`): a one-page `marsad extract` looks
up a few hundred of their keys and unpickling them whole cost ~60 and ~40 ms. A process that looks up many
keys (a batch) reads the whole table once, as before, and goes on at dict speed.
"""

from __future__ import annotations

import _sre
import contextlib
import functools
import gc
import glob
import hashlib
import io
import os
import pickle
import re
import struct
import sys
import threading
import zlib
from collections.abc import Callable, Iterable, Iterator, Mapping
from collections.abc import Set as AbstractSet
from pathlib import Path
from typing import Any, NoReturn, TypeVar

from . import config

T = TypeVar("T")
PACKAGE_DIR = Path(__file__).resolve().parent
_FORMAT = 2  # of the pickled entries; bump when what is stored changes shape
_INSTALL = hashlib.sha256(str(PACKAGE_DIR).encode()).hexdigest()[:8]


def cache_dir() -> Path | None:
    """Where the entries live, or None when the cache is off."""
    if config.env("MARSAD_DATA_DIR"):  # rules being edited in a copy: build from them, keep nothing
        return None
    configured = config.env_raw("MARSAD_CACHE_DIR")
    if configured is not None:
        return None if configured.strip().lower() in ("", "off", "0", "no") else Path(configured)
    base = config.env("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "marsad"


def _files(sources: tuple[str | Path, ...]) -> list[Path]:
    found: list[Path] = []
    for source in sources:
        path = Path(source)
        pattern = str(path if path.is_absolute() else PACKAGE_DIR / path)
        matches = sorted(glob.glob(pattern)) if any(ch in pattern for ch in "*?[") else [pattern]
        found.extend(Path(m) for m in matches)
    return found


def key_of(name: str, sources: tuple[str | Path, ...], extra: str = "") -> str:
    from . import __version__

    digest = hashlib.sha256()
    digest.update(f"{_FORMAT}|{sys.version}|{_sre.MAGIC}|{__version__}|{name}|{extra}".encode())
    for path in _files(sources):
        try:
            st = path.stat()
            digest.update(f"|{path}|{st.st_size}|{st.st_mtime_ns}".encode())
        except OSError:
            digest.update(f"|{path}|missing".encode())
    return digest.hexdigest()[:24]


# ---- compiled regular expressions as sre code ------------------------------------------------------------

def _sre_args(pattern: re.Pattern[Any]) -> tuple[Any, ...]:
    """What `_sre.compile` needs to rebuild `pattern` (as re._compiler.compile computes it)."""
    from re import _compiler, _parser  # type: ignore[attr-defined]

    parsed = _parser.parse(pattern.pattern, pattern.flags)
    code = [int(c) for c in _compiler._code(parsed, pattern.flags)]  # opcodes are named ints pickle refuses
    groupindex = parsed.state.groupdict
    indexgroup: list[str | None] = [None] * parsed.state.groups
    for key, i in groupindex.items():
        indexgroup[i] = key
    return (pattern.pattern, pattern.flags | parsed.state.flags, code, parsed.state.groups - 1, dict(groupindex),
            tuple(indexgroup))


def restore_pattern(pattern: str | bytes, flags: int, code: list[int], groups: int, groupindex: dict[str, int],
                    indexgroup: tuple[str | None, ...]) -> re.Pattern[Any]:
    try:
        return _sre.compile(pattern, flags, code, groups, groupindex, indexgroup)  # type: ignore[no-any-return]
    except Exception:  # noqa: BLE001 - an engine that disagrees: compile it the ordinary way
        return re.compile(pattern, flags)


class _Pickler(pickle.Pickler):
    def __init__(self, file: io.BytesIO, tables: bytearray | None = None) -> None:
        super().__init__(file, protocol=pickle.HIGHEST_PROTOCOL)
        self._tables = tables  # where the Tables met are written (None: pickled as dicts)

    def reducer_override(self, obj: Any) -> Any:  # (called for objects other than plain data only)
        if isinstance(obj, re.Pattern):
            return restore_pattern, _sre_args(obj)
        if type(obj) is Table and self._tables is not None:
            found = _dump_table(obj, self._tables)
            if found is not None:  # (else pickled as the dict it is: keys of other kinds)
                return _open_table, found
        return NotImplemented


def dumps(obj: Any) -> bytes:
    """`obj` pickled (compiled patterns as sre code); with the Tables in it after the pickle, when it has any."""
    out = io.BytesIO()
    tables = bytearray()
    _Pickler(out, tables).dump(obj)
    if not tables:
        return out.getvalue()
    body = out.getvalue()
    return _TABLED + _HEADER.pack(len(body), len(tables)) + body + bytes(tables)


def loads(data: Any, path: Path | None = None) -> Any:
    """What `dumps` made, from bytes or a buffer (a mapped file: `path`, removed if a table turns out damaged
    later); ValueError (or an unpickling error) when `data` is not whole."""
    view = memoryview(data)
    if view[:len(_TABLED)] != _TABLED:
        return pickle.loads(view)
    start = len(_TABLED) + _HEADER.size
    body_size, tables_size = _HEADER.unpack_from(view, len(_TABLED))
    tables = view[start + body_size:]
    if len(tables) != tables_size:
        raise ValueError("a cache entry cut short")
    _reading.tables, _reading.path = tables, path  # for _open_table, called by the unpickler
    try:
        return pickle.loads(view[start:start + body_size])
    finally:
        _reading.tables = _reading.path = None


_reading = threading.local()  # the tables of the entry being read


def _open_table(count: int, n_buckets: int, offsets_at: int, buckets_at: int, full_at: int, full_size: int,
                full_crc: int, pool: list[Any]) -> DiskTable:
    tables = getattr(_reading, "tables", None)
    if tables is None:
        raise pickle.UnpicklingError("a table outside a cache entry")
    # Checked here, where the cache rebuilds a damaged entry: the table lies inside the entry. Its bytes are
    # checked when read (each bucket has its crc32, the whole dict its own): a check of all of them here
    # cost ~15 ms a process.
    if not (offsets_at >= 0 and buckets_at == offsets_at + 4 * (n_buckets + 1) and buckets_at <= full_at
            and full_at + full_size <= len(tables)) or buckets_at + _U32.unpack_from(tables, buckets_at - 4)[0] != full_at:
        raise ValueError("a cache entry's table out of bounds")
    return DiskTable(tables, getattr(_reading, "path", None), count, n_buckets, offsets_at, buckets_at, full_at,
                     full_size, full_crc, pool)


# ---- tables read key by key ---------------------------------------------------------------------------

_TABLED = b"marsad-fastload+tables\n"  # an entry with Tables (others are a bare pickle)
_HEADER = struct.Struct("<QQ")  # size of the pickle, size of the tables
_OFFSET = struct.Struct("<II")  # a bucket's start and end, relative to the buckets
_U32 = struct.Struct("<I")  # before each bucket: the crc32 of its pickle; the last offset
_PLAIN = frozenset((str, bytes, int, float, bool, type(None), tuple, list, dict, set, frozenset))
_ABSENT = object()
PROMOTE_AFTER = 4096  # keys read from the buckets before the whole table is read instead (a batch)
PROMOTE_ASKED = 16 * PROMOTE_AFTER  # or look-ups, the same keys again included (a batch asking a few keys)


class Table(dict):  # type: ignore[type-arg]
    """A dict the cache stores so that it is read back key by key (a DiskTable): for big lookup tables of
    which a process may need a few keys. Without the cache it stays this dict. Keys: str or tuples of str."""

    __slots__ = ()


def _key_bytes(key: Any) -> bytes | None:
    """The bytes a key is hashed by (a stable hash: Python's own changes per process); None: no such key."""
    try:
        if isinstance(key, str):
            return key.encode("utf-8", "surrogatepass")
        if isinstance(key, tuple):
            return "\x1f".join(key).encode("utf-8", "surrogatepass")
    except (TypeError, UnicodeError):  # a tuple of other things
        pass
    return None


class _PoolPickler(pickle.Pickler):
    """Pickles a table's buckets; objects other than plain data (a KB's TitleSense) are written as their
    index in a pool stored once with the entry, so that they are shared as in the dict that was stored."""

    def __init__(self, file: io.BytesIO, pool: list[Any], before: _PoolPickler | None = None) -> None:
        super().__init__(file, protocol=pickle.HIGHEST_PROTOCOL)
        self.pool = pool
        self._ids: dict[int, int] = before._ids if before is not None else {}  # (the pool's, shared)

    def persistent_id(self, obj: Any) -> Any:
        if type(obj) in _PLAIN:
            return None
        index = self._ids.get(id(obj))
        if index is None:
            index = self._ids[id(obj)] = len(self.pool)
            self.pool.append(obj)
        return index


class _PoolUnpickler(pickle.Unpickler):
    def __init__(self, file: io.BytesIO, pool: list[Any]) -> None:
        super().__init__(file)
        self._pool = pool

    def persistent_load(self, pid: Any) -> Any:
        return self._pool[pid]


def _dump_table(table: Table, out: bytearray) -> tuple[Any, ...] | None:
    """Write `table` to `out`: bucket offsets, buckets (keys hashed by crc32, about two a bucket, each the
    crc32 of a pickled tuple key, value, key, value… and that pickle) and the whole dict; the arguments of
    _open_table that find them."""
    raw = [_key_bytes(key) for key in table]
    if None in raw:
        return None
    n_buckets = max(1, len(table) // 2)
    buckets: list[list[Any]] = [[] for _ in range(n_buckets)]
    for (key, value), key_bytes in zip(table.items(), raw, strict=True):
        buckets[zlib.crc32(key_bytes) % n_buckets] += (key, value)  # type: ignore[arg-type]
    pool: list[Any] = []
    data = io.BytesIO()
    pickler = None
    offsets = [0]
    one = io.BytesIO()
    for bucket in buckets:
        if bucket:
            one.seek(0)
            one.truncate()
            pickler = _PoolPickler(one, pool, pickler)
            pickler.dump(tuple(bucket))  # each bucket is read alone
            payload = one.getvalue()
            data.write(struct.pack("<I", zlib.crc32(payload)))
            data.write(payload)
        offsets.append(data.tell())
    full_at = data.tell()
    one.seek(0)
    one.truncate()
    _PoolPickler(one, pool, pickler).dump(dict(table))
    full = one.getvalue()
    data.write(full)
    base = len(out)
    out += struct.pack(f"<{len(offsets)}I", *offsets)
    out += data.getvalue()
    buckets_at = base + 4 * len(offsets)
    return len(table), n_buckets, base, buckets_at, buckets_at + full_at, len(full), zlib.crc32(full), pool


class KeySet(AbstractSet[Any]):
    """A frozenset-like set kept as the keys of a Table: read back from the cache key by key as well (a word
    list of 30,000 words, of which a page asks about a few hundred). `in`, isdisjoint, len, iteration."""

    __slots__ = ("_table", "_frozen")

    def __init__(self, items: Iterable[Any]) -> None:
        self._table: Mapping[Any, Any] = items if isinstance(items, (Table, DiskTable)) else Table.fromkeys(items)
        self._frozen: frozenset[Any] | None = None  # the keys, once whole (intersection)

    def __contains__(self, item: object) -> bool:
        return item in self._table

    def __iter__(self) -> Iterator[Any]:
        return iter(self._table)

    def __len__(self) -> int:
        return len(self._table)

    def intersection(self, other: Iterable[Any]) -> AbstractSet[Any]:
        """The items of `other` in the set: looked up one by one while the table is read key by key, then
        (a batch) as a frozenset's own intersection."""
        table = self._table
        if isinstance(table, DiskTable) and table._full is None:
            return {item for item in other if item in table}
        if self._frozen is None:
            self._frozen = frozenset(table)
        return self._frozen.intersection(other)

    def issuperset(self, other: Iterable[Any]) -> bool:
        return all(map(self.__contains__, other))

    def issubset(self, other: Iterable[Any]) -> bool:
        return frozenset(self) <= frozenset(other)

    def union(self, *others: Iterable[Any]) -> frozenset[Any]:
        return frozenset(self).union(*others)

    def difference(self, *others: Iterable[Any]) -> frozenset[Any]:
        return frozenset(self).difference(*others)

    def __repr__(self) -> str:
        return f"KeySet({len(self)} keys)"

    def __reduce__(self) -> tuple[Any, ...]:
        return KeySet, (self._table,)


class DiskTable(Mapping[Any, Any]):
    """A Table read back from the cache: a look-up unpickles the key's bucket only (a few microseconds,
    remembered); after PROMOTE_AFTER such reads (or PROMOTE_ASKED look-ups), or to be iterated, the whole
    dict is read once and look-ups are the dict's own. Read-only, as the tables it stands for are after they are built."""

    def __init__(self, data: memoryview, path: Path | None, count: int, n_buckets: int, offsets_at: int,
                 buckets_at: int, full_at: int, full_size: int, full_crc: int, pool: list[Any]) -> None:
        self._data = data
        self._path = path
        self._full_crc = full_crc
        self._count = count
        self._n = n_buckets
        self._offsets_at = offsets_at
        self._buckets_at = buckets_at
        self._full_at = full_at
        self._full_size = full_size
        self._pool = pool
        self._seen: dict[Any, Any] = {}  # key -> value or _ABSENT, as read from the buckets
        self._asked = 0  # look-ups so far
        self._full: dict[Any, Any] | None = None

    def _read(self, key: Any) -> Any:
        """The value of `key` from its bucket, or _ABSENT (the key is hashable: `_seen` took it)."""
        raw = _key_bytes(key)
        found = _ABSENT
        if raw is not None:
            start, end = _OFFSET.unpack_from(self._data, self._offsets_at + 4 * (zlib.crc32(raw) % self._n))
            if end > start:
                start += self._buckets_at
                end += self._buckets_at
                try:
                    if end - start < 4 or _U32.unpack_from(self._data, start)[0] != zlib.crc32(self._data[start + 4:end]):
                        raise ValueError("damaged")
                    bucket = self._unpickle(start + 4, end)
                except Exception:  # noqa: BLE001 - a damaged bucket: the whole dict answers (checked in turn)
                    return self._whole().get(key, _ABSENT)
                for i in range(0, len(bucket), 2):
                    if bucket[i] == key:
                        found = bucket[i + 1]
                        break
        seen = self._seen
        seen[key] = found
        if len(seen) >= PROMOTE_AFTER:
            self._whole()
        return found

    def _unpickle(self, start: int, end: int) -> Any:
        if not self._pool:
            return pickle.loads(self._data[start:end])
        return _PoolUnpickler(io.BytesIO(self._data[start:end]), self._pool).load()

    def _whole(self) -> dict[Any, Any]:
        if self._full is None:
            start, end = self._full_at, self._full_at + self._full_size
            try:
                if zlib.crc32(self._data[start:end]) != self._full_crc:
                    raise ValueError("damaged")
                self._full = self._unpickle(start, end)
            except Exception:  # noqa: BLE001
                self._damaged()
            self._seen = {}
            self.get = self._full.get  # type: ignore[method-assign] # the hot path: the dict's own method
        return self._full

    def get(self, key: Any, default: Any = None) -> Any:
        if self._full is not None:
            return self._full.get(key, default)
        found = self._seen.get(key, self)  # (self: not read yet; a TypeError for an unhashable key, as dict)
        if found is self:
            found = self._read(key)
        self._asked += 1
        if self._asked >= PROMOTE_ASKED:
            self._whole()
        return default if found is _ABSENT else found

    def __getitem__(self, key: Any) -> Any:
        found = self.get(key, _ABSENT)
        if found is _ABSENT:
            raise KeyError(key)
        return found

    def __contains__(self, key: object) -> bool:
        return self.get(key, _ABSENT) is not _ABSENT

    def __len__(self) -> int:
        return self._count

    def __iter__(self) -> Iterator[Any]:
        return iter(self._whole())

    def keys(self) -> Any:
        return self._whole().keys()

    def items(self) -> Any:
        return self._whole().items()

    def values(self) -> Any:
        return self._whole().values()

    def __eq__(self, other: object) -> bool:
        return self._whole() == (dict(other) if isinstance(other, DiskTable) else other)

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        return f"DiskTable({self._count} keys)"

    def _damaged(self) -> NoReturn:
        """A table whose bytes changed since the entry was read whole (the disk, another program): the
        entry goes, so that the next process builds it again, and this one stops with a clear error."""
        from .errors import ModelError

        if self._path is not None:
            with contextlib.suppress(OSError):
                self._path.unlink()
        raise ModelError("a table of the start-up cache is damaged; it was removed and is built again on the "
                         "next run (MARSAD_CACHE_DIR=off runs without the cache)", source=str(self._path or ""))

    def __reduce__(self) -> tuple[Any, ...]:
        return Table, (self._whole(),)  # pickled elsewhere (a worker, a copy) as the dict it stands for


# ---- the cache ----------------------------------------------------------------------------------------

def load_or_build(name: str, sources: tuple[str | Path, ...], build: Callable[[], T], extra: str = "") -> T:
    """The entry `name` for the current `sources`, else `build()` (stored for the next process)."""
    directory = cache_dir()
    if directory is None:
        return build()
    try:
        # one entry per name and installation (a checkout, a virtualenv): two do not evict each other's
        path = directory / f"{name}-{_INSTALL}-{key_of(name, sources, extra)}.pickle"
    except Exception:  # noqa: BLE001
        return build()
    collecting = gc.isenabled()
    try:
        with path.open("rb") as fh:
            gc.disable()  # unpickling makes ~10^5 small objects: the cycle collector would walk them ~40 % of it
            if fh.read(len(_TABLED)) == _TABLED:
                import mmap

                # Mapped, not read: a process touches the pages of the few buckets it looks up (reading the
                # ~20 MB of the tables' entries cost ~10 ms of copying and page faults). The entry is never
                # rewritten in place (_store replaces the file), so the mapping keeps what was read.
                return loads(mmap.mmap(fh.fileno(), 0, access=mmap.ACCESS_READ), path)  # type: ignore[no-any-return]
            fh.seek(0)
            return pickle.load(fh)  # type: ignore[no-any-return]
    except FileNotFoundError:
        pass
    except Exception:  # noqa: BLE001,S110 - a truncated or foreign file: build again, write it anew
        pass
    finally:
        if collecting:
            gc.enable()
    value = build()
    _store(path, name, value)
    return value


def _store(path: Path, name: str, value: Any) -> None:
    import tempfile  # (with random and shutil: only a process that writes an entry needs them)

    try:
        data = dumps(value)
        path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{name}-")
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
        os.replace(tmp, path)  # atomic: a concurrent reader sees the old entry or the new, never half
        for old in path.parent.glob(f"{name}-{_INSTALL}-{'?' * 24}.pickle"):  # entries of earlier sources
            if old != path:
                old.unlink(missing_ok=True)
    except Exception:  # noqa: BLE001,S110 - an unpicklable value or a read-only home: no cache, same result
        pass


def cached(name: str, *sources: str | Path) -> Callable[[Callable[[], T]], Callable[[], T]]:
    """Decorate a builder without arguments: its value comes from the cache while `sources` are unchanged
    (and is kept for the process, as functools.cache keeps it)."""

    def wrap(build: Callable[[], T]) -> Callable[[], T]:
        @functools.cache
        def get() -> T:
            return load_or_build(name, sources, build)

        get.__wrapped__ = build  # type: ignore[attr-defined]
        get.__doc__ = build.__doc__
        return get

    return wrap


def load_yaml(text: str) -> Any:
    """YAML through libyaml's parser when PyYAML has it (about six times faster than the pure-Python one,
    the same values: the resolver is the same), else the pure-Python safe loader."""
    import yaml

    return yaml.load(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))  # noqa: S506 - a safe loader

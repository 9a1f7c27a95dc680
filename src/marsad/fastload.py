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
"""

from __future__ import annotations

import _sre
import functools
import gc
import glob
import hashlib
import io
import os
import pickle
import re
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

from . import config

T = TypeVar("T")
PACKAGE_DIR = Path(__file__).resolve().parent
_FORMAT = 1  # of the pickled entries; bump when what is stored changes shape
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
    def reducer_override(self, obj: Any) -> Any:
        if isinstance(obj, re.Pattern):
            return restore_pattern, _sre_args(obj)
        return NotImplemented


def dumps(obj: Any) -> bytes:
    out = io.BytesIO()
    _Pickler(out, protocol=pickle.HIGHEST_PROTOCOL).dump(obj)
    return out.getvalue()


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

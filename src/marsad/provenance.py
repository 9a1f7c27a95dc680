"""Stage versions that change with the rules: ``CODE+HASH``, e.g. ``"2+3f9a1c2e"``.

A stage's rules live mostly in data files (YAML lexicons, name lists, the NER model), edited far more often
than its code: a version that only a person bumps cannot tell an archive which rules made a record. So each
stage declares a code version (bumped by hand when its logic changes) and the data files it reads; the
version is the code version plus a short hash of those files' names and bytes, computed once per process
(`Pipeline` writes it into `doc.stages` as ``name@version``, the archive keeps it with each article).
The hash uses paths relative to their directory, so the same rules installed elsewhere give the same string.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from functools import cache
from pathlib import Path

from . import config

HASH_CHARS = 8


def data_root() -> Path:
    """The data directory the stages read (config.data_root: $MARSAD_DATA_DIR or the packaged one)."""
    return config.data_root()


def _files(root: Path, pattern: str) -> list[Path]:
    return sorted(p for p in root.glob(pattern) if p.is_file() and "__pycache__" not in p.parts)


def _update(digest: hashlib._Hash, label: str, root: Path, patterns: Iterable[str]) -> None:
    seen: set[Path] = set()
    for pattern in patterns:
        for path in _files(root, pattern):
            if path in seen:
                continue
            seen.add(path)
            # name and length before the bytes: moving a line from one file to the next changes the hash
            data = path.read_bytes()
            digest.update(f"{label}:{path.relative_to(root).as_posix()}:{len(data)}\0".encode())
            digest.update(data)


def rules_hash(patterns: tuple[str, ...], dirs: tuple[tuple[str, str], ...] = ()) -> str:
    """A short hash of the data files matching `patterns` (globs under `data_root()`) and of the files
    matching each ``(directory, glob)`` of `dirs` (a user KB, an NER data override).

    Kept in the start-up cache (marsad.fastload) while those files keep their size and modification time,
    as a .pyc is: hashing them (~6 MB with the NER model and word clusters) took ~13 ms a process."""
    from .fastload import load_or_build

    root = data_root()
    files = [*(f for pattern in patterns for f in _files(root, pattern)),
             *(f for directory, pattern in dirs for f in _files(Path(directory), pattern))]
    # one entry per list of patterns (the cache keeps one entry per name)
    name = "rules-hash-" + hashlib.sha256(repr((str(root), patterns, dirs)).encode()).hexdigest()[:12]
    return load_or_build(name, tuple(files), lambda: _hash(patterns, dirs))


def _hash(patterns: tuple[str, ...], dirs: tuple[tuple[str, str], ...]) -> str:
    digest = hashlib.sha256()
    _update(digest, "data", data_root(), patterns)
    for n, (directory, pattern) in enumerate(dirs):
        _update(digest, f"dir{n}", Path(directory), (pattern,))
    return digest.hexdigest()[:HASH_CHARS]


def user_kb_dirs(kb_dirs: Iterable[str]) -> tuple[tuple[str, str], ...]:
    """The files of user KB directories (`--kb DIR`) as `rules_hash` reads them: what kb.base loads."""
    return tuple((str(d), pattern) for d in kb_dirs for pattern in ("*.yaml", "*.yml"))


@cache
def stage_version(code: str, patterns: tuple[str, ...] = (), dirs: tuple[tuple[str, str], ...] = ()) -> str:
    """``code`` alone for a stage that reads no data file, else ``code+hash`` (cached: once per process)."""
    if not patterns and not dirs:
        return code
    return f"{code}+{rules_hash(patterns, dirs)}"


def stage_versions(stages: Iterable[str]) -> dict[str, str]:
    """``["clean@2+82b7705d", …]`` (a record's `stages`) as ``{"clean": "2+82b7705d", …}``."""
    return dict(s.split("@", 1) for s in stages)

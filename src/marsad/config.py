"""marsad's configuration in one place: the environment variables it reads, its limits, and its data files.

Environment variables are read here only (`ENVIRONMENT` lists them, with what they do); a value that is
not a number where a number is wanted is an error naming the variable. Limits that other modules use are
defined here and re-exported where they were (io.MAX_INPUT_BYTES, timeouts.DOC_TIMEOUT_S).

Rule files (the YAML under marsad/data) are read through `load_rules`: parsed once per process (cached:
the events stage and the query layer share one parse of events/triggers.yaml), and checked against the
schema of their kind (marsad.rules_schema) — an unknown key such as ``not_befor:`` or a missing or
ill-typed field is a ModelError naming the file and the line. `MARSAD_DATA_DIR` points marsad at a copy
of the data directory (rules being edited); `clear_caches` forgets what was read (tests that edit rules).
"""

from __future__ import annotations

import functools
import os
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

from .errors import ModelError

# name -> what it does (docs/limits.md and `marsad --help` describe the same)
ENVIRONMENT: dict[str, str] = {
    "MARSAD_DB": "the archive file of the commands that take --db (default ./marsad.db)",
    "MARSAD_DOC_TIMEOUT": "seconds one document may take in the pipeline before it is rejected (default 60; 0: none)",
    "MARSAD_MAX_INPUT_BYTES": "largest input read, in bytes (default 20 MiB)",
    "MARSAD_PURE_PYTHON": "1: use the pure-Python paths instead of the C modules (CRF decoding, MinHash)",
    "MARSAD_TOKEN": "the web app's access token (as --token)",
    "MARSAD_DATA_DIR": "a copy of marsad/data to read the rule files from (default: the packaged one)",
    "MARSAD_NER_DATA": "the NER data directory (default: DATA_DIR/ner)",
    "MARSAD_CLEAN_RULES_DIR": "the cleaning rules directory (default: DATA_DIR/clean)",
    "MARSAD_CACHE_DIR": "where marsad.fastload keeps what it builds from the rule files (off: nothing kept; "
                        "default: XDG_CACHE_HOME/marsad; nothing is kept while MARSAD_DATA_DIR is set)",
    "XDG_CACHE_HOME": "the user's cache directory (default ~/.cache)",
    "MARSAD_NER_NEURAL": "0: the CRF alone even when the packaged NER model mixes a neural tagger in",
    "OPENBLAS_NUM_THREADS": "numpy's BLAS threads in the `marsad` command (default 1: see limit_blas_threads)",
}


def limit_blas_threads() -> None:
    """One BLAS thread unless OPENBLAS_NUM_THREADS says otherwise (the `marsad` command, before numpy loads).
    OpenBLAS starts a thread per core when numpy is imported, and that thread spins: ~0.1 s of CPU a process,
    a tenth of a one-page `marsad extract`, for matrix products too small to share (the CRF's, the neural
    tagger's) or run in worker processes that already use every core."""
    import sys

    if "numpy" not in sys.modules and env_raw("OPENBLAS_NUM_THREADS") is None:
        os.environ["OPENBLAS_NUM_THREADS"] = "1"  # inherited by worker processes, as intended


class ConfigError(ModelError):
    """A configuration value (an environment variable) marsad cannot use."""


def env(name: str) -> str | None:
    """An environment variable of ENVIRONMENT, None when unset or blank."""
    if name not in ENVIRONMENT:
        raise KeyError(f"{name} is not one of marsad's environment variables (config.ENVIRONMENT)")
    value = os.environ.get(name, "").strip()
    return value or None


def env_raw(name: str) -> str | None:
    """An environment variable of ENVIRONMENT as it is set (blank included), None when unset."""
    if name not in ENVIRONMENT:
        raise KeyError(f"{name} is not one of marsad's environment variables (config.ENVIRONMENT)")
    return os.environ.get(name)


def _env_number(name: str, default: float, kind: Callable[[str], float]) -> Any:
    value = env(name)
    if value is None:
        return default
    try:
        return kind(value)
    except ValueError:
        raise ConfigError(f"the environment variable {name} must be a number, got {value!r}") from None


def env_int(name: str, default: int) -> int:
    return int(_env_number(name, default, int))


def env_float(name: str, default: float) -> float:
    return float(_env_number(name, default, float))


def env_flag(name: str) -> bool:
    """True unless the variable is unset, blank or 0."""
    return (env(name) or "0") != "0"


# ---- limits ---------------------------------------------------------------------------------------------

DEFAULT_DB = "marsad.db"
# A document whose pipeline takes longer is rejected with reason "timeout" (docs/limits.md); 0: no limit.
DOC_TIMEOUT_S = env_float("MARSAD_DOC_TIMEOUT", 60)
# Inputs larger than this are rejected ("too-large") before decoding.
MAX_INPUT_BYTES = env_int("MARSAD_MAX_INPUT_BYTES", 20 * 1024 * 1024)
PURE_PYTHON = env_flag("MARSAD_PURE_PYTHON")
# The web app: the largest request body (serve --max-request-bytes), the longest text /analyze takes.
MAX_REQUEST_BYTES = 2 * 1024 * 1024
MAX_ANALYZE_CHARS = 200_000
# The web app's analysis child: past the time limit, how long before one that did not answer is killed;
# how long it may take to start (import marsad, load the models: a cold disk can be slow).
ANALYSIS_GRACE_S = 10.0
ANALYSIS_STARTUP_S = 300.0
# A gzipped sitemap is refused past this once unzipped (the sitemap spec allows 50 MB).
MAX_SITEMAP_UNZIPPED_BYTES = 64 * 1024 * 1024


def default_db() -> str:
    """The archive of the commands' --db: $MARSAD_DB, else ./marsad.db."""
    return env("MARSAD_DB") or DEFAULT_DB


# ---- data files -----------------------------------------------------------------------------------------

def data_root() -> Path:
    """The data directory: $MARSAD_DATA_DIR, else the packaged ``marsad/data``."""
    override = env("MARSAD_DATA_DIR")
    return Path(override) if override else _packaged_data()


@functools.cache
def _packaged_data() -> Path:
    # The package's own directory, as importlib.resources.files("marsad.data") gives it for a package on
    # disk, without importing importlib.resources and zipfile (~10 ms of a one-page extract).
    from . import data

    return Path(data.__file__).parent


def data_path(relative: str) -> Path:
    """A file or folder of the data directory, e.g. ``data_path("events/triggers.yaml")``."""
    return data_root() / relative


def load_rules(relative: str) -> Any:
    """A rule file of the data directory, parsed and checked against its kind's schema (cached)."""
    return load_yaml(data_path(relative), relative)


def load_yaml(path: Path, kind: str | None = None) -> Any:
    """A YAML file parsed once per process, and checked against the schema of `kind` (a path relative to
    the data directory such as ``clean/outlets/rt.yaml``, matched against rules_schema.SCHEMAS) when given;
    a file that cannot be read or parsed, or does not fit its schema, is a ModelError naming it."""
    return _load_yaml(str(path), kind)


@functools.cache
def _load_yaml(path: str, kind: str | None) -> Any:
    import yaml  # only when a rule file is read: `import marsad` stays cheap

    from . import rules_schema

    try:
        text = Path(path).read_text(encoding="utf-8")
        # libyaml's loader when PyYAML has it (the trigger file is read even for `marsad --help`: 10x faster)
        data = yaml.load(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))  # noqa: S506 - safe loader
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as err:
        raise ModelError(f"cannot read the rule file {path}: {err}", source=path) from None
    if kind is not None:
        rules_schema.check(data, kind, path, text)
    return data


_CACHES: list[Callable[..., Any]] = [_load_yaml]
F = TypeVar("F", bound=Callable[..., Any])


def data_cache(func: F) -> F:
    """functools.cache for what is built from the data files (a lexicon, a matcher); `clear_caches` clears it."""
    cached = functools.cache(func)
    _CACHES.append(cached)
    return cached  # type: ignore[return-value]


def register_cache(cached: Any) -> Any:
    """Have `clear_caches` clear this cached function too (an lru_cache built from the data files)."""
    _CACHES.append(cached)
    return cached


def clear_caches() -> None:
    """Forget every rule file read and everything built from them (after the data directory changed)."""
    for cached in _CACHES:
        cached.cache_clear()

"""The optional C modules (marsad.ner._crfdecode, marsad.ingest._minhash) and which path is in use.

setup.py builds them when a C compiler is there and goes on without them when it is not; each user then
takes its pure-Python path (same labels, same signatures, only slower). MARSAD_PURE_PYTHON=1 forces the
pure paths on a machine that has the modules (tests compare both). Read once, at import.
"""

from __future__ import annotations

import importlib
from types import ModuleType

from . import config

PURE_PYTHON = config.PURE_PYTHON  # $MARSAD_PURE_PYTHON (marsad.config)


def optional(name: str) -> ModuleType | None:
    """The compiled module `name`, or None when it was not built (or MARSAD_PURE_PYTHON is set)."""
    if PURE_PYTHON:
        return None
    try:
        return importlib.import_module(name)
    except ImportError:
        return None


# The inner loops and their compiled modules (ner.scorer and ingest.dedup take them through `optional`).
MODULES = {"crf": "marsad.ner._crfdecode", "minhash": "marsad.ingest._minhash"}


def paths() -> dict[str, str]:
    """Which path each inner loop takes in this process: {"crf": "c" | "python", "minhash": "c" | "python"}
    (asked of the modules themselves, so that this module imports none of its users)."""
    return {loop: "c" if optional(name) is not None else "python" for loop, name in MODULES.items()}

"""Imports the built-in stage modules, which register their factories (explicit, in pipeline order)."""

from __future__ import annotations

import importlib

BUILTIN_MODULES = (
    "marsad.clean.stage",
    "marsad.stages.segment",
    "marsad.dates.stage",
    "marsad.stages.entities",
    "marsad.stages.quotes",
    "marsad.stages.events",
)

for _module in BUILTIN_MODULES:
    try:
        importlib.import_module(_module)
    except ModuleNotFoundError as err:  # TEMPORARY during the first build-out; made strict once all exist
        if err.name != _module:
            raise

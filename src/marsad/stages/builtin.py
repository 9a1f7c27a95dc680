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
    importlib.import_module(_module)

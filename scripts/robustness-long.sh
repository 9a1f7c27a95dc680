#!/usr/bin/env bash
# The long robustness run (docs/limits.md): the same tests as `make test` runs in short, with
# MARSAD_LONG=1 — Hypothesis profile "long" (2,000 inputs per fuzz test), 1 GiB decompression bombs,
# 25 SIGKILLs over 300 real documents through the whole pipeline, 1,500 real documents with injected
# corruption. Takes tens of minutes. Usage: scripts/robustness-long.sh [extra pytest arguments]
set -euo pipefail
cd "$(dirname "$0")/.."
PY=${PYTHON:-.venv/bin/python}
export MARSAD_LONG=1
exec "$PY" -m pytest -q -p no:cacheprovider tests/robustness tests/security --hypothesis-show-statistics "$@"

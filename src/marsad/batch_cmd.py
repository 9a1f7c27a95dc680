"""Moved to marsad.cli.batch (issue 20: the commands in one package); this name is kept for existing imports."""

import sys

from .cli import batch as _module

sys.modules[__name__] = _module

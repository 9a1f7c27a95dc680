"""Moved to marsad.cli.extract (issue 20: the commands in one package); this name is kept for existing imports."""

import sys

from .cli import extract as _module

sys.modules[__name__] = _module

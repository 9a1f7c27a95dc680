"""Moved to marsad.cli.watch (issue 20: the commands in one package); this name is kept for existing imports."""

import sys

from .cli import watch as _module

sys.modules[__name__] = _module

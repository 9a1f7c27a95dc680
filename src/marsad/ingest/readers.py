"""Moved to marsad.readers.files (issue 20: one package turns bytes into inputs); this name is kept so
`from marsad.ingest.readers import …` and monkeypatching its module keep working."""

import sys

from ..readers import files as _files

sys.modules[__name__] = _files

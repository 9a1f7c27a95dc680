"""marsad — Arabic news pages in, a structured record of who met whom, who said what, when and where out.

In Python (docs/python.md):

    import marsad
    doc = marsad.analyze(text_or_html, published=None, url=None)   # a marsad.model.Document
    docs = marsad.analyze_many(texts)                               # a generator of Documents
    archive = marsad.open("news.db")                                # archive.search/events/quotes/actors

`import marsad` loads nothing else: the pipeline, its models and the archive are imported on first use.
"""

from __future__ import annotations

__version__ = "0.1.0"

TYPE_CHECKING = False  # not `from typing import …`: importing typing alone would double this import's cost
if TYPE_CHECKING:
    from typing import Any

    from .model import Document
    from .notebook import Archive, analyze, analyze_many
    from .notebook import open_archive as open  # noqa: A004, F401 - marsad.open, as in the docs

# name -> (module, attribute), imported when first asked for
_LAZY = {"analyze": ("marsad.notebook", "analyze"), "analyze_many": ("marsad.notebook", "analyze_many"),
         "open": ("marsad.notebook", "open_archive"), "Archive": ("marsad.notebook", "Archive"),
         "Document": ("marsad.model", "Document")}

__all__ = ["Archive", "Document", "__version__", "analyze", "analyze_many"]  # not `open`: no builtin shadowed


def __getattr__(name: str) -> Any:
    if name not in _LAZY:
        raise AttributeError(f"module 'marsad' has no attribute {name!r}")
    import importlib

    module, attr = _LAZY[name]
    value = getattr(importlib.import_module(module), attr)
    globals()[name] = value  # once
    return value


def __dir__() -> list[str]:
    return sorted([*globals(), *_LAZY])

"""What an input gives the pipeline before any stage runs, and what ingest does with it after the stages.

Ingest starts a Document from the input (its text in `raw`, the title, url, outlet, section and
publication date its metadata gave), runs the stages, then lets the input's metadata fill what the stages
left empty. The archive keeps `raw` and this `given` part with each article (table article_inputs), and
`marsad reanalyse` starts again from them through the same functions, so a re-analysed record is the
record a fresh ingest at the current commit makes.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from ..model import Document, Published
from ..pipeline import Pipeline

GIVEN_FIELDS = ("title", "url", "outlet", "section")


def snapshot(doc: Document) -> dict[str, Any]:
    """The input's part of a Document not yet analysed (kept as `doc.given`)."""
    given: dict[str, Any] = {name: getattr(doc, name) for name in GIVEN_FIELDS}
    given["published"] = doc.published.to_dict() if doc.published else None
    return given


def start_document(source_name: str, raw: str, given: dict[str, Any]) -> Document:
    """A Document as ingest starts it (`given` as `snapshot` made it)."""
    doc = Document(source_name=source_name, raw=raw, **{n: given.get(n) for n in GIVEN_FIELDS})
    published = given.get("published")
    doc.published = Published.from_dict(published) if published else None
    doc.given = snapshot(doc)
    return doc


def apply_input_metadata(doc: Document) -> None:
    """The clean stage may leave metadata alone or overwrite it; the input's own is the better source."""
    given = doc.given or {}
    doc.title = doc.title or given.get("title")
    doc.url = doc.url or given.get("url")
    doc.outlet = doc.outlet or given.get("outlet")


def analyse(pipeline: Pipeline, doc: Document, when_body: Callable[[Document], None] | None = None) -> Document:
    """Run the stages on a Document `start_document` (or ingest) made, as ingest does: the input's metadata
    is set again once the body is known (the clean stage resets title, url and outlet, and the dates stage
    reads the url: an address that names the day dates the article), then `when_body` (ingest's duplicate
    check), and after the last stage `finish_document`."""

    def after_body(doc: Document) -> None:
        apply_input_metadata(doc)
        if when_body is not None:
            when_body(doc)

    doc = pipeline(doc, after_body)
    finish_document(doc)
    return doc


def finish_document(doc: Document) -> None:
    """After the stages: the input's metadata where the stages found none, and a publication date the
    input's metadata gave where the dates stage found none or only inferred one."""
    apply_input_metadata(doc)
    published = (doc.given or {}).get("published")
    if (published and published.get("method") == "metadata"
            and (doc.published is None or doc.published.method in ("none", "inferred"))):
        doc.published = Published.from_dict(published)

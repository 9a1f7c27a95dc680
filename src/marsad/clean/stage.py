"""The "clean" stage: a text dump in `doc.raw` -> title, section, url, credit, outlet, body and the
lines set aside (see marsad.clean.page for how lines are placed)."""

from __future__ import annotations

from ..errors import InputError
from ..model import Document, Published
from ..pipeline import Options, register_stage
from ..provenance import stage_version
from .page import CleanedPage, clean_page

PARAGRAPH_SEPARATOR = "\n\n"
# A date printed in the page's own furniture is strong evidence, but a page can show the date of an
# update or of a related story next to the byline: not 1.0.
FURNITURE_DATE_CONFIDENCE = 0.9


def fill_document(doc: Document, page: CleanedPage) -> Document:
    """Copy a cleaned page into the document; the body is the paragraphs joined by a blank line."""
    doc.title = page.title.text if page.title else None
    doc.section = page.section.text if page.section else None
    doc.url = page.url
    doc.credit = page.credit.text if page.credit else None
    doc.outlet = page.outlet
    doc.body = PARAGRAPH_SEPARATOR.join(p.text for p in page.paragraphs)
    doc.paragraphs = []
    offset = 0
    for para in page.paragraphs:
        doc.paragraphs.append(doc.span(offset, offset + len(para.text)))
        offset += len(para.text) + len(PARAGRAPH_SEPARATOR)
    doc.subheadings = list(page.subheadings)
    doc.captions = list(page.captions)
    doc.removed = list(page.removed)
    if doc.published is None and page.published is not None:
        iso, line = page.published
        doc.published = Published(iso, "metadata", FURNITURE_DATE_CONFIDENCE, [], [f"page furniture: {line}"])
    return doc


CODE_VERSION = "2"  # bump when the cleaning logic changes; the rule files are hashed
RULE_FILES = ("clean/**/*.yaml",)


class CleanStage:
    name = "clean"
    version: str  # CODE_VERSION+hash of the rule files (provenance.stage_version)
    assigns = ("title", "section", "url", "credit", "outlet", "body", "paragraphs", "subheadings", "captions",
               "removed")
    requires = ("raw",)

    def __init__(self) -> None:
        self.version = stage_version(CODE_VERSION, RULE_FILES)

    def __call__(self, doc: Document) -> Document:
        page = clean_page(doc.raw)
        if not page.paragraphs:
            raise InputError("no article text found after removing page furniture", source=doc.source_name,
                             reason="no-body")
        return fill_document(doc, page)


@register_stage("clean")
def make_clean(options: Options) -> CleanStage:
    return CleanStage()

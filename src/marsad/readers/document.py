"""From an input to the Document the pipeline analyses: the page's main text and metadata, the language
check, the publication date from metadata. `marsad extract`, `ingest`, `batch`, `watch`, the web's
/analyze and marsad.analyze() all run an input through `to_document`, so they give the same record."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from ..errors import InputError
from ..io import check_text
from ..model import Document, Published
from .files import InputItem
from .language import arabic_parts
from .page import PageMeta, page_metadata

if TYPE_CHECKING:
    from ..pipeline import Pipeline

# Methods of a publication date the page (or the input) stated, as opposed to one inferred from the text.
_STATED = ("metadata", "user")
_URL_YEAR = re.compile(r"/((?:19|20)\d\d)(?=[/_-])")


def input_published(item: InputItem, published: str | None = None, page: PageMeta | None = None
                    ) -> Published | None:
    """The publication date an input's metadata gives (`published`, else the item's own, else the HTML
    page's own statements `page`), or its crawl time, which the dates stage reads as an upper bound
    (dates.anchor_from_crawl); None without any. The ingest, the batch workers and the benchmarks all
    start a document from it."""
    published = published or item.published
    if published:
        return Published(published[:10], "metadata", 0.9, [], [f"from the {item.kind} input's metadata"])
    if page is not None and page.published:
        others = [day for day, _ in page.candidates if day != page.published]
        return Published(page.published, page.method, 0.9, others, page.evidence())
    if item.crawled:
        # as read (a day, or a time whose hour the dates stage reads: dates.anchor.crawl_time)
        return Published(item.crawled, "crawled", 0.0, [], [f"crawl time from the {item.kind} input"])
    return None


def to_document(item: InputItem, pipeline: Pipeline, when_body: Callable[[Document], None] | None = None, *,
                published: Published | None = None) -> Document:
    """Run one input through the pipeline, with the input's metadata (title, url, date) set on the Document
    (`when_body`: see Pipeline.__call__); `published`: a date the user gave, over any metadata."""
    title, url, outlet, section = item.title, item.url, item.outlet, item.section
    text, page = item.text, None
    if item.is_html:
        page = page_metadata(item.text, item.url)
        text = page.text
        title = title or page.title
        url = url or page.url
        outlet = outlet or page.site
        section = section or page.section
        if not text.strip():
            raise InputError("no main text found in the HTML", source=item.source_key, reason="no-body")
        text = "\n\n".join(p.strip() for p in text.splitlines() if p.strip())
        check_text(text, item.source_key)  # the page may decode yet hold no Arabic article
    text = arabic_parts(text, item.source_key)  # Persian, Urdu, Sorani: refused; their paragraphs left out
    doc = Document(source_name=item.source_key, raw=text, title=title, url=url, outlet=outlet, section=section)
    doc.published = published or input_published(item, page=page)
    doc.given = snapshot(doc)  # kept by the archive with `raw`: what `marsad reanalyse` starts from
    doc = analyse(pipeline, doc, when_body)
    if not doc.body.strip():
        raise InputError("no body text after cleaning", source=item.source_key, reason="no-body")
    return doc


# What an input gives the pipeline before any stage runs (`Document.given`), and what is done with it after
# the stages. The archive keeps `raw` and `given` with each article (table article_inputs) and `marsad
# reanalyse` starts again from them through start_document and analyse, so a re-analysed record is the
# record a fresh ingest at the current commit makes.
GIVEN_FIELDS = ("title", "url", "outlet", "section")


def snapshot(doc: Document) -> dict[str, Any]:
    """The input's part of a Document not yet analysed (kept as `doc.given`)."""
    given: dict[str, Any] = {name: getattr(doc, name) for name in GIVEN_FIELDS}
    given["published"] = doc.published.to_dict() if doc.published else None
    return given


def start_document(source_name: str, raw: str, given: dict[str, Any]) -> Document:
    """A Document as to_document starts it (`given` as `snapshot` made it)."""
    doc = Document(source_name=source_name, raw=raw, **{n: given.get(n) for n in GIVEN_FIELDS})
    published = given.get("published")
    doc.published = Published.from_dict(published) if published else None
    doc.given = snapshot(doc)
    return doc


def apply_input_metadata(doc: Document) -> None:
    """The clean stage may leave metadata alone or overwrite it; the input's own is the better source."""
    given = doc.given or {}
    for name in GIVEN_FIELDS:
        setattr(doc, name, getattr(doc, name) or given.get(name))


def analyse(pipeline: Pipeline, doc: Document, when_body: Callable[[Document], None] | None = None) -> Document:
    """Run the stages on a Document to_document or start_document made: the input's metadata is set again
    once the body is known (the clean stage resets title, url and outlet, and the dates stage reads the
    url: an address that names the day dates the article) — with or without a duplicate check, so batch
    workers date documents as the in-process ingest does —, then `when_body` (ingest's duplicate check),
    and after the last stage `finish_document`."""

    def after_body(doc: Document) -> None:
        apply_input_metadata(doc)
        if when_body is not None:
            when_body(doc)

    doc = pipeline(doc, after_body)
    finish_document(doc)
    return doc


def finish_document(doc: Document) -> None:
    """After the stages: the input's metadata where the stages found none, a publication date the input
    stated where the dates stage found none or only inferred one, and no inferred date far from the
    page's own evidence."""
    apply_input_metadata(doc)
    published = (doc.given or {}).get("published")
    if (published and str(published.get("method") or "").startswith(_STATED)
            and (doc.published is None or doc.published.method in ("none", "inferred"))):
        doc.published = Published.from_dict(published)
    _near_page_year(doc)


def _near_page_year(doc: Document) -> None:
    """An inferred date is never preferred far from the page's own evidence: when the address names a
    year (…/2020/…) and the date inferred from the text is more than a year away (a 1966 death recalled
    in a 2020 story), a candidate near that year is taken, else the date is left unknown."""
    pub = doc.published
    m = _URL_YEAR.search(doc.url or "")
    if pub is None or pub.method != "inferred" or not pub.date or m is None:
        return
    year = int(m.group(1))
    if abs(int(pub.date[:4]) - year) <= 1:
        return
    near = [c for c in pub.candidates if str(c)[:4].isdigit() and abs(int(str(c)[:4]) - year) <= 1]
    note = f"the address names {year}; {pub.date} inferred from the text is far from it"
    if near:
        doc.published = Published(str(near[0])[:10], "inferred", pub.confidence / 2,
                                  [pub.date, *[str(c) for c in pub.candidates if c != near[0]]], [*pub.evidence, note])
    else:
        doc.published = Published(None, "none", 0.0, [pub.date, *map(str, pub.candidates)], [*pub.evidence, note])

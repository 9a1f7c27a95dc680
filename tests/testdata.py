"""Where test data lives. Real data is read from ../shared/ (never copied here); `shared_path` skips the
test with a clear reason when it is absent, as on a user's fresh clone. (A plain module, not conftest:
tests/browser has a conftest of its own, and two modules named conftest cannot both be imported.)"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parent.parent
SHARED = Path(__file__).resolve().parents[2] / "shared"
FIXTURES = Path(__file__).resolve().parent / "fixtures"


def shared_path(relative: str) -> Path:
    path = SHARED / relative
    if not path.exists():
        pytest.skip(f"needs ../shared/{relative} (real data, not in the repository); absent here")
    return path


def run_dates(text: str, published: str = "2015-08-04", method: str = "metadata") -> Any:
    """The segment and dates stages on one paragraph of `text`, dated `published` (a Tuesday by default) by
    `method`; today fixed and no tenures, so only the dates stage decides. Every span is checked."""
    from marsad.dates.stage import DatesStage
    from marsad.model import Document, Published, Span
    from marsad.stages.segment import SegmentStage

    doc = Document(body=text, paragraphs=[Span(0, len(text), text)], published=Published(published, method, 1.0))
    doc = DatesStage(today=lambda: date(2026, 11, 28), tenure=lambda text, kb: [])(SegmentStage()(doc))
    for d in doc.dates:
        assert doc.body[d.start:d.end] == d.text
    return doc


def found_dates(doc: Any) -> dict[str, object]:
    """Each date mention's text and its value: an interval as (start, end), else the day or the days."""
    return {d.text: tuple(d.interval) if d.interval else d.value or d.values for d in doc.dates}


def quote_doc(text: str, entities: list[dict[str, Any]], published: str = "2024-03-05") -> Any:
    """A one-article gold record of `text` with `entities` (evaluate.build_document: the pipeline up to the
    quotes stage, these entities given, no gold dates), published on `published`: the quotes rounds' input."""
    from marsad.evaluate import build_document

    return build_document({"id": "t", "text": text, "entities": entities, "dates": [], "published": published})


def checked_quote_doc(text: str, entities: list[dict[str, Any]]) -> Any:
    """`quote_doc`, with every quote's span checked against the body it points into."""
    doc = quote_doc(text, entities)
    for q in doc.quotes:
        assert doc.body[q.start:q.end] == q.text
    return doc


def quote_starting(doc: Any, words: str) -> Any:
    """The first quote of `doc` whose text starts with `words` (the test fails, listing the quotes, if none)."""
    found = [q for q in doc.quotes if q.text.startswith(words)]
    assert found, [q.text for q in doc.quotes]
    return found[0]


def said(doc: Any) -> list[tuple[str | None, str]]:
    """Each quote's speaker (entity id) and text, in order."""
    return [(q.speaker, q.text) for q in doc.quotes]


def speakers(doc: Any) -> list[tuple[str | None, str | None]]:
    """Each quote's speaker (entity id) and speaker name, in order."""
    return [(q.speaker, q.speaker_name) for q in doc.quotes]


def gold_entity(id_: str, type_: str, name: str, *surfaces: str, roles: tuple[str, ...] = ()) -> dict[str, Any]:
    """A gold-file entity (docs/events.md): its name is also its first surface."""
    return {"id": id_, "type": type_, "name": name, "surfaces": [name, *surfaces], "roles": list(roles)}


def gold_person(id_: str, name: str, *surfaces: str, roles: tuple[str, ...] = ()) -> dict[str, Any]:
    return gold_entity(id_, "PER", name, *surfaces, roles=roles)


def run_entities(body: str, day: str = "2015-08-05") -> Any:
    """`body` as one paragraph published on `day`, through the segment and entities stages; every mention is
    checked to point into the body."""
    from marsad.model import Document, Published, Span
    from marsad.stages.entities import EntitiesStage
    from marsad.stages.segment import SegmentStage

    doc = Document(body=body, paragraphs=[Span(0, len(body), body)])
    doc.published = Published(day, "user", 1.0)
    doc = EntitiesStage()(SegmentStage()(doc))
    for e in doc.entities:
        for m in e.mentions:
            assert doc.body[m.start:m.end] == m.text
    return doc


def mention_texts(entity: Any) -> list[str]:
    """An entity's mentions as written, in order."""
    return [m.text for m in entity.mentions]


def entity(id_: str, name: str, *surfaces: str, type_: str = "PER") -> dict[str, Any]:
    """A gold-file entity, a person unless `type_` says otherwise (the events rounds' shorthand)."""
    return gold_entity(id_, type_, name, *surfaces)


def event_doc(text: str, entities: list[dict[str, Any]], published: str,
              dates: list[dict[str, Any]] | None = None) -> Any:
    """A one-article gold record through the pipeline with these entities and dates given (none by default):
    the events rounds' input."""
    from marsad.evaluate import build_document

    return build_document({"id": "t", "text": text, "entities": entities, "dates": dates or [],
                           "published": published})


def pipeline_doc(text: str, published: str) -> Any:
    """A one-article record through the whole pipeline: entities and dates found, not given."""
    from marsad.evaluate import build_document

    return build_document({"id": "t", "text": text, "entities": [], "dates": [], "published": published},
                          use_given=False)

"""The data model: JSON round trip and the published schema."""

from __future__ import annotations

import json
from importlib import resources

import jsonschema
import pytest

from marsad.model import (
    DateMention,
    Document,
    Entity,
    Event,
    Line,
    Published,
    Quote,
    Role,
    Span,
)


def _schema() -> dict:
    return json.loads(resources.files("marsad").joinpath("schema/document.schema.json").read_text("utf-8"))


def hand_built() -> Document:
    body = "قال الوزير إن اللقاء كان مثمرا.\n\nوأضاف أمس أن الجانبين اتفقا."
    doc = Document(source_name="hand", title="عنوان", body=body, raw=body)
    doc.paragraphs = [doc.span(0, 31), doc.span(33, len(body))]
    doc.removed = [Line("موافق", 9, reason="consent-button")]
    doc.captions = [Line("عنوان", 5, credit="رويترز")]
    doc.published = Published("2015-08-13", "user", 1.0, [], ["given"])
    doc.dates = [DateMention("d1", 39, 42, body[39:42], "relative", value="2015-08-12", rule="yesterday")]
    doc.entities = [Entity("e1", "PER", "الوزير", "the minister", None, [Role("الوزير", office="minister")],
                           [doc.span(4, 10)])]
    doc.quotes = [Quote("q1", "e1", "الوزير", body[14:30], "indirect", "قال", 14, 30, doc.span(0, 3))]
    doc.events = [Event("v1", "CONSULT", "meet", "040", ["e1"], [], "2015-08-13", None, None, None, "happened",
                        doc.span(14, 20), [doc.span(14, 20)], 0.8)]
    return doc


def test_round_trip_keeps_every_field() -> None:
    doc = hand_built()
    data = doc.to_dict(internal=True)
    again = Document.from_dict(json.loads(json.dumps(data, ensure_ascii=False)))
    assert again == doc
    assert isinstance(again.entities[0].roles[0], Role)
    assert isinstance(again.events[0].trigger, Span)


def test_output_validates_against_published_schema() -> None:
    jsonschema.validate(hand_built().to_dict(), _schema())


def test_schema_rejects_a_broken_record() -> None:
    data = hand_built().to_dict()
    data["quotes"][0]["kind"] = "shouted"
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(data, _schema())


def test_internal_layers_left_out_by_default() -> None:
    data = hand_built().to_dict()
    assert "raw" not in data and "tokens" not in data
    assert "raw" in hand_built().to_dict(internal=True)


def test_span_outside_body_is_refused() -> None:
    with pytest.raises(ValueError):
        hand_built().span(0, 10_000)


def test_every_reported_span_is_a_slice_of_body() -> None:
    doc = hand_built()
    for layer, start, end, text in doc.all_spans():
        assert doc.body[start:end] == text, layer

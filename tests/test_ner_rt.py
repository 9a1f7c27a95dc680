"""The RT sample (read from ../shared, never copied): the people of the article are found as PER, and
no weekday, month or verb is. A test of generality: nothing in marsad.ner names these people."""

from __future__ import annotations

import re

import pytest

from marsad.io import read_document
from marsad.model import Document, Span
from marsad.ner import recognize
from marsad.ner.lexicon import load_lexicons, norm_word
from marsad.pipeline import Options, Pipeline
from marsad.stages.segment import SegmentStage

PEOPLE = [
    "لافروف", "خالد خوجة", "ماريا زاخاروفا", "ميخائيل بوغدانوف", "هيثم مناع", "عادل الجبير", "صالح مسلم",
    "رمزي عزالدين رمزي", "ستيفان دي ميستورا", "خالد المحيميد", "جهاد مقدسي", "جمال سليمان",
]

pytestmark = pytest.mark.shared


def lines_doc(path) -> Document:
    """Body = the file as is, one paragraph per non-empty line, then the segment stage."""
    text = path.read_text(encoding="utf-8")
    doc = Document(body=text)
    doc.paragraphs = [Span(m.start(), m.end(), m.group()) for m in re.finditer(r"[^\n]+", text)]
    return SegmentStage()(doc)


def cleaned_doc(path) -> Document:
    try:
        pipeline = Pipeline.from_options(Options(stages=["clean", "segment"]))
    except Exception as err:  # the clean stage belongs to another module; its absence is not ours to test
        pytest.skip(f"clean stage unavailable: {err}")
    return pipeline(read_document(str(path)))


@pytest.fixture(scope="module", params=["lines", "clean"])
def rt_mentions(request):
    from testdata import shared_path

    path = shared_path("samples/rt-ar-gyc7.txt")
    doc = lines_doc(path) if request.param == "lines" else cleaned_doc(path)
    found = recognize(doc)
    for m in found:
        assert doc.body[m.start:m.end] == m.text
    return doc, found


def test_people_are_found(rt_mentions):
    _, found = rt_mentions
    persons = {m.text for m in found if m.type == "PER"}
    missing = [p for p in PEOPLE if p not in persons]
    assert not missing, f"not found as PER: {missing}; found {sorted(persons)}"


def test_every_occurrence_of_a_surname_is_found(rt_mentions):
    doc, found = rt_mentions
    starts = {m.start for m in found if m.type == "PER"}
    for surname in ("لافروف", "خوجة"):
        for m in re.finditer(surname, doc.body):
            covered = any(p.start <= m.start() < p.end for p in found if p.type == "PER")
            assert covered, f"{surname} at {m.start()} not in a PER mention"
    # "ولافروف"/"وخوجة": the mention starts after the conjunction.
    for m in re.finditer(r"و(لافروف|خوجة)", doc.body):
        assert m.start() + 1 in starts


def test_no_weekday_month_or_verb_is_a_person(rt_mentions):
    _, found = rt_mentions
    lex = load_lexicons()
    for m in found:
        if m.type != "PER":
            continue
        for word in m.text.split():
            w = norm_word(word)
            assert not lex.has("stop", w), f"{m.text!r} contains the stop word {word!r}"
            assert not lex.has("title", w), f"{m.text!r} contains the title {word!r}"

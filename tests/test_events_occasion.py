"""An act told without a date takes the day of the occasion its sides met at (GUIDE: "the day it happened if the
text says or clearly implies it"). Sentences written by the team; the entities are given, the dates found."""

from __future__ import annotations

from testdata import entity

from marsad.evaluate import build_document

_p = entity


def _doc(text: str, entities: list[dict], published: str = "2015-08-06"):
    # a headline first: the lead paragraph's undated acts are the day's news (a rule of its own)
    return build_document({"id": "t", "text": "مباحثات سعودية مصرية\n" + text, "entities": entities,
                           "published": published})


JUBEIR = _p("jub", "عادل الجبير", "الجبير")
SHOUKRY = _p("shk", "سامح شكري", "شكري")
EGYPT = _p("eg", "مصر", type_="LOC")
COALITION = _p("coal", "التحالف العربي", type_="ORG")


def _by_type(doc) -> dict[str, str | None]:
    return {e.type: e.date for e in doc.events}


def test_praise_after_a_dated_meeting_takes_the_meetings_day():
    doc = _doc("استقبل وزير الخارجية عادل الجبير أمس في جدة نظيره المصري سامح شكري. وأشاد الجبير بدور مصر في دعم "
               "التحالف العربي.", [JUBEIR, SHOUKRY, EGYPT, COALITION])
    got = _by_type(doc)
    assert got["CONSULT"] == "2015-08-05"
    assert got["SUPPORT"] == "2015-08-05"


def test_no_day_is_given_when_the_sides_met_on_two_days():
    doc = _doc("التقى عادل الجبير أمس سامح شكري. والتقى الجبير يوم الاثنين الماضي وزير الدفاع المصري صدقي صبحي. "
               "وأشاد الجبير بدور مصر.", [JUBEIR, SHOUKRY, EGYPT, _p("sob", "صدقي صبحي")])
    assert sorted(e.date for e in doc.events if e.type == "CONSULT") == ["2015-08-03", "2015-08-05"]
    assert _by_type(doc).get("SUPPORT") is None


def test_an_act_told_as_earlier_keeps_no_day():
    doc = _doc("استقبل عادل الجبير أمس سامح شكري. وكان الجبير قد أشاد بدور مصر في التحالف العربي.",
               [JUBEIR, SHOUKRY, EGYPT, COALITION])
    assert _by_type(doc).get("SUPPORT") is None


def test_an_old_occasion_gives_no_day_to_an_undated_act():
    # talks a month before the article are background: the praise is not dated by them
    doc = _doc("والتقى عادل الجبير سامح شكري في الخامس من يوليو الماضي. وأشاد الجبير بدور مصر في التحالف العربي.",
               [JUBEIR, SHOUKRY, EGYPT, COALITION])
    got = _by_type(doc)
    assert got["CONSULT"] == "2015-07-05"
    assert got.get("SUPPORT") is None


def test_other_talks_of_the_same_side_are_not_dated_by_the_first():
    # a tour: the second meeting may be another day; only acts (not talks) take the occasion's day
    doc = _doc("التقى عادل الجبير أمس سامح شكري. كما التقى الجبير وزير الدفاع المصري صدقي صبحي.",
               [JUBEIR, SHOUKRY, _p("sob", "صدقي صبحي")])
    dates = {tuple(e.target or e.source): e.date for e in doc.events if e.type == "CONSULT"}
    assert sorted(d for d in dates.values() if d) == ["2015-08-05"]

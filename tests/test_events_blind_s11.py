"""Events (issue 19): constructions read on the released blind set s11 (/work/notes/blind-s11-diagnosis.md),
each tested on sentences the team wrote. Entities and dates are given: the tests check the events stage."""

from __future__ import annotations

from functools import partial

from testdata import entity, event_doc

_doc = partial(event_doc, published="2015-08-01")
_p = entity


def _events(doc) -> list[tuple[str, str | None, list[str], list[str]]]:
    by_id = {e.id: e.name for e in doc.entities}
    return [(e.type, e.mode, [by_id[i] for i in e.source], [by_id[i] for i in e.target]) for e in doc.events]


BLINKEN = _p("blinken", "أنتوني بلينكن", "بلينكن")
INDONESIA = _p("indonesia", "إندونيسيا", type_="LOC")
GCC = _p("gcc", "مجلس التعاون الخليجي", type_="ORG")
ARAB_LEAGUE = _p("league", "جامعة الدول العربية", type_="ORG")


def test_a_date_range_after_a_visit_is_a_stay_not_an_amount() -> None:
    # "من 10 الى 12 سبتمبر": the figure after الى is a day the dates stage reads, not "prices reach 15 thousand"
    text = "وأعلنت الخارجية أن الوزير أنتوني بلينكن يزور إندونيسيا من 10 الى 12 سبتمبر في أول جولة له في المنطقة."
    doc = _doc(text, [BLINKEN, INDONESIA], dates=[{"text": "من 10 الى 12 سبتمبر",
                                                 "interval": ["2015-09-10", "2015-09-12"]}])
    assert ("CONSULT", "visit", ["أنتوني بلينكن"], ["إندونيسيا"]) in _events(doc)


def test_a_figure_after_the_verb_is_still_an_amount() -> None:
    # the guard itself stays: no date covers "15", so the verb reaches a figure and nobody travels
    text = "وقال الوزير أنتوني بلينكن إن أسعار الوقود في إندونيسيا تصل إلى 15 ألف روبية للتر."
    doc = _doc(text, [BLINKEN, INDONESIA])
    assert not [e for e in doc.events if e.type == "CONSULT"]


def test_counterparts_from_a_body_are_that_body() -> None:
    # "نظراءه من/في دول X": the counterparts of a body or its states; X is the side met, not a place
    text = "وأكد الوزير أنتوني بلينكن أنه سيلتقي نظراءه من دول مجلس التعاون الخليجي الأسبوع المقبل."
    assert ("CONSULT", "meet", ["أنتوني بلينكن"], ["مجلس التعاون الخليجي"]) in _events(_doc(text, [BLINKEN, GCC]))
    text = "ويجتمع الوزير أنتوني بلينكن غدا مع نظرائه في جامعة الدول العربية لبحث الأزمة."
    events = _events(_doc(text, [BLINKEN, ARAB_LEAGUE]))
    assert [e for e in events if e[0] == "CONSULT" and "جامعة الدول العربية" in e[3]], events


def test_a_counterpart_in_a_place_stays_a_place() -> None:
    # only a counterpart noun makes في a side: "التقى X في إندونيسيا" is where
    text = "والتقى الوزير أنتوني بلينكن في إندونيسيا رئيس الوزراء."
    events = _events(_doc(text, [BLINKEN, INDONESIA]))
    assert not [e for e in events if "إندونيسيا" in e[3]], events


GERMANY = _p("germany", "ألمانيا", type_="LOC")
SAUDI = _p("saudi", "السعودية", type_="LOC")
BERLIN = _p("berlin", "برلين", type_="LOC")
RIYADH = _p("riyadh", "الرياض", type_="LOC")
STEIN = _p("stein", "هانز مولر", "مولر")


def test_names_in_the_frame_after_wadhalika_are_no_parties() -> None:
    # "وذلك ضمن التعاون بين برلين والرياض": the frame of the visit, not its sides; the visit stays the speaker's
    text = ("وقال وزير الدولة الألماني هانز مولر إن بلاده حريصة على العلاقات مع السعودية.\n"
            "وأعلن مولر أنه سيزور السعودية في أكتوبر المقبل وذلك ضمن التعاون الاستراتيجي بين برلين والرياض.")
    events = _events(_doc(text, [STEIN, SAUDI, BERLIN, RIYADH, GERMANY]))
    assert ("CONSULT", "visit", ["هانز مولر"], ["السعودية"]) in events, events
    assert not [e for e in events if "برلين" in e[2] + e[3]], events


BAHAH = _p("pm", "سالم العولقي", "العولقي")
KSA = _p("ksa", "السعودية", type_="LOC")
RELIEF = _p("relief", "مركز الملك سلمان للإغاثة", type_="ORG")


def test_praise_of_a_deed_is_for_who_does_it_in_the_relative_clause() -> None:
    # the thing praised is taken back by the relative clause's verb (ـها, or به/بها): its subject is praised
    cases = [
        ("وأعرب رئيس الوزراء سالم العولقي، عن تقديره البالغ للدور الذي تضطلع به دول مجلس التعاون الخليجي في دعم بلاده.",
         "مجلس التعاون الخليجي"),
        ("وأشاد سالم العولقي بالجهود الكبيرة التي تبذلها السعودية لإغاثة النازحين.", "السعودية"),
        ("وأعرب سالم العولقي عن شكره للجهود التي يبذلها مركز الملك سلمان للإغاثة في المحافظات.",
         "مركز الملك سلمان للإغاثة"),
    ]
    for text, praised in cases:
        events = _events(_doc(text, [BAHAH, GCC, KSA, RELIEF]))
        assert ("SUPPORT", None, ["سالم العولقي"], [praised]) in events, (text, events)


def test_a_relative_clause_about_another_thing_names_no_one_praised() -> None:
    # "النتائج التي تحققت في السعودية": the relative verb does not take the noun back, the place did no deed
    text = "وأعرب سالم العولقي عن ارتياحه للنتائج التي تحققت في السعودية خلال الأسبوع."
    events = _events(_doc(text, [BAHAH, KSA]))
    assert not [e for e in events if e[0] == "SUPPORT"], events

"""Events (issue 19, blind-s11): the light verb "قام بـ" + an attack's verbal noun ("قامت الميليشيا بتفجير …").
Its subject, before it or between it and the noun, is the one who strikes; no event when that subject is
unnamed ("قام انتحاري بتفجير نفسه"). Entities are given: the tests check the events stage."""

from __future__ import annotations

from functools import partial

from testdata import entity, event_doc

_doc = partial(event_doc, published="2015-08-01")
_p = entity


def _events(doc) -> list[tuple[str, list[str], list[str]]]:
    by_id = {e.id: e.name for e in doc.entities}
    return [(e.type, [by_id[i] for i in e.source], [by_id[i] for i in e.target]) for e in doc.events]


HOUTHIS = _p("houthis", "الحوثيون", "ميليشيا الحوثي", "ميليشيات الحوثي", type_="ORG")
ARMY = _p("army", "الجيش العراقي", type_="ORG")
ISIS = _p("isis", "داعش", "تنظيم داعش", type_="ORG")
COALITION = _p("coalition", "قوات التحالف", type_="ORG")
POLICE = _p("police", "الشرطة التركية", type_="ORG")
KUWAIT = _p("kuwait", "الكويت", type_="LOC")
TAIZ = _p("taiz", "تعز", type_="LOC")


def test_the_subject_before_the_light_verb_strikes() -> None:
    text = "وقال إن ميليشيا الحوثي قامت بتفجير مخازن الوقود في المدينة صباح أمس."
    assert ("ASSAULT", ["الحوثيون"], []) in _events(_doc(text, [HOUTHIS]))


def test_a_name_opening_a_quote_after_a_colon_is_no_dateline() -> None:
    # 'وتابع: «ميليشيا الحوثي …': the quote's subject at a paragraph's head, not an agency's dateline
    text = "وتابع: «ميليشيا الحوثي قامت بتفجير مخازن الوقود في مدينة تعز»."
    assert ("ASSAULT", ["الحوثيون"], []) in _events(_doc(text, [HOUTHIS, TAIZ]))


def test_the_subject_between_the_verb_and_the_noun_is_the_source_not_the_target() -> None:
    # VSO: "قامت قوات التحالف باستهداف مواقع داعش": the coalition strikes, ISIS is struck
    text = "وقامت قوات التحالف باستهداف مواقع تنظيم داعش قرب الحدود العراقية."
    assert _events(_doc(text, [COALITION, ISIS])) == [("ASSAULT", ["قوات التحالف"], ["داعش"])]
    text = "وأوضح البيان أن التنظيم يعاني نقص الذخيرة في الوقت الذي يقوم فيه الجيش العراقي بمهاجمة داعش."
    assert ("ASSAULT", ["الجيش العراقي"], ["داعش"]) in _events(_doc(text, [ARMY, ISIS]))


def test_an_arrest_told_with_the_light_verb_is_coercion() -> None:
    text = "وقامت الشرطة التركية باعتقال عشرين مشتبها بهم في إسطنبول."
    assert ("COERCE", ["الشرطة التركية"], []) in _events(_doc(text, [POLICE]))


def test_an_unnamed_subject_makes_no_event() -> None:
    # a suicide bomber, gunmen, "عناصر الشرطة": no one named strikes (and the place is no target)
    text = "وقام انتحاري بتفجير نفسه داخل مسجد في الكويت خلال صلاة الجمعة."
    assert not [e for e in _events(_doc(text, [KUWAIT])) if e[0] == "ASSAULT"]
    text = "وفي الشهر الماضي قامت انتحاريتان بتفجير نفسيهما في سوق قرب الكويت."
    assert not [e for e in _events(_doc(text, [KUWAIT])) if e[0] == "ASSAULT"]
    text = "وقامت عناصر من الشرطة باعتقال مسؤول في تنظيم داعش."
    assert not [e for e in _events(_doc(text, [ISIS])) if e[0] == "COERCE"]


def test_a_date_between_the_verb_and_the_noun_is_no_subject() -> None:
    text = "وكان الحوثيون قاموا الأحد بقصف أحياء سكنية في تعز."
    dates = [{"text": "الأحد", "value": "2015-07-26"}]
    assert [e for e in _events(_doc(text, [HOUTHIS, TAIZ], dates=dates)) if e[:2] == ("ASSAULT", ["الحوثيون"])]


def test_a_siege_and_a_blast_told_with_light_verbs_are_two_acts() -> None:
    text = ("وتابع: «ميليشيات الحوثي قامت بحصار مدينة تعز لأكثر من مئة يوم». "
            "وأضاف: «ميليشيا الحوثي قامت بتفجير مخازن الوقود في المدينة».")
    assert len([e for e in _events(_doc(text, [HOUTHIS, TAIZ])) if e[0] == "ASSAULT"]) == 2


RESISTANCE = _p("resistance", "المقاومة الشعبية", type_="ORG")
ADEN = _p("aden", "عدن", type_="LOC")


def test_a_named_force_that_takes_a_place_back_strikes() -> None:
    # "تمكنت/استطاعت X (من) تحرير/استعادة Y": X's offensive; the hold it breaks follows "من قبضة"
    text = "وتمكنت القوات العراقية أمس من تحرير حي التأميم من قبضة تنظيم داعش."
    army = _p("iraqi", "القوات العراقية", type_="ORG")
    assert ("ASSAULT", ["القوات العراقية"], ["داعش"]) in _events(_doc(text, [army, ISIS]))
    text = "وأعرب الوزير عن ارتياحه لتطورات المعارك، إذ استطاعت المقاومة الشعبية استعادة عدن وعدد من المدن."
    assert [e for e in _events(_doc(text, [RESISTANCE, ADEN])) if e[:2] == ("ASSAULT", ["المقاومة الشعبية"])]


def test_freeing_hostages_or_editing_video_or_no_named_force_is_no_recapture() -> None:
    text = "وتمكنت الشرطة التركية من تحرير الرهائن بعد مفاوضات استمرت ساعات."
    assert not [e for e in _events(_doc(text, [POLICE])) if e[0] == "ASSAULT"]
    text = "وتمكن شبان من أبناء الحي من تحرير مدينة عدن بعد معارك عنيفة."
    assert not [e for e in _events(_doc(text, [ADEN])) if e[0] == "ASSAULT"]


def test_barrel_bombs_dropped_by_a_named_force_are_an_assault() -> None:
    syrian_army = _p("sa", "الجيش السوري", type_="ORG")
    text = "وأشار الوزير إلى ما يقوم به الجيش السوري بإلقاء البراميل المتفجرة على الأحياء السكنية."
    assert [e for e in _events(_doc(text, [syrian_army])) if e[:2] == ("ASSAULT", ["الجيش السوري"])]
    text = "وقالت مصادر محلية إن الجيش السوري ألقى عشرة براميل متفجرة على البلدة."
    assert [e for e in _events(_doc(text, [syrian_army])) if e[:2] == ("ASSAULT", ["الجيش السوري"])]
    # the helicopters of no one named; a speech delivered
    text = "وألقى الطيران المروحي عشرة براميل متفجرة على البلدة."
    assert not [e for e in _events(_doc(text, [syrian_army])) if e[0] == "ASSAULT"]
    text = "وألقى الجيش السوري منشورات على البلدة تدعو المسلحين إلى الاستسلام."
    assert not [e for e in _events(_doc(text, [syrian_army])) if e[0] == "ASSAULT"]

"""Events merging, round 2 (issue 19): distinct occurrences of one type are kept apart where the text marks
them as distinct, and the repeated mentions of one occurrence still merge. Sentences written by the team;
the entities are given (the tests check the events stage, not the recogniser)."""

from __future__ import annotations

from functools import partial

from testdata import entity, event_doc

from marsad.evaluate import build_document

_doc = partial(event_doc, published="2015-08-02")


_p = entity


def _events(doc) -> list[tuple[str, str | None, list[str], list[str]]]:
    by_id = {e.id: e.name for e in doc.entities}
    return [(e.type, e.mode, [by_id[i] for i in e.source], [by_id[i] for i in e.target]) for e in doc.events]


SALEH = _p("saleh", "الرئيس فولكان صالح", "صالح")
MOHSEN = _p("mohsen", "الرئيس داود محسن", "محسن")


def test_a_greeting_on_arrival_is_no_part_of_the_talks():
    # the host at the airport and the talks of the visit are two occurrences
    doc = _doc("وصل الرئيس فولكان صالح إلى العاصمة ويلتقي الرئيس داود محسن.\n"
               "وسيجري صالح محادثات مع الرئيس داود محسن حول التجارة.\n"
               "وحطت طائرة الرئيس صالح في المطار مساء الجمعة، حيث كان باستقباله الرئيس محسن.",
               [SALEH, MOHSEN])
    events = _events(doc)
    assert ("CONSULT", "host", ["الرئيس داود محسن"], ["الرئيس فولكان صالح"]) in events
    assert len([e for e in events if e[1] == "meet"]) == 1


def test_a_reception_and_its_talks_stay_one_event():
    # "استقبل X Y … وجرى خلال اللقاء بحث": one occurrence told twice
    doc = _doc("استقبل الرئيس داود محسن في قصره أمس الرئيس فولكان صالح.\n"
               "وجرى خلال اللقاء بحث العلاقات الثنائية بين البلدين.", [SALEH, MOHSEN])
    assert [e[:2] for e in _events(doc) if e[0] == "CONSULT"] == [("CONSULT", "host")]


US = _p("us", "الولايات المتحدة", type_="LOC")
ISIS = _p("isis", "تنظيم داعش", "داعش", type_="ORG")
PKK = _p("pkk", "حزب العمال الكردستاني", type_="ORG")
TURKEY = _p("turkey", "تركيا", type_="LOC")


def test_strikes_to_come_are_not_the_strikes_done():
    doc = _doc("شنت الولايات المتحدة يوم الجمعة غارات جوية على مواقع تنظيم داعش قرب الحدود.\n"
               "وقال مسؤولون إن الولايات المتحدة ستشن هجمات جديدة ضد أهداف داعش في الأسابيع المقبلة.",
               [US, ISIS])
    assaults = [e for e in doc.events if e.type == "ASSAULT"]
    assert sorted(e.status for e in assaults) == ["happened", "planned"]


def test_a_strike_told_again_stays_one_event():
    # the headline's noun, the lead's verb and "الغارات" after: one strike
    doc = _doc("غارات تركية على مواقع حزب العمال الكردستاني\n"
               "شنت تركيا أمس غارات جوية على مواقع حزب العمال الكردستاني في شمال العراق.\n"
               "وأسفرت الغارات عن تدمير مخازن للأسلحة بحسب مصادر تركيا.", [TURKEY, PKK])
    assert [(e[0], e[2]) for e in _events(doc) if e[0] == "ASSAULT"] == [("ASSAULT", ["تركيا"])]


UAE = _p("uae", "الإمارات", type_="LOC")
YEMEN = _p("yemen", "اليمن", type_="LOC")
COALITION = _p("coal", "قوات التحالف", "التحالف", type_="ORG")
HOUTHIS = _p("houthis", "الحوثيين", type_="ORG")


def test_one_more_aid_after_kama_is_its_own():
    doc = _doc("وبلغ حجم المساعدات الإنسانية المقدمة من الإمارات إلى اليمن مئات الملايين خلال العام.\n"
               "وتقف الإمارات مع الشعب اليمني منذ البداية، كما أرسلت الإمارات فريقا فنيا إلى اليمن لإصلاح المطار.",
               [UAE, YEMEN])
    assert len([e for e in doc.events if e.type == "AID"]) == 2


def test_another_strike_is_its_own():
    doc = _doc("شنت طائرات قوات التحالف غارات على مواقع الحوثيين في الحديدة.\n"
               "كما استهدفت غارة أخرى لطيران التحالف مزرعة يتجمع فيها الحوثيين شمال المدينة.",
               [COALITION, HOUTHIS])
    assert len([e for e in doc.events if e.type == "ASSAULT"]) == 2


def test_talks_told_on_after_kama_stay_one_meeting():
    doc = _doc("التقى الرئيس داود محسن أمس الرئيس فولكان صالح في القصر الرئاسي.\n"
               "وجرى خلال الاجتماع استعراض العلاقات الثنائية، كما بحث الجانبان مستجدات الأوضاع في المنطقة.",
               [SALEH, MOHSEN])
    assert [e[:2] for e in _events(doc) if e[0] == "CONSULT"] == [("CONSULT", "meet")]


def test_a_strike_told_in_other_words_in_another_paragraph_is_another_strike():
    doc = _doc("المتحدث باسم التحالف: الوضع على الحدود مطمئن\n"
               "وقال المتحدث إن خسائر الحوثيين تتزايد بسبب ضرب طائرات قوات التحالف لمواقعهم قرب الحدود.\n"
               "وحول تدمير قوات التحالف آليات عسكرية للمتمردين قرب المنفذ الحدودي، قال المتحدث إن الوضع مطمئن.",
               [COALITION, HOUTHIS])
    assert len([e for e in doc.events if e.type == "ASSAULT"]) == 2


def test_the_shelling_already_known_and_its_campaign_stay_one():
    # "القصف التركي", known before the article, is what the later verb goes on telling
    doc = _doc("تركيا ترد على منتقديها\n"
               "ودانت دول عدة القصف التركي لمواقع حزب العمال الكردستاني في شمال العراق.\n"
               "وتشن تركيا منذ أسابيع غارات جوية على مواقع حزب العمال الكردستاني في الجبال.", [TURKEY, PKK])
    assert len([e for e in doc.events if e.type == "ASSAULT"]) == 1


def _visits(text: str) -> list[str | None]:
    # the whole pipeline: the cities must be linked to the knowledge base (a tour's stops are its cities)
    doc = build_document({"id": "t", "text": text, "published": "2015-07-25"}, use_given=False)
    by_id = {e.id: e.name for e in doc.entities}
    return [by_id.get(e.place) if e.place else None for e in doc.events if e.mode == "visit"]


def test_the_stops_of_a_tour_are_one_visit_each():
    places = _visits("وزير الدفاع الأمريكي في كردستان العراق\n"
                     "ووصل وزير الدفاع الأمريكي آشتون كارتر أمس إلى أربيل في زيارة لم يعلن عنها مسبقا.\n"
                     "وجاءت زيارة كارتر لأربيل بعد يوم من زيارة لبغداد للاجتماع مع المسؤولين العراقيين.")
    assert sorted(p or "" for p in places) == ["أربيل", "بغداد"]


def test_a_visit_told_again_in_its_city_stays_one():
    places = _visits("وزير الدفاع الأمريكي في كردستان العراق\n"
                     "ووصل وزير الدفاع الأمريكي آشتون كارتر أمس إلى أربيل في زيارة لم يعلن عنها مسبقا.\n"
                     "وتأتي زيارة كارتر إلى أربيل في إطار جهود مكافحة الإرهاب.")
    assert places == ["أربيل"]

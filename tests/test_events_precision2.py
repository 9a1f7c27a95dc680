"""Events (issue 19, precision round 2): sides that hold on text nobody tuned on. A body inside a title that
opens with و ("وزيرة خارجية الاتحاد الأوروبي") is where the holder works, not a side; a person the
recogniser ran on into the next word ("أناستاسيادس شملت", "ولد أحمد دعوة") is the person meant, or no one.
Every sentence is the team's own. The entities are given (as a recogniser would have them), so the events
stage is tested alone."""

from __future__ import annotations

from marsad.evaluate import build_document


def _doc(text: str, entities: list[dict], published: str = "2015-07-27"):
    return build_document({"id": "t", "text": text, "entities": entities, "dates": [], "published": published})


def _e(id_: str, name: str, *more: str, type_: str = "PER") -> dict:
    return {"id": id_, "type": type_, "name": name, "surfaces": [name, *more]}


EU = _e("eu", "الاتحاد الأوروبي", type_="ORG")
SAUDI = _e("ksa", "المملكة", type_="LOC")


def _sides(ev) -> set[str]:
    return set(ev.source + ev.target)


def test_a_body_in_a_title_opening_with_waw_is_no_visitor():
    # "وزيرة" starts with the و of the word itself: the union is where the (unrecognised) minister works
    doc = _doc("وتقوم وزيرة خارجية الاتحاد الأوروبي كاترينا فولمر اليوم بزيارة إلى المملكة تستمر يومين.",
               [EU, SAUDI])
    visit = next(e for e in doc.events if e.mode == "visit")
    assert "eu" not in visit.source
    assert _sides(visit) == {"ksa"}


def test_a_body_in_a_mans_title_opening_with_waw_is_no_side():
    doc = _doc("وصل وزير خارجية الاتحاد الأوروبي إلى المملكة أمس في زيارة رسمية.", [EU, SAUDI])
    assert all("eu" not in _sides(e) for e in doc.events)


def test_a_name_run_on_into_a_noun_of_an_event_is_the_person_meant():
    # the recogniser took "أحمد دعوة" for a name: it is the envoy named before
    doc = _doc("واستقبل الرئيس سالم الراشد المبعوث الدولي محمود ولد أحمد. وتلقى ولد أحمد دعوة لزيارة مدينة "
               "المكلا خلال الأسبوع المقبل.",
               [_e("rashid", "سالم الراشد"), _e("envoy", "محمود ولد أحمد"), _e("runon", "أحمد دعوة"),
                _e("mukalla", "المكلا", type_="LOC")])
    visits = [e for e in doc.events if e.mode == "visit"]
    assert visits and all("runon" not in _sides(v) for v in visits)
    assert any("envoy" in v.source for v in visits)


def test_a_name_run_on_into_a_verb_is_the_person_meant_and_the_talks_are_one():
    doc = _doc("والتقت الوزيرة لينا هولم بالرئيس القبرصي نيكوس بافلو في نيقوسيا. وقالت إن محادثاتها مع الرئيس "
               "بافلو شملت ملف الطاقة.",
               [_e("holm", "لينا هولم"), _e("pavlou", "نيكوس بافلو"), _e("runon", "بافلو شملت"),
                _e("nicosia", "نيقوسيا", type_="LOC")])
    meets = [e for e in doc.events if e.type == "CONSULT"]
    assert len(meets) == 1
    assert _sides(meets[0]) == {"holm", "pavlou"}


def test_a_name_run_on_into_a_verb_with_no_one_meant_is_dropped():
    # no other person ends with "رامي": the run-on "رامي توجه" is no one sure
    doc = _doc("وقال الناطق إن رامي توجه إلى القاهرة أمس للقاء المسؤولين.",
               [_e("runon", "رامي توجه"), _e("cairo", "القاهرة", type_="LOC")])
    assert all("runon" not in _sides(e) for e in doc.events)

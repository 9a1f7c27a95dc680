"""The quotes stage on a speaker given only by a title (issue 19, round 6): "وقال المتحدث باسم الخارجية" is the one
person of the article whose role has the title's words, even when the article names him only later and writes the
title more fully ("المتحدث الرسمي باسم وزارة الخارجية"); with two such people the source stays unnamed. Sentences
written by the team; entities (with their roles) and dates given, so only the quotes stage is tested."""

from __future__ import annotations

from testdata import quote_doc, speakers

from marsad.evaluate import build_document

SPOKESMAN = {"id": "karim", "type": "PER", "name": "كريم الشاذلي", "surfaces": ["كريم الشاذلي"],
             "roles": ["المتحدث الرسمي باسم وزارة الخارجية"]}
ARMY_SPOKESMAN = {"id": "nabil", "type": "PER", "name": "نبيل الهاشمي", "surfaces": ["نبيل الهاشمي"],
                  "roles": ["المتحدث باسم الجيش"]}
DIRECTOR = {"id": "salem", "type": "PER", "name": "سالم القحطاني", "surfaces": ["سالم القحطاني"],
            "roles": ["المدير العام للهيئة"]}
OTHER_DIRECTOR = {"id": "fahd", "type": "PER", "name": "فهد الزهراني", "surfaces": ["فهد الزهراني"],
                  "roles": ["المدير العام للمستشفى"]}
US_SPOKESMAN = {"id": "miller", "type": "PER", "name": "جون ميلر", "surfaces": ["جون ميلر"],
                "roles": ["المتحدث باسم وزارة الخارجية الأمريكية"]}
MINISTRY = {"id": "mofa", "type": "ORG", "name": "وزارة الخارجية", "surfaces": ["وزارة الخارجية"]}


def test_a_title_resolves_to_its_holder_named_later_with_a_fuller_title():
    text = ("وقال المتحدث باسم الخارجية إن الوفد سيصل إلى العاصمة مساء الأحد لاستئناف المحادثات.\n"
            "وتأتي الزيارة بعد أسابيع من الجمود، وفقا للمتحدث الرسمي باسم وزارة الخارجية كريم الشاذلي.")
    doc = quote_doc(text, [SPOKESMAN, ARMY_SPOKESMAN, MINISTRY])
    assert [q.speaker for q in doc.quotes][:1] == ["karim"]


def test_a_title_resolves_to_its_holder_named_before():
    text = ("التقى نبيل الهاشمي وسالم القحطاني وفد الشركة صباح اليوم في مقر الهيئة.\n"
            "وأكد المدير العام أن المشروع سيكتمل قبل نهاية العام الجاري.")
    doc = quote_doc(text, [ARMY_SPOKESMAN, DIRECTOR])
    assert [q.speaker for q in doc.quotes] == ["salem"]


def test_two_holders_of_the_title_leave_the_source_unnamed():
    text = ("وقال المتحدث باسم الخارجية إن الوفد سيصل إلى العاصمة مساء الأحد لاستئناف المحادثات.\n"
            "وكان كريم الشاذلي، المتحدث الرسمي باسم وزارة الخارجية المصرية، قد التقى أمس جون ميلر، المتحدث باسم "
            "وزارة الخارجية الأمريكية.")
    doc = quote_doc(text, [SPOKESMAN, US_SPOKESMAN, MINISTRY])
    assert speakers(doc)[:1] == [(None, "المتحدث باسم الخارجية")]


def test_a_title_of_another_office_is_not_the_holder():
    text = ("وقال المتحدث باسم الجيش إن القوات انسحبت من المنطقة الحدودية.\n"
            "وكان كريم الشاذلي، المتحدث الرسمي باسم وزارة الخارجية، قد زار المنطقة أمس.")
    doc = quote_doc(text, [SPOKESMAN])
    assert speakers(doc)[:1] == [(None, "المتحدث باسم الجيش")]


def test_the_role_the_entities_stage_records_after_a_preposition_names_the_speaker():
    # the whole pipeline: the role is recorded as written after "وفقا ل" ("للمتحدث الرسمي …")
    text = ("وقال المتحدث باسم الخارجية إن الوفد سيصل إلى القاهرة مساء الأحد لاستئناف المحادثات.\n"
            "وتأتي الزيارة بعد أسابيع من الجمود، وفقا للمتحدث الرسمي باسم وزارة الخارجية المصرية أحمد أبو زيد.")
    doc = build_document({"id": "t", "text": text, "published": "2024-03-05"}, use_given=False)
    first = doc.quotes[0]
    assert first.text.startswith("الوفد سيصل")
    assert first.speaker is not None
    assert next(e.name for e in doc.entities if e.id == first.speaker) == "أحمد أبو زيد"
    # and the words before "وفقا ل…" are his too: the title's holder is named right after it
    assert [(q.text, q.speaker) for q in doc.quotes[1:]] == [("وتأتي الزيارة بعد أسابيع من الجمود", first.speaker)]


def test_a_person_after_the_title_of_someone_else_is_not_the_source():
    president = {"id": "abbas", "type": "PER", "name": "محمود عباس", "surfaces": ["محمود عباس"],
                 "roles": ["الرئيس الفلسطيني"]}
    text = "وتأتي الزيارة بعد أسابيع من الجمود، وفقا للمتحدث باسم الرئيس محمود عباس."
    doc = quote_doc(text, [president])
    assert [q.speaker for q in doc.quotes] == [None]
    assert doc.quotes[0].speaker_name == "المتحدث باسم الرئيس محمود عباس"


def test_a_person_named_after_an_attribution_title_he_holds_is_the_source():
    text = "وتأتي الزيارة بعد أسابيع من الجمود، وفقا للمتحدث الرسمي باسم وزارة الخارجية كريم الشاذلي."
    doc = quote_doc(text, [SPOKESMAN])
    assert speakers(doc) == [("karim", "كريم الشاذلي")]

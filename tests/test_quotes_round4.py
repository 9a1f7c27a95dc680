"""The quotes stage on constructions read in unseen political news (issue 19, round 4): a name in marks after the
cue with a long title after it, a name glued to ل inside the spokesman's title, a statement speaking again, an
unnamed spokesman. Sentences written by the team; entities and dates given, so only the quotes stage is tested."""

from __future__ import annotations

from functools import partial

from testdata import quote_doc, speakers

from marsad.stages.quotes import QuotesStage

PEOPLE = [
    {"id": "nasser", "type": "PER", "name": "خالد ناصر", "surfaces": ["خالد ناصر"]},
    # the tagger may keep a glued ل in the mention: "للمالكي"
    {"id": "maliki", "type": "PER", "name": "نوري المالكي", "surfaces": ["نوري المالكي", "للمالكي"]},
    {"id": "dabbagh", "type": "PER", "name": "علي الدباغ", "surfaces": ["علي الدباغ"]},
    {"id": "rami", "type": "PER", "name": "رامي", "surfaces": ["رامي"]},  # found only where it comes again
    {"id": "un", "type": "ORG", "name": "الأمم المتحدة", "surfaces": ["الأمم المتحدة"]},
    {"id": "mfa", "type": "ORG", "name": "وزارة الخارجية الأردنية", "surfaces": ["وزارة الخارجية الأردنية"]},
    {"id": "redcross", "type": "ORG", "name": "الصليب الأحمر", "surfaces": ["الصليب الأحمر"]},
]
_doc = partial(quote_doc, entities=PEOPLE)


def test_a_name_in_marks_after_the_cue_is_the_speaker_whatever_title_follows():
    doc = _doc('وقال "رامي سليم" مساعد المندوب الدائم لدى الأمم المتحدة إن المشاورات "ستستمر حتى الخميس".\n'
               'وأضاف "رامي" في تغريدة أن الوفود وافقت على المسودة.')
    assert [q.speaker for q in doc.quotes] == ["rami", "rami"]


def test_a_name_in_marks_the_tagger_missed_is_the_entity_found_where_it_comes_again():
    doc = _doc('وقال "رامي سليم" نائب المتحدث باسم البعثة لدى الأمم المتحدة إن المشاورات ستستمر حتى الخميس.\n'
               'وأضاف "رامي" في تغريدة أن الوفود وافقت على المسودة.')
    rami = next(e for e in doc.entities if e.id == "rami")
    first = doc.body.index("رامي")
    rami.mentions = [m for m in rami.mentions if m.start != first]  # as the tagger left it
    doc.mentions = [m for m in doc.mentions if m.start != first]
    doc = QuotesStage()(doc)
    assert [q.speaker for q in doc.quotes] == ["rami", "rami"]


def test_a_name_in_marks_needs_one_entity_for_its_words():
    doc = _doc('وقال "سامر عودة" مساعد المندوب الدائم لدى الأمم المتحدة إن المشاورات ستستمر حتى الخميس.')
    assert [q.speaker for q in doc.quotes] != ["un"]  # no entity for the quoted name: never the organisation


def test_a_name_glued_to_lam_in_a_spokesman_title_is_not_the_speaker():
    doc = _doc("وقال المتحدث الرسمي باسم المكتب الإعلامي للمالكي علي الدباغ لـ«الحياة» إن الحكومة ستعلن قراراتها.")
    assert speakers(doc) == [("dabbagh", "علي الدباغ")]


def test_a_name_glued_to_lam_without_a_name_after_leaves_an_unnamed_spokesman():
    doc = _doc("وقال المتحدث باسم المكتب الإعلامي للمالكي إن الحكومة ستعلن قراراتها.")
    assert [q.speaker for q in doc.quotes] == [None]


def test_a_statement_speaking_again_is_still_its_issuer():
    doc = _doc("قالت وزارة الخارجية الأردنية في بيان إن المواطن المخطوف أفرج عنه.\n"
               "وقال البيان دون أن يذكر تفاصيل «مواطننا في طريقه إلى عمان الآن».\n"
               "وقال مصدر أمني إن العملية استغرقت أسبوعا.\n"
               "وقال البيان الأردني «نشكر كل من ساعد في إعادته إلى أهله».")
    assert [q.speaker for q in doc.quotes] == ["mfa", "mfa", None, "mfa"]


def test_an_unnamed_spokesman_of_an_organisation_is_an_unnamed_source():
    doc = _doc("وقال متحدث باسم الصليب الأحمر إن فرق الإغاثة وصلت إلى المدينة.\n"
               "وقالت ناطقة باسم الأمم المتحدة إن المساعدات ستصل غدا.")
    assert speakers(doc) == [(None, "متحدث باسم الصليب الأحمر"), (None, "ناطقة باسم الأمم المتحدة")]


SENATE = [{"id": "senate", "type": "ORG", "name": "مجلس الشيوخ", "surfaces": ["مجلس الشيوخ"]},
          {"id": "univ", "type": "ORG", "name": "جامعة بغداد", "surfaces": ["جامعة بغداد"]},
          {"id": "hamas", "type": "ORG", "name": "حركة حماس", "surfaces": ["حركة حماس"]}]
_doc2 = partial(quote_doc, entities=SENATE)


def test_some_members_of_an_organisation_are_an_unnamed_source_not_the_organisation():
    doc = _doc2("وقال عدد من كبار أعضاء مجلس الشيوخ إن الاتفاق لن يمر.\n"
                "وأكد بعض أعضاء مجلس الشيوخ أن التصويت سيجري الشهر المقبل.\n"
                "وقال أحد قادة حركة حماس إن الحركة لم تتلق أي عرض.")
    assert [(q.speaker, q.speaker_name) for q in doc.quotes] == [
        (None, "عدد من كبار أعضاء مجلس الشيوخ"), (None, "بعض أعضاء مجلس الشيوخ"), (None, "أحد قادة حركة حماس")]


def test_an_organisation_after_a_preposition_in_a_title_is_not_the_speaker():
    doc = _doc2("وقال أستاذ القانون الدولي في جامعة بغداد إن القرار غير دستوري.\n"
                "وقالت جامعة بغداد إن الدراسة ستستأنف الأحد.")
    assert [(q.speaker, q.speaker_name) for q in doc.quotes] == [
        (None, "أستاذ القانون الدولي في جامعة بغداد"), ("univ", "جامعة بغداد")]


KUWAIT = [{"id": "sabah", "type": "PER", "name": "أحمد الناصر", "surfaces": ["أحمد الناصر"]},
          {"id": "jarrah", "type": "PER", "name": "خالد الجراح", "surfaces": ["خالد الجراح", "وزير الدفاع الكويتي"]},
          {"id": "biden", "type": "PER", "name": "جو بايدن", "surfaces": ["جو بايدن"]}]
_doc3 = partial(quote_doc, entities=KUWAIT)


def test_a_title_given_as_a_subject_before_the_name_and_its_nationality_adjective_refer_back():
    doc = _doc3("أكد وزير الخارجية بدولة الكويت الشيخ أحمد الناصر أن الحوار هو الحل الوحيد.\n"
                "وقال جو بايدن إن بلاده تدعم الوساطة.\n"
                "وقال وزير الخارجية الكويتي إن بلاده مستعدة لاستضافة الجولة المقبلة.")
    assert [q.speaker for q in doc.quotes] == ["sabah", "biden", "sabah"]


def test_a_title_of_someone_governed_by_a_subject_title_is_not_that_subject():
    doc = _doc3("وأشار المستشار في مكتب وزير الدفاع الكويتي إلى أن التدريبات ستبدأ الشهر المقبل.\n"
                "وقال جو بايدن إن بلاده تدعم التدريبات.\n"
                "وأكد المستشار في مكتب وزير الدفاع الكويتي أن القوات جاهزة.")
    assert "jarrah" not in [q.speaker for q in doc.quotes]


GROUPS = [{"id": "kerry", "type": "PER", "name": "جون كيري", "surfaces": ["جون كيري"]},
          {"id": "rumfa", "type": "ORG", "name": "وزارة الخارجية الروسية", "surfaces": ["وزارة الخارجية الروسية"]},
          {"id": "nato", "type": "ORG", "name": "حلف شمال الأطلسي", "surfaces": ["حلف شمال الأطلسي"]},
          {"id": "club", "type": "ORG", "name": "إدارة النادي", "surfaces": ["إدارة النادي"]}]
_doc4 = partial(quote_doc, entities=GROUPS)


def test_an_organisation_introduced_as_a_verbs_subject_takes_the_next_cue():
    doc = _doc4("العقوبات الجديدة\nقال جون كيري إن العقوبات ستبقى.\n"
                "وانتقدت وزارة الخارجية الروسية القرار بشدة. وأضافت أن موسكو سترد بالمثل.\n"
                "وفي بروكسل، رحب حلف شمال الأطلسي بالعقوبات. وأضاف أن وحدة الحلفاء ضرورية.")
    assert [q.speaker for q in doc.quotes] == ["kerry", "rumfa", "nato"]


def test_an_organisation_is_not_the_new_speaker_of_a_plural_cue():
    doc = _doc4("أخبار الانتقالات\nقال جون كيري إن الصفقة انتهت.\n"
                "وعارضت إدارة النادي الصفقة. ويقولون إن المدرب غاضب.")
    assert "club" not in [q.speaker for q in doc.quotes]


def test_a_plural_cue_after_an_indefinite_group_is_that_group():
    doc = _doc4("ردود على التصريحات\nقال جون كيري إن الحل سياسي.\n"
                "إلا أن عراقيين رفضوا كلامه، وطالبوه بالاعتذار، مشيرين إلى أنه لا يعرف بلادهم.\n"
                "وفي المقابل، انتقد ناشطون الحكومة، مؤكدين أن الإصلاح تأخر.")
    assert [(q.speaker, q.speaker_name) for q in doc.quotes] == [
        ("kerry", "جون كيري"), (None, "عراقيين"), (None, "ناشطون")]


def test_a_plural_verb_is_no_group_ofspeakers():
    doc = _doc4("ردود على التصريحات\nقال جون كيري إن الحل سياسي.\n"
                "وهم يشكلون أغلبية، مؤكدين أن التصويت سيفشل.")
    assert [(q.speaker, q.speaker_name) for q in doc.quotes][1:] in ([], [(None, None)])


def test_whom_it_was_said_before_is_not_the_speaker_but_who_issued_a_statement_is():
    doc = _doc4("جلسة الاستماع\nوحذر جون كيري من أن الاتفاق مهدد.\n"
                "وقال أمام مشرعين في موسكو «لا نملك وقتا طويلا».\n"
                "وأوضح أمام حلف شمال الأطلسي «لن نتراجع عن العقوبات».\n"
                "وقال مساعد الوزير أمام حلف شمال الأطلسي إن الوقت ينفد.\n"
                "وقال بيان صادر عن وزارة الخارجية الروسية إن موسكو لن تتراجع.")
    assert [q.speaker for q in doc.quotes] == ["kerry", "kerry", "kerry", None, "rumfa"]

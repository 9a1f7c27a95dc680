"""The quotes stage on constructions read in unseen political news (issue 19, round 3): a family name alone, plural
cues after one person, a title with a demonstrative, a title given before the name, a quoted name after the cue,
groups of fighters, verbal nouns after a subject left out, a subject after circumstances. Sentences written by the
team; entities and dates given, so only the quotes stage is tested."""

from __future__ import annotations

from functools import partial

from testdata import quote_doc, said

from marsad.evaluate import build_document

PEOPLE = [
    {"id": "attiyah", "type": "PER", "name": "خالد بن محمد العطية", "surfaces": ["خالد بن محمد العطية"]},
    {"id": "amin", "type": "PER", "name": "محمد الأمين", "surfaces": ["محمد الأمين"]},
    {"id": "safadi", "type": "PER", "name": "أيمن الصفدي", "surfaces": ["أيمن الصفدي", "الصفدي"]},
    {"id": "shoukry", "type": "PER", "name": "سامح شكري", "surfaces": ["سامح شكري", "شكري"]},
    {"id": "husni", "type": "PER", "name": "الحسني", "surfaces": ["الحسني"]},
    {"id": "qatamin", "type": "PER", "name": "نضال القطامين", "surfaces": ["نضال القطامين"]},
    {"id": "hassan", "type": "PER", "name": "أحمد حسن", "surfaces": ["أحمد حسن"]},
    {"id": "league", "type": "ORG", "name": "الجامعة العربية", "surfaces": ["الجامعة العربية"]},
    {"id": "masirah", "type": "ORG", "name": "المسيرة", "surfaces": ["المسيرة"]},
    {"id": "cairo", "type": "LOC", "name": "القاهرة", "surfaces": ["القاهرة"]},
]

_doc = partial(quote_doc, entities=PEOPLE, published="2024-01-07")


def test_a_family_name_alone_is_the_person_named_before():
    doc = _doc("أكد خالد بن محمد العطية أن الحل يجب أن يكون سياسيا.\n"
               "وقال العطية خلال مؤتمر صحفي إن بلاده تعمل مع شركائها.")
    assert [q.speaker for q in doc.quotes] == ["attiyah", "attiyah"]
    assert doc.quotes[1].speaker_via == "noun"


def test_a_family_name_followed_by_a_definite_word_is_a_title():
    doc = _doc("رحب محمد الأمين بالاتفاق.\nوقال الأمين العام للمنظمة إن الاتفاق خطوة مهمة.")
    assert [(q.speaker, q.speaker_name) for q in doc.quotes] == [(None, "الأمين العام")]


def test_a_plural_cue_never_continues_one_person():
    doc = _doc("قال أيمن الصفدي إن الحوار مستمر.\n"
               "في المقابل انتقد ناشطون تصريحاته، مؤكدين أن الحوار متوقف منذ أشهر.\n"
               "وأضافوا أن الوعود لم تنفذ.")
    assert [q.speaker for q in doc.quotes] == ["safadi", None, None]


def test_others_told_by_number_are_unnamed_sources():
    doc = _doc("قال أيمن الصفدي إن الحوار مستمر.\n"
               "فيما أشار آخرون إلى أن الحوار متوقف، مؤكدين أن الوعود لم تنفذ.\n"
               "وقال عضو في الوفد إن الجولة المقبلة حاسمة.")
    assert [(q.speaker, q.speaker_name) for q in doc.quotes] == [
        ("safadi", "أيمن الصفدي"), (None, "آخرون"), (None, "آخرون"), (None, "عضو في الوفد")]


def test_a_joint_subject_is_continued_by_a_dual_cue():
    doc = _doc("وقال سامح شكري وأيمن الصفدي في بيان مشترك إنهما يرفضان التصعيد.\nوأكدا أن الحوار مستمر.")
    assert [q.speaker for q in doc.quotes] == ["shoukry", "shoukry"]


def test_a_title_with_a_demonstrative_is_the_one_last_given_it():
    doc = _doc("وقال الناطق باسم مجلس المقاومة الشعبية علي الحسني إن المقاتلين تقدموا في الحي.\n"
               "وقال أحمد حسن إن المطار مغلق.\n"
               "وأكد هذا الناطق باسم القوات الموالية للحكومة أن المتمردين ما زالوا في الحي.")
    assert [q.speaker for q in doc.quotes] == ["husni", "hassan", "husni"]


def test_a_title_given_before_the_name_is_the_person_named_later():
    doc = _doc("قال وزير العمل الأردني اليوم إن اللاجئين لن يحصلوا على تصاريح عمل.\n"
               "وتستضيف البلاد مئات الآلاف من اللاجئين.\n"
               "لكن نضال القطامين وزير العمل والتشغيل الأردني قال إن الحكومة تدرس البدائل.")
    assert [q.speaker for q in doc.quotes] == ["qatamin", "qatamin"]


def test_a_title_of_another_country_is_not_the_person_named_later():
    doc = _doc("قال وزير العمل المصري اليوم إن البرنامج مستمر.\n"
               "لكن نضال القطامين وزير العمل والتشغيل الأردني قال إن الحكومة تدرس البدائل.")
    assert [q.speaker for q in doc.quotes] == [None, "qatamin"]


def test_a_short_quoted_name_after_the_cue_is_the_relaying_outlet():
    doc = _doc("ونقلت \"المسيرة\" عن شهود عيان أن الغارات استهدفت سوقا شعبيا في المدينة.")
    assert [(q.speaker, q.speaker_name, q.text) for q in doc.quotes] == [
        (None, "شهود عيان", "الغارات استهدفت سوقا شعبيا في المدينة")]


def test_forces_loyal_to_a_president_are_not_the_president():
    doc = _doc("أكدت القوات الموالية للرئيس أحمد حسن أنها سيطرت على المطار.")
    assert doc.quotes[0].speaker is None
    assert doc.quotes[0].speaker_name.startswith("القوات الموالية")


def test_a_verbal_noun_after_a_subject_left_out_or_not_an_article():
    doc = _doc("قال سامح شكري إن الاجتماع كان مثمرا.\n"
               "وأكد حرص بلاده على «تعزيز العلاقات مع الأشقاء».\n"
               "وأكد شكري التزام مصر بدعم الحل السياسي.")
    assert said(doc) == [("shoukry", "الاجتماع كان مثمرا"),
                          ("shoukry", "حرص بلاده على «تعزيز العلاقات مع الأشقاء»"),
                          ("shoukry", "التزام مصر بدعم الحل السياسي")]


def test_a_participle_takes_the_subject_told_after_circumstances():
    doc = _doc("وقال سامح شكري إن المفاوضات صعبة.\n"
               "وقبل يومين من الاجتماع المقرر في القاهرة سعى وزير الخارجية الأردني، أيمن الصفدي، لطمأنة الشارع، "
               "قائلا إن «لا خوف من التأجيل».")
    assert [q.speaker for q in doc.quotes] == ["shoukry", "safadi"]


def test_a_name_inside_a_relative_clause_is_not_the_subject():
    doc = _doc("وقال سامح شكري إن المفاوضات صعبة.\n"
               "وقلل الوزير في تصريحاته للصحفيين مما وصفه أيمن الصفدي بالتصعيد، مشددا على أن الحوار مستمر.")
    assert [q.speaker for q in doc.quotes] == ["shoukry", "shoukry"]


def test_but_opens_a_new_statement_after_a_participle():
    doc = _doc("ووصف سامح شكري المفاوضات بالصعبة، لافتا إلى حاجة المفاوض للصبر، لكنه اعترف أيضا بأن الوقت "
               "ليس في صالح بلاده.")
    assert said(doc) == [("shoukry", "حاجة المفاوض للصبر"), ("shoukry", "الوقت ليس في صالح بلاده")]


def test_an_administration_not_named_is_an_unnamed_source():
    doc = _doc("قصفت الطائرات حيا في شمال المدينة مما أدى إلى سقوط عشرة قتلى، حسبما ذكرت إدارة الصحة في المدينة.")
    assert [(q.speaker, q.speaker_name) for q in doc.quotes] == [(None, "إدارة الصحة في المدينة")]


def test_a_source_in_construct_said_in_a_statement_with_a_verbal_noun():
    doc = _doc("أكد مكتب رئيس الوزراء الأردني في بيان أمس قصف الطيران مواقع للمسلحين قرب الحدود.",)
    assert [(q.speaker_name, q.text) for q in doc.quotes] == [
        ("مكتب رئيس الوزراء الأردني", "قصف الطيران مواقع للمسلحين قرب الحدود")]


def test_words_in_the_first_person_open_the_content_without_marks():
    doc = _doc("وقال أيمن الصفدي نحن مطالبون بإيجاد أفق سياسي للأزمة.")
    assert said(doc) == [("safadi", "نحن مطالبون بإيجاد أفق سياسي للأزمة")]


def test_a_title_of_another_country_does_not_refer_back():
    people = [*PEOPLE, {"id": "lavrov", "type": "PER", "name": "سيرغي لافروف", "surfaces": ["سيرغي لافروف"],
                        "roles": ["وزير الخارجية الروسي"]}]
    doc = build_document({"id": "t", "dates": [], "published": "2024-01-07", "entities": people,
                          "text": "وقال وزير الخارجية الروسي سيرغي لافروف إن المحادثات مثمرة.\n"
                                  "وقال وزير الخارجية القطري إن بلاده تدعم الحل السياسي.\n"
                                  "وأضاف وزير الخارجية الروسي أن التعاون سيتوسع."})
    assert [q.speaker for q in doc.quotes] == ["lavrov", None, "lavrov"]


def test_belonging_to_is_no_cue():
    doc = _doc("وصدر القرار في بيان تابع لمكتب أيمن الصفدي: «تخفض الرواتب بنسبة النصف».")
    assert doc.quotes == []


def test_an_an_after_fa_inna_belongs_to_the_later_verb():
    doc = _doc("وبينما أعلنت الجامعة العربية تأييدها للقرار، فإن خبيرا قانونيا أكد أن «القرار لم يصدر بقانون».")
    assert [(q.speaker, q.text) for q in doc.quotes][0] == ("league", "تأييدها للقرار")
    assert all(q.speaker != "league" for q in doc.quotes if "بقانون" in q.text)


def test_a_name_after_a_preposition_does_not_take_the_next_verb():
    doc = _doc("وقال أحمد حسن إنه غادر الحزب قبل سنوات.\n"
               "وذكر انضمامه للحزب بقيادة أيمن الصفدي في الثمانينيات، وأفاد بأن الحزب يضم أعضاء متشددين.")
    assert [q.speaker for q in doc.quotes] == ["hassan", "hassan"]


def test_a_woman_is_known_by_the_verb_she_spoke_with():
    people = [*PEOPLE, {"id": "kawar", "type": "PER", "name": "دينا قعوار", "surfaces": ["دينا قعوار"]}]
    doc = build_document({"id": "t", "dates": [], "published": "2024-01-07", "entities": people,
                          "text": "وشددت دينا قعوار مندوبة الأردن على ضرورة محاسبة المسؤولين وقالت: «إن الأردن يطالب "
                                  "بآلية تحقيق مشتركة».\nوأضافت أن بلادها ستدعم القرار."})
    assert [q.speaker for q in doc.quotes] == ["kawar", "kawar", "kawar"]


def test_a_second_title_after_a_first_one_without_comma_refers_to_the_person():
    doc = _doc("وأكد أحمد حسن مستشار الرئيس للشؤون الأمنية، أمين المجلس الأعلى، أن الوضع مستقر.\n"
               "وقال أيمن الصفدي إن بلاده تتابع الوضع.\n"
               "وحذر أمين المجلس الأعلى من الانسياق وراء الإشاعات.")
    assert [q.speaker for q in doc.quotes] == ["hassan", "safadi", "hassan"]

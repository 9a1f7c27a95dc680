"""The quotes stage on constructions read in unseen political news (issue 19, round 5): a place inside the phrase
before the verb, honorific pronouns ("سموه"), an unnamed spokesman after "حسبما ذكر", a new speaker named by no
entity, duals after two people, bylines, feature cues ("برأيه", "ذهب إلى القول"). Sentences written by the team;
entities and dates given, so only the quotes stage is tested."""

from __future__ import annotations

from functools import partial

from testdata import quote_doc, speakers

from marsad.evaluate import build_document
from marsad.stages.quotes import QuotesStage

ENTITIES = [
    {"id": "mansour", "type": "PER", "name": "الشيخ منصور بن زايد", "surfaces": ["الشيخ منصور بن زايد"]},
    {"id": "omari", "type": "PER", "name": "محمد العمري", "surfaces": ["محمد العمري", "العمري"]},
    {"id": "harbi", "type": "PER", "name": "سعد الحربي", "surfaces": ["سعد الحربي"]},
    {"id": "abbas", "type": "PER", "name": "محمود عباس", "surfaces": ["محمود عباس"]},
    {"id": "sisi", "type": "PER", "name": "عبد الفتاح السيسي", "surfaces": ["عبد الفتاح السيسي"]},
    {"id": "london", "type": "LOC", "name": "لندن", "surfaces": ["لندن"]},
    {"id": "washington", "type": "LOC", "name": "واشنطن", "surfaces": ["واشنطن"]},
    {"id": "tehran", "type": "LOC", "name": "طهران", "surfaces": ["طهران"]},
    {"id": "un", "type": "ORG", "name": "الأمم المتحدة", "surfaces": ["الأمم المتحدة"]},
    {"id": "ministry", "type": "ORG", "name": "وزارة الصحة", "surfaces": ["وزارة الصحة"]},
]

_doc = partial(quote_doc, entities=ENTITIES)


# -- a place is where or whose, not who speaks


def test_a_place_in_the_phrase_before_the_verb_is_not_its_subject():
    doc = _doc("استقبل الشيخ منصور بن زايد محمد العمري أمس.\n"
               "وحول إقامة البطولة في لندن أكد سموه أن الاستعدادات تسير وفق الخطة.")
    assert [q.speaker for q in doc.quotes] == ["mansour"]


def test_officials_in_a_capital_before_the_verb_are_an_unnamed_source():
    doc = _doc("مسؤولون في واشنطن قالوا إن المحادثات ستستأنف الأسبوع المقبل.")
    assert speakers(doc) == [(None, "مسؤولون في واشنطن")]


def test_a_place_after_a_preposition_after_the_verb_leaves_the_speaker_before():
    doc = _doc("التقى محمد العمري أمس رئيس البعثة. وقال في لندن إن المحادثات كانت مثمرة.")
    assert [q.speaker for q in doc.quotes] == ["omari"]


def test_a_state_that_is_the_subject_itself_speaks():
    doc = _doc("وقالت واشنطن إن المحادثات مثمرة. وأكدت طهران أن الوفد سيغادر غدا.")
    assert [q.speaker for q in doc.quotes] == ["washington", "tehran"]


def test_sources_close_to_a_capital_are_unnamed():
    doc = _doc("وذكرت مصادر قريبة من طهران أن الوفد سيغادر غدا.")
    assert speakers(doc) == [(None, "مصادر قريبة من طهران")]


# -- honorific pronouns


def test_an_honorific_pronoun_is_the_subject_of_the_sentence_that_named_the_person():
    doc = _doc("التقى سعد الحربي في مكتبه أمس محمد العمري.\nوقال معاليه إن الوزارة ستدعم المشروع.")
    assert [q.speaker for q in doc.quotes] == ["harbi"]


def test_an_honorific_pronoun_is_never_an_organisation_after_it():
    doc = _doc("استقبل الشيخ منصور بن زايد وفدا من وزارة الصحة.\n"
               "وأكد سموه خلال اللقاء أن الدولة ستدعم القطاع الصحي.")
    assert [q.speaker for q in doc.quotes] == ["mansour"]


# -- unnamed spokesmen: the verb and the attribution agree (GUIDE.md)


def test_an_unnamed_spokesman_after_hasbama_is_an_unnamed_source():
    doc = _doc("القافلة وصلت إلى المدينة، حسبما ذكر متحدث باسم الأمم المتحدة.\n"
               "وحسبما ذكر متحدث باسم الأمم المتحدة فإن القافلة وصلت.\n"
               "وقال متحدث باسم الأمم المتحدة إن القافلة وصلت.")
    assert speakers(doc) == [(None, "متحدث باسم الأمم المتحدة")] * 3


def test_an_organisation_after_hasbama_still_speaks():
    doc = _doc("القافلة وصلت إلى المدينة، حسبما ذكرت الأمم المتحدة.")
    assert [q.speaker for q in doc.quotes] == ["un"]


def test_an_attribution_without_a_comma_before_fa_inna():
    doc = _doc("وبحسب مسؤولين في واشنطن فإن المحادثات ستستأنف.")
    assert speakers(doc) == [(None, "مسؤولين في واشنطن")]
    assert doc.quotes[0].text == "المحادثات ستستأنف"


# -- a new speaker with no entity


def test_a_new_indefinite_speaker_takes_the_word_from_the_one_before():
    doc = _doc("وقال محمد العمري إن الحل قريب. وقال طالب في الجامعة إن الامتحانات صعبة. "
               "وأضاف أن الأساتذة متعاونون.")
    assert speakers(doc) == [("omari", "محمد العمري"), (None, "طالب في الجامعة"), (None, "طالب في الجامعة")]


def test_an_adverb_after_the_verb_is_no_new_speaker():
    doc = _doc("وقال محمد العمري إن الحل قريب. وأكد مجددا أن الأساتذة متعاونون. وأضاف أيضا أن الطلاب سعداء.")
    assert [q.speaker for q in doc.quotes] == ["omari", "omari", "omari"]


# -- duals


def test_a_dual_after_two_people_met_is_the_first_of_them():
    doc = _doc("التقى محمود عباس عبد الفتاح السيسي في القاهرة أمس، وأعربا عن أملهما في نجاح المفاوضات.\n"
               "التقى محمود عباس بعبد الفتاح السيسي أمس. وأكدا أن المفاوضات ستنجح.")
    assert [q.speaker for q in doc.quotes] == ["abbas", "abbas"]


def test_a_dual_after_one_person_has_no_person_speaker():
    doc = _doc("التقى محمود عباس وفدا من الأمم المتحدة أمس. وأكدا أن المفاوضات ستنجح.")
    assert [q.speaker for q in doc.quotes] != ["abbas"]


# -- bylines


def test_a_byline_name_is_never_the_speaker():
    doc = _doc("عنوان الخبر\nالرياض - محمد العمري: استقبلت وزارة الصحة وفدا أمس. وقال إن العمل يسير وفق الخطة.")
    assert [q.speaker for q in doc.quotes] != ["omari"]


def test_a_byline_line_is_never_the_speaker_but_the_same_name_later_is():
    doc = _doc("عنوان الخبر\nمحمد العمري\nاستقبلت وزارة الصحة وفدا أمس. وأكد أن العمل يسير وفق الخطة.\n"
               "وقال محمد العمري إن الحل قريب.")
    assert [q.speaker for q in doc.quotes][-1] == "omari"
    assert doc.quotes[0].speaker != "omari"


# -- feature cues


def test_an_opinion_cue_before_quoted_words_is_the_one_speaking():
    doc = _doc("وقال محمد العمري إن الحل قريب. ومهمة الحكومة برأيه «ليست توزيع المناصب بل حماية الاستقرار».")
    assert [(q.speaker, q.text) for q in doc.quotes][-1] == ("omari", "ليست توزيع المناصب بل حماية الاستقرار")


def test_going_as_far_as_saying_is_a_cue_of_the_sentence_subject():
    doc = _doc("وذهب محمد العمري إلى القول إن الأزمة ستنتهي قريبا.\n"
               "واكتفى سعد الحربي بالقول: \"لا تعليق لدينا على هذه الأنباء\".")
    assert [(q.speaker, q.text) for q in doc.quotes] == [("omari", "الأزمة ستنتهي قريبا"),
                                                         ("harbi", "لا تعليق لدينا على هذه الأنباء")]


def test_an_opinion_word_inside_a_content_is_no_cue():
    doc = _doc("وقال محمد العمري إن الحل برأيه يكمن في الحوار. وأعرب عن تقديره للجهود.")
    assert [q.text for q in doc.quotes][0] == "الحل برأيه يكمن في الحوار"


# -- "وجاء في بيان لـX"


def test_a_statement_of_an_organisation_speaks_for_it_after_jaa():
    doc = _doc("وجاء في بيان لوزارة الصحة: \"الحالات تراجعت بشكل كبير هذا الأسبوع\".\n"
               "وجاء في بيان صادر عن الأمم المتحدة أن القوافل وصلت.")
    assert [q.speaker for q in doc.quotes] == ["ministry", "un"]


# -- a definite official with only a nationality refers back to the person speaking


def test_the_official_with_his_nationality_is_the_person_speaking():
    doc = _doc("وقال محمد العمري إن الحل قريب. وأكد المسؤول السعودي في تغريدته أن الاتفاق سيوقع قريبا.")
    assert [q.speaker for q in doc.quotes] == ["omari", "omari"]


def test_an_official_of_an_organisation_or_a_spokesman_is_someone_else():
    doc = _doc("وقال محمد العمري إن الحل قريب. وقال المسؤول في وزارة الصحة إن الاتفاق سيوقع قريبا.\n"
               "وقال محمد العمري إن الحل قريب. وقال المتحدث باسم الأمم المتحدة إن القوافل وصلت.")
    assert [q.speaker for q in doc.quotes] == ["omari", None, "omari", None]


def test_an_unnamed_official_goes_on_as_the_unnamed_source():
    doc = _doc("قال مسؤول سعودي إن الحل قريب. وأكد المسؤول السعودي أن الاتفاق سيوقع قريبا.")
    assert [q.speaker for q in doc.quotes] == [None, None]


# -- an indefinite source before a verbal-noun content


def test_an_indefinite_source_before_a_verbal_noun_content_with_a_name_in_it():
    doc = _doc("أكد ناشطون وقوفهم مع محمد العمري في تشكيل حكومة جديدة.")
    assert [(q.speaker, q.speaker_name, q.text) for q in doc.quotes] == [
        (None, "ناشطون", "وقوفهم مع محمد العمري في تشكيل حكومة جديدة")]


# -- the person spoken about is not the speaker


def test_a_name_in_a_topic_phrase_before_the_verb_is_whom_it_is_about():
    doc = _doc("وقال محمد العمري إن الحل قريب.\nوعن سعد الحربي قال إن العلاقة بينهما ممتازة.\n"
               "وحول موقف سعد الحربي من الأزمة، أوضح أن الحربي لم يغير رأيه.\n"
               "وفيما يتعلق بتصريحات سعد الحربي الأخيرة، قال إنها لا تعبر عن الحكومة.")
    assert [q.speaker for q in doc.quotes] == ["omari"] * 4


def test_while_opening_a_sentence_is_no_topic():
    doc = _doc("وقال محمد العمري إن الحل قريب. فيما طالب مندوب الوفد سعد الحربي بالشفافية وشدد على أن "
               "اللجنة يجب أن تنسق مع الحكومة.")
    assert [q.speaker for q in doc.quotes] == ["omari", "harbi"]


def test_a_name_after_a_verb_whose_subject_is_left_out_is_not_the_participle_speaker():
    doc = _doc("وقال محمد العمري إن الحل قريب.\nوتطرق إلى تصريحات سعد الحربي، مؤكدا أنها لا تعبر عن الحكومة.\n"
               "وانتقد تصريحات سعد الحربي، مشيرا إلى أنها غير مسؤولة.")
    assert [q.speaker for q in doc.quotes] == ["omari", "omari", "omari"]


def test_a_subject_after_the_verb_still_speaks_with_a_participle():
    doc = _doc("وأيد المندوب السعودي سعد الحربي القرار، مشيرا إلى أنه خطوة مهمة.")
    assert [q.speaker for q in doc.quotes] == ["harbi"]


def test_whom_one_described_is_not_who_described():
    doc = _doc("وقال محمد العمري إن الحل قريب.\nووصف سعد الحربي بأنه رجل وطني، مضيفا أنه لا يمكن التشكيك في نواياه.\n"
               "ووصف سعد الحربي المفاوضات بأنها صعبة.")
    assert [q.speaker for q in doc.quotes] == ["omari", "omari", "omari", "harbi"]


# -- a title as a relative clause's antecedent


def test_a_title_before_a_relative_cue_is_the_person_it_was_given_to():
    doc = _doc("وقال سعد الحربي مستشار وزير الصحة إن الحل قريب.\n"
               "وأبدى مستشار وزير الصحة الذي وصف المفاوضات بـ«الصعبة والمعقدة»، تفاؤله، لافتا إلى حاجة المفاوض للصبر.")
    assert [(q.speaker, q.text) for q in doc.quotes] == [
        ("harbi", "الحل قريب"), ("harbi", "المفاوضات بـ«الصعبة والمعقدة»"), ("harbi", "حاجة المفاوض للصبر")]


def test_described_with_a_definite_subject_and_no_complementizer_gives_no_quote():
    doc = _doc("ووصف الوزير المفاوضات بالصعبة.")
    assert doc.quotes == []


# -- read in the corpus


def test_a_source_relayed_by_a_feminine_verb_stays_a_man():
    doc = _doc("ونقلت وكالة الأنباء عن محمد العمري قوله: «الحل قريب ولا بديل عن الحوار». وأضاف: «نحن مستعدون».")
    assert [q.speaker for q in doc.quotes] == ["omari", "omari"]


def test_an_attribution_is_no_verb_for_the_organisation_after_it():
    doc = _doc("ونقلت وكالة الأنباء عن محمد العمري قوله: «الحل قريب ولا بديل عن الحوار»، حسب الأمم المتحدة. "
               "وأضاف أن الاتفاق سيوقع قريبا.")
    assert [q.speaker for q in doc.quotes] == ["omari", "omari"]


def test_a_state_that_denied_takes_the_next_cue():
    doc = _doc("وقال محمد العمري إن الحل قريب. لكن طهران نفت هذا الأمر وقالت إن الاتفاق لم يوقع.\n"
               "ونفت واشنطن ذلك. وأضافت أن المحادثات مستمرة.")
    assert [q.speaker for q in doc.quotes] == ["omari", "tehran", "washington"]


def test_a_place_that_is_no_subject_of_a_reporting_verb_takes_no_cue():
    doc = _doc("وشهدت طهران أمس مظاهرات حاشدة. وقال إن الاتفاق لم يوقع.")
    assert [q.speaker for q in doc.quotes] == [None]


def test_a_name_the_tagger_missed_with_a_title_between_commas_is_a_new_speaker():
    doc = _doc("الحادث وقع مساء الأحد، بحسب مسؤول في شركة طيران.\n"
               "وقال بيني بوتار، المتحدث باسم شركة الطيران المشغلة للطائرة، إن ثلاثة أشخاص أصيبوا.")
    assert speakers(doc) == [(None, "مسؤول في شركة طيران"), (None, "بيني بوتار")]


def test_a_title_word_after_an_untagged_name_refers_back_to_that_source():
    doc = _doc("وقال كريس فيليرز المتحدث باسم الشركة لوكالة الأنباء إن القطعة سقطت من الغطاء الخارجي. "
               "ولفت المتحدث إلى أن الشركة عممت مذكرة على زبائنها.")
    assert speakers(doc) == [(None, "كريس فيليرز المتحدث باسم الشركة")] * 2


def test_an_article_speaks_for_the_one_it_was_written_by():
    doc = _doc("ونشرت صحف عربية مقالا لوزير الصحة سعد الحربي بعنوان: «الصحة أولا». "
               "وجاء في المقال «علينا جميعا أن نعمل معا من أجل صحة المواطن».")
    assert [q.speaker for q in doc.quotes][-1] == "harbi"


MINISTERS = ENTITIES + [
    {"id": "jubeir", "type": "PER", "name": "عادل الجبير", "surfaces": ["عادل الجبير"]},
    {"id": "steinmeier", "type": "PER", "name": "فرانك فالتر شتاينماير", "surfaces": ["فرانك فالتر شتاينماير"],
     "roles": ["وزير الخارجية الألماني"]},
]


def test_a_bare_title_after_an_honorific_is_the_lead_minister_not_the_foreign_one():
    doc = build_document({"id": "t", "entities": MINISTERS, "dates": [], "published": "2024-03-05", "text":
                          "أكد معالي وزير الخارجية الأستاذ عادل الجبير أن المملكة حريصة على علاقاتها.\n"
                          "وقال في مؤتمر صحفي مع وزير الخارجية الألماني فرانك فالتر شتاينماير إن الحوار مستمر.\n"
                          "ورأى معالي وزير الخارجية أن الاتفاق يحتاج إلى ضمانات."})
    assert [q.speaker for q in doc.quotes] == ["jubeir", "jubeir", "jubeir"]


def test_whom_it_was_said_to_after_a_glued_lam_is_not_the_speaker():
    council = {"id": "cfr", "type": "ORG", "name": "مجلس العلاقات الخارجية", "surfaces": ["مجلس العلاقات الخارجية"]}
    doc = build_document({"id": "t", "entities": [*ENTITIES, council], "dates": [], "published": "2024-03-05",
                          "text": "وقال محمد العمري إن الاتفاق جيد.\nوقال لمجلس العلاقات الخارجية وهو مؤسسة بحثية "
                                  "«أخشى ما يمكن أن يحدث إذا رفض الاتفاق»."})
    assert [q.speaker for q in doc.quotes] == ["omari", "omari"]


def test_a_cue_form_after_a_preposition_or_an_expected_is_no_statement():
    doc = _doc("ودفع ذلك سعد الحربي إلى وصف محمد العمري بأنه متشدد.\n"
               "وتكمن أهمية الاجتماع في النتائج التي يتوقع أن تتمخض عنه.")
    assert doc.quotes == []


# -- read in the corpus, second round


def test_one_can_say_is_the_writer_not_a_quote():
    doc = _doc("وقال محمد العمري إن الحل قريب.\nويمكن القول إن هذا الاتفاق هو الإنجاز الوحيد.\n"
               "لكن لا بد من القول إن الحكومة صمدت طويلا.")
    assert [q.speaker for q in doc.quotes] == ["omari"]


def test_it_is_expected_is_no_statement_under_wa_either():
    doc = _doc("وقال محمد العمري إن الحل قريب. ويتوقع أن يصدر القرار النهائي خلال أسبوع.")
    assert [q.text for q in doc.quotes] == ["الحل قريب"]


def test_a_first_name_or_a_family_name_without_the_article_refers_back():
    doc = _doc("وقال سعد الحربي إن الحل قريب. وأفاد الحربي أن القوافل وصلت.\nوأضاف سعد أن الحوار مستمر.")
    assert [q.speaker for q in doc.quotes] == ["harbi", "harbi", "harbi"]


def test_a_place_in_construct_before_a_dual_verb_is_not_its_subject():
    egypt = {"id": "egypt", "type": "LOC", "name": "مصر العربية", "surfaces": ["مصر العربية"]}
    doc = build_document({"id": "t", "entities": [*ENTITIES, egypt], "dates": [], "published": "2024-03-05",
                          "text": "أجرى محمود عباس اتصالا هاتفيا اليوم بالرئيس عبد الفتاح السيسي رئيس جمهورية "
                                  "مصر العربية أكدا خلاله على أهمية التنسيق بين البلدين."})
    assert [q.speaker for q in doc.quotes] == ["abbas"]


def test_a_first_name_ali_before_a_family_name_is_no_preposition():
    people = [e if e["id"] != "harbi" else {**e, "surfaces": ["سعد الحربي", "الحربي"]} for e in ENTITIES]
    doc = build_document({"id": "t", "entities": people, "dates": [], "published": "2024-03-05", "text":
                          "واستشهد محمد العمري بتصريحات أدلى بها، يوم الاثنين، سعد علي الحربي، رئيس اللجنة، قال فيها "
                          "إن اللجنة لن تسمح بالزيارة."})
    assert [q.speaker for q in doc.quotes] == ["harbi"]


def test_a_participle_agrees_with_the_office_that_spoke_for_a_woman():
    woman = {"id": "mogherini", "type": "PER", "name": "فيديريكا موغيريني", "surfaces": ["موغيريني"]}
    doc = build_document({"id": "t", "entities": [*ENTITIES, woman], "dates": [], "published": "2024-03-05",
                          "text": "وقال محمد العمري إن الحل قريب.\nوقال مكتب موغيريني إنها ستلتقي عددا من المسؤولين، "
                                  "مشيرا إلى أن المحادثات ستتناول الملف النووي."})
    assert [q.speaker for q in doc.quotes] == ["omari", "mogherini", "mogherini"]


def test_kana_subject_qad_cue_is_an_unnamed_source_or_a_state_opening_it():
    doc = _doc("وقال محمد العمري إن الحل قريب. وكانت مصادر عسكرية في طهران قد أفادت أن لواء عسكريا وصل.\n"
               "وكانت واشنطن قد أعلنت أن المشروع سينجز قريبا.")
    assert speakers(doc) == [("omari", "محمد العمري"), (None, "مصادر عسكرية في طهران"), ("washington", "واشنطن")]


def test_the_officials_title_after_a_switch_marker_is_someone_else():
    doc = _doc("وقال محمد العمري إن الحل قريب.\nمن جانبه، أعرب المسؤول الإماراتي عن أمله في أن يعم الاستقرار.")
    assert [q.speaker for q in doc.quotes] == ["omari", None]


def test_a_sentence_with_its_own_untagged_subject_gives_the_participle_to_it():
    doc = _doc("قال مسؤول في الوزارة إن الحل قريب. وخلص التقرير إلى القول إن عدد الموظفين تراجع.")
    assert speakers(doc) == [(None, "مسؤول في الوزارة"), (None, "التقرير")]


def test_a_sentence_subject_that_is_a_title_given_before_is_its_holder():
    council = {"id": "gcc", "type": "ORG", "name": "مجلس التعاون", "surfaces": ["مجلس التعاون"]}
    doc = build_document({"id": "t", "entities": [*ENTITIES, council], "dates": [], "published": "2024-03-05",
                          "text": "اجتمع وزراء خارجية دول مجلس التعاون في الرياض أمس. وقال مسؤول إن الاجتماع كان مثمرا.\n"
                                  "ودعا الوزراء مجددا إلى انتقال سياسي، مؤكدين أن الحل العسكري مستحيل."})
    assert [q.speaker for q in doc.quotes] == [None, "gcc"]


def test_a_statement_issued_by_no_one_named_is_the_institution_speaking():
    doc = _doc("أعلنت وزارة الصحة أمس وصول شحنة أدوية إلى المدينة، مشيرة إلى أنها تكفي لشهرين.\n"
               "وأشار بيان صدر أمس إلى أن الشحنة تأتي في إطار الجسر الإغاثي.\n"
               "وأشار بيان صادر عن الأمم المتحدة إلى أن القوافل وصلت.")
    assert [q.speaker for q in doc.quotes] == ["ministry", "ministry", "ministry", "un"]


def test_a_place_in_an_untagged_title_subject_still_makes_it_an_unnamed_source():
    doc = _doc("وقال محمد العمري إن الحل قريب. وعبّر مدير عام الشؤون الاجتماعية بمنطقة طهران عن شكره للقائمين على العمل.")
    assert speakers(doc) == [("omari", "محمد العمري"), (None, "مدير عام الشؤون الاجتماعية بمنطقة طهران")]


def test_a_first_person_verb_after_the_cue_is_no_new_speaker():
    doc = _doc("وقال محمد العمري إن الحل قريب. وعن الأسعار قال أعتقد أنها مناسبة.")
    assert [q.speaker for q in doc.quotes] == ["omari", "omari"]


def test_an_untagged_name_between_commas_before_the_verb_is_the_speaker():
    doc = _doc("وقال محمد العمري إن الحل قريب. إلا أن رئيس لجنة الأمن في وزارة الصحة، مايكل ماكول، قال إن الأهداف واحدة.")
    assert speakers(doc) == [("omari", "محمد العمري"), (None, "مايكل ماكول")]


def test_a_name_after_a_noun_with_a_glued_ba_is_its_genitive_and_may_speak():
    doc = _doc("واستشهد محمد العمري بتصريحات سعد الحربي، رئيس اللجنة، قال فيها إن اللجنة لن تسمح بالزيارة.")
    assert [q.speaker for q in doc.quotes] == ["harbi"]


def test_a_definite_object_of_a_verb_disagreeing_with_the_participle_is_no_subject():
    doc = _doc("أكدت وزارة الصحة أن الحل قريب. ودعت المجتمع الدولي إلى التحرك، مؤكدةً أن الوضع خطير.")
    assert [q.speaker for q in doc.quotes] == ["ministry", "ministry"]


def test_ban_of_ban_ki_moon_is_a_name_not_bi_anna():
    ban = {"id": "ban", "type": "PER", "name": "بان كي مون", "surfaces": ["بان كي مون"]}
    doc = build_document({"id": "t", "entities": [*ENTITIES, ban], "dates": [], "published": "2024-03-05",
                          "text": "رحب الأمين العام بان كي مون بالاتفاق.\nوقال بان كي مون للصحفيين إن الاتفاق تاريخي."})
    second = doc.body.rindex("بان كي مون")
    for e in doc.entities:  # as a tagger may leave it: found once, not where the quote is
        e.mentions = [m for m in e.mentions if m.start != second]
    doc.mentions = [m for m in doc.mentions if m.start != second]
    doc = QuotesStage()(doc)
    assert [q.text for q in doc.quotes] == ["الاتفاق تاريخي"]

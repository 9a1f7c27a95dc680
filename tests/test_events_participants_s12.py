"""Events, session 12 (issue 19): the participants of acts other than meetings — a subject before the verb
across an aside set off by commas, a verb with no subject of its own that goes on with the actor before it, a
dual verb, the agent of a relative clause that takes its noun back, whom a condemnation of an attack is of.
Sentences written for these tests; the entities are given (the tests check the events stage, not the
recogniser)."""

from __future__ import annotations

from functools import partial

from testdata import entity, event_doc

_doc = partial(event_doc, published="2015-08-02")

KSA = entity("ksa", "السعودية", type_="LOC")
EGYPT = entity("egypt", "مصر", type_="LOC")
LEAGUE = entity("league", "الجامعة العربية", type_="ORG")
UN = entity("un", "الأمم المتحدة", type_="ORG")
HOUTHIS = entity("houthis", "الحوثيين", "الحوثيون", "جماعة الحوثي", type_="ORG")
ISIS = entity("isis", "تنظيم داعش", "داعش", type_="ORG")
KUWAIT = entity("kuwait", "الكويت", type_="LOC")
ADEN = entity("aden", "عدن", type_="LOC")
BAN = entity("ban", "بان كي مون")
JUBEIR = entity("jubeir", "عادل الجبير", "الجبير")
SHOUKRY = entity("shoukry", "سامح شكري", "شكري")
LAVROV = entity("lavrov", "سيرغي لافروف", "لافروف")
KERRY = entity("kerry", "جون كيري", "كيري")
PEOPLE = [KSA, EGYPT, LEAGUE, UN, HOUTHIS, ISIS, KUWAIT, ADEN, BAN, JUBEIR, SHOUKRY, LAVROV, KERRY]


def _events(doc) -> list[tuple[str, list[str], list[str]]]:
    by_id = {e.id: e.name for e in doc.entities}
    return [(e.type, [by_id[i] for i in e.source], [by_id[i] for i in e.target]) for e in doc.events]


def _of(doc, type_: str) -> list[tuple[list[str], list[str]]]:
    return [(s, t) for ty, s, t in _events(doc) if ty == type_]


def test_the_subject_before_an_aside_set_off_by_commas_condemns():
    doc = _doc("الأمين العام للأمم المتحدة بان كي مون، في بيان صدر أمس، أدان الهجمات التي شنتها جماعة الحوثي على "
               "مدينة عدن.", PEOPLE)
    assert _of(doc, "ACCUSE") and _of(doc, "ACCUSE")[0][0] == ["بان كي مون"]


def test_the_subject_before_a_relative_clause_set_off_by_commas_praises():
    doc = _doc("وكان وزير الخارجية السعودي عادل الجبير، الذي يزور القاهرة، قد أشاد بموقف مصر من الأزمة.", PEOPLE)
    assert _of(doc, "SUPPORT") == [(["عادل الجبير"], ["مصر"])]


def test_a_name_in_the_aside_is_not_the_subject():
    # the aside names Egypt; the subject is the minister before it, and Egypt is no side of his condemnation
    doc = _doc("وزير الخارجية السعودي عادل الجبير، خلال مؤتمر صحفي في مصر، أدان الاعتداءات على الحجاج.", PEOPLE)
    assert [s for s, _ in _of(doc, "ACCUSE")] == [["عادل الجبير"]]


def test_a_comma_after_a_plain_clause_is_no_aside():
    # the clause before the comma ends with a place after a preposition: no subject is carried over it
    doc = _doc("وصل الوفد إلى الكويت، ثم أدان الهجوم.", PEOPLE)
    assert _of(doc, "ACCUSE") == []


def test_a_name_that_opens_with_the_form_of_bi_anna_is_the_subject():
    doc = _doc("ودعا بان كي مون جماعة الحوثي إلى الانسحاب من عدن.", PEOPLE)
    assert _of(doc, "APPEAL") == [(["بان كي مون"], ["الحوثيين"])]


def test_an_oblique_plural_after_the_verb_is_its_object_and_the_sentence_before_acts():
    doc = _doc("ونددت الجامعة العربية بالقصف الذي استهدف الأحياء السكنية. ودعت الحوثيين إلى الانسحاب من عدن.", PEOPLE)
    assert _of(doc, "APPEAL") == [(["الجامعة العربية"], ["الحوثيين"])]


def test_a_verb_joined_by_waw_goes_on_with_the_actor_of_its_sentence():
    doc = _doc("فيما رحبت الجامعة العربية بالهدنة الإنسانية ودعت الحوثيين وحلفاءهم للالتزام ببنودها.", PEOPLE)
    assert (["الجامعة العربية"], ["الحوثيين"]) in _of(doc, "APPEAL")


def test_a_verb_opening_its_sentence_with_a_preposition_after_it_goes_on_with_the_actor_before():
    doc = _doc("والتقى عادل الجبير نظيره المصري سامح شكري في القاهرة. ورحب بالقرار الذي اتخذته الأمم المتحدة.",
               PEOPLE)
    assert [s for s, _ in _of(doc, "SUPPORT")] == [["عادل الجبير"]]


def test_a_masculine_verb_does_not_go_on_with_a_state():
    # "ورحب" cannot have Saudi Arabia (a feminine state) for its subject: no one sure welcomes
    doc = _doc("وأدانت السعودية الهجوم على المسجد. ورحب بالقرار.", PEOPLE)
    assert _of(doc, "SUPPORT") == []


def test_a_name_right_after_the_verb_stays_its_subject():
    doc = _doc("وأدانت السعودية الهجوم على المسجد. كما طالبت الأمم المتحدة بفتح تحقيق.", PEOPLE)
    assert [s for s, _ in _of(doc, "REQUEST")] == [["الأمم المتحدة"]]


def test_a_dual_verb_is_the_two_sides_of_the_talks_before():
    doc = _doc("والتقى لافروف نظيره الأمريكي جون كيري في جنيف. واتفقا على تمرير القرار في مجلس الأمن.", PEOPLE)
    assert [sorted(s + t) for s, t in _of(doc, "AGREE")] == [sorted(["سيرغي لافروف", "جون كيري"])]


def test_a_dual_verb_with_no_talks_before_names_no_one():
    # before, the one person named last was taken for both
    doc = _doc("وقال لافروف إن الوضع صعب. واتفقا على تمرير القرار.", PEOPLE)
    assert _of(doc, "AGREE") == []


def test_the_subject_of_a_relative_clause_that_takes_the_noun_back_is_the_actor():
    doc = _doc("أدانت السعودية الهجوم الإرهابي الذي نفذه تنظيم داعش في الكويت.", PEOPLE)
    assert _of(doc, "ASSAULT") == [(["تنظيم داعش"], [])]
    assert _of(doc, "ACCUSE") == [(["السعودية"], ["تنظيم داعش"])]


def test_a_name_inside_the_relative_clause_after_a_preposition_is_no_actor():
    doc = _doc("وتحدث الجبير عن الهجوم الذي تعرضت له مدينة عدن.", PEOPLE)
    assert all("عدن" not in s for s, _ in _of(doc, "ASSAULT"))


def test_a_speakers_own_call_to_no_one_named_is_no_appeal():
    doc = _doc('وقال الجبير: "أملنا ودعوتنا للأطراف المعنية أن تحترم الهدنة".', PEOPLE)
    assert _of(doc, "APPEAL") == []


def test_a_speakers_call_to_someone_named_stays():
    doc = _doc('وقال الجبير: "دعوتنا لجماعة الحوثي واضحة، أن يلتزموا بالهدنة".', PEOPLE)
    assert _of(doc, "APPEAL") == [(["عادل الجبير"], ["الحوثيين"])]


RUSSIA = entity("russia", "روسيا", type_="LOC")
YEMEN = entity("yemen", "اليمن", type_="LOC")
OPPOSITION = entity("opp", "المعارضة السورية", type_="ORG")
MORE = PEOPLE + [RUSSIA, YEMEN, OPPOSITION, entity("iran", "إيران", type_="LOC"),
                 entity("usa", "الولايات المتحدة", type_="LOC"), entity("mistura", "ستيفان دي ميستورا"),
                 entity("araby", "نبيل العربي")]


def test_two_people_joined_by_waw_after_the_verb_are_both_sides():
    # a one-word name followed by "ولافروف" is no title of the next name
    doc = _doc("واتفق الجبير ولافروف على ضرورة الحل السياسي.", MORE)
    assert [sorted(s + t) for s, t in _of(doc, "AGREE")] == [sorted(["عادل الجبير", "سيرغي لافروف"])]


def test_aid_sent_to_a_state_is_for_it():
    doc = _doc("وأرسلت السعودية مساعدات طبية إلى اليمن.", MORE)
    assert _of(doc, "AID") == [(["السعودية"], ["اليمن"])]


def test_aid_given_in_a_place_names_no_recipient():
    doc = _doc("وقدمت السعودية مساعدات إنسانية في مؤتمر عقد في الكويت.", MORE)
    assert _of(doc, "AID") == [(["السعودية"], [])]


def test_a_state_after_a_noun_in_construct_is_whose_deed_is_praised():
    doc = _doc("وأشادت الولايات المتحدة بجهود السعودية في مكافحة الإرهاب.", MORE)
    assert _of(doc, "SUPPORT") == [(["الولايات المتحدة"], ["السعودية"])]


def test_the_state_of_the_adjective_on_the_object_of_a_stance_is_its_target():
    doc = _doc("وفي السياق ذاته، أشاد الجبير بالموقف المصري من الأزمة.", MORE)
    assert _of(doc, "SUPPORT") == [(["عادل الجبير"], ["مصر"])]
    doc = _doc("ورفضت إيران الاتهامات السعودية.", MORE)
    assert _of(doc, "REJECT") == [(["إيران"], ["السعودية"])]


def test_the_adjective_of_a_title_names_no_target():
    doc = _doc("وأشاد الجبير بوزير الخارجية المصري.", MORE)
    assert _of(doc, "SUPPORT") == [(["عادل الجبير"], [])]


def test_the_state_of_the_adjective_strikes_and_the_name_after_it_is_hit():
    doc = _doc("واستهدفت غارات جوية روسية مواقع المعارضة السورية.", MORE)
    assert _of(doc, "ASSAULT") == [(["روسيا"], ["المعارضة السورية"])]


def test_an_attribution_before_the_verb_is_not_its_subject():
    doc = _doc("وبحسب بيان لرئاسة الإقليم أشاد الجبير بقيادة شكري.", MORE)
    assert _of(doc, "SUPPORT") == [(["عادل الجبير"], ["سامح شكري"])]


def test_a_name_after_a_title_with_lam_is_whom_the_person_works_for():
    doc = _doc("التقى الدكتور نبيل العربي ستيفان دي ميستورا المبعوث الخاص للأمين العام للأمم المتحدة بان كي مون.",
               MORE)
    assert all("بان كي مون" not in t for s, t in _of(doc, "CONSULT"))
    assert any("ستيفان دي ميستورا" in t for s, t in _of(doc, "CONSULT"))


def test_a_plural_verb_goes_on_with_no_one_person():
    doc = _doc("وتحدث الجبير عن الأزمة. وطالبوا بالعمل سريعا على تحسين الخدمة.", MORE)
    assert _of(doc, "REQUEST") == []


def test_whom_a_request_asks_after_min_is_its_target():
    # before, the clause ran on to the secretary-general and took him for the one who asks
    doc = _doc("وتقدمت الولايات المتحدة باقتراح يطلب من الأمين العام للمنظمة بان كي مون تقديم تقرير.", MORE)
    assert any(t == ["بان كي مون"] for s, t in _of(doc, "REQUEST"))
    assert all("بان كي مون" not in s for s, t in _of(doc, "REQUEST"))


def test_a_dual_verb_after_its_subject_in_the_sentence_keeps_it():
    doc = _doc("وكان الجبير والوفد المرافق له، في مؤتمر صحفي، نفيا وجود أي خلاف.", MORE)
    assert [s for s, _ in _of(doc, "DENY")] == [["عادل الجبير"]]


def test_relations_between_two_states_name_no_target_of_the_praise():
    doc = _doc("وأشاد الجبير بعمق العلاقات السعودية المصرية.", MORE)
    assert _of(doc, "SUPPORT") == [(["عادل الجبير"], [])]


COALITION = entity("coal", "التحالف", type_="ORG")
NUSRA = entity("nusra", "جبهة النصرة", type_="ORG")


def test_a_verb_form_after_jarraa_is_a_noun_whose_genitive_strikes():
    doc = _doc("وأصيب عشرات المدنيين جراء قصف الحوثيين على مدينة عدن.", MORE)
    assert _of(doc, "ASSAULT") and _of(doc, "ASSAULT")[0][0] == ["الحوثيين"]


def test_the_aircraft_after_lam_strike():
    doc = _doc("وتزامنت المواجهات مع غارات مكثفة لطائرات التحالف على مواقع الحوثيين.", MORE + [COALITION])
    assert _of(doc, "ASSAULT") == [(["التحالف"], ["الحوثيين"])]


def test_who_does_it_after_ala_aydi_is_the_actor():
    doc = _doc("وأفادت التقارير بأن ثلاثة ناشطين اعتقلوا على أيدي مقاتلي جبهة النصرة في ريف حلب.",
               MORE + [NUSRA])
    assert [s for s, _ in _of(doc, "COERCE")] == [["جبهة النصرة"]]


def test_the_object_after_an_adverb_names_the_state_praised():
    doc = _doc("وثمن الجبير عاليا الدور الروسي في المنطقة.", MORE)
    assert _of(doc, "SUPPORT") == [(["عادل الجبير"], ["روسيا"])]


def test_a_name_that_swallowed_the_verb_and_a_common_word_is_no_party():
    # the recogniser took "طالب بوقف" for a name (طالب is also a given name); the one who asks is the man named
    # before, not that "name"
    doc = _doc("وأجرى الجبير اتصالا هاتفيا مع شكري وطالب بوقف القصف.",
               MORE + [entity("bogus", "طالب بوقف")])
    assert _of(doc, "REQUEST") == [(["عادل الجبير"], [])]

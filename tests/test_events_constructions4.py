"""Events, round 4 (issue 19): constructions read on real news, each tested on sentences the team wrote.
Most tests give the entities (they test the events stage alone); the one that needs the knowledge base
(cities) runs the whole pipeline."""

from __future__ import annotations

from functools import partial

from testdata import entity, event_doc, pipeline_doc

from marsad.evaluate import build_document

_p = entity
_run = partial(pipeline_doc, published="2015-08-06")
_doc = partial(event_doc, published="2015-08-06")


def _names(doc, ids: list[str]) -> list[str]:
    by_id = {e.id: e.name for e in doc.entities}
    return [by_id[i] for i in ids]


NEBENZIA = _p("neb", "أنطون كوزمين", "كوزمين")
COUNCIL = _p("unsc", "مجلس الأمن", type_="ORG")
LAVROV = _p("lavrov", "سيرغي لافروف", "لافروف")
COALITION = _p("coal", "الائتلاف الوطني", type_="ORG")
MOSCOW = _p("moscow", "موسكو", type_="LOC")


def test_a_title_no_name_follows_is_an_unnamed_subject_not_the_body_after_it():
    # the French delegate praises the council's unity: the council praises nothing
    doc = _doc("وأيد المندوب الروسي أنطون كوزمين مشروع القرار. فيما أشاد المندوب الفرنسي بوحدة أعضاء مجلس الأمن "
               "تجاه الملف.", [NEBENZIA, COUNCIL])
    assert [(e.type, _names(doc, e.source)) for e in doc.events] == [("SUPPORT", ["أنطون كوزمين"])]


def test_a_title_with_its_name_after_a_title_ba_word_stays_named():
    # ("باسم" belongs to the title: the name after it is the subject's)
    doc = _doc("ورحب المتحدث باسم الحكومة ماهر الدوسري بالقرار الأممي.", [_p("spk", "ماهر الدوسري")])
    assert [(e.type, e.source) for e in doc.events] == [("SUPPORT", ["spk"])]


def test_a_joined_verb_after_an_unnamed_subject_is_not_the_person_named_before():
    # "وطالب" goes on with the Chinese delegate, who has no name: not the Russian named in the sentence before
    doc = _doc("وأيد المندوب الروسي أنطون كوزمين القرار. وشدد المندوب الصيني على الحل السياسي للأزمة وطالب بعدم "
               "الخروج عن المسار السياسي.", [NEBENZIA])
    assert [e.type for e in doc.events] == ["SUPPORT"]


def test_a_ceremony_attended_names_attendees_not_the_sides_of_the_aid():
    doc = _doc("وحضر مراسم تسليم المساعدات السفير خالد المطيري، ومدير إدارة الأزمات.",
               [_p("mut", "خالد المطيري"), _p("crisis", "إدارة الأزمات", type_="ORG")])
    assert doc.events == []


def test_the_delegation_as_subject_is_the_body_named_with_it_before():
    doc = _doc("يصل وفد الائتلاف الوطني إلى موسكو الأسبوع المقبل. وقال مصدر إن من المقرر أن يلتقي الوفد بوزير "
               "الخارجية سيرغي لافروف.", [LAVROV, COALITION, MOSCOW])
    meet = next(e for e in doc.events if e.trigger.text == "يلتقي")
    assert (meet.source, meet.target, meet.status) == (["coal"], ["lavrov"], "planned")


def test_a_team_that_visits_is_the_ministry_that_sent_it():
    doc = _doc("استقبل مدير الشؤون الصحية سعد العتيبي فريقاً هندسياً من وزارة الصحة. وقد زار الفريق مقر المشروع "
               "أمس.", [_p("ot", "سعد العتيبي"), _p("moh", "وزارة الصحة", type_="ORG")])
    visit = next(e for e in doc.events if e.trigger.text == "زار")
    assert visit.source == ["moh"]


def test_the_rank_alfariq_with_a_name_is_no_delegation():
    doc = _doc("وصل فريق من وزارة الصحة إلى المدينة. وزار الفريق أول سالم الحربي المستشفى.",
               [_p("harbi", "سالم الحربي"), _p("moh", "وزارة الصحة", type_="ORG")])
    visit = next(e for e in doc.events if e.trigger.text == "وزار")
    assert visit.source == ["harbi"]


def test_a_phone_interview_with_a_paper_is_no_call():
    doc = _doc("وأوضح محافظ المدينة ناصر العلي في اتصال هاتفي لـ«الجريدة»، أن المطار عاد إلى العمل.",
               [_p("ali", "ناصر العلي")])
    assert doc.events == []
    call = _doc("وبحث ناصر العلي في اتصال هاتفي مع نظيره سامي الحسن سبل التعاون.",
                [_p("ali", "ناصر العلي"), _p("hasan", "سامي الحسن")])
    assert [e.mode for e in call.events] == ["phone"]


def test_a_meeting_that_only_says_when_has_no_sides():
    # "خلال اجتماع سنوي": when the army appointed someone; the body after ل is the new commander's
    doc = _doc("من جهة ثانية، عين الجيش خلال اجتماع سنوي أمس قائدا جديدا لهيئة الأركان.",
               [_p("staff", "هيئة الأركان", type_="ORG")])
    assert doc.events == []


def test_a_city_struck_is_where_the_raids_fell_not_a_side():
    doc = _run("شنت طائرات التحالف العربي غارات تستهدف الحديدة فجر أمس.")
    raids = [e for e in doc.events if e.type == "ASSAULT"]
    assert raids and all("الحديدة" not in _names(doc, e.source + e.target) for e in raids)


def test_the_last_visit_is_one_that_happened_not_the_one_invited_to():
    putin = _p("putin", "فلاديمير بوتين", "بوتين")
    doc = _doc("ووجه الملك الدعوة إلى الرئيس فلاديمير بوتين لزيارة المملكة. وأكد بوتين قبوله الدعوة، مضيفا أنه "
               "يتذكر زيارته الأخيرة إلى الرياض.", [putin, _p("ksa", "المملكة", type_="LOC"),
                                                     _p("riyadh", "الرياض", type_="LOC")])
    last = next(e for e in doc.events if e.trigger.text == "زيارته")
    assert (last.source, last.status) == (["putin"], "happened")


def test_a_noun_joined_by_wa_takes_no_actor_from_the_clause_before():
    # a headline of two news: the resistance takes a town, raids (by someone else) strike the Houthis
    doc = _doc("المقاومة تحرر المخا وغارات تستهدف مواقع الحوثيين",
               [_p("res", "المقاومة", type_="ORG"), _p("mokha", "المخا", type_="LOC"),
                _p("houthi", "الحوثيين", type_="ORG")])
    (raids,) = doc.events
    assert (raids.type, raids.source, raids.target) == ("ASSAULT", [], ["houthi"])


def test_a_possessive_noun_right_after_a_name_is_that_names():
    # the centre reports, the coalition's planes strike: "قصفها" is the coalition's
    doc = _doc("وأضاف المركز الإعلامي للمقاومة أن تركيز طائرات التحالف قصفها على مواقع في المحافظة جاء في إطار "
               "الخطة.", [_p("centre", "المركز الإعلامي للمقاومة", type_="ORG"),
                          _p("coal", "التحالف", type_="ORG")])
    (strike,) = doc.events
    assert (strike.type, strike.source) == ("ASSAULT", ["coal"])


def test_a_comma_after_the_verbs_subject_does_not_end_the_clause():
    doc = _doc("وثمن الشيخ حمد بن سالم، دور الملك عبد الله الثاني في دعم الاستقرار.",
               [_p("hamad", "حمد بن سالم", "الشيخ حمد بن سالم"), _p("abd", "عبد الله الثاني", "الملك عبد الله الثاني")])
    (praise,) = doc.events
    assert (praise.type, praise.source, praise.target) == ("SUPPORT", ["hamad"], ["abd"])


def test_a_reception_in_a_said_clause_is_the_speakers():
    doc = _doc("وأكد الأمير خالد بن سعود أن المنطقة تنعم بالأمن.\nوقال خلال استقباله المهنئين، أمس، إن "
               "«الوطن يفخر بأبنائه».", [_p("khalid", "خالد بن سعود", "الأمير خالد بن سعود")])
    hosting = [e for e in doc.events if e.mode == "host"]
    assert [e.source for e in hosting] == [["khalid"]]


def test_a_participle_after_a_quote_continues_its_speaker_and_reaches_into_quote_marks():
    doc = _doc("وأكد الشيخ حمد بن سالم تضامن بلاده مع اليمن.\nوأكد أن «العملية ثمرة حقيقية للعمل المشترك»، مثمنا "
               "«دور القوات المسلحة الباسلة في التحالف»",
               [_p("hamad", "حمد بن سالم", "الشيخ حمد بن سالم"), _p("forces", "القوات المسلحة", type_="ORG")])
    praise = next(e for e in doc.events if e.trigger.text == "مثمنا")
    assert (praise.source, praise.target) == (["hamad"], ["forces"])


def test_a_plural_participle_after_the_sides_verb_is_the_sides_act():
    gcc = _p("gcc", "مجلس التعاون", type_="ORG")
    kerry = _p("kerry", "جون كيري", "كيري")
    doc = _doc("اجتمع وزراء خارجية دول مجلس التعاون مع وزير الخارجية الأمريكي جون كيري في الدوحة أمس.\n"
               "كما عبر الوزراء عن قلقهم من الأوضاع، مطالبين باتخاذ الخطوات اللازمة للحفاظ على الأمن في العراق.",
               [gcc, kerry, _p("doha", "الدوحة", type_="LOC"), _p("iraq", "العراق", type_="LOC")])
    ask = next(e for e in doc.events if e.type == "REQUEST")
    assert set(ask.source) == {"gcc", "kerry"}


def test_a_lam_name_after_an_attack_noun_is_struck_not_striking_and_taqum_bi_is_ongoing():
    doc = _doc("ولم تطلق القوات النار على طائرات التحالف التي تقوم بقصف أهداف تابعة لتنظيم داعش في سوريا.",
               [_p("isis", "تنظيم داعش", type_="ORG"), _p("syria", "سوريا", type_="LOC")])
    (strike,) = doc.events
    assert (strike.type, strike.source, strike.target, strike.status) == ("ASSAULT", [], ["isis"], "ongoing")


def test_an_act_at_a_dated_reception_takes_its_day():
    text = ("وثمن الشيخ حمد بن سالم، دور الملك عبد الله الثاني في دعم الاستقرار، وذلك خلال استقباله أمس "
            "الوزير سامي الحسن.")
    doc = build_document({"id": "t", "text": text, "published": "2015-08-06",
                          "entities": [_p("hamad", "حمد بن سالم", "الشيخ حمد بن سالم"),
                                       _p("abd", "عبد الله الثاني", "الملك عبد الله الثاني"),
                                       _p("hasan", "سامي الحسن")],
                          "dates": [{"text": "أمس", "value": "2015-08-05"}]})
    praise = next(e for e in doc.events if e.type == "SUPPORT")
    reception = next(e for e in doc.events if e.type == "CONSULT")
    assert reception.date == "2015-08-05" and praise.date == "2015-08-05"


def test_what_comes_after_a_dated_meeting_does_not_take_its_day():
    # (a second paragraph: the lead's events are dated on the article's day)
    text = ("وصل الوزير سامي الحسن إلى العاصمة الروسية.\n"
            "وتأتي زيارة الوزير سامي الحسن إلى موسكو بعد لقاء عقده مع نظيره حمد بن سالم في الدوحة يوم الإثنين.")
    doc = build_document({"id": "t", "text": text, "published": "2015-08-06",
                          "entities": [_p("hamad", "حمد بن سالم"), _p("hasan", "سامي الحسن"),
                                       _p("moscow", "موسكو", type_="LOC"), _p("doha", "الدوحة", type_="LOC")],
                          "dates": [{"text": "يوم الإثنين", "value": "2015-08-03"}]})
    meeting = next(e for e in doc.events if e.mode == "meet")
    assert meeting.date == "2015-08-03"
    assert [e.date for e in doc.events if e.mode == "visit"] == ["2015-08-06"]  # the lead's day, not Monday


def test_the_sides_welcome_in_a_statement_is_made_on_the_day_of_the_talks():
    text = ("اجتمع وزراء خارجية دول مجلس التعاون مع وزير الخارجية الأمريكي جون كيري في الدوحة أمس.\n"
            "ورحب الوزراء بعودة الحكومة اليمنية إلى عدن.")
    doc = build_document({"id": "t", "text": text, "published": "2015-08-06",
                          "entities": [_p("gcc", "مجلس التعاون", type_="ORG"), _p("kerry", "جون كيري"),
                                       _p("doha", "الدوحة", type_="LOC"),
                                       _p("yemen", "الحكومة اليمنية", type_="ORG")],
                          "dates": [{"text": "أمس", "value": "2015-08-05"}]})
    welcome = next(e for e in doc.events if e.type == "SUPPORT")
    assert welcome.date == "2015-08-05"


SPORTS_TRIP = ("بعثة الوحدة تصل إسطنبول لبدء المعسكر الخارجي\nوصلت بعثة الفريق الأول لكرة القدم بنادي الوحدة إلى مطار "
               "أتاتورك أمس استعداداً للموسم الرياضي الجديد. وكان في استقبال البعثة القنصل العام سعد المالكي.")


def test_a_football_teams_trip_is_no_diplomatic_visit():
    doc = _doc(SPORTS_TRIP, [_p("malki", "سعد المالكي"), _p("club", "الوحدة", type_="ORG")])
    assert doc.events == []


def test_a_page_of_the_sports_section_gives_no_events_whatever_its_words():
    from marsad.pipeline import make_stage

    text = "استقبل رئيس الاتحاد سعد المالكي أمس وفد الاتحاد الآسيوي وبحث معه استعدادات البطولة."
    doc = _doc(text, [_p("malki", "سعد المالكي"), _p("afc", "الاتحاد الآسيوي", type_="ORG")])
    assert doc.events  # read as news, a reception
    for section, url in (("رياضة", None), (None, "https://example.com/sports/2015/08/1.html")):
        doc.section, doc.url = section, url
        assert make_stage("events")(doc).events == []
    doc.section, doc.url = "محليات", "https://example.com/riyadh/2015/08/1.html"  # the city, not sport
    assert make_stage("events")(doc).events


def test_consent_to_cooperate_and_a_decision_over_a_verbal_noun_name_their_actor():
    turkey, usa = _p("tr", "تركيا", type_="LOC"), _p("us", "الولايات المتحدة", type_="LOC")
    doc = _doc("ووافقت تركيا على التعاون مع الولايات المتحدة في الحرب على التنظيم.", [turkey, usa])
    assert [(e.type, e.source, e.target) for e in doc.events] == [("COOPERATE", ["tr"], ["us"])]
    doc = _doc("وقررت الحكومة اليمنية استئناف المفاوضات مع الحوثيين الأسبوع المقبل.",
               [_p("gov", "الحكومة اليمنية", type_="ORG"), _p("houthi", "الحوثيين", type_="ORG")])
    assert [(e.type, e.source, e.target) for e in doc.events] == [("CONSULT", ["gov"], ["houthi"])]


def test_a_decision_over_a_noun_with_its_own_actor_is_not_the_deciders():
    doc = _doc("ووافق الرئيس سامي الحسن على زيارة وفد المعارضة إلى العاصمة.",
               [_p("hasan", "سامي الحسن"), _p("opp", "المعارضة", type_="ORG")])
    assert all("hasan" not in e.source for e in doc.events)


def test_agreeing_that_something_is_so_is_no_agreement_made():
    sides = [_p("gcc", "مجلس التعاون", type_="ORG"), _p("kerry", "جون كيري")]
    view = _doc("واتفق مجلس التعاون وجون كيري على أن خطة العمل الشاملة ستسهم في أمن المنطقة.", sides)
    assert [e.type for e in view.events] == []
    deed = _doc("واتفق مجلس التعاون وجون كيري على أن يعقدا اجتماعا آخر في نيويورك.", sides)
    assert "AGREE" in [e.type for e in deed.events]


def test_a_plural_relative_visits_with_the_group_before_it_and_is_on_its_visit_now():
    doc = _doc("استقبل الشيخ حمد بن سالم، اليوم، وزراء خارجية دول مجلس التعاون، الذين يزورون قطر، لحضور اجتماعهم.",
               [_p("hamad", "حمد بن سالم", "الشيخ حمد بن سالم"), _p("gcc", "مجلس التعاون", type_="ORG"),
                _p("qatar", "قطر", type_="LOC")])
    visit = next(e for e in doc.events if e.mode == "visit")
    assert (visit.source, visit.place, visit.status) == (["gcc"], "qatar", "ongoing")


def test_signing_across_a_title_set_off_by_commas():
    doc = _doc("ووقع المندوب الدائم للمملكة لدى الأمم المتحدة في نيويورك، السفير فهد الناصر، على اتفاقية إقامة "
               "العلاقات الدبلوماسية.", [_p("nasser", "فهد الناصر"), _p("ksa", "المملكة", type_="LOC"),
                                          _p("un", "الأمم المتحدة", type_="ORG"), _p("ny", "نيويورك", type_="LOC")])
    (signed,) = doc.events
    assert (signed.type, signed.source) == ("AGREE", ["nasser"])


def test_a_capital_that_strikes_is_its_state_when_the_article_names_it():
    doc = _run("أعلنت تركيا أمس توسيع عملياتها العسكرية. وشنت أنقرة غارات جوية على مواقع حزب العمال الكردستاني "
               "في شمال العراق.")
    raids = [e for e in doc.events if e.type == "ASSAULT"]
    assert raids and all("أنقرة" not in _names(doc, e.source) for e in raids)
    assert any("تركيا" in _names(doc, e.source) for e in raids)


def test_a_title_with_its_nationality_refers_back_to_the_person_whose_role_it_is():
    sisi = {"id": "sisi", "type": "PER", "name": "عبد الفتاح السيسي", "surfaces": ["عبد الفتاح السيسي"],
            "roles": ["الرئيس المصري"]}
    kerry = {"id": "kerry", "type": "PER", "name": "جون كيري", "surfaces": ["جون كيري"],
             "roles": ["وزير الخارجية الأمريكي"]}
    doc = _doc("استقبل الرئيس المصري عبد الفتاح السيسي وزير الخارجية الأمريكي جون كيري في القاهرة أمس.\n"
               "وأشاد الرئيس المصري بجهود جون كيري في المنطقة. وأشاد الرئيس الفرنسي بالخطوة.", [sisi, kerry])
    praise = [e for e in doc.events if e.type == "SUPPORT"]
    assert [(e.source, e.target) for e in praise] == [(["sisi"], ["kerry"])]  # the French one is no one here

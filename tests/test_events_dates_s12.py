"""Session 12, issue 19: the day of an event (GUIDE: "the day it happened … if the text says or clearly implies it;
the lead event of a news story without a date is usually the publication day or the day before: decide from
the text"). Sentences written by the team; entities and dates are given."""

from __future__ import annotations

from testdata import entity, event_doc

PUB = "2015-08-06"
AMS = {"text": "أمس", "value": "2015-08-05"}


def _events(doc, kind: str) -> list:
    return [e for e in doc.events if e.type == kind]


# -- the lead sentence's act without a date is the day's news

def test_the_leads_undated_act_is_of_the_publication_day():
    doc = event_doc("البرلمان العربي: الاعتداء جريمة نكراء\n"
                    "دان رئيس البرلمان العربي أحمد الجروان التفجير الإرهابي الذي استهدف مسجدا في مدينة أبها، "
                    "مؤكدا وقوف البرلمان إلى جانب المملكة.",
                    [entity("jar", "أحمد الجروان"), entity("abha", "أبها", type_="LOC")], PUB)
    accuse = _events(doc, "ACCUSE")
    assert accuse and accuse[0].date == PUB


def test_the_lead_gives_the_day_of_the_headline_event():
    # the headline's talks, undated, are the day the lead names ("أمس"), not the publication day
    text = ("الربيعي يبحث مع السفير الكويتي تنسيق الإغاثة\n"
            "استقبل المشرف على المركز سالم الربيعي أمس في الرياض السفير الكويتي فهد الدوسري وبحث معه تنسيق "
            "الإغاثة.")
    doc = event_doc(text, [entity("rab", "سالم الربيعي", "الربيعي"), entity("dos", "فهد الدوسري"),
                           entity("riy", "الرياض", type_="LOC")], PUB, [AMS])
    talks = _events(doc, "CONSULT")
    assert talks and all(e.date == "2015-08-05" for e in talks)


def test_a_later_undated_act_is_not_dated_by_the_lead():
    # only the lead's own act: a statement further on may be of any day (the annotators leave it null)
    text = ("الجامعة العربية ترحب بالهدنة\n"
            "رحبت جامعة الدول العربية بالهدنة الإنسانية في اليمن.\n"
            "وكانت الحكومة اليمنية قد دعت الأمم المتحدة إلى إرسال المساعدات. واستنكر البرلمان العربي القصف.")
    doc = event_doc(text, [entity("al", "جامعة الدول العربية", type_="ORG"),
                           entity("par", "البرلمان العربي", type_="ORG"), entity("ye", "اليمن", type_="LOC")], PUB)
    support = _events(doc, "SUPPORT")
    assert support and support[0].date == PUB
    assert all(e.date is None for e in _events(doc, "ACCUSE"))


def test_a_noun_of_the_lead_takes_no_day_when_the_lead_gives_none():
    # "في زيارته الرسمية لباريس": a visit told by a noun, the lead naming no day, may be one going on
    text = ("وزير الداخلية اللبناني: التعاون الأمني مع فرنسا ممتاز\n"
            "لقاءات عديدة أجريت لوزير الداخلية اللبناني نادر الحلبي في زيارته الرسمية لباريس، تناولت التعاون "
            "الأمني.")
    doc = event_doc(text, [entity("hal", "نادر الحلبي"), entity("par", "باريس", type_="LOC")], PUB)
    visits = [e for e in _events(doc, "CONSULT") if e.mode == "visit"]
    assert visits and visits[0].date is None


def test_what_the_lead_quotes_is_not_dated_by_it():
    text = ("كيري: رفض الاتفاق يضعف مصداقيتنا\n"
            "قال وزير الخارجية الأمريكي جون كيري إن «رفض الكونغرس الاتفاق مع إيران سيضعف مصداقية بلاده».")
    doc = event_doc(text, [entity("ker", "جون كيري"), entity("con", "الكونغرس", type_="ORG"),
                           entity("ir", "إيران", type_="LOC")], PUB)
    assert all(e.date is None for e in _events(doc, "REJECT"))


# -- a date that bounds a stretch of time is no event's day

def test_a_date_after_munthu_is_no_day_of_the_visit():
    text = ("وصل وزير الدفاع البريطاني مايكل فالون إلى بغداد في ثاني زيارة له منذ تسلمه مهامه في مايو الماضي.\n"
            "وتعد زيارة فالون أول زيارة له إلى العراق منذ مايو الماضي.")
    doc = event_doc(text, [entity("fal", "مايكل فالون", "فالون"), entity("bag", "بغداد", type_="LOC"),
                           entity("iq", "العراق", type_="LOC")], PUB,
                    [{"text": "مايو الماضي", "value": "2015-05"}])
    visits = [e for e in _events(doc, "CONSULT") if e.mode == "visit"]
    assert visits and all(e.date != "2015-05" for e in visits)


def test_a_date_after_hatta_ends_a_stretch():
    text = ("المرصد: مئات القتلى في غارات التحالف\n"
            "قال المرصد إن مئات قتلوا جراء غارات التحالف الدولي على مواقع تنظيم داعش في سوريا منذ سبتمبر 2014 "
            "وحتى فجر أمس.")
    doc = event_doc(text, [entity("co", "التحالف الدولي", type_="ORG"), entity("is", "تنظيم داعش", type_="ORG"),
                           entity("sy", "سوريا", type_="LOC")], PUB,
                    [{"text": "سبتمبر 2014", "value": "2014-09"}, {"text": "فجر أمس", "value": "2015-08-05"}])
    strikes = _events(doc, "ASSAULT")
    assert strikes and all(e.date not in ("2014-09", "2015-08-05") for e in strikes)


def test_what_came_before_the_lead_verb_takes_not_its_day():
    # "بعد أن أبرمت": the deal was made before the visit, on another day than the sentence's
    text = ("وزير الدفاع الأمريكي في الرياض\n"
            "وصل وزير الدفاع الأمريكي أشتون كارتر إلى الرياض اليوم الخميس لطمأنة الحلفاء بعد أن أبرمت واشنطن "
            "اتفاقا نوويا مع إيران.")
    doc = event_doc(text, [entity("car", "أشتون كارتر"), entity("riy", "الرياض", type_="LOC"),
                           entity("was", "واشنطن", type_="LOC"), entity("ir", "إيران", type_="LOC")], PUB,
                    [{"text": "اليوم الخميس", "value": PUB}])
    deal = _events(doc, "AGREE")
    assert deal and deal[0].date is None
    visit = [e for e in _events(doc, "CONSULT") if e.mode == "visit"]
    assert visit and visit[0].date == PUB


# -- the place of talks held during a visit

def test_talks_during_a_visit_are_held_where_he_visits():
    text = ("وزير الداخلية المغربي في مدريد\n"
            "وصل وزير الداخلية المغربي عبد الواحد لفتيت أمس إلى مدريد في زيارة رسمية.\n"
            "وأجرى لفتيت محادثات مع نظيره الإسباني خوان إغناسيو تناولت التعاون الأمني.")
    doc = event_doc(text, [entity("laf", "عبد الواحد لفتيت", "لفتيت"), entity("ign", "خوان إغناسيو"),
                           entity("mad", "مدريد", type_="LOC")], PUB, [AMS])
    talks = [e for e in _events(doc, "CONSULT") if e.mode != "visit" and "ign" in e.source + e.target]
    assert talks and talks[0].place == "mad"


def test_talks_of_a_tour_get_no_place():
    # two places visited: which one the talks were held at is not said
    text = ("جولة خليجية لوزير الخارجية الإيطالي\n"
            "زار وزير الخارجية الإيطالي باولو رينزي الكويت ثم زار الدوحة.\n"
            "وأجرى رينزي محادثات مع الشيخ صباح الخالد تناولت العلاقات الثنائية.")
    doc = event_doc(text, [entity("ren", "باولو رينزي", "رينزي"), entity("kha", "صباح الخالد"),
                           entity("kw", "الكويت", type_="LOC"), entity("doh", "الدوحة", type_="LOC")], PUB)
    talks = [e for e in _events(doc, "CONSULT") if e.mode != "visit" and "kha" in e.source + e.target]
    assert talks and talks[0].place is None


def test_planned_talks_are_not_placed_by_a_past_visit():
    text = ("وزير الخارجية الأردني في بغداد\n"
            "زار وزير الخارجية الأردني ناصر الطراونة بغداد الشهر الماضي.\n"
            "وسيلتقي الطراونة الأسبوع المقبل نظيره المصري سامي حمدي.")
    doc = event_doc(text, [entity("tar", "ناصر الطراونة", "الطراونة"), entity("ham", "سامي حمدي"),
                           entity("bag", "بغداد", type_="LOC")], PUB,
                    [{"text": "الشهر الماضي", "value": "2015-07"},
                     {"text": "الأسبوع المقبل", "interval": ["2015-08-09", "2015-08-15"]}])
    talks = [e for e in _events(doc, "CONSULT") if "ham" in e.source + e.target]
    assert talks and talks[0].place is None


# -- a verb's date after a long subject; a plan's date is not shared with talks told as done

def test_a_receptions_date_after_a_long_subject_and_a_place():
    # (not the lead sentence, whose undated act would be the story's day anyway)
    text = ("أمراء المناطق يستقبلون المهنئين\n"
            "توافد المواطنون على مقار الإمارات في مختلف المناطق لتقديم التهنئة بالعيد.\n"
            "من جانب آخر، استقبل الأمير فهد بن خالد بن عبد الرحمن أمير منطقة الجوف، بالقاعة الكبرى في مقر "
            "الإمارة بسكاكا، أمس، رئيس المجلس البلدي سعد العنزي وجمعا من المواطنين.")
    doc = event_doc(text, [entity("fah", "فهد بن خالد بن عبد الرحمن"), entity("anz", "سعد العنزي"),
                           entity("sak", "سكاكا", type_="LOC")], PUB, [AMS])
    host = [e for e in _events(doc, "CONSULT") if "fah" in e.source + e.target]
    assert host and host[0].date == "2015-08-05"


def test_a_far_date_past_another_verb_is_not_the_verbs():
    text = ("وزير الخارجية الفرنسي في طهران\n"
            "توقعت الصحف الإيرانية عودة الشركات الفرنسية إلى السوق الإيرانية قريبا.\n"
            "من جانب آخر، استقبل الرئيس الإيراني حسن روحاني وزير الخارجية الفرنسي جان مارك إيرولت في القصر "
            "الرئاسي بطهران، وأكد الوزير الذي يغادر طهران أمس أن بلاده ستفتح سفارة جديدة.")
    doc = event_doc(text, [entity("rou", "حسن روحاني"), entity("ayr", "جان مارك إيرولت"),
                           entity("teh", "طهران", type_="LOC")], PUB, [AMS])
    host = [e for e in _events(doc, "CONSULT") if "ayr" in e.source + e.target]
    assert host and host[0].date != "2015-08-05"


def test_talks_told_as_done_take_not_the_date_of_a_plan_in_their_sentence():
    text = ("موغيريني في نيقوسيا\n"
            "رحبت وزيرة الخارجية الأوروبية فيديريكا موغيريني أمس بمحادثات السلام في قبرص.\n"
            "وأكدت موغيريني أن محادثاتها مع الرئيس نيكوس أناستاسيادس شملت الزيارة التي يعتزم رئيس الوزراء "
            "الإسرائيلي بنيامين نتنياهو القيام بها الأسبوع المقبل.")
    doc = event_doc(text, [entity("mog", "فيديريكا موغيريني", "موغيريني"), entity("ana", "نيكوس أناستاسيادس"),
                           entity("net", "بنيامين نتنياهو"), entity("cy", "قبرص", type_="LOC")], PUB,
                    [AMS, {"text": "الأسبوع المقبل", "interval": ["2015-08-09", "2015-08-15"]}])
    talks = [e for e in _events(doc, "CONSULT") if "ana" in e.source + e.target]
    assert talks and talks[0].date_interval is None and talks[0].status == "happened"


# -- the day of talks held on a visit; the city of a visit told with its country too

_TEHRAN = [entity("hol", "جان هولاند", "هولاند"), entity("zar", "محمد جواد ظريف"),
           entity("ir", "إيران", "ايران", type_="LOC"), entity("teh", "طهران", type_="LOC")]


def test_talks_planned_on_a_visit_begun_take_its_day_and_city():
    text = ("وزير الخارجية الهولندي يصل إلى ايران\n"
            "قالت وكالة الأنباء الإيرانية إن وزير الخارجية الهولندي جان هولاند وصل يوم الاثنين إلى طهران.\n"
            "وذكرت الوكالة أنه من المقرر أن يلتقي هولاند نظيره محمد جواد ظريف لبحث العلاقات التجارية.")
    doc = event_doc(text, _TEHRAN, PUB, [{"text": "يوم الاثنين", "value": "2015-08-03"}])
    visit = [e for e in _events(doc, "CONSULT") if e.mode == "visit"]
    assert visit and visit[0].place == "teh"  # the lead's city, not the headline's country
    talks = [e for e in _events(doc, "CONSULT") if "zar" in e.source + e.target]
    assert talks and (talks[0].date, talks[0].status, talks[0].place) == ("2015-08-03", "planned", "teh")


def test_talks_are_not_dated_by_an_old_visit():
    text = ("هولاند: علاقاتنا مع إيران تتطور\n"
            "قال وزير الخارجية الهولندي جان هولاند إن العلاقات مع إيران تتطور بسرعة.\n"
            "وكان هولاند قد زار طهران في الخامس من مايو الماضي.\n"
            "وأجرى هولاند محادثات مع محمد جواد ظريف تناولت الاتفاق النووي.")
    doc = event_doc(text, _TEHRAN, PUB, [{"text": "الخامس من مايو الماضي", "value": "2015-05-05"}])
    talks = [e for e in _events(doc, "CONSULT") if "zar" in e.source + e.target]
    assert talks and talks[0].date is None


# -- an act made at the talks of its day is made where they are held

def test_praise_at_a_reception_is_made_where_the_guest_visits():
    text = ("ولي عهد دبي يستقبل رئيس الوزراء الصومالي\n"
            "أكد الشيخ حمدان بن راشد حرص بلاده على دعم الصومال.\n"
            "وثمن الشيخ حمدان بن راشد دور الحكومة الصومالية، وذلك خلال استقباله أمس رئيس الوزراء الصومالي عمر "
            "شرماركي، الذي يزور العاصمة الإماراتية أبوظبي.")
    doc = event_doc(text, [entity("ham", "حمدان بن راشد"), entity("sha", "عمر شرماركي"),
                           entity("gov", "الحكومة الصومالية", type_="ORG"), entity("so", "الصومال", type_="LOC"),
                           entity("ad", "أبوظبي", type_="LOC")], PUB, [AMS])
    praise = [e for e in _events(doc, "SUPPORT") if "gov" in e.target]
    assert praise and (praise[0].date, praise[0].place) == ("2015-08-05", "ad")


def test_an_act_of_another_day_is_not_placed_at_the_talks():
    text = ("وزير الخارجية العماني في طهران\n"
            "التقى وزير الخارجية العماني يوسف بن علوي أمس في طهران نظيره الإيراني محمد جواد ظريف.\n"
            "وكان بن علوي قد أشاد في الخامس من مايو الماضي بدور إيران في المنطقة.")
    doc = event_doc(text, [entity("alw", "يوسف بن علوي", "بن علوي"), entity("zar", "محمد جواد ظريف"),
                           entity("teh", "طهران", type_="LOC"), entity("ir", "إيران", type_="LOC")], PUB,
                    [AMS, {"text": "الخامس من مايو الماضي", "value": "2015-05-05"}])
    praise = _events(doc, "SUPPORT")
    assert praise and praise[0].place is None


def test_the_headline_restating_the_lead_stays_one_event_when_the_lead_is_dated_by_the_story():
    # the lead's call takes the publication day only by default: the headline (its own date a year of a plan)
    # still tells the same call and goes
    text = ("روسيا تدعو الغرب لإحياء التعاون الأمني لحماية مونديال 2018\n"
            "دعا مدير هيئة الأمن الروسية ألكسندر بورتنيكوف الأجهزة الغربية لاستئناف التعاون الأمني ضمن مجموعة "
            "العمل الدولية.")
    doc = event_doc(text, [entity("ru", "روسيا", type_="LOC"), entity("bor", "ألكسندر بورتنيكوف")], PUB,
                    [{"text": "2018", "value": "2018"}])
    calls = _events(doc, "APPEAL")
    assert len(calls) == 1 and calls[0].source == ["bor"] and calls[0].date == PUB


def test_the_place_of_talks_after_their_date():
    # "…، اليوم الاثنين في مدينة الرباط": a comma and the date between the last name and the place; the
    # ministers' welcome after the talks is made there too
    text = ("وزراء خارجية دول المغرب العربي يجتمعون مع وزير الخارجية الإسباني\n"
            "اجتمع وزراء خارجية اتحاد المغرب العربي مع وزير الخارجية الإسباني لويس بلاناس، اليوم الاثنين في مدينة "
            "الرباط، لبحث التعاون في مكافحة الهجرة غير الشرعية.\n"
            "ورحب الوزراء بالاتفاق الليبي.")
    doc = event_doc(text, [entity("uma", "اتحاد المغرب العربي", type_="ORG"), entity("pla", "لويس بلاناس"),
                           entity("rab", "الرباط", type_="LOC"), entity("ly", "ليبيا", "الليبي", type_="LOC")], PUB,
                    [{"text": "اليوم الاثنين", "value": "2015-08-03"}])
    talks = [e for e in _events(doc, "CONSULT") if "pla" in e.source + e.target]
    assert talks and (talks[0].date, talks[0].place) == ("2015-08-03", "rab")
    welcome = _events(doc, "SUPPORT")
    assert welcome and (welcome[0].date, welcome[0].place) == ("2015-08-03", "rab")


def test_a_date_after_the_topic_gives_no_place():
    # the date follows no name: "في" after it starts another phrase, not where the talks were
    text = ("مباحثات مغربية إسبانية\n"
            "بحث وزير الخارجية المغربي ناصر بوريطة مع نظيره الإسباني لويس بلاناس الهجرة غير الشرعية التي ازدادت "
            "منذ الصيف الماضي في مدينة سبتة.")
    doc = event_doc(text, [entity("bou", "ناصر بوريطة"), entity("pla", "لويس بلاناس"),
                           entity("ceu", "سبتة", type_="LOC")], PUB, [{"text": "الصيف الماضي", "value": "2015"}])
    talks = [e for e in _events(doc, "CONSULT") if "pla" in e.source + e.target]
    assert talks and talks[0].place is None

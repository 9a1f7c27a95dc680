"""Events (issue 19, precision on unseen text, session 12): constructions that gave events with no real actor
on the fresh check sets. A form of "accuse" with its charge right after it is passive or an adjective; a verb
whose subject is a happening ("الأمر الذي دفع", "مما يهدد") or anyone at all ("أي اعتداء يهدد") tells no act;
a place glued to ب after a name, or after a site noun, is where a side is, not a side. Every sentence is the
team's own; the entities are given (as a recogniser would have them), so the events stage is tested alone."""

from __future__ import annotations

from functools import partial

from testdata import entity, event_doc, pipeline_doc

_doc = partial(event_doc, published="2015-08-02")
_e = entity


def _of(doc, type_: str) -> list:
    return [e for e in doc.events if e.type == type_]


def _check_spans(doc) -> None:
    for ev in doc.events:
        assert ev.trigger is None or doc.body[ev.trigger.start:ev.trigger.end] == ev.trigger.text


# -- who is accused, by no one named


def test_people_accused_of_a_charge_are_no_accusation():
    doc = _doc("وأعلن وزير الداخلية سليم كارا أن الشرطة اعتقلت أمس 40 شخصا متهمين بالانتماء إلى خلية مسلحة.",
               [_e("kara", "سليم كارا", "سليم كارا")])
    _check_spans(doc)
    assert _of(doc, "ACCUSE") == []


def test_a_passive_accused_after_an_arrest_is_no_accusation_by_the_place():
    doc = _doc("واعتقل الشاب سامر يونس من مدينة برمنغهام الشهر الماضي واتهم بالتخطيط لهجوم على مركز تجاري.",
               [_e("sy", "سامر يونس", "سامر يونس"), _e("bham", "برمنغهام", "برمنغهام", type_="LOC")])
    assert _of(doc, "ACCUSE") == []


def test_an_active_accusation_with_its_object_stays():
    doc = _doc("واتهمت الحكومة الباكستانية الهند بدعم المتمردين في إقليم بلوشستان.",
               [_e("pk", "الحكومة الباكستانية", "الحكومة الباكستانية", type_="ORG"),
                _e("in", "الهند", "الهند", type_="LOC")])
    (ev,) = _of(doc, "ACCUSE")
    assert ev.source == ["pk"] and ev.target == ["in"]


def test_an_accusing_participle_with_its_object_stays():
    doc = _doc("وقال يوسف داود إن المفاوضات وصلت إلى طريق مسدود، متهما الحكومة الإسرائيلية بالمماطلة.",
               [_e("yd", "يوسف داود", "يوسف داود"),
                _e("il", "الحكومة الإسرائيلية", "الحكومة الإسرائيلية", type_="ORG")])
    (ev,) = _of(doc, "ACCUSE")
    assert ev.trigger.text == "متهما"
    assert ev.source == ["yd"] and ev.target == ["il"]


# -- a happening, or anyone at all, as the subject


def test_what_happened_prompting_forces_is_no_mobilisation():
    doc = _doc("وقال المتحدث إن المسلحين خرقوا الهدنة مرتين، الأمر الذي دفع بقوات التحالف إلى الرد على مصادر النيران.",
               [_e("coal", "قوات التحالف", "قوات التحالف", type_="ORG")])
    assert _of(doc, "MOBILIZE") == []


def test_a_side_sending_forces_stays():
    doc = _doc("ودفعت وزارة الدفاع بقوات إضافية إلى المنطقة الحدودية مساء أمس.",
               [_e("mod", "وزارة الدفاع", "وزارة الدفاع", type_="ORG")])
    assert [ev.source for ev in _of(doc, "MOBILIZE")] == [["mod"]]


def test_any_attack_that_threatens_is_a_rule_stated_no_threat():
    doc = _doc("وقال رئيس البرلمان جاسم العلي إن الكويت تقف مع أشقائها، مؤكدا أن أي اعتداء يهدد أمن دولة خليجية "
               "هو اعتداء على الكويت.",
               [_e("ja", "جاسم العلي", "جاسم العلي"), _e("kw", "الكويت", "الكويت", type_="LOC")])
    assert _of(doc, "THREATEN") == []


def test_a_named_side_threatening_stays():
    doc = _doc("وهدد وزير الدفاع موشيه يعلون حركة حماس برد قاس.",
               [_e("my", "موشيه يعلون", "موشيه يعلون"), _e("hm", "حركة حماس", "حركة حماس", type_="ORG")])
    (ev,) = _of(doc, "THREATEN")
    assert ev.source == ["my"] and ev.target == ["hm"]


# -- a place as where a side is


def test_a_place_glued_to_ba_after_a_name_stays_whom_it_praises():
    # ب after a name is as often the verb's object as a seat ("رابطة العالم الإسلامي بمكة المكرمة")
    doc = _doc("ورحب وزير الخارجية عادل الجبير بقطر عضوا في التحالف.",
               [_e("aj", "عادل الجبير", "عادل الجبير"), _e("qa", "قطر", "قطر", type_="LOC")])
    (ev,) = _of(doc, "SUPPORT")
    assert ev.source == ["aj"] and ev.target == ["qa"]


def test_a_port_is_no_side_of_a_cooperation():
    doc = _doc("ورست سفينة المساعدات في ميناء الحديدة بالتنسيق مع قيادة القوات المشتركة.",
               [_e("hd", "الحديدة", "الحديدة", type_="LOC"),
                _e("jc", "قيادة القوات المشتركة", "قيادة القوات المشتركة", type_="ORG")])
    assert all("hd" not in ev.source + ev.target for ev in _of(doc, "COOPERATE"))


# -- one occurrence told several times


def test_a_headline_repeated_at_the_end_is_no_other_arrest():
    text = ("الأردن يعتقل خلية من 12 شخصا في الزرقاء\n"
            "اعتقلت السلطات الأردنية 12 شخصا يشتبه في انتمائهم لتنظيم مسلح في مدينة الزرقاء، حسب بيان رسمي.\n"
            "وأوضح البيان أن الموقوفين كانوا يخططون لاستهداف منشآت عامة.\n"
            "رابط الخبر بصحيفة الوطن: الأردن يعتقل خلية من 12 شخصا في الزرقاء")
    doc = _doc(text, [_e("jo", "الأردن", "الأردن", type_="LOC"),
                      _e("joa", "السلطات الأردنية", "السلطات الأردنية", type_="ORG"),
                      _e("zq", "الزرقاء", "الزرقاء", type_="LOC")])
    _check_spans(doc)
    arrests = _of(doc, "COERCE")
    assert len(arrests) == 1
    assert all(sp.start < text.index("رابط") for sp in arrests[0].evidence)


def test_two_bodies_of_one_state_telling_one_arrest_are_one_event():
    text = ("اعتقلت السلطات المصرية 30 شخصا في سيناء أمس.\n"
            "وقال المتحدث العسكري إن الشرطة المصرية اعتقلت الأشخاص الثلاثين خلال حملة أمنية واسعة.")
    doc = _doc(text, [_e("ega", "السلطات المصرية", "السلطات المصرية", type_="ORG"),
                      _e("egp", "الشرطة المصرية", "الشرطة المصرية", type_="ORG"),
                      _e("sn", "سيناء", "سيناء", type_="LOC")])
    assert len(_of(doc, "COERCE")) == 1


def test_arrests_by_two_states_stay_two_events():
    text = ("اعتقلت السلطات المصرية 30 شخصا في سيناء أمس.\n"
            "وفي سياق متصل اعتقلت الشرطة الأردنية خمسة أشخاص قرب الحدود.")
    doc = _doc(text, [_e("ega", "السلطات المصرية", "السلطات المصرية", type_="ORG"),
                      _e("jop", "الشرطة الأردنية", "الشرطة الأردنية", type_="ORG"),
                      _e("sn", "سيناء", "سيناء", type_="LOC")])
    assert sorted(e.source[0] for e in _of(doc, "COERCE")) == ["ega", "jop"]


# -- whose meeting: the one named in the reported clause, not the reporter


def test_the_person_named_after_an_is_the_possessor_not_the_reporter():
    doc = _doc("وقالت مصادر في الاتحاد الأوروبي إن فدريكا موغريني ستبحث خلال لقاءاتها مع المسؤولين في الرياض "
               "ملف الاتفاق النووي.",
               [_e("eu", "الاتحاد الأوروبي", "الاتحاد الأوروبي", type_="ORG"),
                _e("fm", "فدريكا موغريني", "فدريكا موغريني"), _e("ry", "الرياض", "الرياض", type_="LOC")])
    talks = [e for e in doc.events if e.type == "CONSULT"]
    assert talks and all(e.source[:1] == ["fm"] for e in talks)
    assert all("eu" not in e.source for e in talks)


def test_the_speaker_stays_the_possessor_when_no_one_else_is_named():
    doc = _doc("وقال الرئيس الفرنسي فرانسوا هولاند إن مباحثاته مع نظيره المصري تناولت الأوضاع في ليبيا.",
               [_e("fh", "فرانسوا هولاند", "فرانسوا هولاند"), _e("ly", "ليبيا", "ليبيا", type_="LOC")])
    talks = [e for e in doc.events if e.type == "CONSULT"]
    assert [e.source for e in talks] == [["fh"]]


def test_a_headline_repeated_after_the_last_sentence_is_no_other_strike():
    text = ("التحالف يقصف مواقع للحوثيين في صعدة\n"
            "شن طيران التحالف العربي غارات على مواقع للحوثيين في محافظة صعدة صباح أمس، وفق مصادر محلية. "
            "رابط الخبر بصحيفة الوئام: التحالف يقصف مواقع للحوثيين في صعدة")
    doc = _doc(text, [_e("co", "التحالف العربي", "التحالف العربي", "التحالف", type_="ORG"),
                      _e("hu", "الحوثيين", "الحوثيين", type_="ORG"),
                      _e("sa", "صعدة", "صعدة", type_="LOC")])
    strikes = _of(doc, "ASSAULT")
    assert len(strikes) == 1
    assert all(sp.start < text.index("رابط") for sp in strikes[0].evidence)


# -- an envoy called home for consultations


def test_an_ambassador_recalled_for_consultations_is_no_sanction():
    doc = _doc("وأعلنت الكويت استدعاء سفيرها لدى طهران للتشاور بعد تصريحات إيرانية وصفتها بالعدائية.",
               [_e("kw", "الكويت", "الكويت", type_="LOC"), _e("th", "طهران", "طهران", type_="LOC")])
    assert _of(doc, "SANCTION") == []


def test_an_ambassador_withdrawn_stays_a_sanction():
    doc = _doc("وسحبت الكويت سفيرها من طهران احتجاجا على التصريحات الإيرانية.",
               [_e("kw", "الكويت", "الكويت", type_="LOC"), _e("th", "طهران", "طهران", type_="LOC")])
    (ev,) = _of(doc, "SANCTION")
    assert ev.source == ["kw"] and ev.target == ["th"]


# -- an event noun that names no side of its own


def test_an_agreement_as_a_time_is_not_the_subjects():
    doc = _doc("وهذه المحادثات هي الأولى بين الرئيس باراك أوباما والملك سلمان منذ توقيع الاتفاقية مع إيران.",
               [_e("bo", "باراك أوباما", "باراك أوباما"), _e("ks", "الملك سلمان", "الملك سلمان"),
                _e("ir", "إيران", "إيران", type_="LOC")])
    assert all(not {"bo", "ks"} & set(e.source) for e in _of(doc, "AGREE"))


def test_a_signing_after_which_the_signer_speaks_stays_his():
    doc = _doc("وقال وزير الخارجية عادل الجبير عقب توقيع الاتفاقية مع نظيره الفرنسي لوران فابيوس إنها خطوة مهمة.",
               [_e("aj", "عادل الجبير", "عادل الجبير"), _e("lf", "لوران فابيوس", "لوران فابيوس")])
    agreed = _of(doc, "AGREE")
    assert agreed and "aj" in agreed[0].source + agreed[0].target


def test_a_meeting_of_those_one_writes_to_is_not_the_writers():
    doc = _doc("وبعث الرئيس فلاديمير بوتين برقية تهنئة إلى المشاركين في الاجتماع الدولي لأمن المعلومات.",
               [_e("vp", "فلاديمير بوتين", "فلاديمير بوتين")])
    assert _of(doc, "CONSULT") == []


def test_taking_part_in_a_meeting_stays():
    doc = _doc("وشارك وزير الخارجية عادل الجبير في الاجتماع الوزاري الذي عقد في الدوحة أمس.",
               [_e("aj", "عادل الجبير", "عادل الجبير"), _e("dh", "الدوحة", "الدوحة", type_="LOC")])
    assert [e.source for e in _of(doc, "CONSULT")] == [["aj"]]


def test_a_known_visit_as_the_time_of_what_is_not_expected_is_no_denied_visit():
    doc = _doc("وقال مصدر مطلع إنه ليس من المتوقع الإعلان عن صفقة الصواريخ خلال زيارة آشتون كارتر.",
               [_e("ac", "آشتون كارتر", "آشتون كارتر")])
    assert all(e.status != "denied" for e in _of(doc, "CONSULT"))


# -- a dual verb: its two


def test_a_dual_verb_after_two_callers_is_theirs_not_the_receivers():
    doc = _doc("تلقى الرئيس محمود عباس اتصالين من الملك عبد الله الثاني عاهل الأردن، والرئيس عبد الفتاح السيسي، "
               "أدانا فيهما الاعتداء على المسجد الأقصى.",
               [_e("ma", "محمود عباس", "محمود عباس"), _e("ka", "عبد الله الثاني", "عبد الله الثاني"),
                _e("ss", "عبد الفتاح السيسي", "عبد الفتاح السيسي"), _e("jo", "الأردن", "الأردن", type_="LOC")])
    (ev,) = _of(doc, "ACCUSE")
    assert sorted(ev.source) == ["ka", "ss"]


def test_a_dual_verb_after_talks_is_both_sides():
    doc = _doc("وقال مسؤول إن الوزير جون كيري ناقش نص القرار خلال لقائه مع نظيره سيرغي لافروف أمس واتفقا على "
               "عرضه على مجلس الأمن.",
               [_e("jk", "جون كيري", "جون كيري"), _e("sl", "سيرغي لافروف", "سيرغي لافروف"),
                _e("sc", "مجلس الأمن", "مجلس الأمن", type_="ORG")])
    agreed = _of(doc, "AGREE")
    assert agreed and sorted(agreed[0].source) == ["jk", "sl"]


def test_a_singular_verb_keeps_its_one_subject():
    doc = _doc("تلقى الرئيس محمود عباس اتصالا من الملك عبد الله الثاني عاهل الأردن، والرئيس عبد الفتاح السيسي، "
               "وأدان عباس الاعتداء على المسجد الأقصى.",
               [_e("ma", "محمود عباس", "محمود عباس", "عباس"), _e("ka", "عبد الله الثاني", "عبد الله الثاني"),
                _e("ss", "عبد الفتاح السيسي", "عبد الفتاح السيسي"), _e("jo", "الأردن", "الأردن", type_="LOC")])
    assert [ev.source for ev in _of(doc, "ACCUSE")] == [["ma"]]


# -- what a known event was not


def test_what_a_known_visit_was_not_is_no_denied_visit():
    # the whole pipeline: "المملكة" is the kingdom the recogniser knows
    doc = pipeline_doc("وحول زيارة قادة حركة حماس إلى المملكة قال عادل الجبير إن الزيارة كانت لأداء العمرة فقط، "
                       "ولم تكن زيارة رسمية للمملكة.", "2015-08-02")
    visits = [e for e in doc.events if e.mode == "visit"]
    assert visits and all(e.status != "denied" for e in visits)


def test_a_visit_there_was_not_stays_denied():
    doc = _doc("وقال مصدر إنه لم تكن هناك زيارة للوزير سامي فرح إلى دمشق الشهر الماضي.",
               [_e("sf", "سامي فرح", "سامي فرح"), _e("dm", "دمشق", "دمشق", type_="LOC")])
    assert [e.status for e in doc.events if e.mode == "visit"] == ["denied"]


def test_the_tour_of_the_one_accompanied_is_not_the_escorts():
    doc = _doc("وصل وزير الخارجية الإيراني محمد جواد ظريف إلى الكويت أمس في جولة خليجية. وقال نائب وزير الخارجية "
               "حسين أمير عبد اللهيان الذي يرافق الوزير في جولته إن الهدف منها تقوية العلاقات مع الجيران.",
               [_e("mz", "محمد جواد ظريف", "محمد جواد ظريف"), _e("kw", "الكويت", "الكويت", type_="LOC"),
                _e("ha", "حسين أمير عبد اللهيان", "حسين أمير عبد اللهيان")])
    visits = [e for e in doc.events if e.mode == "visit"]
    assert visits and all("ha" not in e.source for e in visits)


def test_when_a_known_agreement_was_made_names_no_sides():
    doc = _doc("وتخشى دول المنطقة أن يعجل الاتفاق الذي أبرم في يوليو الماضي بالتقارب بين طهران وواشنطن.",
               [_e("th", "طهران", "طهران", type_="LOC"), _e("wa", "واشنطن", "واشنطن", type_="LOC")])
    assert all(not {"th", "wa"} & set(e.source + e.target) for e in _of(doc, "AGREE"))


def test_sides_that_concluded_an_agreement_stay():
    doc = _doc("وأبرمت طهران وواشنطن في يوليو الماضي اتفاقا بشأن تبادل السجناء.",
               [_e("th", "طهران", "طهران", type_="LOC"), _e("wa", "واشنطن", "واشنطن", type_="LOC")])
    (ev,) = _of(doc, "AGREE")
    assert set(ev.source + ev.target) == {"th", "wa"}


# -- what the precision rules must leave alone


def test_a_condemnation_that_needs_someone_keeps_its_place_rather_than_vanish():
    doc = _doc("تلقى الأمير محمد بن نايف اتصالا هاتفيا من الملك محمد السادس أعرب خلاله عن إدانته للتفجير الإرهابي "
               "الذي استهدف مسجدا بمنطقة عسير.",
               [_e("mn", "محمد بن نايف", "محمد بن نايف"), _e("m6", "محمد السادس", "محمد السادس"),
                _e("as", "عسير", "عسير", type_="LOC")])
    assert [ev.source for ev in _of(doc, "ACCUSE")] == [["m6"]]


def test_an_attack_named_as_a_time_under_another_negation_happened():
    doc = _doc("وقال الكاهن إنه لم يبق في البلدة سوى 300 مسيحي قبل هجوم تنظيم داعش عليها.",
               [_e("is", "تنظيم داعش", "تنظيم داعش", type_="ORG")])
    assert [ev.status for ev in _of(doc, "ASSAULT")] == ["happened"]


def test_a_visit_that_did_not_happen_stays_denied():
    doc = _doc("وقال الرئيس الأسبق علي ناصر محمد: لم تتح لي زيارة إيران عندما كنت في السلطة.",
               [_e("an", "علي ناصر محمد", "علي ناصر محمد"), _e("ir", "إيران", "إيران", type_="LOC")])
    assert [ev.status for ev in doc.events if ev.mode == "visit"] == ["denied"]

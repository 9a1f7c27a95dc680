"""Events (issue 19, precision round 2): sides that hold on text nobody tuned on. A body inside a title that
opens with و ("وزيرة خارجية الاتحاد الأوروبي") is where the holder works, not a side; a person the
recogniser ran on into the next word ("أناستاسيادس شملت", "ولد أحمد دعوة") is the person meant, or no one.
Every sentence is the team's own. The entities are given (as a recogniser would have them), so the events
stage is tested alone."""

from __future__ import annotations

from functools import partial

from testdata import entity, event_doc

from marsad.evaluate import build_document

_doc = partial(event_doc, published="2015-07-27")


_e = entity


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


def test_a_decision_not_to_cooperate_is_no_cooperation():
    doc = _doc("وقررت رابطة الدول الساحلية عام 2012 عدم التعاون مع لجنة التحقيق الدولية.",
               [_e("league", "رابطة الدول الساحلية", type_="ORG"), _e("panel", "لجنة التحقيق الدولية", type_="ORG")])
    assert not any(e.type == "COOPERATE" for e in doc.events)


def test_asking_to_pass_on_greetings_is_no_request():
    doc = _doc("وفي ختام المباحثات، طلب الرئيس كمال العيسى نقل تحياته إلى أخيه الملك فهد بن ناصر.",
               [_e("issa", "كمال العيسى"), _e("fahd", "فهد بن ناصر")])
    assert not any(e.type == "REQUEST" for e in doc.events)


def test_a_request_that_asks_for_something_stays():
    doc = _doc("وطلب الرئيس كمال العيسى من الأمم المتحدة إرسال مراقبين إلى الحدود.",
               [_e("issa", "كمال العيسى"), _e("un", "الأمم المتحدة", type_="ORG")])
    assert any(e.type == "REQUEST" and e.source == ["issa"] for e in doc.events)


def test_an_invitation_handed_to_a_carrier_is_no_appeal_by_the_carrier():
    # the president hands the prince his invitation for the king: the prince calls on no one
    doc = _doc("وجه الرئيس كمال العيسى دعوة رسمية للملك فهد بن ناصر لزيارة البلاد. وسلم الرئيس العيسى الدعوة "
               "للأمير سعد بن فهد خلال لقائه به أمس.",
               [_e("issa", "كمال العيسى", "العيسى"), _e("fahd", "فهد بن ناصر"), _e("saad", "سعد بن فهد")])
    assert not any(e.type == "APPEAL" for e in doc.events)


def test_a_headline_that_words_the_leads_appeal_with_states_is_no_other_appeal():
    doc = _doc("النرويج تدعو الغرب لإحياء التعاون الأمني\nدعا يوهان برغ، مدير جهاز الأمن النرويجي، أمس إلى استئناف "
               "التعاون الأمني مع الأجهزة الغربية خلال اجتماع في مدينة بيرغن.",
               [_e("norway", "النرويج", type_="LOC"), _e("berg", "يوهان برغ"), _e("bergen", "بيرغن", type_="LOC")])
    appeals = [e for e in doc.events if e.type == "APPEAL"]
    assert len(appeals) == 1 and appeals[0].source == ["berg"]


def test_a_headline_event_of_another_kind_than_the_leads_stays():
    doc = _doc("النرويج تدعو الغرب لإحياء التعاون الأمني\nالتقى يوهان برغ، مدير جهاز الأمن النرويجي، أمس نظيره "
               "الدنماركي لارس هولم في مدينة بيرغن.",
               [_e("norway", "النرويج", type_="LOC"), _e("berg", "يوهان برغ"), _e("holm", "لارس هولم"),
                _e("bergen", "بيرغن", type_="LOC")])
    assert any(e.type == "APPEAL" and e.source == ["norway"] for e in doc.events)



def test_a_participle_after_a_relative_clause_continues_the_main_subject():
    doc = _doc("تحفظت الكويت على موقف رابطة الدول الساحلية التي استنكرت القصف الأخير، مؤكدة دعمها الكامل لليونان.",
               [_e("kuwait", "الكويت", type_="LOC"), _e("league", "رابطة الدول الساحلية", type_="ORG"),
                _e("greece", "اليونان", type_="LOC")])
    support = next(e for e in doc.events if e.type == "SUPPORT")
    assert support.source == ["kuwait"]


def test_one_of_two_choices_is_no_rejection():
    doc = _doc("ويمهل القانون أعضاء البرلمان حتى 17 سبتمبر لاتخاذ قرار بشأن قبول أو رفض الاتفاق بين تركيا واليونان.",
               [_e("turkey", "تركيا", type_="LOC"), _e("greece", "اليونان", type_="LOC")])
    assert not any(e.type in ("REJECT", "SUPPORT") for e in doc.events)


def test_a_headline_talks_dated_only_by_the_article_go_with_the_leads_planned_talks():
    doc = _doc("جولة جديدة من المحادثات بين أثينا وأنقرة\nأعلن مسؤولون أن الجولة المقبلة من المحادثات بين الحكومة "
               "اليونانية والحكومة التركية ستجري في 30 يوليو الجاري.",
               [_e("athens", "أثينا", type_="LOC"), _e("ankara", "أنقرة", type_="LOC"),
                _e("grgov", "الحكومة اليونانية", type_="ORG"), _e("trgov", "الحكومة التركية", type_="ORG")])
    talks = [e for e in doc.events if e.type == "CONSULT"]
    assert len(talks) == 1 and set(talks[0].source + talks[0].target) == {"grgov", "trgov"}


def test_a_region_is_no_side_but_the_place():
    # the recogniser's own entities: the knowledge base knows "الخليج" as a region
    doc = build_document({"id": "t", "text": "وتوصلت دول الخليج إلى اتفاق مع الولايات المتحدة بشأن منظومة الدفاع "
                          "الصاروخي.", "published": "2015-07-27"}, use_given=False)
    names = {e.id: e.name for e in doc.entities}
    agree = next(e for e in doc.events if e.type == "AGREE")
    assert [names[x] for x in agree.source + agree.target] == ["الولايات المتحدة"]
    assert agree.place_name == "الخليج"


def test_where_the_traveller_meets_one_person_the_traveller_is_a_side():
    doc = _doc("ومن المقرر أن يتوجه الوزير رامي الخطيب اليوم إلى الدوحة حيث يلتقي أمير قطر الشيخ تميم بن حمد.",
               [_e("khatib", "رامي الخطيب"), _e("tamim", "تميم بن حمد"), _e("doha", "الدوحة", type_="LOC")])
    meet = next(e for e in doc.events if e.type == "CONSULT" and e.mode != "visit")
    assert set(meet.source + meet.target) == {"khatib", "tamim"}


def test_the_one_an_invitation_is_from_is_no_visitor():
    doc = _doc("ونقل الأمير فيصل بن خالد دعوة من الملك فهد بن ناصر إلى الرئيس الفنلندي ماتي كورهونن لزيارة المملكة.",
               [_e("faisal", "فيصل بن خالد"), _e("fahd", "فهد بن ناصر"), _e("matti", "ماتي كورهونن"),
                _e("ksa", "المملكة", type_="LOC")])
    visit = next(e for e in doc.events if e.mode == "visit")
    assert "fahd" not in visit.source and "matti" in visit.source
    assert visit.status == "planned"


def test_planned_past_a_long_aside_before_that():
    doc = _doc("ومن المقرر، وفقا لما أعلنه المتحدث باسم الوزارة في مؤتمر صحفي عقده في العاصمة اليوم، أن يلتقي "
               "الوزير رامي الخطيب بنظيره الفنلندي ماتي كورهونن.",
               [_e("khatib", "رامي الخطيب"), _e("matti", "ماتي كورهونن")])
    meet = next(e for e in doc.events if e.type == "CONSULT")
    assert meet.status == "planned"


def test_not_ruled_out_is_hypothetical():
    doc = _doc("ولم يستبعد المسؤول أن يلتقي الرئيس رامي الخطيب نظيره ماتي كورهونن على هامش القمة.",
               [_e("khatib", "رامي الخطيب"), _e("matti", "ماتي كورهونن")])
    meet = next(e for e in doc.events if e.type == "CONSULT")
    assert meet.status == "hypothetical"


def test_an_event_word_run_on_in_front_of_a_name_is_the_person_and_the_visit_stays_planned():
    doc = _doc("ويزور وزير الخارجية الفنلندي ماتي كورهونن القاهرة يوم الأحد المقبل. وتأتي زيارة كورهونن في إطار "
               "جولة في المنطقة.",
               [_e("matti", "ماتي كورهونن"), _e("runon", "زيارة كورهونن"), _e("cairo", "القاهرة", type_="LOC")])
    assert all("runon" not in e.source + e.target for e in doc.events)
    visits = [e for e in doc.events if e.mode == "visit"]
    assert visits and all(v.status == "planned" for v in visits)


def test_a_relative_clause_on_a_common_noun_takes_no_one_named_elsewhere():
    doc = _doc("وقال رامي الخطيب للصحفيين إنه لم يتم بعد تأكيد من ستكون الدولة التي ستستضيف الجولة المقبلة.",
               [_e("khatib", "رامي الخطيب")])
    assert not any(e.type == "CONSULT" and "khatib" in e.source + e.target for e in doc.events)


def test_the_visit_of_the_person_a_delegation_escorts_is_his():
    doc = _doc("وأعلنت الوزارة مقتل القيادي سالم العوفي في غارة، وذلك في بيان وزع على الصحافيين المرافقين لوزير "
               "الدفاع الفنلندي ماتي كورهونن في زيارته إلى العراق.",
               [_e("oufi", "سالم العوفي"), _e("matti", "ماتي كورهونن"), _e("iraq", "العراق", type_="LOC")])
    visit = next(e for e in doc.events if e.mode == "visit")
    assert visit.source == ["matti"]


def test_a_headline_event_naming_no_place_stays_beside_the_leads():
    doc = _doc("رابطة الدول الساحلية تدين تصريحات يوهان برغ\nأدانت رابطة الدول الساحلية التصريحات التي صدرت أمس عن "
               "الوزير النرويجي السابق.",
               [_e("league", "رابطة الدول الساحلية", type_="ORG"), _e("berg", "يوهان برغ")])
    assert any(e.type == "ACCUSE" and e.target == ["berg"] for e in doc.events)



def test_a_city_receiving_aid_hosts_no_one():
    doc = _doc("وذكر الراشد أن مدينة المكلا بعد تحريرها من ميليشيات الحوثيين وقوات المخلوع ماجد الهادي أصبحت تستقبل "
               "بشكل طبيعي المساعدات الإنسانية.",
               [_e("rashid", "سالم الراشد", "الراشد"), _e("mukalla", "المكلا", type_="LOC"),
                _e("houthis", "الحوثيين", type_="ORG"), _e("hadi", "ماجد الهادي")])
    assert not any(e.mode == "host" for e in doc.events)


def test_a_name_in_a_relative_clause_after_whom_support_is_for_is_no_side():
    doc = _doc("وأفاد الوزير أن اللقاء تناول الأوضاع في المنطقة، ودعم حكومة النرويج للتحالف الذي تقوده الدنمارك.",
               [_e("norgov", "حكومة النرويج", type_="ORG"), _e("denmark", "الدنمارك", type_="LOC")])
    support = next(e for e in doc.events if e.type == "SUPPORT")
    assert support.source == ["norgov"] and "denmark" not in support.target


def test_a_subject_before_the_verb_meets_the_person_after_the_place():
    doc = _doc("وكان الوزير رامي الخطيب قد التقى في هلسنكي رئيس الوزراء الفنلندي ماتي كورهونن.",
               [_e("khatib", "رامي الخطيب"), _e("matti", "ماتي كورهونن"), _e("helsinki", "هلسنكي", type_="LOC")])
    meet = next(e for e in doc.events if e.type == "CONSULT")
    assert meet.source == ["khatib"] and meet.target == ["matti"]


def test_a_long_invitation_to_visit_is_no_appeal_and_the_inviter_no_visitor():
    doc = _doc("ودعا الملك فهد بن ناصر آل سالم الرئيس الفنلندي ماتي كورهونن لزيارة المملكة في أقرب فرصة.",
               [_e("fahd", "فهد بن ناصر آل سالم"), _e("matti", "ماتي كورهونن"), _e("ksa", "المملكة", type_="LOC")])
    assert not any(e.type == "APPEAL" for e in doc.events)
    visit = next(e for e in doc.events if e.mode == "visit")
    assert visit.source == ["matti"] and visit.status == "planned"


def test_who_accepts_after_a_comma_is_the_person_named_after_the_verb():
    doc = _doc("ودعا الملك فهد بن ناصر الرئيس ماتي كورهونن إلى حضور القمة، وقبل كورهونن الدعوة.",
               [_e("fahd", "فهد بن ناصر"), _e("matti", "ماتي كورهونن", "كورهونن")])
    agree = next(e for e in doc.events if e.type == "AGREE")
    assert agree.source == ["matti"]


def test_who_meets_during_a_visit_told_by_a_noun_is_the_visitor():
    doc = _doc("وتأتي زيارة الوزير رامي الخطيب إلى الكويت بعد زيارة قام بها إلى قطر التقى خلالها الأمير سالم بن حمد.",
               [_e("khatib", "رامي الخطيب"), _e("salem", "سالم بن حمد"), _e("kuwait", "الكويت", type_="LOC"),
                _e("qatar", "قطر", type_="LOC")])
    meet = next(e for e in doc.events if e.mode == "meet")
    assert set(meet.source + meet.target) == {"khatib", "salem"}


def test_a_place_in_a_documents_name_is_no_visited_place():
    doc = _doc("ودأب الرئيس سالم الراشد على السفر، كما زار الرئيس الراشد دولا موقعة على ميثاق لشبونة.",
               [_e("rashid", "سالم الراشد", "الراشد"), _e("lisbon", "لشبونة", type_="LOC")])
    for ev in doc.events:
        assert "lisbon" not in ev.source + ev.target and ev.place != "lisbon"

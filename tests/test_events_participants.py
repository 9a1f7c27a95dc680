"""Events (issue 19): a participant is taken only where the text makes it sure. A body named inside one
person's title ("رئيس هيئة الأركان", "عضو فريق تطوير وزارة X", "المتحدث باسم وزارة X", "أمير منطقة Y") is where
the person works, not a side; a meeting's owner looked for before its sentence is a person, never a body named
there (the agency that reports it).
Every sentence is the team's own. The entities are given, so the events stage is tested alone."""

from __future__ import annotations

from functools import partial

from testdata import entity, event_doc

_p = entity
_doc = partial(event_doc, published="2015-08-06")


STAFF = _p("staff", "هيئة الأركان العامة", type_="ORG")
MINISTRY = _p("moh", "وزارة الصحة", type_="ORG")
FOREIGN = _p("mofa", "وزارة الخارجية", type_="ORG")


def test_a_body_in_the_title_of_the_named_person_is_no_side():
    # the chief of staff is the visitor; his staff is where he works
    doc = _doc("واستقبل الأمير خالد بن سعود أمس الفريق سالم الكعبي رئيس هيئة الأركان العامة والوفد المرافق له.",
               [_p("khalid", "خالد بن سعود"), _p("kaabi", "سالم الكعبي"), STAFF])
    host = next(e for e in doc.events if e.mode == "host")
    assert (host.source, host.target) == (["khalid"], ["kaabi"])


def test_a_meeting_whose_only_side_is_the_body_of_an_unnamed_member_is_dropped():
    # the member's name is not known to the recogniser: the ministry did not meet anyone, so no event
    doc = _doc("من جهة أخرى، التقى أمين المنطقة مؤخرا بعضو فريق استراتيجية تطوير وزارة الصحة لبحث خطة العمل.",
               [MINISTRY])
    assert doc.events == []


def test_a_body_after_a_spokesman_title_is_no_side():
    doc = _doc("والتقى الوزير فهد العنزي أمس المتحدث باسم وزارة الخارجية ناصر الهاجري في مكتبه.",
               [_p("anazi", "فهد العنزي"), _p("hajri", "ناصر الهاجري"), FOREIGN])
    meet = next(e for e in doc.events if e.type == "CONSULT")
    assert "mofa" not in meet.source + meet.target
    assert set(meet.source + meet.target) == {"anazi", "hajri"}


def test_a_body_named_as_itself_still_meets():
    # (a delegation is the body itself, no one person's title: the ministry is a side)
    doc = _doc("والتقى الوزير فهد العنزي أمس وفد وزارة الصحة لبحث التعاون.", [_p("anazi", "فهد العنزي"), MINISTRY])
    meet = next(e for e in doc.events if e.type == "CONSULT")
    assert set(meet.source + meet.target) == {"anazi", "moh"}


def test_a_meetings_owner_before_the_sentence_is_a_person_not_the_reporting_agency():
    # "لقائها" is the senator's, whom the recogniser did not name; the news agency that reported it met no one
    doc = _doc("ذكرت وكالة الأنباء الوطنية أن السيناتورة جين دو بحثت الأمن. جاء ذلك على لسان عضوة لجنة الاستخبارات "
               "خلال لقائها بالمبعوث الباكستاني طارق فاروقي في واشنطن.",
               [_p("agency", "وكالة الأنباء الوطنية", type_="ORG"), _p("faruqi", "طارق فاروقي")])
    meet = next(e for e in doc.events if e.trigger.text == "لقائها")
    assert "agency" not in meet.source + meet.target
    assert "faruqi" in meet.source + meet.target


SPA = _p("spa", "وكالة الأنباء السعودية", "واس", type_="ORG")


def test_the_agency_of_a_dateline_takes_no_part():
    # the officials who praise are unnamed: the agency that reports them praises nothing
    doc = _doc("وفد سوداني يزور مركز الإغاثة\nواس - جدة: ثمن مسؤولون سودانيون ما تقدمه المملكة من دعم للسودان، "
               "مشيدين بجهود المركز في إيصال المساعدات.", [SPA, _p("sd", "السودان", type_="LOC")])
    assert all("spa" not in e.source + e.target for e in doc.events)


def test_an_agency_named_in_the_body_still_acts():
    doc = _doc("وقعت وكالة الأنباء السعودية أمس اتفاقية تعاون مع وكالة الأنباء الأردنية في عمان.",
               [SPA, _p("petra", "وكالة الأنباء الأردنية", type_="ORG")])
    agree = next(e for e in doc.events if e.type == "AGREE")
    assert agree.source == ["spa"]


def test_a_hospital_neither_arrives_nor_receives():
    # the patient who leaves the hospital and arrives home is unnamed: the hospital travels nowhere
    hospital = _p("hosp", "المستشفى التخصصي", type_="ORG")
    doc = _doc("الطفلة «ريم» تغادر المستشفى التخصصي وتصل الرياض اليوم بعد رحلة علاج.",
               [hospital, _p("riyadh", "الرياض", type_="LOC")])
    assert all("hosp" not in e.source for e in doc.events)
    doc = _doc("واستقبل مستشفى الملك خالد أمس أكثر من مئة مراجع خلال أيام العيد.",
               [_p("kkh", "مستشفى الملك خالد", type_="ORG")])
    assert doc.events == []


def test_the_name_right_before_a_joined_verb_is_not_its_subject():
    # the centre is what the general visited: it met no one
    doc = _doc("وزار اللواء سالم الحربي خلال جولته أمس مركز الخدمات الإلكترونية والتقى بالعاملين هناك.",
               [_p("harbi", "سالم الحربي"), _p("centre", "مركز الخدمات الإلكترونية", type_="ORG")])
    assert all(e.source != ["centre"] for e in doc.events)
    visit = next(e for e in doc.events if e.mode == "visit")
    assert visit.source == ["harbi"]


def test_a_reported_clause_with_its_own_subject_is_not_the_speakers_act():
    # the recovering patients met, not the director who tells of it
    doc = _doc("وذكر المدير خالد الشمري أن المركز أقام حفلا للمراجعين بعد صلاة العيد، اجتمع فيه المتعافون مع "
               "ذويهم.", [_p("shammari", "خالد الشمري")])
    assert all("shammari" not in e.source for e in doc.events if e.type == "CONSULT")


def test_a_name_in_a_relative_clause_is_not_the_subject_of_a_verb_without_one():
    # an unnamed leader threatens, not the prime minister who issued the decree
    doc = _doc("وأثار القرار الذي أصدره رئيس الحكومة سامي العلي موجة من الرفض، وهدد قيادي في الجمعية باللجوء إلى "
               "القضاء.", [_p("ali", "سامي العلي")])
    assert all("ali" not in e.source for e in doc.events if e.type == "THREATEN")


def test_the_speaker_still_acts_in_a_verb_joined_to_his_own_words():
    # (no other subject: the minister who speaks asks the commanders)
    doc = _doc("وقال وزير الدفاع جون وارد إنه سيسمح بتسليح الجنود في القواعد، وطلب من كبار القادة وضع خطط "
               "لتعزيز الأمن.", [_p("ward", "جون وارد")])
    ask = next(e for e in doc.events if e.type == "REQUEST")
    assert ask.source == ["ward"]


def test_a_source_who_asked_not_to_be_named_makes_no_request():
    doc = _doc("وقال الجنرال خالد العمر طلب عدم الكشف عن اسمه إن الهجوم أسفر عن مقتل خمسة جنود.",
               [_p("omar", "خالد العمر")])
    assert doc.events == []
    doc = _doc("وطلب الوزير خالد العمر من السفراء تقديم تقارير شهرية.", [_p("omar", "خالد العمر")])
    assert [(e.type, e.source) for e in doc.events] == [("REQUEST", ["omar"])]

"""Events lexicon, session 12 (lexconf): the ordinary words of attacks, arrests, deployments, sanctions, threats
and protests (data/events/triggers.yaml), each family found with its participants and blocked where the corpus
showed a use that is no event. Sentences written by the team; the entities are given (the events stage is
tested, not the recogniser)."""

from __future__ import annotations

from functools import partial

import pytest
from testdata import entity, event_doc

_doc = partial(event_doc, published="2015-08-02")
_p = entity

COALITION = _p("coal", "طيران التحالف العربي", "التحالف العربي", type_="ORG")
HOUTHIS = _p("houthis", "الحوثيين", "الحوثيون", type_="ORG")
OCCUPATION = _p("occ", "قوات الاحتلال الإسرائيلي", type_="ORG")
POLICE = _p("police", "الشرطة التركية", type_="ORG")
RESISTANCE = _p("res", "المقاومة الشعبية", type_="ORG")
NUSRA = _p("nusra", "جبهة النصرة", type_="ORG")
ARMY = _p("army", "الجيش الجزائري", type_="ORG")
PKK = _p("pkk", "حزب العمال الكردستاني", type_="ORG")
MINISTRY = _p("min", "وزارة التعليم", type_="ORG")
WASHINGTON = _p("wash", "واشنطن", type_="LOC")
TEHRAN = _p("teh", "طهران", type_="LOC")
BAHRAIN = _p("bah", "البحرين", type_="LOC")
EGYPT = _p("egy", "مصر", type_="LOC")
YEMEN = _p("yem", "اليمن", type_="LOC")
TURKEY = _p("tur", "تركيا", type_="LOC")


def _events(doc, type_: str | None = None) -> list[tuple[str, list[str], list[str]]]:
    by_id = {e.id: e.name for e in doc.entities}
    return [(e.type, [by_id[i] for i in e.source], [by_id[i] for i in e.target]) for e in doc.events
            if type_ is None or e.type == type_]


@pytest.mark.parametrize(("text", "entities", "expected"), [
    # light verbs with the attack noun after a VSO subject
    ("شن طيران التحالف العربي صباح الأربعاء قصفا عنيفا على مواقع الحوثيين في تعز.", [COALITION, HOUTHIS],
     ("ASSAULT", ["طيران التحالف العربي"], ["الحوثيين"])),
    ("ونفذت طائرات التحالف العربي أمس غارات على مواقع الحوثيين قرب الحدود.", [COALITION, HOUTHIS],
     ("ASSAULT", ["طيران التحالف العربي"], ["الحوثيين"])),
    ("وأطلقت قوات الاحتلال الإسرائيلي النار على المتظاهرين قرب الحاجز.", [OCCUPATION],
     ("ASSAULT", ["قوات الاحتلال الإسرائيلي"], [])),
    # storming, raiding, pounding
    ("واقتحمت قوات الاحتلال الإسرائيلي فجر اليوم مخيم الدهيشة جنوب بيت لحم.", [OCCUPATION],
     ("ASSAULT", ["قوات الاحتلال الإسرائيلي"], [])),
    ("وداهمت الشرطة التركية أكثر من مئة موقع في إسطنبول.", [POLICE], ("ASSAULT", ["الشرطة التركية"], [])),
    ("ودكت مدفعية المقاومة الشعبية مواقع الحوثيين في الجبل.", [RESISTANCE, HOUTHIS],
     ("ASSAULT", ["المقاومة الشعبية"], ["الحوثيين"])),
    # an ambush: who laid it follows نصبته
    ("وقتل أربعة من المسلحين في كمين نصبته المقاومة الشعبية قرب المدينة.", [RESISTANCE],
     ("ASSAULT", ["المقاومة الشعبية"], [])),
    # a military operation launched, an attack claimed
    ("وبدأت تركيا عملية عسكرية ضد حزب العمال الكردستاني في شمال العراق.", [TURKEY, PKK],
     ("ASSAULT", ["تركيا"], ["حزب العمال الكردستاني"])),
    ("وأعلن حزب العمال الكردستاني مسؤوليته عن الهجوم الذي استهدف دورية للشرطة.", [PKK],
     ("ASSAULT", ["حزب العمال الكردستاني"], [])),
    # attacks with their owner's suffix
    ("وصعد حزب العمال الكردستاني هجماته على قوات الأمن في جنوب شرق تركيا.", [PKK, TURKEY],
     ("ASSAULT", ["حزب العمال الكردستاني"], [])),
    # a siege is a use of force (CAMEO 191)
    ("وحاصرت قوات الجيش الجزائري مجموعة مسلحة في الجبل.", [ARMY], ("ASSAULT", ["الجيش الجزائري"], [])),
    # arrests, abductions, with the object pronoun glued to the verb
    ("وألقت الشرطة التركية القبض على خمسة مشتبه بهم في إسطنبول.", [POLICE], ("COERCE", ["الشرطة التركية"], [])),
    ("وخطفت جبهة النصرة ثمانية مقاتلين من الفرقة 30 في ريف حلب.", [NUSRA], ("COERCE", ["جبهة النصرة"], [])),
    ("واحتجزه الحوثيون في صنعاء منذ أشهر.", [HOUTHIS], ("COERCE", ["الحوثيين"], [])),
    ("واختطفه الحوثيون في صنعاء الشهر الماضي.", [HOUTHIS], ("COERCE", ["الحوثيين"], [])),
    # deployments, reinforcements, exercises
    ("ودفعت المقاومة الشعبية بتعزيزات عسكرية إلى الجبهة.", [RESISTANCE], ("MOBILIZE", ["المقاومة الشعبية"], [])),
    ("وأرسلت مصر قوات لحماية موانئ اليمن.", [EGYPT, YEMEN], ("MOBILIZE", ["مصر"], ["اليمن"])),
    ("وأجرت مصر مناورات بحرية في البحر الأحمر.", [EGYPT], ("MOBILIZE", ["مصر"], [])),
    # one's own ambassador called home, relations cut
    ("واستدعت البحرين سفيرها لدى طهران احتجاجا على التدخلات.", [BAHRAIN, TEHRAN], ("SANCTION", ["البحرين"], ["طهران"])),
    ("وقطعت البحرين علاقاتها الدبلوماسية مع طهران.", [BAHRAIN, TEHRAN], ("SANCTION", ["البحرين"], ["طهران"])),
    # threats: a deadline, a brandished sanction, a participle
    ("وأمهلت واشنطن طهران أسبوعا للرد.", [WASHINGTON, TEHRAN], ("THREATEN", ["واشنطن"], ["طهران"])),
    ("ولوحت واشنطن بفرض عقوبات جديدة على طهران.", [WASHINGTON, TEHRAN], ("THREATEN", ["واشنطن"], ["طهران"])),
    ("وأكد حزب العمال الكردستاني أنه سيواصل القتال، متوعدا تركيا بمزيد من الهجمات.", [PKK, TURKEY],
     ("THREATEN", ["حزب العمال الكردستاني"], ["تركيا"])),
    # protests
    ("ونظم موظفو وزارة التعليم وقفة احتجاجية أمام مقرها.", [MINISTRY], ("PROTEST", ["وزارة التعليم"], [])),
    ("وخرج آلاف في تظاهرة ضد الحوثيين في تعز.", [HOUTHIS], ("PROTEST", [], ["الحوثيين"])),
])
def test_the_ordinary_words_of_each_type_make_their_event(text, entities, expected):
    assert expected in _events(_doc(text, entities))


def test_a_brandished_sanction_is_threatened_not_imposed():
    # the sanction after "لوحت … بفرض" is what is threatened: hypothetical, as after "هددت"
    doc = _doc("ولوحت واشنطن بفرض عقوبات جديدة على طهران.", [WASHINGTON, TEHRAN])
    assert [e.status for e in doc.events if e.type == "SANCTION"] == ["hypothetical"]


@pytest.mark.parametrize(("text", "entities"), [
    ("ونجحت الشركة بعد أن اقتحمت مجال الطاقة الشمسية قبل سنوات، بحسب وزارة التعليم.", [MINISTRY]),  # a field
    ("وأكد أن الخطر الداهم يهدد المنطقة، وأن الحوثيين لا يفهمون إلا القوة.", [HOUTHIS]),  # imminent danger
    ("وداهمت السيول أحياء المدينة بعد أن أعلنت وزارة التعليم تعليق الدراسة.", [MINISTRY]),  # a flood
    ("وخطفت المباراة الأضواء بعد أن نظمتها وزارة التعليم في الملعب.", [MINISTRY]),  # the limelight
    ("وحاصرت السيول عشرات الأسر في القرية بحسب المقاومة الشعبية.", [RESISTANCE]),  # a flood
    ("ولوح اللاعب بيديه للجماهير بعد أن كرمته وزارة التعليم.", [MINISTRY]),  # a wave of the hand
    ("وشارك الآلاف في تظاهرة اقتصادية فريدة نظمتها وزارة التعليم.", [MINISTRY]),  # a festival
    ("وأعلن حزب العمال الكردستاني مسؤوليته عن تنظيم المؤتمر في المدينة.", [PKK]),  # claimed, but no attack
    ("وتعهدت تركيا بالرد على هجماتهم بقوة.", [TURKEY]),  # the attacks answered are the other side's
])
def test_the_same_words_in_other_senses_make_no_event(text, entities):
    types = {"ASSAULT", "COERCE", "MOBILIZE", "SANCTION", "THREATEN", "PROTEST"}
    assert not [e for e in _events(_doc(text, entities)) if e[0] in types]


def test_summoning_another_states_ambassador_is_no_recall():
    # "استدعت X السفير الإيراني" summons Iran's envoy (a protest), only "سفيرها" calls one's own home
    doc = _doc("واستدعت البحرين السفير الإيراني لدى المنامة وسلمته مذكرة احتجاج.", [BAHRAIN])
    assert not _events(doc, "SANCTION")

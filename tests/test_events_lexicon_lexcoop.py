"""Events, session 12 (lexicon of SUPPORT, AGREE, COOPERATE and AID): the ordinary words news uses for praise,
thanks, endorsement, agreements, cooperation and aid, in their inflections, each family found with its
participants and kept from one use that is no such event. Sentences written by the team; the entities are
given (the tests check the events stage, not the recogniser)."""

from __future__ import annotations

from functools import partial

from testdata import entity, event_doc

_doc = partial(event_doc, published="2015-08-02")
_p = entity


def _events(doc, type_: str) -> list[tuple[list[str], list[str]]]:
    by_id = {e.id: e.name for e in doc.entities}
    return [(sorted(by_id[i] for i in e.source), sorted(by_id[i] for i in e.target))
            for e in doc.events if e.type == type_]


def _parties(doc, type_: str) -> list[set[str]]:
    by_id = {e.id: e.name for e in doc.entities}
    return [{by_id[i] for i in e.source + e.target} for e in doc.events if e.type == type_]


SAUDI = _p("saudi", "السعودية", "المملكة", type_="LOC")
JORDAN = _p("jordan", "الأردن", type_="LOC")
UAE = _p("uae", "الإمارات", type_="LOC")
BAHRAIN = _p("bahrain", "البحرين", type_="LOC")
TURKEY = _p("turkey", "تركيا", type_="LOC")
USA = _p("usa", "الولايات المتحدة", "للولايات المتحدة", type_="LOC")  # (a name with a glued ل keeps it)
YEMEN = _p("yemen", "اليمن", type_="LOC")
ALBANIA = _p("albania", "ألبانيا", type_="LOC")
NAMIBIA = _p("namibia", "ناميبيا", type_="LOC")
ANKARA = _p("ankara", "أنقرة", type_="LOC")
GCC = _p("gcc", "مجلس التعاون", "دول مجلس التعاون", type_="ORG")
UNSC = _p("unsc", "مجلس الأمن", type_="ORG")
HADI = _p("hadi", "عبدربه منصور هادي", "هادي")
SALMAN = _p("salman", "الملك سلمان", "الملك سلمان بن عبدالعزيز")
JUDEH = _p("judeh", "ناصر جودة", "جودة")
ABDULLAH = _p("abdullah", "الملك عبدالله الثاني")
EGYPT = _p("egypt", "مصر", type_="LOC")
HAMMOND = _p("hammond", "فيليب هاموند", "هاموند")
MOUALLIMI = _p("mouallimi", "عبدالله المعلمي", "المعلمي")
BAN = _p("ban", "بان كي مون")
ERDOGAN = _p("erdogan", "رجب طيب أردوغان", "أردوغان")
OBAMA = _p("obama", "باراك أوباما", "أوباما")
MINISTER = _p("minister", "ماجد الحقيل", "الحقيل")


# SUPPORT


def test_dual_and_plural_welcome():
    doc = _doc("الإمارات والبحرين ترحبان بقرار مجلس الأمن الأخير بشأن اليمن.", [UAE, BAHRAIN, UNSC, YEMEN])
    assert any({"الإمارات", "البحرين"} <= p for p in _parties(doc, "SUPPORT"))


def test_welcoming_ones_guests_is_no_support():
    doc = _doc("وفي القصر رحبوا بالضيوف القادمين من الأردن قبل بدء الحفل.", [JORDAN])
    assert _events(doc, "SUPPORT") == []


def test_praise_on():
    doc = _doc("وأثنى وزير الخارجية الأردني ناصر جودة على الدور الذي تقوم به السعودية في دعم الاستقرار.",
               [JUDEH, SAUDI])
    assert [s for s, _ in _events(doc, "SUPPORT")] == [["ناصر جودة"]]


def test_dissuading_is_no_praise():
    doc = _doc("وحاول ناصر جودة أن يثني الحكومة عن قرارها بإغلاق الحدود مع السعودية.", [JUDEH, SAUDI])
    assert _events(doc, "SUPPORT") == []


def test_thanks_to_someone_named():
    doc = _doc("وتقدم الرئيس عبدربه منصور هادي بالشكر إلى الملك سلمان بن عبدالعزيز على دعمه.", [HADI, SALMAN])
    assert _events(doc, "SUPPORT") == [(["عبدربه منصور هادي"], ["الملك سلمان"])]


def test_a_saying_about_thanks_is_no_event():
    doc = _doc("وقال هادي في كلمته إن من لا يشكر الناس لا يشكر الله.", [HADI])
    assert _events(doc, "SUPPORT") == []


def test_participle_of_thanks_continues_the_speaker():
    doc = _doc("وقال السفير عبدالله المعلمي إن الحفل ناجح، معربا عن شكره لبان كي مون على حضوره.", [MOUALLIMI, BAN])
    assert _events(doc, "SUPPORT") == [(["عبدالله المعلمي"], ["بان كي مون"])]


def test_participle_of_appreciation_for_a_thing_names_no_one():
    doc = _doc("وأكد السفير عبدالله المعلمي أهمية الحفل، معربا عن تقديره للجهود المبذولة في تنظيمه.", [MOUALLIMI])
    assert _events(doc, "SUPPORT") == []


def test_renewed_backing_of_someone_named():
    doc = _doc("وجدد وزير الخارجية البريطاني فيليب هاموند تأييده للرئيس عبدربه منصور هادي في مواجهة المتمردين.",
               [HAMMOND, HADI])
    assert _events(doc, "SUPPORT") == [(["فيليب هاموند"], ["عبدربه منصور هادي"])]


def test_backing_of_a_thing_names_no_one():
    doc = _doc("وجدد فيليب هاموند تأييده للجهود الرامية إلى حل سياسي.", [HAMMOND])
    assert _events(doc, "SUPPORT") == []


def test_commendation():
    doc = _doc("ونوه الملك عبدالله الثاني بدعم السعودية المستمر للاقتصاد الأردني.", [ABDULLAH, SAUDI])
    assert [s for s, _ in _events(doc, "SUPPORT")] == [["الملك عبدالله الثاني"]]


def test_pointing_out_is_no_commendation():
    doc = _doc("ونوه ناصر جودة إلى أهمية الحوار مع السعودية.", [JUDEH, SAUDI])
    assert _events(doc, "SUPPORT") == []


def test_standing_by_someone():
    doc = _doc("ووقفت السعودية إلى جانب مصر في مواجهة الإرهاب.", [SAUDI, EGYPT])
    assert _events(doc, "SUPPORT") == [(["السعودية"], ["مصر"])]


def test_standing_beside_no_one_named_is_no_support():
    doc = _doc("ووقف شرطيان إلى جانبه أمام مبنى السفارة في الأردن.", [JORDAN])
    assert _events(doc, "SUPPORT") == []


def test_endorsing_a_deal():
    doc = _doc("مجلس الأمن يصادق على الاتفاق النووي بالإجماع.", [UNSC])
    assert _events(doc, "SUPPORT") == [(["مجلس الأمن"], [])]


def test_confirming_ones_statement_is_no_endorsement():
    doc = _doc("وأوضح المتحدث أن المتهم يصادق على أقواله أمام القاضي في الأردن.", [JORDAN])
    assert _events(doc, "SUPPORT") == []


# AGREE


def test_dual_signing():
    doc = _doc("السعودية وناميبيا توقعان على بروتوكول إقامة علاقات دبلوماسية بين البلدين.", [SAUDI, NAMIBIA])
    assert any({"السعودية", "ناميبيا"} <= p for p in _parties(doc, "AGREE"))


def test_to_cause_to_fall_is_no_signing():
    # "أوقع" (to entangle) shares the letters of "وقّع": a على further on is no document signed
    doc = _doc("ولا شك أن تعقيد المشهد سيوقع أنقرة في حسابات معقدة وقد يجبرها على الجلوس مع الأكراد.", [ANKARA])
    assert _events(doc, "AGREE") == []


def test_agreed_said_without_a_subject():
    doc = _doc("وتم الاتفاق بين السعودية والأردن على تشكيل مجلس تنسيق مشترك.", [JORDAN, SAUDI])
    assert _parties(doc, "AGREE") == [{"الأردن", "السعودية"}]
    doc = _doc("وقال هادي إنه تم الاتفاق مع الأردن على استقبال الجرحى في مستشفياته.", [HADI, JORDAN])
    assert _events(doc, "AGREE") == [([], ["الأردن"])]


def test_what_was_agreed_before_is_no_new_agreement():
    doc = _doc("وقال إن الحوثيين لم يلتزموا بما تم الاتفاق عليه مع الأردن في الجولة الماضية.", [JORDAN])
    assert _events(doc, "AGREE") == []


def test_consent_to_a_permission():
    doc = _doc("وكانت تركيا قد وافقت على السماح للولايات المتحدة باستخدام قاعدة إنجرليك.", [TURKEY, USA])
    assert _events(doc, "AGREE") == [(["تركيا"], ["الولايات المتحدة"])]


def test_an_approval_of_an_appointment_is_no_agreement():
    doc = _doc("ووافق مجلس الأمن على تعيين مبعوث جديد إلى اليمن.", [UNSC, YEMEN])
    assert _events(doc, "AGREE") == []


# COOPERATE


def test_dual_coordination():
    doc = _doc("وأكد أن السعودية والأردن ينسقان جهودهما في مواجهة التحديات.", [SAUDI, JORDAN])
    assert any({"السعودية", "الأردن"} <= p for p in _parties(doc, "COOPERATE"))


def test_an_alliance_noun_in_the_accusative_is_no_verb():
    doc = _doc("وكانت زيارة تاريخية نتج عنها تحالفا مع الأردن والإمارات.", [JORDAN, UAE])
    assert _events(doc, "COOPERATE") == []


def test_working_together():
    doc = _doc("واتفق الرئيسان رجب طيب أردوغان وباراك أوباما على العمل سويا لوقف تدفق المقاتلين الأجانب.",
               [ERDOGAN, OBAMA])
    assert {"رجب طيب أردوغان", "باراك أوباما"} in _parties(doc, "COOPERATE")


def test_working_together_with_no_one_named_and_the_deals_name_are_no_cooperation():
    doc = _doc("وقال ماجد الحقيل إن ردود الأفعال تدفعنا إلى العمل سويا لتحقيق الآمال.", [MINISTER])
    assert _events(doc, "COOPERATE") == []
    doc = _doc("واستعرض الوزراء خطة العمل المشترك الشاملة بين مجلس التعاون والولايات المتحدة.", [GCC, USA])
    assert _events(doc, "COOPERATE") == []


def test_commitment_to_work_with_someone():
    doc = _doc("وأعادت الولايات المتحدة تأكيد التزامها بالعمل مع دول مجلس التعاون لردع أي عدوان خارجي.", [USA, GCC])
    assert _events(doc, "COOPERATE") == [(["الولايات المتحدة"], ["مجلس التعاون"])]


# AID


def test_support_given_to_a_state_is_aid():
    doc = _doc("وأضاف أن المملكة قدمت دعمها لألبانيا منذ بداية التسعينات من خلال تمويل مشاريع البنية التحتية.",
               [SAUDI, ALBANIA])
    assert _events(doc, "AID") == [(["السعودية"], ["ألبانيا"])]


def test_support_given_to_no_one_named_is_no_aid():
    doc = _doc("وأكد مدير المستشفى أن السعودية تقدم الدعم اللازم لكل المرضى.", [SAUDI])
    assert _events(doc, "AID") == []


def test_an_aid_ship_arriving():
    doc = _doc("وصلت سفينة إغاثة أرسلتها الإمارات إلى ميناء عدن في اليمن أمس.", [UAE, YEMEN])
    assert [s for s, _ in _events(doc, "AID")] == [["الإمارات"]]
    # the state named by the adjective of the aid, when the article names it
    doc = _doc("وأعلنت الإمارات وصول سفينة إغاثة إماراتية إلى ميناء عدن في اليمن أمس.", [UAE, YEMEN])
    assert [s for s, _ in _events(doc, "AID")] == [["الإمارات"]]


def test_an_aircraft_arriving_with_no_aid_is_no_aid():
    doc = _doc("ووصلت طائرة الإخلاء التي أقلت الجثمان إلى مطار الإمارات مساء أمس.", [UAE])
    assert _events(doc, "AID") == []

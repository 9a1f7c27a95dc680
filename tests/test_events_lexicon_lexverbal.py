"""Events, session 12 (lexverbal): the ordinary vocabulary of accusing, rejecting, denying, requesting and
appealing (and a few forms of the talks verbs), each family tested on sentences the team wrote: one use found
with its participants, one use that is no event. The entities are given (the tests check the events stage)."""

from __future__ import annotations

from functools import partial

import pytest
from testdata import entity, event_doc

_doc = partial(event_doc, published="2015-08-02")


def _loc(id_: str, name: str) -> dict:
    return entity(id_, name, type_="LOC")


def _org(id_: str, name: str, *surfaces: str) -> dict:
    return entity(id_, name, *surfaces, type_="ORG")


def _events(text: str, entities: list[dict]) -> list[tuple[str, list[str], list[str]]]:
    doc = _doc(text, entities)
    by_id = {e.id: e.name for e in doc.entities}
    return [(e.type, [by_id[i] for i in e.source], [by_id[i] for i in e.target]) for e in doc.events]


def _types(text: str, entities: list[dict]) -> list[str]:
    return [e[0] for e in _events(text, entities)]


KUWAIT = _loc("kuw", "الكويت")
QATAR = _loc("qatar", "قطر")
IRAN = _loc("iran", "إيران")
RUSSIA = _loc("rus", "روسيا")
LEAGUE = _org("arl", "جامعة الدول العربية")
HAMAS = _org("hamas", "حركة حماس", "حماس")
FATAH = _org("fatah", "حركة فتح", "فتح")
ISRAEL_GOV = _org("isrg", "الحكومة الإسرائيلية")
UN = _org("un", "الأمم المتحدة")
SC = _org("sc", "مجلس الأمن")
MALIKI = entity("maliki", "نوري المالكي", "المالكي")
ABADI = entity("abadi", "حيدر العبادي", "العبادي")


# --- ACCUSE -----------------------------------------------------------------------------------------------

def test_condemn_with_the_short_verb_dan():
    assert ("ACCUSE", ["جامعة الدول العربية"], []) in _events(
        "ودانت جامعة الدول العربية الهجوم الذي استهدف مسجدا في الكويت.", [LEAGUE, KUWAIT])
    assert ("ACCUSE", ["نوري المالكي"], []) in _events("ودان المالكي التفجير الذي وقع في الكويت أمس.", [MALIKI, KUWAIT])


@pytest.mark.parametrize("text", [
    "وتبلغ مساحة المشروع 3500 فدان في الكويت.",  # acres: not ف + دان after a numeral
    "وتبلغ مساحة المشروع المليون فدان في الكويت.",
    "ولا يكفي ما يقوم به الناس من شجب واستنكار في الكويت.",  # the noun
])
def test_condemn_look_alikes_are_no_event(text):
    assert "ACCUSE" not in _types(text, [KUWAIT])


def test_criticising_participle_and_not_the_critics():
    assert ("ACCUSE", ["نوري المالكي"], ["حيدر العبادي"]) in _events(
        "وتحدث المالكي في مؤتمر صحفي، منتقدا سياسة حيدر العبادي في إدارة الملف الأمني.", [MALIKI, ABADI])
    # "منتقدين" is also the noun (critics)
    assert "ACCUSE" not in _types("وقال العبادي إنه واثق من أن حكومته ستفحم منتقدين يقولون إنها فشلت.", [ABADI])


def test_accused_as_a_pronoun_on_the_verb():
    usa = _loc("us", "الولايات المتحدة")
    assert ("ACCUSE", ["الولايات المتحدة"], []) in _events(
        "وفرضت الولايات المتحدة عقوبات على ثلاثة من قيادات حماس، واتهمتهم بدعم الإرهاب.", [usa, HAMAS])


def test_charges_levelled_at_someone():
    police = _org("kauth", "السلطات الكويتية")
    assert ("ACCUSE", ["السلطات الكويتية"], ["حركة حماس"]) in _events(
        "ووجهت السلطات الكويتية اتهامات إلى حركة حماس بتهريب الأسلحة.", [police, HAMAS])
    germany, turkey = _loc("de", "ألمانيا"), _loc("tr", "تركيا")
    assert ("ACCUSE", ["ألمانيا"], ["تركيا"]) in _events("ووجهت ألمانيا أصابع الاتهام إلى تركيا في تسريب الوثائق.",
                                                        [germany, turkey])


def test_holding_someone_responsible():
    assert ("ACCUSE", ["حركة فتح"], ["الحكومة الإسرائيلية"]) in _events(
        "وحمّلت حركة فتح الحكومة الإسرائيلية المسؤولية الكاملة عن الجريمة.", [FATAH, ISRAEL_GOV])
    assert ("ACCUSE", ["حيدر العبادي"], ["نوري المالكي"]) in _events(
        "وأكد العبادي أن الحكومة ماضية في الإصلاح، محملا المالكي المسؤولية عن سقوط الموصل.", [ABADI, MALIKI])
    sisi = entity("sisi", "عبد الفتاح السيسي", "السيسي")
    brothers = _org("mb", "جماعة الإخوان المسلمين", "الإخوان المسلمين")
    assert ("ACCUSE", ["عبد الفتاح السيسي"], ["جماعة الإخوان المسلمين"]) in _events(
        "وألقى الرئيس عبد الفتاح السيسي باللوم على جماعة الإخوان المسلمين في اغتيال النائب العام.", [sisi, brothers])


def test_taking_a_responsibility_on_oneself_is_no_blame():
    assert "ACCUSE" not in _types("وقال المالكي إنه حمل على عاتقه مسؤولية إعادة بناء الجيش.", [MALIKI])


def test_complaint_against_someone():
    party = _org("hdp", "حزب الشعب الديمقراطي")
    erdogan = entity("erd", "رجب طيب أردوغان", "أردوغان")
    assert ("ACCUSE", ["حزب الشعب الديمقراطي"], ["رجب طيب أردوغان"]) in _events(
        "وأعلن حزب الشعب الديمقراطي أنه تقدم بشكوى ضد أردوغان أمام المحكمة الدستورية.", [party, erdogan])


def test_condemnation_shown_of_no_one_named_is_left():
    assert "ACCUSE" not in _types("وأبدت قطر استنكارها للتفجير الذي وقع في الكويت أمس.", [QATAR, KUWAIT])


# --- REJECT -----------------------------------------------------------------------------------------------

def test_reject_dual_and_participle():
    assert ("REJECT", ["قطر", "الكويت"], []) in _events("وكانت قطر والكويت رفضتا المشاركة في الاجتماع.", [QATAR, KUWAIT])
    assert [e[:2] for e in _events("وأصدرت جامعة الدول العربية بيانا، رافضة أي تدخل من إيران في الشؤون العربية.",
                                   [LEAGUE, IRAN])] == [("REJECT", ["جامعة الدول العربية"])]


def test_declining_to_be_named_is_no_rejection():
    assert "REJECT" not in _types("وقال موظف في الكويت رافضا ذكر اسمه إن الرواتب تأخرت.", [KUWAIT])


def test_rejection_and_opposition_declared():
    assert _events("وجدد العبادي رفضه لأي وجود عسكري أجنبي في العراق.", [ABADI]) == [("REJECT", ["حيدر العبادي"], [])]
    assert _events("وأعلن المالكي معارضته للاتفاق السياسي.", [MALIKI]) == [("REJECT", ["نوري المالكي"], [])]


def test_oppose_and_whoever_opposes():
    assert ("REJECT", ["نوري المالكي"], ["حيدر العبادي"]) in _events(
        "وعارض المالكي قرار العبادي بإلغاء مناصب نواب الرئيس.", [MALIKI, ABADI])
    assert "REJECT" not in _types("وتقتل الميليشيات كل من يعارض سياسة إيران في المنطقة.", [IRAN])
    # a thing that contradicts: "كيف يعارض ذلك مهمة"
    assert "REJECT" not in _types("وتساءل المحللون كيف يعارض ذلك مهمة التصدي لإيران في المنطقة.", [IRAN])


def test_boycott_vote_against_and_veto():
    opposition = _org("opp", "أحزاب المعارضة")
    assert ("REJECT", ["أحزاب المعارضة"], []) in _events("وقاطعت أحزاب المعارضة الانتخابات التي نظمتها الحكومة.",
                                                          [opposition])
    assert ("REJECT", ["روسيا"], []) in _events("وصوتت روسيا ضد مشروع القرار في مجلس الأمن.", [RUSSIA, SC])
    assert ("REJECT", ["روسيا"], []) in _events("واستخدمت روسيا حق النقض (الفيتو) ضد مشروع القرار في مجلس الأمن.",
                                                [RUSSIA, SC])
    assert ("REJECT", ["نوري المالكي"], []) in _events("وأعلن المالكي أنه لن يصوت لصالح الاتفاق النووي.", [MALIKI])


def test_withdrawing_from_talks_not_from_a_tournament():
    cairo = _loc("cairo", "القاهرة")
    assert ("REJECT", ["حركة حماس"], ["حركة فتح"]) in _events(
        "وانسحبت حركة حماس من المفاوضات مع حركة فتح في القاهرة.", [HAMAS, FATAH, cairo])
    assert "REJECT" not in _types("وانسحبت قطر من البطولة الآسيوية بسبب الإصابات.", [QATAR])


# --- DENY -------------------------------------------------------------------------------------------------

def test_deny_dual_refute_and_participle():
    assert [e[:2] for e in _events("ونفتا قطر والكويت صحة التقارير عن سحب السفراء.", [QATAR, KUWAIT])][0] == (
        "DENY", ["قطر"])
    assert ("DENY", ["نوري المالكي"], ["حيدر العبادي"]) in _events(
        "وفند المالكي مزاعم العبادي عن الفساد في وزارته.", [MALIKI, ABADI])
    assert ("DENY", ["نوري المالكي"], ["حيدر العبادي"]) in _events(
        "وقال المالكي إن الحكومة لم تفشل، نافيا اتهامات العبادي.", [MALIKI, ABADI])
    assert ("DENY", ["حركة حماس"], []) in _events("وكذبت حركة حماس ما أوردته وكالة أنباء إيرانية.", [HAMAS, IRAN])


def test_lying_to_someone_is_no_denial():
    assert "DENY" not in _types("وقال العبادي إن قطر كذبت على الكويت.", [ABADI, QATAR, KUWAIT])


# --- REQUEST and APPEAL -----------------------------------------------------------------------------------

def test_demand_plural_and_formal_request():
    assert ("REQUEST", ["حركة حماس"], ["الأمم المتحدة"]) in _events(
        "وقادة حماس يطالبون الأمم المتحدة بالتدخل لحماية المدنيين.", [HAMAS, UN])
    assert ("REQUEST", ["الكويت"], ["مجلس الأمن"]) in _events(
        "وتقدمت الكويت بطلب رسمي إلى مجلس الأمن لعقد جلسة طارئة.", [KUWAIT, SC])


def test_an_application_asks_no_one():
    assert "REQUEST" not in _types("وتقدم المالكي بطلب للحصول على تأشيرة.", [MALIKI])


def test_appeal_plural_phrase_and_participle():
    assert ("APPEAL", ["حركة حماس"], ["الحكومة الإسرائيلية"]) in _events(
        "وقادة حماس يدعون إلى وقف التنسيق الأمني مع الحكومة الإسرائيلية.", [HAMAS, ISRAEL_GOV])
    assert ("APPEAL", ["حيدر العبادي"], ["الأمم المتحدة"]) in _events(
        "ووجه العبادي نداء إلى الأمم المتحدة لدعم النازحين.", [ABADI, UN])
    assert ("APPEAL", ["حركة حماس"], ["الأمم المتحدة"]) in _events(
        "وأصدرت حركة حماس بيانا، مناشدة الأمم المتحدة التدخل لوقف العدوان.", [HAMAS, UN])


@pytest.mark.parametrize("text", [
    "وكان آلاف المغردين يدعون له بالرحمة في الكويت.",  # they pray for him
    "ووجه المركب نداء استغاثة إلى خفر السواحل في الكويت.",  # a distress call
    "وأصدرت الكويت أنظمة جديدة تحث الموظفين على الالتزام بالدوام.",  # a thing that urges
])
def test_prayers_and_distress_calls_are_no_appeal(text):
    assert "APPEAL" not in _types(text, [KUWAIT])


# --- CONSULT ----------------------------------------------------------------------------------------------

def test_call_received_and_consultation_verbs():
    assert ("CONSULT", ["حيدر العبادي"], ["نوري المالكي"]) in _events(
        "وتلقى العبادي اتصالا من المالكي بحث خلاله الأوضاع الأمنية.", [ABADI, MALIKI])
    assert ("CONSULT", ["حيدر العبادي"], ["نوري المالكي"]) in _events(
        "ويتشاور العبادي مع المالكي بشأن الحكومة الجديدة.", [ABADI, MALIKI])


def test_a_call_from_an_unnamed_citizen_is_no_talks():
    assert "CONSULT" not in _types("وتلقت الشرطة اتصالا من أحد المواطنين في الكويت.", [KUWAIT])


# --- verbal nouns with the actor as their genitive ---------------------------------------------------------

def test_verbal_noun_with_its_actor_then_lam():
    washington, tehran = _loc("us", "واشنطن"), _loc("teh", "طهران")
    assert ("ACCUSE", ["واشنطن"], ["طهران"]) in _events(
        "وتأتي الزيارة بعد اتهام واشنطن لطهران بدعم الإرهاب في المنطقة.", [washington, tehran])
    assert ("REJECT", ["إيران"], []) in _events("وفي ظل رفض إيران للاتفاق، قال المالكي إن الوضع صعب.", [IRAN, MALIKI])


def test_verbal_noun_with_the_accused_as_its_genitive_is_no_accusation_by_it():
    # "اتهام روسيا بالتدخل": Russia is accused; the ل of "السلبي" or "بالتدخل" (an article) is no "to"
    ukraine = _loc("ua", "أوكرانيا")
    assert "ACCUSE" not in _types("وتوتر الوضع على خلفية اتهام روسيا بالتدخل في أوكرانيا المجاورة.", [RUSSIA, ukraine])
    assert "ACCUSE" not in _types("ولم تتردد قطر في انتقاد دور الكويت السلبي داخل المجلس.", [QATAR, KUWAIT])



@pytest.mark.parametrize(("word", "act"), [("معارضة", True), ("بمعارضة", True), ("المعارضة", False),
                                          ("والمعارضة", False), ("الرفض", False)])
def test_a_noun_whose_actor_follows_is_never_definite(word, act):
    # a noun in construct takes no article: "معارضة تركيا للخطة" is an act, "المعارضة" the opposition — which,
    # once read as a trigger, also hid the verb after it ("المعارضة اعتقلوا")
    from marsad.model import Document
    from marsad.stages.clauses import ensure_tokens
    from marsad.stages.events import event_lexicon, match_trigger

    tokens = ensure_tokens(Document(body=f"{word} تركيا للخطة"))
    hit = match_trigger(tokens, 0, len(tokens), event_lexicon())
    assert (hit is not None and hit.trig.id == "reject-noun") is act

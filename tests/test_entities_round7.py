"""Entity rules of issue 18, round 7: a person's name ends at a verb, an adverbial accusative or "باسم" after
it, and the authorities of a country or a place are a body. Team-written sentences."""

from __future__ import annotations

from testdata import run_entities

from marsad.model import Document

run = run_entities


def all_texts(doc: Document, kind: str | None = None) -> set[str]:
    return {m.text for e in doc.entities if kind is None or e.type == kind for m in e.mentions}


def test_name_ends_before_a_verb_with_an_object_pronoun() -> None:
    doc = run("وقال الرئيس الإسرائيلي رؤوفين ريفلين إن هرتسوغ نافسني في الانتخابات الماضية بشرف.")
    people = all_texts(doc, "PER")
    assert "هرتسوغ" in people
    assert not any("نافسني" in p for p in people)


def test_name_ends_before_on_behalf_of() -> None:
    doc = run("وقال السفير رون دريمر باسم نتنياهو إن إسرائيل ستواصل معارضتها للاتفاق.")
    people = all_texts(doc, "PER")
    assert "رون دريمر" in people
    assert not any(p.endswith("باسم") for p in people)


def test_adverbial_accusative_is_no_surname() -> None:
    doc = run("وقال الوزير نجيب صراحة إن الحكومة لن تتراجع عن قرارها.")
    assert "نجيب صراحة" not in all_texts(doc, "PER")


def test_family_name_with_ta_marbuta_stays() -> None:
    doc = run("وأكد رجل الأعمال بدر باسلمة أن المشروع سيبدأ الشهر المقبل.")
    assert not any(p in ("بدر",) for p in all_texts(doc, "PER"))


def test_past_verb_after_a_name_is_cut() -> None:
    from marsad.model import Mention
    from marsad.stages.entities import _trim_person

    m = _trim_person(Mention(10, 27, "نيكولا ساركوزي اتصل", "PER", "model"), frozenset())
    assert m.text == "نيكولا ساركوزي"


def test_authorities_with_a_nationality_are_a_body() -> None:
    doc = run("وأعلنت السلطات التركية اعتقال عشرين شخصا، فيما قالت السلطات السعودية إن التحقيق مستمر.")
    bodies = all_texts(doc, "ORG")
    assert {"السلطات التركية", "السلطات السعودية"} <= bodies
    assert "السعودية" not in all_texts(doc, "LOC")


def test_local_authorities_are_no_body() -> None:
    doc = run("وقالت السلطات المحلية إن الطريق أغلق أمام السيارات.")
    assert not any("السلطات" in t for t in all_texts(doc))


def test_authorities_of_a_place_hold_the_place() -> None:
    doc = run("وطالبت سلطات إقليم كردستان العراق بإرسال المزيد من الأسلحة إلى البيشمركة.")
    assert "سلطات إقليم كردستان العراق" in all_texts(doc, "ORG")
    assert "إقليم كردستان" not in all_texts(doc, "LOC")


def test_name_after_a_minister_of_a_construct_portfolio() -> None:
    doc = run("وقال وزير حقوق الإنسان عز الدين الأصبحي إن الحكومة تدين الهجوم على المدنيين.")
    assert "عز الدين الأصبحي" in all_texts(doc, "PER")


def test_rank_and_name_after_a_body_in_construct_stay_apart() -> None:
    doc = run("وقال المتحدث باسم وزارة الدفاع الهندية اللفتنانت كولونيل مانيش ميهتا: «بدأ القصف فجرا».")
    assert "مانيش ميهتا" in all_texts(doc, "PER")


def test_given_name_before_its_family_name_is_kept() -> None:
    doc = run("وقال وزير الخارجية محمد الأحمد إن الهجوم مدان.")
    assert "محمد الأحمد" in all_texts(doc, "PER")


def test_quoted_name_after_a_reporting_verb_then_a_title_is_a_person() -> None:
    doc = run('وقال "كورتز كوبر" نائب المتحدث الرسمي باسم البعثة الأمريكية لدى الأمم المتحدة إن المجلس سيصوت غدا.')
    assert "كورتز كوبر" in all_texts(doc, "PER")
    assert "كورتز كوبر" not in all_texts(doc, "ORG")


def test_quoted_outlet_or_body_after_a_reporting_verb_stays_a_body() -> None:
    doc = run("وقالت «الوطن» إن الوزير سيزور المنطقة، وقال «حزب الله» إن الهجوم فشل.")
    assert not all_texts(doc, "PER") & {"الوطن", "حزب الله"}


def test_foreign_name_after_the_body_of_a_long_title() -> None:
    doc = run("وقال عضو قيادي برلماني من حزب العمل الديمقراطي المعارض ليم كيت سيانج لوكالة «رويترز»: «الوضع خطير».")
    assert "ليم كيت سيانج" in all_texts(doc, "PER")


def test_no_name_from_a_verb_after_a_body() -> None:
    doc = run("والتقى الصحفي بقائد كبير في الحرس الثوري الإيراني يرتب للانشقاق عن النظام، كما قال إن الرئيس "
              "عبد الفتاح السيسي يضغط على الأمم المتحدة لمنحها تفويضًا للتدخل.")
    people = all_texts(doc, "PER")
    assert not any(p.startswith(("يرتب", "لمنحها")) for p in people)


def test_surname_ending_like_a_verb_with_an_object_stays() -> None:
    doc = run("وجاء تصريح عضو البرلمان محمد رضا زاكاني بأن إيران باتت مسيطرة على أربع عواصم عربية.")
    assert "محمد رضا زاكاني" in all_texts(doc, "PER")


def test_verb_ends_a_name_and_a_name_in_ani_does_not() -> None:
    from marsad.stages.entities import word_after_name

    assert word_after_name("اتصل", "اتصل") and not word_after_name("كافاني", "كافاني")

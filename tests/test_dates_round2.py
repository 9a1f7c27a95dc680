"""Date constructions of round 2 (issue 19): the text's own today against a given date, months coordinated
with one year phrase, the first of a month, coordinated day words, "اليوم" that is no day (nowadays, a rate,
a paper), the school year, deadlines inside a month or a year, and the feasts as sighted. Sentences composed
by the team."""

from __future__ import annotations

from datetime import date

import pytest
from testdata import found_dates, run_dates

from marsad.dates.stage import DatesStage
from marsad.model import Document, Span
from marsad.stages.segment import SegmentStage

TUE = "2015-08-04"  # a Tuesday
THU = "2015-08-13"  # a Thursday


run = run_dates
found = found_dates


# ---------------------------------------------------------------- the text's own today


def test_text_today_moves_every_relative_word() -> None:
    # Dated Tuesday by its metadata, the article says it is Monday: "أمس" is Sunday, the next week counts from
    # Monday, and the two day words that agree make the new anchor certain.
    doc = run("وقال وزير الخارجية اليوم الاثنين إن المحادثات التي جرت أمس (الأحد) كانت مثمرة، "
              "وإنها ستستأنف الأربعاء المقبل.", TUE)
    assert found(doc) == {"اليوم الاثنين": "2015-08-03", "أمس (الأحد)": "2015-08-02",
                          "الأربعاء المقبل": "2015-08-05"}
    assert all(d.certain for d in doc.dates)
    assert "disagrees-with-given" in doc.dates[0].rule
    assert doc.published.date == TUE and "2015-08-03" in doc.published.evidence[-1]


def test_text_today_from_one_word_is_uncertain() -> None:
    doc = run("وأعلنت الشرطة أمس الأحد توقيف خلية، وتبدأ محاكمة أفرادها الأسبوع المقبل.", TUE)
    assert found(doc) == {"أمس الأحد": "2015-08-02", "الأسبوع المقبل": ("2015-08-09", "2015-08-15")}
    assert not any(d.certain for d in doc.dates)


@pytest.mark.parametrize("text", [
    "وقال الوزير اليوم الاثنين إن الاتفاق وقع أمس الثلاثاء.",  # two day words that disagree: no day of its own
    "وأعلنت الحكومة اليوم الجمعة أن الاجتماع انتهى أمس.",  # Friday is three days from Tuesday: too far
])
def test_text_today_needs_agreeing_words_near_the_given_day(text: str) -> None:
    doc = run(text, TUE)
    assert doc.dates and not any("disagrees-with-given" in d.rule for d in doc.dates)
    assert found(doc).get("أمس", "2015-08-03") == "2015-08-03"  # counted from the given day


def test_text_today_agreeing_with_the_given_day_changes_nothing() -> None:
    doc = run("وقال الوزير اليوم الثلاثاء إن الوفد وصل أمس.", TUE)
    assert found(doc) == {"اليوم الثلاثاء": TUE, "أمس": "2015-08-03"}
    assert all(d.certain and "disagrees" not in d.rule for d in doc.dates)


# ---------------------------------------------------------------- constructions


CASES = [
    # months (or days) coordinated with the year phrase of the last one
    (TUE, "وشهدت المدينة في يناير وأبريل من هذا العام موجة احتجاجات.", "يناير", "2015-01"),
    (TUE, "وجرت الانتخابات المحلية في فبراير ومارس من العام الماضي.", "فبراير", "2014-02"),
    (TUE, "وتراجعت المبيعات في نوفمبر وديسمبر الماضيين.", "نوفمبر", "2014-11"),
    (TUE, "وعقدت الجولتان في 3 يناير و5 مارس 2014.", "3 يناير و5 مارس 2014", ["2014-01-03", "2014-03-05"]),
    (TUE, "وشهدت الفترة من أول يناير وحتى 15 يوليو من هذا العام إعدام 200 شخص.", "أول يناير", "2015-01-01"),
    (TUE, "وخلال الفترة من فبراير حتى نوفمبر 1943 تعرضت المدينة للقصف.", "فبراير", "1943-02"),
    # the first of a month, and parts of a month
    (TUE, "ويبدأ تطبيق القرار في أول ديسمبر المقبل.", "أول ديسمبر المقبل", "2015-12-01"),
    (TUE, "وتسلم الجيش المواقع أول يوليو الماضي.", "أول يوليو الماضي", "2015-07-01"),
    (TUE, "وتصل الدفعة الأولى مطلع الشهر المقبل.", "مطلع الشهر المقبل", ("2015-09-01", "2015-09-10")),
    (TUE, "وستعقد الجلسة أواخر الشهر الجاري.", "أواخر الشهر الجاري", ("2015-08-21", "2015-08-31")),
    (TUE, "ويزور الرئيس موسكو منتصف الشهر المقبل.", "منتصف الشهر المقبل", ("2015-09-11", "2015-09-20")),
    # a deadline in a month or a year: the period it names; in a week: from the anchor
    (TUE, "ويأمل المبعوث إجراء الانتخابات قبل انتهاء العام الجاري.", "قبل انتهاء العام الجاري",
     ("2015-01-01", "2015-12-31")),
    (TUE, "وتعهدت الشركة بتسليم المشروع قبل نهاية سبتمبر.", "قبل نهاية سبتمبر", ("2015-09-01", "2015-09-30")),
    (THU, "وتصل الوفود قبل نهاية الأسبوع إلى العاصمة.", "قبل نهاية الأسبوع", ("2015-08-13", "2015-08-15")),
    (THU, "وقتل أكثر من ألفي مهاجر بحلول نهاية الأسبوع الماضي.", "بحلول نهاية الأسبوع الماضي",
     ("2015-08-02", "2015-08-08")),  # a week over: the whole of it
    # coordinated day words: one expression, two days
    (TUE, "وتستمر فعاليات المهرجان اليوم وغدا في حديقة الملك عبدالله.", "اليوم وغدا", ["2015-08-04", "2015-08-05"]),
    (TUE, "وشهدت المحافظة أمس واليوم أمطارا غزيرة.", "أمس واليوم", ["2015-08-03", "2015-08-04"]),
    (TUE, "وشهدت المنطقة خلال اليومين الماضيين اشتباكات عنيفة.", "خلال اليومين الماضيين",
     ("2015-08-02", "2015-08-04")),
    # feasts: as the month was sighted, and the n-th day of one
    (TUE, "وتستأنف المفاوضات بعد عيد الأضحى المبارك.", "عيد الأضحى المبارك", "2015-09-24"),
    (TUE, "واستقبل الأمير المهنئين في ثالث أيام عيد الفطر.", "ثالث أيام عيد الفطر", "2015-07-19"),
    (TUE, "وهنأ الملك المواطنين بمناسبة عيد الفطر المبارك.", "عيد الفطر المبارك", "2015-07-17"),
    # compound ordinal days, and a day of "this month"
    (TUE, "وتوقف التداول في السادس والعشرين من يونيو.", "السادس والعشرين من يونيو", "2015-06-26"),
    (TUE, "ويستمر المعرض حتى الثامن عشر من سبتمبر المقبل.", "الثامن عشر من سبتمبر المقبل", "2015-09-18"),
    (TUE, "وتنطلق عروض الفيلم في السابع من هذا الشهر.", "السابع من هذا الشهر", "2015-08-07"),
    # "منذ" + a month or a day without a year: the last one
    (TUE, "وارتفع خام برنت للمرة الأولى منذ يناير كانون الثاني.", "يناير كانون الثاني", "2015-01"),
    (TUE, "ولم تتوقف الاشتباكات منذ 14 ديسمبر.", "14 ديسمبر", "2014-12-14"),
    (TUE, "واختتمت أمس -ثالث أيام عيد الفطر- فعاليات المهرجان.", "ثالث أيام عيد الفطر", "2015-07-19"),
    # the editor's day word in parentheses after a quoted one
    (TUE, "وقال المبعوث: «التنفيذ يبدأ من اليوم (أمس) بقرار مجلس الأمن».", "اليوم (أمس)", "2015-08-03"),
    (TUE, "وقال إن الأحزاب الأربعة ستعلن غدا (اليوم) توصلها إلى اتفاق.", "غدا (اليوم)", TUE),
    # a month named with its year after a comma; "بعد" + years announced
    (TUE, "وقرر رئيس الوزراء إجراء الاستفتاء في يونيو (حزيران)، من العام المقبل.", "يونيو (حزيران)، من العام المقبل",
     "2016-06"),
    (TUE, "وسيطرح الجهاز الجديد في الأسواق بعد عامين.", "بعد عامين", "2017"),
    (TUE, "وقال الرئيس محمود عباس الجمعة إنه ينوي التوجه إلى المحكمة.", "الجمعة", "2015-07-31"),  # a name, then a day
    (TUE, "وأرجأ المجلس التصويت على الاتفاق المفترض أن يجري الاثنين.", "الاثنين", "2015-08-10"),  # announced
    # a real today stays one
    (TUE, "وأعلنت وزارة الداخلية اليوم القبض على 16 متهما.", "اليوم", TUE),
    (TUE, "وتعيش المدينة اليوم يوما حزينا بعد الانفجار.", "اليوم", TUE),
]


@pytest.mark.parametrize(("anchor", "text", "span", "expected"), CASES, ids=[c[2] for c in CASES])
def test_construction(anchor: str, text: str, span: str, expected: object) -> None:
    assert found(run(text, anchor)).get(span) == expected


@pytest.mark.parametrize("text", [
    'وقال الأمير إن "عالم اليوم يواجه تحديات لم يعرفها من قبل".',  # nowadays
    "وأكد أن التضامن العربي ثمرة حقيقية نتلمسها اليوم في اليمن.",
    "وقال إن ما نشهده اليوم من تطور هو نتاج عمل طويل.",
    "ويعمل الجسر 18 ساعة في اليوم بسبب ارتفاع الحرارة.",  # a rate
    "وتنتج الحقول الجديدة 300 ألف برميل في اليوم.",
    "ويتناول المريض الدواء ثلاث مرات في اليوم.",
    "وقال مسؤول في الوزارة لصحيفة اليوم إن العمل مستمر.",  # a paper
    "الرياض – عين اليوم\nأعلنت الهيئة العامة للرياضة نتائج المسابقة.",  # a byline
    "عين اليوم – جدة\nأعلنت أمانة جدة خطة لتصريف مياه الأمطار.",
    "وتوزع الجمعية الحقائب المدرسية مع قرب بداية العام الدراسي الجديد.",  # the school year
    "ومن المتوقع أن تشهد الأيام المقبلة مزيدا من المحادثات.",  # vague: no date
    "وكانت الأسر النازحة بأمس الحاجة إلى المساعدات.",  # "most", not yesterday
    "وارتفع الخام بعد أن لامس أدنى مستوياته في ست سنوات.",  # the verb "touched"
    "وعاد المخرج إلى المسرح في العام التالي.",  # after a year the text tells of
    "وانتقلت الأسرة إلى جدة في الشهر التالي لتخرجه.",
    "وأكد محمد الخميس رئيس لجنة التنمية الأهلية أن البرنامج ناجح.",  # a family name
    "وأفاد عبد الأحد اسطيفو مدير الإدارة بأن العمل مستمر.",  # a first name
    "وافتتحت البلدية جدارية على إحدى واجهات سوق الثلاثاء الشعبي.",  # a market
    "ويضاف الفول السوداني إلى اللحم أو الدجاج أو مع الاثنين معا.",  # both
    "وتقام سباقات الدراجات في شهر نوفمبر من كل عام.",  # recurs
    "ويحتفل الأطباء بالثامن عشر من مايو كل سنة.",
    "وفرقت الحرب الأم وابنتها، والتقتا بعد أكثر من 70 عاما.",  # years after an event told of
    "وتراجع المدرب عن قراره بعد أربعة أيام فقط من إعلانه.",
])
def test_no_date(text: str) -> None:
    assert run(text, TUE).dates == []


def test_weekday_with_its_date_is_one_mention() -> None:
    doc = run("ويستمر التسجيل حتى الساعة العاشرة مساء يوم الخميس الموافق 1436/10/28هـ عبر موقع الجامعة.",
              "2015-08-09")
    assert found(doc) == {"مساء يوم الخميس الموافق 1436/10/28هـ": "2015-08-13"}
    assert doc.dates[0].certain
    doc = run("ويبدأ الاكتتاب يوم الاثنين، بتاريخ 2/8/2015.", "2015-08-09")  # 2 August 2015 was a Sunday
    assert found(doc) == {"يوم الاثنين، بتاريخ 2/8/2015": "2015-08-02"}
    assert not doc.dates[0].certain and "disagrees" in doc.dates[0].rule


@pytest.mark.parametrize(("text", "expected"), [
    ("وإلى ذلك سيطرت المقاومة الشعبية الثلاثاء على مواقع مطلة على المدينة.", "2015-08-04"),  # a past verb
    ("وقال إن المباحثات ساهمت الأحد في تقريب وجهات النظر.", "2015-08-02"),
    ("وسيطرح الوزير مشروع القرار الأحد على المجلس.", "2015-08-09"),  # a future verb: the coming Sunday
])
def test_future_marker_is_a_verb(text: str, expected: str) -> None:
    [mention] = run(text, "2015-08-06").dates
    assert mention.value == expected


def test_inferred_anchor_takes_the_texts_weekday() -> None:
    # No metadata: the latest date cited (Sunday 12 July 2015) bounds it from below, and the text says it is
    # Monday: the first Monday on or after it.
    text = "وقال وزير الخارجية اليوم الاثنين إن المحادثات التي جرت أمس كانت مثمرة، بعد زيارته القاهرة في 12 يوليو 2015."
    doc = Document(body=text, paragraphs=[Span(0, len(text), text)])
    doc = DatesStage(today=lambda: date(2026, 11, 28), tenure=lambda text, kb: [])(SegmentStage()(doc))
    assert doc.published.date == "2015-07-13" and doc.published.method == "inferred"
    assert found(doc) == {"اليوم الاثنين": "2015-07-13", "أمس": "2015-07-12", "12 يوليو 2015": "2015-07-12"}


def test_hijri_day_a_day_off_its_weekday_takes_the_weekday() -> None:
    # 23 Ramadan 1436 is Friday 10 July 2015 in the Umm al-Qura table; the writer says Thursday: the month
    # began a day later where he was, and the Thursday is meant. Two days off: the table stays.
    [mention] = run("وأعلن الديوان الملكي الوفاة يوم الخميس 23 رمضان.", TUE).dates
    assert mention.value == "2015-07-09" and not mention.certain and "weekday-wins" in mention.rule
    [mention] = run("وأعلن الديوان الملكي الوفاة يوم الثلاثاء 23 رمضان.", TUE).dates
    assert mention.value == "2015-07-10" and not mention.certain and "weekday-wins" not in mention.rule



@pytest.mark.parametrize(("text", "expected"), [
    ("ويلتقي وزير الخارجية نظيره الروسي الأحد في موسكو.", "2015-08-09"),  # a sentence opened in the present
    ("ويجتمع سفراء الدول الأعضاء في الحلف الثلاثاء في بروكسل.", "2015-08-04"),  # today is the coming Tuesday
    ("ويقول مسؤولون الأحد إن الهجوم فشل.", "2015-08-02"),  # a reporting verb
    ("وتظاهر آلاف العراقيين الجمعة في بغداد.", "2015-07-31"),  # "ت" opens a past verb too
    ("ويأتي الهجوم الذي وقع الأحد بعد أيام من مقتل جنود.", "2015-08-02"),  # a clause break before the day
])
def test_weekday_in_a_sentence_opened_in_the_present(text: str, expected: str) -> None:
    [mention] = run(text, TUE).dates
    assert mention.value == expected

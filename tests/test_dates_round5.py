"""Dates round 5 (issue 19): constructions read wrong or missed on unseen political news (a study set of 15
SaudiNewsNet articles annotated apart, and a diff of 1,500 corpus articles). The sentences are our own.
Every article here is dated Tuesday 4 August 2015 (testdata.run_dates)."""

from __future__ import annotations

import pytest
from testdata import found_dates, run_dates


def dates(text: str) -> dict[str, object]:
    return found_dates(run_dates(text))


def test_al_awwal_min_ams_is_two_days_back() -> None:
    # "الأول من أمس" is "أول من أمس" with the article: the day before yesterday, not yesterday.
    found = dates("وكانت دورية للاحتلال قد تعرضت لهجوم قرب مدخل البلدة مساء الأول من أمس.")
    assert found == {"مساء الأول من أمس": "2015-08-02"}


def test_qad_with_a_present_verb_announces_the_coming_weekday() -> None:
    # "قد يصادق": may approve, still to come; the Friday is the coming one.
    text = "وأوضح المسؤول أن البرلمان قد يصوت على الخطة، أو قد يصادق عليها وزراء المالية الجمعة قبل التصويت."
    assert dates(text)["الجمعة"] == "2015-08-07"


@pytest.mark.parametrize("text, weekday", [
    ("وكان عشرات المحتجين قد تجمعوا الأحد أمام مقر الحكومة في العاصمة.", "الأحد"),
    ("وكانت طائرات التحالف قد نفذت الأحد غارات على مواقع المسلحين.", "الأحد"),
])
def test_qad_with_a_past_verb_stays_in_the_past(text: str, weekday: str) -> None:
    # "قد تجمعوا", "قد نفذت": ت and ن open past verbs too; only "قد ي…" is "may".
    assert dates(text)[weekday] == "2015-08-02"


def test_a_wish_governs_a_coming_weekday() -> None:
    # "يرغبون في اختتام الحوار يوم الأربعاء": still to come (was last Wednesday, 29 July).
    assert dates("وقال المتحدث إن الوفود يرغبون في اختتام حوارهم يوم الأربعاء.")["يوم الأربعاء"] == "2015-08-05"


def test_a_weekday_after_one_to_come_follows_it() -> None:
    # The talks begin on Monday the 10th and are to end on the Wednesday after, not the coming 5th.
    text = ("وقال المتحدث إن المبعوث سيكون في جنيف يوم الاثنين المقبل، ولا ينوي الوفود البقاء طويلا حيث يرغبون "
            "في اختتام حوارهم يوم الأربعاء.")
    found = dates(text)
    assert found["يوم الاثنين المقبل"] == "2015-08-10"
    assert found["يوم الأربعاء"] == "2015-08-12"


def test_a_programme_goes_on_in_its_order() -> None:
    # A present verb opens the sentence: Thursday is the coming one; Friday and Saturday follow it (were the
    # last ones, 31 July and 1 August).
    found = found_dates(run_dates(
        "ويستهل برنامج الملتقى بمحاضرة عن الموهبة يوم الخميس بعنوان (أنا والموهوبة)، ثم محاضرة يوم الجمعة بعنوان "
        "(مشروعك الإلكتروني)، فمحاضرة يوم السبت عن تدوير الأثاث.", published="2015-08-04"))
    assert (found["يوم الخميس"], found["يوم الجمعة"], found["يوم السبت"]) == ("2015-08-06", "2015-08-07", "2015-08-08")


@pytest.mark.parametrize("text", [
    "ويصل المبعوث الخميس المقبل إلى صنعاء بعد أن التقى الرئيس الأحد في الرياض.",
    "ومن المقرر أن يتوجه المبعوث إلى نيويورك الخميس، بحسب ما أعلن الأحد المتحدث باسم المنظمة.",
])
def test_a_weekday_told_as_past_after_one_to_come_stays_past(text: str) -> None:
    assert dates(text)["الأحد"] == "2015-08-02"


def test_a_month_inside_a_foreign_name_is_no_date() -> None:
    found = dates("وقال رئيس بعثة الصليب الأحمر بيير دو مايو، في بيان، إن الأسير مهدد بالموت.")
    assert found == {}


def test_halves_of_a_month() -> None:
    # Was read as "الأول من سبتمبر" (1 September) and "الثاني من الشهر المقبل" (2 September).
    found = dates("ورجح الحزب إجراء انتخابات مبكرة في النصف الأول من سبتمبر (أيلول)، وإعلان النتائج في النصف الثاني "
                  "من الشهر المقبل.")
    assert found["النصف الأول من سبتمبر (أيلول)"] == ("2015-09-01", "2015-09-15")
    assert found["النصف الثاني من الشهر المقبل"] == ("2015-09-16", "2015-09-30")


def test_the_first_day_of_a_month_stays_a_day() -> None:
    assert dates("ووصل الوفد إلى القاهرة في الأول من أغسطس.") == {"الأول من أغسطس": "2015-08-01"}


@pytest.mark.parametrize("text, key, years", [
    ("وأقرت الحكومة الميزانية للعامين الحالي والمقبل بعد نقاش طويل.", "عامين الحالي والمقبل", ["2015", "2016"]),
    ("وتراجعت الصادرات خلال العامين الماضي والجاري بسبب هبوط الأسعار.", "العامين الماضي والجاري", ["2014", "2015"]),
])
def test_two_years_named_from_the_anchor(text: str, key: str, years: list[str]) -> None:
    assert dates(text)[key] == years


def test_a_dual_span_needs_no_preposition() -> None:
    found = dates("واقترح تشكيل مجلس للمرحلة الانتقالية (العامين المقبلين لحين إجراء الانتخابات عام 2017).")
    assert found["العامين المقبلين"] == ("2015-08-04", "2017-08-04")
    assert found["عام 2017"] == "2017"


def test_a_plural_span_still_needs_its_preposition() -> None:
    assert dates("الأيام الثلاثة الأخيرة كانت صعبة على السكان.") == {}


@pytest.mark.parametrize("text, key, value", [
    # Ramadan 1436 ran from 18 June to 16 July 2015 (Umm al-Qura).
    ("وتوافد آلاف المعتمرين على مكة في العشر الأواخر من رمضان.", "العشر الأواخر من رمضان", ("2015-07-08", "2015-07-16")),
    ("والتقى الأمير بالوفد في أواخر رمضان الماضي.", "أواخر رمضان الماضي", ("2015-07-08", "2015-07-16")),
    ("وانطلقت الحملة في منتصف شهر رمضان المبارك.", "منتصف شهر رمضان المبارك", ("2015-06-28", "2015-07-07")),
    ("وتعقد الجمعية العمومية يوم الأحد أول ذي القعدة المقبل.", "يوم الأحد أول ذي القعدة المقبل", "2015-08-16"),
])
def test_parts_of_a_hijri_month(text: str, key: str, value: object) -> None:
    assert dates(text)[key] == value


def test_ramadan_as_a_name_is_still_no_date() -> None:
    assert dates("واستقبل الوزير رمضان عبدالله في مكتبه.") == {}


def test_three_years_after_al_awam() -> None:
    found = dates("وأجريت الانتخابات البلدية في الأعوام 2005 و2011 و2015 بمشاركة واسعة.")
    assert found == {"الأعوام 2005 و2011 و2015": ["2005", "2011", "2015"]}


@pytest.mark.parametrize("text, key", [
    ("وتنازل الملك عن العرش بعد ثلاثة أيام من قيام ثورة يوليو، وغادر البلاد منفيا.", "يوليو"),
    ("ودعم الملك فيصل مصر في حرب أكتوبر بوقف تصدير النفط.", "أكتوبر"),
])
def test_a_month_naming_an_event_is_not_this_years(text: str, key: str) -> None:
    # Was this year's July / October; the year of the event is not written: no value.
    doc = run_dates(text)
    (mention,) = [d for d in doc.dates if d.text == key]
    assert mention.value is None and not mention.interval and mention.rule == "named-day:year-unknown"


def test_a_weekday_naming_an_event_is_no_date() -> None:
    assert dates('وهي السنة التي سبقت الحدث الأشهر في ذلك الصراع وهو "الأحد الدموي" في المدينة.') == {}


def test_this_weekday_is_this_weeks() -> None:
    # "هذا الخميس" after a present verb too short to mark the sentence: the coming Thursday, not the last one.
    assert dates("يصل المهاجم الجديد هذا الخميس إلى النمسا للالتحاق بمعسكر الفريق.")["الخميس"] == "2015-08-06"


def test_a_weekday_before_ghadan_is_tomorrow() -> None:
    found = found_dates(run_dates("وخصص الفرع خطبة الجمعة غدا للحديث عن الحادث.", published="2015-08-06"))
    assert found["الجمعة"] == "2015-08-07"


def test_a_plan_of_the_past_is_in_the_past() -> None:
    # "وكان من المفترض": was supposed to; the Thursday is the last one, not the coming one.
    found = dates("وكان من المفترض أن يصدر القضاء، الخميس، حكمه بحق المتهمين الخمسة قبل أن يرجئه.")
    assert found["الخميس"] == "2015-07-30"


def test_a_plan_is_still_to_come_without_kana() -> None:
    assert dates("ومن المقرر أن يصل المبعوث الخميس إلى صنعاء.")["الخميس"] == "2015-08-06"


def test_these_two_are_not_monday() -> None:
    assert dates("والدراما أكبر من أن تختزل داخل إطار هذين الاثنين.") == {}


def test_an_announced_season_is_the_one_not_over_yet() -> None:
    found = dates("وتنوي الحكومة تقديم مشروع القانون إلى البرلمان في الخريف.")
    assert found == {"الخريف": ("2015-09-01", "2015-11-30")}


@pytest.mark.parametrize("text", [
    "ويزداد الطلب على أجهزة التكييف في الصيف.",  # habitual, no future
    "وتعارض الأندية تغيير موعد البطولة التي تقام عادة في الصيف.",  # a future word, but it recurs
    "وقال إن الربيع العربي لم يحقق أهدافه.",
])
def test_a_season_alone_otherwise_is_no_date(text: str) -> None:
    assert dates(text) == {}


def test_a_hijri_month_that_recurs_is_no_date() -> None:
    # Was the whole of this year's Ramadan (now its first third would be as wrong): it is every year's.
    assert dates("وأوضح التاجر أن حجوزات مناسبات العيد تتم غالبا في بداية شهر رمضان.") == {}

"""Dates round 6 (issue 19): constructions read wrong on unseen news (a second study set of 15 political
articles annotated apart, and a read of 3,000 corpus articles). The sentences are our own. Every article here
is dated Tuesday 4 August 2015 (testdata.run_dates)."""

from __future__ import annotations

from datetime import date

import pytest
from testdata import found_dates, run_dates


def dates(text: str) -> dict[str, object]:
    return found_dates(run_dates(text))


# ---------------------------------------------------------------- a year named from the one before it


def test_a_month_of_the_same_year_takes_the_year_told_before() -> None:
    # "في سبتمبر من السنة نفسها": September 1991, not this September.
    found = dates("وفي عام 1991 تولى الجنرال الحكم في الإقليم، وفاز بانتخابات جرت في سبتمبر من السنة نفسها.")
    assert found == {"عام 1991": "1991", "سبتمبر من السنة نفسها": "1991-09"}


def test_a_day_of_the_same_year() -> None:
    found = dates("ووقع البلدان الاتفاقية عام 2005، وفي 12 مارس من العام نفسه صادق عليها البرلمان.")
    assert found["12 مارس من العام نفسه"] == "2005-03-12"


def test_a_season_of_the_following_year() -> None:
    # "شتاء العام التالي": the winter after 2012, not the coming one (التالي is not المقبل here).
    found = dates("وأجريت الانتخابات البرلمانية في صيف 2012 ثم حل البرلمان في شتاء العام التالي.")
    assert found["شتاء العام التالي"] == ("2012-12-01", "2013-02-28")


@pytest.mark.parametrize("text, said, year", [
    ("وفاز الحزب بالأغلبية في انتخابات 2011، وفي العام التالي حل البرلمان.", "العام التالي", "2012"),
    ("وضرب زلزال عنيف الإقليم عام 1999، وفي ذات العام اجتاحت الفيضانات قراه.", "ذات العام", "1999"),
    ("وتراجعت أرباح الشركة العام الماضي، وفي نفس العام استقال مديرها التنفيذي.", "نفس العام", "2014"),
])
def test_a_year_alone_named_from_the_one_before(text: str, said: str, year: str) -> None:
    assert dates(text)[said] == year


@pytest.mark.parametrize("text", [
    "وحل البرلمان في العام التالي بعد أزمة طويلة.",  # no year told before it: no date (not 2016)
    "وزار الوزير القاهرة في يونيو من العام التالي.",
    "وفي العام نفسه الذي سقط فيه النظام هاجر آلاف الشباب.",  # the year of an event, not of a date
])
def test_a_year_named_from_nothing_is_no_date(text: str) -> None:
    assert dates(text) == {}


def test_a_year_far_before_is_not_the_antecedent() -> None:
    # The year told five sentences and 700 characters back is too far to be the one meant.
    filler = "وتواصلت الاجتماعات بين الوفود دون أن تحقق أي تقدم يذكر في الملفات العالقة بين الجانبين. " * 8
    found = dates("وتأسست الهيئة عام 1990. " + filler + "وفي العام التالي أعيدت هيكلتها.")
    assert "العام التالي" not in found


def test_next_year_from_the_anchor_is_still_the_anchors() -> None:
    # "من العام المقبل" keeps counting from the publication year.
    assert dates("وتبدأ المرحلة الثانية في يونيو من العام المقبل.")["يونيو من العام المقبل"] == "2016-06"


# ---------------------------------------------------------------- "بعد" + a count: from now only when announced


@pytest.mark.parametrize("text", [
    "وتتوثق العلاقات بين البلدين يوما بعد يوم.",
    "ويوماً بعد يوم يزداد عدد النازحين إلى المخيمات.",
    "وتتراجع صادرات البلاد عاما بعد عام.",
])
def test_day_after_day_is_no_date(text: str) -> None:
    assert dates(text) == {}


@pytest.mark.parametrize("text", [
    "واضطر رئيس الاتحاد إلى الاستقالة بعد 4 أيام بسبب فضائح الرشوة.",
    "وعندما أوقف الأطباء العلاج بعد ستة أسابيع عاد الفيروس إلى الظهور.",
    "لكن الهدنة انهارت بعد أسبوعين فقط من إعلانها.",
    "ويأتي القرار بعد يوم واحد من دعوة المعارضة إلى الحوار.",
    "وانضم المتهم إلى التنظيم قبل يوم واحد من الهجوم.",
])
def test_a_count_after_an_event_told_of_is_no_date(text: str) -> None:
    # A past verb (or a count from an event, "واحد من …"): days after that event, not after the anchor.
    assert dates(text) == {}


@pytest.mark.parametrize("text, said, value", [
    ("ويعود وزير الخارجية بعد أسبوع إلى الرياض.", "بعد أسبوع", "2015-08-11"),
    ("وقال المتحدث إن الوفد يعود بعد أسبوع.", "بعد أسبوع", "2015-08-11"),
    ("وتنتهي المهلة الممنوحة للأطراف بعد شهرين.", "بعد شهرين", "2015-10"),
    ("وستجري الانتخابات التشريعية بعد 90 يوما.", "بعد 90 يوما", "2015-11-02"),
])
def test_a_count_announced_is_from_the_anchor(text: str, said: str, value: str) -> None:
    assert dates(text)[said] == value


# ---------------------------------------------------------------- names that look like dates


@pytest.mark.parametrize("text", [
    "وهل يعزز اللقاء التقارب بين فريقي 8 و14 آذار بشأن الأزمة الحكومية؟",  # Lebanese blocs
    "ونشر البحث في دورية وقائع مايو كلينيك الطبية.",  # the Mayo Clinic
    "وبات الخام مهددا بفقدان مستويات الأربعينات للمرة الأولى منذ أشهر.",  # dollars, not the 1940s
])
def test_names_and_levels_are_no_dates(text: str) -> None:
    assert dates(text) == {}


def test_a_decade_of_a_century_stays() -> None:
    found = dates("وتعود العلاقات بين البلدين إلى الأربعينات من القرن الماضي.")
    assert found == {"الأربعينات من القرن الماضي": ("1940-01-01", "1949-12-31")}


def test_may_alone_stays_a_month() -> None:
    assert dates("ونشرت الدراسة في مايو الماضي.") == {"مايو الماضي": "2015-05"}


# ---------------------------------------------------------------- a year-less date told as past


@pytest.mark.parametrize("text, said, value", [
    # Nearest would be this December / November / next January, months ahead; the verb tells of the past.
    ("وأعلنت واشنطن وهافانا في 17 ديسمبر عزمهما على تطبيع العلاقات بينهما.", "17 ديسمبر", "2014-12-17"),
    ("وكانت مواجهات مماثلة قد اندلعت في نوفمبر وأغلقت على إثرها السلطات المسجد.", "نوفمبر", "2014-11"),
    ("وفي يناير (كانون الثاني) أعلنت السلطات أن الركاب جميعا قضوا في الحادث.", "يناير (كانون الثاني)", "2015-01"),
])
def test_a_yearless_date_told_as_past_is_the_last_one(text: str, said: str, value: str) -> None:
    assert dates(text)[said] == value


@pytest.mark.parametrize("text, said, value", [
    ("وتستضيف العاصمة المؤتمر الوزاري في 17 ديسمبر.", "17 ديسمبر", "2015-12-17"),  # a present verb announces
    ("وقال المسؤول إنه سيتم وضع اللمسات الأخيرة على نص الاتفاق خلال المؤتمر الوزاري لمنظمة التجارة في نيروبي "
     "في ديسمبر.", "ديسمبر", "2015-12"),  # a future marker 13 words back
    ("وحدد الاتحاد الثاني والعشرين من ديسمبر موعدا لانطلاق البطولة.", "الثاني والعشرين من ديسمبر", "2015-12-22"),
    ("وارتفعت عقود الخام تسليم ديسمبر 30 سنتا في التعاملات الآجلة.", "ديسمبر", "2015-12"),  # a futures contract
    ("وأعلنت الحكومة في 20 سبتمبر عزمها خفض الدعم.", "20 سبتمبر", "2015-09-20"),  # 47 days ahead: nearest stands
])
def test_a_yearless_date_announced_or_near_stays_ahead(text: str, said: str, value: str) -> None:
    assert dates(text)[said] == value


def test_an_ordinal_day_in_the_nominative() -> None:
    # "هو الثاني والعشرون من شهر ديسمبر": the day, not the month alone.
    found = dates("وقال المصدر إن الموعد المحدد لافتتاح البطولة هو الثاني والعشرون من شهر ديسمبر.")
    assert found == {"الثاني والعشرون من شهر ديسمبر": "2015-12-22"}


# ---------------------------------------------------------------- Monday or the two, Friday the institution


@pytest.mark.parametrize("text", [
    "وقال إن الفارق بين الاثنين هو ما تسميه الهيئة الجودة.",
    "وحذر الوزير من تحريض بعض خطباء منابر الجمعة على العنف.",
])
def test_not_a_weekday(text: str) -> None:
    assert dates(text) == {}


def test_between_monday_and_thursday_stays_weekdays() -> None:
    found = dates("وتتواصل الاجتماعات بين الاثنين والأربعاء المقبلين في جنيف.")
    assert found == {"الاثنين والأربعاء المقبلين": ["2015-08-10", "2015-08-12"]}


def test_a_visit_invited_for_a_month_is_to_come() -> None:
    # "دعوة … لزيارة باريس في نوفمبر": a verbal noun of purpose; the coming November.
    text = "وتلقى الرئيس خلال الزيارة دعوة من نظيره الفرنسي لزيارة باريس في نوفمبر."
    assert dates(text)["نوفمبر"] == "2015-11"


def test_a_bracketed_weekday_keeps_its_direction() -> None:
    # "يوم (السبت) المقبل": the coming Saturday, not the last one read from "السبت" alone.
    found = dates("وقررت المحكمة تأجيل نظر القضية إلى جلسة يوم (السبت) المقبل.")
    assert found == {"يوم (السبت) المقبل": "2015-08-08"}


@pytest.mark.parametrize("text", [
    "ويجيز القانون الجديد للمتاجر فتح أبوابها أيام الأحد.",  # every Sunday
    "وقرر المجلس تعيين عبدالرحمن بن سعيد بن محمد الجمعة سفيرا لدى المغرب.",  # a family name
])
def test_sundays_and_family_names_are_no_weekdays(text: str) -> None:
    assert dates(text) == {}


def test_a_year_glued_to_its_preposition() -> None:
    # "منذ1961": the space lost in the page; still the year.
    assert dates("واستعادت البعثة وضع السفارة لأول مرة منذ1961.") == {"1961": "1961"}


# ---------------------------------------------------------------- a weekday that contradicts the anchor


@pytest.mark.parametrize("text, said, value", [
    # The page is dated Tuesday 4 August; its text was written earlier (a page kept online, a late edition):
    # the writing day is on or before the day after the anchor, so the last Thursday, not the coming one.
    ("وأحرز المهاجم هدفا رائعا في مرمى الفريق الضيف أمس الخميس في مباراة الكأس.", "أمس الخميس", "2015-07-30"),
    ("وعقد مجلس الوزراء جلسته بعد ظهر اليوم الخميس في قصر اليمامة.", "ظهر اليوم الخميس", "2015-07-30"),
    ("وأعلنت اللجنة أن يوم غد الجمعة هو أول أيام العيد.", "يوم غد الجمعة", "2015-07-31"),
    # A day before or after the anchor stays the nearest one.
    ("وقال الوزير اليوم الاثنين إن المحادثات مستمرة.", "اليوم الاثنين", "2015-08-03"),
    ("وأعلن المتحدث اليوم الأربعاء أن الوفد وصل.", "اليوم الأربعاء", "2015-08-05"),
])
def test_a_day_word_is_not_written_after_the_page(text: str, said: str, value: str) -> None:
    assert dates(text)[said] == value


# ---------------------------------------------------------------- day words in the speaker's own words


@pytest.mark.parametrize("text, said, value", [
    ("وكان الوزير قال الأحد الماضي: «سنعقد الاجتماع غدا مع الوفد».", "غدا", "2015-08-03"),
    ("وقال المتحدث الخميس: «وصلنا أمس إلى جنيف».", "أمس", "2015-07-29"),
    ("وقال الوزير أمس: «سنلتقي اليوم بالوفد».", "اليوم", "2015-08-03"),
])
def test_a_day_word_quoted_counts_from_the_day_it_was_said(text: str, said: str, value: str) -> None:
    assert dates(text)[said] == value


@pytest.mark.parametrize("text, said, value", [
    ("وكان الوزير قال أمس إن الاجتماع سيعقد غدا في جدة.", "غدا", "2015-08-05"),  # reported: the reporter's
    ("وقال الجيش الأحد إن طائراته قصفت \"نقاطا لوجستية\" وأدانت قيادة الإقليم أمس القصف.", "أمس", "2015-08-03"),
])
def test_a_day_word_outside_the_quote_is_the_reporters(text: str, said: str, value: str) -> None:
    assert dates(text)[said] == value


@pytest.mark.parametrize("text, said, value", [
    # A future marker in the clause: the next March / 26 February, not the one months back.
    ("وستجرى الانتخابات الرئاسية في مارس.", "مارس", "2016-03"),
    ("ومن المقرر أن تعقد الجمعية العمومية في 26 فبراير لانتخاب رئيس جديد.", "26 فبراير", "2016-02-26"),
    # A plan of the past, or a marker in another clause, leaves the nearest.
    ("وكان من المقرر أن تعقد الجلسة في مارس.", "مارس", "2015-03"),
    ("وليس معروفا إلى أي ميناء سيتم نقل الناجين، ففي حادث أبريل نقلت الجثث إلى مالطا.", "أبريل", "2015-04"),
])
def test_a_yearless_date_announced_is_the_next_one(text: str, said: str, value: str) -> None:
    assert dates(text)[said] == value


# ---------------------------------------------------------------- a month named from the one before it


@pytest.mark.parametrize("text, said, value", [
    ("واعتقلت الشرطة المتهم في مايو 2013، وأفرج عنه في 20 من الشهر نفسه.", "20 من الشهر نفسه", "2013-05-20"),
    ("وهبط الذهب في 20 يوليو إلى أدنى مستوياته ثم تعافى في 24 من نفس الشهر.", "24 من نفس الشهر", "2015-07-24"),
    ("وأعيد انتخاب رئيس الاتحاد في مايو الماضي، ثم استقال في الثاني من الشهر التالي.", "الثاني من الشهر التالي",
     "2015-06-02"),
    # "الشهر السابق" after a month named in its sentence: the month before that one (May), not July.
    ("وشنت قوات الحلف في يونيو 106 غارات، في زيادة ملفتة عن الشهر السابق.", "الشهر السابق", "2015-05"),
    # "نفس الشهر من العام الماضي": July of the year named after it.
    ("وتراجع عدد العاطلين في يوليو مقارنة بنفس الشهر من العام الماضي.", "نفس الشهر", "2014-07"),
])
def test_a_month_named_from_the_one_before(text: str, said: str, value: str) -> None:
    assert dates(text)[said] == value


def test_the_previous_month_alone_is_the_anchors_last() -> None:
    assert dates("وتراجعت المبيعات بنسبة 5% مقارنة بالشهر السابق.")["الشهر السابق"] == ("2015-07-01", "2015-07-31")


def test_the_previous_year_stays_the_anchors_last() -> None:
    # In company results the comparison is with the year before the report's, whatever years come before it.
    found = dates("ويتوقع أن يبدأ التشغيل في النصف الأول من العام 2016، وتراجعت المبيعات عن الربع المماثل من "
                  "العام السابق.")
    assert found["العام السابق"] == ("2014-01-01", "2014-12-31")


def test_a_month_of_another_paragraph_is_not_the_antecedent() -> None:
    from marsad.dates.stage import DatesStage
    from marsad.model import Document, Published, Span
    from marsad.stages.segment import SegmentStage

    first = "وسيتم انتخاب رئيس جديد للاتحاد في 26 فبراير 2016."
    second = "ويذكر أنه أعيد انتخابه في 29 من الشهر ذاته لولاية خامسة."
    body = first + "\n" + second
    doc = Document(body=body, paragraphs=[Span(0, len(first), first), Span(len(first) + 1, len(body), second)],
                   published=Published("2015-08-04", "metadata", 1.0))
    doc = DatesStage(today=lambda: date(2026, 11, 28), tenure=lambda text, kb: [])(SegmentStage()(doc))
    assert [d.text for d in doc.dates] == ["26 فبراير 2016"]

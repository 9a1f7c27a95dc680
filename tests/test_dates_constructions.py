"""Date constructions of real news that the first rules missed or misread (issue 19): seasons, halves of a
year, decades and centuries, years named from the anchor's, Hijri months with a direction and feasts, spans
("خلال الشهرين الماضيين"), counts of years ago, bare years, named days, and what is no date.
Sentences composed by the team."""

from __future__ import annotations

from datetime import date

import pytest

from marsad.dates.stage import DatesStage
from marsad.model import Document, Published, Span
from marsad.stages.segment import SegmentStage

THU = "2015-08-13"  # a Thursday, after Ramadan 1436 (18 June – 16 July 2015)
SUN = "2015-08-02"


def run(text: str, published: str) -> Document:
    doc = Document(body=text, paragraphs=[Span(0, len(text), text)], published=Published(published, "user", 1.0))
    stage = DatesStage(today=lambda: date(2026, 11, 28), tenure=lambda text, kb: [])
    return stage(SegmentStage()(doc))


# (anchor, sentence, span, expected: a value, a list of values or an interval tuple)
CASES = [
    # seasons: with a direction or a year only
    (THU, "وكانت الحكومة قد وعدت بالإصلاحات الصيف الماضي.", "الصيف الماضي", ("2014-06-01", "2014-08-31")),
    (THU, "ومن المنتظر أن تجري الانتخابات الخريف المقبل.", "الخريف المقبل", ("2015-09-01", "2015-11-30")),
    (THU, "وزار الوفد القاهرة في صيف العام الماضي.", "صيف العام الماضي", ("2014-06-01", "2014-08-31")),
    (THU, "وبدأت المواجهات في الإقليم منذ خريف 2012.", "خريف 2012", ("2012-09-01", "2012-11-30")),
    (THU, "وتراجعت الأمطار هذا الشتاء.", "هذا الشتاء", ("2014-12-01", "2015-02-28")),
    # halves and quarters of a year
    (THU, "وارتفعت الصادرات خلال النصف الأول من العام الجاري.", "النصف الأول من العام الجاري",
     ("2015-01-01", "2015-06-30")),
    (THU, "وتراجعت الأرباح في الربع الأخير من العام الماضي.", "الربع الأخير من العام الماضي",
     ("2014-10-01", "2014-12-31")),
    (THU, "وسجلت الشركة خسائر في الربع الثالث من 2014.", "الربع الثالث من 2014", ("2014-07-01", "2014-09-30")),
    # decades and centuries
    (THU, "وكانت المدينة مركزا للتجارة في الستينيات.", "الستينيات", ("1960-01-01", "1969-12-31")),
    (THU, "وبدأ النزاع في ثمانينيات القرن الماضي.", "ثمانينيات القرن الماضي", ("1980-01-01", "1989-12-31")),
    (THU, "ويعود المبنى إلى القرن التاسع عشر.", "القرن التاسع عشر", ("1800-01-01", "1899-12-31")),
    (THU, "وتغيرت الخريطة السياسية في أواخر القرن العشرين.", "أواخر القرن العشرين", ("1970-01-01", "1999-12-31")),
    # a month or a day in a year named from the anchor's
    (THU, "وكان الجيش قد استعاد المدينة في 31 مارس من العام الماضي.", "31 مارس من العام الماضي", "2014-03-31"),
    (THU, "وتوقفت المفاوضات في سبتمبر من العام الماضي.", "سبتمبر من العام الماضي", "2014-09"),
    (THU, "وتنتهي المهلة في أكتوبر من هذا العام.", "أكتوبر من هذا العام", "2015-10"),
    # a week of a month
    (THU, "وتبدأ الدراسة في الأسبوع الأول من سبتمبر.", "الأسبوع الأول من سبتمبر", ("2015-09-01", "2015-09-07")),
    (THU, "وتجري الانتخابات في الأسبوع الأخير من أكتوبر المقبل.", "الأسبوع الأخير من أكتوبر المقبل",
     ("2015-10-25", "2015-10-31")),
    # a day of this month written without the month
    (THU, "ويزور الوزير طهران في 29 الحالي.", "29 الحالي", "2015-08-29"),
    (THU, "وتبدأ الدورة في الخامس من الجاري.", "الخامس من الجاري", "2015-08-05"),
    # Hijri months with a direction, and the feasts
    (THU, "وتضاعف عدد المعتمرين في رمضان الماضي.", "رمضان الماضي", ("2015-06-18", "2015-07-16")),
    (THU, "وتعلن النتائج قبل شهر رمضان المقبل.", "شهر رمضان المقبل", ("2016-06-06", "2016-07-05")),
    (SUN, "ويتوقع أن تجري الانتخابات بعد عيد الأضحى.", "عيد الأضحى", "2015-09-24"),  # as sighted (the table: 23rd)
    (THU, "وزار الأمير المرضى في عيد الفطر المبارك.", "عيد الفطر المبارك", "2015-07-17"),
    # spans up to the anchor or from it
    (THU, "وأجرى المبعوث خلال الشهرين الماضيين لقاءات مع الأطراف.", "خلال الشهرين الماضيين",
     ("2015-06-13", "2015-08-13")),
    (THU, "وقتل العشرات في الأيام الثلاثة الأخيرة.", "في الأيام الثلاثة الأخيرة", ("2015-08-10", "2015-08-13")),
    (THU, "وتعتزم الشركة ضخ استثمارات خلال السنوات الخمس المقبلة.", "خلال السنوات الخمس المقبلة",
     ("2015-08-13", "2020-08-13")),
    # a count ago
    (THU, "ووقعت الحادثة قبل نحو أربعة أشهر.", "قبل نحو أربعة أشهر", "2015-04"),
    (THU, "وكان قد غادر البلاد قبل 20 عاما.", "قبل 20 عاما", "1995"),
    (THU, "وتأسست الجمعية قبل عقدين.", "قبل عقدين", "1995"),
    (THU, "وغادر منصبه منذ أكثر من عامين.", "منذ أكثر من عامين", "2013"),
    # a year after "خلال" is the year, not "within a year"
    (THU, "وتضاعف الإنتاج خلال عام 2003.", "عام 2003", "2003"),
    # bare and coordinated years
    (THU, "وحكم الحزب البلاد عامي 2002 و2003.", "عامي 2002 و2003", ["2002", "2003"]),
    (THU, "وأخرج المخرج فيلمه الأول «الطريق» (1995).", "1995", "1995"),
    (THU, "ولعب للنادي الأهلي (2008-2010) ثم اعتزل.", "2008-2010", ("2008-01-01", "2010-12-31")),
    (THU, "وارتفعت الأسعار في الفترة 2003-2005 بشدة.", "2003-2005", ("2003-01-01", "2005-12-31")),
    (THU, "وفاز الفريق باللقب في عامي 2013 و2014 و2015.", "عامي 2013 و2014 و2015", ["2013", "2014", "2015"]),
    (THU, "وتعهد المانحون بما التزموا به في مؤتمر القاهرة 2014.", "2014", "2014"),
    (THU, "وتوترت العلاقات بين البلدين أواخر 2014، بعد الاتهامات.", "أواخر 2014", ("2014-10-01", "2014-12-31")),
    # nights and named days
    (SUN, "وأصدر الرئيس الليلة قبل الماضية قرارا بالتعديلات.", "الليلة قبل الماضية", "2015-07-31"),
    (SUN, "وقصفت الطائرات المواقع الليلة الماضية.", "الليلة الماضية", "2015-08-01"),
    (THU, "وتغيرت السياسة الأمريكية بعد أحداث 11 سبتمبر.", "11 سبتمبر", "2001-09-11"),
    (THU, "وشارك الشباب في ثورة 25 يناير.", "25 يناير", "2011-01-25"),
    # the end of a week: Thursday to Saturday
    (SUN, "وكان الوفد قد وصل إلى الرياض نهاية الأسبوع الماضي.", "نهاية الأسبوع الماضي", ("2015-07-30", "2015-08-01")),
    # two weekdays, one direction; a Hijri date in figures
    (THU, "ويعقد الاجتماع يومي السبت والأحد المقبلين.", "يومي السبت والأحد المقبلين", ["2015-08-15", "2015-08-16"]),
    (THU, "وجرت المحادثات الثلاثاء والأربعاء في فيينا.", "الثلاثاء والأربعاء", ["2015-08-11", "2015-08-12"]),
    (THU, "وجرت الجولة يومي الخميس والجمعة من الأسبوع.", "يومي الخميس والجمعة", ["2015-08-06", "2015-08-07"]),
    (THU, "وصدر القرار بتاريخ 7/10/1436هـ.", "7/10/1436هـ", "2015-07-23"),
    (THU, "وصدر القرار في 1436/10/7 هـ.", "1436/10/7 هـ", "2015-07-23"),
    # "on this day" of another year
    (THU, "وفي مثل هذا اليوم من عام 1990 اجتاحت القوات العراقية الكويت.", "مثل هذا اليوم من عام 1990", "1990-08-13"),
    # a weekday in parentheses after the day word (the Asharq Al-Awsat style)
    (SUN, "واستقبل الأمير المهنئين مساء أمس (السبت) في قصره.", "مساء أمس (السبت)", "2015-08-01"),
]


@pytest.mark.parametrize(("anchor", "sentence", "text", "expected"), CASES,
                         ids=[f"{i}-{c[2]}" for i, c in enumerate(CASES)])
def test_construction(anchor: str, sentence: str, text: str, expected) -> None:
    doc = run(sentence, anchor)
    assert [d.text for d in doc.dates] == [text], [(d.text, d.rule) for d in doc.dates]
    mention = doc.dates[0]
    assert doc.body[mention.start:mention.end] == mention.text
    if isinstance(expected, list):
        assert mention.values == expected
    elif isinstance(expected, tuple):
        assert mention.interval == list(expected), mention.rule
    else:
        assert mention.value == expected, mention.rule


@pytest.mark.parametrize("sentence", [
    "وشكل الربيع العربي نقطة تحول في المنطقة.",  # a season without a direction or a year
    "وتبدأ الدراسة في النصف الأول من العام الدراسي.",  # the school year, not the calendar one
    "وارتفع عدد المصابين إلى 2014.",  # a count
    "وكان المتهم في الثلاثينيات من عمره.",  # an age, not a decade
    "ويحتفل العالم في هذا اليوم باليوم العالمي للمرأة.",  # "this day" of a world day: no date of its own
    "ووصل آخر 2000 جندي إلى القاعدة.",
    "وعلمت (اليوم) أن الحفل سيشهد مفاجآت.",  # اليوم, the Dammam daily, in parentheses: a name
    "وتنشر «اليوم» الحلقة الثانية من التحقيق.",
    "وأكد مجلس الأمن في القرار 2216 ضرورة الانسحاب.",  # a resolution number, out of the years of bare years
])
def test_not_dates(sentence: str) -> None:
    assert [d.text for d in run(sentence, THU).dates] == []


def test_named_event_day_not_in_the_vocabulary_has_no_value() -> None:
    # Not this year's 7 July: the day of some event whose year the text does not give.
    doc = run("واستذكر المشاركون ضحايا تفجيرات 7 مارس.", THU)
    [mention] = doc.dates
    assert mention.text == "7 مارس" and mention.value is None and not mention.certain


def test_weekday_that_contradicts_the_anchor_wins_and_is_uncertain() -> None:
    # The anchor is a Thursday, so "أمس" is a Wednesday; the text says Tuesday: the Tuesday is meant.
    [mention] = run("وعقد المجلس جلسته أمس الثلاثاء.", THU).dates
    assert mention.value == "2015-08-11" and not mention.certain and "disagrees" in mention.rule


def test_today_in_words_said_yesterday_is_yesterday() -> None:
    doc = run("وقال الوزير أمس إن الاتفاق الذي وقعه الطرفان اليوم يفتح صفحة جديدة.", THU)
    assert {d.text: d.value for d in doc.dates} == {"أمس": "2015-08-12", "اليوم": "2015-08-12"}
    doc = run("وقال الوزير أمس: «نحن اليوم أمام مرحلة جديدة».", THU)
    assert {d.text: d.value for d in doc.dates} == {"أمس": "2015-08-12", "اليوم": "2015-08-12"}


@pytest.mark.parametrize("sentence", [
    "وقال الوزير أمس إن الاجتماع سيعقد اليوم في جدة.",  # announced: the reporter's today
    "ووصل الوفد أمس إلى الرياض، وتبدأ المحادثات اليوم.",  # no quote between them
    "وقال الوزير أمس إن الجولة انتهت. ويعقد المجلس جلسته اليوم.",  # another sentence
])
def test_today_stays_the_publication_day(sentence: str) -> None:
    doc = run(sentence, THU)
    assert {d.text: d.value for d in doc.dates}["اليوم"] == THU


def test_the_same_day_and_the_next_are_counted_from_the_day_named_before() -> None:
    doc = run("ورست السفينة في الميناء يوم الاثنين 10 أغسطس. وفي اليوم نفسه وصلت شحنة أدوية، "
              "وفي اليوم التالي بدأ توزيعها.", THU)
    values = {d.text: d.value for d in doc.dates}
    assert values == {"يوم الاثنين 10 أغسطس": "2015-08-10", "اليوم نفسه": "2015-08-10", "اليوم التالي": "2015-08-11"}
    assert not doc.dates[1].certain


def test_the_same_day_with_nothing_named_before_is_no_date() -> None:
    doc = run("وفي اليوم نفسه وصلت شحنة أدوية، وأعلن الوزير أمس انتهاء الأزمة.", THU)
    assert [(d.id, d.text) for d in doc.dates] == [("d1", "أمس")]
    # A relative clause names the day itself: "the same day on which the attack took place".
    doc = run("وأعلن الوزير أمس أن هجمات وقعت في دول أخرى في نفس اليوم الذي جرى فيه هجوم سوسة.", THU)
    assert [d.text for d in doc.dates] == ["أمس"]

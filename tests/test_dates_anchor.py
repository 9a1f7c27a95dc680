"""Inferring the publication date from the text, today's date and role tenures (constructed here)."""

from __future__ import annotations

from datetime import date

import pytest

from marsad.dates.anchor import infer_anchor
from marsad.dates.recognize import find_expressions
from marsad.kb.tenure import TenureConstraint

TODAY = date(2026, 11, 28)
# Composed: a Thursday report that names tomorrow with its date, yesterday with its weekday, and an
# old agreement with its year. 14 August is a Friday in 2015, 2020 and 2026.
REPORT = ("وقال المتحدث الخميس إن الوزير سيلتقي المبعوث غدا الجمعة 14 أغسطس/آب، بعد أن بحث أمس الأربعاء "
          "تطبيق اتفاق 30 يونيو/حزيران عام 2012 مع الوفد.")


def infer(text: str, constraints=(), today: date = TODAY):
    return infer_anchor(find_expressions(text), list(constraints), today)


def test_weekday_and_date_pairs_leave_several_years() -> None:
    pub = infer(REPORT)
    assert pub.method == "inferred"
    assert pub.date == "2026-08-13"  # the latest, with low confidence
    assert pub.candidates == ["2020-08-13", "2015-08-13"]
    assert pub.confidence < 0.5
    assert any("2012" in reason for reason in pub.evidence)


def test_tenure_narrows_to_one_year() -> None:
    tenure = TenureConstraint("2015-01-04", "2016-03-12", "coalition president 2015-01-04..2016-03-12", "Q1")
    pub = infer(REPORT, [tenure])
    assert (pub.date, pub.method, pub.candidates) == ("2015-08-13", "inferred", [])
    assert 0.8 <= pub.confidence < 1.0
    assert any("coalition president" in reason for reason in pub.evidence)


def test_open_ended_tenure_prefers_the_years_it_allows() -> None:
    tenure = TenureConstraint("2019-06-01", None, "minister since 2019")
    pub = infer(REPORT, [tenure])
    assert pub.date == "2026-08-13" and pub.candidates == ["2020-08-13"]


def test_conflicting_tenure_is_ignored_and_said() -> None:
    tenure = TenureConstraint("2001-01-01", "2003-01-01", "an old office")
    pub = infer(REPORT, [tenure])
    assert pub.date == "2026-08-13"
    assert any("ignored" in reason for reason in pub.evidence)


def test_today_bounds_from_above() -> None:
    pub = infer(REPORT, today=date(2021, 1, 1))
    assert pub.date == "2020-08-13" and pub.candidates == ["2015-08-13"]


def test_explicit_past_year_bounds_from_below() -> None:
    # Without "2012" the search would reach back to 2009 too (14 August 2009 was a Friday).
    text = "وقال الوزير إنه سيلتقي المبعوث غدا الجمعة 14 أغسطس، وكان قد زار الرياض عام 2016."
    pub = infer(text)
    assert pub.date == "2026-08-13" and pub.candidates == ["2020-08-13"]


def test_future_year_is_not_a_lower_bound() -> None:
    text = "ويلتقي الوزير المبعوث غدا الجمعة 14 أغسطس، ومن المقرر أن تجري الانتخابات عام 2030."
    pub = infer(text, today=date(2016, 1, 1))
    assert pub.date == "2015-08-13"


def test_yesterday_with_weekday_fixes_the_anchor_weekday() -> None:
    # "غدا 3 مارس" gives one anchor per year; "أمس الأحد" keeps only years where 2 March is a Monday.
    text = "وقال المتحدث إن الاجتماع يعقد غدا 3 مارس، بعد لقاء أمس الأحد، وبعد اتفاق عام 2018."
    pub = infer(text)
    years = [pub.date] + pub.candidates
    assert all(date.fromisoformat(d).weekday() == 0 for d in years)  # all Mondays
    assert all(d.endswith("-03-02") for d in years)
    assert "2020-03-02" in years and "2026-03-02" in years


def test_links_with_a_written_year_are_exact() -> None:
    pub = infer("وأعلن الجيش اليوم الخميس 13 أغسطس 2015 انتهاء العملية.")
    assert (pub.date, pub.candidates, pub.confidence) == ("2015-08-13", [], 0.9)


def test_inconsistent_clues_give_no_date() -> None:
    # Tomorrow Friday 14 August and yesterday Monday cannot both hold.
    pub = infer("ويعقد الاجتماع غدا الجمعة 14 أغسطس بعد مشاورات أمس الإثنين.")
    assert pub.date is None and pub.method == "none"
    assert any("no date agrees" in reason for reason in pub.evidence)


def test_no_clue_at_all() -> None:
    pub = infer("وقال الوزير إن المحادثات كانت مثمرة وإن الطرفين متفقان.")
    assert (pub.date, pub.method, pub.confidence, pub.candidates) == (None, "none", 0.0, [])


def test_weekday_alone_is_not_enough() -> None:
    pub = infer("وقال المتحدث أمس الأربعاء إن الجولة انتهت.")
    assert pub.date is None and pub.method == "none"


@pytest.mark.parametrize(("text", "expected"), [
    ("ويزور الرئيس باريس بعد غد السبت 15 أغسطس 2015.", "2015-08-13"),
    ("وقال الناطق أمس الأربعاء 12 أغسطس 2015 إن الهدنة صامدة.", "2015-08-13"),
    ("وتنطلق القمة غدا الأحد 3 يناير 2016.", "2016-01-02"),
])
def test_day_word_with_full_date(text: str, expected: str) -> None:
    assert infer(text).date == expected


def test_date_named_with_weekday_but_no_day_word_is_approximate() -> None:
    pub = infer("ويستقبل الأمين العام الوفد الجمعة 14 أغسطس بعد مشاورات بدأت عام 2014.")
    assert pub.date == "2026-08-14"
    assert pub.candidates == ["2020-08-14", "2015-08-14"]
    assert pub.confidence <= 0.3


# ---- a crawl time as the hint: an upper bound that the text's day words settle -------------------------

def from_crawl(text: str, crawled: str, url: str | None = None):
    from marsad.dates.anchor import anchor_from_crawl

    return anchor_from_crawl(find_expressions(text), date.fromisoformat(crawled), url)


def test_crawl_day_stands_when_no_day_word_names_the_publication_day() -> None:
    pub = from_crawl("وقال الوزير أمس إن الجولة انتهت.", "2015-08-08")
    assert (pub.date, pub.method) == ("2015-08-08", "crawled") and pub.confidence < 0.9


def test_today_with_its_weekday_moves_the_day_back_before_the_crawl() -> None:
    # Crawled on Tuesday 4 August: "اليوم الاثنين" was written on Monday the 3rd.
    pub = from_crawl("اجتمع وزراء الخارجية اليوم الاثنين في الدوحة.", "2015-08-04")
    assert (pub.date, pub.method) == ("2015-08-03", "crawled") and pub.confidence >= 0.9
    assert any("Monday" in reason for reason in pub.evidence)


def test_yesterday_with_its_weekday_in_parentheses() -> None:
    # "أمس (الأحد)": published on a Monday; the Monday on or before a Wednesday crawl is two days back.
    pub = from_crawl("واستقبل الأمير المهنئين مساء أمس (الأحد) في قصره.", "2015-08-05")
    assert pub.date == "2015-08-03"


def test_weekday_agreeing_with_the_crawl_day_keeps_it() -> None:
    pub = from_crawl("ويصل الوفد غدا الجمعة إلى جدة.", "2015-08-06")  # a Thursday
    assert pub.date == "2015-08-06" and pub.confidence >= 0.9


def test_day_word_with_a_date_fixes_the_day() -> None:
    pub = from_crawl("وتبدأ الجولة غدا الجمعة 7 أغسطس في جنيف.", "2015-08-09")
    assert pub.date == "2015-08-06"


def test_a_future_weekday_says_nothing_of_the_publication_day() -> None:
    pub = from_crawl("ومن المقرر أن يصل الوفد الأحد.", "2015-08-06")
    assert pub.date == "2015-08-06"


def test_date_in_the_address_wins_over_the_crawl() -> None:
    pub = from_crawl("وقال الوزير أمس إن الجولة انتهت.", "2015-08-06",
                     "http://www.example.com/new/Issues/20150805/Con20150805784687.htm")
    assert (pub.date, pub.method) == ("2015-08-05", "metadata")
    assert from_crawl("نص.", "2015-08-06", "http://www.example.com/2015/08/04/article_97.html").date == "2015-08-04"
    # A number in the address that is no date, and a date after the crawl, are not used.
    assert from_crawl("نص.", "2015-08-06", "http://example.com/article/20151399").date == "2015-08-06"
    assert from_crawl("نص.", "2015-08-06", "http://example.com/2015/08/09/x.html").date == "2015-08-06"


def test_most_day_words_win_over_a_quoted_one_of_another_day() -> None:
    # Crawled on Wednesday 5 August: two day words say Tuesday, a statement quoted from Monday says Monday.
    pub = from_crawl("وقال الوزير أمس الاثنين إن الوفد وصل. وأكد البيان الصادر اليوم الاثنين أن المحادثات "
                     "بدأت، فيما يصل المبعوث غدا الأربعاء.", "2015-08-05")
    assert pub.date == "2015-08-04" and pub.confidence < 0.9
    assert any("disagree" in reason for reason in pub.evidence)

"""Date constructions of round 3 (issue 19): days that name a place or a unit ("قصر 22 مايو"), years coordinated
after the nominative dual ("عاما 2002 و2003"). Sentences composed by the team."""

from __future__ import annotations

from testdata import found_dates, run_dates

TUE = "2015-08-04"  # a Tuesday


run = run_dates
found = found_dates


def test_a_day_in_the_name_of_a_place_or_unit_is_no_date() -> None:
    doc = run("واستعادت القوات قصر 22 مايو الرئاسي، فيما تظاهر آلاف في ميدان 25 يناير "
              "وانتشر لواء 17 فبراير في المدينة أمس.")
    assert found(doc) == {"أمس": "2015-08-03"}


def test_a_day_after_an_event_noun_stays_a_date() -> None:
    doc = run("ومنذ أحداث 11 سبتمبر تغيرت السياسة، ووقع الاتفاق في 22 مايو الماضي.")
    assert found(doc) == {"11 سبتمبر": "2001-09-11", "22 مايو الماضي": "2015-05-22"}


def test_years_coordinated_after_the_nominative_dual() -> None:
    doc = run("وشهد عاما 2002 و2003 توترا بين البلدين، كما شهد عامي 2010 و2011 احتجاجات.")
    assert found(doc) == {"عاما 2002 و2003": ["2002", "2003"], "عامي 2010 و2011": ["2010", "2011"]}


# ---------------------------------------------------------------- the publication day from a crawl time


def test_a_crawl_in_the_small_hours_is_of_the_day_before() -> None:
    doc = run("وقال الوزير إن المفاوضات ستستأنف قريبا.", "2015-08-06 01:40:43", "crawled")
    assert doc.published.date == "2015-08-05"
    assert doc.published.method == "crawled"


def test_a_crawl_later_in_the_day_or_without_its_hour_is_that_day() -> None:
    assert run("وقال الوزير إن المفاوضات ستستأنف قريبا.", "2015-08-06 08:49:30", "crawled").published.date \
        == "2015-08-06"
    assert run("وقال الوزير إن المفاوضات ستستأنف قريبا.", "2015-08-06", "crawled").published.date == "2015-08-06"


def test_the_texts_own_day_wins_over_the_hour_of_the_crawl() -> None:
    # Thursday 6 August 2015 at 01:40 UTC (04:40 in Riyadh): a page that says it is Thursday is of that day
    doc = run("أعلنت الوزارة اليوم (الخميس) عن خطة جديدة.", "2015-08-06 01:40:43", "crawled")
    assert doc.published.date == "2015-08-06"
    doc = run("أعلنت الوزارة اليوم (الأربعاء) عن خطة جديدة.", "2015-08-06 01:40:43", "crawled")
    assert doc.published.date == "2015-08-05"


def test_a_month_named_twice_keeps_its_modifier() -> None:
    doc = run("وأغلق الحقل في أكتوبر تشرين الأول الماضي، ثم أغلق حقل آخر في 11 من مايو أيار الماضي.")
    assert found(doc) == {"أكتوبر تشرين الأول الماضي": "2014-10", "11 من مايو أيار الماضي": "2015-05-11"}

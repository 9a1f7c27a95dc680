"""Round 7 of the dates stage: a name read as the future prefix س, and a weekday after a verb in the present.

The default anchor of run_dates is Tuesday 2015-08-04."""
from __future__ import annotations

from testdata import found_dates, run_dates


def test_name_opening_with_sin_is_no_future_marker() -> None:
    # "ستافان" is a name, not س + an imperfect: the Thursday of an arrival told in the past is the last one.
    doc = run_dates("وصل المبعوث الأممي ستافان دي ميستورا الخميس إلى دمشق حيث التقى وزير الخارجية السوري.")
    assert found_dates(doc) == {"الخميس": "2015-07-30"}


def test_place_opening_with_sin_is_no_future_marker() -> None:
    doc = run_dates("ووصل رئيس الوزراء التركي إلى ستوكهولم الخميس في زيارة رسمية.")
    assert found_dates(doc) == {"الخميس": "2015-07-30"}


def test_real_future_verbs_keep_the_coming_day() -> None:
    assert found_dates(run_dates("وسيزور وزير الخارجية العاصمة الروسية الخميس.")) == {"الخميس": "2015-08-06"}
    # a dual ending: the imperfect "يلتقي" is still found under "سيلتقيان"
    assert found_dates(run_dates("وسيلتقيان الخميس في جنيف لبحث الملف النووي.")) == {"الخميس": "2015-08-06"}


def test_weekday_after_present_verb_in_a_reported_clause_is_coming() -> None:
    doc = run_dates("وأوضح المتحدث أن الوزير يلتقي نظيره الفرنسي يوم الاثنين في باريس.")
    assert found_dates(doc) == {"يوم الاثنين": "2015-08-10"}


def test_weekday_of_reporting_or_past_stays_past() -> None:
    assert found_dates(run_dates("ويقول مسؤولون الأحد إن الهدنة ما زالت صامدة.")) == {"الأحد": "2015-08-02"}
    # a past verb between the present and the weekday: told as past
    doc = run_dates("ويرى مراقبون أن المحادثات التي انتهت الأحد لم تحقق تقدما.")
    assert found_dates(doc) == {"الأحد": "2015-08-02"}
    doc = run_dates("وأكد الناطق أن المسلحين الذين يتبعون التنظيم هاجموا يوم الجمعة نقطة تفتيش.")
    assert found_dates(doc) == {"يوم الجمعة": "2015-07-31"}


def test_subjunctive_after_an_keeps_the_governing_verbs_time() -> None:
    # the call was made earlier ("في وقت سابق"): the subjunctive "يكون" is no announcement; published on Saturday
    doc = run_dates("ودعا الأسرى في وقت سابق إلى أن يكون يوم الجمعة يوم تضامن معهم.", "2015-08-08")
    assert found_dates(doc) == {"يوم الجمعة": "2015-08-07"}


def test_announced_visit_in_the_present_after_a_statement() -> None:
    # published on Wednesday: the Tuesday of a visit announced in the present is next week's
    doc = run_dates("وأعلنت الخارجية الروسية أن وزير الخارجية السعودي يزور موسكو الثلاثاء لبحث الأزمة.", "2015-08-05")
    assert found_dates(doc) == {"الثلاثاء": "2015-08-11"}

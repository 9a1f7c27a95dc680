"""Date constructions of round 4 (issue 19 item 7): the constructions a public Arabic TimeML news corpus showed
missing or wrong, and those left on the political dev set. Sentences composed by the team; the anchor is
Tuesday 4 August 2015 unless a test says otherwise."""

from __future__ import annotations

from testdata import found_dates, run_dates

TUE = "2015-08-04"  # a Tuesday


run = run_dates
found = found_dates


# ---------------------------------------------------------------- what the TimeML corpus missed (already read)


def test_decades_and_centuries() -> None:
    doc = run("وشهدت المنطقة في الستينيات موجة انقلابات، ثم اندلعت الحرب في ثمانينيات القرن الماضي، "
              "وكانت البلاد مستعمرة في القرن التاسع عشر.")
    assert found(doc) == {"الستينيات": ("1960-01-01", "1969-12-31"),
                          "ثمانينيات القرن الماضي": ("1980-01-01", "1989-12-31"),
                          "القرن التاسع عشر": ("1800-01-01", "1899-12-31")}


def test_bare_years_in_parentheses_spans_and_coordination() -> None:
    doc = run("وأصدر الكاتب روايته الأولى (2009)، وانتهت الحرب العالمية الثانية (1939 - 1945) بهزيمة ألمانيا، "
              "وشهد عامي 2002 و2003 توترا.")
    assert found(doc) == {"2009": "2009", "1939 - 1945": ("1939-01-01", "1945-12-31"),
                          "عامي 2002 و2003": ["2002", "2003"]}


def test_seasons_halves_and_years_ago() -> None:
    doc = run("وزار الوزير المدينة صيف 2014، وارتفعت الصادرات في النصف الأول من العام، وقد تأسس الحزب قبل 30 عاما.")
    assert found(doc) == {"صيف 2014": ("2014-06-01", "2014-08-31"),
                          "النصف الأول من العام": ("2015-01-01", "2015-06-30"), "قبل 30 عاما": "1985"}


def test_what_the_timeml_corpus_read_wrong() -> None:
    doc = run("وتراجع الإنتاج خلال عام 2003، وأعلن ذلك في 31 مارس من العام الماضي، وقصفت الطائرات المدينة "
              "الليلة الماضية، وأحيا الأمريكيون ذكرى أحداث 11 سبتمبر.")
    assert found(doc) == {"عام 2003": "2003", "31 مارس من العام الماضي": "2014-03-31",
                          "الليلة الماضية": "2015-08-03", "11 سبتمبر": "2001-09-11"}


def test_a_duration_and_a_world_day_are_no_dates() -> None:
    doc = run("وسيصل الوفد خلال أسبوع، ويحتفل العالم في هذا اليوم من كل عام باليوم العالمي للاجئين.")
    assert found(doc) == {}


# ---------------------------------------------------------------- months that are also words


def test_march_and_august_after_a_preposition_of_time() -> None:
    doc = run("ووقع الاتفاق في مارس، وستنتهي المرحلة الأولى بحلول آب، ومنذ مارس والقتال مستمر.")
    assert found(doc) == {"مارس": "2015-03", "آب": "2015-08"}
    assert [d.text for d in doc.dates] == ["مارس", "آب", "مارس"]


def test_march_with_its_direction() -> None:
    doc = run("وقتل 200 شخص منذ مارس الماضي، وسيعقد المؤتمر مارس المقبل.")
    assert found(doc) == {"مارس الماضي": "2015-03", "مارس المقبل": "2016-03"}


def test_the_verb_the_father_and_the_city_are_no_months() -> None:
    # "مارس" practised, "منذ مارس مهامه" since he took up his duties, "باب" a section, "إب" a Yemeni city
    doc = run("وكان الرئيس قد مارس الضغط على الحكومة منذ مارس مهامه، وفي باب الرأي مقال، "
              "وقصف طيران التحالف معسكرا في إب وسط اليمن أمس.")
    assert found(doc) == {"أمس": "2015-08-03"}


# ---------------------------------------------------------------- named days, weeks of a month, Hijri


def test_a_named_day_after_a_clitic() -> None:
    doc = run("ووقع الهجوم في الذكرى الثانية لثورة 30 يونيو، بعد عام من ذكرى لثورة 23 يوليو.")
    assert found(doc)["30 يونيو"] == "2013-06-30"
    assert found(doc)["23 يوليو"] == "1952-07-23"


def test_a_week_of_a_month_named_from_the_anchor() -> None:
    doc = run("وسيعقد الاجتماع في الأسبوع الأول من الشهر المقبل، بعد جولة في الأسبوع الأخير من الشهر الماضي.")
    assert found(doc) == {"الأسبوع الأول من الشهر المقبل": ("2015-09-01", "2015-09-07"),
                          "الأسبوع الأخير من الشهر الماضي": ("2015-07-25", "2015-07-31")}


def test_a_hijri_month_of_a_gregorian_year() -> None:
    doc = run("وزار الوزير مكة في رمضان من العام الماضي، وعاد إليها في رمضان هذا العام، وعرض المسلسل في "
              "شهر رمضان 2013.")
    assert found(doc) == {"رمضان من العام الماضي": ("2014-06-28", "2014-07-27"),
                          "رمضان هذا العام": ("2015-06-18", "2015-07-16"),
                          "شهر رمضان 2013": ("2013-07-09", "2013-08-07")}


def test_a_hijri_year_alone_needs_its_marker() -> None:
    doc = run("وصدر النظام عام 1436هـ، وتأسست الجمعية في 1424 هـ، وبلغ عدد الحجاج 1436 حاجا، "
              "وأقرت ميزانية العام المالي 1436/1437هـ.")
    assert found(doc) == {"عام 1436هـ": ("2014-10-25", "2015-10-13"), "1424 هـ": ("2003-03-04", "2004-02-20")}


def test_a_hijri_date_written_with_dashes() -> None:
    doc = run("وصدر المرسوم الملكي بتاريخ 9-9-1429هـ، وعقدت المقابلات يوم الأحد 10-10-1436هـ.")
    assert found(doc) == {"9-9-1429هـ": "2008-09-09", "يوم الأحد 10-10-1436هـ": "2015-07-26"}


def test_a_season_or_school_year_written_with_a_slash() -> None:
    doc = run("وتوج الفريق بطلا في موسم 2013/2014، وبلغ عدد المصابين 2014/2020 حالة.")
    assert found(doc) == {"2013/2014": ("2013-01-01", "2014-12-31")}


# ---------------------------------------------------------------- today in words quoted from another day


def test_today_in_a_quote_dated_by_a_weekday_or_a_date() -> None:
    doc = run("وقال الوزير يوم الأحد: «نحن نبحث اليوم ملف اللاجئين». وأكد المتحدث في 1 أغسطس أن "
              "الحكومة تعقد اليوم اجتماعا طارئا.")
    assert [(d.text, d.value) for d in doc.dates] == [("يوم الأحد", "2015-08-02"), ("اليوم", "2015-08-02"),
                                                       ("1 أغسطس", "2015-08-01"), ("اليوم", "2015-08-01")]


def test_today_stays_the_reporters_in_an_announcement_or_a_new_sentence() -> None:
    doc = run("وقال الوزير يوم الأحد إن الاجتماع سيعقد اليوم. ويبحث المجلس اليوم الملف. "
              "ووصل الوزير الأحد بعد أن أعلن اليوم موافقته.")
    assert [(d.text, d.value) for d in doc.dates] == [("يوم الأحد", "2015-08-02"), ("اليوم", "2015-08-04"),
                                                       ("اليوم", "2015-08-04"), ("الأحد", "2015-08-02"),
                                                       ("اليوم", "2015-08-04")]


def test_a_weekday_that_contradicts_the_given_day_moves_today() -> None:
    # the metadata says Tuesday; the text says yesterday was Sunday: it was written on Monday
    doc = run("وقال الوزير أمس الأحد إن المحادثات مستمرة. ويلتقي الوزير اليوم نظيره.")
    assert found(doc) == {"أمس الأحد": "2015-08-02", "اليوم": "2015-08-03"}


def test_a_bare_year_after_an_event_noun() -> None:
    doc = run("وحل الحزب ثانيا في انتخابات 2012 التشريعية، وستقلص الحكومة نفقاتها في موازنة 2016 بواقع 2 في "
              "المائة، ومنذ ثورة 2011 تغيرت البلاد، وفاز بالانتخابات 2009 أيضا.")
    assert found(doc) == {"2012": "2012", "2016": "2016", "2011": "2011", "2009": "2009"}


def test_a_number_after_another_noun_is_no_year() -> None:
    doc = run("وبلغ سعر الذهب 1900 دولار للأونصة، ونشرت الوزارة 2000 جندي في المنطقة، وتضم القاعة 2015 مقعدا.")
    assert found(doc) == {}


# ---------------------------------------------------------------- a weekday and its date without a year


def test_a_weekday_with_its_date_in_parentheses_or_a_relative_clause() -> None:
    # told on Tuesday 4 August: Monday 20 July, not the Monday before the article
    doc = run("وكان الهجوم قد وقع يوم الاثنين (20 يوليو) في المدينة، وتجدد يوم الاثنين الذي وافق 27 يوليو، "
              "ويبدأ العام الدراسي يوم الأحد الموافق 8 ذي القعدة.")
    assert found(doc) == {"يوم الاثنين (20 يوليو)": "2015-07-20", "يوم الاثنين الذي وافق 27 يوليو": "2015-07-27",
                          "يوم الأحد الموافق 8 ذي القعدة": "2015-08-23"}


def test_a_weekday_and_a_yearless_date_that_disagree_stay_apart() -> None:
    doc = run("وكان الهجوم قد وقع يوم الاثنين (21 يوليو) في المدينة.")
    assert [d.text for d in doc.dates] == ["يوم الاثنين", "21 يوليو"]  # 21 July 2015 was a Tuesday
    assert doc.dates[1].value == "2015-07-21"

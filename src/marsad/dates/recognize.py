"""Finding date expressions: spans of the body and what they say, before any anchor is known.

`find_expressions(body, ranges)` returns `DateExpr` records: the span (into the body, clitics such as
"بـ"/"و" left out) and the parsed fields (day, month, year, weekday, offset in days, period…).
Resolution against the anchor is a separate step (`resolve.py`), so the same expressions also feed the
inference of the anchor itself (`anchor.py`).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field

from .. import config
from ..text.normalize import DIACRITICS, TATWEEL, NormalizedText, norm, normalize_ranges
from .lexicon import LETTER, Lexicon, compile_patterns, load_lexicon

# How many words before an expression are searched for a future marker ("سيزور ... الأحد").
FUTURE_LOOKBACK_WORDS = 8
# How many words before a year-less date a future marker or a present verb is looked for, to tell a date
# announced from one told as past (DateExpr.reported): the clause's verb is often further than 8 words.
REPORTED_LOOKBACK_WORDS = 16
_SENTENCE_END_CHARS = ".!?؟؛\n"  # where a clause ends (for the future-marker look-back)
_SPACES = re.compile(r"\s+")
_WORD_AT_END = re.compile(rf"[{LETTER}]+$")
_WORD = re.compile(rf"[{LETTER}]+")
_MARKS = DIACRITICS | {TATWEEL}
# After a decade word, an age: "في الثلاثينيات من عمره", "في العشرينات من العمر" (normalised text).
_AGE_AFTER = re.compile(r"\s+من\s+(?:ال)?(?:عمر|اعمار)")
# After a day or a month: "من كل عام", "كل سنة" (normalised text).
_EVERY_YEAR = re.compile(r"\s*(?:[،,]\s*)?(?:من\s+|في\s+)?كل\s+(?:ال)?(?:عام|سنه)(?![\u0621-\u064a])")


@dataclass
class DateExpr:
    """One date expression, parsed. Fields left None were not written."""

    start: int
    end: int
    text: str
    pattern: str  # which pattern found it
    day: int | None = None
    month: int | None = None
    year: int | None = None
    day2: int | None = None  # second day of a coordination or range
    month_shift: int | None = None  # "من الشهر الجاري/الماضي": the month relative to the anchor's
    month2: int | None = None  # month of the first day in a cross-month range ("من 28 يوليو إلى 2 أغسطس")
    year2: int | None = None
    range_kind: str | None = None  # "and" (values) | "range" (interval)
    weekday: int | None = None  # Monday = 0
    offset: int | None = None  # days from the anchor (أمس = -1)
    direction: int | None = None  # +1 next, -1 previous, 0 current (المقبل / الماضي / الجاري)
    period: str | None = None  # week | month | year
    part: str | None = None  # start | middle | end | until_end
    duration: tuple[str, int, int] | None = None  # (unit, count, sign) for "قبل يومين"; sign 0 = within
    day_shift: int = 0  # "عشية الجمعة": the evening before, so one day earlier
    calendar: str = "gregorian"
    hijri_month: int | None = None
    hijri_year: int | None = None
    month_conflict: bool = False  # a pair whose two names disagree ("أغسطس/أيلول")
    year_shift: int | None = None  # "مارس من العام الماضي": the year relative to the anchor's
    season: str | None = None  # spring | summer | autumn | winter
    fraction: tuple[int, int] | None = None  # "الربع الثالث": (4, 3); the last one is (n, -1)
    decade: int | None = None  # "الستينيات": 60
    century: int | None = None  # "القرن العشرين": 20; with a decade, the century it belongs to
    century_shift: int | None = None  # "القرن الماضي": -1
    span: tuple[str, int, int] | None = None  # "خلال الشهرين الماضيين": (month, 2, -1); +1 for the coming ones
    years: list[int] = field(default_factory=list)  # coordinated years ("عامي 2002 و2003")
    year_shifts: list[int] = field(default_factory=list)  # "للعامين الحالي والمقبل": [0, 1] from the anchor's
    weekdays: list[int] = field(default_factory=list)  # coordinated weekdays ("يومي السبت والأحد")
    anaphor: int | None = None  # "اليوم نفسه" 0, "اليوم التالي" +1: days from the date named just before
    year_anaphor: int | None = None  # "من السنة نفسها" 0, "العام التالي" +1: years from the year named before
    month_anaphor: int | None = None  # "من الشهر ذاته" 0, "الشهر التالي" +1: months from the month named before
    named: bool = False  # a day that names an event ("أحداث 11 سبتمبر") whose year the vocabulary does not know
    future: bool = False  # a future marker precedes it in the clause
    present: bool = False  # the sentence opens with a verb in the present ("ويلتقي كيري الاثنين …")
    reported: bool = False  # a year-less day or month with no future marker nor present verb before it in its clause
    announced: bool = False  # a year-less day or month after a future marker in its clause, no comma between
    notes: list[str] = field(default_factory=list)


def _int(value: str | None) -> int | None:
    return int(value) if value else None


def _day(lx: Lexicon, g: dict[str, str | None], name: str) -> int | None:
    if g.get(name):
        return int(g[name])  # type: ignore[arg-type]
    word = g.get(name + "o")
    return lx.ordinal_days[_key(word)] if word else None


def _month(lx: Lexicon, m: re.Match[str], name: str) -> tuple[int | None, bool]:
    """Month number of group `name` (and its pair `name`b); True when the pair disagrees."""
    first = m.group(name)
    if not first:
        return None, False
    number = lx.greg_months[_key(first)]
    second = m.groupdict().get(name + "b")
    return number, bool(second) and lx.greg_months[_key(second)] != number


def _key(text: str) -> str:
    return _SPACES.sub(" ", text).strip()


def _parse(lx: Lexicon, name: str, m: re.Match[str], nt: NormalizedText) -> DateExpr | None:
    g = m.groupdict()
    expr = DateExpr(0, 0, "", name)
    if name in ("numeric-dmy", "numeric-ymd"):
        expr.day, expr.month, expr.year = int(g["d"]), int(g["m"]), int(g["y"])
        if name == "numeric-dmy" and g["s"] == "." and not (1 <= expr.month <= 12):
            return None
    elif name == "day-phrase":
        if g.get("rel"):
            rel = _key(g["rel"])
            if rel == "اليوم" and not (g.get("wd1") or g.get("d") or g.get("do")) and (
                    _today_is_noun(lx, nt.text, m.end("rel")) or _is_title(nt.text, m.start("rel"), m.end("rel"))):
                return None
            expr.offset = lx.relative_days[rel]
            if expr.offset == -1 and _word_after(nt.text, m.end("rel")) in lx.words("yesterday_not_followed_by"):
                return None  # "بأمس الحاجة"
        if g.get("pod") and _key(g["pod"]) in lx.words("eve_words"):
            expr.day_shift = -1
        wd = g.get("wd1") or g.get("wd")
        if wd:
            expr.weekday = lx.weekdays[_key(wd)]
            if g.get("wd") and not (g.get("yawm") or g.get("pod") or g.get("wmod") or g.get("d") or g.get("do")) \
                    and _weekday_is_name(lx, nt.text, m.start("wd"), _key(wd)):
                return None
        if g.get("wmod"):
            expr.direction = lx.direction[_key(g["wmod"])]
        if g.get("d") or g.get("do"):
            expr.day = _day(lx, g, "d")
            if g.get("cman"):  # "في 29 من الشهر ذاته"
                expr.month_anaphor = lx.table("anaphoric_years")[_key(g["cman"])]
            elif g.get("cmanb"):  # "في 24 من نفس الشهر"
                expr.month_anaphor = lx.table("anaphoric_years_before")[_key(g["cmanb"])]
            elif g.get("cm"):
                expr.month_shift = lx.direction[_key(g["cmod"])]
            elif g.get("cw") or g.get("cthis") is not None:  # "في 29 الحالي", "السابع من هذا الشهر"
                expr.month_shift = 0
            expr.month, expr.month_conflict = _month(lx, m, "m")
            expr.year = _int(g.get("y"))
            expr.year_shift = _year_shift(lx, g)
            expr.year_anaphor = _year_anaphor(lx, g)
            if g.get("mmod"):
                expr.direction = lx.direction[_key(g["mmod"])]
            if expr.month is not None and not g.get("rel") and not (g.get("wd1") or g.get("wd")) \
                    and expr.year_anaphor is None:
                _named_day(lx, expr, nt.text, m.start())
        if expr.offset is None and expr.weekday is None and expr.day is None:
            return None
    elif name == "day-range":
        expr.day, expr.day2 = _day(lx, g, "d1"), _day(lx, g, "d2")
        expr.month, expr.month_conflict = _month(lx, m, "m")
        expr.month2 = _month(lx, m, "m1")[0]  # the first day's own month, when written
        expr.year = _int(g.get("y"))
        expr.year_shift = _year_shift(lx, g)
        expr.year_anaphor = _year_anaphor(lx, g)
        between = bool(g.get("from")) and g["from"] != "من"
        and_sep = _key(g["sep"]) == "و"
        if and_sep and g.get("from") == "من":
            return None  # "من 10 و12" is not a phrase
        expr.range_kind = "and" if and_sep and not between else "range"
        if g.get("mmod"):
            expr.direction = lx.direction[_key(g["mmod"])]
    elif name == "hijri":
        if g.get("part") or g.get("ten"):  # "أواخر رمضان", "العشر الأواخر من رمضان"
            if g.get("d") or g.get("do"):
                return None  # "أول 10 رمضان": not a phrase marsad reads
            if g.get("part") and _key(g["part"]) in lx.words("first_day_part"):
                expr.day = 1  # "أول رمضان": its first day
            else:
                expr.part = _part(lx, g.get("part") or g["ten"])
        if not (g.get("d") or g.get("do") or g.get("sh") or g.get("hy") or g.get("hmark") or g.get("hmod")
                or g.get("part") or g.get("ten")
                or g.get("gy") or g.get("gyrm") or g.get("gyt") is not None) and _key(g["hm"]) not in lx.hijri_standalone:
            return None
        expr.year, expr.year_shift = _int(g.get("gy")), _year_shift(lx, g, "gy")  # of a Gregorian year
        if g.get("hmod"):
            expr.direction = lx.direction[_key(g["hmod"])]
        expr.calendar = "hijri"
        expr.day = _day(lx, g, "d") or expr.day
        if g.get("wd"):
            expr.weekday = lx.weekdays[_key(g["wd"])]
        expr.hijri_month = lx.hijri_months[_key(g["hm"])]
        expr.hijri_year = _int(g.get("hy"))
        if not (expr.day or expr.hijri_year or expr.year or expr.year_shift is not None or expr.direction is not None) \
                and _habitual_before(lx, nt.text, m.start()):
            return None  # "تتم الحجوزات غالبا في بداية شهر رمضان": every year's, no date
    elif name == "month-year":
        expr.month, expr.month_conflict = _month(lx, m, "m")
        expr.year = _int(g.get("y"))
        expr.year_shift = _year_shift(lx, g)
        expr.year_anaphor = _year_anaphor(lx, g)
        standalone = _key(g["m"]) in lx.greg_standalone
        if _word_after(nt.text, m.end("m")) in lx.words("month_name_heads"):
            return None  # "مايو كلينيك": a name
        if expr.year_anaphor is not None:
            pass  # "سبتمبر من السنة نفسها": the month of the year named before
        elif not (expr.year or expr.year_shift is not None or g.get("mmod") or g.get("part") or g.get("wk")
                  or g.get("half")):
            _named_day(lx, expr, nt.text, m.start())  # "ثورة يوليو": the month of an event of its own year
        if not (expr.year or g.get("part") or g.get("sh") or g.get("wk") or g.get("half")) \
                and _word_before(nt.text, m.start()) in lx.words("month_name_particles"):
            return None  # "جاك دو مايو": a name
        if not (expr.year or expr.year_shift is not None or expr.year_anaphor is not None or g.get("sh")
                or g.get("mb") or g.get("part") or g.get("wk") or standalone or g.get("mmod")
                or _month_after_preposition(lx, nt, m)):
            return None
        if g.get("part") and _key(g["part"]) in lx.words("first_day_part"):
            expr.day = 1  # "أول ديسمبر": 1 December
        elif g.get("part"):
            expr.part = _part(lx, g["part"])
        elif g.get("wk"):  # "الأسبوع الأول من سبتمبر": week1; the last one: week-1
            expr.part = f"week{lx.table('fraction_ordinals')[_key(g['wk'])]}"
        elif g.get("half"):
            if (part := _half(lx, g["half"])) is None:
                return None
            expr.part = part
        if g.get("mmod"):
            expr.direction = lx.direction[_key(g["mmod"])]
    elif name == "year-range":
        expr.year, expr.year2, expr.range_kind = int(g["y1"]), int(g["y2"]), "range"
        if expr.year2 < expr.year:
            return None
    elif name in ("year", "year-after-preposition"):
        expr.year = int(g.get("y") or g["y2"])
        if g.get("part"):
            if g.get("bare") is not None and _key(g["part"]) in lx.words("parts_not_before_bare_year"):
                return None  # "آخر 2000 جندي": a count
            expr.part = _part(lx, g["part"])
    elif name == "period":
        expr.period = lx.periods[_key(g["unit"])]
        if not g.get("part") and not g.get("this") and _word_before(nt.text, m.start("unit")) in lx.words("general_nouns"):
            return None  # "الرئيس العام السابق": العام is "general"
        if _word_after(nt.text, m.end()) in lx.words("period_epithets_not_dates"):
            return None
        if expr.period == "year" and _word_after(nt.text, m.end()) in lx.words("year_not_calendar"):
            return None  # "بداية العام الدراسي": a school year, not the calendar's
        if g.get("pmod") and _key(g["pmod"]) in lx.words("period_after_narrated"):
            return None  # "في العام التالي": after the year the text tells of
        if g.get("pmod"):
            expr.direction = lx.direction[_key(g["pmod"])]
        elif g.get("this"):
            expr.direction = 0
        if g.get("part"):
            expr.part = _part(lx, g["part"])
        elif g.get("half"):
            if expr.period != "month" or (part := _half(lx, g["half"])) is None:
                return None  # "النصف الأول من العام": a year fraction (its own pattern)
            expr.part = part
        elif g.get("wk"):
            if expr.period != "month":
                return None  # "الأسبوع الأول من العام": not a part marsad resolves
            expr.part = f"week{lx.table('fraction_ordinals')[_key(g['wk'])]}"
        if expr.direction is None and expr.part is None:
            return None  # "الأسبوع" alone is not a date
        if expr.direction is None:
            expr.direction = 0  # "نهاية الأسبوع": this week's end
    elif name == "duration":
        unit, count = lx.units[_key(g["du"])]
        num = g.get("num")
        if num:
            count = int(num) if num.isdigit() else lx.number_words[_key(num)]
        if count is None:
            return None  # "منذ سنوات": no date
        end = m.end()
        after = _word_after(nt.text, end)
        while after in lx.words("duration_fillers"):  # "بعد أربعة أيام فقط من …", "بعد يوم واحد من …"
            end = nt.text.index(after, end) + len(after)
            after = _word_after(nt.text, end)
        if after in lx.words("duration_relative_to"):
            return None  # "قبل أربعة أيام من الافتتاح": counted from an event, not from the anchor
        word = _key(g["dir"])
        sign = -1 if word in lx.words("ago_words") else 0 if word in lx.words("within_words") else 1
        before = _word_before(nt.text, m.start())
        if sign > 0 and not num and (before in lx.words("duration_repeated_before")
                                     or before[:1] in "وف" and before[1:] in lx.words("duration_repeated_before")):
            return None  # "يوما بعد يوم", "عاما بعد عام": day after day, no date
        expr.duration = (unit, count, sign)
    elif name == "span":
        unit, count = lx.units[_key(g.get("du") or g["du2"])]
        num = g.get("num")
        if num:
            count = int(num) if num.isdigit() else lx.number_words[_key(num)]
        if count is None or count == 1 and not num:
            return None  # "الأيام الماضية" is vague; "الشهر الماضي" is the calendar month (the period pattern)
        expr.span = (unit, count, 1 if _key(g["sd"]) in lx.words("span_next") else -1)
    elif name in ("season", "season-of-year"):
        key = _key(g["sn"])
        expr.season = lx.seasons()[key]
        if name == "season":
            if g.get("smod"):
                expr.direction = lx.direction[_key(g["smod"])]
            elif g.get("this"):
                expr.direction = 0
            elif not (_word_before(nt.text, m.start()) in lx.words("season_after_words") and not g.get("c")
                      and _future_before(lx, nt.text, m.start()) and not _habitual_before(lx, nt.text, m.start())):
                return None  # "الربيع العربي", "فصل الصيف", "يزداد الطلب في الصيف": no date
            # else "وتنوي الحكومة تقديمه إلى البرلمان في الخريف": the season not over yet (direction None)
        else:
            expr.year, expr.year_shift = _int(g.get("y")), _year_shift(lx, g)
            expr.year_anaphor = _year_anaphor(lx, g)
    elif name == "year-fraction":
        if not g.get("y") and not g.get("yrm") and g.get("yt") is None and \
                _word_after(nt.text, m.end()) in lx.words("year_not_calendar"):
            return None  # "النصف الأول من العام الدراسي"
        expr.fraction = (lx.table("year_fractions")[_key(g["fr"])], lx.table("fraction_ordinals")[_key(g["fo"])])
        if expr.fraction[1] > expr.fraction[0]:
            return None
        expr.year = _int(g.get("y"))
        if expr.year is None:
            expr.year_shift = _year_shift(lx, g) or 0  # "من العام": this year
    elif name in ("decade", "century"):
        if name == "decade":
            if not g.get("dal") and not (g.get("co") or g.get("cm") or g.get("cn") or g.get("cn2")):
                return None  # "ستينيات" needs its century or the article
            expr.decade = lx.table("decades")[_key(g["dec"])]
            if not g.get("part") and _word_before(nt.text, m.start()) in lx.words("decade_not_after"):
                return None  # "مستويات الأربعينات": oil in the forties of dollars
            if not g.get("co") and _AGE_AFTER.match(nt.text, m.end()):
                return None  # "في الثلاثينيات من عمره": an age
        if g.get("co"):
            expr.century = lx.table("century_ordinals")[_key(g["co"])]
        elif g.get("cn") or g.get("cn2"):
            expr.century = int(g.get("cn") or g["cn2"])  # type: ignore[arg-type]
        elif g.get("cm"):
            expr.century_shift = lx.direction[_key(g["cm"])]
        if g.get("part"):
            expr.part = _part(lx, g["part"])
    elif name == "hijri-year":
        expr.calendar, expr.hijri_year = "hijri", int(g["hy"])
        from hijridate import Hijri  # here: a page without a Hijri year does not import it (~6 ms)

        try:
            Hijri(expr.hijri_year, 1, 1)
        except (ValueError, OverflowError):
            return None  # "سنة 1308هـ": before the Umm al-Qura table marsad converts with
    elif name == "feast":
        expr.calendar = "hijri"
        expr.hijri_month, expr.day = lx.table("hijri_feasts")[_key(g["feast"])]
        if g.get("fmod"):
            expr.direction = lx.direction[_key(g["fmod"])]
    elif name == "numeric-hijri":
        expr.calendar = "hijri"
        expr.day, expr.hijri_month = int(g.get("d") or g["d2"]), int(g.get("m") or g["m2"])  # type: ignore[arg-type]
        expr.hijri_year = int(g.get("hy") or g["hy2"])  # type: ignore[arg-type]
        if not (1 <= expr.hijri_month <= 12 and 1 <= expr.day <= 30):
            return None
    elif name == "weekdays-and":
        expr.weekdays = [lx.weekdays[_key(g["wa"])], lx.weekdays[_key(g["wb"])]]
        if expr.weekdays[0] == expr.weekdays[1]:
            return None
        if g.get("wmod"):
            expr.direction = lx.direction[_key(g["wmod"])]
    elif name == "this-day-of-year":
        expr.year, expr.month_shift = int(g["y"]), 0  # the day and month are the anchor's
    elif name == "anaphoric-day":
        expr.anaphor = (lx.table("anaphoric_days_before")[_key(g["ab"])] if g.get("ab")
                        else lx.table("anaphoric_days")[_key(g["aa"])])
    elif name == "anaphoric-year":
        shift = (lx.table("anaphoric_years_before")[_key(g["ab"])] if g.get("ab")
                 else lx.table("anaphoric_years")[_key(g["aa"])])
        if _key(g.get("ub") or g["ua"]) == "الشهر":
            expr.month_anaphor = shift  # "في الشهر نفسه", "الشهر التالي"
        else:
            expr.year_anaphor = shift
    elif name == "years-named-and":
        expr.year_shifts = [lx.direction[_key(g["ra"])], lx.direction[_key(g["rb"])]]
        if expr.year_shifts[0] >= expr.year_shifts[1]:
            return None
    elif name == "years-and":
        expr.years = [int(y) for y in (g["y1"], g["y2"], g.get("y3")) if y]
        if sorted(set(expr.years)) != expr.years:
            return None
    elif name == "year-span":
        expr.year, expr.year2, expr.range_kind = int(g["y1"]), int(g["y2"]), "range"
        if expr.year2 <= expr.year or g["ys"] == "/" and expr.year2 != expr.year + 1:
            return None
    elif name == "bare-year":
        if g.get("y"):
            if _word_before(nt.text, m.start()) in lx.words("bare_year_not_after"):
                return None  # "ارتفع العدد إلى 2014."
            expr.year = int(g["y"])
        elif g.get("yn"):
            noun = _word_before(nt.text, m.start())
            nouns = lx.words("bare_year_after_nouns")
            if noun not in nouns and noun[:1] in "وفبل":
                noun = noun[1:]  # "بانتخابات 2005", "والانتخابات"
            if noun.startswith("ال") and noun not in nouns:
                noun = noun[2:]
            if noun not in nouns:
                return None  # "بلغ 2000 جندي", "سعر 1900 دولار": a count
            expr.year = int(g["yn"])
        elif g.get("y2"):
            expr.year, expr.year2, expr.range_kind = int(g["y1"]), int(g["y2"]), "range"
            if expr.year2 < expr.year:
                return None
        else:
            expr.year = int(g["y1"])
    return expr


def _habitual_before(lx: Lexicon, text: str, pos: int) -> bool:
    """A word of recurrence ("عادة", "غالبا", "كل") among the few words before `pos` (normalised text)."""
    return bool(set(_WORD.findall(text[max(0, pos - 40):pos])) & set(lx.words("habitual_words")))


def _half(lx: Lexicon, ordinal: str) -> str | None:
    """"النصف الأول/الثاني/الأخير من الشهر": half1 / half2 (None for a third or a fourth half)."""
    n = lx.table("fraction_ordinals")[_key(ordinal)]
    return {1: "half1", 2: "half2", -1: "half2"}.get(n)


def _month_after_preposition(lx: Lexicon, nt: NormalizedText, m: re.Match[str]) -> bool:
    """"في مارس", "منذ مارس", "بحلول آب": a month name that is also a word ("مارس" practised, "آب" father) is the
    month after a preposition of time, unless a definite noun follows ("منذ مارس مهامه", "حتى مارس الضغط")."""
    if m.group("c"):
        return False  # "في باب": ب + "آب" is a word
    written = nt.original[slice(*nt.original_span(m.start("m"), m.end("m")))]
    if norm(written) in lx.words("months_as_written") and written.strip() not in lx.raw["months_as_written"]:
        return False  # "في إب": the Yemeni city, not "آب"
    text = nt.text
    before = _word_before(text, m.start())
    if before[:1] in "وف" and before[1:] in lx.words("month_after_words"):
        before = before[1:]
    if before not in lx.words("month_after_words"):
        return False
    after = _word_after(text, m.end())
    if after in ("الذي", "الذى"):
        return True  # "في مارس الذي شهد …"
    if before in lx.words("month_after_verb_words"):  # "منذ مارس مهامه": "since he took up his duties"
        return not after or after.startswith("و")
    return not after.startswith("ال")


def _year_shift(lx: Lexicon, g: dict[str, str | None], name: str = "y") -> int | None:
    """The year named from the anchor's in year_tail: "من العام الماضي" -1, "من هذا العام" 0."""
    if g.get(name + "rm"):
        return lx.direction[_key(g[name + "rm"])]  # type: ignore[index]
    return 0 if g.get(name + "t") is not None else None


def _year_anaphor(lx: Lexicon, g: dict[str, str | None], name: str = "y") -> int | None:
    """The year named from the one before it in year_tail: "من السنة نفسها" 0, "من العام التالي" +1."""
    if g.get(name + "an"):
        return lx.table("anaphoric_years")[_key(g[name + "an"])]  # type: ignore[arg-type]
    if g.get(name + "anb"):
        return lx.table("anaphoric_years_before")[_key(g[name + "anb"])]  # type: ignore[arg-type]
    return None


def _named_day(lx: Lexicon, expr: DateExpr, text: str, pos: int) -> None:
    """'أحداث 11 سبتمبر', 'ثورة 25 يناير': a year-less day after an event noun names that event's day."""
    noun = _word_before(text, pos)
    nouns = lx.words("named_day_nouns")
    if noun not in nouns and noun[:1] in "وفبلك" and noun[1:] in nouns:
        noun = noun[1:]  # "الذكرى الثانية لثورة 30 يونيو", "وهجمات 11 سبتمبر"
    if expr.year is not None or expr.year_shift is not None or noun not in nouns:
        return
    year = lx.named_days().get((expr.day, expr.month, noun))  # type: ignore[arg-type]
    if year is not None:
        expr.year = year
    else:
        expr.named = True


def _word_before(text: str, pos: int) -> str:
    """The word just before `pos`, across spaces and opening quotes only (not across other words' ends)."""
    head = text[max(0, pos - 30):pos].rstrip(" «\"“(")
    m = _WORD_AT_END.search(head)
    return m.group() if m else ""


def _word_after(text: str, pos: int) -> str:
    m = _WORD.search(text, pos, pos + 30)
    return m.group() if m and not text[pos:m.start()].strip() else ""


def _part(lx: Lexicon, text: str) -> str:
    key = _key(text)
    if key in lx.period_parts:
        return lx.period_parts[key]
    return "until_end"


@config.data_cache
def _first_names() -> frozenset[str]:
    """The first names the recogniser of names knows (normalised), read once."""
    text = config.data_path("ner/first_names.txt").read_text("utf-8")
    return frozenset(_key(norm(w)) for w in text.splitlines() if w.strip() and not w.startswith("#"))


def _weekday_is_name(lx: Lexicon, text: str, start: int, weekday: str) -> bool:
    """"يزيد الخميس", "عبد الأحد", "سوق الثلاثاء": a weekday word that is part of a name; "الاثنين معا": both."""
    before = _word_before(text, start)
    if before in lx.words("weekday_name_heads"):
        return True
    if weekday == "الاثنين" and before in lx.words("weekday_two_heads"):
        after = _word_after(text, start + len(weekday))
        return not (after[:1] == "و" and after[1:] in lx.weekdays)  # "هذين الاثنين": these two
    if _word_after(text, start + len(weekday)) in lx.words("weekday_not_followed_by"):
        return True
    if _word_before(text, start - len(before) - 1).removeprefix("و") in ("بن", "بنت", "ابن"):
        return True  # "عبدالرحمن بن سعيد بن محمد الجمعة": a family name after a chain of names
    return weekday in lx.words("weekday_surnames") and before in _first_names()


def _today_is_noun(lx: Lexicon, text: str, pos: int) -> bool:
    """'اليوم التالي', 'في ذلك اليوم': the day, not today; 'عالم اليوم', 'ما نراه اليوم': nowadays;
    '18 ساعة في اليوم': a rate; 'صحيفة اليوم', '– عين اليوم': a paper's name."""
    following = _WORD.match(text, pos + len(text[pos:]) - len(text[pos:].lstrip()))
    if following and following.group() in lx.today_not_followed_by:
        return True
    before = text[max(0, pos - 60):pos].split()
    if len(before) >= 2 and before[-2] in {"ذلك", "هذا", "نفس", "ذات", "تلك", "هذه"}:
        return True
    if len(before) < 2:
        return False
    prev = before[-2].lstrip("«\"“(")
    if prev[:1] in "وف" and prev[1:] in lx.words("today_nowadays_after"):
        prev = prev[1:]
    if prev in lx.words("today_nowadays_after") or prev in lx.words("today_paper_before"):
        return True
    if prev in lx.words("today_byline_before") and (
            len(before) >= 3 and before[-3] in "-–—" or text[pos:pos + 3].lstrip()[:1] in ("-", "–", "—")
            or len(text[:pos].split()) == 2):  # "– عين اليوم", "عين اليوم – الرياض", a line of its own
        return True
    if prev == "في":  # "18 ساعة في اليوم": a count or a counted noun within six words before
        counted = lx.words("today_rate_nouns")
        return any(w.isdigit() or w in lx.number_words or w in counted for w in before[-8:-2])
    return False


def _is_title(text: str, start: int, end: int) -> bool:
    """'(اليوم)', '«اليوم»': the name of a newspaper (اليوم of Dammam), not today."""
    return start > 0 and text[start - 1] in "(«\"“" and text[end:end + 1] in (")»\"”")


def _read_news_words() -> frozenset[str]:
    text = config.data_path("ner/clusters.tsv").read_text("utf-8")  # its words are normalised already
    return frozenset(line.split("\t", 1)[0] for line in text.splitlines() if line.strip())


@config.data_cache
def _news_words() -> frozenset[str]:
    """The 86,000 words of the news vocabulary (the words of ner/clusters.tsv), read once; kept in the user's
    cache (marsad.fastload) as the lexicon is: reading the table costs ~130 ms, unpickling the set far less."""
    from ..fastload import load_or_build

    return load_or_build("dates-news-words", ("data/ner/clusters.tsv",), _read_news_words)


@config.data_cache
def _verb_suffix(pattern: str) -> re.Pattern[str]:
    return re.compile(f"(?:{pattern})$")


def _imperfect_is_known(lx: Lexicon, stem: str) -> bool:
    """"سيزور" -> "يزور", "ستعقد" -> "تعقد"/"يعقد", "سيلتقيان" -> "يلتقي": the verb without its س is a word of
    the news. "ستافان", "ستوكهولم", "سيارتها", "سنتات" (names, places, nouns) have no such imperfect."""
    words = _news_words()
    imperfect = stem[1:]
    forms = [imperfect, "ي" + imperfect[1:]]
    m = _verb_suffix(lx.raw["future_verb_suffixes"]).search(imperfect)
    if m and m.start() >= 3:
        forms += [imperfect[:m.start()], "ي" + imperfect[1:m.start()]]
    return any(f in words for f in forms)


def _is_future_marker(lx: Lexicon, word: str) -> bool:
    stem = word[1:] if word[:1] in "وف" and len(word) > 3 else word
    if stem in lx.future_words or word in lx.future_words:
        return True
    return (len(stem) >= 5 and lx.future_prefix.match(stem) is not None and stem not in lx.future_exceptions
            and not stem.startswith("ال") and _imperfect_is_known(lx, stem))


def _future_before(lx: Lexicon, text: str, pos: int, stops: str = _SENTENCE_END_CHARS) -> bool:
    """A future marker in the clause before `pos` (the normalised text), within a few words."""
    # Just after the last sentence end before pos (0: none), found backwards instead of scanning from 0.
    cut = max([text.rfind(c, 0, pos) for c in stops]) + 1
    words = _WORD.findall(text[cut:pos])[-FUTURE_LOOKBACK_WORDS:]
    past_plan = lx.words("past_plan_words")

    def planned_before(i: int) -> bool:  # "وكان من المفترض": a plan of the past
        return any(w in past_plan for w in words[max(0, i - 3):i])

    for i in range(len(words) - 1, -1, -1):
        if words[i] in lx.clause_breaks:
            # "من المقرر أن يصل": the marker governs the clause that "أن" opens.
            return i > 0 and _is_future_marker(lx, words[i - 1]) and not planned_before(i - 1)
        if _is_future_marker(lx, words[i]):
            return not planned_before(i)
        if i + 1 < len(words) and words[i] in lx.words("maybe_words") and _present_verb(lx, words[i + 1]):
            return True  # "قد يصادق عليه الوزراء الجمعة": may, to come
    return False


def _present_verb(lx: Lexicon, word: str) -> bool:
    """A word that looks like a verb in the present ("يصادق", "تعقد"), not a noun such as "يوم"."""
    prefix = lx.raw.get("present_verb_prefix")
    return bool(prefix) and len(word) >= 4 and re.match(prefix, word) is not None \
        and word not in lx.words("present_not_future")


def _purpose_before(text: str, pos: int) -> bool:
    """A verbal noun of purpose among the three words before `pos`: "دعوة … لزيارة باريس في نوفمبر" (to come)."""
    cut = max([text.rfind(c, 0, pos) for c in _SENTENCE_END_CHARS]) + 1
    return any(w.startswith("ل") and len(w) >= 5 and not w.startswith("لل") or w.startswith("لل") and len(w) >= 7
               for w in _WORD.findall(text[cut:pos])[-3:])


_NOT_VERBS = frozenset({"يوم", "يوما", "يومي", "يومين", "يناير", "يونيو", "يونيه", "يوليو", "يوليه", "تموز", "تشرين"})


def _present_verb_before(lx: Lexicon, text: str, pos: int, reach: int = FUTURE_LOOKBACK_WORDS) -> bool:
    """A verb in the present in the clause before `pos` (within the future look-back): "ويعود الوزير بعد أسبوع",
    "وتنتهي المهلة بعد شهرين" announce; "اضطر إلى الاستقالة بعد 4 أيام", "تبخرت بعد أسبوعين" tell of the past.
    A feminine present ("تنتهي") counts, not a past with its ending ("تبخرت", "تحولوا")."""
    cut = max([text.rfind(c, 0, pos) for c in _SENTENCE_END_CHARS]) + 1
    for word in reversed(_WORD.findall(text[cut:pos])[-reach:]):
        if word in lx.clause_breaks:
            return False
        if _is_future_marker(lx, word) or word.removeprefix("ال") in lx.words("scheduled_after"):
            return True  # "سيتم …", "الموعد المحدد … هو"
        stem = word[1:] if word[:1] in "وف" and len(word) > 4 else word
        if len(stem) < 4 or stem in _NOT_VERBS:
            continue
        if stem[0] == "ي" or stem[0] == "ت" and not stem.endswith(("ت", "وا", "تا")):
            return True
    return False


_PRESENT_PREFIX: dict[str, re.Pattern[str]] = {}


def _present_opens(lx: Lexicon, text: str, pos: int) -> bool:
    """The sentence before `pos` opens with a verb in the present and no clause break or past cue follows it
    (within the future look-back): "ويلتقي وزير الخارجية نظيره الأحد"."""
    cut = max([text.rfind(c, 0, pos) for c in _SENTENCE_END_CHARS]) + 1
    words = _WORD.findall(text[cut:pos])
    if not words or len(words) > FUTURE_LOOKBACK_WORDS:
        return False
    prefix = _PRESENT_PREFIX.get(lx.raw["present_prefix"])
    if prefix is None:
        prefix = _PRESENT_PREFIX[lx.raw["present_prefix"]] = re.compile(lx.raw["present_prefix"])
    first = words[0]
    stem = first[1:] if first.startswith("و") else first
    if len(stem) < 4 or not prefix.match(first) or stem in lx.words("present_not_future"):
        return False
    return not any(w in lx.clause_breaks or w in ("قد", "كان", "كانت") for w in words[1:])


def _present_in_clause(lx: Lexicon, text: str, pos: int) -> bool:
    """A verb in the present (prefix ي) in the clause before `pos`, within the future look-back, with no past cue
    nor reporting verb between: "يزور الجبير موسكو الثلاثاء", "أعلنت الخارجية أن الوزير يلتقي نظيره يوم الاثنين"
    (announced acts, told in the present). Not "ويقول مسؤولون الأحد" (reporting), "وكان الوفد يزور … الأحد",
    "بعد أن التقى … الأحد", "أمس"; a clause break ("أن", "الذي") or a comma ends the look-back."""
    cut = max([text.rfind(c, 0, pos) for c in _SENTENCE_END_CHARS + "،,-–"]) + 1  # "- يوم الخميس": an aside
    words = _WORD.findall(text[cut:pos])[-FUTURE_LOOKBACK_WORDS:]
    prefix = lx.raw.get("present_verb_prefix")
    if not prefix:
        return False
    stops = lx.words("present_clause_stops")
    for i in range(len(words) - 1, -1, -1):
        word = words[i]
        stem = word[1:] if word[:1] == "و" and len(word) > 4 else word  # not ف: "فيديو", "فيسبوك"
        if (word in lx.clause_breaks or word in lx.words("past_link_words") or stem in lx.words("present_not_future")
                or stem in stops):
            return False
        if (4 <= len(stem) <= 5 and stem.endswith("ت") or 4 <= len(stem) <= 6 and stem.endswith("وا")) \
                and not stem.startswith(("ال", "ي", "ت")):
            return False  # a past verb of the clause between: "سجلت ليل السبت", "هاجموا يوم الجمعة"
        if len(stem) >= 4 and re.match(prefix, stem) and stem not in _NOT_VERBS:
            # Not a subjunctive right after "أن": its time is its governing verb's ("طالبوا في وقت سابق بأن يكون
            # يوم الجمعة يوم غضب": a Friday already past when the page was written).
            return not (i > 0 and words[i - 1] in lx.clause_breaks)
    return False


def _matches(items: Sequence[tuple[str, re.Pattern[str]]], text: str,
             starts: list[tuple[int, tuple[str | None, ...]]],
             group_of: Sequence[int] = ()) -> Iterator[tuple[str, re.Match[str]]]:
    """(name, match) for each pattern in turn and each match of pattern.finditer(text), trying only
    the positions in `starts` whose groups[i] is not None for the i-th pattern (a superset of where it may
    start: see Patterns.starts).

    finditer searches on from the end of each match; a search that reaches a position tries the same match
    as pattern.match(text, position) (lookbehinds see the text before it). An empty match (only day-phrase
    has them) ends where it began, and no longer match starts there: finditer goes on at the next position.
    """
    at: dict[int, list[int]] = {}  # group -> the starts where it matched, built once per group
    for i, (name, pattern) in enumerate(items):
        match = pattern.match
        pos = 0
        group = group_of[i] if group_of else i
        positions = at.get(group)
        if positions is None:
            positions = at[group] = [start for start, groups in starts if groups[group] is not None]
        for start in positions:
            if start >= pos:
                m = match(text, start)
                if m is not None:
                    yield name, m
                    pos = m.end()


def find_expressions(body: str, ranges: Iterable[tuple[int, int]] | None = None) -> list[DateExpr]:
    """Every date expression in body[start:end] for each range (default: the whole body), in order."""
    lx = load_lexicon()
    patterns = compile_patterns()
    out: list[DateExpr] = []
    ranges = list(ranges) if ranges is not None else [(0, len(body))]
    for (r_start, _r_end), nt in zip(ranges, normalize_ranges(body, ranges), strict=True):
        found: list[tuple[int, int, DateExpr]] = []
        blocked: list[tuple[int, int]] = []
        starts = patterns.candidates(nt.text)
        if not starts:
            continue
        for name, m in _matches(patterns.items, nt.text, starts, patterns.group_of):
            s = m.end("c") if m.groupdict().get("c") else m.start()
            e = m.end()
            while e > s and nt.text[e - 1] in " \t،,":
                e -= 1
            if e <= s:
                continue
            if _word_before(nt.text, s) in lx.words("group_nouns"):
                blocked.append((s, e))  # "فريق 8 آذار": no part of it is a date either
                continue
            expr = _parse(lx, name, m, nt)
            if expr is None:
                continue
            expr.future = _future_before(lx, nt.text, s)
            if expr.weekday is not None and expr.offset is None and expr.day is None and expr.direction is None:
                if _word_before(nt.text, s) in lx.words("weekday_this_before"):
                    expr.direction = 0  # "هذا الخميس": this week's
                elif _word_after(nt.text, e) in lx.words("weekday_coming_after"):
                    expr.future = True  # "خطبة الجمعة غدا"
            if expr.weekday is not None and not expr.future and expr.offset is None and expr.day is None:
                expr.present = _present_opens(lx, nt.text, s) or _present_in_clause(lx, nt.text, s)
            if (expr.month is not None and expr.year is None and expr.year_shift is None and expr.direction is None
                    and expr.year_anaphor is None and expr.calendar == "gregorian" and expr.future and not expr.named):
                expr.announced = _future_before(lx, nt.text, s, _SENTENCE_END_CHARS + "،,")  # "ستجرى … في مارس"
            if (expr.month is not None and expr.year is None and expr.year_shift is None and expr.direction is None
                    and expr.year_anaphor is None and expr.calendar == "gregorian" and not expr.future):
                # "وأعلنت … في 17 ديسمبر": the past one; not "عقود تسليم ديسمبر" (a futures contract)
                expr.reported = not (_present_verb_before(lx, nt.text, s, REPORTED_LOOKBACK_WORDS)
                                     or _word_before(nt.text, s) in lx.words("month_ahead_after")
                                     or _word_after(nt.text, e) in lx.words("scheduled_after")
                                     or _purpose_before(nt.text, s))
            if expr.duration is not None and expr.duration[2] > 0 and not expr.future and (
                    expr.duration[0] in ("year", "decade") or not _present_verb_before(lx, nt.text, s)):
                continue  # "التقت ابنتها بعد 70 عاما", "اضطر إلى الاستقالة بعد 4 أيام": after an event told of
            if expr.month is not None and expr.year is None and _EVERY_YEAR.match(nt.text, e):
                continue  # "في شهر نوفمبر من كل عام": recurs
            if (expr.month is not None and expr.year is None and expr.year_shift is None and expr.direction is None
                    and not expr.named and _word_before(nt.text, s) in lx.words("since_words")):
                expr.direction = -1  # "منذ يناير": the last January, not the coming one
            found.append((s, e, expr))
        # Longest first, then earliest; an expression that overlaps a chosen one is dropped.
        found.sort(key=lambda f: (-(f[1] - f[0]), f[0]))
        taken: list[tuple[int, int]] = list(blocked)
        for s, e, expr in found:
            if any(s < te and ts < e for ts, te in taken):
                continue
            taken.append((s, e))
            o_start, o_end = nt.original_span(s, e)
            while o_end < len(nt.original) and nt.original[o_end] in _MARKS:
                o_end += 1  # keep a trailing tatweel or diacritic ("هـ") that normalisation dropped
            expr.start, expr.end = r_start + o_start, r_start + o_end
            if expr.offset == -1 and body.startswith("امس", expr.start) and body[expr.start - 1:expr.start] == "ل":
                continue  # "لامس": the verb "touched", written with a bare alef; "لأمس" keeps its hamza
            expr.text = body[expr.start:expr.end]
            out.append(expr)
    out.sort(key=lambda x: x.start)
    return out

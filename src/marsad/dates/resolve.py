"""Resolving parsed date expressions against the anchor (the publication date) into ISO values."""

from __future__ import annotations

import calendar
from dataclasses import dataclass, replace
from datetime import date, timedelta

from ..model import DateMention
from .lexicon import load_lexicon
from .recognize import DateExpr

# A year-less "30 ديسمبر" is put in the year that brings it nearest the anchor; within this many days
# of the anchor the choice is safe, beyond it (half a year away) the year is a guess and says so.
SAFE_YEARLESS_DAYS = 150
# A page is written on or before the day it is dated (one day later at most: an edition dated the next
# morning, a time zone): a day word whose weekday disagrees with the anchor names a writing day no later.
WRITTEN_AFTER_ANCHOR_DAYS = 1
# ... but one told as past (announced: a future marker before it, "ستجرى الانتخابات في مارس", and the nearest
# year would put it this far back: the next one) (no future marker nor present verb before it: "وأعلنت واشنطن في 17 ديسمبر عزمها",
# "وكانت صدامات جرت في نوفمبر") that the nearest year would put more than this many days ahead is the last one.
REPORTED_AHEAD_DAYS = 90
# Parts of a period, as (first, last) day offsets inside it. Weeks (Sunday first) are split 2-2-3 days:
# "نهاية الأسبوع" runs from Thursday, the last working day, to Saturday (Gulf usage); months in
# thirds by the Arabic usage of "مطلع/منتصف/أواخر الشهر" (1–10, 11–20, 21–end); year parts are
# month ranges (first quarter, May–August, last quarter).
WEEK_PARTS = {"start": (0, 1), "middle": (2, 3), "end": (4, 6)}
MONTH_PARTS = {"start": (1, 10), "middle": (11, 20), "end": (21, 31)}
YEAR_PARTS = {"start": (1, 3), "middle": (5, 8), "end": (10, 12)}


@dataclass(frozen=True)
class Anchor:
    """The date relative expressions count from, and whether it is known (metadata/user) or inferred."""

    date: date | None
    certain: bool = True


def _safe_date(year: int, month: int | None, day: int | None) -> date | None:
    if month is None or day is None:
        return None
    try:
        return date(year, month, day)
    except ValueError:
        return None


def nearest_date(month: int, day: int, anchor: date, direction: int | None = None) -> date | None:
    """The date with this month and day nearest the anchor (year before, same, after), or in the
    direction given (-1: on or before the anchor, +1: on or after, 0: the anchor's year)."""
    options = []
    for year in (anchor.year - 1, anchor.year, anchor.year + 1):
        d = _safe_date(year, month, day)
        if d is None:
            continue
        if direction == -1 and d > anchor or direction == 1 and d < anchor or direction == 0 and year != anchor.year:
            continue
        options.append(d)
    if not options:
        return None
    # On a tie (exactly half a year) the past wins: news reports more than it announces.
    return min(options, key=lambda d: (abs((d - anchor).days), d > anchor))


def nearest_month(month: int, anchor: date, direction: int | None = None) -> tuple[int, int]:
    options = []
    for year in (anchor.year - 1, anchor.year, anchor.year + 1):
        diff = (year - anchor.year) * 12 + month - anchor.month
        if direction == -1 and diff > 0 or direction == 1 and diff < 0 or direction == 0 and diff != 0 and year != anchor.year:
            continue
        options.append((abs(diff), diff > 0, year))
    _, _, year = min(options)
    return year, month


def weekday_date(weekday: int, anchor: date, direction: int | None, future: bool) -> date:
    """The date of a weekday named alone: the most recent one on or before the anchor in reporting
    ('الخميس' in a past-tense sentence), the coming one after a future marker, strictly the next or
    the previous with المقبل / الماضي."""
    delta = (weekday - anchor.weekday()) % 7  # 0..6 days ahead
    if direction is not None and direction > 0:
        return anchor + timedelta(days=(delta or 7) + 7 * (direction - 1))
    if direction is not None and direction < 0:
        return anchor - timedelta(days=((7 - delta) % 7 or 7) + 7 * (-direction - 1))
    if future or direction == 0:
        return anchor + timedelta(days=delta)
    return anchor - timedelta(days=(7 - delta) % 7)


def add_months(year: int, month: int, n: int) -> tuple[int, int]:
    index = year * 12 + (month - 1) + n
    return index // 12, index % 12 + 1


def month_bounds(year: int, month: int) -> tuple[date, date]:
    return date(year, month, 1), date(year, month, calendar.monthrange(year, month)[1])


def week_bounds(anchor: date, week_start: int, shift: int = 0) -> tuple[date, date]:
    first = anchor - timedelta(days=(anchor.weekday() - week_start) % 7) + timedelta(days=7 * shift)
    return first, first + timedelta(days=6)


def part_of(first: date, last: date, period: str, part: str | None, anchor: date | None) -> tuple[date, date]:
    """The slice of [first, last] that "مطلع / منتصف / أواخر / قبل نهاية" name. "قبل نهاية الشهر/العام" is
    the month or the year it names (the political gold reads "قبل انتهاء العام الجاري" as the year): a
    deadline inside it, whose value is the period's."""
    if part is None:
        return first, last
    if part == "until_end":  # "قبل نهاية الأسبوع": from the anchor; a month or a year is named whole
        return (max(first, anchor) if anchor and period == "week" and anchor <= last else first), last
    if period == "week":
        a, b = WEEK_PARTS[part]
        return first + timedelta(days=a), first + timedelta(days=b)
    if period == "month" and part.startswith("half"):  # "النصف الأول من سبتمبر": days 1-15 / 16-end
        return (first, first.replace(day=15)) if part == "half1" else (first.replace(day=16), last)
    if period == "month" and part.startswith("week"):  # "الأسبوع الأول/الأخير من سبتمبر": days 1-7 / the last 7
        n = int(part[4:])
        return (last - timedelta(days=6), last) if n < 0 else (first.replace(day=7 * n - 6), first.replace(day=7 * n))
    if period == "month":
        a, b = MONTH_PARTS[part]
        return first.replace(day=a), first.replace(day=min(b, last.day))
    a, b = YEAR_PARTS[part]
    return date(first.year, a, 1), month_bounds(first.year, b)[1]


def _iso_interval(first: date, last: date) -> list[str]:
    return [first.isoformat(), last.isoformat()]


def hijri_to_date(year: int, month: int, day: int) -> date | None:
    from hijridate import Hijri  # here: a page without a Hijri date does not import it (~6 ms)

    try:
        g = Hijri(year, month, day).to_gregorian()
    except (ValueError, OverflowError):
        return None
    return date(g.year, g.month, g.day)  # a plain date (Gregorian subclasses it)


def nearest_hijri_year(month: int, anchor: date) -> int | None:
    from hijridate import Gregorian

    try:
        here = Gregorian(anchor.year, anchor.month, anchor.day).to_hijri()
    except (ValueError, OverflowError):
        return None
    best: tuple[int, int] | None = None
    for year in (here.year - 1, here.year, here.year + 1):
        start = hijri_to_date(year, month, 1)
        if start is None:
            continue
        distance = abs((start - anchor).days)
        if best is None or distance < best[0]:
            best = (distance, year)
    return best[1] if best else None


def resolve(expr: DateExpr, anchor: Anchor, week_start: int, mention_id: str = "") -> DateMention:
    """A DateMention for `expr`: value / values / interval, the rule used, and whether it is certain."""
    m = _resolve(expr, anchor, week_start, mention_id)
    if expr.day_shift and m.value and len(m.value) == 10:
        m.value = (date.fromisoformat(m.value) + timedelta(days=expr.day_shift)).isoformat()
        m.rule += "+eve"
    return m


def season_bounds(season: str, year: int) -> tuple[date, date]:
    """The season of `year` (winter: from December of the year before to February; data/dates/ar.yaml)."""
    first, last = load_lexicon().raw["seasons"][season]["months"]
    start_year = year - 1 if first > last else year
    return date(start_year, first, 1), month_bounds(year, last)[1]


def season_of(season: str, anchor: date, direction: int) -> tuple[date, date]:
    """"الصيف الماضي": the last one over before the anchor; "المقبل": the next one to begin after it;
    "هذا الصيف": the one of the anchor's year."""
    if direction == 0:
        return season_bounds(season, anchor.year + (anchor.month == 12 and season == "winter"))
    options = [season_bounds(season, y) for y in range(anchor.year - 2, anchor.year + 3)]
    if direction < 0:
        return [o for o in options if o[1] < anchor][direction]
    return [o for o in options if o[0] > anchor][direction - 1]


def _hijri_bounds(year: int, month: int) -> tuple[date, date] | None:
    first = hijri_to_date(year, month, 1)
    nxt = hijri_to_date(year + (month == 12), month % 12 + 1, 1)
    return (first, nxt - timedelta(days=1)) if first and nxt else None


def hijri_year_by_direction(month: int, day: int | None, anchor: date, direction: int) -> int | None:
    """"رمضان الماضي": the Hijri year of the last one over before the anchor; "المقبل": of the next to begin."""
    from hijridate import Gregorian

    try:
        here = Gregorian(anchor.year, anchor.month, anchor.day).to_hijri().year
    except (ValueError, OverflowError):
        return None
    for year in (range(here, here - 3, -1) if direction < 0 else range(here - 1, here + 2)):
        bounds = _hijri_bounds(year, month)
        if bounds is None:
            continue
        first, last = bounds
        if day:
            first = last = hijri_to_date(year, month, day) or first
        if direction < 0 and last < anchor or direction > 0 and first > anchor or direction == 0 and year == here:
            return year
    return None


def hijri_year_in(month: int, year: int) -> int | None:
    """The Hijri year whose `month` begins in the Gregorian `year` (the first, in the rare years with two)."""
    from hijridate import Gregorian

    try:
        first = Gregorian(year, 1, 1).to_hijri().year
    except (ValueError, OverflowError):
        return None
    for hy in (first, first + 1):
        start = hijri_to_date(hy, month, 1)
        if start is not None and start.year == year:
            return hy
    return None


def _resolve(expr: DateExpr, anchor: Anchor, week_start: int, mention_id: str) -> DateMention:
    m = DateMention(mention_id, expr.start, expr.end, expr.text, "date")
    a = anchor.date
    relative_certain = anchor.certain and a is not None

    def fail(rule: str) -> DateMention:
        m.rule, m.certain = rule, False
        return m

    if expr.year_shift is not None and expr.year is None:  # "31 مارس من العام الماضي"
        if a is None:
            return fail("relative-year:no-anchor")
        expr = replace(expr, year=a.year + expr.year_shift)
        m.certain = relative_certain
    if expr.year_anaphor is not None and expr.year is None:  # "سبتمبر من السنة نفسها": the stage gives the year
        return fail("anaphoric-year:no-antecedent")
    if expr.month_anaphor is not None and expr.month is None:  # "في 29 من الشهر ذاته": and the month
        return fail("anaphoric-month:no-antecedent")
    if expr.anaphor is not None:  # resolved by the stage from the date named before it
        m.kind = "relative"
        return fail("anaphoric-day:no-antecedent")
    if expr.named:
        return fail("named-day:year-unknown")  # "أحداث 7 يوليو": not this year's 7 July
    if expr.season:
        m.kind = "interval"
        if expr.year is not None:
            first, last = season_bounds(expr.season, expr.year)
        elif a is None:
            return fail("season:no-anchor")
        elif expr.direction is None:  # announced with no direction: the one not over yet
            first, last = next(o for o in (season_bounds(expr.season, y) for y in range(a.year, a.year + 2))
                               if o[1] >= a)
        else:
            first, last = season_of(expr.season, a, expr.direction)
        m.interval, m.rule = _iso_interval(first, last), f"season-{expr.season}"
        m.certain = expr.year_shift is None and expr.year is not None or relative_certain
        return m
    if expr.fraction:
        n, k = expr.fraction
        if expr.year is None:
            return fail("year-fraction:no-anchor")
        k = n if k < 0 else k
        first_month = 1 + (k - 1) * 12 // n
        last_month = k * 12 // n
        m.kind, m.rule = "interval", "year-fraction"
        m.interval = _iso_interval(date(expr.year, first_month, 1), month_bounds(expr.year, last_month)[1])
        m.certain = m.certain or expr.year_shift is None
        return m
    if expr.decade is not None or expr.century is not None or expr.century_shift is not None:
        century = expr.century
        if century is None and expr.century_shift is not None:
            if a is None:
                return fail("century:no-anchor")
            century = (a.year // 100 + 1) + expr.century_shift
        m.kind = "interval"
        if expr.decade is not None:
            if century is not None:
                first_year = (century - 1) * 100 + expr.decade
            elif a is not None:  # "الستينيات": the last such decade begun by the anchor
                first_year = (a.year // 100) * 100 + expr.decade
                if first_year > a.year:
                    first_year -= 100
            else:
                first_year = 1900 + expr.decade
            span, m.rule = 10, "decade"
        else:
            first_year, span, m.rule = (century - 1) * 100, 100, "century"  # type: ignore[operator]
        first, last = date(first_year, 1, 1), date(first_year + span - 1, 12, 31)
        if expr.part:
            third = span * 3 // 10
            first, last = {"start": (first, date(first_year + third - 1, 12, 31)),
                           "middle": (date(first_year + third, 1, 1), date(first_year + span - third - 1, 12, 31)),
                           "end": (date(first_year + span - third, 1, 1), last)}.get(expr.part, (first, last))
            m.rule += f"-{expr.part}"
        m.interval = _iso_interval(first, last)
        m.certain = expr.century is not None or relative_certain
        return m
    if expr.span:
        unit, count, sign = expr.span
        m.kind = "interval"
        if a is None:
            return fail(f"span-{unit}:no-anchor")
        if unit in ("day", "week"):
            other = a + timedelta(days=sign * count * (7 if unit == "week" else 1))
        else:
            y, mo = add_months(a.year, a.month, sign * count * {"month": 1, "year": 12, "decade": 120}[unit])
            other = date(y, mo, min(a.day, calendar.monthrange(y, mo)[1]))
        m.interval = _iso_interval(*sorted((a, other)))
        m.rule, m.certain = f"span-{unit}" + ("-past" if sign < 0 else "-next"), relative_certain
        return m
    if expr.month_shift == 0 and expr.day is None and expr.year is not None:  # "مثل هذا اليوم من عام 1990"
        if a is None:
            return fail("this-day-of-year:no-anchor")
        d = _safe_date(expr.year, a.month, a.day)
        if d is None:
            return fail("this-day-of-year:invalid")
        m.value, m.rule, m.certain = d.isoformat(), "this-day-of-year", relative_certain
        return m
    if expr.weekdays:  # "يومي السبت والأحد المقبلين": each as a weekday alone, with the shared direction
        if a is None:
            return fail("weekdays:no-anchor")
        days = [weekday_date(w, a, expr.direction, expr.future) for w in expr.weekdays]
        if days[1] < days[0]:  # the two days are consecutive in the text's order ("الخميس والجمعة" told on a
            if expr.direction is None and not expr.future:  # Thursday: last week's Thursday and Friday)
                days[0] -= timedelta(days=7)
            else:
                days[1] += timedelta(days=7)
        m.kind, m.rule, m.certain = "weekday", "weekdays-and", relative_certain
        m.values = [d.isoformat() for d in days]
        return m
    if expr.year_shifts:  # "للعامين الحالي والمقبل"
        if a is None:
            return fail("years-named-and:no-anchor")
        m.kind, m.rule, m.certain = "year", "years-named-and", relative_certain
        m.values = [f"{a.year + s:04d}" for s in expr.year_shifts]
        return m
    if expr.years:
        m.kind, m.rule, m.certain = "year", "years-and", True
        m.values = [f"{y:04d}" for y in expr.years]
        return m

    if expr.calendar == "hijri":
        m.kind, m.calendar = "hijri", "hijri"
        if expr.hijri_month is None and expr.hijri_year:  # "عام 1436هـ": the whole Hijri year
            first, nxt = hijri_to_date(expr.hijri_year, 1, 1), hijri_to_date(expr.hijri_year + 1, 1, 1)
            if first is None or nxt is None:
                return fail("hijri-year:invalid")
            m.kind, m.hijri, m.rule = "interval", f"{expr.hijri_year:04d}", "hijri-year"
            m.interval = _iso_interval(first, nxt - timedelta(days=1))
            return m
        if expr.year is not None and not expr.hijri_year:  # "رمضان من العام الماضي": the one begun that year
            hy = hijri_year_in(expr.hijri_month or 1, expr.year)
            m.certain = m.certain and hy is not None
        elif expr.hijri_year or a is None:
            hy = expr.hijri_year
        elif expr.direction is not None:
            hy = hijri_year_by_direction(expr.hijri_month or 1, expr.day, a, expr.direction)
        elif expr.day:  # a feast or a day: the occurrence nearest the anchor
            near = [(abs((d - a).days), y) for y in (0, 1, -1)
                    if (d := hijri_to_date((nearest_hijri_year(expr.hijri_month or 1, a) or 0) + y,
                                           expr.hijri_month or 1, expr.day))]
            hy = (nearest_hijri_year(expr.hijri_month or 1, a) or 0) + min(near)[1] if near else None
        else:
            hy = nearest_hijri_year(expr.hijri_month or 1, a)
        if hy is None or expr.hijri_month is None:
            return fail("hijri:no-year")
        month = expr.hijri_month
        if expr.day:
            m.hijri = f"{hy:04d}-{month:02d}-{expr.day:02d}"
            g = hijri_to_date(hy, month, expr.day)
            sighted = load_lexicon().raw.get("sighted_month_starts", {}).get(f"{hy}-{month:02d}")
            if expr.pattern == "feast" and sighted:  # the feast as the month was sighted, not as tabled
                g = date.fromisoformat(str(sighted)) + timedelta(days=expr.day - 1)
            if g is None:
                return fail("hijri:invalid")
            m.value = g.isoformat()
            if expr.weekday is not None and g.weekday() != expr.weekday:
                m.rule, m.certain = "hijri+weekday-disagrees", False
                shift = (expr.weekday - g.weekday() + 3) % 7 - 3
                if abs(shift) == 1:  # the month began a day off the table where the writer was: his weekday
                    m.value, m.rule = (g + timedelta(days=shift)).isoformat(), m.rule + "-weekday-wins"
                return m
        else:
            m.hijri = f"{hy:04d}-{month:02d}"
            first = hijri_to_date(hy, month, 1)
            nxt = hijri_to_date(hy + (month == 12), month % 12 + 1, 1)
            if first is None or nxt is None:
                return fail("hijri:invalid")
            last = nxt - timedelta(days=1)
            if expr.part in MONTH_PARTS:  # "العشر الأواخر من رمضان": days 21 to the month's end
                a_day, b_day = MONTH_PARTS[expr.part]
                first, last = first + timedelta(days=a_day - 1), min(last, first + timedelta(days=b_day - 1))
                m.kind = "interval"
            m.interval = _iso_interval(first, last)
        m.rule = "hijri" + ("" if expr.hijri_year else "+anchor-year") + (f"-{expr.part}" if expr.part else "")
        m.certain = bool(expr.hijri_year) or relative_certain
        return m

    if expr.duration:
        unit, count, sign = expr.duration
        m.kind = "relative"
        if a is None:
            return fail(f"duration-{unit}:no-anchor")
        m.rule, m.certain = f"duration-{unit}", relative_certain
        if sign == 0:  # "خلال أسبوعين": the span after the anchor in announcements, before it in reports
            forward = expr.future or "غضون" in expr.text
            if not forward:
                count = -count
                m.certain = False  # "تعلن النتائج خلال ثلاثة أيام" (present tense) may be either
            if unit in ("day", "week"):
                last = a + timedelta(days=count * (7 if unit == "week" else 1))
            else:
                y, mo = add_months(a.year, a.month, count * (12 if unit == "year" else 1))
                last = date(y, mo, min(a.day, calendar.monthrange(y, mo)[1]))
            m.kind, m.rule = "interval", f"within-{unit}" + ("" if forward else "-past")
            m.interval = _iso_interval(*sorted((a, last)))
            return m
        if unit in ("day", "week"):
            m.value = (a + timedelta(days=sign * count * (7 if unit == "week" else 1))).isoformat()
        elif unit == "month":
            y, mo = add_months(a.year, a.month, sign * count)
            m.value = f"{y:04d}-{mo:02d}"
        else:
            m.value = f"{a.year + sign * count * (10 if unit == 'decade' else 1):04d}"
        return m

    if expr.period:
        m.kind = "interval"
        if a is None:
            return fail(f"period-{expr.period}:no-anchor")
        shift = expr.direction or 0
        if expr.period == "week":
            first, last = week_bounds(a, week_start, shift)
        elif expr.period == "month":
            y, mo = add_months(a.year, a.month, shift)
            first, last = month_bounds(y, mo)
            m.value = f"{y:04d}-{mo:02d}"
        else:
            first, last = date(a.year + shift, 1, 1), date(a.year + shift, 12, 31)
            m.value = f"{a.year + shift:04d}"
        m.interval = _iso_interval(*part_of(first, last, expr.period, expr.part, a))
        m.rule, m.certain = f"period-{expr.period}" + (f"-{expr.part}" if expr.part else ""), relative_certain
        return m

    if expr.day2 is not None:  # coordination or range of days
        if expr.month is None:
            return fail("day-range:no-month")
        if expr.year:
            second = _safe_date(expr.year, expr.month, expr.day2)
        elif a is not None:
            second = nearest_date(expr.month, expr.day2, a, expr.direction)
        else:
            return fail("day-range:no-anchor")
        if second is None:
            return fail("day-range:invalid")
        first_month = expr.month2 or expr.month
        first_year = second.year - (1 if first_month > second.month else 0)  # "من 28 ديسمبر إلى 2 يناير"
        first = _safe_date(first_year, first_month, expr.day)
        if first is None or first > second:
            return fail("day-range:invalid")
        m.certain = bool(expr.year) or (relative_certain and abs((second - a).days) <= SAFE_YEARLESS_DAYS)  # type: ignore[operator]
        if expr.range_kind == "and":
            m.kind, m.rule = "date", "day-and-day-month"
            m.values = [first.isoformat(), second.isoformat()]
        else:
            m.kind, m.rule = "interval", "day-range-month"
            m.interval = _iso_interval(first, second)
        m.rule += "-year" if expr.year else "+anchor-year"
        return m

    if expr.year2 is not None:
        m.kind, m.rule = "interval", "year-range"
        m.interval = [f"{expr.year:04d}-01-01", f"{expr.year2:04d}-12-31"]
        return m

    if expr.day is not None:  # day + month (+ year), perhaps with a weekday or a day word
        m.kind = "date"
        if expr.month is None and expr.month_shift is not None:  # "الخامس من الشهر الجاري"
            if a is None:
                return fail("day-of-this-month:no-anchor")
            y, mo = add_months(a.year, a.month, expr.month_shift)
            d = _safe_date(y, mo, expr.day)
            if d is None:
                return fail("day-of-this-month:invalid")
            m.value, m.rule, m.certain = d.isoformat(), "day-of-relative-month", relative_certain
            return m
        if expr.month is None:
            return fail("day-month:no-month")
        if expr.year:
            d = _safe_date(expr.year, expr.month, expr.day)
            m.rule = "day-month-year"
        elif a is not None:
            d = nearest_date(expr.month, expr.day, a, expr.direction)
            m.rule = "day-month+anchor-year"
            if expr.reported and d is not None and (d - a).days > REPORTED_AHEAD_DAYS:
                d, m.rule = nearest_date(expr.month, expr.day, a, -1), m.rule + "-reported"
            elif expr.announced and d is not None and (a - d).days > REPORTED_AHEAD_DAYS:
                d, m.rule = nearest_date(expr.month, expr.day, a, 1), m.rule + "-announced"
        else:
            return fail("day-month:no-anchor")
        if d is None:
            return fail("day-month:invalid")
        m.value = d.isoformat()
        m.certain = bool(expr.year) or (relative_certain and abs((d - a).days) <= SAFE_YEARLESS_DAYS)  # type: ignore[operator]
        if expr.month_conflict:
            m.certain, m.rule = False, m.rule + "+month-pair-disagrees"
        if expr.weekday is not None:
            m.rule += "+weekday"
            if d.weekday() != expr.weekday:
                m.certain, m.rule = False, m.rule + "-disagrees"
        if expr.offset is not None and a is not None:
            m.rule += "+day-word"
            if a + timedelta(days=expr.offset) != d:
                m.certain, m.rule = False, m.rule + "-disagrees"
        return m

    if expr.offset is not None:  # أمس, غدا, اليوم (perhaps with a weekday)
        m.kind = "relative"
        if a is None:
            return fail("relative-day:no-anchor")
        d = a + timedelta(days=expr.offset)
        m.value, m.rule, m.certain = d.isoformat(), "relative-day", relative_certain
        if expr.weekday is not None:
            m.rule += "+weekday"
            if d.weekday() != expr.weekday:
                # The weekday is written; the anchor may be off (a crawl time, an edition date, a page kept
                # online): the named weekday of a writing day on or before the day after the anchor ("أمس
                # الخميس" on a Tuesday page: last Thursday; the coming one would be written after it appeared).
                shift = (expr.weekday - d.weekday()) % 7
                if shift > WRITTEN_AFTER_ANCHOR_DAYS:
                    shift -= 7
                m.value = (d + timedelta(days=shift)).isoformat()
                m.certain, m.rule = False, m.rule + "-disagrees"
        return m

    if expr.weekday is not None:
        m.kind = "weekday"
        if a is None:
            return fail("weekday:no-anchor")
        d = weekday_date(expr.weekday, a, expr.direction, expr.future or expr.present)
        how = {2: "after-next", 1: "next", -1: "previous", -2: "before-previous", 0: "this-week"}.get(
            expr.direction or 0, "")
        if expr.direction is None:
            how = "upcoming" if expr.future else "upcoming-present" if expr.present else "most-recent"
        m.value, m.rule, m.certain = d.isoformat(), f"weekday-{how}", relative_certain
        return m

    if expr.month is not None:  # month (+ year)
        if expr.year:
            y, mo = expr.year, expr.month
            m.rule, m.certain = "month-year", not expr.month_conflict
        elif a is not None:
            y, mo = nearest_month(expr.month, a, expr.direction)
            m.rule = "month+anchor-year"
            if expr.reported and (y - a.year) * 12 + mo - a.month >= REPORTED_AHEAD_DAYS // 30:
                (y, mo), m.rule = nearest_month(expr.month, a, -1), m.rule + "-reported"
            elif expr.announced and (a.year - y) * 12 + a.month - mo >= REPORTED_AHEAD_DAYS // 30:
                (y, mo), m.rule = nearest_month(expr.month, a, 1), m.rule + "-announced"
            m.certain = relative_certain and abs((y - a.year) * 12 + mo - a.month) <= SAFE_YEARLESS_DAYS // 30
        else:
            m.kind = "month"
            return fail("month:no-anchor")
        m.value = f"{y:04d}-{mo:02d}"
        if expr.part:
            m.kind = "interval"
            m.interval = _iso_interval(*part_of(*month_bounds(y, mo), "month", expr.part, a))
            m.rule += f"-{expr.part}"
        else:
            m.kind = "month"
        return m

    if expr.year is not None:
        m.value, m.rule = f"{expr.year:04d}", "year"
        m.kind = "year"
        if expr.part:
            m.kind = "interval"
            first, last = date(expr.year, 1, 1), date(expr.year, 12, 31)
            m.interval = _iso_interval(*part_of(first, last, "year", expr.part, a))
            m.rule += f"-{expr.part}"
        return m
    return fail("unresolved")

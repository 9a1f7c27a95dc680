"""The date vocabulary (src/marsad/data/dates/ar.yaml), normalised and compiled into regular expressions.

Every pattern runs on the `norm()` view of the text (one alef, no diacritics or tatweel, ASCII digits),
so "أغســطس", "اغسطس" and "أغسطس" are one name; matches are mapped back to the body with the offset map.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from .. import config
from ..fastload import cached
from ..text.normalize import norm

DATA_FILE = "dates/ar.yaml"
# Letters of the normalised view: a name must not continue into one of these ("الخميسي" is not "الخميس").
LETTER = "\u0621-\u064a\u066e-\u06d3"
END = rf"(?![{LETTER}])"
START = rf"(?<![{LETTER}\d])"


def alternation(words: list[str]) -> str:
    """A regex alternation of normalised words, longest first, spaces matching any run of spaces."""
    uniq = sorted({w for w in words if w}, key=len, reverse=True)
    return "(?:" + "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in uniq) + ")"


def _norm_key(text: str) -> str:
    return re.sub(r"\s+", " ", norm(text)).strip()


@dataclass(frozen=True)
class Lexicon:
    greg_months: dict[str, int]  # normalised name -> month number
    greg_standalone: frozenset[str]
    hijri_months: dict[str, int]
    hijri_standalone: frozenset[str]
    weekdays: dict[str, int]  # -> Python weekday (Monday = 0)
    relative_days: dict[str, int]  # -> offset in days
    direction: dict[str, int]  # المقبل -> +1, الماضي -> -1, الجاري -> 0
    periods: dict[str, str]  # الاسبوع -> week
    period_parts: dict[str, str]  # مطلع -> start
    units: dict[str, tuple[str, int | None]]  # يومين -> (day, 2); ايام -> (day, None)
    number_words: dict[str, int]
    ordinal_days: dict[str, int]
    future_words: frozenset[str]
    future_prefix: re.Pattern[str]
    future_exceptions: frozenset[str]
    clause_breaks: frozenset[str]
    today_not_followed_by: frozenset[str]
    week_start: int
    raw: dict[str, Any]

    def table(self, key: str) -> dict[str, Any]:
        """A mapping of the vocabulary with normalised keys ("decades", "hijri_feasts", …), built once."""
        cache: dict[str, dict[str, Any]] = self.__dict__.setdefault("_tables", {})
        found = cache.get(key)
        if found is None:
            found = cache[key] = {_norm_key(str(k)): v for k, v in (self.raw.get(key) or {}).items()}
        return found

    def seasons(self) -> dict[str, str]:
        """Normalised season word ("الصيف", "صيف") -> season (summer)."""
        cache: dict[str, dict[str, str]] = self.__dict__.setdefault("_seasons", {})
        if "names" not in cache:
            cache["names"] = {_norm_key(w): season for season, v in self.raw["seasons"].items()
                              for w in v["names"] + v["construct"]}
        return cache["names"]

    def named_days(self) -> dict[tuple[int, int, str], int]:
        """(day, month, head noun) -> year of the event that day names ("أحداث 11 سبتمبر" -> 2001)."""
        cache: dict[str, dict[tuple[int, int, str], int]] = self.__dict__.setdefault("_named", {})
        if "days" not in cache:
            cache["days"] = {(int(item["day"]), int(item["month"]), _norm_key(noun)): int(item["year"])
                             for item in self.raw.get("named_days", []) for noun in item["nouns"]}
        return cache["days"]

    def words(self, key: str) -> list[str]:
        # Normalised once per key: the recogniser asks for the same lists at every match.
        cache: dict[str, list[str]] = self.__dict__.setdefault("_words", {})
        found = cache.get(key)
        if found is None:
            found = cache[key] = [_norm_key(w) for w in self.raw.get(key, [])]
        return found


@config.data_cache
def load_lexicon() -> Lexicon:
    # Kept in the user's cache (marsad.fastload) with the patterns: reading and checking the YAML (and
    # importing PyYAML) cost ~30 ms of a one-page extract.
    from ..fastload import load_or_build

    sources = ("dates/*.py", "text/*.py", "config.py", "rules_schema.py", "data/dates/*.yaml")
    return load_or_build("dates-lexicon", sources, _build_lexicon)


def _build_lexicon() -> Lexicon:
    raw = config.load_rules(DATA_FILE)  # parsed once, checked against its schema (marsad.config)

    def months(key: str) -> tuple[dict[str, int], frozenset[str]]:
        names: dict[str, int] = {}
        alone: set[str] = set()
        for number, entry in raw[key].items():
            for name in entry["names"]:
                names[_norm_key(name)] = int(number)
            alone.update(_norm_key(n) for n in entry.get("standalone", []))
        return names, frozenset(alone)

    greg, greg_alone = months("gregorian_months")
    hijri, hijri_alone = months("hijri_months")
    direction = {_norm_key(w): 1 for w in raw["next_words"]}
    direction |= {_norm_key(w): -1 for w in raw["previous_words"]}
    direction |= {_norm_key(w): 0 for w in raw["current_words"]}
    direction |= {_norm_key(w): -2 for w in raw.get("before_previous_words", [])}
    direction |= {_norm_key(w): 2 for w in raw.get("after_next_words", [])}
    units: dict[str, tuple[str, int | None]] = {}
    for unit, forms in raw["duration_units"].items():
        for count_key, count in (("one", 1), ("two", 2), ("many", None), ("counted", None)):
            for w in forms.get(count_key, []):
                units[_norm_key(w)] = (unit, count)
    return Lexicon(
        greg_months=greg,
        greg_standalone=greg_alone,
        hijri_months=hijri,
        hijri_standalone=hijri_alone,
        weekdays={_norm_key(w): int(d) for d, names in raw["weekdays"].items() for w in names},
        relative_days={_norm_key(w): int(v) for w, v in raw["relative_days"].items()},
        direction=direction,
        periods={_norm_key(w): unit for unit, names in raw["periods"].items() for w in names},
        period_parts={_norm_key(w): part for part, names in raw["period_parts"].items() for w in names},
        units=units,
        number_words={_norm_key(w): int(v) for w, v in raw["number_words"].items()},
        ordinal_days={_norm_key(w): int(v) for w, v in raw.get("ordinal_days", {}).items()},
        future_words=frozenset(_norm_key(w) for w in raw["future_words"]),
        future_prefix=re.compile(raw["future_prefix"]),
        future_exceptions=frozenset(_norm_key(w) for w in raw["future_prefix_exceptions"]),
        clause_breaks=frozenset(_norm_key(w) for w in raw["clause_breaks"]),
        today_not_followed_by=frozenset(_norm_key(w) for w in raw["today_not_followed_by"]),
        week_start=int(raw.get("week_start", 6)),
        raw=raw,
    )


# Patterns whose heads are rare words (seasons, centuries, feasts…): one look-ahead group for all of them.
RARE_PATTERNS = frozenset({"this-day-of-year", "anaphoric-day", "span", "season", "season-of-year", "year-fraction", "decade", "century", "feast",
                           "years-and", "years-named-and"})
DIGIT = "\x00"  # in the words of _trie: any digit (no date word has a NUL)


def _trie(words: list[str]) -> str:
    """A regex matching where any of `words` starts the text (DIGIT a digit, " " a run of spaces), as a trie:
    a look-up costs a few steps instead of one per word. Words that extend another word are left out."""
    root: dict[str, Any] = {}
    for word in {w for w in words if w}:
        node = root
        for ch in word:
            if "" in node:
                break  # a shorter word already matches here
            node = node.setdefault(ch, {})
        else:
            node.clear()
            node[""] = {}

    def unit(ch: str) -> str:
        return r"\d" if ch == DIGIT else r"\s+" if ch == " " else re.escape(ch)

    def emit(node: dict[str, Any]) -> str:
        if "" in node:
            return ""
        alts = [unit(ch) + emit(child) for ch, child in node.items()]
        return alts[0] if len(alts) == 1 else "(?:" + "|".join(alts) + ")"

    return emit(root)


@dataclass(frozen=True)
class Patterns:
    """The compiled patterns, by name, tried in this order; overlaps are resolved longest-first."""

    items: tuple[tuple[str, re.Pattern[str]], ...]
    # Where a match of any pattern may start: every pattern starts with START, an optional clitic and one of
    # a few words or a digit. The recogniser tries the patterns only there, instead of at every character:
    # group i of a match is not None where items[i] may start.
    starts: re.Pattern[str]
    # The same after a character that is not a letter or digit (which it consumes): sre scans for such a
    # character in a tight C loop instead of entering a match at every position, about five times fewer.
    after_boundary: re.Pattern[str]
    # items[i] may start where group group_of[i] of a candidate is not None: patterns with the same heads,
    # and the rare ones together, share a group (each group is a look-ahead tried at every candidate).
    group_of: tuple[int, ...] = ()

    def candidates(self, text: str) -> list[tuple[int, tuple[str | None, ...]]]:
        """(position, groups) of every match of `starts` in text, in order."""
        first = self.starts.match(text)
        found = [(1 + m.start(), m.groups()) for m in self.after_boundary.finditer(text)]
        if first is not None:
            found.insert(0, (0, first.groups()))
        return found


# Built from the vocabulary in ~1 s (tries, then sre's parser on patterns of 100,000 characters): kept
# compiled in the user's cache while these files are unchanged (marsad.fastload).
@config.register_cache
@cached("dates-patterns", "dates/*.py", "text/*.py", "data/dates/*.yaml")
def compile_patterns() -> Patterns:
    lx = load_lexicon()
    greg = alternation(list(lx.greg_months))
    hijri = alternation(list(lx.hijri_months))
    wd = alternation(list(lx.weekdays))
    rel = alternation(list(lx.relative_days))
    mod = alternation(list(lx.direction))
    pod = alternation(lx.words("day_parts"))
    unit = alternation(list(lx.periods))
    part = alternation(list(lx.period_parts))
    until = alternation(lx.words("period_parts_until_end") or [
        _norm_key(w) for w in lx.raw["period_parts"]["until_end"]])
    this = alternation(lx.words("this_words"))
    year_word = alternation(lx.words("year_words"))
    gmark = alternation(lx.words("gregorian_markers"))
    hmark = alternation(lx.words("hijri_markers"))
    epithet = alternation(lx.words("hijri_month_epithets"))
    to = alternation(lx.words("range_to"))
    between = alternation(lx.words("range_between"))
    dur_unit = alternation(list(lx.units))
    dual_unit = alternation([u for u, (_, n) in lx.units.items() if n == 2])
    numword = alternation(list(lx.number_words))
    ago = alternation(lx.words("ago_words") + lx.words("after_words") + lx.words("within_words"))
    approx = alternation(lx.words("approximately"))
    this_month_word = alternation(lx.words("this_month_words"))
    span_word = alternation(lx.words("span_words"))
    span_dir = alternation(lx.words("span_past") + lx.words("span_next"))
    seasons = lx.raw["seasons"].values()
    season = alternation([_norm_key(w) for s in seasons for w in s["names"]])
    season_of = alternation([_norm_key(w) for s in seasons for w in s["construct"]])
    fraction = alternation(list(lx.table("year_fractions")))
    fraction_ord = alternation(list(lx.table("fraction_ordinals")))
    decade = alternation(list(lx.table("decades")))
    century_ord = alternation(list(lx.table("century_ordinals")))
    feast = alternation(list(lx.table("hijri_feasts")))
    the_year = r"(?:العام|السنه)"
    an_year = alternation(list(lx.table("anaphoric_years")))
    an_year_before = alternation(list(lx.table("anaphoric_years_before")))
    # the masculine forms (الشهر نفسه, الشهر التالي), not the feminine ones of السنة (نفسها, التالية)
    an_month = alternation([w for w in lx.table("anaphoric_years") if not w.endswith(("ها", "يه", "قه"))])
    bare_year = r"(?:19\d\d|20[0-3]\d)(?!\d)"

    clitic = r"(?P<c>[وفبلك]{1,2}(?=\S))?"
    year = r"(?:1[89]|20)\d\d(?!\d)"
    hyear = r"1[34]\d\d(?!\d)"

    ordinal = alternation(list(lx.ordinal_days))

    def day(name: str) -> str:
        # "الـ13" / "13", or an ordinal word that "من" (or a range word) follows ("الأول من يوليو").
        return rf"(?:(?:ال\s?)?(?P<{name}>[0-3]?\d)(?!\d)|(?P<{name}o>{ordinal}){END}(?=\s+(?:من|{to})\s|\s+و))"

    def month(name: str) -> str:
        # A pair names one month twice: "اغسطس/اب", "تشرين الاول (اكتوبر)", "يناير كانون الثاني".
        # (the closing parenthesis takes its spaces only with it: "أكتوبر تشرين الأول الماضي" keeps its الماضي)
        return (rf"(?P<{name}>{greg}){END}(?:(?:\s*[/(\-]\s*|\s+)(?P<{name}b>{greg}){END}(?:\s*\))?)?")

    def year_tail(name: str) -> str:
        # "2012", "عام 2012", or a year named from the anchor's: "من العام الماضي", "من هذا العام", or from the
        # year named before it: "من السنة نفسها", "من العام التالي".
        return (rf"(?:\s*[،,]?\s*(?:من\s+)?(?:[لب]?{year_word}\s*)?(?P<{name}>{year})"
                rf"(?:\s*{gmark}{END})?"
                rf"|(?:\s*[،,]\s*من\s+|\s+(?:من\s+)?)"  # "يونيو، من العام المقبل"
                rf"(?:{the_year}\s+(?P<{name}an>{an_year}){END}|(?P<{name}anb>{an_year_before})\s+{the_year}{END}"
                rf"|{the_year}\s+(?P<{name}rm>{mod}){END}|(?:هذا|هذه)\s+{the_year}{END}(?P<{name}t>)))?")

    month_mod = rf"(?:\s+(?P<mmod>{mod}){END})?"
    month_unit = alternation([w for w, u in lx.periods.items() if u == "month"])
    # "من الشهر الجاري", "من هذا الشهر", or the month named before it: "في 29 من الشهر ذاته"
    this_month = (rf"(?:(?P<cman_u>{month_unit})\s+(?P<cman>{an_month}){END}|(?P<cmanb>{an_year_before})\s+{month_unit}{END}"
                  rf"|(?P<cm>{month_unit})\s+(?P<cmod>{mod}){END}|هذا\s+(?:{month_unit}){END}(?P<cthis>))")
    date_core = (rf"(?:يوم\s+)?{day('d')}\s*(?:من\s+)?(?:(?:شهر\s+)?{month('m')}{year_tail('y')}{month_mod}"
                 rf"|{this_month}|(?P<cw>{this_month_word}){END})")
    day_phrase = (
        rf"(?:(?P<pod>{pod})\s+)?"
        rf"(?:(?:يوم\s+)?(?P<rel>{rel}){END}(?:\s*[،,]?\s*(?P<wp>\()?\s*(?:يوم\s+)?(?P<wd1>{wd}){END}(?(wp)\s*\)))?"
        # "يوم (السبت) المقبل": the weekday in brackets after يوم
        rf"|(?:(?P<yawm>يوم\s+)(?P<wpo>\(\s*)?)?(?P<wd>{wd}){END}(?(wpo)\s*\))(?:\s+(?P<wmod>{mod}){END})?)"
    )
    items: list[tuple[str, str]] = [
        ("numeric-dmy", rf"{START}(?P<d>[0-3]?\d)\s?(?P<s>[/.\-])\s?(?P<m>[01]?\d)\s?(?P=s)\s?(?P<y>{year})"
                        rf"(?:\s*{gmark}{END})?"),
        ("numeric-ymd", rf"{START}(?P<y>{year})(?P<s>[/\-])(?P<m>[01]?\d)(?P=s)(?P<d>[0-3]?\d)(?!\d)"),
        # Saudi official style: "7/10/1436هـ", "1436/10/7هـ" (a Hijri year needs no marker).
        ("numeric-hijri", rf"{START}(?:(?P<d>[0-3]?\d)\s?(?P<hs>[/\-])\s?(?P<m>[01]?\d)\s?(?P=hs)\s?(?P<hy>{hyear})"
                          rf"|(?P<hy2>{hyear})\s?/\s?(?P<m2>[01]?\d)\s?/\s?(?P<d2>[0-3]?\d)(?!\d))(?:\s*{hmark}{END})?"),
        # The date part is optional after a day phrase (one regex cannot name the date groups twice).
        ("day-phrase", rf"{START}{clitic}(?:{day_phrase}|(?=(?:يوم\s+)?(?:ال\s?)?(?:\d|{ordinal})))"
                       rf"(?:(?<=\S)\s*[،,]?\s*(?:الموافق\s+)?)?(?:{date_core})?"),
        ("day-range", rf"{START}{clitic}(?:(?P<from>من|{between})\s+)?(?:يومي\s+|يوم\s+)?{day('d1')}"
                      rf"(?:\s*(?:من\s+)?{month('m1')})?\s*(?P<sep>-|{to}|و)\s*{day('d2')}"
                      rf"\s*(?:من\s+)?(?:شهر\s+)?{month('m')}{year_tail('y')}{month_mod}"),
        ("hijri", rf"{START}{clitic}(?:(?:يوم\s+)?(?P<wd>{wd}){END}\s*[،,]?\s*(?=\d|{ordinal}))?"
                  # "أواخر رمضان", "العشر الأواخر من رمضان": a third of the month
                  rf"(?:(?P<part>{part})\s+(?:من\s+)?|العشر\s+(?P<ten>{part})\s+من\s+)?"
                  rf"(?:{day('d')}\s*(?:من\s+)?)?(?P<sh>شهر\s+)?(?P<hm>{hijri}){END}"
                  rf"(?:\s+(?P<ep>{epithet}){END})?(?:\s+(?P<hmod>{mod}){END})?"
                  rf"(?:\s*[،,]?\s*(?:من\s+)?(?:[لب]?{year_word}\s*)?(?:(?P<hy>{hyear})|(?P<gy>{year}))"
                  # "رمضان من العام الماضي", "رمضان من هذا العام": the one of a Gregorian year named from the anchor's
                  rf"|\s+(?:من\s+)?(?:{the_year}\s+(?P<gyrm>{mod}){END}|(?:هذا|هذه)\s+{the_year}{END}(?P<gyt>)))?"
                  rf"(?:\s*(?P<hmark>{hmark}){END})?"),
        # "عام 1436هـ", "في 1351 هـ": a Hijri year alone needs its marker (not the second year of "1436/1437هـ").
        ("hijri-year", rf"{START}{clitic}(?:[لب]?{year_word}\s*)?(?<![/\-])(?<![/\-]\s)(?P<hy>{hyear})\s*{hmark}{END}"),
        # "النصف الأول من سبتمبر": a half of a month (not "الأول من سبتمبر", its first day).
        ("month-year", rf"{START}{clitic}(?:(?P<part>{until}|{part})\s+|الاسبوع\s+(?P<wk>{fraction_ord})\s+من\s+"
                       rf"|النصف\s+(?P<half>{fraction_ord})\s+من\s+)?"
                       rf"(?P<sh>شهر\s+)?{month('m')}"
                       rf"{year_tail('y')}{month_mod}"),
        ("year-range", rf"{START}{clitic}(?P<from>من|{between})\s+(?:{year_word}ي?\s+|العامين\s+)?(?P<y1>{year})"
                       rf"\s*(?:-|{to}|و)\s*(?:{year_word}\s+)?(?P<y2>{year})"),
        # "عام 2012", "مطلع العام 2016", and with a part no year word is needed: "أواخر 2014".
        ("year", rf"{START}{clitic}(?:(?P<part>{until}|{part})\s+(?:[لب]?{year_word}\s*|(?P<bare>))|[لب]?{year_word}\s*)"
                 rf"(?P<y>{year})(?!\s*[/.\-]\d)"
                 rf"(?:\s*{gmark}{END})?|{START}(?P<y2>{year})\s*{gmark}{END}"),
        # "منذ1961": the space is sometimes lost
        ("year-after-preposition", rf"{START}(?P<c>(?:[وف]?(?:في|منذ|حتى|خلال)\s*))(?P<y>{year})(?!\s*[/.\-]\d)"),
        # "الأسبوع الأول من الشهر المقبل": a week of a month named from the anchor's (of a named month: month-year).
        ("period", rf"{START}{clitic}(?:(?P<part>{until}|{part})\s+|الاسبوع\s+(?P<wk>{fraction_ord})\s+من\s+"
                   rf"|النصف\s+(?P<half>{fraction_ord})\s+من\s+)?"
                   rf"(?:(?P<this>{this})\s+)?(?P<unit>{unit}){END}"
                   rf"(?:\s+(?P<pmod>{mod}){END})?"),
        ("duration", rf"{START}{clitic}(?P<dir>{ago})\s+(?:(?P<approx>{approx})\s+)?(?:(?P<num>\d{{1,3}}|{numword})\s+)?"
                     rf"(?P<du>{dur_unit}){END}(?!\s*\d)"),
        # Without "خلال/في" only a dual: "(العامين المقبلين)", "مقارنة بالشهرين الماضيين".
        ("span", rf"{START}{clitic}(?:{span_word}\s+ال(?P<du>{dur_unit}){END}(?:\s+(?:ال\s?)?(?P<num>\d{{1,3}}|{numword}){END})?"
                 rf"|ال(?P<du2>{dual_unit}){END})\s+(?P<sd>{span_dir}){END}"),
        ("season", rf"{START}{clitic}(?:(?P<this>{this})\s+)?(?P<sn>{season}){END}(?:\s+(?P<smod>{mod}){END})?"),
        ("season-of-year", rf"{START}{clitic}(?P<sn>{season_of}){END}\s+(?:(?:[لب]?{year_word}\s*)?(?P<y>{year})"
                           rf"|{the_year}\s+(?P<yan>{an_year}){END}|(?P<yanb>{an_year_before})\s+{the_year}{END}"
                           rf"|{the_year}\s+(?P<yrm>{mod}){END}|(?:هذا|هذه)\s+{the_year}{END}(?P<yt>))"),
        ("year-fraction", rf"{START}{clitic}(?P<fr>{fraction})\s+(?P<fo>{fraction_ord}){END}\s+(?:من\s+)?"
                          rf"(?:(?:[لب]?{year_word}\s*)?(?P<y>{year})|{the_year}(?:\s+(?P<yrm>{mod}))?{END}"
                          rf"|(?:هذا|هذه)\s+{the_year}{END}(?P<yt>))"),
        ("decade", rf"{START}{clitic}(?:(?P<part>{part})\s+)?(?:(?:حقبه|عقد)\s+)?(?P<dal>ال)?(?P<dec>{decade})(?:يات|ات){END}"
                   rf"(?:\s+(?:من\s+)?القرن\s+(?:(?P<co>{century_ord})|(?P<cm>{mod})|ال\s?(?P<cn>\d\d)|(?P<cn2>\d\d))(?!\d){END})?"),
        ("century", rf"{START}{clitic}(?:(?P<part>{part})\s+)?القرن\s+(?:(?P<co>{century_ord})|(?P<cm>{mod})"
                    rf"|ال\s?(?P<cn>\d\d)|(?P<cn2>\d\d))(?!\d){END}"),
        ("feast", rf"{START}{clitic}(?P<feast>{feast}){END}(?:\s+(?:{epithet}|السعيد|الشريف){END})?"
                  rf"(?:\s+(?P<fmod>{mod}){END})?"),
        ("anaphoric-day", rf"{START}{clitic}(?:(?P<ab>{alternation(list(lx.table('anaphoric_days_before')))})\s+اليوم"
                          rf"|اليوم\s+(?P<aa>{alternation(list(lx.table('anaphoric_days')))})){END}"),
        # "في العام نفسه", "في العام التالي", "في نفس العام": the year named just before in the text, or the next.
        ("anaphoric-year", rf"{START}{clitic}(?:(?P<ab>{an_year_before})\s+(?P<ub>{the_year}|الشهر)"
                           rf"|(?P<ua>{the_year}|الشهر)\s+(?P<aa>{an_year})){END}"),
        ("weekdays-and", rf"{START}{clitic}(?:يومي\s+)?(?P<wa>{wd}){END}\s+و\s*(?P<wb>{wd}){END}"
                         rf"(?:\s+(?P<wmod>{mod}){END})?"),
        # "في مثل هذا اليوم من عام 1990": the anchor's day and month in that year.
        ("this-day-of-year", rf"{START}{clitic}مثل\s+هذا\s+اليوم\s+(?:من\s+)?(?:[لب]?{year_word}\s*)?(?P<y>{year})"),
        # "للعامين الحالي والمقبل", "العامين الماضي والجاري": two years named from the anchor's.
        ("years-named-and", rf"{START}{clitic}(?:ال|ل)?(?:عامين|سنتين)\s+(?P<ra>{mod}){END}\s+و\s*(?P<rb>{mod}){END}"),
        ("years-and", rf"{START}{clitic}(?:[لب]?{year_word}[يا]|في|منذ|خلال|العامين|العامان|الاعوام|اعوام|السنوات|سنوات)\s+(?P<y1>{year})\s*[،,]?\s*و\s*(?P<y2>{year})"
                      rf"(?:\s*[،,]?\s*و\s*(?P<y3>{year}))?"),
        # "في الفترة 2003-2005", "(1990 – 2000)": two years joined by a dash.
        # "موسم 2014/2015": a slash joins only consecutive years (a season, a school or a fiscal year).
        ("year-span", rf"{START}(?<![/.\-]\s)(?<![/.\-])(?P<y1>{bare_year})\s*(?P<ys>[-–/])\s*(?P<y2>{bare_year})"
                      rf"(?!\s*[/.\-]\d)"),
        ("bare-year", rf"(?<=\()(?P<y1>{bare_year})(?:\s*[-–]\s*(?P<y2>{bare_year}))?(?=\s*\))"
                      rf"|{START}(?<=[{LETTER}] )(?P<y>{bare_year})(?=\s*(?:[.،,؛:»\"”)\n]|$))"
                      # "انتخابات 2005 التشريعية", "موازنة 2015 بواقع": after an event noun (bare_year_after_nouns)
                      rf"|{START}(?<=[{LETTER}] )(?P<yn>{bare_year})(?!\s*[/.,\-]?\s*\d)"),
    ]
    # What each pattern needs right after START and its optional clitic: a superset of where it may start,
    # as words (DIGIT a digit, " " any spaces). Only whether one matches counts, so they make one trie.
    digit_heads = [DIGIT, "ال" + DIGIT, "ال " + DIGIT, *lx.ordinal_days]  # day(): "13", "الـ13", "الأول"
    year_words = lx.words("year_words")
    from_words = ["من", *lx.words("range_between")]
    parts = [*lx.words("period_parts_until_end"), *lx.period_parts]
    until_words = lx.words("period_parts_until_end") or [_norm_key(w) for w in lx.raw["period_parts"]["until_end"]]
    heads: dict[str, list[str]] = {
        "numeric-dmy": [DIGIT],
        "numeric-ymd": [DIGIT],
        "day-phrase": [*lx.words("day_parts"), "يوم", *lx.relative_days, *lx.weekdays, *digit_heads],
        "day-range": [*(f + " " + h for f in from_words for h in ("يوم", *digit_heads)), "يوم", *digit_heads],
        "hijri": ["يوم", *lx.weekdays, *digit_heads, "شهر ", *lx.hijri_months, *parts, "العشر "],
        "month-year": [*parts, *until_words, "شهر ", *lx.greg_months, "الاسبوع ", "النصف "],
        "year-range": [f + " " for f in from_words],
        "year": [*parts, *until_words, *(c + w for c in ("", "ل", "ب") for w in year_words), DIGIT],
        "year-after-preposition": [w + g + DIGIT for w in ("في", "منذ", "حتى", "خلال") for g in (" ", "")],  # [وف]: the clitic
        "period": [*parts, *until_words, *lx.words("this_words"), *lx.periods, "النصف "],
        "duration": [*lx.words("ago_words"), *lx.words("after_words"), *lx.words("within_words")],
        "span": [*(w + " ال" + u for w in lx.words("span_words") for u in lx.units),
                 *("ال" + u + " " for u, (_, n) in lx.units.items() if n == 2)],
        "years-named-and": [a + w + " " for a in ("", "ال", "ل") for w in ("عامين", "سنتين")],
        "season": [t + s for t in ("", *(w + " " for w in lx.words("this_words")))
                   for s in (_norm_key(w) for s in seasons for w in s["names"])],
        "season-of-year": [_norm_key(w) for s in seasons for w in s["construct"]],
        "year-fraction": list(lx.table("year_fractions")),
        "decade": [*parts, *until_words, "حقبه", "عقد", *(a + d for a in ("", "ال") for d in lx.table("decades"))],
        "century": [*parts, *until_words, "القرن"],
        "feast": list(lx.table("hijri_feasts")),
        "this-day-of-year": ["مثل هذا اليوم"],
        "anaphoric-day": [*(w + " اليوم" for w in lx.table("anaphoric_days_before")), "اليوم "],
        "anaphoric-year": [*(w + " " + y for w in lx.table("anaphoric_years_before") for y in ("العام", "السنه", "الشهر")),
                           "العام ", "السنه ", "الشهر "],
        "years-and": [*(c + w + e + " " + DIGIT for c in ("", "ل", "ب") for w in year_words for e in ("ي", "ا")),
                      *(w + " " + DIGIT for w in ("في", "منذ", "خلال", "العامين", "العامان", "الاعوام", "اعوام",
                                                  "السنوات", "سنوات"))],
        "bare-year": [DIGIT],
        "numeric-hijri": [DIGIT],
        "weekdays-and": ["يومي ", *lx.weekdays],
        "year-span": [DIGIT],
    }
    heads["hijri-year"] = heads["year"]  # a superset of its own heads: one look-ahead group for both
    head_words = [
        *digit_heads,  # numeric-dmy, numeric-ymd, the second form of year; day-phrase's date; hijri's day
        *lx.words("day_parts"), "يوم", *lx.relative_days, *lx.weekdays,  # day-phrase; يومي too
        *(f + " " + h for f in from_words for h in ("يوم", *digit_heads)),  # day-range
        "شهر ", *lx.hijri_months, "العشر ",  # hijri
        *lx.words("period_parts_until_end"), *lx.period_parts,
        *lx.greg_months, "الاسبوع ", "النصف ",  # month-year, period
        *(f + " " + y + DIGIT for f in from_words for y in ("", *(w + " " for w in year_words),
                                                           *(w + "ي " for w in year_words), "العامين ")),
        *(c + w for c in ("", "ل", "ب") for w in year_words),  # year
        *(w + g + DIGIT for w in ("في", "منذ", "حتى", "خلال") for g in (" ", "")),  # year-after-preposition
        *lx.words("this_words"), *lx.periods,  # period
        *lx.words("ago_words"), *lx.words("after_words"), *lx.words("within_words"),  # duration
        *heads["span"], *heads["season"], *heads["season-of-year"], *heads["year-fraction"], *heads["decade"],
        *heads["century"], *heads["feast"], *heads["years-and"], *heads["years-named-and"], *heads["anaphoric-day"],
        *heads["this-day-of-year"], *heads["anaphoric-year"],
    ]
    # After the union (which alone decides where a candidate is), one optional lookahead per pattern with
    # an empty group: the group is "" when that pattern's own heads match there, None otherwise, so each
    # pattern is tried only at its own candidates (about a fifth of them).
    # The clitics are spelt out in the tries (no backtracking over them): each look-up is a few steps.
    clitics = ["", *"وفبلك", *(a + b for a in "وفبلك" for b in "وفبلك")]

    def lookahead(words: list[str]) -> str:
        return "(?=" + _trie([c + w for c in clitics for w in words if w])

    group_heads: dict[tuple[str, ...], int] = {}
    group_of: list[int] = []
    rare = [h for name, _ in items if name in RARE_PATTERNS for h in heads[name]]
    for name, _ in items:
        key = ("<rare>",) if name in RARE_PATTERNS else tuple(sorted(set(heads[name])))
        group_of.append(group_heads.setdefault(key, len(group_heads)))
    which = "".join(rf"(?:{lookahead(rare if key == ('<rare>',) else list(key))}())|)" for key in group_heads)
    union = rf"{lookahead(head_words)}){which}"
    return Patterns(tuple((name, re.compile(p)) for name, p in items), re.compile(START + union),
                    re.compile(rf"[^{LETTER}\d]{union}"), tuple(group_of))

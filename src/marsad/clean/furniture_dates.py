"""Dates written in page furniture ("نشر في 13 أغسطس 2015", "آخر تحديث: 2015/08/13 10:30").

Only the furniture of a page is read here (bylines, timestamp lines); dates in the body are the
dates stage's job. Month names, weekday names and the published/updated cues come from common.yaml.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from functools import cache

from .rules import Rules

_TIME_RE = re.compile(r"(?<!\d)\d{1,2}:\d{2}(?::\d{2})?(?!\d)")
_YMD_RE = re.compile(r"(?<!\d)(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?!\d)")
_DMY_RE = re.compile(r"(?<!\d)(\d{1,2})[-/.](\d{1,2})[-/.](\d{4})(?!\d)")
# Every form below starts where a run of digits does ((?<!\d)\d): those runs are found by sre's charset
# scan, and only their starts are tried (a leading lookbehind makes finditer run the matcher at every
# character of what is often a whole paragraph).
_DIGIT_RUN_RE = re.compile(r"\d\d*")


@dataclass(frozen=True)
class FurnitureDate:
    iso: str
    kind: str  # published | updated | plain (no cue said which)
    start: int  # span of the date in the normalised line
    end: int


@cache
def _named_month_re(month_alt: str) -> re.Pattern[str]:
    # "13 أغسطس 2015", "13 أغسطس/آب 2015", "13 من أغسطس (آب) 2015", "13 اغسطس، 2015"
    return re.compile(
        rf"(?<!\d)(\d{{1,2}})\s*(?:من\s+)?({month_alt})(?:\s*[/(-]\s*(?:{month_alt})\s*\)?)?\s*[،,]?\s*(\d{{4}})(?!\d)"
    )


def _valid(y: int, m: int, d: int) -> str | None:
    try:
        return date(y, m, d).isoformat()
    except ValueError:
        return None


def _finditer(pattern: re.Pattern[str], text: str, starts: list[int]) -> Iterator[re.Match[str]]:
    """pattern.finditer(text) for a pattern whose matches start only at `starts` (sorted): finditer goes on
    from the end of each match, and a search reaching a position tries what pattern.match(text, position)
    does (lookbehinds see the text before it). No pattern here matches the empty string."""
    match = pattern.match
    pos = 0
    for start in starts:
        if start >= pos:
            m = match(text, start)
            if m is not None:
                yield m
                pos = m.end()


def find_dates(normalised: str, rules: Rules) -> list[FurnitureDate]:
    """Every Gregorian date in a normalised furniture line, with the cue (published/updated) before it."""
    runs = [m.start() for m in _DIGIT_RUN_RE.finditer(normalised)]
    if not runs:
        return []  # every form below has digits
    found: list[tuple[int, int, str]] = []
    months = rules.months
    for m in _finditer(_named_month_re(rules.month_alternation), normalised, runs):
        month = months.get(re.sub(r"\s+", " ", m.group(2)))
        iso = _valid(int(m.group(3)), month, int(m.group(1))) if month else None
        if iso:
            found.append((m.start(), m.end(), iso))
    for m in _finditer(_YMD_RE, normalised, runs):
        iso = _valid(int(m.group(1)), int(m.group(2)), int(m.group(3)))
        if iso:
            found.append((m.start(), m.end(), iso))
    for m in _finditer(_DMY_RE, normalised, runs):
        iso = _valid(int(m.group(3)), int(m.group(2)), int(m.group(1)))
        if iso:
            found.append((m.start(), m.end(), iso))
    found.sort()
    out: list[FurnitureDate] = []
    for start, end, iso in found:
        before = normalised[:start]
        # The nearest cue before the date decides: "نشر في … | آخر تحديث …" has one of each.
        pub = max((before.rfind(c) for c in rules.published_cues), default=-1)
        upd = max((before.rfind(c) for c in rules.updated_cues), default=-1)
        kind = "plain" if pub < 0 and upd < 0 else ("updated" if upd > pub else "published")
        out.append(FurnitureDate(iso, kind, start, end))
    return out


def is_timestamp_line(normalised: str, dates: list[FurnitureDate], rules: Rules) -> bool:
    """A line that is nothing but a date/time with its cue and weekday (not a sentence that mentions one)."""
    if not dates:
        return False
    rest = normalised
    for d in sorted(dates, key=lambda d: d.start, reverse=True):
        rest = rest[: d.start] + " " + rest[d.end :]
    rest = _TIME_RE.sub(" ", rest)
    filler = set(rules.weekdays) | set(rules.time_words)
    cues = sorted(rules.published_cues + rules.updated_cues, key=len, reverse=True)
    for cue in cues:
        rest = rest.replace(cue, " ")
    words = [w for w in re.split(r"[\s:：،,|/\-–—()]+", rest) if w and w not in filler and not w.isdigit()]
    return len(words) <= 2


def pick_published(candidates: list[tuple[FurnitureDate, str]]) -> tuple[str, str] | None:
    """(date, line) to report: a date cued as publication first, then an uncued one, then an update."""
    for kind in ("published", "plain", "updated"):
        for d, line in candidates:
            if d.kind == kind:
                return d.iso, line
    return None

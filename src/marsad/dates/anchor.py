"""Inferring the publication date (the anchor) when no metadata gives it.

A reader of an undated page works it out: "الخميس … غدا الجمعة 14 أغسطس" means today is Thursday 13
August of a year in which 14 August is a Friday; "أمس الأربعاء" means today is a Thursday; a page citing
"عام 2012" was written in 2012 or later; it was written before today; and a person named with a role
("رئيس الائتلاف خالد خوجة") narrows the years to that person's tenure. `infer_anchor` applies these
constraints to candidate dates and reports every candidate that survives, never claiming certainty
it does not have.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import date, timedelta

from ..kb.tenure import TenureConstraint
from ..model import Published
from .recognize import DateExpr
from .resolve import hijri_to_date, nearest_date

# With no explicit year to bound it from below, candidate years go back this far from today
# (the era of online news archives; older pages nearly always carry a full date).
MAX_LOOKBACK_YEARS = 40
# Confidence of an anchor left as the only candidate by exact day-word links ("غدا الجمعة 14 أغسطس").
SINGLE_CANDIDATE_CONFIDENCE = 0.9
# Confidence when several candidates remain: shared among them.
SEVERAL_CANDIDATES_CONFIDENCE = 0.6
# Confidence of an anchor guessed from a date named in the text without a day word linking it to today.
APPROXIMATE_CONFIDENCE = 0.3
# A crawl fetches a page up to a few days after it appeared (SaudiNewsNet: mostly the same day, some one to
# three days late): the weekday named by "أمس الأربعاء" / "اليوم الاثنين" is looked for this far back.
MAX_CRAWL_LAG_DAYS = 6
# A crawl in the small hours (before this hour UTC, 05:00 in Riyadh) fetched the day before's pages: of 252
# SaudiNewsNet pages crawled between 01:00 and 02:00 UTC whose text names its own day ("اليوم الاثنين", "أمس
# الأحد"), 83 % were of the day before, 3 % of the crawl day (02:00–03:00: 43 % and 13 %, the rest older;
# from 06:00 on the crawl day wins, 72–97 %). With no day word the day before is taken then.
EARLY_CRAWL_HOUR_UTC = 2
# Confidence of the crawl day itself when the text names no weekday of its own day: most pages are crawled
# the day they appear, but the crawl time is an upper bound, not the date.
CRAWL_DAY_CONFIDENCE = 0.6
# A date in the page's address ("/2015/08/05/", "/Issues/20150805/"): the day the outlet filed it under.
_URL_DATE = re.compile(r"(?<!\d)((?:19|20)\d\d)([/_-]?)(0[1-9]|1[0-2])\2(0[1-9]|[12]\d|3[01])(?!\d)")
WEEKDAY_NAMES = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")


def _lower_bound(expr: DateExpr) -> date | None:
    """The earliest date the page can have been written, from an expression in reporting (not future) use."""
    if expr.future or expr.direction == 1 or (expr.offset or 0) > 0:
        return None  # announced, not reported: "غدا 3 يناير 2016" bounds nothing
    if expr.calendar == "hijri":
        if expr.hijri_year and expr.hijri_month:
            return hijri_to_date(expr.hijri_year, expr.hijri_month, expr.day or 1)
        return None
    year = expr.year2 or expr.year
    if year is None:
        return None
    if expr.year2 is None and expr.day and expr.month and expr.day2 is None:
        try:
            return date(year, expr.month, expr.day)
        except ValueError:
            return None
    return date(year, 1, 1)


def _within(d: date, t: TenureConstraint) -> bool:
    return (t.start is None or date.fromisoformat(t.start) <= d) and (t.end is None or d <= date.fromisoformat(t.end))


def infer_anchor(
    exprs: Sequence[DateExpr],
    constraints: Sequence[TenureConstraint] = (),
    today: date | None = None,
) -> Published:
    """The most plausible publication date given the date expressions of a page, tenure constraints
    from the knowledge base and today's date (injectable for tests)."""
    today = today or date.today()
    evidence: list[str] = []

    bounds = [(b, e) for e in exprs if (b := _lower_bound(e)) is not None and b <= today]
    lower = max(bounds, default=None, key=lambda pair: pair[0])
    low = lower[0] if lower else date(today.year - MAX_LOOKBACK_YEARS, 1, 1)

    # Day words tied to a date: the anchor is that date minus the offset ("غدا الجمعة 14 أغسطس").
    links = [e for e in exprs if e.offset is not None and e.day is not None and e.month is not None
             and e.day2 is None and e.calendar == "gregorian"]
    # Day words tied to a weekday: the anchor's weekday ("أمس الأربعاء" -> a Thursday).
    anchor_weekdays = [e for e in exprs if e.offset is not None and e.weekday is not None and e.day is None]
    # A date with its weekday and no year: the year must make them agree ("الجمعة 14 أغسطس").
    pairs = [e for e in exprs if e.weekday is not None and e.day is not None and e.month is not None
             and e.year is None and e.calendar == "gregorian"]

    def consistent(anchor: date) -> bool:
        if not (low <= anchor <= today):
            return False
        for e in anchor_weekdays:
            if (e.weekday - e.offset) % 7 != anchor.weekday():  # type: ignore[operator]
                return False
        for e in pairs:
            d = nearest_date(e.month, e.day, anchor)  # type: ignore[arg-type]
            if d is None or d.weekday() != e.weekday:
                return False
        return True

    candidates: list[date] = []
    approximate = cited_only = False  # cited_only: the candidate is the latest date cited as past
    if links:
        for i, link in enumerate(links):
            years = [link.year] if link.year else range(low.year, today.year + 2)
            found: set[date] = set()
            for year in years:
                try:
                    found.add(date(year, link.month, link.day) - timedelta(days=link.offset))  # type: ignore[arg-type,operator]
                except ValueError:
                    continue
            candidates = sorted(found) if i == 0 else sorted(set(candidates) & found)
            evidence.append(f"'{link.text}': the day {link.offset:+d} from the publication date")
        candidates = [c for c in candidates if consistent(c)]
        for e in anchor_weekdays:
            evidence.append(f"'{e.text}': published on a {WEEKDAY_NAMES[(e.weekday - e.offset) % 7]}")  # type: ignore[operator]
        for e in pairs:
            evidence.append(f"'{e.text}': the year must make the weekday and the date agree")
    elif pairs:
        approximate = True
        found = set()
        for e in pairs:
            for year in range(low.year, today.year + 1):
                try:
                    d = date(year, e.month, e.day)  # type: ignore[arg-type]
                except ValueError:
                    continue
                if d.weekday() == e.weekday and low <= d <= today:
                    found.add(d)
        candidates = sorted(found)
        evidence.append("no day word ties a date to the publication day; the dates named with their weekday "
                        "are taken as near it")
    else:
        full = [b for b, e in bounds if e.day and e.month and e.year and e.day2 is None]
        if full:
            approximate = cited_only = True
            candidates = [max(full)]
            evidence.append("only full dates are written; the latest one is taken as near the publication date")

    written_on = {(e.weekday - e.offset) % 7 for e in anchor_weekdays}  # type: ignore[operator]
    if cited_only and candidates and len(written_on) == 1:
        # "اليوم الاثنين" with only dates cited as past: the first Monday on or after the date taken.
        (weekday,) = written_on
        shifted = sorted({c + timedelta(days=(weekday - c.weekday()) % 7) for c in candidates})
        if [c for c in shifted if c <= today]:
            candidates = [c for c in shifted if c <= today]
            evidence.append(f"the text names its own day, a {WEEKDAY_NAMES[weekday]}: the first one on or after it")
    if lower and (links or pairs or candidates):
        evidence.append(f"'{lower[1].text}' is cited as past: written on or after {lower[0].isoformat()}")
    if not candidates:
        if links or pairs:
            evidence.append("no date agrees with all the clues")
            return Published(None, "none", 0.0, [], evidence)
        return Published(None, "none", 0.0, [], [])
    evidence.append(f"written on or before today, {today.isoformat()}")

    tenure_supported = False
    if constraints:
        kept = [c for c in candidates if all(_within(c, t) for t in constraints)]
        reasons = "; ".join(t.reason for t in constraints)
        if kept:
            evidence.append(f"role tenures: {reasons}")
            candidates, tenure_supported = kept, True
        else:
            evidence.append(f"role tenures ({reasons}) agree with none of {len(candidates)} candidate dates; ignored")

    chosen = candidates[-1]  # the latest; the others stay listed as candidates
    if approximate:
        confidence = APPROXIMATE_CONFIDENCE / len(candidates)
    elif len(candidates) == 1:
        confidence = SINGLE_CANDIDATE_CONFIDENCE
    else:
        confidence = SEVERAL_CANDIDATES_CONFIDENCE / len(candidates)
        evidence.append(f"{len(candidates)} dates fit; the latest is chosen"
                        + ("" if tenure_supported else " (no role tenure narrows them)"))
    others = [c.isoformat() for c in reversed(candidates) if c != chosen]
    return Published(chosen.isoformat(), "inferred", round(confidence, 2), others, evidence)


def url_date(url: str | None) -> date | None:
    """The day written in a page's address ("…/2015/08/05/…", "…/Issues/20150805/…"), if any."""
    if not url:
        return None
    path = url.split("://", 1)[-1].partition("/")[2]  # not the host name
    m = _URL_DATE.search(path)
    if m is None:
        return None
    try:
        return date(int(m.group(1)), int(m.group(3)), int(m.group(4)))
    except ValueError:
        return None


def crawl_time(stamp: str) -> tuple[date, int | None]:
    """The day and the hour (UTC) of a crawl time as SaudiNewsNet writes it ("2015-08-06 01:40:43"), or of a day
    alone (hour None). ValueError when the day is no ISO date."""
    day = date.fromisoformat(stamp[:10])
    hour = stamp[11:13] if len(stamp) >= 13 and stamp[10] in " T" else ""
    return day, int(hour) if hour.isdigit() else None


def anchor_from_crawl(exprs: Sequence[DateExpr], crawled: date, url: str | None = None,
                      hour: int | None = None) -> Published:
    """The publication day of a page crawled on `crawled`: an upper bound, not the date itself.

    The day the address names wins ("/Issues/20150805/" crawled on the 6th). Otherwise the text's day words
    name the publication weekday ("أمس الأربعاء": a Thursday; "اليوم الاثنين": a Monday) or its date
    ("غدا الجمعة 14 أغسطس"): the latest such day on or before the crawl, within a few days. With no such
    word the crawl day stands, with a lower confidence — or the day before when the crawl `hour` (UTC) was in the
    small hours (EARLY_CRAWL_HOUR_UTC).
    """
    crawl_note = f"crawled on {crawled.isoformat()}: published then or a few days before"
    default = crawled
    if hour is not None and hour < EARLY_CRAWL_HOUR_UTC:
        default = crawled - timedelta(days=1)
        crawl_note += f"; at {hour:02d}h UTC, the pages fetched are mostly of the day before"
    from_url = url_date(url)
    if from_url is not None and from_url <= crawled:
        return Published(from_url.isoformat(), "metadata", 0.9, [], [f"the address names the day ({url})", crawl_note])
    anchor_weekdays = [e for e in exprs if e.offset is not None and e.weekday is not None and e.day is None
                       and not e.future]
    links = [e for e in exprs if e.offset is not None and e.day is not None and e.month is not None
             and e.day2 is None and e.calendar == "gregorian"]
    evidence = [crawl_note]
    if not anchor_weekdays and not links:
        evidence.append("no day word names the publication day: the crawl day is taken" if default == crawled
                        else "no day word names the publication day: the day before the crawl is taken")
        return Published(default.isoformat(), "crawled", CRAWL_DAY_CONFIDENCE, [], evidence)

    def agreeing(day: date) -> int:
        """How many of the day words agree with `day` as the publication day."""
        n = sum((e.weekday - e.offset) % 7 == day.weekday() for e in anchor_weekdays)  # type: ignore[operator]
        for e in links:
            try:
                n += date(e.year or day.year, e.month, e.day) - timedelta(days=e.offset) == day  # type: ignore[arg-type,operator]
            except ValueError:
                continue
        return n

    # The latest day within the lag that agrees with the most day words (all of them, normally; a quoted
    # statement of another day may disagree).
    days = [crawled - timedelta(days=lag) for lag in range(MAX_CRAWL_LAG_DAYS + 1)]
    scores = [agreeing(d) for d in days]
    best = max(scores)
    if best == 0:
        evidence.append("the day words agree with no day of the week before the crawl: the crawl day is taken")
        return Published(default.isoformat(), "crawled", APPROXIMATE_CONFIDENCE, [], evidence)
    day = days[scores.index(best)]
    evidence += [f"'{e.text}': published on a {WEEKDAY_NAMES[(e.weekday - e.offset) % 7]}"  # type: ignore[operator]
                 for e in anchor_weekdays]
    evidence += [f"'{e.text}': the day {e.offset:+d} from the publication date" for e in links]
    total = len(anchor_weekdays) + len(links)
    if best < total:
        evidence.append(f"{total - best} of {total} day words disagree with {day.isoformat()}")
    return Published(day.isoformat(), "crawled",
                     SINGLE_CANDIDATE_CONFIDENCE if best == total else SEVERAL_CANDIDATES_CONFIDENCE, [], evidence)

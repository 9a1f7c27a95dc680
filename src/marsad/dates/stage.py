"""The "dates" stage: every date expression of the body, resolved against the publication date.

The anchor is doc.published when metadata or the user gave it; otherwise it is inferred from the text
(`anchor.infer_anchor`) with role tenures from the knowledge base, and doc.published says so.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import replace
from datetime import date, timedelta

from ..errors import InputError
from ..kb.tenure import TenureConstraint, tenure_constraints
from ..model import DateMention, Document, Published
from ..pipeline import Options, register_stage
from ..provenance import stage_version, user_kb_dirs
from ..text.normalize import norm
from .anchor import (
    CRAWL_DAY_CONFIDENCE,
    SINGLE_CANDIDATE_CONFIDENCE,
    WEEKDAY_NAMES,
    anchor_from_crawl,
    crawl_time,
    infer_anchor,
    url_date,
)
from .lexicon import load_lexicon
from .recognize import DateExpr, find_expressions
from .resolve import WRITTEN_AFTER_ANCHOR_DAYS, Anchor, add_months, resolve

GIVEN_METHODS = ("metadata", "user")
# A crawl time (SaudiNewsNet's date_extracted; `crawled` in an ingest mapping): an upper bound of the
# publication day, which the text's day words settle (anchor.anchor_from_crawl).
CRAWLED = "crawled"
TenureLookup = Callable[[str, tuple[str, ...]], Sequence[TenureConstraint]]


# bump when the dates logic changes; the date lexicon, the NER name lists (first names; the KB name analysis)
# and the KB (the tenure of office holders dates a text) are hashed, with a user KB
CODE_VERSION = "6"
RULE_FILES = ("dates/*.yaml", "ner/*.txt", "ner/clusters.tsv", "kb/*.yaml")


class DatesStage:
    name = "dates"
    version: str  # CODE_VERSION+hash of the rule files and of a user KB (provenance.stage_version)
    assigns = ("dates", "published")
    requires = ("body", "paragraphs", "sentences", "tokens")

    def __init__(
        self,
        kb_dirs: Sequence[str] = (),
        today: Callable[[], date] = date.today,
        tenure: TenureLookup = tenure_constraints,
    ) -> None:
        self.kb_dirs = tuple(kb_dirs)
        self.version = stage_version(CODE_VERSION, RULE_FILES, user_kb_dirs(self.kb_dirs))
        self.today = today  # injectable: tests pin "today", which bounds the inferred anchor from above
        self.tenure = tenure

    def __call__(self, doc: Document) -> Document:
        ranges = [(p.start, p.end) for p in doc.paragraphs] or [(0, len(doc.body))]
        written: date | None = None
        exprs = find_expressions(doc.body, ranges)
        given = doc.published
        if given is not None and given.date and given.method.split(":", 1)[0] in GIVEN_METHODS:
            try:
                anchor = Anchor(date.fromisoformat(given.date), certain=True)
            except ValueError:
                raise InputError(f"publication date is not an ISO date (YYYY-MM-DD): {given.date!r}",
                                 source=doc.source_name or None, reason="bad-date") from None
            written, words = text_today(exprs, anchor.date)  # type: ignore[arg-type]
            if written is not None:  # one word against the metadata: its dates are said to be uncertain
                anchor = Anchor(written, certain=words > 1)
                given.evidence = [*given.evidence, f"the text names its own day: written on {written.isoformat()}"
                                  f" ({WEEKDAY_NAMES[written.weekday()]}); relative dates count from it"]
        elif given is not None and given.date and given.method == CRAWLED:
            try:  # a day, or a crawl time with its hour (UTC): "2015-08-06 01:40:43"
                crawled, hour = crawl_time(given.date)
            except ValueError:
                raise InputError(f"crawl date is not an ISO date (YYYY-MM-DD): {given.date!r}",
                                 source=doc.source_name or None, reason="bad-date") from None
            doc.published = anchor_from_crawl(exprs, crawled, doc.url, hour)
            anchor = Anchor(date.fromisoformat(doc.published.date),  # type: ignore[arg-type]
                            certain=doc.published.confidence >= CRAWL_DAY_CONFIDENCE)
        elif (from_url := url_date(doc.url)) is not None and from_url <= self.today():
            doc.published = Published(from_url.isoformat(), "metadata", 0.9, [], [f"the address names the day ({doc.url})"])
            anchor = Anchor(from_url, certain=True)
        else:
            constraints = self.tenure(doc.body, self.kb_dirs) if doc.body else []
            doc.published = infer_anchor(exprs, constraints, self.today())
            inferred = doc.published.date
            anchor = Anchor(date.fromisoformat(inferred) if inferred else None,
                            certain=doc.published.confidence >= SINGLE_CANDIDATE_CONFIDENCE)
        week_start = load_lexicon().week_start
        _share_years(doc.body, exprs)
        doc.dates = [resolve(e, anchor, week_start, f"d{i}") for i, e in enumerate(exprs, 1)]
        if written is not None:  # the day words that moved the anchor say so
            for e, mention in zip(exprs, doc.dates, strict=True):
                if e.weekday is not None and e.offset is not None and e.day is None:
                    mention.rule += "-disagrees-with-given"
        _today_of_dated_quotes(doc, exprs)
        _weekdays_after_announced(doc, exprs, anchor.date)
        exprs = _coordinated_day_words(doc, exprs)
        exprs = _weekday_with_its_date(doc, exprs)
        _feast_days(doc, exprs)
        exprs = _paper_day(doc, exprs, anchor.date)
        exprs = _anaphoric_years(doc, exprs, anchor, week_start)
        _anaphoric_days(doc, exprs)
        return doc


# How far (days) the text's own today may be from a given publication date: an edition dated the next day,
# a time zone, a page filed a day late. Further away, "اليوم الاثنين" is more likely quoted from another day.
TEXT_TODAY_REACH = 2


def _written_shift(days: int) -> int:
    """Days from the given date to the writing day a day word names, `days` apart modulo a week: at most
    WRITTEN_AFTER_ANCHOR_DAYS after it (a page is not written after it appears), else the week before."""
    shift = days % 7
    return shift - 7 if shift > WRITTEN_AFTER_ANCHOR_DAYS else shift


def text_today(exprs: Sequence[DateExpr], given: date) -> tuple[date | None, int]:
    """The day the text says it was written on, when it contradicts the given date: every day word with a
    weekday ("اليوم الاثنين", "أمس (الأحد)", "غدا الثلاثاء") names the same day, near the given one. Only
    today / yesterday / tomorrow count, and announcements ("سيعقد غدا الخميس") too; a single disagreeing
    word leaves the given date. Returns the day (None: the given one stands) and how many words name it."""
    days = [given + timedelta(days=_written_shift(e.weekday - e.offset - given.weekday()))  # type: ignore[operator]
            for e in exprs if e.weekday is not None and e.offset in (-1, 0, 1) and e.day is None]
    if not days or len(set(days)) != 1:
        return None, 0
    day = days[0]
    return (day, len(days)) if day != given and abs((day - given).days) <= TEXT_TODAY_REACH else (None, 0)


# "يناير وأبريل من هذا العام", "فبراير ومارس الماضيين", "من أول يناير وحتى 15 يوليو هذا العام": months (or
# days) joined by "و", a comma or a range word to one that names its year share that year.
_COORDINATION = re.compile(r"^\s*(?:،\s*)?(?:و|و?(?:حتى|إلى|الى|لغاية))\s*$|^\s*،\s*$")


def _share_years(body: str, exprs: list[DateExpr]) -> None:
    """A month or a day of a coordination takes the year (or the direction) the last of them names."""
    for i in range(len(exprs) - 2, -1, -1):
        e, nxt = exprs[i], exprs[i + 1]
        if not (e.month is not None and nxt.month is not None and e.calendar == nxt.calendar == "gregorian"):
            continue
        if e.year is not None or e.year_shift is not None or e.direction is not None or e.part or nxt.part:
            continue
        if (e.day is None) != (nxt.day is None) or e.day2 is not None:
            continue
        if not _COORDINATION.match(body[e.end:nxt.start]):
            continue
        if nxt.year is not None or nxt.year_shift is not None or nxt.direction is not None:
            exprs[i] = replace(e, year=nxt.year, year_shift=nxt.year_shift, direction=nxt.direction)


def _coordinated_day_words(doc: Document, exprs: list[DateExpr]) -> list[DateExpr]:
    """"اليوم وغدا", "أمس واليوم": two day words joined by "و" are one expression of two days (values)."""
    merged: list[DateExpr] = []
    mentions = []
    i = 0
    while i < len(exprs):
        e, m = exprs[i], doc.dates[i]
        if i + 1 < len(exprs):
            nxt, n = exprs[i + 1], doc.dates[i + 1]
            if (e.offset is not None and nxt.offset is not None and e.offset < nxt.offset and e.day is None
                    and nxt.day is None and m.value and n.value and len(m.value) == len(n.value) == 10
                    and re.fullmatch(r"\s+و", doc.body[e.end:nxt.start])):
                m.end, m.text = n.end, doc.body[m.start:n.end]
                m.values, m.value = [m.value, n.value], None
                m.rule += "-and-" + n.rule
                m.certain = m.certain and n.certain
                merged.append(replace(e, end=n.end, text=m.text))
                mentions.append(m)
                i += 2
                continue
        merged.append(e)
        mentions.append(m)
        i += 1
    _renumbered(doc, mentions)
    return merged


def _renumbered(doc: Document, mentions: list[DateMention]) -> None:
    """Put `mentions` in place of doc.dates when two were merged into one, ids renumbered in order."""
    if len(mentions) < len(doc.dates):
        for k, m in enumerate(mentions, 1):
            m.id = f"d{k}"
        doc.dates = mentions


# Right after a cue's day word, the quoted words begin: "قال أمس إن …", "قال أمس: «…", "أمس (الأحد) إن".
# "أكد أمس أن …" too, but not "بعد أن"/"قبل أن" (a clause of time).
_QUOTE_AFTER_DAY = re.compile(r"^\s*(?:\([^()]{1,12}\)\s*)?(?:[^\s.،,؟!؛«»:]+\s+){0,3}?"
                              r"(?:إن\s|(?<!قبل\s)(?<!بعد\s)أن\s|:\s*[«\"“]|[«\"“])")
# Words before "اليوم" that make it the reporter's today: an announcement ("سيتم اليوم", "على أن … اليوم").
_ANNOUNCED = re.compile(r"(?:^|\s)(?:س[يتن]\S+|على\s+أن|المقرر|المنتظر|المتوقع|يشار|يذكر)(?:\s|$)")


def _in_direct_quote(between: str) -> bool:
    """Whether the text after a statement's day word leaves a quotation open (the day word after it is in the
    speaker's own words): an opening «/“ after the last closing one, or an odd number of plain quote marks."""
    if between.rfind("«") > between.rfind("»") or between.rfind("“") > between.rfind("”"):
        return True
    return between.count('"') % 2 == 1


def _today_of_dated_quotes(doc: Document, exprs: Sequence[DateExpr]) -> None:
    """"اليوم" in words quoted from a day before ("وقال الوزير أمس إن الاتفاق الذي وقع اليوم …", "قال أمس:
    «نحن اليوم …»") is the day they were said, not the publication day: it takes the date of the cue's day
    word. Not in announcements ("قال أمس إن الاجتماع سيعقد اليوم": the reporter's today). "غدا" and "أمس" in
    the speaker's own quoted words count from that day too ("قال الأحد: «سنعقد الاجتماع غدا»": Monday)."""
    sentences = doc.sentences or []
    for i, e in enumerate(exprs):
        if e.offset is None or e.weekday is not None or e.day is not None:
            continue
        sentence = next((s for s in sentences if s.start <= e.start < s.end), None)
        lo = sentence.start if sentence else 0
        cue = None
        for j in range(i - 1, -1, -1):  # the nearest day before it in its sentence
            if exprs[j].start < lo:
                break
            if _said_on(exprs[j]):
                cue = j
                break
        if cue is None:
            continue
        between = doc.body[exprs[cue].end:e.start]
        if not _QUOTE_AFTER_DAY.match(between):
            continue
        if not _in_direct_quote(between) and (e.offset != 0 or e.future or _ANNOUNCED.search(between[-40:])):
            continue  # reported words: "أمس", "غدا" and an announced "اليوم" may be the reporter's
        said, own = doc.dates[cue], doc.dates[i].value
        if not (said.value and len(said.value) == 10 and own and len(own) == 10):
            continue
        today = date.fromisoformat(own) - timedelta(days=e.offset)  # the reporter's today
        if said.value < today.isoformat():
            doc.dates[i].value = (date.fromisoformat(said.value) + timedelta(days=e.offset)).isoformat()
            doc.dates[i].certain, doc.dates[i].rule = False, "relative-day:day-of-the-quote"


def _weekdays_after_announced(doc: Document, exprs: Sequence[DateExpr], anchor: date | None) -> None:
    """A weekday alone read as past, after a day still to come in its sentence, is the first such weekday
    from that day on: a programme ("تبدأ المحاضرات يوم الخميس المقبل، ثم محاضرة … يوم الجمعة") or talks that
    open on one day and are to close on another ("سيكون في جنيف يوم الاثنين المقبل … اختتام حوارهم يوم
    الأربعاء") go on in the order they are told."""
    if anchor is None:
        return
    sentences = doc.sentences or []
    # the last weekday to come named in the sentence, the sentence's end and the mention's end
    coming: tuple[date, int, int] | None = None
    past_links = set(load_lexicon().words("past_link_words"))  # "بعد أن التقى الرئيس الثلاثاء": told as past
    for e, mention in zip(exprs, doc.dates, strict=True):
        if coming is not None and e.start >= coming[1]:
            coming = None
        day = date.fromisoformat(mention.value) if mention.value and len(mention.value) == 10 else None
        if (coming is not None and day is not None and day < coming[0] and e.weekday is not None
                and e.offset is None and e.day is None and e.direction is None and not e.weekdays
                and mention.rule in ("weekday-most-recent", "weekday-upcoming", "weekday-upcoming-present")
                and not set(norm(doc.body[coming[2]:e.start]).split()) & past_links):
            day = coming[0] + timedelta(days=(e.weekday - coming[0].weekday()) % 7)
            mention.value, mention.rule, mention.certain = day.isoformat(), "weekday-after-announced", False
        if day is not None and day > anchor and mention.rule.startswith("weekday"):
            end = next((s.end for s in sentences if s.start <= e.start < s.end), len(doc.body))
            coming = (day, end, e.end)


def _said_on(e: DateExpr) -> bool:
    """A day a statement can be dated by, in reporting: "أمس", "الأحد", "يوم الأحد الماضي", "في 2 أغسطس"."""
    if e.future or e.present or e.day2 is not None or e.weekdays or e.calendar != "gregorian":
        return False
    if e.day is not None:
        return e.month is not None or e.month_shift is not None
    if e.offset is not None:
        return e.offset < 0
    return e.weekday is not None and (e.direction or -1) < 0


# Between a weekday and the date that follows it: "يوم الخميس الموافق 1436/10/28هـ", "الأحد، بتاريخ 2/8/2015",
# "يوم الاثنين (20 يوليو)", "يوم الاثنين (الموافق 20 يوليو)", "يوم الاثنين الذي وافق 20 يوليو".
_WEEKDAY_DATE_JOIN = re.compile(r"\s*[،,]?\s*(?:\(\s*)?(?:(?:الموافق|بتاريخ|تاريخ|(?:الذي|التي)\s+(?:يوافق|وافق|صادف|يصادف"
                                r"|توافق|وافقت|صادفت|تصادف))\s*)?[،,]?\s*")


_CLOSING = re.compile(r"\s*\)")


def _weekday_with_its_date(doc: Document, exprs: list[DateExpr]) -> list[DateExpr]:
    """A weekday followed by a full date ("يوم الخميس الموافق 1436/10/28هـ") names that date: one mention
    with the date's value (uncertain when the weekday disagrees), not the weekday counted from the anchor."""
    keep_e: list[DateExpr] = []
    keep_m = []
    skip = False
    for i, (e, m) in enumerate(zip(exprs, doc.dates, strict=True)):
        if skip:
            skip = False
            continue
        if (i + 1 < len(exprs) and e.weekday is not None and e.day is None and e.offset is None
                and not e.weekdays and (nxt := exprs[i + 1]).day is not None and nxt.day2 is None):
            date_m = doc.dates[i + 1]
            # A date without its year is put near the anchor: it names the weekday's day only when they agree
            # ("يوم الاثنين (20 يوليو)" told on Tuesday 4 August is Monday 20 July, not Monday 3 August).
            full = nxt.year is not None or nxt.hijri_year is not None or (
                date_m.value is not None and len(date_m.value) == 10
                and date.fromisoformat(date_m.value).weekday() == e.weekday)
            if (full and date_m.value and len(date_m.value) == 10
                    and _WEEKDAY_DATE_JOIN.fullmatch(doc.body, e.end, nxt.start)):
                if "(" in doc.body[e.end:nxt.start] and (close := _CLOSING.match(doc.body, date_m.end)):
                    date_m.end = close.end()  # "يوم الاثنين (20 يوليو)": the parenthesis closes in the mention
                date_m.start, date_m.text = m.start, doc.body[m.start:date_m.end]
                date_m.rule += "+weekday"
                if date.fromisoformat(date_m.value).weekday() != e.weekday:
                    date_m.rule, date_m.certain = date_m.rule + "-disagrees", False
                keep_e.append(replace(nxt, start=e.start, end=date_m.end, text=date_m.text))
                keep_m.append(date_m)
                skip = True
                continue
        keep_e.append(e)
        keep_m.append(m)
    _renumbered(doc, keep_m)
    return keep_e


# "حتى اليوم (أمس)", "غدا (اليوم)": the editor's own day word in parentheses after a quoted or filed one.
_PAPER_DAY = re.compile(r"\s*\(\s*([^()]{2,8}?)\s*\)")


def _paper_day(doc: Document, exprs: list[DateExpr], anchor: date | None) -> list[DateExpr]:
    """"اليوم (أمس)": the words were written or said a day before the paper came out; the day is the paper's
    "أمس". The mention takes in the parentheses (and the day word in them is no mention of its own)."""
    days = load_lexicon().relative_days
    covered_to = -1
    keep_e: list[DateExpr] = []
    keep_m = []
    for e, mention in zip(exprs, doc.dates, strict=True):
        if mention.start < covered_to:
            continue  # the "(أمس)" taken in by the mention before
        keep_e.append(e)
        keep_m.append(mention)
        if anchor is None or e.offset is None or e.weekday is not None or e.day is not None \
                or not mention.value or mention.text.endswith(")"):
            continue
        m = _PAPER_DAY.match(doc.body, mention.end)
        if m is None or (paper := days.get(norm(m.group(1)))) is None:
            continue
        mention.value = (anchor + timedelta(days=paper)).isoformat()
        mention.end, mention.text = m.end(), doc.body[mention.start:m.end()]
        mention.rule += "+paper-day"
        keep_e[-1] = replace(e, end=m.end(), text=mention.text)
        covered_to = m.end()
    _renumbered(doc, keep_m)
    return keep_e


# "ثالث أيام عيد الفطر", "في أول أيام عيد الأضحى": the ordinal and "أيام" just before a feast.
_FEAST_DAY = re.compile(r"(?<![\u0621-\u064a])([أاإ]ول|ثاني|ثالث|رابع)\s+[أا]يام\s+$")


def _feast_days(doc: Document, exprs: Sequence[DateExpr]) -> None:
    """The n-th day of a feast: the mention takes in "ثالث أيام" and its day is the feast's first plus n-1."""
    ordinals = load_lexicon().table("feast_day_ordinals")
    for e, mention in zip(exprs, doc.dates, strict=True):
        if e.pattern != "feast" or not mention.value or len(mention.value) != 10:
            continue
        m = _FEAST_DAY.search(doc.body, max(0, mention.start - 20), mention.start)
        if m is None:
            continue
        n = ordinals.get(norm(m.group(1)))
        if n is None:
            continue
        mention.start, mention.text = m.start(), doc.body[m.start():mention.end]
        mention.value = (date.fromisoformat(mention.value) + timedelta(days=n - 1)).isoformat()
        mention.rule += f"+day-{n}-of-feast"


# How far back (characters) "اليوم نفسه" looks for the day it refers to: about two sentences.
ANAPHOR_REACH = 400
_RELATIVE_CLAUSE = re.compile(r"\s+(?:الذي|التي|الذى)(?!\S)")


# How far back (characters) "العام نفسه" / "السنة التالية" look for the year they refer to: a few sentences.
YEAR_ANAPHOR_REACH = 600
_OF_NEXT = re.compile(r"\s+من\s+")  # "نفس الشهر من العام الماضي"


def _named_year(e: DateExpr, mention: DateMention) -> int | None:
    """The (last) calendar year an expression names in words or figures ("عام 1991", "العام الماضي", "بين 2007
    و2009": 2009), as resolved; None for days and months counted from the anchor ("25 يونيو")."""
    if not (e.year is not None or e.year2 is not None or e.years or e.year_shift is not None
            or e.period == "year" and e.part is None) or e.calendar != "gregorian":
        return None
    last = (mention.interval or [None, None])[1] or (mention.values or [None])[-1] or mention.value
    return int(last[:4]) if last and last[:4].isdigit() else None


def _named_month(e: DateExpr, mention: DateMention) -> tuple[int, int] | None:
    """The calendar month an expression names ("يونيو", "في 14 يوليو", "الشهر الماضي"), as resolved."""
    if not (e.month is not None or e.month_shift is not None or e.period == "month" and e.part is None) \
            or e.calendar != "gregorian" or e.day2 is not None or not mention.value:
        return None
    v = mention.value
    return (int(v[:4]), int(v[5:7])) if len(v) >= 7 and v[:4].isdigit() and v[5:7].isdigit() else None


def _anaphoric_years(doc: Document, exprs: list[DateExpr], anchor: Anchor, week_start: int) -> list[DateExpr]:
    """"سبتمبر من السنة نفسها", "شتاء العام التالي", "في العام نفسه", "في 29 من الشهر ذاته", "الشهر التالي": the
    year or month named last before it in the text (within YEAR_ANAPHOR_REACH), or the one after; with none (or
    "في العام نفسه الذي …", the year of some event) the mention is dropped: the anchor's year would be a guess,
    and usually a wrong one; a month is looked for in its paragraph only, and "نفس الشهر من العام الماضي" takes
    the year named after it. "الشهر السابق" after a month named in its sentence is the one before it ("في يونيو
    … زيادة عن الشهر السابق": May), else the anchor's last. ("العام السابق" stays the anchor's last: in company
    results "الربع المماثل من العام السابق" is the year before the report's, whatever years precede it.)"""
    if not any(e.year_anaphor is not None or e.month_anaphor is not None
               or e.period == "month" and e.direction == -1 and "سابق" in e.text for e in exprs):
        return exprs
    sentences = doc.sentences or []
    paragraphs = doc.paragraphs or []
    last_year: tuple[int, int] | None = None  # the year named last, and where its mention ends
    last_month: tuple[tuple[int, int], int] | None = None  # the month named last, and where its mention ends
    kept_exprs, kept = [], []
    for i, (e, mention) in enumerate(zip(exprs, doc.dates, strict=True)):
        if e.year_anaphor is not None or e.month_anaphor is not None:
            last = last_year if e.year_anaphor is not None else last_month
            if (last is None or e.start - last[1] > YEAR_ANAPHOR_REACH
                    or _RELATIVE_CLAUSE.match(doc.body, e.end)):
                continue
            if e.year_anaphor is not None:
                e = replace(e, year=last_year[0] + e.year_anaphor)  # type: ignore[index]
            else:  # a month: told in the same paragraph ("في 29 من الشهر ذاته" far from "26 فبراير" is not it)
                para = next((p for p in paragraphs if p.start <= e.start < p.end), None)
                if para is not None and last[1] <= para.start:
                    continue
                y, mo = add_months(*last_month[0], e.month_anaphor)  # type: ignore[index,arg-type]
                after = exprs[i + 1] if i + 1 < len(exprs) else None
                if (after is not None and _OF_NEXT.match(doc.body, e.end) and doc.body.find(after.text, e.end) >= 0
                        and (y2 := _named_year(after, doc.dates[i + 1])) is not None
                        and after.start <= e.end + 6):
                    y = y2  # "بنفس الشهر من العام الماضي": that month of the year named after it
                e = replace(e, year=y, month=mo, month_anaphor=None, month_shift=None)
            mention = resolve(e, anchor, week_start, mention.id)
            mention.rule, mention.certain = "anaphoric+" + mention.rule, False
        elif e.period == "month" and e.direction == -1 and e.part is None and "سابق" in e.text:
            sentence = next((x for x in sentences if x.start <= e.start < x.end), None)
            lo = sentence.start if sentence else e.start
            if last_month is not None and last_month[1] > lo:  # named earlier in its sentence: the one before
                y, mo = add_months(*last_month[0], -1)
                e = replace(e, year=y, month=mo, period=None, direction=None)
                mention = resolve(e, anchor, week_start, mention.id)
                mention.rule, mention.certain = "anaphoric-previous+" + mention.rule, False
        if (year := _named_year(e, mention)) is not None:
            last_year = (year, mention.end)
        if (month := _named_month(e, mention)) is not None:
            last_month = (month, mention.end)
        kept_exprs.append(e)
        kept.append(mention)
    if len(kept) < len(doc.dates):
        for i, mention in enumerate(kept, 1):
            mention.id = f"d{i}"
    doc.dates = kept
    return kept_exprs


def _anaphoric_days(doc: Document, exprs: Sequence[DateExpr]) -> None:
    """"في اليوم نفسه", "في اليوم التالي": the day of the last day named before (in the text), shifted. With
    none named before, "اليوم التالي" is the day after some event, no date: the mention is dropped."""
    last: tuple[str, int] | None = None  # the day named last, and where its mention ends
    kept = []
    for e, mention in zip(exprs, doc.dates, strict=True):
        if e.anaphor is not None:
            if (last is None or e.start - last[1] > ANAPHOR_REACH
                    or _RELATIVE_CLAUSE.match(doc.body, e.end)):  # "في اليوم نفسه الذي جرى فيه الهجوم"
                continue
            mention.value = (date.fromisoformat(last[0]) + timedelta(days=e.anaphor)).isoformat()
            mention.rule, mention.certain = "anaphoric-day", False
        if mention.value and len(mention.value) == 10:
            last = (mention.value, mention.end)
        kept.append(mention)
    if len(kept) < len(doc.dates):
        for i, mention in enumerate(kept, 1):
            mention.id = f"d{i}"
        doc.dates = kept


@register_stage("dates")
def make_dates(options: Options) -> DatesStage:
    return DatesStage(kb_dirs=options.kb_dirs)

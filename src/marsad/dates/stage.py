"""The "dates" stage: every date expression of the body, resolved against the publication date.

The anchor is doc.published when metadata or the user gave it; otherwise it is inferred from the text
(`anchor.infer_anchor`) with role tenures from the knowledge base, and doc.published says so.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from datetime import date, timedelta

from ..errors import InputError
from ..kb.tenure import TenureConstraint, tenure_constraints
from ..model import Document, Published
from ..pipeline import Options, register_stage
from .anchor import (
    CRAWL_DAY_CONFIDENCE,
    SINGLE_CANDIDATE_CONFIDENCE,
    anchor_from_crawl,
    infer_anchor,
    url_date,
)
from .lexicon import load_lexicon
from .recognize import DateExpr, find_expressions
from .resolve import Anchor, resolve

GIVEN_METHODS = ("metadata", "user")
# A crawl time (SaudiNewsNet's date_extracted; `crawled` in an ingest mapping): an upper bound of the
# publication day, which the text's day words settle (anchor.anchor_from_crawl).
CRAWLED = "crawled"
TenureLookup = Callable[[str, tuple[str, ...]], Sequence[TenureConstraint]]


class DatesStage:
    name = "dates"
    version = "1"
    assigns = ("dates", "published")
    requires = ("body", "paragraphs", "sentences", "tokens")

    def __init__(
        self,
        kb_dirs: Sequence[str] = (),
        today: Callable[[], date] = date.today,
        tenure: TenureLookup = tenure_constraints,
    ) -> None:
        self.kb_dirs = tuple(kb_dirs)
        self.today = today  # injectable: tests pin "today", which bounds the inferred anchor from above
        self.tenure = tenure

    def __call__(self, doc: Document) -> Document:
        ranges = [(p.start, p.end) for p in doc.paragraphs] or [(0, len(doc.body))]
        exprs = find_expressions(doc.body, ranges)
        given = doc.published
        if given is not None and given.date and given.method in GIVEN_METHODS:
            try:
                anchor = Anchor(date.fromisoformat(given.date), certain=True)
            except ValueError:
                raise InputError(f"publication date is not an ISO date (YYYY-MM-DD): {given.date!r}",
                                 source=doc.source_name or None, reason="bad-date") from None
        elif given is not None and given.date and given.method == CRAWLED:
            try:
                crawled = date.fromisoformat(given.date[:10])
            except ValueError:
                raise InputError(f"crawl date is not an ISO date (YYYY-MM-DD): {given.date!r}",
                                 source=doc.source_name or None, reason="bad-date") from None
            doc.published = anchor_from_crawl(exprs, crawled, doc.url)
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
        doc.dates = [resolve(e, anchor, week_start, f"d{i}") for i, e in enumerate(exprs, 1)]
        _today_of_dated_quotes(doc, exprs)
        _anaphoric_days(doc, exprs)
        return doc


# Right after a cue's day word, the quoted words begin: "قال أمس إن …", "قال أمس: «…", "أمس (الأحد) إن".
_QUOTE_AFTER_DAY = re.compile(r"^\s*(?:\([^()]{1,12}\)\s*)?(?:[^\s.،,؟!؛«»:]+\s+){0,3}?(?:إن\s|:\s*[«\"“]|[«\"“])")
# Words before "اليوم" that make it the reporter's today: an announcement ("سيتم اليوم", "على أن … اليوم").
_ANNOUNCED = re.compile(r"(?:^|\s)(?:س[يتن]\S+|على\s+أن|المقرر|المنتظر|المتوقع|يشار|يذكر)(?:\s|$)")


def _today_of_dated_quotes(doc: Document, exprs: Sequence[DateExpr]) -> None:
    """"اليوم" in words quoted from a day before ("وقال الوزير أمس إن الاتفاق الذي وقع اليوم …", "قال أمس:
    «نحن اليوم …»") is the day they were said, not the publication day: it takes the date of the cue's day
    word. Not in announcements ("قال أمس إن الاجتماع سيعقد اليوم": the reporter's today)."""
    sentences = doc.sentences or []
    for i, e in enumerate(exprs):
        if not (e.offset == 0 and e.weekday is None and e.day is None and not e.future):
            continue
        sentence = next((s for s in sentences if s.start <= e.start < s.end), None)
        lo = sentence.start if sentence else 0
        cue = next((j for j in range(i - 1, -1, -1) if lo <= exprs[j].start
                    and (exprs[j].offset or 0) < 0 and exprs[j].day is None and not exprs[j].future), None)
        if cue is None:
            continue
        between = doc.body[exprs[cue].end:e.start]
        if not _QUOTE_AFTER_DAY.match(between) or _ANNOUNCED.search(between[-40:]):
            continue
        said = doc.dates[cue]
        if said.value:
            doc.dates[i].value, doc.dates[i].certain = said.value, False
            doc.dates[i].rule = "relative-day:day-of-the-quote"


# How far back (characters) "اليوم نفسه" looks for the day it refers to: about two sentences.
ANAPHOR_REACH = 400
_RELATIVE_CLAUSE = re.compile(r"\s+(?:الذي|التي|الذى)(?!\S)")


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

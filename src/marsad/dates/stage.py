"""The "dates" stage: every date expression of the body, resolved against the publication date.

The anchor is doc.published when metadata or the user gave it; otherwise it is inferred from the text
(`anchor.infer_anchor`) with role tenures from the knowledge base, and doc.published says so.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date

from ..errors import InputError
from ..kb.tenure import TenureConstraint, tenure_constraints
from ..model import Document
from ..pipeline import Options, register_stage
from .anchor import SINGLE_CANDIDATE_CONFIDENCE, infer_anchor
from .lexicon import load_lexicon
from .recognize import find_expressions
from .resolve import Anchor, resolve

GIVEN_METHODS = ("metadata", "user")
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
        else:
            constraints = self.tenure(doc.body, self.kb_dirs) if doc.body else []
            doc.published = infer_anchor(exprs, constraints, self.today())
            inferred = doc.published.date
            anchor = Anchor(date.fromisoformat(inferred) if inferred else None,
                            certain=doc.published.confidence >= SINGLE_CANDIDATE_CONFIDENCE)
        week_start = load_lexicon().week_start
        doc.dates = [resolve(e, anchor, week_start, f"d{i}") for i, e in enumerate(exprs, 1)]
        return doc


@register_stage("dates")
def make_dates(options: Options) -> DatesStage:
    return DatesStage(kb_dirs=options.kb_dirs)

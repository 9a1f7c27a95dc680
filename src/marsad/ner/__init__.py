"""Named-entity recognition: a CRF tagger trained on ANERcorp, plus rules for political news.

`recognize(doc)` is the runtime API; the model loads lazily on the first call (once per process).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ..model import Document, Mention
    from .crf import CrfTagger


def recognize(doc: Document, tagger: CrfTagger | None = None) -> list[Mention]:
    """Typed mentions (PER, LOC, ORG, MISC) of doc.body, in body order; see marsad.ner.recognizer."""
    from .recognizer import recognize as _recognize

    return _recognize(doc, tagger)


__all__ = ["recognize"]

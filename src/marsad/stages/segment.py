"""Segment stage: sentences and tokens of the body, as spans."""

from __future__ import annotations

from ..model import Document
from ..pipeline import Options, register_stage
from ..text.segment import segment_span


class SegmentStage:
    name = "segment"
    version = "1"
    assigns = ("sentences", "tokens")
    requires = ("body", "paragraphs")

    def __call__(self, doc: Document) -> Document:
        body = doc.body
        doc.sentences = []
        doc.tokens = []
        for p_index, para in enumerate(doc.paragraphs):
            tokens, sentences = segment_span(body, para.start, para.end, p_index)
            doc.tokens += tokens
            doc.sentences += sentences
        return doc


@register_stage("segment")
def make_segment(options: Options) -> SegmentStage:
    return SegmentStage()

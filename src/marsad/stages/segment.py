"""Segment stage: sentences and tokens of the body, as spans."""

from __future__ import annotations

from ..model import Document
from ..pipeline import Options, register_stage
from ..provenance import stage_version
from ..text.segment import segment_span

CODE_VERSION = "2"  # bump when the segmentation logic changes (it reads no data file)


class SegmentStage:
    name = "segment"
    version: str  # CODE_VERSION+hash of the rule files (provenance.stage_version)
    assigns = ("sentences", "tokens")
    requires = ("body", "paragraphs")

    def __init__(self) -> None:
        self.version = stage_version(CODE_VERSION)

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

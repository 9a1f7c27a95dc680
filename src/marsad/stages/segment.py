"""Segment stage: sentences and tokens of the body, as spans."""

from __future__ import annotations

from ..model import Document, Sentence, Token
from ..pipeline import Options, register_stage
from ..text.segment import iter_tokens, sentence_bounds, token_fields


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
            tokens = list(iter_tokens(body, para.start, para.end))
            for s, e in sentence_bounds(body, para.start, para.end, tokens):
                doc.sentences.append(Sentence(s, e, body[s:e], p_index))
            for s, e, text, kind in tokens:
                n, prefix, stem = token_fields(text, kind)
                doc.tokens.append(Token(s, e, text, n, prefix, stem, kind))
        return doc


@register_stage("segment")
def make_segment(options: Options) -> SegmentStage:
    return SegmentStage()

"""The pipeline checks stage order when it is built and keeps a batch going past a bad document."""

from __future__ import annotations

import pytest

from marsad.errors import InputError, PipelineError
from marsad.model import Document
from marsad.pipeline import Options, Pipeline
from marsad.stages.segment import SegmentStage


class Failing:
    name = "failing"
    version = "1"
    assigns = ("events",)
    requires = ("body",)

    def __call__(self, doc: Document) -> Document:
        if "سيئ" in doc.body:
            raise InputError("cannot analyse", source=doc.source_name, reason="bad")
        return doc


class GivesBody:
    name = "gives-body"
    version = "1"
    assigns = ("body", "paragraphs")
    requires = ("raw",)

    def __call__(self, doc: Document) -> Document:
        doc.body = doc.raw.strip()
        doc.paragraphs = [doc.span(0, len(doc.body))]
        return doc


def test_misordered_stages_fail_at_build_time() -> None:
    with pytest.raises(PipelineError, match="segment.*requires"):
        Pipeline([SegmentStage(), GivesBody()])


def test_unknown_stage_name_is_reported() -> None:
    with pytest.raises(PipelineError, match="unknown stage"):
        Pipeline.from_options(Options(stages=["clean", "nope"]))


def test_pipe_records_the_error_and_goes_on() -> None:
    pipeline = Pipeline([GivesBody(), SegmentStage(), Failing()])
    docs = [Document(source_name=n, raw=t) for n, t in (("a", "خبر جيد"), ("b", "خبر سيئ"), ("c", "خبر آخر"))]
    results = list(pipeline.pipe(docs))
    assert [d.source_name for d, _ in results] == ["a", "b", "c"]
    assert [err is None for _, err in results] == [True, False, True]
    assert results[0][0].stages == ["gives-body@1", f"segment@{SegmentStage().version}", "failing@1"]
    assert results[1][1] is not None and results[1][1].reason == "bad"

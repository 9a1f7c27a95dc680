"""The dates stage in the pipeline: the anchor it uses or infers, and the RT sample (read from ../shared)."""

from __future__ import annotations

from datetime import date

import pytest

from marsad.cli.extract import extract
from marsad.dates.stage import DatesStage
from marsad.errors import InputError
from marsad.io import read_document
from marsad.kb.tenure import TenureConstraint
from marsad.model import Document, Published, Span
from marsad.pipeline import Options, Pipeline
from marsad.stages.segment import SegmentStage

TODAY = date(2026, 11, 28)
KHOJA = TenureConstraint("2015-01-04", "2016-03-12", "خالد خوجة رئيس الائتلاف الوطني السوري (2015-01-04..2016-03-12)")


def doc_of(text: str, published: Published | None = None) -> Document:
    doc = Document(body=text, paragraphs=[Span(0, len(text), text)], published=published)
    return SegmentStage()(doc)


def test_declares_its_layers_and_runs_after_segment() -> None:
    stage = DatesStage()
    assert stage.name == "dates" and set(stage.assigns) == {"dates", "published"}
    assert {"body", "paragraphs", "sentences", "tokens"} <= set(stage.requires)
    names = [s.name for s in Pipeline.from_options(Options(stages=["clean", "segment", "dates"])).stages]
    assert names == ["clean", "segment", "dates"]


@pytest.mark.parametrize("method", ["user", "metadata"])
def test_given_anchor_is_used_and_kept(method: str) -> None:
    given = Published("2020-03-05", method, 1.0, [], ["given"])
    doc = DatesStage(today=lambda: TODAY)(doc_of("وقال الوزير أمس إن الجولة انتهت.", given))
    assert doc.published is given
    assert doc.dates[0].value == "2020-03-04" and doc.dates[0].certain


def test_a_bad_given_anchor_is_a_clear_error() -> None:
    with pytest.raises(InputError, match="YYYY-MM-DD"):
        DatesStage()(doc_of("وقال الوزير أمس إن الجولة انتهت.", Published("13/8/2015", "user", 1.0)))


def test_tenure_lookup_gets_the_body_and_kb_dirs() -> None:
    seen: list[tuple[str, tuple[str, ...]]] = []

    def lookup(text: str, kb_dirs: tuple[str, ...]) -> list[TenureConstraint]:
        seen.append((text, kb_dirs))
        return []

    doc = doc_of("ويلتقي الوزير المبعوث غدا الجمعة 14 أغسطس.")
    DatesStage(kb_dirs=["/tmp/kb"], today=lambda: TODAY, tenure=lookup)(doc)
    assert seen == [(doc.body, ("/tmp/kb",))]


def test_options_published_reaches_the_stage_through_extract() -> None:
    raw = ("المبعوث الأممي يصل إلى دمشق لبحث تثبيت الهدنة\n\n"
           "وصل المبعوث الأممي إلى دمشق أمس الأربعاء في زيارة تستمر يومين يبحث خلالها مع المسؤولين السوريين "
           "سبل تثبيت الهدنة وإيصال المساعدات الإنسانية إلى المناطق المحاصرة في ريف العاصمة.\n")
    doc = extract(Document(source_name="composed", raw=raw),
                  Options(published="2015-08-13", stages=["clean", "segment", "dates"]))
    assert doc.published is not None and doc.published.method == "user"
    assert [(d.text, d.value) for d in doc.dates] == [("أمس الأربعاء", "2015-08-12")]


def test_empty_body_gives_no_dates() -> None:
    doc = DatesStage(today=lambda: TODAY)(Document(body="", paragraphs=[]))
    assert doc.dates == [] and doc.published is not None and doc.published.method == "none"


# The RT sample: run the real clean and segment stages, then the dates stage with the tenure constraint
# the knowledge base will supply (injected here while kb.tenure is being written).
EXPECTED_RT = {
    "أمس الأربعاء": "2015-08-12",
    "يوم الثلاثاء الماضي": "2015-08-11",
    "غدا الجمعة 14 أغسطس/آب": "2015-08-14",
    "الخميس": "2015-08-13",
    "الجمعة 14 أغسطس/آب": "2015-08-14",
    "30 يونيو/حزيران عام 2012": "2012-06-30",
}


def rt_through_dates(path: str, tenure: list[TenureConstraint]) -> Document:
    doc = Pipeline.from_options(Options(stages=["clean", "segment"]))(read_document(path))
    return DatesStage(today=lambda: TODAY, tenure=lambda text, kb: tenure)(doc)


@pytest.mark.shared
def test_rt_sample_with_tenure(rt_sample_path) -> None:
    doc = rt_through_dates(str(rt_sample_path), [KHOJA])
    pub = doc.published
    assert pub is not None
    assert (pub.date, pub.method, pub.candidates) == ("2015-08-13", "inferred", [])
    assert pub.confidence >= 0.8
    found = {d.text: d for d in doc.dates}
    for text, value in EXPECTED_RT.items():
        assert found[text].value == value, text
        assert found[text].certain, text
    assert sum(d.text == "الخميس" for d in doc.dates) == 3
    assert all(d.value == "2015-08-13" for d in doc.dates if d.text == "الخميس")
    assert found["الـ13 والـ14 من أغسطس/آب"].values == ["2015-08-13", "2015-08-14"]
    # Week convention Sunday..Saturday (data/dates/ar.yaml week_start): the week of Thu 13 Aug ends Sat 15 Aug.
    assert found["قبل نهاية الأسبوع"].interval == ["2015-08-13", "2015-08-15"]
    for d in doc.dates:
        assert doc.body[d.start:d.end] == d.text
    assert len(doc.dates) == 10


@pytest.mark.shared
def test_rt_sample_without_tenure_lists_the_candidates(rt_sample_path) -> None:
    pub = rt_through_dates(str(rt_sample_path), []).published
    assert pub is not None and pub.method == "inferred"
    assert sorted([pub.date, *pub.candidates]) == ["2015-08-13", "2020-08-13", "2026-08-13"]
    assert pub.confidence < 0.5


def test_crawl_hint_is_settled_by_the_text_and_anchors_the_dates() -> None:
    doc = doc_of("اجتمع الوزراء اليوم الاثنين في الدوحة، بعد أن وصلوا أمس.",
                 Published("2015-08-04", "crawled", 0.0, [], ["crawl time"]))
    doc = DatesStage(today=lambda: date(2026, 11, 28), tenure=lambda text, kb: [])(doc)
    assert doc.published is not None and (doc.published.date, doc.published.method) == ("2015-08-03", "crawled")
    assert {d.text: d.value for d in doc.dates} == {"اليوم الاثنين": "2015-08-03", "أمس": "2015-08-02"}


def test_date_in_the_url_is_the_publication_day_when_nothing_else_gives_it() -> None:
    doc = doc_of("وقال الوزير أمس إن الجولة انتهت.")
    doc.url = "https://www.example.com/2015/08/05/article_9.html"
    doc = DatesStage(today=lambda: date(2026, 11, 28), tenure=lambda text, kb: [])(doc)
    assert doc.published is not None and (doc.published.date, doc.published.method) == ("2015-08-05", "metadata")
    assert doc.dates[0].value == "2015-08-04"

"""The Python API (marsad.analyze, marsad.analyze_many, marsad.open; docs/python.md)."""

from __future__ import annotations

import re
import subprocess
import sys
import types

import pytest
from test_store import make_doc
from testdata import ROOT, shared_path

import marsad
from marsad.errors import InputError, MarsadError
from marsad.store.queries import BadParameter

DOCS = ROOT / "docs" / "python.md"

# A page composed by the team for this test: a news article's HTML with its metadata.
PAGE = """<!DOCTYPE html>
<html lang="ar" dir="rtl"><head><meta charset="utf-8">
<title>وزير الخارجية العماني يزور طهران | أخبار الخليج</title>
<meta property="og:title" content="وزير الخارجية العماني يزور طهران">
<meta property="article:published_time" content="2021-11-09T10:30:00+03:00">
</head><body>
<nav><a href="/">الرئيسية</a> <a href="/world">العالم</a></nav>
<article><h1>وزير الخارجية العماني يزور طهران</h1>
<p>وصل وزير الخارجية العماني بدر البوسعيدي إلى طهران يوم الثلاثاء في زيارة رسمية تستمر يومين، يلتقي خلالها
عددا من كبار المسؤولين الإيرانيين لبحث العلاقات الثنائية والأوضاع في المنطقة.</p>
<p>وقال البوسعيدي في تصريح للصحفيين لدى وصوله إن بلاده حريصة على تعزيز الحوار بين دول الجوار، مؤكدا أن
الاستقرار في الخليج مسؤولية مشتركة.</p>
<p>وكانت مسقط قد استضافت الشهر الماضي جولة من المشاورات الإقليمية شارك فيها ممثلون عن عدة دول.</p>
</article><footer>جميع الحقوق محفوظة</footer></body></html>"""


def _python_blocks(path) -> list[str]:
    return re.findall(r"```python\n(.*?)```", path.read_text(encoding="utf-8"), flags=re.S)


def test_the_docs_examples_run(tmp_path, monkeypatch, capsys):
    blocks = _python_blocks(DOCS)
    assert len(blocks) >= 3
    monkeypatch.chdir(tmp_path)
    namespace: dict = {}
    for block in blocks:  # one session, as in a notebook: later blocks use earlier names
        exec(compile(block, str(DOCS), "exec"), namespace)  # noqa: S102 - our own documentation
    out = capsys.readouterr().out
    assert "2023-04-13 (inferred" in out and "since: is not a real date: '2015-02-30'" in out
    assert (tmp_path / "notebook.db").exists()


def test_import_marsad_loads_nothing_else():
    code = "import sys, marsad; print(sorted(m for m in sys.modules if m.startswith(('marsad', 'yaml', 'numpy'))))"
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60,
                          env={"PYTHONPATH": str(ROOT / "src")})
    assert done.returncode == 0 and done.stdout.strip() == "['marsad']", done.stderr
    assert {"analyze", "analyze_many", "open", "Archive"} <= set(dir(marsad))
    with pytest.raises(AttributeError):
        marsad.nothing_here  # noqa: B018


def test_the_issues_one_liner_prints_the_inferred_date(rt_doc):
    """`python -c "import marsad; d = marsad.analyze(open('../shared/samples/rt-ar-gyc7.txt').read());
    print(d.published)"` prints the date `marsad extract` infers for the RT sample."""
    path = shared_path("samples/rt-ar-gyc7.txt")
    code = f"import marsad; d = marsad.analyze(open({str(path)!r}).read()); print(d.published)"
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=300,
                          env={"PYTHONPATH": str(ROOT / "src")})
    assert done.returncode == 0, done.stderr
    assert rt_doc.published.method == "inferred"
    assert done.stdout.startswith(f"{rt_doc.published.date} (inferred, confidence ")


def test_html_goes_through_the_main_text_extraction_with_its_metadata():
    doc = marsad.analyze(PAGE, url="https://gulf.example.org/2021/11/oman-iran")
    assert doc.body.startswith("وصل وزير الخارجية العماني") and "الرئيسية" not in doc.body
    assert "جميع الحقوق" not in doc.body and doc.title.startswith("وزير الخارجية العماني يزور طهران")
    assert doc.published.date == "2021-11-09" and doc.published.method == "metadata:markup"
    assert doc.url == "https://gulf.example.org/2021/11/oman-iran"
    assert any(e.actor or e.name for e in doc.entities if e.type == "PER")
    for q in doc.quotes:
        assert doc.body[q.start:q.end] == q.text
    given = marsad.analyze(PAGE, published="2021-11-10")
    assert (given.published.date, given.published.method) == ("2021-11-10", "user")


@pytest.mark.parametrize(("text", "published", "error", "match"), [
    ("This is English only, not an Arabic article at all.", None, InputError, "Arabic"),
    ("   ", None, InputError, "empty"),
    ("وصل الوزير إلى طهران في زيارة رسمية.", "2021-02-30", BadParameter, "published: is not a real date"),
    ("وصل الوزير إلى طهران في زيارة رسمية.", "2021-02", BadParameter, "published: must be a full date"),
])
def test_what_cannot_be_analysed_raises_a_clear_error(text, published, error, match):
    with pytest.raises(error) as caught:
        marsad.analyze(text, published=published)
    assert match in caught.value.detail if isinstance(caught.value, BadParameter) else match in str(caught.value)


def test_analyze_many_streams_and_can_skip():
    texts = iter(["وصل وزير الخارجية إلى طهران في زيارة رسمية تستمر يومين.", "no Arabic here at all, sorry.",
                  {"html": PAGE, "id": "page-1"}])
    stream = marsad.analyze_many(texts, errors="skip", stages=["clean", "segment", "dates"])
    assert isinstance(stream, types.GeneratorType)
    docs = list(stream)
    assert [d.source_name for d in docs] == ["(item 0)", "page-1"] and docs[0].entities == []
    with pytest.raises(InputError, match="Arabic"):
        list(marsad.analyze_many(["no Arabic here at all, sorry."]))
    with pytest.raises(ValueError, match="errors"):
        next(marsad.analyze_many([], errors="ignore"))


@pytest.fixture
def archive_path(tmp_path):
    path = tmp_path / "a.db"
    with marsad.open(path, writable=True) as archive:
        archive.add(make_doc())
    return path


def test_the_archive_takes_the_filters_of_the_cli(archive_path):
    with marsad.open(archive_path) as archive:
        assert "1 articles" in repr(archive)
        assert [e["event"] for e in archive.events()] == ["ev2", "ev1"]
        assert [e["event"] for e in archive.events(status="planned")] == ["ev2"]
        assert [e["event"] for e in archive.events(mode="host", limit=1)] == ["ev1"]
        assert [q["speaker_via"] for q in archive.quotes(text="الحل السياسى", via="stated")] == ["subject"]
        assert archive.actors(type="PER", limit=1)[0]["type"] == "PER"
        hit = archive.search("الاردني")[0]
        assert hit["matches"] and archive.article(hit["id"]).body == make_doc().body
        with pytest.raises(BadParameter, match="since: is not a real date"):
            archive.events(since="2015-02-30")
        with pytest.raises(BadParameter, match="stauts: is not a filter of events"):
            archive.events(stauts="planned")
        with pytest.raises(BadParameter, match="limit"):
            archive.quotes(limit=0)


def test_frames_need_pandas_and_are_flat(archive_path, monkeypatch):
    with marsad.open(archive_path) as archive:
        fake = types.ModuleType("pandas")
        fake.DataFrame = lambda rows, columns=None: ("frame", rows, columns)  # what was handed to pandas
        monkeypatch.setitem(sys.modules, "pandas", fake)
        _, rows, columns = archive.events(as_frame=True)
        assert columns[:4] == ["id", "article_id", "event", "type"]
        assert {r["event"]: r["source_names"] for r in rows} == {"ev1": ["أيمن الصفدي"], "ev2": ["سامح شكري"]}
        _, rows, _ = archive.search("وزير", as_frame=True)
        assert set(rows[0]) == {"id", "title", "url", "outlet", "published", "score", "snippet"}
        monkeypatch.setitem(sys.modules, "pandas", None)  # not installed
        with pytest.raises(MarsadError, match="pip install pandas"):
            archive.quotes(as_frame=True)


def test_a_missing_archive_is_a_clear_error(tmp_path):
    with pytest.raises(MarsadError, match="no archive"):
        marsad.open(tmp_path / "none.db")

"""marsad.readers: every input kind through `marsad extract` and `marsad ingest` gives the same record; one
rule for HTML; page metadata (dates from JSON-LD, markup, the address, htmldate); other languages in the
Arabic script refused. The HTML pages here are written for these tests."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest
from testdata import FIXTURES, shared_path

from marsad.cli import main
from marsad.ingest import ingest
from marsad.readers import from_text, kind_of, looks_like_html
from marsad.readers.language import LanguageError, arabic_parts, classify
from marsad.readers.page import page_metadata, url_day
from marsad.store import Store

MEETING = (FIXTURES / "ingest" / "ministers-meeting.txt").read_text(encoding="utf-8")

ARTICLE = ("استقبل وزير الخارجية الأردني أيمن الصفدي في عمان أمس الثلاثاء نظيره العراقي فؤاد حسين، وبحث "
           "الجانبان العلاقات الثنائية وسبل تعزيز التعاون الاقتصادي بين البلدين.\n\n"
           "وقال الصفدي في مؤتمر صحفي مشترك إن الأردن يقف إلى جانب العراق في جهوده لتحقيق الاستقرار، مضيفا أن "
           "البلدين اتفقا على تسريع تنفيذ مشروع خط النفط الممتد من البصرة إلى العقبة.")


def page(head: str = "", body: str = ARTICLE, title: str = "الصفدي يستقبل نظيره العراقي في عمان") -> str:
    paragraphs = "".join(f"<p>{p}</p>" for p in body.split("\n\n"))
    return (f"<!DOCTYPE html><html lang=\"ar\" dir=\"rtl\"><head><meta charset=\"utf-8\"><title>{title}</title>"
            f"{head}</head><body><nav><a href=\"/\">الرئيسية</a></nav><article><h1>{title}</h1>{paragraphs}"
            "</article><footer>جميع الحقوق محفوظة</footer></body></html>")


PERSIAN = ("وزیر امور خارجه ایران روز دوشنبه در تهران با همتای ترک خود دیدار و گفتگو کرد. در این دیدار دو طرف "
           "درباره روابط دوجانبه و تحولات منطقه تبادل نظر کردند. وی گفت که ایران آماده گسترش همکاری‌های "
           "اقتصادی با همسایگان است و این موضوع برای ثبات منطقه اهمیت دارد.")
URDU = ("پاکستان کے وزیر خارجہ نے پیر کے روز اسلام آباد میں چینی سفیر سے ملاقات کی۔ ملاقات میں دونوں ممالک کے "
        "درمیان تجارتی تعلقات اور علاقائی صورتحال پر تبادلہ خیال کیا گیا۔ وزیر خارجہ نے کہا کہ پاکستان چین کے "
        "ساتھ اپنے تعلقات کو بہت اہمیت دیتا ہے۔")
SORANI = ("وەزیری دەرەوەی عێراق ڕۆژی دووشەممە لە بەغدا لەگەڵ هاوتا تورکەکەی کۆبووەوە. لە کۆبوونەوەکەدا "
          "هەردوولا باسی پەیوەندییە دوولایەنەکان و بارودۆخی ناوچەکەیان کرد.")


# ---- one rule for HTML ----------------------------------------------------------------------------------

@pytest.mark.parametrize(("head", "expected"), [
    ("<!DOCTYPE html><html>", True), ("\ufeff  <html lang='ar'>", True), ("<p>استقبل الوزير</p>", True),
    ("<!-- saved page --><div>", True), ("<<عاجل>> استقبل الوزير نظيره", False), ("< 5 % من الأصوات", False),
    ("استقبل الوزير <b>نظيره</b>", False),
])
def test_looks_like_html(head, expected):
    assert looks_like_html(head) is expected
    assert looks_like_html(head.encode("utf-8")) is expected


def test_the_bytes_decide_between_page_and_text_whatever_the_name_or_content_type():
    html = page().encode("utf-8")
    assert kind_of(html, name="saved.txt") == "html"  # a page saved as .txt
    assert kind_of(html, content_type="text/plain; charset=utf-8") == "html"  # a server that says text
    assert kind_of(MEETING.encode("utf-8"), name="article.html") == "text"
    assert kind_of(b"WARC/1.0\r\n", name="crawl.warc") == "warc"
    assert kind_of(b'{"text": "x"}\n', name="dump") == "jsonl"


def test_pasted_text_and_html_are_read_by_the_same_rule():
    assert from_text(page(), "(pasted)").is_html
    assert not from_text(MEETING, "(pasted)").is_html


# ---- every input kind: extract and ingest give the same record ---------------------------------------

def _warc(path: Path, pages: list[tuple[str, bytes]]) -> None:
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    with path.open("wb") as fh:
        writer = WARCWriter(fh, gzip=True)
        for url, payload in [("https://news.example.org/logo.png", b"\x89PNG\r\n"), *pages]:
            ctype = "image/png" if url.endswith(".png") else "text/html; charset=utf-8"
            headers = StatusAndHeaders("200 OK", [("Content-Type", ctype)], protocol="HTTP/1.1")
            writer.write_record(writer.create_warc_record(url, "response", payload=io.BytesIO(payload),
                                                          http_headers=headers))


def _extract(capsys, *argv: str) -> dict:
    assert main(["extract", *argv]) == 0
    return json.loads(capsys.readouterr().out)


def _ingested(tmp_path: Path, *paths: str, **kwargs) -> list[dict]:
    with Store.open(tmp_path / "a.db") as store:
        summary = ingest(list(paths), store, **kwargs)
        assert summary.rejected.total() == 0, summary.examples
        rows = store.conn.execute("SELECT id, source_key FROM articles ORDER BY source_key").fetchall()
        return [store.article(rid) | {"source_key": key} for rid, key in rows]


def same(extracted: dict, archived: dict) -> None:
    record = archived["record"]
    for key in ("body", "title", "url", "published", "dates", "entities", "quotes", "events"):
        assert extracted[key] == record[key], key


@pytest.fixture
def files(tmp_path):
    other = ARTICLE.replace("الأردني أيمن الصفدي", "المصري سامح شكري").replace("عمان", "القاهرة").replace(
        "الأردن", "مصر").replace("البصرة إلى العقبة", "العراق إلى مصر")
    d = tmp_path / "in"
    d.mkdir()
    (d / "article.txt").write_text(MEETING, encoding="utf-8")
    (d / "page.html").write_text(page('<meta property="article:published_time" content="2021-06-15T10:00:00+03:00">'),
                                 encoding="utf-8")
    _warc(d / "crawl.warc.gz", [("https://news.example.org/2021/06/15/safadi", page().encode("utf-8")),
                                ("https://news.example.org/2021/06/16/shoukry",
                                 page(body=other, title="شكري يستقبل نظيره العراقي").encode("utf-8"))])
    lines = [{"uid": "w-1", "body_text": MEETING, "headline": "لقاء وزيرين", "crawl_time": "2015-08-02 10:00"},
             {"uid": "w-2", "body_text": other, "headline": "شكري يستقبل نظيره", "crawl_time": "2021-06-16 09:00"}]
    (d / "wire.jsonl").write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in lines) + "\n",
                                  encoding="utf-8")
    return d


def test_a_text_dump(capsys, tmp_path, files):
    got = _extract(capsys, str(files / "article.txt"))
    same(got, _ingested(tmp_path, str(files / "article.txt"))[0])


def test_an_html_page_from_a_file_and_from_stdin(capsys, tmp_path, files, monkeypatch):
    got = _extract(capsys, str(files / "page.html"))
    assert got["title"] == "الصفدي يستقبل نظيره العراقي في عمان" and "الرئيسية" not in got["body"]
    assert got["published"]["date"] == "2021-06-15" and got["published"]["method"] == "metadata:markup"
    same(got, _ingested(tmp_path, str(files / "page.html"))[0])
    monkeypatch.setattr("sys.stdin", io.TextIOWrapper(io.BytesIO((files / "page.html").read_bytes())))
    from_stdin = _extract(capsys, "-")
    assert from_stdin["body"] == got["body"] and from_stdin["published"] == got["published"]


def test_a_warc_record(capsys, tmp_path, files):
    first = _extract(capsys, str(files / "crawl.warc.gz"))
    second = _extract(capsys, str(files / "crawl.warc.gz"), "--record", "2")
    assert first["url"].endswith("/safadi") and first["published"]["date"] == "2021-06-15"
    assert second["url"].endswith("/shoukry") and "شكري" in second["title"]
    archived = {a["url"]: a for a in _ingested(tmp_path, str(files / "crawl.warc.gz"))}
    same(first, archived[first["url"]])
    same(second, archived[second["url"]])


def test_a_json_line_with_a_mapping(capsys, tmp_path, files):
    got = _extract(capsys, str(files / "wire.jsonl"), "--line", "2", "--map",
                   "text=body_text,title=headline,crawled=crawl_time,id=uid")
    assert got["title"] == "شكري يستقبل نظيره" and got["source_name"].endswith("#w-2")
    from marsad.ingest import make_mapping

    archived = _ingested(tmp_path, str(files / "wire.jsonl"),
                         mapping=make_mapping(None, "text=body_text,title=headline,crawled=crawl_time,id=uid"))
    same(got, next(a for a in archived if a["source_key"].endswith("#w-2")))


def test_url_given_on_the_command_line_dates_a_page_without_metadata(capsys, tmp_path):
    (tmp_path / "p.html").write_text(page(), encoding="utf-8")
    got = _extract(capsys, str(tmp_path / "p.html"), "--url", "https://news.example.org/2021/06/15/safadi")
    assert got["url"].endswith("/safadi") and got["published"]["date"] == "2021-06-15"
    assert got["published"]["method"] == "metadata:url"


def test_extract_says_what_is_missing(capsys, files):
    assert main(["extract", str(files / "crawl.warc.gz"), "--record", "5"]) == 2
    assert "no page record 5 (the input has 2)" in capsys.readouterr().err


# ---- page metadata --------------------------------------------------------------------------------------

JSON_LD = ('<script type="application/ld+json">{"@context": "https://schema.org", "@graph": [{"@type": '
           '"NewsArticle", "headline": "الصفدي يستقبل نظيره العراقي", "datePublished": "2021-06-15T08:00:00Z", '
           '"dateModified": "2021-06-17T11:00:00Z"}]}</script>')


def test_json_ld_date_published_comes_first():
    meta = page_metadata(page(JSON_LD + '<meta property="article:modified_time" content="2021-06-17">'))
    assert (meta.published, meta.method) == ("2021-06-15", "metadata:json-ld")


def test_publication_markup_on_any_element():
    html = page().replace("<article>", '<article><span property="dc:date" content="2019-02-08T00:00:00+01:00">'
                          "الجمعة 8 فيفري 2019</span>")
    assert page_metadata(html).published == "2019-02-08"


def test_htmldate_reads_a_date_written_on_the_page():
    html = page().replace("<article>", '<article><div class="byline">نشر بتاريخ 2020-11-03 الساعة 10:15</div>')
    meta = page_metadata(html)
    assert meta.published == "2020-11-03" and meta.method == "metadata:htmldate"


def test_a_page_without_any_date_says_none():
    meta = page_metadata(page())
    assert meta.published is None and meta.method == "none" and meta.candidates == []


@pytest.mark.parametrize(("url", "day"), [
    ("https://a.example/2015/08/05/x", "2015-08-05"), ("https://a.example/news/20150805/x", "2015-08-05"),
    ("http://arabic.example.com/2013/middle_east/8/3/syria.clashes/index.html", "2013-08-03"),
    ("https://a.example/article/164913/x", None), ("https://2015.example/x/2015/123456", None),
])
def test_url_day(url, day):
    assert url_day(url) == day


# The real pages of ../shared/html: body, title and date (read by hand from each page).
SHARED_PAGES = {
    "cnn-arabic-2013-syria.html": ("معارضون يسيطرون على مخازن للصواريخ بريف دمشق", "2013-08-03",
                                   "دمشق، سوريا (CNN) -- أكدت جهات سورية معارضة"),
    "assabah-2019-interview.html": ("الناشط الحقوقي السوداني خالد عبد الكريم ماسا لـ«الصباح»: كل الشروط متوفرة "
                                    "لثورة سودانية ولا حاجة لنستورد شيئا", "2019-02-08", "منذ بدء"),
}


@pytest.mark.parametrize("name", sorted(SHARED_PAGES))
def test_real_pages(name):
    path = shared_path(f"html/{name}")  # skips when ../shared is absent (a fresh clone)
    title, day, in_body = SHARED_PAGES[name]
    meta = page_metadata(path.read_text(encoding="utf-8", errors="replace"))
    assert " ".join(meta.title.split()) == title and meta.published == day and in_body in meta.text


# ---- language ---------------------------------------------------------------------------------------------

@pytest.mark.parametrize(("text", "language", "name"), [(PERSIAN, "fa", "Persian"), (URDU, "ur", "Urdu"),
                                                         (SORANI, "ckb", "Kurdish")])
def test_other_languages_in_the_arabic_script_are_refused(text, language, name, tmp_path, capsys):
    with pytest.raises(LanguageError) as caught:
        arabic_parts(text)
    assert caught.value.language == language and caught.value.reason == "language"
    (tmp_path / "p.txt").write_text(text, encoding="utf-8")
    assert main(["extract", str(tmp_path / "p.txt")]) == 2
    err = capsys.readouterr().err
    assert "[E110]" in err and name in err


def test_a_persian_page_is_rejected_in_a_batch_with_reason_language(tmp_path):
    (tmp_path / "fa.html").write_text(page(body=PERSIAN + "\n\n" + PERSIAN, title="دیدار وزیران"), encoding="utf-8")
    (tmp_path / "ar.txt").write_text(MEETING, encoding="utf-8")
    with Store.open(tmp_path / "a.db") as store:
        summary = ingest([str(tmp_path / "fa.html"), str(tmp_path / "ar.txt")], store)
    assert summary.stored == 1 and dict(summary.rejected) == {"language": 1}


def test_a_mixed_page_keeps_its_arabic_paragraphs():
    mixed = ARTICLE + "\n\n" + PERSIAN
    kept = arabic_parts(mixed)
    assert kept.strip() == ARTICLE and classify(mixed).language == "ar"
    assert arabic_parts(ARTICLE) is ARTICLE  # nothing to leave out: the same text


def test_an_inferred_date_far_from_the_year_the_address_names_is_not_taken(capsys, tmp_path):
    story = ("في مثل هذا اليوم من عام 1966 رحلت الممثلة المصرية سعاد الشريف بعد مسيرة فنية حافلة قدمت خلالها أكثر "
             "من ستين فيلما.\n\nوقد نظمت وزارة الثقافة يوم الاثنين 12 أكتوبر 1966 حفل تأبين حضره نجوم السينما، "
             "وقال وزير الثقافة حينها إن الراحلة كانت \"أيقونة الشاشة العربية\".\n")
    (tmp_path / "story.txt").write_text(story, encoding="utf-8")
    alone = _extract(capsys, str(tmp_path / "story.txt"))
    assert alone["published"]["date"] == "1966-10-12" and alone["published"]["method"] == "inferred"
    dated = _extract(capsys, str(tmp_path / "story.txt"), "--url", "https://news.example.org/2020/culture/souad")
    assert dated["published"]["date"] is None and dated["published"]["method"] == "none"
    assert "1966-10-12" in dated["published"]["candidates"]


def test_extract_gives_the_body_of_the_real_pages(capsys):
    cnn = shared_path("html/cnn-arabic-2013-syria.html")
    got = _extract(capsys, str(cnn))
    expected = (cnn.parent / "cnn-arabic-2013-syria.expected.txt").read_text(encoding="utf-8")
    assert " ".join(got["body"].split()) == " ".join(expected.split())
    assabah = shared_path("html/assabah-2019-interview.html")
    checks = next(iter(json.loads((assabah.parent / "assabah-2019-interview.checks.json").read_text("utf-8")).values()))
    body = _extract(capsys, str(assabah))["body"]
    assert all(s in body for s in checks["with"]) and not any(s in body for s in checks["without"])


def test_a_comment_section_disclaimer_is_left_out(capsys, tmp_path):
    policy = ("يرحب موقع الخبر اليومي بالنقاش البناء، ونرجو من القراء الالتزام بآداب الحوار عند كتابة التعليقات.\n\n"
              "الآراء الواردة أدناه لا تعبر عن رأي الموقع، بل عن وجهات نظر أصحابها.")
    (tmp_path / "p.html").write_text(page(body=ARTICLE + "\n\n" + policy), encoding="utf-8")
    got = _extract(capsys, str(tmp_path / "p.html"))
    assert got["body"].startswith("استقبل وزير الخارجية") and "الآراء الواردة" not in got["body"]
    assert "بالنقاش" not in got["body"] and [r["reason"] for r in got["removed"]] == ["comments", "comments"]
    quoted = ("وقال المتحدث إن الآراء الواردة في التقرير لا تعبر عن موقف الحكومة الرسمي، مضيفا أن الوزارة "
              "ستصدر ردا مفصلا خلال الأيام المقبلة.")
    (tmp_path / "q.html").write_text(page(body=ARTICLE + "\n\n" + quoted), encoding="utf-8")
    assert "لا تعبر عن موقف الحكومة" in _extract(capsys, str(tmp_path / "q.html"))["body"]

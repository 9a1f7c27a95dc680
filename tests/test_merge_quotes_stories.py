"""Cross-article quotes and stories (marsad.merge, issue 21), and the query layer's two levels: one row per
merged event or statement by default, one per article's row with level=report. Documents are built by
hand (entities, quotes, events given), with the team's own sentences."""

from __future__ import annotations

import pytest

from marsad.merge.quotes import same_statement
from marsad.merge.stories import title_words, titles_overlap
from marsad.model import Document, Entity, Event, Published, Quote, Span
from marsad.store import Store
from marsad.store import queries as q

SAFADI = "أيمن الصفدي"
STATEMENT = "إن الأردن يرفض أي تهجير للفلسطينيين من أرضهم ويدعو المجتمع الدولي إلى التحرك الفوري لوقف الحرب"
EXCERPT = "الأردن يرفض أي تهجير للفلسطينيين من أرضهم"


def _span(body: str, text: str) -> Span:
    start = body.index(text)
    return Span(start, start + len(text), text)


def _doc(body: str, *, title: str, published: str, outlet: str, quote: str | None = None,
         meeting: bool = False) -> Document:
    doc = Document(source_name=f"{outlet}-{published}-{title}", title=title, body=body, outlet=outlet,
                   paragraphs=[Span(0, len(body), body)], published=Published(published, "metadata", 1.0))
    ents = [Entity("e1", "PER", SAFADI, "Ayman Safadi", actor="jo.safadi_ayman", mentions=[_span(body, "الصفدي")])]
    if "لافروف" in body:
        ents.append(Entity("e2", "PER", "سيرغي لافروف", "Sergey Lavrov", actor="ru.lavrov_sergey",
                           mentions=[_span(body, "لافروف")]))
    doc.entities = ents
    if quote:
        s = _span(body, quote)
        doc.quotes = [Quote("q1", "e1", SAFADI, quote, "direct", "قال", s.start, s.end, speaker_via="subject")]
    if meeting:
        doc.events = [Event("ev1", "CONSULT", "meet", "040", source=["e1"], target=["e2"], date=published,
                            trigger=_span(body, "التقى"), evidence=[_span(body, "التقى")], confidence=0.7)]
    return doc


def _store(tmp_path, docs: list[Document]) -> Store:
    store = Store.open(tmp_path / "a.db")
    for d in docs:
        store.add_document(d)
    return store


def test_same_statement_needs_enough_shared_words():
    assert same_statement(STATEMENT, EXCERPT)  # an outlet quoting part of it
    assert not same_statement(STATEMENT, "إن الأردن يدعم جهود الوساطة المصرية والقطرية للتوصل إلى هدنة")
    assert not same_statement("نرفض التهجير", "نرفض التهجير")  # too short to identify a statement


def test_one_statement_quoted_by_two_outlets_is_one_quote_with_two_reports(tmp_path):
    docs = [
        _doc(f"قال وزير الخارجية أيمن الصفدي: \"{STATEMENT}\".", title="الصفدي يحذر", published="2024-02-03",
             outlet="petra", quote=STATEMENT),
        _doc(f"وأكد الصفدي في مؤتمر صحافي أن \"{EXCERPT}\" بحسب بيان الوزارة.", title="الأردن يرفض التهجير",
             published="2024-02-04", outlet="ghad", quote=EXCERPT),
        # The same words a week later: said again, another statement.
        _doc(f"وعاد الصفدي فقال أمام مجلس النواب: \"{STATEMENT}\".", title="الصفدي مجددا", published="2024-02-11",
             outlet="petra", quote=STATEMENT),
    ]
    with _store(tmp_path, docs) as store:
        merged = q.find_quotes(store, q.parse("quotes"))["items"]
        assert sorted(m["n_reports"] for m in merged) == [1, 2]
        two = next(m for m in merged if m["n_reports"] == 2)
        assert two["text"] == STATEMENT and two["n_outlets"] == 2
        assert {r["outlet"] for r in two["reports"]} == {"petra", "ghad"}
        assert q.find_quotes(store, q.parse("quotes", level="report"))["total"] == 3


def test_titles_overlap_on_content_words():
    a = title_words("الصفدي يبحث مع لافروف في موسكو الأزمة السورية")
    b = title_words("لافروف والصفدي يبحثان في موسكو الأزمة السورية")
    c = title_words("الصفدي يفتتح معرض الكتاب في عمان")
    assert titles_overlap(a, b)
    assert not titles_overlap(a, c)


def test_articles_reporting_one_meeting_are_one_story_and_the_lists_count_events(tmp_path):
    docs = [
        _doc("التقى وزير الخارجية الأردني أيمن الصفدي نظيره الروسي سيرغي لافروف في موسكو لبحث الأزمة السورية.",
             title="الصفدي يلتقي لافروف", published="2024-03-05", outlet="petra", meeting=True),
        _doc("موسكو: التقى لافروف الصفدي وبحثا تطورات المنطقة والعلاقات الثنائية بين البلدين.",
             title="مباحثات روسية أردنية", published="2024-03-05", outlet="tass", meeting=True),
        _doc("افتتح الصفدي معرضا للكتاب في عمان بحضور عدد من السفراء والمثقفين.", title="معرض الكتاب",
             published="2024-03-05", outlet="ghad"),
    ]
    with _store(tmp_path, docs) as store:
        stories = store.conn.execute("SELECT n_articles, n_outlets FROM stories ORDER BY n_articles DESC").fetchall()
        assert stories == [(2, 2), (1, 1)]
        events = q.find_events(store, q.parse("events"))
        assert events["total"] == 1
        (ev,) = events["items"]
        assert ev["n_reports"] == 2 and ev["n_outlets"] == 2 and len(ev["reports"]) == 2
        assert {p["actor"] for p in ev["source"] + ev["target"]} == {"jo.safadi_ayman", "ru.lavrov_sergey"}
        reports = q.find_events(store, q.parse("events", level="report"))
        assert reports["total"] == 2 and {r["merged_id"] for r in reports["items"]} == {ev["id"]}
        # The actor list counts the meeting once, not once per article.
        (safadi,) = q.find_actors(store, q.parse("actors", name="الصفدي"))["items"]
        assert safadi["events"] == 1 and safadi["articles"] == 3
        with pytest.raises(q.BadParameter, match="level"):
            q.parse("events", level="article")


def test_the_pages_show_a_meeting_once_with_its_outlets(tmp_path):
    from fastapi.testclient import TestClient

    from marsad.web import create_app
    from marsad.web.queries import partners

    docs = [
        _doc("التقى وزير الخارجية الأردني أيمن الصفدي نظيره الروسي سيرغي لافروف في موسكو.", title="لقاء في موسكو",
             published="2024-03-05", outlet="petra", meeting=True),
        _doc("التقى لافروف الصفدي في موسكو وبحثا تطورات المنطقة.", title="مباحثات", published="2024-03-05",
             outlet="tass", meeting=True),
    ]
    with _store(tmp_path, docs) as store:
        (lavrov,) = partners(store, "jo.safadi_ayman")
        assert lavrov["id"] == "ru.lavrov_sergey" and lavrov["events"] == 1  # "most met": one meeting
    client = TestClient(create_app(str(tmp_path / "a.db")))
    page = client.get("/events").text
    assert page.count('class="reports"') == 1 and "petra" in page and "tass" in page
    assert client.get("/api/events").json()["total"] == 1
    assert client.get("/api/events", params={"level": "report"}).json()["total"] == 2
    csv_text = client.get("/api/export/events.csv").text
    assert "n_reports" in csv_text.splitlines()[0] and len(csv_text.strip().splitlines()) == 2


def test_the_command_line_splits_merges_and_lists_stories(tmp_path, capsys):
    import json

    from marsad.cli import main

    docs = [
        _doc("التقى وزير الخارجية الأردني أيمن الصفدي نظيره الروسي سيرغي لافروف في موسكو لبحث الأزمة السورية.",
             title="الصفدي يلتقي لافروف في موسكو", published="2024-03-05", outlet="petra", meeting=True),
        _doc("التقى لافروف الصفدي في موسكو وبحثا الأزمة السورية والعلاقات.", title="لافروف يلتقي الصفدي في موسكو",
             published="2024-03-05", outlet="tass", meeting=True),
    ]
    _store(tmp_path, docs).close()
    db = str(tmp_path / "a.db")
    assert main(["events", "--db", db, "--json"]) == 0
    (ev,) = json.loads(capsys.readouterr().out)
    assert main(["events", "split", str(ev["id"]), "--db", db, "--json"]) == 0
    split = json.loads(capsys.readouterr().out)["merged_ids"]
    assert len(split) == 2
    assert main(["events", "merge", *map(str, split), "--db", db]) == 0
    capsys.readouterr()
    assert main(["events", "--db", db, "--json"]) == 0
    assert [e["n_reports"] for e in json.loads(capsys.readouterr().out)] == [2]
    assert main(["events", "frobnicate", "--db", db]) == 2
    assert main(["stories", "--db", db, "--json"]) == 0
    (story,) = json.loads(capsys.readouterr().out)
    assert story["n_articles"] == 2 and story["n_outlets"] == 2
    assert main(["stories", str(story["id"]), "--db", db, "--json"]) == 0
    assert {a["outlet"] for a in json.loads(capsys.readouterr().out)} == {"petra", "tass"}

"""The web app and REST API against real SQLite archives built in tmp_path.

Two archives: one of hand-built records (exact layers, so exact expectations) and one ingested through
the whole pipeline from the team's composed fixtures (every page must render for whatever it holds).
"""

from __future__ import annotations

import csv
import io
import json
import shutil
from html.parser import HTMLParser
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from marsad.model import Document, Entity, Event, Published, Quote, Role, Span
from marsad.store import Store
from marsad.store.export import COLUMNS
from marsad.web import create_app, demo_hint

FIXTURES = Path(__file__).resolve().parent / "fixtures"
TEAM_INPUTS = [FIXTURES / "outlets", FIXTURES / "web", FIXTURES / "ingest" / "ministers-meeting.txt",
               FIXTURES / "ingest" / "water-summit.txt",
               Path(__file__).resolve().parents[1] / "src" / "marsad" / "data" / "samples"]
XSS_SCRIPT = "<script>alert(1)</script>"
XSS_ATTR = '"onmouseover="alert(1)'


# ---- hand-built archive ----------------------------------------------------------------------------------

def _span(body: str, text: str, nth: int = 0) -> Span:
    start = -1
    for _ in range(nth + 1):
        start = body.index(text, start + 1)
    return Span(start, start + len(text), text)


def _doc(title: str, paragraphs: list[str], published: str, url: str, outlet: str) -> Document:
    body = "\n\n".join(paragraphs)
    spans, pos = [], 0
    for para in paragraphs:
        spans.append(Span(pos, pos + len(para), para))
        pos += len(para) + 2
    return Document(source_name=url, title=title, body=body, paragraphs=spans, url=url, outlet=outlet,
                    published=Published(published, "metadata", 0.9))


def hand_docs() -> list[Document]:
    """Three composed articles: Amman host meeting, a planned Cairo visit, a Baghdad phone call with markup."""
    d1 = _doc("الصفدي يستقبل شكري في عمّان لبحث التهدئة",
              ["استقبل وزير الخارجية الأردني أيمن الصفدي في عمّان يوم 12 آذار نظيره المصري سامح شكري.",
               'وقال الصفدي: "الحل السياسي هو الطريق الوحيد لإنهاء الأزمة".'],
              "2019-03-12", "https://news.example.org/amman", "outlet-a")
    b = d1.body
    d1.entities = [
        Entity("e1", "PER", "أيمن الصفدي", "Ayman Safadi", actor="jo.safadi",
               roles=[Role("وزير الخارجية الأردني", "foreign minister", country="JO")],
               mentions=[_span(b, "أيمن الصفدي"), _span(b, "الصفدي", 1)]),
        Entity("e2", "PER", "سامح شكري", "Sameh Shoukry", actor="eg.shoukry", mentions=[_span(b, "سامح شكري")]),
        Entity("e3", "LOC", "عمّان", "Amman", actor="loc.amman", mentions=[_span(b, "عمّان")]),
    ]
    from marsad.model import DateMention
    d1.dates = [DateMention("d1", *_span(b, "يوم 12 آذار").__dict__.values(), kind="date", value="2019-03-12")]
    q_text = "الحل السياسي هو الطريق الوحيد لإنهاء الأزمة"
    d1.quotes = [Quote("q1", "e1", "أيمن الصفدي", q_text, "direct", "قال", *(_span(b, q_text).__dict__[k]
                                                                             for k in ("start", "end")),
                       cue_span=_span(b, "وقال"), speaker_via="discourse")]
    d1.events = [Event("ev1", "CONSULT", "host", "042", source=["e1"], target=["e2"], date="2019-03-12",
                       place="e3", place_name="عمّان", trigger=_span(b, "استقبل"),
                       evidence=[_span(b, "استقبل وزير الخارجية")], confidence=0.8)]

    d2 = _doc("شكري يزور القاهرة الأسبوع المقبل للقاء الصفدي",
              ["يلتقي وزير الخارجية المصري سامح شكري نظيره الأردني أيمن الصفدي في القاهرة الشهر المقبل."],
              "2019-04-02", "https://news.example.org/cairo", "outlet-b")
    b = d2.body
    d2.entities = [
        Entity("e1", "PER", "سامح شكري", "Sameh Shoukry", actor="eg.shoukry",
               roles=[Role("وزير الخارجية المصري", "foreign minister", country="EG")], mentions=[_span(b, "سامح شكري")]),
        Entity("e2", "PER", "أيمن الصفدي", "Ayman Safadi", actor="jo.safadi", mentions=[_span(b, "أيمن الصفدي")]),
        Entity("e3", "LOC", "القاهرة", "Cairo", actor="loc.cairo", mentions=[_span(b, "القاهرة")]),
    ]
    d2.events = [Event("ev1", "CONSULT", "meet", "036", source=["e1"], target=["e2"], date="2019-05",
                       place="e3", place_name="القاهرة", status="planned", trigger=_span(b, "يلتقي"))]

    d3 = _doc(f"اتصال هاتفي بين بغداد وعمّان {XSS_ATTR} حول الحدود",
              [f"أجرى رئيس الوزراء العراقي اتصالا هاتفيا مع أيمن الصفدي تناول فيه رسالة تضمنت {XSS_SCRIPT} مزيفة.",
               f'وقال المتحدث: "نرفض كل محاولة {XSS_ATTR} لزعزعة الاستقرار".'],
              "2020-01-20", "javascript:alert(1)", "outlet-a")
    b = d3.body
    d3.entities = [
        Entity("e1", "PER", f"رئيس الوزراء {XSS_SCRIPT}", None, mentions=[_span(b, "رئيس الوزراء العراقي")]),
        Entity("e2", "PER", "أيمن الصفدي", "Ayman Safadi", actor="jo.safadi", mentions=[_span(b, "أيمن الصفدي")]),
    ]
    q_text = f"نرفض كل محاولة {XSS_ATTR} لزعزعة الاستقرار"
    q = _span(b, q_text)
    d3.quotes = [Quote("q1", None, XSS_ATTR, q_text, "direct", "قال", q.start, q.end)]
    # reported by the quote's (unattributed, hostile) speaker: the name must come out escaped everywhere
    d3.events = [Event("ev1", "CONSULT", "phone", "040", source=["e1"], target=["e2"], date="2020-01-20",
                       trigger=_span(b, "اتصالا هاتفيا"), quote="q1", reported_by_name=XSS_ATTR)]
    return [d1, d2, d3]


@pytest.fixture(scope="module")
def hand_db(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("hand") / "hand.db"
    with Store.open(path) as store:
        ids = [store.add_document(d) for d in hand_docs()]
    assert len(set(ids)) == 3
    return path


@pytest.fixture(scope="module")
def client(hand_db) -> TestClient:
    return TestClient(create_app(hand_db), raise_server_exceptions=False)


def _ids(client: TestClient) -> dict[str, str]:
    """Article ids by URL (the ids are content hashes)."""
    items = client.get("/api/articles").json()["items"]
    return {i["url"]: i["id"] for i in items}


# ---- HTML checks -------------------------------------------------------------------------------------------

class _Elements(HTMLParser):
    """Every start tag with its attributes, and the text, to assert on structure rather than strings."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.text: list[str] = []

    def handle_starttag(self, tag, attrs):  # noqa: ANN001
        self.tags.append((tag, dict(attrs)))

    def handle_data(self, data):  # noqa: ANN001
        self.text.append(data)


def parse(html: str) -> _Elements:
    p = _Elements()
    p.feed(html)
    return p


def assert_no_injected_markup(html: str) -> None:
    page = parse(html)
    scripts = [a for t, a in page.tags if t == "script"]
    assert scripts == [{"src": "/static/app.js", "defer": None}]  # only our static file, never an inline one
    for tag, attrs in page.tags:
        assert not any(name.startswith("on") for name in attrs), (tag, attrs)
        assert tag != "img"
        for value in attrs.values():
            assert not (value or "").lower().startswith("javascript:")
    assert XSS_SCRIPT not in html


# ---- API: articles, search, facets ---------------------------------------------------------------------

def test_articles_list_paging_and_sorting(client):
    data = client.get("/api/articles").json()
    assert data["total"] == 3 and data["page"] == 1 and data["sort"] == "-published"  # relevance needs a query
    assert [i["published"] for i in data["items"]] == ["2020-01-20", "2019-04-02", "2019-03-12"]
    oldest = client.get("/api/articles?sort=published&per_page=2&page=2").json()
    assert [i["published"] for i in oldest["items"]] == ["2020-01-20"]
    assert oldest["total"] == 3 and oldest["per_page"] == 2
    assert client.get("/api/articles?page=9").json()["items"] == []


def test_search_highlights_and_facets(client):
    data = client.get("/api/search", params={"q": "الصفدى"}).json()  # alef maqsura spelling still matches
    assert data["total"] == 3 and data["sort"] == "relevance"
    for item in data["items"]:
        marked = [item["snippet"][s:e] for s, e in item["snippet_marks"]]
        assert marked and all("الصفدي" in m for m in marked)
    facets = data["facets"]
    assert {f["value"]: f["count"] for f in facets["outlet"]} == {"outlet-a": 2, "outlet-b": 1}
    assert sum(f["count"] for f in facets["month"]) == 3
    actors = {f["value"]: f["count"] for f in facets["actor"]}
    assert actors["jo.safadi"] == 3 and actors["eg.shoukry"] == 2
    assert "loc.amman" not in actors  # places are not actors in the facet
    assert {f["value"]: f["count"] for f in facets["type"]} == {"CONSULT": 3}


def test_search_filters_combine(client):
    q = {"q": "الصفدي", "outlet": "outlet-a", "since": "2019", "until": "2019-12"}
    data = client.get("/api/articles", params=q).json()
    assert [i["url"] for i in data["items"]] == ["https://news.example.org/amman"]
    by_actor = client.get("/api/articles", params={"actor": "Sameh"}).json()
    assert by_actor["total"] == 2
    title = client.get("/api/articles", params={"q": '"يستقبل شكري"'}).json()["items"][0]
    assert [title["title"][s:e] for s, e in title["title_marks"]] == ["يستقبل شكري"]


def test_article_has_all_annotations_and_spans_point_into_body(client):
    ids = _ids(client)
    data = client.get(f"/api/articles/{ids['https://news.example.org/amman']}").json()
    record = data["record"]
    assert data["actors"] == {"e1": "jo.safadi", "e2": "eg.shoukry", "e3": "loc.amman"}
    body = record["body"]
    for layer in ("dates", "quotes"):
        for item in record[layer]:
            assert body[item["start"]:item["end"]] == item["text"]
    for ent in record["entities"]:
        for m in ent["mentions"]:
            assert body[m["start"]:m["end"]] == m["text"]
    assert record["events"][0]["trigger"]["text"] == "استقبل"
    prefix = client.get(f"/api/articles/{data['id'][:8]}").json()
    assert prefix["id"] == data["id"]


def test_unknown_article_is_404_json(client):
    r = client.get("/api/articles/0000000000000000")
    assert r.status_code == 404 and r.json()["error"] == "not-found"


# ---- API: actors, events, quotes -------------------------------------------------------------------------

def test_actor_names_roles_partners_network(client):
    data = client.get("/api/actors/jo.safadi").json()
    assert data["name_en"] == "Ayman Safadi" and data["articles"] == 3
    assert {a["text"] for a in data["aliases"]} == {"أيمن الصفدي", "الصفدي"}
    assert data["roles"][0]["office"] == "foreign minister" and data["roles"][0]["first_seen"] == "2019-03-12"
    met = {p["id"]: p for p in data["met"]}
    assert met["eg.shoukry"]["events"] == 2 and met["eg.shoukry"]["planned"] == 1
    assert [e["status"] for e in data["timeline"]] == ["happened", "planned", "happened"]  # by date
    nodes = {n["id"] for n in data["network"]["nodes"]}
    assert "jo.safadi" in nodes and "eg.shoukry" in nodes
    edge = next(e for e in data["network"]["edges"] if {e["source"], e["target"]} == {"eg.shoukry", "jo.safadi"})
    assert edge["events"] == 2 and edge["kind"] == "met"
    assert {n["relation"] for n in data["network"]["nodes"]} <= {"self", "met", "named"}
    assert all(n["type"] != "LOC" for n in data["network"]["nodes"] if n["relation"] == "named")
    assert [q["quote"] for q in data["latest_quotes"]] == ["q1"]


def test_actor_sub_resources(client):
    events = client.get("/api/actors/eg.shoukry/events", params={"status": "planned"}).json()
    assert events["total"] == 1 and events["items"][0]["place"]["name"] == "القاهرة"
    quotes = client.get("/api/actors/jo.safadi/quotes").json()
    assert quotes["total"] == 1 and quotes["items"][0]["speaker"] == "أيمن الصفدي"
    co = client.get("/api/actors/loc.amman/cooccurring").json()
    assert {a["id"] for a in co["named_alongside"]} == {"jo.safadi", "eg.shoukry"}
    assert client.get("/api/actors/nobody.here").status_code == 404
    assert client.get("/api/actors/nobody.here/events").status_code == 404
    listed = client.get("/api/actors", params={"type": "PER", "sort": "-events"}).json()
    assert listed["items"][0]["id"] == "jo.safadi"


def test_events_filters(client):
    assert client.get("/api/events").json()["total"] == 3
    planned = client.get("/api/events", params={"status": "planned"}).json()["items"]
    assert [e["date"] for e in planned] == ["2019-05"]
    assert client.get("/api/events", params={"mode": "phone"}).json()["total"] == 1
    assert client.get("/api/events", params={"place": "عمان"}).json()["total"] == 1  # spelling without shadda
    in_2019 = client.get("/api/events", params={"since": "2019-03-12", "until": "2019-05"}).json()
    assert in_2019["total"] == 2
    by_actor = client.get("/api/events", params={"actor": "Ayman Safadi", "type": "CONSULT", "sort": "date"}).json()
    assert [e["date"] for e in by_actor["items"]] == ["2019-03-12", "2019-05", "2020-01-20"]


def test_the_api_and_the_cli_serve_the_same_event_records(client, hand_db):
    """`marsad events` / the export (Store.events) and /api/events build an event from the same rows the
    same way: participants in stored order, with the actor's English name where the KB has one."""
    served = {e["id"]: e for e in client.get("/api/events").json()["items"]}
    with Store.open(hand_db, readonly=True) as store:
        stored = {e["id"]: e for e in store.events()}
    assert served == stored
    names_en = [p["name_en"] for e in stored.values() for p in e["source"] + e["target"]]
    assert "Ayman Safadi" in names_en

def test_an_inferred_speaker_is_marked_as_such(client):
    item = client.get("/api/quotes", params={"speaker": "الصفدي"}).json()["items"][0]
    assert item["speaker_via"] == "discourse"
    page = client.get("/quotes").text
    assert 'data-via="discourse"' in page and "مستنتج: متابعة كلام المتحدث" in page
    assert "inferred: the speaker continues" in client.get("/quotes", params={"lang": "en"}).text
    client.cookies.clear()  # (?lang= sets the language cookie; the other tests read Arabic pages)
    article = client.get(f"/articles/{item['article_id']}").text
    assert 'data-via="discourse"' in article
    assert page.count('class="via"') == 1  # the quote with no speaker has none
    assert [q["speaker_via"] for q in client.get("/api/quotes", params={"via": "inferred"}).json()["items"]] == [
        "discourse"]
    assert client.get("/api/quotes", params={"via": "stated,unnamed"}).json()["total"] == 0
    bad = client.get("/api/quotes", params={"via": "guessed"})
    assert bad.status_code == 400 and bad.json()["parameter"] == "via"
    assert '<option value="inferred" selected>' in client.get("/quotes", params={"via": "inferred"}).text


def test_quotes_by_speaker_and_text(client):
    assert client.get("/api/quotes", params={"speaker": "الصفدي"}).json()["total"] == 1
    found = client.get("/api/quotes", params={"text": "لزعزعه"}).json()  # teh marbuta variant
    assert found["total"] == 1 and XSS_ATTR in found["items"][0]["text"]


def test_export_downloads_follow_the_filters(client):
    r = client.get("/api/export/events.csv", params={"status": "happened"})
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/csv")
    assert "attachment" in r.headers["content-disposition"]
    text = r.content.decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text)))
    assert tuple(rows[0]) == COLUMNS["events"] and len(rows) == 1 + 2
    lines = client.get("/api/export/quotes.jsonl").text.splitlines()
    assert len(lines) == 2 and all(json.loads(line)["text"] for line in lines)
    articles = client.get("/api/export/articles.csv", params={"since": "2020"}).content.decode("utf-8-sig")
    assert len(list(csv.reader(io.StringIO(articles)))) == 2


# ---- bad parameters: 400 with the reason ----------------------------------------------------------------

@pytest.mark.parametrize(("url", "parameter"), [
    ("/api/articles?since=2019-13", "since"),
    ("/api/articles?until=2019-02-30", "until"),
    ("/api/events?since=yesterday", "since"),
    ("/api/events?since=2020&until=2019", "since"),
    ("/api/articles?page=-1", "page"),
    ("/api/articles?page=abc", "page"),
    ("/api/articles?per_page=0", "per_page"),
    ("/api/articles?per_page=100000", "per_page"),
    ("/api/articles?sort=popularity", "sort"),
    ("/api/events?sort=;DROP TABLE events", "sort"),
    ("/api/events?type=PARTY", "type"),
    ("/api/articles?type=PARTY", "type"),
    ("/api/events?status=maybe", "status"),
    ("/api/actors?type=ANIMAL", "type"),
    ('/api/search?q="unbalanced', "q"),
    ("/api/search?q=OR", "q"),
    ("/api/search?q=-الصفدي", "q"),
    ("/api/search?q=الصفدي NOT", "q"),
    ("/api/search?q=%00", "q"),
    ("/api/export/events.xlsx", "format"),
    ("/api/export/secrets.csv", "what"),
])
def test_bad_parameters_answer_400_with_reason(client, url, parameter):
    r = client.get(url)
    assert r.status_code == 400, r.text
    body = r.json()
    assert body["error"] == "bad-parameter" and body["parameter"] == parameter and body["detail"]


@pytest.mark.parametrize("q", ["NEAR(a b)", "abc*", "{words}: x", "الصفدي AND", "^x", "'", "(((", "a:b"])
def test_fts_syntax_is_never_passed_raw(client, q):
    r = client.get("/api/search", params={"q": q})
    assert r.status_code in (200, 400), r.text


def test_bad_parameters_on_pages_are_400_pages(client):
    r = client.get("/events?since=2019-99")
    assert r.status_code == 400 and r.headers["content-type"].startswith("text/html")
    assert "since" in r.text and "Traceback" not in r.text


# ---- analyse, writing, limits, errors -----------------------------------------------------------------

TEXT = ("استقبل رئيس الوزراء الأردني في عمان أمس وزير الخارجية الفرنسي وبحث معه سبل تعزيز التعاون الثنائي.\n\n"
        "وقال الوزير إن بلاده تدعم جهود التهدئة في المنطقة.")


def test_analyze_returns_the_extract_record(client):
    r = client.post("/api/analyze", json={"text": TEXT, "published": "2024-05-16"})
    assert r.status_code == 200, r.text
    record = r.json()
    assert record["published"]["date"] == "2024-05-16"
    assert record["body"] and record["schema_version"]
    for ent in record["entities"]:
        for m in ent["mentions"]:
            assert record["body"][m["start"]:m["end"]] == m["text"]
    assert client.get("/api/articles").json()["total"] == 3  # nothing stored


@pytest.mark.parametrize(("payload", "status"), [
    ({"text": ""}, 400), ({"text": "This is English only, not an Arabic article at all."}, 400),
    ({"text": 5}, 400), ({}, 400), ({"text": TEXT, "published": "16/05/2024"}, 400),
])
def test_analyze_bad_input(client, payload, status):
    r = client.post("/api/analyze", json=payload)
    assert r.status_code == status and r.json()["detail"]


def test_malformed_json_is_400(client):
    r = client.post("/api/analyze", content=b"{not json", headers={"content-type": "application/json"})
    assert r.status_code == 400 and "Traceback" not in r.text


def test_writing_needs_the_token(hand_db, tmp_path):
    db = tmp_path / "copy.db"
    shutil.copy(hand_db, db)
    closed = TestClient(create_app(db), raise_server_exceptions=False)
    assert sum(f["count"] for f in closed.get("/api/articles").json()["facets"]["outlet"]) == 3  # facets cached
    assert closed.post("/api/articles", json={"text": TEXT}).status_code == 403  # no token configured: off
    app = TestClient(create_app(db, token="s3cret-token"), raise_server_exceptions=False)
    r = app.post("/api/articles", json={"text": TEXT})
    assert r.status_code == 401 and r.headers["www-authenticate"] == "Bearer"
    assert app.post("/api/articles", json={"text": TEXT}, headers={"Authorization": "Bearer wrong"}).status_code == 403
    ok = app.post("/api/articles", json={"text": TEXT, "url": "https://news.example.org/new"},
                  headers={"Authorization": "Bearer s3cret-token"})
    assert ok.status_code == 201, ok.text
    assert app.get(ok.json()["href"]).json()["url"] == "https://news.example.org/new"
    again = app.post("/api/articles", json={"text": TEXT}, headers={"X-Marsad-Token": "s3cret-token"})
    assert again.status_code == 200 and again.json()["outcome"] == "duplicate"
    after = app.get("/api/articles").json()
    assert after["total"] == 4 and sum(f["count"] for f in after["facets"]["outlet"]) == 4  # the cache saw the write


def test_token_from_environment(hand_db, tmp_path, monkeypatch):
    monkeypatch.setenv("MARSAD_TOKEN", "from-env")
    db = tmp_path / "copy.db"
    shutil.copy(hand_db, db)
    app = TestClient(create_app(db), raise_server_exceptions=False)
    assert app.post("/api/articles", json={"text": TEXT}, headers={"Authorization": "Bearer x"}).status_code == 403
    assert app.post("/api/articles", json={"text": TEXT},
                    headers={"Authorization": "Bearer from-env"}).status_code == 201


def test_request_size_limit(hand_db):
    small = TestClient(create_app(hand_db, max_request_bytes=1000), raise_server_exceptions=False)
    r = small.post("/api/analyze", json={"text": TEXT * 20})
    assert r.status_code == 413 and r.json()["error"] == "too-large"

    def chunks():  # no Content-Length: the limit holds on the streamed body too
        for _ in range(10):
            yield b"x" * 500

    r = small.post("/api/analyze", content=chunks(), headers={"content-type": "application/json"})
    assert r.status_code == 413


def test_internal_errors_show_no_trace(hand_db, monkeypatch):
    from marsad.store import queries

    def broken(*args, **kwargs):
        raise RuntimeError("secret detail of the server")

    monkeypatch.setattr(queries, "find_actors", broken)
    app = TestClient(create_app(hand_db), raise_server_exceptions=False)
    for url in ("/api/actors", "/actors"):
        r = app.get(url)
        assert r.status_code == 500
        assert "secret detail" not in r.text and "Traceback" not in r.text


def test_missing_archive_is_503(tmp_path):
    app = TestClient(create_app(tmp_path / "none.db"), raise_server_exceptions=False)
    r = app.get("/api/articles")
    assert r.status_code == 503 and "no archive" in r.json()["detail"]


def test_security_headers_and_closed_cors(client):
    r = client.get("/", headers={"Origin": "https://evil.example"})
    csp = r.headers["content-security-policy"]
    assert "script-src 'self'" in csp and "unsafe-inline" not in csp and "default-src 'none'" in csp
    assert r.headers["x-content-type-options"] == "nosniff"
    assert "access-control-allow-origin" not in r.headers
    pre = client.options("/api/articles", headers={"Origin": "https://evil.example",
                                                   "Access-Control-Request-Method": "GET"})
    assert "access-control-allow-origin" not in pre.headers
    assert client.get("/api/openapi.json").headers["x-content-type-options"] == "nosniff"


def test_openapi_describes_the_api(client):
    spec = client.get("/api/openapi.json").json()
    for path in ("/api/articles", "/api/articles/{article_id}", "/api/events", "/api/quotes", "/api/actors",
                 "/api/actors/{actor_id}", "/api/actors/{actor_id}/events", "/api/export/{name}", "/api/analyze"):
        assert path in spec["paths"], path
    params = {p["name"] for p in spec["paths"]["/api/events"]["get"]["parameters"]}
    assert {"actor", "type", "status", "since", "until", "place", "page", "sort"} <= params
    assert "/" not in {p for p in spec["paths"]}  # pages are not part of the API description


# ---- pages -----------------------------------------------------------------------------------------------

def test_search_page_is_arabic_rtl_with_marks_and_json_twin(client):
    r = client.get("/", params={"q": "شكري"})
    page = parse(r.text)
    html_attrs = next(a for t, a in page.tags if t == "html")
    assert html_attrs == {"lang": "ar", "dir": "rtl"}
    twin = next(a["href"] for t, a in page.tags if t == "link" and a.get("rel") == "alternate")
    assert twin.startswith("/api/articles?q=")
    assert client.get(twin).json()["total"] == 2
    assert r.text.count("<mark>") >= 2
    assert {a.get("id") for t, a in page.tags if t == "section"} >= {"facet-outlet", "facet-actor", "facet-type"}


def test_article_page_highlights_with_hover_titles(client):
    ids = _ids(client)
    r = client.get(f"/articles/{ids['https://news.example.org/amman']}")
    assert r.status_code == 200
    page = parse(r.text)
    # Highlights in the text (the legend uses the same classes, without data attributes).
    spans = [(t, a) for t, a in page.tags if "hl" in (a.get("class") or "").split()
             and any(k.startswith("data-") for k in a)]
    entity = next(a for t, a in spans if "hl-entity" in a["class"] and a.get("data-entity") == "e1")
    assert "Ayman Safadi" in entity["title"] and "وزير الخارجية الأردني" in entity["title"]
    assert entity["href"] == "/actors/jo.safadi"
    date = next(a for t, a in spans if "hl-date" in a["class"])
    assert date["data-value"] == "2019-03-12" and "2019-03-12" in date["title"]
    quote = next(a for t, a in spans if "hl-quote" in a["class"])
    assert "أيمن الصفدي" in quote["title"]
    trigger = next(a for t, a in spans if "hl-trigger" in a["class"])
    assert "status-happened" in trigger["class"]
    text = "".join(page.text)
    assert "الحل السياسي هو الطريق الوحيد" in text
    assert any(t == "li" and a.get("id") == "ev1" for t, a in page.tags)  # the events panel, linkable


def test_markup_in_articles_renders_as_text_everywhere(client):
    ids = _ids(client)
    article_id = ids["javascript:alert(1)"]
    pages = [f"/articles/{article_id}", "/?q=بغداد", "/quotes", "/events", "/actors/jo.safadi",
             f"/api/articles/{article_id}"]
    for url in pages[:-1]:
        r = client.get(url)
        assert r.status_code == 200, url
        assert_no_injected_markup(r.text)
    article = client.get(pages[0]).text
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in article
    assert "onmouseover" in "".join(parse(article).text)  # shown as text
    assert client.get(pages[-1]).headers["content-type"].startswith("application/json")


def test_actor_page_timeline_and_network(client):
    r = client.get("/actors/jo.safadi")
    page = parse(r.text)
    svgs = [a for t, a in page.tags if t == "svg"]
    assert {s["class"] for s in svgs} == {"chart timeline", "chart network"}
    dots = [a for t, a in page.tags if t == "a" and "dot" in (a.get("class") or "")]
    assert sorted(d["class"] for d in dots) == ["dot status-happened", "dot status-happened", "dot status-planned"]
    nodes = [a["data-actor"] for t, a in page.tags if t == "a" and (a.get("class") or "").startswith("node")]
    assert nodes[0] == "jo.safadi" and "eg.shoukry" in nodes
    assert client.get("/actors/jo.safadi").text == r.text  # deterministic drawing
    assert client.get("/actors/nobody").status_code == 404


def test_english_toggle(client):
    r = client.get("/actors/jo.safadi", params={"lang": "en"})
    html_attrs = next(a for t, a in parse(r.text).tags if t == "html")
    assert html_attrs == {"lang": "en", "dir": "ltr"}
    assert "Who met whom" in r.text and "Sameh Shoukry" in r.text
    assert r.cookies.get("marsad_lang") == "en" or "marsad_lang=en" in r.headers.get("set-cookie", "")
    ar = client.get("/actors/jo.safadi", params={"lang": "ar"})
    assert "شبكة اللقاءات" in ar.text


def test_events_page_table_chart_and_download(client):
    r = client.get("/events", params={"status": "planned"})
    page = parse(r.text)
    csv_link = next(a["href"] for t, a in page.tags if t == "a" and a.get("id") == "download-csv")
    assert csv_link == "/api/export/events.csv?status=planned"
    rows = list(csv.reader(io.StringIO(client.get(csv_link).content.decode("utf-8-sig"))))
    assert len(rows) == 2
    assert any(t == "svg" for t, a in page.tags)


def test_who_reported_an_event_is_served_and_shown(client):
    items = client.get("/api/events").json()["items"]
    reported = [e for e in items if e["reported_by"]]
    assert [e["reported_by"] for e in reported] == [{"quote": "q1", "actor": None, "name": XSS_ATTR}]
    assert all(e["reported_by"] is None for e in items if e not in reported)
    page = client.get("/events").text
    assert page.count('class="hint reported"') == 1 and XSS_ATTR not in page
    article = client.get(f"/articles/{reported[0]['article_id']}").text
    assert 'class="reported" data-quote="q1"' in article and "بحسب" in article and XSS_ATTR not in article


def test_analyze_page_form_post(client):
    r = client.post("/analyze", data={"text": TEXT, "published": ""})
    assert r.status_code == 200
    assert "hl-entity" in r.text or "hl-trigger" in r.text
    bad = client.post("/analyze", data={"text": "   "})
    assert bad.status_code == 400 and "text" in bad.text


def test_analyze_html_and_json_on_the_page_url(client):
    html = ("<html><head><title>لقاء في عمان</title></head><body><nav>الرئيسية | رياضة</nav><article><p>"
            + TEXT.replace("\n\n", "</p><p>") + "</p></article></body></html>")
    r = client.post("/api/analyze", json={"html": html})
    assert r.status_code == 200, r.text
    assert "الرئيسية" not in r.json()["body"] and "التعاون الثنائي" in r.json()["body"]
    same = client.post("/analyze", json={"text": TEXT})  # POST /analyze answers JSON to a JSON body
    assert same.headers["content-type"].startswith("application/json") and same.json()["body"]
    assert client.post("/analyze", json=["not", "an object"]).status_code == 400


def test_demo_hint_names_the_command():
    assert "marsad serve --db" in demo_hint() and "http://127.0.0.1:8000/" in demo_hint()


# ---- the pipeline's archive: every page renders ---------------------------------------------------------

@pytest.fixture(scope="module")
def team_client(tmp_path_factory) -> TestClient:
    from marsad.ingest import ingest

    path = tmp_path_factory.mktemp("team") / "team.db"
    with Store.open(path) as store:
        summary = ingest([str(p) for p in TEAM_INPUTS], store)
    assert summary.stored >= 12
    return TestClient(create_app(path), raise_server_exceptions=False)


def test_every_page_of_the_team_archive_renders(team_client):
    articles = team_client.get("/api/articles?per_page=200").json()["items"]
    actors = team_client.get("/api/actors?per_page=200").json()["items"]
    assert articles and actors
    for a in articles:
        r = team_client.get(f"/articles/{a['id']}")
        assert r.status_code == 200, a
        assert_no_injected_markup(r.text)
    for a in actors:
        r = team_client.get(f"/actors/{a['id']}")
        assert r.status_code == 200, a
        assert_no_injected_markup(r.text)
        timeline = team_client.get(f"/api/actors/{a['id']}").json()["timeline"]
        undated = [ev for ev in timeline if not (ev["date"] or ev["published"])]
        assert ('id="undated"' in r.text) == bool(undated)  # events the chart cannot place are counted
    for url in ("/", "/events", "/quotes", "/actors", "/?q=وزير الخارجية", "/?lang=en"):
        r = team_client.get(url)
        assert r.status_code == 200, url
        assert_no_injected_markup(r.text)


def test_team_fixture_with_markup_is_escaped(team_client):
    hits = team_client.get("/api/search", params={"q": "الأمن الرقمي"}).json()["items"]
    assert hits, "the composed markup fixture should be in the archive"
    r = team_client.get(f"/articles/{hits[0]['id']}")
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in r.text
    assert_no_injected_markup(r.text)


def test_latency_bench_runs(hand_db, capsys):
    from marsad.web.bench import main

    assert main(["--db", str(hand_db), "--repeat", "1"]) == 0
    out = capsys.readouterr().out
    assert "archive: 3 articles" in out and "/api/export/events.csv" in out


def test_an_article_shows_the_versions_of_the_stages_that_made_it(team_client):
    from marsad.pipeline import Pipeline

    made_by = {s.name: s.version for s in Pipeline.from_options().stages}
    article_id = team_client.get("/api/articles?per_page=1").json()["items"][0]["id"]
    data = team_client.get(f"/api/articles/{article_id}").json()
    assert data["versions"] == made_by  # e.g. {"clean": "2+82b7705d", "segment": "2", …}
    assert data["stages"] == data["record"]["stages"] == [f"{n}@{v}" for n, v in made_by.items()]

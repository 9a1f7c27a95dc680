"""Issue 22 over HTTP: the analyst's views (an actor's dossier for a period, two actors, coverage over time),
their downloads and CLI twins, counted nouns that agree in Arabic, and the page defects an analyst saw
(column headers, totals, sort controls, error pages, empty facets, the sort label, the chosen month, the
chart's "first N of M" note, /analyze's date label and warm start). Browser-only checks (widths, scrolling,
folding) are in tests/browser/test_web_phone.py."""

from __future__ import annotations

import csv
import io
import json
import re
import time
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from test_web import _doc, _span, hand_docs

from marsad.cli import main
from marsad.model import Entity, Event, Quote
from marsad.store import Store
from marsad.web import create_app
from marsad.web.plural import arabic_form, counted

RESULTS = {"one": "نتيجة واحدة", "two": "نتيجتان", "few": "نتائج", "many": "نتيجة"}


# ---- counted nouns ---------------------------------------------------------------------------------------

@pytest.mark.parametrize(("n", "text"), [
    (1, "نتيجة واحدة"), (2, "نتيجتان"), (3, "3 نتائج"), (10, "10 نتائج"), (11, "11 نتيجة"), (99, "99 نتيجة"),
    (100, "100 نتيجة"), (101, "101 نتيجة"), (103, "103 نتائج"), (111, "111 نتيجة"), (0, "0 نتيجة")])
def test_arabic_counted_nouns_agree_with_the_number(n, text):
    assert counted(n, RESULTS) == text


def test_english_counts_and_forms():
    assert counted(1, {"one": "result", "many": "results"}, "en") == "1 result"
    assert counted(8, {"one": "result", "many": "results"}, "en") == "8 results"
    assert [arabic_form(n) for n in (0, 1, 2, 5, 12, 200, 1003)] == ["zero", "one", "two", "few", "many", "many",
                                                                      "few"]


# ---- an archive with a pair that talk about each other ----------------------------------------------------

def _pair_doc():
    """A fourth article: Safadi phones Shoukry, and says something naming him inside the quote."""
    text = "شكري شريك أساسي في جهود التهدئة"
    d = _doc("اتصال هاتفي بين الصفدي وشكري",
             ["أجرى وزير الخارجية الأردني أيمن الصفدي اتصالا هاتفيا مع نظيره المصري سامح شكري يوم الأحد.",
              f'وقال الصفدي إن "{text}".'],
             "2019-06-09", "https://news.example.org/phone", "outlet-b")
    b = d.body
    d.entities = [
        Entity("e1", "PER", "أيمن الصفدي", "Ayman Safadi", actor="jo.safadi",
               mentions=[_span(b, "أيمن الصفدي"), _span(b, "الصفدي", 1)]),
        Entity("e2", "PER", "سامح شكري", "Sameh Shoukry", actor="eg.shoukry",
               mentions=[_span(b, "سامح شكري"), _span(b, "شكري", 1)]),
    ]
    q = _span(b, text)
    d.quotes = [Quote("q1", "e1", "أيمن الصفدي", text, "direct", "قال", q.start, q.end, speaker_via="subject")]
    d.events = [Event("ev1", "CONSULT", "phone", "040", source=["e1"], target=["e2"], date="2019-06-09",
                      trigger=_span(b, "اتصالا هاتفيا"))]
    return d


@pytest.fixture(scope="module")
def db(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("analyst") / "archive.db"
    with Store.open(path) as store:
        for d in [*hand_docs(), _pair_doc()]:
            store.add_document(d)
    return path


@pytest.fixture(scope="module")
def client(db) -> TestClient:
    return TestClient(create_app(db), raise_server_exceptions=False)


def _text(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


# ---- the dossier ----------------------------------------------------------------------------------------

def test_the_actor_page_links_to_its_events_quotes_and_articles(client):
    html = client.get("/actors/jo.safadi").text
    assert 'id="link-events" href="/events?actor=jo.safadi"' in html
    assert 'id="more-quotes" href="/quotes?speaker=jo.safadi"' in html
    assert 'id="more-articles" href="/?actor=jo.safadi"' in html
    assert 'href="/pair?a=jo.safadi&amp;b=eg.shoukry"' in html  # counterparts open the pair page
    assert "4 مقالات" in _text(html) and "4 أحداث" in _text(html)  # counted in Arabic


def test_the_dossier_narrows_everything_to_the_period(client):
    whole = client.get("/api/actors/jo.safadi").json()
    june = client.get("/api/actors/jo.safadi", params={"since": "2019-06", "until": "2019-06"}).json()
    assert whole["articles"] == 4 and june["articles"] == 1
    assert whole["events"] == 4 and june["events"] == 1 and [e["mode"] for e in june["timeline"]] == ["phone"]
    assert june["latest_quotes"][0]["text"].startswith("شكري") and june["quotes"] == 1
    assert [p["id"] for p in june["met"]] == ["eg.shoukry"] and june["since"] == "2019-06"
    html = client.get("/actors/jo.safadi", params={"since": "2019-06", "until": "2019-06"}).text
    # the links and downloads carry the period: exactly the page's filters
    assert 'href="/events?actor=jo.safadi&amp;since=2019-06&amp;until=2019-06"' in html
    assert 'href="/api/export/events.csv?actor=jo.safadi&amp;since=2019-06&amp;until=2019-06"' in html
    rows = list(csv.DictReader(io.StringIO(client.get(
        "/api/export/events.csv?actor=jo.safadi&since=2019-06&until=2019-06").text.lstrip("\ufeff"))))
    assert [r["mode"] for r in rows] == ["phone"]
    assert client.get("/actors/jo.safadi", params={"since": "2019-13"}).status_code == 400


# ---- two actors ------------------------------------------------------------------------------------------

def test_the_pair_page_lists_every_event_and_the_quotes_naming_the_other(client):
    found = client.get("/api/pair", params={"a": "jo.safadi", "b": "eg.shoukry"}).json()
    assert found["events_total"] == 3  # the Amman visit, the planned Cairo meeting, the phone call
    assert [e["date"] for e in found["events"]] == ["2019-03-12", "2019-05", "2019-06-09"]
    assert [q["text"] for q in found["quotes"]["a_on_b"]] == ["شكري شريك أساسي في جهود التهدئة"]
    assert found["quotes"]["b_on_a"] == [] and found["articles_total"] == 3
    # the Amman quote names no one: it is not a statement about the other
    by_name = client.get("/api/pair", params={"a": "الصفدي", "b": "Shoukry", "since": "2019-04"}).json()
    assert by_name["events_total"] == 2
    html = client.get("/pair", params={"a": "jo.safadi", "b": "eg.shoukry"}).text
    assert "3 أحداث" in _text(html) and html.count('<tr class="status-') == 3
    assert 'href="/api/export/pair.csv?a=jo.safadi&amp;b=eg.shoukry"' in html
    rows = list(csv.DictReader(io.StringIO(client.get("/api/export/pair.csv?a=jo.safadi&b=eg.shoukry").text
                                           .lstrip("\ufeff"))))
    assert [r["id"] for r in rows] == [e["id"] for e in found["events"]]  # the download is the page's list


@pytest.mark.parametrize(("params", "parameter"), [
    ({"a": "jo.safadi", "b": "jo.safadi"}, "b"), ({"a": "jo.safadi"}, "b"), ({"a": "nobody-here", "b": "x"}, "a")])
def test_the_pair_refuses_what_it_cannot_answer(client, params, parameter):
    r = client.get("/api/pair", params=params)
    assert r.status_code == 400 and r.json()["parameter"] == parameter


# ---- coverage --------------------------------------------------------------------------------------------

def test_coverage_is_normalised_by_the_archive_volume(client):
    found = client.get("/api/coverage", params=[("q", "الصفدي"), ("q", "بغداد"), ("bucket", "month")]).json()
    assert [s["q"] for s in found["queries"]] == ["الصفدي", "بغداد"]
    months = [r["bucket"] for r in found["rows"]]
    assert months[0] == "2019-03" and months[-1] == "2020-01" and len(months) == 11  # empty months are zeros
    march = found["rows"][0]
    assert march["archive"] == 1 and march["q1"] == 1 and march["q1_share"] == 1000.0 and march["q2"] == 0
    assert sum(r["archive"] for r in found["rows"]) == found["archive_total"] == 4
    weeks = client.get("/api/coverage", params={"q": "الصفدي", "bucket": "week"}).json()["rows"]
    assert weeks[0]["bucket"] == "2019-03-11"  # the Monday of 2019-03-12's week
    html = client.get("/coverage", params=[("q", "الصفدي"), ("q", "بغداد"), ("bucket", "month")]).text
    assert 'class="chart coverage"' in html and html.count('<circle class="point') == 2 * len(months)
    assert '<polyline class="series" data-query="الصفدي"' in html  # March to June: one line
    assert html.count("<tr><td") == len(months)  # the table twin: a row per month
    r = client.get("/api/coverage", params=[("q", "أ"), ("q", "ب"), ("q", "ج"), ("q", "د")])
    assert r.status_code == 400 and r.json()["parameter"] == "q"
    table = client.get("/api/export/coverage.csv", params=[("q", "الصفدي"), ("bucket", "month")]).text
    assert table.lstrip("\ufeff").startswith("bucket,archive,q1,q1_share")


def test_the_search_page_offers_its_results_and_their_coverage(client):
    html = client.get("/", params={"q": "الصفدي", "outlet": "outlet-a"}).text
    assert 'href="/api/export/articles.csv?q=%D8%A7%D9%84%D8%B5%D9%81%D8%AF%D9%8A&amp;outlet=outlet-a"' in html
    assert 'id="coverage-link"' in html


# ---- the CLI takes the same filters and gives the same answers ------------------------------------------

def test_cli_pair_and_coverage_answer_as_the_api(client, db, capsys):
    assert main(["pair", "--db", str(db), "--a", "jo.safadi", "--b", "eg.shoukry", "--since", "2019-04",
                 "--json"]) == 0
    cli = json.loads(capsys.readouterr().out)
    assert cli == client.get("/api/pair", params={"a": "jo.safadi", "b": "eg.shoukry", "since": "2019-04"}).json()
    assert main(["coverage", "--db", str(db), "--q", "الصفدي", "--q", "شكري", "--bucket", "month", "--json"]) == 0
    cli = json.loads(capsys.readouterr().out)
    assert cli == client.get("/api/coverage", params=[("q", "الصفدي"), ("q", "شكري"), ("bucket", "month")]).json()
    assert main(["coverage", "--db", str(db), "--q", "الصفدي", "--bucket", "year"]) == 2
    assert "bucket" in capsys.readouterr().err


def test_the_new_views_declare_the_same_filters_everywhere(client):
    from test_query_parity import _api_params, _cli_filters, _page_params

    from marsad.store import queries as q

    spec = client.get("/api/openapi.json").json()
    for table, command, api, page in (("pair", "pair", "/api/pair", "/pair"),
                                      ("coverage", "coverage", "/api/coverage", "/coverage")):
        names = set(q.filter_names(table))
        assert _cli_filters(command) == names, command
        assert _api_params(spec, api) == names, api
        assert {"q" if n == "q_" else n for n in _page_params(page)} == names, page  # q_ is q (it repeats)
    assert _page_params("/actors/{actor_id:path}") == set(q.filter_names("dossier"))


# ---- defects seen ----------------------------------------------------------------------------------------

def test_actors_list_has_its_own_headers_a_labelled_total_and_a_sort(client):
    html = client.get("/actors").text
    assert "نوع الكيان" in html and "نوع الحدث" not in html
    assert re.search(r'id="total"[^>]*>العدد: \d', html)
    assert 'id="actors-sort"' in html and 'value="name"' in html
    by_name = client.get("/actors", params={"sort": "name"}).text
    assert 'aria-sort="ascending"' in by_name and by_name != html


def test_events_chart_says_when_it_draws_only_the_first_n(client, monkeypatch):
    from marsad.web import routes

    assert 'id="chart-note"' not in client.get("/events").text
    monkeypatch.setattr(routes, "CHART_MAX", 2)
    html = client.get("/events").text
    assert 'id="chart-note"' in html and "أول 2 من 4" in html
    assert 'id="status-legend"' in html and "افتراضي" in html and "منفي" in html  # every status colour


def test_quotes_page_filters_by_date_sorts_and_downloads_with_its_filters(client):
    html = client.get("/quotes", params={"since": "2019-06", "until": "2019-06", "sort": "date"}).text
    assert 'name="since" value="2019-06"' in html and 'id="quotes-sort"' in html
    assert 'href="/api/export/quotes.csv?since=2019-06&amp;until=2019-06&amp;sort=date"' in html
    assert "اقتباس واحد" in html  # one quote in June, counted in Arabic
    assert re.search(r'href="/articles/[0-9a-f]+#q1"', html)  # a quote opens at its anchor


def test_error_pages_are_arabic_and_keep_the_search_form(client):
    r = client.get("/no/such/page")
    assert r.status_code == 404 and "الصفحة غير موجودة" in r.text and 'role="search"' in r.text
    assert "not-found" not in _text(r.text)
    r = client.get("/events?since=2019-99")
    assert r.status_code == 400 and "طلب غير صالح" in r.text and 'role="search"' in r.text
    assert "bad-parameter" not in _text(r.text) and "since" in r.text


def test_an_empty_search_shows_no_empty_facets(client):
    html = client.get("/", params={"q": "كلمةلاوجودلها"}).text
    assert "لا نتائج" in html and 'id="facet-' not in html and 'id="facets-fold"' not in html


def test_the_sort_menu_says_newest_first_when_there_is_no_query(client):
    selected = re.search(r'<option value="relevance" selected>([^<]+)<', client.get("/").text).group(1)
    assert selected.startswith("الأحدث")
    selected = re.search(r'<option value="relevance" selected>([^<]+)<', client.get("/?q=الصفدي").text).group(1)
    assert selected == "الأقرب صلة"


def test_a_chosen_month_is_shown_as_chosen(client):
    html = client.get("/", params={"since": "2019-03", "until": "2019-03"}).text
    assert re.search(r'<a href="[^"]*since=2019-03[^"]*" class="on" aria-current="true">2019-03</a>', html)


def test_search_counts_agree_in_arabic(client):
    assert "نتيجة واحدة" in client.get("/", params={"q": "بغداد"}).text
    assert "نتيجتان" in client.get("/", params={"q": "القاهرة OR بغداد"}).text
    assert "4 نتائج" in client.get("/").text
    assert "4 أحداث" in client.get("/events").text
    assert "اقتباسان" in client.get("/quotes", params={"since": "2019-06"}).text


def test_the_search_box_placeholder_runs_right_to_left(client):
    assert re.search(r'<input type="search" name="q" id="q"[^>]* dir="rtl"', client.get("/").text)


def test_a_typed_date_is_labelled_the_users(client):
    html = client.post("/analyze", data={"text": "استقبل وزير الخارجية الأردني أيمن الصفدي نظيره المصري في عمان.",
                                         "published": "2019-03-12"}).text
    assert '<span id="date-source">أدخله المستخدم</span>' in html


def test_the_analysis_process_is_warmed_when_the_server_starts(db):
    from marsad.web.analysis import worker_for

    pipeline = "test_web_analyst:tiny_pipeline"
    worker = worker_for(pipeline)
    worker.close()
    with TestClient(create_app(db, analysis_pipeline=pipeline, warm_analysis=True)):
        deadline = time.monotonic() + 60
        while not worker.ready and time.monotonic() < deadline:
            time.sleep(0.05)
        assert worker.ready  # before any request asked for it
    worker.close()
    with TestClient(create_app(db, analysis_pipeline=pipeline)):
        time.sleep(0.3)
        assert not worker.ready  # without warm_analysis the process waits for the first text


def tiny_pipeline():
    """A pipeline of no stages: the warm-up test needs the process, not the models."""
    from marsad.pipeline import Pipeline

    return Pipeline([])


# ---- charts that read ------------------------------------------------------------------------------------

def _events(dates: list[str], kind: str = "CONSULT") -> list[dict]:
    return [{"id": f"a{i}/ev1", "type": kind, "date": d, "status": "planned" if i % 2 else "happened"}
            for i, d in enumerate(dates)]


def _timeline(events: list[dict]) -> str:
    from marsad.web.svg import timeline_svg

    return str(timeline_svg(events, label=lambda g, k: k, describe=lambda ev: ev["id"], href=lambda ev: "#",
                            title="t", rtl=False))


def test_timeline_ticks_fall_on_months():
    svg = _timeline(_events(["2015-01-20", "2015-03-02", "2015-05-28"]))
    assert re.findall(r">(\d{4}-\d{2})</text>", svg) == ["2015-02", "2015-03", "2015-04", "2015-05"]
    short = _timeline(_events(["2015-07-03", "2015-07-25"]))
    assert re.findall(r">(\d{4}-\d{2}-\d{2})</text>", short) == ["2015-07-08", "2015-07-15", "2015-07-22"]


def test_dots_of_one_day_stack_and_beyond_six_are_counted():
    svg = _timeline(_events(["2015-07-20"] * 9 + ["2015-08-10"]))
    ys = [float(y) for y in re.findall(r'<circle cx="[\d.]+" cy="([\d.]+)"', svg)]
    assert len(ys) == 7 and len(set(ys[:6])) == 6  # six stacked, none on another; the other day's dot
    assert ">+3</text>" in svg


def test_an_outlier_date_is_clipped_with_a_note_and_does_not_squash_the_rest():
    bulk = [f"2015-07-{d:02d}" for d in range(1, 29)]
    svg = _timeline(_events(["2014-09-10", *bulk]))
    assert 'class="clipped-note"' in svg and "2014-09-10" in svg
    xs = [float(x) for x in re.findall(r'<circle cx="([\d.]+)"', svg)]
    assert max(xs) - sorted(xs)[1] > 600  # July spans the chart (1000 wide), not 40 px of it
    assert 'class="clipped-note"' not in _timeline(_events(bulk))

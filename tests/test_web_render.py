"""Rendering pieces of the web app on their own: highlighted HTML, SVG charts, parameters, the serve command."""

from __future__ import annotations

import argparse
from html.parser import HTMLParser

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from marsad.cli.serve import is_loopback, run_serve
from marsad.errors import InputError, MarsadError
from marsad.store import queries
from marsad.web import annotate, svg


class _Checker(HTMLParser):
    """Checks that tags nest properly and collects the text."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[str] = []
        self.text: list[str] = []
        self.ok = True

    def handle_starttag(self, tag, attrs):  # noqa: ANN001
        self.stack.append(tag)

    def handle_endtag(self, tag):  # noqa: ANN001
        if not self.stack or self.stack.pop() != tag:
            self.ok = False

    def handle_data(self, data):  # noqa: ANN001
        self.text.append(data)


def check(html: str) -> _Checker:
    c = _Checker()
    c.feed(html)
    c.close()
    assert c.ok and not c.stack, html
    return c


def test_crossing_spans_are_split_and_well_nested():
    body = "قال الوزير إن اللقاء سيعقد غدا في القاهرة"
    q_start = body.index("اللقاء")
    hs = [annotate.Highlight(q_start, len(body), "quote"),
          annotate.Highlight(body.index("الوزير"), body.index("اللقاء") + 3, "entity", href="/actors/x")]
    html = annotate.render(body, hs)
    c = check(html)
    assert "".join(c.text) == body
    # The entity starts first, so it is the outer element; the quote crossing its end is closed and reopened.
    assert html.count('class="hl hl-quote') == 2 and 'hl-quote cont' in html


def test_text_and_attributes_are_escaped():
    body = '<b>"x" & \'y\'</b>'
    html = annotate.render(body, [annotate.Highlight(0, 3, "entity", attrs={"title": '"><img src=x onerror=1>'})])
    assert "<b>" not in html and "<img" not in html
    assert "".join(check(html).text) == body


def test_links_never_nest():
    body = "عبد الله الثاني"
    hs = [annotate.Highlight(0, len(body), "entity", href="/actors/a"), annotate.Highlight(0, 3, "entity", href="/b")]
    html = annotate.render(body, hs)
    assert html.count("<a ") == 1
    check(html)


@settings(max_examples=150, deadline=None)
@given(st.text(alphabet="ابت <>&\"' \n", min_size=1, max_size=40),
       st.lists(st.tuples(st.integers(0, 40), st.integers(0, 40), st.sampled_from(["p", "quote", "entity", "date",
                                                                                   "trigger"])), max_size=8))
def test_any_spans_render_the_body_exactly(body, raw):
    hs = [annotate.Highlight(min(a, b), max(a, b), layer, href="/x" if layer == "entity" else None)
          for a, b, layer in raw]
    html = annotate.render(body, hs)
    assert "".join(check(html).text) == body


def test_highlights_from_a_record():
    body = "التقى الصفدي نظيره يوم 5 أيار"
    record = {
        "body": body, "paragraphs": [{"start": 0, "end": len(body), "text": body}],
        "entities": [{"id": "e1", "type": "PER", "name": "أيمن الصفدي", "name_en": "Ayman Safadi",
                      "roles": [{"text": "وزير الخارجية"}], "mentions": [{"start": 6, "end": 12, "text": "الصفدي"}]}],
        "dates": [{"id": "d1", "start": 19, "end": len(body), "text": body[19:], "kind": "date",
                   "value": "2019-05-05", "certain": False}],
        "quotes": [], "events": [{"id": "ev1", "type": "CONSULT", "mode": "meet", "status": "planned",
                                  "trigger": {"start": 0, "end": 5, "text": "التقى"}}],
    }
    hs = annotate.highlights(record, label=lambda g, k: k, actor_href=lambda eid: f"/actors/{eid}")
    by_layer = {h.layer: h for h in hs}
    assert by_layer["entity"].attrs["title"] == "PER: أيمن الصفدي — Ayman Safadi — وزير الخارجية"
    assert by_layer["date"].attrs["data-value"] == "2019-05-05" and "uncertain" in by_layer["date"].attrs["title"]
    assert "status-planned" in by_layer["trigger"].classes
    for h in hs:
        assert 0 <= h.start < h.end <= len(body)


def _graph():
    return {"nodes": [{"id": "a", "name": "أ", "type": "PER", "center": True},
                      {"id": "b<x>", "name": "<script>ب</script>", "type": "PER", "center": False, "relation": "met"},
                      {"id": "c", "name": "ج", "type": "ORG", "center": False, "relation": "named"}],
            "edges": [{"source": "a", "target": "b<x>", "events": 3, "kind": "met"},
                      {"source": "a", "target": "c", "events": 0, "kind": "named"}]}


def test_network_svg_is_deterministic_and_escaped():
    draw = lambda: svg.network_svg(_graph(), href=lambda i: "/actors/" + i, name=lambda n: n["name"],  # noqa: E731
                                   title='"t"')
    first = draw()
    assert first == draw()
    assert "<script>" not in first and "&lt;script&gt;" in first
    assert "style=" not in first  # the CSP forbids inline styles
    assert first.count("<line") == 2 and 'stroke-dasharray' in first
    check(str(first))


def test_timeline_svg_places_dates_and_marks_planned_hollow():
    events = [{"id": "1", "type": "CONSULT", "date": "2019-03-12", "status": "happened"},
              {"id": "2", "type": "CONSULT", "date": "2019-05", "status": "planned"},
              {"id": "3", "type": "AGREE", "date": None, "published": "2019", "status": "happened"},
              {"id": "4", "type": "AGREE", "date": None, "published": None, "status": "happened"}]
    out = str(svg.timeline_svg(events, label=lambda g, k: k, describe=lambda e: e["id"], href=lambda e: "#",
                               title="t", rtl=False))
    check(out)
    assert out.count("<circle") == 3  # the event with no date at all cannot be placed
    import re

    xs = {m.group(1): float(m.group(2)) for m in re.finditer(r'data-event="(\d)"><title>\d</title><circle cx="([\d.]+)"', out)}
    assert xs["1"] < xs["2"] < xs["3"]  # a year alone stands at its middle (1 July)
    assert 'class="dot status-planned"' in out and 'fill="#ffffff"' in out
    rtl = str(svg.timeline_svg(events, label=lambda g, k: k, describe=lambda e: e["id"], href=lambda e: "#",
                               title="t", rtl=True))
    xs_rtl = {m.group(1): float(m.group(2)) for m in re.finditer(r'data-event="(\d)"><title>\d</title><circle cx="([\d.]+)"', rtl)}
    assert xs_rtl["1"] > xs_rtl["2"]  # time runs right to left on Arabic pages
    assert svg.timeline_svg([], label=lambda g, k: k, describe=str, href=str, title="t") == ""


@pytest.mark.parametrize("value", ["2019", "2019-02", "2020-02-29"])
def test_dates_accepted(value):
    assert queries.check_date("since", value) == value


@pytest.mark.parametrize("value", ["2019-2", "2019-02-29", "19-02-01", "2019-00", " 2019", "2019-02-01T00"])
def test_dates_refused(value):
    with pytest.raises(queries.BadParameter):
        queries.check_date("since", value)


def test_loopback_and_serve_refusals(tmp_path):
    assert is_loopback("127.0.0.1") and is_loopback("::1") and is_loopback("localhost")
    assert not is_loopback("0.0.0.0") and not is_loopback("example.org")
    args = argparse.Namespace(db=str(tmp_path / "none.db"), host="127.0.0.1", port=8000, token=None, public=False,
                              max_request_bytes=None)
    with pytest.raises(MarsadError, match="no archive"):
        run_serve(args)
    args.host = "0.0.0.0"
    with pytest.raises(InputError, match="--public"):
        run_serve(args)
    args.host, args.port = "127.0.0.1", 70000
    with pytest.raises(InputError, match="--port"):
        run_serve(args)


def test_marsad_serve_runs_a_real_server(tmp_path):
    """`marsad serve` as a user runs it: a subprocess on a free loopback port, answering pages and the API."""
    import json
    import os
    import socket
    import subprocess
    import sys
    import time
    import urllib.error
    import urllib.request

    from marsad.model import Document, Span
    from marsad.store import Store

    body = "استقبل رئيس الوزراء في العاصمة وفدا برلمانيا لبحث التعاون."
    db = tmp_path / "a.db"
    with Store.open(db) as store:
        store.add_document(Document(source_name="t", title="لقاء", body=body, paragraphs=[Span(0, len(body), body)]))
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    env = {**os.environ, "MARSAD_TOKEN": ""}
    proc = subprocess.Popen([sys.executable, "-m", "marsad", "serve", "--db", str(db), "--port", str(port)],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env)
    try:
        deadline = time.monotonic() + 20
        while True:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/api") as r:  # noqa: S310 - local
                    index = json.load(r)
                break
            except (urllib.error.URLError, ConnectionError):
                assert proc.poll() is None, proc.stderr.read().decode()
                assert time.monotonic() < deadline, "the server did not answer"
                time.sleep(0.1)
        assert index["stats"]["articles"] == 1 and index["writing"] is False
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/") as r:  # noqa: S310 - local
            assert r.headers["content-security-policy"] and "لقاء" in r.read().decode()
        assert "server" not in {k.lower() for k in r.headers}  # no server banner
    finally:
        proc.terminate()
        proc.wait(timeout=10)

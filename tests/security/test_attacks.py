"""Attacks against a running server: a real `marsad serve` (uvicorn) on a free loopback port, started by the
test over an archive whose articles carry hostile text. Every attack must fail: markup from articles or
requests never becomes markup, SQL and FTS syntax never reach SQLite raw, writing needs the token, bodies
are bounded, paths never reach the file system, and other origins get no CORS grant."""

from __future__ import annotations

import os
import re
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from html.parser import HTMLParser
from urllib.parse import quote

import httpx
import pytest

from marsad.model import Document, Entity, Event, Published, Quote, Span
from marsad.store import Store

TOKEN = "s3cret-token-for-tests-only"
HOSTILE = [
    "<script>alert(1)</script>",
    '"><img src=x onerror=alert(2)>',
    "' onmouseover='alert(3)",
    "</script><script>alert(4)</script>",
    "<svg onload=alert(5)>",
    "]]><![CDATA[",
    "{{7*7}}",
    "\u202eRTL override\u202c",
]
PAYLOAD = " ".join(HOSTILE)
# A successful injection would leave one of these in a page as markup (escaped, they start with &lt;).
INJECTED = re.compile(r"<script>alert|<img src=x|<svg onload|<!\[CDATA\[")


def _span(body: str, text: str) -> Span:
    start = body.index(text)
    return Span(start, start + len(text), text)


def hostile_docs() -> list[Document]:
    """Two team-written articles whose every field an attacker could control carries a payload."""
    out = []
    for n, (place, who) in enumerate((("الدوحة", "خالد العطية"), ("مسقط", "يوسف بن علوي"))):
        body = (f"التقى وزير الخارجية {who} في {place} يوم الاثنين وفدا رسميا {PAYLOAD} لبحث الأوضاع.\n\n"
                f"وقال {who}: \"نرحب بكل جهد {PAYLOAD} يخدم الاستقرار\".")
        doc = Document(source_name=f"hostile-{n}", title=f"{who} {PAYLOAD}", body=body,
                       paragraphs=[_span(body, body.split("\n\n")[0]), _span(body, body.split("\n\n")[1])],
                       url="javascript:alert(6)" if n == 0 else f"https://example.org/{quote(PAYLOAD)}",
                       outlet=PAYLOAD, published=Published("2015-08-0" + str(n + 1), "metadata", 0.9))
        quote_text = f"نرحب بكل جهد {PAYLOAD} يخدم الاستقرار"
        doc.entities = [
            Entity("e1", "PER", f"{who} {HOSTILE[4]}", PAYLOAD, mentions=[_span(body, who)]),
            Entity("e2", "LOC", place, None, actor=f"loc.{n}<svg onload=alert(7)>", mentions=[_span(body, place)]),
            Entity("e3", "ORG", f"وفد {HOSTILE[0]}", None, actor=f"org/../../etc/passwd{n}",
                   mentions=[_span(body, "وفدا رسميا")]),
        ]
        q = _span(body, quote_text)
        doc.quotes = [Quote("q1", "e1", PAYLOAD, quote_text, "direct", "قال", q.start, q.end)]
        doc.events = [Event("ev1", "CONSULT", "meet", "036", source=["e1"], target=["e3"], date=f"2015-08-0{n + 1}",
                            place="e2", place_name=PAYLOAD, trigger=_span(body, "التقى"),
                            evidence=[_span(body, "التقى وزير الخارجية")], confidence=0.8)]
        out.append(doc)
    return out


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def server(tmp_path_factory) -> Iterator[str]:
    db = tmp_path_factory.mktemp("attack") / "a.db"
    with Store.open(db) as store:
        for doc in hostile_docs():
            store.add_document(doc)
    port = free_port()
    env = os.environ | {"MARSAD_TOKEN": TOKEN}
    proc = subprocess.Popen([sys.executable, "-m", "marsad", "serve", "--db", str(db), "--host", "127.0.0.1",
                             "--port", str(port), "--max-request-bytes", "100000"], env=env,
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while True:
        try:
            httpx.get(base + "/api", timeout=1)
            break
        except httpx.TransportError:
            if proc.poll() is not None or time.monotonic() > deadline:
                proc.kill()
                pytest.fail(f"server did not start: {proc.stderr.read().decode()[-2000:]}")
            time.sleep(0.2)
    try:
        yield base
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()


class Tags(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.script_text: list[str] = []
        self._in_script = False

    def handle_starttag(self, tag, attrs):  # noqa: ANN001
        self.tags.append((tag, dict(attrs)))
        self._in_script = tag == "script"

    def handle_endtag(self, tag):  # noqa: ANN001
        self._in_script = False

    def handle_data(self, data):  # noqa: ANN001
        if self._in_script and data.strip():
            self.script_text.append(data)


def assert_safe_html(html: str, where: str) -> None:
    page = Tags()
    page.feed(html)
    assert not INJECTED.search(html), (where, INJECTED.search(html))
    for tag, attrs in page.tags:
        assert not any(name.lower().startswith("on") for name in attrs), (where, tag, attrs)
        if tag == "script":
            assert (attrs.get("src") or "").startswith("/static/"), (where, attrs)  # never inline, never foreign
        for name, value in attrs.items():
            if name in ("href", "src", "action", "xlink:href"):
                assert not (value or "").strip().lower().startswith(("javascript:", "data:text", "vbscript:")), \
                    (where, tag, attrs)
    assert page.script_text == [], (where, page.script_text[:1])


def links(html: str) -> list[str]:
    page = Tags()
    page.feed(html)
    return [a["href"] for t, a in page.tags if t == "a" and (a.get("href") or "").startswith("/")]


def test_every_page_reachable_from_home_escapes_article_text(server: str) -> None:
    seen, queue = set(), ["/", "/?q=" + quote("الخارجية"), "/actors", "/events", "/quotes"]
    with httpx.Client(base_url=server, timeout=30) as client:
        while queue and len(seen) < 120:
            path = queue.pop(0).split("#")[0]
            if path in seen or path.startswith("/static") or "/export" in path:
                continue
            seen.add(path)
            r = client.get(path)
            assert r.status_code < 500, (path, r.status_code)
            if r.headers.get("content-type", "").startswith("text/html"):
                assert_safe_html(r.text, path)
                queue += links(r.text)
            elif "svg" in r.headers.get("content-type", ""):
                assert not INJECTED.search(r.text), path
    assert any(p.startswith("/articles/") for p in seen) and any(p.startswith("/actors/") for p in seen)


def test_user_input_is_escaped_in_pages_and_errors(server: str) -> None:
    with httpx.Client(base_url=server, timeout=30) as client:
        for payload in HOSTILE:
            for path in (f"/?q={quote(payload)}", f"/actors?name={quote(payload)}",
                         f"/events?actor={quote(payload)}", f"/quotes?text={quote(payload)}",
                         f"/articles/{quote(payload, safe='')}", f"/actors/{quote(payload, safe='')}",
                         f"/?since={quote(payload)}", f"/nothing/{quote(payload, safe='')}"):
                r = client.get(path)
                assert r.status_code in (200, 400, 404), (path, r.status_code)
                assert_safe_html(r.text, path)


def test_json_api_answers_json_for_hostile_text(server: str) -> None:
    with httpx.Client(base_url=server, timeout=30) as client:
        items = client.get("/api/articles").json()["items"]
        assert len(items) == 2
        for item in items:
            r = client.get(f"/api/articles/{item['id']}")
            assert r.headers["content-type"].startswith("application/json")
            assert PAYLOAD in r.json()["title"]  # kept verbatim as data, never interpreted


def test_strict_security_headers_on_every_kind_of_response(server: str) -> None:
    with httpx.Client(base_url=server, timeout=30) as client:
        for path in ("/", "/api/articles", "/static/app.js", "/nothing-here", "/api/search?q=%22"):
            r = client.get(path)
            csp = r.headers.get("content-security-policy", "")
            assert "default-src 'none'" in csp and "script-src 'self'" in csp, path
            assert "unsafe-inline" not in csp and "unsafe-eval" not in csp and "frame-ancestors 'none'" in csp
            assert r.headers.get("x-content-type-options") == "nosniff"
            assert "server" not in r.headers or "uvicorn" not in r.headers["server"].lower()


SQL_AND_FTS = ["' OR 1=1 --", "\" OR \"\"=\"", "x'; DROP TABLE articles; --", "1 UNION SELECT sqlite_version()",
               '"', '""', "NEAR(", "a OR", "OR", "NOT", "-", "*", "^", "words:", "bare:x", "x AND", "(", ")", "a)",
               "{words stems}: x", "%", "_", "\\", "\x00", "a" * 600, "الخارجية*", "NEAR(a b, -1)"]


def test_sql_and_fts_syntax_never_reach_sqlite_raw(server: str) -> None:
    with httpx.Client(base_url=server, timeout=30) as client:
        for q in SQL_AND_FTS:
            for path, param in (("/api/articles", "q"), ("/api/search", "q"), ("/api/actors", "name"),
                                ("/api/events", "actor"), ("/api/quotes", "text"), ("/", "q")):
                r = client.get(path, params={param: q})
                assert r.status_code in (200, 400), (path, q, r.status_code, r.text[:200])
                if r.status_code == 400 and path.startswith("/api"):
                    assert r.json()["error"] in ("bad-parameter", "bad-request")
        # Still two articles: nothing was dropped or injected.
        assert client.get("/api/articles").json()["total"] == 2


def test_writing_needs_the_right_token(server: str) -> None:
    body = {"text": "استقبل وزير الخارجية العماني يوسف بن علوي في مسقط نظيره الإيراني يوم الأحد لبحث العلاقات."}
    with httpx.Client(base_url=server, timeout=120) as client:
        assert client.post("/api/articles", json=body).status_code == 401
        for bad in ("", "x", TOKEN[:-1], TOKEN + "x", TOKEN.upper(), "Bearer " + TOKEN, "tok\u00e9n"):
            r = client.post("/api/articles", json=body, headers={"X-Marsad-Token": bad.encode()})
            assert r.status_code in (401, 403), (bad, r.status_code)
            r = client.post("/api/articles", json=body, headers={"Authorization": f"Bearer {bad}".strip().encode()})
            assert r.status_code in (401, 403), (bad, r.status_code)
        for method in ("PUT", "DELETE", "PATCH"):
            assert client.request(method, "/api/articles", json=body).status_code in (401, 403, 405)
        assert client.get("/api/articles").json()["total"] == 2
        ok = client.post("/api/articles", json=body, headers={"Authorization": f"Bearer {TOKEN}"})
        assert ok.status_code == 201, ok.text  # the right token works: the refusals above were the token's


def test_request_bodies_are_bounded_declared_or_streamed(server: str) -> None:
    big = b'{"text": "' + "\u0627".encode() * 60000 + b'"}'  # 120 kB over the server's 100 kB limit
    with httpx.Client(base_url=server, timeout=30) as client:
        assert client.post("/api/analyze", content=big, headers={"content-type": "application/json"}).status_code == 413

        def chunks() -> Iterator[bytes]:
            for i in range(0, len(big), 8192):
                yield big[i:i + 8192]

        r = client.post("/api/analyze", content=chunks(), headers={"content-type": "application/json"})
        assert r.status_code == 413  # chunked, no Content-Length: held to the limit while reading
        r = client.post("/api/articles", content=big, headers={"Authorization": f"Bearer {TOKEN}",
                                                                "content-type": "application/json"})
        assert r.status_code == 413
        files = {"file": ("a.txt", b"x" * 200_000, "text/plain")}
        assert client.post("/analyze", files=files).status_code == 413  # an upload is a body like any other


def raw_request(base: str, request: bytes) -> bytes:
    host, port = base.removeprefix("http://").split(":")
    with socket.create_connection((host, int(port)), timeout=10) as s:
        s.sendall(request)
        data = b""
        while chunk := s.recv(65536):
            data += chunk
        return data


def test_paths_cannot_reach_the_file_system(server: str) -> None:
    probes = ["/static/../../../../etc/passwd", "/static/%2e%2e/%2e%2e/%2e%2e/etc/passwd",
              "/static/..%2f..%2f..%2fetc%2fpasswd", "/static/%252e%252e/etc/passwd", "/articles/..%2f..%2fa.db",
              "/api/articles/..%2F..%2F..%2Fetc%2Fpasswd", "/api/export/..%2f..%2fa.db", "/api/export/articles.db",
              "/static/app.js%00.png", "//etc/passwd", "/static//etc/passwd", "/actors/..%2f..%2fetc%2fpasswd"]
    with httpx.Client(base_url=server, timeout=30) as client:
        for path in probes:
            r = client.get(path)
            assert r.status_code in (400, 404, 405), (path, r.status_code)
            assert b"root:" not in r.content and b"SQLite format" not in r.content, path
    for path in ("/static/../../../../etc/passwd", "/static/../app.py", "/../a.db"):  # unnormalised, on the wire
        answer = raw_request(server, f"GET {path} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n".encode())
        assert b"root:" not in answer and b"SQLite format" not in answer and b"import " not in answer, path
        assert answer.split(b" ")[1] in (b"400", b"404"), (path, answer[:100])


def test_cors_is_closed(server: str) -> None:
    with httpx.Client(base_url=server, timeout=30) as client:
        pre = client.options("/api/articles", headers={"Origin": "https://evil.example", "Access-Control-Request-Method":
                                                       "POST", "Access-Control-Request-Headers": "authorization"})
        assert "access-control-allow-origin" not in pre.headers
        r = client.get("/api/articles", headers={"Origin": "https://evil.example"})
        assert r.status_code == 200 and "access-control-allow-origin" not in r.headers
        assert "access-control-allow-credentials" not in r.headers


def test_malformed_http_gets_4xx_and_the_server_lives_on(server: str) -> None:
    for request in (b"GET / HTTP/1.1\r\nHost: x\r\nContent-Length: -1\r\nConnection: close\r\n\r\n",
                    b"POST /api/analyze HTTP/1.1\r\nHost: x\r\nContent-Length: abc\r\nConnection: close\r\n\r\n",
                    b"POST /api/analyze HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                    b"Content-Length: 9\r\nConnection: close\r\n\r\n{\"text\":1",
                    b"GET /" + b"a" * 20000 + b" HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n",
                    b"\x16\x03\x01\x02\x00\x01\x00\x01\xfc\x03\x03" + b"\x00" * 40):  # a TLS hello
        answer = raw_request(server, request)
        assert not answer or answer.split(b" ")[1][:1] == b"4", (request[:40], answer[:80])
        assert b"Traceback" not in answer
    assert httpx.get(server + "/api", timeout=10).status_code == 200


def test_parallel_requests_never_fail(server: str) -> None:
    # Found by this suite: a request's read-only Store was opened on one pool thread and used on another,
    # and sqlite3's same-thread check turned parallel requests into 500s.
    from concurrent.futures import ThreadPoolExecutor

    paths = ["/api/articles", "/api/actors", "/api/events", "/api/quotes", "/", "/actors", "/events", "/quotes"]

    def hit(i: int) -> int:
        return httpx.get(server + paths[i % len(paths)], timeout=30).status_code

    with ThreadPoolExecutor(8) as pool:
        codes = list(pool.map(hit, range(80)))
    assert set(codes) == {200}


def test_fts_syntax_errors_answer_400_with_the_parameter(server: str) -> None:
    with httpx.Client(base_url=server, timeout=30) as client:
        for q in ('"', "OR", "a OR", "NOT", '""', "\x00", "a" * 600):
            r = client.get("/api/articles", params={"q": q})
            assert r.status_code == 400, q
            assert r.json()["error"] == "bad-parameter" and r.json()["parameter"] == "q"

"""The web app and REST API over an archive: FastAPI routes, security headers, limits, errors.

Pages (Arabic first, RTL) and their JSON twins under /api read the archive through a read-only Store
opened per request (SQLite connections are per thread; opening read-only is cheap and never waits for
a writer). The one writing endpoint (POST /api/articles) is off unless a token is configured.
"""

from __future__ import annotations

import csv
import hmac
import io
import json
import logging
import os
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any
from urllib.parse import quote, urlencode

import yaml
from fastapi import Depends, FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, JSONResponse, Response, StreamingResponse
from fastapi.staticfiles import StaticFiles
from jinja2 import Environment, FileSystemLoader, select_autoescape
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from .. import __version__
from ..errors import InputError, MarsadError
from ..store import Store, StoreError
from ..store.export import COLUMNS
from . import params
from .analysis import DEFAULT_PIPELINE, worker_for
from .params import BadParameter

log = logging.getLogger("marsad.web")
HERE = Path(__file__).resolve().parent
DEFAULT_MAX_REQUEST_BYTES = 2 * 1024 * 1024
MAX_ANALYZE_CHARS = 200_000
CSP = ("default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self';"
       " connect-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'")
SECURITY_HEADERS = [
    (b"content-security-policy", CSP.encode()),
    (b"x-content-type-options", b"nosniff"),
    (b"referrer-policy", b"no-referrer"),
    (b"x-frame-options", b"DENY"),
    (b"cross-origin-opener-policy", b"same-origin"),
    (b"cross-origin-resource-policy", b"same-origin"),
]
EXPORT_WHAT = ("articles", "entities", "quotes", "events")
EXPORT_FORMATS = ("csv", "jsonl")


@dataclass
class WebConfig:
    db: Path
    token: str | None = None  # writing endpoints are off without one
    max_request_bytes: int = DEFAULT_MAX_REQUEST_BYTES
    # "module:function" building the pipeline /analyze runs (in its child process, web.analysis)
    analysis_pipeline: str = DEFAULT_PIPELINE


# ---- labels and templates --------------------------------------------------------------------------------

@lru_cache(maxsize=1)
def _labels() -> dict[str, dict[str, dict[str, str]]]:
    return yaml.safe_load((HERE / "labels.yaml").read_text(encoding="utf-8"))


def label(lang: str, group: str, key: str) -> str:
    entry = _labels().get(group, {}).get(key)
    if not entry:
        return key
    return entry.get(lang) or entry.get("en") or entry.get("ar") or key


@lru_cache(maxsize=1)
def _env() -> Environment:
    env = Environment(loader=FileSystemLoader(str(HERE / "templates")),
                      autoescape=select_autoescape(enabled_extensions=("html", "svg"), default=True),
                      trim_blocks=True, lstrip_blocks=True)
    env.filters["q"] = lambda v: quote(str(v), safe="")
    # Links to outside pages only for web addresses (a stored 'javascript:' URL must never become a link).
    env.tests["http_url"] = lambda v: isinstance(v, str) and v.lower().startswith(("http://", "https://"))
    return env


# ---- middleware ------------------------------------------------------------------------------------------

class GuardMiddleware:
    """Security headers on every response; request bodies over the limit answer 413 (declared or streamed)."""

    def __init__(self, app: ASGIApp, max_bytes: int) -> None:
        self.app = app
        self.max_bytes = max_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                names = {k.lower() for k, _ in message.get("headers", [])}
                message.setdefault("headers", [])
                message["headers"] = list(message["headers"]) + [h for h in SECURITY_HEADERS if h[0] not in names]
            await send(message)

        declared = dict(scope.get("headers") or []).get(b"content-length")
        if declared is not None and (not declared.isdigit() or int(declared) > self.max_bytes):
            await _too_large(scope, send_with_headers, self.max_bytes)
            return
        if scope["method"] in ("GET", "HEAD", "OPTIONS"):
            await self.app(scope, receive, send_with_headers)
            return
        # Read the body first (bounded), so a streamed body without Content-Length is held to the limit too.
        chunks: list[bytes] = []
        size = 0
        while True:
            message = await receive()
            if message["type"] == "http.disconnect":
                return
            chunk = message.get("body", b"")
            size += len(chunk)
            if size > self.max_bytes:
                await _too_large(scope, send_with_headers, self.max_bytes)
                return
            chunks.append(chunk)
            if not message.get("more_body", False):
                break
        body = b"".join(chunks)
        replayed = False

        async def replay() -> Message:
            nonlocal replayed
            if replayed:
                return await receive()  # after the body: wait for the disconnect, as the server would
            replayed = True
            return {"type": "http.request", "body": body, "more_body": False}

        await self.app(scope, replay, send_with_headers)


async def _too_large(scope: Scope, send: Send, limit: int) -> None:
    response = JSONResponse({"error": "too-large", "detail": f"the request body is larger than {limit} bytes"},
                            status_code=413)
    await response(scope, _empty_receive, send)


async def _empty_receive() -> Message:
    return {"type": "http.request", "body": b"", "more_body": False}


# ---- the app ---------------------------------------------------------------------------------------------

def create_app(db: str | Path, *, token: str | None = None,
               max_request_bytes: int = DEFAULT_MAX_REQUEST_BYTES, analysis_pipeline: str = DEFAULT_PIPELINE,
               ) -> FastAPI:
    """The app serving the archive at `db`. `token` (else $MARSAD_TOKEN) turns on the writing endpoint;
    `analysis_pipeline` names the function ("module:function") that builds the pipeline /analyze runs."""
    config = WebConfig(Path(db), token or os.environ.get("MARSAD_TOKEN") or None, max_request_bytes,
                       analysis_pipeline)
    app = FastAPI(title="marsad API", version=__version__, openapi_url="/api/openapi.json", docs_url=None,
                  redoc_url=None,
                  description="The archive of processed Arabic news: articles, actors, events, quotes. "
                              "See docs/api.md.")
    app.state.config = config
    app.add_middleware(GuardMiddleware, max_bytes=max_request_bytes)
    app.mount("/static", StaticFiles(directory=str(HERE / "static")), name="static")
    _install_error_handlers(app)
    from . import routes  # the routes use the helpers above

    app.include_router(routes.api)
    app.include_router(routes.pages)
    return app


def _wants_html(request: Request) -> bool:
    return not request.url.path.startswith("/api")


def error_response(request: Request, status: int, error: str, detail: str, **extra: Any) -> Response:
    if _wants_html(request):
        lang = ui_lang(request)
        html = _env().get_template("error.html").render(
            **base_context(request, lang), status=status, error=error, detail=detail)
        return HTMLResponse(html, status_code=status)
    return JSONResponse({"error": error, "detail": detail, **extra}, status_code=status)


def _install_error_handlers(app: FastAPI) -> None:
    @app.exception_handler(BadParameter)
    async def bad_parameter(request: Request, err: BadParameter) -> Response:
        return error_response(request, 400, "bad-parameter", str(err), parameter=err.name)

    @app.exception_handler(RequestValidationError)
    async def bad_request(request: Request, err: RequestValidationError) -> Response:
        reasons = ["{}: {}".format(".".join(str(p) for p in e.get("loc", ())), e.get("msg", "invalid"))
                   for e in err.errors()]
        return error_response(request, 400, "bad-request", "; ".join(reasons) or "invalid request")

    @app.exception_handler(InputError)
    async def input_error(request: Request, err: InputError) -> Response:
        status = 404 if err.reason == "not-found" else 400
        return error_response(request, status, err.reason, err.args[0])

    @app.exception_handler(StoreError)
    async def store_error(request: Request, err: StoreError) -> Response:
        log.error("archive unavailable: %s", err)
        return error_response(request, 503, "archive-unavailable", err.args[0])

    @app.exception_handler(MarsadError)
    async def marsad_error(request: Request, err: MarsadError) -> Response:
        return error_response(request, 400, "error", err.args[0])

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, err: StarletteHTTPException) -> Response:
        detail = err.detail if isinstance(err.detail, str) else "error"
        response = error_response(request, err.status_code, _STATUS_NAMES.get(err.status_code, "error"), detail)
        for name, value in (err.headers or {}).items():
            response.headers[name] = value
        return response

    @app.exception_handler(Exception)
    async def internal(request: Request, err: Exception) -> Response:
        log.exception("internal error on %s", request.url.path)  # the trace goes to the log, never the client
        return error_response(request, 500, "internal", "internal error (see the server log)")


_STATUS_NAMES = {401: "unauthorized", 403: "forbidden", 404: "not-found", 405: "method-not-allowed",
                 409: "conflict", 413: "too-large"}


# ---- helpers shared by routes ---------------------------------------------------------------------------

def config_of(request: Request) -> WebConfig:
    return request.app.state.config


def open_store(request: Request) -> Iterator[Store]:
    """A read-only Store for the request (dependency)."""
    store = Store.open(config_of(request).db, readonly=True)
    try:
        yield store
    finally:
        store.close()


StoreDep = Depends(open_store)


def ui_lang(request: Request) -> str:
    value = request.query_params.get("lang") or request.cookies.get("marsad_lang") or "ar"
    return value if value in ("ar", "en") else "ar"


def base_context(request: Request, lang: str, json_href: str | None = None) -> dict[str, Any]:
    other = "en" if lang == "ar" else "ar"
    toggle = dict(request.query_params)
    toggle["lang"] = other

    def t(key: str, group: str = "ui") -> str:
        return label(lang, group, key)

    def name_of(item: dict[str, Any] | None) -> str:
        if not item:
            return ""
        if lang == "en" and item.get("name_en"):
            return item["name_en"]
        return item.get("name") or item.get("name_en") or ""

    def page_url(**changes: Any) -> str:
        query = dict(request.query_params)
        query.pop("lang", None)
        for k, v in changes.items():
            if v is None:
                query.pop(k, None)
            else:
                query[k] = str(v)
        return request.url.path + ("?" + urlencode(query) if query else "")

    return {"lang": lang, "dir": "rtl" if lang == "ar" else "ltr", "t": t, "name_of": name_of,
            "toggle_href": request.url.path + "?" + urlencode(toggle), "json_href": json_href,
            "page_url": page_url, "actor_href": actor_href, "path": request.url.path}


def actor_href(actor_id: str) -> str:
    return "/actors/" + quote(actor_id, safe="")


def render_page(request: Request, template: str, lang: str, status: int = 200, **context: Any) -> HTMLResponse:
    html = _env().get_template(template).render(**base_context(request, lang, context.pop("json_href", None)),
                                                **context)
    response = HTMLResponse(html, status_code=status)
    if request.query_params.get("lang") in ("ar", "en"):
        response.set_cookie("marsad_lang", lang, max_age=365 * 24 * 3600, httponly=True, samesite="strict")
    return response


def check_token(request: Request) -> None:
    """Writing needs the configured token (Authorization: Bearer … or X-Marsad-Token), compared in constant time."""
    expected = config_of(request).token
    if not expected:
        raise StarletteHTTPException(403, "writing is disabled: start the server with --token or MARSAD_TOKEN")
    given = request.headers.get("x-marsad-token")
    auth = request.headers.get("authorization", "")
    if given is None and auth.lower().startswith("bearer "):
        given = auth[7:].strip()
    if not given:
        raise StarletteHTTPException(401, "this endpoint needs the token (Authorization: Bearer TOKEN)",
                                     headers={"WWW-Authenticate": "Bearer"})
    if not hmac.compare_digest(given.encode("utf-8"), expected.encode("utf-8")):
        raise StarletteHTTPException(403, "wrong token")


# ---- analysis --------------------------------------------------------------------------------------------

def analyze(request: Request, text: str | None, html: str | None, published: str | None) -> Any:
    """Run the pipeline on pasted text or HTML (nothing stored); returns the Document. The analysis runs in
    a child process under the per-document time limit (web.analysis); what `marsad ingest` would reject
    (timeout, a crashing stage, no Arabic text…) is an InputError with the same reason."""
    from ..ingest.readers import InputItem
    from ..io import check_text

    published = params.check_date("published", published)
    if published and len(published) != 10:
        raise BadParameter("published", "must be a full date YYYY-MM-DD")
    source = (html if html is not None else text) or ""
    if not source.strip():
        raise BadParameter("text", "is empty: paste an article's text or HTML")
    if len(source) > MAX_ANALYZE_CHARS:
        raise BadParameter("text", f"is longer than {MAX_ANALYZE_CHARS} characters")
    is_html = html is not None or source.lstrip()[:1] == "<"
    if not is_html:
        check_text(source, "text")
    item = InputItem(source_key="(pasted)", kind="html" if is_html else "text", text=source, is_html=is_html,
                     published=published)
    return worker_for(config_of(request).analysis_pipeline).analyse(item)


# ---- export ----------------------------------------------------------------------------------------------

def export_stream(rows: Iterator[dict[str, Any]], columns: tuple[str, ...], fmt: str) -> Iterator[str]:
    if fmt == "jsonl":
        for row in rows:
            yield json.dumps({c: row.get(c) for c in columns}, ensure_ascii=False) + "\n"
        return
    buf = io.StringIO()
    writer = csv.writer(buf)
    buf.write("\ufeff")  # spreadsheet programs read UTF-8 Arabic correctly with a BOM
    writer.writerow(columns)
    for i, row in enumerate(rows):
        writer.writerow([_csv_cell(row.get(c)) for c in columns])
        if i % 200 == 199:
            yield buf.getvalue()
            buf.seek(0)
            buf.truncate()
    yield buf.getvalue()


def _csv_cell(value: Any) -> Any:
    if isinstance(value, list):
        return " | ".join(v if isinstance(v, str) else json.dumps(v, ensure_ascii=False) for v in value)
    if isinstance(value, dict):
        return json.dumps(value, ensure_ascii=False)
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@"):
        return "'" + value  # a cell starting like a formula is text, not a formula (CSV injection)
    return value


def export_response(store_path: Path, what: str, fmt: str, rows_of: Callable[[Store], Iterator[dict[str, Any]]]
                    ) -> StreamingResponse:
    """Stream rows from a Store opened for the response's lifetime (the request's one is closed by then)."""

    def body() -> Iterator[str]:
        with Store.open(store_path, readonly=True) as store:
            yield from export_stream(rows_of(store), COLUMNS[what], fmt)

    media = "text/csv; charset=utf-8" if fmt == "csv" else "application/x-ndjson; charset=utf-8"
    return StreamingResponse(body(), media_type=media,
                             headers={"Content-Disposition": f'attachment; filename="marsad-{what}.{fmt}"'})


__all__ = ["WebConfig", "create_app", "label"]

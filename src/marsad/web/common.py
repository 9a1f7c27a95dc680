"""What the routes and the app share: configuration, the request's Store, templates and labels, the
filters' query parameters (from the one query layer, marsad.store.queries), the token check, analysis and
downloads. Neither module imports the other's internals through here: app -> routes -> common, app -> common.
"""

from __future__ import annotations

import hmac
import inspect
import threading
from collections import OrderedDict
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any
from urllib.parse import quote, urlencode

import yaml
from fastapi import Depends, Query, Request
from fastapi.responses import HTMLResponse, StreamingResponse
from jinja2 import Environment, FileSystemLoader, select_autoescape
from starlette.exceptions import HTTPException as StarletteHTTPException

from .. import config
from ..store import Store
from ..store import queries as q
from ..store.export import COLUMNS, text_chunks
from .analysis import DEFAULT_PIPELINE, worker_for
from .plural import counted

HERE = Path(__file__).resolve().parent
DEFAULT_MAX_REQUEST_BYTES = config.MAX_REQUEST_BYTES  # (marsad.config: the limits in one place)
MAX_ANALYZE_CHARS = config.MAX_ANALYZE_CHARS
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


def count_label(lang: str, noun: str, n: int) -> str:
    """`n` with `noun` (labels.yaml group `count`) in the form that agrees with it: "نتيجتان", "11 نتيجة"."""
    forms = _labels().get("count", {}).get(noun) or {}
    chosen = forms.get(lang) or forms.get("en")
    if not chosen:
        return f"{n} {noun}"
    return counted(int(n), chosen, lang if lang in forms else "en")


@lru_cache(maxsize=1)
def templates() -> Environment:
    env = Environment(loader=FileSystemLoader(str(HERE / "templates")),
                      autoescape=select_autoescape(enabled_extensions=("html", "svg"), default=True),
                      trim_blocks=True, lstrip_blocks=True)
    env.filters["q"] = lambda v: quote(str(v), safe="")
    # Links to outside pages only for web addresses (a stored 'javascript:' URL must never become a link).
    env.tests["http_url"] = lambda v: isinstance(v, str) and v.lower().startswith(("http://", "https://"))
    return env


_VIEWS_CACHE: OrderedDict[tuple[Any, ...], Any] = OrderedDict()
_VIEWS_CACHE_SIZE = 128
_VIEWS_LOCK = threading.Lock()


def cached_view(store: Store, name: str, args: tuple[Any, ...], compute: Callable[[], Any]) -> Any:
    """The answer of a costly read-only view (a busy actor's page, a page of all quotes: 0.2-1 s on 28k
    articles), kept until the archive changes, as the search facets are: an analyst going back and forth
    between pages gets them at once. The answer is shared: callers must not change it."""
    key = (str(store.path), q.archive_version(store.path), name, args)
    with _VIEWS_LOCK:
        if key in _VIEWS_CACHE:
            _VIEWS_CACHE.move_to_end(key)
            return _VIEWS_CACHE[key]
    value = compute()
    with _VIEWS_LOCK:
        _VIEWS_CACHE[key] = value
        if len(_VIEWS_CACHE) > _VIEWS_CACHE_SIZE:
            _VIEWS_CACHE.popitem(last=False)
    return value


def warm_templates() -> None:
    """Read the labels and compile every template now (the first page rendered otherwise pays ~0.3 s)."""
    _labels()
    env = templates()
    for name in env.list_templates(extensions=("html",)):
        env.get_template(name)


# ---- the request --------------------------------------------------------------------------------------------

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

    def n(noun: str, count: int) -> str:
        return count_label(lang, noun, count)

    return {"lang": lang, "dir": "rtl" if lang == "ar" else "ltr", "t": t, "n": n, "name_of": name_of,
            "toggle_href": request.url.path + "?" + urlencode(toggle), "json_href": json_href,
            "page_url": page_url, "actor_href": actor_href, "path": request.url.path}


def actor_href(actor_id: str) -> str:
    return "/actors/" + quote(actor_id, safe="")


def render_page(request: Request, template: str, lang: str, status: int = 200, **context: Any) -> HTMLResponse:
    html = templates().get_template(template).render(**base_context(request, lang, context.pop("json_href", None)),
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
    from ..readers.single import from_text

    published = q.check_date("published", published)
    if published and len(published) != 10:
        raise q.BadParameter("published", "must be a full date YYYY-MM-DD")
    source = (html if html is not None else text) or ""
    if not source.strip():
        raise q.BadParameter("text", "is empty: paste an article's text or HTML")
    if len(source) > MAX_ANALYZE_CHARS:
        raise q.BadParameter("text", f"is longer than {MAX_ANALYZE_CHARS} characters")
    item = from_text(source, "(pasted)", html=True if html is not None else None, published=published)
    return worker_for(config_of(request).analysis_pipeline).analyse(item)


# ---- export ----------------------------------------------------------------------------------------------

def export_response(store_path: Path, what: str, fmt: str, rows_of: Callable[[Store], Iterator[dict[str, Any]]],
                    columns: tuple[str, ...] | None = None) -> StreamingResponse:
    """Stream rows from a Store opened for the response's lifetime (the request's one is closed by then),
    written as `marsad export` writes a file (marsad.store.export.text_chunks)."""

    def body() -> Iterator[str]:
        with Store.open(store_path, readonly=True) as store:
            yield from text_chunks(rows_of(store), columns or COLUMNS[what], fmt, bom=fmt == "csv")

    media = "text/csv; charset=utf-8" if fmt == "csv" else "application/x-ndjson; charset=utf-8"
    return StreamingResponse(body(), media_type=media,
                             headers={"Content-Disposition": f'attachment; filename="marsad-{what}.{fmt}"'})


# ---- the filters as query parameters -----------------------------------------------------------------------

def filter_params(*tables: str, exclude: tuple[str, ...] = ()) -> Any:
    """A FastAPI dependency declaring the filters of `tables` (marsad.store.queries.FILTERS, in order, each
    once) as optional query parameters, documented in the OpenAPI description; it returns the raw values
    by name, which queries.parse checks. The API, the pages and the downloads declare their filters only
    through it, so they cannot drift from the CLI's (tests/test_query_parity.py)."""
    seen: dict[str, q.Filter] = {}
    for table in tables:
        for f in q.FILTERS[table]:
            if f.name not in exclude:
                seen.setdefault(f.name, f)
    parameters = [inspect.Parameter(name, inspect.Parameter.KEYWORD_ONLY, annotation=str | None,
                                    default=Query(None, description=q.describe(name, tables)))
                  for name in seen]

    def given(**values: str | None) -> dict[str, str | None]:
        return values

    given.__signature__ = inspect.Signature(parameters, return_annotation=dict)  # type: ignore[attr-defined]
    return Depends(given)

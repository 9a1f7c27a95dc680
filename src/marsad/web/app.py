"""The web app and REST API over an archive: FastAPI routes, security headers, limits, errors.

Pages (Arabic first, RTL) and their JSON twins under /api read the archive through a read-only Store
opened per request (SQLite connections are per thread; opening read-only is cheap and never waits for
a writer). The one writing endpoint (POST /api/articles) is off unless a token is configured.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, JSONResponse, Response
from fastapi.staticfiles import StaticFiles
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from .. import __version__
from .. import config as marsad_config
from ..errors import InputError, MarsadError
from ..store import Store, StoreError
from ..store.queries import BadParameter, Paging, find_actors, parse
from . import routes
from .analysis import DEFAULT_PIPELINE, worker_for
from .common import (
    DEFAULT_MAX_REQUEST_BYTES,
    HERE,
    WebConfig,
    base_context,
    label,
    templates,
    ui_lang,
    warm_templates,
)

log = logging.getLogger("marsad.web")
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
               warm_analysis: bool = False) -> FastAPI:
    """The app serving the archive at `db`. `token` (else $MARSAD_TOKEN) turns on the writing endpoint;
    `analysis_pipeline` names the function ("module:function") that builds the pipeline /analyze runs;
    `warm_analysis` starts its process when the server starts (the first analysis then takes ms, not s)."""
    config = WebConfig(Path(db), token or marsad_config.env("MARSAD_TOKEN") or None, max_request_bytes,
                       analysis_pipeline)
    @asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        if warm_analysis:
            worker_for(analysis_pipeline).warm()
            threading.Thread(target=_warm_lists, args=(config.db,), name="marsad-warm-lists", daemon=True).start()
        yield

    app = FastAPI(title="marsad API", lifespan=lifespan, version=__version__, openapi_url="/api/openapi.json", docs_url=None,
                  redoc_url=None,
                  description="The archive of processed Arabic news: articles, actors, events, quotes. "
                              "See docs/api.md.")
    app.state.config = config
    app.add_middleware(GuardMiddleware, max_bytes=max_request_bytes)
    app.mount("/static", StaticFiles(directory=str(HERE / "static")), name="static")
    _install_error_handlers(app)
    app.include_router(routes.api)
    app.include_router(routes.pages)
    return app


def _warm_lists(db: Path) -> None:
    """Compile the templates and rank the actors once now (the costly part of /actors, kept until the
    archive changes), so the first visitor does not wait for them."""
    warm_templates()
    try:
        with Store.open(db, readonly=True) as store:
            find_actors(store, parse("actors"), Paging(1, 50))
    except MarsadError as err:
        log.warning("could not warm the lists: %s", err)


def _wants_html(request: Request) -> bool:
    return not request.url.path.startswith("/api")


def error_response(request: Request, status: int, error: str, detail: str, **extra: Any) -> Response:
    if _wants_html(request):
        lang = ui_lang(request)
        html = templates().get_template("error.html").render(
            **base_context(request, lang), status=status, error=error, detail=detail)
        return HTMLResponse(html, status_code=status)
    return JSONResponse({"error": error, "detail": detail, **extra}, status_code=status)


def _install_error_handlers(app: FastAPI) -> None:
    @app.exception_handler(BadParameter)
    async def bad_parameter(request: Request, err: BadParameter) -> Response:
        return error_response(request, 400, "bad-parameter", err.detail, parameter=err.name)

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


__all__ = ["DEFAULT_MAX_REQUEST_BYTES", "WebConfig", "create_app", "label"]

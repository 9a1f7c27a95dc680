"""Routes: the JSON API under /api and the pages, each page with its JSON twin.

Query parameters are declared as plain strings (documented in the OpenAPI description) and checked
by marsad.web.params, so a bad value answers 400 with the parameter and the reason.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import quote, urlencode

from fastapi import APIRouter, Body, Query, Request
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse, Response
from markupsafe import Markup, escape
from starlette.concurrency import run_in_threadpool
from starlette.exceptions import HTTPException as StarletteHTTPException

from ..store import Store, StoreError, content_hash
from ..store.export import event_rows, rows_for
from . import annotate, queries, svg
from .app import (
    EXPORT_FORMATS,
    EXPORT_WHAT,
    StoreDep,
    actor_href,
    analyze,
    check_token,
    config_of,
    export_response,
    label,
    render_page,
    ui_lang,
)
from .params import (
    ENTITY_TYPES,
    STATUSES,
    BadParameter,
    check_choice,
    check_sort,
    check_text,
    check_via,
    date_range,
    event_types,
    paging,
)

api = APIRouter(prefix="/api")
pages = APIRouter(include_in_schema=False)

Q_PAGE = Query(None, description="page number, from 1")
Q_PER_PAGE = Query(None, description="items per page, 1-200 (default 25)")
Q_SINCE = Query(None, description="from this date on: YYYY, YYYY-MM or YYYY-MM-DD")
Q_UNTIL = Query(None, description="up to this date, inclusive: YYYY, YYYY-MM or YYYY-MM-DD")
MODES = ("meet", "visit", "host", "phone", "multilateral")


# ---- parameter bundles ---------------------------------------------------------------------------------

def _article_args(q: str | None, outlet: str | None, since: str | None, until: str | None, actor: str | None,
                  type: str | None, sort: str | None, page: str | None, per_page: str | None) -> dict[str, Any]:
    since, until = date_range(since, until)
    q = check_text("q", q)
    # Relevance is the default even without a query (it falls back to newest first), so the search form,
    # which sends its sort selector along, gives ranked results once a query is typed.
    sort_key, _ = check_sort(sort, queries.ARTICLE_SORTS, "relevance")
    return {"q": q, "outlet": check_text("outlet", outlet), "since": since, "until": until,
            "actor": check_text("actor", actor), "event_type": check_choice("type", type, event_types()),
            "sort": sort_key, "paging": paging(page, per_page)}


def _event_args(actor: str | None, type: str | None, status: str | None, mode: str | None, since: str | None,
                until: str | None, place: str | None, article: str | None, sort: str | None) -> dict[str, Any]:
    since, until = date_range(since, until)
    return {"actor": check_text("actor", actor), "type": check_choice("type", type, event_types()),
            "status": check_choice("status", status, STATUSES), "mode": check_choice("mode", mode, MODES),
            "since": since, "until": until, "place": check_text("place", place),
            "article_id": check_text("article", article),
            "sort": check_sort(sort, queries.EVENT_SORTS, "-date")[0]}


def _actor_or_404(store: Store, actor_id: str) -> dict[str, Any]:
    found = queries.actor(store, actor_id)
    if found is None:
        raise StarletteHTTPException(404, f"no actor with id {actor_id!r} in the archive")
    return found


# ---- API -------------------------------------------------------------------------------------------------

@api.get("", summary="Index of the API")
def api_index(request: Request, store: Store = StoreDep) -> dict[str, Any]:
    return {"name": "marsad", "openapi": "/api/openapi.json", "stats": store.stats(),
            "writing": bool(config_of(request).token),
            "endpoints": ["/api/articles", "/api/articles/{id}", "/api/search", "/api/actors", "/api/actors/{id}",
                          "/api/actors/{id}/events", "/api/actors/{id}/quotes", "/api/actors/{id}/cooccurring",
                          "/api/actors/{id}/network", "/api/events", "/api/quotes", "/api/export/{what}.{format}",
                          "POST /api/analyze", "POST /api/articles (token)"]}


@api.get("/articles", summary="List or search articles, with facets")
@api.get("/search", summary="Search articles (same as /api/articles with q)")
def api_articles(q: str | None = Query(None, description='search words, "phrase", OR, NOT, -word'),
                 outlet: str | None = None, since: str | None = Q_SINCE, until: str | None = Q_UNTIL,
                 actor: str | None = Query(None, description="actor id or name (any spelling)"),
                 type: str | None = Query(None, description="articles with an event of this type, e.g. CONSULT"),
                 sort: str | None = Query(None, description=", ".join(queries.ARTICLE_SORTS)),
                 page: str | None = Q_PAGE, per_page: str | None = Q_PER_PAGE, store: Store = StoreDep
                 ) -> dict[str, Any]:
    return queries.search_articles(store, **_article_args(q, outlet, since, until, actor, type, sort, page, per_page))


@api.get("/articles/{article_id}", summary="One article with its full record (all annotations)")
def api_article(article_id: str, store: Store = StoreDep) -> dict[str, Any]:
    return queries.article(store, article_id)


@api.get("/actors", summary="List actors")
def api_actors(type: str | None = Query(None, description="PER, ORG, LOC or MISC"),
               name: str | None = Query(None, description="part of the name, any spelling"),
               sort: str | None = Query(None, description=", ".join(queries.ACTOR_SORTS)),
               page: str | None = Q_PAGE, per_page: str | None = Q_PER_PAGE, store: Store = StoreDep
               ) -> dict[str, Any]:
    return queries.list_actors(store, type=check_choice("type", type, ENTITY_TYPES), name=check_text("name", name),
                               sort=check_sort(sort, queries.ACTOR_SORTS, "-articles")[0], paging=paging(page, per_page))


@api.get("/actors/{actor_id:path}/events", summary="An actor's events")
def api_actor_events(actor_id: str, type: str | None = None, status: str | None = None, mode: str | None = None,
                     since: str | None = Q_SINCE, until: str | None = Q_UNTIL, place: str | None = None,
                     sort: str | None = None, page: str | None = Q_PAGE, per_page: str | None = Q_PER_PAGE,
                     store: Store = StoreDep) -> dict[str, Any]:
    _actor_or_404(store, actor_id)
    args = _event_args(None, type, status, mode, since, until, place, None, sort)
    args["actor"] = actor_id
    return queries.list_events(store, **args, paging=paging(page, per_page))


@api.get("/actors/{actor_id:path}/quotes", summary="An actor's quotes")
def api_actor_quotes(actor_id: str, text: str | None = None, since: str | None = Q_SINCE,
                     until: str | None = Q_UNTIL, page: str | None = Q_PAGE, per_page: str | None = Q_PER_PAGE,
                     store: Store = StoreDep) -> dict[str, Any]:
    _actor_or_404(store, actor_id)
    since, until = date_range(since, until)
    return queries.list_quotes(store, speaker=actor_id, contains=check_text("text", text), since=since, until=until,
                               paging=paging(page, per_page))


@api.get("/actors/{actor_id:path}/cooccurring", summary="Actors named in the same articles, and actors met")
def api_actor_cooccurring(actor_id: str, store: Store = StoreDep) -> dict[str, Any]:
    _actor_or_404(store, actor_id)
    return {"met": queries.partners(store, actor_id), "named_alongside": queries.cooccurring(store, actor_id)}


@api.get("/actors/{actor_id:path}/network", summary="Who met whom around an actor (nodes and edges)")
def api_actor_network(actor_id: str, store: Store = StoreDep) -> dict[str, Any]:
    _actor_or_404(store, actor_id)
    return queries.network(store, actor_id)


@api.get("/actors/{actor_id:path}", summary="One actor: names, roles over time, counts, partners, latest quotes")
def api_actor(actor_id: str, store: Store = StoreDep) -> dict[str, Any]:
    return _actor_data(store, actor_id)


def _actor_data(store: Store, actor_id: str) -> dict[str, Any]:
    found = _actor_or_404(store, actor_id)
    found["met"] = queries.partners(store, actor_id)
    found["named_alongside"] = queries.cooccurring(store, actor_id)
    found["latest_quotes"] = queries.list_quotes(store, speaker=actor_id, paging=paging("1", "10"))["items"]
    found["timeline"] = queries.list_events(store, actor=actor_id, sort="date", paging=paging("1", "200"))["items"]
    found["network"] = queries.network(store, actor_id)
    return found


@api.get("/events", summary="Events, filtered by actor, type, status, mode, date range, place, article")
def api_events(actor: str | None = Query(None, description="actor id or name"), type: str | None = None,
               status: str | None = Query(None, description=", ".join(STATUSES)),
               mode: str | None = Query(None, description=", ".join(MODES)),
               since: str | None = Q_SINCE, until: str | None = Q_UNTIL,
               place: str | None = Query(None, description="place id or name"),
               article: str | None = Query(None, description="article id"),
               sort: str | None = Query(None, description=", ".join(queries.EVENT_SORTS)),
               page: str | None = Q_PAGE, per_page: str | None = Q_PER_PAGE, store: Store = StoreDep
               ) -> dict[str, Any]:
    args = _event_args(actor, type, status, mode, since, until, place, article, sort)
    return queries.list_events(store, **args, paging=paging(page, per_page))


@api.get("/quotes", summary="Quotes by speaker and text")
def api_quotes(speaker: str | None = Query(None, description="speaker id or name"),
               text: str | None = Query(None, description="words the quote contains (spelling variants match)"),
               via: str | None = Query(None, description="how the speaker was found: stated, inferred, unnamed, "
                                                         "or speaker_via values, comma-separated"),
               since: str | None = Q_SINCE, until: str | None = Q_UNTIL,
               sort: str | None = Query(None, description=", ".join(queries.QUOTE_SORTS)),
               page: str | None = Q_PAGE, per_page: str | None = Q_PER_PAGE, store: Store = StoreDep
               ) -> dict[str, Any]:
    since, until = date_range(since, until)
    return queries.list_quotes(store, speaker=check_text("speaker", speaker), contains=check_text("text", text),
                               since=since, until=until, sort=check_sort(sort, queries.QUOTE_SORTS, "-date")[0],
                               paging=paging(page, per_page), via=check_via(via))


@api.get("/export/{name}", summary="Download articles, entities, quotes or events as CSV or JSON Lines",
         description="name is WHAT.FORMAT, e.g. events.csv. Events take the filters of /api/events; the "
                     "others take since/until.")
def api_export(request: Request, name: str, actor: str | None = None, type: str | None = None,
               status: str | None = None, mode: str | None = None, since: str | None = Q_SINCE,
               until: str | None = Q_UNTIL, place: str | None = None, article: str | None = None,
               sort: str | None = None) -> Response:
    what, _, fmt = name.partition(".")
    check_choice("what", what, EXPORT_WHAT)
    check_choice("format", fmt, EXPORT_FORMATS)
    if what == "events":
        args = _event_args(actor, type, status, mode, since, until, place, article, sort)

        def rows(store: Store) -> Any:
            return event_rows(queries.list_events(store, **args)["items"])
    else:
        since_, until_ = date_range(since, until)

        def rows(store: Store) -> Any:
            return rows_for(store, what, since_, until_)
    Store.open(config_of(request).db, readonly=True).close()  # a missing archive answers 503 before streaming
    return export_response(config_of(request).db, what, fmt, rows)


@api.post("/analyze", summary="Analyse a text or HTML page (nothing stored): the `marsad extract` JSON")
def api_analyze(request: Request, payload: dict[str, Any] = Body(  # noqa: B008 - FastAPI's declaration style
        ..., examples=[{"text": "استقبل وزير الخارجية …", "published": "2024-05-16"}])) -> dict[str, Any]:
    text, html, published = _payload_fields(payload)
    return analyze(request, text, html, published).to_dict()


@api.post("/articles", summary="Analyse a text or HTML page and store it (needs the token)", status_code=201)
def api_store_article(request: Request, payload: dict[str, Any] = Body(...)) -> JSONResponse:  # noqa: B008
    check_token(request)
    text, html, published = _payload_fields(payload)
    doc = analyze(request, text, html, published)
    for key in ("title", "url", "outlet"):
        if isinstance(payload.get(key), str) and not getattr(doc, key):
            setattr(doc, key, payload[key])
    try:
        with Store.open(config_of(request).db) as store:
            before = store.article_by_hash(content_hash(doc.body))
            article_id = store.add_document(doc, source_key=f"api:{payload.get('url') or 'pasted'}")
    except StoreError as err:
        raise StarletteHTTPException(409, err.args[0]) from None
    return JSONResponse({"id": article_id, "outcome": "duplicate" if before else "stored",
                         "href": f"/api/articles/{article_id}"}, status_code=200 if before else 201)


def _payload_fields(payload: dict[str, Any]) -> tuple[str | None, str | None, str | None]:
    for key in ("text", "html", "published"):
        if payload.get(key) is not None and not isinstance(payload[key], str):
            raise BadParameter(key, "must be a string")
    if payload.get("text") is None and payload.get("html") is None:
        raise BadParameter("text", "give the article as 'text' or 'html'")
    return payload.get("text"), payload.get("html"), payload.get("published")


# ---- pages -----------------------------------------------------------------------------------------------

@pages.get("/favicon.ico")
def favicon() -> RedirectResponse:
    return RedirectResponse("/static/favicon.svg", status_code=301)


@pages.get("/", response_class=HTMLResponse)
def page_search(request: Request, q: str | None = None, outlet: str | None = None, since: str | None = None,
                until: str | None = None, actor: str | None = None, type: str | None = None,
                sort: str | None = None, page: str | None = None, per_page: str | None = None,
                store: Store = StoreDep) -> HTMLResponse:
    lang = ui_lang(request)
    args = _article_args(q, outlet, since, until, actor, type, sort, page, per_page)
    result = queries.search_articles(store, **args)
    query = {k: v for k, v in request.query_params.items() if k != "lang"}
    return render_page(request, "search.html", lang, result=result, args=args, outlets=queries.outlets(store),
                       types=sorted(event_types()), marked=_marked,
                       json_href="/api/articles" + ("?" + urlencode(query) if query else ""))


def _marked(text: str, marks: list[list[int]]) -> Markup:
    """Text with <mark> around the matched parts; every part escaped."""
    out, pos = [], 0
    for start, end in sorted(marks):
        if start < pos or end > len(text):
            continue
        out += [escape(text[pos:start]), Markup("<mark>"), escape(text[start:end]), Markup("</mark>")]
        pos = end
    out.append(escape(text[pos:]))
    return Markup("").join(out)


@pages.get("/articles/{article_id}", response_class=HTMLResponse)
def page_article(request: Request, article_id: str, store: Store = StoreDep) -> HTMLResponse:
    lang = ui_lang(request)
    data = queries.article(store, article_id)
    return _render_record(request, lang, data["record"], data, data["actors"],
                          json_href=f"/api/articles/{data['id']}")


def _render_record(request: Request, lang: str, record: dict[str, Any], meta: dict[str, Any] | None,
                   actors: dict[str, str], json_href: str | None, template: str = "article.html",
                   **extra: Any) -> HTMLResponse:
    def lab(group: str, key: str) -> str:
        return label(lang, group, key)

    def entity_href(entity_id: str) -> str | None:
        actor_id = actors.get(entity_id)
        return actor_href(actor_id) if actor_id else None

    body_html = annotate.render(record.get("body") or "", annotate.highlights(
        record, label=lab, actor_href=entity_href, lang=lang))
    entities = {e["id"]: e for e in record.get("entities") or []}
    return render_page(request, template, lang, record=record, meta=meta, body_html=body_html,
                       entities=entities, entity_href=entity_href, json_href=json_href, **extra)


@pages.get("/actors", response_class=HTMLResponse)
def page_actors(request: Request, type: str | None = None, name: str | None = None, sort: str | None = None,
                page: str | None = None, per_page: str | None = None, store: Store = StoreDep) -> HTMLResponse:
    lang = ui_lang(request)
    result = queries.list_actors(store, type=check_choice("type", type, ENTITY_TYPES), name=check_text("name", name),
                                 sort=check_sort(sort, queries.ACTOR_SORTS, "-articles")[0],
                                 paging=paging(page, per_page or "50"))
    query = {k: v for k, v in request.query_params.items() if k != "lang"}
    return render_page(request, "actors.html", lang, result=result, types=ENTITY_TYPES, type=type, name=name,
                       json_href="/api/actors" + ("?" + urlencode(query) if query else ""))


@pages.get("/actors/{actor_id:path}", response_class=HTMLResponse)
def page_actor(request: Request, actor_id: str, store: Store = StoreDep) -> HTMLResponse:
    lang = ui_lang(request)
    data = _actor_data(store, actor_id)

    def name(node: dict[str, Any]) -> str:
        return (node.get("name_en") if lang == "en" else None) or node.get("name") or node["id"]

    network = svg.network_svg(data["network"], href=actor_href, name=name, title=label(lang, "ui", "network"))
    timeline = svg.timeline_svg(data["timeline"], label=lambda g, k: label(lang, g, k),
                                describe=lambda ev: _describe_event(ev, lang), href=_event_href,
                                title=label(lang, "ui", "timeline"), rtl=lang == "ar")
    return render_page(request, "actor.html", lang, actor=data, network_svg=network, timeline_svg=timeline,
                       json_href=f"/api/actors/{_quote_path(actor_id)}", describe=_describe_event)


def _quote_path(value: str) -> str:
    return quote(value, safe="")


def _event_href(ev: dict[str, Any]) -> str:
    return f"/articles/{ev['article_id']}#{ev['event']}"


def _describe_event(ev: dict[str, Any], lang: str) -> str:
    def names(side: list[dict[str, Any]]) -> str:
        return "، ".join(((p.get("name_en") if lang == "en" else None) or p.get("name") or "?") for p in side)

    kind = label(lang, "event_type", ev["type"]) + (f" / {label(lang, 'mode', ev['mode'])}" if ev.get("mode") else "")
    parts = [ev.get("date") or ev.get("published") or "?", kind, label(lang, "status", ev.get("status") or "happened")]
    who = " ← ".join(x for x in (names(ev["source"]), names(ev["target"])) if x)
    if who:
        parts.append(who)
    if ev.get("place"):
        place = ev["place"]
        parts.append((place.get("name_en") if lang == "en" else None) or place.get("name") or "")
    return " — ".join(p for p in parts if p)


@pages.get("/events", response_class=HTMLResponse)
def page_events(request: Request, actor: str | None = None, type: str | None = None, status: str | None = None,
                mode: str | None = None, since: str | None = None, until: str | None = None,
                place: str | None = None, article: str | None = None, sort: str | None = None,
                page: str | None = None, per_page: str | None = None, store: Store = StoreDep) -> HTMLResponse:
    lang = ui_lang(request)
    args = _event_args(actor, type, status, mode, since, until, place, article, sort)
    result = queries.list_events(store, **args, paging=paging(page, per_page or "50"))
    chart_rows = queries.list_events(store, **args, paging=paging("1", "200"))["items"]
    timeline = svg.timeline_svg(chart_rows, label=lambda g, k: label(lang, g, k),
                                describe=lambda ev: _describe_event(ev, lang), href=_event_href,
                                title=label(lang, "ui", "timeline"), rtl=lang == "ar")
    query = {k: v for k, v in request.query_params.items() if k not in ("lang", "page", "per_page")}
    suffix = "?" + urlencode(query) if query else ""
    return render_page(request, "events.html", lang, result=result, args=args, timeline_svg=timeline,
                       types=sorted(event_types()), statuses=STATUSES, modes=MODES, describe=_describe_event,
                       csv_href="/api/export/events.csv" + suffix, jsonl_href="/api/export/events.jsonl" + suffix,
                       json_href="/api/events" + suffix)


@pages.get("/quotes", response_class=HTMLResponse)
def page_quotes(request: Request, speaker: str | None = None, text: str | None = None, since: str | None = None,
                until: str | None = None, page: str | None = None, via: str | None = None,
                store: Store = StoreDep) -> HTMLResponse:
    lang = ui_lang(request)
    since, until = date_range(since, until)
    result = queries.list_quotes(store, speaker=check_text("speaker", speaker), contains=check_text("text", text),
                                 since=since, until=until, paging=paging(page, "50"), via=check_via(via))
    query = {k: v for k, v in request.query_params.items() if k != "lang"}
    return render_page(request, "quotes.html", lang, result=result, speaker=speaker, text=text, via=via,
                       json_href="/api/quotes" + ("?" + urlencode(query) if query else ""))


@pages.get("/analyze", response_class=HTMLResponse)
def page_analyze_form(request: Request) -> HTMLResponse:
    return render_page(request, "analyze.html", ui_lang(request), record=None, text="", published="")


@pages.post("/analyze", response_class=HTMLResponse)
async def page_analyze(request: Request) -> Response:
    """The form posts here and gets the annotated page; a JSON body gets the JSON record (as /api/analyze)."""
    lang = ui_lang(request)
    if request.headers.get("content-type", "").startswith("application/json"):
        try:
            payload = await request.json()
        except ValueError:
            raise BadParameter("body", "is not valid JSON") from None
        if not isinstance(payload, dict):
            raise BadParameter("body", "must be a JSON object with 'text' or 'html'")
        text, html, published = _payload_fields(payload)
        doc = await run_in_threadpool(analyze, request, text, html, published)
        return JSONResponse(doc.to_dict())
    form = await request.form()
    text, published = form.get("text", ""), form.get("published", "")
    if not isinstance(text, str) or not isinstance(published, str):
        raise BadParameter("text", "must be text, not a file")
    doc = await run_in_threadpool(analyze, request, text, None, published or None)
    return _render_record(request, lang, doc.to_dict(), None, {}, json_href=None, template="analyze.html",
                          text=text, published=published)

"""Routes: the JSON API under /api and the pages, each page with its JSON twin.

The filters are declared from the one query layer (marsad.store.queries.FILTERS, through
common.filter_params) and checked by it, so a bad value answers 400 with the parameter and the reason,
the same message `marsad events|quotes|search|actors|export` gives.
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
from ..store import queries as q
from ..store.export import event_rows, rows_for
from . import annotate, queries, svg
from .common import (
    EXPORT_FORMATS,
    StoreDep,
    actor_href,
    analyze,
    cached_view,
    check_token,
    config_of,
    export_response,
    filter_params,
    label,
    render_page,
    ui_lang,
)

api = APIRouter(prefix="/api")
pages = APIRouter(include_in_schema=False)

Q_PAGE = Query(None, description="page number, from 1")
Q_PER_PAGE = Query(None, description="items per page, 1-200 (default 25)")
ARTICLE_FILTERS = filter_params("articles")
EVENT_FILTERS = filter_params("events")
QUOTE_FILTERS = filter_params("quotes")
ACTOR_FILTERS = filter_params("actors")
ACTOR_EVENT_FILTERS = filter_params("events", exclude=("actor",))
ACTOR_QUOTE_FILTERS = filter_params("quotes", exclude=("speaker",))
DOSSIER_FILTERS = filter_params("dossier")
PAIR_FILTERS = filter_params("pair")
COVERAGE_FILTERS = filter_params("coverage", exclude=("q",))  # q repeats: declared as a list where used
Q_QUERIES = Query(None, description=q.describe("q", ("coverage",)))
CHART_MAX = 200  # events drawn on a timeline; the page says when there are more
# A download takes the filters of the table it writes (the others answer 400: they would be ignored).
EXPORT_FILTERS = filter_params(*q.EXPORTS)


def _actor_or_404(store: Store, actor_id: str) -> None:
    # A look-up by key: queries.actor reads every mention and role of the actor (0.1 s for a busy one).
    if store.conn.execute("SELECT 1 FROM actors WHERE id = ?", (actor_id,)).fetchone() is None:
        raise StarletteHTTPException(404, f"no actor with id {actor_id!r} in the archive")


def _json_href(request: Request, path: str, drop: tuple[str, ...] = ("lang",)) -> str:
    query = [(k, v) for k, v in request.query_params.multi_items() if k not in drop]  # q may repeat
    return path + ("?" + urlencode(query) if query else "")


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
def api_articles(given: dict[str, Any] = ARTICLE_FILTERS, page: str | None = Q_PAGE,
                 per_page: str | None = Q_PER_PAGE, store: Store = StoreDep) -> dict[str, Any]:
    return q.find_articles(store, q.parse("articles", given), q.paging(page, per_page), facets=True)


@api.get("/articles/{article_id}", summary="One article with its full record (all annotations)")
def api_article(article_id: str, store: Store = StoreDep) -> dict[str, Any]:
    return queries.article(store, article_id)


@api.get("/actors", summary="List actors")
def api_actors(given: dict[str, Any] = ACTOR_FILTERS, page: str | None = Q_PAGE, per_page: str | None = Q_PER_PAGE,
               store: Store = StoreDep) -> dict[str, Any]:
    return q.find_actors(store, q.parse("actors", given), q.paging(page, per_page))


@api.get("/actors/{actor_id:path}/events", summary="An actor's events (the filters of /api/events but actor)")
def api_actor_events(actor_id: str, given: dict[str, Any] = ACTOR_EVENT_FILTERS,
                     page: str | None = Q_PAGE, per_page: str | None = Q_PER_PAGE, store: Store = StoreDep
                     ) -> dict[str, Any]:
    _actor_or_404(store, actor_id)
    return _events(store, q.parse("events", given, actor=actor_id), q.paging(page, per_page))


@api.get("/actors/{actor_id:path}/quotes", summary="An actor's quotes (the filters of /api/quotes but speaker)")
def api_actor_quotes(actor_id: str, given: dict[str, Any] = ACTOR_QUOTE_FILTERS,
                     page: str | None = Q_PAGE, per_page: str | None = Q_PER_PAGE, store: Store = StoreDep
                     ) -> dict[str, Any]:
    _actor_or_404(store, actor_id)
    return _quotes(store, q.parse("quotes", given, speaker=actor_id), q.paging(page, per_page))


@api.get("/actors/{actor_id:path}/cooccurring", summary="Actors named in the same articles, and actors met")
def api_actor_cooccurring(actor_id: str, store: Store = StoreDep) -> dict[str, Any]:
    _actor_or_404(store, actor_id)
    return {"met": queries.partners(store, actor_id), "named_alongside": queries.cooccurring(store, actor_id)}


@api.get("/actors/{actor_id:path}/network", summary="Who met whom around an actor (nodes and edges)")
def api_actor_network(actor_id: str, store: Store = StoreDep) -> dict[str, Any]:
    _actor_or_404(store, actor_id)
    return queries.network(store, actor_id)


@api.get("/actors/{actor_id:path}", summary="One actor (its dossier with since/until): names, roles, counts, "
                                          "partners, latest quotes, events, articles")
def api_actor(actor_id: str, given: dict[str, Any] = DOSSIER_FILTERS, store: Store = StoreDep) -> dict[str, Any]:
    return _actor_data(store, actor_id, q.parse("dossier", given))


def _actor_data(store: Store, actor_id: str, period: dict[str, Any] | None = None) -> dict[str, Any]:
    """An actor, or its dossier for a period: everything below narrowed to `since`..`until` (kept until the
    archive changes: a busy actor's page reads thousands of rows)."""
    since, until = (period or {}).get("since"), (period or {}).get("until")
    return cached_view(store, "actor", (actor_id, since, until), lambda: _read_actor(store, actor_id, since, until))


def _read_actor(store: Store, actor_id: str, since: str | None, until: str | None) -> dict[str, Any]:
    found = queries.actor(store, actor_id, since, until)
    if found is None:
        raise StarletteHTTPException(404, f"no actor with id {actor_id!r} in the archive")
    found["since"], found["until"] = since, until
    found["met"] = queries.partners(store, actor_id, since=since, until=until)
    found["named_alongside"] = queries.cooccurring(store, actor_id, since=since, until=until)
    quotes = q.find_quotes(store, q.parse("quotes", speaker=actor_id, since=since, until=until), q.Paging(1, 10))
    found["latest_quotes"], found["quotes_listed"] = quotes["items"], quotes["total"]
    events = q.find_events(store, q.parse("events", actor=actor_id, sort="date", since=since, until=until),
                           q.Paging(1, CHART_MAX))
    found["timeline"], found["timeline_total"] = events["items"], events["total"]
    articles = q.find_articles(store, q.parse("articles", actor=actor_id, since=since, until=until,
                                              sort="-published"), q.Paging(1, 10))
    found["latest_articles"], found["articles_listed"] = articles["items"], articles["total"]
    found["network"] = queries.network(store, actor_id)
    return found


@api.get("/events", summary="Events, filtered by actor, type, status, mode, date range, place, article")
def api_events(given: dict[str, Any] = EVENT_FILTERS, page: str | None = Q_PAGE, per_page: str | None = Q_PER_PAGE,
               store: Store = StoreDep) -> dict[str, Any]:
    return _events(store, q.parse("events", given), q.paging(page, per_page))


def _events(store: Store, f: dict[str, Any], paging: q.Paging) -> dict[str, Any]:
    """A page of events (sorted over every event, each read with its participants: kept until the archive
    changes)."""
    key = (tuple(sorted((k, str(v)) for k, v in f.items())), paging.page, paging.per_page)
    return cached_view(store, "events", key, lambda: q.find_events(store, f, paging))


@api.get("/quotes", summary="Quotes by speaker, text and how the speaker was found")
def api_quotes(given: dict[str, Any] = QUOTE_FILTERS, page: str | None = Q_PAGE, per_page: str | None = Q_PER_PAGE,
               store: Store = StoreDep) -> dict[str, Any]:
    return _quotes(store, q.parse("quotes", given), q.paging(page, per_page))


def _quotes(store: Store, f: dict[str, Any], paging: q.Paging) -> dict[str, Any]:
    """A page of quotes (sorting every quote by date, or scanning every quote's text, takes ~1 s on 28k
    articles: kept until the archive changes)."""
    key = (tuple(sorted((k, str(v)) for k, v in f.items())), paging.page, paging.per_page)
    return cached_view(store, "quotes", key, lambda: q.find_quotes(store, f, paging))


@api.get("/pair", summary="Two actors: every event both take part in, the quotes of one naming the other, "
                          "the articles naming both")
def api_pair(given: dict[str, Any] = PAIR_FILTERS, store: Store = StoreDep) -> dict[str, Any]:
    return _pair(store, q.parse("pair", given))


def _pair(store: Store, f: dict[str, Any]) -> dict[str, Any]:
    return cached_view(store, "pair", tuple(sorted((k, str(v)) for k, v in f.items())), lambda: q.find_pair(store, f))


def _coverage(store: Store, f: dict[str, Any]) -> dict[str, Any]:
    return cached_view(store, "coverage", tuple(sorted((k, str(v)) for k, v in f.items())),
                       lambda: q.coverage(store, f))


@api.get("/coverage", summary="Articles per day/week/month matching each query (up to three), beside the "
                              "archive's volume (share per 1,000 articles)")
def api_coverage(q_: list[str] | None = Query(None, alias="q", description=q.describe("q", ("coverage",))),  # noqa: B008
                 given: dict[str, Any] = COVERAGE_FILTERS, store: Store = StoreDep) -> dict[str, Any]:
    return _coverage(store, q.parse("coverage", {**given, "q": q_ or ()}))


@api.get("/export/pair.{fmt}", summary="Download the events of two actors (the filters of /api/pair)")
def api_export_pair(request: Request, fmt: str, given: dict[str, Any] = PAIR_FILTERS) -> Response:
    q.check_choice("format", fmt, EXPORT_FORMATS)
    f = q.parse("pair", given)
    with Store.open(config_of(request).db, readonly=True) as store:
        q.find_pair(store, f, limit=1)  # a bad or unknown actor answers 400 before streaming
    return export_response(config_of(request).db, "events", fmt,
                           lambda store: event_rows(q.find_pair(store, f, limit=100_000)["events"]))


@api.get("/export/coverage.{fmt}", summary="Download the coverage table (the filters of /api/coverage)")
def api_export_coverage(request: Request, fmt: str,
                        q_: list[str] | None = Query(None, alias="q", description="a search query (repeat)"),  # noqa: B008
                        given: dict[str, Any] = COVERAGE_FILTERS) -> Response:
    q.check_choice("format", fmt, EXPORT_FORMATS)
    f = q.parse("coverage", {**given, "q": q_ or ()})
    Store.open(config_of(request).db, readonly=True).close()
    return export_response(config_of(request).db, "coverage", fmt, lambda store: iter(q.coverage(store, f)["rows"]),
                           columns=q.COVERAGE_COLUMNS)


@api.get("/export/{name}", summary="Download articles, entities, quotes or events as CSV or JSON Lines",
         description="name is WHAT.FORMAT, e.g. events.csv. Each takes the filters of its list: events those of "
                     "/api/events, quotes those of /api/quotes, articles those of /api/articles, entities "
                     "since/until; a filter of another list answers 400.")
def api_export(request: Request, name: str, given: dict[str, Any] = EXPORT_FILTERS) -> Response:
    what, _, fmt = name.partition(".")
    q.check_choice("what", what, q.EXPORTS)
    q.check_choice("format", fmt, EXPORT_FORMATS)
    f = q.parse(what, given)
    Store.open(config_of(request).db, readonly=True).close()  # a missing archive answers 503 before streaming
    return export_response(config_of(request).db, what, fmt, lambda store: rows_for(store, what, f))


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
            raise q.BadParameter(key, "must be a string")
    if payload.get("text") is None and payload.get("html") is None:
        raise q.BadParameter("text", "give the article as 'text' or 'html'")
    return payload.get("text"), payload.get("html"), payload.get("published")


# ---- pages -----------------------------------------------------------------------------------------------

@pages.get("/favicon.ico")
def favicon() -> RedirectResponse:
    return RedirectResponse("/static/favicon.svg", status_code=301)


@pages.get("/", response_class=HTMLResponse)
def page_search(request: Request, given: dict[str, Any] = ARTICLE_FILTERS, page: str | None = None,
                per_page: str | None = None, store: Store = StoreDep) -> HTMLResponse:
    lang = ui_lang(request)
    f = q.parse("articles", given)
    result = q.find_articles(store, f, q.paging(page, per_page), facets=True)
    drop = ("lang", "page", "per_page")
    return render_page(request, "search.html", lang, result=result, args=f,
                       types=q.event_types(), marked=_marked, json_href=_json_href(request, "/api/articles"),
                       csv_href=_json_href(request, "/api/export/articles.csv", drop),
                       jsonl_href=_json_href(request, "/api/export/articles.jsonl", drop),
                       coverage_href="/coverage?" + urlencode({"q": f["q"] or ""}))


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
def page_actors(request: Request, given: dict[str, Any] = ACTOR_FILTERS, page: str | None = None,
                per_page: str | None = None, store: Store = StoreDep) -> HTMLResponse:
    lang = ui_lang(request)
    f = q.parse("actors", given)
    result = q.find_actors(store, f, q.paging(page, per_page, default_per_page=50))
    return render_page(request, "actors.html", lang, result=result, types=q.ENTITY_TYPES, type=f["type"],
                       name=f["name"], sort=f["sort"], sorts=tuple(q.ACTOR_SORTS),
                       json_href=_json_href(request, "/api/actors"))


@pages.get("/actors/{actor_id:path}", response_class=HTMLResponse)
def page_actor(request: Request, actor_id: str, given: dict[str, Any] = DOSSIER_FILTERS,
               store: Store = StoreDep) -> HTMLResponse:
    lang = ui_lang(request)
    period = q.parse("dossier", given)
    data = _actor_data(store, actor_id, period)

    def name(node: dict[str, Any]) -> str:
        return (node.get("name_en") if lang == "en" else None) or node.get("name") or node["id"]

    network = svg.network_svg(data["network"], href=actor_href, name=name, title=label(lang, "ui", "network"))
    timeline = _timeline(data["timeline"], lang)
    scope = {k: v for k, v in (("since", period["since"]), ("until", period["until"])) if v}
    links = {"events": "/events?" + urlencode({"actor": actor_id, **scope}),
             "quotes": "/quotes?" + urlencode({"speaker": actor_id, **scope}),
             "articles": "/?" + urlencode({"actor": actor_id, **scope}),
             "events_csv": "/api/export/events.csv?" + urlencode({"actor": actor_id, **scope}),
             "quotes_csv": "/api/export/quotes.csv?" + urlencode({"speaker": actor_id, **scope}),
             "articles_csv": "/api/export/articles.csv?" + urlencode({"actor": actor_id, **scope}),
             "events_jsonl": "/api/export/events.jsonl?" + urlencode({"actor": actor_id, **scope})}
    return render_page(request, "actor.html", lang, actor=data, network_svg=network, timeline_svg=timeline,
                       links=links, period=period, pair_href=lambda other: "/pair?" + urlencode(
                           {"a": actor_id, "b": other, **scope}),
                       json_href=_json_href(request, f"/api/actors/{_quote_path(actor_id)}"),
                       describe=_describe_event)


def _timeline(events: list[dict[str, Any]], lang: str) -> Markup:
    return svg.timeline_svg(events, label=lambda g, k: label(lang, g, k),
                            describe=lambda ev: _describe_event(ev, lang), href=_event_href,
                            title=label(lang, "ui", "timeline"), rtl=lang == "ar")


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
def page_events(request: Request, given: dict[str, Any] = EVENT_FILTERS, page: str | None = None,
                per_page: str | None = None, store: Store = StoreDep) -> HTMLResponse:
    lang = ui_lang(request)
    f = q.parse("events", given)
    paging = q.paging(page, per_page, default_per_page=50)
    chart = _events(store, f, q.Paging(1, CHART_MAX))
    chart_rows = chart["items"]
    if paging.offset + paging.per_page <= CHART_MAX:  # the table's page is a slice of the chart's rows
        result = {**chart, "page": paging.page, "per_page": paging.per_page,
                  "items": chart_rows[paging.offset:paging.offset + paging.per_page]}
    else:
        result = _events(store, f, paging)
    timeline = _timeline(chart_rows, lang)
    drop = ("lang", "page", "per_page")
    return render_page(request, "events.html", lang, result=result, args=f, timeline_svg=timeline,
                       chart_shown=len(chart_rows),
                       types=q.event_types(), statuses=q.EVENT_STATUSES, modes=q.event_modes(),
                       describe=_describe_event, csv_href=_json_href(request, "/api/export/events.csv", drop),
                       jsonl_href=_json_href(request, "/api/export/events.jsonl", drop),
                       json_href=_json_href(request, "/api/events", drop))


@pages.get("/quotes", response_class=HTMLResponse)
def page_quotes(request: Request, given: dict[str, Any] = QUOTE_FILTERS, page: str | None = None,
                per_page: str | None = None, store: Store = StoreDep) -> HTMLResponse:
    lang = ui_lang(request)
    f = q.parse("quotes", given)
    result = _quotes(store, f, q.paging(page, per_page, default_per_page=50))
    drop = ("lang", "page", "per_page")
    return render_page(request, "quotes.html", lang, result=result, speaker=f["speaker"], text=f["text"],
                       via=given.get("via"), args=f, sorts=tuple(q.QUOTE_SORTS),
                       csv_href=_json_href(request, "/api/export/quotes.csv", drop),
                       jsonl_href=_json_href(request, "/api/export/quotes.jsonl", drop),
                       json_href=_json_href(request, "/api/quotes"))


@pages.get("/pair", response_class=HTMLResponse)
def page_pair(request: Request, given: dict[str, Any] = PAIR_FILTERS, store: Store = StoreDep) -> HTMLResponse:
    """Two actors: every meeting, call and statement between them, with a period control and downloads."""
    lang = ui_lang(request)
    f = q.parse("pair", given)
    result = _pair(store, f)
    drop = ("lang",)
    return render_page(request, "pair.html", lang, result=result, args=f, timeline_svg=_timeline(result["events"], lang),
                       describe=_describe_event, csv_href=_json_href(request, "/api/export/pair.csv", drop),
                       jsonl_href=_json_href(request, "/api/export/pair.jsonl", drop),
                       json_href=_json_href(request, "/api/pair"))


@pages.get("/coverage", response_class=HTMLResponse)
def page_coverage(request: Request, q_: list[str] | None = Query(None, alias="q"),  # noqa: B008
                  given: dict[str, Any] = COVERAGE_FILTERS, store: Store = StoreDep) -> HTMLResponse:
    """Coverage of up to three searches over time, normalised by the archive's volume: a chart and its table."""
    lang = ui_lang(request)
    f = q.parse("coverage", {**given, "q": q_ or ()})
    result = _coverage(store, f)
    chart = svg.coverage_svg(result, title=label(lang, "ui", "coverage"), rtl=lang == "ar",
                             unit=label(lang, "ui", "per_thousand"))
    return render_page(request, "coverage.html", lang, result=result, args=f, chart_svg=chart,
                       buckets=q.COVERAGE_BUCKETS, thin=svg.thin_volume(result["rows"]),
                       csv_href=_json_href(request, "/api/export/coverage.csv", ("lang",)),
                       jsonl_href=_json_href(request, "/api/export/coverage.jsonl", ("lang",)),
                       json_href=_json_href(request, "/api/coverage"))


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
            raise q.BadParameter("body", "is not valid JSON") from None
        if not isinstance(payload, dict):
            raise q.BadParameter("body", "must be a JSON object with 'text' or 'html'")
        text, html, published = _payload_fields(payload)
        doc = await run_in_threadpool(analyze, request, text, html, published)
        return JSONResponse(doc.to_dict())
    form = await request.form()
    text, published = form.get("text", ""), form.get("published", "")
    if not isinstance(text, str) or not isinstance(published, str):
        raise q.BadParameter("text", "must be text, not a file")
    doc = await run_in_threadpool(analyze, request, text, None, published or None)
    return _render_record(request, lang, doc.to_dict(), None, {}, json_href=None, template="analyze.html",
                          text=text, published=published)

"""The Python API, for notebooks and scripts (docs/python.md): `import marsad` then

    doc = marsad.analyze(text_or_html, published=None, url=None)    # one page -> Document
    for doc in marsad.analyze_many(texts): ...                       # many, streamed
    with marsad.open("news.db") as archive:                          # an archive (marsad ingest)
        archive.events(actor="لافروف", since="2015-08", as_frame=True)

`analyze` runs what `marsad extract` and the web's /analyze run (the same pipeline, the same checks, the
same per-document time limit); the archive's lists take the filters of `marsad events|quotes|search|
actors` and the REST API, checked by the one query layer (marsad.store.queries). pandas is used only when a
DataFrame is asked for, and is not a dependency.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .errors import InputError, MarsadError
from .model import Document, Published

if TYPE_CHECKING:
    from .pipeline import Pipeline
    from .store import Store

_PIPELINES: dict[tuple[tuple[str, ...] | None, tuple[str, ...]], Pipeline] = {}


def looks_like_html(text: str) -> bool:
    """The rule every reader applies (marsad.readers.sniff): HTML when it starts with markup."""
    from .readers.sniff import looks_like_html as rule

    return rule(text)


def _pipeline(stages: Iterable[str] | None, kb: Iterable[str] | str | None) -> Pipeline:
    from .pipeline import Options, Pipeline

    kb_dirs = (kb,) if isinstance(kb, str | Path) else tuple(str(k) for k in kb or ())
    key = (tuple(stages) if stages is not None else None, tuple(str(k) for k in kb_dirs))
    if key not in _PIPELINES:  # stages load their models once per process; the pipeline is kept too
        _PIPELINES[key] = Pipeline.from_options(Options(kb_dirs=list(key[1]), stages=list(key[0]) if key[0] else None))
    return _PIPELINES[key]


def analyze(text_or_html: str, published: str | None = None, url: str | None = None, *, title: str | None = None,
            stages: Iterable[str] | None = None, kb: Iterable[str] | str | None = None,
            source: str = "(python)") -> Document:
    """One article -> its Document: body, publication date (`published`, else from the page's metadata,
    else inferred from the text), dates, entities, quotes, events. HTML (text starting with a tag) goes
    through the main-text extraction `marsad ingest` uses; a text dump through the cleaning rules.

    `published`: YYYY-MM-DD when you know it; `url`: the page's address (metadata, dates in it); `stages`:
    the stages to run (default all); `kb`: knowledge-base folders of your own. A text that cannot be
    analysed (empty, not Arabic, too slow) raises marsad.errors.InputError with its `reason`."""
    from .ingest.runner import analyse
    from .readers.single import from_text
    from .store.queries import BadParameter, check_date

    if not isinstance(text_or_html, str):
        raise TypeError(f"analyze() takes the article as a str, not {type(text_or_html).__name__}")
    published = check_date("published", published)
    if published and len(published) != 10:
        raise BadParameter("published", "must be a full date YYYY-MM-DD")
    if not text_or_html.strip():
        raise InputError("empty text", source=source, reason="empty")
    item = from_text(text_or_html, source, url=url, title=title, published=published)
    doc = analyse(item, _pipeline(stages, kb))
    if published:  # given by the caller, as `marsad extract --published` records it
        doc.published = Published(published, "user", 1.0, [], ["given with published="])
    return doc


def analyze_many(items: Iterable[str | Mapping[str, Any]], *, errors: str = "raise",
                 stages: Iterable[str] | None = None, kb: Iterable[str] | str | None = None
                 ) -> Iterator[Document]:
    """analyze() over many articles, one Document at a time (a generator: nothing is kept). Each item is a
    text or HTML string, or a mapping with "text" (or "html") and optional "published", "url", "title",
    "id" (the Document's source_name). `errors="skip"` passes over articles that cannot be analysed
    (analyze's InputError) instead of raising."""
    if errors not in ("raise", "skip"):
        raise ValueError(f"errors must be 'raise' or 'skip', got {errors!r}")
    for n, item in enumerate(items):
        if isinstance(item, str):
            kwargs: dict[str, Any] = {"text_or_html": item}
            source = f"(item {n})"
        else:
            text = item.get("text") if item.get("text") is not None else item.get("html")
            kwargs = {"text_or_html": text, "published": item.get("published"), "url": item.get("url"),
                      "title": item.get("title")}
            source = str(item.get("id") or f"(item {n})")
        try:
            yield analyze(**kwargs, stages=stages, kb=kb, source=source)
        except MarsadError:
            if errors == "raise":
                raise


class Archive:
    """An archive built by `marsad ingest` (or by `add`), read through the one query layer: the lists take
    the filters of the command line and the REST API (`marsad events --help`, docs/api.md), by name."""

    def __init__(self, store: Store) -> None:
        self.store = store

    @property
    def path(self) -> Path:
        return self.store.path

    def __enter__(self) -> Archive:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        self.store.close()

    def __repr__(self) -> str:
        stats = self.store.stats()
        return (f"<marsad.Archive {self.store.path}: {stats['articles']} articles, {stats['events']} events, "
                f"{stats['quotes']} quotes, {stats['actors']} actors>")

    def stats(self) -> dict[str, Any]:
        return self.store.stats()

    def _list(self, table: str, filters: dict[str, Any], limit: int | None, **extra: Any) -> list[dict[str, Any]]:
        from .store import queries

        f = queries.parse(table, filters)
        return queries.FINDERS[table](self.store, f, queries.limit_paging(limit), **extra)["items"]

    def search(self, q: str | None = None, *, limit: int | None = 20, as_frame: bool = False, **filters: Any) -> Any:
        """Articles matching the words `q` (spelling variants and clitics match; "phrase", OR, NOT, -word),
        best first, with a snippet and every match in the body (`matches`); without `q`, newest first.
        Filters: outlet, actor, type (an event type), since, until, sort."""
        items = self._list("articles", {**filters, "q": q}, limit, matches=True)
        return _frame(items, _ARTICLE_COLUMNS) if as_frame else items

    def events(self, *, limit: int | None = None, as_frame: bool = False, **filters: Any) -> Any:
        """Events, newest first. Filters: actor, type, status, mode, place, article, since, until, sort.
        As a DataFrame, one flat row per event (the columns of `marsad export --what events`)."""
        items = self._list("events", filters, limit)
        if not as_frame:
            return items
        from .store.export import COLUMNS, event_rows

        return _frame(list(event_rows(items)), COLUMNS["events"])

    def quotes(self, *, limit: int | None = None, as_frame: bool = False, **filters: Any) -> Any:
        """Quotes, newest first. Filters: speaker, text, via (stated, inferred, unnamed, or speaker_via
        values), since, until, sort."""
        items = self._list("quotes", filters, limit)
        return _frame(items, None) if as_frame else items

    def actors(self, *, limit: int | None = None, as_frame: bool = False, **filters: Any) -> Any:
        """Actors by the number of articles that name them, with their counts. Filters: type, name, sort."""
        items = self._list("actors", filters, limit)
        return _frame(items, None) if as_frame else items

    def article(self, article_id: str) -> Document:
        """A stored article (its id or a unique prefix of 6+ characters) as the Document analyze() gave."""
        return Document.from_dict(self.store.article(article_id)["record"])

    def add(self, docs: Document | Iterable[Document]) -> list[str]:
        """Store analysed Documents (an archive opened with writable=True); returns their article ids. A
        document whose text the archive holds already is not stored twice (its id is returned)."""
        if isinstance(docs, Document):
            docs = [docs]
        return self.store.add_documents(docs)


_ARTICLE_COLUMNS = ("id", "title", "url", "outlet", "published", "score", "snippet")


def _frame(rows: list[dict[str, Any]], columns: tuple[str, ...] | None) -> Any:
    try:
        import pandas as pd
    except ImportError:
        raise MarsadError("as_frame=True needs pandas, which marsad does not install: pip install pandas") from None
    if columns is None:
        return pd.DataFrame(rows)
    return pd.DataFrame([{c: row.get(c) for c in columns} for row in rows], columns=list(columns))


def open_archive(path: str | Path, *, writable: bool = False) -> Archive:
    """The archive at `path`, read-only (it must exist) or, with `writable`, created when missing and locked
    for this process (one writer at a time)."""
    from .store import Store

    return Archive(Store.open(path, readonly=not writable))

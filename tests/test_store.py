"""The archive store: schema, writing documents with hand-made layers, queries, search, export."""

from __future__ import annotations

import contextlib
import csv
import io
import json
import sqlite3

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from marsad.errors import InputError
from marsad.model import Document, Entity, Event, Published, Quote, Role, Span
from marsad.store import Store, StoreError, content_hash
from marsad.store.export import export
from marsad.store.schema import MIGRATIONS

BODY = (
    "استقبل وزيرُ الخارجية الأردنيّ أيمن الصفدي في عمّان نظيره المصري سامح شكري.\n\n"
    "وقال الصفدي: \"نحن متفقون على أن الحل السياسي هو الطريق الوحيد\".\n\n"
    "وأكد شكري أن القاهرة تدعم جهود الأمم المتحده والرئيس في المنطقة."
)


def _span(body: str, text: str, nth: int = 0) -> Span:
    start = -1
    for _ in range(nth + 1):
        start = body.index(text, start + 1)
    return Span(start, start + len(text), text)


def make_doc(body: str = BODY, title: str = "لقاء أردني مصري في عمان", date: str = "2019-03-12") -> Document:
    paragraphs, pos = [], 0
    for para in body.split("\n\n"):
        paragraphs.append(Span(pos, pos + len(para), para))
        pos += len(para) + 2
    doc = Document(source_name="hand-made", title=title, body=body, paragraphs=paragraphs,
                   published=Published(date, "metadata", 0.9), url="https://news.example.org/a1")
    if "الصفدي" in body:
        safadi = Entity("e1", "PER", "أيمن الصفدي", "Ayman Safadi", actor="Q_safadi",
                        roles=[Role("وزير الخارجية الأردني", "foreign minister", country="JO")],
                        mentions=[_span(body, "أيمن الصفدي"), _span(body, "الصفدي", 1)])
        shoukry = Entity("e2", "PER", "سامح شكري", None, mentions=[_span(body, "سامح شكري"), _span(body, "شكري", 1)])
        amman = Entity("e3", "LOC", "عمّان", "Amman", mentions=[_span(body, "عمّان")])
        q_start = body.index("نحن")
        q_end = body.index("الوحيد") + len("الوحيد")
        quote = Quote("q1", "e1", "أيمن الصفدي", body[q_start:q_end], "direct", "قال", q_start, q_end,
                      cue_span=_span(body, "وقال"), speaker_via="subject")
        meet = Event("ev1", "CONSULT", "host", "042", source=["e1"], target=["e2"], date=date, place="e3",
                     place_name="عمّان", trigger=_span(body, "استقبل"), evidence=[_span(body, "استقبل وزيرُ")],
                     confidence=0.8)
        plan = Event("ev2", "CONSULT", "meet", "036", source=["e2"], target=["e1"], date="2019-04",
                     status="planned", quote="q1", reported_by="e1", reported_by_name="أيمن الصفدي")
        doc.entities = [safadi, shoukry, amman]
        doc.quotes = [quote]
        doc.events = [meet, plan]
    return doc


@pytest.fixture
def store(tmp_path):
    with Store.open(tmp_path / "archive.db") as s:
        yield s


def test_migrations_are_named_versioned_and_applied_once(tmp_path):
    path = tmp_path / "a.db"
    with Store.open(path) as s:
        assert s.schema_version == len(MIGRATIONS)
        assert s.migrate() == []  # nothing left to apply
    conn = sqlite3.connect(path)
    names = [r[0] for r in conn.execute("SELECT name FROM schema_migrations")]
    assert names == [m[0] for m in MIGRATIONS]
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"


def test_one_writer_at_a_time_readers_allowed(tmp_path):
    path = tmp_path / "a.db"
    with Store.open(path) as writer:
        writer.add_document(make_doc())
        with pytest.raises(StoreError, match="another marsad process"):
            Store.open(path)
        with Store.open(path, readonly=True) as reader:
            assert reader.stats()["articles"] == 1
            with pytest.raises(StoreError):
                reader.add_document(make_doc(body="نص آخر مختلف تماما عن الأول."))


def test_missing_or_foreign_file_gives_clear_errors(tmp_path):
    with pytest.raises(StoreError, match="no archive"):
        Store.open(tmp_path / "none.db", readonly=True)
    other = tmp_path / "other.db"
    sqlite3.connect(other).execute("CREATE TABLE t (x)")
    with pytest.raises(StoreError, match="not a marsad archive"):
        Store.open(other, readonly=True)


def test_add_document_stores_layers_and_is_keyed_by_content(store):
    doc = make_doc()
    article_id = store.add_document(doc)
    assert article_id == content_hash(doc.body)[:16]
    # The same body with other diacritics/spelling is the same article, not a second one.
    variant = Document(source_name="other", body=BODY.replace("وزيرُ", "وزير").replace("عمّان", "عمان"))
    assert store.add_document(variant, source_key="other-source") == article_id
    stats = store.stats()
    assert stats["articles"] == 1 and stats["duplicates"] == 1
    assert stats["entities"] == 3 and stats["quotes"] == 1 and stats["events"] == 2
    art = store.article(article_id[:8])
    assert art["record"]["body"] == doc.body
    assert art["duplicates"][0]["source_key"] == "other-source"


def test_document_with_broken_span_is_refused(store):
    doc = make_doc()
    doc.quotes[0].start += 1  # text no longer equals body[start:end]
    with pytest.raises(InputError, match="does not match the body"):
        store.add_document(doc)
    assert store.stats()["articles"] == 0  # nothing half-written


def test_events_filters_and_evidence_point_into_body(store):
    store.add_document(make_doc())
    events = store.events()
    assert [e["event"] for e in events] == ["ev2", "ev1"]  # newest first
    meet = store.events(actor="الصفدى")[1]  # alef maqsura spelling of the name still finds him
    assert meet["source"][0]["actor"] == "Q_safadi" and meet["target"][0]["name"] == "سامح شكري"
    assert meet["place"]["name"] == "عمّان" and meet["cameo"] == "042"
    body = store.article(meet["article_id"])["record"]["body"]
    for ev in meet["evidence"] + [meet["trigger"]]:
        assert body[ev["start"]:ev["end"]] == ev["text"]
    assert [e["event"] for e in store.events(status="planned")] == ["ev2"]
    # who the article has an event from: the quote and its speaker, as an actor of the archive
    assert events[0]["reported_by"] == {"quote": "q1", "actor": "Q_safadi", "name": "أيمن الصفدي"}
    assert meet["reported_by"] is None
    assert [e["event"] for e in store.events(since="2019-04")] == ["ev2"]
    assert [e["event"] for e in store.events(until="2019-03")] == ["ev1"]
    assert store.events(type="consult") and not store.events(type="PROTEST")
    assert store.events(actor="nobody-at-all") == []
    with pytest.raises(InputError, match="since: must be YYYY"):
        store.events(since="last week")
    with pytest.raises(InputError, match="since: is not a real date"):  # once silently an empty list
        store.events(since="2015-02-30")
    with pytest.raises(InputError, match="stauts: is not a filter of events"):  # a typo is no filter
        store.events(stauts="planned")


def test_quotes_and_actors(store):
    store.add_document(make_doc())
    quotes = store.quotes(speaker="Ayman Safadi")
    assert len(quotes) == 1 and quotes[0]["speaker"] == "أيمن الصفدي"
    assert store.quotes(contains="الحل السياسى")  # ى/ي spelled differently
    assert store.quotes(contains="الحرب") == []
    actors = store.actors(top=2)
    assert [a["id"] for a in actors][0] in {"Q_safadi", "PER:سامح شكري"}
    safadi = next(a for a in store.actors() if a["id"] == "Q_safadi")
    assert safadi["mentions"] == 2 and safadi["events"] == 2 and safadi["quotes"] == 1
    assert [a["type"] for a in store.actors(type="loc")] == ["LOC"]


@pytest.mark.parametrize("query", [
    "الاردني",      # hamza/alef: الأردنيّ in the text
    "وزير",         # diacritics: وزيرُ
    "المتحدة",      # teh marbuta: the text has المتحده
    "رئيس",         # clitics: والرئيس
    "صفدي",         # article: الصفدي
    "عمان",         # shadda: عمّان
    "وزيـــر",      # tatweel in the query
    '"الحل السياسي"',
    "الصفدي OR غائب",
])
def test_search_matches_across_spelling_variants(store, query):
    store.add_document(make_doc())
    results = store.search(query)
    assert len(results) == 1, query
    body = make_doc().body
    assert results[0]["matches"]
    for m in results[0]["matches"]:
        assert body[m["start"]:m["end"]] == m["text"]
    assert "[" in results[0]["snippet"]


def test_search_operators_and_dates(store):
    store.add_document(make_doc())
    store.add_document(make_doc(body="اختتمت في الرباط القمة الإقليمية للمياه بمشاركة وزير الخارجية المغربي.",
                                title="قمة المياه", date="2020-01-05"))
    assert len(store.search("وزير")) == 2
    assert len(store.search("وزير -الرباط")) == 1
    assert len(store.search("وزير NOT الرباط")) == 1
    assert len(store.search("وزير", since="2020")) == 1
    assert len(store.search("وزير", until="2019-12-31")) == 1
    assert store.search("قمه")[0]["title_matches"][0]["text"] == "قمة"
    assert store.search("غير موجود أبدا") == []


@pytest.mark.parametrize("bad", ['"غير مغلق', "NOT وزير", "OR", "وزير OR", "-وزير", "", "  ***  "])
def test_bad_queries_raise_clear_errors(store, bad):
    store.add_document(make_doc())
    with pytest.raises(InputError):
        store.search(bad)


@settings(max_examples=150, deadline=None)
@given(st.lists(st.sampled_from(list('وزير الخارجية"*():^-+NOTAR{}[]؟،.') + [" NEAR ", " OR ", " AND ", " NOT "]),
                max_size=20).map("".join))
def test_any_query_either_runs_or_raises_input_error(tmp_path_factory, query):
    path = tmp_path_factory.getbasetemp() / "fuzz.db"
    with Store.open(path) as s:
        if not s.stats()["articles"]:
            s.add_document(make_doc())
        with contextlib.suppress(InputError):  # a clear message, never an sqlite3 error
            s.search(query)


def test_export_formats(store, tmp_path):
    store.add_document(make_doc())
    out = io.StringIO()
    import marsad.store.export as exp

    assert exp._write_text(exp.event_rows(store.events()), exp.COLUMNS["events"], "jsonl", out) == 2
    rows = [json.loads(line) for line in out.getvalue().splitlines()]
    meet = next(r for r in rows if r["event"] == "ev1")
    assert meet["source_names"] == ["أيمن الصفدي"] and meet["target_ids"] == ["PER:سامح شكري"]
    # English names for analysts' tools: the KB's where it has one, null (not a guess) where not
    assert meet["source_names_en"] == ["Ayman Safadi"] and meet["target_names_en"] == [None]
    assert meet["evidence"] == ["استقبل وزيرُ"] and meet["url"] == "https://news.example.org/a1"
    plan = next(r for r in rows if r["event"] == "ev2")
    assert (plan["reported_by_name"], plan["reported_by_id"], plan["reported_in_quote"]) == (
        "أيمن الصفدي", "Q_safadi", "q1") and meet["reported_by_name"] is None

    csv_path = tmp_path / "events.csv"
    assert export(store, "events", "csv", str(csv_path)) == 2
    assert csv_path.read_bytes().startswith(b"\xef\xbb\xbf")  # BOM: spreadsheets read Arabic right
    with csv_path.open(encoding="utf-8-sig") as fh:
        assert len(list(csv.DictReader(fh))) == 2

    import pyarrow.parquet as pq

    for what, n in (("articles", 1), ("entities", 3), ("quotes", 1), ("events", 2)):
        path = tmp_path / f"{what}.parquet"
        assert export(store, what, "parquet", str(path)) == n
        assert pq.read_table(path).num_rows == n
    assert export(store, "events", "jsonl", str(tmp_path / "none.jsonl"), since="2030") == 0
    with pytest.raises(InputError, match="--out"):
        export(store, "events", "parquet", None)


# ---- batches (issue 7: one commit per many documents) -------------------------------------------------

def _variants(n: int) -> list[Document]:
    """n distinct articles (the same hand-made layers; a different last word each)."""
    return [make_doc(BODY + f" المرحلة{i}") for i in range(n)]


def _content(s: Store) -> dict[str, list[tuple]]:
    tables = ("articles", "paragraphs", "actors", "entities", "mentions", "quotes", "events", "event_participants",
              "evidence", "inputs", "rejects", "duplicates")
    out = {}
    for table in tables:
        cols = [r[1] for r in s.conn.execute(f"PRAGMA table_info({table})") if r[1] not in ("ingested_at", "at")]
        out[table] = s.conn.execute(f"SELECT rowid, {', '.join(cols)} FROM {table} ORDER BY rowid").fetchall()
    out["search"] = [(r["article_id"], r["score"], r["snippet"]) for q in ("الصفدي", "المرحلة3", '"الحل السياسي"')
                     for r in s.search(q)]
    return out


def test_a_batch_stores_what_one_by_one_stores(tmp_path):
    docs = _variants(7)
    with Store.open(tmp_path / "one.db") as one, Store.open(tmp_path / "batch.db") as batched:
        ids = [one.add_document(d, source_key=f"k{i}") for i, d in enumerate(docs)]
        one.add_reject("bad", "h", "not-arabic", "no")
        assert one.add_document(docs[0], source_key="again") == ids[0]
        with batched.batch(max_writes=3):
            assert batched.add_documents((d, {"source_key": f"k{i}"}) for i, d in enumerate(docs)) == ids
            batched.add_reject("bad", "h", "not-arabic", "no")
            assert batched.add_document(docs[0], source_key="again") == ids[0]  # sees its own uncommitted writes
        assert _content(one) == _content(batched)


def test_in_a_batch_a_failing_document_leaves_nothing_and_the_batch_goes_on(store):
    a, b, c = _variants(3)
    b.entities.append(b.entities[0])  # the same entity id twice: the database refuses the second row
    with store.batch():
        store.add_document(a, source_key="a")
        with pytest.raises(sqlite3.IntegrityError):
            store.add_document(b, source_key="b")
        with pytest.raises(InputError):
            store.add_document(make_doc(body=" "), source_key="empty")
        store.add_document(c, source_key="c")
    assert store.stats()["articles"] == 2
    assert [r[0] for r in store.conn.execute("SELECT source_key FROM inputs ORDER BY source_key")] == ["a", "c"]
    assert store.conn.execute("SELECT count(*) FROM articles_fts").fetchone()[0] == 2
    assert {r["article_id"] for r in store.search("المرحلة2")} == {content_hash(c.body)[:16]}
    assert store.search("المرحلة1") == []


def test_a_batch_commits_every_n_writes_and_at_its_end(tmp_path):
    db = tmp_path / "a.db"
    with Store.open(db) as store:
        with store.batch(max_writes=2, max_seconds=3600):
            for i, doc in enumerate(_variants(3)):
                store.add_document(doc, source_key=f"k{i}")
                with Store.open(db, readonly=True) as reader:  # readers see what is committed
                    assert reader.stats()["articles"] == (2 if i >= 1 else 0)
        with Store.open(db, readonly=True) as reader:
            assert reader.stats()["articles"] == 3
            assert len(reader.search("المرحلة2")) == 1


def test_a_process_killed_mid_batch_loses_only_what_was_not_committed(tmp_path):
    import subprocess
    import sys
    import textwrap

    db = tmp_path / "a.db"
    script = textwrap.dedent(f"""
        import os, sys
        sys.path.insert(0, {str(__import__('pathlib').Path(__file__).parent)!r})
        from test_store import _variants
        from marsad.store import Store
        store = Store.open({str(db)!r})
        with store.batch(max_writes=2, max_seconds=3600):
            for i, doc in enumerate(_variants(3)):
                store.add_document(doc, source_key=f"k{{i}}")
            os.kill(os.getpid(), 9)
    """)
    assert subprocess.run([sys.executable, "-c", script]).returncode == -9
    with Store.open(db) as store:  # the first two were committed, the third is in neither archive nor ledger
        assert store.stats()["articles"] == 2
        assert [r[0] for r in store.conn.execute("SELECT source_key FROM inputs ORDER BY source_key")] == ["k0", "k1"]
        assert store.conn.execute("SELECT count(*) FROM articles_fts").fetchone()[0] == 2
        assert store.conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"


@pytest.mark.parametrize("batched", [False, True])
def test_an_actor_first_seen_in_a_refused_document_is_stored_with_the_next(store, batched):
    a, b = _variants(2)
    a.entities.append(Entity("e9", "ORG", "منظمة جديدة", mentions=[]))
    a.entities.append(a.entities[0])  # refused: the new actor's row is rolled back with the rest
    b.entities.append(Entity("e9", "ORG", "منظمة جديدة", mentions=[]))
    with store.batch() if batched else contextlib.nullcontext():
        with pytest.raises(sqlite3.IntegrityError):
            store.add_document(a, source_key="a")
        store.add_document(b, source_key="b")
    assert [r["name"] for r in store.actors(type="ORG")] == ["منظمة جديدة"]


def test_stored_record_comes_back_as_to_dict() -> None:
    # record_json hands the encoder a record's own __dict__ when it holds exactly its fields in order, and
    # leaves out the body and the text of the spans that point into it; full_record puts them back: the
    # same JSON as json.dumps(to_dict()), keys in the same order, also for a record with an extra attribute
    # or its fields out of order, and for a span whose text is not the body's (kept as it is).
    from marsad.store.store import full_record, record_json

    body = "التقى الوزير نظيره في الرياض"
    doc = Document(body=body, paragraphs=[Span(0, len(body), body)], title="عنوان")
    odd = Span(0, 5, body[:5])
    odd.extra = "not a field"  # type: ignore[attr-defined]
    reordered = Span.__new__(Span)
    reordered.text, reordered.end, reordered.start = body[6:12], 12, 6
    doc.paragraphs += [odd, reordered]
    doc.entities.append(Entity("e1", "PER", "الوزير", mentions=[Span(6, 12, body[6:12])]))
    doc.events.append(Event("v1", "CONSULT", "meet", None, trigger=Span(0, 5, body[:5]),
                            evidence=[Span(0, 5, "not the body's text")]))
    stored = record_json(doc)
    assert body not in stored and "الوزير" in stored  # the entity's name stays; its mention's text does not
    assert "not the body's text" in stored
    assert json.dumps(full_record(json.loads(stored), body), ensure_ascii=False) == json.dumps(
        doc.to_dict(), ensure_ascii=False)
    whole = doc.to_dict()  # a record stored whole, by a version before the slim one
    assert full_record(json.loads(json.dumps(whole, ensure_ascii=False)), "ignored") == whole


def test_stored_record_is_smaller_and_read_back_whole(store) -> None:
    doc = make_doc()
    article_id = store.add_document(doc, source_key="a")
    raw = store.conn.execute("SELECT record FROM articles WHERE id = ?", (article_id,)).fetchone()[0]
    whole = json.dumps(doc.to_dict(), ensure_ascii=False)
    assert len(raw) < len(whole) - len(doc.body)
    assert json.dumps(store.article(article_id)["record"], ensure_ascii=False) == whole


# ---- full-text columns: the chunk cache gives what analysing the whole text gives ----------------------

_CHUNK_TEXTS = [
    "", "  \n ", "قال وزير الخارجية إن الاجتماع عقد في الرياض", "«الرياض»، (2015) بـ30 ولافروف وفرنسا",
    "e-mail: info@spa.gov.sa و www.spa.gov.sa/x. Riyadh's 3.5% ٢٠١٥ لـ\"داعش\" — ... ؟!",
    "كلمة كلمة كلمة، كلمة. كلمة؛ ـــ ـ - -- x-y الـــرياض",
]


@settings(max_examples=150, deadline=None)
@given(st.lists(st.sampled_from(" ".join(_CHUNK_TEXTS).split() + ["\n", " ", "،", "@", "-", "ـ"]), max_size=40))
def test_index_columns_of_cached_chunks_equal_the_whole_analysis(words):
    from marsad.store import search

    text = " ".join(words)
    assert search.index_columns(text) == search.index_columns(text, 0, len(text))


def test_index_columns_across_cache_generations(monkeypatch):
    from marsad.store import search

    monkeypatch.setattr(search, "_CHUNK_CACHE_MAX", 7)  # generations turn over every few chunks
    monkeypatch.setattr(search, "_chunk_cache", {})
    monkeypatch.setattr(search, "_chunk_cache_old", {})
    texts = _CHUNK_TEXTS * 3 + [" ".join(reversed(t.split())) for t in _CHUNK_TEXTS]
    for text in texts:
        assert search.index_columns(text) == search.index_columns(text, 0, len(text)), text
    assert len(search._chunk_cache) <= 7 and len(search._chunk_cache_old) <= 7
    assert search._chunk_cache_old  # a generation turned over


# ---- full-text columns from the segment stage's tokens: what analysing the text gives -----------------

def _segmented(title: str | None, body: str) -> Document:
    from marsad.stages.segment import SegmentStage

    paragraphs, pos = [], 0
    for para in body.split("\n\n"):
        stripped = para.strip()
        if stripped:
            start = body.index(stripped, pos)
            paragraphs.append(Span(start, start + len(stripped), stripped))
        pos += len(para) + 2
    return SegmentStage()(Document(title=title, body=body, paragraphs=paragraphs))


_COLUMN_WORDS = " ".join(_CHUNK_TEXTS).split() + ["Élysée", "Ångström", "وفلسطين", "فالرئيس", "وـ", "ـ"]


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from(_COLUMN_WORDS + ["\n\n", " ", "،"]), max_size=40),
       st.lists(st.sampled_from(_COLUMN_WORDS), max_size=5), st.booleans())
def test_document_columns_from_tokens_equal_the_text_analysis(body_words, title_words, no_title):
    from marsad.store import search

    body = " ".join(body_words)
    title = None if no_title else " ".join(title_words)
    doc = _segmented(title, body)
    expected = search.index_columns(f"{title or ''}\n{body}")
    assert search.document_columns(title, body, doc.tokens) == expected
    assert search.document_columns(title, body, []) == expected  # no tokens (a loaded record): analysed


def test_document_columns_analyse_the_text_when_the_tokens_do_not_cover_it():
    from marsad.store import search

    body = "قال الوزير ولافروف في Élysée\n\nوأكد أن الاجتماع مفيد"
    doc = _segmented("عنوان", body)
    partial = doc.tokens[:3]  # e.g. the paragraphs changed after segmenting: the text decides
    assert search.document_columns("عنوان", body, partial) == search.index_columns(f"عنوان\n{body}")
    assert search.document_columns("عنوان", body, doc.tokens) == search.index_columns(f"عنوان\n{body}")
    words, stems, bare = search.document_columns("عنوان", body, doc.tokens)
    assert "ولافروف" in words.split() and "لافروف" in bare.split() and "elysee" in words.split()


def _archive_before(path, monkeypatch, migrations: int, *rows: str) -> None:
    """An archive as the release with the first `migrations` migrations made it: one article 'a0' and `rows`
    (INSERT statements) written then."""
    import marsad.store.store as store_module

    with monkeypatch.context() as m:
        m.setattr(store_module, "MIGRATIONS", MIGRATIONS[:migrations])
        with Store.open(path) as old:
            old.conn.execute("BEGIN")
            old.conn.execute("INSERT INTO articles (id, content_hash, source_key, source_kind, body, n_chars, stages,"
                             " record, ingested_at) VALUES ('a0', 'h0', 'k', 'text', 'نص', 2, '[]', '{}', 'now')")
            for row in rows:
                old.conn.execute(row)
            old.conn.execute("COMMIT")


def test_events_stored_before_reported_by_existed_are_served_without_it(tmp_path, monkeypatch):
    path = tmp_path / "old.db"
    _archive_before(path, monkeypatch, 3, "INSERT INTO events VALUES ('a0', 'ev1', 'CONSULT', 'meet', '036',"
                    " '2019-01-02', NULL, NULL, NULL, 'happened', 0.7, NULL, NULL, NULL)")  # before 0004
    with Store.open(path) as upgraded:
        assert upgraded.schema_version == len(MIGRATIONS)
        assert [e["reported_by"] for e in upgraded.events()] == [None]
        upgraded.add_document(make_doc())
        assert {e["event"]: e["reported_by"] for e in upgraded.events() if e["article_id"] != "a0"} == {
            "ev1": None, "ev2": {"quote": "q1", "actor": "Q_safadi", "name": "أيمن الصفدي"}}


def test_quotes_stored_before_speaker_via_existed_are_served_without_it(tmp_path, monkeypatch):
    path = tmp_path / "old.db"
    _archive_before(path, monkeypatch, 4, "INSERT INTO quotes VALUES ('a0', 'q1', NULL, NULL, 'الصفدي', 'نص', 'نص',"
                    " 'direct', 'قال', 0, 2, NULL)")  # before 0005
    with Store.open(path) as upgraded:
        assert upgraded.schema_version == len(MIGRATIONS)
        assert [q["speaker_via"] for q in upgraded.quotes()] == [None]
        upgraded.add_document(make_doc())
        via = {q["article_id"]: q["speaker_via"] for q in upgraded.quotes()}
        assert via["a0"] is None and set(via.values()) == {None, "subject"}

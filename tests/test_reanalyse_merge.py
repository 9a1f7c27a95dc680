"""Where reanalyse, merge and the web meet. `marsad reanalyse` and the merged tables (marsad.merge):
re-analysis numbers an article's events and quotes anew, and its reports in the merged events, quotes and
stories follow (the ingest hook's path), the user's merge/split decisions with them; an archive from before
both migrations is upgraded and re-analysed. The web's views kept until the archive changes are read again
after an ingest, a re-analysis, and `marsad events merge|split`."""

from __future__ import annotations

import json
import shutil
import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest

from marsad import config, provenance
from marsad.cli import main
from marsad.ingest.runner import ingest
from marsad.merge import update
from marsad.reanalyse import reanalyse
from marsad.store import Store

# One meeting (al-Jubeir and Lavrov in Riyadh, Wednesday 10 June 2015) told by two outlets; the first
# article condemns an attack before it, so its meeting is its second event — until the edited rules drop
# the verb أدان and the meeting becomes its first (local ids ev2 -> ev1).
ARTICLES = [
    {"text": "صرح المتحدث باسم وزارة الخارجية بأن الحوار طريق إلى الحل السياسي. وأدان وزير الخارجية عادل الجبير "
             "الهجوم على السفارة.\n\nالتقى وزير الخارجية عادل الجبير في الرياض اليوم الأربعاء نظيره الروسي "
             "سيرغي لافروف، وبحث الجانبان العلاقات الثنائية والأزمة السورية.",
     "url": "https://spa.example/2015/06/10/1", "outlet": "spa", "date": "2015-06-10"},
    {"text": "بحث وزير الخارجية الروسي سيرغي لافروف مع نظيره السعودي عادل الجبير أمس في الرياض تطورات الأوضاع "
             "في اليمن وسوريا.",
     "url": "https://okaz.example/2015/06/11/2", "outlet": "okaz", "date": "2015-06-11"},
]
FIELDS = "text=text,url=url,outlet=outlet,published=date"


def _forget_rules() -> None:
    config.clear_caches()
    provenance.stage_version.cache_clear()


@pytest.fixture
def archive(tmp_path: Path) -> Path:
    _forget_rules()
    feed = tmp_path / "feed.jsonl"
    feed.write_text("".join(json.dumps(a, ensure_ascii=False) + "\n" for a in ARTICLES), encoding="utf-8")
    db = tmp_path / "a.db"
    with Store.open(db) as store:
        assert ingest([str(feed)], store, field_map=FIELDS).stored == 2
    return db


@pytest.fixture
def edited_rules(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """A copy of the rules without the trigger أدان, read by marsad (MARSAD_DATA_DIR) once `_use` says so."""
    copy = tmp_path / "data"
    shutil.copytree(provenance.data_root(), copy, ignore=shutil.ignore_patterns("__pycache__"))
    path = copy / "events" / "triggers.yaml"
    text = path.read_text(encoding="utf-8")
    assert text.count("words: [أدان, ") == 1
    path.write_text(text.replace("words: [أدان, ", "words: ["), encoding="utf-8")
    yield copy
    monkeypatch.delenv("MARSAD_DATA_DIR", raising=False)
    _forget_rules()


def _use(monkeypatch: pytest.MonkeyPatch, data: Path) -> None:
    monkeypatch.setenv("MARSAD_DATA_DIR", str(data))
    _forget_rules()


def _meetings(conn: sqlite3.Connection) -> list[list[tuple[str, str]]]:
    """The merged CONSULT events, each as its reports (outlet, local id)."""
    return sorted(sorted(conn.execute("SELECT outlet, event_id FROM event_reports WHERE merged_id = ?", (mid,)))
                  for (mid,) in conn.execute("SELECT id FROM merged_events WHERE type = 'CONSULT'"))


def _consistent(conn: sqlite3.Connection) -> None:
    """Every report row names a stored event, every stored event is reported once, no merged row is empty."""
    assert conn.execute("SELECT count(*) FROM event_reports r LEFT JOIN events e ON e.article_id = r.article_id"
                        " AND e.local_id = r.event_id WHERE e.local_id IS NULL").fetchone() == (0,)
    assert conn.execute("SELECT count(*) FROM events e LEFT JOIN event_reports r ON e.article_id = r.article_id"
                        " AND e.local_id = r.event_id WHERE r.event_id IS NULL").fetchone() == (0,)
    assert conn.execute("SELECT count(*) FROM event_reports r JOIN events e ON e.article_id = r.article_id AND"
                        " e.local_id = r.event_id JOIN merged_events m ON m.id = r.merged_id WHERE m.type != e.type"
                        ).fetchone() == (0,)
    assert conn.execute("SELECT count(*) FROM merged_events m WHERE NOT EXISTS (SELECT 1 FROM event_reports r"
                        " WHERE r.merged_id = m.id)").fetchone() == (0,)
    assert conn.execute("SELECT count(*) FROM quote_reports r LEFT JOIN quotes q ON q.article_id = r.article_id"
                        " AND q.local_id = r.quote_id WHERE q.local_id IS NULL").fetchone() == (0,)
    assert conn.execute("SELECT count(*) FROM quotes q LEFT JOIN quote_reports r ON q.article_id = r.article_id"
                        " AND q.local_id = r.quote_id WHERE r.quote_id IS NULL AND q.speaker_actor IS NOT NULL"
                        ).fetchone() == (0,)
    assert conn.execute("SELECT count(*) FROM story_articles").fetchone() == conn.execute(
        "SELECT count(*) FROM articles").fetchone()


def test_reanalysed_events_keep_their_merged_event(archive: Path, edited_rules: Path,
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    _use(monkeypatch, edited_rules)
    with Store.open(archive) as store:
        assert _meetings(store.conn) == [[("okaz", "ev1"), ("spa", "ev2")]]
        assert store.conn.execute("SELECT count(*) FROM merged_events WHERE type = 'ACCUSE'").fetchone() == (1,)
        _consistent(store.conn)
        report = reanalyse(store)
        assert (report.updated, report.failed) == (2, 0), report.render()
        # the meeting is the first article's first event now, and still one event with both reports
        assert _meetings(store.conn) == [[("okaz", "ev1"), ("spa", "ev1")]]
        assert store.conn.execute("SELECT count(*) FROM merged_events WHERE type = 'ACCUSE'").fetchone() == (0,)
        (n_reports,) = store.conn.execute("SELECT n_reports FROM merged_events WHERE type = 'CONSULT'").fetchone()
        assert n_reports == 2
        _consistent(store.conn)


def test_a_user_split_survives_the_reanalysis(archive: Path, edited_rules: Path,
                                              monkeypatch: pytest.MonkeyPatch) -> None:
    _use(monkeypatch, edited_rules)
    with Store.open(archive) as store:
        ((spa,),) = store.conn.execute("SELECT id FROM articles WHERE outlet = 'spa'").fetchall()
        with store.transaction() as conn:
            (mid,) = conn.execute("SELECT id FROM merged_events WHERE type = 'CONSULT'").fetchone()
            update.split_event(conn, mid)
        assert _meetings(store.conn) == [[("okaz", "ev1")], [("spa", "ev2")]]
        reanalyse(store)
        # the pin followed the report to its new id: still two events, the decision kept
        assert _meetings(store.conn) == [[("okaz", "ev1")], [("spa", "ev1")]]
        assert ("event", spa, "ev1") in store.conn.execute("SELECT kind, article_id, item_id FROM merge_pins").fetchall()
        assert store.conn.execute("SELECT count(*) FROM merge_pins WHERE item_id = 'ev2'").fetchone() == (0,)
        _consistent(store.conn)
        # and the user can still merge them again
        with store.transaction() as conn:
            update.merge_events(conn, [m for (m,) in conn.execute("SELECT id FROM merged_events WHERE type = 'CONSULT'")])
        assert _meetings(store.conn) == [[("okaz", "ev1"), ("spa", "ev1")]]


def test_an_archive_from_before_both_migrations_is_upgraded_and_reanalysed(archive: Path, edited_rules: Path,
                                                                          monkeypatch: pytest.MonkeyPatch,
                                                                          capsys: pytest.CaptureFixture[str]) -> None:
    _use(monkeypatch, edited_rules)
    with sqlite3.connect(archive) as conn:  # the archive as the release before reanalyse and merge left it
        for table in ("article_inputs", "reanalyse_runs", "reanalyse_failures", "merged_events", "event_reports",
                      "merged_event_actors", "merged_event_keys", "merged_quotes", "quote_reports", "stories",
                      "story_articles", "story_keys", "merge_pins", "merge_decisions"):
            conn.execute(f"DROP TABLE {table}")
        conn.execute("DELETE FROM schema_migrations WHERE name IN ('0006_reanalysis', '0007_cross_article_merge')")
    with pytest.raises(Exception, match="needs migrations"):  # a dry run opens it read-only: it says what to do
        Store.open(archive, readonly=True)

    assert main(["reanalyse", "--db", str(archive), "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert (out["updated"], out["failed"]) == (2, 0)  # from their stored bodies: no input was kept then
    with Store.open(archive, readonly=True) as store:
        names = [n for (n,) in store.conn.execute("SELECT name FROM schema_migrations ORDER BY rowid")]
        assert names[-2:] == ["0006_reanalysis", "0007_cross_article_merge"]
        assert _meetings(store.conn) == [[("okaz", "ev1"), ("spa", "ev1")]]
        _consistent(store.conn)


def test_the_web_views_follow_every_write(tmp_path: Path, edited_rules: Path, monkeypatch: pytest.MonkeyPatch,
                                          capsys: pytest.CaptureFixture[str]) -> None:
    """The events and quotes pages are kept until the archive file changes (web.common.cached_view): each
    kind of write shows on the next request of the same page."""
    from fastapi.testclient import TestClient

    from marsad.web import create_app

    _forget_rules()
    db = tmp_path / "w.db"
    feeds = []
    for n, article in enumerate(ARTICLES):
        feeds.append(tmp_path / f"feed{n}.jsonl")
        feeds[-1].write_text(json.dumps(article, ensure_ascii=False) + "\n", encoding="utf-8")
    with Store.open(db) as store:
        assert ingest([str(feeds[0])], store, field_map=FIELDS).stored == 1
    client = TestClient(create_app(db))

    def meetings() -> list[int]:
        items = client.get("/api/events?type=CONSULT").json()["items"]
        assert client.get("/events?type=CONSULT").status_code == 200  # the page shares the kept view
        return sorted(e["n_reports"] for e in items)

    def accusations() -> int:
        return client.get("/api/events?type=ACCUSE").json()["total"]

    assert meetings() == [1] and accusations() == 1
    with Store.open(db) as store:  # an ingest
        assert ingest([str(feeds[1])], store, field_map=FIELDS).stored == 1
    assert meetings() == [2]
    (item,) = client.get("/api/events?type=CONSULT").json()["items"]
    assert main(["events", "split", str(item["id"]), "--db", str(db)]) == 0  # the user's split
    assert meetings() == [1, 1]
    ids = [str(e["id"]) for e in client.get("/api/events?type=CONSULT").json()["items"]]
    assert main(["events", "merge", *ids, "--db", str(db)]) == 0  # the user's merge
    assert meetings() == [2]
    capsys.readouterr()
    _use(monkeypatch, edited_rules)  # a re-analysis: the condemnation is no event any more
    assert main(["reanalyse", "--db", str(db)]) == 0
    assert accusations() == 0 and meetings() == [2]


def test_quotes_and_events_stored_before_get_their_sort_dates(archive: Path) -> None:
    """Migration 0008: each quote's and event's sort date (its own date, else its article's publication
    day) filled for the rows stored before, and kept by the writer since."""
    with sqlite3.connect(archive) as conn:  # the archive as the release before 0008 left it
        conn.executescript("DROP INDEX quotes_sort; DROP INDEX events_sort; DROP INDEX articles_title;"
                           " ALTER TABLE quotes DROP COLUMN sort_date;"
                           " ALTER TABLE events DROP COLUMN sort_date;"
                           " DELETE FROM schema_migrations WHERE name = '0008_sort_dates';")
    expected = {
        "quotes": "SELECT count(*), sum(q.sort_date IS coalesce(q.date, a.published)), sum(q.date IS NULL)"
                  " FROM quotes q JOIN articles a ON a.id = q.article_id",
        "events": "SELECT count(*), sum(e.sort_date IS coalesce(e.date, a.published)), sum(e.date IS NULL)"
                  " FROM events e JOIN articles a ON a.id = e.article_id"}
    with Store.open(archive) as store:
        for table, sql in expected.items():
            n, same, undated = store.conn.execute(sql).fetchone()
            assert n == same and n > 0, table
            assert table == "events" or undated > 0  # the quotes without a date take their article's day
        # an event with no date of its own from an article with none: last in both orders, out of any range
        with store.transaction() as conn:
            conn.execute("UPDATE events SET date = NULL, sort_date = NULL WHERE rowid = (SELECT min(rowid) FROM events)")
            undated = conn.execute("SELECT article_id || '/' || local_id FROM events WHERE sort_date IS NULL").fetchone()[0]
        for sort in ("-date", "date"):
            rows = [r["id"] for r in store.events(level="report", sort=sort)]
            assert len(rows) == n and rows[-1] == undated, sort
        assert undated not in {r["id"] for r in store.events(level="report", since="2015")}


def test_the_quote_text_index_follows_every_write(archive: Path, edited_rules: Path,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    """Migration 0009: `text` finds quotes through a trigram index kept by triggers on quotes; a quote
    re-analysed away or deleted with its article is found no more, and short words still match."""
    def keys(store: Store, phrase: str) -> int:
        return store.conn.execute("SELECT count(*) FROM quotes_text WHERE quotes_text MATCH ?",
                                  (f'"{phrase}"',)).fetchone()[0]

    with Store.open(archive) as store:
        found = store.quotes(text="الحل السياسي", level="report")
        assert [q["speaker"] for q in found] and keys(store, "الحل السياسي") == 1
        assert len(store.quotes(text="حل", level="report")) == 1  # under three letters: no index, the same answer
        assert store.quotes(text="الحل  السياسى", level="report") == found  # normalised as the stored text
    path = edited_rules / "quotes" / "cues.yaml"  # صرح is no reporting verb any more: the quote goes
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    kept = [line for line in lines if not line.lstrip().startswith("صرح:")]
    assert len(kept) == len(lines) - 1
    path.write_text("".join(kept), encoding="utf-8")
    _use(monkeypatch, edited_rules)
    with Store.open(archive) as store:
        reanalyse(store)
        assert store.quotes(text="الحل السياسي", level="report") == [] and keys(store, "الحل السياسي") == 0
        assert store.conn.execute("SELECT count(*) FROM quote_keys").fetchone() == (0,)
    monkeypatch.delenv("MARSAD_DATA_DIR")  # the rules as they were: re-analysed back
    _forget_rules()
    with Store.open(archive) as store:
        reanalyse(store)
        assert store.quotes(text="الحل السياسي", level="report") != [] and keys(store, "الحل السياسي") == 1
        with store.transaction() as conn:
            conn.execute("DELETE FROM articles WHERE id = ?", (found[0]["article_id"],))
        assert keys(store, "الحل السياسي") == 0
        assert store.conn.execute("SELECT count(*) FROM quote_keys").fetchone() == (0,)


def _trigram_instances(conn: sqlite3.Connection) -> list[tuple[str, int, str, int]]:
    conn.execute("CREATE VIRTUAL TABLE temp.quote_vocab USING fts5vocab(main, quotes_text, instance)")
    try:
        return conn.execute("SELECT term, doc, col, offset FROM temp.quote_vocab ORDER BY 1, 2, 3, 4").fetchall()
    finally:
        conn.execute("DROP TABLE temp.quote_vocab")


def _trigram_instances_of_the_rows(conn: sqlite3.Connection) -> list[tuple[str, int, str, int]]:
    """The trigram index a fresh table would hold of the archive's quotes as they are now."""
    fresh = sqlite3.connect(":memory:")
    fresh.execute("CREATE VIRTUAL TABLE quotes_text USING fts5(text_norm, content='', tokenize='trigram')")
    fresh.executemany("INSERT INTO quotes_text (rowid, text_norm) VALUES (?, ?)", conn.execute(
        "SELECT k.id, q.text_norm FROM quote_keys k JOIN quotes q ON q.article_id = k.article_id"
        " AND q.local_id = k.local_id ORDER BY k.id"))
    return _trigram_instances(fresh)


def test_quotes_written_in_a_batch_are_indexed_at_its_commit(archive: Path, tmp_path: Path) -> None:
    """Migration 0010: a batch's quotes reach the trigram index when it commits (pending until then); one
    deleted before that leaves no trace in it, and the index holds what it would hold written row by row."""
    feed = tmp_path / "more.jsonl"
    more = [{"text": "وقال وزير الخارجية عادل الجبير إن المملكة تدعم الحل السلمي في اليمن وتدعو الأطراف إلى الحوار.",
             "url": "https://spa.example/2015/06/12/3", "outlet": "spa", "date": "2015-06-12"},
            {"text": "وأكد وزير الخارجية الروسي سيرغي لافروف أن موسكو تؤيد الحوار بين الأطراف اليمنية دون شروط.",
             "url": "https://okaz.example/2015/06/12/4", "outlet": "okaz", "date": "2015-06-12"}]
    with Store.open(archive) as store:
        conn = store.conn
        assert _trigram_instances(conn) == _trigram_instances_of_the_rows(conn) != []
        before = [a for (a,) in conn.execute("SELECT id FROM articles")]
        with store.batch():
            feed.write_text(json.dumps(more[0], ensure_ascii=False) + "\n", encoding="utf-8")
            assert ingest([str(feed)], store, field_map=FIELDS).stored == 1
            ((gone, n_quotes),) = conn.execute("SELECT article_id, count(*) FROM quotes WHERE article_id NOT IN"
                                               " (?, ?) GROUP BY article_id", before)
            assert n_quotes >= 1
            assert conn.execute("SELECT count(*) FROM quote_text_pending").fetchone() == (n_quotes,)
            assert store.quotes(text="الحل السلمي", level="report") == []  # not indexed before the commit
            with store.transaction() as tx:  # deleted before its batch commits: its key leaves the pending ones
                tx.execute("DELETE FROM articles WHERE id = ?", (gone,))
            assert conn.execute("SELECT count(*) FROM quote_text_pending").fetchone() == (0,)
            feed.write_text(json.dumps(more[1], ensure_ascii=False) + "\n", encoding="utf-8")
            assert ingest([str(feed)], store, field_map=FIELDS).stored == 1
            assert conn.execute("SELECT count(*) FROM quote_text_pending").fetchone()[0] >= 1
        assert conn.execute("SELECT count(*) FROM quote_text_pending").fetchone() == (0,)
        assert _trigram_instances(conn) == _trigram_instances_of_the_rows(conn)
        assert store.quotes(text="الحل السلمي", level="report") == []
        assert [q["speaker"] for q in store.quotes(text="دون شروط", level="report")]


def test_a_pin_follows_its_report_when_the_body_moved(archive: Path) -> None:
    """A report whose trigger moved in the body (a cleaning rule removed text before it) is found again by
    its type and trigger when it is the only one; a pinned report that is gone loses its pin."""
    with Store.open(archive) as store:
        ((spa,),) = store.conn.execute("SELECT id FROM articles WHERE outlet = 'spa'").fetchall()
        with store.transaction() as conn:
            (mid,) = conn.execute("SELECT id FROM merged_events WHERE type = 'CONSULT'").fetchone()
            update.split_event(conn, mid)
            pinned = update.pinned_reports(conn, spa)
            assert set(pinned) == {("event", "ev2")}
            # what a re-analysis of a shorter body writes: the meeting is ev1, 7 characters earlier
            conn.execute("PRAGMA defer_foreign_keys = ON")  # the ids change in three tables
            conn.execute("DELETE FROM events WHERE article_id = ? AND local_id = 'ev1'", (spa,))
            for table, column in (("events", "local_id"), ("event_participants", "event_id"), ("evidence", "event_id")):
                conn.execute(f"UPDATE {table} SET {column} = 'ev1' WHERE article_id = ? AND {column} = 'ev2'", (spa,))  # noqa: S608
            conn.execute("UPDATE events SET trigger_start = trigger_start - 7, trigger_end = trigger_end - 7"
                         " WHERE article_id = ?", (spa,))
            assert update.replace_article(conn, spa, pinned) == {"kept": 1, "dropped": 0}
        assert _meetings(store.conn) == [[("okaz", "ev1")], [("spa", "ev1")]]
        with store.transaction() as conn:
            pinned = update.pinned_reports(conn, spa)
            conn.execute("DELETE FROM events WHERE article_id = ?", (spa,))  # the meeting is no event any more
            assert update.replace_article(conn, spa, pinned) == {"kept": 0, "dropped": 1}
        assert store.conn.execute("SELECT count(*) FROM merge_pins WHERE article_id = ?", (spa,)).fetchone() == (0,)
        assert _meetings(store.conn) == [[("okaz", "ev1")]]
        _consistent(store.conn)

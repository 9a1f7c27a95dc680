"""`marsad reanalyse`: stored articles made by older rules analysed again in place (marsad.reanalyse)."""

from __future__ import annotations

import json
import shutil
import sqlite3
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from marsad import config, provenance
from marsad import reanalyse as reanalyse_mod
from marsad.cli import main
from marsad.ingest.runner import ingest
from marsad.reanalyse import reanalyse
from marsad.store import Store

# Articles written for these tests. Four quote with the verb صرح, which the edited rules drop.
TEXTS = {
    "a-riyadh.txt": "الرياض - صرح وزير الخارجية السعودي فيصل بن فرحان يوم الأحد أن المملكة تدعم الحل السياسي "
                    "في اليمن.\n\nوقال الوزير إن المحادثات ستستمر في جدة الأسبوع المقبل.\n",
    "b-cairo.txt": "القاهرة - التقى الرئيس المصري عبد الفتاح السيسي أمس الاثنين رئيس الوزراء الأردني في القاهرة."
                   "\n\nوصرح المتحدث باسم الرئاسة بأن الجانبين بحثا تطورات الأوضاع في غزة.\n",
    "c-baghdad.txt": "بغداد - أعلنت وزارة الخارجية العراقية اليوم الثلاثاء أن وزير الخارجية سيزور طهران الأسبوع "
                     "المقبل.\n\nوأضافت الوزارة في بيان أن الزيارة تأتي لبحث العلاقات الثنائية.\n",
}
# Two with page metadata (title, url, publication day): what the archive keeps as the input's `given`.
JSONL = [
    {"text": "عمان - استقبل العاهل الأردني الملك عبد الله الثاني اليوم في عمان وزير الخارجية الفرنسي.\n\n"
             "وصرح الوزير الفرنسي للصحفيين بأن بلاده تدعم جهود التهدئة في المنطقة.",
     "title": "العاهل الأردني يستقبل وزير الخارجية الفرنسي", "url": "https://example.org/jo/1",
     "date": "2021-03-14"},
    {"text": "الرباط - قال وزير الخارجية المغربي ناصر بوريطة يوم الخميس إن المملكة ستستضيف مؤتمرا إقليميا "
             "للأمن الغذائي الشهر المقبل.",
     "title": "بوريطة: مؤتمر إقليمي للأمن الغذائي", "url": "https://example.org/ma/2", "date": "2021-03-18"},
    # no date but the address's: the dates stage reads the input's url (set again after the clean stage)
    {"text": "تونس - صرح وزير الخارجية التونسي اليوم بأن بلاده تتابع باهتمام تطورات الأوضاع في ليبيا.",
     "title": "تونس تتابع الأوضاع في ليبيا", "url": "https://example.org/news/2021/03/20/tunis-libya"},
]
N = len(TEXTS) + len(JSONL)
# The rows the stages make, per table, compared between archives (articles: every column but the time).
TABLES = {
    "articles": "num, id, content_hash, source_key, source_kind, title, url, outlet, section, published,"
                " published_method, body, n_chars, minhash, stages, record",
    "paragraphs": "*", "entities": "*", "mentions": "*", "quotes": "*", "events": "*",
    "event_participants": "*", "evidence": "*", "actors": "*", "inputs": "source_key, input_hash, outcome, article_id",
    "duplicates": "source_key, input_hash, duplicate_of, kind, similarity, title, url",
    "article_inputs": "*",
}


def _inputs(folder: Path) -> list[str]:
    folder.mkdir()
    for name, text in TEXTS.items():
        (folder / name).write_text(text, encoding="utf-8")
    lines = [json.dumps(r, ensure_ascii=False) for r in JSONL]
    lines.append(json.dumps({**JSONL[0], "url": "https://example.org/copy"}, ensure_ascii=False))  # a duplicate
    (folder / "feed.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return [str(folder / n) for n in sorted(TEXTS)] + [str(folder / "feed.jsonl")]


def _ingest(db: Path, inputs: list[str]) -> None:
    with Store.open(db) as store:
        summary = ingest(inputs, store, field_map="text=text,title=title,url=url,published=date")
    assert summary.stored == N and summary.duplicates["exact"] == 1, summary.to_dict()


def _rows(db: Path) -> dict[str, list[tuple[Any, ...]]]:
    conn = sqlite3.connect(db)
    try:
        return {t: sorted(conn.execute(f"SELECT {cols} FROM {t}").fetchall(), key=repr)  # noqa: S608
                for t, cols in TABLES.items()}
    finally:
        conn.close()


def _fts(db: Path, query: str) -> list[str]:
    with Store.open(db, readonly=True) as store:
        return sorted(h["article_id"] for h in store.search(query, limit=None))


@pytest.fixture
def edited_rules(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """A copy of the data directory to edit; marsad reads it (MARSAD_DATA_DIR) once `_use` says so."""
    copy = tmp_path / "data"
    shutil.copytree(provenance.data_root(), copy, ignore=shutil.ignore_patterns("__pycache__"))
    yield copy
    monkeypatch.delenv("MARSAD_DATA_DIR", raising=False)
    _forget_rules()


def _forget_rules() -> None:
    config.clear_caches()
    provenance.stage_version.cache_clear()


def _use(monkeypatch: pytest.MonkeyPatch, data: Path) -> None:
    monkeypatch.setenv("MARSAD_DATA_DIR", str(data))
    _forget_rules()


def _drop_verb(data: Path, verb: str) -> None:
    """Edit the quote cues: the verb `verb` is no longer a reporting verb."""
    path = data / "quotes" / "cues.yaml"
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    kept = [line for line in lines if not line.lstrip().startswith(f"{verb}:")]
    assert len(kept) == len(lines) - 1
    path.write_text("".join(kept), encoding="utf-8")


@pytest.fixture
def archive(tmp_path: Path) -> tuple[Path, list[str]]:
    _forget_rules()
    inputs = _inputs(tmp_path / "in")
    db = tmp_path / "old.db"
    _ingest(db, inputs)
    return db, inputs


def test_reanalyse_after_a_rule_change_equals_a_fresh_ingest(archive: tuple[Path, list[str]], tmp_path: Path,
                                                             edited_rules: Path, monkeypatch: pytest.MonkeyPatch
                                                             ) -> None:
    db, inputs = archive
    before = _rows(db)
    assert len(before["article_inputs"]) == N  # the archive keeps each article's input
    quoted_with_sarraha = {r[0] for r in before["quotes"] if r[8].endswith("صرح")}
    assert len(quoted_with_sarraha) == 4

    _drop_verb(edited_rules, "صرح")
    _use(monkeypatch, edited_rules)
    with Store.open(db, readonly=True) as store:
        dry = reanalyse(store, dry_run=True)
    # quotes and events read the cues: those two stages are stale in every article, no other
    assert (dry.checked, dry.stale, dry.updated) == (N, N, 0)
    assert dict(dry.stale_by_stage) == {"quotes": N, "events": N}
    assert _rows(db) == before  # a dry run writes nothing

    with Store.open(db) as store:
        report = reanalyse(store, batch_size=2)
    assert (report.checked, report.stale, report.updated, report.failed) == (N, N, N, 0), report.render()
    assert dict(report.updated_by_stage) == {"quotes": N, "events": N}
    after = _rows(db)

    assert [r[9:11] for r in after["articles"] if r[6] and "/2021/03/20/" in r[6]] == [("2021-03-20", "metadata")]
    # exactly the changed stages' layers: the quotes made with صرح are gone, the rest is as it was
    assert {r[0] for r in after["quotes"] if r[8].endswith("صرح")} == set()
    assert len(after["quotes"]) == len(before["quotes"]) - 4
    for table in ("paragraphs", "entities", "mentions", "inputs", "duplicates", "article_inputs"):
        assert after[table] == before[table], table
    old_records = {r[1]: json.loads(r[-1]) for r in before["articles"]}
    for row in after["articles"]:
        new, old = json.loads(row[-1]), old_records[row[1]]
        assert row[:11] == next(r for r in before["articles"] if r[1] == row[1])[:11]  # id, num, body, metadata
        for layer in ("dates", "entities", "paragraphs", "published", "title"):
            assert new[layer] == old[layer], layer
        assert [s.split("@")[0] for s in new["stages"]] == [s.split("@")[0] for s in old["stages"]]

    # the same rows as a fresh ingest at this commit (these rules)
    fresh = tmp_path / "fresh.db"
    _ingest(fresh, inputs)
    assert _rows(fresh) == after
    assert _fts(db, "وزير الخارجية") == _fts(fresh, "وزير الخارجية")

    with Store.open(db) as store:  # nothing is stale any more
        again = reanalyse(store)
    assert (again.checked, again.stale, again.updated, again.resumed) == (N, 0, 0, False)


def test_stage_option_and_date_range_choose_what_is_stale(archive: tuple[Path, list[str]], edited_rules: Path,
                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    db, _ = archive
    _drop_verb(edited_rules, "صرح")
    _use(monkeypatch, edited_rules)
    with Store.open(db, readonly=True) as store:
        assert reanalyse(store, stages=["dates", "entities"], dry_run=True).stale == 0
        in_march = reanalyse(store, since="2021-03", until="2021-03-15", dry_run=True)
        assert (in_march.checked, in_march.stale) == (1, 1)  # the article published on 14 March
    with Store.open(db) as store:
        assert reanalyse(store, stages=["quotes"]).updated == N


def test_an_interrupted_run_continues_where_it_stopped(archive: tuple[Path, list[str]], edited_rules: Path,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    db, _ = archive
    _drop_verb(edited_rules, "صرح")
    _use(monkeypatch, edited_rules)
    real = Store.replace_analysis
    calls = {"n": 0}

    def interrupted_at_the_fourth(self: Store, *args: Any, **kwargs: Any) -> bool:
        calls["n"] += 1
        if calls["n"] == 4:
            raise KeyboardInterrupt
        return real(self, *args, **kwargs)

    monkeypatch.setattr(Store, "replace_analysis", interrupted_at_the_fourth)
    with Store.open(db) as store:
        first = reanalyse(store, batch_size=2)
    assert first.interrupted and first.updated == 3
    with sqlite3.connect(db) as conn:
        (last_num, finished), = conn.execute("SELECT last_num, finished_at FROM reanalyse_runs").fetchall()
    assert (last_num, finished) == (3, None)  # the progress of the three done (two batches, one cut short)

    monkeypatch.setattr(Store, "replace_analysis", real)
    with Store.open(db) as store:
        second = reanalyse(store, batch_size=2)
    assert second.resumed and not second.interrupted
    assert (second.updated, second.stale, second.failed) == (N, N, 0)  # the counts of the whole run
    with Store.open(db) as store:
        assert reanalyse(store, dry_run=True).stale == 0


def test_one_bad_article_fails_alone_and_is_not_retried(archive: tuple[Path, list[str]], edited_rules: Path,
                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    db, _ = archive
    before = _rows(db)
    bad = before["articles"][1][1]
    _drop_verb(edited_rules, "صرح")
    _use(monkeypatch, edited_rules)
    real = reanalyse_mod._analyse

    def crash_on_one(store: Store, article_id: str, *args: Any) -> Any:
        if article_id == bad:
            raise RuntimeError("a stage bug")
        return real(store, article_id, *args)

    monkeypatch.setattr(reanalyse_mod, "_analyse", crash_on_one)
    with Store.open(db) as store:
        report = reanalyse(store, batch_size=10)
    assert (report.updated, report.failed, dict(report.failed_by_reason)) == (N - 1, 1, {"stage-crash": 1})
    after = _rows(db)
    assert [r for r in after["quotes"] if r[0] == bad] == [r for r in before["quotes"] if r[0] == bad]
    with sqlite3.connect(db) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        assert conn.execute("SELECT article_id FROM reanalyse_failures").fetchall() == [(bad,)]
    with Store.open(db) as store:  # the next run skips it (same rules), and finds nothing else to do
        again = reanalyse(store)
    assert (again.stale, again.failed_before, again.updated, again.failed) == (1, 1, 0, 0)


def test_an_archive_without_kept_inputs_is_reanalysed_from_its_bodies(
        archive: tuple[Path, list[str]], tmp_path: Path, edited_rules: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    db, inputs = archive
    with sqlite3.connect(db) as conn:  # as an archive made before the inputs were kept
        conn.execute("DELETE FROM article_inputs")
    _drop_verb(edited_rules, "صرح")
    clean_rules = edited_rules / "clean" / "common.yaml"
    clean_rules.write_text(clean_rules.read_text(encoding="utf-8") + "\n# an edit\n", encoding="utf-8")
    _use(monkeypatch, edited_rules)
    with Store.open(db) as store:
        report = reanalyse(store)
    # every stage after clean runs again on the stored body; clean itself cannot (no input), and says so
    assert (report.stale, report.updated, report.from_body, report.failed) == (N, N, N, 0), report.render()
    assert dict(report.updated_by_stage) == {"quotes": N, "events": N}
    fresh = tmp_path / "fresh.db"
    _ingest(fresh, inputs)
    got, want = _rows(db), _rows(fresh)
    for table in ("paragraphs", "entities", "mentions", "quotes", "events", "event_participants", "evidence"):
        assert got[table] == want[table], table
    for old, new in zip(got["articles"], want["articles"], strict=True):
        old_record, new_record = json.loads(old[-1]), json.loads(new[-1])
        assert old_record["stages"][0] != new_record["stages"][0]  # clean@ the old version, kept
        assert old_record["stages"][1:] == new_record["stages"][1:]
        old_record.pop("stages"), new_record.pop("stages")
        assert old_record == new_record
    with Store.open(db, readonly=True) as store:
        left = reanalyse(store, dry_run=True)
    assert (left.stale, left.no_input) == (N, N)


def test_the_command(archive: tuple[Path, list[str]], edited_rules: Path, monkeypatch: pytest.MonkeyPatch,
                     capsys: pytest.CaptureFixture[str]) -> None:
    db, _ = archive
    _drop_verb(edited_rules, "صرح")
    _use(monkeypatch, edited_rules)
    assert main(["reanalyse", "--db", str(db), "--dry-run", "--json"]) == 0
    dry = json.loads(capsys.readouterr().out)
    assert (dry["stale"], dry["stale_by_stage"]) == (N, {"quotes": N, "events": N})
    assert main(["reanalyse", "--db", str(db), "--stage", "quotes"]) == 0
    out = capsys.readouterr().out
    assert f"checked {N}  stale {N}  updated {N}  failed 0" in out
    assert main(["reanalyse", "--db", str(db), "--since", "2015-02-30"]) != 0
    assert "is not a real date" in capsys.readouterr().err
    assert main(["reanalyse", "--db", str(db), "--stage", "nosuch"]) != 0


def test_an_older_archive_gets_the_table_of_inputs_when_opened(tmp_path: Path) -> None:
    db = tmp_path / "old.db"
    with Store.open(db):
        pass
    with sqlite3.connect(db) as conn:  # the archive as the previous release left it
        conn.execute("DROP TABLE article_inputs")
        conn.execute("DROP TABLE reanalyse_runs")
        conn.execute("DROP TABLE reanalyse_failures")
        conn.execute("DELETE FROM schema_migrations WHERE name = '0006_reanalysis'")
    with pytest.raises(Exception, match="needs migrations"):
        Store.open(db, readonly=True)
    with Store.open(db) as store:
        assert store.conn.execute("SELECT count(*) FROM article_inputs").fetchone() == (0,)


def test_a_batch_worker_dates_a_document_as_the_ingest_does(tmp_path: Path) -> None:
    """Without a duplicate check (the batch workers' `analyse`) the input's url is set again after the
    clean stage too, so an address that names the day dates the document in both."""
    from marsad.ingest.runner import analyse, build_pipeline
    from marsad.readers.files import make_mapping, read_inputs

    inputs = _inputs(tmp_path / "in")
    item = [i for i in read_inputs(inputs[-1:], make_mapping(overrides="text=text,title=title,url=url"))
            if "/2021/03/20/" in (i.url or "")][0]
    pipeline = build_pipeline()
    alone, checked = analyse(item, pipeline), analyse(item, pipeline, when_body=lambda doc: None)
    assert alone.published is not None and checked.published is not None
    assert (alone.published.date, alone.published.method) == ("2021-03-20", "metadata")
    assert alone.to_dict() == checked.to_dict()


def test_a_cleaning_rule_that_changes_a_body_keeps_the_article_id(
        archive: tuple[Path, list[str]], tmp_path: Path, edited_rules: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    db, inputs = archive
    rules = edited_rules / "clean" / "common.yaml"
    text = rules.read_text(encoding="utf-8")
    # the Baghdad article's second paragraph becomes page furniture (patterns match the normalised line)
    rules.write_text(text.replace("  read-also:\n", "  read-also:\n    - '^واضافت الوزاره في بيان'\n", 1),
                     encoding="utf-8")
    _use(monkeypatch, edited_rules)
    before = _rows(db)
    assert _fts(db, "العلاقات الثنائية")
    with Store.open(db) as store:
        report = reanalyse(store)
    assert (report.updated, report.body_changed, report.failed) == (N, 1, 0), report.render()
    fresh = tmp_path / "fresh.db"
    _ingest(fresh, inputs)
    got, want = _rows(db), _rows(fresh)
    changed = [(old, new) for old, new in zip(before["articles"], got["articles"], strict=True) if old[11] != new[11]]
    assert len(changed) == 1
    old, new = changed[0]
    assert new[:2] == old[:2] and new[2] != old[2]  # the same num and id; the content hash of the new body
    fresh_row = next(r for r in want["articles"] if r[0] == new[0])
    assert new[2:] == fresh_row[2:]  # hash, body, signature, record…: as a fresh ingest makes them
    assert fresh_row[1] == fresh_row[2][:16] != new[1]  # (a fresh ingest names it by its new body)
    assert _fts(db, "العلاقات الثنائية") == []
    assert _fts(db, "وزير الخارجية") == sorted(r[1] for r in got["articles"] if "وزير الخارجية" in r[11])
    with sqlite3.connect(db) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        bands = conn.execute("SELECT count(*) FROM minhash_bands WHERE num = ?", (new[0],)).fetchone()[0]
    with sqlite3.connect(fresh) as conn:
        assert bands == conn.execute("SELECT count(*) FROM minhash_bands WHERE num = ?", (new[0],)).fetchone()[0]


def test_an_ingest_on_workers_keeps_the_same_inputs(archive: tuple[Path, list[str]], tmp_path: Path) -> None:
    """The shard path (workers analyse, the archive's writer loads their records) keeps each article's
    input as the in-process ingest does, and makes the same rows."""
    from marsad.run.executors import make_executor
    from marsad.run.ingest import ingest_sharded

    db, inputs = archive
    sharded = tmp_path / "sharded.db"
    with Store.open(sharded) as store:
        summary = ingest_sharded(inputs, store, make_executor("inprocess"),
                                 field_map="text=text,title=title,url=url,published=date", shard_size=2)
    assert summary.stored == N
    got, want = _rows(sharded), _rows(db)
    assert len(got["article_inputs"]) == N
    assert got == want


def test_an_archive_made_with_fewer_stages_keeps_them(tmp_path: Path, edited_rules: Path,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    from marsad.ingest.runner import build_pipeline
    from marsad.pipeline import Options

    _forget_rules()
    inputs = _inputs(tmp_path / "in")
    db = tmp_path / "dates-only.db"
    with Store.open(db) as store:
        ingest(inputs, store, field_map="text=text,title=title,url=url,published=date",
               pipeline=build_pipeline(Options(stages=["clean", "segment", "dates"])))
    _drop_verb(edited_rules, "صرح")  # the quotes stage never ran here: nothing is stale
    with (edited_rules / "dates" / "ar.yaml").open("a", encoding="utf-8") as f:
        f.write("\n# an edit\n")
    _use(monkeypatch, edited_rules)
    with Store.open(db) as store:
        report = reanalyse(store)
    assert (report.stale, report.updated, dict(report.stale_by_stage)) == (N, N, {"dates": N})
    rows = _rows(db)
    assert rows["quotes"] == [] and rows["entities"] == []
    assert {tuple(s.split("@")[0] for s in json.loads(r[14])) for r in rows["articles"]} == {
        ("clean", "segment", "dates")}


def test_a_stored_date_gives_back_what_the_input_gave() -> None:
    """Re-analysing from a stored body: the dates stage must start from the input's date, not its own."""
    from marsad.model import Published

    given = reanalyse_mod._given_published
    assert given(Published("2015-07-20", "inferred", 0.4, [], ["a weekday"]), "jsonl") is None
    placed = Published("2015-07-20", "crawled", 0.9, [], ["crawled on 2015-07-21: published then or a few days"
                                                          " before", "'اليوم (الاثنين)': published on a Monday"])
    assert given(placed, "jsonl") == Published("2015-07-21", "crawled", 0.0, [], ["crawl time from the jsonl input"])
    by_address = Published("2015-07-21", "metadata", 0.9, [], ["the address names the day (http://x/2015/07/21/a)",
                                                               "crawled on 2015-07-21: published then or a few days before"])
    assert given(by_address, "jsonl").method == "crawled"  # type: ignore[union-attr]
    metadata = Published("2021-03-14", "metadata", 0.9, [], [
        "from the jsonl input's metadata", "the text names its own day: written on 2021-03-13 (Saturday)"])
    assert given(metadata, "jsonl") == Published("2021-03-14", "metadata", 0.9, [], ["from the jsonl input's metadata"])

"""Ingest: readers of every format, encodings, rejects, duplicates, idempotence and resume after a kill."""

from __future__ import annotations

import gzip
import io
import json
import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
from testdata import FIXTURES, ROOT, shared_path

from marsad.ingest import build_pipeline, ingest, make_mapping, read_inputs
from marsad.pipeline import Options
from marsad.readers import files as readers_mod
from marsad.store import Store

DIR = FIXTURES / "ingest"
MEETING = (DIR / "ministers-meeting.txt").read_text(encoding="utf-8")


def counts(summary) -> int:
    return summary.stored + summary.unchanged + sum(summary.duplicates.values()) + sum(summary.rejected.values())


@pytest.fixture
def store(tmp_path):
    with Store.open(tmp_path / "archive.db") as s:
        yield s


def test_encodings_are_detected_and_reported(tmp_path, store):
    for name, enc in (("utf8.txt", "utf-8"), ("bom.txt", "utf-8-sig"), ("win.txt", "cp1256"),
                      ("iso.txt", "iso-8859-6"), ("u16.txt", "utf-16"), ("u16le.txt", "utf-16-le")):
        (tmp_path / name).write_bytes(MEETING.encode(enc))
    items = {Path(i.source_key).name: i for i in read_inputs([str(tmp_path / "*.txt")])}
    assert {k: v.encoding for k, v in items.items()} == {
        "utf8.txt": "utf-8", "bom.txt": "utf-8-sig", "win.txt": "cp1256", "iso.txt": "iso-8859-6",
        "u16.txt": "utf-16", "u16le.txt": "utf-16-le"}
    assert all(i.text == MEETING for i in items.values())
    summary = ingest([str(tmp_path)], store)
    # One text in six encodings: one article, five exact duplicates of it.
    assert summary.stored == 1 and summary.duplicates["exact"] == 5
    assert sum(summary.encodings.values()) == 6


def test_bad_inputs_are_rejected_with_reasons_and_the_batch_goes_on(tmp_path, store, monkeypatch):
    batch = tmp_path / "batch"
    shutil.copytree(DIR, batch, ignore=shutil.ignore_patterns("articles.jsonl", "feed.rss", "page.html"))
    (batch / "mojibake.txt").write_text(MEETING.encode("utf-8").decode("cp1252", errors="replace"),
                                        encoding="utf-8")
    (batch / "binary.txt").write_bytes(b"\x00\x01\x02\xff" * 200)
    (batch / "broken.html").write_bytes(b"<html><body><p>\xff\xfe\xfd</p></body></html>" * 3)
    (batch / "big.txt").write_text(MEETING * 3, encoding="utf-8")
    monkeypatch.setattr(readers_mod, "MAX_INPUT_BYTES", 3000)
    summary = ingest([str(batch), str(tmp_path / "missing-dir")], store)
    assert summary.stored == 2  # the two good Arabic articles
    # not-arabic: the English text, and the HTML whose bytes decode (by detection) to no Arabic at all.
    assert dict(summary.rejected) == {"not-arabic": 2, "empty": 1, "mojibake": 1, "binary": 1, "too-large": 1,
                                      "missing": 1}
    assert counts(summary) == summary.read
    rows = dict(store.conn.execute("SELECT reason, count(*) FROM rejects GROUP BY reason").fetchall())
    assert rows == dict(summary.rejected)
    assert store.stats()["articles"] == 2


def test_html_metadata_reaches_the_document(store):
    summary = ingest([str(DIR / "page.html")], store)
    assert summary.stored == 1
    art = store.article(store.search("الكويت")[0]["article_id"])
    assert art["title"].startswith("رئيس الوزراء العراقي يزور الكويت")
    assert art["url"] == "https://news.example.org/politics/2019/03/iraq-kuwait-visit"
    assert art["published"] == "2019-03-12" and art["published_method"] == "metadata:markup"  # article:published_time
    body = art["record"]["body"]
    assert "مذكرات التفاهم" in body and "الأكثر قراءة" not in body and "جميع الحقوق" not in body


def test_html_declared_windows_1256(tmp_path, store):
    html = (DIR / "page.html").read_text(encoding="utf-8").replace('charset="utf-8"', 'charset="windows-1256"')
    (tmp_path / "p.htm").write_bytes(html.encode("cp1256"))
    summary = ingest([str(tmp_path / "p.htm")], store)
    assert summary.stored == 1 and dict(summary.encodings) == {"cp1256": 1}


def test_rss_items_become_documents_with_link_and_date(store):
    summary = ingest([str(DIR / "feed.rss")], store)
    assert summary.stored == 2
    hits = store.search("الموازنة")
    art = store.article(hits[0]["article_id"])
    assert art["url"] == "https://wire.example.org/news/1001" and art["published"] == "2019-07-17"
    assert art["source_key"].endswith("feed.rss#https://wire.example.org/news/1001")


def _write_warc(path: Path) -> None:
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    page = (DIR / "page.html").read_bytes()
    other = (DIR / "page.html").read_text(encoding="utf-8").replace("الكويت", "الأردن").replace(
        "مذكرات التفاهم", "اتفاقيات التعاون").replace("ملف الحدود", "ملف المياه").encode("utf-8")
    with path.open("wb") as fh:
        writer = WARCWriter(fh, gzip=True)
        for url, status, ctype, payload in (
            ("https://news.example.org/a", "200 OK", "text/html; charset=utf-8", page),
            ("https://news.example.org/logo.png", "200 OK", "image/png", b"\x89PNG\r\n"),
            ("https://news.example.org/gone", "404 Not Found", "text/html", b"<html>not found</html>"),
            ("https://news.example.org/b", "200 OK", "text/html", other),
        ):
            headers = StatusAndHeaders(status, [("Content-Type", ctype)], protocol="HTTP/1.1")
            record = writer.create_warc_record(url, "response", payload=io.BytesIO(payload), http_headers=headers)
            writer.write_record(record)


def test_warc_response_records(tmp_path, store):
    warc = tmp_path / "crawl.warc.gz"
    _write_warc(warc)
    summary = ingest([str(warc)], store)
    assert summary.read == 3  # the image is not a document
    assert summary.stored + sum(summary.duplicates.values()) == 2 and summary.rejected == {"http-error": 1}
    assert summary.kinds == {"warc": 3}


def test_jsonl_mapping_gzip_and_bad_lines(tmp_path, store):
    gz = tmp_path / "batch.jsonl.gz"
    gz.write_bytes(gzip.compress((DIR / "articles.jsonl").read_bytes()))
    mapping = make_mapping(None, "text=body_text,title=headline,published=crawl_time,url=link,id=uid")
    summary = ingest([str(gz)], store, mapping=mapping)
    assert summary.stored == 2 and dict(summary.rejected) == {"bad-json": 1, "no-text-field": 1}
    art = store.article(store.search("الكهرباء")[0]["article_id"])
    assert art["published"] == "2015-08-03" and art["title"] == "اتفاقية لربط شبكتي الكهرباء"
    assert art["source_key"].endswith("batch.jsonl.gz#n-2")


def test_bad_mapping_and_preset_are_clear_errors():
    from marsad.errors import InputError

    with pytest.raises(InputError, match="unknown preset"):
        make_mapping("nope")
    with pytest.raises(InputError, match="FIELD=KEY"):
        make_mapping(None, "body")
    assert make_mapping("saudinewsnet").fields["crawled"] == ["date_extracted"]


def test_near_duplicates_are_recorded_not_stored(tmp_path, store):
    (tmp_path / "a.txt").write_text(MEETING, encoding="utf-8")
    # A republication: another headline line and a credit appended; the rest unchanged.
    lines = MEETING.splitlines()
    lines[0] = "مباحثات أردنية مصرية في عمان"
    (tmp_path / "b.txt").write_text("\n".join(lines) + "\n\nالمصدر: وكالات\n", encoding="utf-8")
    (tmp_path / "c.txt").write_text((DIR / "water-summit.txt").read_text(encoding="utf-8"), encoding="utf-8")
    summary = ingest([str(tmp_path)], store)
    assert summary.stored == 2 and summary.duplicates["near"] + summary.duplicates["exact"] == 1
    dup = store.conn.execute("SELECT source_key, kind, similarity FROM duplicates").fetchone()
    assert dup[0].endswith("b.txt") and dup[2] >= 0.8


def test_reingest_is_idempotent(tmp_path):
    db = tmp_path / "a.db"
    with Store.open(db) as s:
        first = ingest([str(DIR)], s)
        before = s.stats()
    with Store.open(db) as s:
        second = ingest([str(DIR)], s)
        assert s.stats() == before
    assert first.stored > 0 and second.stored == 0 and second.rejected == {} and second.duplicates == {}
    assert second.unchanged == first.read == second.read


def _make_corpus(path: Path, n: int) -> None:
    # Distinct short articles composed from numbered sentences (each body differs in several words).
    cities = ["عمان", "القاهرة", "الرباط", "تونس", "بيروت", "بغداد", "الرياض", "الدوحة", "مسقط", "الكويت"]
    with path.open("w", encoding="utf-8") as fh:
        for i in range(n):
            city, other = cities[i % 10], cities[(i * 7 + 3) % 10]
            text = (f"عقد في {city} الاجتماع رقم {i} للجنة الاقتصادية المشتركة بحضور وفد من {other}. "
                    f"وناقش الجانبان {i + 3} ملفات تتعلق بالتجارة والاستثمار والنقل في الدورة {i * 13 % 97}. "
                    f"وقال رئيس الوفد إن الاجتماع المقبل سيعقد بعد {i % 12 + 1} أشهر في {other}.")
            fh.write(json.dumps({"id": f"d{i}", "text": text, "published": "2019-01-01"}, ensure_ascii=False) + "\n")


def _articles(db: Path) -> set[str]:
    return {r[0] for r in sqlite3.connect(db).execute("SELECT content_hash FROM articles")}


def _kill_once_stored(cmd: list[str], env: dict[str, str], db: Path, *, at_least: int, seconds: float) -> None:
    """Run an ingest command and SIGKILL it as soon as the archive holds `at_least` articles."""
    proc = subprocess.Popen(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline and proc.poll() is None:
        time.sleep(0.05)
        try:
            stored = sqlite3.connect(f"file:{db}?mode=ro", uri=True).execute(
                "SELECT count(*) FROM articles").fetchone()[0]
        except sqlite3.Error:
            continue
        if stored >= at_least:
            break
    assert proc.poll() is None, f"ingest finished before it could be killed: {proc.stderr.read()!r}"
    proc.send_signal(signal.SIGKILL)
    proc.wait()


def test_resume_after_kill_minus_9(tmp_path):
    corpus = tmp_path / "corpus.jsonl"
    _make_corpus(corpus, 150)
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    # Two cheap stages: the test is about the archive surviving a kill, not about the analysis.
    # Commits every 5 documents: the kill lands mid-batch, and the uncommitted ones must be processed again.
    cmd = [sys.executable, "-m", "marsad", "ingest", str(corpus), "--quiet", "--stages", "clean,segment",
           "--commit-every", "5"]
    clean_db, killed_db = tmp_path / "clean.db", tmp_path / "killed.db"
    _kill_once_stored([*cmd, "--db", str(killed_db)], env, killed_db, at_least=15, seconds=60)
    assert 0 < len(_articles(killed_db)) < 150
    rerun = subprocess.run([*cmd, "--db", str(killed_db), "--json"], env=env, capture_output=True, text=True,
                           timeout=120)
    assert rerun.returncode == 0, rerun.stderr
    summary = json.loads(rerun.stdout)
    assert summary["unchanged"] >= 15 and summary["unchanged"] + summary["stored"] == 150
    with Store.open(clean_db) as s:  # the same ingest, never interrupted, in this process
        ingest([str(corpus)], s, pipeline=build_pipeline(Options(stages=["clean", "segment"])))
    assert _articles(killed_db) == _articles(clean_db) and len(_articles(clean_db)) == 150


@pytest.mark.shared
@pytest.mark.parametrize("lines", [25, pytest.param(120, marks=pytest.mark.slow)])
def test_real_samples_rt_and_saudinewsnet_slice(tmp_path, rt_sample_path, store, lines):
    corpus = shared_path("corpus/saudinewsnet-2015.jsonl.gz")
    with gzip.open(corpus, "rt", encoding="utf-8") as fh:
        head = [next(fh) for _ in range(lines)]
    sliced = tmp_path / "snn-slice.jsonl"
    sliced.write_text("".join(head), encoding="utf-8")
    rt = ingest([str(rt_sample_path)], store)
    assert rt.stored == 1
    snn = ingest([str(sliced)], store, mapping=make_mapping("saudinewsnet"))
    assert snn.read == lines and counts(snn) == lines
    assert snn.stored >= lines * 0.9  # a few exact/near duplicates are expected in the crawl
    art = store.article(store.search("لافروف خوجة")[0]["article_id"])
    assert art["source_key"].endswith("rt-ar-gyc7.txt")
    row = store.conn.execute("SELECT published, outlet, url FROM articles WHERE source_kind = 'jsonl' "
                             "ORDER BY num LIMIT 1").fetchone()
    assert row[0].startswith("2015-07") and row[1] and row[2].startswith("http")
    for r in store.search("وزير الخارجية", limit=5):
        body = store.article(r["article_id"])["record"]["body"]
        assert all(body[m["start"]:m["end"]] == m["text"] for m in r["matches"])


# ---- ingest on workers (marsad.run): the same archive for any number of workers -----------------------

# Every table of the archive, without the times at which rows were written.
ARCHIVE_TABLES = {
    "articles": "id, content_hash, source_key, source_kind, encoding, title, url, outlet, section, published,"
                " published_method, body, n_chars, minhash, stages, record",
    "paragraphs": "*", "actors": "*", "entities": "*", "mentions": "*", "quotes": "*", "events": "*",
    "event_participants": "*", "evidence": "*", "inputs": "source_key, input_hash, outcome, article_id",
    "rejects": "source_key, input_hash, reason, message",
    "duplicates": "source_key, input_hash, duplicate_of, kind, similarity, title, url",
}


def archive_contents(db: Path) -> dict[str, list[tuple]]:
    conn = sqlite3.connect(db)
    try:
        return {t: sorted(conn.execute(f"SELECT {cols} FROM {t}").fetchall(), key=repr)  # noqa: S608
                for t, cols in ARCHIVE_TABLES.items()}
    finally:
        conn.close()


def _mixed_inputs(root: Path) -> Path:
    """Text, HTML, RSS, WARC and JSON Lines inputs with exact and near duplicates and bad documents."""
    mixed = root / "mixed"
    shutil.copytree(DIR, mixed)
    (mixed / "copy-of-meeting.txt").write_text(MEETING, encoding="utf-8")  # exact duplicate
    near = MEETING.replace("الشهر المقبل", "الأسبوع المقبل").replace("الوثيق", "المستمر")
    (mixed / "republished.txt").write_text(near, encoding="utf-8")  # near duplicate: two words changed
    (mixed / "binary.txt").write_bytes(b"\x00\x01\x02\xff" * 200)
    (mixed / "menu-only.html").write_text("<html><body><nav><a href='/'>الرئيسية</a></nav></body></html>",
                                          encoding="utf-8")  # read, then no main text: rejected by the analysis
    _write_warc(mixed / "crawl.warc.gz")
    shutil.copy(FIXTURES / "run" / "articles.jsonl", mixed / "snn.jsonl")
    for outlet in ("ahram.txt", "rt.txt", "spa.txt"):
        shutil.copy(FIXTURES / "outlets" / outlet, mixed / outlet)
    return mixed


def _ingest_cli(capsys, *args: str) -> tuple[int, dict]:
    from marsad.cli import main

    rc = main(["ingest", *args, "--json"])
    return rc, json.loads(capsys.readouterr().out)


def _comparable(summary: dict) -> dict:
    return {k: v for k, v in summary.items() if k not in ("elapsed_s", "docs_per_s", "db", "executor")}


def test_workers_give_the_same_archive_as_one_process(tmp_path, capsys):
    mixed = _mixed_inputs(tmp_path)
    one, two = tmp_path / "one.db", tmp_path / "two.db"
    rc1, s1 = _ingest_cli(capsys, str(mixed), "--db", str(one), "--workers", "1")
    rc2, s2 = _ingest_cli(capsys, str(mixed), "--db", str(two), "--workers", "2", "--shard-size", "3")
    assert rc1 == rc2 == 0 and (s1["executor"], s2["executor"]) == ("inprocess", "pool")
    assert _comparable(s2) == _comparable(s1)
    assert s1["stored"] >= 10 and s1["duplicates_by_kind"] == {"exact": 2, "near": 1}
    # bad documents are rejected with their reasons (read or analysis), the rest stored
    assert {"empty", "not-arabic", "binary", "no-body", "http-error", "bad-json"} <= set(s1["rejected_by_reason"])
    assert s1["read"] == s1["stored"] + s1["duplicates"] + s1["rejected"]
    first, second = archive_contents(one), archive_contents(two)
    assert all(first[t] for t in ("entities", "quotes", "events", "duplicates", "rejects"))
    assert second == first
    assert not list(tmp_path.glob(".two.db.ingest-*"))  # the shard files are gone
    # a rerun on workers finds everything unchanged and analyses nothing
    rc, again = _ingest_cli(capsys, str(mixed), "--db", str(two), "--workers", "2", "--shard-size", "3")
    assert rc == 0 and again["unchanged"] == again["read"] == s1["read"] and again["stored"] == 0
    assert archive_contents(two) == first


def test_limit_on_workers_counts_documents(tmp_path, capsys):
    corpus = tmp_path / "corpus.jsonl"
    _make_corpus(corpus, 30)
    text = corpus.read_text(encoding="utf-8").splitlines(keepends=True)
    corpus.write_text("".join(line + ("\n" if i % 4 == 0 else "") for i, line in enumerate(text)), encoding="utf-8")
    cheap = ["--stages", "clean,segment", "--limit", "12"]
    rc1, s1 = _ingest_cli(capsys, str(corpus), "--db", str(tmp_path / "a.db"), *cheap)
    rc2, s2 = _ingest_cli(capsys, str(corpus), "--db", str(tmp_path / "b.db"), *cheap, "--workers", "2",
                          "--shard-size", "5")
    assert rc1 == rc2 == 0 and s1["read"] == s2["read"] == s1["stored"] == 12
    assert archive_contents(tmp_path / "a.db") == archive_contents(tmp_path / "b.db")


def test_a_limit_that_ends_inside_a_warc_on_workers_and_in_batch(tmp_path, capsys):
    from marsad.readers.files import read_inputs
    from marsad.run import plan_shards

    mixed = _mixed_inputs(tmp_path)
    keys = [item.source_key for item in read_inputs([str(mixed)])]
    in_warc = [i for i, key in enumerate(keys) if "crawl.warc.gz" in key]
    assert len(in_warc) == 3  # three records that are documents (the image is skipped)
    limit = in_warc[1] + 1  # the limit ends after the WARC's second document
    cheap = ["--stages", "clean,segment", "--limit", str(limit)]
    rc1, s1 = _ingest_cli(capsys, str(mixed), "--db", str(tmp_path / "a.db"), *cheap)
    rc2, s2 = _ingest_cli(capsys, str(mixed), "--db", str(tmp_path / "b.db"), *cheap, "--workers", "2",
                          "--shard-size", "4")
    assert rc1 == rc2 == 0 and s1["read"] == s2["read"] == limit
    assert archive_contents(tmp_path / "a.db") == archive_contents(tmp_path / "b.db")
    # `marsad batch` (no archive's writer to stop at the limit) reads as many, whichever executor runs it
    from marsad.cli import main
    for executor in ([], ["--workers", "2"]):
        out = tmp_path / f"out{len(executor)}"
        assert main(["batch", str(mixed), "--out", str(out), *cheap, "--shard-size", "4", *executor, "--json"]) == 0
        assert json.loads(capsys.readouterr().out)["read"] == limit
    ledger = sqlite3.connect(tmp_path / "b.db").execute("SELECT source_key FROM inputs").fetchall()
    assert sorted(k for (k,) in ledger if "crawl.warc.gz" in k) == sorted(keys[i] for i in in_warc[:2])
    last = plan_shards([str(mixed)], 4, limit=limit)[-1]  # the shard that stops inside the WARC
    assert last.paths[-1].endswith("crawl.warc.gz") and last.take == limit - sum(
        1 for key in keys[:limit] if not any(key.startswith(p) for p in last.paths)) and "first" in last.describe()


def test_bad_worker_options_are_clear_errors(tmp_path, capsys):
    from marsad.cli import main

    for args, message in ((["--workers", "0"], "--workers must be at least 1"),
                          (["--workers", "2", "--shard-size", "0"], "--shard-size must be at least 1"),
                          (["--stages", "dates", "--workers", "2"], "requires")):
        assert main(["ingest", str(DIR), "--db", str(tmp_path / "a.db"), *args]) == 2
        err = capsys.readouterr().err
        assert message in err and "Traceback" not in err


def test_resume_after_kill_minus_9_with_workers(tmp_path):
    corpus = tmp_path / "corpus.jsonl"
    _make_corpus(corpus, 150)
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    cmd = [sys.executable, "-m", "marsad", "ingest", str(corpus), "--quiet", "--stages", "clean,segment",
           "--workers", "2", "--shard-size", "5"]
    db = tmp_path / "killed.db"
    _kill_once_stored([*cmd, "--db", str(db)], env, db, at_least=15, seconds=120)
    assert 0 < len(_articles(db)) < 150
    assert list(tmp_path.glob(".killed.db.ingest-*"))  # the killed run's shard files are left behind
    rerun = subprocess.run([*cmd, "--db", str(db), "--json"], env=env, capture_output=True, text=True, timeout=180)
    assert rerun.returncode == 0, rerun.stderr
    summary = json.loads(rerun.stdout)
    assert summary["unchanged"] >= 15 and summary["unchanged"] + summary["stored"] == 150
    assert not list(tmp_path.glob(".killed.db.ingest-*"))  # removed by the next run
    with Store.open(tmp_path / "clean.db") as s:  # the same ingest, never interrupted, in this process
        ingest([str(corpus)], s, pipeline=build_pipeline(Options(stages=["clean", "segment"])))
    assert _articles(db) == _articles(tmp_path / "clean.db")

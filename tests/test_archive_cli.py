"""The archive commands end to end through marsad.cli.main, on a real SQLite file."""

from __future__ import annotations

import json

import pytest
from test_store import make_doc
from testdata import FIXTURES

from marsad.cli import main
from marsad.cli.archive import display_width
from marsad.store import Store

DIR = FIXTURES / "ingest"


@pytest.fixture
def db(tmp_path):
    path = tmp_path / "archive.db"
    with Store.open(path) as s:
        s.add_document(make_doc())  # hand-made entities, quotes and events
    return str(path)


def run(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_ingest_json_summary_and_quiet(capsys, db):
    code, out, err = run(capsys, "ingest", str(DIR / "ministers-meeting.txt"), str(DIR / "not-arabic.txt"),
                         "--db", db, "--json")
    summary = json.loads(out)
    assert code == 0 and summary["read"] == 2 and summary["stored"] == 1
    assert summary["rejected_by_reason"] == {"not-arabic": 1} and summary["archive"]["articles"] == 2
    code, out, err = run(capsys, "ingest", str(DIR / "ministers-meeting.txt"), "--db", db, "--quiet",
                         "--stages", "clean,segment")
    assert code == 0 and out == "" and "unchanged" not in err
    code, out, err = run(capsys, "ingest", str(DIR / "water-summit.txt"), "--db", db, "--stages", "clean,segment")
    assert code == 0 and "stored 1" in err and "archive" in err


def test_ingest_all_rejected_exits_non_zero(capsys, tmp_path):
    code, _out, err = run(capsys, "ingest", str(DIR / "empty.txt"), "--db", str(tmp_path / "x.db"),
                          "--stages", "clean,segment")
    assert code == 1 and "empty" in err


def test_quotes_by_how_the_speaker_was_found(capsys, db):
    code, out, _ = run(capsys, "quotes", "--via", "stated", "--db", db, "--json")  # make_doc's quote: "subject"
    assert code == 0 and [q["speaker_via"] for q in json.loads(out)] == ["subject"]
    code, out, _ = run(capsys, "quotes", "--via", "inferred,unnamed", "--db", db, "--json")
    assert code == 0 and json.loads(out) == []
    code, out, _ = run(capsys, "quotes", "--db", db)
    assert "via" in out.splitlines()[0] and "subject" in out
    code, _out, err = run(capsys, "quotes", "--via", "guessed", "--db", db)
    assert code == 2 and "via: unknown speaker_via 'guessed'" in err and "Traceback" not in err


def test_search_table_and_json(capsys, db):
    code, out, _ = run(capsys, "search", "الاردني", "--db", db)
    assert code == 0 and "[الأردنيّ]" in out and "https://news.example.org/a1" in out
    code, out, _ = run(capsys, "search", '"الحل السياسي"', "--db", db, "--json")
    hits = json.loads(out)
    assert hits[0]["matches"][0]["text"] == "الحل السياسي"
    code, _out, err = run(capsys, "search", '"بلا إغلاق', "--db", db)
    assert code == 2 and "unbalanced" in err and "Traceback" not in err


def test_events_quotes_actors_show_json_and_tables(capsys, db):
    code, out, _ = run(capsys, "events", "--actor", "الصفدي", "--type", "CONSULT", "--db", db, "--json")
    events = json.loads(out)
    assert code == 0 and {e["event"] for e in events} == {"ev1", "ev2"}
    code, out, _ = run(capsys, "events", "--status", "happened", "--db", db)
    assert "042" in out and "أيمن الصفدي ← سامح شكري" in out and "ev2" not in out
    code, out, _ = run(capsys, "events", "--status", "planned", "--db", db)  # ev2 is known from Safadi's quote
    assert code == 0 and "reported by" in out and out.splitlines()[-1].rstrip().endswith("أيمن الصفدي")
    code, out, _ = run(capsys, "quotes", "--speaker", "الصفدي", "--contains", "السياسى", "--db", db)
    assert code == 0 and "نحن متفقون" in out
    code, out, _ = run(capsys, "actors", "--top", "2", "--db", db, "--json")
    assert len(json.loads(out)) == 2
    code, out, _ = run(capsys, "actors", "--db", db)
    assert out.splitlines()[0].startswith("articles") and "Ayman Safadi" in out
    article_id = json.loads(run(capsys, "search", "عمان", "--db", db, "--json")[1])[0]["id"]
    code, out, _ = run(capsys, "show", article_id[:8], "--db", db)
    assert code == 0 and article_id in out and "CONSULT/host" in out
    code, out, _ = run(capsys, "show", article_id, "--db", db, "--json")
    assert json.loads(out)["record"]["quotes"][0]["id"] == "q1"
    code, _out, err = run(capsys, "show", "ffffffff", "--db", db)
    assert code == 2 and "no article" in err


def test_export_to_files(capsys, db, tmp_path):
    out_file = tmp_path / "events.jsonl"
    code, _out, err = run(capsys, "export", "--what", "events", "--format", "jsonl", "--out", str(out_file),
                          "--db", db)
    assert code == 0 and "wrote 2 events" in err
    rows = [json.loads(line) for line in out_file.read_text(encoding="utf-8").splitlines()]
    assert {r["cameo"] for r in rows} == {"042", "036"}
    code, out, _ = run(capsys, "export", "--what", "quotes", "--format", "csv", "--db", db)
    assert out.splitlines()[0].startswith("article_id,quote,") and len(out.splitlines()) == 2
    code, _out, err = run(capsys, "export", "--what", "events", "--format", "parquet", "--db", db)
    assert code == 2 and "--out" in err


def test_missing_archive_and_bad_dates(capsys, tmp_path, db):
    code, _out, err = run(capsys, "events", "--db", str(tmp_path / "none.db"))
    assert code == 2 and "no archive" in err
    code, _out, err = run(capsys, "events", "--since", "yesterday", "--db", db)
    assert code == 2 and "since: must be YYYY" in err


def test_display_width_ignores_diacritics():
    assert display_width("وَزِيرُ") == display_width("وزير") == 4

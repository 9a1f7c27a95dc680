"""`marsad batch` and `marsad load` from the command line (team-written inputs, cheap stages)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from marsad.cli import main
from marsad.store import Store

FIXTURES = Path(__file__).resolve().parent / "fixtures"
JSONL = str(FIXTURES / "run" / "articles.jsonl")
CHEAP = ["--stages", "clean,segment,dates"]


def batch(capsys, *args: str) -> tuple[int, dict]:
    rc = main(["batch", *args, "--json"])
    out = capsys.readouterr().out
    return rc, json.loads(out) if out.strip().startswith("{") else {}


def test_batch_then_load_then_load_again(tmp_path, capsys):
    out = tmp_path / "out"
    rc, report = batch(capsys, JSONL, "--out", str(out), "--preset", "saudinewsnet", "--shard-size", "4", *CHEAP)
    assert rc == 0
    assert report["executor"] == "inprocess" and report["shards"] == 3
    assert (report["read"], report["written"]) == (9, 6)
    assert report["dropped"] == {"bad-json": 1, "no-text-field": 1, "not-arabic": 1}

    db = tmp_path / "archive.db"
    assert main(["load", str(out), "--db", str(db), "--json"]) == 0
    loaded = json.loads(capsys.readouterr().out)
    assert loaded["stored"] == 6 and loaded["rejected"] == 3 and loaded["unfinished_shards"] == []
    with Store.open(db, readonly=True) as store:
        stats = store.stats()
        assert stats["articles"] == 6 and stats["rejects"] == 3
        assert stats["rejects_by_reason"] == {"bad-json": 1, "no-text-field": 1, "not-arabic": 1}
        hits = store.search("الجبير")
        assert [h["url"] for h in hits] == ["https://example.org/news/r1"]
        assert hits[0]["published"] == "2015-08-02"

    # loading the same outputs again changes nothing
    assert main(["load", str(out), "--db", str(db), "--json"]) == 0
    again = json.loads(capsys.readouterr().out)
    assert again["stored"] == 0 and again["unchanged"] == 9


def test_rerun_skips_finished_shards_and_load_reports_unfinished(tmp_path, capsys):
    out = tmp_path / "out"
    args = [JSONL, "--out", str(out), "--preset", "saudinewsnet", "--shard-size", "3", *CHEAP]
    assert batch(capsys, *args)[0] == 0
    (out / "done" / "00002").unlink()  # as if the run had stopped before the last shard finished

    db = tmp_path / "a.db"
    assert main(["load", str(out), "--db", str(db)]) == 1
    text = capsys.readouterr().out
    assert "not loaded: 1 unfinished shard(s) (00002)" in text

    rc, report = batch(capsys, *args)
    assert rc == 0 and report["processed"] == ["00002"] and report["skipped"] == ["00000", "00001"]
    assert main(["load", str(out), "--db", str(db), "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["unfinished_shards"] == []


def test_batch_with_the_pool_and_parquet(tmp_path, capsys):
    out = tmp_path / "out"
    rc, report = batch(capsys, JSONL, "--out", str(out), "--preset", "saudinewsnet", "--shard-size", "5",
                       "--workers", "2", "--format", "parquet", *CHEAP)
    assert rc == 0 and report["executor"] == "pool" and report["written"] == 6
    assert sorted(p.name for p in (out / "shards").iterdir()) == ["00000.parquet", "00001.parquet"]


@pytest.mark.parametrize("args, message", [
    (["--shard-size", "0"], "--shard-size must be at least 1"),
    (["--preset", "nosuch"], "unknown preset 'nosuch'"),
    (["--executor", "pool", "--dask-local", "2"], "need --executor dask"),
    (["--published", "2015-02-30"], "not a real date"),
    (["--stages", "dates"], "requires"),
    (["--retries", "-1"], "--retries must be 0 or more"),
])
def test_bad_options_are_clear_errors(tmp_path, capsys, args, message):
    assert main(["batch", JSONL, "--out", str(tmp_path / "o"), *args]) == 2
    err = capsys.readouterr().err
    assert message in err and "Traceback" not in err


def test_missing_inputs_and_bad_directories(tmp_path, capsys):
    rc, report = batch(capsys, str(tmp_path / "nothing-here.txt"), "--out", str(tmp_path / "o"), *CHEAP)
    assert rc == 0 and report["read"] == 1 and report["dropped"] == {"missing": 1}
    assert main(["load", str(tmp_path), "--db", str(tmp_path / "a.db")]) == 2
    assert "not a batch output directory" in capsys.readouterr().err

"""The Datasette metadata shipped with marsad (src/marsad/data/datasette/metadata.json, docs/datasette.md):
every table and column it describes is in a real archive's schema, and each canned query runs on an
archive marsad wrote (Python's sqlite3, and the sqlite3 program when installed) and answers what it says.
Datasette itself is optional and not needed here."""

from __future__ import annotations

import json
import shutil
import subprocess
from importlib import resources
from pathlib import Path

import pytest
from test_web import _doc, _span, hand_docs
from test_web_analyst import _pair_doc

from marsad.model import Entity, Event, Quote
from marsad.store import Store

METADATA = json.loads((resources.files("marsad.data") / "datasette" / "metadata.json").read_text(encoding="utf-8"))
DB = METADATA["databases"]["marsad"]


def _unnamed_doc():
    """An unnamed source announcing a visit planned for a full date."""
    text = "الوزير سيزور بغداد منتصف الشهر"
    d = _doc("مصدر: الصفدي يزور بغداد منتصف حزيران",
             [f'وقال مصدر دبلوماسي إن "{text}" لبحث ملف الحدود مع أيمن الصفدي.'],
             "2019-06-03", "https://news.example.org/visit", "outlet-a")
    b = d.body
    d.entities = [Entity("e1", "PER", "أيمن الصفدي", "Ayman Safadi", actor="jo.safadi",
                         mentions=[_span(b, "أيمن الصفدي")]),
                  Entity("e2", "LOC", "بغداد", "Baghdad", actor="loc.baghdad", mentions=[_span(b, "بغداد")])]
    q = _span(b, text)
    d.quotes = [Quote("q1", None, "مصدر دبلوماسي", text, "direct", "قال", q.start, q.end, speaker_via="unnamed")]
    d.events = [Event("ev1", "CONSULT", "visit", "042", source=["e1"], target=[], date="2019-06-15", place="e2",
                      place_name="بغداد", status="planned", trigger=_span(b, "سيزور"))]
    return d


@pytest.fixture(scope="module")
def db(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("datasette") / "marsad.db"
    with Store.open(path) as store:
        for d in [*hand_docs(), _pair_doc(), _unnamed_doc()]:
            store.add_document(d)
    return path


def _run(db: Path, name: str, **params: str) -> list[tuple]:
    import sqlite3

    conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    try:
        return conn.execute(DB["queries"][name]["sql"], params).fetchall()
    finally:
        conn.close()


def test_described_tables_and_columns_are_the_archives(db):
    import sqlite3

    conn = sqlite3.connect(db)
    for table, spec in DB["tables"].items():
        columns = {r[1] for r in conn.execute(f"PRAGMA table_info({table})")}
        assert columns, f"{table} is not a table of the archive"
        assert set(spec.get("columns", {})) <= columns, table
        assert set(spec.get("sortable_columns", [])) <= columns, table
        assert spec.get("label_column", "id") in columns | {"id"}
    assert {"title", "description", "sql"} <= {k for q in DB["queries"].values() for k in q}


def test_an_actors_meetings_by_month(db):
    rows = _run(db, "actor_meetings_by_month", actor="jo.safadi")
    assert [(m, n, planned) for m, n, planned, _who in rows] == [
        ("2019-03", 1, 0), ("2019-05", 1, 1), ("2019-06", 2, 1), ("2020-01", 1, 0)]  # June: a call, a planned visit
    assert "سامح شكري" in rows[0][3]


def test_top_unnamed_sources(db):
    assert _run(db, "top_unnamed_sources") == [("مصدر دبلوماسي", 1, 1, "2019-06-03", "2019-06-03")]


def test_planned_events_of_the_next_week(db):
    rows = _run(db, "planned_next_week", since="2019-06-10")
    assert [(r[0], r[1], r[2], r[3]) for r in rows] == [("2019-06-15", "CONSULT", "visit", "بغداد")]
    assert _run(db, "planned_next_week", since="2019-06-16") == []
    assert isinstance(_run(db, "planned_next_week", since=""), list)  # empty: from today


@pytest.mark.skipif(shutil.which("sqlite3") is None, reason="the sqlite3 program is not installed")
def test_the_canned_queries_run_in_the_sqlite3_program(db):
    for name, query in DB["queries"].items():
        params = {"actor": "jo.safadi", "since": "2019-06-10"}
        setup = "".join(f".parameter set :{k} \"'{v}'\"\n" for k, v in params.items() if f":{k}" in query["sql"])
        out = subprocess.run(["sqlite3", "-readonly", str(db)], input=f"{setup}{query['sql']};\n", text=True,
                             capture_output=True, check=True, timeout=30)
        assert out.stderr == "" and out.stdout.strip(), name

"""Who a person outside the KB is across the archive (issue 18): a weak name ("عبد الله", "محمد", "خالد بن
محمد") is one actor per article, a full name ("عبد الله المعلمي") one actor over every article naming it."""

from __future__ import annotations

import json

import pytest

from marsad.cli import main
from marsad.model import Document, Entity, Event, Published, Quote, Span
from marsad.store import Store, actor_key
from marsad.store import store as store_module
from marsad.store.actors import weak_person_name
from marsad.store.schema import MIGRATIONS


def _doc(body: str, person: str, n: int) -> Document:
    """An article naming `person` (outside the KB) who speaks and meets the Saudi minister."""
    start = body.index(person)
    q_start = body.index("«") + 1
    q_end = body.index("»")
    ent = Entity("e1", "PER", person, mentions=[Span(start, start + len(person), person)])
    jubeir = body.index("الجبير")
    minister = Entity("e2", "PER", "عادل الجبير", actor="sa.jubeir", mentions=[Span(jubeir, jubeir + 6, "الجبير")])
    doc = Document(source_name=f"hand-made#{n}", title=f"لقاء {n}", body=body,
                   paragraphs=[Span(0, len(body), body)], published=Published(f"2015-03-{10 + n}", "metadata", 0.9))
    doc.entities = [ent, minister]
    doc.quotes = [Quote("q1", "e1", person, body[q_start:q_end], "direct", "قال", q_start, q_end)]
    doc.events = [Event("ev1", "CONSULT", "meet", "036", source=["e1"], target=["e2"], date=f"2015-03-{10 + n}")]
    return doc


def _articles(person: str) -> list[Document]:
    return [
        _doc(f"التقى {person} وزير الخارجية الجبير في الرياض أمس، وقال: «بحثنا الأوضاع في اليمن».", person, 1),
        _doc(f"اجتمع الجبير مع {person} في جدة صباح اليوم، وقال بعد اللقاء: «الزيارة كانت مثمرة جدا».", person, 2),
    ]


def _person_actors(store: Store) -> dict[str, set[str]]:
    """actor id -> the articles whose entity e1 is that actor."""
    out: dict[str, set[str]] = {}
    for actor, article in store.conn.execute("SELECT actor_id, article_id FROM entities WHERE local_id = 'e1'"):
        out.setdefault(actor, set()).add(article)
    return out


@pytest.mark.parametrize("name", ["محمد", "المعلمي", "عبد الله", "عبدالله", "نور الدين", "خالد بن محمد", "بن علي"])
def test_weak_names(name):
    assert weak_person_name(" ".join(name.split()))


@pytest.mark.parametrize("name", ["عبد الله المعلمي", "جون كيري", "حسن نصر الله", "فيصل بن سلمان بن عبدالعزيز",
                                  "سامح شكري", "خالد محمد العطية"])
def test_full_names(name):
    assert not weak_person_name(name)


def test_actor_key_of_places_organisations_and_kb_people_has_no_article():
    assert actor_key("LOC", "جدة", None, "a1") == "LOC:جده"
    assert actor_key("ORG", "الخارجية", None, "a1") == "ORG:الخارجيه"
    assert actor_key("PER", "محمد", "sa.someone", "a1") == "sa.someone"
    assert actor_key("PER", "محمد", None, "a1") == "PER:محمد@a1"
    assert actor_key("PER", "محمد", None) == "PER:محمد"  # no article given: the name alone, as before


def test_a_bare_given_name_is_one_actor_per_article(tmp_path):
    with Store.open(tmp_path / "archive.db") as store:
        ids = store.add_documents(_articles("عبد الله"))
        actors = _person_actors(store)
        assert actors == {f"PER:عبد الله@{ids[0]}": {ids[0]}, f"PER:عبد الله@{ids[1]}": {ids[1]}}
        # the actor's rows (name, type), its quotes and its events follow the per-article key
        names = store.conn.execute("SELECT id, kb_id, type, name, name_norm FROM actors WHERE name_norm = 'عبد الله'"
                                   " ORDER BY id").fetchall()
        assert names == sorted((f"PER:عبد الله@{i}", None, "PER", "عبد الله", "عبد الله") for i in ids)
        speakers = store.conn.execute("SELECT article_id, speaker_actor FROM quotes").fetchall()
        assert sorted(speakers) == sorted((i, f"PER:عبد الله@{i}") for i in ids)
        parts = store.conn.execute("SELECT article_id, actor_id FROM event_participants WHERE role = 'source'")
        assert sorted(parts) == sorted((i, f"PER:عبد الله@{i}") for i in ids)
        # the KB person of both articles is still one actor
        assert {r[0] for r in store.conn.execute("SELECT actor_id FROM entities WHERE local_id = 'e2'")} == {"sa.jubeir"}
        # two people called عبد الله do not make one speaker's statements, nor a shared event of theirs
        assert store.conn.execute("SELECT count(DISTINCT speaker_actor) FROM merged_quotes").fetchone()[0] == 2


def test_a_full_name_is_one_actor_across_articles(tmp_path):
    with Store.open(tmp_path / "archive.db") as store:
        ids = store.add_documents(_articles("عبد الله المعلمي"))
        assert _person_actors(store) == {"PER:عبد الله المعلمي": set(ids)}
        assert store.actors(name="المعلمي")[0]["articles"] == 2


def test_actors_top_does_not_rank_a_bare_name_over_articles(tmp_path, capsys):
    db = tmp_path / "archive.db"
    with Store.open(db) as store:
        store.add_documents(_articles("عبد الله") + [_doc("قال عبد الله المعلمي بعد لقائه الجبير: «نحن ندعم الحل».",
                                                           "عبد الله المعلمي", 3)])
    assert main(["actors", "--top", "10", "--type", "PER", "--db", str(db), "--json"]) == 0
    rows = json.loads(capsys.readouterr().out)
    by_id = {r["id"]: r["articles"] for r in rows}
    assert by_id["sa.jubeir"] == 3 and by_id["PER:عبد الله المعلمي"] == 1
    assert "PER:عبد الله" not in by_id  # no actor of every bare عبد الله
    assert [n for i, n in by_id.items() if i.startswith("PER:عبد الله@")] == [1, 1]


def test_reanalysed_articles_get_the_per_article_keys(tmp_path):
    """An article re-analysed in place (marsad reanalyse) is written with today's keys."""
    docs = _articles("محمد")
    with Store.open(tmp_path / "archive.db") as store:
        ids = store.add_documents(docs)
        store.replace_analysis(ids[0], docs[0])
        assert _person_actors(store) == {f"PER:محمد@{ids[0]}": {ids[0]}, f"PER:محمد@{ids[1]}": {ids[1]}}


def test_migration_gives_archived_weak_names_their_per_article_keys(tmp_path, monkeypatch):
    """An archive written before 0011 (one PER:عبد الله over two articles, merged as one speaker) is re-keyed
    when opened for writing, and its merged quotes and events are merged again; full names are untouched."""
    path = tmp_path / "old.db"
    docs = _articles("عبد الله") + [_doc("قال عبد الله المعلمي بعد لقائه الجبير: «نحن ندعم الحل».", "عبد الله المعلمي", 3)]
    with monkeypatch.context() as m:
        m.setattr(store_module, "MIGRATIONS", MIGRATIONS[:-1])
        m.setattr(store_module, "actor_key", lambda type_, name, kb, article=None: actor_key(type_, name, kb))
        with Store.open(path) as old:
            ids = old.add_documents(docs)
            assert _person_actors(old) == {"PER:عبد الله": set(ids[:2]), "PER:عبد الله المعلمي": {ids[2]}}
            speakers_before = old.conn.execute("SELECT count(DISTINCT speaker_actor) FROM merged_quotes").fetchone()[0]
            assert speakers_before == 2  # عبد الله (both articles) and المعلمي
    with Store.open(path) as store:
        assert store.schema_version == len(MIGRATIONS)
        assert _person_actors(store) == {f"PER:عبد الله@{ids[0]}": {ids[0]}, f"PER:عبد الله@{ids[1]}": {ids[1]},
                                         "PER:عبد الله المعلمي": {ids[2]}}
        conn = store.conn
        assert conn.execute("SELECT count(*) FROM actors WHERE id = 'PER:عبد الله'").fetchone()[0] == 0
        assert sorted(conn.execute("SELECT article_id, speaker_actor FROM quotes WHERE article_id != ?", (ids[2],))) \
            == sorted((i, f"PER:عبد الله@{i}") for i in ids[:2])
        assert conn.execute("SELECT count(DISTINCT speaker_actor) FROM merged_quotes").fetchone()[0] == 3
        assert {r[0] for r in conn.execute("SELECT actor_id FROM merged_event_actors")} == {
            f"PER:عبد الله@{ids[0]}", f"PER:عبد الله@{ids[1]}", "PER:عبد الله المعلمي", "sa.jubeir"}
        assert conn.execute("PRAGMA foreign_key_check").fetchall() == []
        # the archive goes on as written now: a new article with a bare name gets its own actor
        new = store.add_document(_doc("قال عبد الله بعد لقاء الجبير في أبها: «أهلا بكم».", "عبد الله", 4))
        assert f"PER:عبد الله@{new}" in _person_actors(store)

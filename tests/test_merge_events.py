"""Cross-article events (marsad.merge, issue 21): the same meeting reported by several outlets is one merged
event with its reports; different meetings stay apart; a plan later reported as held is one event; the
user's split survives a rebuild and the re-ingest of an article. The articles are the team's own sentences,
run through the whole pipeline (NER, dates, events) and stored as an ingest stores them."""

from __future__ import annotations

import json

import pytest

from marsad.merge import update
from marsad.merge.events import Report, compatible, report_span
from marsad.model import Document, Published
from marsad.pipeline import Options, Pipeline
from marsad.store import Store

# One meeting (al-Jubeir and Lavrov in Riyadh on Wednesday 10 June 2015) told three ways by three outlets.
SAME_MEETING = [
    ("spa", "2015-06-10", "التقى وزير الخارجية عادل الجبير في الرياض اليوم الأربعاء نظيره الروسي سيرغي لافروف، "
                          "وبحث الجانبان العلاقات الثنائية والأزمة السورية."),
    ("okaz", "2015-06-11", "بحث وزير الخارجية الروسي سيرغي لافروف مع نظيره السعودي عادل الجبير أمس في الرياض "
                           "تطورات الأوضاع في اليمن وسوريا."),
    ("hayat", "2015-06-11", "عقد وزير الخارجية السعودي عادل الجبير ووزير الخارجية الروسي سيرغي لافروف اجتماعا في "
                            "الرياض يوم الأربعاء 10 يونيو تناول ملفات المنطقة."),
]
# The same two ministers in Riyadh again a week later: another meeting.
WEEK_LATER = ("spa", "2015-06-17", "التقى وزير الخارجية عادل الجبير نظيره الروسي سيرغي لافروف في الرياض اليوم "
                                   "الأربعاء لبحث الملف النووي الإيراني.")
# Announced ten days before it was held.
PLANNED = ("riyadh", "2015-06-01", "أعلنت وزارة الخارجية أن الوزير عادل الجبير سيلتقي نظيره الروسي سيرغي لافروف في "
                                   "الرياض الأسبوع المقبل.")


@pytest.fixture(scope="module")
def pipeline():
    return Pipeline.from_options(Options())


def _doc(pipeline, outlet: str, published: str, text: str) -> Document:
    doc = pipeline(Document(source_name=f"{outlet}-{published}", raw=text, outlet=outlet,
                            published=Published(published, "metadata", 1.0)))
    assert doc.events, text  # the pipeline finds the meeting (else the test would prove nothing)
    return doc


def _merged(store: Store) -> list[dict]:
    rows = store.conn.execute("SELECT id, status, date, n_reports, n_sources, n_outlets, disagreements"
                              " FROM merged_events ORDER BY id").fetchall()
    return [dict(zip(("id", "status", "date", "n_reports", "n_sources", "n_outlets", "disagreements"), r,
                     strict=True)) for r in rows]


def _consult(store: Store) -> list[dict]:
    return [m for m in _merged(store) if store.conn.execute(
        "SELECT type FROM merged_events WHERE id = ?", (m["id"],)).fetchone()[0] == "CONSULT"]


def test_one_meeting_from_three_outlets_is_one_event_with_three_reports(tmp_path, pipeline):
    with Store.open(tmp_path / "a.db") as store:
        for item in SAME_MEETING:
            store.add_document(_doc(pipeline, *item))
        meetings = _consult(store)
        assert len(meetings) == 1, meetings
        m = meetings[0]
        assert m["n_outlets"] == 3 and m["n_sources"] == 3 and m["date"] == "2015-06-10"
        reports = store.conn.execute("SELECT DISTINCT article_id FROM event_reports WHERE merged_id = ?",
                                     (m["id"],)).fetchall()
        assert len(reports) == 3
        actors = {a for (a,) in store.conn.execute("SELECT actor_id FROM merged_event_actors WHERE merged_id = ?",
                                                   (m["id"],))}
        assert actors == {"sa.jubeir_adel", "ru.lavrov_sergey"}
        # Confidence grows with independent reports.
        conf = store.conn.execute("SELECT confidence FROM merged_events WHERE id = ?", (m["id"],)).fetchone()[0]
        single = max(c for (c,) in store.conn.execute("SELECT confidence FROM events WHERE type = 'CONSULT'"))
        assert conf > single


def test_two_meetings_of_the_same_ministers_a_week_apart_are_two_events(tmp_path, pipeline):
    with Store.open(tmp_path / "a.db") as store:
        store.add_document(_doc(pipeline, *SAME_MEETING[0]))
        store.add_document(_doc(pipeline, *WEEK_LATER))
        assert [m["n_reports"] for m in _consult(store)] == [1, 1]


def test_planned_then_held_is_one_event_that_happened_with_both_reports(tmp_path, pipeline):
    with Store.open(tmp_path / "a.db") as store:
        store.add_document(_doc(pipeline, *PLANNED))
        assert [m["status"] for m in _consult(store)] == ["planned"]
        store.add_document(_doc(pipeline, *SAME_MEETING[0]))
        meetings = _consult(store)
        assert len(meetings) == 1
        m = meetings[0]
        assert m["status"] == "happened" and m["date"] == "2015-06-10" and m["n_reports"] == 2
        statuses = sorted(s for (s,) in store.conn.execute("SELECT status FROM event_reports WHERE merged_id = ?",
                                                            (m["id"],)))
        assert statuses == ["happened", "planned"]
        assert json.loads(m["disagreements"])["status"] == {"happened": 1, "planned": 1}


def test_a_user_split_survives_a_rebuild_and_the_reingest_of_an_article(tmp_path, pipeline):
    docs = [_doc(pipeline, *item) for item in SAME_MEETING]
    path = tmp_path / "a.db"
    with Store.open(path) as store:
        ids = [store.add_document(d) for d in docs]
        (merged,) = _consult(store)
        with store.transaction() as conn:
            update.split_event(conn, merged["id"])
        assert sorted(m["n_reports"] for m in _consult(store)) == [1, 1, 1]
        with store.transaction() as conn:
            update.rebuild(conn)
        assert sorted(m["n_reports"] for m in _consult(store)) == [1, 1, 1]
        # Re-ingest the second article: its rows go and come back, the decision stays.
        with store.transaction() as conn:
            conn.execute("DELETE FROM articles WHERE id = ?", (ids[1],))
        store.add_document(docs[1])
        assert sorted(m["n_reports"] for m in _consult(store)) == [1, 1, 1]
        decisions = store.conn.execute("SELECT kind, action FROM merge_decisions").fetchall()
        assert decisions == [("event", "split")]
        # A user merge puts them back together.
        with store.transaction() as conn:
            update.merge_events(conn, [m["id"] for m in _consult(store)])
        assert [m["n_reports"] for m in _consult(store)] == [3]


def test_an_existing_archive_is_merged_when_it_gets_the_migration(tmp_path, pipeline):
    path = tmp_path / "a.db"
    with Store.open(path) as store:
        for item in SAME_MEETING:
            store.add_document(_doc(pipeline, *item))
        conn = store.conn
        for table in ("merged_events", "event_reports", "merged_event_actors", "merged_event_keys", "merged_quotes",
                      "quote_reports", "stories", "story_articles", "story_keys", "merge_pins", "merge_decisions"):
            conn.execute(f"DROP TABLE {table}")
        conn.execute("DELETE FROM schema_migrations WHERE name = '0007_cross_article_merge'")
    with Store.open(path) as store:
        assert [m["n_reports"] for m in _consult(store)] == [3]
        (n,) = store.conn.execute("SELECT count(*) FROM stories WHERE n_articles = 3").fetchone()
        assert n == 1  # the three articles are one story


def _report(**kw) -> Report:
    base = dict(article_id="a", event_id="ev1", num=1, type="CONSULT", mode="meet", status="happened",
                date="2015-06-10", date_end=None, published="2015-06-10", outlet="x", place_actor=None,
                place_name=None, confidence=0.8, sources=frozenset({"A"}), targets=frozenset({"B"}), names={},
                minhash=None)
    return Report(**{**base, **kw})


@pytest.mark.parametrize(("change", "same"), [
    ({}, True),
    ({"date": "2015-06-11"}, True),  # "yesterday" resolved across midnight
    ({"date": "2015-06-13"}, False),
    ({"date": None, "published": "2015-06-11"}, True),  # undated, published the next day
    ({"date": None, "published": "2015-06-16"}, False),
    ({"mode": "visit"}, True),  # A met B in B's capital = A visited B
    ({"mode": "phone"}, False),
    ({"type": "AGREE"}, False),
    ({"sources": frozenset({"A"}), "targets": frozenset({"B", "C"})}, True),  # a subset of the actors
    ({"sources": frozenset({"A"}), "targets": frozenset({"C"})}, False),
    ({"sources": frozenset({"A"}), "targets": frozenset()}, False),  # one actor only: too little to tell
    ({"place_actor": "loc.ru.moscow"}, True),  # only one of them gives a place
    ({"status": "hypothetical"}, False),
    ({"date": "2006"}, False),  # a year other than its publication's: not this week's event
])
def test_compatible(change, same):
    a = _report(place_actor=None)
    b = _report(article_id="b", num=2, **change)
    assert compatible(a, b) is same
    assert compatible(b, a) is same


def test_two_places_conflict_and_sides_matter_for_an_accusation():
    assert not compatible(_report(place_actor="loc.sa.riyadh"), _report(article_id="b", place_actor="loc.ru.moscow"))
    # "In Moscow" and "in Russia": one inside the other.
    assert compatible(_report(place_actor="loc.ru"), _report(article_id="b", place_actor="loc.ru.moscow"))
    assert not compatible(_report(place_actor="loc.ru"), _report(article_id="b", place_actor="loc.ruX"))
    accuse = _report(type="ACCUSE", mode=None)
    assert not compatible(accuse, _report(type="ACCUSE", mode=None, sources=frozenset({"B"}),
                                          targets=frozenset({"A"})))


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


def test_strikes_on_consecutive_days_and_a_city_named_as_participant_do_not_merge():
    words = _words("شنت مقاتلات التحالف غارات على مواقع الحوثيين في صعدة ودمرت مخازن أسلحة")
    strike = dict(type="ASSAULT", mode=None, sources=frozenset({"int.coalition"}), targets=frozenset({"ye.houthis"}),
                  words=words)
    assert compatible(_report(**strike), _report(article_id="b", **strike))
    assert not compatible(_report(**strike), _report(article_id="b", date="2015-06-11", **strike))
    # The same sides, the same day, told otherwise: strikes recur, another raid.
    other = {**strike, "words": _words("قصفت طائرات التحالف تجمعات للمتمردين قرب مأرب وقتلت العشرات منهم")}
    assert not compatible(_report(**strike), _report(article_id="b", **other))
    # "The governor of Jeddah met …" twice the same day: the governor and the city are not two participants.
    gov = dict(sources=frozenset({"PER:مشعل بن ماجد"}), targets=frozenset({"loc.sa.jeddah"}))
    assert not compatible(_report(**gov), _report(article_id="b", **gov))


def test_an_undated_report_of_unknown_participants_needs_the_same_words():
    people = dict(sources=frozenset({"sa.minister"}), targets=frozenset({"PER:مدير الفرع"}))
    dated = _report(**people, words=_words("التقى الوزير مدير الفرع وبحث معه الخطط"))
    undated = dict(article_id="b", date=None, published="2015-06-11", **people)
    assert not compatible(dated, _report(**undated, words=_words("اجتمع الوزير بمدير الفرع في مكتبه لمناقشة الميزانية")))
    assert compatible(dated, _report(**undated, words=_words("التقى الوزير مدير الفرع وبحث معه الخطط")))


def test_one_known_participant_merges_on_a_visit_or_the_same_words():
    host = dict(mode="host", sources=frozenset({"sa.governor"}), targets=frozenset(), place_actor="loc.sa.abha")
    said = _words("استقبل أمير المنطقة في مكتبه بالإمارة أمس مدير الأمن العام وبحث معه خطط العيد")
    assert compatible(_report(**host, words=said), _report(article_id="b", **host, words=said))
    # The same governor receiving someone else that day (whom the KB does not know): another meeting.
    other = _words("استقبل أمير المنطقة في مكتبه أمس أمين المنطقة واطلع على مشاريع البلدية الجديدة")
    assert not compatible(_report(**host, words=said), _report(article_id="b", **host, words=other))
    visit = {**host, "mode": "visit"}
    assert compatible(_report(**visit, words=said), _report(article_id="b", **visit, words=other))


def test_a_planned_report_spans_the_two_weeks_after_its_publication():
    assert report_span(None, "2015-06-01", "planned") == (735751, 735764)  # 2 to 15 June
    assert report_span("2015-06", "2015-06-20", "happened") == (735750, 735779)

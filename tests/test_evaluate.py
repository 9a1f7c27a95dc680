"""`marsad eval`: scores on the team's gold fixtures, clear errors for bad gold files."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from marsad.cli import main
from marsad.errors import InputError, PipelineError
from marsad.evaluate import Report, build_document, evaluate, load_gold, score_events, score_quotes
from marsad.pipeline import DEFAULT_STAGES, available_stages

GOLD = Path(__file__).resolve().parent / "fixtures" / "qe" / "gold.jsonl"


def _run(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_eval_quotes_on_the_fixtures(capsys):
    code, out, _ = _run(capsys, "eval", "quotes", str(GOLD))
    assert code == 0
    assert "quotes: 6 documents" in out
    assert "speaker accuracy       17/17 = 1.000" in out


def test_eval_events_json(capsys):
    code, out, _ = _run(capsys, "eval", "events", str(GOLD), "--format", "json")
    assert code == 0
    report = json.loads(out)
    assert report["documents"] == 6
    for name in ("type", "matched", "strict"):
        assert report["scores"][name]["gold"] == 21  # "أنقرة لن ترسل قوات" is a denied deployment (lexconf)
        assert report["scores"][name]["f1"] == 1.0
    for name in ("date", "status", "place"):
        assert report["accuracy"][name]["accuracy"] == 1.0


def test_a_wrong_gold_speaker_lowers_speaker_accuracy():
    record = load_gold(GOLD)[0]
    record["quotes"][1]["speaker"] = "saied"
    report = Report("quotes")
    score_quotes(build_document(record), record, report)
    correct, total = report.accuracy["speaker"]
    assert (correct, total) == (3, 4)
    assert any("gold قيس سعيد" in e for e in report.errors)


def test_gold_names_instead_of_ids_match_entities_by_name_or_mention():
    record = load_gold(GOLD)[0]
    record["quotes"] = [dict(q, speaker="عطاف") for q in record["quotes"]]
    report = Report("quotes")
    score_quotes(build_document(record), record, report)
    assert report.accuracy["speaker"] == [4, 4]


def test_a_missed_and_an_extra_event_count_against_recall_and_precision():
    record = load_gold(GOLD)[1]
    record["events"] = record["events"][:1] + [{"type": "AGREE", "participants": ["mod"]}]
    report = Report("events")
    score_events(build_document(record), record, report)
    s = report.scores["type"]
    assert (s.tp, s.pred, s.gold) == (1, 4, 2)  # the pipeline finds 4: denial, meeting, deployment, protest


def test_a_record_without_entities_runs_the_recognisers(tmp_path):
    gold = tmp_path / "g.jsonl"
    gold.write_text(json.dumps({"text": "قال سامح شكري إن الحل سياسي.", "quotes": []}, ensure_ascii=False) + "\n",
                    encoding="utf-8")
    if "entities" not in available_stages():
        with pytest.raises(PipelineError, match="entities"):
            evaluate("quotes", load_gold(gold))
        return
    report = evaluate("quotes", load_gold(gold))
    assert report.documents == 1 and report.scores["quotes"].pred == 1


def test_a_path_record_runs_the_whole_pipeline(tmp_path):
    missing = [n for n in DEFAULT_STAGES if n not in available_stages()]
    if missing:
        pytest.skip(f"stages {missing} are not available yet")
    (tmp_path / "page.txt").write_text("قال وزير الخارجية المصري سامح شكري إن الحل سياسي.\n", encoding="utf-8")
    gold = tmp_path / "g.jsonl"
    record = {"path": "page.txt", "published": "2024-01-07",
              "quotes": [{"speaker": "شكري", "text": "الحل سياسي", "kind": "indirect"}]}
    gold.write_text(json.dumps(record, ensure_ascii=False) + "\n", encoding="utf-8")
    report = evaluate("quotes", load_gold(gold))
    assert report.scores["quotes"].tp == 1


@pytest.mark.parametrize("content, message", [
    ("{not json\n", "not JSON"),
    ('{"quotes": []}\n', "needs 'text' or 'path'"),
    ("\n\n", "no records"),
    ('{"text": "نص", "entities": [{"type": "PER"}]}\n', "entities[1] needs 'name'"),
    ('{"text": "نص", "events": [{"mode": "meet"}]}\n', "events[1] needs 'type'"),
    ('{"text": "نص", "quotes": "x"}\n', "'quotes' must be a list"),
])
def test_bad_gold_files_are_clear_errors(tmp_path, capsys, content, message):
    gold = tmp_path / "bad.jsonl"
    gold.write_text(content, encoding="utf-8")
    with pytest.raises(InputError, match=re.escape(message)):
        load_gold(gold)
    code, _, err = _run(capsys, "eval", "events", str(gold))
    assert code == 2 and message in err and "Traceback" not in err


def test_missing_gold_file(capsys):
    code, _, err = _run(capsys, "eval", "quotes", "/nonexistent/gold.jsonl")
    assert code == 2 and "no such gold file" in err


# ---------------------------------------------------------------- the end-to-end scorer (eval all)

ARTICLE = ("التقى وزير الخارجية الأردني أيمن الصفدي أمس الثلاثاء في عمان نظيره المصري سامح شكري.\n"
           "وقال الصفدي إن البلدين يعملان معا من أجل التهدئة في المنطقة.\n"
           "وقال مصدر دبلوماسي إن الزيارة المقبلة ستكون في يوليو.")
ENTITIES = [
    {"id": "safadi", "type": "PER", "name": "أيمن الصفدي", "name_en": "Ayman Safadi",
     "surfaces": ["أيمن الصفدي", "الصفدي"]},
    {"id": "shoukry", "type": "PER", "name": "سامح شكري", "name_en": "Sameh Shoukry", "surfaces": ["سامح شكري"]},
    {"id": "amman", "type": "LOC", "name": "عمان", "surfaces": ["عمان"]},
]


def _record(**over) -> dict:
    rec = {"id": "t1", "text": ARTICLE, "published": "2024-05-15", "entities": ENTITIES,
           "dates": [{"text": "أمس الثلاثاء", "value": "2024-05-14"}, {"text": "يوليو", "value": "2024-07"}],
           "quotes": [{"speaker": "safadi", "text": "البلدين يعملان معا من أجل التهدئة في المنطقة"},
                      {"speaker": None, "speaker_name": "مصدر دبلوماسي",
                       "text": "الزيارة المقبلة ستكون في يوليو"}],
           "events": [{"type": "CONSULT", "mode": "meet", "participants": ["safadi", "shoukry"],
                       "date": "2024-05-14", "status": "happened", "place": "amman"}]}
    rec.update(over)
    return rec


def _doc_with(entities: list[tuple[str, str, list[str]]], events=(), quotes=()):
    """A document of ARTICLE with hand-made entities (id, type, surfaces), events and quotes."""
    from marsad.model import Document, Entity, Span

    doc = Document(body=ARTICLE)
    for eid, etype, surfaces in entities:
        ent = Entity(id=eid, type=etype, name=surfaces[0])
        for surface in surfaces:
            i = ARTICLE.index(surface)
            ent.mentions.append(Span(i, i + len(surface), surface))
        doc.entities.append(ent)
    doc.events = list(events)
    doc.quotes = list(quotes)
    return doc


def test_a_phantom_person_lowers_person_precision_and_not_recall():
    from marsad.evaluate import score_entities

    good = [("e1", "PER", ["أيمن الصفدي"]), ("e2", "PER", ["سامح شكري"]), ("e3", "LOC", ["عمان"])]
    report = Report("entities")
    score_entities(_doc_with(good), _record(), report)
    before = report.scores["exact PER"]
    assert (before.precision, before.tp) == (1.0, 2)
    report = Report("entities")
    score_entities(_doc_with([*good, ("e4", "PER", ["وزير الخارجية الأردني"])]), _record(), report)
    after = report.scores["exact PER"]
    assert after.precision == 2 / 3 and after.recall == before.recall
    assert any("phantom PER mention: وزير الخارجية الأردني" in e for e in report.errors)


def test_a_name_cut_in_half_is_found_by_overlap_but_not_exactly():
    from marsad.evaluate import score_entities

    report = Report("entities")  # "أيمن" and "الصفدي" as two pieces of the first "أيمن الصفدي"
    score_entities(_doc_with([("e1", "PER", ["الصفدي", "أيمن"])]), _record(), report)
    overlap, exact = report.scores["overlap PER"], report.scores["exact PER"]
    assert (overlap.tp, overlap.tp_gold) == (2, 1)  # both pieces lie on the one gold name
    assert (exact.tp, exact.tp_gold) == (0, 0)


def test_dates_compare_meanings_not_forms():
    from marsad.evaluate import _as_days

    assert _as_days("2024-07") == _as_days(interval=["2024-07-01", "2024-07-31"])
    assert _as_days("2024") == _as_days(interval=["2024-01-01", "2024-12-31"])
    assert _as_days(values=["2024-07-02", "2024-07-01"]) == _as_days(values=["2024-07-01", "2024-07-02"])
    assert _as_days("2024-07-01") != _as_days("2024-07")


def test_unnamed_sources_are_right_by_their_head_word():
    from marsad.evaluate import _unnamed_right
    from marsad.model import Quote

    gold = {"speaker": None, "speaker_name": "مصدر دبلوماسي"}
    q = Quote(id="q1", speaker=None, speaker_name="ومصدر دبلوماسي رفيع", text="x", kind="indirect", cue="قال",
              start=0, end=1)
    assert _unnamed_right(q, gold)
    assert not _unnamed_right(Quote(**{**q.__dict__, "speaker_name": "مسؤول أمريكي"}), gold)
    assert not _unnamed_right(Quote(**{**q.__dict__, "speaker": "e1"}), gold)
    # a demonstrative is no head word: "هذا المسؤول" is an official, not anyone called "this"
    official = {"speaker": None, "speaker_name": "هذا المسؤول"}
    assert _unnamed_right(Quote(**{**q.__dict__, "speaker_name": "مسؤول في الوزارة"}), official)
    assert not _unnamed_right(Quote(**{**q.__dict__, "speaker_name": "هذا المصدر"}), official)


def test_events_matched_needs_a_gold_participant_and_strict_needs_all():
    from marsad.evaluate import score_events
    from marsad.model import Event

    ents = [("e1", "PER", ["أيمن الصفدي"]), ("e2", "PER", ["سامح شكري"]), ("e3", "LOC", ["عمان"])]
    cases = [(["e1", "e2"], (1, 1)),  # both: matched and strict
             (["e1"], (1, 0)),  # one of two found, none wrong: matched
             (["e1", "e3"], (1, 0)),  # one wrong of two: still matched (at most half wrong)
             (["e3"], (0, 0))]  # only a wrong one: the type is right, the event is not
    for participants, (matched, strict) in cases:
        ev = Event(id="v1", type="CONSULT", mode="meet", cameo="040", source=participants, date="2024-05-14")
        report = Report("events")
        score_events(_doc_with(ents, events=[ev]), _record(), report)
        assert report.scores["type"].tp == 1
        assert (report.scores["matched"].tp, report.scores["strict"].tp) == (matched, strict), participants


def test_halves_split_the_file_by_position(tmp_path):
    gold = tmp_path / "g.jsonl"
    gold.write_text("".join(json.dumps({"id": f"r{i}", "text": "نص"}) + "\n" for i in range(5)), encoding="utf-8")
    assert [r["id"] for r in load_gold(gold, "work")] == ["r0", "r2", "r4"]
    assert [r["id"] for r in load_gold(gold, "held")] == ["r1", "r3"]


def test_eval_all_with_the_pipeline_prints_every_layer(tmp_path, capsys):
    missing = [n for n in DEFAULT_STAGES if n not in available_stages()]
    if missing:
        pytest.skip(f"stages {missing} are not available yet")
    gold = tmp_path / "g.jsonl"
    gold.write_text(json.dumps(_record(), ensure_ascii=False) + "\n", encoding="utf-8")
    code, out, _ = _run(capsys, "eval", "all", str(gold), "--pipeline", "--format", "json")
    assert code == 0
    report = json.loads(out)
    assert set(report) == {"entities", "dates", "published", "quotes", "events"}
    # The gold day is the metadata the dates are resolved against: "أمس الثلاثاء" is the 14th.
    assert report["dates"]["accuracy"]["exact"]["correct"] >= 1
    # The publication day from the text alone: nothing in this text gives the year.
    assert report["published"]["accuracy"]["published"]["total"] == 1
    assert report["quotes"]["scores"]["quotes"]["gold"] == 2
    code, out, _ = _run(capsys, "eval", "all", str(gold), "--pipeline")
    assert code == 0 and "entities: 1 documents" in out and "events: 1 documents" in out


def test_crawl_times_fall_back_to_a_neighbour_of_the_same_outlet(tmp_path):
    from marsad.evaluate import crawl_times

    corpus = tmp_path / "c.jsonl"
    lines = [{"source": "okaz", "date_extracted": "2015-08-01 10:00:00", "content": "…", "id": "snn-00010"},
             {"source": "sabq", "date_extracted": "2015-08-03 10:00:00", "content": "…", "id": "snn-00012"},
             {"source": "okaz", "date_extracted": "2015-08-02 09:00:00", "content": "…", "id": "snn-00013"},
             {"source": "okaz", "date_extracted": "2015-08-05 09:00:00", "content": "…", "id": "snn-00020"}]
    corpus.write_text("".join(json.dumps(x) + "\n" for x in lines), encoding="utf-8")
    times = crawl_times(corpus, [{"id": "snn-00020", "outlet": "okaz"}, {"id": "snn-00011", "outlet": "okaz"},
                                 {"id": "snn-00014", "outlet": "sabq"}, {"id": "snn-00030", "outlet": "okaz"}])
    assert times["snn-00020"][0].startswith("2015-08-05") and "own" in times["snn-00020"][1]
    assert times["snn-00011"][0].startswith("2015-08-01") and "snn-00010" in times["snn-00011"][1]  # not sabq's 12
    assert times["snn-00014"][0].startswith("2015-08-03")  # 13 is okaz: the sabq neighbour two ids away
    assert "snn-00030" not in times  # nothing within two ids


def test_misc_mentions_are_left_out_of_the_entity_scores():
    from marsad.evaluate import score_entities

    good = [("e1", "PER", ["أيمن الصفدي"]), ("e2", "PER", ["سامح شكري"]), ("e3", "LOC", ["عمان"])]
    report = Report("entities")
    score_entities(_doc_with([*good, ("e4", "MISC", ["التهدئة"])]), _record(), report)
    assert report.scores["exact all"].pred == 3 and report.scores["exact all"].precision == 1.0
    assert "exact MISC" not in report.scores

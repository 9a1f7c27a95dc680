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
    for name in ("type", "actors", "date", "status", "place"):
        assert report["scores"][name]["gold"] == 20
        assert report["scores"][name]["f1"] == 1.0


def test_a_wrong_gold_speaker_lowers_speaker_accuracy():
    record = load_gold(GOLD)[0]
    record["quotes"][1]["speaker"] = "saied"
    report = Report("quotes")
    score_quotes(build_document(record), record, report)
    correct, total = report.accuracy["speaker"]
    assert (correct, total) == (3, 4)
    assert any("gold saied" in e for e in report.errors)


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
    assert (s.tp, s.pred, s.gold) == (1, 3, 2)


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

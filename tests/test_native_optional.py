"""The C modules are optional: without them (or with MARSAD_PURE_PYTHON=1) the CRF decoding and MinHash
take pure-Python paths that give the same tags and the same signatures, and the pipeline runs end to end."""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from marsad import native
from marsad.ingest import dedup
from marsad.ner import _crfdecode_py, scorer
from marsad.ner.crf import load_tagger
from marsad.ner.features import views_of

SRC = Path(native.__file__).resolve().parents[1]  # the marsad this test imported, with or without its C modules

SENTENCES = [
    "استقبل الرئيس المصري عبد الفتاح السيسي في القاهرة يوم الثلاثاء رئيس الوزراء العراقي محمد شياع السوداني",
    "وقال وزير الخارجية السعودي الأمير فيصل بن فرحان إن المملكة تدعم جهود الأمم المتحدة في اليمن",
    "أعلنت شركة أرامكو السعودية عن ارتفاع أرباحها في الربع الثالث بحسب بيان نشرته وكالة الأنباء السعودية",
    "التقى العاهل الأردني الملك عبد الله الثاني في عمّان وفدا من الكونغرس الأمريكي برئاسة السيناتور ليندسي غراهام",
    "« لن نقبل بأي حل لا يضمن حقوق الشعب الفلسطيني » ، قال الرئيس محمود عباس أمام المجلس المركزي في رام الله",
    "غادر",
]

TEXTS = [
    "",
    "كلمة",
    "قال وزير الخارجية الأردني أيمن الصفدي إن المحادثات مع نظيره المصري في عمّان كانت مثمرة.",
    "ذكرت وكالة الأنباء الكويتية أن أمير البلاد استقبل في قصر بيان رئيس مجلس الأمة، وبحث معه شؤون المجلس "
    "وجدول أعمال دور الانعقاد المقبل، في 12 أكتوبر 2024.",
    "قَالَ الـــمتحدث بِاسْمِ الحُكُومَةِ ﷲ إن ٢٠٢٣ كان عاما صعبا Riyadh RIYADH " * 20,
]

ARTICLE = ("قال وزير الخارجية الأردني أيمن الصفدي يوم الأحد إن المحادثات مع نظيره المصري سامح شكري في عمّان "
           "كانت مثمرة. وأضاف الصفدي أن الجانبين اتفقا على عقد اجتماع جديد في القاهرة الأسبوع المقبل لبحث "
           "الأوضاع في غزة.")


def test_the_python_decoder_gives_the_c_decoders_tags(monkeypatch):
    tagger = load_tagger()
    sentences = [views_of(s.split(), tagger.lex) for s in SENTENCES]
    native_tags = tagger.tag_sentences(sentences)
    monkeypatch.setattr(scorer, "_crfdecode", _crfdecode_py)
    pure_tags = tagger.tag_sentences(sentences)
    assert any(t != "O" for tags, _ in native_tags for t in tags)  # entities are found: the test can fail
    for (tags, probs), (ref_tags, ref_probs) in zip(pure_tags, native_tags, strict=True):
        assert tags == ref_tags
        assert probs == pytest.approx(ref_probs, abs=1e-12)
    for words, (tags, _) in zip(SENTENCES, pure_tags, strict=True):  # and CRFsuite's own tagger agrees
        assert tags == tagger.crfsuite_tag_with_confidence(words.split())[0]


def test_the_python_minhash_gives_the_c_modules_signatures(monkeypatch):
    native_sigs = [dedup.signature_bytes(t) for t in TEXTS]
    native_objs = [dedup.signature(t) for t in TEXTS]
    monkeypatch.setattr(dedup, "_minhash", None)
    assert [dedup.signature_bytes(t) for t in TEXTS] == native_sigs
    for text, want in zip(TEXTS, native_objs, strict=True):
        got = dedup.signature(text)
        assert got.hashvalues.tolist() == want.hashvalues.tolist() and got == want
    assert len(set(native_sigs)) == len(TEXTS)  # different texts, different signatures


def _run(code: str, pure: bool, stdin: str = "") -> str:
    env = {**os.environ, "PYTHONPATH": str(SRC), "MARSAD_PURE_PYTHON": "1" if pure else ""}
    done = subprocess.run([sys.executable, "-c", code], input=stdin, env=env, capture_output=True, text=True,
                          check=False, timeout=300)
    assert done.returncode == 0, done.stderr
    return done.stdout


def test_the_environment_variable_forces_the_python_paths():
    code = "from marsad import native; import json; print(json.dumps(native.paths()))"
    assert json.loads(_run(code, pure=True)) == {"crf": "python", "minhash": "python"}
    if not native.PURE_PYTHON:  # whatever this machine built is what it uses
        built = {"crf": scorer.DECODER, "minhash": dedup.MINHASH}
        assert json.loads(_run(code, pure=False)) == built


def test_the_pipeline_runs_end_to_end_on_the_python_paths():
    code = "from marsad.cli import main; raise SystemExit(main(['extract', '-', '--published', '2024-03-10']))"
    pure = json.loads(_run(code, pure=True, stdin=ARTICLE))
    assert {(e["name"], e["type"]) for e in pure["entities"]} >= {("أيمن الصفدي", "PER"), ("عمّان", "LOC")}
    assert pure == json.loads(_run(code, pure=False, stdin=ARTICLE))  # the same record as the C paths give


def test_ingest_makes_the_same_dedup_decisions_on_the_python_paths(tmp_path):
    # A republication (another first line, a credit added) and the story itself: one near duplicate.
    story = ARTICLE + "\n" + TEXTS[3] + "\n" + TEXTS[2]
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "a.txt").write_text(story, encoding="utf-8")
    lines = story.splitlines()
    lines[0] = "مباحثات أردنية مصرية في عمّان. " + lines[0]
    (tmp_path / "in" / "b.txt").write_text("\n".join(lines) + "\n\nالمصدر: وكالات\n", encoding="utf-8")
    rows = {}
    for pure in (True, False):
        db = tmp_path / f"{pure}.sqlite"
        code = (f"from marsad.cli import main; raise SystemExit(main(['ingest', {str(tmp_path / 'in')!r}, "
                f"'--db', {str(db)!r}, '--quiet']))")
        _run(code, pure=pure)
        with sqlite3.connect(db) as conn:
            rows[pure] = conn.execute("SELECT source_key, kind, similarity FROM duplicates").fetchall()
    assert len(rows[True]) == 1 and rows[True][0][0].endswith("b.txt") and rows[True][0][1] == "near"
    assert rows[True] == rows[False]

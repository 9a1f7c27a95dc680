"""Stage versions: a code version plus a hash of the rule files each stage reads (marsad.provenance)."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from marsad import provenance
from marsad.model import Document
from marsad.pipeline import Options, Pipeline

SRC = Path(__file__).resolve().parents[1] / "src"
VERSION = re.compile(r"^\d+\+[0-9a-f]{8}$")


def _versions(options: Options | None = None) -> dict[str, str]:
    return {s.name: s.version for s in Pipeline.from_options(options).stages}


@pytest.fixture
def fresh_cache() -> Iterator[None]:
    provenance.stage_version.cache_clear()
    yield
    provenance.stage_version.cache_clear()  # the next test sees the packaged rules again


@pytest.fixture
def data_copy(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, fresh_cache: None) -> Path:
    copy = tmp_path / "data"
    shutil.copytree(provenance.data_root(), copy, ignore=shutil.ignore_patterns("__pycache__"))
    monkeypatch.setattr(provenance, "data_root", lambda: copy)
    return copy


def test_each_stage_version_is_its_code_version_and_a_hash_of_its_rules() -> None:
    versions = _versions()
    assert versions["segment"] == "2"  # reads no data file: the code version alone
    for name in ("clean", "dates", "entities", "quotes", "events"):
        assert VERSION.match(versions[name]), (name, versions[name])
    assert len({v.split("+")[1] for n, v in versions.items() if n != "segment"}) == 5  # each hashes its own files
    doc = Pipeline.from_options()(Document(raw="قال وزير الخارجية إن الاجتماع عقد أمس في الرياض."))
    assert doc.stages == [f"{n}@{v}" for n, v in versions.items()]


def test_the_hash_depends_on_the_files_not_on_where_they_are_installed(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, fresh_cache: None) -> None:
    packaged = _versions()
    copy = tmp_path / "elsewhere"
    shutil.copytree(provenance.data_root(), copy, ignore=shutil.ignore_patterns("__pycache__"))
    monkeypatch.setattr(provenance, "data_root", lambda: copy)
    provenance.stage_version.cache_clear()
    assert _versions() == packaged  # same relative names and bytes -> same strings


@pytest.mark.parametrize(("path", "changed"), [
    ("events/triggers.yaml", {"events", "entities"}),  # a name ends at a news verb of the event triggers
    ("events/status.yaml", {"events"}),
    ("quotes/cues.yaml", {"quotes", "events"}),  # the events stage reads the quote cues (statements)
    ("clean/outlets/rt.yaml", {"clean"}),
    ("dates/ar.yaml", {"dates"}),
    ("kb/countries.yaml", {"dates", "entities"}),  # tenure of office holders dates a text
])
def test_changing_a_rule_file_changes_that_stage_version_and_no_other(data_copy: Path, path: str,
                                                                       changed: set[str]) -> None:
    before = _versions()
    with (data_copy / path).open("a", encoding="utf-8") as f:
        f.write("\n# an edit\n")
    provenance.stage_version.cache_clear()
    after = _versions()
    assert {n for n in before if before[n] != after[n]} == changed
    assert all(after[n].split("+")[0] == before[n].split("+")[0] for n in before)  # the code versions stay


def test_the_ner_model_manifest_changes_the_entities_version_only(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                                  fresh_cache: None) -> None:
    before = _versions()
    ner = tmp_path / "ner"
    shutil.copytree(provenance.data_root() / "ner", ner)
    monkeypatch.setenv("MARSAD_NER_DATA", str(ner))
    provenance.stage_version.cache_clear()
    assert _versions() == before  # a copy of the same files: the same version
    manifest = json.loads((ner / "ner-crf.json").read_text(encoding="utf-8"))
    manifest["note"] = "retrained"
    (ner / "ner-crf.json").write_text(json.dumps(manifest), encoding="utf-8")
    provenance.stage_version.cache_clear()
    after = _versions()
    assert {n for n in before if before[n] != after[n]} == {"entities"}


def test_a_user_kb_changes_the_entities_and_dates_versions(tmp_path: Path, fresh_cache: None) -> None:
    plain = _versions()
    kb = tmp_path / "my-kb"
    kb.mkdir()
    entry = ("defaults: {type: PER, cc: SY}\nactors:\n"
             "- {id: sy.test_person, ar: سامر الخطيب, en: Samer al-Khatib, roles: [\"governor SY 2021..\"]}\n")
    (kb / "people.yaml").write_text(entry, encoding="utf-8")
    with_kb = _versions(Options(kb_dirs=[str(kb)]))
    assert {n for n in plain if plain[n] != with_kb[n]} == {"dates", "entities"}
    other = tmp_path / "elsewhere"
    shutil.copytree(kb, other)
    assert _versions(Options(kb_dirs=[str(other)])) == with_kb  # the same KB in another directory
    (kb / "people.yaml").write_text(entry.replace("2021", "2022"), encoding="utf-8")
    provenance.stage_version.cache_clear()
    edited = _versions(Options(kb_dirs=[str(kb)]))
    assert {n for n in plain if edited[n] != with_kb[n]} == {"dates", "entities"}


def test_versions_are_the_same_in_two_processes() -> None:
    code = ("import json; from marsad.pipeline import Pipeline; "
            "print(json.dumps({s.name: s.version for s in Pipeline.from_options().stages}))")
    runs = [subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120,
                           env={"PYTHONPATH": str(SRC), "PATH": "/usr/bin:/bin"}, check=True)
            for _ in range(2)]
    first, second = (json.loads(r.stdout) for r in runs)
    assert first == second == _versions()


def test_the_hash_kept_in_the_start_up_cache_is_the_hash_of_the_files(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, data_copy: Path) -> None:
    monkeypatch.setenv("MARSAD_CACHE_DIR", str(tmp_path / "cache"))
    patterns = ("quotes/cues.yaml", "events/*.yaml")
    first = provenance.rules_hash(patterns)
    assert list((tmp_path / "cache").glob("rules-hash-*.pickle")), "the hash was not kept"
    assert provenance.rules_hash(patterns) == first == provenance._hash(patterns, ())
    cues = data_copy / "quotes" / "cues.yaml"
    cues.write_text(cues.read_text(encoding="utf-8") + "\n# an edit\n", encoding="utf-8")
    assert provenance.rules_hash(patterns) == provenance._hash(patterns, ()) != first

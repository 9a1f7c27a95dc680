"""Configuration in one place (marsad.config) and the schemas rule files are checked against (marsad.rules_schema)."""

from __future__ import annotations

import ast
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from marsad import config, provenance, rules_schema
from marsad.errors import ModelError

SRC = Path(__file__).resolve().parents[1] / "src"


@pytest.fixture
def data_copy(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """A copy of the data directory that marsad reads (MARSAD_DATA_DIR), caches forgotten around the test."""
    copy = tmp_path / "data"
    shutil.copytree(provenance.data_root(), copy, ignore=shutil.ignore_patterns("__pycache__"))
    monkeypatch.setenv("MARSAD_DATA_DIR", str(copy))
    config.clear_caches()
    yield copy
    monkeypatch.delenv("MARSAD_DATA_DIR")
    config.clear_caches()


def _replace(path: Path, old: str, new: str) -> int:
    """Replace the first `old` in the file; the 1-based line it was on."""
    text = path.read_text(encoding="utf-8")
    at = text.index(old)
    path.write_text(text[:at] + new + text[at + len(old):], encoding="utf-8")
    return text.count("\n", 0, at) + 1


def test_every_packaged_rule_file_fits_its_schema() -> None:
    root = provenance.data_root()
    checked = 0
    for path in sorted(root.rglob("*.yaml")):
        kind = path.relative_to(root).as_posix()
        if kind.startswith("kb/") and kind != "kb/romanize.yaml":
            continue  # the KB's files are checked by its own loader (marsad.kb.base)
        if kind.startswith("ingest/"):
            continue  # the JSONL presets belong to the readers
        config.load_yaml(path, kind)
        checked += 1
    assert checked >= 7 + 11  # cues, triggers, status, dates, clean common + 11 outlets, ner rules, romanize


def test_a_typo_in_a_trigger_names_the_file_the_line_and_the_key(data_copy: Path) -> None:
    path = data_copy / "events" / "triggers.yaml"
    line = _replace(path, "not_before:", "not_befor:")
    with pytest.raises(ModelError) as err:
        config.load_rules("events/triggers.yaml")
    message = str(err.value)
    assert str(path) in message and f"line {line}:" in message
    assert "unknown key 'not_befor'" in message and "not_before" in message  # the known keys are listed
    from marsad.stages.events import event_lexicon

    with pytest.raises(ModelError, match=f"line {line}:"):  # the stage that reads it says the same
        event_lexicon()


def test_a_missing_or_ill_typed_field_is_an_error_with_its_line(tmp_path: Path) -> None:
    outlet = tmp_path / "example.yaml"
    outlet.write_text("id: example\nname: Example\nhosts: example.org\ncues: []\n", encoding="utf-8")
    with pytest.raises(ModelError, match=r"line 3: hosts: expected a list \(each a string\), got a string"):
        config.load_yaml(outlet, "clean/outlets/*.yaml")
    dates = tmp_path / "dates.yaml"
    dates.write_text("gregorian_months:\n  1: {standalone: [يناير]}\n", encoding="utf-8")
    with pytest.raises(ModelError, match=r"line 2: gregorian_months\[1\]: missing key\(s\) names"):
        config.load_yaml(dates, "dates/ar.yaml")
    flags = tmp_path / "triggers.yaml"
    flags.write_text("triggers:\n- id: meet\n  type: CONSULT\n  words: [التقى]\n  participle: 'yes'\n",
                     encoding="utf-8")
    with pytest.raises(ModelError, match=r"line 5: triggers\[0\]\.participle: expected true or false"):
        config.load_yaml(flags, "events/triggers.yaml")


def test_a_typo_in_the_quote_cues_stops_the_stage_with_the_line(data_copy: Path) -> None:
    line = _replace(data_copy / "quotes" / "cues.yaml", "complementizers:", "complementisers:")
    from marsad.stages.clauses import cue_lexicon

    with pytest.raises(ModelError, match=f"cues.yaml: line {line}: unknown key 'complementisers'"):
        cue_lexicon()


def test_a_file_kind_without_a_schema_is_refused() -> None:
    with pytest.raises(ModelError, match="no schema"):
        rules_schema.check({}, "nosuch/file.yaml", "file.yaml")


def test_the_trigger_file_is_parsed_once_for_the_stage_and_the_query_layer() -> None:
    from marsad.stages.clauses import load_data
    from marsad.store import queries

    config.clear_caches()
    queries._triggers.cache_clear()
    parsed = config.load_rules("events/triggers.yaml")
    assert load_data("events/triggers.yaml") is parsed
    assert queries._triggers()[0] is parsed["triggers"][0]
    assert config._load_yaml.cache_info().misses == 1


def test_environment_variables_are_read_in_config_only() -> None:
    readers = []
    for path in sorted((SRC / "marsad").rglob("*.py")):
        if path.name == "config.py":
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.Attribute) and node.attr in ("environ", "getenv") and \
                    isinstance(node.value, ast.Name) and node.value.id == "os":
                readers.append(f"{path.relative_to(SRC)}:{node.lineno}")
    assert readers == [], "read environment variables through marsad.config (config.ENVIRONMENT lists them)"


def test_a_bad_number_in_the_environment_names_the_variable() -> None:
    code = "import marsad.config"
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         env={"PYTHONPATH": str(SRC), "MARSAD_DOC_TIMEOUT": "ten"}, check=False)
    assert run.returncode != 0 and "MARSAD_DOC_TIMEOUT must be a number, got 'ten'" in run.stderr


def test_the_archive_default_comes_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("MARSAD_DB", raising=False)
    assert config.default_db() == "marsad.db"
    monkeypatch.setenv("MARSAD_DB", "/tmp/elsewhere.db")
    assert config.default_db() == "/tmp/elsewhere.db"
    with pytest.raises(KeyError):
        config.env("MARSAD_NOT_A_VARIABLE")


def test_the_stages_read_the_data_directory_the_versions_hash(data_copy: Path) -> None:
    """MARSAD_DATA_DIR moves the rules the stages read, not only the hash of their versions: the KB, the
    NER lexicons and the date stage's name list come from the copy."""
    from marsad.kb.base import load_kb
    from marsad.ner.lexicon import data_dir

    assert data_dir() == data_copy / "ner"
    (data_copy / "kb" / "countries.yaml").write_text("countries: [unclosed\n", encoding="utf-8")
    with pytest.raises(ModelError, match=str(data_copy / "kb")):
        load_kb()

"""marsad.fastload: what is read from the cache is what would be built; an edit of a source rebuilds it; a
broken entry or an unwritable cache falls back to building."""

from __future__ import annotations

import json
import os
import pickle
import re
import subprocess
import sys
from pathlib import Path

import pytest
from testdata import FIXTURES, ROOT

from marsad import fastload


@pytest.fixture
def cache(tmp_path, monkeypatch):
    monkeypatch.setenv("MARSAD_CACHE_DIR", str(tmp_path / "cache"))
    return tmp_path / "cache"


def test_compiled_patterns_come_back_as_the_same_regexes():
    patterns = [re.compile(r"(?P<day>\d{1,2})\s+(?:من\s+)?(أغسطس|آب)", re.I), re.compile(rb"^WARC/\d"),
                re.compile(r"(?<=\s)ال(?=[\u0621-\u064a]{3,})|(?:وزير|وزيرة)\b", re.M)]
    restored = pickle.loads(fastload.dumps(patterns))
    text = "وصل الوزير في 13 من أغسطس\nوزيرة الخارجية"
    for before, after in zip(patterns, restored, strict=True):
        assert (after.pattern, after.flags, after.groupindex) == (before.pattern, before.flags, before.groupindex)
        subject = text.encode("utf-8") + b"WARC/1" if isinstance(before.pattern, bytes) else text
        assert [m.span() for m in after.finditer(subject)] == [m.span() for m in before.finditer(subject)]


def test_an_entry_is_built_once_and_rebuilt_when_a_source_changes(cache, tmp_path):
    source = tmp_path / "rules.yaml"
    source.write_text("a: 1\n", encoding="utf-8")
    built: list[int] = []

    def build() -> dict:
        built.append(1)
        return fastload.load_yaml(source.read_text(encoding="utf-8"))

    assert fastload.load_or_build("t", (source,), build) == {"a": 1}
    assert fastload.load_or_build("t", (source,), build) == {"a": 1} and len(built) == 1
    source.write_text("a: 2\n", encoding="utf-8")
    os.utime(source, ns=(source.stat().st_atime_ns, source.stat().st_mtime_ns + 1_000_000))
    assert fastload.load_or_build("t", (source,), build) == {"a": 2} and len(built) == 2
    assert len(list(cache.glob("t-*.pickle"))) == 1  # the entry of the old source is gone


def test_a_broken_entry_is_rebuilt(cache, tmp_path):
    source = tmp_path / "x.txt"
    source.write_text("x", encoding="utf-8")
    fastload.load_or_build("t", (source,), lambda: [1, 2])
    for entry in cache.glob("t-*.pickle"):
        entry.write_bytes(b"not a pickle")
    assert fastload.load_or_build("t", (source,), lambda: [3]) == [3]


def test_the_cache_can_be_turned_off(monkeypatch, tmp_path):
    monkeypatch.setenv("MARSAD_CACHE_DIR", "off")
    assert fastload.cache_dir() is None
    assert fastload.load_or_build("t", (), lambda: "built") == "built"


def test_extract_gives_the_same_record_from_the_cache_and_without_it(tmp_path):
    page = FIXTURES / "ingest" / "ministers-meeting.txt"
    outputs = []
    for cache_dir in ("off", str(tmp_path / "c"), str(tmp_path / "c")):  # built, then read back
        env = {**os.environ, "MARSAD_CACHE_DIR": cache_dir, "PYTHONPATH": str(ROOT / "src")}
        done = subprocess.run([sys.executable, "-m", "marsad", "extract", str(page)], env=env, check=True,
                              capture_output=True, text=True, timeout=600)
        outputs.append(json.loads(done.stdout))
    assert outputs[0] == outputs[1] == outputs[2] and outputs[0]["entities"]
    assert {Path(p).name.rsplit("-", 2)[0] for p in (tmp_path / "c").glob("*.pickle")} >= {
        "dates-patterns", "kb-base", "kb-indexes", "ner-lexicons", "clean-rules"}

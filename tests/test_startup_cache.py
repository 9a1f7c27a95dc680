"""The NER scorer's model tables and the events lexicon come from marsad.fastload's cache at start-up: what
is read back must be what is built (same weights, feature rows, bigram codes; same trigger lexicon)."""

from __future__ import annotations

import numpy as np
import pytest

from marsad.ner.crf import default_model_path
from marsad.ner.scorer import CrfScorer
from marsad.stages import events


@pytest.fixture
def cache(tmp_path, monkeypatch):
    monkeypatch.setenv("MARSAD_CACHE_DIR", str(tmp_path / "cache"))
    return tmp_path / "cache"


def _scorer_state(scorer: CrfScorer) -> tuple:
    return scorer.labels, scorer.attrs, scorer._templates, scorer.outside, scorer._inq


def test_the_scorer_read_from_the_cache_is_the_one_built(cache, monkeypatch):
    path = default_model_path()
    if not path.exists():
        pytest.skip(f"no NER model at {path}")
    built = CrfScorer(path)  # builds and stores the entry
    assert list(cache.glob("ner-scorer-*.pickle")), "the tables were not kept"
    import marsad.ner.scorer as scorer_module

    def no_build(_path):
        raise AssertionError("built again instead of read from the cache")

    monkeypatch.setattr(scorer_module, "_model_tables", no_build)
    read = CrfScorer(path)
    assert _scorer_state(read) == _scorer_state(built)
    assert np.array_equal(read.weights, built.weights) and np.array_equal(read.transitions, built.transitions)
    for (f1, s1, k1, r1), (f2, s2, k2, r2) in zip(read._bigrams, built._bigrams, strict=True):
        assert (f1, s1) == (f2, s2) and np.array_equal(k1, k2) and np.array_equal(r1, r2)
    assert np.array_equal(read._edge_rows, built._edge_rows)


def test_the_events_lexicon_read_from_the_cache_is_the_one_built(cache):
    events.event_lexicon.cache_clear()
    try:
        built = events.event_lexicon()  # builds and stores the entry
        assert list(cache.glob("events-lexicon-*.pickle")), "the lexicon was not kept"
        events.event_lexicon.cache_clear()
        read = events.event_lexicon()
        assert read is not built and read == built
        assert read.hides_trigger.pattern == built.hides_trigger.pattern
        assert read.status_index == built.status_index
        assert read.readings_of("واجتماعه") == built.readings_of("واجتماعه")
    finally:
        events.event_lexicon.cache_clear()


@pytest.mark.parametrize("module, getter", [("marsad.dates.lexicon", "load_lexicon"),
                                            ("marsad.stages.quotes", "cue_lexicon")])
def test_the_rule_lexicons_read_from_the_cache_are_the_ones_built(cache, module, getter):
    import importlib

    get = getattr(importlib.import_module(module), getter)
    get.cache_clear()
    try:
        built = get()  # builds and stores the entry
        get.cache_clear()
        read = get()
        assert read is not built and read == built
    finally:
        get.cache_clear()


def test_the_kb_module_gives_its_yaml_loader_without_importing_yaml_first():
    import subprocess
    import sys

    code = ("import sys, marsad.kb.base as b; assert 'yaml' not in sys.modules; "
            "import yaml; assert b.FAST_YAML_LOADER is getattr(yaml, 'CSafeLoader', yaml.SafeLoader)")
    subprocess.run([sys.executable, "-c", code], check=True, env={"PYTHONPATH": str(_src())})


def _src():
    from pathlib import Path

    return Path(__file__).resolve().parents[1] / "src"


def test_the_kb_indexes_are_kept_without_the_kb_tables_and_given_them_back(cache):
    from marsad.kb.analysis import _cached_indexes
    from marsad.kb.base import load_kb

    kb = load_kb(())
    built = _cached_indexes(kb, ())
    read = _cached_indexes(kb, ())  # from the entry just stored
    for b, r, table in zip(built, read, (kb.names, kb.titles), strict=True):
        assert b is not r and r.entries is table and b.entries is table
        assert r.lengths == b.lengths and r.starts() == b.starts()
    # (the indexes' start tables are kept as fastload tables, read key by key: ~3.4 MB with their buckets;
    # the titles, as such a table, would add ~8 MB)
    stored = list(cache.glob("kb-indexes-*.pickle"))
    assert stored and all(p.stat().st_size < 5_000_000 for p in stored), "the titles were stored again"
    from marsad.fastload import DiskTable

    assert all(isinstance(r._starts, DiskTable) for r in read)

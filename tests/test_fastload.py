"""marsad.fastload: what is read from the cache is what would be built; an edit of a source rebuilds it; a
broken entry or an unwritable cache falls back to building."""

from __future__ import annotations

import json
import os
import pickle
import re
import subprocess
import sys
from dataclasses import dataclass
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


# ---- tables read key by key (fastload.Table -> DiskTable) ------------------------------------------------

@dataclass(frozen=True)
class _Sense:  # stands for the KB's TitleSense: an object shared by several values
    office: str
    country: str | None = None


def _tables() -> dict:
    minister, president = _Sense("minister", "EG"), _Sense("president")
    titles = fastload.Table({("وزير", "الخارجية", "المصري"): [minister], ("الرئيس",): [president, minister],
                             ("وزير", "الخارجية"): [minister]})
    clusters = fastload.Table({f"كلمة{i}": f"a{i % 7} b{i % 13}" for i in range(500)})
    return {"titles": titles, "clusters": clusters, "small": {"x": 1}}


def test_a_table_is_read_back_key_by_key_with_the_same_values():
    built = _tables()
    read = fastload.loads(fastload.dumps(built))
    titles, clusters = read["titles"], read["clusters"]
    assert isinstance(titles, fastload.DiskTable) and isinstance(clusters, fastload.DiskTable)
    assert read["small"] == {"x": 1}
    for key, value in built["clusters"].items():
        assert clusters.get(key) == value and clusters[key] == value and key in clusters
    assert clusters.get("كلمة500") is None and clusters.get("كلمة500", "-") == "-" and "كلمة500" not in clusters
    assert titles.get(("وزير", "الخارجية")) == [_Sense("minister", "EG")]
    assert titles.get(("وزير",)) is None and titles.get("وزير") is None and titles.get(7) is None
    assert titles.get(("وزير", 7)) is None  # a tuple of other things: not a key, not an error
    with pytest.raises(KeyError):
        titles[("الرئيس", "السوري")]
    with pytest.raises(TypeError):
        titles.get(["a list"])  # unhashable, as for a dict
    # A value shared by several keys is one object, as in the dict that was stored.
    assert titles[("الرئيس",)][1] is titles[("وزير", "الخارجية")][0]
    assert len(titles) == 3 and titles._full is None, "len() read the whole table"
    assert list(titles) == list(built["titles"]) and titles == built["titles"]  # order kept
    assert dict(clusters.items()) == built["clusters"] and len(clusters) == 500


def test_many_lookups_read_the_whole_table_once_and_give_the_same_answers(monkeypatch):
    monkeypatch.setattr(fastload, "PROMOTE_AFTER", 50)
    built = _tables()["clusters"]
    read = fastload.loads(fastload.dumps({"c": built}))["c"]
    answers = [read.get(f"كلمة{i}") for i in range(-10, 510)]
    assert read._full is not None and read.get == read._full.get  # the dict's own look-up from then on
    assert answers == [built.get(f"كلمة{i}") for i in range(-10, 510)]
    assert [read.get(f"كلمة{i}") for i in range(-10, 510)] == answers


def test_the_same_keys_asked_often_read_the_whole_table_once(monkeypatch):
    monkeypatch.setattr(fastload, "PROMOTE_ASKED", 100)
    read = fastload.loads(fastload.dumps({"c": _tables()["clusters"]}))["c"]
    for _ in range(60):
        assert read.get("كلمة1") == "a1 b1" and read.get("لا") is None
    assert read._full is not None and "كلمة2" in read


def test_a_table_pickled_again_is_the_dict_it_stands_for():
    read = fastload.loads(fastload.dumps({"c": _tables()["clusters"]}))["c"]
    again = pickle.loads(pickle.dumps(read))
    assert type(again) is fastload.Table and again == _tables()["clusters"]


def test_a_table_whose_keys_cannot_be_hashed_alike_is_stored_as_a_dict():
    odd = fastload.Table({1: "one", "two": 2})
    assert fastload.loads(fastload.dumps({"t": odd}))["t"] == odd


def _entry_with_tables(cache, tmp_path) -> tuple[Path, Path]:
    source = tmp_path / "x.txt"
    source.write_text("x", encoding="utf-8")
    assert fastload.load_or_build("t", (source,), _tables)["clusters"]["كلمة3"] == "a3 b3"
    (entry,) = cache.glob("t-*.pickle")
    return source, entry


def _tables_start(data: bytes) -> int:
    body_size, _ = fastload._HEADER.unpack_from(data, len(fastload._TABLED))
    return len(fastload._TABLED) + fastload._HEADER.size + body_size


def test_an_entry_cut_short_is_rebuilt(cache, tmp_path):
    source, entry = _entry_with_tables(cache, tmp_path)
    entry.write_bytes(entry.read_bytes()[:-10])
    rebuilt: list[int] = []

    def build() -> dict:
        rebuilt.append(1)
        return _tables()

    assert fastload.load_or_build("t", (source,), build)["clusters"]["كلمة3"] == "a3 b3" and rebuilt
    assert isinstance(fastload.load_or_build("t", (source,), build)["clusters"], fastload.DiskTable)


def test_a_damaged_bucket_is_answered_from_the_whole_table(cache, tmp_path):
    source, entry = _entry_with_tables(cache, tmp_path)
    clusters = fastload.load_or_build("t", (source,), _tables)["clusters"]
    data = bytearray(entry.read_bytes())
    base = _tables_start(data)
    for k in range(clusters._buckets_at, clusters._full_at, 7):  # every bucket, crc or pickle
        data[base + k] ^= 0x55
    entry.write_bytes(bytes(data))
    damaged = fastload.load_or_build("t", (source,), _tables)["clusters"]
    assert damaged.get("كلمة3") == "a3 b3" and damaged.get("كلمة-") is None and damaged._full is not None


def test_a_damaged_whole_table_stops_with_a_clear_error_and_is_built_again(cache, tmp_path):
    from marsad.errors import ModelError

    source, entry = _entry_with_tables(cache, tmp_path)
    titles = fastload.load_or_build("t", (source,), _tables)["titles"]
    data = bytearray(entry.read_bytes())
    data[_tables_start(data) + titles._full_at + titles._full_size // 2] ^= 0x55
    entry.write_bytes(bytes(data))
    damaged = fastload.load_or_build("t", (source,), _tables)["titles"]
    assert damaged.get(("الرئيس",)) == [_Sense("president"), _Sense("minister", "EG")]  # its bucket is whole
    with pytest.raises(ModelError, match="damaged"):
        list(damaged)
    assert not entry.exists(), "the damaged entry was kept"
    assert list(fastload.load_or_build("t", (source,), _tables)["titles"]) == list(_tables()["titles"])


def test_the_ner_lexicons_and_the_kb_titles_from_the_cache_are_the_ones_built(cache):
    from marsad.kb import base
    from marsad.ner import lexicon

    lexicon._load.cache_clear()
    base._load_cached.cache_clear()
    try:
        built_lex, built_kb = lexicon.load_lexicons(), base.load_kb()  # build and store the entries
        lexicon._load.cache_clear()
        base._load_cached.cache_clear()
        read_lex, read_kb = lexicon.load_lexicons(), base.load_kb()
        assert isinstance(read_lex.clusters, fastload.DiskTable) and isinstance(read_kb.titles, fastload.DiskTable)
        for word in ("برشلونة", "وبرشلونة", "الرياض", "لا-كلمة", *list(built_lex.clusters)[::997]):
            assert read_lex.clusters.get(word) == built_lex.clusters.get(word)
            assert read_lex.class_map().get(word) == built_lex.class_map().get(word)
        for name in lexicon.GAZETTEER_FILES:
            read_words, built_words = read_lex.words[name], built_lex.words[name]
            assert isinstance(read_words, fastload.KeySet) and len(read_words) == len(built_words)
            sample = [*list(built_words)[::401], "لا-كلمة"]
            assert [w in read_words for w in sample] == [w in built_words for w in sample]
        for key in [("وزير", "الخارجية"), ("ولي", "العهد"), ("لا", "لقب"), *list(built_kb.titles)[::601]]:
            assert read_kb.titles.get(key) == built_kb.titles.get(key)
        assert read_kb.title_firsts() == built_kb.title_firsts() == frozenset(k[0] for k in built_kb.titles)
        assert read_kb.titles._full is None and read_lex.clusters._full is None, "a table was read whole"
        assert read_lex.clusters == built_lex.clusters and read_kb.titles == built_kb.titles
    finally:
        lexicon._load.cache_clear()
        base._load_cached.cache_clear()


def test_the_common_words_from_the_cache_are_the_list(cache):
    from marsad.kb import personal
    from marsad.ner.lexicon import data_dir

    personal.common_words.cache_clear()
    try:
        built = personal.common_words()  # builds and stores the entry
        personal.common_words.cache_clear()
        read = personal.common_words()
        listed = frozenset(personal._read_words(data_dir() / "common_words.txt"))
        assert isinstance(read, fastload.KeySet) and len(read) == len(listed) > 20_000
        sample = [*list(listed)[::997], "برشلونةةة", "قال", "الرياض"]
        assert [w in read for w in sample] == [w in listed for w in sample] == [w in built for w in sample]
        assert read.isdisjoint(["لا-كلمة", "كلمة-أخرى"]) and not read.isdisjoint(["لا-كلمة", sample[0]])
        assert read == listed and bool(read)
    finally:
        personal.common_words.cache_clear()


def test_a_key_set_reads_back_as_the_set_it_was():
    words = fastload.KeySet(["وزير", "الخارجية", "قال"])
    read = fastload.loads(fastload.dumps({"w": words}))["w"]
    assert isinstance(read._table, fastload.DiskTable)
    assert "قال" in read and "لا" not in read and len(read) == 3 and read == {"وزير", "الخارجية", "قال"}
    assert not fastload.KeySet([]) and pickle.loads(pickle.dumps(read)) == {"وزير", "الخارجية", "قال"}
    # the frozenset methods the rules use
    assert read.issuperset(("قال", "وزير")) and not read.issuperset(("قال", "لا"))
    assert read.isdisjoint(("لا",)) and read.intersection(["قال", "لا"]) == {"قال"}
    assert read.issubset({"وزير", "الخارجية", "قال", "لا"}) and read.union({"لا"}) == {"وزير", "الخارجية", "قال", "لا"}
    assert read.difference({"قال"}) == {"وزير", "الخارجية"} and read._table._full is not None

"""A real-data run with corruption injected into a share of the documents: every good document is stored
(or found a duplicate) exactly as in a run over the good ones alone, every corrupted one is rejected with
its reason, and the counts add up. Real data: a slice of ../shared's SaudiNewsNet corpus."""

from __future__ import annotations

import gzip
import json
import random
from collections import Counter
from pathlib import Path

import pytest
from robust_kit import LONG, scaled
from store_check import integrity_problems
from testdata import shared_path

from marsad.ingest import build_pipeline, ingest, make_mapping
from marsad.pipeline import Options
from marsad.store import Store

pytestmark = pytest.mark.shared
PIPELINE = build_pipeline(Options(stages=None if LONG else ["clean", "segment", "dates"]))
MAPPING = make_mapping("saudinewsnet")


def _mojibake(rec: dict) -> bytes:
    rec["content"] = rec["content"].encode("utf-8").decode("latin-1")
    return json.dumps(rec, ensure_ascii=False).encode()


def _english(rec: dict) -> bytes:
    rec["content"] = "The minister met his counterpart on Sunday to discuss bilateral relations. " * 5
    return json.dumps(rec).encode()


def _no_text(rec: dict) -> bytes:
    rec.pop("content")
    return json.dumps(rec, ensure_ascii=False).encode()


def _truncated(rec: dict) -> bytes:
    line = json.dumps(rec, ensure_ascii=False).encode()
    return line[: len(line) // 2]


def _bad_utf8(rec: dict) -> bytes:
    line = json.dumps(rec, ensure_ascii=False).encode()
    return line[:40] + b"\xff\xfe\xc3" + line[40:]


def _binary(rec: dict) -> bytes:
    return bytes(random.Random(len(rec["content"])).getrandbits(8) for _ in range(300)).replace(b"\n", b" ")


def _control_soup(rec: dict) -> bytes:
    rec["content"] = "\u200f\u202e\u200b\ufeff" * 100
    return json.dumps(rec, ensure_ascii=False).encode()


# corruption -> the reason it must be rejected with
CORRUPTIONS = {
    _mojibake: "mojibake", _english: "not-arabic", _no_text: "no-text-field", _truncated: "bad-json",
    _bad_utf8: "bad-json", _binary: "bad-json", _control_soup: "empty",
}


def run_ingest(inputs: Path, db: Path) -> dict:
    # In-process (the CLI is a thin layer over this, tested elsewhere): one pipeline for both runs.
    with Store.open(db) as store:
        return ingest([str(inputs)], store, mapping=MAPPING, pipeline=PIPELINE).to_dict()


def test_corrupted_share_is_rejected_with_reasons_and_the_rest_stored(tmp_path: Path) -> None:
    rng = random.Random(15)
    n = scaled(80, 1500)
    lines = []
    with gzip.open(shared_path("corpus/saudinewsnet-2015.jsonl.gz"), "rb") as src:
        for _, line in zip(range(n), src, strict=False):
            lines.append(line.rstrip(b"\n"))
    mixed, good, expected_bad = [], [], Counter()
    for line in lines:
        rec = json.loads(line)
        if rng.random() < 0.3:
            corrupt = rng.choice(list(CORRUPTIONS))
            mixed.append(corrupt(rec))
            expected_bad[CORRUPTIONS[corrupt]] += 1
        else:
            mixed.append(line)
            good.append(line)
    (tmp_path / "mixed.jsonl").write_bytes(b"\n".join(mixed) + b"\n")
    (tmp_path / "good.jsonl").write_bytes(b"\n".join(good) + b"\n")

    mixed_run = run_ingest(tmp_path / "mixed.jsonl", tmp_path / "mixed.db")
    good_run = run_ingest(tmp_path / "good.jsonl", tmp_path / "good.db")

    assert mixed_run["read"] == n
    assert mixed_run["read"] == mixed_run["stored"] + mixed_run["duplicates"] + mixed_run["rejected"] + mixed_run["unchanged"]
    # The good documents fare exactly as without the corrupted ones around them …
    assert mixed_run["stored"] == good_run["stored"] and mixed_run["duplicates"] == good_run["duplicates"]
    good_rejects = Counter(good_run["rejected_by_reason"])
    # … and each corrupted one is rejected with the reason of its corruption.
    assert Counter(mixed_run["rejected_by_reason"]) == good_rejects + expected_bad
    assert sum(expected_bad.values()) >= n // 5
    for db in ("mixed.db", "good.db"):
        assert integrity_problems(tmp_path / db) == []
    with Store.open(tmp_path / "mixed.db", readonly=True) as store:  # every input has its ledger line
        assert store.conn.execute("SELECT count(*) FROM inputs").fetchone()[0] == n

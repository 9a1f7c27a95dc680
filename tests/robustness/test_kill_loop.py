"""SIGKILL the ingest at random points, again and again: after every kill the archive passes SQLite's
integrity and foreign-key checks and holds no half-written article; after the last, uninterrupted
restart its content equals a clean run's. Real data: a slice of ../shared's SaudiNewsNet corpus."""

from __future__ import annotations

import gzip
import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from robust_kit import LONG, scaled
from store_check import integrity_problems, snapshot
from testdata import shared_path

pytestmark = pytest.mark.shared
# The short run uses the fast stages (the store's transactions are what is under test); the long run all.
STAGES = [] if LONG else ["--stages", "clean,segment,dates"]


def corpus_slice(tmp: Path, n: int) -> Path:
    out = tmp / "slice.jsonl"
    with gzip.open(shared_path("corpus/saudinewsnet-2015.jsonl.gz"), "rb") as src, out.open("wb") as dst:
        for _, line in zip(range(n), src, strict=False):
            dst.write(line)
    return out


def ingest_cmd(inputs: Path, db: Path) -> list[str]:
    return [sys.executable, "-m", "marsad", "ingest", str(inputs), "--preset", "saudinewsnet", "--db", str(db),
            "--quiet", *STAGES]


def test_kill_loop_leaves_a_sound_archive_equal_to_a_clean_run(tmp_path: Path) -> None:
    inputs = corpus_slice(tmp_path, scaled(25, 300))
    clean_db, killed_db = tmp_path / "clean.db", tmp_path / "killed.db"
    started = time.monotonic()
    subprocess.run(ingest_cmd(inputs, clean_db), check=True, timeout=600, capture_output=True)
    clean_run_s = time.monotonic() - started  # startup included: kills land from startup to the end

    rng = random.Random(8)
    kills = scaled(3, 25)
    killed_while_running = 0
    for _ in range(kills):
        proc = subprocess.Popen(ingest_cmd(inputs, killed_db), stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        time.sleep(rng.uniform(0.3, clean_run_s))
        if proc.poll() is None:
            os.kill(proc.pid, signal.SIGKILL)
            killed_while_running += 1
        proc.wait(timeout=60)
        if killed_db.exists():
            assert integrity_problems(killed_db) == []
    assert killed_while_running >= kills // 2  # the kills did land mid-run

    final = subprocess.run(ingest_cmd(inputs, killed_db), timeout=600, capture_output=True, text=True)
    assert final.returncode in (0, 1), final.stderr
    assert "Traceback" not in final.stderr
    assert integrity_problems(killed_db) == []
    assert snapshot(killed_db) == snapshot(clean_db)

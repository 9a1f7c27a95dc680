"""A full disk, a read-only archive, readers during an ingest: clear errors, nothing corrupted, no reader
errors and no reader blocked beyond a bound."""

from __future__ import annotations

import contextlib
import gzip
import os
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from store_check import integrity_problems, snapshot
from testdata import FIXTURES, shared_path

from marsad.ingest import ingest
from marsad.ingest.runner import build_pipeline
from marsad.pipeline import Options
from marsad.store import Store, StoreError

ARTICLES = sorted(str(p) for p in (FIXTURES / "outlets").glob("*.txt"))
FAST = Options(stages=["clean", "segment", "dates"])


@contextlib.contextmanager
def tiny_tmpfs(where: Path, size: str) -> Iterator[Path | None]:
    """A tmpfs of `size` at `where` when this process may mount one (root), else None."""
    where.mkdir()
    if os.geteuid() != 0:
        yield None
        return
    if subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(where)],
                      capture_output=True).returncode != 0:
        yield None
        return
    try:
        yield where
    finally:
        subprocess.run(["umount", "-l", str(where)], capture_output=True)


def test_disk_full_via_max_page_count_is_a_clear_error_and_keeps_what_was_stored(tmp_path: Path) -> None:
    db = tmp_path / "a.db"
    with Store.open(db) as store:
        pages = store.conn.execute("PRAGMA page_count").fetchone()[0]
        store.conn.execute(f"PRAGMA max_page_count={pages + 6}")  # room for a few articles, not all
        with pytest.raises(StoreError, match="full"):
            ingest(ARTICLES, store, pipeline=build_pipeline(FAST))
    assert integrity_problems(db) == []
    with Store.open(db) as store:  # reopened without the cap: the run completes
        summary = ingest(ARTICLES, store, pipeline=build_pipeline(FAST))
        assert store.stats()["articles"] == len(ARTICLES)
    assert summary.stored + summary.unchanged == len(ARTICLES)
    assert integrity_problems(db) == []


def test_disk_full_on_a_tiny_tmpfs(tmp_path: Path) -> None:
    with tiny_tmpfs(tmp_path / "small", "300k") as small:
        if small is None:
            pytest.skip("cannot mount a tmpfs here (not root); the max_page_count test covers a full disk")
        db = small / "a.db"
        out = subprocess.run([sys.executable, "-m", "marsad", "ingest", *ARTICLES, "--db", str(db),
                              "--stages", "clean,segment,dates", "--quiet"], capture_output=True, text=True,
                             timeout=300)
        assert out.returncode == 2 and "Traceback" not in out.stderr
        assert "[E400]" in out.stderr and "full" in out.stderr
        assert integrity_problems(db) == []


def test_read_only_archive_is_a_clear_error_and_stays_readable(tmp_path: Path) -> None:
    with tiny_tmpfs(tmp_path / "ro", "4m") as mounted:
        folder = mounted or tmp_path / "ro"
        db = folder / "a.db"
        with Store.open(db) as store:
            ingest(ARTICLES[:3], store, pipeline=build_pipeline(FAST))
        before = snapshot(db)
        if mounted:
            subprocess.run(["mount", "-o", "remount,ro", str(mounted)], check=True)
        else:  # without root: read-only permissions (root would ignore them)
            db.chmod(0o444)
            folder.chmod(0o555)
        try:
            out = subprocess.run([sys.executable, "-m", "marsad", "ingest", *ARTICLES, "--db", str(db), "--quiet",
                                  "--stages", "clean,segment,dates"], capture_output=True, text=True, timeout=300)
            assert out.returncode == 2 and "Traceback" not in out.stderr and "[E400]" in out.stderr
            with Store.open(db, readonly=True) as store:
                assert store.stats()["articles"] == 3
        finally:
            if mounted:
                subprocess.run(["mount", "-o", "remount,rw", str(mounted)], check=True)
            else:
                folder.chmod(0o755)
        assert snapshot(db) == before


def test_readers_during_an_ingest_see_no_errors_and_do_not_block(tmp_path: Path) -> None:
    from fastapi.testclient import TestClient

    from marsad.web import create_app

    src = shared_path("corpus/saudinewsnet-2015.jsonl.gz")
    inputs = tmp_path / "slice.jsonl"
    with gzip.open(src, "rb") as fh:
        inputs.write_bytes(b"".join(line for _, line in zip(range(40), fh, strict=False)))
    db = tmp_path / "a.db"
    with Store.open(db) as store:  # an archive with a first article, so readers have something to read
        ingest(ARTICLES[:1], store, pipeline=build_pipeline(FAST))
    writer = subprocess.Popen([sys.executable, "-m", "marsad", "ingest", str(inputs), "--preset", "saudinewsnet",
                               "--db", str(db), "--quiet", "--stages", "clean,segment,dates"],
                              stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    errors: list[str] = []
    latencies: list[float] = []
    client = TestClient(create_app(db))

    def read_loop() -> None:
        while writer.poll() is None:
            for action in (lambda: Store.open(db, readonly=True).stats(),
                           lambda: client.get("/api/articles").raise_for_status(),
                           lambda: client.get("/api/search", params={"q": "السعودية"}).raise_for_status()):
                started = time.monotonic()
                try:
                    action()
                except Exception as err:  # noqa: BLE001 - every failure is what this test counts
                    errors.append(f"{type(err).__name__}: {err}")
                latencies.append(time.monotonic() - started)

    threads = [threading.Thread(target=read_loop) for _ in range(3)]
    for t in threads:
        t.start()
    _, err = writer.communicate(timeout=600)
    for t in threads:
        t.join(timeout=60)
    assert writer.returncode == 0, err
    assert errors == []
    assert len(latencies) > 20 and max(latencies) < 5.0, (len(latencies), max(latencies))
    assert integrity_problems(db) == []

"""Size and time limits: decompression bombs are refused in bounded memory, gigantic inputs are refused
with reason "too-large", and a document whose pipeline runs too long is rejected with reason "timeout"."""

from __future__ import annotations

import gzip
import json
import os
import re
import subprocess
import sys
import time
from pathlib import Path

import pytest
from robust_kit import ARTICLE, LONG, html_page

from marsad.ingest.dedup import NearDuplicateIndex
from marsad.ingest.runner import Summary, ingest_item, time_limit
from marsad.model import Document
from marsad.pipeline import Pipeline
from marsad.readers.files import InputItem
from marsad.store import Store
from marsad.timeouts import exit_after, timed_out_note

ROOT = Path(__file__).resolve().parents[2]
PY = sys.executable


def gzip_bomb(expanded_bytes: int, unit: bytes = b"\0") -> bytes:
    """A small .gz that expands to `expanded_bytes`: one compressed 1 MiB member, repeated (gzip allows
    concatenated members), so building a gigabyte bomb costs milliseconds."""
    member = gzip.compress(unit * (1 << 20), compresslevel=9)
    return member * (expanded_bytes >> 20)


@pytest.mark.skipif(not Path("/proc/self/status").exists(), reason="measures memory through /proc (Linux)")
def test_gzip_bombs_are_refused_in_bounded_memory(tmp_path: Path) -> None:
    # Each bomb is under 1 MB on disk and 128 MiB (1 GiB with MARSAD_LONG=1) unpacked; the reader stops at
    # the input limit.
    bomb = gzip_bomb(1 << 30 if LONG else 1 << 27)
    assert len(bomb) < 2_000_000
    names = ["bomb.txt.gz", "bomb.html.gz", "bomb.jsonl.gz", "bomb.json.gz", "bomb.rss.gz"]
    for name in names:
        (tmp_path / name).write_bytes(bomb)
    # Peak memory of the reading process: VmHWM (ru_maxrss would include the forking pytest's own size).
    script = ("import json, re, sys\n"
              "from marsad.readers.files import read_inputs\n"
              "items = [(i.source_key, i.error.reason if i.error else None) for i in read_inputs(sys.argv[1:])]\n"
              "hwm = re.search(r'VmHWM:\\s*(\\d+)', open('/proc/self/status').read())\n"
              "print(json.dumps({'items': items, 'maxrss_kb': int(hwm.group(1))}))\n")
    env = os.environ | {"MARSAD_MAX_INPUT_BYTES": str(4 << 20)}
    out = subprocess.run([PY, "-c", script, *[str(tmp_path / n) for n in names]], capture_output=True, text=True,
                         env=env, timeout=120, check=True)
    result = json.loads(out.stdout)
    reasons = {Path(k.split("#")[0]).name: r for k, r in result["items"]}
    assert set(reasons) == set(names)
    assert all(r == "too-large" for r in reasons.values()), reasons
    assert result["maxrss_kb"] < 200_000, result["maxrss_kb"]  # ~95 MB measured; an unbounded read is more


def test_a_jsonl_line_without_end_is_cut_and_the_next_lines_still_read(tmp_path: Path) -> None:
    good = json.dumps({"id": "ok", "content": ARTICLE}, ensure_ascii=False)
    data = b'{"id": "big", "content": "' + b"\xd8\xa7" * (3 << 20) + b'"}\n' + good.encode() + b"\n"
    path = tmp_path / "big.jsonl"
    path.write_bytes(data)
    script = ("import sys\nfrom marsad.readers.files import make_mapping, read_inputs\n"
              "for i in read_inputs(sys.argv[1:], make_mapping('saudinewsnet')):\n"
              "    print(i.source_key.split('#')[1], i.error.reason if i.error else 'ok')\n")
    env = os.environ | {"MARSAD_MAX_INPUT_BYTES": str(1 << 20)}
    out = subprocess.run([PY, "-c", script, str(path)], capture_output=True, text=True, env=env, timeout=60,
                         check=True)
    assert out.stdout.split("\n")[:2] == ["L1 too-large", "ok ok"]


def test_a_file_over_the_limit_is_refused_by_extract(tmp_path: Path) -> None:
    path = tmp_path / "long.txt"
    path.write_text(ARTICLE * 200, encoding="utf-8")
    env = os.environ | {"MARSAD_MAX_INPUT_BYTES": "50000"}
    out = subprocess.run([PY, "-m", "marsad", "extract", str(path)], capture_output=True, text=True, env=env,
                         timeout=60)
    assert out.returncode == 2
    assert "MARSAD_MAX_INPUT_BYTES" in out.stderr and "Traceback" not in out.stderr


class SlowStage:
    """A stage stuck in catastrophic regex backtracking (the kind of hang a real stage could hit)."""

    name, version, assigns, requires = "slow", "1", (), ()

    def __call__(self, doc: Document) -> Document:
        re.match(r"(a+)+b", "a" * 64)
        return doc


def test_a_document_over_the_time_limit_is_rejected_with_reason_timeout(tmp_path: Path) -> None:
    item = InputItem(source_key="slow.txt", kind="text", text=ARTICLE, encoding="utf-8", path="slow.txt")
    summary = Summary()
    with Store.open(tmp_path / "a.db") as store:
        started = time.monotonic()
        outcome = ingest_item(item, store, Pipeline([SlowStage()]), NearDuplicateIndex(store, 0.8), summary, timeout=0.5)
        elapsed = time.monotonic() - started
        rejects = store.conn.execute("SELECT reason, message FROM rejects").fetchall()
    assert outcome == "rejected" and summary.rejected == {"timeout": 1}
    assert elapsed < 5
    assert rejects[0][0] == "timeout" and "MARSAD_DOC_TIMEOUT" in rejects[0][1]


def test_time_limit_is_restored_and_does_not_fire_after_the_block() -> None:
    with time_limit(0.2):
        pass
    time.sleep(0.4)  # an alarm left armed would raise here
    with time_limit(0):  # 0: no limit
        time.sleep(0.01)


def test_exit_after_ends_a_process_whose_worker_thread_is_stuck_in_a_regex(tmp_path: Path) -> None:
    # What a Dask worker does (its tasks run in threads): no signal handler runs in the thread, and the regex
    # holds the GIL, so the kernel ends the process (SIGALRM's default action); the note says which document.
    note = tmp_path / "running"
    script = ("import re, sys, threading\nfrom pathlib import Path\nfrom marsad.timeouts import exit_after\n"
              "def work():\n    with Path(sys.argv[1]).open('w') as note, exit_after(0.5, note, 'document 7'):\n"
              "        re.match(r'(a+)+b', 'a' * 64)\n"
              "t = threading.Thread(target=work)\nt.start()\nt.join()\nprint('not stopped')\n")
    started = time.monotonic()
    out = subprocess.run([PY, "-c", script, str(note)], capture_output=True, text=True, timeout=60)
    assert out.returncode != 0 and "not stopped" not in out.stdout and time.monotonic() - started < 30
    assert timed_out_note(note) == "document 7"
    with note.open("w", encoding="utf-8") as fh:  # blocks that end in time: the note holds the last one
        for k in (8, 9):
            with exit_after(5, fh, f"document {k}"):
                pass
    time.sleep(0.1)
    assert note.read_text(encoding="utf-8").startswith("document 9\n") and timed_out_note(note) is None


def test_marsad_doc_timeout_env_reaches_the_ingest(tmp_path: Path) -> None:
    page = tmp_path / "page.html"
    page.write_text(html_page(), encoding="utf-8")
    env = os.environ | {"MARSAD_DOC_TIMEOUT": "0.001"}
    out = subprocess.run([PY, "-m", "marsad", "ingest", str(page), "--db", str(tmp_path / "a.db"), "--json"],
                         capture_output=True, text=True, env=env, timeout=120)
    assert "Traceback" not in out.stderr
    assert json.loads(out.stdout)["rejected_by_reason"] == {"timeout": 1}

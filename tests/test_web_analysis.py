"""POST /api/analyze runs each text in a child process under the per-document time limit (web.analysis): a
text the pipeline gets stuck on, or one that kills the process, is answered with its reason, and the next
text is analysed as usual. A real uvicorn server on 127.0.0.1 and real child processes."""

from __future__ import annotations

import os
import re
import signal
import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from marsad.errors import InputError
from marsad.ingest.runner import build_pipeline
from marsad.pipeline import Pipeline
from marsad.readers.files import InputItem
from marsad.store import Store
from marsad.web import analysis
from marsad.web.analysis import AnalysisWorker

STALL_MARK = "علامةالتعطيل"  # the stage below backtracks forever on a text holding it
EXIT_MARK = "علامةالخروج"  # … ends the process
DEAF_MARK = "علامةالصمم"  # … sleeps with SIGALRM blocked: only the server's kill ends it
TEXT = ("قال وزير الخارجية الروسي سيرغي لافروف أمس الأربعاء إن المحادثات مع المعارضة السورية في موسكو"
        " كانت مفيدة.\n\nوأضاف أن اللقاء المقبل سيعقد في القاهرة.\n")
SELF = "test_web_analysis:troubled_pipeline"  # the child imports this module by name (tests/ is on its path)


class TroubleStage:
    """Hangs, exits or goes deaf on the texts carrying the marks above; passes every other one."""

    name, version, assigns, requires = "trouble", "1", (), ()

    def __call__(self, doc: object) -> object:
        body = doc.body  # type: ignore[attr-defined]
        if STALL_MARK in body:
            re.match(r"(a+)+b", "a" * 64)  # catastrophic backtracking: only a signal in the main thread stops it
        if EXIT_MARK in body:
            os._exit(3)
        if DEAF_MARK in body:
            signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGALRM})
            time.sleep(60)
        return doc


def troubled_pipeline() -> Pipeline:
    pipeline = build_pipeline()
    return Pipeline([*pipeline.stages, TroubleStage()])


def _item(text: str) -> InputItem:
    return InputItem(source_key="(pasted)", kind="text", text=text, is_html=False, published="2015-08-13")


@pytest.fixture(scope="module")
def server(tmp_path_factory) -> Iterator[str]:
    import uvicorn

    from marsad.web import create_app

    db = tmp_path_factory.mktemp("analysis") / "archive.db"
    Store.open(db).close()
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    saved = analysis.DOC_TIMEOUT_S
    analysis.DOC_TIMEOUT_S = 3.0  # the server's limit (MARSAD_DOC_TIMEOUT, read when marsad is imported)
    app = create_app(db, analysis_pipeline=SELF)
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 15
    while not server.started:
        assert time.monotonic() < deadline and thread.is_alive(), "uvicorn did not start"
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}"
    server.should_exit = True
    thread.join(timeout=10)
    analysis.worker_for(SELF).close()
    analysis.DOC_TIMEOUT_S = saved


def _analyze(server: str, text: str) -> httpx.Response:
    return httpx.post(f"{server}/api/analyze", json={"text": text, "published": "2015-08-13"}, timeout=120)


def test_a_text_that_hangs_is_answered_timeout_and_the_next_is_analysed(server):
    first = _analyze(server, TEXT)
    assert first.status_code == 200, first.text
    names = {e["name"] for e in first.json()["entities"]}
    assert any("لافروف" in n for n in names)

    started = time.monotonic()
    stuck = _analyze(server, TEXT + f"\n{STALL_MARK} انتهى.\n")
    took = time.monotonic() - started
    assert stuck.status_code == 400
    assert stuck.json()["error"] == "timeout"
    assert "3 s" in stuck.json()["detail"]
    assert took < 3 + analysis.GRACE_S  # the child's own limit stopped it: no kill was needed

    again = _analyze(server, TEXT)
    assert again.status_code == 200
    assert again.json()["entities"] == first.json()["entities"]


def test_a_text_that_ends_the_process_is_answered_and_another_process_takes_over(server):
    crashed = _analyze(server, TEXT + f"\n{EXIT_MARK} انتهى.\n")
    assert crashed.status_code == 400
    assert crashed.json()["error"] == "stage-crash"
    assert "exit code 3" in crashed.json()["detail"]
    after = _analyze(server, TEXT)
    assert after.status_code == 200
    assert after.json()["entities"]


def test_a_child_deaf_to_the_limit_is_killed_after_the_grace_period():
    worker = AnalysisWorker(SELF, timeout=1.0, grace=1.0)
    try:
        assert worker.analyse(_item(TEXT)).entities
        first_child = worker._process.pid
        started = time.monotonic()
        with pytest.raises(InputError) as err:
            worker.analyse(_item(TEXT + f"\n{DEAF_MARK} انتهى.\n"))
        assert err.value.reason == "timeout"
        assert "restarted" in str(err.value)
        assert time.monotonic() - started < 10  # not the stage's 60 s sleep
        assert worker._process is None  # killed and forgotten
        assert worker.analyse(_item(TEXT)).entities  # a new child
        assert worker._process.pid != first_child
    finally:
        worker.close()


def test_what_ingest_rejects_is_rejected_with_the_same_reason():
    worker = AnalysisWorker(SELF, timeout=5.0)
    try:
        page = InputItem(source_key="(pasted)", kind="html", text="<html><body><nav>x</nav></body></html>",
                         is_html=True)
        with pytest.raises(InputError) as err:
            worker.analyse(page)
        assert err.value.reason == "not-arabic"  # (trafilatura keeps the "x"), as `marsad ingest` says of it
    finally:
        worker.close()


def test_a_pipeline_that_cannot_be_built_is_named(tmp_path: Path):
    from marsad.errors import MarsadError

    worker = AnalysisWorker("marsad.no_such_module:build", timeout=5.0)
    with pytest.raises(MarsadError, match="could not be built: ModuleNotFoundError"):
        worker.analyse(_item(TEXT))
    assert worker._process is None

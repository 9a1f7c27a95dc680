"""Pasted texts analysed in a child process of the server (POST /api/analyze and the /analyze page).

In the server's request thread no time limit could apply: SIGALRM reaches only a process's main thread, and
the server's process cannot be ended as a Dask worker's is. One text the pipeline got stuck on (a regular
expression in catastrophic backtracking, say) held the analysis lock for good, and every later analysis
waited behind it. Here each text runs in the main thread of a child process, under the per-document time
limit of `marsad ingest` (MARSAD_DOC_TIMEOUT; `runner.analyse`, which also turns a crashing stage into an
InputError). A child that does not answer even then (stuck in C code that never checks for signals) is
killed a grace period later, and the next request starts another.

One child per pipeline factory for the whole server process (the apps made by `create_app` share it), started
when the server starts (`create_app(warm_analysis=True)`, as `marsad serve` does) or else at the first
request, and given the pipeline's models before its first text is timed.
"""

from __future__ import annotations

import atexit
import contextlib
import importlib
import multiprocessing
import threading
from collections.abc import Callable
from multiprocessing.connection import Connection
from typing import Any

from .. import config
from ..errors import InputError, MarsadError
from ..model import Document
from ..timeouts import DOC_TIMEOUT_S

DEFAULT_PIPELINE = "marsad.ingest.runner:build_pipeline"
GRACE_S = config.ANALYSIS_GRACE_S  # (marsad.config: the limits in one place)
STARTUP_S = config.ANALYSIS_STARTUP_S


def _pipeline_factory(spec: str) -> Callable[[], Any]:
    module, _, name = spec.partition(":")
    return getattr(importlib.import_module(module), name)


def _child(conn: Connection, factory: str, timeout: float) -> None:
    """The child's loop: build and warm the pipeline, say so, then analyse each item received until the
    server closes its end. Answers are tuples (plain data: an InputError does not pickle with its reason)."""
    from ..ingest.runner import analyse
    from ..run.shard import warm_pipeline

    try:
        pipeline = _pipeline_factory(factory)()
        warm_pipeline(pipeline)
    except Exception as err:  # noqa: BLE001 - reported to the server, which names it to the client
        conn.send(("failed", f"the analysis pipeline could not be built: {type(err).__name__}: {err}"))
        return
    conn.send(("ready", None))
    while True:
        try:
            item = conn.recv()
        except (EOFError, OSError):  # the server closed its end, or is gone
            return
        try:
            conn.send(("ok", analyse(item, pipeline, timeout)))
        except InputError as err:
            conn.send(("error", err.reason, str(err)))


class AnalysisWorker:
    """A child process that analyses one item at a time (`analyse`), started when first needed."""

    def __init__(self, factory: str = DEFAULT_PIPELINE, timeout: float | None = None, grace: float = GRACE_S) -> None:
        self.factory = factory
        self.timeout = DOC_TIMEOUT_S if timeout is None else timeout
        self.grace = grace
        self._lock = threading.Lock()  # one text at a time: the child has one main thread
        self._process: Any = None
        self._conn: Connection | None = None
        self._ready = False  # the child said its pipeline is built and warm

    def analyse(self, item: Any) -> Document:
        """The Document of an InputItem, or InputError with the reason `marsad ingest` would reject it for
        (timeout, stage-crash, not-arabic, …)."""
        with self._lock:
            conn = self._started()
            conn.send(item)
            limit = self.timeout + self.grace if self.timeout > 0 else None
            if not conn.poll(limit):
                self._stop()
                raise InputError(f"processing took longer than {self.timeout:g} s (MARSAD_DOC_TIMEOUT); the"
                                 " analysis process was restarted", source=item.source_key, reason="timeout")
            try:
                answer = conn.recv()
            except (EOFError, OSError):
                code = self._stop()
                raise InputError(f"the analysis process ended while analysing this text (exit code {code})",
                                 source=item.source_key, reason="stage-crash") from None
        if answer[0] == "ok":
            return answer[1]
        raise InputError(answer[2], source=item.source_key, reason=answer[1])

    def _started(self) -> Connection:
        if self._process is not None and self._process.is_alive() and self._conn is not None:
            return self._conn
        self._stop()
        context = multiprocessing.get_context("spawn")  # the server runs threads: no fork
        ours, theirs = context.Pipe()
        process = context.Process(target=_child, args=(theirs, self.factory, self.timeout), daemon=True,
                                  name="marsad-analysis")
        process.start()
        theirs.close()
        self._process, self._conn = process, ours
        try:
            ready = ours.poll(STARTUP_S) and ours.recv()
        except (EOFError, OSError):
            ready = None
        if not ready or ready[0] != "ready":
            code = self._stop()
            detail = ready[1] if ready else f"it did not start (exit code {code})"
            raise MarsadError(f"the analysis process is unavailable: {detail}")
        self._ready = True
        return ours

    def _stop(self) -> int | None:
        """End the child (if any) and forget it; its exit code."""
        process, conn = self._process, self._conn
        self._process = self._conn = None
        self._ready = False
        if conn is not None:
            conn.close()
        if process is None:
            return None
        process.join(1.0)  # closing our end makes an idle child leave its loop
        if process.is_alive():
            process.kill()
            process.join()
        return process.exitcode

    def close(self) -> None:
        with self._lock:
            self._stop()

    def warm(self) -> threading.Thread:
        """Start the child and load its pipeline now, in a background thread, so the first text pasted
        after the server starts is answered in milliseconds, not seconds (a request arriving meanwhile
        waits on the lock for the same start). A failure is left for the first request to report."""

        def start() -> None:
            # The request side reads the pasted text with the readers (web.common.analyze): importing
            # them took ~2 s of the first analysis.
            importlib.import_module("marsad.readers.single")
            with self._lock, contextlib.suppress(MarsadError):
                self._started()

        thread = threading.Thread(target=start, name="marsad-analysis-warm", daemon=True)
        thread.start()
        return thread

    @property
    def ready(self) -> bool:
        return self._ready and self._process is not None and self._process.is_alive()


_WORKERS: dict[tuple[str, float], AnalysisWorker] = {}
_WORKERS_LOCK = threading.Lock()


def worker_for(factory: str = DEFAULT_PIPELINE, timeout: float | None = None) -> AnalysisWorker:
    """The server process's worker for this pipeline and time limit (made once, started when first used)."""
    key = (factory, DOC_TIMEOUT_S if timeout is None else timeout)
    with _WORKERS_LOCK:
        worker = _WORKERS.get(key)
        if worker is None:
            worker = _WORKERS[key] = AnalysisWorker(*key)
        return worker


@atexit.register
def _close_workers() -> None:
    # Without the lock: a request still analysing would hold the server's exit for up to the time limit.
    for worker in list(_WORKERS.values()):
        worker._stop()

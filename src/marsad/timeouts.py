"""The per-document time limit: a pathological page must not stall a batch or a command."""

from __future__ import annotations

import contextlib
import signal
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import TextIO

from . import config

# Documented default (docs/limits.md): a document whose pipeline takes longer is rejected with
# reason "timeout" (a pathological page must not stall a batch). 0 turns the limit off.
DOC_TIMEOUT_S = config.DOC_TIMEOUT_S  # $MARSAD_DOC_TIMEOUT (marsad.config)


class DocumentTimeout(BaseException):
    """Raised by the alarm inside a stage; a BaseException so a stage's `except Exception` cannot swallow it."""


@contextlib.contextmanager
def time_limit(seconds: float) -> Iterator[None]:
    """Raise DocumentTimeout in the block after `seconds` (SIGALRM, so only in the main thread of a
    process; elsewhere, or with seconds <= 0, the block runs unbounded)."""
    if seconds <= 0 or threading.current_thread() is not threading.main_thread() or not hasattr(signal, "setitimer"):
        yield
        return

    def on_alarm(_signum: int, _frame: object) -> None:
        raise DocumentTimeout

    previous = signal.signal(signal.SIGALRM, on_alarm)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


_WATCHDOG = threading.Lock()  # one interval timer per process: one guarded block at a time


@contextlib.contextmanager
def exit_after(seconds: float, note: TextIO, what: str) -> Iterator[None]:
    """For a worker thread, where `time_limit` cannot interrupt: when the block runs longer than `seconds`,
    the whole process ends, for its supervisor to start another (a Dask nanny does). The kernel ends it: an
    interval timer whose SIGALRM keeps its default action, terminate. No thread of Python could: a regular
    expression stuck in backtracking holds the GIL and gives way only to the main thread's signal check
    (a faulthandler timer would, but it starts a thread per block, ~1 ms a document on busy cores). `what`
    and the deadline replace the content of `note` (a file the caller keeps open), so that the next attempt
    knows what ran out of time (`timed_out_note`). Only for processes that may end so, whose SIGALRM has no
    handler: a server's request thread must never use it. seconds <= 0, a SIGALRM handler, or another block
    already guarded: no limit."""
    if seconds <= 0 or signal.getsignal(signal.SIGALRM) != signal.SIG_DFL or not _WATCHDOG.acquire(blocking=False):
        yield
        return
    try:
        note.seek(0)
        note.truncate()
        note.write(f"{what}\n{time.time() + seconds}\n")
        note.flush()
        signal.setitimer(signal.ITIMER_REAL, seconds)
        try:
            yield
        finally:
            signal.setitimer(signal.ITIMER_REAL, 0)
    finally:
        _WATCHDOG.release()


def timed_out_note(note: Path) -> str | None:
    """The `what` of an `exit_after` block whose process ended after its deadline (still running then, so out
    of time; one that ended earlier, or finished, is not), else None."""
    try:
        what, deadline = note.read_text(encoding="utf-8", errors="replace").splitlines()[:2]
        return what if time.time() >= float(deadline) else None
    except (OSError, ValueError):
        return None

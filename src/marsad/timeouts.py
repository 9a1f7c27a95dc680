"""The per-document time limit: a pathological page must not stall a batch or a command."""

from __future__ import annotations

import contextlib
import faulthandler
import os
import signal
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import TextIO

# Documented default (docs/limits.md): a document whose pipeline takes longer is rejected with
# reason "timeout" (a pathological page must not stall a batch). 0 turns the limit off.
DOC_TIMEOUT_S = float(os.environ.get("MARSAD_DOC_TIMEOUT", 60))


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


_WATCHDOG = threading.Lock()  # faulthandler has one timer per process: one guarded block at a time


@contextlib.contextmanager
def exit_after(seconds: float, note: TextIO, what: str) -> Iterator[None]:
    """For a worker thread, where `time_limit` cannot interrupt: when the block runs longer than `seconds`,
    the whole process ends, for its supervisor to start another (a Dask nanny does). The timer is
    faulthandler's, a thread of C that needs no GIL: a regular expression stuck in backtracking holds the GIL
    and gives way only to the main thread's signal check, so no Python thread could act. `what` replaces the
    content of `note` (a file kept open by the caller: opening one per document cost ~0.3 ms here) and the
    timer appends the threads' tracebacks before ending the process, so that the next attempt knows what ran
    out of time (`timed_out_note`). Only for processes that may end so: a server's request thread must never
    use it. seconds <= 0, or another block already guarded: no limit."""
    if seconds <= 0 or not _WATCHDOG.acquire(blocking=False):
        yield
        return
    try:
        note.seek(0)
        note.truncate()
        note.write(what + "\n")
        note.flush()
        faulthandler.dump_traceback_later(seconds, exit=True, file=note)
        try:
            yield
        finally:
            faulthandler.cancel_dump_traceback_later()
    finally:
        _WATCHDOG.release()


def timed_out_note(note: Path) -> str | None:
    """The `what` of an `exit_after` block that ran out of time (its note holds the tracebacks), else None."""
    try:
        text = note.read_text(encoding="utf-8", errors="replace")
    except OSError:
        return None
    what, _, dump = text.partition("\n")
    return what if "Timeout (" in dump else None

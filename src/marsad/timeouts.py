"""The per-document time limit: a pathological page must not stall a batch or a command."""

from __future__ import annotations

import contextlib
import os
import signal
import threading
from collections.abc import Iterator

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

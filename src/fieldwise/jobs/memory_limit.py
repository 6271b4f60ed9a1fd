"""A worker process's memory limit (`worker_memory_mb`): a watchdog thread reads the process's resident memory a
few times a second and, past the limit, ends the document it works on with that reason, then the process itself.

A watchdog rather than RLIMIT_AS: the address space of a process with ONNX Runtime and PDFium loaded is many
times its resident memory, so an address-space limit either refuses ordinary documents or binds nothing; and a
MemoryError raised somewhere inside a library leaves a process in a state no one should go on using. The thread
needs the GIL only for a moment between two of the evaluator's or a reader's bytecodes, and it exits through
os._exit, which no library can delay. Whoever sees the process gone (jobs.dispatch, the Celery reconciler) finds
the document already ended; the exit code says why if the reason could not be written.
"""

from __future__ import annotations

import logging
import os
import threading
from typing import Callable

log = logging.getLogger("fieldwise.worker")

EXIT_CODE = 86  # the process ended itself on its memory limit
_PAGE = os.sysconf("SC_PAGE_SIZE") if hasattr(os, "sysconf") else 4096


def reason(limit_mb: float) -> str:
    return f"the document took more memory than the worker limit of {limit_mb:g} MB (FIELDWISE_WORKER_MEMORY_MB)"


def resident_bytes() -> int | None:
    """This process's resident memory now (Linux), or None where it cannot be read."""
    try:
        with open("/proc/self/statm", "rb") as statm:
            return int(statm.read().split()[1]) * _PAGE
    except (OSError, ValueError, IndexError):
        return None


class MemoryWatch:
    """Started once per worker process. `current` is the collection being worked on (None between documents);
    `on_limit(collection_id)` records that document's end before the process exits."""

    def __init__(self, limit_mb: float, on_limit: Callable[[str], None], interval_s: float = 0.1) -> None:
        self.limit_mb, self.on_limit, self.interval_s = limit_mb, on_limit, interval_s
        self._current: str | None = None
        self._started = threading.Event()  # a document began: look at once, not a whole interval later
        self._thread = threading.Thread(target=self._watch, name="memory-watch", daemon=True)

    @property
    def current(self) -> str | None:
        return self._current

    @current.setter
    def current(self, collection_id: str | None) -> None:
        self._current = collection_id
        if collection_id is not None:
            self._started.set()

    def start(self) -> "MemoryWatch":
        if resident_bytes() is None:
            log.warning("resident memory cannot be read here: FIELDWISE_WORKER_MEMORY_MB is not enforced")
        else:
            self._thread.start()
        return self

    def _watch(self) -> None:
        limit = self.limit_mb * 1024 * 1024
        while True:
            self._started.wait(self.interval_s)
            self._started.clear()
            collection_id = self.current  # between documents there is nothing to end: a process idle
            used = resident_bytes() or 0  # above the limit is left alone until its next document
            if used <= limit or collection_id is None:
                continue
            log.error("collection %s: worker at %.0f MB, past its limit of %g MB; ending it", collection_id,
                      used / 2**20, self.limit_mb)
            try:
                self.on_limit(collection_id)
            finally:
                os._exit(EXIT_CODE)

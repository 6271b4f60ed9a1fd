"""One worker process of the in-process dispatcher: it runs one collection at a time, sent down its own pipe.

A process of its own per slot, rather than a shared executor pool, so that a process that dies (OOM, a crash in
a library) or is killed (time limit, withdrawn run) takes nothing down with it but its own document: the
dispatcher sees that one pipe and that one process end, and replaces them.

The process dies with its parent: on Linux the kernel sends it SIGKILL when the thread that started it ends
(PR_SET_PDEATHSIG), and everywhere a watchdog thread ends it once its parent is gone, so a server killed with
SIGKILL leaves no worker behind.
"""

from __future__ import annotations

import ctypes
import logging
import multiprocessing
import os
import signal
import sys
import threading
import time
from multiprocessing.connection import Connection
from typing import TYPE_CHECKING, Any

from fieldwise.settings import Settings

if TYPE_CHECKING:
    from fieldwise.jobs.pages import PageHelpers

log = logging.getLogger("fieldwise.dispatch")

_PR_SET_PDEATHSIG = 1


class Slot:
    """The parent's side: start the process, send it a collection id, read how it ended, kill it."""

    def __init__(self, settings: Settings, helpers: "PageHelpers | None" = None, index: int = 0) -> None:
        context = multiprocessing.get_context("spawn")
        self.conn, child = context.Pipe()
        self.index = index  # its answer queue among the helpers' (a replacement takes the same index)
        self.process = context.Process(target=serve, args=(child, settings, os.getpid(), helpers, index),
                                       name="fieldwise-worker", daemon=True)
        self.process.start()
        child.close()
        self.collection_id: str | None = None
        self.started = 0.0

    @property
    def busy(self) -> bool:
        return self.collection_id is not None

    @property
    def alive(self) -> bool:
        return self.process.is_alive()

    @property
    def sentinel(self) -> int:
        return self.process.sentinel

    @property
    def exitcode(self) -> int | None:
        return self.process.exitcode

    def run(self, collection_id: str) -> None:
        self.conn.send(collection_id)
        self.collection_id, self.started = collection_id, time.monotonic()

    def outcome(self) -> tuple[str, str] | None:
        """('done', status) or ('failed', why) once the process answered; None while it works."""
        if not self.conn.poll():
            return None
        kind, _collection_id, detail = self.conn.recv()
        return kind, detail

    def done(self) -> None:
        self.collection_id = None

    def kill(self) -> None:
        if self.process.is_alive():
            self.process.kill()
        self.process.join(timeout=5)
        self.conn.close()
        self.collection_id = None


def serve(conn: Connection, settings: Settings, parent_pid: int, helpers: "PageHelpers | None" = None,
          index: int = 0) -> None:
    """The worker process: collection ids in, ('done' | 'failed', id, detail) out, until the pipe closes. With
    `helpers`, it reads other workers' scanned pages while it has no collection, and lends its own out."""
    _die_with_parent(parent_pid)
    from fieldwise.jobs import pages, worker

    context = worker.WorkerContext.from_settings(settings)
    idle = threading.Event()
    if helpers is not None:
        context.pages = pages.HelperPool(helpers, index)
        pages.help_while_idle(helpers, idle)
    while True:
        idle.set()
        try:
            collection_id = conn.recv()
        except (EOFError, OSError):
            return
        idle.clear()
        try:
            status = worker.run_collection(context, collection_id)
            answer: tuple[str, str, Any] = ("done", collection_id, status)
        except Exception as exc:  # infrastructure (database, storage): the dispatcher retries the document
            answer = ("failed", collection_id, repr(exc))
        try:
            conn.send(answer)
        except (EOFError, OSError):
            return


def _die_with_parent(parent_pid: int) -> None:
    if sys.platform.startswith("linux"):
        try:
            libc = ctypes.CDLL(None, use_errno=True)
            libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
        except (OSError, AttributeError):
            log.warning("PR_SET_PDEATHSIG unavailable; relying on the parent watchdog")
    if os.getppid() != parent_pid:  # the parent died before the signal was armed
        os._exit(1)
    threading.Thread(target=_watch_parent, args=(parent_pid,), name="parent-watchdog", daemon=True).start()


def _watch_parent(parent_pid: int) -> None:
    while True:
        time.sleep(1.0)
        if os.getppid() != parent_pid:
            os._exit(1)

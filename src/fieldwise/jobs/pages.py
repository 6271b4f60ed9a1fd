"""The scanned pages of one document OCR'd by every worker process of the server: idle workers help a busy one.

    PageHelpers        made once by the in-process dispatcher and handed to each worker process: one queue of
                       page tasks that all workers share, and one answer queue per worker slot
    HelperPool         the busy worker's side, a documents.ocr.PagePool: it puts a few rendered pages on the
                       shared queue, reads pages off it itself (its own or another document's) while it waits, and
                       hands the reader each page in order
    help_while_idle    a thread in every worker process: while the process has no document of its own, it takes
                       page tasks and sends each answer to the worker that asked

The document's limits still hold. Only `workers` + 1 rendered pages of a document are out at once, so its
memory stays bounded; a helper skips a page whose document has passed its deadline; the owner keeps checking its own
budget (deadline, withdrawal) while it waits, and when no answer has come for STALL_S (a helper that died) it
reads the rest of the document itself. A helper reads each page in its own process, under that process's own
limits.
"""

from __future__ import annotations

import dataclasses
import logging
import multiprocessing
import queue
import threading
import time
import uuid
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Iterable, Iterator

from fieldwise.documents.limits import Budget
from fieldwise.documents.model import Page
from fieldwise.documents.options import ReadOptions

if TYPE_CHECKING:
    from PIL import Image

log = logging.getLogger("fieldwise.dispatch")

POLL_S = 0.05  # how long the owner waits for an answer between checks of its queue and its budget
AHEAD = 4  # answered pages kept for the reader, at most this many per worker ahead of the one it waits for
STALL_S = 60.0  # no answer for this long while pages are out: the owner reads the rest of the document itself


@dataclass(frozen=True, slots=True)
class PageTask:
    """One rendered page, sent as raw pixels (never a pickled image object) with its owner's address."""

    owner: int  # the slot index whose answer queue gets the result
    token: str  # the owner's map() call: answers to an earlier call are dropped
    seq: int
    number: int
    mode: str
    size: tuple[int, int]
    pixels: bytes
    options: ReadOptions  # without the budget's callbacks and without a pool
    deadline: float  # time.time() after which the page is not worth reading


class PageHelpers:
    """The queues every worker process of one dispatcher shares. Built in the server before the workers start."""

    def __init__(self, workers: int) -> None:
        context = multiprocessing.get_context("spawn")
        self.size = workers
        self.tasks: Any = context.Queue()
        self.answers: list[Any] = [context.Queue() for _ in range(workers)]

    def take(self, timeout: float | None = None) -> PageTask | None:
        try:
            return self.tasks.get(timeout=timeout) if timeout else self.tasks.get_nowait()
        except queue.Empty:
            return None

    def run(self, task: PageTask) -> None:
        """Read one page in this process and answer its owner."""
        from PIL import Image

        from fieldwise.documents.ocr import recognize

        if time.time() > task.deadline:
            result: Page | Exception | None = None  # the owner has given up on this document already
        else:
            try:
                image = Image.frombytes(task.mode, task.size, task.pixels)
                result = recognize(image, task.number, task.options)
            except Exception as exc:  # sent back as text: an arbitrary exception may not survive pickling
                result = RuntimeError(f"{type(exc).__name__}: {exc}")
        self.answers[task.owner].put((task.token, task.seq, result))

    def close(self) -> None:
        for q in (self.tasks, *self.answers):
            q.close()
            q.cancel_join_thread()


class HelperPool:
    """The PagePool of the worker in slot `index`: its document's scanned pages go out to every idle worker."""

    def __init__(self, helpers: PageHelpers, index: int) -> None:
        self.helpers, self.index = helpers, index

    def map(self, images: Iterable[tuple[int, "Image.Image"]], options: ReadOptions) -> Iterator[Page | Exception]:
        token = uuid.uuid4().hex
        budget = options.budget
        remaining = budget.deadline - time.monotonic() if budget.deadline is not None else 24 * 3600.0
        portable = dataclasses.replace(options, budget=Budget(), page_pool=None)
        deadline = time.time() + remaining
        pending = iter(images)
        out: dict[int, PageTask] = {}  # sent and not answered yet: the only pages whose pixels are kept
        done: dict[int, Page | Exception] = {}  # answered, waiting for the pages before them
        sent = given = 0
        exhausted = alone = False
        last_answer = time.monotonic()
        while True:
            self._collect(token, out, done, 0.0)
            # one page more than there are workers, so a worker that finishes finds the next one waiting
            while not exhausted and len(out) <= self.helpers.size and sent - given < AHEAD * self.helpers.size:
                item = next(pending, None)
                if item is None:
                    exhausted = True
                    break
                number, image = item
                task = PageTask(self.index, token, sent, number, image.mode, image.size, image.tobytes(),
                                portable, deadline)
                if alone:
                    done[sent] = self._read_here(task)
                else:
                    out[sent] = task
                    self.helpers.tasks.put(task)
                sent += 1
            if exhausted and given == sent:
                return
            if given in done:
                yield done.pop(given)
                given += 1
                continue
            helped = not alone and self._help() is not None  # reading a page here is progress, not a stall
            if self._collect(token, out, done, 0.0 if helped else POLL_S) or helped:
                last_answer = time.monotonic()
            budget.tick()
            if given not in done and time.monotonic() - last_answer > STALL_S:
                # a helper died holding a page, or with the queue's lock (a process killed inside get()): the
                # rest of this document is read here, so a broken queue costs a document STALL_S at most
                log.warning("page %d: no answer from the helping workers for %.0f s; reading the rest here",
                            out[given].number, STALL_S)
                alone = True
                for seq in sorted(out):
                    done[seq] = self._read_here(out.pop(seq))

    def _help(self) -> PageTask | None:
        """Read one queued page, this document's or another's, if any is waiting."""
        task = self.helpers.take()
        if task is not None:
            self.helpers.run(task)
        return task

    def _collect(self, token: str, out: dict[int, PageTask], done: dict[int, Page | Exception],
                 timeout: float) -> bool:
        """Move every answer that has arrived for this call from `out` into `done`; True if any did."""
        answers = self.helpers.answers[self.index]
        got = False
        try:
            while True:
                answer_token, seq, result = answers.get(timeout=timeout) if timeout else answers.get_nowait()
                timeout = 0.0
                if answer_token == token and seq in out and result is not None:
                    del out[seq]
                    done[seq] = result
                    got = True
        except queue.Empty:
            return got

    @staticmethod
    def _read_here(task: PageTask) -> Page | Exception:
        from PIL import Image

        from fieldwise.documents.ocr import recognize

        try:
            return recognize(Image.frombytes(task.mode, task.size, task.pixels), task.number, task.options)
        except Exception as exc:
            return exc


def help_while_idle(helpers: PageHelpers, idle: threading.Event) -> threading.Thread:
    """Start the thread that reads other workers' pages whenever this process has no document of its own."""

    def loop() -> None:
        while True:
            idle.wait()
            task = helpers.take(timeout=0.5)
            if task is not None:
                try:
                    helpers.run(task)
                except Exception:  # an answer queue gone (server stopping): nothing to answer
                    log.exception("a page task could not be answered")

    thread = threading.Thread(target=loop, name="page-helper", daemon=True)
    thread.start()
    return thread

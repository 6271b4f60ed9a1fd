"""How `fieldwise submit` reports as it goes, on standard error: a live bar (done, failed, pages per second,
ETA) on a terminal, one plain line per file otherwise (logs, CI, pipes)."""

from __future__ import annotations

import sys
import time
from typing import TextIO

from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    SpinnerColumn,
    TextColumn,
    TimeElapsedColumn,
    TimeRemainingColumn,
)
from rich.markup import escape

from fieldwise.cli.remote_output import Outcome


class Tally:
    """Counts shared by both reporters."""

    def __init__(self, total: int) -> None:
        self.total, self.processed, self.failed, self.pages = total, 0, 0, 0
        self.started = time.monotonic()

    def add(self, outcome: Outcome) -> None:
        if outcome.ok:
            self.processed += 1
            self.pages += outcome.pages
        else:
            self.failed += 1

    @property
    def done(self) -> int:
        return self.processed + self.failed

    @property
    def elapsed(self) -> float:
        return time.monotonic() - self.started

    @property
    def pages_per_second(self) -> float:
        return self.pages / self.elapsed if self.elapsed > 0 else 0.0

    def summary(self) -> str:
        return (f"{self.total} files: {self.processed} processed, {self.failed} failed; "
                f"{self.pages} pages in {self.elapsed:.1f} s ({self.pages_per_second:.2f} pages/s)")


class PlainReporter:
    """One line per finished file, for logs and pipes."""

    def __init__(self, total: int, stream: TextIO | None = None) -> None:
        self.tally = Tally(total)
        self.stream = stream or sys.stderr

    def __enter__(self) -> PlainReporter:
        return self

    def __exit__(self, *exc_info: object) -> None:
        pass

    def say(self, message: str) -> None:
        print(message, file=self.stream, flush=True)

    def finished(self, outcome: Outcome) -> None:
        self.tally.add(outcome)
        width = len(str(self.tally.total))
        where = f"[{self.tally.done:>{width}}/{self.tally.total}]"
        if outcome.ok:
            self.say(f"{where} processed {outcome.path} ({outcome.pages} pages, {outcome.seconds:.1f} s)")
        else:
            self.say(f"{where} failed {outcome.path}: {outcome.error}")


class LiveReporter(PlainReporter):
    """A rich progress bar; failures are printed above it as they happen."""

    def __init__(self, total: int, console: Console) -> None:
        super().__init__(total)
        self.console = console
        self.progress = Progress(
            SpinnerColumn(), TextColumn("[bold]submitting"), BarColumn(), MofNCompleteColumn(),
            TextColumn("[red]{task.fields[failed]} failed"), TextColumn("{task.fields[rate]} pages/s"),
            TimeElapsedColumn(), TextColumn("ETA"), TimeRemainingColumn(), console=console, transient=False,
        )
        self.task = self.progress.add_task("submit", total=total, failed=0, rate="0.00")

    def __enter__(self) -> LiveReporter:
        self.progress.start()
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.progress.stop()

    def say(self, message: str) -> None:
        self.progress.console.print(escape(message), highlight=False)

    def finished(self, outcome: Outcome) -> None:
        self.tally.add(outcome)
        if not outcome.ok:
            self.progress.console.print(f"[red]failed[/red] {escape(str(outcome.path))}: {escape(outcome.error or '')}",
                                        highlight=False)
        self.progress.update(self.task, completed=self.tally.done, failed=self.tally.failed,
                             rate=f"{self.tally.pages_per_second:.2f}")


def reporter_for(total: int) -> PlainReporter:
    """The live bar when standard error is a terminal, plain lines otherwise."""
    console = Console(stderr=True)
    if console.is_terminal and not console.is_dumb_terminal:
        return LiveReporter(total, console)
    return PlainReporter(total)

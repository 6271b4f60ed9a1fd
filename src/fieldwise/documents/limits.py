"""What one run may spend, counted over every file of a collection and every attachment inside them.

The limits themselves are fields of ReadOptions (built from Settings); a Budget is the running count that all the
readers of one run share (ReadOptions carries it, and `dataclasses.replace` keeps the same one for attachments), so
an e-mail with three 1,000-page PDFs counts 3,001 pages against one limit, not 1,000 against each.

A reader calls:
    spend_pages(options, count, what)   before it reads `count` pages (PDF pages, image frames, sheets, slides)
    spend_rows(options, count, what)    per row it materialises, empty spreadsheet rows included
    check_table(options, rows, width)   before it lays out a table, counting every row padded to the widest
    tick(options)                       between pages: raises when the run's time is up or it was withdrawn

Each raises LimitExceeded (or TimeLimitExceeded, Withdrawn) with the reason; nothing is ever cut silently.
"""

from __future__ import annotations

import time
from typing import TYPE_CHECKING, Callable

from fieldwise.errors import LimitExceeded, TimeLimitExceeded, Withdrawn

if TYPE_CHECKING:
    from fieldwise.documents.options import ReadOptions

CANCEL_CHECK_S = 0.5  # how often tick() asks whether the run was withdrawn (a database read in the worker)


class Budget:
    """Running counts for one run, its deadline (time.monotonic) and how to ask whether it was withdrawn."""

    def __init__(self, *, timeout_s: float | None = None, cancelled: Callable[[], bool] | None = None) -> None:
        self.pages = 0
        self.cells = 0
        self.rows = 0
        self.timeout_s = timeout_s
        self.deadline = time.monotonic() + timeout_s if timeout_s is not None else None
        self.cancelled = cancelled
        self._next_cancel_check = 0.0

    def tick(self) -> None:
        now = time.monotonic()
        if self.deadline is not None and now > self.deadline:
            raise TimeLimitExceeded(time_limit_reason(self.timeout_s or 0))
        if self.cancelled is not None and now >= self._next_cancel_check:
            self._next_cancel_check = now + CANCEL_CHECK_S
            if self.cancelled():
                raise Withdrawn()


def time_limit_reason(timeout_s: float) -> str:
    return f"the document took longer than the time limit of {timeout_s:g} s (FIELDWISE_DOCUMENT_TIMEOUT_S)"


def tick(options: "ReadOptions") -> None:
    options.budget.tick()


def spend_pages(options: "ReadOptions", count: int, what: str) -> None:
    budget = options.budget
    budget.pages += count
    if budget.pages > options.max_pages:
        if budget.pages == count:
            raise LimitExceeded(f"{what} has {count} pages; the limit is {options.max_pages}")
        raise LimitExceeded(f"{what} brings the run to {budget.pages} pages; the limit is {options.max_pages} "
                            "(every file and attachment counted together)")


def check_pages_ahead(options: "ReadOptions", count: int, what: str) -> None:
    """Pages about to be read (counted from the files' headers, nothing spent): a run that would pass the limit
    ends before it reads the first of them, not after a thousand pages of the first file."""
    total = options.budget.pages + count
    if total > options.max_pages:
        raise LimitExceeded(f"{what} bring the run to {total} pages; the limit is {options.max_pages} "
                            "(every file and attachment counted together)")


def spend_rows(options: "ReadOptions", count: int, what: str) -> None:
    budget = options.budget
    budget.rows += count
    if budget.rows > options.max_table_rows:
        raise LimitExceeded(f"{what} has more than {options.max_table_rows} table rows in all; "
                            "the limit is FIELDWISE_MAX_TABLE_ROWS")


def check_width(options: "ReadOptions", width: int, what: str) -> None:
    if width > options.max_table_columns:
        raise LimitExceeded(f"{what} has a table {width} columns wide; the limit is {options.max_table_columns} "
                            "(FIELDWISE_MAX_TABLE_COLUMNS)")


def check_cells(options: "ReadOptions", cells: int, what: str) -> None:
    """`cells` read so far by a reader that has not laid its table out yet (nothing is spent)."""
    if options.budget.cells + cells > options.max_table_cells:
        raise LimitExceeded(f"{what} has more than {options.max_table_cells} table cells; the limit is "
                            "FIELDWISE_MAX_TABLE_CELLS")


def check_table(options: "ReadOptions", rows: int, width: int, what: str = "the document") -> None:
    """A table about to be laid out: `rows` rows each padded to `width` cells."""
    check_width(options, width, what)
    if rows > options.max_table_rows:
        raise LimitExceeded(f"{what} has a table of {rows} rows; the limit is {options.max_table_rows} "
                            "(FIELDWISE_MAX_TABLE_ROWS)")
    budget = options.budget
    budget.cells += rows * width
    if budget.cells > options.max_table_cells:
        raise LimitExceeded(f"{what} has more than {options.max_table_cells} table cells, counting every row as "
                            "wide as its table's widest; the limit is FIELDWISE_MAX_TABLE_CELLS")

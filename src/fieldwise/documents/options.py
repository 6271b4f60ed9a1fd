"""Knobs that change how hard a reader works, and the limits of one run. Built from Settings and the workflow's
parse node."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Literal

from fieldwise.documents.limits import Budget

if TYPE_CHECKING:
    from fieldwise.documents.ocr import PagePool


Effort = Literal["low", "standard", "high"]  # the OCR profile's name


@dataclass(frozen=True, slots=True)
class ReadOptions:
    effort: Effort = "standard"  # the OCR profile: fieldwise.documents.ocr.PROFILES
    max_pages: int = 2000  # pages of the whole run: every file and attachment together
    max_image_pixels: int = 90_000_000
    max_table_cells: int = 500_000  # every table of the run, each row counted as wide as its table's widest
    max_table_columns: int = 1_000
    max_table_rows: int = 100_000  # every table of the run, empty spreadsheet rows read on the way included
    max_inflated_bytes: int = 32 * 1024 * 1024  # an Office file's parts once inflated, all together
    ocr_engine: str = "rapidocr"  # a name in fieldwise.documents.ocr.ENGINES
    ocr_threads: int = 1  # onnxruntime intra-op threads; the server runs one worker process per core
    pdf_render_dpi: int = 200  # resolution at which a PDF page without a text layer is rendered for OCR
    max_attachment_depth: int = 3  # e-mail inside e-mail inside e-mail: deeper attachments become warnings
    budget: Budget = field(default_factory=Budget, compare=False)  # the run's counts, shared by its readers
    page_pool: "PagePool | None" = field(default=None, compare=False)  # who OCRs scanned pages; None: this process

"""Knobs that change how hard a reader works. Built from Settings and the workflow's parse node."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal


@dataclass(frozen=True, slots=True)
class ReadOptions:
    effort: Literal["low", "standard", "high"] = "standard"  # the OCR profile: fieldwise.documents.ocr.PROFILES
    max_pages: int = 2000
    max_image_pixels: int = 90_000_000
    ocr_engine: str = "rapidocr"  # a name in fieldwise.documents.ocr.ENGINES
    ocr_threads: int = 1  # onnxruntime intra-op threads; the server runs one worker process per core
    pdf_render_dpi: int = 200  # resolution at which a PDF page without a text layer is rendered for OCR
    max_attachment_depth: int = 3  # e-mail inside e-mail inside e-mail: deeper attachments become warnings

"""Knobs that change how hard a reader works. Built from Settings and the workflow's parse node."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal


@dataclass(frozen=True, slots=True)
class ReadOptions:
    effort: Literal["low", "standard", "high"] = "standard"  # high: more OCR passes, higher resolution
    max_pages: int = 2000
    max_image_pixels: int = 90_000_000

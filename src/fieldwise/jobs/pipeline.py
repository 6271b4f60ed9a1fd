"""One document through the engine: read -> parse output -> extract. Each stage is timed; no I/O beyond its input.

Used by the server's workers and by the in-process batch CLI, so both answer with the same shapes.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from typing import Any

from fieldwise import documents, extraction
from fieldwise.documents.options import ReadOptions
from fieldwise.documents.parse_output import parse_output
from fieldwise.extraction import wire
from fieldwise.extraction.schema import FieldSpec


@dataclass(slots=True)
class Processed:
    media_type: str
    page_count: int
    parse: dict[str, Any]
    extraction: dict[str, Any]  # stored form, see fieldwise.extraction.wire
    warnings: list[str] = field(default_factory=list)
    timings: dict[str, float] = field(default_factory=dict)


def process_document(
    data: bytes,
    fields: list[FieldSpec],
    *,
    filename: str | None = None,
    media_type: str | None = None,
    options: ReadOptions | None = None,
) -> Processed:
    """Raises fieldwise.errors.DocumentError (with the reason) when the document cannot be read."""
    timings: dict[str, float] = {}
    start = time.perf_counter()
    media_type = media_type or documents.detect_media_type(data, filename)
    document = documents.read(data, media_type, options or ReadOptions(), filename=filename)
    timings["read"] = time.perf_counter() - start

    start = time.perf_counter()
    parsed = parse_output(document, filename)
    timings["parse_output"] = time.perf_counter() - start

    start = time.perf_counter()
    stored = wire.dump(extraction.extract(document, fields)) if fields else {}
    timings["extract"] = time.perf_counter() - start
    return Processed(media_type, document.page_count, parsed, stored, list(document.warnings), timings)

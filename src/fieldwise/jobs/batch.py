"""Many files through the one-document pipeline in a process pool, in the order given: the batch CLI's engine."""

from __future__ import annotations

import os
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterator

from fieldwise.errors import FieldwiseError
from fieldwise.extraction import wire
from fieldwise.extraction.schema import FieldSpec
from fieldwise.jobs.pipeline import process_document


@dataclass(slots=True)
class FileResult:
    file: str  # the path as given
    status: str  # "processed" | "error"
    fields: dict[str, Any] | None  # exactly wire.flat_view: the body of GET /v2/files/{id}/extraction/
    error: str | None = None
    pages: int = 0
    timings: dict[str, float] = field(default_factory=dict)

    def to_line(self) -> dict[str, Any]:
        return {"file": self.file, "status": self.status, "fields": self.fields, "error": self.error}


def process_file(path: str, fields: list[FieldSpec]) -> FileResult:
    """One file: never raises for a document that cannot be read; the reason is in `error`."""
    try:
        data = Path(path).read_bytes()
        processed = process_document(data, fields, filename=os.path.basename(path))
    except (FieldwiseError, OSError) as exc:
        return FileResult(path, "error", None, str(exc) or type(exc).__name__)
    flat = wire.flat_view(processed.extraction, fields)
    return FileResult(path, "processed", flat, None, processed.page_count, processed.timings)


def _one(task: tuple[str, list[FieldSpec]]) -> FileResult:
    path, fields = task
    return process_file(path, fields)


def run_batch(paths: list[str], fields: list[FieldSpec], workers: int | None = None) -> Iterator[FileResult]:
    """Results in the order of `paths`; `workers` processes (default: every core), in-process for one."""
    workers = workers or os.cpu_count() or 1
    if workers <= 1 or len(paths) <= 1:
        for path in paths:
            yield process_file(path, fields)
        return
    with ProcessPoolExecutor(max_workers=min(workers, len(paths))) as pool:
        yield from pool.map(_one, [(path, fields) for path in paths])

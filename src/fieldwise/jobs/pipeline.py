"""Files through the engine: read each -> one Document -> parse output -> extract. Each stage is timed.

Used by the server's workers and by the in-process batch CLI, so both answer with the same shapes. A collection
of several files is read as one packet: their pages follow one another in upload order.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from typing import Any, Callable

from fieldwise import documents, extraction
from fieldwise.documents.model import Document, Page
from fieldwise.documents.limits import check_pages_ahead
from fieldwise.documents.options import ReadOptions
from fieldwise.documents.parse_output import parse_output
from fieldwise.errors import DocumentError
from fieldwise.extraction import wire
from fieldwise.extraction.memory import Memories
from fieldwise.extraction.recalibration import Remap, apply
from fieldwise.extraction.sheet import Sheet
from fieldwise.extraction.schema import FieldSpec
from fieldwise.workflows import edit
from fieldwise.workflows.plan import Graph
from fieldwise.workflows.run import run_graph


@dataclass(frozen=True, slots=True)
class Input:
    data: bytes
    filename: str | None = None
    media_type: str | None = None
    file_id: str | None = None  # the stored file, named in a split's page lists


@dataclass(slots=True)
class Processed:
    media_type: str
    page_count: int
    parse: dict[str, Any]
    extraction: dict[str, Any]  # stored form, see fieldwise.extraction.wire
    warnings: list[str] = field(default_factory=list)
    timings: dict[str, float] = field(default_factory=dict)
    graph: dict[str, Any] | None = None  # typed graphs: classifications, splits, extractions, validations
    file_pages: list[int] = field(default_factory=list)  # each input's page count, in packet order
    filled: list[bytes | None] = field(default_factory=list)  # the edit node's PDFs, one per entry of graph edits
    layout: dict[str, Any] | None = None  # the document's words and boxes, for layout memory (extraction.sheet)


def _locator(inputs: list[Input], parts: list[Document]) -> Callable[[list[int]], list[dict[str, Any]]]:
    """Packet page numbers -> the files they came from, with each file's own page numbers."""
    owners: list[tuple[int, int]] = []  # packet page index -> (input index, page number in that file)
    for index, part in enumerate(parts):
        owners.extend((index, number) for number in range(1, part.page_count + 1))

    def locate(pages: list[int]) -> list[dict[str, Any]]:
        out: dict[int, dict[str, Any]] = {}
        for page in sorted(pages):
            index, local = owners[page - 1]
            item = inputs[index]
            entry = out.setdefault(index, {"file_id": item.file_id, "file_name": item.filename, "pages": []})
            entry["pages"].append(local)
        return list(out.values())

    return locate


def _packet(parts: list[Document]) -> Document:
    if len(parts) == 1:
        return parts[0]
    pages: list[Page] = []
    warnings: list[str] = []
    for part in parts:
        for page in part.pages:
            page.number = len(pages) + 1
            pages.append(page)
        warnings.extend(part.warnings)
    return Document(pages=pages, media_type=parts[0].media_type, warnings=warnings)


def process_files(inputs: list[Input], fields: list[FieldSpec] | tuple[FieldSpec, ...],
                  options: ReadOptions | None = None, graph: Graph | None = None,
                  remap: Remap | None = None, references: list[tuple[str, str]] | None = None,
                  memory: Memories | None = None) -> Processed:
    """`remap` is the workflow's own confidence remap (fieldwise.jobs.recalibrate), applied to every value;
    `memory` the workflow's layout memories (jobs.learning), which propose learned values.
    Raises fieldwise.errors.DocumentError (with the reason) when a file cannot be read or the run passes one
    of its limits, TimeLimitExceeded past `options.budget`'s deadline and Withdrawn when the budget finds the run
    withdrawn; both are checked between files, pages and stages. With a typed `graph`, its nodes run instead of
    a plain extraction of `fields`; `extraction` is then the first part's, for the flat views. `references` are
    the (name, text) of the edit node's reference files, in its order."""
    options = options or ReadOptions()
    checkpoint = options.budget.tick

    timings: dict[str, float] = {}
    start = time.perf_counter()
    if len(inputs) > 1:
        check_pages_ahead(options, sum(documents.pages_ahead(i.data, i.media_type, i.filename) for i in inputs),
                          "the collection's files")
    parts = []
    for item in inputs:
        checkpoint()
        media_type = item.media_type or documents.detect_media_type(item.data, item.filename)
        parts.append(documents.read(item.data, media_type, options, filename=item.filename))
    locate = _locator(inputs, parts)  # before _packet renumbers the pages
    document = _packet(parts)
    timings["read"] = time.perf_counter() - start
    checkpoint()

    start = time.perf_counter()
    parsed = parse_output(document, inputs[0].filename if len(inputs) == 1 else None)
    timings["parse_output"] = time.perf_counter() - start

    start = time.perf_counter()
    outcome = None
    filled: list[bytes | None] = []
    if graph is not None:
        outcome = run_graph(document, graph, locate, checkpoint, remap, memory)
        stored = outcome["extractions"][0]["fields"] if outcome["extractions"] else {}
        timings["graph"] = time.perf_counter() - start
        if graph.edit is not None:
            start = time.perf_counter()
            outcome["edits"], filled = _edit(inputs, graph.edit, references or [], document.warnings, checkpoint)
            timings["edit"] = time.perf_counter() - start
    else:
        stored = apply(wire.dump(extraction.extract(document, list(fields), memory)), remap) if fields else {}
        timings["extract"] = time.perf_counter() - start
    return Processed(document.media_type, document.page_count, parsed, stored, list(document.warnings), timings,
                     outcome, [part.page_count for part in parts], filled,
                     layout=Sheet.from_document(document).to_json())


def _edit(inputs: list[Input], step: edit.EditStep, references: list[tuple[str, str]], warnings: list[str],
          checkpoint: Callable[[], None]) -> tuple[list[dict[str, Any]], list[bytes | None]]:
    """The edit node on each PDF of the packet (other files have no form: no entry). A PDF whose form cannot be
    filled gets an entry with its `error` and no link; the run goes on."""
    pairs = edit.all_pairs(step, references)
    entries: list[dict[str, Any]] = []
    filled: list[bytes | None] = []
    for item in inputs:
        media_type = item.media_type or documents.detect_media_type(item.data, item.filename)
        if media_type != "application/pdf":
            continue
        checkpoint()
        names = {"file_id": item.file_id, "file_name": item.filename or "document.pdf"}
        try:
            entry, pdf, notes = edit.edit_pdf(item.data, step, pairs)
        except Exception as exc:  # a form PDFium cannot open or fill: stated on its entry, not a crash of the run
            why = exc.detail if isinstance(exc, DocumentError) else type(exc).__name__
            reason = f"{step.node_id}: {names['file_name']}: the form could not be filled ({why})"
            entry, pdf, notes = {"node_id": step.node_id, "fields": [], "unmatched_instructions": [],
                                 "error": reason}, None, [reason]
        entries.append({**names, **entry})
        filled.append(pdf)
        warnings.extend(notes)
    return entries, filled


def process_document(data: bytes, fields: list[FieldSpec] | tuple[FieldSpec, ...], *, filename: str | None = None,
                     media_type: str | None = None, options: ReadOptions | None = None) -> Processed:
    """One file; see process_files."""
    return process_files([Input(data, filename, media_type)], fields, options)

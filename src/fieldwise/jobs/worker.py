"""What a worker process does with one collection id: load, run the pipeline, record the outcome.

Idempotent: a collection that is no longer in_progress (cancelled, deleted, finished by another worker) is left
alone, so a message delivered twice does no harm.

Bounded: the run's limits (pages, table cells, inflated bytes: Settings) travel in its ReadOptions with one Budget
that also holds its deadline (`document_timeout_s`) and asks the database, between pages and stages, whether the
run was withdrawn. A result larger than `max_result_mb` is not stored: the run ends with the reason. A run stuck
past its deadline inside a library call, where no check can reach it, is ended by the process itself
(faulthandler's watchdog thread needs no GIL); whoever sees the worker gone records the time limit as its reason.
"""

from __future__ import annotations

import faulthandler
import io
import json
import logging
import sys
from dataclasses import dataclass

from sqlalchemy import exc as sa_exc
from sqlalchemy import select

from fieldwise.documents.limits import Budget
from fieldwise.documents.ocr import PagePool
from fieldwise.documents.options import ReadOptions
from fieldwise.extraction.schema import FieldSpec
from fieldwise.errors import DocumentError, LimitExceeded, Withdrawn
from fieldwise.jobs import learning, memory_limit, recalibrate
from fieldwise.jobs.memory_limit import MemoryWatch
from fieldwise.jobs.pipeline import Input, Processed, process_files
from fieldwise.settings import Settings
from fieldwise.store import collections, edit_references, workflows
from fieldwise.store.blobs import BlobStore, open_blob_store
from fieldwise.store.db import Database
from fieldwise.store.ids import new_id
from fieldwise.store.tables import Collection
from fieldwise.workflows import knowledge
from fieldwise.workflows.definitions import parse_definition

log = logging.getLogger("fieldwise.worker")

# failures of the machinery rather than the document: the run is retried, never recorded as the document's error
INFRASTRUCTURE = (sa_exc.OperationalError, sa_exc.InterfaceError, sa_exc.DisconnectionError, ConnectionError)

HARD_GRACE_S = 10.0  # past its deadline, a run stuck where no check reaches gets this long before it is killed


def hard_deadline_s(settings: Settings) -> float:
    """Seconds after a run starts at which its worker process is ended if it has not finished."""
    return settings.document_timeout_s + HARD_GRACE_S


@dataclass
class WorkerContext:
    settings: Settings
    db: Database
    blobs: BlobStore
    watch: MemoryWatch | None = None  # this process's memory limit (jobs.memory_limit)
    pages: PagePool | None = None  # who OCRs a document's scanned pages; None: this process alone

    @classmethod
    def from_settings(cls, settings: Settings) -> "WorkerContext":
        """The context of one worker process, its memory watch started."""
        blobs = open_blob_store(settings.storage_url, settings.files_dir, settings)
        ctx = cls(settings, Database(settings.resolved_database_url), blobs)
        ctx.watch = MemoryWatch(settings.worker_memory_mb, ctx.end_on_memory).start()
        return ctx

    def end_on_memory(self, collection_id: str) -> None:
        with self.db.session() as session:
            collections.finish(session, collection_id, "error", error=memory_limit.reason(
                self.settings.worker_memory_mb))


def _withdrawn(ctx: WorkerContext, collection_id: str, run_id: str | None) -> bool:
    """True once the collection is no longer in progress, or a newer run replaced the one being worked on."""
    with ctx.db.session() as session:
        row = session.execute(select(Collection.status, Collection.latest_run_id)
                              .where(Collection.id == collection_id)).first()
    return row is None or row.status != "in_progress" or row.latest_run_id != run_id


def run_collection(ctx: WorkerContext, collection_id: str) -> str:
    """Process one claimed collection; returns the status it ended in ('skipped' if it was not ours to do)."""
    if ctx.watch is not None:
        ctx.watch.current = collection_id
    try:
        return _run_collection(ctx, collection_id)
    finally:
        if ctx.watch is not None:
            ctx.watch.current = None


def _run_collection(ctx: WorkerContext, collection_id: str) -> str:
    with ctx.db.session() as session:
        collection = session.get(Collection, collection_id)
        if collection is None or collection.status != "in_progress":
            return "skipped"
        run_id, is_reference = collection.latest_run_id, collection.kind == "reference"
        # what `ask` searches: the production documents of a workflow (store.passages)
        searchable = collection.kind == "extraction" and collection.purpose == "production" \
            and collection.workflow_id is not None
        files = collections.files_of(session, collection_id)
        body = workflows.definition(session, collection.version_id) if collection.version_id else None
        memory = (learning.memories(session, collection.organization_id, collection.workflow_id, collection.id)
                  if ctx.settings.learning and not is_reference else None)
        inputs_meta = [(f.blob_key, f.filename, f.media_type, f.id) for f in files]
        remap = None if is_reference else recalibrate.remap_for(session, ctx.settings, collection.organization_id,
                                                                 collection.workflow_id)
        definition = parse_definition(body) if body else None
        edit_step = definition.graph.edit if definition and definition.graph else None
        references = edit_references.texts(session, collection.workflow_id, edit_step.reference_ids) \
            if edit_step is not None and collection.workflow_id else []
    fields = definition.fields if definition else ()
    settings = ctx.settings
    options = ReadOptions(
        effort=definition.effort if definition else "standard",
        max_pages=settings.max_pages,
        max_image_pixels=settings.max_image_pixels,
        max_table_cells=settings.max_table_cells,
        max_table_columns=settings.max_table_columns,
        max_table_rows=settings.max_table_rows,
        max_inflated_bytes=int(settings.max_inflated_mb * 1024 * 1024),
        budget=Budget(timeout_s=settings.document_timeout_s,
                      cancelled=lambda: _withdrawn(ctx, collection_id, run_id)),
        page_pool=ctx.pages,
    )
    error: str | None = None
    result = None
    processed: Processed | None = None
    # the backstop: a run stuck inside one library call past its deadline ends with its process (no check runs
    # there); faulthandler's own thread fires without the GIL and prints where the run was stuck
    _arm_watchdog(hard_deadline_s(settings))
    try:
        inputs = [Input(ctx.blobs.get(key), name, media_type, file_id)
                  for key, name, media_type, file_id in inputs_meta]
        if not inputs:
            raise DocumentError("the collection has no files")
        processed = process_files(inputs, fields, options, graph=definition.graph if definition else None,
                                  remap=remap, references=references, memory=memory)
        result = {
            "parse": processed.parse, "extraction": processed.extraction, "page_count": processed.page_count,
            "warnings": processed.warnings, "timings": processed.timings, **(processed.graph or {}),
            "file_pages": processed.file_pages, "layout": processed.layout,
        }
        _check_result_size(result, settings)
        _store_filled(ctx.blobs, processed)
    except Withdrawn:
        return "skipped"
    except DocumentError as exc:
        error = str(exc.detail)
    except INFRASTRUCTURE:  # the database or network went away, not the document's fault: let the queue retry
        raise
    except Exception as exc:  # a bug or a library crash on one document must not take the worker down
        log.exception("collection %s failed", collection_id)
        error = f"internal error while processing the document ({type(exc).__name__})"
    finally:
        faulthandler.cancel_dump_traceback_later()
    status = "processed" if error is None else "error"
    text = processed.text if processed is not None and error is None and is_reference else None
    indexed = None  # what `ask` finds of the document: this run's passages; none once a run of it failed
    if searchable:
        indexed = knowledge.index_rows(collection_id, [(m[3], m[1]) for m in inputs_meta], processed.parse) \
            if processed is not None and error is None else []
    if error is not None or is_reference:
        result = None  # nothing of a failed run is stored; a reference keeps its text only (store.edit_references)
    with ctx.db.session() as session:
        recorded = collections.finish(session, collection_id, status, error=error, result=result, run_id=run_id,
                                      text=text, indexed=indexed)
    if not recorded:  # cancelled, deleted or replaced meanwhile: its filled PDFs belong to no result
        for entry in (result or {}).get("edits") or []:
            if entry.get("blob_key"):
                ctx.blobs.delete(entry["blob_key"])
    if recorded and status == "processed":
        _learn_ground_truth(ctx, collection_id, fields)
    return status if recorded else "skipped"


def _store_filled(blobs: BlobStore, processed: Processed) -> None:
    """The edit node's filled PDFs go to the blob store; each entry keeps its key (None: no PDF was made)."""
    for entry, data in zip((processed.graph or {}).get("edits") or [], processed.filled):
        entry["blob_key"] = None
        if data is not None:
            entry["blob_key"] = f"edit-{new_id()}"
            blobs.put(entry["blob_key"], io.BytesIO(data))


def _learn_ground_truth(ctx: WorkerContext, collection_id: str, fields: tuple[FieldSpec, ...]) -> None:
    """A dataset document given with its ground truth teaches the layout memory once its layout is stored: in a
    transaction of its own, after the outcome is recorded, so a failure to learn never costs a result."""
    try:
        with ctx.db.session() as session:
            collection = session.get(Collection, collection_id)
            if collection is not None and collection.purpose == "dataset":
                learning.from_ground_truth(session, collection, fields)
    except Exception:  # the run's outcome stands; setting the ground truth again teaches it
        log.exception("learning from the ground truth of collection %s failed", collection_id)


def _check_result_size(result: dict, settings: Settings) -> None:
    size = len(json.dumps(result, separators=(",", ":"), default=str))
    if size > settings.max_result_bytes:
        raise LimitExceeded(f"the result would be {size / 2**20:.1f} MB; the limit is {settings.max_result_mb:g} MB "
                            "(FIELDWISE_MAX_RESULT_MB)")


def _arm_watchdog(seconds: float) -> None:
    """faulthandler needs a real file descriptor: Celery replaces sys.stderr with a logging proxy that has none,
    so the process's own standard error (fd 2, the worker's log) is used."""
    stream = sys.__stderr__
    try:
        faulthandler.dump_traceback_later(seconds, exit=True, file=stream if stream is not None else 2)
    except (ValueError, OSError, AttributeError):
        faulthandler.dump_traceback_later(seconds, exit=True, file=2)

"""What a worker process does with one collection id: load, run the pipeline, record the outcome.

Idempotent: a collection that is no longer in_progress (cancelled, deleted, finished by another worker) is left
alone, so a message delivered twice does no harm.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

from sqlalchemy import exc as sa_exc
from sqlalchemy import select

from fieldwise.documents.options import ReadOptions
from fieldwise.errors import DocumentError
from fieldwise.jobs.pipeline import Cancelled, Input, process_files
from fieldwise.settings import Settings
from fieldwise.store import collections, workflows
from fieldwise.store.blobs import BlobStore, open_blob_store
from fieldwise.store.db import Database
from fieldwise.store.tables import Collection
from fieldwise.workflows.definitions import parse_definition

log = logging.getLogger("fieldwise.worker")

# failures of the machinery rather than the document: the run is retried, never recorded as the document's error
INFRASTRUCTURE = (sa_exc.OperationalError, sa_exc.InterfaceError, sa_exc.DisconnectionError, ConnectionError)


@dataclass
class WorkerContext:
    settings: Settings
    db: Database
    blobs: BlobStore

    @classmethod
    def from_settings(cls, settings: Settings) -> "WorkerContext":
        blobs = open_blob_store(settings.storage_url, settings.files_dir, settings)
        return cls(settings, Database(settings.resolved_database_url), blobs)


def _withdrawn(ctx: WorkerContext, collection_id: str, run_id: str | None) -> bool:
    """True once the collection is no longer in progress, or a newer run replaced the one being worked on."""
    with ctx.db.session() as session:
        row = session.execute(select(Collection.status, Collection.latest_run_id)
                              .where(Collection.id == collection_id)).first()
    return row is None or row.status != "in_progress" or row.latest_run_id != run_id


def run_collection(ctx: WorkerContext, collection_id: str) -> str:
    """Process one claimed collection; returns the status it ended in ('skipped' if it was not ours to do)."""
    with ctx.db.session() as session:
        collection = session.get(Collection, collection_id)
        if collection is None or collection.status != "in_progress":
            return "skipped"
        run_id = collection.latest_run_id
        files = collections.files_of(session, collection_id)
        body = workflows.definition(session, collection.version_id) if collection.version_id else None
        inputs_meta = [(f.blob_key, f.filename, f.media_type, f.id) for f in files]
    definition = parse_definition(body) if body else None
    fields = definition.fields if definition else ()
    options = ReadOptions(
        effort=definition.effort if definition else "standard",
        max_pages=ctx.settings.max_pages,
        max_image_pixels=ctx.settings.max_image_pixels,
    )
    error: str | None = None
    result = None
    try:
        inputs = [Input(ctx.blobs.get(key), name, media_type, file_id)
                  for key, name, media_type, file_id in inputs_meta]
        if not inputs:
            raise DocumentError("the collection has no files")
        processed = process_files(inputs, fields, options, cancelled=lambda: _withdrawn(ctx, collection_id, run_id),
                                  graph=definition.graph if definition else None)
        result = {
            "parse": processed.parse, "extraction": processed.extraction, "page_count": processed.page_count,
            "warnings": processed.warnings, "timings": processed.timings, **(processed.graph or {}),
            "file_pages": processed.file_pages,
        }
    except Cancelled:
        return "skipped"
    except DocumentError as exc:
        error = str(exc.detail)
    except INFRASTRUCTURE:  # the database or network went away, not the document's fault: let the queue retry
        raise
    except Exception as exc:  # a bug or a library crash on one document must not take the worker down
        log.exception("collection %s failed", collection_id)
        error = f"internal error while processing the document ({type(exc).__name__})"
    status = "processed" if error is None else "error"
    with ctx.db.session() as session:
        recorded = collections.finish(session, collection_id, status, error=error, result=result, run_id=run_id)
    return status if recorded else "skipped"

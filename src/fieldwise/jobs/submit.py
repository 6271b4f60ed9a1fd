"""Accepting work: files are written to blob storage before the collection is committed as queued, so anything
the API acknowledged survives a crash."""

from __future__ import annotations

import hashlib
import io
from dataclasses import dataclass

from sqlalchemy.orm import Session

from fieldwise.store import collections
from fieldwise.store.blobs import BlobStore
from fieldwise.store.ids import new_id
from fieldwise.store.tables import Collection, StoredFile


@dataclass(frozen=True, slots=True)
class Upload:
    filename: str
    media_type: str
    data: bytes


def stage(session: Session, blobs: BlobStore, org_id: str, workflow_id: str | None, version_id: str | None,
          uploads: list[Upload], *, kind: str = "extraction") -> tuple[Collection, list[StoredFile]]:
    """A new collection holding `uploads`, not yet queued."""
    collection = collections.create(session, org_id, workflow_id, version_id, kind=kind)
    stored = []
    for upload in uploads:
        file_id = new_id()
        blobs.put(file_id, io.BytesIO(upload.data))
        stored.append(collections.add_file(
            session, collection, file_id=file_id, filename=upload.filename, media_type=upload.media_type,
            size=len(upload.data), sha256=hashlib.sha256(upload.data).hexdigest(),
        ))
    return collection, stored


def delete(session: Session, blobs: BlobStore, row: object, blob_keys: list[str]) -> None:
    """Delete `row` (a workflow or a collection; the database cascades to what hangs below it), then its blobs.

    The rows go first: a worker that is mid-document finds its collection gone and records nothing."""
    session.delete(row)
    session.commit()
    for key in blob_keys:
        blobs.delete(key)

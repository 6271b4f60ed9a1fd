"""v3 edit references: spec v3 section 3 rows 27-29 (D22). Text files (csv, txt, md, rst) are stored as text and
ready at once; a PDF lands `pending` and is queued like any document: a worker reads it once, under the document
limits, then it is `ready` (or `error` with why). Deleting a reference withdraws its read."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request, Response
from pydantic import BaseModel

from fieldwise.api.deps import OrgDep, ServicesDep, SessionDep, SubmitOrgDep
from fieldwise.api.uploads import _from_part, read_form
from fieldwise.api.views import iso
from fieldwise.errors import NotFound, ValidationFailed
from fieldwise.jobs import submit
from fieldwise.jobs.submit import Upload
from fieldwise.store import collections, edit_references, runs, workflows
from fieldwise.store.ids import is_uuid
from fieldwise.store.tables import Collection, EditReference

router = APIRouter(prefix="/v3/workflows/{workflow_id}/edit-references", tags=["v3 edit references"])

MAX_FILES = 10
TEXT_TYPES = {"text/csv": "csv", "text/plain": "txt", "text/markdown": "md", "text/x-rst": "rst"}
TEXT_SUFFIXES = (".csv", ".txt", ".md", ".rst")
_DOC = {"requestBody": {"content": {"multipart/form-data": {"schema": {"type": "object", "required": ["files"],
        "properties": {"files": {"type": "array", "items": {"type": "string", "format": "binary"},
                                 "minItems": 1, "maxItems": MAX_FILES}}}}}}}


class Reference(BaseModel):
    id: str
    name: str
    status: str
    truncated: bool = False
    error: str | None = None
    created_at: str | None = None
    updated_at: str | None = None


class References(BaseModel):
    documents: list[Reference]


def _view(row: EditReference) -> dict[str, Any]:
    return {"id": row.id, "name": row.name, "status": row.status, "truncated": row.truncated, "error": row.error,
            "created_at": iso(row.created_at), "updated_at": iso(row.updated_at)}


def _text_of(upload: Upload) -> str | None:
    """A text reference's text; None for a PDF. 400 for any other type."""
    if upload.media_type == "application/pdf":
        return None
    if upload.media_type not in TEXT_TYPES and not upload.filename.lower().endswith(TEXT_SUFFIXES):
        raise ValidationFailed([{"loc": "files", "msg": f"{upload.filename}: a reference is csv, txt, md, rst "
                                                        f"or pdf (got {upload.media_type})"}])
    try:
        return upload.data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise ValidationFailed([{"loc": "files", "msg": f"{upload.filename}: not UTF-8 text"}]) from exc


@router.post("/", status_code=201, response_model=References, openapi_extra=_DOC,
             summary="Upload 1-10 reference files (csv, txt, md, rst or pdf) for the workflow's edit nodes")
async def upload(workflow_id: str, request: Request, org: SubmitOrgDep, session: SessionDep,
                 services: ServicesDep) -> dict[str, Any]:
    workflow = workflows.get(session, org, workflow_id)
    form = await read_form(request, services.settings.max_file_bytes)
    parts = form.getlist("files")
    if not parts or len(parts) > MAX_FILES or any(isinstance(p, str) for p in parts):
        raise ValidationFailed([{"loc": "files", "msg": f"send 1 to {MAX_FILES} file parts named 'files'"}])
    uploads = [await _from_part(p, services.settings.max_file_bytes) for p in parts]  # type: ignore[arg-type]
    texts = [_text_of(upload) for upload in uploads]  # every file is checked before any is stored
    rows = []
    for upload, text in zip(uploads, texts):
        row = EditReference(organization_id=org, workflow_id=workflow.id, name=upload.filename)
        if text is None:  # a PDF is read by a worker, like any document
            reader, _ = submit.stage(session, services.blobs, org, workflow.id, None, [upload], kind="reference")
            runs.start(session, reader, None, purpose="reference")
            row.collection_id = reader.id
        else:
            edit_references.set_text(row, text)
        rows.append(row)
    session.add_all(rows)
    session.commit()
    for row in rows:
        if row.collection_id is not None:
            services.dispatcher.notify(row.collection_id)
    return {"documents": [_view(r) for r in rows]}


@router.get("/", response_model=References, summary="The workflow's edit references")
def list_references(workflow_id: str, org: OrgDep, session: SessionDep) -> dict[str, Any]:
    workflow = workflows.get(session, org, workflow_id)
    rows = session.query(EditReference).filter(EditReference.workflow_id == workflow.id).order_by(
        EditReference.created_at, EditReference.id)
    return {"documents": [_view(r) for r in rows]}


@router.delete("/{document_id}/", status_code=204, response_class=Response, summary="Delete an edit reference")
def delete_reference(workflow_id: str, document_id: str, org: OrgDep, session: SessionDep,
                     services: ServicesDep) -> Response:
    workflow = workflows.get(session, org, workflow_id)
    row = session.get(EditReference, document_id) if is_uuid(document_id) else None
    if row is None or row.workflow_id != workflow.id:
        raise NotFound(f"No edit reference with id {document_id!r}")
    reader = session.get(Collection, row.collection_id) if row.collection_id else None
    session.delete(row)
    if reader is None:
        session.commit()
    else:  # its read is withdrawn with it: a worker on it finds its collection gone and stops
        submit.delete(session, services.blobs, reader, collections.blob_keys(session, collection_id=reader.id))
    return Response(status_code=204)

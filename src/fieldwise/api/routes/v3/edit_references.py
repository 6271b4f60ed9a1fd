"""v3 edit references: spec v3 section 3 rows 27-29 (D22). Text files (csv, txt, md, rst) are stored as text and
ready at once; a PDF lands `pending` and is read once, in the background, then `ready` (or `error` with why)."""

from __future__ import annotations

import logging
import threading
from typing import Any

from fastapi import APIRouter, Request, Response
from pydantic import BaseModel

from fieldwise import documents
from fieldwise.api.deps import OrgDep, ServicesDep, SessionDep, SubmitOrgDep
from fieldwise.api.uploads import _from_part, read_form
from fieldwise.api.views import iso
from fieldwise.errors import NotFound, ValidationFailed
from fieldwise.store import workflows
from fieldwise.store.db import Database
from fieldwise.store.ids import is_uuid
from fieldwise.store.tables import EditReference, utcnow

router = APIRouter(prefix="/v3/workflows/{workflow_id}/edit-references", tags=["v3 edit references"])
log = logging.getLogger("fieldwise.edit_references")

MAX_FILES = 10
MAX_TEXT = 1024 * 1024  # characters kept of a reference; the rest is cut and `truncated` set
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


def _read_pdf(db: Database, reference_id: str, data: bytes) -> None:
    """Parse one PDF reference and record the outcome (runs on a thread of its own)."""
    try:
        text, error = documents.read(data, "application/pdf").text, None
    except Exception as exc:  # an unreadable PDF is the reference's error, not the server's
        text, error = None, str(getattr(exc, "detail", None) or exc) or type(exc).__name__
    with db.session() as session:
        row = session.get(EditReference, reference_id)
        if row is None:
            return
        if text is not None:
            row.text, row.truncated, row.status = text[:MAX_TEXT], len(text) > MAX_TEXT, "ready"
        else:
            row.status, row.error = "error", error
        row.updated_at = utcnow()


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
    rows, pdfs = [], []
    for upload in uploads:
        is_text = upload.media_type in TEXT_TYPES or upload.filename.lower().endswith(TEXT_SUFFIXES)
        if upload.media_type != "application/pdf" and not is_text:
            raise ValidationFailed([{"loc": "files", "msg": f"{upload.filename}: a reference is csv, txt, md, rst "
                                                            f"or pdf (got {upload.media_type})"}])
        row = EditReference(organization_id=org, workflow_id=workflow.id, name=upload.filename)
        if upload.media_type == "application/pdf":
            pdfs.append((row, upload.data))
        else:
            try:
                text = upload.data.decode("utf-8")
            except UnicodeDecodeError as exc:
                raise ValidationFailed([{"loc": "files", "msg": f"{upload.filename}: not UTF-8 text"}]) from exc
            row.text, row.truncated, row.status = text[:MAX_TEXT], len(text) > MAX_TEXT, "ready"
        rows.append(row)
    session.add_all(rows)
    session.commit()
    for row, data in pdfs:
        threading.Thread(target=_read_pdf, args=(services.db, row.id, data), daemon=True,
                         name=f"edit-reference-{row.id}").start()
    return {"documents": [_view(r) for r in rows]}


@router.get("/", response_model=References, summary="The workflow's edit references")
def list_references(workflow_id: str, org: OrgDep, session: SessionDep) -> dict[str, Any]:
    workflow = workflows.get(session, org, workflow_id)
    rows = session.query(EditReference).filter(EditReference.workflow_id == workflow.id).order_by(
        EditReference.created_at, EditReference.id)
    return {"documents": [_view(r) for r in rows]}


@router.delete("/{document_id}/", status_code=204, response_class=Response, summary="Delete an edit reference")
def delete_reference(workflow_id: str, document_id: str, org: OrgDep, session: SessionDep) -> Response:
    workflow = workflows.get(session, org, workflow_id)
    row = session.get(EditReference, document_id) if is_uuid(document_id) else None
    if row is None or row.workflow_id != workflow.id:
        raise NotFound(f"No edit reference with id {document_id!r}")
    session.delete(row)
    session.commit()
    return Response(status_code=204)

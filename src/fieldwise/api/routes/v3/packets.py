"""v3 uploads and document packets: spec v3 section 3 rows 7-12."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request, Response
from sqlalchemy.orm import Session
from starlette.datastructures import FormData

from fieldwise.api.deps import OrgDep, Services, ServicesDep, SessionDep, SubmitOrgDep
from fieldwise.api.uploads import _from_part, read_form
from fieldwise.api.v3 import models
from fieldwise.api.v3.idempotency import idempotent
from fieldwise.api.v3.paging import KeysetDep, page
from fieldwise.api.views import iso
from fieldwise.errors import Conflict, NotFound, ValidationFailed
from fieldwise.jobs import submit
from fieldwise.jobs.submit import Upload, stage
from fieldwise.store import collections, edit_references, packets, runs, workflows
from fieldwise.store.tables import Collection, StoredFile

router = APIRouter(prefix="/v3", tags=["v3 document packets"])

MAX_FILES = 100
_FILES_DOC: dict[str, Any] = {
    "requestBody": {"content": {"multipart/form-data": {"schema": {"type": "object", "required": ["files"],
        "properties": {
            "files": {"type": "array", "items": {"type": "string", "format": "binary"}, "minItems": 1,
                      "maxItems": MAX_FILES, "description": "1 to 100 files, treated as one document"},
            "on_conflict": {"type": "string", "enum": ["error", "rename"], "default": "error"},
        }}}}},
    "parameters": [{"name": "Idempotency-Key", "in": "header", "required": False, "schema": {"type": "string"},
                    "description": "replays the first answer to a request with this key for 24 hours"}],
}


def packet_summary(row: Collection) -> dict[str, Any]:
    return {"id": row.id, "workflow_id": row.workflow_id, "name": row.name, "status": row.status,
            "created_at": iso(row.created_at), "updated_at": iso(row.updated_at)}


def packet_detail(session: Session, row: Collection) -> dict[str, Any]:
    files = collections.files_of(session, row.id)
    return {**packet_summary(row), "files": [{"id": f.id, "name": f.filename} for f in files],
            "latest_run_id": row.latest_run_id}


def trigger(collection: Collection, run_id: str) -> dict[str, Any]:
    return {"run_id": run_id, "workflow_id": collection.workflow_id, "document_packet_id": collection.id,
            "status": "queued"}


async def read_packet(request: Request, services: Services, session: Session, workflow_id: str,
                      purpose: str = "production") -> tuple[list[Upload], list[str | None]]:
    """The files of an upload, named by the filename rule (D11): (uploads, original names of renamed files)."""
    form = await read_form(request, services.settings.max_file_bytes)
    return await packet_uploads(form, services, session, workflow_id, purpose)


async def packet_uploads(form: FormData, services: Services, session: Session, workflow_id: str,
                         purpose: str) -> tuple[list[Upload], list[str | None]]:
    parts = form.getlist("files")
    if not parts or len(parts) > MAX_FILES:
        raise ValidationFailed([{"loc": "files", "msg": f"send 1 to {MAX_FILES} file parts named 'files' "
                                                        f"(got {len(parts)})"}])
    if any(isinstance(p, str) for p in parts):
        raise ValidationFailed([{"loc": "files", "msg": "each 'files' part must be a file, not a text field"}])
    on_conflict = form.get("on_conflict") or "error"
    if on_conflict not in ("error", "rename"):
        raise ValidationFailed([{"loc": "on_conflict", "msg": "'error' or 'rename'"}])
    uploads = [await _from_part(p, services.settings.max_file_bytes) for p in parts]  # type: ignore[arg-type]
    taken = packets.names_in_use(session, workflow_id, purpose)
    named, originals = [], []
    for upload in uploads:
        name = upload.filename.strip() or "document"
        original = None
        if name in taken:
            if on_conflict == "error":
                raise Conflict(f"a file named {name!r} is already in this workflow; send on_conflict=rename to "
                               "have it renamed", code="FILENAME_CONFLICT", params={"filename": name})
            original, name = name, packets.free_name(name, taken)
        taken.add(name)
        named.append(Upload(name, upload.media_type, upload.data))
        originals.append(original)
    return named, originals


def _files_answer(stored: list[StoredFile], originals: list[str | None]) -> list[dict[str, Any]]:
    return [{"id": s.id, "name": s.filename, "original_name": o} for s, o in zip(stored, originals)]


async def _upload(workflow_id: str, request: Request, org: str, session: Session, services: Services, *,
                  run: bool) -> Response:
    async def handle() -> tuple[int, dict[str, Any]]:
        workflow = workflows.get(session, org, workflow_id)
        uploads, originals = await read_packet(request, services, session, workflow.id)
        if run:
            edit_references.check_ready(session, workflow.id, workflows.definition(session, workflow.current_version_id))
        collection, stored = stage(session, services.blobs, org, workflow.id, None, uploads)
        started = runs.start(session, collection, workflow.current_version_id) if run else None
        session.commit()
        if started is not None:
            services.dispatcher.notify(collection.id)
            return 202, trigger(collection, started.id)
        return 201, {"document_packet_id": collection.id, "workflow_id": workflow.id,
                     "files": _files_answer(stored, originals)}

    return await idempotent(request, services.db, org, handle)


@router.post("/workflows/{workflow_id}/upload/", status_code=201, response_model=models.UploadAnswer,
             openapi_extra=_FILES_DOC, summary="Upload 1-100 files as one document packet (no processing)")
async def upload(workflow_id: str, request: Request, org: SubmitOrgDep, session: SessionDep,
                 services: ServicesDep) -> Response:
    return await _upload(workflow_id, request, org, session, services, run=False)


@router.post("/workflows/{workflow_id}/upload/run/", status_code=202, response_model=models.RunTrigger,
             openapi_extra=_FILES_DOC, summary="Upload 1-100 files as one packet and run the workflow on it")
async def upload_and_run(workflow_id: str, request: Request, org: SubmitOrgDep, session: SessionDep,
                         services: ServicesDep) -> Response:
    return await _upload(workflow_id, request, org, session, services, run=True)


@router.get("/workflows/{workflow_id}/document-packets/", response_model=models.Page[models.PacketSummary],
            summary="The workflow's document packets, newest first")
def list_packets(workflow_id: str, org: OrgDep, session: SessionDep, keyset: KeysetDep) -> dict[str, Any]:
    workflow = workflows.get(session, org, workflow_id)
    rows = packets.keyset(session, org, workflow.id, keyset.limit + 1, keyset.after)
    return page([packet_summary(r) for r in rows], rows, keyset.limit)


@router.get("/document-packets/{packet_id}/", response_model=models.PacketDetail, summary="Get a document packet")
def get_packet(packet_id: str, org: OrgDep, session: SessionDep) -> dict[str, Any]:
    return packet_detail(session, packets.get(session, org, packet_id))


@router.delete("/document-packets/{packet_id}/", status_code=204, response_class=Response,
               summary="Delete a packet with its runs and results; cancels work in flight")
def delete_packet(packet_id: str, org: OrgDep, session: SessionDep, services: ServicesDep) -> Response:
    row = packets.get(session, org, packet_id)
    submit.delete(session, services.blobs, row, collections.blob_keys(session, collection_id=row.id))
    return Response(status_code=204)


@router.post("/document-packets/{packet_id}/run/", status_code=202, response_model=models.RunTrigger,
             openapi_extra={"parameters": _FILES_DOC["parameters"]},
             summary="Run the packet again on the workflow's current version")
async def run_packet(packet_id: str, request: Request, org: SubmitOrgDep, session: SessionDep,
                     services: ServicesDep) -> Response:
    async def handle() -> tuple[int, dict[str, Any]]:
        row = packets.get(session, org, packet_id)
        if row.workflow_id is None:
            raise ValidationFailed([{"loc": "document_packet_id", "msg": "a parse-only packet has no workflow "
                                                                         "to run"}])
        workflow = workflows.get(session, org, row.workflow_id)
        edit_references.check_ready(session, workflow.id, workflows.definition(session, workflow.current_version_id))
        run = runs.start(session, row, workflow.current_version_id)
        session.commit()
        services.dispatcher.notify(row.id)
        return 202, trigger(row, run.id)

    return await idempotent(request, services.db, org, handle)


@router.get("/document-packets/{packet_id}/files/{file_id}/", response_class=Response,
            responses={200: {"content": {"application/octet-stream": {}}}},
            summary="A packet file's original bytes, with its stored media type (fieldwise)")
def packet_file(packet_id: str, file_id: str, org: OrgDep, session: SessionDep, services: ServicesDep) -> Response:
    row = packets.get(session, org, packet_id)
    stored = collections.get_file(session, org, file_id)
    if stored.collection_id != row.id:
        raise NotFound(f"No file {file_id!r} in document packet {packet_id!r}")
    return Response(services.blobs.get(stored.blob_key), media_type=stored.media_type,
                    headers={"content-disposition": f'attachment; filename="{_header_name(stored.filename)}"'})


def _header_name(name: str) -> str:
    return "".join(c if 32 <= ord(c) < 127 and c not in '"\\' else "_" for c in name)

"""Runs and file collections of a workflow: spec section 3 rows 7-14."""

from __future__ import annotations

import re
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Query, Request, Response
from fastapi.responses import JSONResponse

from fieldwise.api import exports, views
from fieldwise.api.deps import OrgDep, ServicesDep, SessionDep, SubmitOrgDep
from fieldwise.api.params import PageDep, truthy
from fieldwise.api.uploads import many_documents, read_form, single_document
from fieldwise.errors import NotFound, ValidationFailed
from fieldwise.jobs.submit import stage
from fieldwise.store import collections, workflows

router = APIRouter(prefix="/v2/workflows/{workflow_id}", tags=["runs"])

_UPLOAD_DOC = {
    "requestBody": {"content": {"multipart/form-data": {"schema": {"type": "object", "properties": {
        "file": {"type": "string", "format": "binary", "description": "the document (exactly one of file or text)"},
        "text": {"type": "string", "description": "plain text to extract from"},
        "file_base64": {"type": "string", "description": "older SDKs: the document in base64, with filename"},
        "filename": {"type": "string"}, "content_type": {"type": "string"},
    }}}}}
}
_FILES_DOC = {
    "requestBody": {"content": {"multipart/form-data": {"schema": {"type": "object", "properties": {
        "files": {"type": "array", "items": {"type": "string", "format": "binary"}},
    }}}}}
}


def _run_answer(collection, services) -> JSONResponse:  # noqa: ANN001
    services.dispatcher.notify(collection.id)
    return JSONResponse(
        {"id": collection.id, "status": collection.status, "workflow_id": collection.workflow_id,
         "version_id": collection.version_id},
        status_code=202,
    )


@router.post("/run/", openapi_extra=_UPLOAD_DOC, summary="Upload one document and start a run")
async def run(workflow_id: str, request: Request, org: SubmitOrgDep, session: SessionDep,
              services: ServicesDep) -> JSONResponse:
    workflow = workflows.get(session, org, workflow_id)
    form = await read_form(request, services.settings.max_file_bytes)
    upload = await single_document(form, services.settings.max_file_bytes)
    collection, _ = stage(session, services.blobs, org, workflow.id, workflow.current_version_id, [upload])
    collections.start_run(session, collection, workflow.current_version_id)
    session.commit()
    return _run_answer(collection, services)


@router.post("/upload/", openapi_extra=_UPLOAD_DOC, summary="Upload one document without processing it")
async def upload(workflow_id: str, request: Request, org: SubmitOrgDep, session: SessionDep,
                 services: ServicesDep) -> dict[str, Any]:
    workflow = workflows.get(session, org, workflow_id)
    form = await read_form(request, services.settings.max_file_bytes)
    document = await single_document(form, services.settings.max_file_bytes)
    collection, stored = stage(session, services.blobs, org, workflow.id, None, [document])
    session.commit()
    return {"status": "uploaded", "filename": stored[0].filename, "file_collection_id": collection.id,
            "file_id": stored[0].id}


@router.post("/files/{file_id}/run/", summary="Start a run on an uploaded file")
def run_uploaded(workflow_id: str, file_id: str, org: OrgDep, session: SessionDep,
                 services: ServicesDep) -> JSONResponse:
    workflow = workflows.get(session, org, workflow_id)
    stored = collections.get_file(session, org, file_id)
    collection = collections.get(session, org, stored.collection_id)
    if collection.workflow_id != workflow.id:
        raise ValidationFailed({"file_id": ["the file was uploaded to another workflow"]})
    if collection.status != "pending":
        return _run_answer(collection, services)  # already started: answer as before, start nothing twice
    collections.start_run(session, collection, workflow.current_version_id)
    session.commit()
    return _run_answer(collection, services)


@router.post("/files/", status_code=201, openapi_extra=_FILES_DOC, summary="Upload files as one collection")
async def create_files(workflow_id: str, request: Request, org: SubmitOrgDep, session: SessionDep,
                       services: ServicesDep) -> dict[str, Any]:
    workflow = workflows.get(session, org, workflow_id)
    form = await read_form(request, services.settings.max_file_bytes)
    uploads = await many_documents(form, services.settings.max_file_bytes)
    collection, stored = stage(session, services.blobs, org, workflow.id, None, uploads)
    session.commit()
    return views.staged(collection, stored)


@router.get("/files/", summary="List the workflow's file collections")
def list_files(workflow_id: str, org: OrgDep, session: SessionDep, paging: PageDep) -> dict[str, Any]:
    workflow = workflows.get(session, org, workflow_id)
    total, rows = collections.page(session, org, paging.page, paging.page_size, workflow_id=workflow.id)
    results = []
    for row in rows:
        entry = views.collection(row)
        files = collections.files_of(session, row.id)
        entry["file_id"] = files[0].id if files else None
        entry["files"] = [views.file_entry(f) for f in files]
        results.append(entry)
    return views.page(total, paging.page, paging.page_size, results)


@router.get("/runs/", summary="List the workflow's runs")
def list_runs(workflow_id: str, org: OrgDep, session: SessionDep, paging: PageDep) -> dict[str, Any]:
    workflow = workflows.get(session, org, workflow_id)
    total, rows = collections.page(session, org, paging.page, paging.page_size, workflow_id=workflow.id)
    return views.page(total, paging.page, paging.page_size, [views.collection(r) for r in rows])


@router.get("/files/{collection_id}/results/", summary="Results envelope of one collection")
def collection_results(workflow_id: str, collection_id: str, request: Request, org: OrgDep, session: SessionDep,
                       services: ServicesDep) -> dict[str, Any]:
    workflow = workflows.get(session, org, workflow_id)
    collection = collections.get(session, org, collection_id)
    if collection.workflow_id != workflow.id:
        raise NotFound(f"No file collection with id {collection_id!r} in this workflow")
    views.ensure_ready(collection)
    result = collections.result_of(session, collection.id)
    definition = services.definition(session, collection.version_id)
    review_url = views.verification_url(services.settings.public_url or str(request.base_url), collection.id)
    return views.envelope(collection, result, definition, review_url)


def _entries(session: SessionDep, services: ServicesDep, org: str, workflow_id: str, file_id: str | None,
             as_lists: bool) -> list[exports.Entry]:
    out: list[exports.Entry] = []
    names: set[str] = set()
    page_no = 1
    while True:
        total, rows = collections.page(session, org, page_no, 100, workflow_id=workflow_id, status="processed")
        for row in rows:
            files = collections.files_of(session, row.id)
            if file_id is not None and file_id not in {row.id, *(f.id for f in files)}:
                continue
            result = collections.result_of(session, row.id)
            definition = services.definition(session, row.version_id)
            fields = list(definition.fields) if definition is not None else []
            flat = exports.flat_of(result.extraction, fields, as_lists) if fields else None
            name = files[0].filename if files else row.id
            name = name if name not in names else f"{name} ({row.id})"
            names.add(name)
            out.append(exports.Entry(name, row.id, row.status, result.parse.get("markdown"), fields, flat))
        if page_no * 100 >= total:
            break
        page_no += 1
    return out


@router.get("/results/", summary="Results of every processed file of the workflow (json, or jsonl/csv/xlsx files)",
            responses={200: {"content": {t: {} for t in exports.MEDIA_TYPES.values()}}})
def workflow_results(
    workflow_id: str, org: OrgDep, session: SessionDep, services: ServicesDep,
    as_lists: Annotated[str | None, Query()] = None,
    output_format: Annotated[Literal["json", "jsonl", "csv", "xlsx"], Query()] = "json",
    file_id: Annotated[str | None, Query()] = None,
) -> Any:
    workflow = workflows.get(session, org, workflow_id)
    entries = _entries(session, services, org, workflow.id, file_id, truthy(as_lists))
    if output_format == "json":
        return exports.as_json(entries)
    filename = re.sub(r"[^A-Za-z0-9._-]+", "_", f"{workflow.name or 'workflow'}-results.{output_format}")
    return Response(exports.RENDERERS[output_format](entries), media_type=exports.MEDIA_TYPES[output_format],
                    headers={"content-disposition": f'attachment; filename="{filename}"'})

"""Runs and file collections of a workflow: spec section 3 rows 7-14."""

from __future__ import annotations

import re
from typing import Annotated, Any, Iterator, Literal

from fastapi import APIRouter, Query, Request, Response
from fastapi.responses import JSONResponse, StreamingResponse
from starlette.concurrency import run_in_threadpool

from fieldwise.api import exports, views
from fieldwise.api.deps import OrgDep, Services, ServicesDep, SessionDep, SubmitOrgDep
from fieldwise.api.params import PageDep, truthy
from fieldwise.api.uploads import many_documents, read_form, single_document
from fieldwise.errors import NotFound, ValidationFailed
from fieldwise.extraction.schema import FieldSpec
from fieldwise.jobs.submit import Upload, stage
from fieldwise.store import collections, workflows
from fieldwise.store.tables import Workflow

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


# Upload routes read the body on the event loop as it streams in; everything that touches the database or blob
# storage (and hashing megabytes) runs in the threadpool, so other requests never wait on it.


def _start_run(session: SessionDep, services: ServicesDep, org: str, workflow: Workflow,
               upload: Upload) -> JSONResponse:
    collection, _ = stage(session, services.blobs, org, workflow.id, workflow.current_version_id, [upload])
    collections.start_run(session, collection, workflow.current_version_id)
    session.commit()
    return _run_answer(collection, services)


@router.post("/run/", status_code=202, openapi_extra=_UPLOAD_DOC, summary="Upload one document and start a run")
async def run(workflow_id: str, request: Request, org: SubmitOrgDep, session: SessionDep,
              services: ServicesDep) -> JSONResponse:
    workflow = await run_in_threadpool(workflows.get, session, org, workflow_id)
    form = await read_form(request, services.settings.max_file_bytes)
    upload = await single_document(form, services.settings.max_file_bytes)
    return await run_in_threadpool(_start_run, session, services, org, workflow, upload)


def _keep_upload(session: SessionDep, services: ServicesDep, org: str, workflow: Workflow,
                 document: Upload) -> dict[str, Any]:
    collection, stored = stage(session, services.blobs, org, workflow.id, None, [document])
    session.commit()
    return {"status": "uploaded", "filename": stored[0].filename, "file_collection_id": collection.id,
            "file_id": stored[0].id}


@router.post("/upload/", openapi_extra=_UPLOAD_DOC, summary="Upload one document without processing it")
async def upload(workflow_id: str, request: Request, org: SubmitOrgDep, session: SessionDep,
                 services: ServicesDep) -> dict[str, Any]:
    workflow = await run_in_threadpool(workflows.get, session, org, workflow_id)
    form = await read_form(request, services.settings.max_file_bytes)
    document = await single_document(form, services.settings.max_file_bytes)
    return await run_in_threadpool(_keep_upload, session, services, org, workflow, document)


def stage_files(session: SessionDep, services: ServicesDep, org: str, workflow_id: str,
                uploads: list[Upload]) -> dict[str, Any]:
    """Store uploaded files as one new collection of the workflow (not run yet); the answer of both routes."""
    collection, stored = stage(session, services.blobs, org, workflow_id, None, uploads)
    session.commit()
    return views.staged(collection, stored)


@router.post("/files/{file_id}/run/", status_code=202, summary="Start a run on an uploaded file")
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
    workflow = await run_in_threadpool(workflows.get, session, org, workflow_id)
    form = await read_form(request, services.settings.max_file_bytes)
    uploads = await many_documents(form, services.settings.max_file_bytes)
    return await run_in_threadpool(stage_files, session, services, org, workflow.id, uploads)


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
    result = collections.processed_result(session, collection.id)
    limit = services.settings.max_read_bytes
    parse = collections.parse_within(session, result, limit)
    definition = services.definition(session, collection.version_id)
    review_url = views.verification_url(services.settings.public_url or str(request.base_url), collection.id)
    return views.envelope(collection, result, parse, limit, definition, review_url)


def _entries(services: Services, org: str, workflow_id: str, file_id: str | None, as_lists: bool, *,
             markdown: bool = True) -> Iterator[exports.Entry]:
    """The workflow's processed collections as export entries, newest first, 100 rows from the database at a
    time in a session of its own (the answer streams after the route returns). A parse over the read limit is
    never loaded: its entry says it was left out."""
    limit = services.settings.max_read_bytes
    names: set[str] = set()
    page_no = 1
    with services.db.session() as session:
        while True:
            total, rows = collections.page(session, org, page_no, 100, workflow_id=workflow_id, status="processed")
            for row in rows:
                files = collections.files_of(session, row.id)
                if file_id is not None and file_id not in {row.id, *(f.id for f in files)}:
                    continue
                result = collections.result_of(session, row.id)
                if result is None:  # deleted while the export streams
                    continue
                definition = services.definition(session, row.version_id)
                fields = list(definition.fields) if definition is not None else []
                flat = exports.flat_of(result.extraction, fields, as_lists) if fields else None
                parse = collections.parse_within(session, result, limit) if markdown else None
                name = files[0].filename if files else row.id
                name = name if name not in names else f"{name} ({row.id})"
                names.add(name)
                omitted = views.omitted_parse(limit) if markdown and parse is None else None
                yield exports.Entry(name, row.id, row.status, (parse or {}).get("markdown"), fields, flat, omitted)
            session.expunge_all()  # what was read for this page is not kept for the next
            if page_no * 100 >= total:
                break
            page_no += 1


def _columns(session: SessionDep, services: ServicesDep, org: str, workflow_id: str) -> list[FieldSpec]:
    """The export's columns, from the definitions of the versions its processed collections ran."""
    definitions = (services.definition(session, version_id)
                   for version_id in collections.versions_of(session, org, workflow_id, status="processed"))
    return exports.columns(list(d.fields) for d in definitions if d is not None)


@router.get("/results/", summary="Results of every processed file of the workflow (json, or jsonl/csv/xlsx files)",
            responses={200: {"content": {t: {} for t in exports.MEDIA_TYPES.values()}}})
def workflow_results(
    workflow_id: str, org: OrgDep, session: SessionDep, services: ServicesDep,
    as_lists: Annotated[str | None, Query()] = None,
    output_format: Annotated[Literal["json", "jsonl", "csv", "xlsx"], Query()] = "json",
    file_id: Annotated[str | None, Query()] = None,
) -> Response:
    workflow = workflows.get(session, org, workflow_id)
    lists = truthy(as_lists)
    if output_format == "json":
        return StreamingResponse(exports.iter_json(_entries(services, org, workflow.id, file_id, lists)),
                                 media_type="application/json")
    filename = re.sub(r"[^A-Za-z0-9._-]+", "_", f"{workflow.name or 'workflow'}-results.{output_format}")
    headers = {"content-disposition": f'attachment; filename="{filename}"'}
    media_type = exports.MEDIA_TYPES[output_format]
    if output_format == "xlsx":  # a zip is made whole; its rows are values only (no parse)
        entries = _entries(services, org, workflow.id, file_id, lists, markdown=False)
        return Response(exports.as_xlsx(entries, _columns(session, services, org, workflow.id)),
                        media_type=media_type, headers=headers)
    if output_format == "jsonl":
        body = exports.iter_jsonl(_entries(services, org, workflow.id, file_id, lists))
    else:
        body = exports.iter_csv(_entries(services, org, workflow.id, file_id, lists, markdown=False),
                                _columns(session, services, org, workflow.id))
    return StreamingResponse(body, media_type=media_type, headers=headers)

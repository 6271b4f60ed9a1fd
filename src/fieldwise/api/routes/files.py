"""File collections by id: spec section 3 rows 15-18."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query, Request, Response
from fastapi.responses import JSONResponse
from starlette.concurrency import run_in_threadpool

from fieldwise.api import models, views
from fieldwise.api.deps import OrgDep, ServicesDep, SessionDep, SubmitOrgDep
from fieldwise.api.params import PageDep, truthy
from fieldwise.api.routes.runs import _FILES_DOC, stage_files
from fieldwise.api.uploads import many_documents, read_form
from fieldwise.errors import ValidationFailed
from fieldwise.extraction import wire
from fieldwise.jobs import submit
from fieldwise.store import collections, workflows

router = APIRouter(prefix="/v2/files", tags=["files"])


@router.post("/", status_code=201, openapi_extra=_FILES_DOC, summary="Upload files to a workflow (older API)",
             response_model=models.Staged)
async def create_files(request: Request, org: SubmitOrgDep, session: SessionDep,
                       services: ServicesDep) -> dict[str, Any]:
    form = await read_form(request, services.settings.max_file_bytes)
    workflow_id = form.get("workflow_id")
    if not isinstance(workflow_id, str) or not workflow_id:
        raise ValidationFailed({"workflow_id": ["This field is required."]})
    workflow = await run_in_threadpool(workflows.get, session, org, workflow_id)
    uploads = await many_documents(form, services.settings.max_file_bytes)
    return await run_in_threadpool(stage_files, session, services, org, workflow.id, uploads)


@router.get("/", summary="List file collections (older API)", response_model=models.Page[models.Collection])
def list_files(org: OrgDep, session: SessionDep, paging: PageDep,
               workflow_id: Annotated[str | None, Query()] = None) -> dict[str, Any]:
    if workflow_id is not None:
        workflows.get(session, org, workflow_id)
    total, rows = collections.page(session, org, paging.page, paging.page_size, workflow_id=workflow_id)
    return views.page(total, paging.page, paging.page_size, [views.collection(r) for r in rows])


@router.delete("/{collection_id}/", status_code=204, response_class=Response,
               summary="Delete a collection; cancels work in flight")
def delete_collection(collection_id: str, org: OrgDep, session: SessionDep, services: ServicesDep) -> Response:
    collection = collections.get(session, org, collection_id)
    submit.delete(session, services.blobs, collection, collections.blob_keys(session, collection_id=collection.id))
    return Response(status_code=204)


@router.get("/{collection_id}/extraction/", summary="Extracted fields of a collection (412 while processing)",
            **models.documented(models.FlatExtraction))
async def extraction(collection_id: str, org: OrgDep, services: ServicesDep,
                     as_lists: Annotated[str | None, Query(description='"true" or "false"')] = None) -> JSONResponse:
    # The polling hot path runs on the event loop: one indexed point query, no threadpool hop, no ORM objects.
    with services.db.engine.connect() as connection:
        row = collections.poll(connection, org, collection_id)
    definition = services.definition(None, row.version_id)
    views.ensure_ready(row)
    fields = list(definition.fields) if definition else []
    return JSONResponse(wire.flat_view(row.extraction or {}, fields, as_lists=truthy(as_lists)))

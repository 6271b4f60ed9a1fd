"""Workflows: spec section 3 rows 2-6."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import APIRouter, Query, Request, Response
from starlette.concurrency import run_in_threadpool

from fieldwise.api import models, views
from fieldwise.api.bodies import json_body
from fieldwise.api.deps import OrgDep, ServicesDep, SessionDep
from fieldwise.api.params import PageDep
from fieldwise.jobs import submit
from fieldwise.store import collections, workflows
from fieldwise.store.tables import Workflow
from fieldwise.workflows.definitions import parse_definition
from fieldwise.workflows.v3 import carry_ids

router = APIRouter(prefix="/v2/workflows", tags=["workflows"])

_BODY_DOC = {
    "requestBody": {
        "required": True,
        "content": {"application/json": {"schema": {"type": "object", "examples": [{
            "name": "Invoices", "description": "Invoice header fields",
            "fields": [{"name": "invoice_number", "description": "Invoice id", "data_type": "string"},
                       {"name": "total", "description": "Total due", "data_type": "float"}],
        }]}}},
    }
}


@router.post("/", status_code=201, openapi_extra=_BODY_DOC, summary="Create a workflow (flat fields or graph)",
             response_model=models.Workflow, response_model_exclude_unset=True)
async def create_workflow(request: Request, org: OrgDep, session: SessionDep) -> dict[str, Any]:
    body = await json_body(request)
    return await run_in_threadpool(_create, session, org, body)  # the database, off the event loop


def _create(session: SessionDep, org: str, body: Any) -> dict[str, Any]:
    definition = parse_definition(body)
    row = workflows.create(session, org, definition.name, definition.description, body)
    session.commit()
    return views.workflow(row, body, definition)


@router.get("/", summary="List workflows", response_model=models.Page[models.Workflow],
            response_model_exclude_unset=True)
def list_workflows(
    org: OrgDep, session: SessionDep, paging: PageDep,
    sort_by: Annotated[Literal["created_at", "updated_at", "name"], Query()] = "created_at",
    order: Annotated[Literal["asc", "desc"], Query()] = "desc",
    status: Annotated[str | None, Query(description="accepted for compatibility; workflows have no status")] = None,
) -> dict[str, Any]:
    total, rows = workflows.page(session, org, paging.page, paging.page_size, order == "desc", sort_by)
    results = []
    for row in rows:
        body = workflows.definition(session, row.current_version_id)
        results.append(views.workflow(row, body, parse_definition(body)))
    return views.page(total, paging.page, paging.page_size, results)


@router.get("/{workflow_id}/", summary="Get a workflow", response_model=models.Workflow,
            response_model_exclude_unset=True)
def get_workflow(workflow_id: str, org: OrgDep, session: SessionDep) -> dict[str, Any]:
    row = workflows.get(session, org, workflow_id)
    body = workflows.definition(session, row.current_version_id)
    return views.workflow(row, body, parse_definition(body))


@router.put("/{workflow_id}/", openapi_extra=_BODY_DOC, summary="Replace a workflow (mints a new version)",
            response_model=models.Workflow, response_model_exclude_unset=True)
async def replace_workflow(workflow_id: str, request: Request, org: OrgDep, session: SessionDep) -> dict[str, Any]:
    row = await run_in_threadpool(workflows.get, session, org, workflow_id)
    body = await json_body(request)
    return await run_in_threadpool(_replace, session, row, body)


def _replace(session: SessionDep, row: Workflow, body: Any) -> dict[str, Any]:
    definition = parse_definition(body)
    body = carry_ids(body, workflows.definition(session, row.current_version_id))  # v3 field identity (D14)
    workflows.replace(session, row, definition.name, definition.description, body)
    session.commit()
    return views.workflow(row, body, definition)


@router.delete("/{workflow_id}/", status_code=204, response_class=Response,
               summary="Delete a workflow, its collections and results")
def delete_workflow(workflow_id: str, org: OrgDep, session: SessionDep, services: ServicesDep) -> Response:
    row = workflows.get(session, org, workflow_id)
    submit.delete(session, services.blobs, row, collections.blob_keys(session, workflow_id=row.id))
    return Response(status_code=204)

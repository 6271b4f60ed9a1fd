"""v3 workflows: spec v3 section 3 rows 1-6 (create, list, get, PATCH, delete, versions)."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query, Response
from pydantic import ValidationError

from fieldwise.api.deps import OrgDep, ServicesDep, SessionDep
from fieldwise.api.v3 import models
from fieldwise.api.v3.paging import KeysetDep, page
from fieldwise.api.views import iso
from fieldwise.errors import Conflict, ValidationFailed
from fieldwise.jobs import submit
from fieldwise.store import collections, edit_references, slack, workflows
from fieldwise.store.ids import new_id
from fieldwise.store.tables import Workflow, WorkflowVersion
from fieldwise.workflows import v3
from fieldwise.workflows.public import WorkflowDefinition, WorkflowPatch

router = APIRouter(prefix="/v3/workflows", tags=["v3 workflows"])


def detail(row: Workflow, version: WorkflowVersion) -> dict[str, Any]:
    public = v3.public_view(version.definition, row.id)
    return {"id": row.id, "name": row.name, "description": row.description or "", "version_id": version.id,
            "version": version.label or "1.0", "nodes": public["nodes"], "edges": public["edges"],
            "created_at": iso(row.created_at), "updated_at": iso(row.updated_at)}


def item(row: Workflow) -> dict[str, Any]:
    return {"id": row.id, "name": row.name, "description": row.description or "",
            "version_id": row.current_version_id, "created_at": iso(row.created_at),
            "updated_at": iso(row.updated_at)}


def _name_free(session: SessionDep, org: str, name: str, other_than: str | None = None) -> None:
    if workflows.name_taken(session, org, name, other_than=other_than):
        raise Conflict(f"a workflow named {name.strip()!r} already exists", code="WORKFLOW_NAME_CONFLICT",
                       params={"name": name.strip()})


def _prepared(session: SessionDep, org: str, definition: WorkflowDefinition, previous: dict[str, Any] | None,
              previous_stored: dict[str, Any] | None = None, workflow_id: str | None = None) -> dict[str, Any]:
    body = v3.canonical(definition)
    v3.refuse_unsupported(body)
    edit_references.refuse_foreign(session, workflow_id, body)
    v3.store_lookups(body, definition, previous_stored)
    v3.refuse_unconfigured_slack(body, slack.configured(session, org))
    v3.assign_ids(body, previous)
    v3.check_topology(body)
    return body


@router.post("/", status_code=201, response_model=models.WorkflowDetail, summary="Create a workflow (typed graph)")
def create_workflow(definition: WorkflowDefinition, org: OrgDep, session: SessionDep) -> dict[str, Any]:
    body = _prepared(session, org, definition, None)
    _name_free(session, org, body["name"])
    row = workflows.create(session, org, body["name"].strip(), body["description"], body, workflow_id=new_id())
    session.commit()
    return detail(row, workflows.version(session, row, row.current_version_id))


@router.get("/", response_model=models.Page[models.WorkflowItem], summary="List workflows, newest first")
def list_workflows(org: OrgDep, session: SessionDep, keyset: KeysetDep) -> dict[str, Any]:
    rows = workflows.keyset(session, org, keyset.limit + 1, keyset.after)
    return page([item(r) for r in rows], rows, keyset.limit)


@router.get("/{workflow_id}/", response_model=models.WorkflowDetail, summary="Get a workflow (or one version)")
def get_workflow(workflow_id: str, org: OrgDep, session: SessionDep,
                 version: Annotated[str | None, Query(description="a version_id")] = None) -> dict[str, Any]:
    row = workflows.get(session, org, workflow_id)
    return detail(row, workflows.version(session, row, version or row.current_version_id))


@router.patch("/{workflow_id}/", response_model=models.WorkflowDetail,
              summary="Update a workflow; a changed definition mints a version")
def patch_workflow(workflow_id: str, patch: WorkflowPatch, org: OrgDep, session: SessionDep) -> dict[str, Any]:
    row = workflows.get(session, org, workflow_id)
    current = workflows.version(session, row, row.current_version_id)
    previous = v3.public_view(current.definition, row.id)
    merged = {**previous, **patch.model_dump(exclude_unset=True, mode="json")}
    merged["name"] = merged["name"] if patch.name is not None else row.name
    try:
        definition = WorkflowDefinition.model_validate(merged)
    except ValidationError as exc:
        raise ValidationFailed([{"loc": ".".join(str(p) for p in e["loc"]), "msg": e["msg"]}
                                for e in exc.errors()]) from exc
    body = _prepared(session, org, definition, previous, current.definition, row.id)
    change = v3.changes(v3.public_view(body, row.id), {**previous, "name": row.name,
                                                        "description": row.description or ""})
    if change is None:
        return detail(row, current)
    if body["name"].strip() != row.name.strip():
        _name_free(session, org, body["name"], other_than=row.id)
    workflows.replace(session, row, body["name"].strip(), body["description"], body, major=change == "major")
    session.commit()
    return detail(row, workflows.version(session, row, row.current_version_id))


@router.delete("/{workflow_id}/", status_code=204, response_class=Response,
               summary="Delete a workflow with its packets and runs")
def delete_workflow(workflow_id: str, org: OrgDep, session: SessionDep, services: ServicesDep) -> Response:
    row = workflows.get(session, org, workflow_id)
    submit.delete(session, services.blobs, row, collections.blob_keys(session, workflow_id=row.id))
    return Response(status_code=204)


@router.get("/{workflow_id}/versions/", response_model=models.Page[models.VersionItem],
            summary="A workflow's versions, newest first (item 0 of the first page is the current one)")
def list_versions(workflow_id: str, org: OrgDep, session: SessionDep, keyset: KeysetDep) -> dict[str, Any]:
    row = workflows.get(session, org, workflow_id)
    rows = workflows.versions_keyset(session, row.id, keyset.limit + 1, keyset.after)
    items = [{"version_id": v.id, "version": v.label or "1.0", "created_at": iso(v.created_at)} for v in rows]
    return page(items, rows, keyset.limit)

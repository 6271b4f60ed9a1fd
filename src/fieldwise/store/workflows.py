"""Workflows and their versions: each create or PUT mints a version; runs bind to the version current then."""

from __future__ import annotations

from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from fieldwise.errors import NotFound
from fieldwise.store.ids import is_uuid, new_version_id
from fieldwise.store.tables import Workflow, WorkflowVersion, utcnow


def create(session: Session, org_id: str, name: str, description: str | None, body: dict[str, Any]) -> Workflow:
    version_id = new_version_id()
    workflow = Workflow(organization_id=org_id, name=name, description=description, current_version_id=version_id)
    session.add(workflow)
    session.flush()
    session.add(WorkflowVersion(id=version_id, workflow_id=workflow.id, definition=body))
    session.flush()
    return workflow


def replace(session: Session, workflow: Workflow, name: str, description: str | None, body: dict[str, Any]) -> None:
    version_id = new_version_id()
    session.add(WorkflowVersion(id=version_id, workflow_id=workflow.id, definition=body))
    workflow.name, workflow.description = name, description
    workflow.current_version_id, workflow.updated_at = version_id, utcnow()
    session.flush()


def get(session: Session, org_id: str, workflow_id: str) -> Workflow:
    """The organization's workflow, or NotFound (also for another organization's id)."""
    workflow = session.get(Workflow, workflow_id) if is_uuid(workflow_id) else None
    if workflow is None or workflow.organization_id != org_id:
        raise NotFound(f"No workflow with id {workflow_id!r}")
    return workflow


def definition(session: Session, version_id: str) -> dict[str, Any]:
    version = session.get(WorkflowVersion, version_id)
    if version is None:
        raise NotFound(f"No workflow version {version_id!r}")
    return version.definition


def page(session: Session, org_id: str, page_no: int, size: int, descending: bool = True,
         sort_by: str = "created_at") -> tuple[int, list[Workflow]]:
    column = {"created_at": Workflow.created_at, "updated_at": Workflow.updated_at, "name": Workflow.name}[sort_by]
    where = Workflow.organization_id == org_id
    total = session.scalar(select(func.count()).select_from(Workflow).where(where)) or 0
    order = column.desc() if descending else column.asc()
    rows = session.scalars(
        select(Workflow).where(where).order_by(order, Workflow.id).offset((page_no - 1) * size).limit(size)
    ).all()
    return total, list(rows)

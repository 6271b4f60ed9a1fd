"""Workflows and their versions: each create, PUT (v2) or changing PATCH (v3) mints a version labelled
"MAJOR.MINOR"; runs bind to the version current then."""

from __future__ import annotations

from typing import Any

from datetime import datetime

from sqlalchemy import and_, func, or_, select
from sqlalchemy.orm import Session

from fieldwise.errors import NotFound
from fieldwise.store.ids import is_uuid, new_version_id
from fieldwise.store.tables import Workflow, WorkflowVersion, utcnow


def create(session: Session, org_id: str, name: str, description: str | None, body: dict[str, Any], *,
           workflow_id: str | None = None) -> Workflow:
    version_id = new_version_id()
    workflow = Workflow(organization_id=org_id, name=name, description=description, current_version_id=version_id)
    if workflow_id is not None:
        workflow.id = workflow_id
    session.add(workflow)
    session.flush()
    session.add(WorkflowVersion(id=version_id, workflow_id=workflow.id, definition=body, label="1.0"))
    session.flush()
    return workflow


def replace(session: Session, workflow: Workflow, name: str, description: str | None, body: dict[str, Any], *,
            major: bool = True) -> None:
    """A new current version; a v2 PUT is always a major one (it replaces the whole definition)."""
    current = session.get(WorkflowVersion, workflow.current_version_id)
    label = current.label if current is not None else None
    major_no, _, minor_no = (label or "1.0").partition(".")
    label = f"{int(major_no) + 1}.0" if major else f"{major_no}.{int(minor_no or 0) + 1}"
    version_id = new_version_id()
    session.add(WorkflowVersion(id=version_id, workflow_id=workflow.id, definition=body, label=label))
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


def version(session: Session, workflow: Workflow, version_id: str) -> WorkflowVersion:
    row = session.get(WorkflowVersion, version_id)
    if row is None or row.workflow_id != workflow.id:
        raise NotFound(f"No version {version_id!r} of workflow {workflow.id!r}")
    return row


def name_taken(session: Session, org_id: str, name: str, *, other_than: str | None = None) -> bool:
    """Another workflow of the organization has this name (after trimming), v3's uniqueness rule (D5)."""
    query = select(Workflow.id).where(Workflow.organization_id == org_id, func.trim(Workflow.name) == name.strip())
    if other_than is not None:
        query = query.where(Workflow.id != other_than)
    return session.scalar(query.limit(1)) is not None


def keyset(session: Session, org_id: str, limit: int, after: tuple[datetime, str] | None) -> list[Workflow]:
    """The organization's workflows, newest first, after the cursor position."""
    query = select(Workflow).where(Workflow.organization_id == org_id)
    if after is not None:
        query = query.where(or_(Workflow.created_at < after[0],
                                and_(Workflow.created_at == after[0], Workflow.id < after[1])))
    return list(session.scalars(query.order_by(Workflow.created_at.desc(), Workflow.id.desc()).limit(limit)))


def versions_keyset(session: Session, workflow_id: str, limit: int,
                    after: tuple[datetime, str] | None) -> list[WorkflowVersion]:
    query = select(WorkflowVersion).where(WorkflowVersion.workflow_id == workflow_id)
    if after is not None:
        query = query.where(or_(WorkflowVersion.created_at < after[0],
                                and_(WorkflowVersion.created_at == after[0], WorkflowVersion.id < after[1])))
    return list(session.scalars(
        query.order_by(WorkflowVersion.created_at.desc(), WorkflowVersion.id.desc()).limit(limit)))

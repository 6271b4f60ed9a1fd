"""A workflow's layout memory (fieldwise extension): what reviewed values taught, listed and cleared."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter
from pydantic import BaseModel

from fieldwise.api import views
from fieldwise.api.deps import OrgDep, SessionDep
from fieldwise.store import memory, workflows
from fieldwise.store.tables import LayoutMemory

router = APIRouter(prefix="/v2/workflows/{workflow_id}/memory", tags=["layout memory"])


class MemoryItem(BaseModel):
    id: str
    field: str
    value: Any
    learned_from: dict[str, str]  # {"collection_id"}: the reviewed document it was learned from
    anchor: str | None  # the words that lead to the value on that layout; null: its place on the page
    page: int
    hits: int  # documents on which the value it proposed was confirmed
    misses: int  # documents on which it was corrected
    created_at: str | None


class MemoryList(BaseModel):
    workflow_id: str
    count: int
    memories: list[MemoryItem]


class MemoryCleared(BaseModel):
    workflow_id: str
    deleted: int


def _item(row: LayoutMemory) -> MemoryItem:
    lesson = row.lesson or {}
    return MemoryItem(id=row.id, field=row.field, value=row.value, learned_from={"collection_id": row.collection_id},
                      anchor=" ".join(lesson.get("anchor") or []) or None, page=int(lesson.get("page", 1)),
                      hits=len(row.hits), misses=len(row.misses), created_at=views.iso(row.created_at))


@router.get("/", summary="What the workflow's reviewed values taught (fieldwise extension)")
def list_memory(workflow_id: str, org: OrgDep, session: SessionDep) -> MemoryList:
    workflow = workflows.get(session, org, workflow_id)
    rows = memory.of_workflow(session, org, workflow.id)
    return MemoryList(workflow_id=workflow.id, count=len(rows), memories=[_item(r) for r in rows])


@router.delete("/", summary="Forget everything the workflow learned (fieldwise extension)")
def clear_memory(workflow_id: str, org: OrgDep, session: SessionDep) -> MemoryCleared:
    workflow = workflows.get(session, org, workflow_id)
    deleted = memory.clear(session, org, workflow.id)
    session.commit()
    return MemoryCleared(workflow_id=workflow.id, deleted=deleted)

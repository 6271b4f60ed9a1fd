"""v3 knowledge ask: spec v3 section 3 row 30 (D16). Extractive: passages of the workflow's processed documents,
ranked and quoted word for word; no generated text."""

from __future__ import annotations

import threading
import uuid
from collections import OrderedDict
from typing import Any

from fastapi import APIRouter
from pydantic import BaseModel, ConfigDict, Field
from sqlalchemy import select

from fieldwise.api.deps import OrgDep, SessionDep
from fieldwise.errors import Conflict
from fieldwise.store import collections, runs, workflows
from fieldwise.store.tables import Collection
from fieldwise.workflows import knowledge

router = APIRouter(prefix="/v3/workflows/{workflow_id}/knowledge", tags=["v3 knowledge"])


class AskBody(BaseModel):
    model_config = ConfigDict(extra="forbid")
    question: str = Field(min_length=1, max_length=2000)
    thread_id: str | None = Field(default=None, max_length=200)


class Citation(BaseModel):
    path: str
    quote: str
    file_id: str | None = None
    block_id: str | None = None
    page: int | None = None
    file_page: int | None = None
    bbox: dict[str, float] | None = None
    document_packet_id: str | None = None


class Answer(BaseModel):
    answer: str
    citations: list[Citation]
    steps_used: int
    thread_id: str


class _Threads:
    """The last question of each recent thread, for follow-ups (kept by this process, the latest 10,000)."""

    def __init__(self, size: int = 10_000) -> None:
        self._items: OrderedDict[str, str] = OrderedDict()
        self._lock, self._size = threading.Lock(), size

    def swap(self, thread_id: str, question: str) -> str | None:
        with self._lock:
            previous = self._items.pop(thread_id, None)
            self._items[thread_id] = question
            while len(self._items) > self._size:
                self._items.popitem(last=False)
        return previous


THREADS = _Threads()


@router.post("/ask", response_model=Answer, response_model_exclude_none=True,
             summary="Ask the workflow's documents; the answer is quoted from them (needs a knowledge node)")
@router.post("/ask/", response_model=Answer, response_model_exclude_none=True, include_in_schema=False)
def ask(workflow_id: str, body: AskBody, org: OrgDep, session: SessionDep) -> dict[str, Any]:
    workflow = workflows.get(session, org, workflow_id)
    nodes = workflows.definition(session, workflow.current_version_id).get("nodes") or []
    if not any(isinstance(n, dict) and n.get("type") == "knowledge" for n in nodes):
        raise Conflict("the workflow's current version has no knowledge node; add one to ask its documents",
                       code="KNOWLEDGE_NOT_ENABLED")
    corpus: list[knowledge.Passage] = []
    packets = session.scalars(select(Collection).where(
        Collection.workflow_id == workflow.id, Collection.purpose == "production", Collection.kind == "extraction",
        Collection.status == "processed").order_by(Collection.created_at, Collection.id))
    for packet in packets:
        result = runs.result_of(session, packet.latest_run_id) if packet.latest_run_id else None
        files = collections.files_of(session, packet.id)
        if result is None or not files:
            continue
        only = files[0].id if len(files) == 1 else None
        corpus += knowledge.passages(packet.id, f"{packet.id}/{files[0].filename}", result.parse or {}, only)
    thread_id = body.thread_id or f"kb-{uuid.uuid4()}"
    previous = THREADS.swap(thread_id, body.question)
    return {**knowledge.answer(corpus, body.question, previous), "thread_id": thread_id}

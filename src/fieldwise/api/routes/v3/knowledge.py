"""v3 knowledge ask: spec v3 section 3 row 30 (D16). Extractive: passages of the workflow's processed documents,
found by one full-text query on the index the workers keep (store.passages) and quoted word for word; no
generated text. No document is read to answer."""

from __future__ import annotations

import uuid
from typing import Any

from fastapi import APIRouter
from pydantic import BaseModel, ConfigDict, Field
from sqlalchemy.exc import IntegrityError

from fieldwise.api.deps import OrgDep, SessionDep
from fieldwise.errors import Conflict
from fieldwise.store import passages, threads, workflows
from fieldwise.store.tables import Passage
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
    confidence: float | None = None  # fieldwise: the engine's, 0-100, for the value the answer gives


@router.post("/ask", response_model=Answer, response_model_exclude_none=True,
             summary="Ask the workflow's documents; the answer is quoted from them (needs a knowledge node)")
@router.post("/ask/", response_model=Answer, response_model_exclude_none=True, include_in_schema=False)
def ask(workflow_id: str, body: AskBody, org: OrgDep, session: SessionDep) -> dict[str, Any]:
    workflow = workflows.get(session, org, workflow_id)
    nodes = workflows.definition(session, workflow.current_version_id).get("nodes") or []
    if not any(isinstance(n, dict) and n.get("type") == "knowledge" for n in nodes):
        raise Conflict("the workflow's current version has no knowledge node; add one to ask its documents",
                       code="KNOWLEDGE_NOT_ENABLED")
    thread_id = body.thread_id or f"kb-{uuid.uuid4()}"
    previous = threads.swap(session, org, workflow.id, thread_id, body.question)
    try:
        session.commit()
    except IntegrityError:  # the same new thread asked twice at once: the other question was recorded first
        session.rollback()
    found = knowledge.find(lambda words, limit, packet: [_passage(row) for row in passages.search(
        session, org, workflow.id, words, limit, packet)], body.question, previous)
    return {**knowledge.answer(body.question, found), "thread_id": thread_id}


def _passage(row: Passage) -> knowledge.Passage:
    return knowledge.Passage(text=row.text, document_packet_id=row.collection_id, path=row.path,
                             block_id=row.block_id, page=row.page, bbox=row.bbox, file_id=row.file_id,
                             file_page=row.file_page)

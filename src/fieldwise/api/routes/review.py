"""Review of extracted values (fieldwise extensions): correct or verify one field, and read every change made."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Header, Request
from starlette.concurrency import run_in_threadpool

from fieldwise.api import models, views
from fieldwise.api.bodies import json_body
from fieldwise.api.auth import bearer_token
from fieldwise.api.deps import OrgDep, ServicesDep, SessionDep
from fieldwise.extraction import review, wire
from fieldwise.jobs import learning
from fieldwise.store import accounts, collections, reviews
from fieldwise.store.tables import ReviewChange

router = APIRouter(prefix="/v2/files/{collection_id}", tags=["review"])

_PATCH_DOC = {"requestBody": {"required": True, "content": {"application/json": {"schema": {
    "type": "object",
    "properties": {"value": {"description": "the corrected value, checked against the field's data_type"},
                   "verified": {"type": "boolean"},
                   "verification_status": {"type": "string", "enum": ["verified", "not_verified"]},
                   "evidence": {"type": "object", "description": "with a value: where the page prints it, "
                                "{page_number, bbox: {x0, y0, x1, y1}} in fractions of the page; layout memory "
                                "learns that place"}},
    "examples": [{"value": 1300.0}, {"verified": True},
                 {"value": "QX-19-AB", "evidence": {"page_number": 1,
                                                    "bbox": {"x0": 0.17, "y0": 0.27, "x1": 0.33, "y1": 0.31}}}],
}}}}}


def change_view(row: ReviewChange) -> dict[str, Any]:
    return {"id": row.id, "collection_id": row.collection_id, "path": row.field_path, "action": row.action,
            "old_value": row.old_value, "new_value": row.new_value, "key": row.key_prefix,
            "reviewer": row.reviewer, "created_at": views.iso(row.created_at)}


def apply_change(session: SessionDep, services: ServicesDep, org: str, collection_id: str, path: str,
                 body: Any, *, key: str | None, reviewer: str | None) -> dict[str, Any]:
    """Shared by the API and the review pages: resolve the path, check and store the change, audit it."""
    collection = collections.get(session, org, collection_id)
    views.ensure_ready(collection)  # 412 while processing, 422 for a run that ended without results
    definition = services.definition(session, collection.version_id)
    where = review.resolve(list(definition.fields) if definition else [], path)

    def teach(updated: dict[str, Any]) -> None:
        if where.row is None:  # a cell of a table is not learned
            learning.relearn(session, collection, where.spec, review.entry(updated, where))

    updated, row = reviews.change(session, collection, str(where), lambda s: review.apply(s, where, body),
                                  key=key, reviewer=(reviewer or "").strip()[:200] or None, after=teach)
    return {"path": str(where), **wire.envelope_entry(review.entry(updated, where)), "change": change_view(row)}


@router.patch("/fields/{path:path}/", openapi_extra=_PATCH_DOC, response_model=models.ReviewedField,
              response_model_exclude_unset=True, summary="Correct or verify one extracted value (fieldwise extension)")
async def patch_field(collection_id: str, path: str, request: Request, org: OrgDep, session: SessionDep,
                      services: ServicesDep,
                      x_reviewer: Annotated[str | None, Header(description="who reviewed, for the audit")] = None,
                      ) -> dict[str, Any]:
    body = await json_body(request)
    key_hash = accounts.hash_key(bearer_token(request.headers.get("authorization")))

    def change() -> dict[str, Any]:  # the database, off the event loop
        return apply_change(session, services, org, collection_id, path, body,
                            key=reviews.key_prefix(session, key_hash), reviewer=x_reviewer)

    return await run_in_threadpool(change)


@router.get("/audit/", summary="Every review change of a collection, oldest first (fieldwise extension)",
            response_model=list[models.ReviewChange])
def audit(collection_id: str, org: OrgDep, session: SessionDep) -> list[dict[str, Any]]:
    collection = collections.get(session, org, collection_id)
    return [change_view(row) for row in reviews.audit(session, collection.id)]

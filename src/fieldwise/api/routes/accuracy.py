"""Measured accuracy of a workflow from its reviews (a fieldwise extension)."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter

from fieldwise.api.deps import OrgDep, ServicesDep, SessionDep
from fieldwise.extraction.accuracy import measure
from fieldwise.store import collections, reviews, workflows

router = APIRouter(prefix="/v2/workflows/{workflow_id}", tags=["review"])


@router.get("/accuracy/", summary="Per field and confidence band: how many reviewed values the engine had right")
def accuracy(workflow_id: str, org: OrgDep, session: SessionDep, services: ServicesDep) -> dict[str, Any]:
    workflow = workflows.get(session, org, workflow_id)
    reviewed = reviews.reviewed_collection_ids(session, org, workflow.id)

    def extractions() -> Any:
        for collection_id in sorted(reviewed):
            collection = collections.get(session, org, collection_id)
            result = collections.result_of(session, collection_id)
            definition = services.definition(session, collection.version_id)
            if result is not None and definition is not None:
                yield result.extraction or {}, list(definition.fields)

    return {"workflow_id": workflow.id, "reviewed_collections": len(reviewed), **measure(extractions())}

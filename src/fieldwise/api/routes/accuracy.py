"""Measured accuracy of a workflow from its reviews (a fieldwise extension), and the state of the confidence remap
fitted from them (fieldwise.jobs.recalibrate).

The bands count the confidence each value was served with (what a user thresholds on), so once a remap is
applied they measure the remapped figures; the remap itself is fitted on the engine's own figures."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter

from fieldwise.api import models
from fieldwise.api.deps import OrgDep, ServicesDep, SessionDep
from fieldwise.extraction.accuracy import measure
from fieldwise.api.views import iso
from fieldwise.settings import Settings
from fieldwise.store import calibrations, collections, reviews, workflows
from fieldwise.store.tables import WorkflowCalibration

router = APIRouter(prefix="/v2/workflows/{workflow_id}", tags=["review"])


@router.get("/accuracy/", summary="Per field and confidence band: how many reviewed values the engine had right",
            response_model=models.Accuracy)
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

    state = calibrations.get(session, org, workflow.id)
    return {"workflow_id": workflow.id, "reviewed_collections": len(reviewed), **measure(extractions()),
            "calibration": _calibration(state, services.settings)}


def _calibration(row: WorkflowCalibration | None, settings: Settings) -> dict[str, Any]:
    """Whether the workflow's confidence is remapped, from how many reviewed values, and the expected calibration
    error (0-1) on those values before and after (in-sample: benchmarks/workflow_calibration.py measures
    it on held-out documents). It is fitted at the workflow's next run after enough reviews arrived."""
    return {
        "enabled": settings.recalibrate,
        "fitted": bool(row is not None and row.fitted and settings.recalibrate),
        "reviewed": row.reviewed if row is not None else 0,
        "fitted_at": iso(row.fitted_at) if row is not None else None,
        "ece_before": row.ece_before if row is not None else None,
        "ece_after": row.ece_after if row is not None and row.fitted else None,
        "remap": row.remap if row is not None and row.fitted else None,
    }

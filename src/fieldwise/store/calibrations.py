"""A workflow's confidence remap and the evidence it is fitted from: reviewed results and ground truth, scoped by
organization and workflow, most recent first."""

from __future__ import annotations

from datetime import datetime
from typing import Any, Iterator

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from fieldwise.store.collections import result_of
from fieldwise.store.tables import (
    Collection, GroundTruthSet, GroundTruthValue, ReviewChange, WorkflowCalibration, utcnow,
)


def get(session: Session, org_id: str, workflow_id: str) -> WorkflowCalibration | None:
    row = session.get(WorkflowCalibration, workflow_id)
    return row if row is not None and row.organization_id == org_id else None


def evidence_count(session: Session, org_id: str, workflow_id: str) -> int:
    """Review changes and ground-truth values of the workflow: it grows with every new piece of evidence (an undo
    included), so comparing it with the count at the last fit tells whether to fit again, in two cheap queries."""
    changes = session.scalar(
        select(func.count()).select_from(ReviewChange).join(Collection, Collection.id == ReviewChange.collection_id)
        .where(ReviewChange.organization_id == org_id, Collection.workflow_id == workflow_id))
    truths = session.scalar(select(func.count()).select_from(GroundTruthValue)
                            .where(GroundTruthValue.organization_id == org_id,
                                   GroundTruthValue.workflow_id == workflow_id))
    return int(changes or 0) + int(truths or 0)


def evidence(session: Session, org_id: str,
             workflow_id: str) -> Iterator[tuple[str, str, dict[str, Any], dict[str, Any] | None]]:
    """(kind, collection id, stored extraction, ground truth) per document, most recently reviewed first: kind
    "review" gives the latest run's flat extraction (ground truth None), kind "truth" the extraction of the
    ground-truthed node and {field_key: (data_type, value)}."""
    reviewed = session.execute(
        select(ReviewChange.collection_id, func.max(ReviewChange.created_at))
        .join(Collection, Collection.id == ReviewChange.collection_id)
        .where(ReviewChange.organization_id == org_id, Collection.workflow_id == workflow_id)
        .group_by(ReviewChange.collection_id)).all()
    truths = session.execute(
        select(GroundTruthSet.collection_id, GroundTruthSet.node_id, GroundTruthSet.updated_at)
        .where(GroundTruthSet.organization_id == org_id, GroundTruthSet.workflow_id == workflow_id)).all()
    order: list[tuple[datetime, str, str, str | None]] = (
        [(_aware(at), "review", cid, None) for cid, at in reviewed]
        + [(_aware(at), "truth", cid, node) for cid, node, at in truths])
    for _at, kind, collection_id, node_id in sorted(order, key=lambda item: item[0], reverse=True):
        result = result_of(session, collection_id)
        if result is None:
            continue
        if kind == "review":
            yield kind, collection_id, result.extraction or {}, None
            continue
        part = next((e for e in result.extractions or [] if e.get("node_id") == node_id
                     and e.get("split_name") is None), None)
        fields = part.get("fields") if part else (result.extraction if not result.extractions else None)
        if not fields:
            continue
        values = session.execute(select(GroundTruthValue.field_key, GroundTruthValue.data_type, GroundTruthValue.value)
                                 .where(GroundTruthValue.collection_id == collection_id,
                                        GroundTruthValue.node_id == node_id)
                                 .order_by(GroundTruthValue.field_key)).all()
        yield kind, collection_id, fields, {key: (data_type, value) for key, data_type, value in values}


def _aware(at: datetime) -> datetime:
    return at if at.tzinfo is not None else at.replace(tzinfo=utcnow().tzinfo)


def save(session: Session, org_id: str, workflow_id: str, **state: Any) -> WorkflowCalibration:
    """Record a fit. Two workers fitting at once both compute the same remap from the same evidence: the second
    insert's conflict is dropped and the first row kept."""
    row = session.get(WorkflowCalibration, workflow_id)
    if row is None:
        row = WorkflowCalibration(workflow_id=workflow_id, organization_id=org_id)
        session.add(row)
    for name, value in state.items():
        setattr(row, name, value)
    row.fitted_at = utcnow()
    try:
        session.commit()
    except IntegrityError:
        session.rollback()
        return session.get(WorkflowCalibration, workflow_id) or row
    return row

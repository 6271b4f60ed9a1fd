"""Datasets (packets with purpose `dataset`), their tags, ground truth and evals (spec v3 D15)."""

from __future__ import annotations

from typing import Any

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from fieldwise.errors import Conflict, NotFound
from fieldwise.store.ids import is_uuid
from fieldwise.store.tables import (
    Collection, DatasetTag, Eval, EvalItem, GroundTruthSet, GroundTruthValue, PacketTag, utcnow,
)


def require_dataset(packet: Collection) -> None:
    if packet.purpose != "dataset":
        raise Conflict("ground truth and tags belong to dataset packets; this one is a production packet",
                       code="NOT_IN_DATASET")


# --- tags -----------------------------------------------------------------------------------------------------


def tags(session: Session, workflow_id: str) -> list[DatasetTag]:
    return list(session.scalars(select(DatasetTag).where(DatasetTag.workflow_id == workflow_id)
                                .order_by(DatasetTag.name)))


def add_tag(session: Session, org_id: str, workflow_id: str, name: str) -> DatasetTag:
    if session.scalar(select(DatasetTag.id).where(DatasetTag.workflow_id == workflow_id, DatasetTag.name == name)):
        raise Conflict(f"a dataset tag named {name!r} already exists", code="TAG_NAME_CONFLICT",
                       params={"name": name})
    tag = DatasetTag(organization_id=org_id, workflow_id=workflow_id, name=name)
    session.add(tag)
    session.flush()
    return tag


def get_tag(session: Session, workflow_id: str, tag_id: str) -> DatasetTag:
    tag = session.get(DatasetTag, tag_id) if is_uuid(tag_id) else None
    if tag is None or tag.workflow_id != workflow_id:
        raise NotFound(f"No dataset tag with id {tag_id!r}")
    return tag


def tag_ids_of(session: Session, collection_id: str) -> list[str]:
    return list(session.scalars(select(PacketTag.tag_id).where(PacketTag.collection_id == collection_id)
                                .order_by(PacketTag.tag_id)))


def set_tags(session: Session, packet: Collection, tag_ids: list[str]) -> None:
    for tag_id in tag_ids:
        get_tag(session, packet.workflow_id or "", tag_id)
    session.execute(delete(PacketTag).where(PacketTag.collection_id == packet.id))
    for tag_id in dict.fromkeys(tag_ids):
        session.add(PacketTag(collection_id=packet.id, tag_id=tag_id))
    session.flush()


# --- ground truth -----------------------------------------------------------------------------------------------


def ground_truth(session: Session, collection_id: str, node_id: str) -> tuple[GroundTruthSet | None, dict[str, Any]]:
    header = session.get(GroundTruthSet, (collection_id, node_id))
    values = session.scalars(select(GroundTruthValue).where(GroundTruthValue.collection_id == collection_id,
                                                            GroundTruthValue.node_id == node_id))
    return header, {v.persistent_id: v.value for v in values}


def replace_ground_truth(session: Session, packet: Collection, node_id: str, version_id: str,
                         values: dict[str, Any], fields: list[dict[str, Any]]) -> None:
    """Complete replacement of one document's ground truth for one extract node."""
    from fieldwise.workflows.public import sanitize_field_name

    by_id = {f["persistent_id"]: f for f in fields}
    now = utcnow()
    session.execute(delete(GroundTruthValue).where(GroundTruthValue.collection_id == packet.id,
                                                   GroundTruthValue.node_id == node_id))
    header = session.get(GroundTruthSet, (packet.id, node_id))
    if header is None:
        header = GroundTruthSet(collection_id=packet.id, node_id=node_id, organization_id=packet.organization_id,
                                workflow_id=packet.workflow_id)
        session.add(header)
    header.version_id, header.updated_at = version_id, now
    session.flush()
    for pid, value in values.items():
        spec = by_id[pid]
        session.add(GroundTruthValue(collection_id=packet.id, node_id=node_id, persistent_id=pid,
                                     organization_id=packet.organization_id, workflow_id=packet.workflow_id,
                                     field_key=sanitize_field_name(spec["name"]), data_type=spec["data_type"],
                                     value=value, updated_at=now))
    session.flush()


def truth_values(session: Session, collection_id: str) -> list[GroundTruthValue]:
    """Every true value given for one document, whatever its extract node."""
    return list(session.scalars(select(GroundTruthValue).where(GroundTruthValue.collection_id == collection_id)
                                .order_by(GroundTruthValue.node_id, GroundTruthValue.persistent_id)))


def has_ground_truth(session: Session, collection_id: str) -> bool:
    return session.scalar(select(GroundTruthSet.node_id).where(GroundTruthSet.collection_id == collection_id)
                          .limit(1)) is not None


# --- evals ------------------------------------------------------------------------------------------------------


def selection(session: Session, workflow_id: str, tag_ids: list[str] | None, untagged: bool) -> list[Collection]:
    packets = list(session.scalars(select(Collection).where(Collection.workflow_id == workflow_id,
                                                            Collection.purpose == "dataset")
                                   .order_by(Collection.created_at, Collection.id)))
    if tag_ids is None and not untagged:
        return packets
    wanted = set(tag_ids or [])
    chosen = []
    for packet in packets:
        mine = set(tag_ids_of(session, packet.id))
        if mine & wanted or (untagged and not mine):
            chosen.append(packet)
    return chosen


def next_run_number(session: Session, workflow_id: str) -> int:
    return (session.scalar(select(func.max(Eval.run_number)).where(Eval.workflow_id == workflow_id)) or 0) + 1


def get_eval(session: Session, workflow_id: str, eval_id: str) -> Eval:
    row = session.get(Eval, eval_id) if is_uuid(eval_id) else None
    if row is None or row.workflow_id != workflow_id:
        raise NotFound(f"No eval with id {eval_id!r}")
    return row


def items(session: Session, eval_id: str) -> list[EvalItem]:
    return list(session.scalars(select(EvalItem).where(EvalItem.eval_id == eval_id)
                                .order_by(EvalItem.collection_id)))

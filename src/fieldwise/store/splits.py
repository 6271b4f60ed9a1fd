"""Splits of a run, findable by id (v3 `GET /v3/splits/{id}/pdf/`): one row per split, or per partition of a
partitioned split, written in the transaction that ends the run. Ids are stable: derived from the run and names."""

from __future__ import annotations

import uuid
from typing import Any

from sqlalchemy.orm import Session

from fieldwise.errors import NotFound
from fieldwise.store.ids import is_uuid
from fieldwise.store.tables import SplitRef

_SPACE = uuid.UUID("0b7e3c0e-5d0f-4b8e-8a55-5f3b9a1c2d44")


def split_id(run_id: str, name: str, partition: str | None) -> str:
    return str(uuid.uuid5(_SPACE, f"{run_id}/{name}/{partition or ''}"))


def record(session: Session, org_id: str, run_id: str, splits: list[dict[str, Any]] | None) -> None:
    for item in splits or []:
        name = str(item.get("name") or "")
        partitions = [p for p in item.get("partitions") or [] if p.get("name") is not None]
        if not partitions:
            session.merge(SplitRef(id=split_id(run_id, name, None), organization_id=org_id, run_id=run_id,
                                   files=list(item.get("files") or [])))
        for part in partitions:
            session.merge(SplitRef(id=split_id(run_id, name, str(part["name"])), organization_id=org_id,
                                   run_id=run_id, files=list(part.get("files") or [])))


def get(session: Session, org_id: str, ref_id: str) -> SplitRef:
    row = session.get(SplitRef, ref_id) if is_uuid(ref_id) else None
    if row is None or row.organization_id != org_id:
        raise NotFound(f"No split with id {ref_id!r}")
    return row

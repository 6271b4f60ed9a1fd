"""Edit references (spec v3 D22) as the edit node uses them: which ids a workflow owns, whether the ones a version
names are ready to run, and their text for the worker. A PDF reference is read by a worker as a collection of kind
`reference`; when that collection ends (processed, error, time limit, crashes), `settle` records it on the row, in
the same transaction, so a reference is never pending for longer than its collection is queued or running."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from fieldwise.errors import Conflict, ValidationFailed
from fieldwise.store.tables import Collection, EditReference, utcnow

MAX_TEXT = 1024 * 1024  # characters kept of a reference; the rest is cut and `truncated` set


def named(body: dict[str, Any] | None) -> list[str]:
    """The reference ids the edit nodes of a stored definition name, in order."""
    out: list[str] = []
    for node in (body or {}).get("nodes") or []:
        if isinstance(node, dict) and node.get("type") == "edit":
            out += [str(i) for i in node.get("reference_document_ids") or [] if str(i) not in out]
    return out


def refuse_foreign(session: Session, workflow_id: str | None, body: dict[str, Any]) -> None:
    """400 when an edit node names a reference that is not one of this workflow's (at create: any)."""
    wanted = named(body)
    if not wanted:
        return
    known = set(session.scalars(select(EditReference.id).where(EditReference.workflow_id == workflow_id))) \
        if workflow_id else set()
    foreign = [i for i in wanted if i not in known]
    if foreign:
        raise ValidationFailed([{"loc": "nodes.edit.reference_document_ids",
                                 "msg": f"{i} is not an edit reference of this workflow"} for i in foreign])


def check_ready(session: Session, workflow_id: str, body: dict[str, Any] | None) -> None:
    """409 REFERENCE_NOT_READY when a reference the version names is still pending or failed: nothing is queued."""
    wanted = named(body)
    if not wanted:
        return
    rows = session.execute(select(EditReference.id, EditReference.name, EditReference.status)
                           .where(EditReference.workflow_id == workflow_id, EditReference.id.in_(wanted))).all()
    for row in rows:
        if row.status != "ready":
            raise Conflict(f"edit reference {row.name!r} is {row.status}, not ready; poll list_edit_references "
                           "until it settles", code="REFERENCE_NOT_READY",
                           params={"reference_id": row.id, "status": row.status})


def texts(session: Session, workflow_id: str, ids: tuple[str, ...] | list[str]) -> list[tuple[str, str]]:
    """(name, text) of the ready references among `ids`, in that order; deleted ones are skipped."""
    if not ids:
        return []
    rows = {r.id: r for r in session.execute(
        select(EditReference.id, EditReference.name, EditReference.text, EditReference.status)
        .where(EditReference.workflow_id == workflow_id, EditReference.id.in_(list(ids)))).all()}
    return [(rows[i].name, rows[i].text or "") for i in ids if i in rows and rows[i].status == "ready"]


def set_text(row: EditReference, text: str) -> None:
    row.text, row.truncated, row.status = text[:MAX_TEXT], len(text) > MAX_TEXT, "ready"


def settle(session: Session, collection: Collection, text: str | None) -> None:
    """The reference read by `collection` is ready with `text`, or failed with the collection's error."""
    row = session.scalar(select(EditReference).where(EditReference.collection_id == collection.id))
    if row is None:
        return
    if collection.status == "processed" and text is not None:
        set_text(row, text)
        row.error = None
    else:
        row.status, row.error = "error", collection.error or "the file could not be read"
    row.updated_at = utcnow()


"""Layout memory between the store and the engine: the memories a run of a workflow extracts with, and what a
review of one field (a PATCH, the review pages, ground truth) teaches or takes back. The lesson is made by the
pure fieldwise.extraction.memory from the words and boxes the run stored (Result.layout)."""

from __future__ import annotations

from typing import Any

from sqlalchemy.orm import Session

from fieldwise.documents.model import BBox
from fieldwise.errors import ValidationFailed
from fieldwise.extraction import values, wire
from fieldwise.extraction.memory import LEARNABLE, Lesson, Memories, Memory, teach
from fieldwise.extraction.schema import FieldSpec
from fieldwise.extraction.sheet import Sheet
from fieldwise.store import datasets
from fieldwise.store import memory as store
from fieldwise.store.tables import Collection, LayoutMemory, Result


def memories(session: Session, org_id: str, workflow_id: str | None, collection_id: str) -> Memories:
    """What a run of `collection_id` extracts with: its workflow's memories but those the document itself taught
    (a document never learns from its own review: an eval over reviewed documents would grade its answers)."""
    if workflow_id is None:
        return Memories()
    return Memories([Memory(row.id, Lesson.from_json(row.lesson), [tuple(t) for t in row.fingerprint],
                            row.collection_id, tuple(row.hits), tuple(row.misses))
                     for row in store.of_workflow(session, org_id, workflow_id)
                     if row.collection_id != collection_id])


def relearn(session: Session, collection: Collection, spec: FieldSpec, entry: dict[str, Any] | None) -> None:
    """Bring the memory in line with the field's review state on one document: a verified value (confirmed or
    corrected) teaches a lesson and judges the memory that proposed the engine's value; an unverified one
    teaches nothing, so undoing a review undoes what it taught."""
    if collection.workflow_id is None or spec.data_type not in LEARNABLE:
        return
    org, workflow = collection.organization_id, collection.workflow_id
    store.forget(session, org, workflow, collection.id, spec.name)
    if not entry or not entry.get("verified"):
        return
    value = wire.effective_value(entry)
    kept = "value_override" not in entry or entry["value_override"] == entry.get("value")
    layout = store.layout_of(session, collection.latest_run_id)
    sheet = Sheet.from_json(layout) if layout else None
    near, page = _evidence(entry)
    lesson = None
    if sheet is not None and value not in (None, ""):
        lesson = teach(sheet, spec, value, near, page) if kept else teach(sheet, spec, value)
    # A correction that keeps the value's place and changes what it takes ('Acme' for 'Acme (1234)') judges
    # the place right: the lesson it teaches says how much to take.
    placed = kept or (lesson is not None and near is not None and lesson.page == page
                      and lesson.value_box.overlaps(near))
    origin = entry.get("learned_from")
    if isinstance(origin, dict):  # every memory that read the engine's value is judged by the review
        for memory_id in origin.get("memory_ids") or [origin.get("memory_id")]:
            if memory_id:
                store.judge(session, str(memory_id), collection.id, right=placed)
    if sheet is not None and lesson is not None:
        store.add(session, LayoutMemory(organization_id=org, workflow_id=workflow, collection_id=collection.id,
                                        field=spec.name, value=value, lesson=lesson.to_json(),
                                        fingerprint=[list(t) for t in sheet.fingerprint()]))


def from_ground_truth(session: Session, packet: Collection, fields: list[FieldSpec] | tuple[FieldSpec, ...]) -> None:
    """A dataset document's ground truth teaches what a reviewer's corrections would, once its run has stored
    its layout: called when ground truth is set and when the document's run ends. `fields`: the workflow's
    (first extract node's) fields, keyed as results are."""
    result = session.get(Result, packet.latest_run_id) if packet.latest_run_id else None
    if result is None:
        return
    by_name = {spec.name: spec for spec in fields}
    truths = datasets.truth_values(session, packet.id)
    given = {truth.field_key for truth in truths}
    for field in fields:  # ground truth is replaced whole: a field it no longer gives teaches nothing
        if field.name not in given and packet.workflow_id is not None:
            store.forget(session, packet.organization_id, packet.workflow_id, packet.id, field.name)
    for truth in truths:
        spec = by_name.get(truth.field_key)
        if spec is None or spec.data_type not in LEARNABLE:
            continue
        try:
            value = values.check(spec, truth.value)
        except ValidationFailed:
            continue  # ground truth written in a form the field does not read ('n/a' for a date)
        stored = (result.extraction or {}).get(spec.name)
        entry = dict(stored) if isinstance(stored, dict) else {}
        relearn(session, packet, spec, {**entry, "value_override": value, "verified": True})


def _evidence(entry: dict[str, Any]) -> tuple[BBox | None, int | None]:
    for evidence in entry.get("evidence") or []:
        box = evidence.get("bbox")
        if isinstance(box, dict):
            return BBox(box["x0"], box["y0"], box["x1"], box["y1"]), evidence.get("page_number")
    return None, None

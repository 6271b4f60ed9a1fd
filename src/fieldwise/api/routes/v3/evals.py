"""v3 evals: spec v3 section 3 rows 22-26 (D15). An eval freezes its selection and version, runs each selected
dataset document once, and grades every top-level field of the ground-truthed extract node as its runs end."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from fastapi import APIRouter, Request, Response
from pydantic import BaseModel, ConfigDict
from sqlalchemy import and_, or_, select
from sqlalchemy.orm import Session

from fieldwise.api.deps import OrgDep, Services, ServicesDep, SessionDep, SubmitOrgDep
from fieldwise.api.v3 import models
from fieldwise.api.v3.idempotency import idempotent
from fieldwise.api.v3.paging import KeysetDep, page
from fieldwise.api.v3.results import results
from fieldwise.api.views import iso
from fieldwise.errors import Conflict, NotFound, ValidationFailed
from fieldwise.store import collections, datasets, runs, workflows
from fieldwise.store.tables import Collection, Eval, EvalItem, Run
from fieldwise.workflows import grading, v3

router = APIRouter(prefix="/v3/workflows/{workflow_id}/evals", tags=["v3 evals"])
TERMINAL = frozenset({"processed", "error", "cancelled"})


class LaunchBody(BaseModel):
    model_config = ConfigDict(extra="forbid")
    version_id: str | None = None
    dataset_tag_ids: list[str] | None = None
    untagged: bool = False


@dataclass
class Graded:
    """One eval document: its run's status, extracted and expected values, and the grade of each field."""

    item: EvalItem
    packet: Collection | None  # None once the dataset's document was deleted
    status: str
    extracted: dict[str, Any] | None
    expected: dict[str, Any]
    grades: dict[str, str] = field(default_factory=dict)


def _node(session: Session, row: Eval, packet_ids: list[str]) -> tuple[str | None, list[dict[str, Any]]]:
    """The eval's extract node (the one ground truth was set for; the only one otherwise) and its fields."""
    workflow = workflows.get(session, row.organization_id, row.workflow_id)
    public = v3.public_view(workflows.version(session, workflow, row.version_id).definition, workflow.id)
    extracts = {n["id"]: n["extraction_schema"]["fields"] for n in public["nodes"] if n["type"] == "extract"}
    for packet_id in packet_ids:
        for node_id in extracts:
            if datasets.ground_truth(session, packet_id, node_id)[0] is not None:
                return node_id, extracts[node_id]
    if len(extracts) == 1:
        return next(iter(extracts.items()))
    return None, []


def _grade(session: Session, services: Services, row: Eval) -> tuple[list[Graded], list[dict[str, Any]]]:
    items = datasets.items(session, row.id)
    node_id, fields = _node(session, row, [i.collection_id for i in items])
    definition = services.definition(session, row.version_id)
    out = []
    for item in items:
        packet = session.get(Collection, item.collection_id)
        run = session.get(Run, item.run_id) if item.run_id else None
        status = runs.view(run, packet).status if run is not None and packet is not None else "error"
        expected = datasets.ground_truth(session, item.collection_id, node_id)[1] if node_id else {}
        extracted = None
        stored = runs.result_of(session, run.id) if run is not None and status == "processed" else None
        if stored is not None and packet is not None and run is not None:
            view = results(packet.id, run.id, stored, definition, "none", None)
            entry = next((e for e in view["extractions"] if e["split_name"] is None), None)
            if entry is not None:
                extracted = grading.extracted_values(entry["fields"], fields)
        graded = Graded(item, packet, status, extracted, expected)
        if status in TERMINAL:
            graded.grades = grading.grade(extracted, expected, fields)
        out.append(graded)
    return out, fields


def _counts(grades: list[dict[str, str]]) -> dict[str, int]:
    values = [g for one in grades for g in one.values()]
    return {k: values.count(k) for k in ("matched", "mismatched", "ungraded")}


def _accuracy(counts: dict[str, int]) -> float | None:
    denominator = counts["matched"] + counts["mismatched"]
    return counts["matched"] / denominator if denominator else None


def detail(session: Session, services: Services, row: Eval) -> dict[str, Any]:
    graded, _fields = _grade(session, services, row)
    done = all(g.status in TERMINAL for g in graded)
    counts = _counts([g.grades for g in graded])
    ran = [g for g in graded if g.item.run_id]
    status = "in_progress" if not done else ("error" if graded and not ran else "processed")
    return {"id": row.id, "run_number": row.run_number, "version_id": row.version_id, "status": status,
            "accuracy": _accuracy(counts) if done else None, **({k: v if done else None for k, v in counts.items()}),
            "file_count": row.file_count, "failed_count": row.failed_count, "created_at": iso(row.created_at),
            "dataset_tag_ids": list(row.dataset_tag_ids or []), "untagged": row.untagged}


def _refuse_while_evaluated(session: Session, chosen: list[Collection]) -> None:
    """A document runs one run at a time: a second eval over documents an eval is still running would cancel that
    eval's runs (a new run replaces a queued one), so it is refused until they have finished. Retryable."""
    busy = [p for p in chosen if p.status in runs.ACTIVE and p.latest_run_id
            and (run := session.get(Run, p.latest_run_id)) is not None and run.purpose == "eval"]
    if busy:
        raise Conflict(f"an eval is still running over {len(busy)} of these documents; launch this one when it has "
                       "finished", code="EVAL_IN_PROGRESS", retryable=True)


@router.post("/", status_code=202, response_model=models.EvalLaunched, openapi_extra={"parameters": [
    {"name": "Idempotency-Key", "in": "header", "required": False, "schema": {"type": "string"}}]},
    summary="Run a version over the dataset (or a tagged slice) and grade it against ground truth")
async def launch(workflow_id: str, body: LaunchBody, request: Request, org: SubmitOrgDep, session: SessionDep,
                 services: ServicesDep) -> Response:
    async def handle() -> tuple[int, dict[str, Any]]:
        workflow = workflows.get(session, org, workflow_id)
        try:
            version = workflows.version(session, workflow, body.version_id or workflow.current_version_id)
        except NotFound as exc:
            raise ValidationFailed([{"loc": "version_id", "msg": str(exc.detail)}]) from exc
        for tag_id in body.dataset_tag_ids or []:
            try:
                datasets.get_tag(session, workflow.id, tag_id)
            except NotFound as exc:
                raise ValidationFailed([{"loc": "dataset_tag_ids", "msg": str(exc.detail)}]) from exc
        chosen = datasets.selection(session, workflow.id, body.dataset_tag_ids, body.untagged)
        if not chosen:
            raise ValidationFailed([{"loc": "dataset_tag_ids", "msg": "the selection holds no dataset document"}])
        _refuse_while_evaluated(session, chosen)
        row = Eval(organization_id=org, workflow_id=workflow.id, version_id=version.id,
                   run_number=datasets.next_run_number(session, workflow.id),
                   dataset_tag_ids=list(body.dataset_tag_ids or []), untagged=body.untagged,
                   file_count=len(chosen))
        session.add(row)
        session.flush()
        for packet in chosen:
            run = runs.start(session, packet, version.id, purpose="eval")
            session.add(EvalItem(eval_id=row.id, collection_id=packet.id, run_id=run.id,
                                 tag_ids=datasets.tag_ids_of(session, packet.id)))
        session.commit()
        for packet in chosen:
            services.dispatcher.notify(packet.id)
        return 202, {"eval_id": row.id, "run_number": row.run_number, "enqueued_count": len(chosen),
                     "failed_count": 0}

    return await idempotent(request, services.db, org, handle)


@router.get("/", response_model=models.Page[models.EvalDetail], summary="The workflow's evals, newest first")
def list_evals(workflow_id: str, org: OrgDep, session: SessionDep, services: ServicesDep,
               keyset: KeysetDep) -> dict[str, Any]:
    workflow = workflows.get(session, org, workflow_id)
    query = select(Eval).where(Eval.workflow_id == workflow.id)
    if keyset.after is not None:
        query = query.where(or_(Eval.created_at < keyset.after[0],
                                and_(Eval.created_at == keyset.after[0], Eval.id < keyset.after[1])))
    rows = list(session.scalars(query.order_by(Eval.created_at.desc(), Eval.id.desc()).limit(keyset.limit + 1)))
    return page([detail(session, services, r) for r in rows[:keyset.limit]], rows, keyset.limit)


@router.get("/{eval_id}/", response_model=models.EvalDetail, summary="One eval: status and headline numbers (null while in progress)")
def get_eval(workflow_id: str, eval_id: str, org: OrgDep, session: SessionDep,
             services: ServicesDep) -> dict[str, Any]:
    workflow = workflows.get(session, org, workflow_id)
    return detail(session, services, datasets.get_eval(session, workflow.id, eval_id))


@router.get("/{eval_id}/accuracy/", response_model=models.Accuracy, summary="Accuracy per field, document and tag (partial while in progress)")
def accuracy(workflow_id: str, eval_id: str, org: OrgDep, session: SessionDep,
             services: ServicesDep) -> dict[str, Any]:
    workflow = workflows.get(session, org, workflow_id)
    row = datasets.get_eval(session, workflow.id, eval_id)
    graded, fields = _grade(session, services, row)
    by_field = []
    for spec in fields:
        pid = spec["persistent_id"]
        column = [g.grades.get(pid) for g in graded if g.grades]
        by_field.append({"persistent_id": pid, **{k: column.count(k) for k in ("matched", "mismatched", "ungraded")}})
    by_packet = []
    tags: dict[str, dict[str, int]] = {}
    for g in graded:
        files = collections.files_of(session, g.packet.id) if g.packet is not None else []
        counts = _counts([g.grades])
        by_packet.append({"document_packet_id": g.item.collection_id,
                          "first_file_name": files[0].filename if files else "",
                          "name": g.packet.name if g.packet is not None else None, "file_count": len(files),
                          **counts, "has_extraction": g.extracted is not None,
                          "failed_persistent_ids": [p for p, v in g.grades.items() if v == "mismatched"]})
        for tag_id in g.item.tag_ids or []:
            tally = tags.setdefault(tag_id, {"matched": 0, "mismatched": 0})
            tally["matched"] += counts["matched"]
            tally["mismatched"] += counts["mismatched"]
    graded_ids = [f["persistent_id"] for f in by_field if f["matched"] + f["mismatched"] > 0]
    return {**_counts([g.grades for g in graded]), "by_field": by_field, "by_document_packet": by_packet,
            "coverage": {"graded_persistent_ids": graded_ids,
                         "ungraded_persistent_ids": [f["persistent_id"] for f in by_field
                                                     if f["persistent_id"] not in graded_ids]},
            "by_dataset_tag": [{"dataset_tag_id": t, **v} for t, v in sorted(tags.items())]}


@router.get("/{eval_id}/document-packets/{packet_id}/fields/", response_model=models.EvalDocumentFields,
            summary="One eval document's extracted and expected value of each field")
def document_fields(workflow_id: str, eval_id: str, packet_id: str, org: OrgDep, session: SessionDep,
                    services: ServicesDep) -> dict[str, Any]:
    workflow = workflows.get(session, org, workflow_id)
    row = datasets.get_eval(session, workflow.id, eval_id)
    graded, fields = _grade(session, services, row)
    one = next((g for g in graded if g.item.collection_id == packet_id), None)
    if one is None:
        raise NotFound(f"No document {packet_id!r} in eval {eval_id!r}")
    files = collections.files_of(session, packet_id)
    return {"document_packet_id": packet_id, "first_file_name": files[0].filename if files else "",
            "has_extraction": one.extracted is not None,
            "fields": [{"persistent_id": f["persistent_id"],
                        "extracted": (one.extracted or {}).get(f["persistent_id"]),
                        "expected": one.expected.get(f["persistent_id"])} for f in fields]}

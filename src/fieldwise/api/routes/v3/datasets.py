"""v3 datasets and ground truth: spec v3 section 3 rows 18-21 and extensions X1-X4 (D15)."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query, Request, Response
from pydantic import BaseModel, ConfigDict, Field
from sqlalchemy.orm import Session

from fieldwise.api.bodies import parse_json
from fieldwise.api.deps import OrgDep, ServicesDep, SessionDep, SubmitOrgDep
from fieldwise.api.routes.v3.packets import _FILES_DOC, _files_answer, packet_summary, packet_uploads
from fieldwise.api.uploads import read_form
from fieldwise.api.v3 import models
from fieldwise.api.v3.idempotency import idempotent
from fieldwise.api.v3.paging import KeysetDep, page
from fieldwise.api.views import iso
from fieldwise.errors import ValidationFailed
from fieldwise.jobs import learning
from fieldwise.jobs.submit import stage
from fieldwise.store import datasets, packets, workflows
from fieldwise.store.tables import Workflow
from fieldwise.workflows import grading, v3

router = APIRouter(prefix="/v3", tags=["v3 datasets"])


class GroundTruthBody(BaseModel):
    model_config = ConfigDict(extra="forbid")
    ground_truth: dict[str, Any]
    version_id: str | None = None
    node_id: str | None = None


class TagBody(BaseModel):
    model_config = ConfigDict(extra="forbid")
    name: str = Field(min_length=1, max_length=100)


class PacketTagsBody(BaseModel):
    model_config = ConfigDict(extra="forbid")
    dataset_tag_ids: list[str]


def extract_fields(session: Session, workflow: Workflow, version_id: str | None,
                   node_id: str | None) -> tuple[str, str, list[dict[str, Any]]]:
    """(version_id, node_id, that extract node's public fields); node_id defaults to the only extract node."""
    version = workflows.version(session, workflow, version_id or workflow.current_version_id)
    public = v3.public_view(version.definition, workflow.id)
    extracts = {n["id"]: n for n in public["nodes"] if n["type"] == "extract"}
    if node_id is None:
        if len(extracts) != 1:
            raise ValidationFailed([{"loc": "node_id", "msg": "node_id is required: the version has "
                                                              f"{len(extracts)} extract nodes"}])
        node_id = next(iter(extracts))
    if node_id not in extracts:
        raise ValidationFailed([{"loc": "node_id", "msg": f"no extract node {node_id!r} in version {version.id}"}])
    return version.id, node_id, extracts[node_id]["extraction_schema"]["fields"]


def _tag(tag: Any) -> dict[str, Any]:
    return {"id": tag.id, "name": tag.name, "created_at": iso(tag.created_at)}


@router.post("/workflows/{workflow_id}/dataset/upload/", status_code=201, response_model=models.DatasetUploadAnswer,
             openapi_extra={
    **_FILES_DOC, "requestBody": {"content": {"multipart/form-data": {"schema": {"type": "object", "properties": {
        **_FILES_DOC["requestBody"]["content"]["multipart/form-data"]["schema"]["properties"],
        "ground_truth": {"type": "string", "description": "JSON object {persistent_id or name: value}"}}}}}}},
    summary="Upload 1-100 files as one dataset document, with its ground truth (atomic)")
async def dataset_upload(workflow_id: str, request: Request, org: SubmitOrgDep, session: SessionDep,
                         services: ServicesDep) -> Response:
    async def handle() -> tuple[int, dict[str, Any]]:
        workflow = workflows.get(session, org, workflow_id)
        form = await read_form(request, services.settings.max_file_bytes)
        raw = form.get("ground_truth")
        values = None
        if raw is not None:  # under the JSON body's limits: depth, integers, lone surrogates and NULs (400)
            parsed = parse_json(raw.encode("utf-8", "surrogatepass"), services.settings.max_json_depth) \
                if isinstance(raw, str) else None
            if not isinstance(parsed, dict):
                raise grading.GroundTruthInvalid([{"key": "ground_truth", "msg": "a JSON object"}])
            public = v3.public_view(workflows.definition(session, workflow.current_version_id), workflow.id)
            if sum(1 for n in public["nodes"] if n["type"] == "extract") != 1:
                raise grading.GroundTruthInvalid([{"key": "ground_truth", "msg": "the version has several extract "
                                                   "nodes: set it with PUT and node_id"}])
            version_id, node_id, fields = extract_fields(session, workflow, None, None)
            values = grading.check(parsed, fields)
        uploads, originals = await packet_uploads(form, services, session, workflow.id, "dataset")
        collection, stored = stage(session, services.blobs, org, workflow.id, None, uploads)
        collection.purpose = "dataset"
        if values is not None:
            datasets.replace_ground_truth(session, collection, node_id, version_id, values, fields)
        session.commit()
        return 201, {"document_packet_id": collection.id, "workflow_id": workflow.id,
                     "files": _files_answer(stored, originals), "ground_truth_saved": values is not None}

    return await idempotent(request, services.db, org, handle)


@router.get("/workflows/{workflow_id}/dataset/tags/", response_model=models.DatasetTags, summary="The workflow's dataset tags, by name")
def list_tags(workflow_id: str, org: OrgDep, session: SessionDep) -> dict[str, Any]:
    workflow = workflows.get(session, org, workflow_id)
    return {"items": [_tag(t) for t in datasets.tags(session, workflow.id)]}


@router.post("/workflows/{workflow_id}/dataset/tags/", status_code=201, response_model=models.DatasetTag,
             summary="Create a dataset tag (fieldwise)")
def create_tag(workflow_id: str, body: TagBody, org: OrgDep, session: SessionDep) -> dict[str, Any]:
    workflow = workflows.get(session, org, workflow_id)
    tag = datasets.add_tag(session, org, workflow.id, body.name.strip())
    session.commit()
    return _tag(tag)


@router.delete("/workflows/{workflow_id}/dataset/tags/{tag_id}/", status_code=204, response_class=Response,
               summary="Delete a dataset tag; untags every document (fieldwise)")
def delete_tag(workflow_id: str, tag_id: str, org: OrgDep, session: SessionDep) -> Response:
    workflow = workflows.get(session, org, workflow_id)
    session.delete(datasets.get_tag(session, workflow.id, tag_id))
    session.commit()
    return Response(status_code=204)


@router.put("/document-packets/{packet_id}/dataset-tags/", response_model=models.PacketTags, summary="Replace a dataset document's tags (fieldwise)")
def put_packet_tags(packet_id: str, body: PacketTagsBody, org: OrgDep, session: SessionDep) -> dict[str, Any]:
    packet = packets.get(session, org, packet_id)
    datasets.require_dataset(packet)
    try:
        datasets.set_tags(session, packet, body.dataset_tag_ids)
    except Exception:
        session.rollback()
        raise
    session.commit()
    return {"document_packet_id": packet.id, "dataset_tag_ids": datasets.tag_ids_of(session, packet.id)}


@router.get("/workflows/{workflow_id}/dataset/document-packets/", response_model=models.Page[models.DatasetPacket],
            summary="The workflow's dataset documents, newest first (fieldwise)")
def list_dataset_packets(workflow_id: str, org: OrgDep, session: SessionDep, keyset: KeysetDep) -> dict[str, Any]:
    workflow = workflows.get(session, org, workflow_id)
    rows = packets.keyset(session, org, workflow.id, keyset.limit + 1, keyset.after, purpose="dataset")
    items = [{**packet_summary(r), "dataset_tag_ids": datasets.tag_ids_of(session, r.id),
              "has_ground_truth": datasets.has_ground_truth(session, r.id)} for r in rows]
    return page(items, rows, keyset.limit)


def _ground_truth_answer(session: Session, org: str, packet_id: str, version: str | None,
                         node_id: str | None) -> tuple[Any, str, str, list[dict[str, Any]]]:
    packet = packets.get(session, org, packet_id)
    datasets.require_dataset(packet)
    workflow = workflows.get(session, org, packet.workflow_id or "")
    version_id, node, fields = extract_fields(session, workflow, version, node_id)
    return packet, version_id, node, fields


@router.get("/document-packets/{packet_id}/ground-truth/", response_model=models.GroundTruth, summary="A dataset document's ground truth")
def get_ground_truth(packet_id: str, org: OrgDep, session: SessionDep,
                     version: Annotated[str | None, Query()] = None,
                     node_id: Annotated[str | None, Query()] = None) -> dict[str, Any]:
    packet, version_id, node, _fields = _ground_truth_answer(session, org, packet_id, version, node_id)
    header, values = datasets.ground_truth(session, packet.id, node)
    return {"ground_truth": values if header is not None else None,
            "version_id": header.version_id if header is not None and version is None else version_id,
            "node_id": node}


@router.put("/document-packets/{packet_id}/ground-truth/", response_model=models.GroundTruth, summary="Set (replace) a dataset document's ground truth")
def put_ground_truth(packet_id: str, body: GroundTruthBody, org: OrgDep, session: SessionDep,
                     services: ServicesDep) -> dict[str, Any]:
    packet, version_id, node, fields = _ground_truth_answer(session, org, packet_id, body.version_id, body.node_id)
    values = grading.check(body.ground_truth, fields)
    datasets.replace_ground_truth(session, packet, node, version_id, values, fields)
    definition = services.definition(session, packet.version_id)
    learning.from_ground_truth(session, packet, definition.fields if definition else ())  # as a review teaches
    session.commit()
    return {"ground_truth": values, "version_id": version_id, "node_id": node}

"""The v3 answers as pydantic models, so /schema/ documents them and FastAPI checks what is sent (spec v3 2)."""

from __future__ import annotations

from typing import Any, Generic, Literal, TypeVar

from pydantic import BaseModel, Field


T = TypeVar("T")
RunStatus = Literal["queued", "in_progress", "processed", "error", "cancelled"]


class Page(BaseModel, Generic[T]):
    items: list[T]
    next_cursor: str | None = Field(description="pass it back as `cursor` for the next page; null on the last")


class WorkflowItem(BaseModel):
    id: str
    name: str
    description: str | None
    version_id: str
    created_at: str | None
    updated_at: str | None


class WorkflowDetail(WorkflowItem):
    version: str = Field(description='"MAJOR.MINOR"')
    nodes: list[dict[str, Any]] = Field(description="nodes in the SDK 1.18.0 public vocabulary (see the create body)")
    edges: list[dict[str, Any]]


class VersionItem(BaseModel):
    version_id: str
    version: str
    created_at: str | None


class PacketFile(BaseModel):
    id: str
    name: str
    original_name: str | None = Field(default=None, description="the name sent, when the file was renamed")


class UploadAnswer(BaseModel):
    document_packet_id: str
    workflow_id: str
    files: list[PacketFile]


class RunTrigger(BaseModel):
    run_id: str
    workflow_id: str | None
    document_packet_id: str
    status: RunStatus


class PacketSummary(BaseModel):
    id: str
    workflow_id: str | None
    name: str | None
    status: str = Field(description="the latest run's status, or pending before the first run")
    created_at: str | None
    updated_at: str | None


class PacketDetail(PacketSummary):
    files: list[PacketFile]
    latest_run_id: str | None


class RunSummary(BaseModel):
    id: str
    document_packet_id: str
    status: RunStatus
    created_at: str | None
    updated_at: str | None


class RunDetail(RunSummary):
    workflow_id: str | None
    version_id: str | None
    error: str | None = None
    results: dict[str, Any] | None = Field(description="validates as the SDK's ResultsResponseV3; null until "
                                                       "processed, or when results_url is given")
    results_url: str | None = Field(default=None, description="signed link to the results, no API key needed")


# --- datasets, ground truth, evals (D15) ------------------------------------------------------------------------


class DatasetUploadAnswer(UploadAnswer):
    ground_truth_saved: bool


class DatasetTag(BaseModel):
    id: str
    name: str
    created_at: str | None


class DatasetTags(BaseModel):
    items: list[DatasetTag] = Field(description="ordered by name")


class DatasetPacket(PacketSummary):
    dataset_tag_ids: list[str]
    has_ground_truth: bool


class PacketTags(BaseModel):
    document_packet_id: str
    dataset_tag_ids: list[str]


class GroundTruth(BaseModel):
    ground_truth: dict[str, Any] | None = Field(description="{persistent_id: value}; null until first set")
    version_id: str
    node_id: str


class EvalLaunched(BaseModel):
    eval_id: str
    run_number: int
    enqueued_count: int
    failed_count: int


class EvalDetail(BaseModel):
    id: str
    run_number: int
    version_id: str
    status: Literal["in_progress", "processed", "error"]
    accuracy: float | None = Field(description="matched / (matched + mismatched), 0-1; null while in progress")
    matched: int | None
    mismatched: int | None
    ungraded: int | None
    file_count: int
    failed_count: int
    created_at: str | None
    dataset_tag_ids: list[str]
    untagged: bool


class FieldAccuracy(BaseModel):
    persistent_id: str
    matched: int
    mismatched: int
    ungraded: int


class DocumentAccuracy(BaseModel):
    document_packet_id: str
    first_file_name: str
    name: str | None
    file_count: int
    matched: int
    mismatched: int
    ungraded: int
    has_extraction: bool
    failed_persistent_ids: list[str]


class Coverage(BaseModel):
    graded_persistent_ids: list[str]
    ungraded_persistent_ids: list[str]


class TagAccuracy(BaseModel):
    dataset_tag_id: str
    matched: int
    mismatched: int


class Accuracy(BaseModel):
    matched: int
    mismatched: int
    ungraded: int
    by_field: list[FieldAccuracy]
    by_document_packet: list[DocumentAccuracy]
    coverage: Coverage
    by_dataset_tag: list[TagAccuracy]


class FieldValues(BaseModel):
    persistent_id: str
    extracted: Any
    expected: Any


class EvalDocumentFields(BaseModel):
    document_packet_id: str
    first_file_name: str
    has_extraction: bool
    fields: list[FieldValues]

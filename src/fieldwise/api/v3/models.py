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

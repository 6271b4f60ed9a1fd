"""The v2 answers as pydantic models, so /schema/ says what each one holds (spec 2.1-2.6).

Small answers (workflows, collections, pages of them) are routes' `response_model`: FastAPI checks what is sent.
The polling and results answers are built as JSON on their hot paths and only documented with these models;
benchmarks.schema_conformance checks them against the server. `dict[str, Any]` is left where the payload is the
user's own JSON (a workflow's field definitions and graph nodes as sent) or the parsed document's blocks.
"""

from __future__ import annotations

from typing import Any, Generic, Literal, TypeVar, Union

from pydantic import BaseModel, ConfigDict, Field, RootModel

T = TypeVar("T")
Value = Union[str, int, float, bool, list[Any], None]  # by the field's data_type; list: list and multi_select
CollectionStatus = Literal["pending", "queued", "in_progress", "processed", "error", "cancelled"]


class _Wire(BaseModel):
    model_config = ConfigDict(extra="forbid")  # a key the model does not name is a bug, not a silent drop


class Page(_Wire, Generic[T]):
    count: int = Field(description="records in all pages")
    page: int
    page_size: int
    results: list[T]


class Workflow(_Wire):
    id: str
    name: str
    description: str | None
    created_at: str | None
    updated_at: str | None
    fields: list[dict[str, Any]] | None = Field(description="the field definitions as sent (of the first extract "
                                                            "node, for a graph)")
    version_id: str | None = Field(description="the version runs submitted now bind to")
    nodes: list[dict[str, Any]] | None = Field(default=None, description="graph workflows: the nodes as sent")
    edges: list[dict[str, Any]] | None = Field(default=None, description="graph workflows: the edges as sent")


class FileEntry(_Wire):
    id: str
    file_id: str
    filename: str
    status: Literal["uploaded"]


class Collection(_Wire):
    id: str
    name: str | None
    status: CollectionStatus
    workflow_id: str | None
    version_id: str | None
    created_at: str | None
    updated_at: str | None
    processed_at: str | None
    error: str | None = Field(description="why the run ended in error")


class CollectionWithFiles(Collection):
    file_id: str | None = Field(description="the first file's id")
    files: list[FileEntry]


class RunAnswer(_Wire):
    id: str = Field(description="the file collection's id: poll GET /v2/files/{id}/extraction/")
    status: CollectionStatus
    workflow_id: str | None
    version_id: str | None


class BBox(_Wire):
    x0: float
    y0: float
    x1: float
    y1: float


class Evidence(_Wire):
    text: str
    page_number: int = Field(description="1-based")
    bbox: BBox | None = Field(default=None, description="page fractions, origin top-left")


class FlatField(_Wire):
    value: Value = Field(description="a reviewer's correction when there is one, else the extracted value")
    confidence: int = Field(ge=0, le=100)
    evidence: list[Evidence]
    verification_status: Literal["verified", "not_verified"]
    value_unit: str | None = Field(description="ISO 4217 code of money, or a quantity's unit")


FlatFields = dict[str, Union[FlatField, list[FlatField], list[dict[str, FlatField]]]]


class FlatExtraction(RootModel[FlatFields]):
    """`{field: FlatField}`; an object field is a list of rows `{child: FlatField}`; with as_lists=true every
    other field is a list of one."""


class EnvelopeField(_Wire):
    value: Value = Field(description="the extracted value")
    value_override: Value = Field(description="a reviewer's correction, or null")
    verification_status: Literal["verified", "not_verified"]
    confidence: float = Field(ge=0, le=100)
    evidence: list[Evidence]
    value_unit: str | None
    items: list[EnvelopeField] | None = Field(default=None, description="list fields: each element on its own")


EnvelopeFields = dict[str, Union[EnvelopeField, list[dict[str, EnvelopeField]]]]


class Parse(BaseModel):
    model_config = ConfigDict(extra="allow")  # a parse stored by an older version may carry other keys

    markdown: str | None
    text: str | None = Field(default=None, description="the document's plain text")
    layout_confidence: float | None = None
    parse_confidence: float | None = Field(default=None, description="the mean OCR confidence, when OCR'd")
    blocks: list[dict[str, Any]] | None = Field(default=None, description="pages, blocks, lines and words with "
                                                                          "their boxes")
    omitted: str | None = Field(default=None, description="why the parse was left out (over the read limit)")


class ExtractionEntry(_Wire):
    split_name: str | None
    partition: str | None
    fields: EnvelopeFields | None


class ResultsEnvelope(_Wire):
    collection_id: str
    verification_url: str | None = Field(description="where a person reviews the collection")
    parse: Parse
    classifications: list[dict[str, Any]]
    splits: list[dict[str, Any]]
    extractions: list[ExtractionEntry]
    extraction: EnvelopeFields | None = Field(description="a linear workflow's one extraction, else null")
    validations: list[dict[str, Any]]
    status: CollectionStatus
    page_count: int | None
    warnings: list[str]


class StagedFile(_Wire):
    filename: str
    status: Literal["uploaded"]
    file_id: str


class Staged(_Wire):
    """Files stored as one collection, not run yet: run it with POST .../files/{file_id}/run/."""

    id: str
    name: str | None
    workflow_id: str | None
    files: list[StagedFile]


class Uploaded(_Wire):
    status: Literal["uploaded"]
    filename: str
    file_collection_id: str
    file_id: str


class ReviewChange(_Wire):
    id: str
    collection_id: str
    path: str = Field(description="the field: `total`, or a table cell `line_items[0].amount`")
    action: str
    old_value: Any = Field(description="the field's entry before the change")
    new_value: Any = Field(description="the field's entry after it")
    key: str | None = Field(description="the prefix of the API key that made it")
    reviewer: str | None
    created_at: str | None


class ReviewedField(EnvelopeField):
    path: str
    change: ReviewChange


class Message(_Wire):
    message: Literal["ok"]


class Ready(_Wire):
    message: Literal["ok", "unavailable"]
    checks: dict[str, str] = Field(description="database, queue, storage: 'ok' or 'unavailable: <reason>'")


class Root(_Wire):
    message: Literal["ok"]
    service: Literal["fieldwise"]
    docs: str
    schema_: str = Field(alias="schema")


class Webhook(_Wire):
    id: str
    url: str
    events: list[str]
    is_active: bool
    created_at: str | None
    secret: str | None = Field(default=None, description="only in the answer to its creation: keep it")


class Attempt(_Wire):
    attempted_at: str | None
    status_code: int | None = Field(description="the receiver's HTTP status; null when it could not be reached")
    latency_ms: int | None
    error: str | None


class Delivery(_Wire):
    id: str = Field(description="the webhook-id header of every attempt")
    webhook_id: str
    event: Literal["extraction.completed", "extraction.failed"]
    collection_id: str | None
    status: Literal["pending", "delivered", "failed"]
    attempt: int = Field(description="attempts made")
    status_code: int | None = Field(description="the last attempt's HTTP status")
    created_at: str | None
    next_attempt_at: str | None
    delivered_at: str | None
    payload: dict[str, Any] = Field(description="the event's body as signed and sent")
    attempts: list[Attempt]


class ParseJob(_Wire):
    job_id: str
    status: CollectionStatus


class ParseStatus(_Wire):
    job_id: str
    status: Literal["pending", "queued", "in_progress", "done", "error", "cancelled"]
    markdown: str | None
    error: str | None
    parse: Parse | None = Field(default=None, description="once done: the Markdown and the blocks")


class Band(_Wire):
    min_confidence: int
    max_confidence: int
    reviewed: int
    correct: int
    accuracy: float | None = Field(description="correct / reviewed; null with nothing reviewed")


class Tally(_Wire):
    reviewed: int
    correct: int
    accuracy: float | None
    bands: list[Band]


class Calibration(_Wire):
    enabled: bool = Field(description="FIELDWISE_RECALIBRATE")
    fitted: bool
    reviewed: int
    fitted_at: str | None
    ece_before: float | None = Field(description="expected calibration error (0-1) on the reviewed values")
    ece_after: float | None
    remap: dict[str, float] | None = Field(description="the fitted Platt remap of the engine's confidence")


class Accuracy(_Wire):
    workflow_id: str
    reviewed_collections: int
    overall: Tally
    fields: dict[str, Tally]
    calibration: Calibration


class ExportResults(_Wire):
    parse: Parse
    extraction: FlatFields | None = Field(default=None, description="absent for parse-only workflows")


class ExportEntry(_Wire):
    collection_id: str
    status: CollectionStatus
    results: ExportResults


class WorkflowResults(RootModel[dict[str, ExportEntry]]):
    """`{file name: entry}` for every processed file of the workflow (output_format=json)."""


def documented(model: type[BaseModel], status: int = 200) -> dict[str, Any]:
    """Route arguments for an answer built as JSON on a hot path: described by `model`, not re-validated."""
    return {"response_model": None, "responses": {status: {"model": model}}}

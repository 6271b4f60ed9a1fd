"""What the server answers, as pydantic models. Every model keeps keys it does not know (`extra="allow"`), so a
newer server never breaks an older client; read them with `model.model_extra` or `model.model_dump()`.

Example:

    >>> from fieldwise.client.models import Results
    >>> results = Results.model_validate({
    ...     "collection_id": "c1", "extractions": [{"split_name": None, "partition": None,
    ...         "fields": {"total": {"value": 1250.0, "confidence": 97.0, "evidence": []}}}]})
    >>> results.fields["total"].value, results.values()
    (1250.0, {'total': 1250.0})
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated, Any, Generic, TypeVar

from pydantic import BaseModel, ConfigDict, Field, PrivateAttr

if TYPE_CHECKING:
    from fieldwise.client._base import BaseClient

T = TypeVar("T")


class Model(BaseModel):
    """The base of every response model: lenient about unknown keys."""

    model_config = ConfigDict(extra="allow", populate_by_name=True, protected_namespaces=())


class Page(Model, Generic[T]):
    """One page of a list: `{count, page, page_size, results}`."""

    count: int = 0
    page: int = 1
    page_size: int = 20
    results: list[T] = Field(default_factory=list)


class Health(Model):
    message: str | None = None


class WorkflowField(Model):
    """One field to extract (spec 2.1): `object` fields have `nested_fields`, enums `enum_options`."""

    name: str
    description: str | None = ""
    data_type: str = "string"
    enum_options: list[Any] | None = None
    nested_fields: list[WorkflowField] | None = None


class Workflow(Model):
    id: str
    name: str | None = None
    description: str | None = None
    created_at: str | None = None
    updated_at: str | None = None
    fields: list[WorkflowField] | None = None


class Run(Model):
    """A submitted run (spec 3 #7). `id` is the collection id every result lookup takes.

    `wait()` polls until the run is processed and returns its `Results`; with `AsyncFieldwise` it is awaited.
    """

    id: str
    status: str | None = None
    workflow_id: str | None = None
    version_id: str | None = None
    _client: BaseClient | None = PrivateAttr(default=None)

    @property
    def collection_id(self) -> str:
        return self.id

    def wait(self, *, timeout: float = 600.0, poll_interval: float = 0.5, max_poll_interval: float = 5.0) -> Any:
        """Poll with backoff until processed; `Results`, or ExtractionFailedError / WaitTimeoutError."""
        if self._client is None or self.workflow_id is None:
            raise RuntimeError("this Run was not returned by a client call, so it cannot wait")
        return self._client.results.wait(self.id, workflow_id=self.workflow_id, timeout=timeout,
                                         poll_interval=poll_interval, max_poll_interval=max_poll_interval)


class Upload(Model):
    """A staged upload (spec 3 #8): run it later with `client.workflows.run_file(workflow_id, file_id=...)`."""

    status: str | None = None
    filename: str | None = None
    file_collection_id: str | None = None
    file_id: str | None = None


class FileCollection(Model):
    """A file collection as lists show it (spec 3 #11, #13, #16)."""

    id: str
    name: str | None = None
    status: str | None = None
    created_at: str | None = None
    updated_at: str | None = None


class StagedFiles(Model):
    """Answer of `workflows.add_files` (spec 3 #10): a new collection holding the files, not yet processed."""

    id: str
    name: str | None = None
    files: list[dict[str, Any]] = Field(default_factory=list)
    workflow_id: str | None = None


class Evidence(Model):
    text: str | None = None
    page_number: int | None = None
    bbox: dict[str, float] | None = None


class ExtractedField(Model):
    """One extracted value (spec 2.3). `value_override` is a reviewer's correction, if any."""

    value: Any = None
    value_override: Any = None
    confidence: float | None = None
    evidence: list[Evidence] = Field(default_factory=list)
    verification_status: str | None = None
    value_unit: str | None = None

    @property
    def final(self) -> Any:
        """The reviewed value when there is one, else the extracted one."""
        return self.value_override if self.value_override is not None else self.value


FieldResult = Annotated[
    ExtractedField | list[dict[str, ExtractedField]] | list[ExtractedField] | list[Any] | None,
    Field(union_mode="left_to_right"),
]
"""One entry of an extraction map: a value, an object field's rows, or (with `as_lists`) a one-value list."""


def _plain(item: Any) -> Any:
    if isinstance(item, ExtractedField):
        return item.final
    if isinstance(item, dict):
        return {k: _plain(v) for k, v in item.items()}
    return item


def plain_values(fields: dict[str, FieldResult]) -> dict[str, Any]:
    """`{name: value}` from an extraction map: object fields become lists of `{child: value}` rows."""
    return {name: [_plain(row) for row in result] if isinstance(result, list) else _plain(result)
            for name, result in fields.items()}


class Extraction(Model):
    split_name: str | None = None
    partition: str | None = None
    fields: dict[str, FieldResult] = Field(default_factory=dict)


class Results(Model):
    """The results envelope of one collection (spec 2.5)."""

    collection_id: str | None = None
    verification_url: str | None = None
    parse: dict[str, Any] | None = None
    classifications: list[dict[str, Any]] = Field(default_factory=list)
    splits: list[dict[str, Any]] = Field(default_factory=list)
    extractions: list[Extraction] = Field(default_factory=list)
    extraction: dict[str, FieldResult] | None = None

    @property
    def fields(self) -> dict[str, FieldResult]:
        """The fields of a linear workflow (the extraction with no split or partition), else the first one."""
        for entry in self.extractions:
            if entry.split_name is None and entry.partition is None:
                return entry.fields
        if self.extraction is not None:
            return self.extraction
        return self.extractions[0].fields if self.extractions else {}

    def values(self) -> dict[str, Any]:
        """`{field name: value}` of `fields`, reviewed values first."""
        return plain_values(self.fields)

    @property
    def page_count(self) -> int:
        """How many pages the parse saw: the highest page of any block (0 when there is no parse output)."""
        explicit = (self.model_extra or {}).get("page_count")
        if isinstance(explicit, int):
            return explicit
        blocks = (self.parse or {}).get("blocks") or []
        return max((b.get("page") or 0 for b in blocks if isinstance(b, dict)), default=0)


class Webhook(Model):
    """A webhook subscription. `secret` (`whsec_...`) is only in the answer to `create`."""

    id: str
    url: str | None = None
    events: list[str] = Field(default_factory=list)
    is_active: bool | None = None
    secret: str | None = None
    created_at: str | None = None


class WebhookDelivery(Model):
    """One attempt to deliver an event to a webhook (a fieldwise extension); its keys are kept as sent."""

    id: str
    event: str | None = None
    status: str | None = None
    status_code: int | None = None
    attempt: int | None = None
    created_at: str | None = None


class AuditEntry(Model):
    """One change made in review (a fieldwise extension); its keys are kept as sent."""

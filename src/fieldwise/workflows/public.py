"""The v3 public workflow vocabulary (anyformat SDK 1.18.0, spec v3 2.2) as pydantic models.

Every model forbids unknown keys, as the SDK's do, so a body with a key outside the vocabulary (or one of the keys
the real gateway hides) is refused, and a definition dumped from these models is one the SDK can read back.
"""

from __future__ import annotations

import unicodedata
import uuid
from typing import Annotated, Literal, Union

from pydantic import BaseModel, ConfigDict, Field, field_validator


def sanitize_field_name(name: str) -> str:
    """A field's result key: ASCII snake case, at most 64 characters, `f_` before a leading digit (as the SDK)."""
    normalized = unicodedata.normalize("NFKD", name)
    ascii_name = "".join(c for c in normalized if not unicodedata.combining(c))
    key = "".join(c if c.isalnum() or c in "_-" else "_" for c in ascii_name).lower()
    while "__" in key:
        key = key.replace("__", "_")
    key = key.strip("_")
    if key and key[0].isdigit():
        key = f"f_{key}"
    return key[:64]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


OptionalText = Annotated[str | None, Field(default=None)]


# --- fields -----------------------------------------------------------------------------------------------------


class _FieldBase(_Strict):
    persistent_id: str | None = None
    name: str = Field(min_length=1)
    description: str = ""
    source: Literal["extraction", "smart_lookup", "lookup_if_missing"] = "extraction"

    @field_validator("persistent_id")
    @classmethod
    def _uuid(cls, value: str | None) -> str | None:
        if value is not None:
            try:
                uuid.UUID(value)
            except ValueError:
                raise ValueError(f"persistent_id {value!r} is not a valid UUID") from None
        return value


class EnumOption(_Strict):
    name: str = Field(min_length=1)
    description: str = Field(min_length=1)


class ScalarField(_FieldBase):
    data_type: Literal["string", "integer", "float", "boolean", "date", "datetime"]


class OptionsField(_FieldBase):
    data_type: Literal["enum", "multi_select"]
    enum_options: list[EnumOption] = Field(min_length=1)


NestedField = Annotated[Union[ScalarField, OptionsField], Field(discriminator="data_type")]


class ObjectField(_FieldBase):
    data_type: Literal["object"]
    nested_fields: list[NestedField] = Field(min_length=1)


AnyField = Annotated[Union[ScalarField, OptionsField, ObjectField], Field(discriminator="data_type")]


# --- checks -------------------------------------------------------------------------------------------------------


class RangeCheck(_Strict):
    type: Literal["range"]
    field: str = Field(min_length=1)
    min: float | None = None
    max: float | None = None


class DateCheck(_Strict):
    type: Literal["date"]
    field: str = Field(min_length=1)
    earliest: str | None = None
    latest: str | None = None


class ArithmeticCheck(_Strict):
    type: Literal["arithmetic"]
    operands: list[str] = Field(min_length=1)
    operator: Literal["sum", "subtract", "product"] = "sum"
    equals: str = Field(min_length=1)
    tolerance: float = Field(default=0.0, ge=0.0)


class FieldOperand(_Strict):
    source: Literal["field"]
    field: str = Field(min_length=1)


class LiteralOperand(_Strict):
    source: Literal["literal"]
    value: float | str | bool


class ComparisonCheck(_Strict):
    type: Literal["comparison"]
    left: str = Field(min_length=1)
    op: Literal["==", "!=", ">", ">=", "<", "<="]
    right: Annotated[Union[FieldOperand, LiteralOperand], Field(discriminator="source")]


class OneOfCheck(_Strict):
    type: Literal["one_of"]
    field: str = Field(min_length=1)
    allowed: list[str] = Field(min_length=1)
    case_sensitive: bool = False


class RegexCheck(_Strict):
    type: Literal["regex"]
    field: str = Field(min_length=1)
    pattern: str = Field(min_length=1)


class RequiredCheck(_Strict):
    type: Literal["required"]
    field: str = Field(min_length=1)


class ConfidenceCheck(_Strict):
    type: Literal["confidence"]
    field: str = Field(min_length=1)
    op: Literal["<", "<=", ">", ">=", "==", "!="]
    threshold: int = Field(ge=0, le=100)


class ExpressionCheck(_Strict):
    type: Literal["expression"]
    expression: str = Field(min_length=1, max_length=1000)


class ValidationCheck(_Strict):
    type: Literal["validation"]
    rule_id: str = Field(min_length=1)
    status: Literal["fail", "pass", "inconclusive"] = "fail"


class AllOfCheck(_Strict):
    type: Literal["all_of"]
    checks: list["Check"] = Field(min_length=1, max_length=32)


class AnyOfCheck(_Strict):
    type: Literal["any_of"]
    checks: list["Check"] = Field(min_length=1, max_length=32)


Check = Annotated[
    Union[RangeCheck, DateCheck, ArithmeticCheck, ComparisonCheck, OneOfCheck, RegexCheck, RequiredCheck,
          ConfidenceCheck, ExpressionCheck, ValidationCheck, AllOfCheck, AnyOfCheck],
    Field(discriminator="type"),
]
AllOfCheck.model_rebuild()
AnyOfCheck.model_rebuild()


class ValidationRule(_Strict):
    id: str = Field(min_length=1)
    name: OptionalText
    kind: Literal["ai", "deterministic"] = "ai"
    description: OptionalText
    check: Check | None = None
    severity: Literal["error", "warning"] = "error"
    source_fields: list[str] = Field(default_factory=list)


# --- nodes --------------------------------------------------------------------------------------------------------


class _Node(_Strict):
    id: str = Field(min_length=1)


class ParseNode(_Node):
    type: Literal["parse"]
    mode: Literal["standard", "agentic", "lite", "flash"] = "standard"
    prompt_hint: OptionalText
    figure_enhancement: bool = False
    annotation_reading: bool = False
    cache: bool = True
    effort: Literal["low", "mid", "accurate"] = "mid"
    ocr_effort: Literal["medium", "high"] = "high"
    scanned_pages: Literal["ocr", "skip", "fail"] = "ocr"


class Category(_Strict):
    id: str = Field(min_length=1)
    name: str = Field(min_length=1)
    description: str = Field(min_length=1)


class ClassifyNode(_Node):
    type: Literal["classify"]
    user_prompt: OptionalText
    categories: list[Category] = Field(min_length=1)


class SplitterRule(_Strict):
    id: str = Field(min_length=1)
    name: str = Field(min_length=1)
    description: str = Field(min_length=1)
    partition_key: str = ""


class SplitterNode(_Node):
    type: Literal["splitter"]
    rules: list[SplitterRule] = Field(min_length=1)


class ExtractionSchema(_Strict):
    fields: list[AnyField] = Field(min_length=1)


class LookupFileUpload(_Strict):
    filename: str = Field(min_length=1)
    content: str = Field(min_length=1)


class ExtractNode(_Node):
    type: Literal["extract"]
    mode: Literal["standard", "agentic", "max", "lite"] = "standard"
    extraction_schema: ExtractionSchema
    lookup_file_ids: list[str] = Field(default_factory=list)
    lookup_suggestion: OptionalText
    lookup_reasoning_effort: Literal["minimal", "low", "medium", "high"] | None = None
    lookup_file_uploads: list[LookupFileUpload] = Field(default_factory=list)
    use_images: bool = False


class ValidateNode(_Node):
    type: Literal["validate"]
    rules: list[ValidationRule] = Field(min_length=1)


class FilterNode(_Node):
    type: Literal["filter"]
    criteria: str = Field(min_length=1)


class IfElseNode(_Node):
    type: Literal["if_else"]
    condition: Check


class SlackAlertNode(_Node):
    type: Literal["slack_alert"]
    channel_id: str = Field(min_length=1, max_length=100)
    channel_name: str = Field(min_length=1, max_length=200)
    message_template: str = Field(min_length=1, max_length=4000)  # a rendered message is cut at 40,000 (run.py)
    severity: Literal["info", "warning", "critical"] = "info"


class KnowledgeNode(_Node):
    type: Literal["knowledge"]


class EditNode(_Node):
    type: Literal["edit"]
    instructions: str | None = Field(default=None, max_length=20_000)  # bounded: fieldwise reads at most 200 fragments
    reference_document_ids: list[str] = Field(default_factory=list, max_length=100)
    font: Literal["sans", "serif", "mono"] = "sans"
    output_mode: Literal["flattened", "editable"] = "flattened"


class CodeSandboxNode(_Node):
    type: Literal["code_sandbox"]
    instructions: str = ""
    template: Literal["fertility_first_visit"] | None = None


class ReportGeneratorNode(_Node):
    type: Literal["report_generator"]
    instructions: str = ""
    example_report: str | None = Field(default=None, max_length=65536)


AnyNode = Annotated[
    Union[ParseNode, ClassifyNode, SplitterNode, ExtractNode, ValidateNode, IfElseNode, FilterNode, SlackAlertNode,
          KnowledgeNode, EditNode, CodeSandboxNode, ReportGeneratorNode],
    Field(discriminator="type"),
]


class Edge(_Strict):
    source: str = Field(min_length=1)
    target: str = Field(min_length=1)
    branch: str | None = None


class WorkflowDefinition(_Strict):
    """The body of POST /v3/workflows/ (and of PATCH, where every key is optional)."""

    name: str = Field(min_length=1, max_length=500)
    description: str | None = ""
    nodes: list[AnyNode] = Field(min_length=1)
    edges: list[Edge] = Field(default_factory=list)


class WorkflowPatch(_Strict):
    name: str | None = Field(default=None, min_length=1, max_length=500)
    description: str | None = None
    nodes: list[AnyNode] | None = Field(default=None, min_length=1)
    edges: list[Edge] | None = None

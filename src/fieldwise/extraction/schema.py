"""What the engine is asked for: the fields of a workflow, already validated by fieldwise.workflows."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

DataType = Literal["string", "integer", "float", "date", "datetime", "boolean", "enum", "multi_select", "list", "object"]
DATA_TYPES: tuple[str, ...] = (
    "string", "integer", "float", "date", "datetime", "boolean", "enum", "multi_select", "list", "object",
)


@dataclass(frozen=True, slots=True)
class EnumOption:
    name: str
    description: str = ""


@dataclass(frozen=True, slots=True)
class FieldSpec:
    name: str
    description: str = ""
    data_type: DataType = "string"
    enum_options: tuple[EnumOption, ...] = ()
    nested_fields: tuple["FieldSpec", ...] = field(default=())

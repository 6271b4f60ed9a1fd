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


def field_from_dict(data: dict) -> FieldSpec:
    """A field of the API's flat workflow form; `enum_options` may be strings or {name, description} objects."""
    options = tuple(
        EnumOption(o) if isinstance(o, str) else EnumOption(str(o.get("name", "")), str(o.get("description") or ""))
        for o in data.get("enum_options") or ()
    )
    nested = tuple(field_from_dict(child) for child in data.get("nested_fields") or ())
    return FieldSpec(
        name=str(data["name"]), description=str(data.get("description") or ""),
        data_type=data.get("data_type", "string"), enum_options=options, nested_fields=nested,
    )


def fields_from_schema(schema: dict | list) -> list[FieldSpec]:
    """The fields of a schema file: the flat `{"name", "fields": [...]}` form, or a bare list of fields."""
    fields = schema if isinstance(schema, list) else schema.get("fields", [])
    return [field_from_dict(f) for f in fields]

"""Workflow fields as clients send them (spec 2.1, 6), validated into the engine's FieldSpec.

Errors name the field: `fields[1].data_type: unknown data type 'money'`.
"""

from __future__ import annotations

from typing import Any

from fieldwise.errors import ValidationFailed
from fieldwise.extraction.schema import DATA_TYPES, EnumOption, FieldSpec

_MAX_NAME = 128
_MAX_FIELDS = 500


def _fail(path: str, message: str) -> ValidationFailed:
    return ValidationFailed({path: [message]}, summary=f"Invalid workflow: {path}: {message}")


def _options(raw: Any, path: str) -> tuple[EnumOption, ...]:
    if not isinstance(raw, list) or not raw:
        raise _fail(path, "enum_options is required: a non-empty list of option names or {name, description}")
    options: list[EnumOption] = []
    for index, item in enumerate(raw):
        if isinstance(item, str) and item.strip():
            options.append(EnumOption(item.strip()))
        elif isinstance(item, dict) and isinstance(item.get("name"), str) and item["name"].strip():
            description = item.get("description")
            options.append(EnumOption(item["name"].strip(), description if isinstance(description, str) else ""))
        else:
            raise _fail(f"{path}[{index}]", "an option is a non-empty string or an object with a non-empty name")
    names = [o.name for o in options]
    if len(set(names)) != len(names):
        raise _fail(path, "option names must be unique")
    return tuple(options)


def parse_field(raw: Any, path: str, *, nested: bool = False) -> FieldSpec:
    if not isinstance(raw, dict):
        raise _fail(path, "a field is an object with name, description and data_type")
    name = raw.get("name")
    if not isinstance(name, str) or not name.strip():
        raise _fail(f"{path}.name", "This field is required.")
    if len(name) > _MAX_NAME or "/" in name or any(ord(c) < 32 for c in name):
        raise _fail(f"{path}.name", f"a name has at most {_MAX_NAME} characters and no '/' or control characters")
    description = raw.get("description") or ""
    if not isinstance(description, str):
        raise _fail(f"{path}.description", "must be a string")
    data_type = raw.get("data_type", raw.get("type"))
    if data_type not in DATA_TYPES:
        raise _fail(f"{path}.data_type", f"unknown data type {data_type!r}; expected one of {', '.join(DATA_TYPES)}")
    options: tuple[EnumOption, ...] = ()
    if data_type in ("enum", "multi_select"):
        options = _options(raw.get("enum_options"), f"{path}.enum_options")
    nested_fields: tuple[FieldSpec, ...] = ()
    if data_type == "object":
        if nested:
            raise _fail(f"{path}.data_type", "an object field's children may not be objects (one level only)")
        children = raw.get("nested_fields")
        if not isinstance(children, list) or not children:
            raise _fail(f"{path}.nested_fields", "an object field needs a non-empty nested_fields list")
        nested_fields = parse_fields(children, f"{path}.nested_fields", nested=True)
    return FieldSpec(name.strip(), description, data_type, options, nested_fields)


def parse_fields(raw: Any, path: str = "fields", *, nested: bool = False) -> tuple[FieldSpec, ...]:
    if not isinstance(raw, list) or not raw:
        raise _fail(path, "at least one field is required")
    if len(raw) > _MAX_FIELDS:
        raise _fail(path, f"at most {_MAX_FIELDS} fields")
    specs = tuple(parse_field(item, f"{path}[{i}]", nested=nested) for i, item in enumerate(raw))
    seen: set[str] = set()
    for index, spec in enumerate(specs):
        if spec.name in seen:
            raise _fail(f"{path}[{index}].name", f"duplicate field name {spec.name!r}")
        seen.add(spec.name)
    return specs


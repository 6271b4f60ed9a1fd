"""The workflow editor's rows, both ways: a workflow's fields as the rows of the form (an object field's nested
fields as indented rows under it), and the rows a person sent back as the API's flat workflow body, which the
same validation as `POST /v2/workflows/` then checks. Templates to start from live in data/workflow_templates.toml.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from fieldwise.errors import ValidationFailed
from fieldwise.extraction.schema import DATA_TYPES, FieldSpec

TEMPLATES_FILE = Path(__file__).parent / "data" / "workflow_templates.toml"
WITH_OPTIONS = ("enum", "multi_select")
MAX_ROWS = 300  # fields and nested fields of one workflow the editor takes


@dataclass(slots=True)
class Row:
    name: str = ""
    description: str = ""
    data_type: str = "string"
    options: str = ""  # enum / multi_select options, comma-separated
    nested: bool = False  # a field of the object row above it
    suggested: bool = False  # proposed from an example document, not yet saved


@lru_cache(maxsize=1)
def templates() -> dict[str, dict[str, Any]]:
    with TEMPLATES_FILE.open("rb") as handle:
        return tomllib.load(handle)


def _rows_of(fields: list[dict[str, Any]], nested: bool = False) -> list[Row]:
    out: list[Row] = []
    for spec in fields:
        options = ", ".join(o if isinstance(o, str) else str(o.get("name", "")) for o in spec.get("enum_options") or ())
        out.append(Row(spec["name"], spec.get("description", ""), spec.get("data_type", "string"), options, nested))
        out += _rows_of(spec.get("nested_fields") or [], nested=True)
    return out


def template_rows(key: str) -> list[Row]:
    found = templates().get(key)
    return _rows_of(found["fields"]) if found else []


def rows_of_specs(specs: list[FieldSpec] | tuple[FieldSpec, ...], nested: bool = False) -> list[Row]:
    out: list[Row] = []
    for spec in specs:
        out.append(Row(spec.name, spec.description, spec.data_type, ", ".join(o.name for o in spec.enum_options),
                       nested))
        out += rows_of_specs(spec.nested_fields, nested=True)
    return out


def rows_from_form(form: Any) -> list[Row]:
    """The rows of a submitted editor: the lists of every row's inputs, in order (each row sends all five)."""
    columns = [form.getlist(key) for key in ("field_name", "field_description", "field_type", "field_options",
                                             "field_level")]
    if len({len(c) for c in columns}) != 1:
        raise ValidationFailed({"fields": ["every field row sends a name, a description, a type, options and a "
                                           "level; reload the page and try again"]})
    if len(columns[0]) > MAX_ROWS:
        raise ValidationFailed({"fields": [f"a workflow of the web app has at most {MAX_ROWS} fields"]})
    return [Row(str(name).strip(), str(description).strip(), str(kind), str(options), str(level) == "1")
            for name, description, kind, options, level in zip(*columns)]


def _field(row: Row) -> dict[str, Any]:
    field: dict[str, Any] = {"name": row.name, "description": row.description or row.name.replace("_", " "),
                             "data_type": row.data_type if row.data_type in DATA_TYPES else "string"}
    if field["data_type"] in WITH_OPTIONS:
        field["enum_options"] = [o.strip() for o in row.options.split(",") if o.strip()]
    if field["data_type"] == "object":
        field["nested_fields"] = []
    return field


def body_of(name: str, description: str, rows: list[Row]) -> dict[str, Any]:
    """The flat workflow body of the editor's rows; a row without a name is left out (a blank row, or one the
    person emptied to drop it)."""
    fields: list[dict[str, Any]] = []
    for row in rows:
        if not row.name:
            continue
        if row.nested:
            parent = fields[-1] if fields and fields[-1]["data_type"] == "object" else None
            if parent is None:
                raise ValidationFailed({"fields": [f"the nested field {row.name!r} has no object field above it"]})
            parent["nested_fields"].append(_field(row))
        else:
            fields.append(_field(row))
    body: dict[str, Any] = {"name": name.strip(), "fields": fields}
    if description.strip():
        body["description"] = description.strip()
    return body


def merge(kept: list[Row], added: list[Row]) -> list[Row]:
    """The person's rows, then the suggested fields they do not have yet by name (an object's columns come and go
    with it)."""
    have = {row.name for row in kept if not row.nested}
    out = list(kept)
    taking = False
    for row in added:
        if not row.nested:
            taking = row.name not in have
        if taking:
            out.append(row)
    return out

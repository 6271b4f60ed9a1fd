"""A workflow definition, flat (`fields`) or typed graph (`nodes`/`edges`), reduced to what a run needs."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from fieldwise.errors import ValidationFailed
from fieldwise.extraction.schema import FieldSpec
from fieldwise.workflows.fields import parse_fields
from fieldwise.workflows.graph import check_graph

_MAX_NAME = 500


@dataclass(frozen=True, slots=True)
class Definition:
    name: str
    description: str | None
    fields: tuple[FieldSpec, ...]  # what extraction runs on (empty for parse-only workflows)
    raw_fields: list[dict[str, Any]] | None  # the fields as the client sent them, for GET
    parse_mode: str = "standard"
    is_graph: bool = False


def _name_and_description(body: dict[str, Any]) -> tuple[str, str | None]:
    name = body.get("name")
    if not isinstance(name, str) or not name.strip():
        raise ValidationFailed({"name": ["This field is required."]}, summary="Invalid workflow: name is required")
    if len(name) > _MAX_NAME:
        raise ValidationFailed({"name": [f"at most {_MAX_NAME} characters"]}, summary="Invalid workflow: name")
    description = body.get("description")
    if description is not None and not isinstance(description, str):
        raise ValidationFailed({"description": ["must be a string"]}, summary="Invalid workflow: description")
    return name.strip(), description


def parse_definition(body: Any) -> Definition:
    if not isinstance(body, dict):
        raise ValidationFailed("the body must be a JSON object", summary="Invalid workflow")
    name, description = _name_and_description(body)
    if "nodes" in body:
        if "fields" in body and body["fields"]:
            raise ValidationFailed("send either fields or nodes/edges, not both", summary="Invalid workflow")
        by_id = check_graph(body.get("nodes"), body.get("edges"))
        extract_nodes = [(i, n) for i, n in enumerate(body["nodes"]) if n["type"] == "extract"]
        fields: tuple[FieldSpec, ...] = ()
        raw_fields: list[dict[str, Any]] | None = None
        for index, node in extract_nodes:
            schema = node.get("extraction_schema")
            path = f"nodes[{index}].extraction_schema.fields"
            node_fields = parse_fields(schema.get("fields") if isinstance(schema, dict) else None, path)
            if raw_fields is None:  # until classify/split run for real, the first extract node is the schema
                fields, raw_fields = node_fields, list(schema["fields"])
        parse_node = next(n for n in by_id.values() if n["type"] == "parse")
        mode = parse_node.get("mode") if isinstance(parse_node.get("mode"), str) else "standard"
        return Definition(name, description, fields, raw_fields, parse_mode=mode, is_graph=True)
    if "fields" not in body:
        raise ValidationFailed({"fields": ["This field is required."]}, summary="Invalid workflow: fields is required")
    fields = parse_fields(body["fields"])
    return Definition(name, description, fields, list(body["fields"]))

"""A workflow definition, flat (`fields`) or typed graph (`nodes`/`edges`), reduced to what a run needs."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from fieldwise.documents.options import Effort
from fieldwise.errors import ValidationFailed
from fieldwise.extraction.schema import FieldSpec
from fieldwise.workflows.fields import parse_fields
from fieldwise.workflows.graph import check_graph
from fieldwise.workflows.plan import Graph, build_graph
from fieldwise.workflows.v3 import engine_body

_MAX_NAME = 500


@dataclass(frozen=True, slots=True)
class Definition:
    name: str
    description: str | None
    fields: tuple[FieldSpec, ...]  # what extraction runs on (empty for parse-only workflows)
    raw_fields: list[dict[str, Any]] | None  # the fields as the client sent them, for GET
    effort: Effort = "standard"  # the engine's ReadOptions.effort, from the parse node's mode
    graph: Graph | None = None  # typed-graph workflows: what a run walks

    @property
    def is_graph(self) -> bool:
        return self.graph is not None


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
    body = engine_body(body)  # v3 bodies name check operands by persistent id
    name, description = _name_and_description(body)
    if "nodes" in body:
        if "fields" in body and body["fields"]:
            raise ValidationFailed("send either fields or nodes/edges, not both", summary="Invalid workflow")
        check_graph(body.get("nodes"), body.get("edges"))
        graph = build_graph(body["nodes"], body.get("edges") or [])
        first = next(iter(graph.extracts.values()), None)  # GET and the flat views show the first extract's schema
        fields = first.fields if first else ()
        raw_fields = first.raw_fields if first else None
        return Definition(name, description, fields, raw_fields, effort=graph.effort, graph=graph)
    if "fields" not in body:
        raise ValidationFailed({"fields": ["This field is required."]}, summary="Invalid workflow: fields is required")
    fields = parse_fields(body["fields"])
    return Definition(name, description, fields, list(body["fields"]))

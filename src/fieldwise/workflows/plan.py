"""A checked typed-graph body (spec 2.2) reduced to what a run walks: parse options, routers and extract steps.

Built once per workflow version (the definition cache keeps it). The walk itself is fieldwise.workflows.run.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from fieldwise.documents.options import Effort
from fieldwise.errors import ValidationFailed
from fieldwise.workflows.edit import EditStep
from fieldwise.extraction.schema import FieldSpec
from fieldwise.workflows.fields import parse_fields
from fieldwise.workflows.rules import Rule, parse_rules

PARSE_MODES = ("standard", "agentic", "lite", "flash")  # flash (v3) reads as lite: one parser serves all
_PARSE_CHOICES = {"mode": PARSE_MODES, "effort": ("low", "mid", "accurate"), "ocr_effort": ("medium", "high")}


@dataclass(frozen=True, slots=True)
class Option:
    """A classify category or a splitter rule: what the zero-shot scorer reads."""

    id: str
    name: str
    description: str
    partition_key: str = ""


@dataclass(frozen=True, slots=True)
class Router:
    node_id: str
    kind: str  # classify | splitter
    options: tuple[Option, ...]
    routes: dict[str, str]  # branch (option id) -> target node id
    user_prompt: str | None = None


@dataclass(frozen=True, slots=True)
class Filter:
    """Keeps the document when its text answers the criteria better than "anything else" does."""

    node_id: str
    criteria: str
    target: str | None


@dataclass(frozen=True, slots=True)
class Alert:
    """A slack_alert node: its message template is rendered with the extraction (and validations) above it."""

    node_id: str
    channel_id: str
    template: str
    severity: str


@dataclass(frozen=True, slots=True)
class IfElse:
    """Routes the document on a deterministic check of the extraction above it: `true` or `false` (unwired: end)."""

    node_id: str
    rule: Rule | None  # a check of the extraction, or
    routes: dict[str, str]
    on_rule: tuple[str, str] | None = None  # (validate rule id, status): a `validation` check on its outcome


@dataclass(frozen=True, slots=True)
class Validation:
    node_id: str
    rules: tuple[Rule, ...]


@dataclass(frozen=True, slots=True)
class ExtractStep:
    node_id: str
    fields: tuple[FieldSpec, ...]
    raw_fields: list[dict[str, Any]]
    validations: tuple[Validation, ...] = ()
    if_else: IfElse | None = None  # the if_else node after this extract (or after its validate node)
    alert_ids: tuple[str, ...] = ()  # slack_alert nodes after this extract (or after its validate node)
    sources: dict[str, str] = field(default_factory=dict)  # field name -> extraction | smart_lookup | ...
    lookup_tables: tuple[dict[str, Any], ...] = ()  # v3 smart lookups: {id, filename, rows}


@dataclass(frozen=True, slots=True)
class Graph:
    parse_id: str
    effort: Effort  # the engine's ReadOptions.effort
    first: str | None  # the node after parse (None: parse only)
    routers: dict[str, Router] = field(default_factory=dict)
    extracts: dict[str, ExtractStep] = field(default_factory=dict)
    filters: dict[str, Filter] = field(default_factory=dict)
    alerts: dict[str, Alert] = field(default_factory=dict)
    edit: EditStep | None = None  # the edit node after parse: run on the packet's PDFs, not on its Document

    @property
    def linear(self) -> bool:
        """No splitter: at most one extraction, and the deprecated `extraction` mirrors it."""
        return not any(router.kind == "splitter" for router in self.routers.values())


def parse_effort(node: dict[str, Any], path: str) -> Effort:
    """The parse node's options checked, and its mode mapped to how hard the readers work."""
    for key, choices in _PARSE_CHOICES.items():
        if key in node and node[key] is not None and node[key] not in choices:
            raise ValidationFailed({f"{path}.{key}": [f"expected one of {', '.join(choices)}"]},
                                   summary=f"Invalid workflow graph: {path}.{key}")
    mode = node.get("mode") or "standard"
    if mode == "agentic":
        return "standard" if node.get("effort") == "low" else "high"
    if mode in ("lite", "flash"):
        return "standard" if node.get("ocr_effort") == "high" else "low"
    return "standard"


def _options(node: dict[str, Any]) -> tuple[Option, ...]:
    items = node["categories"] if node["type"] == "classify" else node["rules"]
    return tuple(Option(i["id"], i["name"].strip(), i["description"].strip(), (i.get("partition_key") or "").strip())
                 for i in items)


def build_graph(nodes: list[dict[str, Any]], edges: list[dict[str, Any]]) -> Graph:
    """Nodes and edges already checked by fieldwise.workflows.graph.check_graph."""
    index_of = {node["id"]: i for i, node in enumerate(nodes)}
    by_id = {node["id"]: node for node in nodes}
    outgoing: dict[str, list[dict[str, Any]]] = {}
    for edge in edges:
        outgoing.setdefault(edge["source"], []).append(edge)
    parse_node = next(n for n in nodes if n["type"] == "parse")
    effort = parse_effort(parse_node, f"nodes[{index_of[parse_node['id']]}]")
    extracts: dict[str, ExtractStep] = {}
    routers: dict[str, Router] = {}
    filters: dict[str, Filter] = {}
    for node in nodes:
        path = f"nodes[{index_of[node['id']]}]"
        if node["type"] == "extract":
            schema = node.get("extraction_schema")
            raw = schema.get("fields") if isinstance(schema, dict) else None
            fields = parse_fields(raw, f"{path}.extraction_schema.fields")
            after = [edge["target"] for edge in outgoing.get(node["id"], [])]
            validations = tuple(
                Validation(target, parse_rules(by_id[target].get("rules"), f"nodes[{index_of[target]}].rules", fields))
                for target in after if by_id[target]["type"] == "validate"
            )
            after += [edge["target"] for v in validations for edge in outgoing.get(v.node_id, [])]
            branch = next((by_id[t] for t in after if by_id[t]["type"] == "if_else"), None)
            if_else = None
            if branch is not None:
                where = f"nodes[{index_of[branch['id']]}].condition"
                routes = {edge["branch"]: edge["target"] for edge in outgoing.get(branch["id"], [])}
                condition = branch["condition"]
                if condition.get("type") == "validation":
                    rule_ids = {rule.id for v in validations for rule in v.rules}
                    if condition.get("rule_id") not in rule_ids:
                        raise ValidationFailed({where: [f"no validate rule {condition.get('rule_id')!r} above it"]},
                                               summary=f"Invalid workflow graph: {where}")
                    if_else = IfElse(branch["id"], None, routes, (condition["rule_id"], condition.get("status")
                                                                  or "fail"))
                else:
                    [rule] = parse_rules([{"id": branch["id"], "kind": "deterministic", "check": condition}], where,
                                         fields)
                    if_else = IfElse(branch["id"], rule, routes)
            alert_ids = tuple(t for t in after if by_id[t]["type"] == "slack_alert")
            sources = {f["name"].strip(): f.get("source") or "extraction" for f in raw or [] if isinstance(f, dict)}
            tables = tuple(t for t in node.get("lookup_tables") or [] if isinstance(t, dict))
            extracts[node["id"]] = ExtractStep(node["id"], fields, list(raw or []), validations, if_else, alert_ids,
                                               sources, tables)
        elif node["type"] in ("classify", "splitter"):
            prompt = node.get("user_prompt") if isinstance(node.get("user_prompt"), str) else None
            routes = {edge["branch"]: edge["target"] for edge in outgoing.get(node["id"], [])}
            routers[node["id"]] = Router(node["id"], node["type"], _options(node), routes, prompt or None)
        elif node["type"] == "filter":
            after = outgoing.get(node["id"], [])
            filters[node["id"]] = Filter(node["id"], node["criteria"].strip(), after[0]["target"] if after else None)
    after_parse = outgoing.get(parse_node["id"], [])
    first = after_parse[0]["target"] if after_parse else None
    alerts = {n["id"]: Alert(n["id"], n["channel_id"].strip(), n["message_template"], n.get("severity") or "info")
              for n in nodes if n["type"] == "slack_alert"}
    edit = next((EditStep(n["id"], n.get("instructions") or None, tuple(n.get("reference_document_ids") or ()),
                          n.get("font") or "sans", n.get("output_mode") or "flattened")
                 for n in nodes if n["type"] == "edit"), None)
    return Graph(parse_node["id"], effort, first, routers, extracts, filters, alerts, edit)

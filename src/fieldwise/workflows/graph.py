"""The typed workflow graph (spec 2.2): nodes and edges as SDK 0.7.0 sends them, checked by the topology rules."""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from fieldwise.errors import ValidationFailed

NODE_TYPES = ("parse", "classify", "splitter", "extract", "validate", "filter", "if_else", "slack_alert", "edit")
_ALLOWED_PREDECESSORS = {
    "classify": {"parse"},
    "splitter": {"parse", "classify"},
    "extract": {"parse", "classify", "splitter", "filter", "if_else"},
    "validate": {"extract"},
    "filter": {"parse"},  # v3: keeps or discards the document before extraction
    "if_else": {"extract", "validate"},  # v3: routes on a check of the extraction above it
    "slack_alert": {"extract", "validate", "if_else"},  # v3: posts a message about that extraction
    "edit": {"parse"},  # v3: fills the PDF's own form fields
    "parse": set(),
}
_BRANCHING = {"classify", "splitter", "if_else"}


def _fail(path: str, message: str) -> ValidationFailed:
    return ValidationFailed({path: [message]}, summary=f"Invalid workflow graph: {path}: {message}")


def _check_ports(items: Any, path: str, kind: str) -> None:
    """Classify categories and splitter rules: each {id, name, description}, ids and names unique."""
    if not isinstance(items, list) or not items:
        raise _fail(path, f"at least one {kind} is required")
    for index, item in enumerate(items):
        for key in ("id", "name", "description"):
            value = item.get(key) if isinstance(item, dict) else None
            if not isinstance(value, str) or not value.strip():
                raise _fail(f"{path}[{index}].{key}", "This field is required.")
        key = item.get("partition_key", "")
        if kind == "rule" and not isinstance(key, str):
            raise _fail(f"{path}[{index}].partition_key", "must be a string")
    for key in ("id", "name"):
        values = [item[key] for item in items]
        duplicates = sorted({v for v in values if values.count(v) > 1})
        if duplicates:
            raise _fail(path, f"each {kind} {key} must be unique; repeated: {duplicates}")


def port_ids(node: dict[str, Any]) -> list[str]:
    """The branch labels a classify (category ids), splitter (rule ids) or if_else (true, false) node emits."""
    if node["type"] == "if_else":
        return ["true", "false"]
    items = node.get("categories") if node["type"] == "classify" else node.get("rules")
    return [item["id"] for item in items or []]


def _check_nodes(nodes: Any) -> dict[str, dict[str, Any]]:
    if not isinstance(nodes, list) or not nodes:
        raise _fail("nodes", "at least one node is required")
    by_id: dict[str, dict[str, Any]] = {}
    for index, node in enumerate(nodes):
        path = f"nodes[{index}]"
        if not isinstance(node, dict):
            raise _fail(path, "a node is an object with id and type")
        node_id, node_type = node.get("id"), node.get("type")
        if not isinstance(node_id, str) or not node_id:
            raise _fail(f"{path}.id", "This field is required.")
        if node_type not in NODE_TYPES:
            raise _fail(f"{path}.type", f"unknown node type {node_type!r}; expected one of {', '.join(NODE_TYPES)}")
        if node_id in by_id:
            raise _fail(f"{path}.id", f"duplicate node id {node_id!r}")
        by_id[node_id] = node
        if node_type == "classify":
            _check_ports(node.get("categories"), f"{path}.categories", "category")
        if node_type == "splitter":
            _check_ports(node.get("rules"), f"{path}.rules", "rule")
        if node_type == "validate" and not node.get("rules"):
            raise _fail(f"{path}.rules", "a validate node needs at least one rule")
        if node_type == "slack_alert":
            for key in ("channel_id", "message_template"):
                if not isinstance(node.get(key), str) or not node[key].strip():
                    raise _fail(f"{path}.{key}", "This field is required.")
        if node_type == "if_else" and not isinstance(node.get("condition"), dict):
            raise _fail(f"{path}.condition", "an if_else node needs a condition (a check)")
        if node_type == "filter" and (not isinstance(node.get("criteria"), str) or not node["criteria"].strip()):
            raise _fail(f"{path}.criteria", "a filter node needs its keep/discard criteria")
    parse_nodes = [n for n in by_id.values() if n["type"] == "parse"]
    if len(parse_nodes) != 1:
        raise _fail("nodes", f"exactly one parse node is required, found {len(parse_nodes)}")
    return by_id


def _check_edges(edges: Any, by_id: dict[str, dict[str, Any]]) -> None:
    if edges is None:
        edges = []
    if not isinstance(edges, list):
        raise _fail("edges", "must be a list")
    incoming: dict[str, list[str]] = defaultdict(list)
    outgoing: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for index, edge in enumerate(edges):
        path = f"edges[{index}]"
        if not isinstance(edge, dict):
            raise _fail(path, "an edge is an object with source and target")
        source: Any = edge.get("source")  # checked below to be a node id
        target: Any = edge.get("target")
        for key, value in (("source", source), ("target", target)):
            if value not in by_id:
                raise _fail(f"{path}.{key}", f"no node with id {value!r}")
        source_type, target_type = by_id[source]["type"], by_id[target]["type"]
        if source_type not in _ALLOWED_PREDECESSORS[target_type]:
            raise _fail(path, f"a {target_type} node cannot follow a {source_type} node")
        branch = edge.get("branch")
        if source_type in _BRANCHING and not branch:
            raise _fail(f"{path}.branch", f"edges leaving a {source_type} node need a branch")
        if source_type not in _BRANCHING and branch:
            raise _fail(f"{path}.branch", f"edges leaving a {source_type} node take no branch")
        if source_type in _BRANCHING and branch not in port_ids(by_id[source]):
            kind = "category" if source_type == "classify" else "rule"
            raise _fail(f"{path}.branch", f"no {kind} of {source!r} has id {branch!r}; a branch is a {kind} id")
        incoming[target].append(source)
        outgoing[source].append(edge)
    for node_id, node in by_id.items():
        if node["type"] != "parse" and not incoming[node_id]:
            raise _fail("edges", f"node {node_id!r} has no inbound edge")
        if len(incoming[node_id]) > 1:
            raise _fail("edges", f"node {node_id!r} has more than one inbound edge")
        branches = [e.get("branch") for e in outgoing[node_id]]
        if node["type"] in _BRANCHING:
            if len(set(branches)) != len(branches):
                raise _fail("edges", f"branches leaving {node_id!r} must be unique")
        elif len(branches) > 1:
            raise _fail("edges", f"node {node_id!r} has more than one outgoing edge")
    for node_id, node in by_id.items():
        if node["type"] == "if_else" and "true" not in [e.get("branch") for e in outgoing[node_id]]:
            raise _fail("edges", f"if_else node {node_id!r} needs an edge with branch 'true'")
    _check_acyclic(by_id, outgoing)


def _check_acyclic(by_id: dict[str, dict[str, Any]], outgoing: dict[str, list[dict[str, Any]]]) -> None:
    state: dict[str, int] = {}

    def visit(node_id: str) -> None:
        state[node_id] = 1
        for edge in outgoing[node_id]:
            target = edge["target"]
            if state.get(target) == 1:
                raise _fail("edges", f"the graph has a cycle through {target!r}")
            if target not in state:
                visit(target)
        state[node_id] = 2

    for node_id in by_id:
        if node_id not in state:
            visit(node_id)


def check_graph(nodes: Any, edges: Any) -> dict[str, dict[str, Any]]:
    """Nodes by id, or ValidationFailed naming the broken rule."""
    by_id = _check_nodes(nodes)
    _check_edges(edges, by_id)
    return by_id

"""v3 workflow definitions: what fieldwise can run, field identity (`persistent_id`), version numbers, and the
public view of any stored definition (v2 flat, v2 graph or v3).

A v3 version is stored as its canonical public body (defaults filled, every field with a persistent id), which the
v2 engine reads as it reads a v2 graph: field references in checks are resolved to names by `engine_body`.
"""

from __future__ import annotations

import uuid
from typing import Any

from pydantic import ValidationError

from fieldwise.errors import NotSupported, TopologyInvalid, ValidationFailed
from fieldwise.workflows.public import WorkflowDefinition, sanitize_field_name

RUNNABLE = frozenset({"parse", "classify", "splitter", "extract", "validate", "knowledge", "filter", "if_else",
                      "slack_alert", "edit"})
_KNOWLEDGE_FROM = frozenset({"parse", "classify", "extract", "validate"})
ENGINE_CHECKS = frozenset({"range", "date", "arithmetic", "comparison", "one_of", "regex", "required",
                           "confidence", "all_of", "any_of", "expression"})
_WHY_NOT = {
    "code_sandbox": "fieldwise runs no generated code",
    "report_generator": "fieldwise writes no prose: it runs no language model",
}
_ID_SPACE = uuid.UUID("6f1c7a52-3c59-4d3e-9f0b-2f0c9b1e7d11")  # persistent ids of fields stored without one


# --- what fieldwise runs ------------------------------------------------------------------------------------------


def _check_kinds(check: dict[str, Any]) -> list[str | None]:
    kinds: list[str | None] = [check.get("type")]
    for child in check.get("checks") or []:
        kinds.extend(_check_kinds(child))
    return kinds


def refuse_unsupported(body: dict[str, Any]) -> None:
    """400 NOT_SUPPORTED naming every node or option that fieldwise would have to skip: never accept and skip."""
    problems = []
    for node in body["nodes"]:
        kind = node["type"]
        if kind not in RUNNABLE:
            problems.append({"node_id": node["id"], "type": kind, "reason": _WHY_NOT.get(kind, "not supported")})
        if kind == "extract":
            for spec in node["extraction_schema"]["fields"]:
                for child in spec.get("nested_fields") or []:
                    if child.get("source", "extraction") != "extraction":
                        problems.append({"node_id": node["id"], "type": kind, "reason": f"field {child['name']!r}: "
                                         "lookups fill top-level fields only"})
        if kind == "if_else":
            top = node["condition"].get("type")
            for check_kind in _check_kinds(node["condition"])[1 if top == "validation" else 0:]:
                if check_kind not in ENGINE_CHECKS:
                    problems.append({"node_id": node["id"], "type": kind,
                                     "reason": f"{check_kind} conditions are not supported"})
        if kind == "validate":
            for rule in node["rules"]:
                for check_kind in _check_kinds(rule.get("check") or {}) if rule.get("check") else []:
                    if check_kind not in ENGINE_CHECKS:
                        problems.append({"node_id": node["id"], "type": kind,
                                         "reason": f"rule {rule['id']!r}: {check_kind} checks are not supported"})
    if problems:
        summary = "; ".join(f"{p['node_id']} ({p['type']}): {p['reason']}" for p in problems)
        raise NotSupported(problems, summary=f"Not supported by fieldwise: {summary}")


def _knowledge_violations(body: dict[str, Any]) -> list[dict[str, Any]]:
    """A knowledge node: at most one, terminal, fed by parse, classify, extract or validate."""
    types = {n["id"]: n["type"] for n in body["nodes"]}
    found = [n["id"] for n in body["nodes"] if n["type"] == "knowledge"]
    out = []
    if len(found) > 1:
        out.append({"rule": "at_most_one_knowledge_node", "message": "a workflow has at most one knowledge node",
                    "node_ids": found})
    for node_id in found:
        inbound = [e["source"] for e in body["edges"] if e["target"] == node_id]
        if not inbound or any(types.get(src) not in _KNOWLEDGE_FROM for src in inbound):
            out.append({"rule": "knowledge_inbound", "message": "a knowledge node follows parse, classify, extract "
                        "or validate", "node_ids": [node_id]})
        if any(e["source"] == node_id for e in body["edges"]):
            out.append({"rule": "knowledge_terminal", "message": "a knowledge node has no outgoing edge",
                        "node_ids": [node_id]})
    return out


def refuse_unconfigured_slack(body: dict[str, Any], configured: set[str]) -> None:
    """A slack_alert naming a channel with no incoming webhook configured cannot deliver: 400 NOT_SUPPORTED."""
    missing = [n for n in body["nodes"] if n["type"] == "slack_alert" and n["channel_id"] not in configured]
    if missing:
        detail = [{"node_id": n["id"], "type": "slack_alert",
                   "reason": f"no Slack incoming webhook configured for channel {n['channel_id']}; run "
                             f"`fieldwise slack add --org <org> --channel {n['channel_id']} --url <webhook url>`"}
                  for n in missing]
        raise NotSupported(detail, summary="Not supported by fieldwise: " + detail[0]["reason"])


def _key_violations(body: dict[str, Any]) -> list[dict[str, Any]]:
    """Sibling fields must sanitize to distinct result keys (also inside each object field)."""
    out = []

    def siblings(fields: list[dict[str, Any]], node_id: str, where: str) -> None:
        keys = [sanitize_field_name(f["name"]) for f in fields]
        clashes = sorted({k for k in keys if keys.count(k) > 1})
        if clashes:
            out.append({"rule": "distinct_field_keys", "message": f"fields of {where} share the result key(s) "
                        f"{', '.join(clashes)}", "node_ids": [node_id]})
        for spec in fields:
            if spec.get("nested_fields"):
                siblings(spec["nested_fields"], node_id, f"{where}.{spec['name']}")

    for node in body["nodes"]:
        if node["type"] == "extract":
            siblings(node["extraction_schema"]["fields"], node["id"], node["id"])
    return out


def check_topology(body: dict[str, Any]) -> None:
    """The engine's graph rules (spec v2 2.2, and what v3 shares of them) as 400 TOPOLOGY_INVALID."""
    from fieldwise.workflows.definitions import parse_definition

    knowledge = _knowledge_violations(body) + _key_violations(body)
    if knowledge:
        raise TopologyInvalid(knowledge, summary="Invalid workflow graph: " + knowledge[0]["message"])
    try:
        parse_definition(engine_body(body))
    except ValidationFailed as exc:
        detail = exc.detail if isinstance(exc.detail, dict) else {"workflow": [str(exc.detail)]}
        violations = [{"rule": path, "message": "; ".join(messages), "node_ids": _node_ids(body, path)}
                      for path, messages in detail.items()]
        raise TopologyInvalid(violations, summary=exc.summary) from exc


def _node_ids(body: dict[str, Any], path: str) -> list[str]:
    if path.startswith("nodes[") and "]" in path:
        index = path[6:path.index("]")]
        if index.isdigit() and int(index) < len(body["nodes"]):
            return [body["nodes"][int(index)]["id"]]
    return []


# --- field identity -----------------------------------------------------------------------------------------------


def _derived_id(workflow_id: str, *parts: str) -> str:
    return str(uuid.uuid5(_ID_SPACE, "/".join((workflow_id, *parts))))


def assign_ids(body: dict[str, Any], previous: dict[str, Any] | None) -> None:
    """Give every field a persistent id, in place. On create (`previous` None) a sent id is refused; on PATCH a sent
    id must name a field at the same nesting level of the previous version, once."""
    def previous_ids(fields: list[dict[str, Any]]) -> dict[str, dict[str, Any]]:
        return {f["persistent_id"]: f for f in fields if f.get("persistent_id")}

    top_before: dict[str, dict[str, Any]] = {}
    if previous is not None:
        for node in previous["nodes"]:
            if node["type"] == "extract":
                top_before.update(previous_ids(node["extraction_schema"]["fields"]))
    seen: set[str] = set()

    def assign(fields: list[dict[str, Any]], before: dict[str, dict[str, Any]], path: str) -> None:
        for index, spec in enumerate(fields):
            pid = spec.get("persistent_id")
            where = f"{path}[{index}].persistent_id"
            if pid is not None:
                if previous is None:
                    raise ValidationFailed([{"loc": where, "msg": "persistent_id is minted by the server; "
                                                                  "send none when creating a workflow"}])
                if pid not in before:
                    raise ValidationFailed([{"loc": where, "msg": f"{pid} matches no field at this level of "
                                                                  "the previous version"}])
                if pid in seen:
                    raise ValidationFailed([{"loc": where, "msg": f"{pid} appears on more than one field"}])
                seen.add(pid)
            else:
                spec["persistent_id"] = str(uuid.uuid4())
            if spec.get("nested_fields"):
                children_before = previous_ids((before.get(pid) or {}).get("nested_fields") or []) if pid else {}
                assign(spec["nested_fields"], children_before, f"{path}[{index}].nested_fields")

    for index, node in enumerate(body["nodes"]):
        if node["type"] == "extract":
            assign(node["extraction_schema"]["fields"], top_before, f"nodes[{index}].extraction_schema.fields")


def carry_ids(body: dict[str, Any], previous: dict[str, Any]) -> dict[str, Any]:
    """A v2 PUT body (which has no ids) with the persistent ids of the previous version's fields that have the
    same sanitized name at the same level (D14). Bodies whose previous version stored no ids come back as sent."""
    def ids_of(fields: list[Any]) -> dict[str, dict[str, Any]]:
        return {sanitize_field_name(f["name"]): f for f in fields
                if isinstance(f, dict) and isinstance(f.get("name"), str) and f.get("persistent_id")}

    def fill(fields: Any, before: dict[str, dict[str, Any]]) -> Any:
        if not isinstance(fields, list) or not before:
            return fields
        out = []
        for spec in fields:
            match = before.get(sanitize_field_name(spec["name"])) if isinstance(spec, dict) and isinstance(
                spec.get("name"), str) else None
            if match is not None and not spec.get("persistent_id"):
                spec = {**spec, "persistent_id": match["persistent_id"]}
                if isinstance(spec.get("nested_fields"), list):
                    spec["nested_fields"] = fill(spec["nested_fields"], ids_of(match.get("nested_fields") or []))
            out.append(spec)
        return out

    old_nodes = {n.get("id"): n for n in previous.get("nodes") or [] if isinstance(n, dict)}
    old_first = next((n for n in old_nodes.values() if n.get("type") == "extract"), None)
    if "nodes" not in body:
        fields = ((old_first or {}).get("extraction_schema") or {}).get("fields") or []
        return {**body, "fields": fill(body.get("fields"), ids_of(fields))}
    nodes = []
    for node in body.get("nodes") or []:
        old = old_nodes.get(node.get("id")) if isinstance(node, dict) else None
        schema = node.get("extraction_schema") if isinstance(node, dict) else None
        if old is not None and isinstance(schema, dict):
            before = ids_of((old.get("extraction_schema") or {}).get("fields") or [])
            node = {**node, "extraction_schema": {**schema, "fields": fill(schema.get("fields"), before)}}
        nodes.append(node)
    return {**body, "nodes": nodes}


# --- canonical bodies, versions -----------------------------------------------------------------------------------


def canonical(definition: WorkflowDefinition) -> dict[str, Any]:
    body = definition.model_dump(mode="json", exclude_none=True)
    body["description"] = definition.description or ""
    for node in body["nodes"]:
        if node["type"] == "extract":
            node["lookup_file_uploads"] = []  # create-input only: never stored, never shown
    return body


def store_lookups(body: dict[str, Any], definition: WorkflowDefinition, previous: dict[str, Any] | None) -> None:
    """Uploaded lookup files become the node's lookup tables (kept in the stored body, never shown: the public
    view has no such key) and their ids join `lookup_file_ids`; ids sent must name this workflow's tables."""
    from fieldwise.workflows.lookups import read_uploads

    known: dict[str, dict[str, Any]] = {}
    for node in (previous or {}).get("nodes") or []:
        for table in node.get("lookup_tables") or []:
            known[table["id"]] = table
    sent = {n.id: n for n in definition.nodes if n.type == "extract"}
    for node in body["nodes"]:
        if node["type"] != "extract":
            continue
        tables = []
        for file_id in node.get("lookup_file_ids") or []:
            if file_id not in known:
                raise ValidationFailed([{"loc": f"nodes.{node['id']}.lookup_file_ids",
                                         "msg": f"{file_id} is not a lookup file of this workflow"}])
            tables.append(known[file_id])
        uploads = [u.model_dump() for u in sent[node["id"]].lookup_file_uploads]
        tables += read_uploads(node["id"], uploads)
        node["lookup_file_ids"] = [t["id"] for t in tables]
        if tables:
            node["lookup_tables"] = tables


def next_label(label: str | None, *, major: bool) -> str:
    major_no, _, minor_no = (label or "1.0").partition(".")
    if major:
        return f"{int(major_no) + 1}.0"
    return f"{major_no}.{int(minor_no or 0) + 1}"


def changes(new: dict[str, Any], old: dict[str, Any]) -> str | None:
    """'major' when nodes or edges differ, 'minor' when only the name or description does, None when equal."""
    if new["nodes"] != old["nodes"] or new["edges"] != old["edges"]:
        return "major"
    if new["name"] != old["name"] or (new.get("description") or None) != (old.get("description") or None):
        return "minor"
    return None


# --- the engine's reading of a v3 body ---------------------------------------------------------------------------


def engine_body(body: dict[str, Any]) -> dict[str, Any]:
    """A stored body as the v2 engine reads it: check operands that name a field by persistent id or sanitized
    name are turned into the field's name. Bodies without persistent ids come back unchanged."""
    nodes = body.get("nodes")
    if not isinstance(nodes, list):
        return body
    knowledge = {n.get("id") for n in nodes if isinstance(n, dict) and n.get("type") == "knowledge"}
    if knowledge:  # it indexes documents for ask (D16); the engine's walk has nothing to do for it
        nodes = [n for n in nodes if not (isinstance(n, dict) and n.get("id") in knowledge)]
        edges = [e for e in body.get("edges") or [] if not (isinstance(e, dict) and e.get("target") in knowledge)]
        body = {**body, "nodes": nodes, "edges": edges}
    names: dict[str, str] = {}
    for node in nodes:
        schema = node.get("extraction_schema") if isinstance(node, dict) else None
        for spec in (schema or {}).get("fields") or [] if isinstance(schema, dict) else []:
            if not isinstance(spec, dict) or not isinstance(spec.get("name"), str):
                continue
            for key in (spec.get("persistent_id"), sanitize_field_name(spec["name"])):
                if key and key != spec["name"]:
                    names.setdefault(key, spec["name"])
            for child in spec.get("nested_fields") or []:
                if isinstance(child, dict) and isinstance(child.get("name"), str):
                    full = f"{spec['name']}.{child['name']}"
                    for key in (child.get("persistent_id"), f"{sanitize_field_name(spec['name'])}."
                                f"{sanitize_field_name(child['name'])}"):
                        if key:
                            names.setdefault(key, full)
    if not names:
        return body

    def resolve(check: Any) -> Any:
        if not isinstance(check, dict):
            return check
        out = dict(check)
        for key in ("field", "left", "equals"):
            if isinstance(out.get(key), str):
                out[key] = names.get(out[key], out[key])
        if isinstance(out.get("operands"), list):
            out["operands"] = [names.get(o, o) if isinstance(o, str) else o for o in out["operands"]]
        if isinstance(out.get("right"), dict) and isinstance(out["right"].get("field"), str):
            out["right"] = {**out["right"], "field": names.get(out["right"]["field"], out["right"]["field"])}
        if isinstance(out.get("checks"), list):
            out["checks"] = [resolve(child) for child in out["checks"]]
        return out

    new_nodes = []
    for node in nodes:
        if isinstance(node, dict) and node.get("type") == "validate" and isinstance(node.get("rules"), list):
            node = {**node, "rules": [{**r, "check": resolve(r.get("check"))} if isinstance(r, dict) else r
                                      for r in node["rules"]]}
        if isinstance(node, dict) and node.get("type") == "if_else":
            node = {**node, "condition": resolve(node.get("condition"))}
        new_nodes.append(node)
    return {**body, "nodes": new_nodes}


# --- the public view of any stored body ---------------------------------------------------------------------------

_PUBLIC_FIELD_KEYS = ("persistent_id", "name", "description", "source", "data_type", "enum_options", "nested_fields")


def _public_field(spec: dict[str, Any], workflow_id: str, path: str) -> dict[str, Any]:
    out = {k: spec[k] for k in _PUBLIC_FIELD_KEYS if k in spec and spec[k] is not None}
    if out.get("data_type") == "list":  # v2's list type has no v3 counterpart: its items read as text
        out["data_type"] = "string"
    if out.get("data_type") not in ("enum", "multi_select"):
        out.pop("enum_options", None)
    if out.get("data_type") != "object":
        out.pop("nested_fields", None)
    if "enum_options" in out:
        out["enum_options"] = [
            {"name": o, "description": o} if isinstance(o, str)
            else {"name": o.get("name"), "description": o.get("description") or o.get("name")}
            for o in out["enum_options"]
        ]
    key = f"{path}/{sanitize_field_name(str(spec.get('name', '')))}"
    out.setdefault("persistent_id", _derived_id(workflow_id, key))
    if "nested_fields" in out:
        out["nested_fields"] = [_public_field(child, workflow_id, key) for child in out["nested_fields"]]
    return out


def _public_node(node: dict[str, Any], workflow_id: str) -> dict[str, Any]:
    from fieldwise.workflows import public

    model = {cls.model_fields["type"].annotation.__args__[0]: cls for cls in (  # type: ignore[union-attr]
        public.ParseNode, public.ClassifyNode, public.SplitterNode, public.ExtractNode, public.ValidateNode,
        public.IfElseNode, public.FilterNode, public.SlackAlertNode, public.KnowledgeNode, public.EditNode,
        public.CodeSandboxNode, public.ReportGeneratorNode)}[node["type"]]
    out = {k: v for k, v in node.items() if k in model.model_fields}
    if node["type"] == "extract":
        schema = node.get("extraction_schema") or {}
        out["extraction_schema"] = {"fields": [_public_field(f, workflow_id, node["id"])
                                               for f in schema.get("fields") or []]}
    return out


def public_view(body: dict[str, Any], workflow_id: str) -> dict[str, Any]:
    """{name, description, nodes, edges} in the 1.18.0 public vocabulary, whatever API stored the body: a flat v2
    workflow reads as parse_1 -> extract_1; keys v3 does not know are dropped; every field has a UUID id."""
    if "nodes" in body:
        nodes = [_public_node(n, workflow_id) for n in body["nodes"]]
        edges = [{k: v for k, v in e.items() if k in ("source", "target", "branch") and v is not None}
                 for e in body.get("edges") or []]
    else:
        nodes = [{"id": "parse_1", "type": "parse"},
                 {"id": "extract_1", "type": "extract",
                  "extraction_schema": {"fields": [_public_field(f, workflow_id, "extract_1")
                                                   for f in body.get("fields") or []]}}]
        edges = [{"source": "parse_1", "target": "extract_1"}]
    raw = {"name": body.get("name") or "workflow", "description": body.get("description") or "",
           "nodes": nodes, "edges": edges}
    try:
        return canonical(WorkflowDefinition.model_validate(raw))
    except ValidationError:  # a stored v2 body v3 cannot express in full: show what the vocabulary holds
        return {**raw, "nodes": nodes, "edges": edges}

"""Typed graphs as SDK 0.7.0 builds them, reduced to a plan; the topology rules each name what broke."""

from __future__ import annotations

import copy
from typing import Any

import pytest

from fieldwise.errors import ValidationFailed
from fieldwise.workflows.definitions import parse_definition

FIELD = {"name": "total", "description": "Total due", "data_type": "float"}


def packet_graph() -> dict[str, Any]:
    return {
        "name": "Mailroom",
        "nodes": [
            {"id": "parse_1", "type": "parse", "mode": "agentic", "effort": "accurate"},
            {"id": "split_1", "type": "splitter", "rules": [
                {"id": "INVOICE", "name": "Invoice", "description": "a bill", "partition_key": "invoice number"},
                {"id": "RECEIPT", "name": "Receipt", "description": "proof of payment", "partition_key": ""}]},
            {"id": "extract_1", "type": "extract", "extraction_schema": {"fields": [FIELD]}},
            {"id": "extract_2", "type": "extract", "extraction_schema": {"fields": [
                {"name": "merchant", "description": "shop", "data_type": "string"}]}},
            {"id": "validate_1", "type": "validate", "rules": [
                {"id": "positive", "kind": "deterministic", "severity": "warning",
                 "check": {"type": "range", "field": "total", "min": 0}, "source_fields": ["total"]}]},
        ],
        "edges": [
            {"source": "parse_1", "target": "split_1"},
            {"source": "split_1", "target": "extract_1", "branch": "INVOICE"},
            {"source": "split_1", "target": "extract_2", "branch": "RECEIPT"},
            {"source": "extract_1", "target": "validate_1"},
        ],
    }


def test_a_split_graph_becomes_a_plan_with_routes_schemas_and_rules() -> None:
    definition = parse_definition(packet_graph())
    graph = definition.graph
    assert graph is not None and definition.effort == "high" and not graph.linear
    assert graph.first == "split_1"
    router = graph.routers["split_1"]
    assert router.routes == {"INVOICE": "extract_1", "RECEIPT": "extract_2"}
    assert router.options[0].partition_key == "invoice number"
    assert [f.name for f in graph.extracts["extract_2"].fields] == ["merchant"]
    (validation,) = graph.extracts["extract_1"].validations
    assert validation.node_id == "validate_1" and validation.rules[0].severity == "warning"
    assert [f.name for f in definition.fields] == ["total"]  # the first extract, for GET and the flat views


@pytest.mark.parametrize("mode, knobs, effort", [
    ("standard", {}, "standard"), ("lite", {}, "low"), ("lite", {"ocr_effort": "high"}, "standard"),
    ("agentic", {}, "high"), ("agentic", {"effort": "low"}, "standard"),
])
def test_parse_mode_maps_to_the_readers_effort(mode: str, knobs: dict[str, str], effort: str) -> None:
    body = packet_graph()
    body["nodes"][0] = {"id": "parse_1", "type": "parse", "mode": mode, **knobs}
    assert parse_definition(body).effort == effort


def _broken(change: Any) -> str:
    body = copy.deepcopy(packet_graph())
    change(body)
    with pytest.raises(ValidationFailed) as caught:
        parse_definition(body)
    return str(caught.value.summary)


def test_topology_and_node_rules_are_enforced_by_name() -> None:
    assert "no rule of 'split_1' has id 'Invoice'" in _broken(
        lambda b: b["edges"][1].update(branch="Invoice"))
    assert "each rule name must be unique" in _broken(
        lambda b: b["nodes"][1]["rules"][1].update(name="Invoice"))
    assert "rules[0].description" in _broken(lambda b: b["nodes"][1]["rules"][0].pop("description"))
    assert "a validate node cannot follow a parse node" in _broken(
        lambda b: b["edges"][3].update(source="parse_1"))
    assert "no field 'amount'" in _broken(
        lambda b: b["nodes"][4]["rules"][0]["check"].update(field="amount"))
    assert "nodes[0].mode" in _broken(lambda b: b["nodes"][0].update(mode="turbo"))
    assert "edges leaving a splitter node need a branch" in _broken(lambda b: b["edges"][2].pop("branch"))

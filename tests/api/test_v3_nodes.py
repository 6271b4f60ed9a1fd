"""v3 graph nodes fieldwise runs offline (spec v3 D7): a filter keeps or discards the document before extraction."""

from __future__ import annotations

import httpx

from tests.api import v3_support as v3


def test_filter_keeps_matching_documents_and_discards_the_rest(api: httpx.Client) -> None:
    body = v3.body()
    body["nodes"].insert(1, {"id": "filter_1", "type": "filter", "criteria": "Invoices from a supplier"})
    body["edges"] = [{"source": "parse_1", "target": "filter_1"}, {"source": "filter_1", "target": "extract_1"}]
    created = api.post("/v3/workflows/", json=body)
    assert created.status_code == 201, created.text
    assert [n["type"] for n in created.json()["nodes"]] == ["parse", "filter", "extract"]
    kept = v3.wait_run(api, v3.upload_run(api, created.json()["id"],
                                          "INVOICE from ACME Supplies\nInvoice number: F-1\nTotal: 9.00")["run_id"])
    assert kept["status"] == "processed" and kept["results"]["filtered"]["kept"] is True
    assert kept["results"]["extraction"]["invoice_number"]["value"] == "F-1"
    dropped = v3.wait_run(api, v3.upload_run(api, created.json()["id"], "Menu of the day: tomato soup")["run_id"])
    assert dropped["status"] == "processed" and dropped["results"]["extractions"] == []
    assert dropped["results"]["filtered"] == {"node_id": "filter_1", "kept": False,
                                              "score": dropped["results"]["filtered"]["score"]}


def test_if_else_routes_on_a_check_of_the_extraction(api: httpx.Client) -> None:
    body = v3.body(fields=[{"name": "total", "description": "Total due", "data_type": "float"}])
    body["nodes"] += [
        {"id": "big", "type": "if_else", "condition": {"type": "range", "field": "total", "min": 100}},
        {"id": "extract_2", "type": "extract", "extraction_schema": {"fields": [
            {"name": "approver", "description": "Approved by", "data_type": "string"}]}},
    ]
    body["edges"] += [{"source": "extract_1", "target": "big"},
                      {"source": "big", "target": "extract_2", "branch": "true"}]
    created = api.post("/v3/workflows/", json=body)
    assert created.status_code == 201, created.text
    workflow_id = created.json()["id"]
    large = v3.wait_run(api, v3.upload_run(api, workflow_id, "Total: 500.00\nApproved by: Dana Reyes")["run_id"])
    assert [sorted(e["fields"]) for e in large["results"]["extractions"]] == [["total"], ["approver"]]
    small = v3.wait_run(api, v3.upload_run(api, workflow_id, "Total: 5.00\nApproved by: nobody")["run_id"])
    assert [sorted(e["fields"]) for e in small["results"]["extractions"]] == [["total"]]  # false is unwired: end
    body["edges"] = body["edges"][:-1]  # an if_else without its true edge
    refused = api.post("/v3/workflows/", json={**body, "name": body["name"] + " 2"})
    assert refused.status_code == 400 and refused.json()["error_code"] == "TOPOLOGY_INVALID"


def test_if_else_routes_on_a_validate_rule_outcome(api: httpx.Client) -> None:
    body = v3.body(fields=[{"name": "total", "description": "Total due", "data_type": "float"}])
    body["nodes"] += [
        {"id": "validate_1", "type": "validate", "rules": [
            {"id": "small", "kind": "deterministic", "check": {"type": "range", "field": "total", "max": 100}}]},
        {"id": "route", "type": "if_else", "condition": {"type": "validation", "rule_id": "small", "status": "fail"}},
        {"id": "extract_2", "type": "extract", "extraction_schema": {"fields": [
            {"name": "approver", "description": "Approved by", "data_type": "string"}]}},
    ]
    body["edges"] += [{"source": "extract_1", "target": "validate_1"}, {"source": "validate_1", "target": "route"},
                      {"source": "route", "target": "extract_2", "branch": "true"}]
    created = api.post("/v3/workflows/", json=body)
    assert created.status_code == 201, created.text
    large = v3.wait_run(api, v3.upload_run(api, created.json()["id"], "Total: 500.00\nApproved by: Dana")["run_id"])
    assert [sorted(e["fields"]) for e in large["results"]["extractions"]] == [["total"], ["approver"]]
    body["nodes"][3]["condition"]["rule_id"] = "no_such_rule"
    refused = api.post("/v3/workflows/", json={**body, "name": body["name"] + " 2"})
    assert refused.status_code == 400 and refused.json()["error_code"] == "TOPOLOGY_INVALID"

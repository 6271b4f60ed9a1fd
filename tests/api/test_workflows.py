"""Workflow definitions over HTTP: both body forms, validation that names the field, pagination, versions."""

from __future__ import annotations

import re

import httpx
import pytest

from tests.conftest import INVOICE_FIELDS

GRAPH = {
    "name": "Graph invoices",
    "description": "",
    "nodes": [
        {"id": "parse_1", "type": "parse", "mode": "standard", "prompt_hint": None, "figure_enhancement": False,
         "cache": True, "effort": "mid", "ocr_effort": "medium", "region": "eu", "skip_routing_review": False,
         "figures": False, "text_formatting": False, "routing_effort": None},
        {"id": "extract_1", "type": "extract", "mode": "standard", "lookup_files": [], "lookup_suggestion": None,
         "lookup_reasoning_effort": None, "lookup_file_uploads": [], "lookup_schema": [], "use_images": False,
         "row_extractor_enabled": False, "page_sum_verification_enabled": False, "context_tracker": "recalvi",
         "extract_model_alias": None,
         "extraction_schema": {"fields": [
             {"name": "vendor", "description": "Vendor name", "data_type": "string", "lookup": False},
             {"name": "kind", "description": "Document kind", "data_type": "enum", "lookup": False,
              "enum_options": [{"name": "invoice", "description": "a bill"}, {"name": "receipt",
                                                                             "description": "proof of payment"}]},
         ]}},
    ],
    "edges": [{"source": "parse_1", "target": "extract_1"}],
}


def test_create_get_list_delete_flat_workflow(api: httpx.Client) -> None:
    created = api.post("/v2/workflows/", json={"name": "Invoices", "description": "d", "fields": INVOICE_FIELDS})
    assert created.status_code == 201
    body = created.json()
    assert body["name"] == "Invoices" and body["fields"] == INVOICE_FIELDS and body["version_id"]
    assert created.headers["content-type"] == "application/json"

    fetched = api.get(f"/v2/workflows/{body['id']}/").json()
    assert fetched["id"] == body["id"] and fetched["fields"] == INVOICE_FIELDS

    listed = api.get("/v2/workflows/", params={"page_size": 1000}).json()
    assert listed["page_size"] == 100 and listed["page"] == 1
    assert body["id"] in {w["id"] for w in listed["results"]}

    assert api.delete(f"/v2/workflows/{body['id']}/").status_code == 204
    gone = api.get(f"/v2/workflows/{body['id']}/")
    assert gone.status_code == 404 and gone.json()["error_code"] == "NOT_FOUND"


def test_typed_graph_with_every_sdk_key_is_accepted_and_put_mints_a_version(api: httpx.Client) -> None:
    created = api.post("/v2/workflows/", json=GRAPH)
    assert created.status_code == 201, created.text
    body = created.json()
    assert [f["name"] for f in body["fields"]] == ["vendor", "kind"]
    assert body["fields"][1]["enum_options"][0] == {"name": "invoice", "description": "a bill"}

    replaced = api.put(f"/v2/workflows/{body['id']}/", json={**GRAPH, "name": "Renamed"})
    assert replaced.status_code == 200
    assert replaced.json()["name"] == "Renamed"
    assert replaced.json()["version_id"] != body["version_id"]
    assert api.get(f"/v2/workflows/{body['id']}/").json()["version_id"] == replaced.json()["version_id"]


@pytest.mark.parametrize(
    ("fields", "path"),
    [
        ([{"name": "a", "description": "", "data_type": "money"}], "fields[0].data_type"),
        ([{"name": "a", "data_type": "string"}, {"name": "a", "data_type": "float"}], "fields[1].name"),
        ([{"name": "rows", "data_type": "object"}], "fields[0].nested_fields"),
        ([{"name": "kind", "data_type": "enum"}], "fields[0].enum_options"),
        ([{"name": "tags", "data_type": "multi_select", "enum_options": []}], "fields[0].enum_options"),
        ([{"name": "rows", "data_type": "object", "nested_fields": [
            {"name": "inner", "data_type": "object", "nested_fields": [{"name": "x", "data_type": "string"}]}]}],
         "fields[0].nested_fields[0].data_type"),
        ([{"description": "no name", "data_type": "string"}], "fields[0].name"),
        ([], "fields"),
    ],
)
def test_invalid_workflow_is_400_naming_the_field(api: httpx.Client, fields: list, path: str) -> None:
    response = api.post("/v2/workflows/", json={"name": "Bad", "fields": fields})
    assert response.status_code == 400
    body = response.json()
    assert body["error_code"] == "VALIDATION_ERROR" and body["retryable"] is False
    assert path in body["detail"], body
    assert len(body["request_id"]) == 32


def test_malformed_json_is_400_invalid_json(api: httpx.Client) -> None:
    response = api.post("/v2/workflows/", content=b'{"name": "x", "fields": [', headers={
        "content-type": "application/json"})
    assert response.status_code == 400
    assert response.json()["error_code"] == "INVALID_JSON"


@pytest.mark.parametrize(
    ("mutate", "rule"),
    [
        (lambda g: g["nodes"].append({"id": "parse_2", "type": "parse"}), "exactly one parse node"),
        (lambda g: g["edges"].append({"source": "extract_1", "target": "parse_1"}), "cannot follow"),
        (lambda g: g["edges"].clear(), "no inbound edge"),
        (lambda g: g["edges"][0].update(branch="x"), "take no branch"),
        (lambda g: g["nodes"][1].update(id="parse_1"), "duplicate node id"),
    ],
)
def test_graph_topology_rules_are_enforced(api: httpx.Client, mutate, rule: str) -> None:  # noqa: ANN001
    import copy

    graph = copy.deepcopy(GRAPH)
    mutate(graph)
    response = api.post("/v2/workflows/", json=graph)
    assert response.status_code == 400
    assert rule in str(response.json()["detail"])


def test_pagination_bounds(api: httpx.Client) -> None:
    for params in ({"page": 0}, {"page_size": 0}, {"page": "x"}):
        response = api.get("/v2/workflows/", params=params)
        assert response.status_code == 400, params
        assert response.json()["error_code"] == "VALIDATION_ERROR"


def test_slashless_path_is_redirected_or_served(api: httpx.Client) -> None:
    response = api.get("/v2/workflows", follow_redirects=True)
    assert response.status_code == 200 and "results" in response.json()


def test_openapi_and_swagger_are_served(server) -> None:  # noqa: ANN001
    schema = httpx.get(f"{server.base_url}/schema/").json()
    for path in ("/v2/workflows/", "/v2/workflows/{workflow_id}/run/", "/v2/files/{collection_id}/extraction/",
                 "/v2/webhooks/", "/v2/operations/parse"):
        assert path in schema["paths"], path
    page = httpx.get(f"{server.base_url}/docs/").text
    assert "swagger-ui" in page.lower()
    assets = re.findall(r'(?:src|href)="([^"]+)"', page)
    assert assets and all(a.startswith("/") for a in assets), assets  # nothing from a CDN: works offline
    for asset in assets:
        assert httpx.get(f"{server.base_url}{asset}").status_code == 200, asset


def test_every_operation_documents_its_4xx_answers_as_the_error_envelope(server, api) -> None:  # noqa: ANN001
    schema = httpx.get(f"{server.base_url}/schema/").json()
    envelope = {"$ref": "#/components/schemas/ErrorEnvelope"}
    for path, item in schema["paths"].items():
        for method, operation in item.items():
            errors = {code: r for code, r in operation["responses"].items() if code.startswith("4")}
            assert all(r["content"]["application/json"]["schema"] == envelope and r["description"]
                       for r in errors.values()), (method, path)
            if path.startswith(("/v2/", "/v3/")) and "{" in path:
                assert "404" in errors, (method, path)
            if path.startswith("/v2/") and method in ("post", "put", "patch"):
                assert {"400", "401", "403", "413", "429"} <= set(errors), (method, path)
    # FastAPI's generic "422 Validation Error" is not what fieldwise sends for a bad body: a 400 in the envelope
    assert "422" not in schema["paths"]["/v2/workflows/"]["post"]["responses"]
    assert {"412", "422"} <= set(schema["paths"]["/v2/files/{collection_id}/extraction/"]["get"]["responses"])
    missing = api.get("/v2/workflows/01a2253e-0000-7000-8000-000000000000/")
    required = schema["components"]["schemas"]["ErrorEnvelope"]["required"]
    assert missing.status_code == 404 and set(required) <= set(missing.json())

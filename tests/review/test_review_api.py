"""The review API: corrections and verifications land in the stored results, are checked against the field's
data_type, are audited, and show in every view of the results."""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from tests.support.documents import invoice_pdf
from tests.support.live_server import LiveServer
from tests.support.runs import processed_invoice

FIELDS = [
    {"name": "invoice_number", "description": "Invoice id", "data_type": "string"},
    {"name": "invoice_date", "description": "Invoice date", "data_type": "date"},
    {"name": "total", "description": "Total due", "data_type": "float"},
    {"name": "paid", "description": "Is it paid", "data_type": "boolean"},
    {"name": "currency", "description": "Currency", "data_type": "enum", "enum_options": ["EUR", "USD"]},
    {"name": "line_items", "description": "Items", "data_type": "object", "nested_fields": [
        {"name": "description", "description": "Item", "data_type": "string"},
        {"name": "amount", "description": "Amount", "data_type": "float"},
    ]},
]


@pytest.fixture(scope="module")
def reviewed(server: LiveServer) -> dict[str, str]:
    return processed_invoice(server, "Review", FIELDS)


def _patch(api: httpx.Client, cid: str, path: str, body: Any, **headers: str) -> httpx.Response:
    return api.patch(f"/v2/files/{cid}/fields/{path}/", json=body, headers=headers)


def test_correct_and_verify_show_in_every_view(api: httpx.Client, reviewed: dict[str, Any]) -> None:
    cid, wid = reviewed["collection_id"], reviewed["workflow_id"]
    before = api.get(f"/v2/files/{cid}/extraction/").json()
    corrected = _patch(api, cid, "total", {"value": "1,300.50"}, **{"X-Reviewer": "Ana"})
    assert corrected.status_code == 200, corrected.text
    body = corrected.json()
    assert body["value_override"] == 1300.5 and body["verification_status"] == "verified"
    assert body["value"] == before["total"]["value"]  # the engine's value is kept beside the correction
    verified = _patch(api, cid, "invoice_number", {"verified": True})
    assert verified.status_code == 200 and verified.json()["verification_status"] == "verified"

    flat = api.get(f"/v2/files/{cid}/extraction/").json()
    assert flat["total"]["value"] == 1300.5 and flat["total"]["verification_status"] == "verified"
    assert flat["invoice_number"] == {**before["invoice_number"], "verification_status": "verified"}
    assert flat["invoice_date"]["verification_status"] == "not_verified"
    envelope = api.get(f"/v2/workflows/{wid}/files/{cid}/results/").json()
    fields = envelope["extractions"][0]["fields"]
    assert fields["total"]["value_override"] == 1300.5 and fields["total"]["verification_status"] == "verified"
    assert fields["invoice_number"]["value_override"] is None
    assert envelope["verification_url"].endswith(f"/review/collections/{cid}/")
    assert envelope["verification_url"].startswith("http://127.0.0.1:")

    audit = api.get(f"/v2/files/{cid}/audit/").json()
    mine = [a for a in audit if a["path"] in ("total", "invoice_number")]
    assert [(a["path"], a["action"]) for a in mine][-2:] == [("total", "correct"), ("invoice_number", "verify")]
    total = next(a for a in mine if a["path"] == "total")
    assert total["old_value"] == before["total"]["value"] and total["new_value"] == 1300.5
    assert total["reviewer"] == "Ana" and total["key"].startswith("fw_") and total["created_at"].endswith("Z")


@pytest.mark.parametrize("path, body", [
    ("total", {"value": "twelve"}),
    ("total", {"value": True}),
    ("invoice_date", {"value": "15/03/2024"}),
    ("invoice_date", {"value": "2024-02-30"}),
    ("paid", {"value": "yes"}),
    ("currency", {"value": "GBP"}),
    ("invoice_number", {"value": 12}),
    ("line_items", {"value": []}),
    ("line_items/x/amount", {"value": 1}),
    ("total", {}),
    ("total", {"verified": "yes"}),
    ("total", {"value": 1, "colour": "red"}),
])
def test_bad_values_are_400_validation_errors(api: httpx.Client, reviewed: dict[str, Any], path: str,
                                              body: dict[str, Any]) -> None:
    response = _patch(api, reviewed["collection_id"], path, body)
    assert response.status_code == 400, response.text
    assert response.json()["error_code"] == "VALIDATION_ERROR"


def test_unknown_field_other_org_and_unfinished_runs(api: httpx.Client, other_api: httpx.Client,
                                                     reviewed: dict[str, Any]) -> None:
    cid = reviewed["collection_id"]
    assert _patch(api, cid, "nope", {"verified": True}).status_code == 404
    assert _patch(other_api, cid, "total", {"verified": True}).status_code == 404
    assert other_api.get(f"/v2/files/{cid}/audit/").status_code == 404
    staged = api.post(f"/v2/workflows/{reviewed['workflow_id']}/upload/",
                      files={"file": ("i.pdf", invoice_pdf(), "application/pdf")}).json()
    pending = _patch(api, staged["file_collection_id"], "total", {"verified": True})
    assert pending.status_code == 412 and pending.json()["error_code"] == "PRECONDITION_FAILED"


def test_review_endpoints_are_in_the_openapi_document(api: httpx.Client) -> None:
    paths = api.get("/schema/").json()["paths"]
    for path in ("/v2/files/{collection_id}/fields/{path}/", "/v2/files/{collection_id}/audit/",
                 "/v2/webhooks/{webhook_id}/deliveries/", "/v2/webhooks/{webhook_id}/deliveries/{delivery_id}/replay/",
                 "/v2/workflows/{workflow_id}/accuracy/", "/review/"):
        assert path in paths, path




def test_a_linear_graph_workflow_shows_corrections_in_its_envelope(api: httpx.Client) -> None:
    from tests.conftest import INVOICE_FIELDS, wait_processed

    body = {"name": "Graph review", "nodes": [
        {"id": "parse_1", "type": "parse"},
        {"id": "extract_1", "type": "extract", "extraction_schema": {"fields": INVOICE_FIELDS}},
    ], "edges": [{"source": "parse_1", "target": "extract_1"}]}
    workflow = api.post("/v2/workflows/", json=body)
    assert workflow.status_code == 201, workflow.text
    wid = workflow.json()["id"]
    run = api.post(f"/v2/workflows/{wid}/run/", data={"text": "Invoice number: G-1\nTotal: 5.00"}).json()
    assert wait_processed(api, run["id"]).status_code == 200
    assert _patch(api, run["id"], "total", {"value": 6}).status_code == 200
    envelope = api.get(f"/v2/workflows/{wid}/files/{run['id']}/results/").json()
    assert envelope["extractions"][0]["fields"]["total"]["value_override"] == 6.0
    assert envelope["extraction"]["total"]["verification_status"] == "verified"
    assert api.get(f"/v2/files/{run['id']}/extraction/").json()["total"]["value"] == 6.0

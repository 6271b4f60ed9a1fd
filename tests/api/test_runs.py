"""Submitting documents and reading results as a user of the v2 API does."""

from __future__ import annotations

import base64
from typing import Any, Callable

import httpx

from tests.support.documents import invoice_pdf

EXTRACTED_KEYS = {"value", "confidence", "evidence", "verification_status", "value_unit"}


def _run_text(api: httpx.Client, workflow: dict[str, Any], text: str) -> dict[str, Any]:
    response = api.post(f"/v2/workflows/{workflow['id']}/run/", data={"text": text})
    assert response.status_code == 202, response.text
    return response.json()


def test_run_by_text_polls_412_then_every_field(api: httpx.Client, workflow: dict[str, Any],
                                                 wait: Callable[..., httpx.Response]) -> None:
    run = _run_text(api, workflow, "Invoice number: INV-001\nTotal: 1250.00")
    assert run["status"] == "queued" and run["workflow_id"] == workflow["id"] and run["version_id"]
    result = wait(api, run["id"])
    assert result.status_code == 200
    fields = result.json()
    assert set(fields) == {"invoice_number", "total"}
    for entry in fields.values():
        assert set(entry) == EXTRACTED_KEYS
        assert isinstance(entry["confidence"], int) and 0 <= entry["confidence"] <= 100
        assert entry["verification_status"] == "not_verified"
    assert int(result.headers["x-ratelimit-limit"]) > 0  # the suite's server lifts it; its value: test_bad_input

    lists = api.get(f"/v2/files/{run['id']}/extraction/", params={"as_lists": "true"}).json()
    assert all(isinstance(v, list) and len(v) == 1 for v in lists.values())
    not_lists = api.get(f"/v2/files/{run['id']}/extraction/", params={"as_lists": "false"}).json()
    assert not_lists == fields


def test_pdf_file_part_gives_envelope_with_parse_and_boxes(api: httpx.Client, workflow: dict[str, Any],
                                                           wait: Callable[..., httpx.Response]) -> None:
    response = api.post(f"/v2/workflows/{workflow['id']}/run/",
                        files={"file": ("invoice.pdf", invoice_pdf(), "application/pdf")})
    assert response.status_code == 202
    run = response.json()
    assert wait(api, run["id"]).status_code == 200
    envelope = api.get(f"/v2/workflows/{workflow['id']}/files/{run['id']}/results/").json()
    assert envelope["collection_id"] == run["id"]
    for key in ("verification_url", "parse", "classifications", "splits", "extractions", "extraction"):
        assert key in envelope
    assert '<a id="p1_b0"></a>' in envelope["parse"]["markdown"]
    block = envelope["parse"]["blocks"][0]
    assert block["page"] == 1 and set(block["bbox"]) == {"x0", "y0", "x1", "y1"}
    assert "ACME" in envelope["parse"]["text"]
    (only,) = envelope["extractions"]
    assert only["split_name"] is None and only["partition"] is None
    assert set(only["fields"]) == {"invoice_number", "total"} and envelope["extraction"] == only["fields"]
    number = only["fields"]["invoice_number"]
    assert number["value"] == "INV-2024-001"
    evidence = number["evidence"][0]
    assert evidence["page_number"] == 1 and 0 <= evidence["bbox"]["y0"] < evidence["bbox"]["y1"] <= 1


def test_base64_run_as_older_sdks_send_it(api: httpx.Client, workflow: dict[str, Any],
                                          wait: Callable[..., httpx.Response]) -> None:
    response = api.post(f"/v2/workflows/{workflow['id']}/run/", data={
        "file_base64": base64.b64encode(invoice_pdf()).decode(), "filename": "inv.pdf",
        "content_type": "application/pdf"})
    assert response.status_code == 202
    assert wait(api, response.json()["id"]).json()["invoice_number"]["value"] == "INV-2024-001"


def test_upload_then_run_the_uploaded_file(api: httpx.Client, workflow: dict[str, Any],
                                           wait: Callable[..., httpx.Response]) -> None:
    uploaded = api.post(f"/v2/workflows/{workflow['id']}/upload/",
                        files={"file": ("a.pdf", invoice_pdf(), "application/pdf")}).json()
    assert uploaded["status"] == "uploaded" and uploaded["filename"] == "a.pdf"
    pending = api.get(f"/v2/files/{uploaded['file_collection_id']}/extraction/")
    assert pending.status_code == 412 and pending.json()["error_code"] == "PRECONDITION_FAILED"
    assert pending.json()["retryable"] is True

    started = api.post(f"/v2/workflows/{workflow['id']}/files/{uploaded['file_id']}/run/")
    assert started.status_code == 202
    assert started.json()["id"] == uploaded["file_collection_id"] and started.json()["version_id"]
    assert wait(api, uploaded["file_collection_id"]).status_code == 200


def test_multi_file_collection_and_lists(api: httpx.Client, workflow: dict[str, Any]) -> None:
    created = api.post(f"/v2/workflows/{workflow['id']}/files/", files=[
        ("files", ("one.txt", b"Invoice number: A-1", "text/plain")),
        ("files", ("two.txt", b"Invoice number: A-2", "text/plain")),
    ])
    assert created.status_code == 201
    body = created.json()
    assert [f["filename"] for f in body["files"]] == ["one.txt", "two.txt"]
    listed = api.get(f"/v2/workflows/{workflow['id']}/files/").json()
    assert body["id"] in {r["id"] for r in listed["results"]}
    assert all("status" in r for r in listed["results"])
    old_style = api.get("/v2/files/", params={"workflow_id": workflow["id"]}).json()
    assert body["id"] in {r["id"] for r in old_style["results"]}


def test_workflow_results_and_runs(api: httpx.Client, workflow: dict[str, Any],
                                   wait: Callable[..., httpx.Response]) -> None:
    run = _run_text(api, workflow, "Invoice number: R-9\nTotal: 9.50")
    wait(api, run["id"])
    runs = api.get(f"/v2/workflows/{workflow['id']}/runs/").json()
    assert runs["count"] == 1 and runs["results"][0]["status"] == "processed"
    results = api.get(f"/v2/workflows/{workflow['id']}/results/").json()
    entry = results["invoice-number-r-9-total.txt"]["results"]  # a text upload is named by its first words
    assert entry["extraction"]["invoice_number"]["value"] == "R-9"
    assert entry["parse"]["markdown"].startswith("<DOCUMENT")


def test_delete_collection_removes_results(api: httpx.Client, workflow: dict[str, Any],
                                           wait: Callable[..., httpx.Response]) -> None:
    run = _run_text(api, workflow, "Invoice number: D-1")
    wait(api, run["id"])
    assert api.delete(f"/v2/files/{run['id']}/").status_code == 204
    assert api.get(f"/v2/files/{run['id']}/extraction/").status_code == 404
    assert api.delete(f"/v2/files/{run['id']}/").status_code == 404


def test_parse_operation_as_sdk_070_calls_it(api: httpx.Client) -> None:
    started = api.post("/v2/operations/parse", files={"file": ("x.pdf", invoice_pdf(), "application/pdf")})
    assert started.status_code == 200
    job_id = started.json()["job_id"]
    import time

    for _ in range(600):
        state = api.get(f"/v2/operations/parse/{job_id}").json()
        if state["status"] in ("done", "error"):
            break
        time.sleep(0.1)
    assert state["status"] == "done" and "INV-2024-001" in state["markdown"]

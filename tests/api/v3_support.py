"""Helpers for the v3 API tests: a v3 workflow body as SDK 1.18.0's builder sends it, and waiting on a run."""

from __future__ import annotations

import time
import uuid
from typing import Any

import httpx

PARSE = {"id": "parse_1", "type": "parse", "mode": "standard", "figure_enhancement": False,
         "annotation_reading": False, "cache": True, "effort": "mid", "ocr_effort": "high", "scanned_pages": "ocr"}


def body(name: str | None = None, fields: list[dict[str, Any]] | None = None) -> dict[str, Any]:
    fields = fields or [
        {"name": "invoice_number", "description": "Invoice id", "source": "extraction", "data_type": "string"},
        {"name": "total", "description": "Total due", "source": "extraction", "data_type": "float"},
    ]
    return {"name": name or f"Invoices {uuid.uuid4().hex[:8]}", "description": "", "nodes": [
        dict(PARSE),
        {"id": "extract_1", "type": "extract", "mode": "standard", "extraction_schema": {"fields": fields},
         "lookup_file_ids": [], "lookup_file_uploads": [], "use_images": False}],
        "edges": [{"source": "parse_1", "target": "extract_1"}]}


def create(api: httpx.Client, **kwargs: Any) -> dict[str, Any]:
    response = api.post("/v3/workflows/", json=body(**kwargs))
    assert response.status_code == 201, response.text
    return response.json()


def upload_run(api: httpx.Client, workflow_id: str, text: str, name: str | None = None) -> dict[str, Any]:
    files = {"files": (name or f"note-{uuid.uuid4().hex[:8]}.txt", text.encode(), "text/plain")}
    response = api.post(f"/v3/workflows/{workflow_id}/upload/run/", files=files)
    assert response.status_code == 202, response.text
    return response.json()


def wait_run(api: httpx.Client, run_id: str, timeout: float = 120) -> dict[str, Any]:
    """Poll GET /v3/runs/{id}/ as the SDK does: every answer is a 200, progress is in `status`."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        response = api.get(f"/v3/runs/{run_id}/")
        assert response.status_code == 200, response.text
        run = response.json()
        if run["status"] not in ("queued", "in_progress"):
            return run
        time.sleep(0.1)
    raise AssertionError(f"run {run_id} not finished after {timeout} s")


def upload_references(api: httpx.Client, workflow_id: str, files: list[tuple[str, bytes, str]]) -> list[str]:
    """POST edit references; their ids, in order."""
    response = api.post(f"/v3/workflows/{workflow_id}/edit-references/",
                        files=[("files", (name, data, media)) for name, data, media in files])
    assert response.status_code == 201, response.text
    return [d["id"] for d in response.json()["documents"]]


def wait_references(api: httpx.Client, workflow_id: str, timeout: float = 120) -> dict[str, dict[str, Any]]:
    """Poll the workflow's edit references until none is pending; {id: reference}."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        response = api.get(f"/v3/workflows/{workflow_id}/edit-references/")
        assert response.status_code == 200, response.text
        listed = {d["id"]: d for d in response.json()["documents"]}
        if all(d["status"] != "pending" for d in listed.values()):
            return listed
        time.sleep(0.1)
    raise AssertionError(f"edit references of {workflow_id} still pending after {timeout} s")

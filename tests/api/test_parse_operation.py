"""POST /v2/operations/parse and GET /v2/operations/parse/{job_id} as SDK 0.7.0 uses them (spec 3 row 22)."""

from __future__ import annotations

import time

import httpx


def _poll(api: httpx.Client, job_id: str) -> httpx.Response:
    for _ in range(600):
        response = api.get(f"/v2/operations/parse/{job_id}")
        if response.status_code != 200 or response.json()["status"] == "done":
            return response
        assert response.json()["status"] in ("queued", "in_progress")  # SDK: anything but done = still parsing
        time.sleep(0.1)
    raise AssertionError("parse job did not finish")


def test_a_parse_job_that_fails_answers_422_with_the_reason_not_still_parsing(api: httpx.Client) -> None:
    started = api.post("/v2/operations/parse",
                       files={"file": ("broken.pdf", b"%PDF-1.4\n1 0 obj << /Type /Catalog >> garbage",
                                       "application/pdf")})
    assert started.status_code == 200 and started.json()["job_id"]
    failed = _poll(api, started.json()["job_id"])
    assert failed.status_code == 422
    assert failed.json()["error_code"] == "EXTRACTION_FAILED" and "PDF" in failed.json()["detail"]

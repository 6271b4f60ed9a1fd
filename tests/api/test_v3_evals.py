"""Evals over one dataset, one after the other: a document runs one run at a time, so a second eval launched while
the first is still running its documents is refused (409, retryable) rather than silently cancelling them."""

from __future__ import annotations

import json
import time
from pathlib import Path

import pytest

from tests.api.v3_support import create
from tests.conftest import live_server, start_live


def _eval_status(api, workflow_id: str, eval_id: str) -> str:
    response = api.get(f"/v3/workflows/{workflow_id}/evals/{eval_id}/")
    assert response.status_code == 200, response.text
    return response.json()["status"]


def test_a_second_eval_waits_for_the_first_instead_of_cancelling_it(request: pytest.FixtureRequest,
                                                                     tmp_path: Path) -> None:
    live = live_server(request, tmp_path / "server", "distributed")
    live.key = live.create_key("acme")
    start_live(live, "distributed", workers=0)  # nothing runs yet: the first eval stays queued
    try:
        with live.client(live.key) as api:
            workflow = create(api)
            for number, total in (("D-1", "12.50"), ("D-2", "40.00")):
                files = {"files": (f"{number}.txt", f"Invoice number: {number}\nTotal: {total}".encode(), "text/plain")}
                answer = api.post(f"/v3/workflows/{workflow['id']}/dataset/upload/", files=files,
                                  data={"ground_truth": json.dumps({"invoice_number": number, "total": total})})
                assert answer.status_code == 201, answer.text
            first = api.post(f"/v3/workflows/{workflow['id']}/evals/", json={})
            assert first.status_code == 202, first.text
            second = api.post(f"/v3/workflows/{workflow['id']}/evals/", json={})
            assert second.status_code == 409, second.text
            error = second.json()
            assert error["error_code"] == "EVAL_IN_PROGRESS" and error["retryable"] is True
            assert _eval_status(api, workflow["id"], first.json()["eval_id"]) == "in_progress"  # not cancelled

            live.start_worker()
            deadline = time.monotonic() + 120
            while _eval_status(api, workflow["id"], first.json()["eval_id"]) == "in_progress":
                assert time.monotonic() < deadline, "the first eval did not finish"
                time.sleep(0.2)
            assert _eval_status(api, workflow["id"], first.json()["eval_id"]) == "processed"
            again = api.post(f"/v3/workflows/{workflow['id']}/evals/", json={})
            assert again.status_code == 202, again.text
    finally:
        live.stop()

"""A worker process's memory limit (FIELDWISE_WORKER_MEMORY_MB), through a real server in both modes: a document
that takes its worker past the limit ends in error with that reason, and the next document gets a fresh worker.

The limit here is set below what any worker needs to read a PDF, so that every document passes it; the hostile
documents that grow a worker at the default limit are measured in benchmarks/hostile.py."""

from __future__ import annotations

from pathlib import Path
from typing import Callable

import pytest

from tests.conftest import INVOICE_FIELDS, MODES, Stack, start_live, wait_processed
from tests.support.documents import invoice_pdf
from tests.support.live_server import LiveServer


@pytest.mark.parametrize("mode", MODES)
def test_a_document_past_the_worker_memory_limit_ends_with_that_reason(
        mode: str, tmp_path: Path, new_stack: Callable[[], Stack]) -> None:
    limits = {"worker_memory_mb": "64"}
    if mode == "embedded":
        live = LiveServer(tmp_path / "data", workers="1", **limits)
    else:  # a stack of its own: the session server's workers must not take these documents, nor this limit
        stack = new_stack()
        live = LiveServer(tmp_path / "data", env=stack.env, **stack.settings(**limits))
    live.key = live.create_key("acme")
    start_live(live, mode)
    try:
        with live.client(live.key) as api:
            workflow = api.post("/v2/workflows/", json={"name": "w", "fields": INVOICE_FIELDS}).json()
            for attempt in range(2):  # the second finds a new worker, ended the same way
                run = api.post(f"/v2/workflows/{workflow['id']}/run/",
                               files={"file": (f"invoice-{attempt}.pdf", invoice_pdf(), "application/pdf")})
                assert run.status_code in (200, 201, 202), run.text
                response = wait_processed(api, run.json()["id"], timeout=120)
                assert response.status_code == 422, response.text
                assert "more memory than the worker limit of 64 MB" in response.json()["detail"], response.json()
    finally:
        live.stop()

"""Faults on many machines, as tests: a worker SIGKILLed mid-document, the API killed during 200 uploads, Redis
restarted with work queued, database connections dropped under load. Each ends with every accepted document
processed, once."""

from __future__ import annotations

import signal
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Callable

import httpx
import pytest

from tests.conftest import INVOICE_FIELDS, MODES, Stack, wait_processed
from tests.support.documents import text_pdf
from tests.support.live_server import LiveServer

LONG_PDF_PAGES = [[f"Page {p} line {i} Invoice number: P-{p}" for i in range(40)] for p in range(300)]


def _distributed(stack: Stack, folder: Path, **overrides: str) -> LiveServer:
    live = LiveServer(folder, env=stack.env, **stack.settings(rate_limit_submissions="100000", **overrides))
    live.key = live.create_key("faulty")
    live.start()
    return live


def _workflow(api: httpx.Client) -> str:
    return api.post("/v2/workflows/", json={"name": "w", "fields": INVOICE_FIELDS}).json()["id"]


def _wait_status(stack: Stack, collection_id: str, wanted: str, timeout: float = 120) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if stack.postgres.query("SELECT status FROM collections WHERE id = %s", collection_id)[0][0] == wanted:
            return
        time.sleep(0.02)
    raise AssertionError(f"{collection_id} never reached {wanted}")


def _completions(live: LiveServer, collection_id: str) -> int:
    """How many times any worker recorded this collection as done (its log line says so once per finish)."""
    return sum(log.read_text().count(f"collection {collection_id}: processed")
               for log in live.data_dir.glob("worker-*.log"))


def test_worker_sigkilled_mid_document_is_finished_once_by_another(new_stack: Callable[[], Stack],
                                                                     tmp_path: Path) -> None:
    stack = new_stack()
    live = _distributed(stack, tmp_path / "api")
    try:
        doomed = live.start_worker()
        with live.client(live.key) as api:
            workflow_id = _workflow(api)
            hook = api.post("/v2/webhooks/", json={"url": "https://hooks.example.test/fieldwise",
                                                   "events": ["extraction.completed"]})
            assert hook.status_code == 201, hook.text
            collection_id = api.post(f"/v2/workflows/{workflow_id}/run/", files={
                "file": ("long.pdf", text_pdf(LONG_PDF_PAGES), "application/pdf")}).json()["id"]
            _wait_status(stack, collection_id, "in_progress")
            live.kill_worker(doomed)  # SIGKILL to the worker's whole process group, mid-document
            live.start_worker()  # the survivor, on another "machine": it picks the document up
            response = wait_processed(api, collection_id, timeout=300)
            assert response.status_code == 200, response.text
            assert response.json()["invoice_number"]["value"] is not None
        time.sleep(2)  # room for a second completion, if there were to be one
        status, attempts = stack.postgres.query("SELECT status, attempts FROM collections WHERE id = %s",
                                                collection_id)[0]
        assert (status, attempts) == ("processed", 2)
        assert stack.postgres.query("SELECT count(*) FROM results WHERE collection_id = %s",
                                    collection_id)[0][0] == 1
        assert _completions(live, collection_id) == 1
        # one extraction.completed event: the webhook outbox rows are written by collections.finish() once the
        # webhooks work is merged (table webhook_deliveries); until then there is no event row to count
        if stack.postgres.query("SELECT to_regclass('webhook_deliveries') IS NOT NULL")[0][0]:
            assert stack.postgres.query(
                "SELECT count(*) FROM webhook_deliveries WHERE collection_id = %s AND event = "
                "'extraction.completed'", collection_id)[0][0] == 1
    finally:
        live.stop()


@pytest.mark.parametrize("mode", MODES)
def test_api_killed_and_restarted_during_200_uploads_loses_nothing_accepted(
        mode: str, request: pytest.FixtureRequest, tmp_path: Path) -> None:
    if mode == "embedded":
        live = LiveServer(tmp_path / "api", rate_limit_submissions="100000")
        live.key = live.create_key("faulty")
        live.start()
    else:
        live = _distributed(request.getfixturevalue("new_stack")(), tmp_path / "api")
        live.start_worker()
    accepted: list[str] = []
    refused = 0
    lock = threading.Lock()
    try:
        with live.client(live.key) as api:
            workflow_id = _workflow(api)

            def upload(i: int) -> None:
                nonlocal refused
                with live.client(live.key) as client:
                    try:
                        response = client.post(f"/v2/workflows/{workflow_id}/run/",
                                               data={"text": f"Invoice number: K-{i}"})
                    except httpx.TransportError:
                        with lock:
                            refused += 1
                        return
                    with lock:
                        if response.is_success:
                            accepted.append(response.json()["id"])
                        else:
                            refused += 1

            def killer() -> None:
                while len(accepted) < 60:
                    time.sleep(0.01)
                live.kill()
                live.start()

            chaos = threading.Thread(target=killer)
            chaos.start()
            with ThreadPoolExecutor(8) as pool:
                list(pool.map(upload, range(200)))
            chaos.join()
        assert len(accepted) + refused == 200 and len(accepted) >= 60
        with live.client(live.key) as api:
            for collection_id in accepted:
                response = wait_processed(api, collection_id, timeout=300)
                assert response.status_code == 200, response.text
    finally:
        live.stop()


def test_redis_restarted_with_work_queued_then_it_completes(new_stack: Callable[[], Stack], tmp_path: Path) -> None:
    stack = new_stack()
    live = _distributed(stack, tmp_path / "api")
    try:
        live.start_worker()
        with live.client(live.key) as api:
            workflow_id = _workflow(api)
            busy = api.post(f"/v2/workflows/{workflow_id}/run/", files={
                "file": ("long.pdf", text_pdf(LONG_PDF_PAGES), "application/pdf")}).json()["id"]
            _wait_status(stack, busy, "in_progress")  # the only worker is busy: what follows waits in Redis
            waiting = [api.post(f"/v2/workflows/{workflow_id}/run/", data={"text": f"Invoice number: R-{i}"})
                       .json()["id"] for i in range(10)]
            assert stack.redis_queue_depth() > 0
            stack.redis.stop(signal.SIGKILL)  # every queued message is gone, and the worker's connection with them
            ready = httpx.get(f"{live.base_url}/ready/")
            assert ready.status_code == 503 and ready.json()["checks"]["queue"].startswith("unavailable")
            accepted = api.post(f"/v2/workflows/{workflow_id}/run/", data={"text": "Invoice number: R-down"})
            assert accepted.status_code == 202  # committed as queued: the reconciler sends it once Redis is back
            waiting.append(accepted.json()["id"])
            stack.redis.start()
            assert stack.redis_queue_depth() == 0
            for collection_id in [busy, *waiting]:
                response = wait_processed(api, collection_id, timeout=300)
                assert response.status_code == 200, response.text
    finally:
        live.stop()


def test_database_connections_dropped_under_load_503_or_retried_nothing_lost(
        new_stack: Callable[[], Stack], tmp_path: Path) -> None:
    stack = new_stack()
    live = _distributed(stack, tmp_path / "api")
    stop = threading.Event()

    def cut() -> None:
        while not stop.wait(0.25):
            stack.postgres.terminate_connections()

    try:
        live.start_worker()
        accepted: list[str] = []
        statuses: dict[int, int] = {}
        with live.client(live.key) as api:
            workflow_id = _workflow(api)
            cutter = threading.Thread(target=cut)
            cutter.start()
            try:
                for i in range(60):
                    for _attempt in range(20):  # as the SDKs do: retry what says it is retryable
                        response = api.post(f"/v2/workflows/{workflow_id}/run/", data={"text": f"Invoice number: D-{i}"})
                        statuses[response.status_code] = statuses.get(response.status_code, 0) + 1
                        if response.status_code == 202:
                            accepted.append(response.json()["id"])
                            break
                        body = response.json()
                        assert response.status_code == 503, response.text
                        assert (body["error_code"], body["retryable"]) == ("SERVICE_UNAVAILABLE", True)
                        time.sleep(0.05)
                    polled = api.get(f"/v2/workflows/{workflow_id}/runs/")
                    statuses[polled.status_code] = statuses.get(polled.status_code, 0) + 1
                    assert polled.status_code in (200, 503), polled.text
            finally:
                stop.set()
                cutter.join()
            assert len(accepted) == 60, statuses
            for collection_id in accepted:
                response = wait_processed(api, collection_id, timeout=300)
                assert response.status_code == 200, response.text
    finally:
        live.stop()

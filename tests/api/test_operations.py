"""Liveness, readiness (database, queue, storage), Prometheus metrics and structured logs."""

from __future__ import annotations

import json
import logging
import re
import time
from typing import Any, Callable

import httpx

from fieldwise.api.metrics import failure_reason
from fieldwise.logs import JsonFormatter, collection_id_var, request_id_var
from tests.conftest import METRICS_TOKEN
from tests.support.live_server import LiveServer


def test_health_and_ready_name_every_dependency(server: LiveServer) -> None:
    assert httpx.get(f"{server.base_url}/health/").json() == {"message": "ok"}
    ready = httpx.get(f"{server.base_url}/ready/")
    assert ready.status_code == 200
    assert ready.json()["checks"] == {"database": "ok", "queue": "ok", "storage": "ok"}


def _metric(text: str, name: str, **labels: str) -> float:
    wanted = ",".join(f'{k}="{v}"' for k, v in labels.items())
    pattern = rf"^{re.escape(name)}(\{{[^}}]*{re.escape(wanted)}[^}}]*\}})? (\S+)$" if labels else \
        rf"^{re.escape(name)} (\S+)$"
    values = [float(m.groups()[-1]) for m in re.finditer(pattern, text, re.M)]
    assert values, f"{name} {labels} not in metrics"
    return sum(values)


def test_metrics_count_requests_latency_and_documents(server: LiveServer, api: httpx.Client,
                                                      workflow: dict[str, Any], wait: Callable[..., Any]) -> None:
    run = api.post(f"/v2/workflows/{workflow['id']}/run/", data={"text": "Invoice number: M-1"}).json()
    assert wait(api, run["id"]).status_code == 200
    deadline = time.monotonic() + 30
    while True:
        text = httpx.get(f"{server.base_url}/metrics", headers={"authorization": f"Bearer {METRICS_TOKEN}"}).text
        if _metric(text, "fieldwise_documents_processed_total") >= 1 or time.monotonic() > deadline:
            break
        time.sleep(0.5)
    assert _metric(text, "fieldwise_documents_processed_total") >= 1
    assert _metric(text, "fieldwise_pages_processed_total") >= 1
    assert _metric(text, "fieldwise_queue_depth") >= 0
    assert _metric(text, "fieldwise_http_requests_total", route="/v2/workflows/{workflow_id}/run/",
                   status="202") >= 1
    assert _metric(text, "fieldwise_http_request_duration_seconds_count",
                   route="/v2/files/{collection_id}/extraction/") >= 1
    assert run["id"] not in text  # routes are labelled by template, never by id


def test_metrics_need_the_token(server: LiveServer) -> None:
    for headers, status in (({}, 403), ({"authorization": "Bearer wrong"}, 401),
                            ({"authorization": f"Bearer {server.key}"}, 401)):
        response = httpx.get(f"{server.base_url}/metrics", headers=headers)
        assert response.status_code == status and "fieldwise_" not in response.text
        assert response.json()["error_code"] in ("ACCESS_DENIED", "AUTH_FAILED")


def test_failure_reasons_have_few_values() -> None:
    assert failure_reason("the document crashed its worker 3 times") == "worker_crashed"
    assert failure_reason("internal error while processing the document (KeyError)") == "internal_error"
    assert failure_reason("the PDF is encrypted") == "document_error"


def test_json_log_lines_carry_request_and_collection_ids() -> None:
    record = logging.LogRecord("fieldwise.worker", logging.WARNING, __file__, 1, "slow %s", ("page",), None)
    tokens = request_id_var.set("req-1"), collection_id_var.set("col-1")
    try:
        line = json.loads(JsonFormatter("worker").format(record))
    finally:
        request_id_var.reset(tokens[0])
        collection_id_var.reset(tokens[1])
    assert line["message"] == "slow page" and line["level"] == "warning" and line["component"] == "worker"
    assert (line["request_id"], line["collection_id"]) == ("req-1", "col-1")

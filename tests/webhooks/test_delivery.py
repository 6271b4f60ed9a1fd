"""Webhook delivery against a real receiver on loopback: signed events, retries with the same id, restarts,
replay, and the address guard at delivery time. The retry schedule is shortened by settings, never by sleeps."""

from __future__ import annotations

import csv
import io
import time
from pathlib import Path
from typing import Any, Iterator

import httpx
import pytest
from standardwebhooks.webhooks import Webhook as StandardWebhook

from fieldwise.client import Fieldwise, verify_webhook
from tests.conftest import INVOICE_FIELDS, wait_processed
from tests.support.live_server import LiveServer, free_port
from tests.support.receiver import Receiver

FAST = {"webhook_allow_private": "true", "webhook_retry_base_s": "0.3", "webhook_retry_max_s": "1",
        "webhook_poll_s": "0.1"}


@pytest.fixture(scope="module")
def live(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    server = LiveServer(tmp_path_factory.mktemp("webhooks"), **FAST)
    server.key = server.create_key("hooks")
    server.start()
    yield server
    server.stop()


@pytest.fixture()
def api(live: LiveServer) -> Iterator[httpx.Client]:
    with live.client(live.key) as client:
        yield client


def _subscribe(api: httpx.Client, url: str, **extra: Any) -> dict[str, Any]:
    response = api.post("/v2/webhooks/", json={"url": url, **extra})
    assert response.status_code == 201, response.text
    return response.json()


def _run(api: httpx.Client, text: str = "Invoice number: INV-7\nTotal: 12.50 EUR") -> tuple[str, str]:
    workflow = api.post("/v2/workflows/", json={"name": "w", "fields": INVOICE_FIELDS}).json()
    run = api.post(f"/v2/workflows/{workflow['id']}/run/", data={"text": text})
    assert run.status_code == 202, run.text
    return workflow["id"], run.json()["id"]


def _deliveries(api: httpx.Client, hook_id: str) -> list[dict[str, Any]]:
    response = api.get(f"/v2/webhooks/{hook_id}/deliveries/")
    assert response.status_code == 200, response.text
    return response.json()["results"]


def _wait_deliveries(api: httpx.Client, hook_id: str, predicate: Any, timeout: float = 60) -> list[dict[str, Any]]:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        found = _deliveries(api, hook_id)
        if predicate(found):
            return found
        time.sleep(0.1)
    raise AssertionError(f"deliveries never matched: {_deliveries(api, hook_id)}")


def test_completed_event_is_signed_and_recorded(api: httpx.Client) -> None:
    with Receiver() as receiver:
        hook = _subscribe(api, receiver.url)
        workflow_id, collection_id = _run(api)
        got = receiver.wait_for(lambda r: len(r) >= 1)[0]
        payload = StandardWebhook(hook["secret"]).verify(got.body, got.headers)
        assert payload["event"] == "extraction.completed"
        assert payload["data"]["extraction_id"] == collection_id
        assert payload["data"]["workflow_id"] == workflow_id
        assert payload["data"]["status"] == "processed" and payload["data"]["processed_at"].endswith("Z")
        assert payload["timestamp"].endswith("Z")
        [delivery] = _wait_deliveries(api, hook["id"], lambda d: d and d[0]["status"] == "delivered")
        assert delivery["id"] == got.headers["webhook-id"] and delivery["event"] == "extraction.completed"
        [attempt] = delivery["attempts"]
        assert attempt["status_code"] == 200 and attempt["error"] is None and attempt["latency_ms"] >= 0
        assert attempt["attempted_at"].endswith("Z")
        assert api.delete(f"/v2/webhooks/{hook['id']}/").status_code == 204


def test_failed_run_sends_extraction_failed_only_to_subscribers(api: httpx.Client) -> None:
    with Receiver() as all_events, Receiver() as completed_only:
        every = _subscribe(api, all_events.url)
        only = _subscribe(api, completed_only.url, events=["extraction.completed"])
        workflow = api.post("/v2/workflows/", json={"name": "w", "fields": INVOICE_FIELDS}).json()
        broken = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> garbage"
        run = api.post(f"/v2/workflows/{workflow['id']}/run/", files={"file": ("b.pdf", broken, "application/pdf")})
        assert wait_processed(api, run.json()["id"]).status_code == 422
        got = all_events.wait_for(lambda r: len(r) >= 1)[0]
        payload = StandardWebhook(every["secret"]).verify(got.body, got.headers)
        assert payload["event"] == "extraction.failed"
        assert payload["data"]["status"] == "error" and payload["data"]["processed_at"] is None
        time.sleep(1)
        assert completed_only.requests == [] and _deliveries(api, only["id"]) == []
        for hook in (every, only):
            api.delete(f"/v2/webhooks/{hook['id']}/")


def test_receiver_failing_three_times_gets_the_event_exactly_once_more(api: httpx.Client) -> None:
    with Receiver(statuses=[500, 503, 502]) as receiver:
        hook = _subscribe(api, receiver.url)
        _run(api)
        received = receiver.wait_for(lambda r: len(r) >= 4)
        [delivery] = _wait_deliveries(api, hook["id"], lambda d: d and d[0]["status"] == "delivered")
        time.sleep(2)  # several retry periods: nothing more may arrive
        assert len(receiver.requests) == 4
        assert [r.answered for r in received] == [500, 503, 502, 200]
        assert {r.headers["webhook-id"] for r in received} == {delivery["id"]}
        assert len({r.headers["webhook-signature"] for r in received}) >= 1
        for r in received:
            StandardWebhook(hook["secret"]).verify(r.body, r.headers)
        assert [a["status_code"] for a in delivery["attempts"]] == [500, 503, 502, 200]
        assert [a["error"] for a in delivery["attempts"]][:3] == ["HTTP 500", "HTTP 503", "HTTP 502"]

        replayed = api.post(f"/v2/webhooks/{hook['id']}/deliveries/{delivery['id']}/replay/")
        assert replayed.status_code == 202 and replayed.json()["id"] == delivery["id"]
        again = receiver.wait_for(lambda r: len(r) >= 5)[-1]
        assert again.headers["webhook-id"] == delivery["id"] and again.body == received[0].body
        api.delete(f"/v2/webhooks/{hook['id']}/")


def test_deliveries_are_private_to_the_organization(api: httpx.Client, live: LiveServer) -> None:
    hook = _subscribe(api, "http://127.0.0.1:9/never")
    with live.client(live.create_key("strangers")) as stranger:
        assert stranger.get(f"/v2/webhooks/{hook['id']}/deliveries/").status_code == 404
        assert stranger.post(f"/v2/webhooks/{hook['id']}/deliveries/msg_x/replay/").status_code == 404
    assert api.post(f"/v2/webhooks/{hook['id']}/deliveries/msg_nope/replay/").status_code == 404
    api.delete(f"/v2/webhooks/{hook['id']}/")


def test_pending_delivery_survives_a_server_crash(tmp_path: Path) -> None:
    port = free_port()  # nothing listens here yet: every attempt is refused until the receiver starts
    server = LiveServer(tmp_path / "data", **{**FAST, "webhook_retry_base_s": "1", "webhook_retry_max_s": "2"})
    key = server.create_key("crashy")
    server.start()
    try:
        with server.client(key) as api:
            hook = _subscribe(api, f"http://127.0.0.1:{port}/hook")
            _run(api)
            [pending] = _wait_deliveries(api, hook["id"], lambda d: d and d[0]["attempts"])
            assert pending["status"] == "pending" and "Connect" in pending["attempts"][0]["error"]
        server.kill()
        with Receiver(port=port) as receiver:
            server.start()
            got = receiver.wait_for(lambda r: len(r) >= 1, timeout=120)
            assert got[0].headers["webhook-id"] == pending["id"]
            StandardWebhook(hook["secret"]).verify(got[0].body, got[0].headers)
            with server.client(key) as api:
                [done] = _wait_deliveries(api, hook["id"], lambda d: d[0]["status"] == "delivered")
            assert done["attempts"][-1]["status_code"] == 200 and len(done["attempts"]) >= 2
            time.sleep(1)
            assert len(receiver.requests) == 1
    finally:
        server.stop()


def test_delivery_refuses_private_targets_when_the_setting_is_off(tmp_path: Path) -> None:
    server = LiveServer(tmp_path / "data", **FAST)
    key = server.create_key("guarded")
    server.start()
    with Receiver() as receiver:
        try:
            with server.client(key) as api:
                hook = _subscribe(api, receiver.url)  # allowed while the setting is on
            server.stop()
            server.env["FIELDWISE_WEBHOOK_ALLOW_PRIVATE"] = "false"
            server.start()
            with server.client(key) as api:
                assert api.post("/v2/webhooks/", json={"url": receiver.url}).status_code == 400
                _run(api)
                [refused] = _wait_deliveries(api, hook["id"], lambda d: d and d[0]["attempts"])
            assert "private" in refused["attempts"][0]["error"] and refused["attempts"][0]["status_code"] is None
            time.sleep(1)
            assert receiver.requests == []
        finally:
            server.stop()


def test_at_most_fifty_webhooks_per_organization(live: LiveServer) -> None:
    with live.client(live.create_key("many-hooks")) as api:
        ids = [_subscribe(api, f"https://example.test/h{i}")["id"] for i in range(50)]
        refused = api.post("/v2/webhooks/", json={"url": "https://example.test/h51"})
        assert refused.status_code == 400 and refused.json()["error_code"] == "VALIDATION_ERROR"
        api.delete(f"/v2/webhooks/{ids[0]}/")
        assert api.post("/v2/webhooks/", json={"url": "https://example.test/h52"}).status_code == 201


def test_the_python_client_calls_work_as_written(live: LiveServer) -> None:
    """fieldwise.client's review, delivery, replay and export calls, and its verify_webhook, against this server."""
    with Receiver() as receiver, Fieldwise(base_url=live.base_url, api_key=live.key) as client:
        hook = client.webhooks.create(url=receiver.url)
        workflow = client.workflows.create(name="Client", fields=INVOICE_FIELDS)
        run = client.workflows.run(workflow.id, text="Invoice number: C-9\nTotal: 3.00")
        client.results.wait(run.id, workflow_id=workflow.id, timeout=120)
        got = receiver.wait_for(lambda r: len(r) >= 1)[0]
        assert verify_webhook(got.body, got.headers, hook.secret)["data"]["extraction_id"] == run.id

        client.review.update_field(run.id, "total", value=4.5, verified=True)
        audit = [entry.model_dump() for entry in client.review.audit(run.id)]
        assert [(a["path"], a["action"]) for a in audit] == [("total", "correct")]
        assert client.results.extraction(run.id)["total"].value == 4.5

        [delivery] = client.webhooks.deliveries(hook.id)
        assert delivery.id == got.headers["webhook-id"] and delivery.event == "extraction.completed"
        assert client.webhooks.replay(hook.id, delivery.id).id == delivery.id
        assert receiver.wait_for(lambda r: len(r) >= 2)[1].headers["webhook-id"] == delivery.id

        exported = client.results.export(workflow.id, output_format="csv").decode()
        assert next(csv.DictReader(io.StringIO(exported)))["total"] == "4.5"
        client.webhooks.delete(hook.id)


def test_deliveries_stop_when_their_collection_is_deleted(api: httpx.Client) -> None:
    with Receiver(statuses=[500] * 100) as receiver:
        hook = _subscribe(api, receiver.url)
        _, collection_id = _run(api)
        receiver.wait_for(lambda r: len(r) >= 1)
        assert api.delete(f"/v2/files/{collection_id}/").status_code == 204
        [delivery] = _wait_deliveries(api, hook["id"], lambda d: d and d[0]["status"] == "failed", timeout=30)
        assert "deleted" in delivery["attempts"][-1]["error"]  # the stop is kept as the last attempt
        seen = len(receiver.requests)
        time.sleep(2)  # several retry periods (at most 1 s each here): nothing more may arrive
        assert len(receiver.requests) == seen
        api.delete(f"/v2/webhooks/{hook['id']}/")

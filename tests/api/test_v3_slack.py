"""v3 slack_alert nodes (spec v3 D7): a channel is configured with `fieldwise slack add`, vetted by the webhook
address guard; the rendered message goes out through the webhook outbox; an unconfigured channel is refused."""

from __future__ import annotations

import json
import subprocess
from typing import Iterator

import httpx
import pytest

from tests.api import v3_support as v3
from tests.conftest import MODES, Stack, live_server, start_live
from tests.support.live_server import LiveServer, fieldwise_command
from tests.support.receiver import Receiver

TEMPLATE = "Invoice ${field.invoice_number}: total ${field.total}, rule ${validation.small.status}, ${field.nope}"


@pytest.fixture(scope="module", params=MODES)
def slack_server(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    """A server that may post to loopback. Distributed, it gets a stack of its own: on the shared one, another
    server's webhook sender (which refuses loopback targets) could take the delivery first."""
    folder = tmp_path_factory.mktemp(f"slack-{request.param}")
    overrides = {"webhook_allow_private": "true", "webhook_retry_base_s": "0.3", "webhook_retry_max_s": "1"}
    stack = None
    if request.param == "distributed":
        (folder / "stack").mkdir()
        stack = Stack(folder / "stack", request.getfixturevalue("moto"))
        live = LiveServer(folder, env=stack.env, **stack.settings(**overrides))
    else:
        live = live_server(request, folder, request.param, **overrides)
    live.key = live.create_key("slacky")
    start_live(live, request.param)
    yield live
    live.stop()
    if stack is not None:
        stack.close()


def _slack_add(live: LiveServer, channel: str, url: str, org: str = "slacky") -> subprocess.CompletedProcess[str]:
    return subprocess.run(fieldwise_command("slack", "add", "--org", org, "--channel", channel, "--url", url),
                          env=live.env, capture_output=True, text=True, timeout=60)


def _body(channel: str) -> dict:
    body = v3.body()
    body["nodes"] += [
        {"id": "validate_1", "type": "validate", "rules": [
            {"id": "small", "kind": "deterministic", "check": {"type": "range", "field": "total", "max": 100}}]},
        {"id": "slack_1", "type": "slack_alert", "channel_id": channel, "channel_name": "#finance",
         "message_template": TEMPLATE, "severity": "warning"}]
    body["edges"] += [{"source": "extract_1", "target": "validate_1"}, {"source": "validate_1", "target": "slack_1"}]
    return body


def test_slack_alert_posts_the_rendered_message_through_the_outbox(slack_server: LiveServer) -> None:
    with Receiver() as receiver, slack_server.client(slack_server.key) as api:
        refused = api.post("/v3/workflows/", json=_body("C0NOTSET"))
        assert refused.status_code == 400 and refused.json()["error_code"] == "NOT_SUPPORTED"
        assert "fieldwise slack add" in refused.json()["error"]
        assert _slack_add(slack_server, "C0123ABC", receiver.url).returncode == 0
        assert _slack_add(slack_server, "C0123ABC", "ftp://example.com/x").returncode == 2  # the guard refuses
        created = api.post("/v3/workflows/", json=_body("C0123ABC"))
        assert created.status_code == 201, created.text
        v3.wait_run(api, v3.upload_run(api, created.json()["id"], "Invoice number: S-1\nTotal: 250.00")["run_id"])
        [got] = receiver.wait_for(lambda r: len(r) >= 1)
        message = json.loads(got.body)
        assert message["text"] == "Invoice S-1: total 250.0, rule fail, <missing: field.nope>"
        assert message["attachments"] == [{"color": "#F2994A", "text": message["text"]}]
        assert api.get("/v2/webhooks/").json() == []  # the channel's outbox row is not a v2 subscription

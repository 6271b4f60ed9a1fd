"""The packet through fieldwise's own client: split, classified per part, extracted and validated."""

from __future__ import annotations

from fieldwise.client import Fieldwise
from tests.support.documents import packet_pdf
from tests.support.live_server import LiveServer
from tests.workflows.test_graph_runs import SPLIT_GRAPH


def test_the_packet_through_the_fieldwise_client(server: LiveServer) -> None:
    with Fieldwise(base_url=server.base_url, api_key=server.key) as client:
        workflow = client.workflows.create(definition=SPLIT_GRAPH)
        run = client.workflows.run(workflow.id, file=packet_pdf(), filename="packet.pdf")
        assert run.version_id is not None
        results = run.wait(timeout=120, poll_interval=0.1)
    assert [(s["name"], s["files"][0]["pages"]) for s in results.splits] == [("Invoice", [1, 2, 3]),
                                                                           ("Receipt", [4])]
    parts = {(e.split_name, e.partition): e.fields for e in results.extractions}
    assert set(parts) == {("Invoice", "INV-2024-001"), ("Invoice", "INV-2024-002"), ("Receipt", None)}
    validations = results.model_extra["validations"]
    failed = [v for v in validations if v["rule_id"] == "lines_add_up" and v["outcome"] == "fail"]
    assert [v["partition"] for v in failed] == ["INV-2024-002"]

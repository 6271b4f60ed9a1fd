"""SDK 0.7.0's graph builder (classify, split, validate) against a live server, with a packet the test writes."""

from __future__ import annotations

import json
import time
from typing import Any, Callable

import pytest

from tests.support.documents import packet_pdf
from tests.support.live_server import LiveServer

pytestmark = pytest.mark.sdk


def test_builder_with_classify_split_and_validate_end_to_end(run_flow: Callable[..., Any], server: LiveServer,
                                                             tmp_path: Any) -> None:
    pdf = tmp_path / "packet.pdf"
    pdf.write_bytes(packet_pdf())
    env = {"ANYFORMAT_BASE_URL": server.base_url, "ANYFORMAT_API_KEY": server.key, "PACKET_PATH": str(pdf)}
    result = run_flow("0.7.0", "graph_070.py", env)
    assert result.returncode == 0, f"flow failed:\n{result.stdout[-3000:]}\n{result.stderr[-5000:]}"
    seen = json.loads(result.stdout.strip().splitlines()[-1])
    assert seen["classifications"] == [["Mailroom packet", True]]
    assert seen["splits"] == {"Invoice": [[1, 2, 3]], "Receipt": [[4]]}
    assert seen["partitions"] == {"INV-2024-001": [1], "INV-2024-002": [2, 3]}
    assert seen["extractions"] == [
        ["Invoice", "INV-2024-001", ["invoice_number", "line_items", "total"]],
        ["Invoice", "INV-2024-002", ["invoice_number", "line_items", "total"]],
        ["Receipt", None, ["total"]],
    ]
    assert seen["invoice_numbers"] == ["INV-2024-001", "INV-2024-002"] and seen["receipt_total"] == [5.9]
    assert seen["extraction"] is None and seen["sdk_fields"] == {}  # split workflows: no untagged extraction
    outcomes = {(p, rule): (outcome, severity) for p, rule, outcome, severity in seen["validations"]}
    assert outcomes[("INV-2024-001", "positive")] == ("pass", "warning")
    assert outcomes[("INV-2024-002", "vendor_ok")] == ("not_supported", "error")
    assert {rule for _, rule in outcomes} == {"lines_add_up", "positive", "vendor_ok"}


def _assert_two_invoices_and_a_receipt(result: Any) -> None:
    """What a split_runs_* flow saw: each run of invoice pages a partition with its own invoice number."""
    assert result.returncode == 0, f"flow failed:\n{result.stdout[-3000:]}\n{result.stderr[-5000:]}"
    seen = json.loads(result.stdout.strip().splitlines()[-1])
    assert seen["partitions"] == {"Invoice 1": [1], "Invoice 2": [3, 4]}
    assert seen["extractions"] == [["Invoice", "Invoice 1", "INV-2024-001"], ["Invoice", "Invoice 2", "INV-2024-002"],
                                   ["Receipt", None, 5.9]]


def test_two_invoices_around_a_receipt_are_two_extractions_for_sdk_070(run_flow: Callable[..., Any],
                                                                       server: LiveServer, tmp_path: Any) -> None:
    from tests.support.documents import PACKET_PAGES, text_pdf

    pdf = tmp_path / "scattered.pdf"
    pdf.write_bytes(text_pdf([PACKET_PAGES[0], PACKET_PAGES[3], PACKET_PAGES[1], PACKET_PAGES[2]]))
    env = {"ANYFORMAT_BASE_URL": server.base_url, "ANYFORMAT_API_KEY": server.key, "PACKET_PATH": str(pdf)}
    _assert_two_invoices_and_a_receipt(run_flow("0.7.0", "split_runs_070.py", env))


def test_two_invoices_around_a_receipt_are_two_extractions_for_sdk_050(run_flow: Callable[..., Any],
                                                                       server: LiveServer) -> None:
    from tests.support.documents import PACKET_PAGES, PACKET_RULES, text_pdf

    invoice_fields = [{"name": "invoice_number", "description": "Invoice number", "data_type": "string"}]
    body = {"name": "Mailroom for 0.5.0", "nodes": [
        {"id": "parse_1", "type": "parse"},
        {"id": "split_1", "type": "splitter", "rules": [{**rule, "partition_key": ""} for rule in PACKET_RULES]},
        {"id": "extract_1", "type": "extract", "extraction_schema": {"fields": invoice_fields}},
        {"id": "extract_2", "type": "extract", "extraction_schema": {"fields": [
            {"name": "total", "description": "Total paid", "data_type": "float"}]}}],
        "edges": [{"source": "parse_1", "target": "split_1"},
                  {"source": "split_1", "target": "extract_1", "branch": "INVOICE"},
                  {"source": "split_1", "target": "extract_2", "branch": "RECEIPT"}]}
    pdf = text_pdf([PACKET_PAGES[0], PACKET_PAGES[3], PACKET_PAGES[1], PACKET_PAGES[2]])
    with server.client(server.key) as api:
        workflow = api.post("/v2/workflows/", json=body).json()
        run = api.post(f"/v2/workflows/{workflow['id']}/run/", files={"file": ("p.pdf", pdf, "application/pdf")})
        collection_id = run.json()["id"]
        for _ in range(600):
            if api.get(f"/v2/files/{collection_id}/extraction/").status_code != 412:
                break
            time.sleep(0.2)
    env = {"ANYFORMAT_BASE_URL": server.base_url, "ANYFORMAT_API_KEY": server.key,
           "WORKFLOW_ID": workflow["id"], "COLLECTION_ID": collection_id}
    _assert_two_invoices_and_a_receipt(run_flow("0.5.0", "split_runs_050.py", env))

"""SDK 0.7.0's graph builder (classify, split, validate) against a live server, with a packet the test writes."""

from __future__ import annotations

import json
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

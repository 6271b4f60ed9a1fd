"""The unmodified official anyformat SDKs (0.2.0, 0.5.0, 0.7.0) against a real fieldwise server on loopback."""

from __future__ import annotations

import json
import subprocess
from typing import Any, Callable

import pytest

from tests.support.documents import invoice_pdf
from tests.support.live_server import LiveServer

pytestmark = pytest.mark.sdk


@pytest.fixture(scope="module")
def flow_env(server: LiveServer, tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    pdf = tmp_path_factory.mktemp("sdk") / "invoice.pdf"
    pdf.write_bytes(invoice_pdf())
    return {"ANYFORMAT_BASE_URL": server.base_url, "ANYFORMAT_API_KEY": server.key,
            "OTHER_KEY": server.other_key, "PDF_PATH": str(pdf)}


def _observations(result: subprocess.CompletedProcess[str]) -> dict[str, Any]:
    assert result.returncode == 0, f"flow failed:\n{result.stdout[-3000:]}\n{result.stderr[-5000:]}"
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_stainless_020_flow(run_flow: Callable[..., Any], flow_env: dict[str, str]) -> None:
    seen = _observations(run_flow("0.2.0", "stainless_020.py", flow_env))
    assert seen["text_fields"] == ["invoice_number", "total"]
    assert seen["pdf_invoice_number"] == "INV-2024-001"
    assert seen["pdf_evidence"][0]["page_number"] == 1 and "bbox" in seen["pdf_evidence"][0]
    assert seen["file_bug"] == "VALIDATION_ERROR"
    assert "invoice.pdf" in seen["results_files"]
    assert (seen["deleted"], seen["wrong_key"], seen["other_org"]) == (404, 401, 404)


def test_stainless_050_flow(run_flow: Callable[..., Any], flow_env: dict[str, str]) -> None:
    seen = _observations(run_flow("0.5.0", "stainless_050.py", flow_env))
    assert seen["create_file_strings"] == 400
    assert {"collection_id", "parse", "extractions", "extraction", "classifications", "splits"} <= set(
        seen["envelope_keys"])
    assert seen["fields"] == ["company", "kind", "lines"]
    assert isinstance(seen["lines"], list)
    assert seen["kind"]["value"] in ("receipt", None)
    assert seen["unknown"] == 404


def test_handwritten_070_flow(run_flow: Callable[..., Any], flow_env: dict[str, str]) -> None:
    seen = _observations(run_flow("0.7.0", "handwritten_070.py", flow_env))
    assert seen["invoice_number"] == "INV-2024-001"
    assert 0 <= seen["confidence"] <= 100
    assert seen["evidence_pages"] == [1]
    assert seen["blocks"] >= 1 and seen["markdown_has_anchor"] is True
    assert seen["upload_invoice_number"] == "UP-7"
    assert seen["files"] == 2
    assert seen["parse_markdown"] is True
    assert (seen["wrong_key"], seen["deleted"]) == (401, 404)

"""The unmodified official anyformat SDK 1.18.0 (the v3 API) and its `afx` command line against a real fieldwise
server on loopback, in the embedded and the distributed mode (the `server` fixture runs each test in both)."""

from __future__ import annotations

from pathlib import Path
from typing import Any, Callable

import pypdfium2 as pdfium
import pytest

from fieldwise.documents.pdf_forms import read_widgets
from tests.sdk.test_official_sdks import _observations, flow_env  # noqa: F401 (flow_env is a fixture)
from tests.support.documents import form_pdf, invoice_pdf, packet_pdf
from tests.support.live_server import LiveServer

pytestmark = pytest.mark.sdk

SDK = "1.18.0"


def test_sdk_118_flow(run_flow: Callable[..., Any], flow_env: dict[str, str]) -> None:
    seen = _observations(run_flow(SDK, "v3_118.py", flow_env))
    assert seen["name_conflict"] == 409
    assert seen["invoice_number"] == "INV-2024-001"
    assert seen["total"] == "60.00"  # v3 values are strings, with the decimals the document printed
    assert 0 <= seen["confidence"] <= 100 and seen["evidence_pages"] == [1]
    assert seen["evidence_file"] == [["invoice.pdf", 1]]
    assert seen["markdown_has_number"] and seen["run_status"] == "processed"
    assert seen["packet_latest_is_run"] and seen["packet_files"] == ["invoice.pdf"]
    assert seen["by_link_invoice_number"] == "INV-2024-001" and seen["blocks_pages"] == 1
    assert seen["filename_conflict"] == [409, "FILENAME_CONFLICT", "invoice.pdf"]
    assert seen["renamed"] == [["invoice (1).pdf", "invoice.pdf"]]
    assert seen["idempotent_same_packet"] is True
    assert seen["upload_invoice_number"] == seen["second_run_value"] == "UP-7"
    assert seen["runs_of_packet"] == 2
    assert seen["packets"] == 3 and seen["page1_has_cursor"] and seen["workflow_listed"]
    assert seen["ids_kept"] and seen["versions"] == ["2.0", "1.1", "1.0"]
    assert seen["old_version_fields"] == ["invoice_number", "total"]
    assert seen["parse_markdown"] is True
    assert seen["other_lists"] is False and seen["wrong_key"] == 401 and seen["bad_cursor"] == "VALIDATION_ERROR"
    assert (seen["deleted_run"], seen["deleted_workflow"]) == (404, 404)


def test_afx_118(run_flow: Callable[..., Any], flow_env: dict[str, str]) -> None:
    seen = _observations(run_flow(SDK, "afx_118.py", flow_env))
    assert seen["extract_invoice_number"] == seen["run_invoice_number"] == "INV-2024-001"
    assert seen["listed"] and seen["get_nodes"] == ["parse", "extract"] and seen["runs_listed"]
    assert seen["parse_has_number"] and seen["updated_nodes"] == ["vendor"] and seen["deleted"]


def test_sdk_118_graph_builder_and_split_pdfs(run_flow: Callable[..., Any], server: LiveServer,
                                              tmp_path: Path) -> None:
    pdf = tmp_path / "packet.pdf"
    pdf.write_bytes(packet_pdf())
    env = {"ANYFORMAT_BASE_URL": server.base_url, "ANYFORMAT_API_KEY": server.key, "PACKET_PATH": str(pdf)}
    seen = _observations(run_flow(SDK, "graph_118.py", env))
    assert seen["node_types"] == ["parse", "classify", "splitter", "extract", "extract", "validate"]
    assert seen["classifications"] == [["Mailroom packet", True]]
    assert seen["splits"] == {"Invoice": [[1, 2, 3]], "Receipt": [[4]]}
    assert seen["partitions"] == {"INV-2024-001": [1], "INV-2024-002": [2, 3]}
    assert seen["extractions"] == [
        ["Invoice", "INV-2024-001", ["invoice_number", "line_items", "total"]],
        ["Invoice", "INV-2024-002", ["invoice_number", "line_items", "total"]],
        ["Receipt", None, ["total"]],
    ]
    assert seen["invoice_numbers"] == ["INV-2024-001", "INV-2024-002"] and seen["receipt_total"] == ["5.90"]
    assert seen["untagged"] is None  # split workflows have no untagged extraction
    outcomes = {(p, rule): (status, severity) for p, rule, status, severity in seen["validations"]}
    assert outcomes[("INV-2024-001", "lines_add_up")] == ("pass", "error")
    assert outcomes[("INV-2024-002", "lines_add_up")] == ("fail", "error")  # 200 + 100 + 30 is not 350
    assert outcomes[("INV-2024-001", "vendor_ok")] == ("inconclusive", "error")  # ai rules: no model here
    assert seen["split_pages"] == {"INV-2024-001": 1, "INV-2024-002": 2, "Receipt": 1}


def test_sdk_118_datasets_ground_truth_and_evals(run_flow: Callable[..., Any], server: LiveServer) -> None:
    seen = _observations(run_flow(SDK, "datasets_118.py", {"ANYFORMAT_BASE_URL": server.base_url,
                                                            "ANYFORMAT_API_KEY": server.key}))
    assert seen["saved"] == [True, True, False] and seen["gt_invalid"] == [400, "GT_INVALID"]
    assert seen["truth_keys_are_ids"] and seen["bare_truth"] is None and seen["bare_after_put"]
    assert seen["not_in_dataset"] == [409, "NOT_IN_DATASET"] and seen["tags"] == ["hard"]
    assert seen["launched"] == [1, 3, 0]
    # three documents: D-1 right on both fields, D-2 wrong number (total ungraded), D-3 number only
    assert seen["eval"] == ["processed", 3, 1, 2, 0.75, 3]
    assert seen["by_field"] == [[2, 1, 0], [1, 0, 2]]
    assert seen["wrong_doc"] and seen["wrong_fields"] == ["D-2", "D-999"]
    assert seen["by_tag"] == [[True, 0, 1]]
    assert seen["tagged"] == [2, 1, 0.0] and seen["evals_listed"] == [2, 1]
    assert seen["runs_listed"] == 0  # an eval's runs are not listed
    assert seen["unknown_tag"] == 400


def test_sdk_118_knowledge_ask_refused_nodes_and_edit_references(run_flow: Callable[..., Any], server: LiveServer,
                                                                   tmp_path: Path) -> None:
    pdf = tmp_path / "invoice.pdf"
    pdf.write_bytes(invoice_pdf())
    seen = _observations(run_flow(SDK, "knowledge_118.py", {"ANYFORMAT_BASE_URL": server.base_url,
                                                             "ANYFORMAT_API_KEY": server.key,
                                                             "PDF_PATH": str(pdf), "TMP_DIR": str(tmp_path)}))
    assert seen["node_types"] == ["parse", "extract", "knowledge"]
    delivered = "Invoice number: K-2\nThe goods were delivered to the Rotterdam warehouse."
    # the value, read as a field is, then the passage it stands in, quoted word for word; nothing generated
    assert seen["answer"] == 'K-2: "Invoice number: K-2 The goods were delivered to the Rotterdam warehouse."'
    assert seen["citation"] == [delivered, True, 1] and seen["thread"]
    no_value, quote, same_thread = seen["follow_up"]  # a question nothing answers says so, and cites the closest
    assert no_value.startswith("The workflow's documents do not say") and same_thread
    assert quote.startswith("Invoice number: K-1")
    assert seen["no_match"] is True
    assert seen["not_enabled"] == [409, "KNOWLEDGE_NOT_ENABLED"] and seen["code_sandbox"] == "NOT_SUPPORTED"
    assert seen["references_uploaded"] == [["people.csv", "ready"], ["invoice.pdf", "pending"]]
    assert seen["references_settled"] == [["invoice.pdf", "ready"], ["people.csv", "ready"]]
    assert seen["references_left"] == ["invoice.pdf"] and seen["reference_type"] == 400


def test_sdk_118_edit_fills_a_pdf_form(run_flow: Callable[..., Any], server: LiveServer, tmp_path: Path) -> None:
    form = tmp_path / "application.pdf"
    form.write_bytes(form_pdf())
    seen = _observations(run_flow(SDK, "edit_118.py", {"ANYFORMAT_BASE_URL": server.base_url,
                                                        "ANYFORMAT_API_KEY": server.key,
                                                        "FORM_PATH": str(form), "TMP_DIR": str(tmp_path)}))
    assert seen["reference"] == ["applicant.csv", "ready"] and seen["node_types"] == ["parse", "edit"]
    assert seen["file_name"] == "application.pdf" and seen["unmatched"] == ["Colour: red"]
    assert seen["fields"] == [
        ["p1_f0", "Name", "text", "empty", "ACME SL", 100],
        ["p1_f1", "Date", "text", "empty", "2026-01-01", 100],  # from the reference
        ["p1_f2", "Company", "text", "prefilled", None, None],
        ["p1_f3", "I accept the terms", "checkbox", "empty", "true", 100],
        ["p2_f0", "City", "text", "empty", "Sevilla", 100],
    ]
    flattened = pdfium.PdfDocument(tmp_path / "flattened.pdf")
    try:
        first, second = (flattened[i].get_textpage().get_text_range() for i in range(len(flattened)))
    finally:
        flattened.close()
    assert "ACME SL" in first and "2026-01-01" in first and "Prefilled Ltd" in first and "Sevilla" in second
    assert seen["output_mode"] == ["editable"]
    values = {w.label: w.value for w in read_widgets((tmp_path / "editable.pdf").read_bytes(), 100)[0]}
    assert values == {"Name": "ACME SL", "Date": "2026-01-01", "Company": "Prefilled Ltd",
                      "I accept the terms": "true", "City": "Sevilla"}

"""Typed-graph workflows run for real against a live server: one packet in, split, classified, extracted per
part and validated out, in the results envelope of spec 2.5."""

from __future__ import annotations

import copy
import time
from typing import Any

import httpx
import pytest

from tests.support.live_server import LiveServer
from tests.support.documents import INVOICE_LINES, PACKET_PAGES, PACKET_RULES, packet_pdf, text_pdf

INVOICE_FIELDS = [
    {"name": "invoice_number", "description": "Invoice number", "data_type": "string"},
    {"name": "total", "description": "Total due", "data_type": "float"},
    {"name": "line_items", "description": "Invoice lines", "data_type": "object", "nested_fields": [
        {"name": "description", "description": "Item", "data_type": "string"},
        {"name": "amount", "description": "Line amount", "data_type": "float"}]},
]
RECEIPT_FIELDS = [{"name": "total", "description": "Total paid", "data_type": "float"}]
LINES_ADD_UP = {"id": "lines_add_up", "name": "Lines add up to the total", "kind": "deterministic",
                "severity": "error", "source_fields": ["line_items", "total"],
                "check": {"type": "arithmetic", "operands": ["line_items.amount"], "operator": "sum",
                          "equals": "total", "tolerance": 0.01}}


def _graph(nodes: list[dict[str, Any]], edges: list[tuple[str, str, str | None]]) -> dict[str, Any]:
    return {"name": "Mailroom", "description": "", "nodes": [{"id": "parse_1", "type": "parse"}, *nodes],
            "edges": [{"source": s, "target": t, **({"branch": b} if b else {})} for s, t, b in edges]}


SPLIT_GRAPH = _graph(
    [{"id": "split_1", "type": "splitter", "rules": PACKET_RULES},
     {"id": "extract_1", "type": "extract", "extraction_schema": {"fields": INVOICE_FIELDS}},
     {"id": "extract_2", "type": "extract", "extraction_schema": {"fields": RECEIPT_FIELDS}},
     {"id": "validate_1", "type": "validate", "rules": [
         LINES_ADD_UP, {"id": "sane", "kind": "ai", "description": "The vendor looks legitimate"}]}],
    [("parse_1", "split_1", None), ("split_1", "extract_1", "INVOICE"), ("split_1", "extract_2", "RECEIPT"),
     ("extract_1", "validate_1", None)],
)


def _results(api: httpx.Client, workflow_id: str, collection_id: str) -> dict[str, Any]:
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        response = api.get(f"/v2/workflows/{workflow_id}/files/{collection_id}/results/")
        if response.status_code != 412:
            assert response.status_code == 200, response.text
            return response.json()
        time.sleep(0.1)
    raise AssertionError("the run did not finish")


def _run(api: httpx.Client, body: dict[str, Any], name: str, data: bytes) -> tuple[dict[str, Any], dict[str, Any]]:
    created = api.post("/v2/workflows/", json=body)
    assert created.status_code == 201, created.text
    workflow = created.json()
    run = api.post(f"/v2/workflows/{workflow['id']}/run/", files={"file": (name, data, "application/pdf")})
    assert run.status_code == 202, run.text
    assert run.json()["version_id"] == workflow["version_id"]
    return workflow, _results(api, workflow["id"], run.json()["id"])


@pytest.fixture(scope="module")
def packet_run(server: LiveServer) -> tuple[dict[str, Any], dict[str, Any]]:
    with server.client(server.key) as api:
        return _run(api, SPLIT_GRAPH, "packet.pdf", packet_pdf())


def test_a_packet_comes_out_split_and_extracted_per_part(api: httpx.Client,
                                                         packet_run: tuple[dict[str, Any], dict[str, Any]]) -> None:
    workflow, envelope = packet_run
    splits = {s["name"]: s for s in envelope["splits"]}
    assert list(splits) == ["Invoice", "Receipt"]
    assert splits["Invoice"]["files"][0]["pages"] == [1, 2, 3]
    assert splits["Invoice"]["files"][0]["file_name"] == "packet.pdf" and splits["Invoice"]["files"][0]["file_id"]
    assert [(p["name"], p["files"][0]["pages"]) for p in splits["Invoice"]["partitions"]] == [
        ("INV-2024-001", [1]), ("INV-2024-002", [2, 3])]
    assert splits["Receipt"]["files"][0]["pages"] == [4] and splits["Receipt"]["partitions"] == []
    assert all(isinstance(s["confidence"], int) and 0 < s["confidence"] <= 100 for s in envelope["splits"])

    parts = {(e["split_name"], e["partition"]): e["fields"] for e in envelope["extractions"]}
    assert list(parts) == [("Invoice", "INV-2024-001"), ("Invoice", "INV-2024-002"), ("Receipt", None)]
    assert parts[("Invoice", "INV-2024-001")]["invoice_number"]["value"] == "INV-2024-001"
    assert parts[("Invoice", "INV-2024-002")]["total"]["value"] == 350.0
    assert parts[("Invoice", "INV-2024-002")]["invoice_number"]["evidence"][0]["page_number"] == 2
    assert set(parts[("Receipt", None)]) == {"total"} and parts[("Receipt", None)]["total"]["value"] == 5.9
    assert envelope["extraction"] is None and envelope["classifications"] == []

    checks = {(v["partition"], v["rule_id"]): v for v in envelope["validations"]}
    assert set(checks) == {(p, r) for p in ("INV-2024-001", "INV-2024-002") for r in ("lines_add_up", "sane")}
    assert checks[("INV-2024-002", "sane")]["outcome"] == "not_supported"
    assert checks[("INV-2024-002", "lines_add_up")]["split_name"] == "Invoice"

    flat = api.get(f"/v2/files/{envelope['collection_id']}/extraction/").json()  # the first part, flat
    assert flat["invoice_number"]["value"] == "INV-2024-001"


def test_the_validate_rule_catches_lines_that_do_not_add_up(
        packet_run: tuple[dict[str, Any], dict[str, Any]]) -> None:
    checks = {(v["partition"], v["rule_id"]): v for v in packet_run[1]["validations"]}
    good, bad = checks[("INV-2024-001", "lines_add_up")], checks[("INV-2024-002", "lines_add_up")]
    assert (good["outcome"], good["passed"]) == ("pass", True)
    assert (bad["outcome"], bad["passed"], bad["severity"]) == ("fail", False, "error")
    assert bad["values"] == {"line_items.amount": [200.0, 100.0, 30.0], "total": 350.0}
    assert bad["computed"] == 330.0 and bad["node_id"] == "validate_1"


def test_classify_routes_the_document_to_its_category_extract(api: httpx.Client) -> None:
    categories = [{k: r[k] for k in ("id", "name", "description")} for r in PACKET_RULES]
    body = _graph(
        [{"id": "classify_1", "type": "classify", "categories": categories},
         {"id": "extract_1", "type": "extract", "extraction_schema": {"fields": INVOICE_FIELDS[:2]}},
         {"id": "extract_2", "type": "extract", "extraction_schema": {"fields": RECEIPT_FIELDS}}],
        [("parse_1", "classify_1", None), ("classify_1", "extract_1", "INVOICE"),
         ("classify_1", "extract_2", "RECEIPT")],
    )
    _, envelope = _run(api, body, "receipt.pdf", text_pdf([PACKET_PAGES[3]]))
    (verdict,) = envelope["classifications"]
    assert verdict["category"] == "Receipt" and verdict["confidence"] > 50 and "RECEIPT" in verdict["evidence"]
    assert envelope["extractions"] == [{"split_name": None, "partition": None, "fields": envelope["extraction"]}]
    assert envelope["extraction"]["total"]["value"] == 5.9 and envelope["splits"] == []

    _, envelope = _run(api, body, "invoice.pdf", text_pdf([INVOICE_LINES]))
    assert envelope["classifications"][0]["category"] == "Invoice"
    assert set(envelope["extraction"]) == {"invoice_number", "total"}


def test_a_run_binds_to_the_version_current_when_it_was_submitted(
        api: httpx.Client, packet_run: tuple[dict[str, Any], dict[str, Any]]) -> None:
    workflow, first = packet_run
    renamed = copy.deepcopy(SPLIT_GRAPH)
    renamed["nodes"][3]["extraction_schema"]["fields"] = [
        {"name": "amount_paid", "description": "Total paid", "data_type": "float"}]
    replaced = api.put(f"/v2/workflows/{workflow['id']}/", json=renamed).json()
    assert replaced["version_id"] != workflow["version_id"]
    assert api.get(f"/v2/workflows/{workflow['id']}/").json()["version_id"] == replaced["version_id"]

    run = api.post(f"/v2/workflows/{workflow['id']}/run/",
                   files={"file": ("packet.pdf", packet_pdf(), "application/pdf")}).json()
    assert run["version_id"] == replaced["version_id"]
    second = _results(api, workflow["id"], run["id"])
    assert set(second["extractions"][-1]["fields"]) == {"amount_paid"}
    again = _results(api, workflow["id"], first["collection_id"])  # the first run keeps its version's schema
    assert set(again["extractions"][-1]["fields"]) == {"total"}
    versions = {r["id"]: r["version_id"] for r in api.get(f"/v2/workflows/{workflow['id']}/runs/").json()["results"]}
    assert versions == {first["collection_id"]: workflow["version_id"], run["id"]: replaced["version_id"]}


def test_a_v2_packet_with_two_invoices_around_a_receipt_gives_two_invoice_extractions(api: httpx.Client) -> None:
    """A routing rule (no partition_key) whose pages come in two runs: each run is its own extraction, as in
    v3; the second invoice's values are never lost under the first's."""
    rules = [{**rule, "partition_key": ""} for rule in PACKET_RULES]
    body = copy.deepcopy(SPLIT_GRAPH)
    body["name"] = "Mailroom, routing rules"
    body["nodes"][1]["rules"] = rules
    scattered = [PACKET_PAGES[0], PACKET_PAGES[3], PACKET_PAGES[1], PACKET_PAGES[2]]  # invoice, receipt, invoice
    _, envelope = _run(api, body, "scattered.pdf", text_pdf(scattered))
    invoice, receipt = envelope["splits"]
    assert [(p["name"], p["files"][0]["pages"]) for p in invoice["partitions"]] == [("Invoice 1", [1]),
                                                                                   ("Invoice 2", [3, 4])]
    assert receipt["partitions"] == [] and receipt["files"][0]["pages"] == [2]
    parts = {(e["split_name"], e["partition"]): e["fields"] for e in envelope["extractions"]}
    assert list(parts) == [("Invoice", "Invoice 1"), ("Invoice", "Invoice 2"), ("Receipt", None)]
    assert parts[("Invoice", "Invoice 1")]["invoice_number"]["value"] == "INV-2024-001"
    assert parts[("Invoice", "Invoice 2")]["invoice_number"]["value"] == "INV-2024-002"
    assert parts[("Invoice", "Invoice 2")]["total"]["value"] == 350.0
    assert parts[("Receipt", None)]["total"]["value"] == 5.9

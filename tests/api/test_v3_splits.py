"""Split PDFs (spec v3 D17) of sources that have no pages to copy answer 422 SPLIT_NOT_RENDERABLE; another
organization's split id is 404."""

from __future__ import annotations

import httpx

from tests.api import v3_support as v3


def test_text_splits_are_not_renderable(api: httpx.Client, other_api: httpx.Client) -> None:
    body = v3.body()
    body["nodes"].insert(1, {"id": "split_1", "type": "splitter", "rules": [
        {"id": "NOTE", "name": "Note", "description": "A short note with an invoice number", "partition_key": ""}]})
    body["edges"] = [{"source": "parse_1", "target": "split_1"},
                     {"source": "split_1", "target": "extract_1", "branch": "NOTE"}]
    created = api.post("/v3/workflows/", json=body)
    assert created.status_code == 201, created.text
    trigger = v3.upload_run(api, created.json()["id"], "A short note. Invoice number: N-1")
    run = v3.wait_run(api, trigger["run_id"])
    [split] = run["results"]["splits"]
    response = api.get(f"/v3/splits/{split['id']}/pdf/")
    assert response.status_code == 422 and response.json()["error_code"] == "SPLIT_NOT_RENDERABLE"
    assert other_api.get(f"/v3/splits/{split['id']}/pdf/").status_code == 404


def test_a_category_found_in_two_runs_is_two_partitions_each_with_its_extraction(api: httpx.Client) -> None:
    """D17: a rule without partition_key whose pages form two runs (two invoices around a receipt)."""
    import pypdfium2 as pdfium

    from tests.support.documents import PACKET_PAGES, text_pdf

    body = v3.body(fields=[{"name": "invoice_number", "description": "Invoice number", "source": "extraction",
                            "data_type": "string"}])
    body["nodes"].insert(1, {"id": "split_1", "type": "splitter", "rules": [
        {"id": "INVOICE", "name": "Invoice", "partition_key": "",
         "description": "A bill from a supplier asking for payment, with an invoice number, bill to and due date"},
        {"id": "RECEIPT", "name": "Receipt", "partition_key": "",
         "description": "Proof of a purchase already paid at a shop or till: paid by card or cash, thank you"}]})
    body["nodes"].append({"id": "extract_2", "type": "extract", "mode": "standard", "extraction_schema": {"fields": [
        {"name": "total", "description": "Total paid", "source": "extraction", "data_type": "float"}]},
        "lookup_file_ids": [], "lookup_file_uploads": [], "use_images": False})
    body["edges"] = [{"source": "parse_1", "target": "split_1"},
                     {"source": "split_1", "target": "extract_1", "branch": "INVOICE"},
                     {"source": "split_1", "target": "extract_2", "branch": "RECEIPT"}]
    created = api.post("/v3/workflows/", json=body)
    assert created.status_code == 201, created.text
    assert "dialect" not in created.json() and "dialect" not in api.get(
        f"/v3/workflows/{created.json()['id']}/").json()
    pages = [PACKET_PAGES[0], PACKET_PAGES[3], PACKET_PAGES[1], PACKET_PAGES[2]]
    response = api.post(f"/v3/workflows/{created.json()['id']}/upload/run/",
                        files={"files": ("packet.pdf", text_pdf(pages), "application/pdf")})
    assert response.status_code == 202, response.text
    results = v3.wait_run(api, response.json()["run_id"])["results"]
    invoice, receipt = results["splits"]
    assert invoice["name"] == "Invoice" and invoice["id"] is None
    assert [(p["name"], p["files"][0]["pages"]) for p in invoice["partitions"]] == [("Invoice 1", [1]),
                                                                                   ("Invoice 2", [3, 4])]
    assert all(p["id"] for p in invoice["partitions"])
    assert receipt["id"] and receipt["partitions"] == [] and receipt["files"][0]["pages"] == [2]
    found = {(e["split_name"], e["partition"]): e["fields"] for e in results["extractions"]}
    assert found[("Invoice", "Invoice 1")]["invoice_number"]["value"] == "INV-2024-001"
    assert found[("Invoice", "Invoice 2")]["invoice_number"]["value"] == "INV-2024-002"
    assert found[("Receipt", None)]["total"]["value"] == "5.90"
    second = api.get(f"/v3/splits/{invoice['partitions'][1]['id']}/pdf/")
    assert second.status_code == 200, second.text
    pdf = pdfium.PdfDocument(second.content)
    try:
        assert len(pdf) == 2 and "INV-2024-002" in pdf[0].get_textpage().get_text_range()
    finally:
        pdf.close()

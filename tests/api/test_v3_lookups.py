"""v3 smart lookups from CSV (spec v3 D7): lookup fields take their value from the row that agrees most with what
the document says; other file types are refused; tables are kept across PATCH by their ids and never shown."""

from __future__ import annotations

import base64

import httpx

from tests.api import v3_support as v3

VENDORS = b"Vendor,VAT,IBAN\nACME Supplies,ES123,DE02 1203\nGlobex Corp,FR999,FR76 3000\n"


def _body(uploads: list[dict[str, str]]) -> dict:
    body = v3.body(fields=[
        {"name": "vendor", "description": "Vendor name", "data_type": "string"},
        {"name": "invoice_number", "description": "Invoice number", "data_type": "string"},
        {"name": "VAT", "description": "Vendor VAT id", "data_type": "string", "source": "smart_lookup"},
        {"name": "IBAN", "description": "Vendor IBAN", "data_type": "string", "source": "lookup_if_missing"},
    ])
    body["nodes"][1]["lookup_file_uploads"] = uploads
    return body


def test_lookup_fields_come_from_the_best_matching_row(api: httpx.Client) -> None:
    upload = {"filename": "vendors.csv", "content": base64.b64encode(VENDORS).decode()}
    created = api.post("/v3/workflows/", json=_body([upload]))
    assert created.status_code == 201, created.text
    node = created.json()["nodes"][1]
    assert len(node["lookup_file_ids"]) == 1 and node["lookup_file_uploads"] == [] and "lookup_tables" not in node
    trigger = v3.upload_run(api, created.json()["id"], "ACME Supplies\nInvoice number: L-9\nTotal: 5.00")
    fields = v3.wait_run(api, trigger["run_id"])["results"]["extraction"]
    assert fields["vendor"]["value"] == "ACME Supplies"  # the document's own value, which picks the row
    assert (fields["vat"]["value"], fields["vat"]["value_source"]) == ("ES123", "lookup")
    iban = fields["iban"]  # lookup_if_missing: the document's value when it gave one, checked against the row
    assert (iban["value"], iban["value_source"]) == ("DE02 1203", "lookup") or (
        iban["value_source"] == "document" and iban["lookup_check"] in ("confirmed", "conflict"))
    assert "value_source" not in fields["invoice_number"]
    # a PATCH that echoes the definition keeps the table; an unknown table id is refused
    detail = created.json()
    patch = {k: detail[k] for k in ("name", "description", "nodes", "edges")}
    same = api.patch(f"/v3/workflows/{detail['id']}/", json=patch)
    assert same.status_code == 200 and same.json()["version_id"] == detail["version_id"]
    patch["nodes"][1]["lookup_file_ids"] = ["7b2c6f1e-2a3b-4c5d-8e9f-0a1b2c3d4e5f"]
    assert api.patch(f"/v3/workflows/{detail['id']}/", json=patch).status_code == 400


def test_lookup_files_other_than_csv_are_refused(api: httpx.Client) -> None:
    upload = {"filename": "vendors.xlsx", "content": base64.b64encode(b"PK\x03\x04 binary").decode()}
    refused = api.post("/v3/workflows/", json=_body([upload]))
    assert refused.status_code == 400 and refused.json()["error_code"] == "NOT_SUPPORTED"

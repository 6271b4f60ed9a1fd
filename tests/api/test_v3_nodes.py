"""v3 graph nodes fieldwise runs offline (spec v3 D7): a filter keeps or discards the document before extraction."""

from __future__ import annotations

import httpx

from tests.api import v3_support as v3


def test_filter_keeps_matching_documents_and_discards_the_rest(api: httpx.Client) -> None:
    body = v3.body()
    body["nodes"].insert(1, {"id": "filter_1", "type": "filter", "criteria": "Invoices from a supplier"})
    body["edges"] = [{"source": "parse_1", "target": "filter_1"}, {"source": "filter_1", "target": "extract_1"}]
    created = api.post("/v3/workflows/", json=body)
    assert created.status_code == 201, created.text
    assert [n["type"] for n in created.json()["nodes"]] == ["parse", "filter", "extract"]
    kept = v3.wait_run(api, v3.upload_run(api, created.json()["id"],
                                          "INVOICE from ACME Supplies\nInvoice number: F-1\nTotal: 9.00")["run_id"])
    assert kept["status"] == "processed" and kept["results"]["filtered"]["kept"] is True
    assert kept["results"]["extraction"]["invoice_number"]["value"] == "F-1"
    dropped = v3.wait_run(api, v3.upload_run(api, created.json()["id"], "Menu of the day: tomato soup")["run_id"])
    assert dropped["status"] == "processed" and dropped["results"]["extractions"] == []
    assert dropped["results"]["filtered"] == {"node_id": "filter_1", "kept": False,
                                              "score": dropped["results"]["filtered"]["score"]}

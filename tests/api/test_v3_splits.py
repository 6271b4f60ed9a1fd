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

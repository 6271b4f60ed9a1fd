"""Processed collections for tests that need one: a workflow, a run on a document, and the wait."""

from __future__ import annotations

from typing import Any

from tests.conftest import wait_processed
from tests.support.documents import invoice_pdf
from tests.support.live_server import LiveServer


def processed_invoice(server: LiveServer, name: str, fields: list[dict[str, Any]],
                      filename: str = "invoice.pdf") -> dict[str, str]:
    """{workflow_id, collection_id} of the test invoice PDF, processed by a new workflow with `fields`."""
    with server.client(server.key) as api:
        workflow = api.post("/v2/workflows/", json={"name": name, "fields": fields}).json()
        run = api.post(f"/v2/workflows/{workflow['id']}/run/",
                       files={"file": (filename, invoice_pdf(), "application/pdf")}).json()
        assert wait_processed(api, run["id"]).status_code == 200
    return {"workflow_id": workflow["id"], "collection_id": run["id"]}

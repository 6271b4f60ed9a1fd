"""A server killed with SIGKILL mid-run finishes that run after it is started again: no accepted work is lost."""

from __future__ import annotations

import time
from pathlib import Path

import httpx

from tests.conftest import INVOICE_FIELDS, wait_processed
from tests.support.documents import text_pdf
from tests.support.live_server import LiveServer


def _status(api: httpx.Client, workflow_id: str) -> dict[str, str]:
    runs = api.get(f"/v2/workflows/{workflow_id}/runs/", params={"page_size": 100}).json()["results"]
    return {r["id"]: r["status"] for r in runs}


def test_sigkill_mid_run_then_restart_finishes_every_run(tmp_path: Path) -> None:
    live = LiveServer(tmp_path / "data")
    key = live.create_key("crashy")
    live.start()
    long_pdf = text_pdf([[f"Page {p} line {i} Invoice number: P-{p}" for i in range(40)] for p in range(400)])
    try:
        with live.client(key) as api:
            workflow = api.post("/v2/workflows/", json={"name": "w", "fields": INVOICE_FIELDS}).json()
            ids = [
                api.post(f"/v2/workflows/{workflow['id']}/run/",
                         files={"file": (f"long-{i}.pdf", long_pdf, "application/pdf")}).json()["id"]
                for i in range(2)
            ]
            deadline = time.monotonic() + 60
            while "in_progress" not in _status(api, workflow["id"]).values():
                assert time.monotonic() < deadline, "no run started"
                time.sleep(0.02)
        live.kill()
        live.start()
        with live.client(key) as api:
            for collection_id in ids:
                response = wait_processed(api, collection_id, timeout=300)
                assert response.status_code == 200, response.text
                assert set(response.json()) == {"invoice_number", "total"}
            assert set(_status(api, workflow["id"]).values()) == {"processed"}
    finally:
        live.stop()


def test_delete_mid_run_cancels_it_and_the_queue_moves_on(server: LiveServer) -> None:
    long_pdf = text_pdf([[f"Page {p} line {i}" for i in range(40)] for p in range(300)])
    with server.client(server.key) as api:
        workflow = api.post("/v2/workflows/", json={"name": "w", "fields": INVOICE_FIELDS}).json()
        doomed = api.post(f"/v2/workflows/{workflow['id']}/run/",
                          files={"file": ("long.pdf", long_pdf, "application/pdf")}).json()["id"]
        deadline = time.monotonic() + 60
        while _status(api, workflow["id"]).get(doomed) != "in_progress":
            assert time.monotonic() < deadline, "the run never started"
            time.sleep(0.02)
        assert api.delete(f"/v2/files/{doomed}/").status_code == 204
        after = api.post(f"/v2/workflows/{workflow['id']}/run/", data={"text": "Invoice number: NEXT-1"}).json()
        assert wait_processed(api, after["id"]).json()["invoice_number"]["value"] == "NEXT-1"
        assert api.get(f"/v2/files/{doomed}/extraction/").status_code == 404
        assert doomed not in _status(api, workflow["id"])


def test_an_edit_reference_read_when_the_server_is_killed_is_read_after_restart(tmp_path: Path) -> None:
    """A PDF reference is queued work like a run: a server killed while a worker reads it reads it again on start,
    so the reference ends ready instead of pending for good (and every run naming it refused for good)."""
    from sqlalchemy import select

    from fieldwise.settings import Settings
    from fieldwise.store.db import Database
    from fieldwise.store.tables import Collection, EditReference
    from tests.api import v3_support as v3

    live = LiveServer(tmp_path / "data")
    key = live.create_key("crashy")
    live.start()
    long_pdf = text_pdf([[f"Page {p} line {i} Name: Ada" for i in range(40)] for p in range(400)])
    db = Database(Settings(data_dir=live.data_dir).resolved_database_url)
    try:
        with live.client(key) as api:
            workflow_id = v3.create(api)["id"]
            [reference_id] = v3.upload_references(api, workflow_id, [("long.pdf", long_pdf, "application/pdf")])
        deadline = time.monotonic() + 60
        while True:
            with db.session() as session:
                status = session.scalar(select(Collection.status).join(
                    EditReference, EditReference.collection_id == Collection.id).where(
                    EditReference.id == reference_id))
            if status == "in_progress":
                break
            assert time.monotonic() < deadline, f"the reference's read never started ({status})"
            time.sleep(0.02)
        live.kill()
        live.start()
        with live.client(key) as api:
            reference = v3.wait_references(api, workflow_id, timeout=300)[reference_id]
        assert reference["status"] == "ready" and reference["error"] is None, reference
    finally:
        db.dispose()
        live.stop()

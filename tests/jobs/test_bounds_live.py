"""Bounded work per run through a real server, in both modes (issue 12): a run past a limit ends in error with
the limit named (422 EXTRACTION_FAILED on the v2 extraction endpoint), a run past the time limit ends on that
limit inside the worker, and a worker process that dies charges only its own document.

The servers here run with small limits so that scaled-down hostile files reach them; the full-size files and
the default limits are measured in benchmarks/hostile.py."""

from __future__ import annotations

import os
import signal
import time
from pathlib import Path
from typing import Callable, Iterator

import httpx
import pytest

from fieldwise.jobs.dispatch import InProcessDispatcher
from fieldwise.jobs.submit import Upload, stage
from fieldwise.settings import Settings
from fieldwise.store import accounts, collections
from fieldwise.store.blobs import open_blob_store
from fieldwise.store.db import Database
from fieldwise.store.tables import Collection
from tests.conftest import MODES, INVOICE_FIELDS, Stack, start_live, wait_processed
from tests.support.hostile import padded_csv, scanned_pdf
from tests.support.documents import text_pdf
from tests.support.live_server import LiveServer

LIMITS = {"document_timeout_s": "4", "max_result_mb": "0.05", "max_table_cells": "10000"}


@pytest.fixture(scope="module", params=MODES)
def bounded(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    folder = tmp_path_factory.mktemp(f"bounded-{request.param}")
    stack = None
    if request.param == "embedded":
        live = LiveServer(folder, **LIMITS)
    else:  # a stack of its own: the session server's workers must not take these documents, nor these limits
        stack = Stack(tmp_path_factory.mktemp("bounded-stack"), request.getfixturevalue("moto"))
        live = LiveServer(folder, env=stack.env, **stack.settings(**LIMITS))
    live.key = live.create_key("acme")
    start_live(live, request.param)
    yield live
    live.stop()
    if stack is not None:
        stack.close()


def _run(live: LiveServer, **upload: object) -> httpx.Response:
    with live.client(live.key) as api:
        workflow = api.post("/v2/workflows/", json={"name": "bounded", "fields": INVOICE_FIELDS}).json()
        run = api.post(f"/v2/workflows/{workflow['id']}/run/", **upload)
        assert run.status_code in (200, 201, 202), run.text
        return wait_processed(api, run.json()["id"], timeout=300)


def _failed_with(response: httpx.Response, reason: str) -> None:
    assert response.status_code == 422, response.text
    body = response.json()
    assert body["error_code"] == "EXTRACTION_FAILED" and reason in body["detail"], body


def test_a_run_past_the_time_limit_ends_with_that_reason(bounded: LiveServer) -> None:
    """Hundreds of blank pages, each rendered and OCR'd: the run ends at the limit, not after every page."""
    blank = text_pdf([[] for _ in range(400)])
    _failed_with(_run(bounded, files={"file": ("blank.pdf", blank, "application/pdf")}),
                 "longer than the time limit of 4 s")


def test_an_edit_reference_is_read_in_a_worker_under_the_time_limit(bounded: LiveServer) -> None:
    """A PDF reference is a document like any other: hundreds of blank pages, each rendered and OCR'd, end on the
    run's time limit with that reason on the reference (before, the API process read it for minutes)."""
    from tests.api import v3_support as v3

    blank = text_pdf([[] for _ in range(400)])
    with bounded.client(bounded.key) as api:
        workflow_id = v3.create(api)["id"]
        [slow] = v3.upload_references(api, workflow_id, [("blank.pdf", blank, "application/pdf")])
        settled = v3.wait_references(api, workflow_id, timeout=120)
    assert settled[slow]["status"] == "error" and "longer than the time limit of 4 s" in settled[slow]["error"]


def test_a_result_over_the_stored_size_limit_ends_with_that_reason(bounded: LiveServer) -> None:
    text = "\n\n".join(f"Paragraph {i}: Invoice number INV-{i:05d} for services rendered, total {i}.00 EUR"
                       for i in range(800))
    _failed_with(_run(bounded, data={"text": text}), "the result would be")


def test_a_padded_table_ends_with_the_cell_limit(bounded: LiveServer) -> None:
    _failed_with(_run(bounded, files={"file": ("wide.csv", padded_csv(200, 100), "text/csv")}),
                 "more than 10000 table cells")


def test_a_normal_document_still_processes_under_the_limits(bounded: LiveServer) -> None:
    response = _run(bounded, data={"text": "Invoice number: OK-1\nTotal: 10.00"})
    assert response.status_code == 200 and response.json()["invoice_number"]["value"] == "OK-1"


def test_delete_stops_an_ocr_run_in_flight_and_its_worker_takes_the_next_document(server: LiveServer) -> None:
    """300 scanned pages keep the server's one worker busy for many minutes if nothing reaches inside the run;
    deleting it must free that worker for the next document (the wait is a bound against hanging, not a timing)."""
    with server.client(server.key) as api:
        workflow = api.post("/v2/workflows/", json={"name": "cancel", "fields": INVOICE_FIELDS}).json()
        warm = api.post(f"/v2/workflows/{workflow['id']}/run/", data={"text": "Invoice number: WARM-1"}).json()
        assert wait_processed(api, warm["id"]).status_code == 200  # the worker is up, not still starting
        doomed = api.post(f"/v2/workflows/{workflow['id']}/run/",
                          files={"file": ("scans.pdf", scanned_pdf(300), "application/pdf")}).json()["id"]
        deadline = time.monotonic() + 60
        while {r["id"]: r["status"] for r in api.get(f"/v2/workflows/{workflow['id']}/runs/").json()["results"]
               }.get(doomed) != "in_progress":
            assert time.monotonic() < deadline, "the run never started"
            time.sleep(0.05)
        time.sleep(1)  # into its pages, past the checks a run makes before it reads its files
        assert api.delete(f"/v2/files/{doomed}/").status_code == 204
        after = api.post(f"/v2/workflows/{workflow['id']}/run/", data={"text": "Invoice number: NEXT-2"}).json()
        response = wait_processed(api, after["id"], timeout=120)
        assert response.status_code == 200 and response.json()["invoice_number"]["value"] == "NEXT-2"


# --- isolation: one worker process dying touches no other document ----------------------------------------


def _queue_pdf(db: Database, blobs, org_id: str, pdf: bytes) -> str:
    with db.session() as session:
        collection, _ = stage(session, blobs, org_id, None, None, [Upload("scan.pdf", "application/pdf", pdf)],
                              kind="parse")
        collections.enqueue(session, collection)
        return collection.id


def _wait_row(db: Database, collection_id: str, statuses: set[str], timeout: float = 300) -> Collection:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        with db.session() as session:
            row = session.get(Collection, collection_id)
            if row.status in statuses:
                return row
        time.sleep(0.1)
    raise AssertionError(f"{collection_id} never reached {statuses}")


def test_a_worker_process_that_dies_charges_only_its_own_document(tmp_path: Path) -> None:
    settings = Settings(data_dir=tmp_path, workers=2)
    db = Database(settings.resolved_database_url)
    db.migrate()
    blobs = open_blob_store(settings.storage_url, settings.files_dir, settings)
    with db.session() as session:
        victim_org = accounts.create_key(session, "victim")[0].id
        other_org = accounts.create_key(session, "bystander")[0].id
    dispatcher = InProcessDispatcher(settings, db, poll_interval=0.2)
    dispatcher.start()
    try:
        blank = text_pdf([[] for _ in range(12)])  # OCR'd page by page: long enough to be caught mid-run
        doomed = _queue_pdf(db, blobs, victim_org, blank)
        bystander = _queue_pdf(db, blobs, other_org, blank)
        dispatcher.notify()
        deadline = time.monotonic() + 120
        while set(dispatcher.inflight) != {doomed, bystander}:
            assert time.monotonic() < deadline, "both documents never ran at once"
            time.sleep(0.05)
        os.kill(dispatcher.inflight[doomed].process.pid, signal.SIGKILL)  # as the OOM killer would
        other = _wait_row(db, bystander, {"processed", "error"})
        assert (other.status, other.attempts) == ("processed", 1)
        again = _wait_row(db, doomed, {"processed", "error"})
        assert (again.status, again.attempts) == ("processed", 2)
    finally:
        dispatcher.stop()
        db.dispose()


def test_a_celery_pool_process_that_dies_charges_only_its_own_document(
        new_stack: Callable[[], Stack], tmp_path: Path) -> None:
    """The distributed mode's half of the isolation test: a worker with two pool processes, one killed mid-run."""
    stack = new_stack()
    live = LiveServer(tmp_path / "data", env=stack.env, **stack.settings())
    keys = [live.create_key("victim"), live.create_key("bystander")]
    live.start()
    try:
        live.start_worker(concurrency=2)
        ids = []
        for key in keys:
            with live.client(key) as api:
                workflow = api.post("/v2/workflows/", json={"name": "w", "fields": INVOICE_FIELDS}).json()
                ids.append(api.post(f"/v2/workflows/{workflow['id']}/run/", files={
                    "file": ("scans.pdf", scanned_pdf(6), "application/pdf")}).json()["id"])
        deadline = time.monotonic() + 120
        while stack.postgres.query("SELECT count(*) FROM collections WHERE status = 'in_progress'")[0][0] < 2:
            assert time.monotonic() < deadline, "both documents never ran at once"
            time.sleep(0.1)
        pool = sorted(_children(live.workers[0].pid))
        assert len(pool) == 2
        os.kill(pool[0], signal.SIGKILL)  # as the OOM killer would
        for collection_id, key in zip(ids, keys):
            with live.client(key) as api:
                assert wait_processed(api, collection_id, timeout=300).status_code == 200
        attempts = [stack.postgres.query("SELECT attempts FROM collections WHERE id = %s", cid)[0][0] for cid in ids]
        assert sorted(attempts) == [1, 2]
    finally:
        live.stop()


def _children(pid: int) -> set[int]:
    found = set()
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                stat = Path(f"/proc/{entry}/stat").read_text()
            except OSError:
                continue
            if int(stat.rsplit(")", 1)[1].split()[1]) == pid:
                found.add(int(entry))
    return found


def _alive(pid: int) -> bool:
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:
        return False


def test_no_worker_process_outlives_a_server_killed_with_sigkill(tmp_path: Path) -> None:
    live = LiveServer(tmp_path / "data", workers="2")
    key = live.create_key("acme")
    live.start()
    try:
        server_pid = live.process.pid
        with live.client(key) as api:  # work in flight, so that a pool that starts processes on demand has some
            workflow = api.post("/v2/workflows/", json={"name": "w", "fields": INVOICE_FIELDS}).json()
            blank = text_pdf([[] for _ in range(200)])
            api.post(f"/v2/workflows/{workflow['id']}/run/", files={"file": ("blank.pdf", blank, "application/pdf")})
        deadline = time.monotonic() + 60
        while not _children(server_pid):
            assert time.monotonic() < deadline, "the server started no worker process"
            time.sleep(0.1)
        time.sleep(1)  # let the worker start on the document
        workers = _children(server_pid)
        os.kill(server_pid, signal.SIGKILL)  # the server alone, not its process group: as the OOM killer would
        live.process.wait(timeout=30)
        deadline = time.monotonic() + 30
        while any(_alive(pid) for pid in workers) and time.monotonic() < deadline:
            time.sleep(0.1)
        assert [pid for pid in workers if _alive(pid)] == []
    finally:
        live.stop()

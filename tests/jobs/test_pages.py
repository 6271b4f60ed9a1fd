"""The scanned pages of one document are read by every worker: idle worker processes help the busy one."""

from __future__ import annotations

import multiprocessing
import threading
from pathlib import Path

import pytest

from fieldwise.documents.options import ReadOptions
from fieldwise.jobs import pages
from fieldwise.jobs.pages import HelperPool, PageHelpers
from tests.conftest import start_live, wait_processed
from tests.documents.drawing import text_image
from tests.support.live_server import LiveServer


def _numbered(count: int) -> list[tuple[int, object]]:
    return [(n, text_image((f"PAGE {n} OF THE SCAN", f"INVOICE INV-{n:04d}"))) for n in range(1, count + 1)]


def _helper(helpers: PageHelpers, seen: multiprocessing.Queue) -> None:
    """A worker with no document of its own: it reads page tasks until the test ends it."""
    while True:
        task = helpers.take(timeout=0.5)
        if task is not None:
            seen.put(task.number)
            helpers.run(task)


def test_an_idle_worker_reads_some_of_the_pages_and_the_owner_gets_them_all_in_order() -> None:
    context = multiprocessing.get_context("spawn")
    helpers = PageHelpers(2)
    seen = context.Queue()
    helper = context.Process(target=_helper, args=(helpers, seen), daemon=True)
    helper.start()
    try:
        results = list(HelperPool(helpers, 0).map(_numbered(6), ReadOptions()))
        assert [page.number for page in results] == [1, 2, 3, 4, 5, 6]
        for page in results:
            text = " ".join(line.text for line in page.lines)
            assert f"PAGE {page.number} OF THE SCAN" in text and f"INV-{page.number:04d}" in text
        read_by_helper = []
        while not seen.empty():
            read_by_helper.append(seen.get())
        assert 0 < len(read_by_helper) < 6, read_by_helper  # the owner read pages too; the helper did its share
    finally:
        helper.kill()
        helper.join()
        helpers.close()


def test_a_page_whose_helper_died_is_read_by_its_owner(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(pages, "STALL_S", 1.0)
    helpers = PageHelpers(2)
    lost = threading.Event()

    def die_holding_a_page() -> None:  # takes the first page off the queue and never answers, like a killed worker
        while helpers.take(timeout=5) is None:
            pass
        lost.set()

    thief = threading.Thread(target=die_holding_a_page)
    thief.start()
    try:
        results = list(HelperPool(helpers, 0).map(_numbered(2), ReadOptions()))
        thief.join()
        assert lost.is_set()
        assert [page.number for page in results] == [1, 2]
        assert all(page.source == "ocr" and list(page.lines) for page in results)
    finally:
        helpers.close()


def test_a_scanned_pdf_on_two_embedded_workers_reads_every_page(tmp_path: Path) -> None:
    from tests.support.hostile import scanned_pdf

    live = LiveServer(tmp_path, workers="2")
    live.key = live.create_key("acme")
    start_live(live, "embedded")
    try:
        with live.client(live.key) as api:
            workflow = api.post("/v2/workflows/", json={"name": "scans", "fields": [
                {"name": "invoice_number", "description": "Invoice number", "data_type": "string"}]}).json()
            data = scanned_pdf(4, lines=3)
            run = api.post(f"/v2/workflows/{workflow['id']}/run/",
                           files={"file": ("scan.pdf", data, "application/pdf")})
            assert run.status_code in (200, 201, 202), run.text
            assert wait_processed(api, run.json()["id"], timeout=300).status_code == 200
            parsed = api.get(f"/v2/workflows/{workflow['id']}/files/{run.json()['id']}/results/")
            assert parsed.status_code == 200, parsed.text
            text = parsed.text
            assert text.count("INV-0002") >= 4, text[:2000]  # every page read, none left empty
    finally:
        live.stop()

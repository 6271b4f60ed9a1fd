from __future__ import annotations

import time
from typing import Any, Callable, Iterator

import httpx
import pytest

from tests.support.live_server import LiveServer


@pytest.fixture(scope="session")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    """One real server for the session, on the embedded default."""
    live = LiveServer(tmp_path_factory.mktemp("server"))
    live.key = live.create_key("acme")
    live.other_key = live.create_key("globex")
    live.start()
    yield live
    live.stop()


@pytest.fixture()
def api(server: LiveServer) -> Iterator[httpx.Client]:
    with server.client(server.key) as client:
        yield client


@pytest.fixture()
def other_api(server: LiveServer) -> Iterator[httpx.Client]:
    with server.client(server.other_key) as client:
        yield client


INVOICE_FIELDS = [
    {"name": "invoice_number", "description": "Invoice id", "data_type": "string"},
    {"name": "total", "description": "Total due", "data_type": "float"},
]


@pytest.fixture()
def workflow(api: httpx.Client) -> dict[str, Any]:
    response = api.post("/v2/workflows/", json={"name": "Invoices", "fields": INVOICE_FIELDS})
    assert response.status_code == 201, response.text
    return response.json()


def wait_processed(api: httpx.Client, collection_id: str, timeout: float = 120) -> httpx.Response:
    """Poll the flat extraction endpoint as users do, until it stops answering 412."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        response = api.get(f"/v2/files/{collection_id}/extraction/")
        if response.status_code != 412:
            return response
        time.sleep(0.1)
    raise AssertionError(f"collection {collection_id} still processing after {timeout} s")


@pytest.fixture()
def wait() -> Callable[..., httpx.Response]:
    return wait_processed

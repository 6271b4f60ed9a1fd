from __future__ import annotations

import time
from pathlib import Path
from typing import Any, Callable, Iterator

import httpx
import pytest

from tests.support.live_server import LiveServer
from tests.support.services import MotoServer, PostgresDatabase, RedisServer

MODES = ["embedded", "distributed"]
METRICS_TOKEN = "metrics-token-for-tests"


class Stack:
    """One distributed deployment: a PostgreSQL database and a Redis of its own, and a prefix in the session's S3
    bucket. Every server and worker started on it shares all three, as machines behind one load balancer do."""

    def __init__(self, folder: Path, moto: MotoServer) -> None:
        self.moto = moto
        self.postgres = PostgresDatabase()
        self.redis = RedisServer(folder)

    def settings(self, **overrides: str) -> dict[str, str]:
        return {
            "database_url": self.postgres.url, "queue": "celery", "redis_url": self.redis.url,
            "storage_url": f"s3://{self.moto.s3.bucket}/{self.postgres.name}",
            "s3_endpoint_url": self.moto.endpoint, "lease_s": "3", "reconcile_interval_s": "0.5",
            **overrides,
        }

    @property
    def env(self) -> dict[str, str]:
        return self.moto.s3.env

    def redis_queue_depth(self) -> int:
        import redis

        from fieldwise.jobs.celery_app import QUEUE

        return int(redis.Redis.from_url(self.redis.url).llen(QUEUE))

    def close(self) -> None:
        self.redis.stop()
        self.postgres.close()


@pytest.fixture(scope="session")
def moto(tmp_path_factory: pytest.TempPathFactory) -> Iterator[MotoServer]:
    server = MotoServer(tmp_path_factory.mktemp("moto"))
    yield server
    server.stop()


@pytest.fixture(scope="session")
def stack(tmp_path_factory: pytest.TempPathFactory, moto: MotoServer) -> Iterator[Stack]:
    """Made only when a distributed test runs; fails (never skips) when a service cannot be had."""
    made = Stack(tmp_path_factory.mktemp("stack"), moto)
    yield made
    made.close()


@pytest.fixture()
def new_stack(tmp_path: Path, moto: MotoServer) -> Iterator[Callable[[], Stack]]:
    """Stacks of a test's own, for tests that break things (kill workers, restart Redis, drop connections)."""
    made: list[Stack] = []

    def make() -> Stack:
        folder = tmp_path / f"stack-{len(made)}"
        folder.mkdir(parents=True, exist_ok=True)
        made.append(Stack(folder, moto))
        return made[-1]

    yield make
    for one in made:
        one.close()


def live_server(request: pytest.FixtureRequest, folder: Path, mode: str,
                **overrides: str) -> LiveServer:
    """A LiveServer (not started) in `mode`; distributed ones share the session's PostgreSQL, Redis and S3."""
    if mode == "embedded":
        return LiveServer(folder, **overrides)
    stack: Stack = request.getfixturevalue("stack")
    return LiveServer(folder, env=stack.env, **stack.settings(**overrides))


def start_live(live: LiveServer, mode: str, workers: int = 1) -> LiveServer:
    live.mode = mode
    live.start()
    for _ in range(workers if mode == "distributed" else 0):
        live.start_worker()
    return live


@pytest.fixture(scope="session", params=MODES)
def server(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    """One real server per mode for the session: the embedded default, and the distributed one (PostgreSQL,
    Redis/Celery with a separate worker process, S3). Every test that uses it runs in both modes."""
    # The whole suite submits and polls through this one organization within minutes: its limits are lifted here
    # (a fast run polled past 600 requests a minute), and the limits themselves are tested on servers of their own
    # (tests/api/test_bad_input.py, tests/review/test_review_images.py, tests/client/test_client_live.py).
    live = live_server(request, tmp_path_factory.mktemp(f"server-{request.param}"), request.param,
                       metrics_token=METRICS_TOKEN, rate_limit_submissions="100000", rate_limit_general="100000")
    live.key = live.create_key("acme")
    live.other_key = live.create_key("globex")
    start_live(live, request.param)
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
